#include "store/store.h"

#include <atomic>
#include <ctime>
#include <filesystem>

#include "core/hash.h"
#include "names/names.h"
#include "store/reader.h"
#include "store/schema.h"

namespace memoria::store {

namespace fs = std::filesystem;

namespace {

// Slots of the statement cache.
enum Slot {
  kFindSource,
  kInsertSource,
  kInsertBatch,
  kFinishBatch,
  kInsertRecord,
  kInsertPerson,
  kLinkRecord,
  kFindByExternal,
  kInsertName,
  kInsertEvent,
  kInsertAttribute,
  kRecordBatch,
  kInsertPlace,
  kInsertPlaceName,
  kNamesVersion,
  kSlotCount
};

std::string NowUtc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Status ApplyPragmas(Database* db, bool read_only) {
  MEMORIA_RETURN_IF_ERROR(db->Exec("PRAGMA busy_timeout = 5000"));
  MEMORIA_RETURN_IF_ERROR(db->Exec("PRAGMA foreign_keys = ON"));
  MEMORIA_RETURN_IF_ERROR(db->Exec("PRAGMA cache_size = -262144"));  // 256 MiB
  MEMORIA_RETURN_IF_ERROR(db->Exec("PRAGMA temp_store = MEMORY"));
  if (!read_only) {
    MEMORIA_RETURN_IF_ERROR(db->Exec("PRAGMA journal_mode = WAL"));
    MEMORIA_RETURN_IF_ERROR(db->Exec("PRAGMA synchronous = NORMAL"));
  }
  return Status();
}

const char* ScriptOf(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = s[i];
    if (c == 0xD0 || c == 0xD1 || c == 0xD2 || c == 0xD3) return "Cyrl";
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) return "Latn";
  }
  return "";
}

}  // namespace

std::string_view VisibilityName(Visibility v) {
  switch (v) {
    case Visibility::kPublic:
      return "public";
    case Visibility::kRestricted:
      return "restricted";
    case Visibility::kConfidential:
      return "confidential";
  }
  return "public";
}

Store::Store(std::unique_ptr<Database> db, std::string dir)
    : db_(std::move(db)), dir_(std::move(dir)) {
  static std::atomic<uint64_t> next_instance{1};
  instance_id_ = next_instance++;
  cache_.resize(kSlotCount);
}

Store::~Store() {
  cache_.clear();  // finalize statements before the connection closes
}

Result<std::unique_ptr<Store>> Store::Create(const std::string& dir) {
  std::error_code ec;
  fs::path path = fs::path(dir) / kDatabaseFile;
  if (fs::exists(path, ec)) return AlreadyExistsError("an archive exists already in " + dir);
  fs::create_directories(dir, ec);
  if (ec) return InvalidArgumentError("cannot create directory " + dir + ": " + ec.message());
  MEMORIA_ASSIGN_OR_RETURN(auto db, Database::Open(path.string(), /*create=*/true, false));
  MEMORIA_RETURN_IF_ERROR(ApplyPragmas(db.get(), false));
  std::unique_ptr<Store> store(new Store(std::move(db), dir));
  MEMORIA_RETURN_IF_ERROR(store->Migrate());
  return store;
}

Result<std::unique_ptr<Store>> Store::Open(const std::string& dir, bool read_only) {
  std::error_code ec;
  fs::path path = fs::path(dir) / kDatabaseFile;
  if (!fs::exists(path, ec)) {
    return NotFoundError("no archive in " + dir + " (create one with: memoria init " + dir + ")");
  }
  MEMORIA_ASSIGN_OR_RETURN(auto db, Database::Open(path.string(), false, read_only));
  MEMORIA_RETURN_IF_ERROR(ApplyPragmas(db.get(), read_only));
  std::unique_ptr<Store> store(new Store(std::move(db), dir));
  if (!read_only) {
    MEMORIA_RETURN_IF_ERROR(store->Migrate());
  } else {
    MEMORIA_ASSIGN_OR_RETURN(int64_t v, store->SchemaVersion());
    if (v != static_cast<int64_t>(Migrations().size())) {
      return FailedPreconditionError("archive schema version " + std::to_string(v) +
                                     " needs migration; open it read-write once");
    }
  }
  return store;
}

Result<std::unique_ptr<Store>> Store::OpenInMemory() {
  MEMORIA_ASSIGN_OR_RETURN(auto db, Database::Open(":memory:", true, false));
  MEMORIA_RETURN_IF_ERROR(ApplyPragmas(db.get(), true));
  std::unique_ptr<Store> store(new Store(std::move(db), ""));
  MEMORIA_RETURN_IF_ERROR(store->Migrate());
  return store;
}

Result<int64_t> Store::SchemaVersion() { return db_->QueryInt("PRAGMA user_version"); }

Status Store::Migrate() {
  MEMORIA_ASSIGN_OR_RETURN(int64_t version, SchemaVersion());
  auto migrations = Migrations();
  if (version > static_cast<int64_t>(migrations.size())) {
    return FailedPreconditionError("archive schema version " + std::to_string(version) +
                                   " is newer than this memoria (" +
                                   std::to_string(migrations.size()) + "); upgrade memoria");
  }
  if (version == static_cast<int64_t>(migrations.size())) return Status();
  MEMORIA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  for (size_t v = static_cast<size_t>(version); v < migrations.size(); ++v) {
    MEMORIA_RETURN_IF_ERROR(
        db_->Exec(migrations[v]).Annotate("migration " + std::to_string(v + 1)));
  }
  MEMORIA_RETURN_IF_ERROR(db_->Exec("PRAGMA user_version = " + std::to_string(migrations.size())));
  if (version == 0) {
    MEMORIA_ASSIGN_OR_RETURN(Statement st,
                             db_->Prepare("INSERT INTO meta(key, value) VALUES ('created_at', ?1), "
                                          "('format', 'memoria-archive')"));
    st.Bind(1, NowUtc());
    MEMORIA_RETURN_IF_ERROR(st.Run());
  }
  return tx.Commit();
}

Result<Statement*> Store::Cached(int slot, std::string_view sql) {
  if (!cache_[slot]) {
    MEMORIA_ASSIGN_OR_RETURN(Statement st, db_->Prepare(sql));
    cache_[slot] = std::make_unique<Statement>(std::move(st));
  }
  cache_[slot]->Reset();
  return cache_[slot].get();
}

Result<uint64_t> Store::NamesVersion() {
  MEMORIA_ASSIGN_OR_RETURN(Statement * st,
                           Cached(kNamesVersion,
                                  "SELECT (SELECT coalesce(max(id), 0) FROM names),"
                                  " (SELECT coalesce(max(id), 0) FROM import_batches),"
                                  " (SELECT coalesce(max(id), 0) FROM claims),"
                                  " (SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta"
                                  "   WHERE key = 'name_index_epoch'), 0))"));
  return st->HashOfRow();
}

Result<int64_t> Store::EnsureSource(const SourceInfo& info) {
  MEMORIA_ASSIGN_OR_RETURN(Statement * find,
                           Cached(kFindSource, "SELECT id FROM sources WHERE key = ?1"));
  find->Bind(1, info.key);
  MEMORIA_ASSIGN_OR_RETURN(bool found, find->Step());
  if (found) {
    int64_t id = find->ColumnInt(0);
    find->Reset();
    return id;
  }
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * ins,
      Cached(kInsertSource,
             "INSERT INTO sources(key, title, profile, citation, language, licence, visibility,"
             " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
  ins->Bind(1, info.key).Bind(2, info.title).Bind(3, info.profile).Bind(4, info.citation);
  ins->Bind(5, info.language).Bind(6, info.licence);
  ins->Bind(7, static_cast<int64_t>(info.visibility)).Bind(8, NowUtc());
  MEMORIA_RETURN_IF_ERROR(ins->Run());
  return db_->LastInsertRowId();
}

Result<int64_t> Store::BeginBatch(int64_t source_id, std::string_view profile,
                                  std::string_view file_name, std::string_view file_sha256) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(kInsertBatch,
             "INSERT INTO import_batches(source_id, profile, file_name, file_sha256, started_at)"
             " VALUES (?1, ?2, ?3, ?4, ?5)"));
  st->Bind(1, source_id).Bind(2, profile).Bind(3, file_name).Bind(4, file_sha256);
  st->Bind(5, NowUtc());
  MEMORIA_RETURN_IF_ERROR(st->Run());
  return db_->LastInsertRowId();
}

Status Store::FinishBatch(int64_t batch_id, const BatchCounts& c) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(kFinishBatch,
             "UPDATE import_batches SET finished_at = ?2, rows_read = ?3, records_added = ?4,"
             " duplicates = ?5, rows_rejected = ?6, persons_added = ?7 WHERE id = ?1"));
  st->Bind(1, batch_id).Bind(2, NowUtc()).Bind(3, c.rows_read).Bind(4, c.records_added);
  st->Bind(5, c.duplicates).Bind(6, c.rows_rejected).Bind(7, c.persons_added);
  return st->Run();
}

Result<int64_t> Store::AddRecord(int64_t source_id, int64_t batch_id, int64_t position,
                                 std::string_view external_id, std::string_view raw,
                                 const Sha256Digest* precomputed, int64_t occurrence) {
  Sha256Digest hash = precomputed != nullptr ? *precomputed : Sha256(raw);
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(kInsertRecord,
             "INSERT INTO records(source_id, batch_id, position, external_id, content_hash, raw,"
             " occurrence) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
             " ON CONFLICT (source_id, content_hash, occurrence) DO NOTHING"));
  st->Bind(1, source_id).Bind(2, batch_id).Bind(3, position);
  if (external_id.empty()) {
    st->BindNull(4);
  } else {
    st->Bind(4, external_id);
  }
  st->BindBlob(5, hash.data(), hash.size()).Bind(6, raw).Bind(7, occurrence);
  MEMORIA_RETURN_IF_ERROR(st->Run());
  if (db_->Changes() == 0) return int64_t{0};
  return db_->LastInsertRowId();
}

Result<int64_t> Store::RecordBatch(int64_t source_id, const Sha256Digest& hash,
                                   int64_t occurrence) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(kRecordBatch,
             "SELECT batch_id FROM records WHERE source_id = ?1 AND content_hash = ?2"
             " AND occurrence = ?3"));
  st->Bind(1, source_id).BindBlob(2, hash.data(), hash.size()).Bind(3, occurrence);
  MEMORIA_ASSIGN_OR_RETURN(bool found, st->Step());
  int64_t batch = found ? st->ColumnInt(0) : 0;
  st->Reset();
  return batch;
}

Result<int64_t> Store::AddPerson(int64_t batch_id) {
  MEMORIA_ASSIGN_OR_RETURN(Statement * st,
                           Cached(kInsertPerson, "INSERT INTO persons(batch_id) VALUES (?1)"));
  st->BindIdOrNull(1, batch_id);
  MEMORIA_RETURN_IF_ERROR(st->Run());
  return db_->LastInsertRowId();
}

Status Store::LinkRecord(int64_t person_id, int64_t record_id, std::string_view method) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(kLinkRecord,
             "INSERT INTO person_records(person_id, record_id, method) VALUES (?1, ?2, ?3)"));
  st->Bind(1, person_id).Bind(2, record_id).Bind(3, method);
  return st->Run();
}

Result<int64_t> Store::FindPersonByExternalId(int64_t source_id, std::string_view external_id) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(kFindByExternal,
             "SELECT pr.person_id FROM records r JOIN person_records pr ON pr.record_id = r.id"
             " WHERE r.source_id = ?1 AND r.external_id = ?2 LIMIT 1"));
  st->Bind(1, source_id).Bind(2, external_id);
  MEMORIA_ASSIGN_OR_RETURN(bool found, st->Step());
  int64_t id = found ? st->ColumnInt(0) : 0;
  st->Reset();
  return id;
}

Status Store::AddName(const NameFact& n) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(kInsertName,
             "INSERT INTO names(person_id, record_id, claim_id, kind, surname, given, patronymic,"
             " script, norm_surname, norm_given, norm_patronymic, visibility)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"));
  st->Bind(1, n.person_id).BindIdOrNull(2, n.record_id).BindIdOrNull(3, n.claim_id);
  st->Bind(4, n.kind).Bind(5, n.surname).Bind(6, n.given).Bind(7, n.patronymic);
  st->Bind(8, n.script.empty() ? std::string_view(ScriptOf(n.surname + n.given))
                               : std::string_view(n.script));
  if (n.norm_filled) {
    st->Bind(9, n.norm_surname).Bind(10, n.norm_given).Bind(11, n.norm_patronymic);
  } else {
    st->Bind(9, names::NormalizeNamePart(n.surname));
    st->Bind(10, names::NormalizeNamePart(n.given));
    st->Bind(11, names::NormalizeNamePart(n.patronymic));
  }
  st->Bind(12, static_cast<int64_t>(n.visibility));
  return st->Run();
}

Status Store::AddEvent(const EventFact& e) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(kInsertEvent,
             "INSERT INTO events(person_id, record_id, claim_id, type, date, date_min, date_max,"
             " date_text, place, body, article, sentence, note, visibility)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"));
  st->Bind(1, e.person_id).BindIdOrNull(2, e.record_id).BindIdOrNull(3, e.claim_id);
  st->Bind(4, e.type).Bind(5, e.date.ToString());
  if (e.date.empty()) {
    st->BindNull(6).BindNull(7);
  } else {
    st->Bind(6, static_cast<int64_t>(e.date.earliest_day()));
    st->Bind(7, static_cast<int64_t>(e.date.latest_day()));
  }
  st->Bind(8, e.date_text).Bind(9, e.place).Bind(10, e.body).Bind(11, e.article);
  st->Bind(12, e.sentence).Bind(13, e.note).Bind(14, static_cast<int64_t>(e.visibility));
  return st->Run();
}

Status Store::AddAttribute(const AttributeFact& a) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(kInsertAttribute,
             "INSERT INTO attributes(person_id, record_id, claim_id, kind, value, visibility)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  st->Bind(1, a.person_id).BindIdOrNull(2, a.record_id).BindIdOrNull(3, a.claim_id);
  st->Bind(4, a.kind).Bind(5, a.value).Bind(6, static_cast<int64_t>(a.visibility));
  return st->Run();
}

Result<int64_t> Store::AddPlace(std::string_view kind, std::string_view name,
                                std::optional<double> lat, std::optional<double> lon) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(kInsertPlace, "INSERT INTO places(name, kind, lat, lon) VALUES (?1, ?2, ?3, ?4)"));
  st->Bind(1, name).Bind(2, kind);
  if (lat.has_value() && lon.has_value()) {
    st->Bind(3, *lat).Bind(4, *lon);
  } else {
    st->BindNull(3).BindNull(4);
  }
  MEMORIA_RETURN_IF_ERROR(st->Run());
  return db_->LastInsertRowId();
}

Status Store::AddPlaceName(int64_t place_id, std::string_view name, std::string_view norm,
                           int64_t record_id, std::string_view valid_from,
                           std::string_view valid_to) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(kInsertPlaceName,
             "INSERT INTO place_names(place_id, name, norm, valid_from, valid_to, record_id)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  st->Bind(1, place_id).Bind(2, name).Bind(3, norm).Bind(4, valid_from).Bind(5, valid_to);
  st->BindIdOrNull(6, record_id);
  return st->Run();
}

Result<Stats> Store::GetStats() {
  Stats s;
  MEMORIA_ASSIGN_OR_RETURN(s.persons,
                           db_->QueryInt("SELECT count(*) FROM persons WHERE redirect_to IS NULL"));
  MEMORIA_ASSIGN_OR_RETURN(s.records, db_->QueryInt("SELECT count(*) FROM records"));
  MEMORIA_ASSIGN_OR_RETURN(s.sources, db_->QueryInt("SELECT count(*) FROM sources"));
  MEMORIA_ASSIGN_OR_RETURN(s.names, db_->QueryInt("SELECT count(*) FROM names"));
  MEMORIA_ASSIGN_OR_RETURN(s.events, db_->QueryInt("SELECT count(*) FROM events"));
  MEMORIA_ASSIGN_OR_RETURN(s.attributes, db_->QueryInt("SELECT count(*) FROM attributes"));
  MEMORIA_ASSIGN_OR_RETURN(s.batches, db_->QueryInt("SELECT count(*) FROM import_batches"));
  return s;
}

Result<Reader*> Store::ReaderFor(Visibility ceiling) {
  std::unique_ptr<Reader>& r = readers_[static_cast<size_t>(ceiling)];
  if (r == nullptr) {
    MEMORIA_ASSIGN_OR_RETURN(r, Reader::Create(this, ceiling));
  }
  return r.get();
}

Result<PersonView> Store::GetPerson(int64_t person_id, Visibility max_visibility) {
  MEMORIA_ASSIGN_OR_RETURN(Reader * reader, ReaderFor(max_visibility));
  return reader->GetPerson(person_id);
}

Status Store::ForEachPerson(Visibility max_visibility,
                            const std::function<Status(const PersonView&)>& fn) {
  MEMORIA_ASSIGN_OR_RETURN(Reader * reader, ReaderFor(max_visibility));
  return reader->ForEachPerson(0, 0, fn);
}

}  // namespace memoria::store
