// Nominative readings of a place name written in another grammatical case:
// "Москвы", "Москве" -> "москва"; "Самарской" (губернии) -> "самарская";
// "Валкского" (уезда) -> "валкский"; "Ленинграде" -> "ленинград". The rules
// are the regular endings of the Russian declensions as Zaliznyak's
// grammatical dictionary classes them (Зализняк А. А. Грамматический
// словарь русского языка, 1977: nouns of types 1a f. "-а", 1a m. consonant,
// 2a "-я", 7a "-ия", 8a "-ь"; adjectives 1a/3a/4a, "-ий"/"-ый"/"-ой"),
// limited to the cases place names take in lists (genitive after "г.",
// "уезда", "губ."; prepositional after "в"; dative and accusative rarely).
// A rule gives readings, not an answer: the place authority keeps the first
// reading that some source writes in the nominative (docs/formats/places.md).
//
// Thread safety: pure functions.
#ifndef MEMORIA_PLACES_INTERNAL_DECLENSION_H_
#define MEMORIA_PLACES_INTERNAL_DECLENSION_H_

#include <string>
#include <string_view>
#include <vector>

namespace memoria::places::internal {

enum class Gender { kUnknown, kMasculine, kFeminine, kNeuter };

struct Readings {
  // Other nominative readings of the word, most likely first; empty when
  // the word reads as a nominative only.
  std::vector<std::string> nominatives;
  // True when the word cannot be a nominative of "gender" (an adjective
  // "-ой" beside a feminine type word, "-ого" beside any).
  bool oblique = false;
};

// "word" is one normalised word (lower case, ё -> е). "gender" is the
// gender of the type word beside it (губерния f., уезд m., село n.), or
// kUnknown.
Readings NominativeReadings(std::string_view word, Gender gender);

}  // namespace memoria::places::internal

#endif  // MEMORIA_PLACES_INTERNAL_DECLENSION_H_
