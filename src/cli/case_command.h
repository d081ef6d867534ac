// memoria case: the editorial workflow of cases from the command line
// (store/case_drafts.h), for editors working without the website.
#ifndef MEMORIA_CLI_CASE_COMMAND_H_
#define MEMORIA_CLI_CASE_COMMAND_H_

#include <string>
#include <vector>

namespace memoria::cli {

// args[0] is "case"; returns the exit code like Run().
int CmdCase(const std::vector<std::string>& args);

}  // namespace memoria::cli

#endif  // MEMORIA_CLI_CASE_COMMAND_H_
