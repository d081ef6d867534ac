#include "store/write.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

#include "names/names.h"
#include "store/internal/clock.h"
#include "store/internal/record_dictionary.h"
#include "store/internal/sealed_tables.h"
#include "store/internal/sqlite.h"
#include "store/internal/write_slots.h"
#include "store/record_codec.h"

namespace memoria::store {

namespace {

using write_internal::kRowsPerInsert;
using write_internal::ScriptOf;
using namespace write_internal::slots;  // NOLINT: the statement slots

}  // namespace

// Writes after which a commit checkpoints and truncates the WAL.
constexpr int64_t kCheckpointAfterWrites = 20000;

WriteTransaction::WriteTransaction(Store* store) : store_(store), first_write_(store->writes_) {}

WriteTransaction::WriteTransaction(WriteTransaction&& other) noexcept
    : store_(other.store_),
      names_changed_(other.names_changed_),
      names_removed_(other.names_removed_),
      first_write_(other.first_write_),
      created_sources_(std::move(other.created_sources_)),
      dropped_indexes_(std::move(other.dropped_indexes_)),
      seal_pending_(other.seal_pending_),
      seal_extras_pending_(other.seal_extras_pending_),
      sealed_now_(other.sealed_now_),
      packing_(std::move(other.packing_)),
      confidential_sources_(std::move(other.confidential_sources_)) {
  other.store_ = nullptr;
}

WriteTransaction::~WriteTransaction() {
  if (store_ != nullptr) Rollback().IgnoreError();
}

Status WriteTransaction::Tick() {
  if (store_ == nullptr) return FailedPreconditionError("the write transaction has finished");
  if (store_->fail_write_at_ >= 0 && store_->writes_ == store_->fail_write_at_) {
    ++store_->writes_;
    return UnavailableError("injected failure of write " + std::to_string(store_->writes_ - 1));
  }
  ++store_->writes_;
  return Status();
}

Status WriteTransaction::Finish(std::string_view sql) {
  Store* store = store_;
  store_ = nullptr;
  store->writing_ = false;
  Status s = store->db_->Exec(sql);
  // A failed COMMIT may leave the transaction open (SQLITE_BUSY): never
  // leave the connection inside it.
  if (!s.ok() && store->db_->InTransaction()) store->db_->Exec("ROLLBACK").IgnoreError();
  // A dictionary read inside a transaction that did not commit may not
  // exist, or its id be given to another one later.
  if ((sql != "COMMIT" || !s.ok()) && store->record_dicts_ != nullptr) {
    store->record_dicts_->Forget();
  }
  return s;
}

Status WriteTransaction::Commit() {
  if (store_ != nullptr && !dropped_indexes_.empty()) {
    Status built = EndBulkLoad();
    if (!built.ok()) {
      if (store_ != nullptr) Finish("ROLLBACK").IgnoreError();
      return built;
    }
  }
  if (store_ != nullptr && (seal_pending_ || seal_extras_pending_)) {
    Status sealed = Reseal();
    if (!sealed.ok()) {
      Finish("ROLLBACK").IgnoreError();
      return sealed;
    }
  }
  MEMORIA_RETURN_IF_ERROR(Tick());
  // The ledger's entry is part of the transaction it describes.
  if (Status logged = AppendLedgerEntry(); !logged.ok()) {
    Finish("ROLLBACK").IgnoreError();
    return logged.Annotate("ledger");
  }
  // The versions move in the same transaction as the writes they describe.
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * data,
      store_->Cached(kBumpData,
                     "UPDATE counters SET value = value + 1 WHERE key = 'data_version'"));
  Status s = data->Run();
  if (s.ok() && names_changed_) {
    Result<Statement*> names = store_->Cached(
        kBumpNames, "UPDATE counters SET value = value + 1 WHERE key = 'names_version'");
    s = names.ok() ? (*names)->Run() : names.status();
  }
  if (s.ok() && names_removed_) {
    Result<Statement*> removed = store_->Cached(
        kBumpRemoved, "UPDATE counters SET value = value + 1 WHERE key = 'names_removed'");
    s = removed.ok() ? (*removed)->Run() : removed.status();
  }
  if (!s.ok()) {
    Finish("ROLLBACK").IgnoreError();
    return s;
  }
  Store* store = store_;
  // After sealing, the log still holds the pages as they were before: it
  // is checkpointed and truncated so no plaintext stays in it.
  const bool large = store->writes_ - first_write_ >= kCheckpointAfterWrites || sealed_now_;
  MEMORIA_RETURN_IF_ERROR(Finish("COMMIT"));
  // Readers still inside older snapshots keep part of the log; what they
  // hold is checkpointed later. The commit itself has succeeded either way.
  if (large && !store->dir().empty()) {
    store->db_->Exec("PRAGMA wal_checkpoint(TRUNCATE)").IgnoreError();
  }
  return Status();
}

Status WriteTransaction::Rollback() {
  if (store_ == nullptr) return FailedPreconditionError("the write transaction has finished");
  return Finish("ROLLBACK");
}
Result<int64_t> WriteTransaction::EnsureSource(const SourceInfo& info) {
  if (info.visibility == Visibility::kConfidential) seal_pending_ = true;
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(Statement * find,
                           store_->Cached(kFindSource, "SELECT id FROM sources WHERE key = ?1"));
  find->Bind(1, info.key);
  MEMORIA_ASSIGN_OR_RETURN(bool found, find->Step());
  if (found) {
    int64_t id = find->ColumnInt(0);
    find->Reset();
    if (store_->Sealing()) {
      // Records added to a confidential source are sealed at the commit.
      MEMORIA_ASSIGN_OR_RETURN(bool confidential, SourceConfidential(id));
      if (confidential) seal_pending_ = true;
    }
    return id;
  }
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * ins,
      store_->Cached(
          kInsertSource,
          "INSERT INTO sources(key, title, profile, citation, language, licence, visibility,"
          " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
  ins->Bind(1, info.key).Bind(2, info.title).Bind(3, info.profile).Bind(4, info.citation);
  ins->Bind(5, info.language).Bind(6, info.licence);
  ins->Bind(7, static_cast<int64_t>(info.visibility)).Bind(8, NowUtc());
  MEMORIA_RETURN_IF_ERROR(ins->Run());
  const int64_t id = store_->db_->LastInsertRowId();
  created_sources_.push_back(id);
  return id;
}

Result<int64_t> WriteTransaction::FindSource(std::string_view key) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(Statement * find,
                           store_->Cached(kFindSource, "SELECT id FROM sources WHERE key = ?1"));
  find->Bind(1, key);
  MEMORIA_ASSIGN_OR_RETURN(bool found, find->Step());
  const int64_t id = found ? find->ColumnInt(0) : 0;
  find->Reset();
  return id;
}

bool WriteTransaction::CreatedSource(int64_t source_id) const {
  for (int64_t id : created_sources_) {
    if (id == source_id) return true;
  }
  return false;
}

Result<std::optional<BatchInfo>> WriteTransaction::FindBatchBySha(std::string_view file_sha256) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(kFindBatchBySha,
                     ExpandOpened("SELECT b.id, b.source_id, s.key, b.profile,"
                                  " OPENED(import_batches,file_name,b), b.started_at"
                                  " FROM import_batches b JOIN sources s ON s.id = b.source_id"
                                  " WHERE b.file_sha256 = ?1 AND b.retracted_at IS NULL"
                                  " ORDER BY b.id LIMIT 1",
                                  true)));
  st->Bind(1, file_sha256);
  MEMORIA_ASSIGN_OR_RETURN(bool found, st->Step());
  std::optional<BatchInfo> out;
  if (found) {
    BatchInfo b;
    b.id = st->ColumnInt(0);
    b.source_id = st->ColumnInt(1);
    b.source_key = st->ColumnString(2);
    b.profile = st->ColumnString(3);
    b.file_name = st->ColumnString(4);
    b.started_at = st->ColumnString(5);
    b.file_sha256 = std::string(file_sha256);
    out = std::move(b);
  }
  st->Reset();
  return out;
}

Status WriteTransaction::RetractBatch(int64_t batch_id) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(Statement * st,
                           store_->Cached(kRetractBatch,
                                          "UPDATE import_batches SET retracted_at = ?2"
                                          " WHERE id = ?1 AND retracted_at IS NULL"));
  st->Bind(1, batch_id).Bind(2, NowUtc());
  MEMORIA_RETURN_IF_ERROR(st->Run());
  if (store_->db_->Changes() == 0) {
    MEMORIA_ASSIGN_OR_RETURN(
        Statement probe,
        store_->db_->Prepare("SELECT retracted_at FROM import_batches WHERE id = ?1"));
    probe.Bind(1, batch_id);
    MEMORIA_ASSIGN_OR_RETURN(bool found, probe.Step());
    if (!found) return NotFoundError("no import batch " + std::to_string(batch_id));
    return FailedPreconditionError("import batch " + std::to_string(batch_id) +
                                   " was already retracted on " + probe.ColumnString(0));
  }
  names_changed_ = true;  // names and births leave the index
  names_removed_ = true;
  return AppendLedger(ledger::Kind::kRetract, {{"batch", batch_id}});
}

Result<int64_t> WriteTransaction::BeginBatch(int64_t source_id, std::string_view profile,
                                             std::string_view file_name,
                                             std::string_view file_sha256) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(
          kInsertBatch,
          "INSERT INTO import_batches(source_id, profile, file_name, file_sha256, started_at)"
          " VALUES (?1, ?2, ?3, ?4, ?5)"));
  st->Bind(1, source_id).Bind(2, profile).Bind(3, file_name).Bind(4, file_sha256);
  st->Bind(5, NowUtc());
  MEMORIA_RETURN_IF_ERROR(st->Run());
  const int64_t id = store_->db_->LastInsertRowId();
  nlohmann::json entry = {
      {"batch", id}, {"source", source_id}, {"profile", profile}, {"file_sha256", file_sha256}};
  // The file name of a confidential source's import is sealed in its row
  // and enters the ledger by keyed digest only.
  MEMORIA_ASSIGN_OR_RETURN(int64_t visibility,
                           store_->db_->QueryInt("SELECT visibility FROM sources WHERE id = " +
                                                 std::to_string(source_id)));
  if (visibility == static_cast<int64_t>(Visibility::kConfidential)) {
    seal_pending_ = true;
    entry["file_name_digest"] = LedgerDigest(file_name, Visibility::kConfidential);
  } else {
    entry["file_name"] = file_name;
  }
  MEMORIA_RETURN_IF_ERROR(AppendLedger(ledger::Kind::kImport, entry));
  return id;
}

Status WriteTransaction::FinishBatch(int64_t batch_id, const BatchCounts& c) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(
          kFinishBatch,
          "UPDATE import_batches SET finished_at = ?2, rows_read = ?3, records_added = ?4,"
          " duplicates = ?5, rows_rejected = ?6, persons_added = ?7 WHERE id = ?1"));
  st->Bind(1, batch_id).Bind(2, NowUtc()).Bind(3, c.rows_read).Bind(4, c.records_added);
  st->Bind(5, c.duplicates).Bind(6, c.rows_rejected).Bind(7, c.persons_added);
  MEMORIA_RETURN_IF_ERROR(st->Run());
  return AppendLedger(ledger::Kind::kImport, {{"batch", batch_id},
                                              {"records", c.records_added},
                                              {"persons", c.persons_added},
                                              {"duplicates", c.duplicates},
                                              {"rejected", c.rows_rejected}});
}

Result<int64_t> WriteTransaction::AddRecord(int64_t source_id, int64_t batch_id, int64_t position,
                                            std::string_view external_id, std::string_view raw,
                                            const Sha256Digest* precomputed, int64_t occurrence,
                                            Visibility visibility) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  if (visibility == Visibility::kConfidential) seal_pending_ = true;
  Sha256Digest hash = precomputed != nullptr ? *precomputed : Sha256(raw);
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(
          kInsertRecord,
          "INSERT INTO records(source_id, batch_id, position, external_id, content_hash, raw,"
          " occurrence, visibility) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
          " ON CONFLICT (source_id, content_hash, occurrence) DO NOTHING"));
  st->Bind(1, source_id).Bind(2, batch_id).Bind(3, position);
  if (external_id.empty()) {
    st->BindNull(4);
  } else {
    st->Bind(4, external_id);
  }
  st->BindBlob(5, hash.data(), hash.size()).Bind(6, raw).Bind(7, occurrence);
  st->Bind(8, static_cast<int64_t>(visibility));
  MEMORIA_RETURN_IF_ERROR(st->Run());
  if (store_->db_->Changes() == 0) return int64_t{0};
  return store_->db_->LastInsertRowId();
}

Result<int64_t> WriteTransaction::EnsureRecordLayout(const std::vector<std::string>& columns) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  std::string packed;
  PackFields(std::span<const std::string>(columns), &packed);
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * find,
      store_->Cached(kFindLayout, "SELECT id FROM record_layouts WHERE columns = ?1"));
  find->BindBlob(1, packed.data(), packed.size());
  MEMORIA_ASSIGN_OR_RETURN(bool found, find->Step());
  if (found) {
    const int64_t id = find->ColumnInt(0);
    find->Reset();
    return id;
  }
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * ins,
      store_->Cached(kInsertLayout, "INSERT INTO record_layouts(columns) VALUES (?1)"));
  ins->BindBlob(1, packed.data(), packed.size());
  MEMORIA_RETURN_IF_ERROR(ins->Run());
  return store_->db_->LastInsertRowId();
}

struct WriteTransaction::LayoutPacking {
  std::vector<std::string> samples;
  std::unique_ptr<RecordCompressor> compressor;
  bool learnt = false;  // the dictionary is known, or cannot be learnt here
};

Result<bool> WriteTransaction::SourceConfidential(int64_t source_id) {
  auto it = confidential_sources_.find(source_id);
  if (it != confidential_sources_.end()) return it->second;
  MEMORIA_ASSIGN_OR_RETURN(int64_t visibility,
                           store_->db_->QueryInt("SELECT visibility FROM sources WHERE id = " +
                                                 std::to_string(source_id)));
  const bool confidential = visibility == static_cast<int64_t>(Visibility::kConfidential);
  confidential_sources_.emplace(source_id, confidential);
  return confidential;
}

Result<RecordCompressor*> WriteTransaction::CompressorFor(int64_t layout) {
  std::unique_ptr<LayoutPacking>& packing = packing_[layout];
  if (packing == nullptr) {
    packing = std::make_unique<LayoutPacking>();
    // A dictionary learnt by an earlier import of the same columns.
    MEMORIA_ASSIGN_OR_RETURN(Statement * find,
                             store_->Cached(kFindRecordDict,
                                            "SELECT id, dict FROM record_dicts WHERE layout_id = ?1"
                                            " ORDER BY id DESC LIMIT 1"));
    find->Bind(1, layout);
    MEMORIA_ASSIGN_OR_RETURN(bool found, find->Step());
    if (found) {
      Result<std::unique_ptr<RecordCompressor>> c =
          RecordCompressor::Create(find->ColumnInt(0), find->ColumnText(1));
      find->Reset();
      if (!c.ok()) return c.status();
      packing->compressor = std::move(*c);
      packing->learnt = true;
    } else {
      find->Reset();
    }
  }
  return packing->compressor.get();
}

Status WriteTransaction::SamplePacked(int64_t layout, std::string_view packed) {
  LayoutPacking& packing = *packing_[layout];
  if (packing.learnt) return Status();
  packing.samples.emplace_back(packed);
  if (packing.samples.size() < kRecordDictionarySamples) return Status();
  packing.learnt = true;
  const std::string dict = TrainRecordDictionary(packing.samples);
  packing.samples = {};
  if (dict.empty()) return Status();
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * ins, store_->Cached(kInsertRecordDict,
                                      "INSERT INTO record_dicts(layout_id, dict) VALUES (?1, ?2)"));
  ins->Bind(1, layout).BindBlob(2, dict.data(), dict.size());
  MEMORIA_RETURN_IF_ERROR(ins->Run());
  MEMORIA_ASSIGN_OR_RETURN(packing.compressor,
                           RecordCompressor::Create(store_->db_->LastInsertRowId(), dict));
  return Status();
}

Result<int64_t> WriteTransaction::AddPackedRecord(const PackedRecord& r) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  if (r.visibility == Visibility::kConfidential) seal_pending_ = true;
  // Confidential records are neither compressed nor sampled: nothing of
  // them goes into a dictionary, which is kept in clear.
  RecordCompressor* compressor = nullptr;
  bool sample = false;
  if (r.visibility != Visibility::kConfidential) {
    MEMORIA_ASSIGN_OR_RETURN(bool confidential_source, SourceConfidential(r.source_id));
    if (!confidential_source) {
      MEMORIA_ASSIGN_OR_RETURN(compressor, CompressorFor(r.layout_id));
      sample = compressor == nullptr;
    }
  }
  std::string_view stored = r.packed;
  if (compressor != nullptr) {
    MEMORIA_RETURN_IF_ERROR(compressor->Compress(r.packed, &compressed_));
    stored = compressed_;
  }
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(kInsertPackedRecord,
                     "INSERT INTO records(source_id, batch_id, position, external_id,"
                     " content_hash, raw, layout_id, packed, occurrence, visibility)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, '', ?6, ?7, ?8, ?9)"
                     " ON CONFLICT (source_id, content_hash, occurrence) DO NOTHING"));
  st->Bind(1, r.source_id).Bind(2, r.batch_id).Bind(3, r.position);
  if (r.external_id.empty()) {
    st->BindNull(4);
  } else {
    st->BindStatic(4, r.external_id);
  }
  st->BindStaticBlob(5, r.hash.data(), r.hash.size()).Bind(6, r.layout_id);
  st->BindStaticBlob(7, stored.data(), stored.size()).Bind(8, r.occurrence);
  st->Bind(9, static_cast<int64_t>(r.visibility));
  MEMORIA_RETURN_IF_ERROR(st->Run());
  if (store_->db_->Changes() == 0) return int64_t{0};
  const int64_t id = store_->db_->LastInsertRowId();
  if (sample) MEMORIA_RETURN_IF_ERROR(SamplePacked(r.layout_id, r.packed));
  return id;
}

Result<int64_t> WriteTransaction::RecordBatch(int64_t source_id, const Sha256Digest& hash,
                                              int64_t occurrence, bool* retracted) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(kRecordBatch,
                     "SELECT r.batch_id, b.retracted_at IS NOT NULL FROM records r"
                     " JOIN import_batches b ON b.id = r.batch_id"
                     " WHERE r.source_id = ?1 AND r.content_hash = ?2 AND r.occurrence = ?3"));
  st->Bind(1, source_id).BindBlob(2, hash.data(), hash.size()).Bind(3, occurrence);
  MEMORIA_ASSIGN_OR_RETURN(bool found, st->Step());
  int64_t batch = found ? st->ColumnInt(0) : 0;
  if (retracted != nullptr) *retracted = found && st->ColumnInt(1) != 0;
  st->Reset();
  return batch;
}

Result<int64_t> WriteTransaction::AddPerson(int64_t batch_id, Visibility visibility) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  if (visibility == Visibility::kConfidential) seal_pending_ = true;
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(kInsertPerson, "INSERT INTO persons(batch_id, visibility) VALUES (?1, ?2)"));
  st->BindIdOrNull(1, batch_id).Bind(2, static_cast<int64_t>(visibility));
  MEMORIA_RETURN_IF_ERROR(st->Run());
  return store_->db_->LastInsertRowId();
}

Status WriteTransaction::LinkRecord(int64_t person_id, int64_t record_id, std::string_view method) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(
          kLinkRecord,
          "INSERT INTO person_records(person_id, record_id, method) VALUES (?1, ?2, ?3)"));
  st->Bind(1, person_id).Bind(2, record_id).BindStatic(3, method);
  return st->Run();
}

Result<int64_t> WriteTransaction::FindPersonByExternalId(int64_t source_id,
                                                         std::string_view external_id) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(
          kFindByExternal,
          "SELECT pr.person_id FROM records r JOIN person_records pr ON pr.record_id = r.id"
          " JOIN import_batches b ON b.id = r.batch_id"
          " WHERE r.source_id = ?1 AND r.external_id = ?2 AND b.retracted_at IS NULL"
          " LIMIT 1"));
  st->Bind(1, source_id).Bind(2, external_id);
  MEMORIA_ASSIGN_OR_RETURN(bool found, st->Step());
  int64_t id = found ? st->ColumnInt(0) : 0;
  st->Reset();
  return id;
}

Result<int64_t> WriteTransaction::AddName(const NameFact& n) {
  if (n.visibility == Visibility::kConfidential) seal_pending_ = true;
  MEMORIA_RETURN_IF_ERROR(Tick());
  names_changed_ = true;
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(
          kInsertName,
          "INSERT INTO names(person_id, record_id, claim_id, kind, surname, given, patronymic,"
          " script, norm_surname, norm_given, norm_patronymic, visibility)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"));
  st->Bind(1, n.person_id).BindIdOrNull(2, n.record_id).BindIdOrNull(3, n.claim_id);
  st->BindStatic(4, n.kind).BindStatic(5, n.surname).BindStatic(6, n.given);
  st->BindStatic(7, n.patronymic);
  st->BindStatic(8, n.script.empty() ? std::string_view(ScriptOf(n.surname + n.given))
                                     : std::string_view(n.script));
  if (n.norm_filled) {
    st->BindStatic(9, n.norm_surname).BindStatic(10, n.norm_given);
    st->BindStatic(11, n.norm_patronymic);
  } else {
    st->Bind(9, names::NormalizeNamePart(n.surname));
    st->Bind(10, names::NormalizeNamePart(n.given));
    st->Bind(11, names::NormalizeNamePart(n.patronymic));
  }
  st->Bind(12, static_cast<int64_t>(n.visibility));
  MEMORIA_RETURN_IF_ERROR(st->Run());
  return store_->db_->LastInsertRowId();
}

Result<int64_t> WriteTransaction::AddEvent(const EventFact& e) {
  if (e.visibility == Visibility::kConfidential) seal_pending_ = true;
  MEMORIA_RETURN_IF_ERROR(Tick());
  if (e.type == "birth") names_changed_ = true;  // the name index keeps births
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(
          kInsertEvent,
          "INSERT INTO events(person_id, record_id, claim_id, type, date, date_min, date_max,"
          " date_text, place, body, article, sentence, note, visibility)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"));
  st->Bind(1, e.person_id).BindIdOrNull(2, e.record_id).BindIdOrNull(3, e.claim_id);
  st->BindStatic(4, e.type).Bind(5, e.date.ToString());
  if (e.date.empty()) {
    st->BindNull(6).BindNull(7);
  } else {
    st->Bind(6, static_cast<int64_t>(e.date.earliest_day()));
    st->Bind(7, static_cast<int64_t>(e.date.latest_day()));
  }
  st->BindStatic(8, e.date_text).BindStatic(9, e.place).BindStatic(10, e.body);
  st->BindStatic(11, e.article).BindStatic(12, e.sentence).BindStatic(13, e.note);
  st->Bind(14, static_cast<int64_t>(e.visibility));
  MEMORIA_RETURN_IF_ERROR(st->Run());
  return store_->db_->LastInsertRowId();
}

Result<int64_t> WriteTransaction::AddAttribute(const AttributeFact& a) {
  if (a.visibility == Visibility::kConfidential) seal_pending_ = true;
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(
          kInsertAttribute,
          "INSERT INTO attributes(person_id, record_id, claim_id, kind, value, visibility)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  st->Bind(1, a.person_id).BindIdOrNull(2, a.record_id).BindIdOrNull(3, a.claim_id);
  st->BindStatic(4, a.kind).BindStatic(5, a.value).Bind(6, static_cast<int64_t>(a.visibility));
  MEMORIA_RETURN_IF_ERROR(st->Run());
  return store_->db_->LastInsertRowId();
}

Result<int64_t> WriteTransaction::AddPlace(std::string_view kind, std::string_view name,
                                           std::optional<double> lat, std::optional<double> lon) {
  seal_extras_pending_ = true;  // a row of a sealed table may be confidential
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(kInsertPlace,
                     "INSERT INTO places(name, kind, lat, lon) VALUES (?1, ?2, ?3, ?4)"));
  st->Bind(1, name).Bind(2, kind);
  if (lat.has_value() && lon.has_value()) {
    st->Bind(3, *lat).Bind(4, *lon);
  } else {
    st->BindNull(3).BindNull(4);
  }
  MEMORIA_RETURN_IF_ERROR(st->Run());
  return store_->db_->LastInsertRowId();
}

Status WriteTransaction::AddPlaceName(int64_t place_id, std::string_view name,
                                      std::string_view norm, int64_t record_id,
                                      std::string_view valid_from, std::string_view valid_to) {
  seal_extras_pending_ = true;  // a row of a sealed table may be confidential
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(
          kInsertPlaceName,
          "INSERT INTO place_names(place_id, name, norm, valid_from, valid_to, record_id)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  st->Bind(1, place_id).Bind(2, name).Bind(3, norm).Bind(4, valid_from).Bind(5, valid_to);
  st->BindIdOrNull(6, record_id);
  return st->Run();
}

Result<int64_t> WriteTransaction::AddClaim(std::string_view author, std::string_view statement,
                                           std::string_view citation, Visibility visibility) {
  seal_extras_pending_ = true;  // a row of a sealed table may be confidential
  MEMORIA_RETURN_IF_ERROR(Tick());
  if (visibility == Visibility::kConfidential) seal_pending_ = true;
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(kInsertClaim,
                     "INSERT INTO claims(author, statement, citation, created_at, visibility)"
                     " VALUES (?1, ?2, ?3, ?4, ?5)"));
  st->Bind(1, author).Bind(2, statement).Bind(3, citation).Bind(4, NowUtc());
  st->Bind(5, static_cast<int64_t>(visibility));
  MEMORIA_RETURN_IF_ERROR(st->Run());
  return store_->db_->LastInsertRowId();
}

Result<int64_t> WriteTransaction::FindPlace(std::string_view kind, std::string_view name) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(kFindPlace,
                     "SELECT id FROM places WHERE kind = ?1 AND name = ?2 ORDER BY id LIMIT 1"));
  st->Bind(1, kind).Bind(2, name);
  MEMORIA_ASSIGN_OR_RETURN(bool found, st->Step());
  const int64_t id = found ? st->ColumnInt(0) : 0;
  st->Reset();
  return id;
}

}  // namespace memoria::store
