// Articles and sentences as lists write them (cases.h).
#include <cctype>
#include <string>
#include <vector>

#include "cases/cases.h"
#include "core/text.h"

namespace memoria::cases {

namespace {

enum class Want { kNone, kArticle, kPart, kPoint };

struct Token {
  std::string text;  // folded (words) or as written (numbers)
  bool number = false;
};

bool IsAsciiLetter(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Splits into numbers (digits and inner dots) and words (runs of letters,
// ASCII or multi-byte); everything else separates. Quotes around a point
// letter («а», "а") separate too.
std::vector<Token> Tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (std::isdigit(c)) {
      size_t j = i;
      while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) ||
                              (s[j] == '.' && j + 1 < s.size() &&
                               std::isdigit(static_cast<unsigned char>(s[j + 1]))))) {
        ++j;
      }
      out.push_back({std::string(s.substr(i, j - i)), true});
      i = j;
      continue;
    }
    if (IsAsciiLetter(c) || c >= 0xC0) {
      size_t j = i;
      while (j < s.size()) {
        const unsigned char d = static_cast<unsigned char>(s[j]);
        if (IsAsciiLetter(d)) {
          ++j;
        } else if (d >= 0xC0) {
          // A multi-byte letter, unless it is punctuation: « » (C2 AB/BB),
          // quotes and dashes (E2 80 xx), the numero sign (E2 84 96).
          if (d == 0xC2 || d == 0xE2) break;
          ++j;
          while (j < s.size() && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) ++j;
        } else if (d == '-' && j + 1 < s.size() &&
                   IsAsciiLetter(static_cast<unsigned char>(s[j + 1]))) {
          ++j;
        } else {
          break;
        }
      }
      if (j == i) {  // punctuation of two or three bytes
        ++j;
        while (j < s.size() && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) ++j;
        i = j;
        continue;
      }
      out.push_back({FoldCase(s.substr(i, j - i)), false});
      i = j;
      continue;
    }
    ++i;
  }
  return out;
}

bool OneOf(std::string_view w, std::initializer_list<std::string_view> set) {
  for (std::string_view s : set) {
    if (w == s) return true;
  }
  return false;
}

bool ValidNumber(std::string_view n, size_t max_int_digits, int max_dots) {
  int segment = 0;
  size_t at = 0;
  while (true) {
    size_t dot = n.find('.', at);
    if (dot == std::string_view::npos) dot = n.size();
    const size_t len = dot - at;
    if (len == 0 || len > (segment == 0 ? max_int_digits : 2)) return false;
    if (dot == n.size()) return segment <= max_dots;
    ++segment;
    at = dot + 1;
  }
}

// A point is one letter ("а", "b") or a number of one or two digits.
bool ValidPoint(std::string_view p) {
  if (p.empty()) return false;
  if (std::isdigit(static_cast<unsigned char>(p[0]))) return p.size() <= 2 && p.find('.') == p.npos;
  return Utf8Length(p) == 1;
}

}  // namespace

bool IsStatus(std::string_view s) {
  for (std::string_view v : kStatuses) {
    if (v == s) return true;
  }
  return false;
}

bool IsAssessment(std::string_view s) {
  for (std::string_view v : kAssessments) {
    if (v == s) return true;
  }
  return false;
}

bool InCustody(std::string_view s) {
  return s == "detained" || s == "sentenced" || s == "in_custody";
}

bool Recognised(std::string_view a) {
  return a == "political_prisoner" || a == "politically_persecuted";
}

Result<store::ArticleFact> ParseArticle(std::string_view text) {
  if (text.size() > kMaxArticlesText) {
    return InvalidArgumentError("an article reference longer than " +
                                std::to_string(kMaxArticlesText) + " bytes");
  }
  if (!IsValidUtf8(text)) return InvalidArgumentError("an article reference that is not UTF-8");
  store::ArticleFact a;
  a.text = CollapseSpace(text);
  Want want = Want::kNone;
  for (const Token& t : Tokenize(text)) {
    if (t.number) {
      Want slot = want;
      if (slot == Want::kNone) {
        if (a.article.empty()) {
          slot = Want::kArticle;
        } else if (a.part.empty()) {
          slot = Want::kPart;
        } else {
          return InvalidArgumentError("a number where none belongs: '" + t.text + "' in '" +
                                      a.text + "'");
        }
      }
      if (slot == Want::kArticle) {
        if (!a.article.empty() || !ValidNumber(t.text, 4, 2)) {
          return InvalidArgumentError("not an article number: '" + t.text + "' in '" + a.text +
                                      "'");
        }
        a.article = t.text;
      } else if (slot == Want::kPart) {
        if (!a.part.empty() || !ValidNumber(t.text, 2, 1)) {
          return InvalidArgumentError("not a part number: '" + t.text + "' in '" + a.text + "'");
        }
        a.part = t.text;
      } else {
        if (!a.point.empty() || !ValidPoint(t.text)) {
          return InvalidArgumentError("not a point: '" + t.text + "' in '" + a.text + "'");
        }
        a.point = t.text;
      }
      want = Want::kNone;
      continue;
    }
    const std::string& w = t.text;
    if (want == Want::kPoint && ValidPoint(w)) {
      if (!a.point.empty()) return InvalidArgumentError("two points in '" + a.text + "'");
      a.point = w;
      want = Want::kNone;
    } else if (OneOf(w, {"ст", "статья", "статьи", "статье", "статьей", "статьёй", "art", "arts",
                         "article", "articles"})) {
      want = Want::kArticle;
    } else if (OneOf(w, {"ч", "часть", "части", "частью", "part", "pt"})) {
      want = Want::kPart;
    } else if (OneOf(w, {"п", "пп", "пункт", "пункта", "пункту", "point", "para", "paragraph",
                         "clause", "item", "subparagraph"})) {
      want = Want::kPoint;
    } else if (OneOf(w, {"коап", "koap", "administrative", "offences", "offenses"})) {
      a.code = "KoAP";
    } else if (OneOf(w, {"рб", "беларусь", "беларуси", "belarus", "республики"})) {
      a.country = "BY";
    } else if (OneOf(w, {"ук", "рф", "uk", "rf", "criminal", "code", "of", "the", "russian",
                         "federation", "russia", "республика", "republic"})) {
      // The code and country named in full; Russia's criminal code is the default.
    } else {
      return InvalidArgumentError("unknown word '" + w + "' in the article '" + a.text + "'");
    }
  }
  if (a.article.empty()) return InvalidArgumentError("no article number in '" + a.text + "'");
  if (want != Want::kNone)
    return InvalidArgumentError("a keyword without its number in '" + a.text + "'");
  std::string normal;
  if (a.country == "BY") normal += "УК РБ ";
  if (a.code == "KoAP") normal += "КоАП ";
  normal += a.article;
  if (!a.part.empty()) normal += " ч." + a.part;
  if (!a.point.empty()) normal += " п." + a.point;
  a.normal = std::move(normal);
  return a;
}

Result<std::vector<store::ArticleFact>> ParseArticles(std::string_view text) {
  if (text.size() > kMaxArticlesText) {
    return InvalidArgumentError("articles longer than " + std::to_string(kMaxArticlesText) +
                                " bytes");
  }
  std::vector<store::ArticleFact> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(';', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view item = text.substr(start, end - start);
    if (!CollapseSpace(item).empty()) {
      if (out.size() >= kMaxArticles) {
        return InvalidArgumentError("more than " + std::to_string(kMaxArticles) + " articles");
      }
      MEMORIA_ASSIGN_OR_RETURN(store::ArticleFact a, ParseArticle(item));
      a.normal.shrink_to_fit();
      out.push_back(std::move(a));
    }
    start = end + 1;
  }
  return out;
}

Sentence ParseSentence(std::string_view text) {
  Sentence out;
  const std::string folded = FoldCase(text);
  const std::vector<Token> tokens = Tokenize(folded);
  int64_t months = 0;
  bool any = false;
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (!tokens[i].number || tokens[i].text.find('.') != std::string::npos) continue;
    if (tokens[i].text.size() > 3) continue;  // a fine's roubles, not a term
    const int64_t n = std::stoll(tokens[i].text);
    const std::string& unit = tokens[i + 1].text;
    if (OneOf(unit, {"год", "года", "лет", "year", "years"})) {
      months += n * 12;
      any = true;
    } else if (OneOf(unit, {"месяц", "месяца", "месяцев", "мес", "month", "months"})) {
      months += n;
      any = true;
    }
  }
  if (any) out.months = months;
  auto has = [&](std::string_view w) { return folded.find(w) != std::string::npos; };
  if (has("условн") || has("suspended")) {
    out.kind = "suspended";
  } else if (has("поселени") || has("settlement")) {
    out.kind = "settlement_colony";
  } else if (has("особого") || has("special")) {
    out.kind = "special_colony";
  } else if (has("строгого") || has("strict")) {
    out.kind = "strict_colony";
  } else if (has("общего") || has("general")) {
    out.kind = "general_colony";
  } else if (has("тюрьм") || has("prison")) {
    out.kind = "prison";
  } else if (has("принудительные работы") || has("forced labour") || has("forced labor")) {
    out.kind = "forced_labour";
  } else if (has("ограничени") || has("restriction")) {
    out.kind = "restriction";
  } else if (has("принудительное лечение") || has("compulsory")) {
    out.kind = "compulsory_treatment";
  } else if (has("штраф") || has("fine")) {
    out.kind = "fine";
  }
  return out;
}

}  // namespace memoria::cases
