// Transliteration of Cyrillic names to Latin under the published schemes, and
// back-transliteration of a Latin word into weighted Cyrillic candidates.
//
// Each scheme is written from its published specification (cited beside its
// table in translit_tables.cc) and tested against the reference samples of the
// iuliia collection (../shared/data/iuliia-translit/).
//
// Thread safety: pure functions over constant tables.
#ifndef MEMORIA_NAMES_TRANSLIT_H_
#define MEMORIA_NAMES_TRANSLIT_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace memoria::names {

enum class Scheme {
  // Russian, as named by iuliia (the file names of the samples).
  kAlaLc,
  kAlaLcAlt,
  kBgnPcgn,
  kBgnPcgnAlt,
  kBs2979,
  kBs2979Alt,
  kGost16876,
  kGost16876Alt,
  kGost52290,
  kGost52535,
  kGost7034,
  kGost779,
  kGost779Alt,
  kIcaoDoc9303,
  kIso9_1954,
  kIso9_1968,
  kIso9_1968Alt,
  kMosmetro,
  kMvd310,
  kMvd310Fr,
  kMvd782,
  kScientific,
  kTelegram,
  kUngegn1987,
  kWikipedia,
  kYandexMaps,
  kYandexMoney,
  // National conventions for Russian names in other languages.
  kGerman,  // Duden
  kPolish,
  kCzech,
  kFrench,
  // Ukrainian names: the official system of the Cabinet of Ministers of
  // Ukraine, resolution 55 of 2010.
  kUkrainianKmu2010,
};

struct SchemeInfo {
  Scheme scheme;
  std::string_view name;   // "icao_doc_9303", "german", ...
  std::string_view title;  // "ICAO Doc 9303 (passports)"
};

// Every scheme, in enum order.
std::span<const SchemeInfo> Schemes();

// The scheme with this name; kNotFound otherwise.
Result<Scheme> SchemeByName(std::string_view name);

// Transliterates "text" (UTF-8) under "scheme". Cyrillic letters are
// replaced, with the scheme's context rules (word-initial е, ё after vowels,
// -ий/-ый endings where the scheme has them); every other character passes
// through unchanged. Letter case follows the source letter: "Щукин" ->
// "Shchukin" (a capital maps to a capitalised digraph, an all-capital word
// to all capitals).
std::string Transliterate(std::string_view text, Scheme scheme);

struct CyrillicCandidate {
  std::string text;  // lower-case Cyrillic
  double weight;     // 0..1, higher is more likely
};

// Back-transliterates one Latin word (any of the schemes above, with or
// without diacritics, any case) into at most "max_candidates" lower-case
// Cyrillic spellings, best first: "Scherbakowa" -> "щербакова", ...;
// "Shcherbakova" -> "щербакова". Returns an empty vector for a word with no
// Latin letters or of more than 64 characters. ё is written as е (NormalizeNamePart folds it so);
// weights are shares of the total over the spellings considered. At most 64 candidates are returned
// whatever "max_candidates" asks.
std::vector<CyrillicCandidate> BackTransliterate(std::string_view latin_word,
                                                 size_t max_candidates = 16);

// Implementation details shared by translit.cc, translit_back.cc and
// translit_back_chunks.cc; not part of the interface.
namespace translit_internal {
std::u32string DecodeUtf8(std::string_view s);  // malformed bytes decode as Latin-1
char32_t ToLower(char32_t c);                   // ASCII, Latin-1, Latin Extended-A, Cyrillic
char32_t ToUpper(char32_t c);
bool IsCyrillicLetter(char32_t c);
}  // namespace translit_internal

}  // namespace memoria::names

#endif  // MEMORIA_NAMES_TRANSLIT_H_
