// Internal to store/: no header outside src/store/internal/ includes this
// one, so SQLite stays behind the store's API.
//
// Thin RAII wrappers over the SQLite C API: a connection and a prepared
// statement, with every result code mapped to a Status (SQLITE_BUSY and
// SQLITE_LOCKED -> kUnavailable, SQLITE_CORRUPT and SQLITE_NOTADB -> kDataLoss,
// SQLITE_CONSTRAINT -> kFailedPrecondition, SQLITE_FULL -> kResourceExhausted).
//
// A Database keeps the statements it prepared once they are done with
// (a StatementPool): Prepare of the same text takes the kept one, reset, and
// skips SQLite's parser. A statement over the visibility views is costly to
// prepare (each view is expanded and planned), and a person page prepares a
// dozen of them.
//
// Thread safety: a Database and its Statements are used by one thread at a
// time (SQLite's multi-thread mode).
#ifndef MEMORIA_STORE_INTERNAL_SQLITE_H_
#define MEMORIA_STORE_INTERNAL_SQLITE_H_

#include <sqlite3.h>

#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"

namespace memoria::store {

// Maps a SQLite result code (and the connection's message) to a Status.
Status SqliteStatus(int rc, sqlite3* db, std::string_view context);

// How many statements that could write (and Exec calls) have failed in
// this process, on any connection. A statement that fails may have fired
// triggers for some of its rows before it was undone; the ledger's
// per-transaction digest (store/internal/ledger.h) cannot tell which, so a
// transaction during which this count moved recomputes its digest from the
// rows instead.
uint64_t FailedWriteStatements();

// Prepared statements not in use, by their SQL text, at most kMaxIdle
// (the least recently returned goes first). A statement in use is not in
// the pool: two Statements never share one.
class StatementPool {
 public:
  static constexpr size_t kMaxIdle = 64;
  ~StatementPool() { Close(); }
  // A kept statement of "sql", or null.
  sqlite3_stmt* Take(std::string_view sql);
  // Keeps "stmt" (reset, its bindings cleared); finalizes it once closed
  // or when it pushes the pool over kMaxIdle.
  void Give(sqlite3_stmt* stmt);
  // Finalizes the kept statements; later Gives finalize at once.
  void Close();

 private:
  struct Entry {
    std::string sql;
    sqlite3_stmt* stmt;
  };
  bool closed_ = false;
  std::list<Entry> lru_;  // most recently returned first
  std::unordered_multimap<std::string_view, std::list<Entry>::iterator> by_sql_;
};

class Statement {
 public:
  Statement() = default;
  Statement(Statement&& other) noexcept
      : stmt_(other.stmt_),
        db_(other.db_),
        pool_(std::move(other.pool_)),
        bind_rc_(other.bind_rc_),
        bind_index_(other.bind_index_) {
    other.stmt_ = nullptr;
  }
  Statement& operator=(Statement&& other) noexcept;
  ~Statement();

  // Binding is 1-based, as in SQLite. Text is copied (SQLITE_TRANSIENT).
  // A failed bind (an index out of range, a value too big) is remembered:
  // the next Step() or Run() returns it instead of running the statement
  // with a missing value.
  Statement& Bind(int i, int64_t v);
  Statement& Bind(int i, int v) { return Bind(i, static_cast<int64_t>(v)); }
  Statement& Bind(int i, double v);
  Statement& Bind(int i, std::string_view v);
  Statement& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  Statement& BindBlob(int i, const void* data, size_t size);
  // Bind without copying (SQLITE_STATIC), for the import's hot path.
  // REQUIRES: the bytes stay valid and unchanged until the statement has
  // run and been reset.
  Statement& BindStatic(int i, std::string_view v);
  Statement& BindStaticBlob(int i, const void* data, size_t size);
  Statement& BindNull(int i);
  // Binds NULL for 0 (an absent foreign key).
  Statement& BindIdOrNull(int i, int64_t id);

  // Steps once: true when a row is available, false when done.
  Result<bool> Step();
  // Steps to completion, for statements that return no rows.
  Status Run();
  // Resets for re-execution and clears bindings (and a remembered bind
  // failure).
  void Reset();
  // Steps to the statement's first row and returns a hash of its integer
  // columns (a fingerprint of the database's state, from max(id)s and
  // counters); resets. Returns kInternal when there is no row.
  Result<uint64_t> HashOfRow();

  int64_t ColumnInt(int i) const { return sqlite3_column_int64(stmt_, i); }
  double ColumnDouble(int i) const { return sqlite3_column_double(stmt_, i); }
  bool ColumnIsNull(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }
  std::string_view ColumnText(int i) const;
  std::string ColumnString(int i) const { return std::string(ColumnText(i)); }
  int ColumnCount() const { return sqlite3_column_count(stmt_); }
  // The column's name in the result ("AS" names it) and SQLite's type of
  // its value in the current row (SQLITE_INTEGER, SQLITE_BLOB, ...).
  std::string_view ColumnName(int i) const { return sqlite3_column_name(stmt_, i); }
  int ColumnType(int i) const { return sqlite3_column_type(stmt_, i); }

 private:
  friend class Database;
  Statement(sqlite3_stmt* stmt, sqlite3* db, std::shared_ptr<StatementPool> pool)
      : stmt_(stmt), db_(db), pool_(std::move(pool)) {}
  // Back to the pool it came from, or finalized.
  void Release();
  void Remember(int rc, int i) {
    if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) {
      bind_rc_ = rc;
      bind_index_ = i;
    }
  }
  sqlite3_stmt* stmt_ = nullptr;
  sqlite3* db_ = nullptr;
  std::shared_ptr<StatementPool> pool_;  // null: finalized when done
  int bind_rc_ = SQLITE_OK;              // the first failed bind since the last Reset
  int bind_index_ = 0;
};

class Database {
 public:
  // Opens (creating when "create" is true) the database file at "path";
  // ":memory:" gives a private in-memory database.
  static Result<std::unique_ptr<Database>> Open(const std::string& path, bool create,
                                                bool read_only);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Result<Statement> Prepare(std::string_view sql);
  // Runs one or more statements that return no rows.
  Status Exec(std::string_view sql);
  // The single integer a query returns (0 when it returns no row).
  Result<int64_t> QueryInt(std::string_view sql);

  int64_t LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }
  // True while a transaction is open on this connection.
  bool InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }
  sqlite3* raw() const { return db_; }

 private:
  explicit Database(sqlite3* db) : db_(db), pool_(std::make_shared<StatementPool>()) {}
  sqlite3* db_;
  std::shared_ptr<StatementPool> pool_;
};

// A transaction that rolls back unless Commit() is called.
class Transaction {
 public:
  static Result<Transaction> Begin(Database* db);
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status Commit();
  Status Rollback();

 private:
  explicit Transaction(Database* db) : db_(db) {}
  Database* db_;
};

}  // namespace memoria::store

#endif  // MEMORIA_STORE_INTERNAL_SQLITE_H_
