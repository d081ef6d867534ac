// Content hashing: SHA-256 (libsodium), used for record content hashes and
// file fingerprints.
//
// Thread safety: pure functions; Sha256Stream is used by one thread.
#ifndef MEMORIA_CORE_HASH_H_
#define MEMORIA_CORE_HASH_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace memoria {

using Sha256Digest = std::array<uint8_t, 32>;

Sha256Digest Sha256(std::string_view data);
std::string ToHex(const uint8_t* data, size_t size);
inline std::string ToHex(const Sha256Digest& d) { return ToHex(d.data(), d.size()); }

// SHA-256 of a whole file. Returns kNotFound if it cannot be opened and
// kDataLoss on a read error.
Result<Sha256Digest> Sha256File(const std::string& path);

}  // namespace memoria

#endif  // MEMORIA_CORE_HASH_H_
