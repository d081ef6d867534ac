// Shared by the Reader's translation units (reader.cc, reader_lists.cc):
// the slots of its statement cache and small helpers. Internal to store/.
#ifndef MEMORIA_STORE_INTERNAL_READER_UTIL_H_
#define MEMORIA_STORE_INTERNAL_READER_UTIL_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "core/edtf.h"
#include "core/result.h"
#include "store/internal/sqlite.h"
#include "store/reader.h"
#include "store/store.h"

namespace memoria::store::reader_internal {

enum Slot {
  kPersonRow,
  kPersonVisible,
  kPersonNames,
  kPersonEvents,
  kPersonAttributes,
  kPersonRecords,
  kNextPersons,
  kSummaryName,
  kSummaryLife,
  kHitLife,
  kHitSources,
  kHitSourcesOfFound,
  kHitRecords,
  kBySurname,
  kByEventDate,
  kHasEvent,
  kHasAnyEvent,
  kWithEvent,
  kWithSource,
  kHasSource,
  kSources,
  kSourceRecordCounts,
  kSourcePersonCounts,
  kSource,
  kSourcePersons,
  kSlipOccupation,
  kEventPlaces,
  kDataVersion,
  kNamesVersion,
  kNamesRemovals,
  kIdBounds,
  kIndexedNames,
  kBirths,
  kBegin,
  kCommit,
  kRollback,
  // The keyset lists (reader_lists.cc).
  kBySurnameKey,
  kBySurnameBack,
  kByEventDateKey,
  kByEventDateBack,
  kSourceFirstBatch,
  kRecordProbe,
  kRecordLast,
  kSourcePersonKey,
  kSourcePersonsBack,
  kRedactHidden,        // reader_redact.cc
  kConfidentialPerson,  // reader_seal.cc
  // The views' rule (visibility_rule.cc) and the reads that apply it.
  kRuleVersion,
  kRuleCounter,
  kRuleHiddenSources,
  kRuleRetractedBatches,
  kRuleHiddenClaims,
  kRecordProvenance,
  kHasCard,      // CasesReader::HasCard, asked by every person page
  kTestimonies,  // EditReader::Testimonies, asked by every person page
  kSlotCount,
};

inline Visibility ToVisibility(int64_t v) {
  return v <= 0   ? Visibility::kPublic
         : v == 1 ? Visibility::kRestricted
                  : Visibility::kConfidential;
}

inline std::string LowerHex(std::string_view hex) {
  std::string out(hex);
  for (char& c : out) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// " AND column > floor" (Reader::RowFloor), or nothing at the zero floor,
// whose statements keep the plans of a count of everything.
inline std::string Above(std::string_view column, int64_t floor) {
  if (floor <= 0) return "";
  return " AND " + std::string(column) + " > " + std::to_string(floor);
}

// Steps "st" through its rows, calling fn for each; resets it afterwards.
template <typename Fn>
inline Status EachRow(Statement* st, Fn&& fn) {
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
inline std::string PrefixEnd(std::string_view prefix) {
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

// The list of persons by surname prefix (Reader::PersonsBySurnamePrefix),
// forward or backward from a cursor: ?1 the prefix, ?2 its end, ?3 limit,
// ?4 offset, ?5 the cursor person (0: none) and ?6..?8 its sort key. The
// order is that of the names_letter index (schema version 8), which the
// statement reads in order without sorting.
inline std::string BySurnameSql(bool backward) {
  const std::string op = backward ? "<" : ">";
  const std::string order = backward ? " DESC" : " ASC";
  return "SELECT n.person_id FROM visible_names n"
         " WHERE n.kind = 'main' AND n.norm_surname >= ?1"
         " AND (?2 = '' OR n.norm_surname < ?2)"
         " AND (?5 = 0 OR (n.norm_surname, n.norm_given, n.norm_patronymic, n.person_id) " +
         op +
         " (?6, ?7, ?8, ?5))"
         " AND n.id = (SELECT min(m.id) FROM visible_names m"
         "             WHERE m.person_id = n.person_id AND m.kind = 'main')"
         " AND (SELECT redirect_to FROM persons WHERE id = n.person_id) IS NULL"
         " ORDER BY n.norm_surname" +
         order + ", n.norm_given" + order + ", n.norm_patronymic" + order + ", n.person_id" +
         order + " LIMIT ?3 OFFSET ?4";
}

inline int AgeAt(std::string_view birth_edtf, int32_t day) {
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

// "[1,2,3]": ids for a statement that reads them through json_each(?1), so
// one statement serves a whole page of persons.
inline std::string JsonIdList(std::span<const int64_t> ids) {
  std::string list = "[";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) list.push_back(',');
    list += std::to_string(ids[i]);
  }
  list.push_back(']');
  return list;
}

// Reads an event's stored EDTF date ("" for unknown) into *out; a date the
// store holds but cannot parse is damage.
inline Status ReadEventDate(std::string_view text, int64_t event_id, Edtf* out) {
  if (text.empty()) return Status();
  Result<Edtf> parsed = Edtf::Parse(text);
  if (!parsed.ok()) return DataLossError("event " + std::to_string(event_id) + ": bad date");
  *out = *parsed;
  return Status();
}

// Adds to *f the source of a row of the hits' sources statements (person
// id, source id, key, title, the person's records of that source): the
// source's title, or its key when it has none.
inline void AddHitSource(const Statement& st, HitFacts* f) {
  f->id = st.ColumnInt(0);
  HitSource s;
  s.source_id = st.ColumnInt(1);
  s.key = st.ColumnString(2);
  s.title = st.ColumnString(3);
  if (s.title.empty()) s.title = s.key;
  f->records += st.ColumnInt(4);
  f->sources.push_back(std::move(s));
}

}  // namespace memoria::store::reader_internal

#endif  // MEMORIA_STORE_INTERNAL_READER_UTIL_H_
