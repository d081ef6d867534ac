// The scheme tables of the transliteration engine: what translit_tables.cc
// defines and translit.cc applies.
//
// Thread safety: constant data.
#ifndef MEMORIA_NAMES_INTERNAL_TRANSLIT_TABLES_H_
#define MEMORIA_NAMES_INTERNAL_TRANSLIT_TABLES_H_

#include <span>
#include <string_view>

#include "names/translit.h"

namespace memoria::names::internal {

// Each letter table lists the Latin for the Russian alphabet in this order,
// separated by '|' (an empty entry drops the letter):
//
//   а б в г д е ё ж з и й к л м н о п р с т у ф х ц ч ш щ ъ ы ь э ю я
//
// and, for the Ukrainian table only, four more: і ї є ґ.
//
// Context rules come first and the first match wins. A rule names the letter,
// the set of letters allowed before it ("prev") and after it ("next", then
// "next2"); '^' in a set is the start of the word, '$' its end, an empty set
// anything. Endings replace the last letters of a word longer than the ending.

struct Rule {
  std::u32string_view prev;
  char32_t letter;
  std::u32string_view next;
  std::string_view out;
  std::u32string_view next2 = {};
};

struct Ending {
  std::u32string_view suffix;
  std::string_view out;
};

struct SchemeDef {
  Scheme scheme;
  std::string_view name;
  std::string_view title;
  std::string_view letters;
  std::span<const Rule> rules = {};
  std::span<const Ending> endings = {};
  bool drop_apostrophes = false;
};

// The position of a lower-case letter in the table order above, or -1.
int LetterIndex(char32_t c);

// Every scheme, in the order of the Scheme enumeration.
std::span<const SchemeDef> SchemeDefs();

}  // namespace memoria::names::internal

#endif  // MEMORIA_NAMES_INTERNAL_TRANSLIT_TABLES_H_
