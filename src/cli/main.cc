// The memoria command. Every subcommand is documented in README.md; `memoria
// help` prints the summary. This file is the CLI's only catch-all fence: an
// unexpected exception becomes exit code 70 with a message, never a crash
// that could leave a half-written archive (SQLite's transactions guarantee
// the archive itself stays consistent).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/commands.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    return memoria::cli::Run(args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "memoria: internal error: %s\n", e.what());
    return 70;
  } catch (...) {
    std::fprintf(stderr, "memoria: internal error\n");
    return 70;
  }
}
