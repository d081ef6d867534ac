// Russian name morphology (patronymics, feminine surnames) and the spelling
// variants that make a second record of the same person look different:
// typos, OCR confusions and Latin look-alike letters.
//
// Thread safety: pure functions (the variant functions draw from the given Rng).
#ifndef MEMORIA_SYNTH_INTERNAL_SPELLING_H_
#define MEMORIA_SYNTH_INTERNAL_SPELLING_H_

#include <string>
#include <string_view>

#include "synth/internal/lexicon.h"
#include "synth/internal/rng.h"

namespace memoria::synth::internal {

// The patronymic formed from a father's given name by Russian rules:
// Иван -> Иванович / Ивановна, Николай -> Николаевич, Илья -> Ильич / Ильинична,
// Лев -> Львович, Василий -> Васильевич. REQUIRES: a Cyrillic name.
std::string Patronymic(std::string_view father_name, bool female);

// The feminine form of a surname: Иванов -> Иванова, Чайковский -> Чайковская,
// Толстой -> Толстая; unchanged for -ко, -их, -ых, consonant endings and origins
// whose surnames do not decline (German, Korean, Chinese).
std::string FeminineSurname(std::string_view surname, Origin origin);

enum class RootSuffix { kOv, kOvsky, kEnko, kOvich };
// A surname from a root and a suffix with the spelling rules for the joint:
// Бурлак + енко -> Бурлаченко, Бугай + ов -> Бугаев, Козырь + ович -> Козыревич.
std::string DerivedSurname(std::string_view root, RootSuffix suffix);

// Replaces ё with е and Ё with Е.
std::string WithoutYo(std::string_view s);

// One typing mistake in *s (never in the first letter): a confused vowel or
// voiced/voiceless consonant, a dropped or doubled letter, or two swapped
// letters. Returns the Levenshtein cost of the change (0 if none was possible,
// 2 for a swap).
int ApplyTypo(std::u32string* s, Rng* rng);

// One OCR confusion in *s: ш/щ, и/н, п/н, or a Cyrillic letter replaced by its
// Latin look-alike (а -> a, Р -> P). Returns the Levenshtein cost (0 or 1).
int ApplyOcrConfusion(std::u32string* s, Rng* rng);

// Decodes UTF-8 (REQUIRES: valid) and appends code points as UTF-8.
std::u32string DecodeUtf8(std::string_view s);
void AppendUtf8(std::u32string_view s, std::string* out);

}  // namespace memoria::synth::internal

#endif  // MEMORIA_SYNTH_INTERNAL_SPELLING_H_
