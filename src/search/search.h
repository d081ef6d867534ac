// search/ finds persons by name.
//
// Search runs on NameIndex (search/name_index.h): any query word may be the
// surname, written in Cyrillic or in Latin under any transliteration, with a
// typo; the other words must each match the given name or the patronymic (a
// one-letter word matches an initial), in any order; a missing patronymic is
// fine. Each hit says why it matched.
//
// The index is built from the store on first use, saved beside the archive
// (DIR/name_index.bin) and loaded on later starts; it is rebuilt when the
// store has changed since (new names or imports).
//
// Thread safety: Search() may be called from several threads, each with its
// own Reader; the in-memory index is shared between them (one per archive
// and visibility ceiling).
#ifndef MEMORIA_SEARCH_SEARCH_H_
#define MEMORIA_SEARCH_SEARCH_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "search/match_reason.h"
#include "store/reader.h"

namespace memoria::search {

class NameIndex;

inline constexpr size_t kMaxQueryBytes = 1024;
inline constexpr int kMaxLimit = 1000;

struct SearchOptions {
  int limit = 20;  // 1..kMaxLimit
  int offset = 0;  // for paging
  // Only persons whose recorded birth overlaps [born_from, born_to] (years);
  // 0 and 0: no filter.
  int born_from = 0;
  int born_to = 0;
  // Only persons with a birth place containing this text (case-folded);
  // empty: no filter.
  std::string place;
  // Exact or transliteration only: no typos, no phonetic variants.
  bool exact = false;
};

struct Hit {
  int64_t person_id = 0;
  double score = 0;  // 0..1, higher is better
  // The person's main name as its first record gives it.
  std::string surname, given, patronymic;
  std::string birth;       // EDTF, may be empty
  std::string death;       // EDTF, may be empty (store::ChooseLifeEvents)
  std::string death_type;  // "execution", "death" or ""
  store::HitFacts facts;   // birth and death places, sources, records
  std::string why;         // which fields matched how, in English (WhyText of reason)
  MatchReason reason;      // the same, for a page to say in its own language
};

struct SearchResult {
  std::vector<Hit> hits;
  int64_t total = 0;  // matching persons before offset/limit
};

// The index of the names "reader" sees, loaded or built (and saved) on first
// use and cached for the process, per archive and ceiling; rebuilt when the
// archive's names version moves. Returns errors from the store; a damaged or
// outdated index file is rebuilt, not an error.
Result<std::shared_ptr<const NameIndex>> IndexFor(store::Reader* reader);

// With "on" (a server: answers must not wait), an archive whose names only
// grew since its cached index was made is answered from that index while a
// new one is built on a thread of its own; a change that may hide a name
// (Reader::NamesRemovals moved) still waits for the new index, so nothing
// hidden is ever found. Off (the default, the command line): every search
// sees every committed name. Turning it off waits for running rebuilds.
void AnswerFromOlderIndexWhileRebuilding(bool on);
// Builds of the name index under way in this process (IndexFor's, the
// background rebuilds) end soon with kUnavailable ("stopped"), and none is
// saved; builds started afterwards run as usual. What a stopping server
// calls: at a million names a build takes a quarter of a minute, which a
// stop does not wait for.
void CancelIndexBuilds();
// Tests: the background rebuild threads not yet joined (an ended one is
// joined when the next one starts).
size_t BackgroundRebuildThreadsForTesting();

// A number that changes whenever a cached name index is replaced (built
// anew, or swapped in by a background rebuild): caches of answers that
// used an index are kept per generation.
uint64_t IndexGeneration();

// Returns the persons whose names visible to "reader" match "query", best
// first. A query word ending in "*" is a prefix (ReadQueryWords,
// name_index.h).
// Returns kInvalidArgument if the query is not valid UTF-8 or has no letters
// or digits, kResourceExhausted if it is longer than kMaxQueryBytes, and
// kInvalidArgument for a limit outside 1..kMaxLimit or a negative offset.
// No match is OK with no hits.
Result<SearchResult> Search(store::Reader* reader, std::string_view query,
                            const SearchOptions& options);

}  // namespace memoria::search

#endif  // MEMORIA_SEARCH_SEARCH_H_
