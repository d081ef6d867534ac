#include "ledger/lthash.h"

#include <sodium.h>

#include <cstring>

namespace memoria::ledger {

namespace {

static_assert(crypto_stream_chacha20_ietf_KEYBYTES == 32);

// The 1,024 lanes of a row's element.
void Expand(const Sha256Digest& row_digest, std::array<uint16_t, LtHash16::kLanes>* lanes) {
  static const bool ready = sodium_init() >= 0;
  (void)ready;
  unsigned char nonce[crypto_stream_chacha20_ietf_NONCEBYTES] = {};
  unsigned char stream[LtHash16::kBytes];
  crypto_stream_chacha20_ietf(stream, sizeof stream, nonce, row_digest.data());
  for (size_t i = 0; i < LtHash16::kLanes; ++i) {
    (*lanes)[i] = static_cast<uint16_t>(stream[2 * i] | (stream[2 * i + 1] << 8));
  }
}

void PutBigEndian(uint64_t v, int bytes, std::string* out) {
  for (int i = bytes - 1; i >= 0; --i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

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
  std::array<uint16_t, kLanes> e;
  Expand(row_digest, &e);
  for (size_t i = 0; i < kLanes; ++i) lanes_[i] = static_cast<uint16_t>(lanes_[i] + e[i]);
}

void LtHash16::Remove(const Sha256Digest& row_digest) {
  std::array<uint16_t, kLanes> e;
  Expand(row_digest, &e);
  for (size_t i = 0; i < kLanes; ++i) lanes_[i] = static_cast<uint16_t>(lanes_[i] - e[i]);
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

RowEncoder::RowEncoder(std::string_view table) {
  bytes_.reserve(256);
  PutBigEndian(table.size(), 4, &bytes_);
  bytes_.append(table);
}

void RowEncoder::Value(char type, std::string_view bytes) {
  bytes_.push_back(type);
  PutBigEndian(bytes.size(), 4, &bytes_);
  bytes_.append(bytes);
}

void RowEncoder::Integer(int64_t v) {
  bytes_.push_back('i');
  PutBigEndian(8, 4, &bytes_);
  PutBigEndian(static_cast<uint64_t>(v), 8, &bytes_);
}

void RowEncoder::Real(double v) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  bytes_.push_back('r');
  PutBigEndian(8, 4, &bytes_);
  PutBigEndian(bits, 8, &bytes_);
}

void RowEncoder::Text(std::string_view v) { Value('t', v); }
void RowEncoder::Blob(std::string_view v) { Value('b', v); }
void RowEncoder::Null() { Value('n', {}); }

}  // namespace memoria::ledger
