#include "store/keys.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <vector>

namespace memoria::store {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kFileMagic = "memoria archive key 1";

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

}  // namespace

ArchiveKey::~ArchiveKey() { sodium_memzero(bytes_.data(), bytes_.size()); }

ArchiveKey ArchiveKey::Generate() {
  SodiumReady();
  ArchiveKey key;
  crypto_aead_xchacha20poly1305_ietf_keygen(key.bytes_.data());
  return key;
}

Result<ArchiveKey> ArchiveKey::FromPassphrase(std::string_view passphrase, std::string_view salt,
                                              uint64_t ops, uint64_t mem_bytes) {
  SodiumReady();
  if (passphrase.empty()) return InvalidArgumentError("the passphrase is empty");
  if (salt.size() != crypto_pwhash_SALTBYTES) {
    return InvalidArgumentError("a passphrase salt has " + std::to_string(crypto_pwhash_SALTBYTES) +
                                " bytes");
  }
  ArchiveKey key;
  if (crypto_pwhash(key.bytes_.data(), key.bytes_.size(), passphrase.data(), passphrase.size(),
                    reinterpret_cast<const unsigned char*>(salt.data()), ops,
                    static_cast<size_t>(mem_bytes), crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return ResourceExhaustedError("Argon2id could not derive the key (out of memory)");
  }
  return key;
}

Result<ArchiveKey> ArchiveKey::FromHex(std::string_view hex) {
  SodiumReady();
  ArchiveKey key;
  size_t len = 0;
  if (hex.size() != kBytes * 2 ||
      sodium_hex2bin(key.bytes_.data(), key.bytes_.size(), hex.data(), hex.size(), nullptr, &len,
                     nullptr) != 0 ||
      len != kBytes) {
    return InvalidArgumentError("a key is 64 hex digits");
  }
  return key;
}

std::string ArchiveKey::Id() const {
  SodiumReady();
  static constexpr std::string_view kContext = "memoria archive key id";
  unsigned char id[8];
  crypto_generichash(id, sizeof id, reinterpret_cast<const unsigned char*>(kContext.data()),
                     kContext.size(), bytes_.data(), bytes_.size());
  return ToHex(id, sizeof id);
}

std::string ArchiveKey::Hex() const { return ToHex(bytes_.data(), bytes_.size()); }

std::string DefaultKeyPath(const std::string& dir) {
  return (fs::path(dir) / kKeyDirectory / kKeyFile).string();
}

Status WriteKeyFile(const std::string& path, const ArchiveKey& key, bool replace) {
  std::error_code ec;
  const fs::path file(path);
  if (!replace && fs::exists(file, ec)) return AlreadyExistsError("a key file exists: " + path);
  const fs::path dir = file.parent_path();
  if (!dir.empty() && !fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) return InvalidArgumentError("cannot create " + dir.string() + ": " + ec.message());
    ::chmod(dir.c_str(), 0700);
  }
  const std::string tmp = path + ".tmp";
  ::unlink(tmp.c_str());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return InvalidArgumentError("cannot write the key file " + tmp);
  const std::string text =
      std::string(kFileMagic) + "\nid " + key.Id() + "\nkey " + key.Hex() + "\n";
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  if (!written || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return InvalidArgumentError("cannot write the key file " + path);
  }
  return Status();
}

Result<ArchiveKey> ReadKeyFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return NotFoundError("no key file " + path);
  if ((st.st_mode & 077) != 0) {
    return FailedPreconditionError("the key file " + path +
                                   " may be read by others than its owner (chmod 600 it)");
  }
  std::ifstream in(path);
  std::string magic, id_word, id, key_word, hex;
  std::getline(in, magic);
  in >> id_word >> id >> key_word >> hex;
  if (magic != kFileMagic || id_word != "id" || key_word != "key") {
    return InvalidArgumentError(path + " is not a memoria key file");
  }
  MEMORIA_ASSIGN_OR_RETURN(ArchiveKey key, ArchiveKey::FromHex(hex));
  if (key.Id() != id) return InvalidArgumentError(path + ": the key does not match its id");
  return key;
}

namespace {

struct Remembered {
  std::mutex mu;
  std::vector<ArchiveKey> keys;
  std::string passphrase;
};

Remembered& Secrets() {
  static auto* r = new Remembered();
  return *r;
}

}  // namespace

void RememberKey(const ArchiveKey& key) {
  Remembered& r = Secrets();
  std::lock_guard<std::mutex> lock(r.mu);
  r.keys.push_back(key);
}

void RememberPassphrase(std::string_view passphrase) {
  Remembered& r = Secrets();
  std::lock_guard<std::mutex> lock(r.mu);
  r.passphrase = std::string(passphrase);
}

std::string NewPassphraseDerivation() {
  SodiumReady();
  unsigned char salt[crypto_pwhash_SALTBYTES];
  randombytes_buf(salt, sizeof salt);
  return "argon2id " + ToHex(salt, sizeof salt) + " " +
         std::to_string(crypto_pwhash_OPSLIMIT_MODERATE) + " " +
         std::to_string(crypto_pwhash_MEMLIMIT_MODERATE);
}

Result<ArchiveKey> DeriveKey(std::string_view passphrase, std::string_view kdf) {
  std::istringstream in{std::string(kdf)};
  std::string alg, salt_hex;
  uint64_t ops = 0, mem = 0;
  in >> alg >> salt_hex >> ops >> mem;
  if (alg != "argon2id") return FailedPreconditionError("this archive's key is a key file");
  std::string salt(crypto_pwhash_SALTBYTES, '\0');
  size_t len = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(salt.data()), salt.size(), salt_hex.data(),
                     salt_hex.size(), nullptr, &len, nullptr) != 0 ||
      len != salt.size() || ops == 0 || mem == 0) {
    return DataLossError("the archive's key derivation (meta seal_kdf) is damaged");
  }
  return ArchiveKey::FromPassphrase(passphrase, salt, ops, mem);
}

Result<std::optional<ArchiveKey>> RememberedKey(std::string_view id, std::string_view kdf) {
  Remembered& r = Secrets();
  std::lock_guard<std::mutex> lock(r.mu);
  for (const ArchiveKey& k : r.keys) {
    if (k.Id() == id) return std::optional<ArchiveKey>(k);
  }
  if (r.passphrase.empty() || !kdf.starts_with("argon2id ")) return std::optional<ArchiveKey>();
  MEMORIA_ASSIGN_OR_RETURN(ArchiveKey derived, DeriveKey(r.passphrase, kdf));
  if (derived.Id() != id) return FailedPreconditionError("wrong passphrase for this archive");
  r.keys.push_back(derived);
  return std::optional<ArchiveKey>(derived);
}

std::string SealedAd(std::string_view table, int64_t row_id, std::string_view column) {
  std::string ad = "memoria-seal-1";
  ad.push_back('\0');
  ad += table;
  ad.push_back('\0');
  ad += std::to_string(row_id);
  ad.push_back('\0');
  ad += column;
  return ad;
}

std::string SealValue(const ArchiveKey& key, std::string_view ad, std::string_view plain) {
  SodiumReady();
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::string box(kNonce + plain.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  auto* out = reinterpret_cast<unsigned char*>(box.data());
  randombytes_buf(out, kNonce);
  unsigned long long len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      out + kNonce, &len, reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
      reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr, out,
      key.bytes().data());
  box.resize(kNonce + len);
  return box;
}

Result<std::string> OpenValue(const ArchiveKey& key, std::string_view ad, std::string_view box) {
  SodiumReady();
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (box.size() < kNonce + kTag) return DataLossError("a sealed value is cut short");
  std::string plain(box.size() - kNonce - kTag, '\0');
  unsigned long long len = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(box.data());
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plain.data()),
                                                 &len, nullptr, in + kNonce, box.size() - kNonce,
                                                 reinterpret_cast<const unsigned char*>(ad.data()),
                                                 ad.size(), in, key.bytes().data()) != 0) {
    return DataLossError(
        "a sealed value does not open with this key for this row (a wrong key, a value moved "
        "to another row, or damage)");
  }
  plain.resize(len);
  return plain;
}

}  // namespace memoria::store
