// Reader::HitsFor: the summaries (and facts) of a page of hits. The names,
// the life events and the persons' records are read from the tables by
// person, and the views' rule is applied here
// (store/internal/visibility_rule.h): through the views, their joins and
// per-row test of a visible name were 40 % of a search page.
//
// Each record is read once for the page: the persons' own records come
// with their links (person_records), and the names and events carry only
// their record's id, looked up among those (a fact resting on a record of
// another person is read by a fourth statement, only when there is one).
// Reading a record's columns through a join of every name, event and link
// read the same record three times or more.
#include <algorithm>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/internal/reader_util.h"
#include "store/internal/sqlite.h"
#include "store/internal/visibility_rule.h"
#include "store/reader.h"

namespace memoria::store {

using namespace reader_internal;  // NOLINT: this module's own helpers

namespace {

// A fact's own columns the rule reads: its visibility, whether it is
// retracted, its claim and its record (0: none).
struct FactTerms {
  int64_t visibility = 0;
  bool retracted = false;
  bool has_claim = false;
  int64_t claim_id = 0;
  bool has_record = false;
  int64_t record_id = 0;
};

// Reads FactTerms from columns col (visibility), col + 1 (retracted),
// col + 2 (claim_id), col + 3 (record_id) of "st".
FactTerms ReadFactTerms(const Statement& st, int col) {
  FactTerms t;
  t.visibility = st.ColumnInt(col);
  t.retracted = st.ColumnInt(col + 1) != 0;
  t.has_claim = !st.ColumnIsNull(col + 2);
  t.claim_id = t.has_claim ? st.ColumnInt(col + 2) : 0;
  t.has_record = !st.ColumnIsNull(col + 3);
  t.record_id = t.has_record ? st.ColumnInt(col + 3) : 0;
  return t;
}

// A record's columns the rule reads, and whether its source and batch rows
// exist (visible_records joins them; a fact's provenance join does not
// need them).
struct RecordTerms {
  int64_t visibility = 0;
  int64_t source_id = 0;
  int64_t batch_id = 0;
  bool source_found = false;
  bool batch_found = false;
};

struct NameRow {
  int64_t person_id = 0;
  int64_t name_id = 0;
  std::string surname, given, patronymic;
  bool sealed = false;
  bool person_open = false;
  bool main = false;  // kind 'main'
  FactTerms terms;
};

struct LifeRow {
  EventFact event;
  std::string date;  // parsed once the event is known to be visible
  FactTerms terms;
};

// Appends to "out" the value of each of "ids" found in "by_id", in the order
// of "ids" (an id twice: twice): moved out at the id's last place, copied
// before it.
template <typename T>
void AppendInIdOrder(std::span<const int64_t> ids, std::unordered_map<int64_t, T>* by_id,
                     std::vector<T>* out) {
  for (size_t i = 0; i < ids.size(); ++i) {
    auto it = by_id->find(ids[i]);
    if (it == by_id->end()) continue;
    const bool last =
        std::find(ids.begin() + static_cast<ptrdiff_t>(i) + 1, ids.end(), ids[i]) == ids.end();
    if (last) {
      out->push_back(std::move(it->second));
    } else {
      out->push_back(it->second);
    }
  }
}

}  // namespace

Result<std::vector<PersonSummary>> Reader::HitsFor(std::span<const int64_t> ids,
                                                   std::vector<HitFacts>* facts_out) {
  if (facts_out != nullptr) facts_out->clear();
  if (ids.empty()) return std::vector<PersonSummary>();
  MEMORIA_ASSIGN_OR_RETURN(Snapshot read, CallSnapshot());
  MEMORIA_ASSIGN_OR_RETURN(const VisibilityRule* rule, Rule());
  // One statement per kind of row for all the ids (a JSON array through
  // json_each), not one per person: a page of 20 hits runs 3 statements
  // (4 when a fact rests on a record not linked to its person).
  const std::string list = JsonIdList(ids);
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * name,
      Cached(kSummaryName,
             "SELECT n.person_id, n.surname, n.given, n.patronymic, n.id, n.sealed,"
             " n.visibility, n.retracted_by IS NOT NULL, n.claim_id, n.record_id,"
             " p.visibility, p.retracted_by IS NOT NULL, n.kind = 'main'"
             " FROM main.names n"
             " JOIN main.persons p ON p.id = n.person_id AND p.redirect_to IS NULL"
             " WHERE n.person_id IN (SELECT value FROM json_each(?1))"));
  // Every birth, execution and death, dated or not: ChooseLifeEvents picks.
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * life,
      Cached(kSummaryLife,
             "SELECT e.person_id, e.id, e.type, e.date, e.sealed, e.place,"
             " e.visibility, e.retracted_by IS NOT NULL, e.claim_id, e.record_id"
             " FROM main.events e"
             " WHERE e.person_id IN (SELECT value FROM json_each(?1))"
             // "+type": look up by person, not through every birth of the
             // archive by the (type, date) index.
             " AND (+e.type = 'birth' OR +e.type = 'execution' OR +e.type = 'death')"
             " ORDER BY e.person_id, e.id"));
  std::vector<NameRow> names;
  names.reserve(ids.size() * 2);
  name->Bind(1, list);
  MEMORIA_RETURN_IF_ERROR(EachRow(name, [&](Statement& st) {
    NameRow& n = names.emplace_back();
    n.person_id = st.ColumnInt(0);
    n.surname = st.ColumnString(1);
    n.given = st.ColumnString(2);
    n.patronymic = st.ColumnString(3);
    n.name_id = st.ColumnInt(4);
    n.sealed = st.ColumnInt(5) != 0;
    n.terms = ReadFactTerms(st, 6);
    n.person_open = rule->Open(st.ColumnInt(10), st.ColumnInt(11) != 0);
    n.main = st.ColumnInt(12) != 0;
    return Status();
  }));
  // Each person's main name first, then by id: sorted here, not by an ORDER
  // BY, whose temporary B-tree copied every row (a tenth of the statement).
  std::sort(names.begin(), names.end(), [](const NameRow& a, const NameRow& b) {
    if (a.person_id != b.person_id) return a.person_id < b.person_id;
    if (a.main != b.main) return a.main;
    return a.name_id < b.name_id;
  });
  std::vector<LifeRow> lives;
  lives.reserve(ids.size() * 2);
  life->Bind(1, list);
  MEMORIA_RETURN_IF_ERROR(EachRow(life, [&](Statement& st) {
    LifeRow& row = lives.emplace_back();
    EventFact& e = row.event;
    e.person_id = st.ColumnInt(0);
    e.id = st.ColumnInt(1);
    e.type = st.ColumnString(2);
    row.date = st.ColumnString(3);
    e.locked = st.ColumnInt(4) != 0;  // its date (and place) are opened below
    if (facts_out != nullptr) e.place = st.ColumnString(5);
    row.terms = ReadFactTerms(st, 6);
    return Status();
  }));
  std::unordered_map<int64_t, RecordTerms> records;
  records.reserve(ids.size() * 2);
  std::vector<std::pair<int64_t, int64_t>> links;  // person, record
  links.reserve(ids.size() * 2);
  std::unordered_map<int64_t, std::pair<std::string, std::string>> source_names;  // key, title
  // Summaries alone (no facts) read only the records the facts rest on.
  if (facts_out != nullptr) {
    // The persons' records, each with the rule's columns; a source's key and
    // title are read once per page.
    MEMORIA_ASSIGN_OR_RETURN(
        Statement * linked,
        Cached(kHitSourcesOfFound,
               "SELECT pr.person_id, r.id, r.visibility, r.source_id, r.batch_id,"
               " s.id IS NOT NULL, b.id IS NOT NULL, s.key, s.title"
               " FROM main.person_records pr JOIN main.records r ON r.id = pr.record_id"
               " LEFT JOIN main.sources s ON s.id = r.source_id"
               " LEFT JOIN main.import_batches b ON b.id = r.batch_id"
               " WHERE pr.person_id IN (SELECT value FROM json_each(?1))"));
    linked->Bind(1, list);
    MEMORIA_RETURN_IF_ERROR(EachRow(linked, [&](Statement& st) {
      const int64_t record_id = st.ColumnInt(1);
      links.emplace_back(st.ColumnInt(0), record_id);
      RecordTerms& r = records[record_id];
      r.visibility = st.ColumnInt(2);
      r.source_id = st.ColumnInt(3);
      r.batch_id = st.ColumnInt(4);
      r.source_found = st.ColumnInt(5) != 0;
      r.batch_found = st.ColumnInt(6) != 0;
      if (r.source_found && !source_names.contains(r.source_id)) {
        source_names.emplace(r.source_id, std::make_pair(st.ColumnString(7), st.ColumnString(8)));
      }
      return Status();
    }));
  }
  // The records facts rest on that no link brought (rare on a page of hits:
  // a fact read from another person's record; every record for summaries).
  std::vector<int64_t> unlinked;
  auto note_record = [&](const FactTerms& t) {
    if (t.has_record && !records.contains(t.record_id)) unlinked.push_back(t.record_id);
  };
  for (const NameRow& n : names) note_record(n.terms);
  for (const LifeRow& l : lives) note_record(l.terms);
  if (!unlinked.empty()) {
    std::sort(unlinked.begin(), unlinked.end());
    unlinked.erase(std::unique(unlinked.begin(), unlinked.end()), unlinked.end());
    MEMORIA_ASSIGN_OR_RETURN(
        Statement * more,
        Cached(kHitRecords,
               "SELECT r.id, r.visibility, r.source_id, r.batch_id FROM main.records r"
               " WHERE r.id IN (SELECT value FROM json_each(?1))"));
    more->Bind(1, JsonIdList(unlinked));
    MEMORIA_RETURN_IF_ERROR(EachRow(more, [&](Statement& st) {
      RecordTerms& r = records[st.ColumnInt(0)];
      r.visibility = st.ColumnInt(1);
      r.source_id = st.ColumnInt(2);
      r.batch_id = st.ColumnInt(3);
      return Status();
    }));
  }
  // A fact of an open person is visible when it is open and its claim and
  // record are shown; a record that is not there hides nothing (the views'
  // outer join).
  auto fact_visible = [&](const FactTerms& t) {
    if (!rule->Open(t.visibility, t.retracted)) return false;
    if (t.has_claim && rule->ClaimHidden(t.claim_id)) return false;
    if (!t.has_record) return true;
    auto it = records.find(t.record_id);
    return it == records.end() ||
           rule->RecordVisible(it->second.visibility, it->second.source_id, it->second.batch_id);
  };

  std::unordered_map<int64_t, PersonSummary> found;  // the persons with a visible name
  found.reserve(ids.size() * 2);
  std::vector<std::pair<int64_t, int64_t>> sealed_names;  // person, name id
  for (NameRow& n : names) {
    if (found.contains(n.person_id)) continue;  // the first (main) visible name only
    if (!n.person_open || !fact_visible(n.terms)) continue;
    PersonSummary& p = found[n.person_id];
    p.id = n.person_id;
    p.surname = std::move(n.surname);
    p.given = std::move(n.given);
    p.patronymic = std::move(n.patronymic);
    if (n.sealed) sealed_names.emplace_back(n.person_id, n.name_id);
  }
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
  for (LifeRow& l : lives) {
    // Only the events of the persons found: open, not redirected, with a
    // visible name.
    if (!found.contains(l.event.person_id) || !fact_visible(l.terms)) continue;
    MEMORIA_RETURN_IF_ERROR(ReadEventDate(l.date, l.event.id, &l.event.date));
    events[l.event.person_id].push_back(std::move(l.event));
  }
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
    // The sources of the persons found, by source id, with the number of
    // their records there: the records visible_records holds (at or below
    // the ceiling, of a source at or below it, of a batch not retracted,
    // both there) of a source visible_sources holds.
    std::vector<std::pair<int64_t, int64_t>> shown;  // person, source: one per record
    shown.reserve(links.size());
    for (const auto& [person, record_id] : links) {
      if (!found.contains(person)) continue;
      const RecordTerms& r = records[record_id];
      if (!r.source_found || !r.batch_found ||
          !rule->RecordVisible(r.visibility, r.source_id, r.batch_id)) {
        continue;
      }
      shown.emplace_back(person, r.source_id);
    }
    std::sort(shown.begin(), shown.end());
    for (size_t i = 0; i < shown.size();) {
      size_t end = i;
      while (end < shown.size() && shown[end] == shown[i]) ++end;
      const auto& [person, source_id] = shown[i];
      HitFacts& f = hit_facts[person];
      f.id = person;
      HitSource s;
      s.source_id = source_id;
      const auto& [key, title] = source_names[source_id];
      s.key = key;
      s.title = title.empty() ? key : title;
      f.records += static_cast<int64_t>(end - i);
      f.sources.push_back(std::move(s));
      i = end;
    }
    AppendInIdOrder(ids, &hit_facts, facts_out);
  }
  std::vector<PersonSummary> out;
  out.reserve(ids.size());
  AppendInIdOrder(ids, &found, &out);
  return out;
}

}  // namespace memoria::store
