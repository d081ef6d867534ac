// memoria link: record linkage of the archive (linkage/archive/archive.h,
// docs/LINKAGE.md) and its undo; the report it prints, also for the
// matching of a new import against the archive (memoria import --link).
// The command parses its arguments and prints; the linker is the library's.
#ifndef MEMORIA_CLI_LINK_H_
#define MEMORIA_CLI_LINK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "linkage/archive/archive.h"

namespace memoria::cli {

// "cli:" and the user's login name: who ran a command, for the audit log.
std::string LinkAccount();

// Prints "report" as `memoria link` does.
void PrintLinkReport(const linkage::ArchiveLinkReport& report, bool dry_run);

// memoria link; args[0] is "link". Returns the exit code like Run().
int CmdLink(const std::vector<std::string>& args);

}  // namespace memoria::cli

#endif  // MEMORIA_CLI_LINK_H_
