// memoria visibility: sets the visibility of a person, a record, a source, a
// claim or one fact (store::WriteTransaction::SetVisibility), and writes the
// change to the audit log in the same transaction.
#ifndef MEMORIA_CLI_VISIBILITY_H_
#define MEMORIA_CLI_VISIBILITY_H_

#include <string>
#include <vector>

namespace memoria::cli {

// args[0] is "visibility"; returns the exit code like Run().
int CmdVisibility(const std::vector<std::string>& args);

}  // namespace memoria::cli

#endif  // MEMORIA_CLI_VISIBILITY_H_
