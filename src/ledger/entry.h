// Ledger entries and the messages the archive key signs
// (docs/formats/ledger.md, "Entries" and "Checkpoints").
//
// An entry's hash is SHA-256 over its encoding, which begins with the hash
// of the entry before it: changing, dropping or reordering an entry changes
// every hash after it. A checkpoint signs one entry's hash; a signed hash
// vouches for the whole chain up to it.
//
// Thread safety: values and pure functions.
#ifndef MEMORIA_LEDGER_ENTRY_H_
#define MEMORIA_LEDGER_ENTRY_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/hash.h"

namespace memoria::ledger {

// What a committed write transaction changed: the entry's "kind".
enum class Kind {
  kGenesis,     // the archive's state when the ledger began (a new or a migrated archive)
  kImport,      // an import batch
  kClaim,       // an editor's change: a claim and the facts it adds or corrects
  kRetract,     // a retraction: an import batch taken back, a change undone or rejected
  kVisibility,  // a visibility change
  kLink,        // records linked to a person
  kMerge,       // persons merged
  kSplit,       // a merge taken apart
  kAccount,     // an account added or changed
  kKey,         // the archive key made, rotated, or revoked
  kRegister,    // a register's snapshots imported
  kEdit,        // any other change (a correction from the public, a review, places, cases)
};

std::string_view KindName(Kind kind);
// The kind named "name"; nullopt for none.
std::optional<Kind> KindFromName(std::string_view name);

struct Entry {
  int64_t seq = 0;
  std::string at;     // UTC, YYYY-MM-DDTHH:MM:SSZ
  std::string actor;  // an account's name, or cli:USER
  std::string kind;   // KindName
  std::string body;   // canonical JSON
  std::string state;  // LtHash16::Bytes() after the entry
};

// SHA-256 of the entry's encoding after "prev_hash" (32 zero bytes for the
// first entry).
Sha256Digest EntryHash(const Sha256Digest& prev_hash, const Entry& entry);

// What a checkpoint's signature is over: "memoria-checkpoint-v1" 0x00,
// seq (8 bytes, big-endian), the entry's hash.
std::string CheckpointMessage(int64_t seq, const Sha256Digest& hash);

// What the old key signs when the archive key is rotated:
// "memoria-key-rotation-v1" 0x00, the old public key, the new public key
// (each as its 64 lower-case hex digits).
std::string RotationMessage(std::string_view old_public_key, std::string_view new_public_key);

// HMAC-SHA-256 of "value" under the ledger key, in hex: how a confidential
// value (or its digest) enters an entry's body without being revealed.
std::string KeyedDigest(const std::array<uint8_t, 32>& ledger_key, std::string_view value);

// Reads a 32-byte digest from a BLOB column's bytes; false when the size is
// wrong.
bool DigestFromBytes(std::string_view bytes, Sha256Digest* out);
inline std::string_view DigestBytes(const Sha256Digest& d) {
  return {reinterpret_cast<const char*>(d.data()), d.size()};
}

}  // namespace memoria::ledger

#endif  // MEMORIA_LEDGER_ENTRY_H_
