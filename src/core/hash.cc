#include "core/hash.h"

#include <sodium.h>

#include <cstdio>
#include <memory>
#include <vector>

namespace memoria {

Sha256Digest Sha256(std::string_view data) {
  Sha256Digest d;
  crypto_hash_sha256(d.data(), reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return d;
}

std::string ToHex(const uint8_t* data, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (size_t i = 0; i < size; ++i) {
    out[2 * i] = kDigits[data[i] >> 4];
    out[2 * i + 1] = kDigits[data[i] & 15];
  }
  return out;
}

Result<Sha256Digest> Sha256File(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return NotFoundError("cannot open " + path);
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  std::vector<unsigned char> buf(1 << 20);
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), f.get())) > 0) {
    crypto_hash_sha256_update(&st, buf.data(), n);
  }
  if (std::ferror(f.get())) return DataLossError("read error on " + path);
  Sha256Digest d;
  crypto_hash_sha256_final(&st, d.data());
  return d;
}

}  // namespace memoria
