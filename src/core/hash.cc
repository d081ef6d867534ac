#include "core/hash.h"

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace memoria {

namespace {

#if defined(__x86_64__)

// SHA-256 (FIPS 180-4) with the x86 SHA extensions (SHA256RNDS2,
// SHA256MSG1, SHA256MSG2; Intel's "SHA Extensions" description). The state
// is held as two vectors, ABEF and CDGH, the order SHA256RNDS2 takes; each
// SHA256RNDS2 does two rounds with the two round inputs (message word plus
// constant) in the low half of its third operand. Every row the ledger
// digests and every record an import writes is hashed, and libsodium's
// portable code is several times slower on processors that have these
// instructions.
alignas(16) constexpr uint32_t kRoundConstants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

// Runs the compression function over "blocks" 64-byte blocks at "data".
__attribute__((target("sha,sse4.1"))) void CompressBlocksWithShaExtensions(uint32_t state[8],
                                                                           const uint8_t* data,
                                                                           size_t blocks) {
  // Big-endian words from the message's bytes.
  const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  // (A,B,C,D) and (E,F,G,H) into ABEF = lanes (F,E,B,A) and CDGH = (H,G,D,C).
  __m128i abcd = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state));
  __m128i efgh = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state + 4));
  abcd = _mm_shuffle_epi32(abcd, 0xB1);  // (B,A,D,C)
  efgh = _mm_shuffle_epi32(efgh, 0x1B);  // (H,G,F,E)
  __m128i abef = _mm_alignr_epi8(abcd, efgh, 8);
  __m128i cdgh = _mm_blend_epi16(efgh, abcd, 0xF0);
  for (size_t b = 0; b < blocks; ++b, data += 64) {
    const __m128i saved_abef = abef;
    const __m128i saved_cdgh = cdgh;
    __m128i w[4];  // the schedule's last 16 words, four to a vector
#pragma GCC unroll 16
    for (int group = 0; group < 16; ++group) {
      __m128i& words = w[group & 3];
      if (group < 4) {
        words = _mm_shuffle_epi8(
            _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16 * group)), byte_swap);
      } else {
        // W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16], four at a time.
        const __m128i& prev = w[(group - 1) & 3];
        const __m128i& prev2 = w[(group - 2) & 3];
        __m128i x = _mm_sha256msg1_epu32(words, w[(group - 3) & 3]);
        x = _mm_add_epi32(x, _mm_alignr_epi8(prev, prev2, 4));
        words = _mm_sha256msg2_epu32(x, prev);
      }
      __m128i input = _mm_add_epi32(
          words, _mm_load_si128(reinterpret_cast<const __m128i*>(kRoundConstants + 4 * group)));
      cdgh = _mm_sha256rnds2_epu32(cdgh, abef, input);
      input = _mm_shuffle_epi32(input, 0x0E);
      abef = _mm_sha256rnds2_epu32(abef, cdgh, input);
    }
    abef = _mm_add_epi32(abef, saved_abef);
    cdgh = _mm_add_epi32(cdgh, saved_cdgh);
  }
  // Back to (A,B,C,D) and (E,F,G,H).
  const __m128i feba = _mm_shuffle_epi32(abef, 0x1B);  // (A,B,E,F)
  const __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);  // (G,H,C,D)
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state), _mm_blend_epi16(feba, dchg, 0xF0));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state + 4), _mm_alignr_epi8(dchg, feba, 8));
}

bool DetectShaExtensions() {
  unsigned a, b, c, d;
  if (__get_cpuid(1, &a, &b, &c, &d) == 0) return false;
  const bool ssse3 = (c & bit_SSSE3) != 0;
  const bool sse41 = (c & bit_SSE4_1) != 0;
  if (__get_cpuid_count(7, 0, &a, &b, &c, &d) == 0) return false;
  return ssse3 && sse41 && (b & bit_SHA) != 0;
}

// SHA-256 fed in pieces, on the SHA extensions.
class ShaExtensionsHasher {
 public:
  void Update(const uint8_t* data, size_t size) {
    length_ += size;
    if (buffered_ > 0) {
      const size_t take = std::min(size, sizeof(buffer_) - buffered_);
      std::memcpy(buffer_ + buffered_, data, take);
      buffered_ += take;
      data += take;
      size -= take;
      if (buffered_ < sizeof(buffer_)) return;
      CompressBlocksWithShaExtensions(state_, buffer_, 1);
      buffered_ = 0;
    }
    if (size >= 64) CompressBlocksWithShaExtensions(state_, data, size / 64);
    const size_t rest = size % 64;
    std::memcpy(buffer_, data + size - rest, rest);
    buffered_ = rest;
  }

  // The tail, 0x80, zeros and the length in bits, big-endian: one block or two.
  Sha256Digest Final() {
    uint8_t last[128];
    const size_t size = PadLastBlocks(buffer_, buffered_, length_, last);
    CompressBlocksWithShaExtensions(state_, last, size / 64);
    Sha256Digest d;
    StoreBigEndianWords(state_, 8, d.data());
    return d;
  }

 private:
  uint32_t state_[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  uint8_t buffer_[64];
  size_t buffered_ = 0;
  uint64_t length_ = 0;
};

// Asked once; a function's static so that no other file's static
// initialisation can hash before it is known.
bool HasShaExtensions() {
  static const bool has = DetectShaExtensions();
  return has;
}

#endif  // __x86_64__

}  // namespace

Sha256Digest Sha256Portable(std::string_view data) {
  Sha256Digest d;
  crypto_hash_sha256(d.data(), reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return d;
}

bool Sha256UsesShaExtensions() {
#if defined(__x86_64__)
  return HasShaExtensions();
#else
  return false;
#endif
}

Sha256Digest Sha256(std::string_view data) {
#if defined(__x86_64__)
  if (HasShaExtensions()) {
    ShaExtensionsHasher h;
    h.Update(reinterpret_cast<const uint8_t*>(data.data()), data.size());
    return h.Final();
  }
#endif
  return Sha256Portable(data);
}

size_t PadLastBlocks(const uint8_t* rest, size_t rest_size, uint64_t total, uint8_t out[128]) {
  std::memset(out, 0, 128);
  if (rest_size > 0) std::memcpy(out, rest, rest_size);
  out[rest_size] = 0x80;
  const size_t size = rest_size < 56 ? 64 : 128;
  const uint64_t bits = total * 8;
  for (int i = 0; i < 8; ++i) out[size - 1 - i] = static_cast<uint8_t>(bits >> (8 * i));
  return size;
}

void StoreBigEndianWords(const uint32_t* words, size_t n, uint8_t* out) {
  for (size_t i = 0; i < n; ++i) {
    out[4 * i] = static_cast<uint8_t>(words[i] >> 24);
    out[4 * i + 1] = static_cast<uint8_t>(words[i] >> 16);
    out[4 * i + 2] = static_cast<uint8_t>(words[i] >> 8);
    out[4 * i + 3] = static_cast<uint8_t>(words[i]);
  }
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
  std::vector<unsigned char> buf(1 << 20);
  size_t n;
#if defined(__x86_64__)
  if (HasShaExtensions()) {
    ShaExtensionsHasher h;
    while ((n = std::fread(buf.data(), 1, buf.size(), f.get())) > 0) h.Update(buf.data(), n);
    if (std::ferror(f.get())) return DataLossError("read error on " + path);
    return h.Final();
  }
#endif
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  while ((n = std::fread(buf.data(), 1, buf.size(), f.get())) > 0) {
    crypto_hash_sha256_update(&st, buf.data(), n);
  }
  if (std::ferror(f.get())) return DataLossError("read error on " + path);
  Sha256Digest d;
  crypto_hash_sha256_final(&st, d.data());
  return d;
}

}  // namespace memoria
