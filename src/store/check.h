// Whole-archive checks and copies: what `memoria verify`, `memoria backup`
// and `memoria restore` run (docs/formats/schema.md, "Checks and copies").
//
// Check recomputes what the archive can prove about itself without a
// ledger: SQLite's own structure check, every foreign key, the SHA-256 of
// every source record (unpacked or packed) against its stored content hash,
// and of every register snapshot against the file hash it was imported
// under. It names the first thing that is wrong. (The signed ledger that
// also catches a row added or deleted behind the program's back is the
// integrity issue's next part.)
//
// Thread safety: like the Store they are given, one thread at a time.
#ifndef MEMORIA_STORE_CHECK_H_
#define MEMORIA_STORE_CHECK_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/store.h"

namespace memoria::store {

struct CheckReport {
  int64_t pages = 0;      // database pages SQLite checked
  int64_t records = 0;    // source records whose hash was recomputed
  int64_t snapshots = 0;  // register snapshots whose hash was recomputed
  // Sealed records (encrypted at rest) whose hash could not be recomputed
  // because the archive's key is not loaded.
  int64_t records_sealed = 0;
  int64_t foreign_keys_checked = 0;  // tables whose foreign keys were checked
  int64_t ledger_entries = 0;        // entries whose hash was recomputed
  int64_t checkpoints = 0;           // checkpoint signatures verified
  int64_t unsigned_entries = 0;      // entries after the last checkpoint
  int64_t state_rows = 0;            // rows whose state digest element was recomputed
  int64_t state_tables = 0;          // tables under the state digest
  int64_t revoked_keys = 0;          // keys the ledger records as revoked
  // Where the public key the signatures were checked against came from:
  // "key" (the loaded archive key), the path of DIR/keys/archive.pub, or
  // "ledger" (neither was there: the ledger's own newest key, which proves
  // the chain is consistent but not whose it is); "" with no checkpoint.
  std::string key_anchor;
  std::string public_key_id;  // the anchor's key id
  // Empty when everything holds; else the first problem found, naming the
  // table and row ("records row 12: content hash ... stored ..., ... computed").
  std::string problem;
  bool ok() const { return problem.empty(); }
};

// Called now and then during a check: the stage ("structure", "foreign
// keys", "records", "snapshots", "ledger", "state"), and how far it is (done of total; total 0
// when unknown).
using CheckProgress = std::function<void(std::string_view stage, int64_t done, int64_t total)>;

// Runs every check in one read transaction (a consistent state while
// imports go on in other processes). A problem found is in the report, not
// an error; errors are for a check that could not run.
// "public_key_file": the key the signatures must lead to; "" for the
// loaded key, else DIR/keys/archive.pub when present.
Result<CheckReport> CheckArchive(Store* store, const CheckProgress& progress = nullptr,
                                 const std::string& public_key_file = "");

// Writes a consistent copy of the archive's database to "path" (a file
// that must not exist), online: one read transaction, so imports and the
// server go on meanwhile. The copy is compact (free pages left out).
Status CopyArchive(Store* store, const std::string& path);

}  // namespace memoria::store

#endif  // MEMORIA_STORE_CHECK_H_
