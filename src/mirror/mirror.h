// Signed mirrors (docs/formats/mirror.md). A bundle is the archive's public
// view (store/public_rows.h) as shards of canonical JSON lines, each named
// by its SHA-256, and a manifest listing every shard's path, size and
// SHA-256, signed with the archive's Ed25519 key (store/signing.h). Anyone
// with the public key alone can check a bundle; a mirror updated from a
// newer export downloads only the shards that changed.
//
// Thread safety: the functions share no state; one call per bundle
// directory at a time.
#ifndef MEMORIA_MIRROR_MIRROR_H_
#define MEMORIA_MIRROR_MIRROR_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/public_rows.h"
#include "store/signing.h"
#include "store/store.h"

namespace memoria::mirror {

inline constexpr std::string_view kManifestFile = "manifest.json";
inline constexpr std::string_view kSignatureFile = "manifest.sig";
inline constexpr std::string_view kFormat = "memoria-mirror";
// Version 2 gzips the shards (data/TABLE/SHA256.jsonl.gz); a reader
// accepts version 1's plain ones (.jsonl) too.
inline constexpr int kFormatVersion = 2;
// A shard holds the rows of one table whose keys fall in one range of this
// width: an edit rewrites the shards of the rows it touches, not a table.
inline constexpr int64_t kShardKeys = 4096;

// One file of a bundle, as its manifest lists it.
struct BundleFile {
  std::string path;  // relative to the bundle, "data/TABLE/SHA256.jsonl.gz"
  std::string table;
  int64_t first_key = 0;  // the shard's key range [first_key, first_key + kShardKeys)
  int64_t rows = 0;
  int64_t bytes = 0;   // of the file (gzipped)
  std::string sha256;  // of the file, lower-case hex
  // Of the shard's text (the file unpacked), lower-case hex; "" in
  // version 1. An update finds an unchanged shard by it without compressing.
  std::string text_sha256;
};

struct Manifest {
  int version = kFormatVersion;
  std::string key_id;      // store::PublicKey::Id() of the signing key
  std::string public_key;  // its 64 hex digits
  std::string created_at;  // UTC, ISO 8601
  // The archive's last ledger entry when the rows were read (seq 0: none):
  // where an update starts.
  store::LedgerPosition ledger;
  std::vector<BundleFile> files;
};

// What an export or update did.
struct WriteReport {
  int64_t files = 0, bytes = 0;                  // the new bundle
  int64_t files_written = 0, bytes_written = 0;  // of them, written now
  int64_t files_removed = 0;                     // of the old bundle, no longer listed
  int64_t rows = 0;
  int64_t tables_read = 0, tables_kept = 0;  // an update's tables read again or kept unread
};

struct WriteOptions {
  // Update: OUT holds a bundle. The tables that no ledger entry since the
  // bundle's changed (store::PublicTablesChangedSince) keep their shards
  // unread, when each is there with its size; the others are read again,
  // their unchanged shards kept (each checked against its name's SHA-256
  // first) and the others written. Export: OUT is absent or empty.
  bool update = false;
  // Called after each table, with its name and rows.
  std::function<void(std::string_view table, int64_t rows)> progress;
};

// Writes the public view of "*store" as a bundle in "out", signed with
// "signer". kAlreadyExists for an export into a folder that is not empty;
// kNotFound for an update of a folder without a manifest.
Result<WriteReport> WriteBundle(store::Store* store, const store::SigningKey& signer,
                                const std::string& out, const WriteOptions& options);

// What a check found. "problems" is empty for a sound bundle; otherwise
// each names the file: "altered: data/names/....jsonl.gz (sha256 differs)",
// "missing: ...", "added: ...", "manifest.sig: ...".
struct VerifyReport {
  bool signature_ok = false;
  int64_t files_checked = 0, bytes_checked = 0;
  std::vector<std::string> problems;
  Manifest manifest;  // as read, when the signature holds
};

// Checks the bundle in "out" against "key" alone: the manifest's signature,
// then every listed file's size and SHA-256, then that no other file is
// there. An error only when "out" cannot be read at all.
Result<VerifyReport> VerifyBundle(const std::string& out, const store::PublicKey& key);

// The manifest of the bundle in "out" as it stands (unchecked): the key it
// names, for a mirror started without --key.
Result<Manifest> ReadManifest(const std::string& out);

// Loads a bundle (checked before by VerifyBundle) into a new archive in
// "dir", which must not hold one: the archive `memoria serve --mirror`
// serves.
Status LoadBundle(const std::string& out, const Manifest& manifest, const std::string& dir);

}  // namespace memoria::mirror

#endif  // MEMORIA_MIRROR_MIRROR_H_
