// Letter-level helpers shared by the phonetic and similarity code of names/:
// UTF-8 decoding, lower case and the base letter of accented Latin letters.
//
// Thread safety: pure functions.
#ifndef MEMORIA_NAMES_INTERNAL_LETTERS_H_
#define MEMORIA_NAMES_INTERNAL_LETTERS_H_

#include <cstddef>
#include <string_view>

namespace memoria::names::internal {

// Decodes one code point at s[*i] and advances *i; a malformed byte decodes
// as U+FFFD and is skipped. REQUIRES: *i < s.size().
char32_t NextCodePoint(std::string_view s, size_t* i);

// Lower case for the scripts names are written in here: ASCII, Latin-1,
// Latin Extended-A, the Romanian letters of Extended-B, Cyrillic; other code
// points are returned unchanged.
char32_t ToLower(char32_t c);

// The ASCII base letter ('a'..'z') of a lower-case Latin-1 or Latin
// Extended-A letter ("é" -> 'e', "ł" -> 'l'), or '\0' for anything else.
char LatinBaseLetter(char32_t c);

}  // namespace memoria::names::internal

#endif  // MEMORIA_NAMES_INTERNAL_LETTERS_H_
