// The archive key and the sealing of confidential values at rest
// (docs/formats/keys.md). A confidential value is stored as
// XChaCha20-Poly1305 ciphertext (libsodium's IETF construction) whose
// associated data is the row's identity (table, row id, column), so a
// value copied into another row, or another column, does not open. The key
// is 32 random bytes kept in a key file (mode 0600 in a directory of mode
// 0700), or derived from a passphrase with Argon2id.
//
// Thread safety: an ArchiveKey is an immutable value; the functions are
// safe to call from any thread.
#ifndef MEMORIA_STORE_KEYS_H_
#define MEMORIA_STORE_KEYS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace memoria::store {

class ArchiveKey {
 public:
  static constexpr size_t kBytes = 32;
  // A new random key.
  static ArchiveKey Generate();
  // The key Argon2id derives from "passphrase" with "salt" (16 bytes) and
  // the cost parameters (libsodium's opslimit and memlimit in bytes).
  // kInvalidArgument for an empty passphrase or a salt of another size;
  // kResourceExhausted when the memory cannot be had.
  static Result<ArchiveKey> FromPassphrase(std::string_view passphrase, std::string_view salt,
                                           uint64_t ops, uint64_t mem_bytes);
  // The key of 64 hex digits; kInvalidArgument for anything else.
  static Result<ArchiveKey> FromHex(std::string_view hex);

  ArchiveKey(const ArchiveKey& other) = default;
  ArchiveKey& operator=(const ArchiveKey& other) = default;
  ~ArchiveKey();

  // 16 hex digits naming the key (a keyed BLAKE2b hash of it: it reveals
  // nothing of the key), stored in the archive to tell a wrong key from a
  // damaged value.
  std::string Id() const;
  std::string Hex() const;
  const std::array<unsigned char, kBytes>& bytes() const { return bytes_; }

 private:
  ArchiveKey() = default;
  std::array<unsigned char, kBytes> bytes_{};
};

// Key files: "DIR/keys/archive.key" by default.
inline constexpr std::string_view kKeyDirectory = "keys";
inline constexpr std::string_view kKeyFile = "archive.key";
// The key file of the archive in "dir".
std::string DefaultKeyPath(const std::string& dir);
// Writes "key" to "path" (created with mode 0600, its directory with 0700
// when created here) through a temporary file renamed into place.
// kAlreadyExists when "path" exists and "replace" is false; kInvalidArgument
// when the file cannot be written.
Status WriteKeyFile(const std::string& path, const ArchiveKey& key, bool replace = false);
// Reads a key file. kNotFound when it does not exist; kFailedPrecondition
// when its mode lets others than its owner read it; kInvalidArgument when
// it is not a key file.
Result<ArchiveKey> ReadKeyFile(const std::string& path);

// Secrets every Store opened later in this process tries before the key
// file (the command line's --key-file and --passphrase-stdin; the server's
// connections, which open the archive once per thread): a remembered key
// whose id is the archive's unlocks it; a remembered passphrase is run
// through the archive's Argon2id parameters (once per process and archive
// parameters). Thread-safe.
void RememberKey(const ArchiveKey& key);
void RememberPassphrase(std::string_view passphrase);
// The remembered key with this id, if any (derived from a remembered
// passphrase under "kdf" when that is an Argon2id derivation).
Result<std::optional<ArchiveKey>> RememberedKey(std::string_view id, std::string_view kdf);
// "argon2id SALT-HEX OPS MEM" for a new passphrase key (fresh salt).
std::string NewPassphraseDerivation();
// The key "passphrase" gives under derivation "kdf".
Result<ArchiveKey> DeriveKey(std::string_view passphrase, std::string_view kdf);

// The associated data of a sealed value: the row's identity.
std::string SealedAd(std::string_view table, int64_t row_id, std::string_view column);
// nonce (24 bytes) || ciphertext || tag (16 bytes).
std::string SealValue(const ArchiveKey& key, std::string_view ad, std::string_view plain);
// The plaintext of "box". kDataLoss when it does not open under this key
// and associated data (a wrong key, a value moved to another row, a
// damaged value): never a garbled value.
Result<std::string> OpenValue(const ArchiveKey& key, std::string_view ad, std::string_view box);

}  // namespace memoria::store

#endif  // MEMORIA_STORE_KEYS_H_
