// WriteTransaction's calls for registers of persecution (store/write.h,
// store/registers.h, docs/formats/registers.md).
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "store/internal/clock.h"
#include "store/internal/sealed_tables.h"
#include "store/internal/sqlite.h"
#include "store/internal/zlib_codec.h"
#include "store/write.h"

namespace memoria::store {

namespace {

// Slots of the store's statement cache, apart from write.cc's.
enum Slot {
  kFindRegister = 500,
  kInsertRegister,
  kFindSnapshot,
  kInsertSnapshot,
  kEachSnapshot,
  kFindEntry,
  kInsertEntry,
  kUpdateEntryKind,
  kDeleteVersions,
  kDeleteEvents,
  kInsertVersion,
  kInsertEvent,
  kEntryPerson,
  kSetEntryPerson,
  kPersonByNameBirth,
  kSetEntryVisibility,
};

std::string ColumnsJson(const std::vector<std::string>& columns) {
  nlohmann::json j = columns;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::string> ColumnsFromJson(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& c : j) {
    if (c.is_string()) out.push_back(c.get<std::string>());
  }
  return out;
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
  s.columns = ColumnsFromJson(st.ColumnText(7));
  s.rows = st.ColumnInt(8);
  return s;
}

constexpr const char* kSnapshotColumns =
    "id, register_id, batch_id, as_of, as_of_day, file_name, file_sha256, columns, rows";

}  // namespace

Result<RegisterInfo> WriteTransaction::EnsureRegister(const RegisterInfo& info, int64_t source_id) {
  seal_extras_pending_ = true;  // a row of a sealed table may be confidential
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * find,
      store_->Cached(kFindRegister,
                     "SELECT id, key, source_id, title, publisher, legal_basis, profile,"
                     " visibility, created_at FROM registers WHERE key = ?1"));
  find->Bind(1, info.key);
  MEMORIA_ASSIGN_OR_RETURN(bool found, find->Step());
  if (found) {
    RegisterInfo r;
    r.id = find->ColumnInt(0);
    r.key = find->ColumnString(1);
    r.source_id = find->ColumnInt(2);
    r.title = find->ColumnString(3);
    r.publisher = find->ColumnString(4);
    r.legal_basis = find->ColumnString(5);
    r.profile = find->ColumnString(6);
    r.visibility = static_cast<Visibility>(find->ColumnInt(7));
    r.created_at = find->ColumnString(8);
    find->Reset();
    if (r.profile != info.profile) {
      return FailedPreconditionError("register '" + info.key + "' is read with profile '" +
                                     r.profile + "', not '" + info.profile + "'");
    }
    return r;
  }
  find->Reset();
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * ins,
      store_->Cached(kInsertRegister,
                     "INSERT INTO registers(key, source_id, title, publisher, legal_basis,"
                     " profile, visibility, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
  RegisterInfo r = info;
  r.source_id = source_id;
  r.created_at = NowUtc();
  ins->Bind(1, r.key).Bind(2, source_id).Bind(3, r.title).Bind(4, r.publisher);
  ins->Bind(5, r.legal_basis).Bind(6, r.profile).Bind(7, static_cast<int64_t>(r.visibility));
  ins->Bind(8, r.created_at);
  MEMORIA_RETURN_IF_ERROR(ins->Run());
  r.id = store_->db_->LastInsertRowId();
  return r;
}

Result<std::optional<SnapshotInfo>> WriteTransaction::FindSnapshot(int64_t register_id,
                                                                   std::string_view sha256,
                                                                   std::string_view as_of) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(kFindSnapshot, std::string("SELECT ") + kSnapshotColumns +
                                        " FROM register_snapshots WHERE register_id = ?1"
                                        " AND (file_sha256 = ?2 OR as_of = ?3)"
                                        " ORDER BY file_sha256 = ?2 DESC LIMIT 1"));
  st->Bind(1, register_id).Bind(2, sha256).Bind(3, as_of);
  MEMORIA_ASSIGN_OR_RETURN(bool found, st->Step());
  std::optional<SnapshotInfo> out;
  if (found) out = SnapshotFromRow(*st);
  st->Reset();
  return out;
}

Result<int64_t> WriteTransaction::AddSnapshot(const SnapshotInfo& info, std::string_view content) {
  seal_extras_pending_ = true;  // a row of a sealed table may be confidential
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(kInsertSnapshot,
                     "INSERT INTO register_snapshots(register_id, batch_id, as_of, as_of_day,"
                     " file_name, file_sha256, columns, rows, content_bytes, content)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"));
  st->Bind(1, info.register_id).Bind(2, info.batch_id).Bind(3, info.as_of);
  st->Bind(4, static_cast<int64_t>(info.as_of_day)).Bind(5, info.file_name);
  st->Bind(6, info.file_sha256).Bind(7, ColumnsJson(info.columns)).Bind(8, info.rows);
  MEMORIA_ASSIGN_OR_RETURN(std::string packed, ZlibCompress(content));
  st->Bind(9, static_cast<int64_t>(content.size()));
  st->BindBlob(10, packed.data(), packed.size());
  MEMORIA_RETURN_IF_ERROR(st->Run());
  const int64_t id = store_->db_->LastInsertRowId();
  MEMORIA_RETURN_IF_ERROR(
      AppendLedger(ledger::Kind::kRegister, {{"register", info.register_id},
                                             {"snapshot", id},
                                             {"as_of", info.as_of},
                                             {"file_sha256", info.file_sha256}}));
  return id;
}

Status WriteTransaction::ForEachSnapshot(int64_t register_id,
                                         const std::function<Status(const StoredSnapshot&)>& fn) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  // Ids first, then one file at a time: the statement that reads a file is
  // not held open across the callback.
  std::vector<int64_t> ids;
  {
    MEMORIA_ASSIGN_OR_RETURN(
        Statement * st, store_->Cached(kEachSnapshot,
                                       "SELECT id FROM register_snapshots WHERE register_id = ?1"
                                       " ORDER BY as_of_day, id"));
    st->Bind(1, register_id);
    while (true) {
      MEMORIA_ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      ids.push_back(st->ColumnInt(0));
    }
    st->Reset();
  }
  MEMORIA_ASSIGN_OR_RETURN(
      Statement one,
      store_->db_->Prepare(std::string("SELECT ") + kSnapshotColumns + ", n.content_bytes, " +
                           OpenedColumnSql("register_snapshots", "content", "n") +
                           " FROM register_snapshots n WHERE n.id = ?1"));
  for (int64_t id : ids) {
    one.Reset();
    one.Bind(1, id);
    MEMORIA_ASSIGN_OR_RETURN(bool row, one.Step());
    if (!row) return InternalError("snapshot " + std::to_string(id) + " vanished");
    StoredSnapshot s;
    s.info = SnapshotFromRow(one);
    const int64_t bytes = one.ColumnInt(9);
    if (one.ColumnIsNull(10)) {
      one.Reset();
      return FailedPreconditionError("snapshot " + std::to_string(id) +
                                     " is sealed and the archive's key is not loaded");
    }
    Result<std::string> content =
        ZlibDecompress(one.ColumnText(10), static_cast<size_t>(bytes < 0 ? 0 : bytes));
    one.Reset();
    if (!content.ok()) return content.status().Annotate("snapshot " + std::to_string(id));
    s.content = std::move(*content);
    MEMORIA_RETURN_IF_ERROR(fn(s));
  }
  return Status();
}

Result<std::vector<int64_t>> WriteTransaction::ReplaceRegisterHistory(
    int64_t register_id, const DerivedHistory& history) {
  seal_extras_pending_ = true;  // a row of a sealed table may be confidential
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * del_versions,
      store_->Cached(kDeleteVersions,
                     "DELETE FROM register_versions WHERE entry_id IN"
                     " (SELECT id FROM register_entries WHERE register_id = ?1)"));
  del_versions->Bind(1, register_id);
  MEMORIA_RETURN_IF_ERROR(del_versions->Run());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * del_events,
      store_->Cached(kDeleteEvents,
                     "DELETE FROM register_events WHERE entry_id IN"
                     " (SELECT id FROM register_entries WHERE register_id = ?1)"));
  del_events->Bind(1, register_id);
  MEMORIA_RETURN_IF_ERROR(del_events->Run());

  std::vector<int64_t> ids;
  ids.reserve(history.entries.size());
  for (const DerivedEntry& e : history.entries) {
    MEMORIA_RETURN_IF_ERROR(Tick());
    MEMORIA_ASSIGN_OR_RETURN(
        Statement * find,
        store_->Cached(kFindEntry,
                       "SELECT id, kind FROM register_entries WHERE register_id = ?1"
                       " AND number = ?2"));
    find->Bind(1, register_id).Bind(2, e.number);
    MEMORIA_ASSIGN_OR_RETURN(bool found, find->Step());
    if (found) {
      const int64_t id = find->ColumnInt(0);
      const bool same_kind = find->ColumnText(1) == e.kind;
      find->Reset();
      if (!same_kind) {
        MEMORIA_ASSIGN_OR_RETURN(
            Statement * kind,
            store_->Cached(kUpdateEntryKind,
                           "UPDATE register_entries SET kind = ?2 WHERE id = ?1"));
        kind->Bind(1, id).Bind(2, e.kind);
        MEMORIA_RETURN_IF_ERROR(kind->Run());
      }
      ids.push_back(id);
      continue;
    }
    find->Reset();
    MEMORIA_ASSIGN_OR_RETURN(
        Statement * ins,
        store_->Cached(kInsertEntry,
                       "INSERT INTO register_entries(register_id, number, sort_key, kind)"
                       " VALUES (?1, ?2, ?3, ?4)"));
    ins->Bind(1, register_id).Bind(2, e.number).Bind(3, e.sort_key).Bind(4, e.kind);
    MEMORIA_RETURN_IF_ERROR(ins->Run());
    ids.push_back(store_->db_->LastInsertRowId());
  }
  for (const DerivedVersion& v : history.versions) {
    if (v.entry >= ids.size()) return InternalError("a version names no entry");
    MEMORIA_RETURN_IF_ERROR(Tick());
    MEMORIA_ASSIGN_OR_RETURN(
        Statement * ins,
        store_->Cached(kInsertVersion,
                       "INSERT INTO register_versions(entry_id, field, value, first_snapshot,"
                       " last_snapshot, first_day, last_day) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
    ins->Bind(1, ids[v.entry]).Bind(2, v.field).Bind(3, v.value).Bind(4, v.first_snapshot);
    ins->Bind(5, v.last_snapshot).Bind(6, static_cast<int64_t>(v.first_day));
    ins->Bind(7, static_cast<int64_t>(v.last_day));
    MEMORIA_RETURN_IF_ERROR(ins->Run());
  }
  for (const DerivedEvent& ev : history.events) {
    if (ev.entry >= ids.size()) return InternalError("an event names no entry");
    MEMORIA_RETURN_IF_ERROR(Tick());
    MEMORIA_ASSIGN_OR_RETURN(
        Statement * ins,
        store_->Cached(kInsertEvent,
                       "INSERT INTO register_events(entry_id, kind, snapshot_id, day, date,"
                       " date_min, field, before, after)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
    ins->Bind(1, ids[ev.entry]).Bind(2, ev.kind).Bind(3, ev.snapshot_id);
    ins->Bind(4, static_cast<int64_t>(ev.day)).Bind(5, ev.date);
    if (ev.date_min > 0) {
      ins->Bind(6, static_cast<int64_t>(ev.date_min));
    } else {
      ins->BindNull(6);
    }
    ins->Bind(7, ev.field).Bind(8, ev.before).Bind(9, ev.after);
    MEMORIA_RETURN_IF_ERROR(ins->Run());
  }
  return ids;
}

Status WriteTransaction::SetRegisterEntryPerson(int64_t entry_id, int64_t person_id) {
  seal_extras_pending_ = true;  // a row of a sealed table may be confidential
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(kSetEntryPerson, "UPDATE register_entries SET person_id = ?2 WHERE id = ?1"));
  st->Bind(1, entry_id).BindIdOrNull(2, person_id);
  MEMORIA_RETURN_IF_ERROR(st->Run());
  if (store_->db_->Changes() == 0) {
    return NotFoundError("no register entry " + std::to_string(entry_id));
  }
  return Status();
}

Result<int64_t> WriteTransaction::RegisterEntryPerson(int64_t entry_id) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(kEntryPerson,
                     "SELECT coalesce(person_id, 0) FROM register_entries WHERE id = ?1"));
  st->Bind(1, entry_id);
  MEMORIA_ASSIGN_OR_RETURN(bool found, st->Step());
  const int64_t id = found ? st->ColumnInt(0) : 0;
  st->Reset();
  return id;
}

Result<int64_t> WriteTransaction::FindPersonByNameAndBirth(std::string_view norm_surname,
                                                           std::string_view norm_given,
                                                           std::string_view norm_patronymic,
                                                           std::string_view birth,
                                                           int64_t except_source) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  if (norm_surname.empty() || birth.empty()) return 0;
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(kPersonByNameBirth,
                     "SELECT DISTINCT p.id FROM names n JOIN persons p ON p.id = n.person_id"
                     " JOIN events e ON e.person_id = p.id AND e.type = 'birth' AND e.date = ?4"
                     " WHERE n.norm_surname = ?1 AND n.norm_given = ?2"
                     " AND n.norm_patronymic = ?3 AND n.kind = 'main'"
                     " AND p.redirect_to IS NULL AND p.visibility = 0"
                     " AND NOT EXISTS (SELECT 1 FROM person_records pr"
                     "   JOIN records r ON r.id = pr.record_id"
                     "   WHERE pr.person_id = p.id AND r.source_id = ?5)"
                     " LIMIT 2"));
  st->Bind(1, norm_surname).Bind(2, norm_given).Bind(3, norm_patronymic).Bind(4, birth);
  st->Bind(5, except_source);
  int64_t found = 0;
  int hits = 0;
  while (true) {
    MEMORIA_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    found = st->ColumnInt(0);
    ++hits;
  }
  st->Reset();
  return hits == 1 ? found : 0;
}

Status WriteTransaction::SetRegisterEntryVisibility(int64_t entry_id, Visibility visibility) {
  seal_extras_pending_ = true;  // a row of a sealed table may be confidential
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st, store_->Cached(kSetEntryVisibility,
                                     "UPDATE register_entries SET visibility = ?2 WHERE id = ?1"));
  st->Bind(1, entry_id).Bind(2, static_cast<int64_t>(visibility));
  MEMORIA_RETURN_IF_ERROR(st->Run());
  if (store_->db_->Changes() == 0) {
    return NotFoundError("no register entry " + std::to_string(entry_id));
  }
  names_removed_ = true;
  return Status();
}

}  // namespace memoria::store
