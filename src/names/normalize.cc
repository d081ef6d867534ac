// Normalisation of name parts: NormalizeNamePart (with the look-alike letter
// fix), NormalizedWords and FoldForMatching; see names/names.h.
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <array>
#include <cstdint>
#include <string>
#include <utility>

#include "core/text.h"
#include "names/internal/name_text.h"
#include "names/names.h"

namespace memoria::names {

namespace internal {

icu::UnicodeString FromUtf8(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

std::string ToUtf8(const icu::UnicodeString& u) {
  std::string s;
  u.toUTF8String(s);
  return s;
}

std::u32string ToU32(const icu::UnicodeString& u) {
  std::u32string out;
  out.reserve(static_cast<size_t>(u.length()));
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    out.push_back(static_cast<char32_t>(c));
  }
  return out;
}

icu::UnicodeString FromU32(const std::u32string& s) {
  icu::UnicodeString u;
  for (char32_t c : s) u.append(static_cast<UChar32>(c));
  return u;
}

bool IsApostrophe(UChar32 c) {
  switch (c) {
    case 0x0027:  // '
    case 0x0060:  // `
    case 0x00B4:  // ´ (NFKD would turn it into a space and an accent)
    case 0x02B9:  // ʹ modifier prime (ALA-LC soft sign)
    case 0x02BA:  // ʺ modifier double prime (ALA-LC hard sign)
    case 0x02BB:  // ʻ
    case 0x02BC:  // ʼ Ukrainian apostrophe
    case 0x2018:  // ‘
    case 0x2019:  // ’
    case 0x2032:  // ′
    case 0xFF07:  // ＇
      return true;
    default:
      return false;
  }
}

bool IsHyphen(UChar32 c) {
  return c == 0x002D || (c >= 0x2010 && c <= 0x2014) || c == 0x2212 || c == 0xFE63 || c == 0xFF0D;
}

bool IsMark(UChar32 c) {
  int8_t t = u_charType(c);
  return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK || t == U_COMBINING_SPACING_MARK;
}

bool IsJoiner(UChar32 c) { return c == '-' || c == '\''; }

// A letter or digit that is not an apostrophe look-alike (ʼ and ʹ are
// modifier letters to ICU).
bool IsWordLetter(UChar32 c) { return u_isalnum(c) && !IsApostrophe(c); }

bool IsCyrillicLetter(UChar32 c) {
  UErrorCode err = U_ZERO_ERROR;
  return u_isalpha(c) && uscript_getScript(c, &err) == USCRIPT_CYRILLIC;
}

bool IsLatinLetter(UChar32 c) {
  UErrorCode err = U_ZERO_ERROR;
  return u_isalpha(c) && uscript_getScript(c, &err) == USCRIPT_LATIN;
}

const icu::Normalizer2* Nfkd() {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKDInstance(err);
  return U_SUCCESS(err) ? n : nullptr;
}

const icu::Normalizer2* Nfc() {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(err);
  return U_SUCCESS(err) ? n : nullptr;
}

icu::UnicodeString Normalize(const icu::Normalizer2* n, const icu::UnicodeString& s) {
  if (n == nullptr) return s;
  UErrorCode err = U_ZERO_ERROR;
  icu::UnicodeString out = n->normalize(s, err);
  return U_SUCCESS(err) ? out : s;
}

}  // namespace internal

namespace {

using internal::FromU32;
using internal::FromUtf8;
using internal::IsApostrophe;
using internal::IsCyrillicLetter;
using internal::IsHyphen;
using internal::IsJoiner;
using internal::IsLatinLetter;
using internal::IsMark;
using internal::IsWordLetter;
using internal::Nfc;
using internal::Nfkd;
using internal::Normalize;
using internal::ToU32;
using internal::ToUtf8;

// Latin and Cyrillic letters of the same shape, by case. Lower-case b is a
// misread soft sign; upper-case B is В.
struct LookAlike {
  UChar32 latin;
  UChar32 cyrillic;
};
constexpr std::array<LookAlike, 26> kLookAlikes = {{
    {'A', 0x0410}, {'B', 0x0412}, {'C', 0x0421}, {'E', 0x0415}, {'H', 0x041D}, {'K', 0x041A},
    {'M', 0x041C}, {'O', 0x041E}, {'P', 0x0420}, {'T', 0x0422}, {'X', 0x0425}, {'Y', 0x0423},
    {'I', 0x0406}, {'a', 0x0430}, {'b', 0x044C}, {'c', 0x0441}, {'e', 0x0435}, {'h', 0x043D},
    {'k', 0x043A}, {'m', 0x043C}, {'o', 0x043E}, {'p', 0x0440}, {'t', 0x0442}, {'x', 0x0445},
    {'y', 0x0443}, {'i', 0x0456},
}};

UChar32 LatinToCyrillic(UChar32 c) {
  for (UChar32 form : {c, u_tolower(c)}) {
    for (const LookAlike& l : kLookAlikes) {
      if (l.latin == form) return l.cyrillic;
    }
  }
  return c;
}

UChar32 CyrillicToLatin(UChar32 c) {
  // Ь has no Latin twin of its own case; its lower case (ь ~ b) decides, as
  // it will on the next pass over the folded word.
  for (UChar32 form : {c, u_tolower(c)}) {
    for (const LookAlike& l : kLookAlikes) {
      if (l.cyrillic == form) return l.latin;
    }
  }
  return c;
}

// Whether a letter has a look-alike in the other script in either case
// (decided on the lower-case form, so that the decision survives folding).
bool HasLookAlike(UChar32 c) {
  UChar32 lower = u_tolower(c);
  for (const LookAlike& l : kLookAlikes) {
    if (u_tolower(l.latin) == lower || u_tolower(l.cyrillic) == lower) return true;
  }
  return false;
}

enum class Script { kUnknown, kCyrillic, kLatin };

Script PieceScript(std::u32string_view piece) {
  // Letters are counted after case folding, which can change their number
  // (ẞ -> ss), so that the second pass of NormalizeNamePart decides alike.
  icu::UnicodeString folded = FromU32(std::u32string(piece));
  folded.foldCase();
  int cyrillic = 0, latin = 0, cyrillic_only = 0, latin_only = 0;
  for (char32_t ch : ToU32(Normalize(Nfkd(), folded))) {
    UChar32 c = static_cast<UChar32>(ch);
    if (IsCyrillicLetter(c)) {
      ++cyrillic;
      if (!HasLookAlike(c)) ++cyrillic_only;
    } else if (IsLatinLetter(c)) {
      ++latin;
      if (!HasLookAlike(c)) ++latin_only;
    }
  }
  if (cyrillic_only > 0 && latin_only == 0) return Script::kCyrillic;
  if (latin_only > 0 && cyrillic_only == 0) return Script::kLatin;
  if (cyrillic > latin) return Script::kCyrillic;
  if (latin > cyrillic) return Script::kLatin;
  return Script::kUnknown;
}

// Replaces look-alike letters of the minority script in each hyphen-separated
// piece of "word".
void FixLookAlikes(std::u32string& word) {
  size_t start = 0;
  while (start < word.size()) {
    size_t end = word.find(U'-', start);
    if (end == std::u32string::npos) end = word.size();
    Script script = PieceScript(std::u32string_view(word).substr(start, end - start));
    for (size_t i = start; i < end; ++i) {
      UChar32 c = static_cast<UChar32>(word[i]);
      if (script == Script::kCyrillic) c = LatinToCyrillic(c);
      if (script == Script::kLatin) c = CyrillicToLatin(c);
      word[i] = static_cast<char32_t>(c);
    }
    start = end + 1;
  }
}

// Splits NFKD text into words of letters, digits and marks, with hyphens and
// apostrophes kept only between two letters or digits.
std::vector<std::u32string> SplitRawWords(const icu::UnicodeString& text) {
  std::u32string cps;
  for (char32_t ch : ToU32(text)) {
    if (u_charType(static_cast<UChar32>(ch)) != U_FORMAT_CHAR) cps.push_back(ch);
  }
  std::vector<std::u32string> words;
  std::u32string cur;
  auto flush = [&] {
    if (!cur.empty()) words.push_back(std::move(cur));
    cur.clear();
  };
  for (size_t i = 0; i < cps.size(); ++i) {
    UChar32 c = static_cast<UChar32>(cps[i]);
    if (IsHyphen(c) || IsApostrophe(c)) {  // before letters: ʼ and ʹ are letters to ICU
      UChar32 next = i + 1 < cps.size() ? static_cast<UChar32>(cps[i + 1]) : 0;
      if (!cur.empty() && !IsJoiner(static_cast<UChar32>(cur.back())) && IsWordLetter(next)) {
        cur.push_back(IsHyphen(c) ? U'-' : U'\'');
      } else {
        flush();
      }
    } else if (u_isalnum(c)) {
      cur.push_back(cps[i]);
    } else if (IsMark(c)) {
      if (!cur.empty() && !IsJoiner(static_cast<UChar32>(cur.back()))) cur.push_back(cps[i]);
    } else {
      flush();
    }
  }
  flush();
  return words;
}

// Whether a combining mark on a Cyrillic base makes a distinct letter.
bool KeepsCyrillicMark(UChar32 base, UChar32 mark) {
  if (mark == 0x0306) return base == 0x0438 || base == 0x0443;  // й, ў
  if (mark == 0x0308) return base == 0x0456;                    // ї
  return false;
}

// Steps 3 to 7 of NormalizeNamePart for one word.
std::string FinishWord(std::u32string word) {
  FixLookAlikes(word);
  icu::UnicodeString folded = FromU32(word);
  folded.foldCase();
  std::u32string in = ToU32(Normalize(Nfkd(), folded));
  std::u32string out;
  UChar32 base = 0;  // the last letter or digit written
  for (char32_t& ch : in) {
    if (IsApostrophe(static_cast<UChar32>(ch))) ch = U'\'';
    if (IsHyphen(static_cast<UChar32>(ch))) ch = U'-';
  }
  for (size_t i = 0; i < in.size(); ++i) {
    UChar32 c = static_cast<UChar32>(in[i]);
    if (IsMark(c)) {
      if (base == 0) continue;
      if (IsCyrillicLetter(base) && !KeepsCyrillicMark(base, c)) continue;
      out.push_back(in[i]);
    } else if (IsJoiner(c)) {
      if (out.empty() || IsJoiner(static_cast<UChar32>(out.back()))) continue;
      UChar32 next = i + 1 < in.size() ? static_cast<UChar32>(in[i + 1]) : 0;
      if (!IsWordLetter(next)) continue;
      if (c == '\'' && IsCyrillicLetter(base) && IsCyrillicLetter(next)) continue;
      out.push_back(in[i]);
      base = 0;
    } else if (u_isalnum(c)) {
      out.push_back(in[i]);
      base = c;
    }
    // Anything else (from folding or decomposition) is dropped.
  }
  while (!out.empty() && IsJoiner(static_cast<UChar32>(out.back()))) out.pop_back();
  return ToUtf8(Normalize(Nfc(), FromU32(out)));
}

// The Russian letter closest to a Ukrainian, Belarusian or pre-reform one.
char32_t FoldLetter(char32_t c) {
  switch (c) {
    case U'\u0456':  // і
    case U'\u0457':  // ї
    case U'\u0475':  // ѵ
      return U'\u0438';
    case U'\u0454':  // є
    case U'\u0463':  // ѣ
      return U'\u0435';
    case U'\u0491':  // ґ
      return U'\u0433';
    case U'\u045E':  // ў
      return U'\u0432';
    case U'\u0473':  // ѳ
      return U'\u0444';
    default:
      return c;
  }
}

}  // namespace

std::string NormalizeNamePart(std::string_view part) {
  icu::UnicodeString u = FromUtf8(part);
  // Apostrophes first: NFKD would split ´ into a space and an accent.
  icu::UnicodeString pre;
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    pre.append(IsApostrophe(c) ? static_cast<UChar32>('\'') : c);
  }
  std::string out;
  for (std::u32string& w : SplitRawWords(Normalize(Nfkd(), pre))) {
    std::string s = FinishWord(std::move(w));
    if (s.empty()) continue;
    if (!out.empty()) out += ' ';
    out += s;
  }
  return out;
}

std::vector<std::string> NormalizedWords(std::string_view text) {
  std::string n = NormalizeNamePart(text);
  std::vector<std::string> out;
  for (std::string_view w : SplitWords(n)) out.emplace_back(w);
  return out;
}

std::string FoldForMatching(std::string_view normalized) {
  std::string out;
  for (std::string_view word : SplitWords(normalized)) {
    std::u32string w = ToU32(FromUtf8(word));
    for (char32_t& c : w) c = FoldLetter(c);
    // A pre-reform hard sign at the end of a word or of a hyphenated piece
    // is dropped; pieces left empty disappear with their hyphen.
    std::u32string folded;
    size_t start = 0;
    while (start <= w.size()) {
      size_t end = w.find(U'-', start);
      if (end == std::u32string::npos) end = w.size();
      std::u32string piece = w.substr(start, end - start);
      while (!piece.empty() && piece.back() == U'\u044A') piece.pop_back();
      if (!piece.empty()) {
        if (!folded.empty()) folded.push_back(U'-');
        folded += piece;
      }
      start = end + 1;
    }
    if (folded.empty()) continue;
    if (!out.empty()) out += ' ';
    out += ToUtf8(FromU32(folded));
  }
  return out;
}

}  // namespace memoria::names
