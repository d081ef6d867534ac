// The archive's signing key (docs/formats/keys.md, "Signing"): an Ed25519
// key pair that signs the ledger's checkpoints and a mirror's manifest, so
// that anyone holding only the public key can check them.
//
// The key pair is not a second secret to keep: its seed is derived from the
// archive key (store/keys.h) with libsodium's crypto_kdf (BLAKE2b, context
// "memsign1", subkey 1). Whoever holds the archive key can sign; the public
// key is written beside the key file as DIR/keys/archive.pub (64 hex digits,
// one line) and is all a mirror operator needs. A rotation of the archive
// key is therefore a rotation of the signing key too.
//
// Thread safety: SigningKey and PublicKey are immutable values; the
// functions are safe to call from any thread.
#ifndef MEMORIA_STORE_SIGNING_H_
#define MEMORIA_STORE_SIGNING_H_

#include <array>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/keys.h"

namespace memoria::store {

class PublicKey {
 public:
  static constexpr size_t kBytes = 32;
  static constexpr size_t kSignatureBytes = 64;
  // The key of 64 hex digits (surrounding white space ignored);
  // kInvalidArgument for anything else.
  static Result<PublicKey> FromHex(std::string_view hex);

  std::string Hex() const;
  // The first 8 bytes as 16 hex digits: the key's name in signed files.
  std::string Id() const;
  // Whether "signature" (64 bytes) is this key's signature of "message".
  bool Verify(std::string_view message, std::string_view signature) const;

  friend bool operator==(const PublicKey& a, const PublicKey& b) { return a.bytes_ == b.bytes_; }

 private:
  friend class SigningKey;
  PublicKey() = default;
  std::array<unsigned char, kBytes> bytes_{};
};

class SigningKey {
 public:
  // The signing key of the archive whose key is "key".
  static SigningKey FromArchiveKey(const ArchiveKey& key);

  SigningKey(const SigningKey& other) = default;
  SigningKey& operator=(const SigningKey& other) = default;
  ~SigningKey();

  const PublicKey& public_key() const { return public_; }
  // The detached Ed25519 signature of "message" (64 bytes).
  std::string Sign(std::string_view message) const;

 private:
  SigningKey() = default;
  std::array<unsigned char, 64> secret_{};  // libsodium's seed || public key
  PublicKey public_;
};

inline constexpr std::string_view kPublicKeyFile = "archive.pub";
// DIR/keys/archive.pub.
std::string DefaultPublicKeyPath(const std::string& dir);
// Writes the public key as one line of hex (mode 0644), through a temporary
// file renamed into place; replaces an older one.
Status WritePublicKeyFile(const std::string& path, const PublicKey& key);
// kNotFound when absent; kInvalidArgument when it does not hold a key.
Result<PublicKey> ReadPublicKeyFile(const std::string& path);

}  // namespace memoria::store

#endif  // MEMORIA_STORE_SIGNING_H_
