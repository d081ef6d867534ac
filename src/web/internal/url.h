// Request-target helpers: splitting path from query, reading query
// parameters (application/x-www-form-urlencoded) and encoding values for
// links.
//
// Thread safety: pure functions.
#ifndef MEMORIA_WEB_INTERNAL_URL_H_
#define MEMORIA_WEB_INTERNAL_URL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace memoria::web::internal {

// "path?query#fragment" -> path and query (the fragment is dropped).
struct Target {
  std::string_view path;
  std::string_view query;
};
Target SplitTarget(std::string_view target);

// Decodes %XX escapes and "+" (as a space). A "%" not followed by two hex
// digits is kept as it is. The result may be any bytes, including invalid
// UTF-8; callers validate.
std::string PercentDecode(std::string_view text);

// The decoded value of the first "name=value" pair of "query", or nullopt
// when there is none. "name" alone (no "=") gives "".
std::optional<std::string> QueryParam(std::string_view query, std::string_view name);

// Percent-encodes everything but RFC 3986 unreserved characters, for a
// query value in a link.
std::string UrlEncode(std::string_view text);

// Parses a positive decimal int64 of at most 18 digits with no sign, space
// or leading "+"; nullopt otherwise.
std::optional<int64_t> ParsePositiveId(std::string_view text);

}  // namespace memoria::web::internal

#endif  // MEMORIA_WEB_INTERNAL_URL_H_
