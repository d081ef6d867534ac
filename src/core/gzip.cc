// gzip and gunzip of whole byte strings (core/gzip.h) with zlib.
#include "core/gzip.h"

#include <zlib.h>

namespace memoria {

namespace {
// deflateInit2's window bits: 15 (32 KiB), plus 16 for the gzip wrapper.
constexpr int kGzipWindow = 15 + 16;
}  // namespace

Result<std::string> Gzip(std::string_view data) {
  z_stream z{};
  if (deflateInit2(&z, 6, Z_DEFLATED, kGzipWindow, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return InternalError("zlib: deflateInit2 failed");
  }
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return InternalError("zlib: deflate failed (" + std::to_string(rc) + ")");
  return out;
}

Result<std::string> Gunzip(std::string_view gz) {
  z_stream z{};
  if (inflateInit2(&z, kGzipWindow) != Z_OK) return InternalError("zlib: inflateInit2 failed");
  std::string out;
  char buf[64 * 1024];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  z.avail_in = static_cast<uInt>(gz.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
    if (rc == Z_BUF_ERROR && z.avail_in == 0) break;  // truncated
  }
  const bool whole = rc == Z_STREAM_END && z.avail_in == 0;
  inflateEnd(&z);
  if (!whole) return DataLossError("not a whole gzip file (zlib " + std::to_string(rc) + ")");
  return out;
}

}  // namespace memoria
