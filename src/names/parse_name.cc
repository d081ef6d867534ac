// ParseName: tokens, maiden-name markers and the choice among the possible
// layouts of a name written in any order; see names/names.h.
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "names/internal/name_text.h"
#include "names/names.h"

namespace memoria::names {

namespace {

using internal::FromUtf8;
using internal::IsApostrophe;
using internal::IsCommonGivenName;
using internal::IsHyphen;
using internal::IsMark;
using internal::IsTurkicParticle;
using internal::IsWordLetter;
using internal::LooksLikeSurname;
using internal::StartsWith;
using internal::ToUtf8;

struct Token {
  std::string raw;   // as written
  std::string norm;  // NormalizeNamePart(raw)
  bool period_after = false;
  bool comma_after = false;
  bool in_parens = false;
  bool has_digit = false;
  bool initial = false;
  bool all_caps = false;  // two or more letters, none lower case
  bool has_lower = false;
  // Heuristic features, filled for core tokens.
  bool given_name = false;
  bool surname_like = false;
  bool patronymic = false;
  bool particle = false;
};

bool IsLatinDigraphInitial(std::string_view norm) {
  static constexpr std::string_view kDigraphs[] = {"zh", "sh", "ch", "kh", "ts", "yu", "ya",
                                                   "ye", "yo", "ju", "ja", "je", "jo"};
  return std::find(std::begin(kDigraphs), std::end(kDigraphs), norm) != std::end(kDigraphs);
}

std::vector<Token> Tokenize(std::string_view text) {
  icu::UnicodeString u = FromUtf8(text);
  std::vector<Token> tokens;
  int depth = 0;
  int32_t i = 0;
  while (i < u.length()) {
    UChar32 c = u.char32At(i);
    if (!IsWordLetter(c)) {
      if (c == '(' || c == '[' || c == 0xFF08) ++depth;
      if ((c == ')' || c == ']' || c == 0xFF09) && depth > 0) --depth;
      if (!tokens.empty()) {
        if (c == '.' || c == 0xFF0E || c == 0x3002) tokens.back().period_after = true;
        if (c == ',' || c == ';' || c == 0xFF0C || c == 0x3001) tokens.back().comma_after = true;
      }
      i += U16_LENGTH(c);
      continue;
    }
    int32_t start = i;
    int32_t end = i;
    while (end < u.length()) {
      UChar32 d = u.char32At(end);
      int32_t len = U16_LENGTH(d);
      if (IsHyphen(d) || IsApostrophe(d)) {
        if (end + len < u.length() && IsWordLetter(u.char32At(end + len))) {
          end += len;
          continue;
        }
        break;
      }
      if (u_isalnum(d) || IsMark(d) || u_charType(d) == U_FORMAT_CHAR) {
        end += len;
        continue;
      }
      break;
    }
    Token t;
    t.raw = ToUtf8(u.tempSubStringBetween(start, end));
    t.norm = NormalizeNamePart(t.raw);
    t.in_parens = depth > 0;
    int letters = 0;
    bool has_upper = false;
    for (int32_t k = start; k < end;) {
      UChar32 d = u.char32At(k);
      k += U16_LENGTH(d);
      if (u_isdigit(d)) t.has_digit = true;
      if (!u_isalpha(d)) continue;
      ++letters;
      if (u_isULowercase(d)) t.has_lower = true;
      if (u_isUUppercase(d)) has_upper = true;
    }
    t.all_caps = letters >= 2 && has_upper && !t.has_lower;
    i = end;
    // Needed now for digraph initials; the separator branch above records a
    // period that follows after white space.
    if (end < u.length() && (u.char32At(end) == '.' || u.char32At(end) == 0xFF0E)) {
      t.period_after = true;
    }
    t.initial = !t.has_digit && (letters == 1 || (t.period_after && IsLatinDigraphInitial(t.norm)));
    if (!t.norm.empty()) tokens.push_back(std::move(t));
  }
  return tokens;
}

// The number of tokens of a maiden-name marker starting at tokens[i], or 0.
size_t MaidenMarkerAt(const std::vector<Token>& tokens, size_t i) {
  std::string a = FoldForMatching(tokens[i].norm);
  std::string b = i + 1 < tokens.size() ? FoldForMatching(tokens[i + 1].norm) : std::string();
  static constexpr std::pair<std::string_view, std::string_view> kPairs[] = {{"в", "девичестве"},
                                                                             {"девичья", "фамилия"},
                                                                             {"дивоче", "призвище"},
                                                                             {"дев", "фам"},
                                                                             {"z", "domu"}};
  for (const auto& [first, second] : kPairs) {
    if (a == first && b == second) return 2;
  }
  if (StartsWith(a, "урожд") || StartsWith(a, "уродж")) return 1;
  static constexpr std::string_view kSingle[] = {"geb", "geborene", "geborne", "née", "nee", "né"};
  if (std::find(std::begin(kSingle), std::end(kSingle), a) != std::end(kSingle)) return 1;
  if (a == "born" && i > 0) return 1;
  return 0;
}

struct Layout {
  int surname = -1;  // index into the core tokens, -1 for none
  std::vector<int> given;
  std::vector<int> patronymic;
  std::vector<int> surplus;
  int score = 0;
};

// Splits forenames into given name(s) and patronymic (rule 4 in names.h).
void AssignForenames(const std::vector<Token>& core, const std::vector<int>& f, Layout* l) {
  const size_t m = f.size();
  size_t given_end = m;
  if (m >= 3 && core[f[m - 1]].particle) {
    l->patronymic = {f[m - 2], f[m - 1]};
    given_end = m - 2;
  } else if (m >= 2 && ((!core[f[m - 1]].initial && core[f[m - 1]].patronymic &&
                         !core[f[m - 1]].given_name) ||
                        core[f[m - 1]].initial)) {
    l->patronymic = {f[m - 1]};
    given_end = m - 1;
  }
  size_t given_max = (given_end > 0 && core[f[0]].initial) ? 1 : 2;
  for (size_t i = 0; i < given_end; ++i) {
    (i < given_max ? l->given : l->surplus).push_back(f[i]);
  }
}

int ScoreLayout(const std::vector<Token>& core, Layout* l) {
  int s = 0;
  if (l->surname >= 0) {
    const Token& t = core[l->surname];
    if (t.initial) {
      s -= 10;
    } else if (t.given_name) {
      s -= 3;
    } else {
      if (t.patronymic) s -= 2;
      if (t.surname_like) s += 2;
    }
    if (t.all_caps) {
      for (const Token& o : core) {
        if (!o.initial && o.has_lower) {
          s += 4;
          break;
        }
      }
    }
    if (l->surname == 0 && t.comma_after && core.size() > 1) s += 5;
  } else {
    s -= 3;  // a name without a surname is possible but unusual
  }
  if (!l->given.empty()) {
    const Token& g = core[l->given[0]];
    if (g.given_name) {
      s += 3;
    } else if (g.initial) {
      s += 1;
    } else if (g.surname_like) {
      s -= 1;
    }
  }
  if (!l->patronymic.empty()) {
    const Token& p = core[l->patronymic.back()];
    if (p.particle || (!p.initial && p.patronymic)) s += 2;
  }
  return s;
}

std::string JoinRaw(const std::vector<Token>& core, const std::vector<int>& idx) {
  std::string out;
  for (int i : idx) {
    if (!out.empty()) out += ' ';
    out += core[i].raw;
  }
  return out;
}

}  // namespace

ParsedName ParseName(std::string_view text) {
  ParsedName out;
  std::vector<Token> tokens = Tokenize(text);
  // Rule 2: maiden markers, parenthesised words and words with digits.
  std::vector<bool> consumed(tokens.size(), false);
  for (size_t i = 0; i < tokens.size() && out.maiden.empty(); ++i) {
    size_t len = MaidenMarkerAt(tokens, i);
    if (len == 0) continue;
    for (size_t k = i; k < i + len; ++k) consumed[k] = true;
    size_t j = i + len;
    if (j < tokens.size() && !tokens[j].initial && !tokens[j].has_digit &&
        MaidenMarkerAt(tokens, j) == 0) {
      out.maiden = tokens[j].raw;
      consumed[j] = true;
    }
    i = j;
  }
  std::vector<Token> core;
  std::vector<std::pair<size_t, std::string>> unplaced;  // (position, word)
  std::vector<size_t> core_pos;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (consumed[i]) continue;
    if (tokens[i].in_parens || tokens[i].has_digit) {
      unplaced.emplace_back(i, tokens[i].raw);
      continue;
    }
    Token t = tokens[i];
    t.given_name = !t.initial && IsCommonGivenName(t.norm);
    t.surname_like = !t.initial && LooksLikeSurname(t.norm);
    t.patronymic = !t.initial && LooksLikePatronymic(t.norm);
    t.particle = IsTurkicParticle(t.norm);
    core.push_back(std::move(t));
    core_pos.push_back(i);
  }
  const int n = static_cast<int>(core.size());
  Layout best;
  if (n == 1) {
    if (core[0].initial || core[0].given_name) {
      best.given = {0};
    } else {
      best.surname = 0;
    }
  } else if (n >= 2) {
    std::vector<Layout> layouts(3);
    std::vector<int> all(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) all[static_cast<size_t>(i)] = i;
    // Surname first (+1: the order of Soviet and Memorial lists).
    layouts[0].surname = 0;
    AssignForenames(core, std::vector<int>(all.begin() + 1, all.end()), &layouts[0]);
    layouts[0].score = ScoreLayout(core, &layouts[0]) + 1;
    // Surname last.
    layouts[1].surname = n - 1;
    AssignForenames(core, std::vector<int>(all.begin(), all.end() - 1), &layouts[1]);
    layouts[1].score = ScoreLayout(core, &layouts[1]);
    // No surname: "Иван Петрович", "И. И.".
    AssignForenames(core, all, &layouts[2]);
    layouts[2].score = ScoreLayout(core, &layouts[2]);
    best = layouts[0];
    for (const Layout& l : layouts) {
      if (l.score > best.score) best = l;
    }
  }
  if (best.surname >= 0) out.surname = core[best.surname].raw;
  out.given = JoinRaw(core, best.given);
  out.given_is_initial = best.given.size() == 1 && core[best.given[0]].initial;
  out.patronymic = JoinRaw(core, best.patronymic);
  out.patronymic_is_initial = best.patronymic.size() == 1 && core[best.patronymic[0]].initial;
  for (int i : best.surplus) unplaced.emplace_back(core_pos[static_cast<size_t>(i)], core[i].raw);
  std::sort(unplaced.begin(), unplaced.end());
  for (auto& [pos, word] : unplaced) out.unplaced.push_back(std::move(word));
  return out;
}

}  // namespace memoria::names
