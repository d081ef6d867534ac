// query/ answers the questions the command line and the website both ask
// of an archive, so that neither computes a domain fact itself (as
// Typesense's collections know nothing of HTTP): the person search by name
// and filters (this header), the year and date grammar (dates.h), a person's
// birth, death and conflicting sources (facts.h), the place and address
// indexes (places.h). Everything is read through one store::Reader and so
// under its visibility ceiling, totals included.
//
// Thread safety: FindPersons uses its Reader (one thread at a time per
// Reader); the name index it shares is safe for concurrent searches.
#ifndef MEMORIA_QUERY_QUERY_H_
#define MEMORIA_QUERY_QUERY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "query/dates.h"
#include "search/match_reason.h"
#include "store/reader.h"

namespace memoria::query {

// The most persons a filtered search examines. A name matching more persons,
// or a filter-only search whose first filter selects more, is cut there and
// its total is then a lower bound (PersonResult::total_is_lower_bound).
inline constexpr int64_t kMaxCandidates = 20'000;
// The largest page of hits (search::kMaxLimit).
inline constexpr int kMaxLimit = 1000;

// A person search: a name, filters, or both. Every filter given must hold.
// Date filters read dates as store::Reader::FilterByEvent does (the event's
// possible days overlap the range; an event dated more loosely than ten
// years, "19XX", matches no date filter).
struct PersonQuery {
  // Words of a name (search/search.h); empty: search by filters alone,
  // which needs at least one of born, died, event and source_id.
  std::string name;
  YearRange born;  // a birth in these years
  YearRange died;  // an execution or a death in these years
  // A birth place containing this text (case-folded), or naming the same
  // place in another form ("Москвы", "в Москве" for "г. Москва";
  // places::PlaceContains).
  std::string place;
  // An event of this type ("" any type) within event_days; no event filter
  // when the type is empty and the days are open.
  std::string event_type;
  DayRange event_days;
  int64_t source_id = 0;  // a record of this source; 0: any
  // Exact or transliteration only for the name: no typos, no phonetic
  // variants. A name word ending in "*" is a prefix in either mode.
  bool exact = false;
  int64_t offset = 0;  // hits skipped, for paging
  int limit = 20;      // 1..kMaxLimit
};

struct PersonHit {
  // The main name, birth and death (store::ChooseLifeEvents).
  store::PersonSummary person;
  // Birth and death places, sources and the number of records: what tells
  // namesakes apart.
  store::HitFacts facts;
  double score = 0;            // how well the name matched, 0..1; 0 without a name
  std::string why;             // which name fields matched how, in English; "" without a name
  search::MatchReason reason;  // the same, for a page to say in its own language
};

struct PersonResult {
  // Best name match first; by person id for a search by filters alone.
  std::vector<PersonHit> hits;
  // Every visible person matching the name and all filters, before
  // offset/limit; a lower bound when more than kMaxCandidates were to be
  // examined (then total_is_lower_bound).
  int64_t total = 0;
  bool total_is_lower_bound = false;
};

// True when "q" has a filter beyond the name (and paging).
bool HasFilters(const PersonQuery& q);

// Runs "q" against what "reader" sees. Returns search::Search's errors for
// the name (kInvalidArgument: not UTF-8, no letters; kResourceExhausted: too
// long), kInvalidArgument for a limit outside 1..kMaxLimit, a negative
// offset, an event type that is not a word of lower-case letters, or a query
// with neither a name nor a filter that selects persons (a place alone does
// not), and the store's errors. No match is OK with no hits.
Result<PersonResult> FindPersons(store::Reader* reader, const PersonQuery& q);

}  // namespace memoria::query

#endif  // MEMORIA_QUERY_QUERY_H_
