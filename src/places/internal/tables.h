// The word lists of the place parser: type words in the forms lists write
// them, acronyms of union republics, and the country and town names that
// are read as such without a type word. See docs/formats/places.md.
#ifndef MEMORIA_PLACES_INTERNAL_TABLES_H_
#define MEMORIA_PLACES_INTERNAL_TABLES_H_

#include <string_view>

#include "places/internal/declension.h"
#include "places/places.h"

namespace memoria::places::internal {

struct TypeWord {
  std::string_view form;       // normalised, without period: "губ", "уезда"
  std::string_view canonical;  // "губерния", "уезд"
  Kind kind;
  Gender gender;
  bool prefix;        // written before the name: "г. Москва"
  bool postfix;       // written after the name: "Самарская губ."
  bool oblique;       // the form is not the nominative ("уезда", "губернии")
  bool needs_period;  // a one-letter abbreviation that counts only with its period
};

// The type word "word" (normalised) stands for, or nullptr.
const TypeWord* FindTypeWord(std::string_view word, bool period);

struct Acronym {
  std::string_view form;  // "бсср"
  Kind kind;
  std::string_view type;  // "ССР"
  std::string_view key;   // "белорусская"
};
const Acronym* FindAcronym(std::string_view key);

// Names (normalised, nominative) read as a country or a town without a type
// word.
bool IsCountry(std::string_view key);
bool IsKnownTown(std::string_view key);

}  // namespace memoria::places::internal

#endif  // MEMORIA_PLACES_INTERNAL_TABLES_H_
