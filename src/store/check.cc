#include "store/check.h"

#include <algorithm>
#include <filesystem>

#include "core/hash.h"
#include "store/internal/ledger.h"
#include "store/internal/record_dictionary.h"
#include "store/internal/sealed_tables.h"
#include "store/internal/sqlite.h"
#include "store/internal/zlib_codec.h"
#include "store/record_codec.h"

namespace memoria::store {

// The connection of a Store, for the whole-archive checks and copies.
struct ArchiveAccess {
  static Database* Db(Store* store) { return store->db(); }
  static RecordDictionaries* Dicts(Store* store) { return store->record_dicts(); }
  static Result<std::string> OpenSealed(Store* store, std::string_view column, int64_t id) {
    return store->OpenSealed("records", id, column);
  }
};

namespace {

constexpr int64_t kProgressEvery = 50000;

std::string HashMismatch(std::string_view table, int64_t id, std::string_view what,
                         std::string_view stored, std::string_view computed) {
  return std::string(table) + " row " + std::to_string(id) + ": " + std::string(what) + " stored " +
         std::string(stored) + ", computed " + std::string(computed);
}

// SQLite's structure check: b-trees, indexes against their tables, free
// pages. Its first complaint becomes the problem.
Status CheckStructure(Database* db, CheckReport* report) {
  MEMORIA_ASSIGN_OR_RETURN(report->pages, db->QueryInt("PRAGMA page_count"));
  MEMORIA_ASSIGN_OR_RETURN(Statement st, db->Prepare("PRAGMA integrity_check(1)"));
  MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (row && st.ColumnText(0) != "ok") {
    report->problem = "database structure: " + st.ColumnString(0);
  }
  return Status();
}

Status CheckForeignKeys(Database* db, CheckReport* report) {
  MEMORIA_ASSIGN_OR_RETURN(Statement tables,
                           db->Prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
                                       " AND name NOT LIKE 'sqlite_%'"));
  MEMORIA_ASSIGN_OR_RETURN(bool counted, tables.Step());
  if (counted) report->foreign_keys_checked = tables.ColumnInt(0);
  MEMORIA_ASSIGN_OR_RETURN(Statement st, db->Prepare("PRAGMA foreign_key_check"));
  MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (row) {
    report->problem = st.ColumnString(0) + " row " + std::to_string(st.ColumnInt(1)) +
                      ": refers to a missing row of " + st.ColumnString(2);
  }
  return Status();
}

Status CheckRecords(Store* store, Database* db, const CheckProgress& progress,
                    CheckReport* report) {
  MEMORIA_ASSIGN_OR_RETURN(int64_t total, db->QueryInt("SELECT count(*) FROM records"));
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st, db->Prepare("SELECT r.id, r.content_hash, r.raw, r.layout_id, l.columns,"
                                " r.packed, r.sealed FROM records r"
                                " LEFT JOIN record_layouts l ON l.id = r.layout_id ORDER BY r.id"));
  std::string canonical;
  std::string scratch;
  while (true) {
    MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    const int64_t id = st.ColumnInt(0);
    std::string_view content = st.ColumnText(2);
    std::string_view packed = st.ColumnText(5);
    std::string opened_raw, opened_packed;
    if (st.ColumnInt(6) != 0) {
      // A sealed record's content is in sealed_values (keys.md): checked
      // when the key is loaded, counted otherwise.
      if (!store->Unlocked()) {
        ++report->records_sealed;
        continue;
      }
      MEMORIA_ASSIGN_OR_RETURN(opened_raw, ArchiveAccess::OpenSealed(store, "raw", id));
      MEMORIA_ASSIGN_OR_RETURN(opened_packed, ArchiveAccess::OpenSealed(store, "packed", id));
      content = opened_raw;
      packed = opened_packed;
    }
    if (!st.ColumnIsNull(3)) {
      if (st.ColumnIsNull(4)) {
        report->problem = "records row " + std::to_string(id) + ": its record layout " +
                          std::to_string(st.ColumnInt(3)) + " is missing";
        return Status();
      }
      Status s = PackedRecordJson(ArchiveAccess::Dicts(store), st.ColumnText(4), packed, &scratch,
                                  &canonical);
      if (!s.ok()) {
        report->problem = "records row " + std::to_string(id) + ": " + std::string(s.message());
        return Status();
      }
      content = canonical;
    }
    const Sha256Digest computed = Sha256(content);
    const std::string_view stored = st.ColumnText(1);
    if (stored.size() != computed.size() ||
        !std::equal(computed.begin(), computed.end(), stored.begin(),
                    [](uint8_t a, char b) { return a == static_cast<uint8_t>(b); })) {
      report->problem = HashMismatch(
          "records", id, "content hash",
          ToHex(reinterpret_cast<const uint8_t*>(stored.data()), stored.size()), ToHex(computed));
      return Status();
    }
    if (++report->records % kProgressEvery == 0 && progress) {
      progress("records", report->records, total);
    }
  }
  if (progress) progress("records", report->records, total);
  return Status();
}

Status CheckSnapshots(Database* db, const CheckProgress& progress, CheckReport* report) {
  MEMORIA_ASSIGN_OR_RETURN(int64_t total, db->QueryInt("SELECT count(*) FROM register_snapshots"));
  MEMORIA_ASSIGN_OR_RETURN(Statement st,
                           db->Prepare("SELECT n.id, n.file_sha256, n.content_bytes, " +
                                       OpenedColumnSql("register_snapshots", "content", "n") +
                                       " FROM register_snapshots n ORDER BY n.id"));
  while (true) {
    MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    const int64_t id = st.ColumnInt(0);
    const int64_t bytes = st.ColumnInt(2);
    if (st.ColumnIsNull(3)) continue;  // sealed, and the key is not loaded
    Result<std::string> content =
        ZlibDecompress(st.ColumnText(3), static_cast<size_t>(bytes < 0 ? 0 : bytes));
    if (!content.ok()) {
      report->problem = "register_snapshots row " + std::to_string(id) + ": " +
                        std::string(content.status().message());
      return Status();
    }
    const std::string computed = ToHex(Sha256(*content));
    if (computed != st.ColumnText(1)) {
      report->problem =
          HashMismatch("register_snapshots", id, "file hash", st.ColumnText(1), computed);
      return Status();
    }
    ++report->snapshots;
    if (progress) progress("snapshots", report->snapshots, total);
  }
  return Status();
}

}  // namespace

Result<CheckReport> CheckArchive(Store* store, const CheckProgress& progress,
                                 const std::string& public_key_file) {
  Database* db = ArchiveAccess::Db(store);
  if (db->InTransaction()) return FailedPreconditionError("a transaction is open");
  MEMORIA_RETURN_IF_ERROR(db->Exec("BEGIN"));
  CheckReport report;
  auto run = [&]() -> Status {
    if (progress) progress("structure", 0, 0);
    MEMORIA_RETURN_IF_ERROR(CheckStructure(db, &report));
    if (!report.ok()) return Status();
    if (progress) progress("foreign keys", 0, 0);
    MEMORIA_RETURN_IF_ERROR(CheckForeignKeys(db, &report));
    if (!report.ok()) return Status();
    MEMORIA_RETURN_IF_ERROR(CheckRecords(store, db, progress, &report));
    if (!report.ok()) return Status();
    MEMORIA_RETURN_IF_ERROR(CheckSnapshots(db, progress, &report));
    if (!report.ok()) return Status();
    return CheckLedger(store, db, public_key_file, progress, &report);
  };
  Status s = run();
  Status end = db->Exec("ROLLBACK");
  MEMORIA_RETURN_IF_ERROR(s);
  MEMORIA_RETURN_IF_ERROR(end);
  return report;
}

Status CopyArchive(Store* store, const std::string& path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return AlreadyExistsError(path + " exists");
  Database* db = ArchiveAccess::Db(store);
  if (db->InTransaction()) return FailedPreconditionError("a transaction is open");
  MEMORIA_ASSIGN_OR_RETURN(Statement st, db->Prepare("VACUUM INTO ?1"));
  st.Bind(1, path);
  return st.Run();
}

}  // namespace memoria::store
