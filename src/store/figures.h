// The site's figures (the home page's counts and chart, the list of
// sources), computed from the visible_* views of one ceiling and kept in
// DIR/site-figures-C.json (docs/formats/site-figures.md) for the data
// version they were computed at, so that a server started on an unchanged
// archive does not recompute them. The import writes the file for the
// public ceiling when it ends, so the first start after an import reads it
// too. The file is a cache: a missing, damaged or outdated one is computed
// again, never trusted.
#ifndef MEMORIA_STORE_FIGURES_H_
#define MEMORIA_STORE_FIGURES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/public_rows.h"
#include "store/reader.h"
#include "store/store.h"

namespace memoria::store {

struct SiteFigures {
  Stats stats;  // persons, records and sources only (Reader::GetHeadlineStats)
  std::vector<MonthCount> months;
  std::vector<SourceRow> sources;
};

bool operator==(const SiteFigures& a, const SiteFigures& b);

// Computed from scratch through "reader", in one read snapshot; the data
// version of that snapshot into *data_version when given. Counted by one
// pass over each table with the views' rule applied in C++
// (store/internal/visibility_rule.h); the same figures as
// CountSiteFiguresWithViews, about eight times faster at a million persons.
Result<SiteFigures> ComputeSiteFigures(Reader* reader, uint64_t* data_version = nullptr);

// The same figures through the views' statements (Reader::GetHeadlineStats,
// MonthlyCounts and Sources with no floor): what ComputeSiteFigures falls
// back on when an id is too high for its per-row tables, and what the tests
// hold it to.
Result<SiteFigures> CountSiteFiguresWithViews(Reader* reader);

// "DIR/site-figures-C.json" of the reader's archive and ceiling; empty for
// an archive in memory.
std::string SiteFiguresPath(Reader* reader);

// The figures kept for "data_version", or nullopt when the file is missing,
// damaged or of another version or ceiling.
std::optional<SiteFigures> LoadSiteFigures(Reader* reader, uint64_t data_version);

// Writes the file (a temporary file renamed over it). A read-only archive
// folder is not an error for the caller to report: the figures are a cache.
Status SaveSiteFigures(Reader* reader, uint64_t data_version, const SiteFigures& figures);

// Figures of one data version with what the figures of a later version can
// be added up from: an import notes it before it writes (and the server
// keeps it with its figures), so that the figures after the import can be
// those before plus those of the rows it added, rather than a count of the
// whole archive (tens of seconds at a million persons, for an import of a
// thousand rows). Read in one snapshot.
struct FiguresBase {
  uint64_t data_version = 0;
  LedgerPosition ledger;   // the ledger's last entry (seq 0: no ledger, nothing to add to)
  RowFloor floor;          // the highest ids, under every row added next
  int64_t last_name = 0;   // the highest id of a name
  int64_t last_batch = 0;  // and of an import batch
  std::string batches;     // each import batch's id and whether it is retracted
  SiteFigures figures;     // kept for data_version
};

// The base of the figures kept for the reader's current data version;
// nullopt when none are kept (nothing to add to) or the archive has no ledger.
Result<std::optional<FiguresBase>> NoteFiguresBase(Reader* reader);

enum class FiguresUpdate {
  kKept,      // already of the current version (the file, or the base given)
  kAdded,     // the base's figures plus those of the rows added since
  kComputed,  // from scratch
};

// The figures at the reader's current data version, with what a later call
// needs to add to them. In order: "previous" itself when it is of that
// version; the file kept for it (kKept); "previous" plus the counts of the
// rows above its floor when only an import wrote since, as below (kAdded);
// else counted from scratch (kComputed). Reads in one snapshot; saves
// nothing. The server keeps the result and passes it back when the
// archive changes, so an import by another process costs it the rows
// imported, not a count of the archive.
Result<FiguresBase> CurrentFigures(Reader* reader, const FiguresBase* previous, FiguresUpdate* how);

// Saves the figures at the reader's current data version; what the import
// calls when it ends. With a base (NoteFiguresBase before the import), they
// are the base's figures plus the counts of the rows above its floor when
// the only write since is one import that only added rows (the ledger's
// entries since say so) and added no fact, name or record to a person that
// existed before: no row the base counted changed, so the views count the
// same of them. Otherwise they are computed from scratch.
Result<FiguresUpdate> UpdateSiteFigures(Reader* reader,
                                        const std::optional<FiguresBase>& base = std::nullopt);

}  // namespace memoria::store

#endif  // MEMORIA_STORE_FIGURES_H_
