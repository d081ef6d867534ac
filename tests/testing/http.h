// Small helpers for tests that ask the website.
#ifndef MEMORIA_TESTS_TESTING_HTTP_H_
#define MEMORIA_TESTS_TESTING_HTTP_H_

#include <cctype>
#include <string>
#include <string_view>

namespace memoria::testing {

// Percent-encodes every byte but ASCII letters and digits (upper-case hex),
// for query values and path segments.
inline std::string UrlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) != 0 && c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return out;
}

}  // namespace memoria::testing

#endif  // MEMORIA_TESTS_TESTING_HTTP_H_
