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

// Names are short: up to this many code points are decoded, and the working
// rows kept, on the stack; longer strings use the heap.
constexpr size_t kInline = 64;

// The code points of UTF-8 text; a malformed byte becomes U+FFFD.
class CodePoints {
 public:
  explicit CodePoints(std::string_view s) {
    char32_t* out = buf_;
    if (s.size() > kInline) {
      heap_.resize(s.size());
      out = heap_.data();
    }
    for (size_t i = 0; i < s.size();) out[size_++] = internal::NextCodePoint(s, &i);
    data_ = out;
  }
  CodePoints(const CodePoints&) = delete;
  CodePoints& operator=(const CodePoints&) = delete;
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  char32_t operator[](size_t i) const { return data_[i]; }

 private:
  char32_t buf_[kInline];
  std::u32string heap_;
  const char32_t* data_ = nullptr;
  size_t size_ = 0;
};

// A zeroed array of "n" T, on the stack when n <= kInline + 1.
template <typename T>
class Scratch {
 public:
  explicit Scratch(size_t n) : data_(buf_) {
    if (n > kInline + 1) {
      heap_.resize(n);
      data_ = heap_.data();
    } else {
      std::fill(buf_, buf_ + n, T{});
    }
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  T* data() { return data_; }
  T& operator[](size_t i) { return data_[i]; }

 private:
  T buf_[kInline + 1];
  std::vector<T> heap_;
  T* data_;
};

}  // namespace

int DamerauLevenshtein(std::string_view a_utf8, std::string_view b_utf8) {
  CodePoints a(a_utf8);
  CodePoints b(b_utf8);
  const size_t n = a.size();
  const size_t m = b.size();
  if (n == 0) return static_cast<int>(m);
  if (m == 0) return static_cast<int>(n);
  // Three rolling rows: i-2, i-1, i.
  Scratch<int> rows0(m + 1), rows1(m + 1), rows2(m + 1);
  int* before = rows0.data();
  int* previous = rows1.data();
  int* current = rows2.data();
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
  CodePoints a(a_utf8);
  CodePoints b(b_utf8);
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const size_t longest = std::max(a.size(), b.size());
  const size_t window = longest / 2 > 0 ? longest / 2 - 1 : 0;
  Scratch<char> a_matched(a.size()), b_matched(b.size());
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
