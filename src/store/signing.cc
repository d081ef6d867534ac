#include "store/signing.h"

#include <sodium.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "store/store.h"

namespace memoria::store {

namespace {

// crypto_kdf's context: 8 bytes naming what the subkey is for.
constexpr char kSigningContext[crypto_kdf_CONTEXTBYTES + 1] = "memsign1";
constexpr uint64_t kSigningSubkey = 1;

static_assert(crypto_sign_PUBLICKEYBYTES == PublicKey::kBytes);
static_assert(crypto_sign_BYTES == PublicKey::kSignatureBytes);
static_assert(crypto_sign_SECRETKEYBYTES == 64);
static_assert(crypto_kdf_KEYBYTES == ArchiveKey::kBytes);

bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

std::string ToHex(const unsigned char* data, size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, size);
  out.pop_back();
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\n' || s.front() == '\r' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

Result<PublicKey> PublicKey::FromHex(std::string_view hex) {
  hex = Trim(hex);
  PublicKey key;
  size_t length = 0;
  const char* end = nullptr;
  if (hex.size() != kBytes * 2 ||
      sodium_hex2bin(key.bytes_.data(), key.bytes_.size(), hex.data(), hex.size(), nullptr, &length,
                     &end) != 0 ||
      length != kBytes || end != hex.data() + hex.size()) {
    return InvalidArgumentError("a public key is 64 hex digits");
  }
  return key;
}

std::string PublicKey::Hex() const { return ToHex(bytes_.data(), bytes_.size()); }

std::string PublicKey::Id() const { return ToHex(bytes_.data(), 8); }

bool PublicKey::Verify(std::string_view message, std::string_view signature) const {
  if (!SodiumReady() || signature.size() != kSignatureBytes) return false;
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), bytes_.data()) == 0;
}

SigningKey SigningKey::FromArchiveKey(const ArchiveKey& key) {
  SodiumReady();
  unsigned char seed[crypto_sign_SEEDBYTES];
  static_assert(crypto_sign_SEEDBYTES >= crypto_kdf_BYTES_MIN &&
                crypto_sign_SEEDBYTES <= crypto_kdf_BYTES_MAX);
  crypto_kdf_derive_from_key(seed, sizeof seed, kSigningSubkey, kSigningContext,
                             key.bytes().data());
  SigningKey out;
  crypto_sign_seed_keypair(out.public_.bytes_.data(), out.secret_.data(), seed);
  sodium_memzero(seed, sizeof seed);
  return out;
}

SigningKey::~SigningKey() { sodium_memzero(secret_.data(), secret_.size()); }

std::string SigningKey::Sign(std::string_view message) const {
  std::string signature(PublicKey::kSignatureBytes, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       secret_.data());
  return signature;
}

Result<SigningKey> Store::Signer() const {
  if (!Sealing()) return FailedPreconditionError("the archive has no key (memoria keys init DIR)");
  if (!Unlocked()) {
    return FailedPreconditionError(
        "the archive's key is not loaded (--key-file PATH or --passphrase-stdin)");
  }
  return SigningKey::FromArchiveKey(*key_);
}

std::string DefaultPublicKeyPath(const std::string& dir) {
  return (std::filesystem::path(dir) / kKeyDirectory / kPublicKeyFile).string();
}

Status WritePublicKeyFile(const std::string& path, const PublicKey& key) {
  std::error_code ec;
  const std::filesystem::path target(path);
  if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path(), ec);
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << key.Hex() << '\n';
    out.flush();
    if (!out) return InvalidArgumentError("cannot write " + temp);
  }
  std::filesystem::permissions(temp, std::filesystem::perms(0644),
                               std::filesystem::perm_options::replace, ec);
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    std::filesystem::remove(temp, ec);
    return InvalidArgumentError("cannot write " + path);
  }
  return Status();
}

Result<PublicKey> ReadPublicKeyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("no public key at " + path);
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().size() > 200) return InvalidArgumentError(path + " is not a public key file");
  auto key = PublicKey::FromHex(text.str());
  if (!key.ok()) return InvalidArgumentError(path + " is not a public key file (64 hex digits)");
  return key;
}

}  // namespace memoria::store
