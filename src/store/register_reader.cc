// RegisterReader (store/registers.h): the registers as one ceiling sees
// them, read only through the visible<c>_register_* views.
#include <map>
#include <nlohmann/json.hpp>

#include "store/internal/sealed_tables.h"
#include "store/internal/sqlite.h"
#include "store/internal/views.h"
#include "store/internal/zlib_codec.h"
#include "store/reader.h"
#include "store/registers.h"

namespace memoria::store {

namespace {

enum Slot {
  kRegisters,
  kRegister,
  kSnapshots,
  kSnapshot,
  kEntriesAt,
  kEntry,
  kEntryLatest,
  kVersions,
  kEvents,
  kEntryEvents,
  kCountEvents,
  kPersonEntries,
  kSlotCount,
};

constexpr const char* kRegisterColumns =
    "g.id, g.key, g.source_id, g.title, g.publisher, g.legal_basis, g.profile,"
    " max(g.visibility, (SELECT s.visibility FROM main.sources s WHERE s.id = g.source_id)),"
    " g.created_at,"
    " (SELECT count(*) FROM visible_register_snapshots n WHERE n.register_id = g.id),"
    " (SELECT count(*) FROM visible_register_entries e WHERE e.register_id = g.id),"
    " coalesce((SELECT min(as_of) FROM visible_register_snapshots n"
    "   WHERE n.register_id = g.id), ''),"
    " coalesce((SELECT max(as_of) FROM visible_register_snapshots n"
    "   WHERE n.register_id = g.id), '')";

RegisterSummary SummaryFromRow(const Statement& st) {
  RegisterSummary s;
  s.info.id = st.ColumnInt(0);
  s.info.key = st.ColumnString(1);
  s.info.source_id = st.ColumnInt(2);
  s.info.title = st.ColumnString(3);
  s.info.publisher = st.ColumnString(4);
  s.info.legal_basis = st.ColumnString(5);
  s.info.profile = st.ColumnString(6);
  s.info.visibility = static_cast<Visibility>(st.ColumnInt(7));
  s.info.created_at = st.ColumnString(8);
  s.snapshots = st.ColumnInt(9);
  s.entries = st.ColumnInt(10);
  s.first_as_of = st.ColumnString(11);
  s.last_as_of = st.ColumnString(12);
  return s;
}

SnapshotInfo SnapshotFromRow(const Statement& st) {
  SnapshotInfo s;
  s.id = st.ColumnInt(0);
  s.register_id = st.ColumnInt(1);
  s.batch_id = st.ColumnInt(2);
  s.as_of = st.ColumnString(3);
  s.as_of_day = static_cast<int32_t>(st.ColumnInt(4));
  s.file_name = st.ColumnString(5);
  s.file_sha256 = st.ColumnString(6);
  nlohmann::json cols = nlohmann::json::parse(st.ColumnText(7), nullptr, false);
  if (cols.is_array()) {
    for (const auto& c : cols) {
      if (c.is_string()) s.columns.push_back(c.get<std::string>());
    }
  }
  s.rows = st.ColumnInt(8);
  return s;
}

constexpr const char* kSnapshotColumns =
    "n.id, n.register_id, n.batch_id, n.as_of, n.as_of_day, n.file_name, n.file_sha256,"
    " n.columns, n.rows";

// The person of an entry as the ceiling may name it.
constexpr const char* kVisiblePerson =
    "coalesce((SELECT p.id FROM visible_persons p WHERE p.id = e.person_id), 0)";

// Steps "st" to the end, calling fn on each row; resets it.
template <typename Fn>
Status EachRow(Statement* st, Fn&& fn) {
  while (true) {
    Result<bool> row = st->Step();
    if (!row.ok()) {
      st->Reset();
      return row.status();
    }
    if (!*row) break;
    fn(*st);
  }
  st->Reset();
  return Status();
}

}  // namespace

const std::string& RegisterEntryRow::Field(std::string_view field) const {
  static const std::string kEmpty;
  for (const auto& [k, v] : fields) {
    if (k == field) return v;
  }
  return kEmpty;
}

RegisterReader::RegisterReader(Reader* reader)
    : store_(reader->store_), reader_(reader), ceiling_(static_cast<int>(reader->ceiling_)) {}

void RegisterReader::NoteRegister(const RegisterSummary& r) {
  if (r.info.visibility == Visibility::kConfidential)
    reader_->NoteConfidentialSubject("register " + r.info.key);
}

void RegisterReader::NoteEntry(int64_t entry_id, int64_t visibility) {
  if (visibility == static_cast<int64_t>(Visibility::kConfidential))
    reader_->NoteConfidentialSubject("register entry " + std::to_string(entry_id));
}

RegisterReader::~RegisterReader() = default;

Result<std::unique_ptr<RegisterReader>> RegisterReader::Create(Reader* reader) {
  if (reader == nullptr) return InvalidArgumentError("no reader");
  auto r = std::unique_ptr<RegisterReader>(new RegisterReader(reader));
  r->cache_.resize(kSlotCount);
  return r;
}

Result<Statement*> RegisterReader::Cached(int slot, std::string_view sql) {
  std::unique_ptr<Statement>& st = cache_[static_cast<size_t>(slot)];
  if (st == nullptr) {
    MEMORIA_ASSIGN_OR_RETURN(Statement prepared, store_->db()->Prepare(ExpandOpened(
                                                     ForCeiling(sql, ceiling_), ceiling_ == 2)));
    st = std::make_unique<Statement>(std::move(prepared));
  }
  st->Reset();
  return st.get();
}

Result<std::vector<RegisterSummary>> RegisterReader::Registers() {
  MEMORIA_ASSIGN_OR_RETURN(Statement * st,
                           Cached(kRegisters, std::string("SELECT ") + kRegisterColumns +
                                                  " FROM visible_registers g ORDER BY g.key"));
  std::vector<RegisterSummary> out;
  MEMORIA_RETURN_IF_ERROR(
      EachRow(st, [&](const Statement& row) { out.push_back(SummaryFromRow(row)); }));
  for (const RegisterSummary& r : out) NoteRegister(r);
  return out;
}

Result<RegisterSummary> RegisterReader::Register(std::string_view key) {
  MEMORIA_ASSIGN_OR_RETURN(Statement * st,
                           Cached(kRegister, std::string("SELECT ") + kRegisterColumns +
                                                 " FROM visible_registers g WHERE g.key = ?1"));
  st->Bind(1, key);
  std::optional<RegisterSummary> out;
  MEMORIA_RETURN_IF_ERROR(EachRow(st, [&](const Statement& row) { out = SummaryFromRow(row); }));
  if (!out.has_value()) return NotFoundError("no register '" + std::string(key) + "'");
  NoteRegister(*out);
  return *out;
}

Result<std::vector<SnapshotInfo>> RegisterReader::Snapshots(int64_t register_id) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(kSnapshots, std::string("SELECT ") + kSnapshotColumns +
                             " FROM visible_register_snapshots n WHERE n.register_id = ?1"
                             " ORDER BY n.as_of_day"));
  st->Bind(1, register_id);
  std::vector<SnapshotInfo> out;
  MEMORIA_RETURN_IF_ERROR(
      EachRow(st, [&](const Statement& row) { out.push_back(SnapshotFromRow(row)); }));
  return out;
}

Result<StoredSnapshot> RegisterReader::Snapshot(int64_t snapshot_id) {
  MEMORIA_ASSIGN_OR_RETURN(Statement * st,
                           Cached(kSnapshot, std::string("SELECT ") + kSnapshotColumns +
                                                 ", n.content_bytes, n.content"
                                                 " FROM visible_register_snapshots n"
                                                 " WHERE n.id = ?1"));
  st->Bind(1, snapshot_id);
  std::optional<StoredSnapshot> out;
  int64_t bytes = 0;
  std::string packed;
  MEMORIA_RETURN_IF_ERROR(EachRow(st, [&](const Statement& row) {
    StoredSnapshot s;
    s.info = SnapshotFromRow(row);
    bytes = row.ColumnInt(9);
    packed = row.ColumnString(10);
    out = std::move(s);
  }));
  if (!out.has_value()) return NotFoundError("no snapshot " + std::to_string(snapshot_id));
  // Sealed (the register or an entry of it is confidential): below the
  // confidential ceiling, or without the key, the file is not there.
  if (packed.empty() && bytes > 0) {
    return NotFoundError("the file of snapshot " + std::to_string(snapshot_id) +
                         " is sealed: it holds confidential values");
  }
  MEMORIA_ASSIGN_OR_RETURN(out->content,
                           ZlibDecompress(packed, static_cast<size_t>(bytes < 0 ? 0 : bytes)));
  return std::move(*out);
}

Result<std::vector<RegisterEntryRow>> RegisterReader::EntriesAt(int64_t register_id,
                                                                int32_t as_of_day) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(kEntriesAt, std::string("SELECT e.id, e.number, e.kind, ") + kVisiblePerson +
                             ", v.field, OPENED(register_versions,value,v), e.visibility"
                             " FROM visible_register_entries e"
                             " JOIN main.register_versions v ON v.entry_id = e.id"
                             " WHERE e.register_id = ?1 AND v.first_day <= ?2 AND v.last_day >= ?2"
                             " ORDER BY e.sort_key, e.number, e.id, v.field"));
  st->Bind(1, register_id).Bind(2, static_cast<int64_t>(as_of_day));
  std::vector<RegisterEntryRow> out;
  MEMORIA_RETURN_IF_ERROR(EachRow(st, [&](const Statement& row) {
    const int64_t id = row.ColumnInt(0);
    if (out.empty() || out.back().entry_id != id) {
      RegisterEntryRow e;
      e.entry_id = id;
      e.number = row.ColumnString(1);
      e.kind = row.ColumnString(2);
      e.person_id = row.ColumnInt(3);
      NoteEntry(id, row.ColumnInt(6));
      out.push_back(std::move(e));
    }
    out.back().fields.emplace_back(row.ColumnString(4), row.ColumnString(5));
  }));
  return out;
}

Result<RegisterEntryRow> RegisterReader::Entry(int64_t register_id, std::string_view number) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(kEntry, std::string("SELECT e.id, e.number, e.kind, ") + kVisiblePerson +
                         ", e.visibility FROM visible_register_entries e"
                         " WHERE e.register_id = ?1 AND e.number = ?2"));
  st->Bind(1, register_id).Bind(2, number);
  std::optional<RegisterEntryRow> out;
  MEMORIA_RETURN_IF_ERROR(EachRow(st, [&](const Statement& row) {
    RegisterEntryRow e;
    e.entry_id = row.ColumnInt(0);
    e.number = row.ColumnString(1);
    e.kind = row.ColumnString(2);
    e.person_id = row.ColumnInt(3);
    NoteEntry(e.entry_id, row.ColumnInt(4));
    out = std::move(e);
  }));
  if (!out.has_value()) return NotFoundError("no entry " + std::string(number));
  // The newest value of each field.
  MEMORIA_ASSIGN_OR_RETURN(Statement * latest,
                           Cached(kEntryLatest,
                                  "SELECT v.field, v.value FROM visible_register_versions v"
                                  " WHERE v.entry_id = ?1 AND v.last_day = (SELECT max(w.last_day)"
                                  "   FROM main.register_versions w WHERE w.entry_id = v.entry_id"
                                  "   AND w.field = v.field) ORDER BY v.field"));
  latest->Bind(1, out->entry_id);
  MEMORIA_RETURN_IF_ERROR(EachRow(latest, [&](const Statement& row) {
    out->fields.emplace_back(row.ColumnString(0), row.ColumnString(1));
  }));
  return std::move(*out);
}

Result<std::vector<RegisterVersionRow>> RegisterReader::Versions(int64_t entry_id) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(kVersions,
             "SELECT v.field, v.value, v.first_snapshot, v.last_snapshot, a.as_of, b.as_of"
             " FROM visible_register_versions v"
             " JOIN main.register_snapshots a ON a.id = v.first_snapshot"
             " JOIN main.register_snapshots b ON b.id = v.last_snapshot"
             " WHERE v.entry_id = ?1 ORDER BY v.field, v.first_day"));
  st->Bind(1, entry_id);
  std::vector<RegisterVersionRow> out;
  MEMORIA_RETURN_IF_ERROR(EachRow(st, [&](const Statement& row) {
    RegisterVersionRow v;
    v.field = row.ColumnString(0);
    v.value = row.ColumnString(1);
    v.first_snapshot = row.ColumnInt(2);
    v.last_snapshot = row.ColumnInt(3);
    v.first_as_of = row.ColumnString(4);
    v.last_as_of = row.ColumnString(5);
    out.push_back(std::move(v));
  }));
  return out;
}

namespace {

// The event columns and joins shared by Events and its entry form.
constexpr const char* kEventSelect =
    "SELECT v.id, v.entry_id, e.number,"
    " coalesce((SELECT OPENED(register_versions,value,w) FROM main.register_versions w"
    "   WHERE w.entry_id = e.id"
    "   AND w.field = 'name' ORDER BY w.last_day DESC LIMIT 1), ''),"
    " v.kind, v.snapshot_id, n.as_of, v.date, v.field, v.before, v.after, e.visibility"
    " FROM visible_register_events v"
    " JOIN visible_register_entries e ON e.id = v.entry_id"
    " JOIN main.register_snapshots n ON n.id = v.snapshot_id";

RegisterEventRow EventFromRow(const Statement& row) {
  RegisterEventRow ev;
  ev.event_id = row.ColumnInt(0);
  ev.entry_id = row.ColumnInt(1);
  ev.number = row.ColumnString(2);
  ev.name = row.ColumnString(3);
  ev.kind = row.ColumnString(4);
  ev.snapshot_id = row.ColumnInt(5);
  ev.as_of = row.ColumnString(6);
  ev.date = row.ColumnString(7);
  ev.field = row.ColumnString(8);
  ev.before = row.ColumnString(9);
  ev.after = row.ColumnString(10);
  return ev;
}

}  // namespace

Result<std::vector<RegisterEventRow>> RegisterReader::Events(const EventQuery& q) {
  std::vector<RegisterEventRow> out;
  Statement* st = nullptr;
  if (q.entry_id > 0) {
    MEMORIA_ASSIGN_OR_RETURN(
        st, Cached(kEntryEvents, std::string(kEventSelect) + " WHERE v.entry_id = ?1"
                                                             " ORDER BY v.day, v.id"));
    st->Bind(1, q.entry_id);
  } else {
    MEMORIA_ASSIGN_OR_RETURN(
        st, Cached(kEvents, std::string(kEventSelect) +
                                " WHERE e.register_id = ?1 AND v.day >= ?2 AND v.day <= ?3"
                                " ORDER BY v.day DESC, e.sort_key DESC, v.id DESC"
                                " LIMIT ?4 OFFSET ?5"));
    st->Bind(1, q.register_id).Bind(2, static_cast<int64_t>(q.from_day));
    st->Bind(3, static_cast<int64_t>(q.to_day > 0 ? q.to_day : 99991231));
    st->Bind(4, q.limit).Bind(5, q.offset);
  }
  MEMORIA_RETURN_IF_ERROR(EachRow(st, [&](const Statement& row) {
    out.push_back(EventFromRow(row));
    NoteEntry(out.back().entry_id, row.ColumnInt(11));
  }));
  return out;
}

Result<int64_t> RegisterReader::CountEvents(const EventQuery& q) {
  MEMORIA_ASSIGN_OR_RETURN(Statement * st,
                           Cached(kCountEvents,
                                  "SELECT count(*) FROM visible_register_events v"
                                  " JOIN visible_register_entries e ON e.id = v.entry_id"
                                  " WHERE e.register_id = ?1 AND v.day >= ?2 AND v.day <= ?3"
                                  " AND (?4 = 0 OR v.entry_id = ?4)"));
  st->Bind(1, q.register_id).Bind(2, static_cast<int64_t>(q.from_day));
  st->Bind(3, static_cast<int64_t>(q.to_day > 0 ? q.to_day : 99991231)).Bind(4, q.entry_id);
  int64_t n = 0;
  MEMORIA_RETURN_IF_ERROR(EachRow(st, [&](const Statement& row) { n = row.ColumnInt(0); }));
  return n;
}

Result<std::vector<PersonRegisterEntry>> RegisterReader::EntriesOfPerson(int64_t person_id) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(kPersonEntries,
             "SELECT g.key, g.title, e.number, e.id, e.visibility,"
             " max(g.visibility, (SELECT s.visibility FROM main.sources s"
             "   WHERE s.id = g.source_id)),"
             " coalesce((SELECT x.date FROM main.register_events x WHERE x.entry_id = e.id"
             "   AND x.kind = 'included' ORDER BY x.day LIMIT 1), ''),"
             " coalesce((SELECT min(n.as_of) FROM main.register_versions w"
             "   JOIN main.register_snapshots n ON n.id = w.first_snapshot"
             "   WHERE w.entry_id = e.id), ''),"
             " coalesce((SELECT CASE WHEN x.kind = 'excluded'"
             "   THEN CASE WHEN x.date <> '' THEN x.date ELSE n.as_of END ELSE '' END"
             "   FROM main.register_events x JOIN main.register_snapshots n"
             "   ON n.id = x.snapshot_id WHERE x.entry_id = e.id"
             "   AND (x.kind = 'excluded' OR x.kind = 'reincluded')"
             "   ORDER BY x.day DESC, x.id DESC LIMIT 1), ''),"
             " coalesce((SELECT max(n.as_of) FROM main.register_versions w"
             "   JOIN main.register_snapshots n ON n.id = w.last_snapshot"
             "   WHERE w.entry_id = e.id), '')"
             " FROM visible_register_entries e JOIN visible_registers g ON g.id = e.register_id"
             " WHERE e.person_id = ?1 AND EXISTS (SELECT 1 FROM visible_persons p"
             "   WHERE p.id = e.person_id)"
             " ORDER BY g.key, e.sort_key"));
  st->Bind(1, person_id);
  std::vector<PersonRegisterEntry> out;
  MEMORIA_RETURN_IF_ERROR(EachRow(st, [&](const Statement& row) {
    PersonRegisterEntry p;
    p.register_key = row.ColumnString(0);
    p.register_title = row.ColumnString(1);
    p.number = row.ColumnString(2);
    NoteEntry(row.ColumnInt(3), row.ColumnInt(4));
    if (row.ColumnInt(5) == static_cast<int64_t>(Visibility::kConfidential))
      reader_->NoteConfidentialSubject("register " + p.register_key);
    p.included = row.ColumnString(6);
    p.first_as_of = row.ColumnString(7);
    p.excluded = row.ColumnString(8);
    p.last_as_of = row.ColumnString(9);
    out.push_back(std::move(p));
  }));
  return out;
}

}  // namespace memoria::store
