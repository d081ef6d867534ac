// What the command implementations of cli/ share: the error and usage
// exits and the --visibility grammar. Internal to cli/.
#ifndef MEMORIA_CLI_INTERNAL_COMMON_H_
#define MEMORIA_CLI_INTERNAL_COMMON_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace memoria::cli {

// Prints "memoria: STATUS" to stderr; returns the exit code 1.
int Fail(const Status& s);
// Prints the message and the usage to stderr; returns the exit code 2.
int Usage(const std::string& message);
// public | restricted | confidential: the ceiling a command reads at.
Result<store::Visibility> ParseVisibility(std::string_view text);

// memoria search (search_command.cc); args[0] is "search".
int CmdSearch(const std::vector<std::string>& args);
// memoria register (register_command.cc); args[0] is "register".
int CmdRegister(const std::vector<std::string>& args);
// memoria verify, backup and restore (survival.cc); args[0] is the command.
int CmdVerify(const std::vector<std::string>& args);
int CmdBackup(const std::vector<std::string>& args);
int CmdRestore(const std::vector<std::string>& args);
// memoria generate --register-history (register_command.cc).
int CmdGenerateRegisterHistory(const std::vector<std::string>& args);
// memoria keys (keys_command.cc).
int CmdKeys(const std::vector<std::string>& args);
int CmdMirror(const std::vector<std::string>& args);
// Checks the bundle in "out" (against the key in "key_file", or the one it
// names when empty) and loads it into an archive in "cache" (a folder of
// $TMPDIR named by the manifest's hash when empty), unless that archive
// was made from this very manifest; returns the archive's folder.
Result<std::string> PrepareMirror(const std::string& out, const std::string& key_file,
                                  const std::string& cache);
// Takes --key-file PATH and --passphrase-stdin out of "args", wherever they
// are, and remembers the key or the passphrase for every archive this
// process opens (store::RememberKey); for init they name the new key.
Status TakeSecretFlags(std::vector<std::string>* args);
// Makes a new archive seal its confidential values: with the passphrase
// when --passphrase-stdin was given, else with a new key file (--key-file,
// or DIR/keys/archive.key).
Status SealNewArchive(store::Store* store);

}  // namespace memoria::cli

#endif  // MEMORIA_CLI_INTERNAL_COMMON_H_
