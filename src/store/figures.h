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
// version of that snapshot into *data_version when given.
Result<SiteFigures> ComputeSiteFigures(Reader* reader, uint64_t* data_version = nullptr);

// "DIR/site-figures-C.json" of the reader's archive and ceiling; empty for
// an archive in memory.
std::string SiteFiguresPath(Reader* reader);

// The figures kept for "data_version", or nullopt when the file is missing,
// damaged or of another version or ceiling.
std::optional<SiteFigures> LoadSiteFigures(Reader* reader, uint64_t data_version);

// Writes the file (a temporary file renamed over it). A read-only archive
// folder is not an error for the caller to report: the figures are a cache.
Status SaveSiteFigures(Reader* reader, uint64_t data_version, const SiteFigures& figures);

// Computes the figures at the reader's current data version and saves them;
// what the import calls when it ends.
Status UpdateSiteFigures(Reader* reader);

}  // namespace memoria::store

#endif  // MEMORIA_STORE_FIGURES_H_
