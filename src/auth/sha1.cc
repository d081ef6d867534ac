// SHA-1 (FIPS 180-4, section 6.1) and HMAC-SHA-1 (RFC 2104), for HOTP
// only (auth/totp.h): libsodium offers no SHA-1.
#include <sodium.h>

#include <cstring>

#include "auth/totp.h"
#include "core/hash.h"

namespace memoria::auth {
namespace {

constexpr size_t kBlock = 64;

uint32_t Rotl(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

void Compress(uint32_t h[5], const unsigned char* block) {
  uint32_t w[80];
  for (int t = 0; t < 16; ++t) {
    w[t] = (static_cast<uint32_t>(block[4 * t]) << 24) |
           (static_cast<uint32_t>(block[4 * t + 1]) << 16) |
           (static_cast<uint32_t>(block[4 * t + 2]) << 8) | static_cast<uint32_t>(block[4 * t + 3]);
  }
  for (int t = 16; t < 80; ++t) w[t] = Rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
  for (int t = 0; t < 80; ++t) {
    uint32_t f, k;
    if (t < 20) {
      f = (b & c) | (~b & d);
      k = 0x5A827999;
    } else if (t < 40) {
      f = b ^ c ^ d;
      k = 0x6ED9EBA1;
    } else if (t < 60) {
      f = (b & c) | (b & d) | (c & d);
      k = 0x8F1BBCDC;
    } else {
      f = b ^ c ^ d;
      k = 0xCA62C1D6;
    }
    const uint32_t temp = Rotl(a, 5) + f + e + k + w[t];
    e = d;
    d = c;
    c = Rotl(b, 30);
    b = a;
    a = temp;
  }
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
  h[4] += e;
}

}  // namespace

Sha1Digest Sha1(std::string_view data) {
  uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  size_t n = data.size();
  while (n >= kBlock) {
    Compress(h, p);
    p += kBlock;
    n -= kBlock;
  }
  unsigned char tail[2 * kBlock];
  const size_t tail_size = PadLastBlocks(p, n, data.size(), tail);
  for (size_t off = 0; off < tail_size; off += kBlock) Compress(h, tail + off);
  Sha1Digest out;
  StoreBigEndianWords(h, 5, out.data());
  return out;
}

Sha1Digest HmacSha1(std::string_view key, std::string_view message) {
  std::string k(key);
  if (k.size() > kBlock) {
    const Sha1Digest d = Sha1(k);
    k.assign(d.begin(), d.end());
  }
  k.resize(kBlock, '\0');
  std::string inner(kBlock, '\0'), outer(kBlock, '\0');
  for (size_t i = 0; i < kBlock; ++i) {
    inner[i] = static_cast<char>(k[i] ^ 0x36);
    outer[i] = static_cast<char>(k[i] ^ 0x5c);
  }
  inner.append(message);
  const Sha1Digest inner_hash = Sha1(inner);
  outer.append(reinterpret_cast<const char*>(inner_hash.data()), inner_hash.size());
  const Sha1Digest mac = Sha1(outer);
  // The key's copies are secrets.
  sodium_memzero(k.data(), k.size());
  sodium_memzero(inner.data(), inner.size());
  sodium_memzero(outer.data(), outer.size());
  return mac;
}

}  // namespace memoria::auth
