// memoria user add|passwd|role|disable|enable|list: the archive's accounts
// (auth/auth.h), and memoria audit: its audit log. A password is read from
// standard input (one line; without echo when it is a terminal), never from
// the command line, where other users of the machine could see it.
#ifndef MEMORIA_CLI_USER_H_
#define MEMORIA_CLI_USER_H_

#include <string>
#include <vector>

namespace memoria::cli {

// args[0] is "user"; returns the exit code like Run().
int CmdUser(const std::vector<std::string>& args);
// args[0] is "audit".
int CmdAudit(const std::vector<std::string>& args);

}  // namespace memoria::cli

#endif  // MEMORIA_CLI_USER_H_
