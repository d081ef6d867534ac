// The public view of an archive as rows of its tables, for a mirror
// (docs/formats/mirror.md): what the public site shows and nothing else,
// read through the public ceiling's views (store/internal/views.h, the ones
// the website and the exports read), and loaded back into a new archive
// that serves the same public pages.
//
// What leaves: the visible (ceiling 0) sources, records, persons, names,
// events, attributes, places, registers, cases, prisoners' facts and
// publications, the claims those facts rest on, and the import batches of
// the visible records. What never leaves: anything above the public
// ceiling, accounts, sessions, the audit log, sealed values, editors'
// changes and the public's corrections (a pending change or a draft is in
// no view), a corrected or retracted fact, a register snapshot's verbatim
// file, the names of the editors who linked a record or drafted an
// assessment. A record's content is the one the public page shows (its
// fields that repeat a hidden fact taken out, store/reader_redact.cc); a
// record no visible person holds keeps its row but not its content ("{}").
//
// Thread safety: like its Store, one thread at a time.
#ifndef MEMORIA_STORE_PUBLIC_ROWS_H_
#define MEMORIA_STORE_PUBLIC_ROWS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace memoria::store {

// The tables of the public view in the order they load (a row's parents
// before it).
std::span<const std::string_view> PublicTables();

// One row: its key (the id; person_records: the person's id) and its values
// as a canonical JSON array, in the order of the table's columns: integers,
// reals, strings, null, and a blob as {"hex":"..."}.
struct PublicRow {
  int64_t key = 0;
  std::string values;
};

// Calls "fn" for every row of "table" (one of PublicTables()) in the public
// view of "*store", in key order; "*columns" gets the column names first.
// Reads in one snapshot. kInvalidArgument for a table that is not public.
Status ForEachPublicRow(Store* store, std::string_view table, std::vector<std::string>* columns,
                        const std::function<Status(const PublicRow&)>& fn);

// The ledger's last entry (docs/formats/ledger.md) when the public view is
// read: a bundle records it, and its update reads only the tables changed
// since. hash: the entry's hash, 64 hex digits; seq 0 for no ledger.
struct LedgerPosition {
  int64_t seq = 0;
  std::string hash;
};
Result<LedgerPosition> LastLedgerEntry(Store* store);

// The entries after "since", oldest first: each entry's kind and its body
// as written (canonical JSON, docs/formats/ledger.md). std::nullopt when
// "since" is not an entry of this archive's ledger (no entry with that seq
// and hash, or seq 0). The site's figures (store/figures.h) and a bundle's
// update read what changed from them.
struct LedgerEntryText {
  std::string kind, body;
};
Result<std::optional<std::vector<LedgerEntryText>>> LedgerEntriesSince(Store* store,
                                                                       const LedgerPosition& since);

// The public tables whose rows may differ from those at "since": each table
// whose query (and, for records, the redaction of their content) reads a
// table that a ledger entry after "since" changed, or a table outside the
// ledger's digest when any entry followed. std::nullopt when "since" is
// not an entry of this archive's ledger (another archive's bundle, a
// position the ledger does not hold): every table may differ.
Result<std::optional<std::set<std::string>>> PublicTablesChangedSince(Store* store,
                                                                      const LedgerPosition& since);

// Writes rows into a new, empty archive (Store::Create) in one
// transaction, table by table in PublicTables() order; foreign keys are
// checked at Commit().
class PublicRowLoader {
 public:
  static Result<std::unique_ptr<PublicRowLoader>> Begin(Store* store);
  ~PublicRowLoader();  // rolls back unless committed
  PublicRowLoader(const PublicRowLoader&) = delete;
  PublicRowLoader& operator=(const PublicRowLoader&) = delete;

  // "values" as ForEachPublicRow makes them; "columns" are checked against
  // the table's. kInvalidArgument for a malformed row.
  Status Add(std::string_view table, std::span<const std::string> columns, std::string_view values);
  Status Commit();

 private:
  struct Impl;
  explicit PublicRowLoader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace memoria::store

#endif  // MEMORIA_STORE_PUBLIC_ROWS_H_
