#include "store/reader.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <utility>

#include "names/names.h"
#include "store/internal/sqlite.h"
#include "store/internal/views.h"

namespace memoria::store {
namespace {

enum Slot {
  kPersonRow,
  kPersonVisible,
  kPersonNames,
  kPersonEvents,
  kPersonAttributes,
  kPersonRecords,
  kNextPersons,
  kSummaryName,
  kSummaryBirth,
  kSummaryDeath,
  kBySurname,
  kByEventDate,
  kHasEvent,
  kHasAnyEvent,
  kSources,
  kSource,
  kSourcePersons,
  kSlipOccupation,
  kEventPlaces,
  kDataVersion,
  kNamesVersion,
  kIdBounds,
  kIndexedNames,
  kBirths,
  kBegin,
  kCommit,
  kRollback,
  kSlotCount,
};

Visibility ToVisibility(int64_t v) {
  return v <= 0   ? Visibility::kPublic
         : v == 1 ? Visibility::kRestricted
                  : Visibility::kConfidential;
}

std::string LowerHex(std::string_view hex) {
  std::string out(hex);
  for (char& c : out) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Steps "st" through its rows, calling fn for each; resets it afterwards.
template <typename Fn>
Status EachRow(Statement* st, Fn&& fn) {
  while (true) {
    Result<bool> row = st->Step();
    if (!row.ok()) {
      st->Reset();
      return row.status();
    }
    if (!*row) break;
    Status s = fn(*st);
    if (!s.ok()) {
      st->Reset();
      return s;
    }
  }
  st->Reset();
  return Status();
}

// The successor of a UTF-8 prefix for a range scan: the prefix with its last
// code point incremented ("б" -> "в"); "" when the prefix is empty.
std::string PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty()) {
    unsigned char& last = reinterpret_cast<unsigned char&>(end.back());
    if (last < 0xBF || (last < 0xFF && (last & 0xC0) != 0x80)) {
      ++last;
      return end;
    }
    end.pop_back();
  }
  return end;
}

int AgeAt(std::string_view birth_edtf, int32_t day) {
  Result<Edtf> birth = Edtf::Parse(birth_edtf);
  if (!birth.ok() || birth->empty() || day <= 0) return -1;
  const int32_t from = birth->earliest_day(), to = birth->latest_day();
  // Only a birth known to the year gives an age.
  if (from / 10000 != to / 10000) return -1;
  int age = day / 10000 - from / 10000;
  if (to % 10000 == 1231 && from % 10000 == 101) return age;  // year only: the year difference
  if (day % 10000 < from % 10000) --age;
  return age;
}

}  // namespace

Reader::Reader(Store* store, Visibility ceiling) : store_(store), ceiling_(ceiling) {
  cache_.resize(kSlotCount);
}

Reader::~Reader() = default;

Result<std::unique_ptr<Reader>> Reader::Create(Store* store, Visibility ceiling) {
  MEMORIA_RETURN_IF_ERROR(store->db()->Exec(VisibilityViewsSql(static_cast<int>(ceiling))));
  return std::unique_ptr<Reader>(new Reader(store, ceiling));
}

const std::string& Reader::archive_dir() const { return store_->dir(); }

std::string Reader::CacheKey() const {
  std::string key = store_->dir().empty() ? "memory:" + std::to_string(store_->instance_id())
                                          : store_->dir();
  return key + "#" + std::to_string(static_cast<int>(ceiling_));
}

bool Reader::InWriteTransaction() const { return store_->InWriteTransaction(); }

Result<Statement*> Reader::Cached(int slot, std::string_view sql) {
  std::unique_ptr<Statement>& st = cache_[static_cast<size_t>(slot)];
  if (st == nullptr) {
    MEMORIA_ASSIGN_OR_RETURN(Statement prepared, Prepare(sql));
    st = std::make_unique<Statement>(std::move(prepared));
  }
  return st.get();
}

Result<Statement> Reader::Prepare(std::string_view sql) {
  return store_->db()->Prepare(ForCeiling(sql, static_cast<int>(ceiling_)));
}

Result<int64_t> Reader::Count(std::string_view sql) {
  return store_->db()->QueryInt(ForCeiling(sql, static_cast<int>(ceiling_)));
}

Result<Reader::Snapshot> Reader::BeginSnapshot() {
  if (store_->db()->InTransaction()) return Snapshot();  // already in one
  MEMORIA_ASSIGN_OR_RETURN(Statement * begin, Cached(kBegin, "BEGIN"));
  Status s = begin->Run();
  begin->Reset();
  MEMORIA_RETURN_IF_ERROR(s);
  return Snapshot(this);
}

Reader::Snapshot::~Snapshot() {
  if (reader_ == nullptr) return;
  // A read transaction commits without writing; should COMMIT fail, the
  // transaction is rolled back so the connection is never left inside one.
  Result<Statement*> commit = reader_->Cached(kCommit, "COMMIT");
  if (commit.ok()) {
    Status s = (*commit)->Run();
    (*commit)->Reset();
    if (s.ok()) return;
  }
  if (!reader_->store_->db()->InTransaction()) return;
  Result<Statement*> rollback = reader_->Cached(kRollback, "ROLLBACK");
  if (rollback.ok()) {
    (*rollback)->Run().IgnoreError();
    (*rollback)->Reset();
  }
}

Result<PersonView> Reader::GetPerson(int64_t person_id) {
  PersonView p;
  {
    MEMORIA_ASSIGN_OR_RETURN(
        Statement * st, Cached(kPersonRow, "SELECT id, redirect_to FROM persons WHERE id = ?1"));
    st->Bind(1, person_id);
    MEMORIA_ASSIGN_OR_RETURN(bool found, st->Step());
    if (found) {
      p.id = st->ColumnInt(0);
      p.redirect_to = st->ColumnIsNull(1) ? 0 : st->ColumnInt(1);
    }
    st->Reset();
    if (!found) return NotFoundError("no person " + std::to_string(person_id));
    if (p.redirect_to != 0) return p;
  }
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * names,
      Cached(kPersonNames,
             "SELECT id, record_id, claim_id, kind, surname, given, patronymic, script, visibility"
             " FROM visible_names WHERE person_id = ?1 ORDER BY kind <> 'main', id"));
  names->Bind(1, person_id);
  MEMORIA_RETURN_IF_ERROR(EachRow(names, [&](Statement& st) {
    NameFact n;
    n.id = st.ColumnInt(0);
    n.person_id = person_id;
    n.record_id = st.ColumnInt(1);
    n.claim_id = st.ColumnInt(2);
    n.kind = st.ColumnString(3);
    n.surname = st.ColumnString(4);
    n.given = st.ColumnString(5);
    n.patronymic = st.ColumnString(6);
    n.script = st.ColumnString(7);
    n.visibility = ToVisibility(st.ColumnInt(8));
    p.names.push_back(std::move(n));
    return Status();
  }));
  if (p.names.empty()) return NotFoundError("no person " + std::to_string(person_id));
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * events,
      Cached(kPersonEvents,
             "SELECT id, record_id, claim_id, type, date, date_text, place, body, article,"
             " sentence, note, visibility FROM visible_events WHERE person_id = ?1"
             " ORDER BY coalesce(date_min, 99999999), id"));
  events->Bind(1, person_id);
  MEMORIA_RETURN_IF_ERROR(EachRow(events, [&](Statement& st) {
    EventFact e;
    e.id = st.ColumnInt(0);
    e.person_id = person_id;
    e.record_id = st.ColumnInt(1);
    e.claim_id = st.ColumnInt(2);
    e.type = st.ColumnString(3);
    std::string_view date = st.ColumnText(4);
    if (!date.empty()) {
      Result<Edtf> parsed = Edtf::Parse(date);
      if (!parsed.ok()) return DataLossError("event " + std::to_string(e.id) + ": bad date");
      e.date = *parsed;
    }
    e.date_text = st.ColumnString(5);
    e.place = st.ColumnString(6);
    e.body = st.ColumnString(7);
    e.article = st.ColumnString(8);
    e.sentence = st.ColumnString(9);
    e.note = st.ColumnString(10);
    e.visibility = ToVisibility(st.ColumnInt(11));
    p.events.push_back(std::move(e));
    return Status();
  }));
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * attributes,
      Cached(kPersonAttributes,
             "SELECT id, record_id, claim_id, kind, value, visibility FROM visible_attributes"
             " WHERE person_id = ?1 ORDER BY id"));
  attributes->Bind(1, person_id);
  MEMORIA_RETURN_IF_ERROR(EachRow(attributes, [&](Statement& st) {
    AttributeFact a;
    a.id = st.ColumnInt(0);
    a.person_id = person_id;
    a.record_id = st.ColumnInt(1);
    a.claim_id = st.ColumnInt(2);
    a.kind = st.ColumnString(3);
    a.value = st.ColumnString(4);
    a.visibility = ToVisibility(st.ColumnInt(5));
    p.attributes.push_back(std::move(a));
    return Status();
  }));
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * records,
      Cached(kPersonRecords,
             "SELECT r.id, r.source_id, s.key, s.title, b.file_name, r.position,"
             " coalesce(r.external_id, ''), hex(r.content_hash), r.raw, r.visibility"
             " FROM person_records pr JOIN visible_records r ON r.id = pr.record_id"
             " JOIN visible_sources s ON s.id = r.source_id"
             " JOIN import_batches b ON b.id = r.batch_id"
             " WHERE pr.person_id = ?1 ORDER BY r.id"));
  records->Bind(1, person_id);
  MEMORIA_RETURN_IF_ERROR(EachRow(records, [&](Statement& st) {
    RecordView r;
    r.id = st.ColumnInt(0);
    r.source_id = st.ColumnInt(1);
    r.source_key = st.ColumnString(2);
    r.source_title = st.ColumnString(3);
    r.file_name = st.ColumnString(4);
    r.position = st.ColumnInt(5);
    r.external_id = st.ColumnString(6);
    r.content_hash = LowerHex(st.ColumnText(7));
    r.raw = st.ColumnString(8);
    r.visibility = ToVisibility(st.ColumnInt(9));
    p.records.push_back(std::move(r));
    return Status();
  }));
  return p;
}

Status Reader::ForEachPerson(int64_t after_id, int64_t limit,
                             const std::function<Status(const PersonView&)>& fn) {
  int64_t done = 0;
  while (limit == 0 || done < limit) {
    // Ids are read a page at a time so the statement is not held open
    // across GetPerson (which uses the same connection).
      MEMORIA_ASSIGN_OR_RETURN(
        Statement * st,
        Cached(kNextPersons, "SELECT id FROM visible_persons WHERE id > ?1 ORDER BY id LIMIT ?2"));
    const int64_t page = limit == 0 ? 512 : std::min<int64_t>(512, limit - done);
    st->Bind(1, after_id).Bind(2, page);
    std::vector<int64_t> ids;
    MEMORIA_RETURN_IF_ERROR(EachRow(st, [&](Statement& s) {
      ids.push_back(s.ColumnInt(0));
      return Status();
    }));
    if (ids.empty()) break;
    for (int64_t id : ids) {
      Result<PersonView> p = GetPerson(id);
      if (!p.ok()) {
        if (p.status().code() == StatusCode::kNotFound) continue;
        return p.status();
      }
      MEMORIA_RETURN_IF_ERROR(fn(*p));
      ++done;
    }
    after_id = ids.back();
  }
  return Status();
}

Result<Stats> Reader::GetStats() {
  Stats s;
  MEMORIA_ASSIGN_OR_RETURN(s.persons, Count("SELECT count(*) FROM visible_persons"));
  MEMORIA_ASSIGN_OR_RETURN(s.records, Count("SELECT count(*) FROM visible_records"));
  MEMORIA_ASSIGN_OR_RETURN(s.sources, Count("SELECT count(*) FROM visible_sources"));
  MEMORIA_ASSIGN_OR_RETURN(s.names, Count("SELECT count(*) FROM visible_names"));
  MEMORIA_ASSIGN_OR_RETURN(s.events, Count("SELECT count(*) FROM visible_events"));
  MEMORIA_ASSIGN_OR_RETURN(s.attributes, Count("SELECT count(*) FROM visible_attributes"));
  MEMORIA_ASSIGN_OR_RETURN(s.batches, Count("SELECT count(*) FROM import_batches b"
                                            " JOIN visible_sources s ON s.id = b.source_id"));
  return s;
}

Result<Stats> Reader::GetHeadlineStats() {
  Stats s;
  MEMORIA_ASSIGN_OR_RETURN(s.persons, Count("SELECT count(*) FROM visible_persons"));
  MEMORIA_ASSIGN_OR_RETURN(s.records, Count("SELECT count(*) FROM visible_records"));
  MEMORIA_ASSIGN_OR_RETURN(s.sources, Count("SELECT count(*) FROM visible_sources"));
  return s;
}

Result<std::vector<MonthCount>> Reader::MonthlyCounts() {
  // Only dates known to the month: earliest and latest day in one month.
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      Prepare("SELECT date_min / 100 AS m, sum(type = 'arrest'),"
                            " sum(type = 'execution') FROM visible_events"
                            " WHERE (type = 'arrest' OR type = 'execution')"
                            " AND date_min IS NOT NULL AND date_min / 100 = date_max / 100"
                            " GROUP BY m ORDER BY m"));
  std::vector<MonthCount> out;
  MEMORIA_RETURN_IF_ERROR(EachRow(&st, [&](Statement& s) {
    out.push_back({static_cast<int32_t>(s.ColumnInt(0)), s.ColumnInt(1), s.ColumnInt(2)});
    return Status();
  }));
  return out;
}

Result<std::vector<PersonSummary>> Reader::Summaries(std::span<const int64_t> ids) {
  if (ids.empty()) return std::vector<PersonSummary>();
  // One statement per kind of fact for all the ids (a JSON array through
  // json_each), not three per person: a page of 20 hits runs 3 statements.
  std::string list = "[";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) list.push_back(',');
    list += std::to_string(ids[i]);
  }
  list.push_back(']');
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * name,
      Cached(kSummaryName,
             "SELECT n.person_id, n.surname, n.given, n.patronymic FROM visible_names n"
             " JOIN main.persons p ON p.id = n.person_id AND p.redirect_to IS NULL"
             " WHERE n.person_id IN (SELECT value FROM json_each(?1))"
             " ORDER BY n.person_id, n.kind <> 'main', n.id"));
  MEMORIA_ASSIGN_OR_RETURN(Statement * birth,
                           Cached(kSummaryBirth,
                                  "SELECT person_id, date FROM visible_events"
                                  " WHERE person_id IN (SELECT value FROM json_each(?1))"
                                  // "+type": look up by person, not through every birth of
                                  // the archive by the (type, date) index.
                                  " AND +type = 'birth' AND date <> '' ORDER BY person_id, id"));
  MEMORIA_ASSIGN_OR_RETURN(Statement * death,
                           Cached(kSummaryDeath,
                                  "SELECT person_id, date, type FROM visible_events"
                                  " WHERE person_id IN (SELECT value FROM json_each(?1))"
                                  " AND (+type = 'execution' OR +type = 'death') AND date <> ''"
                                  " ORDER BY person_id, type <> 'execution', id"));
  std::unordered_map<int64_t, PersonSummary> found;
  found.reserve(ids.size() * 2);
  name->Bind(1, list);
  MEMORIA_RETURN_IF_ERROR(EachRow(name, [&](Statement& st) {
    const int64_t id = st.ColumnInt(0);
    if (found.contains(id)) return Status();  // the first (main) name only
    PersonSummary& p = found[id];
    p.id = id;
    p.surname = st.ColumnString(1);
    p.given = st.ColumnString(2);
    p.patronymic = st.ColumnString(3);
    return Status();
  }));
  std::unordered_map<int64_t, bool> has_birth, has_death;
  birth->Bind(1, list);
  MEMORIA_RETURN_IF_ERROR(EachRow(birth, [&](Statement& st) {
    auto it = found.find(st.ColumnInt(0));
    if (it == found.end() || !has_birth.emplace(it->first, true).second) return Status();
    it->second.birth = st.ColumnString(1);
    return Status();
  }));
  death->Bind(1, list);
  MEMORIA_RETURN_IF_ERROR(EachRow(death, [&](Statement& st) {
    auto it = found.find(st.ColumnInt(0));
    if (it == found.end() || !has_death.emplace(it->first, true).second) return Status();
    it->second.death = st.ColumnString(1);
    it->second.death_type = st.ColumnString(2);
    return Status();
  }));
  std::vector<PersonSummary> out;
  out.reserve(ids.size());
  for (int64_t id : ids) {
    auto it = found.find(id);
    if (it != found.end()) out.push_back(it->second);
  }
  return out;
}

Result<std::vector<int64_t>> Reader::PersonsBySurnamePrefix(std::string_view prefix, int64_t offset,
                                                            int64_t limit) {
  const std::string norm = names::NormalizeNamePart(prefix);
  const std::string end = PrefixEnd(norm);
  // The first main name of each person decides where it is listed, so a
  // person appears once.
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(kBySurname,
             "SELECT n.person_id FROM visible_names n"
             " WHERE n.kind = 'main' AND n.norm_surname >= ?1 AND (?2 = '' OR n.norm_surname < ?2)"
             " AND n.id = (SELECT min(m.id) FROM visible_names m"
             "             WHERE m.person_id = n.person_id AND m.kind = 'main')"
             " AND (SELECT redirect_to FROM persons WHERE id = n.person_id) IS NULL"
             " ORDER BY n.norm_surname, n.norm_given, n.norm_patronymic, n.person_id"
             " LIMIT ?3 OFFSET ?4"));
  st->Bind(1, norm).Bind(2, end).Bind(3, limit).Bind(4, offset);
  std::vector<int64_t> out;
  MEMORIA_RETURN_IF_ERROR(EachRow(st, [&](Statement& s) {
    out.push_back(s.ColumnInt(0));
    return Status();
  }));
  return out;
}

Result<std::vector<int64_t>> Reader::PersonsByEventDate(std::string_view type, int32_t from_day,
                                                        int32_t to_day, int64_t offset,
                                                        int64_t limit) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st, Cached(kByEventDate,
                             "SELECT e.person_id, min(e.date_min) AS d FROM visible_events e"
                             " WHERE e.type = ?1 AND e.date_min BETWEEN ?2 AND ?3"
                             " AND (SELECT redirect_to FROM persons WHERE id = e.person_id) IS NULL"
                             " GROUP BY e.person_id ORDER BY d, e.person_id LIMIT ?4 OFFSET ?5"));
  st->Bind(1, type).Bind(2, from_day).Bind(3, to_day).Bind(4, limit).Bind(5, offset);
  std::vector<int64_t> out;
  MEMORIA_RETURN_IF_ERROR(EachRow(st, [&](Statement& s) {
    out.push_back(s.ColumnInt(0));
    return Status();
  }));
  return out;
}

Result<std::vector<int64_t>> Reader::FilterByEvent(std::span<const int64_t> ids,
                                                   std::string_view type, int32_t from_day,
                                                   int32_t to_day) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(kHasEvent,
             "SELECT 1 FROM visible_events WHERE person_id = ?1 AND (?2 = '' OR type = ?2)"
             " AND date_min IS NOT NULL AND date_max >= ?3 AND date_min <= ?4 LIMIT 1"));
  std::vector<int64_t> out;
  for (int64_t id : ids) {
    st->Bind(1, id).Bind(2, type).Bind(3, from_day).Bind(4, to_day);
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

Result<std::vector<SourceRow>> Reader::Sources() {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(kSources,
             "SELECT s.id, s.key, s.title, s.profile, s.citation, s.language, s.licence,"
             " s.created_at, (SELECT count(*) FROM visible_records r WHERE r.source_id = s.id)"
             " FROM visible_sources s ORDER BY s.id"));
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
    r.records = s.ColumnInt(8);
    out.push_back(std::move(r));
    return Status();
  }));
  return out;
}

Result<SourceRow> Reader::Source(int64_t source_id) {
  MEMORIA_ASSIGN_OR_RETURN(std::vector<SourceRow> all, Sources());
  for (SourceRow& s : all) {
    if (s.id == source_id) return std::move(s);
  }
  return NotFoundError("no source " + std::to_string(source_id));
}

Result<std::vector<int64_t>> Reader::PersonsOfSource(int64_t source_id, int64_t offset,
                                                     int64_t limit) {
  MEMORIA_ASSIGN_OR_RETURN(Statement * st,
                           Cached(kSourcePersons,
                                  "SELECT DISTINCT pr.person_id FROM visible_records r"
                                  " JOIN person_records pr ON pr.record_id = r.id"
                                  " WHERE r.source_id = ?1 ORDER BY r.id LIMIT ?2 OFFSET ?3"));
  st->Bind(1, source_id).Bind(2, limit).Bind(3, offset);
  std::vector<int64_t> out;
  MEMORIA_RETURN_IF_ERROR(EachRow(st, [&](Statement& s) {
    out.push_back(s.ColumnInt(0));
    return Status();
  }));
  return out;
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

Status Reader::ForEachPlaceText(const std::function<void(PlaceText&&)>& fn) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement events,
      Prepare("SELECT e.person_id, e.type, e.place FROM visible_events e"
                            " JOIN persons p ON p.id = e.person_id"
                            " WHERE e.place <> '' AND p.redirect_to IS NULL"));
  MEMORIA_RETURN_IF_ERROR(EachRow(&events, [&](Statement& s) {
    fn(PlaceText{s.ColumnInt(0), s.ColumnString(1), s.ColumnString(2)});
    return Status();
  }));
  MEMORIA_ASSIGN_OR_RETURN(
      Statement attributes,
      Prepare("SELECT a.person_id, a.kind, a.value FROM visible_attributes a"
                            " JOIN persons p ON p.id = a.person_id"
                            " WHERE (a.kind = 'address' OR a.kind = 'residence')"
                            " AND a.value <> '' AND p.redirect_to IS NULL"));
  return EachRow(&attributes, [&](Statement& s) {
    fn(PlaceText{s.ColumnInt(0), s.ColumnString(1), s.ColumnString(2)});
    return Status();
  });
}

Result<std::vector<PlaceRecord>> Reader::Places() {
  MEMORIA_ASSIGN_OR_RETURN(Statement st,
                           Prepare("SELECT p.id, p.kind, p.name, p.lat, p.lon,"
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

Result<Reader::IdBounds> Reader::FactIdBounds() {
  MEMORIA_ASSIGN_OR_RETURN(Statement * st,
                           Cached(kIdBounds,
                                  "SELECT (SELECT coalesce(max(id), 0) FROM names),"
                                  " (SELECT coalesce(max(id), 0) FROM events)"));
  MEMORIA_ASSIGN_OR_RETURN(bool row, st->Step());
  IdBounds out;
  if (row) {
    out.names = st->ColumnInt(0);
    out.events = st->ColumnInt(1);
  }
  st->Reset();
  return out;
}

// Both versions read the counters that every committed write moves
// (WriteTransaction::Commit, and the schema's triggers for updates and
// deletions by any path), plus the highest row ids, so that rows inserted
// by hand are noticed as well.
Result<uint64_t> Reader::DataVersion() {
  MEMORIA_ASSIGN_OR_RETURN(Statement * st,
                           Cached(kDataVersion,
                                  "SELECT (SELECT value FROM counters WHERE key = 'data_version'),"
                                  " (SELECT coalesce(max(id), 0) FROM import_batches),"
                                  " (SELECT coalesce(max(id), 0) FROM claims),"
                                  " (SELECT coalesce(max(id), 0) FROM place_names),"
                                  " (SELECT coalesce(max(id), 0) FROM places),"
                                  " (SELECT coalesce(max(id), 0) FROM persons),"
                                  " (SELECT coalesce(max(id), 0) FROM records),"
                                  " (SELECT coalesce(max(id), 0) FROM names),"
                                  " (SELECT coalesce(max(id), 0) FROM events),"
                                  " (SELECT coalesce(max(id), 0) FROM attributes)"));
  return st->HashOfRow();
}

Result<uint64_t> Reader::NamesVersion() {
  MEMORIA_ASSIGN_OR_RETURN(Statement * st,
                           Cached(kNamesVersion,
                                  "SELECT (SELECT value FROM counters WHERE key = 'names_version'),"
                                  " (SELECT coalesce(max(id), 0) FROM names),"
                                  " (SELECT coalesce(max(id), 0) FROM import_batches),"
                                  " (SELECT coalesce(max(id), 0) FROM claims),"
                                  " (SELECT coalesce(max(id), 0) FROM persons)"));
  return st->HashOfRow();
}

}  // namespace memoria::store
