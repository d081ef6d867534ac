#include "store/internal/sqlite.h"

#include <atomic>
#include <string>

namespace memoria::store {

namespace {
// Statements that failed after they may have changed rows (see
// FailedWriteStatements).
std::atomic<uint64_t> failed_writes{0};
}  // namespace

uint64_t FailedWriteStatements() { return failed_writes.load(std::memory_order_relaxed); }

Status SqliteStatus(int rc, sqlite3* db, std::string_view context) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return Status();
  std::string msg(context);
  msg += ": ";
  msg += (db != nullptr) ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return UnavailableError(std::move(msg));
    case SQLITE_INTERRUPT:  // a time budget ran out (Reader::SetDeadline)
      return UnavailableError("time budget exceeded: " + msg);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return DataLossError(std::move(msg));
    case SQLITE_CONSTRAINT:
      return FailedPreconditionError(std::move(msg));
    case SQLITE_FULL:
    case SQLITE_NOMEM:
    case SQLITE_TOOBIG:
      return ResourceExhaustedError(std::move(msg));
    case SQLITE_CANTOPEN:
      return NotFoundError(std::move(msg));
    case SQLITE_IOERR:
      return DataLossError(std::move(msg));
    default:
      return InternalError(std::move(msg));
  }
}

sqlite3_stmt* StatementPool::Take(std::string_view sql) {
  auto it = by_sql_.find(sql);
  if (it == by_sql_.end()) return nullptr;
  const auto entry = it->second;
  sqlite3_stmt* stmt = entry->stmt;
  by_sql_.erase(it);
  lru_.erase(entry);
  return stmt;
}

void StatementPool::Give(sqlite3_stmt* stmt) {
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  const char* sql = sqlite3_sql(stmt);
  if (closed_ || sql == nullptr) {
    sqlite3_finalize(stmt);
    return;
  }
  lru_.push_front(Entry{sql, stmt});
  by_sql_.emplace(lru_.front().sql, lru_.begin());
  if (lru_.size() > kMaxIdle) {
    const auto last = std::prev(lru_.end());
    auto [first, end] = by_sql_.equal_range(last->sql);
    for (auto it = first; it != end; ++it) {
      if (it->second == last) {
        by_sql_.erase(it);
        break;
      }
    }
    sqlite3_finalize(last->stmt);
    lru_.erase(last);
  }
}

void StatementPool::Close() {
  closed_ = true;
  by_sql_.clear();
  for (Entry& e : lru_) sqlite3_finalize(e.stmt);
  lru_.clear();
}

void Statement::Release() {
  if (stmt_ == nullptr) return;
  if (pool_ != nullptr) {
    pool_->Give(stmt_);
  } else {
    sqlite3_finalize(stmt_);
  }
  stmt_ = nullptr;
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    Release();
    stmt_ = other.stmt_;
    db_ = other.db_;
    pool_ = std::move(other.pool_);
    bind_rc_ = other.bind_rc_;
    bind_index_ = other.bind_index_;
    other.stmt_ = nullptr;
  }
  return *this;
}

Statement::~Statement() { Release(); }

Statement& Statement::Bind(int i, int64_t v) {
  Remember(sqlite3_bind_int64(stmt_, i, v), i);
  return *this;
}
Statement& Statement::Bind(int i, double v) {
  Remember(sqlite3_bind_double(stmt_, i, v), i);
  return *this;
}
Statement& Statement::Bind(int i, std::string_view v) {
  Remember(sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8), i);
  return *this;
}
Statement& Statement::BindBlob(int i, const void* data, size_t size) {
  Remember(sqlite3_bind_blob64(stmt_, i, data, size, SQLITE_TRANSIENT), i);
  return *this;
}
Statement& Statement::BindStatic(int i, std::string_view v) {
  // A view with no data would bind NULL rather than ''.
  const char* data = v.data() != nullptr ? v.data() : "";
  Remember(sqlite3_bind_text64(stmt_, i, data, v.size(), SQLITE_STATIC, SQLITE_UTF8), i);
  return *this;
}
Statement& Statement::BindStaticBlob(int i, const void* data, size_t size) {
  Remember(sqlite3_bind_blob64(stmt_, i, data, size, SQLITE_STATIC), i);
  return *this;
}
Statement& Statement::BindNull(int i) {
  Remember(sqlite3_bind_null(stmt_, i), i);
  return *this;
}
Statement& Statement::BindIdOrNull(int i, int64_t id) {
  return id == 0 ? BindNull(i) : Bind(i, id);
}

Result<bool> Statement::Step() {
  if (bind_rc_ != SQLITE_OK) {
    Status s = SqliteStatus(bind_rc_, nullptr, "bind parameter " + std::to_string(bind_index_));
    Reset();
    return s;
  }
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Status s = SqliteStatus(rc, db_, sqlite3_sql(stmt_) != nullptr ? sqlite3_sql(stmt_) : "step");
  if (!sqlite3_stmt_readonly(stmt_)) failed_writes.fetch_add(1, std::memory_order_relaxed);
  sqlite3_reset(stmt_);
  return s;
}

Status Statement::Run() {
  while (true) {
    MEMORIA_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) break;
  }
  Reset();
  return Status();
}

void Statement::Reset() {
  bind_rc_ = SQLITE_OK;
  bind_index_ = 0;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Result<uint64_t> Statement::HashOfRow() {
  Result<bool> row = Step();
  if (!row.ok() || !*row) {
    Reset();
    if (!row.ok()) return row.status();
    return InternalError("fingerprint query returned no row");
  }
  uint64_t v = 1469598103934665603ull;
  const int columns = sqlite3_column_count(stmt_);
  for (int i = 0; i < columns; ++i) {
    v ^= static_cast<uint64_t>(ColumnInt(i)) + 0x9e3779b97f4a7c15ull + (v << 6) + (v >> 2);
  }
  Reset();
  return v;
}

std::string_view Statement::ColumnText(int i) const {
  const unsigned char* p = sqlite3_column_text(stmt_, i);
  if (p == nullptr) return {};
  return std::string_view(reinterpret_cast<const char*>(p),
                          static_cast<size_t>(sqlite3_column_bytes(stmt_, i)));
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, bool create,
                                                 bool read_only) {
  // Memory statistics cost a global mutex on every allocation; memoria does
  // not read them. Must run before SQLite initialises (later calls are no-ops).
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
  sqlite3* db = nullptr;
  int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (create && !read_only) flags |= SQLITE_OPEN_CREATE;
  flags |= SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status s = SqliteStatus(rc, db, "open " + path);
    sqlite3_close(db);
    return s;
  }
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<Database>(new Database(db));
}

Database::~Database() {
  // Statements still in use finalize themselves; close_v2 waits for them.
  pool_->Close();
  sqlite3_close_v2(db_);
}

Result<Statement> Database::Prepare(std::string_view sql) {
  if (sqlite3_stmt* kept = pool_->Take(sql); kept != nullptr) {
    return Statement(kept, db_, pool_);
  }
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteStatus(rc, db_, "prepare");
  // Only a statement whose text is all of "sql" can be found again by it.
  const char* text = stmt != nullptr ? sqlite3_sql(stmt) : nullptr;
  const bool whole = text != nullptr && std::string_view(text) == sql;
  return Statement(stmt, db_, whole ? pool_ : nullptr);
}

Status Database::Exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    failed_writes.fetch_add(1, std::memory_order_relaxed);
    std::string msg = err != nullptr ? err : "exec";
    sqlite3_free(err);
    return SqliteStatus(rc, nullptr, msg);
  }
  return Status();
}

Result<int64_t> Database::QueryInt(std::string_view sql) {
  MEMORIA_ASSIGN_OR_RETURN(Statement st, Prepare(sql));
  MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
  int64_t v = row ? st.ColumnInt(0) : 0;
  st.Reset();
  return v;
}

Result<Transaction> Transaction::Begin(Database* db) {
  MEMORIA_RETURN_IF_ERROR(db->Exec("BEGIN IMMEDIATE"));
  return Transaction(db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) db_->Exec("ROLLBACK").IgnoreError();
}

Status Transaction::Commit() {
  if (db_ == nullptr) return FailedPreconditionError("transaction already finished");
  Status s = db_->Exec("COMMIT");
  if (s.ok()) db_ = nullptr;
  return s;
}

Status Transaction::Rollback() {
  if (db_ == nullptr) return FailedPreconditionError("transaction already finished");
  Database* db = db_;
  db_ = nullptr;
  return db->Exec("ROLLBACK");
}

}  // namespace memoria::store
