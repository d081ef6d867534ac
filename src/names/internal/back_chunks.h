// The Latin side of back-transliteration (translit_back.cc): the chunk table
// of Latin letters and letter groups with the Cyrillic each may stand for
// (translit_back_chunks.cc), and the tests of where a chunk applies.
//
// Thread safety: pure functions over constant tables.
#ifndef MEMORIA_NAMES_INTERNAL_BACK_CHUNKS_H_
#define MEMORIA_NAMES_INTERNAL_BACK_CHUNKS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace memoria::names::internal {

// Where a chunk may apply; every flag given must hold.
enum : uint8_t {
  kStart = 1,         // at the start of the word
  kNotStart = 2,      //
  kEnd = 4,           // ends the word
  kNotEnd = 8,        //
  kAfterVowel = 16,   // the previous Latin letter is a vowel
  kAfterCons = 32,    // the previous Latin letter is a consonant
  kBeforeFront = 64,  // the next Latin letter is e, i or y
  kNotSplit = 128,    // not the tail of a digraph: "h" after s c z k g, "ch" after s
};

// Conventions a word can betray by its marks ("sch", "w", "sz", "ou", ...).
// An option tagged with one of them weighs "family_weight" instead of
// "weight" when the word shows that convention's marks: "z" is з in most
// schemes but ц in German.
enum : uint8_t { kGerman = 1, kPolish = 2, kFrench = 4 };

struct Option {
  std::string_view cyrillic;
  double weight;
  uint8_t family = 0;
  double family_weight = 0;
};

struct Chunk {
  std::u32string_view latin;
  uint8_t where;
  Option options[4];
};

// Whether "c" (lower case, marks composed) is a Latin letter.
bool IsLatinLetter(char32_t c);

// Lower case, marks composed or dropped, quote-like signs unified.
std::u32string NormalizeLatin(std::string_view word);

// Whether "chunk" matches "word" (NormalizeLatin) at "pos", where it stands.
bool ChunkApplies(const Chunk& chunk, const std::u32string& word, size_t pos);

// The conventions (kGerman, kPolish, kFrench) a word shows the marks of.
uint8_t Families(const std::u32string& word);

// The chunks grouped by their first character (0 for one at or above
// U+0250), built once.
const std::vector<std::vector<const Chunk*>>& ChunksByFirst();

}  // namespace memoria::names::internal

#endif  // MEMORIA_NAMES_INTERNAL_BACK_CHUNKS_H_
