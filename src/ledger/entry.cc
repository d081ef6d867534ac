#include "ledger/entry.h"

#include <sodium.h>

#include <algorithm>

#include "ledger/lthash.h"

namespace memoria::ledger {

namespace {

constexpr std::string_view kKindNames[] = {"genesis",    "import", "claim",    "retract",
                                           "visibility", "link",   "merge",    "split",
                                           "account",    "key",    "register", "edit"};

void PutField(std::string_view field, std::string* out) {
  AppendBigEndian(field.size(), 4, out);
  out->append(field);
}

}  // namespace

std::string_view KindName(Kind kind) { return kKindNames[static_cast<size_t>(kind)]; }

std::optional<Kind> KindFromName(std::string_view name) {
  for (size_t i = 0; i < std::size(kKindNames); ++i) {
    if (kKindNames[i] == name) return static_cast<Kind>(i);
  }
  return std::nullopt;
}

Sha256Digest EntryHash(const Sha256Digest& prev_hash, const Entry& entry) {
  std::string enc;
  enc.reserve(64 + entry.body.size() + entry.state.size());
  enc.append("memoria-ledger-v1");
  enc.push_back('\0');
  enc.append(DigestBytes(prev_hash));
  AppendBigEndian(static_cast<uint64_t>(entry.seq), 8, &enc);
  PutField(entry.at, &enc);
  PutField(entry.actor, &enc);
  PutField(entry.kind, &enc);
  PutField(entry.body, &enc);
  enc.append(entry.state);
  return Sha256(enc);
}

std::string CheckpointMessage(int64_t seq, const Sha256Digest& hash) {
  std::string m("memoria-checkpoint-v1");
  m.push_back('\0');
  AppendBigEndian(static_cast<uint64_t>(seq), 8, &m);
  m.append(DigestBytes(hash));
  return m;
}

std::string RotationMessage(std::string_view old_public_key, std::string_view new_public_key) {
  std::string m("memoria-key-rotation-v1");
  m.push_back('\0');
  m.append(old_public_key);
  m.append(new_public_key);
  return m;
}

std::string KeyedDigest(const std::array<uint8_t, 32>& ledger_key, std::string_view value) {
  static_assert(crypto_auth_hmacsha256_KEYBYTES == 32);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, ledger_key.data(), ledger_key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(value.data()),
                                value.size());
  crypto_auth_hmacsha256_final(&st, mac);
  return ToHex(mac, sizeof mac);
}

bool DigestFromBytes(std::string_view bytes, Sha256Digest* out) {
  if (bytes.size() != out->size()) return false;
  std::copy(bytes.begin(), bytes.end(), reinterpret_cast<char*>(out->data()));
  return true;
}

}  // namespace memoria::ledger
