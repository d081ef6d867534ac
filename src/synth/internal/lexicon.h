// Word lists for the synthetic corpus: surnames and given names by origin,
// regions with their old and new administrative names, villages, occupations
// and the vocabulary of arrest, trial and rehabilitation records.
//
// Every list was written for this project. The names are common names and
// place names, not records of persons; nothing here comes from a published list.
// Lists of names are ordered from the most to the least common, because the
// generator gives them Zipf-like weights by rank.
//
// Thread safety: immutable data.
#ifndef MEMORIA_SYNTH_INTERNAL_LEXICON_H_
#define MEMORIA_SYNTH_INTERNAL_LEXICON_H_

#include <cstdint>
#include <span>
#include <string_view>

namespace memoria::synth::internal {

using Words = std::span<const std::string_view>;

// The naming tradition a person's name comes from, as Soviet lists write it.
enum class Origin : uint8_t {
  kRussian,
  kUkrainian,
  kBelarusian,
  kPolish,
  kGerman,
  kLatvian,
  kJewish,
  kTatar,
  kKorean,
  kChinese,
};
inline constexpr int kOriginCount = 10;

// Region groups steer where people of each origin live and were born.
enum class RegionGroup : uint8_t {
  kRussia,
  kUkraine,
  kBelarus,
  kTatar,
  kVolgaGerman,
  kFarEast,
  kCentralAsia,
  kBaltic,  // birth only
  kPoland,  // birth only
  kKorea,   // birth only
  kChina,   // birth only
};

struct OriginInfo {
  std::string_view nation_male;    // "русский"
  std::string_view nation_female;  // "русская"
  double share;                    // of all persons
  bool declines;                   // has feminine surname forms
  bool has_patronymic;
  std::string_view citizenship;  // foreign subject status, or empty
  RegionGroup live_group;        // where most of them lived
  double live_group_share;
  RegionGroup birth_group;  // where those not born locally were born
};

struct Region {
  std::string_view oblast;        // "Калининская обл."
  std::string_view dative;        // "Калининской обл." (after "по")
  std::string_view genitive;      // "Калининской обл."
  std::string_view gubernia;      // "Тверская губ." (pre-1929 name)
  std::string_view districts[4];  // adjectives: "Кашинский"
  std::string_view towns[3];      // towns[0] is the centre
  std::string_view book;          // the region's memory book
  bool republic;                  // organs are "НКВД X", not "УНКВД по X"
  RegionGroup group;
  double weight;  // share of arrests; 0 for birth-only regions
};

const OriginInfo& GetOriginInfo(Origin origin);
Words Surnames(Origin origin);
Words MaleNames(Origin origin);
Words FemaleNames(Origin origin);
// Roots that take -ов, -овский, -енко and -ович to make rarer surnames.
Words SurnameRoots();

std::span<const Region> Regions();
Words Villages();
Words Camps();
Words GeneralBooks();
Words MaleOccupations();
Words FemaleOccupations();
Words Educations();
Words Parties();
Words MaleFamilies();
Words FemaleFamilies();
Words PreviousRepressions();  // '%' is replaced by a year
Words NextRepressions();      // '%' is replaced by a year

}  // namespace memoria::synth::internal

#endif  // MEMORIA_SYNTH_INTERNAL_LEXICON_H_
