// Reader::HitsFor: the summaries (and facts) of a page of hits. The names
// and the life events are read from the tables by person, and the views'
// rule is applied here (store/internal/visibility_rule.h): through the
// views, their joins and per-row test of a visible name were 40 % of a
// search page.
#include <string>
#include <unordered_map>
#include <utility>

#include "store/internal/reader_util.h"
#include "store/internal/sqlite.h"
#include "store/internal/visibility_rule.h"
#include "store/reader.h"

namespace memoria::store {

using namespace reader_internal;  // NOLINT: this module's own helpers

Result<std::vector<PersonSummary>> Reader::HitsFor(std::span<const int64_t> ids,
                                                   std::vector<HitFacts>* facts_out) {
  if (facts_out != nullptr) facts_out->clear();
  if (ids.empty()) return std::vector<PersonSummary>();
  MEMORIA_ASSIGN_OR_RETURN(const VisibilityRule* rule, Rule());
  // One statement per kind of fact for all the ids (a JSON array through
  // json_each), not three per person: a page of 20 hits runs 3 statements.
  // Each fact comes with its record's columns (a LEFT JOIN: the rule's
  // record term) and a name with its person's.
  const std::string list = JsonIdList(ids);
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * name,
      Cached(kSummaryName,
             "SELECT n.person_id, n.surname, n.given, n.patronymic, n.id, n.sealed,"
             " n.visibility, n.retracted_by IS NOT NULL, n.claim_id,"
             " r.visibility, r.source_id, r.batch_id, p.visibility, p.retracted_by IS NOT NULL"
             " FROM main.names n"
             " JOIN main.persons p ON p.id = n.person_id AND p.redirect_to IS NULL"
             " LEFT JOIN main.records r ON r.id = n.record_id"
             " WHERE n.person_id IN (SELECT value FROM json_each(?1))"
             " ORDER BY n.person_id, n.kind <> 'main', n.id"));
  // Every birth, execution and death, dated or not: ChooseLifeEvents picks.
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * life,
      Cached(kSummaryLife,
             "SELECT e.person_id, e.id, e.type, e.date, e.sealed, e.place,"
             " e.visibility, e.retracted_by IS NOT NULL, e.claim_id,"
             " r.visibility, r.source_id, r.batch_id"
             " FROM main.events e LEFT JOIN main.records r ON r.id = e.record_id"
             " WHERE e.person_id IN (SELECT value FROM json_each(?1))"
             // "+type": look up by person, not through every birth of the
             // archive by the (type, date) index.
             " AND (+e.type = 'birth' OR +e.type = 'execution' OR +e.type = 'death')"
             " ORDER BY e.person_id, e.id"));
  // A fact of an open person is visible when it is open and its claim and
  // record are shown.
  auto fact_visible = [&](const Statement& st, int visibility_col) {
    return rule->Open(st.ColumnInt(visibility_col), st.ColumnInt(visibility_col + 1) != 0) &&
           rule->ClaimShown(st, visibility_col + 2) &&
           rule->RecordColumnsShown(st, visibility_col + 3);
  };
  std::unordered_map<int64_t, PersonSummary> found;  // the persons with a visible name
  found.reserve(ids.size() * 2);
  std::vector<std::pair<int64_t, int64_t>> sealed_names;  // person, name id
  name->Bind(1, list);
  MEMORIA_RETURN_IF_ERROR(EachRow(name, [&](Statement& st) {
    const int64_t id = st.ColumnInt(0);
    if (found.contains(id)) return Status();  // the first (main) visible name only
    if (!rule->Open(st.ColumnInt(12), st.ColumnInt(13) != 0) || !fact_visible(st, 6)) {
      return Status();
    }
    PersonSummary& p = found[id];
    p.id = id;
    p.surname = st.ColumnString(1);
    p.given = st.ColumnString(2);
    p.patronymic = st.ColumnString(3);
    if (st.ColumnInt(5) != 0) sealed_names.emplace_back(id, st.ColumnInt(4));
    return Status();
  }));
  // A sealed name is opened with the archive's key (or reads as locked);
  // at the confidential ceiling, a list that shows it reads a confidential
  // value.
  for (const auto& [person, name_id] : sealed_names) {
    PersonSummary& p = found[person];
    MEMORIA_ASSIGN_OR_RETURN(p.surname, store_->OpenSealed("names", name_id, "surname"));
    MEMORIA_ASSIGN_OR_RETURN(p.given, store_->OpenSealed("names", name_id, "given"));
    MEMORIA_ASSIGN_OR_RETURN(p.patronymic, store_->OpenSealed("names", name_id, "patronymic"));
    if (store_->Unlocked() && ceiling_ == Visibility::kConfidential &&
        confidential_reads_.size() < (1u << 20)) {
      confidential_reads_.push_back(person);
    }
  }
  std::unordered_map<int64_t, std::vector<EventFact>> events;
  life->Bind(1, list);
  MEMORIA_RETURN_IF_ERROR(EachRow(life, [&](Statement& st) {
    // Only the events of the persons found: open, not redirected, with a
    // visible name.
    if (!found.contains(st.ColumnInt(0)) || !fact_visible(st, 6)) return Status();
    EventFact e;
    e.person_id = st.ColumnInt(0);
    e.id = st.ColumnInt(1);
    e.type = st.ColumnString(2);
    MEMORIA_RETURN_IF_ERROR(ReadEventDate(st.ColumnText(3), e.id, &e.date));
    e.locked = st.ColumnInt(4) != 0;  // its date (and place) are opened below
    if (facts_out != nullptr) e.place = st.ColumnString(5);
    events[e.person_id].push_back(std::move(e));
    return Status();
  }));
  std::unordered_map<int64_t, HitFacts> hit_facts;
  for (auto& [id, facts] : events) {
    for (EventFact& e : facts) {
      if (!e.locked || !store_->Unlocked()) continue;
      MEMORIA_ASSIGN_OR_RETURN(std::string date, store_->OpenSealed("events", e.id, "date"));
      MEMORIA_RETURN_IF_ERROR(ReadEventDate(date, e.id, &e.date));
      if (facts_out != nullptr) {
        MEMORIA_ASSIGN_OR_RETURN(e.place, store_->OpenSealed("events", e.id, "place"));
      }
    }
    auto it = found.find(id);
    if (it == found.end()) continue;
    const LifeEvents chosen = ChooseLifeEvents(facts);
    if (chosen.birth != nullptr) it->second.birth = chosen.birth->date.ToString();
    if (chosen.death != nullptr) {
      it->second.death = chosen.death->date.ToString();
      it->second.death_type = chosen.death->type;
    }
    if (facts_out != nullptr) {
      HitFacts& f = hit_facts[id];
      f.id = id;
      if (chosen.birth != nullptr) f.birth_place = chosen.birth->place;
      if (chosen.death != nullptr) f.death_place = chosen.death->place;
    }
  }
  if (facts_out != nullptr) {
    // The sources of the persons found: HitFactsFor's statement without its
    // check of each person through visible_persons (a correlated
    // visible_names lookup per record), since only the rows of the persons
    // the names statement found through visible_names, not redirected (the
    // persons visible_persons holds), are kept below.
    MEMORIA_ASSIGN_OR_RETURN(
        Statement * sources,
        Cached(kHitSourcesOfFound,
               "SELECT pr.person_id, r.source_id, s.key, s.title, count(*)"
               " FROM person_records pr"
               " JOIN visible_records r ON r.id = pr.record_id"
               " JOIN visible_sources s ON s.id = r.source_id"
               " WHERE pr.person_id IN (SELECT value FROM json_each(?1))"
               " GROUP BY pr.person_id, r.source_id ORDER BY pr.person_id, r.source_id"));
    sources->Bind(1, list);
    MEMORIA_RETURN_IF_ERROR(EachRow(sources, [&](Statement& st) {
      const int64_t id = st.ColumnInt(0);
      if (!found.contains(id)) return Status();
      AddHitSource(st, &hit_facts[id]);
      return Status();
    }));
    for (int64_t id : ids) {
      auto it = hit_facts.find(id);
      if (it != hit_facts.end()) facts_out->push_back(it->second);  // an id twice: twice
    }
  }
  std::vector<PersonSummary> out;
  out.reserve(ids.size());
  for (int64_t id : ids) {
    auto it = found.find(id);
    if (it != found.end()) out.push_back(it->second);
  }
  return out;
}

}  // namespace memoria::store
