// Phonetic keys and string similarity for names.
//
// Thread safety: pure functions.
#ifndef MEMORIA_NAMES_PHONETIC_H_
#define MEMORIA_NAMES_PHONETIC_H_

#include <string>
#include <string_view>
#include <vector>

namespace memoria::names {

// A Russian-aware phonetic key ("skeleton") of one name part written in
// Cyrillic or in Latin under any transliteration scheme, such that the
// spellings of one name meet: "Щербакова", "Shcherbakova", "Scherbakowa",
// "Szczerbakowa", "Ščerbakova" and "Шербакова" give the same key. It reduces
// unstressed vowels, devoices final consonants, folds -ий/-ый/-y/-i/-ij
// endings, щ/шч/shch/sch/szcz/šč, ж/zh/sh/ż/ž, х/kh/ch/h, ц/ts/tz/c, й/j/y/i,
// doubled letters, soft and hard signs. The key is lower-case ASCII.
// REQUIRES: valid UTF-8.
std::string PhoneticKey(std::string_view name_part);

// Daitch–Mokotoff Soundex of a Latin name (letters other than A-Z ignored
// after ASCII folding of diacritics): one or more six-digit codes (branching
// yields several), sorted, without duplicates. Empty for no letters.
std::vector<std::string> DaitchMokotoff(std::string_view latin);

// Damerau–Levenshtein distance (optimal string alignment: insertions,
// deletions, substitutions, adjacent transpositions) counted in Unicode code
// points. REQUIRES: valid UTF-8.
int DamerauLevenshtein(std::string_view a, std::string_view b);

// Jaro–Winkler similarity in [0, 1] counted in code points (prefix scale
// 0.1, prefix up to 4). JaroWinkler(a, b) == JaroWinkler(b, a).
double JaroWinkler(std::string_view a, std::string_view b);

}  // namespace memoria::names

#endif  // MEMORIA_NAMES_PHONETIC_H_
