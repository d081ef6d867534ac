// The ledger's state digest (docs/formats/ledger.md, "The state digest"):
// LtHash16, a lattice hash (Lewi, Kim, Maykov, Weis, IACR ePrint 2019/227)
// of 1,024 lanes of 16 bits added lane-wise modulo 2^16. The digest of a set
// of rows is the sum of their elements, so it is updated by a change alone:
// an inserted row adds its element, a deleted one subtracts it, and the
// order of the changes does not matter.
//
// A row's element is derived from the SHA-256 of the row's encoding
// (RowEncoder): that digest keys ChaCha20 (IETF, zero nonce), whose first
// 2,048 bytes of keystream are the lanes, little-endian.
//
// Thread safety: values; one thread per object.
#ifndef MEMORIA_LEDGER_LTHASH_H_
#define MEMORIA_LEDGER_LTHASH_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/hash.h"

namespace memoria::ledger {

class LtHash16 {
 public:
  static constexpr size_t kLanes = 1024;
  static constexpr size_t kBytes = kLanes * 2;

  // The digest of no rows: every lane 0.
  LtHash16() = default;
  // The digest whose encoding is "bytes" (kBytes long; anything else gives
  // the empty digest and false from *ok when given).
  static LtHash16 FromBytes(std::string_view bytes, bool* ok = nullptr);

  // Adds (or subtracts) the element of the row whose encoding's SHA-256 is
  // "row_digest".
  void Add(const Sha256Digest& row_digest);
  void Remove(const Sha256Digest& row_digest);
  void Add(const LtHash16& other);
  void Remove(const LtHash16& other);

  bool IsZero() const;
  // kBytes bytes: the lanes, little-endian.
  std::string Bytes() const;
  // SHA-256 of Bytes(), in hex: a short name for the digest in reports.
  std::string ShortHex() const;

  friend bool operator==(const LtHash16& a, const LtHash16& b) { return a.lanes_ == b.lanes_; }

 private:
  std::array<uint16_t, kLanes> lanes_{};
};

// Appends the low "bytes" bytes of "v" (4 or 8), most significant first:
// the fixed-width integers of the row encoding and of a ledger entry.
inline void AppendBigEndian(uint64_t v, int bytes, std::string* out) {
  const uint64_t be = __builtin_bswap64(v << (8 * (8 - bytes)));
  out->append(reinterpret_cast<const char*>(&be), static_cast<size_t>(bytes));
}

// The encoding of one row that its element is derived from: the table's
// name, then each column in schema order, each value as one type byte
// ('i' integer, 'r' real, 't' text, 'b' blob, 'n' NULL), a 4-byte
// big-endian length and the bytes (an integer as 8 bytes big-endian, a
// real as its IEEE 754 binary64 bits the same way, NULL with length 0).
class RowEncoder {
 public:
  explicit RowEncoder(std::string_view table);
  // Appends the encoding to *out instead of a buffer of its own (the
  // encoding is what follows out's present end): RowDigester's chunks.
  RowEncoder(std::string_view table, std::string* out);
  RowEncoder(const RowEncoder&) = delete;
  RowEncoder& operator=(const RowEncoder&) = delete;

  void Integer(int64_t v);
  void Real(double v);
  void Text(std::string_view v);
  void Blob(std::string_view v);
  void Null();
  Sha256Digest Digest() const { return Sha256(bytes()); }
  std::string_view bytes() const { return std::string_view(*out_).substr(start_); }

 private:
  void Value(char type, std::string_view bytes);
  std::string own_;
  std::string* out_;
  size_t start_;
};

}  // namespace memoria::ledger

#endif  // MEMORIA_LEDGER_LTHASH_H_
