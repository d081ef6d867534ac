// memoria batch list|undo: the import batches of an archive, and taking one
// back (WriteTransaction::RetractBatch).
#ifndef MEMORIA_CLI_BATCH_H_
#define MEMORIA_CLI_BATCH_H_

#include <string>
#include <vector>

namespace memoria::cli {

// args[0] is "batch"; returns the exit code like Run().
int CmdBatch(const std::vector<std::string>& args);

}  // namespace memoria::cli

#endif  // MEMORIA_CLI_BATCH_H_
