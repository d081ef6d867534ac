#include "testing/cli.h"

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "testing/paths.h"

namespace memoria::testing {

std::string ShellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

CliOutput RunMemoria(const std::vector<std::string>& args, const std::string& tmp) {
  std::string cmd = ShellQuote(MemoriaBinary());
  for (const std::string& a : args) cmd += " " + ShellQuote(a);
  cmd += " >" + ShellQuote(tmp + "/stdout") + " 2>" + ShellQuote(tmp + "/stderr") + " </dev/null";
  CliOutput o;
  const int status = std::system(cmd.c_str());
  o.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  o.out = ReadFile(tmp + "/stdout");
  o.err = ReadFile(tmp + "/stderr");
  return o;
}

}  // namespace memoria::testing
