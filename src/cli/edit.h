// memoria edit: editing with citations from the command line, the twin of
// the website's /person/ID/edit and /person/ID/history (store/edits.h).
// Each change is written to the audit log in the same transaction.
#ifndef MEMORIA_CLI_EDIT_H_
#define MEMORIA_CLI_EDIT_H_

#include <string>
#include <vector>

namespace memoria::cli {

// args[0] is "edit"; returns the exit code like Run().
int CmdEdit(const std::vector<std::string>& args);

}  // namespace memoria::cli

#endif  // MEMORIA_CLI_EDIT_H_
