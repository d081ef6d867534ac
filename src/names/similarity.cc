// String similarity for names, counted in Unicode code points:
// Damerau–Levenshtein distance (optimal string alignment) and Jaro–Winkler
// similarity.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "names/internal/letters.h"
#include "names/phonetic.h"

namespace memoria::names {
namespace {

// Decodes UTF-8 into code points; a malformed byte becomes U+FFFD.
std::u32string Decode(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) out.push_back(internal::NextCodePoint(s, &i));
  return out;
}

}  // namespace

int DamerauLevenshtein(std::string_view a_utf8, std::string_view b_utf8) {
  std::u32string a = Decode(a_utf8);
  std::u32string b = Decode(b_utf8);
  const size_t n = a.size();
  const size_t m = b.size();
  if (n == 0) return static_cast<int>(m);
  if (m == 0) return static_cast<int>(n);
  // Three rolling rows: i-2, i-1, i.
  std::vector<int> before(m + 1), previous(m + 1), current(m + 1);
  for (size_t j = 0; j <= m; ++j) previous[j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    current[0] = static_cast<int>(i);
    for (size_t j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int best = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        best = std::min(best, before[j - 2] + 1);
      }
      current[j] = best;
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[m];
}

// Jaro similarity with the match window floor(max(|a|, |b|) / 2) - 1, and
// Winkler's bonus of 0.1 per common leading code point, up to four, applied
// at every Jaro score (no boost threshold). The arguments are put in a fixed
// order first, so the result is exactly symmetric.
double JaroWinkler(std::string_view a_utf8, std::string_view b_utf8) {
  if (a_utf8.size() > b_utf8.size() || (a_utf8.size() == b_utf8.size() && a_utf8 > b_utf8)) {
    std::swap(a_utf8, b_utf8);
  }
  std::u32string a = Decode(a_utf8);
  std::u32string b = Decode(b_utf8);
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const size_t longest = std::max(a.size(), b.size());
  const size_t window = longest / 2 > 0 ? longest / 2 - 1 : 0;
  std::vector<char> a_matched(a.size(), 0), b_matched(b.size(), 0);
  size_t matches = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    size_t from = i > window ? i - window : 0;
    size_t to = std::min(b.size(), i + window + 1);
    for (size_t j = from; j < to; ++j) {
      if (!b_matched[j] && a[i] == b[j]) {
        a_matched[i] = b_matched[j] = 1;
        ++matches;
        break;
      }
    }
  }
  if (matches == 0) return 0.0;
  size_t half_transpositions = 0;
  for (size_t i = 0, j = 0; i < a.size(); ++i) {
    if (!a_matched[i]) continue;
    while (!b_matched[j]) ++j;
    if (a[i] != b[j]) ++half_transpositions;
    ++j;
  }
  const double m = static_cast<double>(matches);
  const double jaro = (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) +
                       (m - static_cast<double>(half_transpositions) / 2.0) / m) /
                      3.0;
  size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro);
}

}  // namespace memoria::names
