// Content hashing: SHA-256, used for record content hashes, the ledger's row
// digests and file fingerprints. Sha256 uses the processor's SHA extensions
// where it has them (checked once, when loaded) and libsodium otherwise.
//
// Thread safety: pure functions.
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
// libsodium's SHA-256, whatever the processor: what Sha256 is tested against.
Sha256Digest Sha256Portable(std::string_view data);
// Whether Sha256 runs on the processor's SHA extensions.
bool Sha256UsesShaExtensions();
std::string ToHex(const uint8_t* data, size_t size);
inline std::string ToHex(const Sha256Digest& d) { return ToHex(d.data(), d.size()); }

// The two ends of a Merkle–Damgard hash with 64-byte blocks (SHA-1 and
// SHA-256, FIPS 180-4 section 5.1.1): the last "rest" bytes of a message of
// "total" bytes (rest < 64) padded with 0x80, zeros and the length in bits
// as 8 bytes big-endian into "out"; returns the bytes to compress, 64 or
// 128. And "n" state words written most significant byte first.
size_t PadLastBlocks(const uint8_t* rest, size_t rest_size, uint64_t total, uint8_t out[128]);
void StoreBigEndianWords(const uint32_t* words, size_t n, uint8_t* out);

// SHA-256 of a whole file. Returns kNotFound if it cannot be opened and
// kDataLoss on a read error.
Result<Sha256Digest> Sha256File(const std::string& path);

}  // namespace memoria

#endif  // MEMORIA_CORE_HASH_H_
