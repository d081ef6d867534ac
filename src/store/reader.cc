#include "store/reader.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <utility>

#include "store/internal/reader_util.h"
#include "store/internal/record_dictionary.h"
#include "store/internal/sealed_tables.h"
#include "store/internal/sqlite.h"
#include "store/internal/views.h"
#include "store/internal/visibility_rule.h"
#include "store/record_codec.h"

namespace memoria::store {

using namespace reader_internal;  // NOLINT: this module's own helpers

Reader::Reader(Store* store, Visibility ceiling) : store_(store), ceiling_(ceiling) {
  cache_.resize(kSlotCount);
}

struct Reader::Deadline {
  std::chrono::steady_clock::time_point at;
  Clock clock;
  bool exceeded = false;
  bool active = false;  // set and not cleared (SetDeadline .. ClearDeadline)
};

Reader::~Reader() { ClearDeadline(); }

namespace {
// SQLite's virtual machine steps between two deadline checks: a few
// microseconds of work, so the clock's cost does not show.
constexpr int kProgressSteps = 4000;
}  // namespace

int Reader::OnProgress(void* data) {
  auto* d = static_cast<Deadline*>(data);
  if (d->exceeded) return 1;
  const auto now = d->clock ? d->clock() : std::chrono::steady_clock::now();
  d->exceeded = now >= d->at;
  return d->exceeded ? 1 : 0;
}

void Reader::SetDeadline(std::chrono::steady_clock::time_point at, Clock clock) {
  if (deadline_ == nullptr) deadline_ = std::make_unique<Deadline>();
  deadline_->at = at;
  deadline_->clock = std::move(clock);
  deadline_->exceeded = false;
  deadline_->active = true;
  sqlite3_progress_handler(store_->db()->raw(), kProgressSteps, &Reader::OnProgress,
                           deadline_.get());
}

void Reader::ClearDeadline() {
  if (deadline_ == nullptr) return;
  sqlite3_progress_handler(store_->db()->raw(), 0, nullptr, nullptr);
  deadline_->clock = nullptr;
  deadline_->active = false;
}

bool Reader::SuspendDeadline() {
  if (deadline_ == nullptr || !deadline_->active) return false;
  sqlite3_progress_handler(store_->db()->raw(), 0, nullptr, nullptr);
  return true;
}

void Reader::ResumeDeadline() {
  if (deadline_ == nullptr || !deadline_->active) return;
  sqlite3_progress_handler(store_->db()->raw(), kProgressSteps, &Reader::OnProgress,
                           deadline_.get());
}

bool Reader::DeadlineExceeded() const { return deadline_ != nullptr && deadline_->exceeded; }

Result<std::unique_ptr<Reader>> Reader::Create(Store* store, Visibility ceiling) {
  // Only the confidential views show sealed rows, and open them.
  SelectList select = nullptr;
  Status listed;
  if (ceiling == Visibility::kConfidential) {
    select = [&](std::string_view table, std::string_view alias) {
      Result<std::string> list = OpenedSelectList(store->db(), table, alias);
      if (!list.ok()) {
        listed = list.status();
        return std::string(alias) + ".*";
      }
      return *list;
    };
  }
  const std::string sql = VisibilityViewsSql(static_cast<int>(ceiling), select);
  MEMORIA_RETURN_IF_ERROR(listed);
  MEMORIA_RETURN_IF_ERROR(store->db()->Exec(sql));
  return std::unique_ptr<Reader>(new Reader(store, ceiling));
}

const std::string& Reader::archive_dir() const { return store_->dir(); }

std::string Reader::CacheKey() const {
  std::string key =
      store_->dir().empty() ? "memory:" + std::to_string(store_->instance_id()) : store_->dir();
  return key + "#" + std::to_string(static_cast<int>(ceiling_));
}

bool Reader::InWriteTransaction() const { return store_->InWriteTransaction(); }

Result<Statement*> Reader::Cached(int slot, std::string_view sql) {
  std::unique_ptr<Statement>& st = cache_[static_cast<size_t>(slot)];
  if (st == nullptr) {
    MEMORIA_ASSIGN_OR_RETURN(Statement prepared, Prepare(sql));
    st = std::make_unique<Statement>(std::move(prepared));
  }
  return st.get();
}

Result<Statement> Reader::Prepare(std::string_view sql) {
  return store_->db()->Prepare(ExpandOpened(ForCeiling(sql, static_cast<int>(ceiling_)),
                                            ceiling_ == Visibility::kConfidential));
}

Result<int64_t> Reader::Count(std::string_view sql) {
  return store_->db()->QueryInt(ForCeiling(sql, static_cast<int>(ceiling_)));
}

Result<Reader::Snapshot> Reader::BeginSnapshot() {
  if (store_->db()->InTransaction()) return Snapshot();  // already in one
  MEMORIA_ASSIGN_OR_RETURN(Statement * begin, Cached(kBegin, "BEGIN"));
  Status s = begin->Run();
  begin->Reset();
  MEMORIA_RETURN_IF_ERROR(s);
  return Snapshot(this, /*keeps_deadline=*/false);
}

Result<Reader::Snapshot> Reader::CallSnapshot() {
  MEMORIA_ASSIGN_OR_RETURN(Snapshot snapshot, BeginSnapshot());
  snapshot.keeps_deadline_ = true;
  return snapshot;
}

Reader::Snapshot::~Snapshot() {
  if (reader_ == nullptr) return;
  // An exceeded deadline would stop COMMIT (and ROLLBACK) too and leave the
  // connection inside the read transaction: the caller's snapshot clears
  // it, a call's own lifts it until the transaction has ended.
  const bool resume = keeps_deadline_ && reader_->SuspendDeadline();
  if (!keeps_deadline_) reader_->ClearDeadline();
  reader_->EndReadTransaction();
  if (resume) reader_->ResumeDeadline();
}

void Reader::EndReadTransaction() {
  // A read transaction commits without writing; should COMMIT fail, the
  // transaction is rolled back so the connection is never left inside one.
  Result<Statement*> commit = Cached(kCommit, "COMMIT");
  if (commit.ok()) {
    Status s = (*commit)->Run();
    (*commit)->Reset();
    if (s.ok()) return;
  }
  if (!store_->db()->InTransaction()) return;
  Result<Statement*> rollback = Cached(kRollback, "ROLLBACK");
  if (rollback.ok()) {
    (*rollback)->Run().IgnoreError();
    (*rollback)->Reset();
  }
}

Result<PersonView> Reader::GetPerson(int64_t person_id) {
  PersonView p;
  MEMORIA_ASSIGN_OR_RETURN(Snapshot read, CallSnapshot());
  MEMORIA_ASSIGN_OR_RETURN(const VisibilityRule* rule, Rule());
  {
    MEMORIA_ASSIGN_OR_RETURN(Statement * st,
                             Cached(kPersonRow,
                                    "SELECT id, redirect_to, visibility, retracted_by IS NOT NULL"
                                    " FROM persons WHERE id = ?1"));
    st->Bind(1, person_id);
    MEMORIA_ASSIGN_OR_RETURN(bool found, st->Step());
    bool open = false;
    if (found) {
      p.id = st->ColumnInt(0);
      p.redirect_to = st->ColumnIsNull(1) ? 0 : st->ColumnInt(1);
      open = rule->Open(st->ColumnInt(2), st->ColumnInt(3) != 0);
    }
    st->Reset();
    if (!found) return NotFoundError("no person " + std::to_string(person_id));
    if (p.redirect_to != 0) return p;
    // Every fact of a person above the ceiling or retracted is hidden:
    // no visible name.
    if (!open) return NotFoundError("no person " + std::to_string(person_id));
  }
  // The records first: a fact resting on one of them rests on a visible
  // record; any other record is looked up.
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * records,
      Cached(kPersonRecords,
             "SELECT r.id, r.source_id, s.key, s.title, OPENED(import_batches,file_name,b), "
             "r.position,"
             " coalesce(r.external_id, ''), hex(r.content_hash), r.raw, r.visibility,"
             " l.columns, r.packed, r.sealed"
             " FROM person_records pr JOIN visible_records r ON r.id = pr.record_id"
             " LEFT JOIN record_layouts l ON l.id = r.layout_id"
             " JOIN visible_sources s ON s.id = r.source_id"
             " JOIN import_batches b ON b.id = r.batch_id"
             " WHERE pr.person_id = ?1 ORDER BY r.id"));
  records->Bind(1, person_id);
  MEMORIA_RETURN_IF_ERROR(EachRow(records, [&](Statement& st) {
    RecordView r;
    r.id = st.ColumnInt(0);
    r.source_id = st.ColumnInt(1);
    r.source_key = st.ColumnString(2);
    r.source_title = st.ColumnString(3);
    r.file_name = st.ColumnString(4);
    r.position = st.ColumnInt(5);
    r.external_id = st.ColumnString(6);
    r.content_hash = LowerHex(st.ColumnText(7));
    r.locked = st.ColumnInt(12) != 0;  // sealed: opened below
    if (r.locked) {
      r.raw.clear();
    } else if (st.ColumnIsNull(10)) {
      r.raw = st.ColumnString(8);
    } else {
      MEMORIA_RETURN_IF_ERROR(PackedRecordJson(store_->record_dicts(), st.ColumnText(10),
                                               st.ColumnText(11), &scratch_, &r.raw)
                                  .Annotate("record " + std::to_string(r.id)));
    }
    r.visibility = ToVisibility(st.ColumnInt(9));
    p.records.push_back(std::move(r));
    return Status();
  }));
  // The rule's provenance terms for a fact row: its claim (column
  // claim_col) and its record (column claim_col - 1).
  auto provenance_shown = [&](const Statement& st, int claim_col) -> Result<bool> {
    if (!rule->ClaimShown(st, claim_col)) return false;
    if (st.ColumnIsNull(claim_col - 1)) return true;
    const int64_t record = st.ColumnInt(claim_col - 1);
    for (const RecordView& r : p.records) {
      if (r.id == record) return true;
    }
    MEMORIA_ASSIGN_OR_RETURN(
        Statement * one,
        Cached(kRecordProvenance,
               "SELECT visibility, source_id, batch_id FROM main.records WHERE id = ?1"));
    one->Bind(1, record);
    Result<bool> found = one->Step();
    const bool shown = found.ok() && (!*found || rule->RecordColumnsShown(*one, 0));
    one->Reset();
    MEMORIA_RETURN_IF_ERROR(found.status());
    return shown;
  };
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * names,
      Cached(kPersonNames,
             "SELECT id, record_id, claim_id, kind, surname, given, patronymic, script, visibility,"
             " sealed, retracted_by IS NOT NULL FROM main.names WHERE person_id = ?1"
             " ORDER BY kind <> 'main', id"));
  names->Bind(1, person_id);
  p.names.reserve(2);
  p.events.reserve(8);
  p.attributes.reserve(8);
  // The person's fact rows, hidden or not: the statements below step
  // through every one (RedactRecords compares them with those shown).
  int64_t fact_rows = 0;
  MEMORIA_RETURN_IF_ERROR(EachRow(names, [&](Statement& st) {
    ++fact_rows;
    if (!rule->Open(st.ColumnInt(8), st.ColumnInt(10) != 0)) return Status();
    MEMORIA_ASSIGN_OR_RETURN(bool shown, provenance_shown(st, 2));
    if (!shown) return Status();
    NameFact n;
    n.id = st.ColumnInt(0);
    n.person_id = person_id;
    n.record_id = st.ColumnInt(1);
    n.claim_id = st.ColumnInt(2);
    n.kind = st.ColumnString(3);
    n.surname = st.ColumnString(4);
    n.given = st.ColumnString(5);
    n.patronymic = st.ColumnString(6);
    n.script = st.ColumnString(7);
    n.visibility = ToVisibility(st.ColumnInt(8));
    n.locked = st.ColumnInt(9) != 0;  // sealed: opened below
    p.names.push_back(std::move(n));
    return Status();
  }));
  // A person is known only by a visible name; so are its events and
  // attributes.
  if (p.names.empty()) return NotFoundError("no person " + std::to_string(person_id));
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * events,
      Cached(kPersonEvents,
             "SELECT id, record_id, claim_id, type, date, date_text, place, body, article,"
             " sentence, note, visibility, sealed, retracted_by IS NOT NULL FROM main.events"
             " WHERE person_id = ?1 ORDER BY coalesce(date_min, 99999999), id"));
  events->Bind(1, person_id);
  MEMORIA_RETURN_IF_ERROR(EachRow(events, [&](Statement& st) {
    ++fact_rows;
    if (!rule->Open(st.ColumnInt(11), st.ColumnInt(13) != 0)) return Status();
    MEMORIA_ASSIGN_OR_RETURN(bool shown, provenance_shown(st, 2));
    if (!shown) return Status();
    EventFact e;
    e.id = st.ColumnInt(0);
    e.person_id = person_id;
    e.record_id = st.ColumnInt(1);
    e.claim_id = st.ColumnInt(2);
    e.type = st.ColumnString(3);
    MEMORIA_RETURN_IF_ERROR(ReadEventDate(st.ColumnText(4), e.id, &e.date));
    e.date_text = st.ColumnString(5);
    e.place = st.ColumnString(6);
    e.body = st.ColumnString(7);
    e.article = st.ColumnString(8);
    e.sentence = st.ColumnString(9);
    e.note = st.ColumnString(10);
    e.visibility = ToVisibility(st.ColumnInt(11));
    e.locked = st.ColumnInt(12) != 0;
    p.events.push_back(std::move(e));
    return Status();
  }));
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * attributes,
      Cached(kPersonAttributes,
             "SELECT id, record_id, claim_id, kind, value, visibility, sealed,"
             " retracted_by IS NOT NULL FROM main.attributes WHERE person_id = ?1 ORDER BY id"));
  attributes->Bind(1, person_id);
  MEMORIA_RETURN_IF_ERROR(EachRow(attributes, [&](Statement& st) {
    ++fact_rows;
    if (!rule->Open(st.ColumnInt(5), st.ColumnInt(7) != 0)) return Status();
    MEMORIA_ASSIGN_OR_RETURN(bool shown, provenance_shown(st, 2));
    if (!shown) return Status();
    AttributeFact a;
    a.id = st.ColumnInt(0);
    a.person_id = person_id;
    a.record_id = st.ColumnInt(1);
    a.claim_id = st.ColumnInt(2);
    a.kind = st.ColumnString(3);
    a.value = st.ColumnString(4);
    a.visibility = ToVisibility(st.ColumnInt(5));
    a.locked = st.ColumnInt(6) != 0;
    p.attributes.push_back(std::move(a));
    return Status();
  }));
  MEMORIA_RETURN_IF_ERROR(OpenSealedValues(&p));
  MEMORIA_RETURN_IF_ERROR(RedactRecords(&p, fact_rows));
  MEMORIA_RETURN_IF_ERROR(NoteConfidentialRead(p.id));
  return p;
}

Status Reader::ForEachPerson(int64_t after_id, int64_t limit,
                             const std::function<Status(const PersonView&)>& fn) {
  int64_t done = 0;
  while (limit == 0 || done < limit) {
    // Ids are read a page at a time so the statement is not held open
    // across GetPerson (which uses the same connection).
    MEMORIA_ASSIGN_OR_RETURN(
        Statement * st,
        Cached(kNextPersons, "SELECT id FROM visible_persons WHERE id > ?1 ORDER BY id LIMIT ?2"));
    const int64_t page = limit == 0 ? 512 : std::min<int64_t>(512, limit - done);
    st->Bind(1, after_id).Bind(2, page);
    std::vector<int64_t> ids;
    MEMORIA_RETURN_IF_ERROR(EachRow(st, [&](Statement& s) {
      ids.push_back(s.ColumnInt(0));
      return Status();
    }));
    if (ids.empty()) break;
    for (int64_t id : ids) {
      Result<PersonView> p = GetPerson(id);
      if (!p.ok()) {
        if (p.status().code() == StatusCode::kNotFound) continue;
        return p.status();
      }
      MEMORIA_RETURN_IF_ERROR(fn(*p));
      ++done;
    }
    after_id = ids.back();
  }
  return Status();
}

Result<Stats> Reader::GetStats() {
  Stats s;
  MEMORIA_ASSIGN_OR_RETURN(s.persons, Count("SELECT count(*) FROM visible_persons"));
  MEMORIA_ASSIGN_OR_RETURN(s.records, Count("SELECT count(*) FROM visible_records"));
  MEMORIA_ASSIGN_OR_RETURN(s.sources, Count("SELECT count(*) FROM visible_sources"));
  MEMORIA_ASSIGN_OR_RETURN(s.names, Count("SELECT count(*) FROM visible_names"));
  MEMORIA_ASSIGN_OR_RETURN(s.events, Count("SELECT count(*) FROM visible_events"));
  MEMORIA_ASSIGN_OR_RETURN(s.attributes, Count("SELECT count(*) FROM visible_attributes"));
  MEMORIA_ASSIGN_OR_RETURN(s.batches, Count("SELECT count(*) FROM import_batches b"
                                            " JOIN visible_sources s ON s.id = b.source_id"
                                            " WHERE b.retracted_at IS NULL"));
  return s;
}

Result<std::vector<BatchInfo>> Reader::ImportBatches() {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      Prepare("SELECT b.id, b.source_id, s.key, b.profile, OPENED(import_batches,file_name,b),"
              " b.file_sha256,"
              " b.started_at, b.finished_at, coalesce(b.retracted_at, ''), b.rows_read,"
              " b.records_added, b.duplicates, b.rows_rejected, b.persons_added"
              " FROM import_batches b JOIN visible_sources s ON s.id = b.source_id"
              " ORDER BY b.id"));
  std::vector<BatchInfo> out;
  MEMORIA_RETURN_IF_ERROR(EachRow(&st, [&](Statement& r) {
    BatchInfo b;
    b.id = r.ColumnInt(0);
    b.source_id = r.ColumnInt(1);
    b.source_key = r.ColumnString(2);
    b.profile = r.ColumnString(3);
    b.file_name = r.ColumnString(4);
    b.file_sha256 = r.ColumnString(5);
    b.started_at = r.ColumnString(6);
    b.finished_at = r.ColumnString(7);
    b.retracted_at = r.ColumnString(8);
    b.rows_read = r.ColumnInt(9);
    b.records_added = r.ColumnInt(10);
    b.duplicates = r.ColumnInt(11);
    b.rows_rejected = r.ColumnInt(12);
    b.persons_added = r.ColumnInt(13);
    out.push_back(std::move(b));
    return Status();
  }));
  return out;
}

Result<Stats> Reader::GetHeadlineStats(const RowFloor& above) {
  Stats s;
  MEMORIA_ASSIGN_OR_RETURN(s.persons, Count("SELECT count(*) FROM visible_persons WHERE 1" +
                                            Above("id", above.persons)));
  MEMORIA_ASSIGN_OR_RETURN(s.records, Count("SELECT count(*) FROM visible_records WHERE 1" +
                                            Above("id", above.records)));
  MEMORIA_ASSIGN_OR_RETURN(s.sources, Count("SELECT count(*) FROM visible_sources WHERE 1" +
                                            Above("id", above.sources)));
  return s;
}

Result<std::vector<MonthCount>> Reader::MonthlyCounts(const RowFloor& above) {
  // Only dates known to the month: earliest and latest day in one month.
  MEMORIA_ASSIGN_OR_RETURN(Statement st,
                           Prepare("SELECT date_min / 100 AS m, sum(type = 'arrest'),"
                                   " sum(type = 'execution') FROM visible_events"
                                   // "+type": one pass over the events in row order
                                   // (a person's rows together), not a walk of the
                                   // (type, date) index that reads them in random
                                   // order: 4x faster at a million persons.
                                   " WHERE (+type = 'arrest' OR +type = 'execution')"
                                   " AND date_min IS NOT NULL AND date_min / 100 = date_max / 100" +
                                   Above("id", above.events) + " GROUP BY m ORDER BY m"));
  std::vector<MonthCount> out;
  MEMORIA_RETURN_IF_ERROR(EachRow(&st, [&](Statement& s) {
    out.push_back({static_cast<int32_t>(s.ColumnInt(0)), s.ColumnInt(1), s.ColumnInt(2)});
    return Status();
  }));
  return out;
}

Result<Reader::IdBounds> Reader::FactIdBounds() {
  MEMORIA_ASSIGN_OR_RETURN(Statement * st, Cached(kIdBounds,
                                                  "SELECT (SELECT coalesce(max(id), 0) FROM names),"
                                                  " (SELECT coalesce(max(id), 0) FROM events),"
                                                  " (SELECT coalesce(max(id), 0) FROM persons)"));
  MEMORIA_ASSIGN_OR_RETURN(bool row, st->Step());
  IdBounds out;
  if (row) {
    out.names = st->ColumnInt(0);
    out.events = st->ColumnInt(1);
    out.persons = st->ColumnInt(2);
  }
  st->Reset();
  return out;
}

// Both versions read the counters that every committed write moves
// (WriteTransaction::Commit, and the schema's triggers for updates and
// deletions by any path), plus the highest row ids, so that rows inserted
// by hand are noticed as well.
Result<uint64_t> Reader::DataVersion() {
  MEMORIA_ASSIGN_OR_RETURN(Statement * st,
                           Cached(kDataVersion,
                                  "SELECT (SELECT value FROM counters WHERE key = 'data_version'),"
                                  " (SELECT coalesce(max(id), 0) FROM import_batches),"
                                  " (SELECT coalesce(max(id), 0) FROM claims),"
                                  " (SELECT coalesce(max(id), 0) FROM place_names),"
                                  " (SELECT coalesce(max(id), 0) FROM places),"
                                  " (SELECT coalesce(max(id), 0) FROM persons),"
                                  " (SELECT coalesce(max(id), 0) FROM records),"
                                  " (SELECT coalesce(max(id), 0) FROM names),"
                                  " (SELECT coalesce(max(id), 0) FROM events),"
                                  " (SELECT coalesce(max(id), 0) FROM attributes)"));
  return st->HashOfRow();
}

Result<uint64_t> Reader::NamesVersion() {
  MEMORIA_ASSIGN_OR_RETURN(Statement * st,
                           Cached(kNamesVersion,
                                  "SELECT (SELECT value FROM counters WHERE key = 'names_version'),"
                                  " (SELECT coalesce(max(id), 0) FROM names),"
                                  " (SELECT coalesce(max(id), 0) FROM import_batches),"
                                  " (SELECT coalesce(max(id), 0) FROM claims),"
                                  " (SELECT coalesce(max(id), 0) FROM persons)"));
  return st->HashOfRow();
}

Result<int64_t> Reader::NamesRemovals() {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(kNamesRemovals, "SELECT value FROM counters WHERE key = 'names_removed'"));
  MEMORIA_ASSIGN_OR_RETURN(bool row, st->Step());
  const int64_t v = row ? st->ColumnInt(0) : 0;
  st->Reset();
  return v;
}

}  // namespace memoria::store
