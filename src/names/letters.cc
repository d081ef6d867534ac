// Letter-level helpers; see internal/letters.h.
#include "names/internal/letters.h"

namespace memoria::names::internal {
namespace {

// Base letters of Latin Extended-A, U+0100..U+017F, upper and lower case.
constexpr std::string_view kLatinExtA =
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjJjKkkLlLlLlLlLlNnNnNnnNn"
    "OoOoOoEeRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
static_assert(kLatinExtA.size() == 0x80);

}  // namespace

// Decodes one code point at s[*i] and advances *i; a malformed byte decodes
// as U+FFFD and is skipped.
char32_t NextCodePoint(std::string_view s, size_t* i) {
  unsigned char b = static_cast<unsigned char>(s[*i]);
  int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (len == 0 || *i + len > s.size()) {
    ++*i;
    return 0xFFFD;
  }
  char32_t c = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (int k = 1; k < len; ++k) {
    unsigned char cont = static_cast<unsigned char>(s[*i + k]);
    if ((cont & 0xC0) != 0x80) {
      ++*i;
      return 0xFFFD;
    }
    c = (c << 6) | (cont & 0x3F);
  }
  *i += len;
  return c;
}

// Lower case for the scripts names are written in here: ASCII, Latin-1,
// Latin Extended-A, the Romanian letters of Extended-B, Cyrillic.
char32_t ToLower(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;
  if (c == 0x490) return 0x491;  // Ґ
  if (c == 0x130) return 'i';    // İ
  if (c == 0x178) return 0xFF;   // Ÿ
  if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) return c | 1;
  if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) {
    return (c & 1) ? c + 1 : c;
  }
  if (c == 0x218 || c == 0x21A) return c + 1;  // Ș Ț
  return c;
}

char LatinBaseLetter(char32_t c) {
  if (c >= 0xE0 && c <= 0xFF && c != 0xF7) {
    // à..þ, ÿ; æ folds to e, ð to d, ø to o, þ to t.
    static constexpr std::string_view kLatin1 = "aaaaaaeceeeeiiiidnooooo.ouuuuyty";
    char base = kLatin1[c - 0xE0];
    return base == '.' ? '\0' : base;
  }
  if (c >= 0x100 && c <= 0x17F) {
    char base = kLatinExtA[c - 0x100];
    return base >= 'a' ? base : static_cast<char>(base - 'A' + 'a');
  }
  return '\0';
}

}  // namespace memoria::names::internal
