// The Reader's lists: summaries, browse orders, sources, reading slips,
// places, and the feeds of the name index (reader.h).
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "names/names.h"
#include "store/internal/reader_util.h"
#include "store/internal/sqlite.h"
#include "store/reader.h"

namespace memoria::store {

using namespace reader_internal;  // NOLINT: this module's own helpers

namespace {
// Reader::kDateFilterReach in yyyymmdd arithmetic: ten years are 100000.
constexpr int64_t kReachDays = int64_t{Reader::kDateFilterReach} * 10000;
}  // namespace

LifeEvents ChooseLifeEvents(std::span<const EventFact> events) {
  // True when "a" is the better pick of two events of the chosen type.
  auto earlier = [](const EventFact& a, const EventFact& b) {
    if (a.date.empty() != b.date.empty()) return !a.date.empty();
    if (!a.date.empty() && a.date.earliest_day() != b.date.earliest_day()) {
      return a.date.earliest_day() < b.date.earliest_day();
    }
    return a.id < b.id;
  };
  LifeEvents out;
  const EventFact* execution = nullptr;
  const EventFact* death = nullptr;
  for (const EventFact& e : events) {
    const EventFact** slot = e.type == "birth"       ? &out.birth
                             : e.type == "execution" ? &execution
                             : e.type == "death"     ? &death
                                                     : nullptr;
    if (slot != nullptr && (*slot == nullptr || earlier(e, **slot))) *slot = &e;
  }
  out.death = execution != nullptr ? execution : death;
  return out;
}

Result<std::vector<PersonSummary>> Reader::Summaries(std::span<const int64_t> ids) {
  return HitsFor(ids, nullptr);
}

Result<Statement*> Reader::HitSourcesStatement() {
  return Cached(kHitSources,
                "SELECT pr.person_id, r.source_id, s.key, s.title, count(*)"
                " FROM person_records pr"
                " JOIN visible_records r ON r.id = pr.record_id"
                " JOIN visible_sources s ON s.id = r.source_id"
                " JOIN visible_persons p ON p.id = pr.person_id"
                " WHERE pr.person_id IN (SELECT value FROM json_each(?1))"
                " GROUP BY pr.person_id, r.source_id ORDER BY pr.person_id, r.source_id");
}

Result<std::vector<HitFacts>> Reader::HitFactsFor(std::span<const int64_t> ids) {
  if (ids.empty()) return std::vector<HitFacts>();
  const std::string list = JsonIdList(ids);
  // Cached: preparing these over the visibility views costs as much as
  // running them for a page of 20 hits.
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * life,
      Cached(kHitLife,
             "SELECT e.person_id, e.id, e.type, e.date, e.place FROM visible_events e"
             " JOIN visible_persons p ON p.id = e.person_id"
             " WHERE e.person_id IN (SELECT value FROM json_each(?1))"
             " AND (+e.type = 'birth' OR +e.type = 'execution' OR +e.type = 'death')"
             " ORDER BY e.person_id, e.id"));
  MEMORIA_ASSIGN_OR_RETURN(Statement * sources, HitSourcesStatement());
  std::unordered_map<int64_t, HitFacts> found;
  found.reserve(ids.size() * 2);
  std::unordered_map<int64_t, std::vector<EventFact>> events;
  life->Bind(1, list);
  MEMORIA_RETURN_IF_ERROR(EachRow(life, [&](Statement& st) {
    EventFact e;
    e.person_id = st.ColumnInt(0);
    e.id = st.ColumnInt(1);
    e.type = st.ColumnString(2);
    MEMORIA_RETURN_IF_ERROR(ReadEventDate(st.ColumnText(3), e.id, &e.date));
    e.place = st.ColumnString(4);
    found[e.person_id].id = e.person_id;
    events[e.person_id].push_back(std::move(e));
    return Status();
  }));
  for (auto& [id, facts] : events) {
    const LifeEvents chosen = ChooseLifeEvents(facts);
    if (chosen.birth != nullptr) found[id].birth_place = chosen.birth->place;
    if (chosen.death != nullptr) found[id].death_place = chosen.death->place;
  }
  sources->Bind(1, list);
  MEMORIA_RETURN_IF_ERROR(EachRow(sources, [&](Statement& st) {
    AddHitSource(st, &found[st.ColumnInt(0)]);
    return Status();
  }));
  std::vector<HitFacts> out;
  out.reserve(ids.size());
  for (int64_t id : ids) {
    auto it = found.find(id);
    if (it != found.end()) out.push_back(it->second);
  }
  return out;
}

namespace {

// The keyset pieces of a list query: compare with ">" and read ascending
// after a cursor, "<" and descending before one.
struct Direction {
  const char* op;
  const char* order;
  bool backward;
};
Direction DirectionOf(const ListSeek& seek) {
  return seek.before != 0 ? Direction{"<", "DESC", true} : Direction{">", "ASC", false};
}
int64_t OffsetOf(const ListSeek& seek) { return seek.before == 0 ? seek.offset : 0; }

// Reads the ids of a list statement, in the list's order.
Result<std::vector<int64_t>> ListIds(Statement* st, bool backward) {
  std::vector<int64_t> out;
  MEMORIA_RETURN_IF_ERROR(EachRow(st, [&](Statement& s) {
    out.push_back(s.ColumnInt(0));
    return Status();
  }));
  if (backward) std::reverse(out.begin(), out.end());
  return out;
}

Status NotInList(int64_t person_id) {
  return InvalidArgumentError("person " + std::to_string(person_id) + " is not in this list");
}

}  // namespace

Result<std::vector<int64_t>> Reader::PersonsBySurnamePrefix(std::string_view prefix,
                                                            const ListSeek& seek) {
  const std::string norm = names::NormalizeNamePart(prefix);
  const std::string end = PrefixEnd(norm);
  // The cursor: the sort key of the cursor person's first main name.
  std::string key_surname, key_given, key_patronymic;
  int64_t key_id = 0;
  if (const int64_t cursor = seek.after != 0 ? seek.after : seek.before; cursor != 0) {
    MEMORIA_ASSIGN_OR_RETURN(
        Statement * key,
        Cached(kBySurnameKey,
               "SELECT norm_surname, norm_given, norm_patronymic FROM visible_names"
               " WHERE person_id = ?1 AND kind = 'main' ORDER BY id LIMIT 1"));
    key->Bind(1, cursor);
    MEMORIA_ASSIGN_OR_RETURN(bool found, key->Step());
    if (found) {
      key_surname = key->ColumnString(0);
      key_given = key->ColumnString(1);
      key_patronymic = key->ColumnString(2);
    }
    key->Reset();
    if (!found) return NotInList(cursor);
    key_id = cursor;
  }
  const Direction d = DirectionOf(seek);
  // The first main name of each person decides where it is listed, so a
  // person appears once.
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st, Cached(d.backward ? kBySurnameBack : kBySurname, BySurnameSql(d.backward)));
  st->Bind(1, norm).Bind(2, end).Bind(3, seek.limit).Bind(4, OffsetOf(seek));
  st->Bind(5, key_id).Bind(6, key_surname).Bind(7, key_given).Bind(8, key_patronymic);
  return ListIds(st, d.backward);
}

Result<std::vector<int64_t>> Reader::PersonsByEventDate(std::string_view type, int32_t from_day,
                                                        int32_t to_day, const ListSeek& seek) {
  // The cursor: the cursor person's first event of the type in the range.
  int64_t key_day = 0, key_event = 0;
  if (const int64_t cursor = seek.after != 0 ? seek.after : seek.before; cursor != 0) {
    MEMORIA_ASSIGN_OR_RETURN(
        Statement * key,
        Cached(kByEventDateKey,
               "SELECT date_min, id FROM visible_events WHERE person_id = ?1 AND +type = ?2"
               " AND date_min BETWEEN ?3 AND ?4 ORDER BY date_min, id LIMIT 1"));
    key->Bind(1, cursor).Bind(2, type).Bind(3, from_day).Bind(4, to_day);
    MEMORIA_ASSIGN_OR_RETURN(bool found, key->Step());
    if (found) {
      key_day = key->ColumnInt(0);
      key_event = key->ColumnInt(1);
    }
    key->Reset();
    if (!found) return NotInList(cursor);
  }
  const Direction d = DirectionOf(seek);
  // Events in the order of the (type, date_min) index; a person is listed at
  // their first event of the range only.
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(d.backward ? kByEventDateBack : kByEventDate,
             std::string("SELECT e.person_id FROM visible_events e"
                         " JOIN visible_persons p ON p.id = e.person_id"
                         " WHERE e.type = ?1 AND e.date_min BETWEEN ?2 AND ?3"
                         " AND (?6 = 0 OR (e.date_min, e.id) ") +
                 d.op +
                 " (?6, ?7))"
                 " AND NOT EXISTS (SELECT 1 FROM visible_events f"
                 "   WHERE f.person_id = e.person_id AND +f.type = ?1"
                 "   AND f.date_min BETWEEN ?2 AND ?3 AND (f.date_min, f.id) < (e.date_min, e.id))"
                 " ORDER BY e.date_min " +
                 d.order + ", e.id " + d.order + " LIMIT ?4 OFFSET ?5"));
  st->Bind(1, type).Bind(2, from_day).Bind(3, to_day).Bind(4, seek.limit).Bind(5, OffsetOf(seek));
  st->Bind(6, key_day).Bind(7, key_event);
  return ListIds(st, d.backward);
}

Result<int64_t> Reader::FirstRecordOfSource(int64_t source_id) {
  // Imports are sequential transactions, so records are stored batch after
  // batch: batch_id never decreases with the record id. The first record of
  // the source's first batch is found by bisection over record ids (about
  // 25 point reads) instead of a scan: records have no (source, id) index.
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * batch,
      Cached(kSourceFirstBatch, "SELECT min(id) FROM import_batches WHERE source_id = ?1"));
  batch->Bind(1, source_id);
  MEMORIA_ASSIGN_OR_RETURN(bool has_batch, batch->Step());
  const int64_t first_batch = has_batch && !batch->ColumnIsNull(0) ? batch->ColumnInt(0) : 0;
  batch->Reset();
  if (first_batch == 0) return int64_t{0};
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * probe,
      Cached(kRecordProbe,
             "SELECT batch_id FROM visible_records WHERE id >= ?1 ORDER BY id LIMIT 1"));
  MEMORIA_ASSIGN_OR_RETURN(Statement * last,
                           Cached(kRecordLast, "SELECT max(id) FROM visible_records"));
  MEMORIA_ASSIGN_OR_RETURN(bool has_last, last->Step());
  int64_t hi = has_last && !last->ColumnIsNull(0) ? last->ColumnInt(0) + 1 : 0;
  last->Reset();
  int64_t lo = 0;  // every record below lo is of an earlier batch
  while (lo < hi) {
    const int64_t mid = lo + (hi - lo) / 2;
    probe->Bind(1, mid);
    MEMORIA_ASSIGN_OR_RETURN(bool found, probe->Step());
    const bool before = found && probe->ColumnInt(0) < first_batch;
    probe->Reset();
    if (before) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

Result<std::vector<int64_t>> Reader::PersonsOfSource(int64_t source_id, const ListSeek& seek) {
  // The cursor: the cursor person's first record of the source.
  int64_t key_record = 0;
  if (const int64_t cursor = seek.after != 0 ? seek.after : seek.before; cursor != 0) {
    MEMORIA_ASSIGN_OR_RETURN(
        Statement * key,
        Cached(
            kSourcePersonKey,
            "SELECT min(r.id) FROM person_records pr JOIN visible_records r ON r.id = pr.record_id"
            " WHERE pr.person_id = ?1 AND r.source_id = ?2"));
    key->Bind(1, cursor).Bind(2, source_id);
    MEMORIA_ASSIGN_OR_RETURN(bool found, key->Step());
    if (found && !key->ColumnIsNull(0)) key_record = key->ColumnInt(0);
    key->Reset();
    if (key_record == 0) return NotInList(cursor);
  } else {
    MEMORIA_ASSIGN_OR_RETURN(int64_t first, FirstRecordOfSource(source_id));
    key_record = first - 1;
  }
  const Direction d = DirectionOf(seek);
  // Records in id order from the cursor ("+r.source_id": walk the ids, not
  // the whole source through the unique (source, hash) index); a person is
  // listed at their first record of the source only.
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(d.backward ? kSourcePersonsBack : kSourcePersons,
             std::string("SELECT pr.person_id FROM visible_records r"
                         " JOIN person_records pr ON pr.record_id = r.id"
                         " JOIN visible_persons p ON p.id = pr.person_id"
                         " WHERE +r.source_id = ?1 AND r.id ") +
                 d.op +
                 " ?2"
                 " AND NOT EXISTS (SELECT 1 FROM person_records q"
                 "   JOIN visible_records s ON s.id = q.record_id"
                 "   WHERE q.person_id = pr.person_id AND s.source_id = ?1 AND s.id < r.id)"
                 // pr.record_id, equal to r.id: the planner walks the
                 // person_records_record index in this order and stops at
                 // the limit; "ORDER BY r.id" sorted every later record.
                 " ORDER BY pr.record_id " +
                 d.order + " LIMIT ?3 OFFSET ?4"));
  st->Bind(1, source_id).Bind(2, key_record).Bind(3, seek.limit).Bind(4, OffsetOf(seek));
  return ListIds(st, d.backward);
}

Result<std::vector<int64_t>> Reader::FilterByEvent(std::span<const int64_t> ids,
                                                   std::string_view type, int32_t from_day,
                                                   int32_t to_day) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(kHasEvent,
             "SELECT 1 FROM visible_events WHERE person_id = ?1 AND (?2 = '' OR type = ?2)"
             " AND date_min IS NOT NULL AND date_max >= ?3 AND date_min <= ?4"
             " AND date_min >= ?3 - ?5 LIMIT 1"));
  std::vector<int64_t> out;
  for (int64_t id : ids) {
    st->Bind(1, id).Bind(2, type).Bind(3, from_day).Bind(4, to_day).Bind(5, kReachDays);
    MEMORIA_ASSIGN_OR_RETURN(bool found, st->Step());
    st->Reset();
    if (found) out.push_back(id);
  }
  return out;
}

Result<std::vector<int64_t>> Reader::PersonsWithEvent(std::string_view type, int32_t from_day,
                                                      int32_t to_day, int64_t limit) {
  // The same condition as FilterByEvent, on the (type, date_min) index.
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(kWithEvent,
             "SELECT DISTINCT e.person_id FROM visible_events e"
             " JOIN visible_persons p ON p.id = e.person_id"
             " WHERE e.type = ?1 AND e.date_min BETWEEN ?2 - ?4 AND ?3 AND e.date_max >= ?2"
             " LIMIT ?5"));
  st->Bind(1, type).Bind(2, from_day).Bind(3, to_day).Bind(4, kReachDays).Bind(5, limit);
  std::vector<int64_t> out;
  MEMORIA_RETURN_IF_ERROR(EachRow(st, [&](Statement& s) {
    out.push_back(s.ColumnInt(0));
    return Status();
  }));
  return out;
}

Result<std::vector<int64_t>> Reader::PersonsWithSource(int64_t source_id, int64_t limit) {
  MEMORIA_ASSIGN_OR_RETURN(Statement * st,
                           Cached(kWithSource,
                                  "SELECT DISTINCT pr.person_id FROM visible_records r"
                                  " JOIN person_records pr ON pr.record_id = r.id"
                                  " JOIN visible_persons p ON p.id = pr.person_id"
                                  " WHERE r.source_id = ?1 LIMIT ?2"));
  st->Bind(1, source_id).Bind(2, limit);
  std::vector<int64_t> out;
  MEMORIA_RETURN_IF_ERROR(EachRow(st, [&](Statement& s) {
    out.push_back(s.ColumnInt(0));
    return Status();
  }));
  return out;
}

Result<std::vector<int64_t>> Reader::FilterBySource(std::span<const int64_t> ids,
                                                    int64_t source_id) {
  MEMORIA_ASSIGN_OR_RETURN(Statement * st,
                           Cached(kHasSource,
                                  "SELECT 1 FROM person_records pr"
                                  " JOIN visible_records r ON r.id = pr.record_id"
                                  " WHERE pr.person_id = ?1 AND r.source_id = ?2 LIMIT 1"));
  std::vector<int64_t> out;
  for (int64_t id : ids) {
    st->Bind(1, id).Bind(2, source_id);
    MEMORIA_ASSIGN_OR_RETURN(bool found, st->Step());
    st->Reset();
    if (found) out.push_back(id);
  }
  return out;
}

Result<std::vector<std::string>> Reader::EventPlaces(int64_t person_id, std::string_view type) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st, Cached(kEventPlaces,
                             "SELECT place FROM visible_events WHERE person_id = ?1 AND type = ?2"
                             " AND place <> '' ORDER BY id"));
  st->Bind(1, person_id).Bind(2, type);
  std::vector<std::string> out;
  MEMORIA_RETURN_IF_ERROR(EachRow(st, [&](Statement& s) {
    out.push_back(s.ColumnString(0));
    return Status();
  }));
  return out;
}

Result<std::vector<SourceRow>> Reader::Sources(const RowFloor& above) {
  MEMORIA_ASSIGN_OR_RETURN(SourceCounts counts, SourceCountsAbove(above));
  return NotedSources(counts);
}

Result<std::vector<SourceRow>> Reader::NotedSources(const SourceCounts& counts) {
  MEMORIA_ASSIGN_OR_RETURN(std::vector<SourceRow> all, SourcesCounted(counts));
  for (const SourceRow& s : all) {
    if (s.visibility == Visibility::kConfidential)
      NoteConfidentialSubject("source " + std::to_string(s.id));
  }
  return all;
}

Result<Reader::SourceCounts> Reader::SourceCountsAbove(const RowFloor& above) {
  // The counts in two grouped passes over all records (in index order),
  // not two correlated subqueries per source: those sort each source's
  // persons in a temporary b-tree and read the records in random order.
  // Above a floor (the rows an import added), the same statements with the
  // floor's terms, prepared for that one use; "+r.source_id" there: the
  // records above it by their ids, not a walk of every record in the
  // (source, hash) index.
  constexpr std::string_view kRecordCounts =
      "SELECT r.source_id, count(*) FROM visible_records r WHERE 1{} GROUP BY {}r.source_id";
  constexpr std::string_view kPersonCounts =
      "SELECT source_id, count(*) FROM (SELECT DISTINCT r.source_id, pr.person_id"
      " FROM person_records pr JOIN visible_records r ON r.id = pr.record_id"
      " JOIN visible_persons p ON p.id = pr.person_id WHERE 1{}) GROUP BY source_id";
  const bool floored = !(above == RowFloor{});
  std::optional<Statement> floored_records, floored_persons;
  Statement* records = nullptr;
  Statement* persons = nullptr;
  if (floored) {
    MEMORIA_ASSIGN_OR_RETURN(
        floored_records, Prepare(fmt::format(kRecordCounts, Above("r.id", above.records), "+")));
    MEMORIA_ASSIGN_OR_RETURN(
        floored_persons, Prepare(fmt::format(kPersonCounts, Above("pr.person_id", above.persons))));
    records = &*floored_records;
    persons = &*floored_persons;
  } else {
    MEMORIA_ASSIGN_OR_RETURN(records,
                             Cached(kSourceRecordCounts, fmt::format(kRecordCounts, "", "")));
    MEMORIA_ASSIGN_OR_RETURN(persons, Cached(kSourcePersonCounts, fmt::format(kPersonCounts, "")));
  }
  SourceCounts counts;
  MEMORIA_RETURN_IF_ERROR(EachRow(records, [&](Statement& s) {
    counts[s.ColumnInt(0)].first = s.ColumnInt(1);
    return Status();
  }));
  MEMORIA_RETURN_IF_ERROR(EachRow(persons, [&](Statement& s) {
    counts[s.ColumnInt(0)].second = s.ColumnInt(1);
    return Status();
  }));
  return counts;
}

Result<std::vector<SourceRow>> Reader::SourcesCounted(const SourceCounts& counts) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(kSources,
             "SELECT s.id, s.key, s.title, s.profile, s.citation, s.language, s.licence,"
             " s.created_at, s.visibility FROM visible_sources s ORDER BY s.id"));
  std::vector<SourceRow> out;
  MEMORIA_RETURN_IF_ERROR(EachRow(st, [&](Statement& s) {
    SourceRow r;
    r.id = s.ColumnInt(0);
    r.key = s.ColumnString(1);
    r.title = s.ColumnString(2);
    r.profile = s.ColumnString(3);
    r.citation = s.ColumnString(4);
    r.language = s.ColumnString(5);
    r.licence = s.ColumnString(6);
    r.created_at = s.ColumnString(7);
    r.visibility = ToVisibility(s.ColumnInt(8));
    auto it = counts.find(r.id);
    if (it != counts.end()) std::tie(r.records, r.persons) = it->second;
    out.push_back(std::move(r));
    return Status();
  }));
  return out;
}

Result<SourceRow> Reader::Source(int64_t source_id) {
  MEMORIA_ASSIGN_OR_RETURN(SourceCounts counts, SourceCountsAbove(RowFloor{}));
  MEMORIA_ASSIGN_OR_RETURN(std::vector<SourceRow> all, SourcesCounted(counts));
  for (SourceRow& s : all) {
    if (s.id != source_id) continue;
    if (s.visibility == Visibility::kConfidential)
      NoteConfidentialSubject("source " + std::to_string(s.id));
    return std::move(s);
  }
  return NotFoundError("no source " + std::to_string(source_id));
}

Result<std::vector<ReadingSlip>> Reader::ReadingSlips(std::span<const int64_t> persons,
                                                      int32_t from_day, int32_t to_day) {
  MEMORIA_ASSIGN_OR_RETURN(std::vector<PersonSummary> summaries, Summaries(persons));
  MEMORIA_ASSIGN_OR_RETURN(Statement * occupation,
                           Cached(kSlipOccupation,
                                  "SELECT value FROM visible_attributes WHERE person_id = ?1"
                                  " AND kind = 'occupation' ORDER BY id LIMIT 1"));
  std::vector<ReadingSlip> out;
  for (PersonSummary& p : summaries) {
    if (p.death.empty()) continue;
    Result<Edtf> death = Edtf::Parse(p.death);
    if (!death.ok()) continue;
    if (death->latest_day() < from_day || death->earliest_day() > to_day) continue;
    ReadingSlip slip;
    slip.person_id = p.id;
    slip.death_day = death->earliest_day();
    slip.age = AgeAt(p.birth, death->earliest_day());
    occupation->Bind(1, p.id);
    MEMORIA_ASSIGN_OR_RETURN(bool has, occupation->Step());
    if (has) slip.occupation = occupation->ColumnString(0);
    occupation->Reset();
    slip.surname = std::move(p.surname);
    slip.given = std::move(p.given);
    slip.patronymic = std::move(p.patronymic);
    slip.birth = std::move(p.birth);
    slip.death = std::move(p.death);
    out.push_back(std::move(slip));
  }
  return out;
}

Status Reader::ForEachPlaceText(const std::function<Status(PlaceText&&)>& fn) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement events,
      Prepare("SELECT e.person_id, e.type, e.place FROM visible_events e"
              " JOIN visible_persons p ON p.id = e.person_id WHERE e.place <> ''"));
  MEMORIA_RETURN_IF_ERROR(EachRow(&events, [&](Statement& s) {
    return fn(PlaceText{s.ColumnInt(0), s.ColumnString(1), s.ColumnString(2)});
  }));
  MEMORIA_ASSIGN_OR_RETURN(
      Statement attributes,
      Prepare("SELECT a.person_id, a.kind, a.value FROM visible_attributes a"
              " JOIN visible_persons p ON p.id = a.person_id"
              " WHERE (a.kind = 'address' OR a.kind = 'residence') AND a.value <> ''"));
  return EachRow(&attributes, [&](Statement& s) {
    return fn(PlaceText{s.ColumnInt(0), s.ColumnString(1), s.ColumnString(2)});
  });
}

Result<std::vector<PlaceRecord>> Reader::Places() {
  MEMORIA_ASSIGN_OR_RETURN(Statement st, Prepare("SELECT p.id, p.kind, p.name, p.lat, p.lon,"
                                                 " n.name FROM visible_places p"
                                                 " JOIN visible_place_names n ON n.place_id = p.id"
                                                 " ORDER BY p.id, n.id"));
  std::vector<PlaceRecord> out;
  MEMORIA_RETURN_IF_ERROR(EachRow(&st, [&](Statement& s) {
    const int64_t id = s.ColumnInt(0);
    if (out.empty() || out.back().id != id) {
      PlaceRecord p;
      p.id = id;
      p.kind = s.ColumnString(1);
      p.name = s.ColumnString(2);
      p.has_point = !s.ColumnIsNull(3) && !s.ColumnIsNull(4);
      p.lat = s.ColumnDouble(3);
      p.lon = s.ColumnDouble(4);
      out.push_back(std::move(p));
    }
    if (!s.ColumnIsNull(5)) out.back().names.push_back(s.ColumnString(5));
    return Status();
  }));
  return out;
}

Status Reader::ForEachIndexedName(int64_t from_id, int64_t to_id,
                                  const std::function<void(const IndexedName&)>& fn) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(kIndexedNames,
             "SELECT n.person_id, n.norm_surname, n.norm_given, n.norm_patronymic,"
             " n.kind = 'main' FROM visible_names n JOIN main.persons p ON p.id = n.person_id"
             " WHERE n.id BETWEEN ?1 AND ?2 AND p.redirect_to IS NULL"));
  st->Bind(1, from_id).Bind(2, to_id);
  return EachRow(st, [&](Statement& row) {
    fn(IndexedName{row.ColumnInt(0), row.ColumnText(1), row.ColumnText(2), row.ColumnText(3),
                   row.ColumnInt(4) != 0});
    return Status();
  });
}

Status Reader::ForEachBirth(int64_t from_id, int64_t to_id,
                            const std::function<void(const BirthDays&)>& fn) {
  // "+type": read the id range in table order (events are stored about in
  // person order), not every birth of the archive through the (type, date)
  // index.
  MEMORIA_ASSIGN_OR_RETURN(Statement * st,
                           Cached(kBirths,
                                  "SELECT person_id, date_min, date_max FROM visible_events"
                                  " WHERE id BETWEEN ?1 AND ?2 AND +type = 'birth'"
                                  " AND date_min IS NOT NULL"));
  st->Bind(1, from_id).Bind(2, to_id);
  return EachRow(st, [&](Statement& row) {
    fn(BirthDays{row.ColumnInt(0), row.ColumnInt(1), row.ColumnInt(2)});
    return Status();
  });
}

}  // namespace memoria::store
