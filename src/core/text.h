// UTF-8 helpers shared by every module: validation, whitespace, case folding.
//
// Thread safety: pure functions.
#ifndef MEMORIA_CORE_TEXT_H_
#define MEMORIA_CORE_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace memoria {

// True when "s" is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Trims ASCII and Unicode white space (including NBSP) from both ends and
// folds every inner run of it to one ASCII space.
std::string CollapseSpace(std::string_view s);

// Full Unicode case folding (ICU), for caseless comparison.
// REQUIRES: valid UTF-8 (invalid sequences become U+FFFD).
std::string FoldCase(std::string_view s);

// Splits on runs of white space; no empty pieces.
std::vector<std::string_view> SplitWords(std::string_view s);

// Number of code points. REQUIRES: valid UTF-8.
size_t Utf8Length(std::string_view s);

// Appends code point "c" encoded as UTF-8. REQUIRES: c <= U+10FFFF.
void AppendUtf8(char32_t c, std::string* out);

// Escapes for embedding in JSON string literals (quotes not included).
void AppendJsonEscaped(std::string_view s, std::string* out);

// Escapes &, <, >, " and ' for HTML text and attribute values.
void AppendHtmlEscaped(std::string_view s, std::string* out);

// The moment "unix_seconds" in UTC as "YYYY-MM-DDTHH:MM:SSZ" (ISO 8601),
// the form of every time the archive and its logs write.
std::string UtcTimestamp(int64_t unix_seconds);

}  // namespace memoria

#endif  // MEMORIA_CORE_TEXT_H_
