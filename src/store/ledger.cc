// The store's side of the ledger: the temporary triggers that collect each
// write transaction's change of the state digest, the digest of whole
// tables (the genesis entry, verify, a transaction whose statement failed)
// and the insertion of entries (store/internal/ledger.h).
#include "store/internal/ledger.h"

#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "ledger/canonical_json.h"
#include "ledger/row_digester.h"
#include "store/internal/clock.h"
#include "store/internal/sqlite.h"

namespace memoria::store {

namespace {

// Tables outside the digest (internal/ledger.h says why).
bool Excluded(std::string_view table) {
  static constexpr std::string_view kExcluded[] = {
      "ledger",    "ledger_checkpoints", "ledger_tables",   "counters",
      "audit_log", "register_versions",  "register_events",
  };
  if (table.rfind("sqlite_", 0) == 0) return true;
  return std::find(std::begin(kExcluded), std::end(kExcluded), table) != std::end(kExcluded);
}

// Adds one value, read through "type" and the accessors, to "enc".
template <typename Int, typename Real, typename Bytes>
void EncodeValue(int type, Int as_int, Real as_real, Bytes as_bytes, ledger::RowEncoder* enc) {
  switch (type) {
    case SQLITE_INTEGER:
      enc->Integer(as_int());
      break;
    case SQLITE_FLOAT:
      enc->Real(as_real());
      break;
    case SQLITE_TEXT:
      enc->Text(as_bytes());
      break;
    case SQLITE_BLOB:
      enc->Blob(as_bytes());
      break;
    default:
      enc->Null();
  }
}

// memoria_ledger_row(sign, table, column...): called by the temporary
// triggers with each row inserted (+1) or deleted (-1); an update calls it
// twice.
void LedgerRowFunction(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  auto* log = static_cast<LedgerLog*>(sqlite3_user_data(ctx));
  if (argc < 2) return;
  const int sign = sqlite3_value_int(argv[0]);
  const int64_t index = sqlite3_value_int64(argv[1]);
  if (index < 0 || static_cast<size_t>(index) >= log->tables().size()) {
    sqlite3_result_error(ctx, "memoria_ledger_row: no such table", -1);
    return;
  }
  const auto table = static_cast<size_t>(index);
  ledger::RowEncoder& enc = log->BeginRow(sign, table);
  for (int i = 2; i < argc; ++i) {
    sqlite3_value* v = argv[i];
    EncodeValue(
        sqlite3_value_type(v), [v] { return sqlite3_value_int64(v); },
        [v] { return sqlite3_value_double(v); },
        [v]() -> std::string_view {
          const void* p = sqlite3_value_type(v) == SQLITE_BLOB
                              ? sqlite3_value_blob(v)
                              : static_cast<const void*>(sqlite3_value_text(v));
          return {static_cast<const char*>(p), static_cast<size_t>(sqlite3_value_bytes(v))};
        },
        &enc);
  }
  log->EndRow();
  sqlite3_result_null(ctx);
}

std::string ColumnList(const LedgerTable& table, std::string_view prefix) {
  std::string out;
  for (const std::string& c : table.columns) {
    out += fmt::format(", {}\"{}\"", prefix, c);
  }
  return out;
}

}  // namespace

std::string DefaultActor() {
  const char* user = std::getenv("USER");
  if (user == nullptr || *user == '\0') user = std::getenv("LOGNAME");
  if (user == nullptr || *user == '\0') {
    const passwd* pw = getpwuid(getuid());
    user = pw != nullptr ? pw->pw_name : "unknown";
  }
  return std::string("cli:") + user;
}

Result<std::vector<LedgerTable>> LedgerTables(Database* db) {
  std::vector<LedgerTable> tables;
  MEMORIA_ASSIGN_OR_RETURN(Statement names,
                           db->Prepare("SELECT name FROM sqlite_schema WHERE type = 'table'"
                                       " ORDER BY name"));
  MEMORIA_ASSIGN_OR_RETURN(Statement columns,
                           db->Prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid"));
  while (true) {
    MEMORIA_ASSIGN_OR_RETURN(bool row, names.Step());
    if (!row) break;
    LedgerTable t{names.ColumnString(0), {}};
    if (Excluded(t.name)) continue;
    columns.Reset();
    columns.Bind(1, t.name);
    while (true) {
      MEMORIA_ASSIGN_OR_RETURN(bool col, columns.Step());
      if (!col) break;
      t.columns.push_back(columns.ColumnString(0));
    }
    tables.push_back(std::move(t));
  }
  return tables;
}

Result<std::vector<TableDigest>> DigestRows(Database* db, const std::vector<LedgerTable>& tables,
                                            const std::function<void(int64_t rows)>& progress) {
  std::vector<TableDigest> out(tables.size());
  // The rows are read here and hashed on RowDigester's worker.
  ledger::RowDigester digester(tables.size());
  int64_t done = 0;
  for (size_t t = 0; t < tables.size(); ++t) {
    std::string columns = ColumnList(tables[t], "");
    // The raw statement: each value's type decides its encoding, as in
    // memoria_ledger_row.
    sqlite3_stmt* raw = nullptr;
    std::string sql = fmt::format("SELECT {} FROM main.\"{}\"", columns.substr(2), tables[t].name);
    int rc = sqlite3_prepare_v2(db->raw(), sql.c_str(), -1, &raw, nullptr);
    if (rc != SQLITE_OK) return SqliteStatus(rc, db->raw(), sql);
    const int n = static_cast<int>(tables[t].columns.size());
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
      ledger::RowEncoder& enc = digester.BeginRow(t, tables[t].name, 1);
      for (int i = 0; i < n; ++i) {
        EncodeValue(
            sqlite3_column_type(raw, i), [raw, i] { return sqlite3_column_int64(raw, i); },
            [raw, i] { return sqlite3_column_double(raw, i); },
            [raw, i]() -> std::string_view {
              const void* p = sqlite3_column_type(raw, i) == SQLITE_BLOB
                                  ? sqlite3_column_blob(raw, i)
                                  : static_cast<const void*>(sqlite3_column_text(raw, i));
              return {static_cast<const char*>(p),
                      static_cast<size_t>(sqlite3_column_bytes(raw, i))};
            },
            &enc);
      }
      digester.EndRow();
      ++out[t].added;
      if (++done % 50000 == 0 && progress) progress(done);
    }
    sqlite3_finalize(raw);
    if (rc != SQLITE_DONE) return SqliteStatus(rc, db->raw(), sql);
  }
  std::vector<ledger::LtHash16> sums = digester.Sums();
  for (size_t t = 0; t < tables.size(); ++t) out[t].digest = sums[t];
  if (progress) progress(done);
  return out;
}

Result<LedgerHead> ReadLedgerHead(Database* db) {
  LedgerHead head;
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st, db->Prepare("SELECT seq, hash, state FROM ledger ORDER BY seq DESC LIMIT 1"));
  MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return head;
  head.seq = st.ColumnInt(0);
  bool ok = ledger::DigestFromBytes(st.ColumnText(1), &head.hash);
  bool state_ok = false;
  head.state = ledger::LtHash16::FromBytes(st.ColumnText(2), &state_ok);
  if (!ok || !state_ok) {
    return DataLossError("ledger entry " + std::to_string(head.seq) + ": damaged hash or state");
  }
  return head;
}

Result<LedgerHead> InsertEntry(Database* db, const LedgerHead& head, const NewEntry& entry,
                               const std::vector<LedgerTable>& tables,
                               const std::vector<std::pair<size_t, TableDigest>>& deltas,
                               bool replace_tables) {
  LedgerHead next;
  next.seq = head.seq + 1;
  next.state = replace_tables ? ledger::LtHash16() : head.state;
  for (const auto& [t, d] : deltas) next.state.Add(d.digest);
  ledger::Entry e;
  e.seq = next.seq;
  e.at = NowUtc();
  e.actor = entry.actor;
  e.kind = entry.kind;
  e.body = entry.body;
  e.state = next.state.Bytes();
  next.hash = ledger::EntryHash(head.hash, e);
  MEMORIA_ASSIGN_OR_RETURN(Statement ins,
                           db->Prepare("INSERT INTO ledger(seq, at, actor, kind, body, state, hash)"
                                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  ins.Bind(1, e.seq).Bind(2, e.at).Bind(3, e.actor).Bind(4, e.kind).Bind(5, e.body);
  ins.BindBlob(6, e.state.data(), e.state.size());
  ins.BindBlob(7, next.hash.data(), next.hash.size());
  MEMORIA_RETURN_IF_ERROR(ins.Run());
  if (replace_tables) MEMORIA_RETURN_IF_ERROR(db->Exec("DELETE FROM ledger_tables"));
  MEMORIA_ASSIGN_OR_RETURN(Statement read,
                           db->Prepare("SELECT rows, state FROM ledger_tables WHERE name = ?1"));
  MEMORIA_ASSIGN_OR_RETURN(
      Statement write,
      db->Prepare("INSERT OR REPLACE INTO ledger_tables(name, rows, state) VALUES (?1, ?2, ?3)"));
  for (const auto& [t, d] : deltas) {
    ledger::LtHash16 state;
    int64_t rows = 0;
    if (!replace_tables) {
      read.Reset();
      read.Bind(1, tables[t].name);
      MEMORIA_ASSIGN_OR_RETURN(bool row, read.Step());
      if (row) {
        rows = read.ColumnInt(0);
        state = ledger::LtHash16::FromBytes(read.ColumnText(1));
      }
      read.Reset();
    }
    state.Add(d.digest);
    rows += d.added - d.removed;
    const std::string bytes = state.Bytes();
    write.Reset();
    write.Bind(1, tables[t].name).Bind(2, rows).BindBlob(3, bytes.data(), bytes.size());
    MEMORIA_RETURN_IF_ERROR(write.Run());
  }
  return next;
}

Status WriteGenesis(Database* db, int64_t schema_version) {
  MEMORIA_ASSIGN_OR_RETURN(std::vector<LedgerTable> tables, LedgerTables(db));
  MEMORIA_ASSIGN_OR_RETURN(std::vector<TableDigest> digests, DigestRows(db, tables));
  nlohmann::json counts = nlohmann::json::object();
  std::vector<std::pair<size_t, TableDigest>> deltas;
  for (size_t t = 0; t < tables.size(); ++t) {
    counts[tables[t].name] = digests[t].added;
    deltas.emplace_back(t, digests[t]);
  }
  MEMORIA_ASSIGN_OR_RETURN(
      std::string body,
      ledger::CanonicalJson({{"schema", schema_version}, {"tables", std::move(counts)}}));
  NewEntry entry{DefaultActor(), std::string(ledger::KindName(ledger::Kind::kGenesis)), body};
  return InsertEntry(db, LedgerHead{}, entry, tables, deltas, /*replace_tables=*/true).status();
}

Status LedgerLog::Install(Database* db) {
  if (installed_) return Status();
  const char* env = std::getenv("MEMORIA_LEDGER");
  if (env != nullptr && std::string_view(env) == "off") {
    installed_ = true;
    return Status();
  }
  MEMORIA_ASSIGN_OR_RETURN(tables_, LedgerTables(db));
  // A REPLACE that deletes a conflicting row fires the delete trigger only
  // with recursive triggers on.
  MEMORIA_RETURN_IF_ERROR(db->Exec("PRAGMA recursive_triggers = ON"));
  int rc = sqlite3_create_function_v2(db->raw(), "memoria_ledger_row", -1, SQLITE_UTF8, this,
                                      LedgerRowFunction, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteStatus(rc, db->raw(), "memoria_ledger_row");
  std::string sql;
  for (size_t t = 0; t < tables_.size(); ++t) {
    const std::string& name = tables_[t].name;
    sql += fmt::format(
        "CREATE TEMP TRIGGER IF NOT EXISTS ledger_ins_{0} AFTER INSERT ON main.\"{0}\""
        " BEGIN SELECT memoria_ledger_row(1, {1}{2}); END;\n"
        "CREATE TEMP TRIGGER IF NOT EXISTS ledger_del_{0} AFTER DELETE ON main.\"{0}\""
        " BEGIN SELECT memoria_ledger_row(-1, {1}{3}); END;\n"
        "CREATE TEMP TRIGGER IF NOT EXISTS ledger_upd_{0} AFTER UPDATE ON main.\"{0}\""
        " BEGIN SELECT memoria_ledger_row(-1, {1}{3}); SELECT memoria_ledger_row(1, {1}{2}); "
        "END;\n",
        name, t, ColumnList(tables_[t], "NEW."), ColumnList(tables_[t], "OLD."));
  }
  MEMORIA_RETURN_IF_ERROR(db->Exec(sql));
  deltas_.assign(tables_.size(), TableDigest{});
  touched_.assign(tables_.size(), false);
  digester_ = std::make_unique<ledger::RowDigester>(tables_.size());
  installed_ = true;
  enabled_ = true;
  return Status();
}

void LedgerLog::Begin() {
  for (size_t t = 0; t < touched_.size(); ++t) {
    if (touched_[t]) {
      deltas_[t] = TableDigest{};
      touched_[t] = false;
    }
  }
  if (digester_ != nullptr) digester_->Reset();
  notes_.clear();
  actor_.clear();
  failures_at_begin_ = FailedWriteStatements();
}

void LedgerLog::Note(ledger::Kind kind, nlohmann::json payload) {
  if (!enabled_) return;
  // The notes of one batch (begun, then finished with its counts) are one.
  if (payload.contains("batch")) {
    for (auto& [k, p] : notes_) {
      if (k == kind && p.contains("batch") && p["batch"] == payload["batch"]) {
        p.update(payload);
        return;
      }
    }
  }
  notes_.emplace_back(kind, std::move(payload));
}

ledger::RowEncoder& LedgerLog::BeginRow(int sign, size_t table) {
  touched_[table] = true;
  if (sign > 0) {
    ++deltas_[table].added;
  } else {
    ++deltas_[table].removed;
  }
  return digester_->BeginRow(table, tables_[table].name, sign);
}

void LedgerLog::EndRow() { digester_->EndRow(); }

std::vector<std::pair<size_t, TableDigest>> LedgerLog::Deltas() const {
  std::vector<std::pair<size_t, TableDigest>> out;
  std::vector<ledger::LtHash16> sums;
  for (size_t t = 0; t < touched_.size(); ++t) {
    if (!touched_[t]) continue;
    if (sums.empty()) sums = digester_->Sums();
    TableDigest d = deltas_[t];
    d.digest = sums[t];
    out.emplace_back(t, std::move(d));
  }
  return out;
}

}  // namespace memoria::store
