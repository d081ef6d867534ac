// The chunk table of back-transliteration: Latin letters and letter groups
// with the Cyrillic each may stand for and its weight, and the tests of
// where a chunk applies; see internal/back_chunks.h.
#include <cstdint>
#include <string>
#include <vector>

#include "names/internal/back_chunks.h"
#include "names/translit.h"

namespace memoria::names::internal {

namespace {

using translit_internal::DecodeUtf8;
using translit_internal::ToLower;

// ё is written as е throughout: the project folds ё to е before comparing.
// Apostrophe-like marks (ʹ ’ ´ `) arrive as ', and ʺ ” as ".
constexpr Chunk kChunks[] = {
    {U"a", 0, {{"а", 1}}},
    {U"â", 0, {{"я", 1}}},
    {U"b", 0, {{"б", 1}}},
    {U"c", 0, {{"ц", .6}, {"к", .25}}},
    {U"ch",
     kNotSplit,
     {{"ч", .75, kGerman | kPolish, .15},
      {"х", .35, kGerman | kPolish, .9},
      {"ш", .12, kFrench, .8}}},
    {U"chtch", 0, {{"щ", 1}}},
    {U"cz", 0, {{"ч", .9}, {"ц", .3}}},
    {U"č", 0, {{"ч", 1}}},
    {U"ć", 0, {{"ть", .8}, {"ч", .2}}},
    {U"d", 0, {{"д", 1}}},
    {U"dź", 0, {{"дь", 1}}},
    {U"ď", 0, {{"дь", 1}}},
    {U"ďa", 0, {{"дя", 1}}},
    {U"ďu", 0, {{"дю", 1}}},
    {U"ďo", 0, {{"де", .8}, {"дьо", .2}}},
    {U"e", kStart, {{"е", .7}, {"э", .4}}},
    {U"e", kNotStart, {{"е", .8}, {"э", .2}}},
    {U"é", 0, {{"э", .6}, {"е", .5}}},
    {U"è", 0, {{"э", .6}, {"е", .5}}},
    {U"ė", 0, {{"э", .7}, {"е", .4}}},
    {U"ê", 0, {{"э", .5}, {"е", .5}}},
    {U"ě", 0, {{"е", 1}}},
    {U"ë", 0, {{"е", 1}}},
    {U"eh", kNotStart, {{"э", .3}}},
    {U"e'", 0, {{"э", .5}}},
    {U"f", 0, {{"ф", 1}}},
    {U"g", 0, {{"г", 1}}},
    {U"gh", 0, {{"г", .4}}},
    {U"gu", kBeforeFront, {{"г", .5}, {"гу", .5}}},
    {U"h", kNotSplit, {{"х", .6}, {"г", .35}}},
    {U"i", kAfterVowel | kEnd, {{"й", .8}, {"и", .4}}},
    {U"i", kAfterVowel | kNotEnd, {{"й", .6}, {"и", .5}}},
    {U"i", kStart, {{"и", 1}, {"й", .1}}},
    {U"i", kAfterCons | kNotEnd, {{"и", 1}, {"й", .1}, {"ы", .05}}},
    {U"i", kAfterCons | kEnd, {{"ий", .7}, {"и", .5}}},
    {U"í", 0, {{"и", 1}}},
    {U"ï", 0, {{"й", .7}, {"и", .5}}},
    {U"ïa", 0, {{"я", .9}, {"йа", .1}}},
    {U"ïe", 0, {{"е", .9}, {"йе", .1}}},
    {U"ïo", 0, {{"е", .9}, {"йо", .1}}},
    {U"ïou", 0, {{"ю", .9}}},
    {U"ĭ", 0, {{"й", 1}}},
    {U"ia", 0, {{"я", .8}, {"ия", .5}}},
    {U"ia", kAfterCons, {{"ья", .2}}},
    {U"ie", 0, {{"ие", .5}, {"ъ", .05}}},
    {U"ie", kAfterCons, {{"ье", .35}, {"е", .3, kPolish, .8}}},
    {U"ie", kStart, {{"е", .6}}},
    {U"ii", kEnd, {{"ий", .9}, {"ии", .3}}},
    {U"ii", kNotEnd, {{"ии", .6}, {"ий", .2}}},
    {U"ij", kEnd, {{"ий", .9}, {"ый", .2}}},
    {U"io", 0, {{"е", .5, kPolish | kFrench, .8}, {"ио", .4}}},
    {U"iou", 0, {{"ю", .9}, {"иу", .1}}},
    {U"iu", 0, {{"ю", .9}, {"ию", .35}}},
    {U"iu", kAfterCons, {{"ью", .2}}},
    {U"iy", kEnd, {{"ий", .9}, {"ый", .3}}},
    {U"j", 0, {{"й", .6, kGerman | kPolish, .9}, {"ж", .3, kFrench, .8}}},
    {U"ja", 0, {{"я", .9}, {"жа", .15, kFrench, .6}, {"йа", .05}}},
    {U"ja", kAfterCons, {{"ья", .35}}},
    {U"je", 0, {{"е", .85}, {"же", .15, kFrench, .6}}},
    {U"je", kAfterCons, {{"ье", .35}}},
    {U"ji", kAfterCons, {{"ьи", .5}}},
    {U"ji", 0, {{"жи", .15}, {"йи", .05}}},
    {U"jj", 0, {{"й", .6}}},
    {U"jo", 0, {{"е", .8}, {"жо", .15, kFrench, .6}}},
    {U"jo", kStart, {{"йо", .25}}},
    {U"jo", kAfterCons, {{"ье", .3}}},
    {U"ju", 0, {{"ю", .9}, {"жу", .15, kFrench, .6}}},
    {U"ju", kAfterCons, {{"ью", .35}}},
    {U"k", 0, {{"к", 1}}},
    {U"kh", 0, {{"х", 1}, {"кх", .03}}},
    {U"l", 0, {{"л", 1}}},
    {U"la", 0, {{"ля", .15, kPolish, .5}}},
    {U"lo", 0, {{"ле", .15, kPolish, .5}}},
    {U"lu", 0, {{"лю", .15, kPolish, .5}}},
    {U"ł", 0, {{"л", 1}}},
    {U"m", 0, {{"м", 1}}},
    {U"n", 0, {{"н", 1}}},
    {U"ń", 0, {{"нь", 1}}},
    {U"ň", 0, {{"нь", 1}}},
    {U"ňa", 0, {{"ня", 1}}},
    {U"ňu", 0, {{"ню", 1}}},
    {U"ňo", 0, {{"не", .8}, {"ньо", .2}}},
    {U"o", 0, {{"о", 1}}},
    {U"ó", 0, {{"о", 1}}},
    {U"ö", 0, {{"е", .6}, {"о", .3}}},
    {U"ou", 0, {{"у", .85, kFrench, 1}, {"оу", .2}}},
    {U"p", 0, {{"п", 1}}},
    {U"q", 0, {{"к", 1}}},
    {U"r", 0, {{"р", 1}}},
    {U"s", 0, {{"с", 1}, {"з", .2, kGerman, .3}}},
    {U"ś", 0, {{"сь", 1}}},
    {U"š", 0, {{"ш", 1}}},
    {U"šč", 0, {{"щ", 1}}},
    {U"ŝ", 0, {{"щ", 1}}},
    {U"sc", 0, {{"щ", .25}}},
    {U"sch", 0, {{"ш", .6}, {"щ", .5, kGerman, .25}, {"ж", .35, kGerman, .45}, {"сч", .1}}},
    {U"schtsch", 0, {{"щ", 1}}},
    {U"sh", 0, {{"ш", 1}, {"сх", .05}}},
    {U"shch", 0, {{"щ", 1}, {"шч", .1}}},
    {U"shh", 0, {{"щ", .8}}},
    {U"ss", 0, {{"с", .7, kGerman | kFrench, .9}, {"сс", .5}}},
    {U"sz", 0, {{"ш", .9}, {"сз", .1}}},
    {U"szcz", 0, {{"щ", 1}}},
    {U"t", 0, {{"т", 1}}},
    {U"ť", 0, {{"ть", 1}}},
    {U"ťa", 0, {{"тя", 1}}},
    {U"ťu", 0, {{"тю", 1}}},
    {U"ťo", 0, {{"те", .8}, {"тьо", .2}}},
    {U"tc", 0, {{"ц", .4}}},
    {U"tch", 0, {{"ч", .9}, {"тч", .2}}},
    {U"ts", 0, {{"ц", .8}, {"тс", .35}}},
    {U"tsch", 0, {{"ч", 1}}},
    {U"tz", 0, {{"ц", .8}, {"тз", .1}}},
    {U"u", 0, {{"у", 1}}},
    {U"gui", kEnd, {{"гий", .6}}},
    {U"ine", kEnd, {{"ин", .6, kFrench, .9}, {"ине", .3}}},
    {U"yne", kEnd, {{"ын", .6, kFrench, .9}, {"ыне", .2}}},
    {U"ú", 0, {{"у", 1}}},
    {U"û", 0, {{"ю", 1}}},
    {U"ü", 0, {{"ю", .5}, {"у", .4}}},
    {U"v", 0, {{"в", 1}}},
    {U"w", 0, {{"в", 1}}},
    {U"x", 0, {{"кс", .8}, {"х", .3}}},
    {U"y", kAfterVowel | kEnd, {{"й", .95}}},
    {U"y", kAfterVowel | kNotEnd, {{"й", .85}, {"ы", .1}}},
    {U"y", kAfterCons | kEnd, {{"ый", .45}, {"ий", .45}, {"ы", .4}}},
    {U"y", kAfterCons | kNotEnd, {{"ы", .85}, {"й", .1}, {"и", .1}}},
    {U"y", kStart, {{"ы", .3}, {"й", .3}}},
    {U"ȳ", 0, {{"ы", 1}}},
    {U"y'", 0, {{"ы", .4}}},
    {U"ya", 0, {{"я", .9}, {"ыа", .05}}},
    {U"ya", kAfterCons, {{"ья", .4}}},
    {U"ye", 0, {{"е", .85}, {"ые", .15}}},
    {U"ye", kAfterCons, {{"ье", .4}}},
    {U"yi", kAfterCons | kNotEnd, {{"ьи", .4}}},
    {U"yi", kEnd, {{"ый", .6}, {"ий", .5}}},
    {U"yj", kEnd, {{"ый", .8}, {"ий", .4}}},
    {U"yo", 0, {{"е", .75}}},
    {U"yë", 0, {{"е", 1}}},
    {U"yo", kStart, {{"йо", .3}}},
    {U"yo", kAfterCons, {{"ье", .3}}},
    {U"yu", 0, {{"ю", .9}}},
    {U"yu", kAfterCons, {{"ью", .4}}},
    {U"yy", kEnd, {{"ый", .8}, {"ий", .5}}},
    {U"z", 0, {{"з", .85, kGerman, .3}, {"ц", .3, kGerman, .9}}},
    {U"ž", 0, {{"ж", 1}}},
    {U"ż", 0, {{"ж", 1}}},
    {U"ź", 0, {{"зь", 1}}},
    {U"zh", 0, {{"ж", 1}, {"зх", .03}}},
    {U"'", 0, {{"ь", .7}, {"ъ", .15}, {"", .1}}},
    {U"''", 0, {{"ъ", .8}}},
    {U"\"", 0, {{"ъ", .8}, {"ь", .1}}},
};

bool IsLatinVowel(char32_t c) {
  switch (c) {
    case U'a':
    case U'e':
    case U'i':
    case U'o':
    case U'u':
    case U'y':
    case U'ä':
    case U'ë':
    case U'ï':
    case U'ö':
    case U'ü':
    case U'é':
    case U'è':
    case U'ê':
    case U'ė':
    case U'ě':
    case U'â':
    case U'û':
    case U'ȳ':
    case U'á':
    case U'ó':
    case U'ú':
    case U'í':
      return true;
    default:
      return false;
  }
}

// Folds a combining mark into the letter before it, where the pair has a
// precomposed form the chunk table knows.
char32_t Compose(char32_t base, char32_t mark) {
  struct Pair {
    char32_t base, mark, composed;
  };
  static constexpr Pair kPairs[] = {
      {'z', 0x30C, U'ž'}, {'c', 0x30C, U'č'}, {'s', 0x30C, U'š'}, {'e', 0x30C, U'ě'},
      {'d', 0x30C, U'ď'}, {'n', 0x30C, U'ň'}, {'t', 0x30C, U'ť'}, {'e', 0x308, U'ë'},
      {'i', 0x308, U'ï'}, {'o', 0x308, U'ö'}, {'u', 0x308, U'ü'}, {'i', 0x306, U'ĭ'},
      {'e', 0x301, U'é'}, {'n', 0x301, U'ń'}, {'s', 0x301, U'ś'}, {'z', 0x301, U'ź'},
      {'c', 0x301, U'ć'}, {'s', 0x302, U'ŝ'}, {'u', 0x302, U'û'}, {'a', 0x302, U'â'},
      {'y', 0x304, U'ȳ'}, {'e', 0x307, U'ė'}, {'z', 0x307, U'ż'}, {'e', 0x300, U'è'},
  };
  for (const Pair& p : kPairs) {
    if (p.base == base && p.mark == mark) return p.composed;
  }
  return 0;
}

}  // namespace

bool IsLatinLetter(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0x24F && c != 0xF7);
}

// Lower case, marks composed or dropped, quote-like signs unified.
std::u32string NormalizeLatin(std::string_view word) {
  std::u32string out;
  for (char32_t c : DecodeUtf8(word)) {
    c = ToLower(c);
    if (c >= 0x300 && c <= 0x36F) {
      char32_t composed = out.empty() ? 0 : Compose(out.back(), c);
      if (composed != 0) out.back() = composed;
      continue;
    }
    switch (c) {
      case 0x451:
        c = U'ë';
        break;  // Cyrillic ё (BGN)
      case 0x2B9:
      case 0x2019:
      case 0xB4:
      case '`':
        c = '\'';
        break;  // ʹ ’ ´ `
      case 0x2BA:
      case 0x201D:
        c = '"';
        break;  // ʺ ”
      case 0xB7:
        continue;  // BGN middle dot
      default:
        break;
    }
    out.push_back(c);
  }
  return out;
}

bool ChunkApplies(const Chunk& chunk, const std::u32string& word, size_t pos) {
  size_t end = pos + chunk.latin.size();
  if (end > word.size() || word.compare(pos, chunk.latin.size(), chunk.latin) != 0) return false;
  uint8_t w = chunk.where;
  // A hyphen ends one part of a double name and starts the next.
  bool at_start = pos == 0 || word[pos - 1] == '-';
  bool at_end = end == word.size() || word[end] == '-';
  if ((w & kStart) && !at_start) return false;
  if ((w & kNotStart) && at_start) return false;
  if ((w & kEnd) && !at_end) return false;
  if ((w & kNotEnd) && at_end) return false;
  if ((w & kNotSplit) && pos > 0) {
    std::u32string_view heads = chunk.latin[0] == 'h' ? U"sczkg" : U"s";
    if (heads.find(word[pos - 1]) != std::u32string_view::npos) return false;
  }
  if (w & (kAfterVowel | kAfterCons)) {
    // After a consonant includes after a sign ("Il'in", "Vorob'yov").
    if (at_start) return false;
    bool vowel = IsLatinVowel(word[pos - 1]);
    if ((w & kAfterVowel) && !vowel) return false;
    if ((w & kAfterCons) && vowel) return false;
  }
  if (w & kBeforeFront) {
    if (end == word.size()) return false;
    char32_t n = word[end];
    if (n != 'e' && n != 'i' && n != 'y') return false;
  }
  return true;
}

// The conventions a word shows the marks of.
uint8_t Families(const std::u32string& word) {
  auto has = [&word](std::u32string_view part) { return word.find(part) != std::u32string::npos; };
  auto ends = [&word](std::u32string_view part) {
    return std::u32string_view(word).ends_with(part);
  };
  uint8_t f = 0;
  if (has(U"sch") || has(U"tz") || has(U"w")) f |= kGerman;
  if (has(U"sz") || has(U"cz") || has(U"ł") || has(U"ż") || has(U"ś") || has(U"ń") || has(U"ć") ||
      has(U"w") || ends(U"iej")) {
    f |= kPolish;
  }
  if (has(U"ou") || has(U"tch") || has(U"ï") || has(U"gu") || ends(U"ine") || ends(U"yne")) {
    f |= kFrench;
  }
  return f;
}

// Chunks grouped by their first character, built once.
const std::vector<std::vector<const Chunk*>>& ChunksByFirst() {
  static const auto* index = [] {
    auto* v = new std::vector<std::vector<const Chunk*>>(0x250);
    for (const Chunk& c : kChunks) (*v)[c.latin[0] < 0x250 ? c.latin[0] : 0].push_back(&c);
    return v;
  }();
  return *index;
}

}  // namespace memoria::names::internal
