// gzip (RFC 1952) of whole byte strings with zlib: the website's compressed
// answers and a mirror bundle's shards (docs/formats/mirror.md, "Shards").
//
// Thread safety: pure functions.
#ifndef MEMORIA_CORE_GZIP_H_
#define MEMORIA_CORE_GZIP_H_

#include <string>
#include <string_view>

#include "core/result.h"

namespace memoria {

// "data" as one gzip member at level 6 (zlib's default balance) with no name
// and a zero time in the header, so the same bytes always give the same
// file (and the same SHA-256, a shard's name) with the same zlib.
// kInternal if zlib fails (out of memory).
Result<std::string> Gzip(std::string_view data);
// kDataLoss for anything that is not one whole gzip member.
Result<std::string> Gunzip(std::string_view gz);

}  // namespace memoria

#endif  // MEMORIA_CORE_GZIP_H_
