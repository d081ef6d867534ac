// The code points of a UTF-8 name part, for the name index's work on short
// words and OCR readings.
//
// Thread safety: pure functions.
#ifndef MEMORIA_SEARCH_INTERNAL_UTF8_H_
#define MEMORIA_SEARCH_INTERNAL_UTF8_H_

#include <algorithm>
#include <string>
#include <string_view>

namespace memoria::search::internal {

// The code points of "s" (valid UTF-8; a truncated sequence at the end
// gives what its bytes hold).
inline std::u32string CodePoints(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const size_t n = std::min(s.size() - i, size_t{b < 0x80   ? 1u
                                                   : b < 0xE0 ? 2u
                                                   : b < 0xF0 ? 3u
                                                              : 4u});
    char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (size_t k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(c);
    i += n;
  }
  return out;
}

// True for a letter of the Cyrillic blocks (U+0400..U+04FF).
inline bool IsCyrillic(char32_t c) { return c >= 0x400 && c <= 0x4FF; }

}  // namespace memoria::search::internal

#endif  // MEMORIA_SEARCH_INTERNAL_UTF8_H_
