// zlib (RFC 1950) compression of the register snapshots the store keeps
// (register_snapshots.content). Internal to store/.
#ifndef MEMORIA_STORE_INTERNAL_ZLIB_CODEC_H_
#define MEMORIA_STORE_INTERNAL_ZLIB_CODEC_H_

#include <string>
#include <string_view>

#include "core/result.h"

namespace memoria::store {

// "data" compressed. kInternal if zlib fails.
Result<std::string> ZlibCompress(std::string_view data);
// The "size" bytes that "compressed" holds. kDataLoss when it is damaged or
// does not hold exactly "size" bytes.
Result<std::string> ZlibDecompress(std::string_view compressed, size_t size);

}  // namespace memoria::store

#endif  // MEMORIA_STORE_INTERNAL_ZLIB_CODEC_H_
