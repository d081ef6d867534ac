// Store is an archive on disk: one SQLite database, DIR/archive.db, holding
// sources, immutable source records, persons and the facts derived from
// records (names, events, attributes), each with its provenance and its
// visibility. The schema is described in docs/formats/schema.md.
//
// The store is sealed: no SQLite type appears in its public headers (they
// live in store/internal/), and nothing outside store/ runs SQL. Writing
// goes through a WriteTransaction (store/write.h) with typed calls: an
// import is one transaction, so a failed or killed import leaves the
// archive exactly as it was. Reading goes through a Reader (store/reader.h)
// for a visibility ceiling.
//
// Thread safety: a Store is used by one thread at a time. Several processes
// may open the same archive: SQLite's WAL mode lets readers run beside one
// writer; a second writer waits up to five seconds, then gets kUnavailable.
#ifndef MEMORIA_STORE_STORE_H_
#define MEMORIA_STORE_STORE_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/edtf.h"
#include "core/hash.h"
#include "core/result.h"

namespace memoria::store {

enum class Visibility : int { kPublic = 0, kRestricted = 1, kConfidential = 2 };
std::string_view VisibilityName(Visibility v);

struct SourceInfo {
  std::string key;  // unique: "<profile>:<file or folder name>"
  std::string title;
  std::string profile;
  std::string citation;
  std::string language = "ru";
  std::string licence;
  Visibility visibility = Visibility::kPublic;
};

// Provenance: exactly one of record_id and claim_id is set (non-zero).
struct NameFact {
  int64_t id = 0;
  int64_t person_id = 0;
  int64_t record_id = 0;
  int64_t claim_id = 0;
  std::string kind = "main";  // main | alias | variant | transliteration | maiden
  std::string surname, given, patronymic;
  std::string script;  // "Cyrl", "Latn" or ""
  Visibility visibility = Visibility::kPublic;
  // Sealed, and the archive's key is not loaded: the text reads kLockedValue.
  bool locked = false;
  // The search keys (names::NormalizeNamePart of each part). AddName computes
  // them when norm_filled is false; an importer may fill them on another
  // thread beforehand.
  bool norm_filled = false;
  std::string norm_surname, norm_given, norm_patronymic;
};

struct EventFact {
  int64_t id = 0;
  int64_t person_id = 0;
  int64_t record_id = 0;
  int64_t claim_id = 0;
  std::string type;  // birth arrest charge trial sentence execution death burial release ...
  Edtf date;
  std::string date_text;  // the date as the source wrote it
  std::string place, body, article, sentence, note;
  Visibility visibility = Visibility::kPublic;
  // Sealed, and the archive's key is not loaded: the text reads kLockedValue.
  bool locked = false;
};

struct AttributeFact {
  int64_t id = 0;
  int64_t person_id = 0;
  int64_t record_id = 0;
  int64_t claim_id = 0;
  std::string kind;  // sex nationality citizenship occupation address education party ...
  std::string value;
  Visibility visibility = Visibility::kPublic;
  // Sealed, and the archive's key is not loaded: the text reads kLockedValue.
  bool locked = false;
};

struct RecordView {
  int64_t id = 0;
  int64_t source_id = 0;
  std::string source_key, source_title, file_name;
  int64_t position = 0;  // line in the file
  std::string external_id;
  std::string content_hash;  // hex SHA-256 of raw
  std::string raw;           // JSON object of the original fields
  Visibility visibility = Visibility::kPublic;
  // Fields left out of "raw" because a fact read from them is hidden at the
  // reader's ceiling (field-level redaction: the stored record and its hash
  // are untouched; "content_hash" is that of the stored record).
  std::vector<std::string> hidden_fields;
  // The content is sealed and the archive's key is not loaded: "raw" is
  // kLockedValue.
  bool locked = false;
};

struct PersonView {
  int64_t id = 0;
  int64_t redirect_to = 0;
  std::vector<NameFact> names;  // main names first
  std::vector<EventFact> events;
  std::vector<AttributeFact> attributes;
  std::vector<RecordView> records;

  // The name a person is shown and compared by: the first main name, or
  // the first name when none is main (names are in that order); nullptr
  // when the person has no visible name.
  const NameFact* MainName() const { return names.empty() ? nullptr : &names.front(); }
};

class Database;
class Reader;
class Statement;
class WriteTransaction;
struct StoreTesting;

struct Stats {
  int64_t persons = 0, records = 0, sources = 0, names = 0, events = 0, attributes = 0, batches = 0;
};

struct BatchCounts {
  int64_t rows_read = 0, records_added = 0, duplicates = 0, rows_rejected = 0, persons_added = 0;
};

// One row of import_batches with its source's key (Reader::ImportBatches,
// WriteTransaction::FindBatchBySha).
struct BatchInfo {
  int64_t id = 0;
  int64_t source_id = 0;
  std::string source_key, profile, file_name, file_sha256, started_at, finished_at;
  std::string retracted_at;  // "" while the batch stands
  int64_t rows_read = 0, records_added = 0, duplicates = 0, rows_rejected = 0, persons_added = 0;
};

struct OpenOptions {
  bool read_only = false;
  // The connection's page cache; scans (the name index build) need little.
  int cache_mib = 256;
  // Where the archive's key file is (docs/formats/keys.md): "" for
  // $MEMORIA_KEY_FILE when set, else DIR/keys/archive.key. An archive that
  // seals its confidential values opens without its key too: it is locked
  // (Unlocked() false), and its confidential values read as kLockedValue.
  std::string key_file = "";
  // How much of the archive file the connection reads through a memory map
  // (PRAGMA mmap_size), 0 for none: pages are then read in place, without a
  // read() into the page cache (SQLite caps the map at its build's
  // SQLITE_MAX_MMAP_SIZE, 2 GiB in Debian's; the rest is read as before).
  int64_t mmap_mib = 0;
};

// What a sealed value reads as when the archive's key is not loaded.
inline constexpr std::string_view kLockedValue = "[locked]";

class ArchiveKey;
class LedgerLog;
class RecordDictionaries;
class SigningKey;

class Store {
 public:
  static constexpr const char* kDatabaseFile = "archive.db";

  // Creates DIR (if needed) and a new archive in it. Returns kAlreadyExists
  // when DIR/archive.db exists.
  static Result<std::unique_ptr<Store>> Create(const std::string& dir);
  // Opens the archive in DIR, migrating its schema forward if it is older.
  // Returns kNotFound when DIR holds no archive and kFailedPrecondition when
  // the archive was written by a newer memoria.
  static Result<std::unique_ptr<Store>> Open(const std::string& dir, OpenOptions options);
  static Result<std::unique_ptr<Store>> Open(const std::string& dir, bool read_only = false) {
    OpenOptions options;
    options.read_only = read_only;
    return Open(dir, options);
  }
  // A private in-memory archive (tests).
  static Result<std::unique_ptr<Store>> OpenInMemory();

  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& dir() const { return dir_; }
  // A number no other Store object of this process has had, for caches of
  // in-memory archives.
  uint64_t instance_id() const { return instance_id_; }
  Result<int64_t> SchemaVersion();
  // The schema version this memoria writes, and that of the archive in
  // "dir" as it is on disk (read without opening it as a Store, so without
  // migrating it; kFailedPrecondition when it is newer than this memoria):
  // `memoria migrate` compares them.
  static int64_t CurrentSchemaVersion();
  static Result<int64_t> SchemaVersionOf(const std::string& dir);

  // Opens the one write transaction of this store (BEGIN IMMEDIATE: a
  // second writer, in this or another process, waits up to five seconds,
  // then gets kUnavailable). Returns kFailedPrecondition while another
  // WriteTransaction of this Store is open.
  Result<WriteTransaction> BeginWrite();
  // True while a WriteTransaction of this store is open.
  bool InWriteTransaction() const;
  // Stops the statement running on this store's connection, if any, from
  // any thread (sqlite3_interrupt): it fails with kUnavailable. Statements
  // begun afterwards run as usual. What a stopping server does to its
  // warm-up's connection, which may be counting the whole archive.
  void Interrupt();

  // The Reader (store/reader.h) of this store for a visibility ceiling,
  // created on first use and owned by the Store. Readers of different
  // ceilings share the connection but nothing else: each reads its own
  // views, whose ceiling is part of their definition.
  Result<Reader*> ReaderFor(Visibility ceiling);

  // Encryption at rest of confidential values (store/keys.h,
  // docs/formats/keys.md). Sealing(): the archive seals them (it has a key
  // id in meta); Unlocked(): the key is loaded, so they can be read and
  // written.
  bool Sealing() const { return !key_id_.empty(); }
  bool Unlocked() const { return key_ != nullptr; }
  // How the key is had: "file", or "argon2id SALT-HEX OPS MEM" for a key
  // derived from a passphrase.
  const std::string& KeyDerivation() const { return key_kdf_; }
  // Loads "key". kFailedPrecondition when it is not this archive's key (its
  // id differs), or when the archive does not seal.
  Status Unlock(const ArchiveKey& key);
  // Derives the key from "passphrase" as KeyDerivation() says and loads it;
  // kFailedPrecondition for a wrong passphrase or an archive whose key is a
  // file.
  Status UnlockWithPassphrase(std::string_view passphrase);
  // From now on the archive seals its confidential values with "key"
  // (whose derivation "kdf" describes, see KeyDerivation()); those it holds
  // are sealed in the same transaction. kAlreadyExists when it seals
  // already.
  Status EnableSealing(const ArchiveKey& key, std::string_view kdf = "file");
  // Re-seals every sealed value with "new_key" in one transaction and makes
  // it the archive's key. REQUIRES: Unlocked(). kFailedPrecondition when
  // locked; kDataLoss when a value does not open with the current key.
  Status RotateKey(const ArchiveKey& new_key, std::string_view kdf = "file");
  // The number of sealed values (the sealed_values table's rows).
  Result<int64_t> SealedValueCount();
  // The archive's signing key (store/signing.h), derived from its key.
  // kFailedPrecondition when the archive has no key or it is not loaded.
  Result<SigningKey> Signer() const;

 private:
  friend class Reader;
  friend class RegisterReader;
  friend class WriteTransaction;
  friend class Accounts;
  friend class CaseDrafts;
  friend struct ArchiveAccess;     // store/check.cc
  friend struct PublicRowsAccess;  // store/public_rows.cc
  friend struct FiguresAccess;     // store/figures.cc
  friend struct StoreTesting;
  Store(std::unique_ptr<Database> db, std::string dir);
  Status Migrate();
  Status LoadSealing(const std::string& key_file);
  // Opens a sealed value of (table, row, column); kLockedValue when locked.
  Result<std::string> OpenSealed(std::string_view table, int64_t row_id, std::string_view column);
  Result<Statement*> Cached(int slot, std::string_view sql);
  Database* db() { return db_.get(); }
  // The archive's record dictionaries (store/internal/record_dictionary.h),
  // loaded as records need them.
  RecordDictionaries* record_dicts();

  std::unique_ptr<Database> db_;
  std::string dir_;
  uint64_t instance_id_;
  std::vector<std::unique_ptr<Statement>> cache_;
  std::array<std::unique_ptr<Reader>, 3> readers_;
  bool writing_ = false;
  std::string key_id_;   // meta seal_key_id; "" when the archive does not seal
  std::string key_kdf_;  // meta seal_kdf
  std::unique_ptr<ArchiveKey> key_;
  // What the open write transaction collects for the ledger
  // (store/internal/ledger.h).
  std::unique_ptr<LedgerLog> ledger_;
  std::unique_ptr<RecordDictionaries> record_dicts_;
  // Fault injection (store/internal/testing.h): the write with this number
  // (0-based, counted over the Store's life) fails; -1: none.
  int64_t fail_write_at_ = -1;
  int64_t writes_ = 0;
};

}  // namespace memoria::store

#endif  // MEMORIA_STORE_STORE_H_
