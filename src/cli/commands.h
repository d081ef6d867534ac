// The memoria command line: parses arguments and runs one subcommand.
#ifndef MEMORIA_CLI_COMMANDS_H_
#define MEMORIA_CLI_COMMANDS_H_

#include <string>
#include <vector>

namespace memoria::cli {

// Runs the command named by args[0]; returns the process exit code:
// 0 success, 1 failure reported on stderr, 2 usage error.
int Run(const std::vector<std::string>& args);

}  // namespace memoria::cli

#endif  // MEMORIA_CLI_COMMANDS_H_
