// Transliteration engine: one letter table and a list of context rules per
// scheme (the tables themselves are in translit_tables.cc), applied word by
// word the way the iuliia reference implementation does, so its samples can
// serve as the conformance test.
#include "names/translit.h"

#include <span>
#include <string>
#include <vector>

#include "core/text.h"
#include "names/internal/translit_tables.h"

namespace memoria::names {
namespace {

using internal::Ending;
using internal::LetterIndex;
using internal::Rule;
using internal::SchemeDef;
using internal::SchemeDefs;

// ---- UTF-8 -----------------------------------------------------------------

// Decodes one code point at s[*i] and advances *i; malformed bytes decode as
// themselves (Latin-1), so nothing is ever lost on pass-through.
char32_t DecodeAt(std::string_view s, size_t* i) {
  unsigned char b = static_cast<unsigned char>(s[*i]);
  int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (len == 0 || *i + len > s.size()) {
    ++*i;
    return b;
  }
  char32_t c = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (int k = 1; k < len; ++k) {
    unsigned char cont = static_cast<unsigned char>(s[*i + k]);
    if ((cont & 0xC0) != 0x80) {
      ++*i;
      return b;
    }
    c = (c << 6) | (cont & 0x3F);
  }
  *i += len;
  return c;
}

}  // namespace

namespace translit_internal {

std::u32string DecodeUtf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) out.push_back(DecodeAt(s, &i));
  return out;
}

// Case mapping for the letters that occur in the tables: ASCII, Latin-1,
// Latin Extended-A, ȳ, and Cyrillic. Anything else maps to itself.
char32_t ToUpper(char32_t c) {
  if (c >= 'a' && c <= 'z') return c - 0x20;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 0x20;
  if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) return (c & 1) ? c - 1 : c;
  if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c & 1) ? c : c - 1;
  if (c == 0x233) return 0x232;
  if (c >= 0x430 && c <= 0x44F) return c - 0x20;
  if (c >= 0x450 && c <= 0x45F) return c - 0x50;
  if (c >= 0x460 && c <= 0x4FF && c != 0x4CF) return (c & 1) ? c - 1 : c;
  return c;
}

char32_t ToLower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 0x20;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
  if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) return (c & 1) ? c : c + 1;
  if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c & 1) ? c + 1 : c;
  if (c == 0x232) return 0x233;
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;
  if (c >= 0x460 && c <= 0x4FF && c != 0x4C0) return (c & 1) ? c : c + 1;
  return c;
}

bool IsCyrillicLetter(char32_t c) {
  return (c >= 0x400 && c <= 0x481) || (c >= 0x48A && c <= 0x52F);
}

}  // namespace translit_internal

namespace {

using ::memoria::AppendUtf8;
using translit_internal::IsCyrillicLetter;
using translit_internal::ToLower;
using translit_internal::ToUpper;

bool IsApostrophe(char32_t c) { return c == '\'' || c == 0x2019 || c == 0x02BC; }
bool IsCombiningMark(char32_t c) { return c >= 0x300 && c <= 0x36F; }

// Appends "out" (a table entry, lower case) in the case the source letter
// asks for: as is, capitalised (first letter upper), or all upper.
enum class LetterCase { kLower, kCapital, kAllCaps };

void AppendCased(std::string_view out, LetterCase letter_case, std::string* dest) {
  if (letter_case == LetterCase::kLower) {
    dest->append(out);
    return;
  }
  bool done = false;
  for (size_t i = 0; i < out.size();) {
    char32_t c = DecodeAt(out, &i);
    if (!done || letter_case == LetterCase::kAllCaps) {
      char32_t up = ToUpper(c);
      if (up != c || (c >= 'A' && c <= 'Z')) done = true;
      c = up;
    }
    AppendUtf8(c, dest);
  }
}

// Does "c" (a lower-case letter, or 0 for the word's edge) belong to "set"?
// '^' in a set stands for the start of the word, '$' for its end; an empty
// set matches anything.
bool InSet(std::u32string_view set, char32_t c, char32_t edge) {
  if (set.empty()) return true;
  return set.find(c == 0 ? edge : c) != std::u32string_view::npos;
}

class WordTranslator {
 public:
  WordTranslator(const SchemeDef& def, const std::vector<std::string_view>& letters)
      : def_(def), letters_(letters) {}

  // Translates one word: "chars" are its code points in source case (Cyrillic
  // letters, and apostrophes or combining marks inside it).
  void Translate(const std::u32string& chars, std::string* out) const {
    std::vector<size_t> pos;  // indexes of letters (not marks) in chars
    std::u32string lower;
    int upper_count = 0;
    for (size_t i = 0; i < chars.size(); ++i) {
      if (IsCombiningMark(chars[i])) continue;
      pos.push_back(i);
      lower.push_back(ToLower(chars[i]));
      if (lower.back() != chars[i]) ++upper_count;
    }
    bool all_caps = pos.size() >= 2 && upper_count == static_cast<int>(pos.size());
    size_t stem = lower.size();
    const Ending* ending = FindEnding(lower);
    if (ending != nullptr) stem -= ending->suffix.size();
    std::u32string_view stem_view(lower.data(), stem);
    size_t next_mark = 0;
    for (size_t k = 0; k < stem; ++k) {
      LetterCase lc = CaseOf(chars[pos[k]], all_caps);
      TranslateLetter(stem_view, k, lc, out);
      // Combining marks after this letter pass through.
      for (next_mark = pos[k] + 1; next_mark < chars.size() && IsCombiningMark(chars[next_mark]);
           ++next_mark) {
        AppendUtf8(chars[next_mark], out);
      }
    }
    if (ending != nullptr) {
      AppendCased(ending->out, CaseOf(chars[pos[stem]], all_caps), out);
      for (size_t i = pos[stem] + 1; i < chars.size(); ++i) {
        if (IsCombiningMark(chars[i])) AppendUtf8(chars[i], out);
      }
    }
  }

 private:
  static LetterCase CaseOf(char32_t c, bool all_caps) {
    if (ToLower(c) == c) return LetterCase::kLower;
    return all_caps ? LetterCase::kAllCaps : LetterCase::kCapital;
  }

  const Ending* FindEnding(std::u32string_view word) const {
    for (const Ending& e : def_.endings) {
      if (word.size() > e.suffix.size() && word.ends_with(e.suffix)) return &e;
    }
    return nullptr;
  }

  void TranslateLetter(std::u32string_view word, size_t k, LetterCase lc, std::string* out) const {
    char32_t c = word[k];
    char32_t prev = k > 0 ? word[k - 1] : 0;
    char32_t next = k + 1 < word.size() ? word[k + 1] : 0;
    char32_t next2 = k + 2 < word.size() ? word[k + 2] : 0;
    for (const Rule& r : def_.rules) {
      if (r.letter == c && InSet(r.prev, prev, U'^') && InSet(r.next, next, U'$') &&
          InSet(r.next2, next2, U'$')) {
        AppendCased(r.out, lc, out);
        return;
      }
    }
    int index = LetterIndex(c);
    if (index >= 0 && index < static_cast<int>(letters_.size())) {
      AppendCased(letters_[index], lc, out);
      return;
    }
    if (IsApostrophe(c) && def_.drop_apostrophes) return;
    AppendUtf8(c, out);  // a letter the scheme has no entry for
  }

  const SchemeDef& def_;
  const std::vector<std::string_view>& letters_;
};

// The letter table of each scheme, split once into its entries.
const std::vector<std::vector<std::string_view>>& LetterTables() {
  static const auto* tables = [] {
    auto* t = new std::vector<std::vector<std::string_view>>();
    for (const SchemeDef& def : SchemeDefs()) {
      std::vector<std::string_view> row;
      std::string_view rest = def.letters;
      while (true) {
        size_t bar = rest.find('|');
        row.push_back(rest.substr(0, bar));
        if (bar == std::string_view::npos) break;
        rest.remove_prefix(bar + 1);
      }
      t->push_back(std::move(row));
    }
    return t;
  }();
  return *tables;
}

}  // namespace

std::span<const SchemeInfo> Schemes() {
  static const auto* infos = [] {
    auto* v = new std::vector<SchemeInfo>();
    for (const SchemeDef& def : SchemeDefs()) {
      v->push_back(SchemeInfo{def.scheme, def.name, def.title});
    }
    return v;
  }();
  return *infos;
}

Result<Scheme> SchemeByName(std::string_view name) {
  for (const SchemeInfo& info : Schemes()) {
    if (info.name == name) return info.scheme;
  }
  return NotFoundError("no transliteration scheme named \"" + std::string(name) + "\"");
}

std::string Transliterate(std::string_view text, Scheme scheme) {
  const auto& defs = SchemeDefs();
  size_t index = 0;
  while (index < defs.size() && defs[index].scheme != scheme) ++index;
  if (index == defs.size()) return std::string(text);
  const SchemeDef& def = defs[index];
  WordTranslator translator(def, LetterTables()[index]);

  std::u32string chars = translit_internal::DecodeUtf8(text);
  std::string out;
  out.reserve(text.size() * 2);
  std::u32string word;
  for (size_t i = 0; i < chars.size();) {
    char32_t c = chars[i];
    if (!IsCyrillicLetter(c)) {
      AppendUtf8(c, &out);
      ++i;
      continue;
    }
    // A word: Cyrillic letters, with combining marks, and (where the scheme
    // drops them) apostrophes between letters.
    word.clear();
    while (i < chars.size()) {
      char32_t d = chars[i];
      bool inner_apostrophe = def.drop_apostrophes && IsApostrophe(d) && i + 1 < chars.size() &&
                              IsCyrillicLetter(chars[i + 1]);
      if (!IsCyrillicLetter(d) && !IsCombiningMark(d) && !inner_apostrophe) break;
      word.push_back(d);
      ++i;
    }
    translator.Translate(word, &out);
  }
  return out;
}

}  // namespace memoria::names
