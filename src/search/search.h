// search/ finds persons by name.
//
// This first engine matches normalised name parts exactly (case, ё/е and
// punctuation folded by names::NormalizeNamePart): any query word may be the
// surname, the other words must each match the given name or the patronymic
// (a one-letter word matches an initial), in any order; a missing patronymic
// is fine. The name-search work replaces the insides with the in-memory,
// cross-script index and keeps this interface.
//
// Thread safety: Search() uses the store from the calling thread only.
#ifndef MEMORIA_SEARCH_SEARCH_H_
#define MEMORIA_SEARCH_SEARCH_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace memoria::search {

inline constexpr size_t kMaxQueryBytes = 1024;
inline constexpr int kMaxLimit = 1000;

struct SearchOptions {
  int limit = 20;  // 1..kMaxLimit
  int offset = 0;  // for paging
};

struct Hit {
  int64_t person_id = 0;
  double score = 0;  // 0..1, higher is better
  // The person's main name as its first record gives it.
  std::string surname, given, patronymic;
  std::string birth;  // EDTF, may be empty
  std::string why;    // which fields matched, e.g. "surname, given name, patronymic"
};

struct SearchResult {
  std::vector<Hit> hits;
  int64_t total = 0;  // matching persons before offset/limit
};

// Returns the persons whose public names match "query", best first.
// Returns kInvalidArgument if the query is not valid UTF-8 or has no letters
// or digits, kResourceExhausted if it is longer than kMaxQueryBytes, and
// kInvalidArgument for a limit outside 1..kMaxLimit or a negative offset.
// No match is OK with no hits.
Result<SearchResult> Search(store::Store* store, std::string_view query,
                            const SearchOptions& options);

}  // namespace memoria::search

#endif  // MEMORIA_SEARCH_SEARCH_H_
