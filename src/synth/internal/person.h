// The model behind one synthetic person: the lexicon's weighted tables and a
// compact Person of table indices drawn from an Rng. The generator renders a
// Person as a TSV row; a duplicate record re-draws the same Person from the
// entity's own seed and then perturbs it.
//
// Thread safety: GetLexicon() is built once and immutable; MakePerson is pure
// given its Rng.
#ifndef MEMORIA_SYNTH_INTERNAL_PERSON_H_
#define MEMORIA_SYNTH_INTERNAL_PERSON_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "synth/internal/lexicon.h"
#include "synth/internal/rng.h"

namespace memoria::synth::internal {

// A name as written with ё and with е (equal when it has no ё).
struct Spelled {
  std::string with_yo;
  std::string plain;
  const std::string& Get(bool keep_yo) const { return keep_yo ? with_yo : plain; }
};

struct SurnameEntry {
  Spelled male;
  Spelled female;
};

struct GivenName {
  Spelled name;
  Spelled patronymic_male;    // of a son of a man with this name
  Spelled patronymic_female;  // of a daughter
};

// A weighted list of phrases.
struct PhraseTable {
  std::vector<std::string_view> phrases;
  WeightedTable pick;
};

// Periods with their own organs, courts and sentences.
enum Era : uint8_t {
  kEraOgpu,     // 1929-1933
  kEraNkvd,     // 1934-1936
  kEraTerror,   // 1937-1938
  kEraPrewar,   // 1939-1940
  kEraWar,      // 1941-1945
  kEraPostwar,  // 1946-1953
  kEraCount,
};

struct OriginTables {
  std::vector<SurnameEntry> surnames;
  WeightedTable surname_pick;
  std::vector<GivenName> male;
  WeightedTable male_pick;
  std::vector<Spelled> female;
  WeightedTable female_pick;
  std::vector<uint8_t> preferred_regions;  // live regions of the origin's group
  WeightedTable preferred_region_pick;
  std::vector<uint8_t> birth_regions;  // regions of its birth group
};

struct Lexicon {
  std::array<OriginTables, kOriginCount> origins;
  WeightedTable origin_pick;
  std::vector<uint8_t> live_regions;  // regions with weight > 0
  WeightedTable live_region_pick;
  WeightedTable arrest_year_pick;  // index + 1929
  WeightedTable village_pick;
  WeightedTable male_occupation_pick;
  WeightedTable female_occupation_pick;
  std::array<PhraseTable, kEraCount> arrest_organs;
  std::array<PhraseTable, kEraCount> judicial_organs;
  std::array<PhraseTable, kEraCount> sentences;
  PhraseTable executions;
  PhraseTable articles;
  PhraseTable rehabilitation_organs;
  PhraseTable rehabilitation_reasons;
};

const Lexicon& GetLexicon();

// A date with unknown parts: year 0 is an unknown date, month or day 0 an
// unknown part ("_.5.1939").
struct Date {
  int16_t year = 0;
  int8_t month = 0;
  int8_t day = 0;
};

enum class PlaceStyle : uint8_t {
  kNone,
  kGuberniaVillage,  // "Тверская губ., Кашинский уезд, д. Ивановка"
  kGuberniaOnly,     // "Тверская губ."
  kOblastVillage,  // "Калининская обл., Кашинский р-н, д. Ивановка"
  kDistrictVillage,  // "Кашинский р-н, с. Покровское"
  kTown,             // "г. Кашин"
  kCountryTown,      // "Латвия, г. Рига"
};

struct Place {
  PlaceStyle style = PlaceStyle::kNone;
  uint8_t region = 0;
  uint8_t district = 0;
  uint8_t town = 0;
  uint8_t village = 0;
  uint8_t village_type = 0;
};

// Indices into the lexicon; -1 (or 0 for counts, years and dates) means the
// field is empty.
struct Person {
  Origin origin = Origin::kRussian;
  Origin name_origin = Origin::kRussian;  // whose given-name list
  bool female = false;
  bool keep_yo = false;
  bool has_patronymic = true;
  uint8_t era = kEraTerror;
  uint16_t surname = 0;
  uint16_t given = 0;
  uint16_t father = 0;
  int16_t birth_year = 0;
  int16_t true_birth_year = 0;
  bool birth_year_comment = false;
  int8_t age = 0;
  Place birth;
  Place live;
  uint8_t region = 0;  // whose organs arrested and tried the person
  uint8_t district = 0;
  int8_t nation = -1;       // 0: the origin's nation, 1: Russian
  int8_t citizenship = -1;  // 0: "СССР", 1: the origin's foreign citizenship
  int16_t occupation = -1;
  int8_t education = -1;
  int8_t party = -1;
  int8_t family = -1;
  Date arrest;
  int8_t arrest_organ = -1;
  bool repeat_arrest = false;
  int32_t criminal_case = 0;
  int8_t judicial_organ = -1;
  Date process;
  int8_t article = -1;
  int8_t sentence = -1;  // into executions when executed
  bool executed = false;
  int8_t death_place = -1;  // 0: the region centre, 1: a camp
  uint8_t camp = 0;
  Date death;
  int8_t previous_repression = -1;
  int16_t previous_year = 0;
  int8_t next_repression = -1;
  int16_t next_year = 0;
  int8_t rehabilitation_organ = -1;
  int8_t rehabilitation_reason = -1;
  Date rehabilitation;
  bool name_variations = false;
  int8_t book = -1;  // -1: the region's book, else a general book
};

Person MakePerson(const Lexicon& lexicon, Rng* rng);

}  // namespace memoria::synth::internal

#endif  // MEMORIA_SYNTH_INTERNAL_PERSON_H_
