// Parsing of EDTF text and of the two date notations archives hand us
// (Memorial's "d.m.yyyy" with "_" and Russian prose). The EDTF parser works
// on the input bytes in place; the only allocation on success is the copy of
// the text kept by the Edtf value. The two converters format EDTF into a
// stack buffer and hand it to Edtf::Parse, so every Edtf is validated by the
// same code.
#include "core/edtf.h"

#include <array>
#include <cstddef>
#include <initializer_list>
#include <string>

#include "core/text.h"

namespace memoria {
namespace {

// The longest accepted EDTF text is "1937-05-17%/1938-05-17%" (23 bytes).
constexpr size_t kMaxEdtfBytes = 32;
// At most this many bytes of rejected input are echoed in an error message.
constexpr size_t kMaxQuotedBytes = 64;

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

bool IsValidDay(int year, int month, int day) {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
         day <= DaysInMonth(year, month);
}

int32_t DayNumber(int year, int month, int day) { return year * 10000 + month * 100 + day; }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The value of two decimal digits at s[0..1], or -1.
int TwoDigits(const char* s) {
  if (!IsDigit(s[0]) || !IsDigit(s[1])) return -1;
  return (s[0] - '0') * 10 + (s[1] - '0');
}

// The rejected input, cut to kMaxQuotedBytes, in double quotes. Bytes that
// are not printable ASCII or part of well-formed UTF-8 become \xNN, so the
// message is always safe to log and to show.
std::string Quote(std::string_view text) {
  bool cut = false;
  if (text.size() > kMaxQuotedBytes) {
    size_t n = kMaxQuotedBytes;
    // Step back to a UTF-8 sequence boundary.
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    text = text.substr(0, n);
    cut = true;
  }
  const bool utf8 = IsValidUtf8(text);
  std::string out = "\"";
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 0x20 && c < 0x7F && c != '"' && c != '\\') || (c >= 0x80 && utf8)) {
      out.push_back(ch);
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  out += cut ? "...\"" : "\"";
  return out;
}

// What one side of an EDTF expression denotes.
struct Span {
  int32_t earliest = Edtf::kMinDay;
  int32_t latest = Edtf::kMaxDay;
  bool uncertain = false;
  bool approximate = false;
};

// Parses one level 0/1 date "YYYY[-MM[-DD]]" with unspecified digits and an
// optional trailing qualifier. The date must fill all of "s".
bool ParseSingleDate(std::string_view s, Span* out) {
  Span span;
  if (s.empty()) return false;
  const char qualifier = s.back();
  if (qualifier == '?' || qualifier == '~' || qualifier == '%') {
    span.uncertain = qualifier != '~';
    span.approximate = qualifier != '?';
    s.remove_suffix(1);
  }
  if (s.size() != 4 && s.size() != 7 && s.size() != 10) return false;

  // Year: four digits, of which the last one or two may be X.
  int year = 0;
  int unspecified = 0;
  for (size_t i = 0; i < 4; ++i) {
    if (IsDigit(s[i]) && unspecified == 0) {
      year = year * 10 + (s[i] - '0');
    } else if (s[i] == 'X' && i >= 2) {
      year *= 10;
      ++unspecified;
    } else {
      return false;
    }
  }
  const int last_year = year + (unspecified == 0 ? 0 : unspecified == 1 ? 9 : 99);
  if (last_year == 0) return false;  // year 0000
  const int first_year = year == 0 ? 1 : year;

  if (s.size() == 4) {
    span.earliest = DayNumber(first_year, 1, 1);
    span.latest = DayNumber(last_year, 12, 31);
    *out = span;
    return true;
  }
  if (s[4] != '-' || unspecified != 0) return false;

  // Month: 01..12 or XX.
  int month = 0;
  if (s[5] == 'X' && s[6] == 'X') {
    month = 0;
  } else {
    month = TwoDigits(&s[5]);
    if (month < 1 || month > 12) return false;
  }

  int first_day = 1;
  int last_day = month == 0 ? 31 : DaysInMonth(year, month);
  if (s.size() == 10) {
    if (s[7] != '-') return false;
    if (!(s[8] == 'X' && s[9] == 'X')) {
      if (month == 0) return false;  // 1937-XX-17 is level 2
      const int day = TwoDigits(&s[8]);
      if (day < 1 || day > last_day) return false;
      first_day = last_day = day;
    }
  }
  span.earliest = DayNumber(year, month == 0 ? 1 : month, first_day);
  span.latest = DayNumber(year, month == 0 ? 12 : month, last_day);
  *out = span;
  return true;
}

// One end of an interval: a date, "" (unknown) or ".." (open). Sets *is_date.
bool ParseIntervalEnd(std::string_view s, Span* out, bool* is_date) {
  *is_date = false;
  if (s.empty() || s == "..") {
    *out = Span();
    return true;
  }
  *is_date = true;
  return ParseSingleDate(s, out);
}

// Writes "value" as exactly "width" decimal digits at "out".
char* PutDigits(char* out, int value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + width;
}

// Formats year[-month[-day]] (month, day 0 = absent) into "buf" and parses it.
Result<Edtf> MakeDate(int year, int month, int day, std::string_view original) {
  char buf[16];
  char* p = PutDigits(buf, year, 4);
  if (month > 0) {
    *p++ = '-';
    p = PutDigits(p, month, 2);
    if (day > 0) {
      *p++ = '-';
      p = PutDigits(p, day, 2);
    }
  }
  Result<Edtf> edtf = Edtf::Parse(std::string_view(buf, static_cast<size_t>(p - buf)));
  if (!edtf.ok()) return InvalidArgumentError("not a valid date: " + Quote(original));
  return edtf;
}

}  // namespace

Result<Edtf> Edtf::Parse(std::string_view text) {
  if (text.empty()) return Edtf();
  if (text.size() > kMaxEdtfBytes) {
    return InvalidArgumentError("not an EDTF date (too long): " + Quote(text));
  }
  Edtf edtf;
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    Span span;
    if (!ParseSingleDate(text, &span)) {
      return InvalidArgumentError("not an EDTF date: " + Quote(text));
    }
    edtf.earliest_ = span.earliest;
    edtf.latest_ = span.latest;
    edtf.uncertain_ = span.uncertain;
    edtf.approximate_ = span.approximate;
  } else {
    Span start;
    Span end;
    bool start_is_date = false;
    bool end_is_date = false;
    if (!ParseIntervalEnd(text.substr(0, slash), &start, &start_is_date) ||
        !ParseIntervalEnd(text.substr(slash + 1), &end, &end_is_date) ||
        (!start_is_date && !end_is_date)) {
      return InvalidArgumentError("not an EDTF interval: " + Quote(text));
    }
    if (start.earliest > end.latest) {
      return InvalidArgumentError("EDTF interval starts after it ends: " + Quote(text));
    }
    edtf.earliest_ = start.earliest;
    edtf.latest_ = end.latest;
    edtf.uncertain_ = start.uncertain || end.uncertain;
    edtf.approximate_ = start.approximate || end.approximate;
    edtf.interval_ = true;
  }
  edtf.text_.assign(text.data(), text.size());
  return edtf;
}

Edtf Edtf::Day(int year, int month, int day) {
  if (!MEMORIA_ALWAYS(IsValidDay(year, month, day))) return Edtf();
  char buf[10];
  PutDigits(buf, year, 4);
  buf[4] = '-';
  PutDigits(buf + 5, month, 2);
  buf[7] = '-';
  PutDigits(buf + 8, day, 2);
  Edtf edtf;
  edtf.text_.assign(buf, sizeof(buf));
  edtf.earliest_ = edtf.latest_ = DayNumber(year, month, day);
  return edtf;
}

// ---------------------------------------------------------------------------
// Memorial: "d.m.yyyy" with "_" for an unknown day or month.

namespace {

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::string_view TrimAsciiSpace(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Parses 1..max_digits decimal digits with a nonzero value into *value, or
// (when allow_unknown) "_" as 0.
bool ParseMemorialPart(std::string_view s, size_t max_digits, bool allow_unknown, int* value) {
  if (allow_unknown && s == "_") {
    *value = 0;
    return true;
  }
  if (s.empty() || s.size() > max_digits) return false;
  int v = 0;
  for (char c : s) {
    if (!IsDigit(c)) return false;
    v = v * 10 + (c - '0');
  }
  *value = v;
  return v > 0;
}

}  // namespace

Result<Edtf> EdtfFromMemorialDate(std::string_view text) {
  const std::string_view s = TrimAsciiSpace(text);
  if (s.empty() || s == "None" || s == "_._._") return Edtf();
  const size_t dot1 = s.find('.');
  const size_t dot2 = dot1 == std::string_view::npos ? dot1 : s.find('.', dot1 + 1);
  int day = 0;
  int month = 0;
  int year = 0;
  if (dot2 == std::string_view::npos || s.substr(dot2 + 1).size() != 4 ||
      !ParseMemorialPart(s.substr(0, dot1), 2, true, &day) ||
      !ParseMemorialPart(s.substr(dot1 + 1, dot2 - dot1 - 1), 2, true, &month) ||
      !ParseMemorialPart(s.substr(dot2 + 1), 4, false, &year)) {
    return InvalidArgumentError("not a Memorial date: " + Quote(text));
  }
  if (month > 12 || (month == 0 && day != 0) || (day != 0 && !IsValidDay(year, month, day))) {
    return InvalidArgumentError("not a valid Memorial date: " + Quote(text));
  }
  return MakeDate(year, month, day, text);
}

// ---------------------------------------------------------------------------
// Russian prose: "7 марта 1932 г.", "в июле 1998 г.", "1937-1938 гг." ...

namespace {

enum class TokenKind { kNumber, kWord, kDot, kDash };

struct Token {
  TokenKind kind;
  std::string_view text;
};

// No date form needs more tokens than "в 17 . 05 . 1938 г ." (8).
constexpr size_t kMaxTokens = 10;
// The longest word we look at is "сентябре" (16 bytes in UTF-8).
constexpr size_t kMaxWordBytes = 24;

struct Tokens {
  std::array<Token, kMaxTokens> items;
  size_t size = 0;
};

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Length of the white space (ASCII, U+00A0, U+2009, U+202F) at s[i], or 0.
size_t SpaceAt(std::string_view s, size_t i) {
  if (IsAsciiSpace(s[i])) return 1;
  if (s.compare(i, 2, "\xC2\xA0") == 0) return 2;
  if (s.compare(i, 3, "\xE2\x80\x89") == 0 || s.compare(i, 3, "\xE2\x80\xAF") == 0) return 3;
  return 0;
}

// Length of a dash (ASCII "-", U+2010, U+2011, U+2013, U+2014) at s[i], or 0.
size_t DashAt(std::string_view s, size_t i) {
  if (s[i] == '-') return 1;
  if (s.compare(i, 2, "\xE2\x80") == 0 && i + 2 < s.size()) {
    const auto c = static_cast<unsigned char>(s[i + 2]);
    if (c == 0x90 || c == 0x91 || c == 0x93 || c == 0x94) return 3;
  }
  return 0;
}

// Length of a letter (ASCII or Cyrillic U+0400..U+047F) at s[i], or 0.
size_t LetterAt(std::string_view s, size_t i) {
  if (IsAsciiLetter(s[i])) return 1;
  const auto c = static_cast<unsigned char>(s[i]);
  if ((c == 0xD0 || c == 0xD1) && i + 1 < s.size() &&
      IsContinuation(static_cast<unsigned char>(s[i + 1]))) {
    return 2;
  }
  return 0;
}

// Splits "s" into numbers, words, dots and dashes. False on any other
// character or on too many tokens.
bool Tokenize(std::string_view s, Tokens* out) {
  size_t i = 0;
  while (i < s.size()) {
    if (size_t n = SpaceAt(s, i)) {
      i += n;
      continue;
    }
    if (out->size == kMaxTokens) return false;
    Token& token = out->items[out->size++];
    const size_t start = i;
    if (IsDigit(s[i])) {
      while (i < s.size() && IsDigit(s[i])) ++i;
      token.kind = TokenKind::kNumber;
    } else if (s[i] == '.') {
      ++i;
      token.kind = TokenKind::kDot;
    } else if (size_t dash = DashAt(s, i)) {
      i += dash;
      token.kind = TokenKind::kDash;
    } else if (LetterAt(s, i) != 0) {
      while (i < s.size()) {
        const size_t n = LetterAt(s, i);
        if (n == 0) break;
        i += n;
      }
      token.kind = TokenKind::kWord;
    } else {
      return false;
    }
    token.text = s.substr(start, i - start);
  }
  return true;
}

// Lowercases ASCII and Russian letters of "word" into "buf"; returns the
// lowercase text, or an empty view when the word is too long to matter.
std::string_view LowerWord(std::string_view word, std::array<char, kMaxWordBytes>* buf) {
  if (word.size() > buf->size()) return {};
  for (size_t i = 0; i < word.size(); ++i) {
    const auto c = static_cast<unsigned char>(word[i]);
    unsigned char lo = c;
    if (c >= 'A' && c <= 'Z') {
      lo = static_cast<unsigned char>(c + ('a' - 'A'));
    } else if (c == 0xD0 && i + 1 < word.size()) {
      const auto next = static_cast<unsigned char>(word[i + 1]);
      if (next >= 0x90 && next <= 0x9F) {  // А..П -> а..п
        (*buf)[i] = static_cast<char>(0xD0);
        (*buf)[i + 1] = static_cast<char>(next + 0x20);
      } else if (next >= 0xA0 && next <= 0xAF) {  // Р..Я -> р..я
        (*buf)[i] = static_cast<char>(0xD1);
        (*buf)[i + 1] = static_cast<char>(next - 0x20);
      } else if (next == 0x81) {  // Ё -> ё
        (*buf)[i] = static_cast<char>(0xD1);
        (*buf)[i + 1] = static_cast<char>(0x91);
      } else {
        (*buf)[i] = static_cast<char>(c);
        (*buf)[i + 1] = static_cast<char>(next);
      }
      ++i;
      continue;
    }
    (*buf)[i] = static_cast<char>(lo);
  }
  return std::string_view(buf->data(), word.size());
}

struct MonthForm {
  std::string_view form;
  int month;
};

// Nominative, genitive and prepositional forms of each month.
constexpr MonthForm kMonthForms[] = {
    {"январь", 1},   {"января", 1},   {"январе", 1},   {"февраль", 2},  {"февраля", 2},
    {"феврале", 2},  {"март", 3},     {"марта", 3},    {"марте", 3},    {"апрель", 4},
    {"апреля", 4},   {"апреле", 4},   {"май", 5},      {"мая", 5},      {"мае", 5},
    {"июнь", 6},     {"июня", 6},     {"июне", 6},     {"июль", 7},     {"июля", 7},
    {"июле", 7},     {"август", 8},   {"августа", 8},  {"августе", 8},  {"сентябрь", 9},
    {"сентября", 9}, {"сентябре", 9}, {"октябрь", 10}, {"октября", 10}, {"октябре", 10},
    {"ноябрь", 11},  {"ноября", 11},  {"ноябре", 11},  {"декабрь", 12}, {"декабря", 12},
    {"декабре", 12},
};

// 1..12 when "token" is a month name, else 0.
int MonthOf(const Token& token) {
  if (token.kind != TokenKind::kWord) return 0;
  std::array<char, kMaxWordBytes> buf;
  const std::string_view word = LowerWord(token.text, &buf);
  for (const MonthForm& m : kMonthForms) {
    if (m.form == word) return m.month;
  }
  return 0;
}

bool IsWordIn(const Token& token, std::initializer_list<std::string_view> words) {
  if (token.kind != TokenKind::kWord) return false;
  std::array<char, kMaxWordBytes> buf;
  const std::string_view word = LowerWord(token.text, &buf);
  for (std::string_view w : words) {
    if (w == word) return true;
  }
  return false;
}

// The value of a number token of min_digits..max_digits digits, or -1.
int NumberOf(const Token& token, size_t min_digits, size_t max_digits) {
  if (token.kind != TokenKind::kNumber || token.text.size() < min_digits ||
      token.text.size() > max_digits) {
    return -1;
  }
  int v = 0;
  for (char c : token.text) v = v * 10 + (c - '0');
  return v;
}

// Matches the tokens (without preposition and "г.") against the date forms.
Result<Edtf> MatchRussianDate(const Token* t, size_t n, std::string_view original) {
  const auto reject = [&] {
    return InvalidArgumentError("not a Russian date: " + Quote(original));
  };
  if (n == 1) {  // 1937
    const int year = NumberOf(t[0], 4, 4);
    if (year > 0) return MakeDate(year, 0, 0, original);
  } else if (n == 2 && MonthOf(t[0]) != 0) {  // март 1938
    const int year = NumberOf(t[1], 4, 4);
    if (year > 0) return MakeDate(year, MonthOf(t[0]), 0, original);
  } else if (n == 3 && MonthOf(t[1]) != 0) {  // 7 марта 1932
    const int day = NumberOf(t[0], 1, 2);
    const int year = NumberOf(t[2], 4, 4);
    if (day > 0 && year > 0) return MakeDate(year, MonthOf(t[1]), day, original);
  } else if (n == 3 && t[1].kind == TokenKind::kDot) {  // 05.1938
    const int month = NumberOf(t[0], 1, 2);
    const int year = NumberOf(t[2], 4, 4);
    if (month > 0 && year > 0) return MakeDate(year, month, 0, original);
  } else if (n == 5 && t[1].kind == TokenKind::kDot && t[3].kind == TokenKind::kDot) {
    const int day = NumberOf(t[0], 1, 2);  // 17.05.1938
    const int month = NumberOf(t[2], 1, 2);
    const int year = NumberOf(t[4], 4, 4);
    if (day > 0 && month > 0 && year > 0) return MakeDate(year, month, day, original);
  } else if ((n == 2 || (n == 3 && t[1].kind == TokenKind::kDash)) &&
             IsWordIn(t[n - 1], {"е", "х", "ые", "ых"})) {  // 1930-е
    const int year = NumberOf(t[0], 4, 4);
    if (year > 0 && year % 10 == 0) {
      char buf[4];
      PutDigits(buf, year / 10, 3);
      buf[3] = 'X';
      return Edtf::Parse(std::string_view(buf, sizeof(buf)));
    }
  } else if (n == 3 && t[1].kind == TokenKind::kDash) {  // 1937-1938, 1937-38
    const int start = NumberOf(t[0], 4, 4);
    int end = NumberOf(t[2], 2, 4);
    if (t[2].text.size() == 2 && start > 0 && end >= 0) end += start / 100 * 100;
    if (t[2].text.size() == 3) end = -1;
    if (start > 0 && end > start) {
      char buf[9];
      PutDigits(buf, start, 4);
      buf[4] = '/';
      PutDigits(buf + 5, end, 4);
      return Edtf::Parse(std::string_view(buf, sizeof(buf)));
    }
  }
  return reject();
}

}  // namespace

Result<Edtf> EdtfFromRussianText(std::string_view text) {
  Tokens tokens;
  if (!Tokenize(text, &tokens)) {
    return InvalidArgumentError("not a Russian date: " + Quote(text));
  }
  const Token* t = tokens.items.data();
  size_t n = tokens.size;
  // A trailing period ("1937 г.", "17.05.1938.").
  if (n > 0 && t[n - 1].kind == TokenKind::kDot) --n;
  // "г", "года", "гг" ... after the year; "г." has already lost its period.
  if (n > 1 && IsWordIn(t[n - 1], {"г", "гг", "год", "года", "году", "годы", "годов", "годах"})) {
    --n;
  }
  // "в июле 1998", "во 2 ..." is not a form we know, but "в" and "во" are.
  if (n > 1 && IsWordIn(t[0], {"в", "во"})) {
    ++t;
    --n;
  }
  return MatchRussianDate(t, n, text);
}

}  // namespace memoria
