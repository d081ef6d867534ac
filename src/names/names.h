// names/ holds the pure functions on personal names: normalisation of a name
// part, and splitting a full-name string into parts.
//
// This is the foundation's first cut; the name-search work extends it with
// transliteration, phonetic keys and similarity while keeping these calls.
//
// Thread safety: pure functions.
#ifndef MEMORIA_NAMES_NAMES_H_
#define MEMORIA_NAMES_NAMES_H_

#include <string>
#include <string_view>
#include <vector>

namespace memoria::names {

// The comparable form of one name part or word: ICU case folding, ё→е,
// Ukrainian/Belarusian і/ї/є/ґ/ў kept as letters, hyphens and apostrophes
// kept, any other punctuation dropped, white space collapsed.
// "  Щёлоков-Ивáнов " -> "щелоков-иванов" (combining accents are dropped).
// REQUIRES: valid UTF-8.
std::string NormalizeNamePart(std::string_view part);

// The normalised words of a free query or full-name string, in order,
// split on white space and on commas/periods: "Иванов И.И." -> {"иванов",
// "и", "и"}.
std::vector<std::string> NormalizedWords(std::string_view text);

struct FullName {
  std::string surname;
  std::string given;
  std::string patronymic;
};

// Splits "Surname Given Patronymic" as Russian lists write it; a fourth word
// and beyond go to the patronymic ("Ким Ен Сик" -> surname Ким, given Ен,
// patronymic Сик is deliberately avoided: 2-word given names of Korean and
// Chinese persons stay together when the last word does not end like a
// patronymic).
FullName SplitFullName(std::string_view text);

// True when a normalised word ends like a Russian patronymic (-ович, -евич,
// -ич, -овна, -евна, -ична, -инична).
bool LooksLikePatronymic(std::string_view normalized_word);

}  // namespace memoria::names

#endif  // MEMORIA_NAMES_NAMES_H_
