#include "store/internal/zlib_codec.h"

#include <zlib.h>

namespace memoria::store {

Result<std::string> ZlibCompress(std::string_view data) {
  uLongf size = compressBound(static_cast<uLong>(data.size()));
  std::string out(size, '\0');
  // Level 3: most of level 6's ratio on CSV at about twice its speed.
  const int rc =
      compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                reinterpret_cast<const Bytef*>(data.data()), static_cast<uLong>(data.size()), 3);
  if (rc != Z_OK) return InternalError("zlib: compress2 failed (" + std::to_string(rc) + ")");
  out.resize(size);
  return out;
}

Result<std::string> ZlibDecompress(std::string_view compressed, size_t size) {
  std::string out(size, '\0');
  uLongf got = static_cast<uLongf>(size);
  const int rc = uncompress(reinterpret_cast<Bytef*>(out.data()), &got,
                            reinterpret_cast<const Bytef*>(compressed.data()),
                            static_cast<uLong>(compressed.size()));
  if (rc != Z_OK || got != size) {
    return DataLossError("a stored register snapshot is damaged (zlib " + std::to_string(rc) +
                         ", " + std::to_string(got) + " of " + std::to_string(size) + " bytes)");
  }
  return out;
}

}  // namespace memoria::store
