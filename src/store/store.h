// Store is an archive on disk: one SQLite database, DIR/archive.db, holding
// sources, immutable source records, persons and the facts derived from
// records (names, events, attributes), each with its provenance and its
// visibility. The schema is described in docs/formats/schema.md.
//
// Writing happens inside a Transaction (store/sqlite.h) that the caller
// opens on db(): an import is one transaction, so a failed or killed import
// leaves the archive exactly as it was.
//
// Thread safety: a Store is used by one thread at a time. Several processes
// may open the same archive: SQLite's WAL mode lets readers run beside one
// writer; a second writer waits up to five seconds, then gets kUnavailable.
#ifndef MEMORIA_STORE_STORE_H_
#define MEMORIA_STORE_STORE_H_

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/edtf.h"
#include "core/hash.h"
#include "core/result.h"
#include "store/sqlite.h"

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
};

struct AttributeFact {
  int64_t id = 0;
  int64_t person_id = 0;
  int64_t record_id = 0;
  int64_t claim_id = 0;
  std::string kind;  // sex nationality citizenship occupation address education party ...
  std::string value;
  Visibility visibility = Visibility::kPublic;
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
};

struct PersonView {
  int64_t id = 0;
  int64_t redirect_to = 0;
  std::vector<NameFact> names;  // main names first
  std::vector<EventFact> events;
  std::vector<AttributeFact> attributes;
  std::vector<RecordView> records;
};

class Reader;

struct Stats {
  int64_t persons = 0, records = 0, sources = 0, names = 0, events = 0, attributes = 0, batches = 0;
};

struct BatchCounts {
  int64_t rows_read = 0, records_added = 0, duplicates = 0, rows_rejected = 0, persons_added = 0;
};

class Store {
 public:
  static constexpr const char* kDatabaseFile = "archive.db";

  // Creates DIR (if needed) and a new archive in it. Returns kAlreadyExists
  // when DIR/archive.db exists.
  static Result<std::unique_ptr<Store>> Create(const std::string& dir);
  // Opens the archive in DIR, migrating its schema forward if it is older.
  // Returns kNotFound when DIR holds no archive and kFailedPrecondition when
  // the archive was written by a newer memoria.
  static Result<std::unique_ptr<Store>> Open(const std::string& dir, bool read_only = false);
  // A private in-memory archive (tests).
  static Result<std::unique_ptr<Store>> OpenInMemory();

  ~Store();

  Database* db() { return db_.get(); }
  const std::string& dir() const { return dir_; }
  // A number no other Store object of this process has had, for caches of
  // in-memory archives.
  uint64_t instance_id() const { return instance_id_; }
  Result<int64_t> SchemaVersion();

  // ---- Writing. REQUIRES: a Transaction open on db(). ----

  // The id of the source with info.key, created from "info" if absent.
  Result<int64_t> EnsureSource(const SourceInfo& info);
  Result<int64_t> BeginBatch(int64_t source_id, std::string_view profile,
                             std::string_view file_name, std::string_view file_sha256);
  Status FinishBatch(int64_t batch_id, const BatchCounts& counts);
  // Adds a source record; "raw" is a JSON object of the original fields.
  // Returns the new record's id, or 0 when the source already holds a record
  // with the same content (the import is then idempotent).
  // "hash", when given, must be Sha256(raw) (computed ahead by the caller).
  // "occurrence" numbers exact repeats of one row within a file (1 for the
  // first copy), so that a file repeating a row keeps every copy while a
  // re-import still adds nothing.
  Result<int64_t> AddRecord(int64_t source_id, int64_t batch_id, int64_t position,
                            std::string_view external_id, std::string_view raw,
                            const Sha256Digest* hash = nullptr, int64_t occurrence = 1);
  // The batch that wrote the record with this content and occurrence, or 0.
  Result<int64_t> RecordBatch(int64_t source_id, const Sha256Digest& hash, int64_t occurrence);
  Result<int64_t> AddPerson(int64_t batch_id);
  Status LinkRecord(int64_t person_id, int64_t record_id, std::string_view method);
  // The person holding a record of this source with this external id, or 0.
  Result<int64_t> FindPersonByExternalId(int64_t source_id, std::string_view external_id);
  Status AddName(const NameFact& name);
  Status AddEvent(const EventFact& event);
  Status AddAttribute(const AttributeFact& attribute);
  // Adds a gazetteer entry to the places table ("kind": "street",
  // "building", ...) and returns its id. "lat"/"lon" are WGS 84 degrees,
  // both or neither; the caller checks their range. The entry has no parent.
  Result<int64_t> AddPlace(std::string_view kind, std::string_view name, std::optional<double> lat,
                           std::optional<double> lon);
  // Adds a name of place "place_id" to place_names: "name" as written,
  // "norm" its lookup key (docs/formats/places.md), taken from source record
  // "record_id" (> 0), valid over the EDTF interval [valid_from, valid_to]
  // ("" for open). Returns the store's error for an unknown place or record.
  Status AddPlaceName(int64_t place_id, std::string_view name, std::string_view norm,
                      int64_t record_id, std::string_view valid_from = "",
                      std::string_view valid_to = "");

  // ---- Reading. ----

  Result<Stats> GetStats();
  // The person with every fact and record visible at "max_visibility" or
  // below, through ReaderFor(max_visibility). Returns kNotFound for an
  // unknown id or a person with nothing visible; a merged person comes back
  // with redirect_to set and no facts.
  Result<PersonView> GetPerson(int64_t person_id, Visibility max_visibility = Visibility::kPublic);
  // Calls fn for every visible person in id order; stops at the first error.
  Status ForEachPerson(Visibility max_visibility,
                       const std::function<Status(const PersonView&)>& fn);

  // A fingerprint of what the name index depends on: the newest name,
  // import batch and claim, and an epoch that operations changing names in
  // place (merges, visibility changes) bump in the meta table.
  Result<uint64_t> NamesVersion();

  // The Reader (store/reader.h) of this store for a visibility ceiling,
  // created on first use and owned by the Store.
  Result<Reader*> ReaderFor(Visibility ceiling);

 private:
  struct Statements;
  Store(std::unique_ptr<Database> db, std::string dir);
  Status Migrate();
  Result<Statement*> Cached(int slot, std::string_view sql);

  std::unique_ptr<Database> db_;
  std::string dir_;
  uint64_t instance_id_;
  std::vector<std::unique_ptr<Statement>> cache_;
  std::array<std::unique_ptr<Reader>, 3> readers_;
};

}  // namespace memoria::store

#endif  // MEMORIA_STORE_STORE_H_
