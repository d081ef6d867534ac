#include "names/names.h"

#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "core/text.h"

namespace memoria::names {

std::string NormalizeNamePart(std::string_view part) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(part.data(), static_cast<int32_t>(part.size())));
  u.foldCase();
  icu::UnicodeString out;
  bool pending_space = false;
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (c == 0x0451) c = 0x0435;  // ё -> е
    if (u_isUWhiteSpace(c)) {
      pending_space = out.length() > 0;
      continue;
    }
    int8_t type = u_charType(c);
    if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK) {
      // U+0308 after е is the decomposed ё: drop the mark, keep е.
      continue;
    }
    bool keep = u_isalnum(c) || c == '-' || c == '\'' || c == 0x2019 || c == 0x02BC;
    if (!keep) {
      // Other punctuation separates words ("Иванов,Иван") rather than joining them.
      pending_space = out.length() > 0;
      continue;
    }
    if (c == 0x2019 || c == 0x02BC) c = '\'';
    if (pending_space) {
      out.append(static_cast<UChar>(' '));
      pending_space = false;
    }
    out.append(c);
  }
  std::string s;
  out.toUTF8String(s);
  // Hyphens at the ends carry no meaning.
  while (!s.empty() && (s.back() == '-' || s.back() == '\'')) s.pop_back();
  size_t start = 0;
  while (start < s.size() && (s[start] == '-' || s[start] == '\'')) ++start;
  return s.substr(start);
}

std::vector<std::string> NormalizedWords(std::string_view text) {
  std::string n = NormalizeNamePart(text);
  std::vector<std::string> out;
  for (std::string_view w : SplitWords(n)) out.emplace_back(w);
  return out;
}

bool LooksLikePatronymic(std::string_view w) {
  static constexpr std::string_view kEndings[] = {"ович", "евич", "ич",     "овна",
                                                  "евна", "ична", "инична", "ьич"};
  for (std::string_view e : kEndings) {
    if (w.size() > e.size() + 2 && w.substr(w.size() - e.size()) == e) return true;
  }
  return false;
}

FullName SplitFullName(std::string_view text) {
  std::string collapsed = CollapseSpace(text);
  std::vector<std::string_view> words = SplitWords(collapsed);
  FullName n;
  if (words.empty()) return n;
  n.surname = std::string(words[0]);
  if (words.size() == 1) return n;
  size_t last = words.size() - 1;
  bool has_patronymic = words.size() >= 3 && LooksLikePatronymic(NormalizeNamePart(words[last]));
  size_t given_end = has_patronymic ? last : words.size();
  for (size_t i = 1; i < given_end; ++i) {
    if (!n.given.empty()) n.given += ' ';
    n.given += words[i];
  }
  if (has_patronymic) n.patronymic = std::string(words[last]);
  return n;
}

}  // namespace memoria::names
