// A bundle's shards are gzip files (RFC 1952; docs/formats/mirror.md,
// "Shards"). Internal to mirror/ (and its tests).
#ifndef MEMORIA_MIRROR_INTERNAL_GZIP_H_
#define MEMORIA_MIRROR_INTERNAL_GZIP_H_

#include <string>
#include <string_view>

#include "core/result.h"

namespace memoria::mirror::internal {

// gzip at level 6 with no name and a zero time in the header, so the same
// bytes always give the same file (and the same SHA-256, the shard's name)
// with the same zlib.
Result<std::string> Gzip(std::string_view data);
// kDataLoss for anything that is not one whole gzip member.
Result<std::string> Gunzip(std::string_view gz);

}  // namespace memoria::mirror::internal

#endif  // MEMORIA_MIRROR_INTERNAL_GZIP_H_
