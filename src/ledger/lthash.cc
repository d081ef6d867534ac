#include "ledger/lthash.h"

#include <cstring>

namespace memoria::ledger {

namespace {

// A row's element is the first 2,048 bytes of ChaCha20 (RFC 8439, zero
// nonce, block counter from 0) keyed by the row's digest: 32 blocks of 16
// words, each word two lanes. ChaCha20 is computed here rather than with
// libsodium's crypto_stream_chacha20_ietf (which gives the same bytes:
// ledger_test) because an import expands every row it writes: with 16
// blocks a vector the rounds are 16-wide, and the keystream is added into
// the lanes as it comes instead of written out first, about 40 % less time
// than libsodium's AVX2 code and the lanes' addition.
using Words = uint32_t __attribute__((vector_size(64)));
using Lanes = uint16_t __attribute__((vector_size(64)));
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "a word's low half is its first lane");

#define MEMORIA_ROTL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))
#define MEMORIA_QR(a, b, c, d) \
  a += b;                      \
  d ^= a;                      \
  d = MEMORIA_ROTL(d, 16);     \
  c += d;                      \
  b ^= c;                      \
  b = MEMORIA_ROTL(b, 12);     \
  a += b;                      \
  d ^= a;                      \
  d = MEMORIA_ROTL(d, 8);      \
  c += d;                      \
  b ^= c;                      \
  b = MEMORIA_ROTL(b, 7);

// Adds (sign > 0) or subtracts the element keyed by "key" to "lanes".
// Compiled for AVX-512, AVX2 and plain x86-64, chosen when loaded.
#if defined(__x86_64__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void AddElement(const uint8_t* key,
                                                                             uint16_t* lanes,
                                                                             bool add) {
  uint32_t k[8];
  for (int i = 0; i < 8; ++i) {
    k[i] = static_cast<uint32_t>(key[4 * i]) | static_cast<uint32_t>(key[4 * i + 1]) << 8 |
           static_cast<uint32_t>(key[4 * i + 2]) << 16 |
           static_cast<uint32_t>(key[4 * i + 3]) << 24;
  }
  static constexpr uint32_t kSigma[4] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
  for (int half = 0; half < 2; ++half) {
    Words s[16], x[16];
    for (int i = 0; i < 4; ++i) s[i] = Words{} + kSigma[i];
    for (int i = 0; i < 8; ++i) s[4 + i] = Words{} + k[i];
    for (int j = 0; j < 16; ++j) s[12][j] = static_cast<uint32_t>(half * 16 + j);  // counter
    s[13] = s[14] = s[15] = Words{};                                               // nonce
    for (int i = 0; i < 16; ++i) x[i] = s[i];
    for (int round = 0; round < 10; ++round) {
      MEMORIA_QR(x[0], x[4], x[8], x[12])
      MEMORIA_QR(x[1], x[5], x[9], x[13])
      MEMORIA_QR(x[2], x[6], x[10], x[14])
      MEMORIA_QR(x[3], x[7], x[11], x[15])
      MEMORIA_QR(x[0], x[5], x[10], x[15])
      MEMORIA_QR(x[1], x[6], x[11], x[12])
      MEMORIA_QR(x[2], x[7], x[8], x[13])
      MEMORIA_QR(x[3], x[4], x[9], x[14])
    }
    // Transposed to [block][word]: a block's 16 words are its 32 lanes
    // (little-endian), added as one vector.
    uint32_t out[16][16];
    for (int i = 0; i < 16; ++i) {
      const Words y = x[i] + s[i];
      for (int j = 0; j < 16; ++j) out[j][i] = y[j];
    }
    uint16_t* l = lanes + half * 16 * 32;
    for (int j = 0; j < 16; ++j) {
      Lanes e, sum;
      std::memcpy(&e, out[j], sizeof e);
      std::memcpy(&sum, l + j * 32, sizeof sum);
      sum = add ? sum + e : sum - e;
      std::memcpy(l + j * 32, &sum, sizeof sum);
    }
  }
}

#undef MEMORIA_QR
#undef MEMORIA_ROTL

}  // namespace

LtHash16 LtHash16::FromBytes(std::string_view bytes, bool* ok) {
  LtHash16 h;
  if (bytes.size() != kBytes) {
    if (ok != nullptr) *ok = false;
    return h;
  }
  for (size_t i = 0; i < kLanes; ++i) {
    h.lanes_[i] = static_cast<uint16_t>(static_cast<unsigned char>(bytes[2 * i]) |
                                        (static_cast<unsigned char>(bytes[2 * i + 1]) << 8));
  }
  if (ok != nullptr) *ok = true;
  return h;
}

void LtHash16::Add(const Sha256Digest& row_digest) {
  AddElement(row_digest.data(), lanes_.data(), true);
}

void LtHash16::Remove(const Sha256Digest& row_digest) {
  AddElement(row_digest.data(), lanes_.data(), false);
}

void LtHash16::Add(const LtHash16& other) {
  for (size_t i = 0; i < kLanes; ++i)
    lanes_[i] = static_cast<uint16_t>(lanes_[i] + other.lanes_[i]);
}

void LtHash16::Remove(const LtHash16& other) {
  for (size_t i = 0; i < kLanes; ++i)
    lanes_[i] = static_cast<uint16_t>(lanes_[i] - other.lanes_[i]);
}

bool LtHash16::IsZero() const {
  for (uint16_t v : lanes_) {
    if (v != 0) return false;
  }
  return true;
}

std::string LtHash16::Bytes() const {
  std::string out(kBytes, '\0');
  for (size_t i = 0; i < kLanes; ++i) {
    out[2 * i] = static_cast<char>(lanes_[i] & 0xFF);
    out[2 * i + 1] = static_cast<char>(lanes_[i] >> 8);
  }
  return out;
}

std::string LtHash16::ShortHex() const { return ToHex(Sha256(Bytes())).substr(0, 16); }

RowEncoder::RowEncoder(std::string_view table) : out_(&own_), start_(0) {
  own_.reserve(256);
  AppendBigEndian(table.size(), 4, out_);
  out_->append(table);
}

RowEncoder::RowEncoder(std::string_view table, std::string* out) : out_(out), start_(out->size()) {
  AppendBigEndian(table.size(), 4, out_);
  out_->append(table);
}

void RowEncoder::Value(char type, std::string_view bytes) {
  out_->push_back(type);
  AppendBigEndian(bytes.size(), 4, out_);
  out_->append(bytes);
}

void RowEncoder::Integer(int64_t v) {
  out_->push_back('i');
  AppendBigEndian(8, 4, out_);
  AppendBigEndian(static_cast<uint64_t>(v), 8, out_);
}

void RowEncoder::Real(double v) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  out_->push_back('r');
  AppendBigEndian(8, 4, out_);
  AppendBigEndian(bits, 8, out_);
}

void RowEncoder::Text(std::string_view v) { Value('t', v); }
void RowEncoder::Blob(std::string_view v) { Value('b', v); }
void RowEncoder::Null() { Value('n', {}); }

}  // namespace memoria::ledger
