// Runs the memoria binary as a user would, for the command-line tests.
#ifndef MEMORIA_TESTS_TESTING_CLI_H_
#define MEMORIA_TESTS_TESTING_CLI_H_

#include <string>
#include <vector>

namespace memoria::testing {

struct CliOutput {
  int code = -1;  // the exit status; -1 when killed by a signal
  std::string out, err;
};

// "s" quoted for /bin/sh.
std::string ShellQuote(const std::string& s);
// The bytes of the file at "path" ("" when it cannot be read).
std::string ReadFile(const std::string& path);
// Runs `memoria ARGS...` with no standard input, its output kept in
// "tmp"/stdout and "tmp"/stderr.
CliOutput RunMemoria(const std::vector<std::string>& args, const std::string& tmp);

}  // namespace memoria::testing

#endif  // MEMORIA_TESTS_TESTING_CLI_H_
