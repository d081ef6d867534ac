#include "query/query.h"

#include <algorithm>
#include <climits>
#include <memory>
#include <span>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/text.h"
#include "names/names.h"
#include "places/authority.h"
#include "search/hit_lines.h"
#include "search/name_index.h"
#include "search/search.h"

namespace memoria::query {
namespace {

// The event types the importers write: a filter-only search for an event of
// any type reads each of them through the (type, date) index.
constexpr std::string_view kKnownEventTypes[] = {"birth",    "arrest",        "charge", "trial",
                                                 "sentence", "execution",     "death",  "burial",
                                                 "release",  "rehabilitation"};

bool HasEventFilter(const PersonQuery& q) { return !q.event_type.empty() || !q.event_days.open(); }

bool IsTypeWord(std::string_view t) {
  if (t.empty() || t.size() > 32) return false;
  return std::all_of(t.begin(), t.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

// Candidates: a list of person ids and whether it was cut at kMaxCandidates.
struct Candidates {
  std::vector<int64_t> ids;
  bool cut = false;
};

// Keeps the candidates a filter keeps, in their order.
Status Keep(std::vector<int64_t>* ids, Result<std::vector<int64_t>> kept) {
  if (!kept.ok()) return kept.status();
  *ids = std::move(kept).value();
  return Status();
}

// Of "ids", those with an execution or a death within "years".
Result<std::vector<int64_t>> FilterDied(store::Reader* reader, const std::vector<int64_t>& ids,
                                        const YearRange& years) {
  std::unordered_set<int64_t> keep;
  for (std::string_view type : {"execution", "death"}) {
    MEMORIA_ASSIGN_OR_RETURN(std::vector<int64_t> kept,
                             reader->FilterByEvent(ids, type, years.from_day(), years.to_day()));
    keep.insert(kept.begin(), kept.end());
  }
  std::vector<int64_t> out;
  for (int64_t id : ids) {
    if (keep.contains(id)) out.push_back(id);
  }
  return out;
}

// Of "ids", those with a birth place containing "place" (case-folded), or
// naming it in another form ("Москвы" for "г. Москва": places::PlaceContains).
Result<std::vector<int64_t>> FilterBirthPlace(store::Reader* reader,
                                              const std::vector<int64_t>& ids,
                                              std::string_view place) {
  const std::string needle = FoldCase(place);
  // Birth places repeat ("г. Москва"): each distinct one is read once.
  std::unordered_map<std::string, bool> matches;
  auto match = [&](const std::string& p) {
    if (auto it = matches.find(p); it != matches.end()) return it->second;
    if (matches.size() >= 100000) matches.clear();
    const bool m = FoldCase(p).find(needle) != std::string::npos || places::PlaceContains(p, place);
    matches.emplace(p, m);
    return m;
  };
  std::vector<int64_t> out;
  for (int64_t id : ids) {
    MEMORIA_ASSIGN_OR_RETURN(std::vector<std::string> places, reader->EventPlaces(id, "birth"));
    if (std::any_of(places.begin(), places.end(), match)) out.push_back(id);
  }
  return out;
}

// The persons with an event of any of "types" within [from, to], at most
// kMaxCandidates (ascending id), through the (type, date) index.
Result<Candidates> WithEvent(store::Reader* reader, std::span<const std::string_view> types,
                             int32_t from_day, int32_t to_day) {
  std::vector<int64_t> all;
  for (std::string_view type : types) {
    MEMORIA_ASSIGN_OR_RETURN(std::vector<int64_t> ids,
                             reader->PersonsWithEvent(type, from_day, to_day, kMaxCandidates + 1));
    all.insert(all.end(), ids.begin(), ids.end());
  }
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  Candidates c;
  // A cut list of one type may miss persons below the cut: the whole is
  // then a lower bound too.
  c.cut = static_cast<int64_t>(all.size()) > kMaxCandidates;
  if (c.cut) all.resize(kMaxCandidates);
  c.ids = std::move(all);
  return c;
}

// Which filter drives a search by filters alone: the first one given of
// source, typed event, death, birth, event of any type.
enum class Driver { kNone, kSource, kEvent, kDied, kBorn };

Driver ChooseDriver(const PersonQuery& q) {
  if (q.source_id != 0) return Driver::kSource;
  if (HasEventFilter(q)) return Driver::kEvent;
  if (!q.died.empty()) return Driver::kDied;
  if (!q.born.empty()) return Driver::kBorn;
  return Driver::kNone;
}

Result<Candidates> DriverCandidates(store::Reader* reader, const PersonQuery& q, Driver driver) {
  switch (driver) {
    case Driver::kSource: {
      MEMORIA_ASSIGN_OR_RETURN(std::vector<int64_t> ids,
                               reader->PersonsWithSource(q.source_id, kMaxCandidates + 1));
      std::sort(ids.begin(), ids.end());
      Candidates c;
      c.cut = static_cast<int64_t>(ids.size()) > kMaxCandidates;
      if (c.cut) ids.resize(kMaxCandidates);
      c.ids = std::move(ids);
      return c;
    }
    case Driver::kEvent: {
      const std::string_view one[] = {q.event_type};
      return q.event_type.empty()
                 ? WithEvent(reader, kKnownEventTypes, q.event_days.from_day, q.event_days.to_day)
                 : WithEvent(reader, one, q.event_days.from_day, q.event_days.to_day);
    }
    case Driver::kDied: {
      const std::string_view types[] = {"execution", "death"};
      return WithEvent(reader, types, q.died.from_day(), q.died.to_day());
    }
    case Driver::kBorn: {
      const std::string_view types[] = {"birth"};
      return WithEvent(reader, types, q.born.from_day(), q.born.to_day());
    }
    case Driver::kNone:
      break;
  }
  return InvalidArgumentError(
      "a search needs a name, a year of birth or death, an event or a source");
}

// Applies every filter of "q" but the driver's to *ids.
Status ApplyFilters(store::Reader* reader, const PersonQuery& q, Driver driver,
                    std::vector<int64_t>* ids) {
  if (driver != Driver::kSource && q.source_id != 0) {
    MEMORIA_RETURN_IF_ERROR(Keep(ids, reader->FilterBySource(*ids, q.source_id)));
  }
  if (driver != Driver::kEvent && HasEventFilter(q)) {
    MEMORIA_RETURN_IF_ERROR(Keep(
        ids,
        reader->FilterByEvent(*ids, q.event_type, q.event_days.from_day, q.event_days.to_day)));
  }
  if (driver != Driver::kDied && !q.died.empty()) {
    MEMORIA_RETURN_IF_ERROR(Keep(ids, FilterDied(reader, *ids, q.died)));
  }
  if (driver != Driver::kBorn && !q.born.empty()) {
    MEMORIA_RETURN_IF_ERROR(
        Keep(ids, reader->FilterByEvent(*ids, "birth", q.born.from_day(), q.born.to_day())));
  }
  if (!q.place.empty()) MEMORIA_RETURN_IF_ERROR(Keep(ids, FilterBirthPlace(reader, *ids, q.place)));
  return Status();
}

// The hits of ids[offset, offset + limit), with their summaries and, when
// "matches" has them, their name scores.
Result<std::vector<PersonHit>> PageOfHits(
    store::Reader* reader, const std::vector<int64_t>& ids, int64_t offset, int limit,
    const std::unordered_map<int64_t, const search::IndexMatch*>& matches) {
  std::vector<PersonHit> hits;
  if (offset >= static_cast<int64_t>(ids.size())) return hits;
  const size_t begin = static_cast<size_t>(offset);
  const size_t end = std::min(ids.size(), begin + static_cast<size_t>(limit));
  const std::vector<int64_t> page(ids.begin() + begin, ids.begin() + end);
  std::vector<store::HitFacts> facts;
  MEMORIA_ASSIGN_OR_RETURN(std::vector<store::PersonSummary> summaries,
                           search::HitsFor(reader, page, &facts));
  std::unordered_map<int64_t, store::HitFacts*> facts_of;
  for (store::HitFacts& f : facts) facts_of[f.id] = &f;
  for (store::PersonSummary& s : summaries) {
    PersonHit h;
    if (auto it = facts_of.find(s.id); it != facts_of.end()) h.facts = std::move(*it->second);
    if (auto it = matches.find(s.id); it != matches.end()) {
      h.score = it->second->score;
      h.reason = it->second->reason;
      h.why = search::WhyText(h.reason);
    }
    h.person = std::move(s);
    hits.push_back(std::move(h));
  }
  return hits;
}

// A name alone: the name search pages and counts by itself.
Result<PersonResult> ByNameOnly(store::Reader* reader, const PersonQuery& q) {
  search::SearchOptions options;
  options.limit = q.limit;
  options.offset = static_cast<int>(std::min<int64_t>(q.offset, INT_MAX - kMaxLimit));
  options.exact = q.exact;
  MEMORIA_ASSIGN_OR_RETURN(search::SearchResult found, search::Search(reader, q.name, options));
  PersonResult out;
  out.total = found.total;
  for (search::Hit& h : found.hits) {
    PersonHit hit;
    hit.person.id = h.person_id;
    hit.person.surname = std::move(h.surname);
    hit.person.given = std::move(h.given);
    hit.person.patronymic = std::move(h.patronymic);
    hit.person.birth = std::move(h.birth);
    hit.person.death = std::move(h.death);
    hit.person.death_type = std::move(h.death_type);
    hit.facts = std::move(h.facts);
    hit.score = h.score;
    hit.why = std::move(h.why);
    hit.reason = h.reason;
    out.hits.push_back(std::move(hit));
  }
  return out;
}

// The name's matches (best first, at most kMaxCandidates), with the birth
// years as the name index prefilters them.
Result<std::vector<search::IndexMatch>> NameMatches(store::Reader* reader, const PersonQuery& q,
                                                    bool* cut) {
  search::IndexQuery iq;
  MEMORIA_RETURN_IF_ERROR(search::ReadQueryWords(q.name, &iq));
  iq.exact = q.exact;
  iq.born_from = q.born.from;
  iq.born_to = q.born.to;
  iq.max_persons = static_cast<size_t>(kMaxCandidates);
  iq.describe = 0;  // the page's hits get their "why" from their reason
  MEMORIA_ASSIGN_OR_RETURN(std::shared_ptr<const search::NameIndex> index,
                           search::IndexFor(reader));
  search::IndexResult found = index->Query(iq);
  *cut = found.total > static_cast<size_t>(kMaxCandidates);
  return std::move(found.matches);
}

}  // namespace

bool HasFilters(const PersonQuery& q) {
  return !q.born.empty() || !q.died.empty() || !q.place.empty() || HasEventFilter(q) ||
         q.source_id != 0;
}

Result<PersonResult> FindPersons(store::Reader* reader, const PersonQuery& q) {
  if (q.limit < 1 || q.limit > kMaxLimit) {
    return InvalidArgumentError("limit must be between 1 and " + std::to_string(kMaxLimit));
  }
  if (q.offset < 0) return InvalidArgumentError("offset must not be negative");
  if (!q.event_type.empty() && !IsTypeWord(q.event_type)) {
    return InvalidArgumentError("'" + q.event_type + "' is not an event type");
  }
  const bool by_name = !CollapseSpace(q.name).empty();
  if (by_name && !HasFilters(q)) return ByNameOnly(reader, q);

  PersonResult out;
  std::vector<int64_t> ids;
  std::vector<search::IndexMatch> matches;
  Driver driver = Driver::kNone;
  if (by_name) {
    MEMORIA_ASSIGN_OR_RETURN(matches, NameMatches(reader, q, &out.total_is_lower_bound));
    ids.reserve(matches.size());
    for (const search::IndexMatch& m : matches) ids.push_back(m.person_id);
  } else {
    driver = ChooseDriver(q);
    MEMORIA_ASSIGN_OR_RETURN(Candidates c, DriverCandidates(reader, q, driver));
    ids = std::move(c.ids);
    out.total_is_lower_bound = c.cut;
  }
  MEMORIA_RETURN_IF_ERROR(ApplyFilters(reader, q, driver, &ids));
  out.total = static_cast<int64_t>(ids.size());
  std::unordered_map<int64_t, const search::IndexMatch*> by_id;
  for (const search::IndexMatch& m : matches) by_id[m.person_id] = &m;
  MEMORIA_ASSIGN_OR_RETURN(out.hits, PageOfHits(reader, ids, q.offset, q.limit, by_id));
  return out;
}

}  // namespace memoria::query
