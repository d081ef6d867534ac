// Internal to store/: the store's side of the ledger (docs/formats/ledger.md).
//
// Every write transaction of a Store collects, as it goes, the change of the
// state digest of each table it touches: temporary triggers, created on the
// writing connection only (so a change made with the sqlite3 shell fires
// none), call the SQL function memoria_ledger_row with every inserted,
// deleted or updated row, which adds or subtracts the row's LtHash16
// element. At the commit, WriteTransaction::AppendLedgerEntry adds the
// deltas to the last entry's state and appends one entry, in the same
// SQLite transaction as the change, then signs a checkpoint when the
// archive's key is loaded.
//
// Tables left out of the digest: the ledger's own, the counters (moved by
// every commit), the audit log (append-only by trigger; a read is not a
// change) and derived tables rebuilt from others (register versions and
// events).
//
// Thread safety: one LedgerLog per Store, used by its thread (its
// RowDigester hashes on a worker thread of its own).
#ifndef MEMORIA_STORE_INTERNAL_LEDGER_H_
#define MEMORIA_STORE_INTERNAL_LEDGER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "ledger/entry.h"
#include "ledger/lthash.h"
#include "ledger/row_digester.h"

namespace memoria::store {

class Database;
class Store;
struct CheckReport;
using CheckProgress = std::function<void(std::string_view stage, int64_t done, int64_t total)>;

// The ledger's part of CheckArchive (store/check.h), in ledger_check.cc:
// the chain, the checkpoints, the keys, the state. Writes the first problem
// into report->problem.
Status CheckLedger(Store* store, Database* db, const std::string& public_key_file,
                   const CheckProgress& progress, CheckReport* report);

// A table under the digest, with its columns in schema order.
struct LedgerTable {
  std::string name;
  std::vector<std::string> columns;
};

// The digest of some rows of one table and how many were added and removed.
struct TableDigest {
  ledger::LtHash16 digest;
  int64_t added = 0, removed = 0;
};

// The tables under the digest, in name order.
Result<std::vector<LedgerTable>> LedgerTables(Database* db);

// The digest of every row of each of "tables" (added counts the rows);
// "progress" (when given) is told the rows done so far.
Result<std::vector<TableDigest>> DigestRows(
    Database* db, const std::vector<LedgerTable>& tables,
    const std::function<void(int64_t rows)>& progress = nullptr);

// The last entry: seq (0 when the ledger is empty), hash and state.
struct LedgerHead {
  int64_t seq = 0;
  Sha256Digest hash{};
  ledger::LtHash16 state;
};
Result<LedgerHead> ReadLedgerHead(Database* db);

// Appends an entry after "head" and returns it; writes ledger_tables'
// rows for the tables in "deltas" (indexes into "tables") too.
struct NewEntry {
  std::string actor, kind, body;
};
Result<LedgerHead> InsertEntry(Database* db, const LedgerHead& head, const NewEntry& entry,
                               const std::vector<LedgerTable>& tables,
                               const std::vector<std::pair<size_t, TableDigest>>& deltas,
                               bool replace_tables);

// The genesis entry of an archive that has none: its current rows as the
// first state (a new archive, or one made before the ledger).
Status WriteGenesis(Database* db, int64_t schema_version);

// The actor of entries made by this process when the change does not
// name one: "cli:" and the user's login name.
std::string DefaultActor();

// What a WriteTransaction of this Store collects for the ledger.
class LedgerLog {
 public:
  // Registers memoria_ledger_row and creates the temporary triggers, once
  // per connection. Not when the environment sets MEMORIA_LEDGER=off (the
  // benchmark of the ledger's cost only: such an archive fails verify).
  Status Install(Database* db);
  bool enabled() const { return enabled_; }
  // Clears what the last transaction collected.
  void Begin();
  void Note(ledger::Kind kind, nlohmann::json payload);
  void SetActor(std::string_view actor) { actor_ = actor; }

  // Called by memoria_ledger_row for each row inserted (sign 1) or
  // deleted (-1): the caller writes the row's encoding into the encoder
  // returned, then calls EndRow(). The elements are hashed and summed on
  // RowDigester's worker thread while the transaction goes on.
  ledger::RowEncoder& BeginRow(int sign, size_t table);
  void EndRow();

  const std::vector<LedgerTable>& tables() const { return tables_; }
  const std::vector<std::pair<ledger::Kind, nlohmann::json>>& notes() const { return notes_; }
  const std::string& actor() const { return actor_; }
  uint64_t failures_at_begin() const { return failures_at_begin_; }
  // The tables touched, with their deltas (waits for the worker).
  std::vector<std::pair<size_t, TableDigest>> Deltas() const;

 private:
  bool installed_ = false;
  bool enabled_ = false;
  std::vector<LedgerTable> tables_;
  std::vector<TableDigest> deltas_;  // the rows' counts; the digests are digester_'s
  std::vector<bool> touched_;
  std::unique_ptr<ledger::RowDigester> digester_;
  std::vector<std::pair<ledger::Kind, nlohmann::json>> notes_;
  std::string actor_;
  uint64_t failures_at_begin_ = 0;
};

}  // namespace memoria::store

#endif  // MEMORIA_STORE_INTERNAL_LEDGER_H_
