#include "ingest/mos_memo_bio.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "core/edtf.h"
#include "core/text.h"

namespace memoria::ingest {
namespace {

// ---------------------------------------------------------------------------
// Small text helpers. The parser works on bytes: every delimiter it splits on
// is ASCII, so it never cuts a UTF-8 sequence.

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool Contains(std::string_view s, std::string_view needle) {
  return s.find(needle) != std::string_view::npos;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

template <size_t N>
bool IsOneOf(std::string_view s, const std::string_view (&list)[N]) {
  return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

// Abbreviations whose own full stop must survive when a sentence ends on
// them: "Западной ж.д." keeps its dot, "цеха." loses it.
constexpr std::string_view kAbbreviations[] = {
    "г",  "гг", "д",   "с",   "дер", "пос",  "губ", "обл", "ул", "пер", "пр", "ш",
    "ст", "им", "зав", "зам", "кв",  "корп", "стр", "наб", "пл", "тов", "др"};

// Trims, then drops one sentence-ending full stop unless the last word is an
// abbreviation listed above.
std::string_view StripSentenceEnd(std::string_view s) {
  s = Trim(s);
  if (s.empty() || s.back() != '.') return s;
  std::string_view body = s.substr(0, s.size() - 1);
  size_t cut = body.find_last_of(" .");
  std::string_view last = cut == std::string_view::npos ? body : body.substr(cut + 1);
  if (IsOneOf(last, kAbbreviations)) return s;
  return Trim(body);
}

// Decodes one two-byte Cyrillic letter at s[i]; returns 0 for anything else.
// Lowercase а..я, ё map to 1; uppercase А..Я, Ё map to 2.
int CyrillicCase(std::string_view s, size_t i) {
  if (i + 1 >= s.size()) return 0;
  unsigned char a = static_cast<unsigned char>(s[i]);
  unsigned char b = static_cast<unsigned char>(s[i + 1]);
  if (a == 0xD0 && b >= 0xB0 && b <= 0xBF) return 1;                   // а..п
  if (a == 0xD1 && ((b >= 0x80 && b <= 0x8F) || b == 0x91)) return 1;  // р..я, ё
  if (a == 0xD0 && ((b >= 0x90 && b <= 0xAF) || b == 0x81)) return 2;  // А..Я, Ё
  return 0;
}

bool StartsWithUpper(std::string_view s) {
  if (s.empty()) return false;
  if (s[0] >= 'A' && s[0] <= 'Z') return true;
  return CyrillicCase(s, 0) == 2;
}

// True for a lowercase Cyrillic word, hyphens allowed inside ("коми-пермяк").
bool IsLowerWord(std::string_view w) {
  if (w.empty() || w.front() == '-' || w.back() == '-') return false;
  for (size_t i = 0; i < w.size();) {
    if (w[i] == '-') {
      ++i;
    } else if (CyrillicCase(w, i) == 1) {
      i += 2;
    } else {
      return false;
    }
  }
  return true;
}

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsSpace(s[i])) ++i;
    size_t start = i;
    while (i < s.size() && !IsSpace(s[i])) ++i;
    if (i > start) words.push_back(s.substr(start, i - start));
  }
  return words;
}

std::string_view FirstWord(std::string_view s) {
  std::vector<std::string_view> words = Words(s);
  return words.empty() ? std::string_view() : words.front();
}

// ---------------------------------------------------------------------------
// Dates.

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool IsCalendarDay(int y, int m, int d) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  int last = kDays[static_cast<size_t>(m - 1)] + (m == 2 && IsLeapYear(y) ? 1 : 0);
  return d <= last;
}

// Reads min_digits..max_digits digits at *pos into *value; fails when fewer
// are there or more follow.
bool ReadNumber(std::string_view s, size_t* pos, size_t min_digits, size_t max_digits, int* value) {
  size_t start = *pos;
  int v = 0;
  while (*pos < s.size() && IsDigit(s[*pos]) && *pos - start < max_digits) {
    v = v * 10 + (s[*pos] - '0');
    ++*pos;
  }
  if (*pos - start < min_digits) return false;
  if (*pos < s.size() && IsDigit(s[*pos])) return false;
  *value = v;
  return true;
}

// "17.05.1938", "9.12.1937" (the whole text) -> the day; false otherwise.
bool ParseDayMonthYear(std::string_view s, Edtf* out) {
  size_t pos = 0;
  int d = 0, m = 0, y = 0;
  if (!ReadNumber(s, &pos, 1, 2, &d) || pos >= s.size() || s[pos] != '.') return false;
  ++pos;
  if (!ReadNumber(s, &pos, 1, 2, &m) || pos >= s.size() || s[pos] != '.') return false;
  ++pos;
  if (!ReadNumber(s, &pos, 4, 4, &y) || pos != s.size()) return false;
  if (!IsCalendarDay(y, m, d)) return false;
  *out = Edtf::Day(y, m, d);
  return true;
}

bool ParseDate(std::string_view text, Edtf* out) {
  text = StripSentenceEnd(text);
  if (text.empty()) return false;
  if (ParseDayMonthYear(text, out)) return true;
  Result<Edtf> parsed = EdtfFromRussianText(text);
  if (!parsed.ok()) return false;
  *out = *parsed;
  return true;
}

// Removes bracketed asides: "1900 (по другим данным - в 1901)" -> "1900".
std::string WithoutBrackets(std::string_view s) {
  std::string out;
  int depth = 0;
  for (char c : s) {
    if (c == '(') {
      ++depth;
    } else if (c == ')' && depth > 0) {
      --depth;
    } else if (depth == 0) {
      out.push_back(c);
    }
  }
  return CollapseSpace(out);
}

// The birth date; a date with another reading in brackets becomes uncertain.
bool ParseBirthDate(std::string_view text, Edtf* out) {
  if (ParseDate(text, out)) return true;
  if (!Contains(text, "(")) return false;
  Edtf first_reading;
  if (!ParseDate(WithoutBrackets(text), &first_reading)) return false;
  *out = first_reading;
  if (!first_reading.is_interval()) {
    Result<Edtf> uncertain = Edtf::Parse(first_reading.ToString() + "?");
    if (uncertain.ok()) *out = *uncertain;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Sentences introduced by a marker: "Адрес:", "Рассстрелян", "Место
// захоронения:".

enum class Field { kAddress, kExecution, kBurial };

struct Marker {
  Field field;
  size_t begin;    // where the marker word starts
  size_t content;  // where the text after it starts
};

constexpr std::string_view kAddressWord = "Адрес:";
constexpr std::string_view kBurialWord = "Место захоронения";

// "Расстрелян", "Рассстреляна" (sic), "Растрелян": Ра, one to four с,
// трелян, an optional а, then the end of the word. Returns its length or 0.
size_t ExecutionVerbLength(std::string_view s) {
  constexpr std::string_view kRa = "Ра", kS = "с", kTail = "трелян", kA = "а";
  if (!StartsWith(s, kRa)) return 0;
  size_t pos = kRa.size();
  int count = 0;
  while (StartsWith(s.substr(pos), kS)) {
    pos += kS.size();
    ++count;
  }
  if (count < 1 || count > 4 || !StartsWith(s.substr(pos), kTail)) return 0;
  pos += kTail.size();
  if (StartsWith(s.substr(pos), kA)) pos += kA.size();
  if (pos < s.size() && s[pos] != '.' && s[pos] != ',' && s[pos] != ':' && !IsSpace(s[pos])) {
    return 0;  // a longer word
  }
  return pos;
}

std::vector<Marker> FindMarkers(std::string_view bio) {
  std::vector<Marker> markers;
  for (size_t i = 0; i < bio.size(); ++i) {
    if (i > 0 && !IsSpace(bio[i - 1]) && bio[i - 1] != '.') continue;
    std::string_view rest = bio.substr(i);
    if (StartsWith(rest, kAddressWord)) {
      markers.push_back({Field::kAddress, i, i + kAddressWord.size()});
    } else if (StartsWith(rest, kBurialWord)) {
      size_t content = i + kBurialWord.size();
      if (content < bio.size() && bio[content] == ':') ++content;
      markers.push_back({Field::kBurial, i, content});
    } else if (size_t n = ExecutionVerbLength(rest); n > 0) {
      markers.push_back({Field::kExecution, i, i + n});
    } else {
      continue;
    }
    i = markers.back().content - 1;
  }
  return markers;
}

// ---------------------------------------------------------------------------
// The head: "род. 1884, <birth place parts>, <nationality>, <party>,
// <occupation>".

struct Part {
  size_t begin;  // offsets into the head, trimmed
  size_t end;
};

// Marks bytes inside matched brackets and matched straight quotes, where a
// comma does not separate parts. An unmatched "(" (as in "(Польша0") or a
// lone quote protects nothing.
std::vector<bool> ProtectedBytes(std::string_view s) {
  std::vector<bool> protect(s.size(), false);
  std::vector<size_t> open;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '(') {
      open.push_back(i);
    } else if (s[i] == ')' && !open.empty()) {
      size_t from = open.back();
      open.pop_back();
      std::fill(protect.begin() + static_cast<std::ptrdiff_t>(from),
                protect.begin() + static_cast<std::ptrdiff_t>(i) + 1, true);
    }
  }
  size_t quote = std::string_view::npos;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '"') continue;
    if (quote == std::string_view::npos) {
      quote = i;
    } else {
      std::fill(protect.begin() + static_cast<std::ptrdiff_t>(quote),
                protect.begin() + static_cast<std::ptrdiff_t>(i) + 1, true);
      quote = std::string_view::npos;
    }
  }
  return protect;
}

std::vector<Part> SplitParts(std::string_view s) {
  std::vector<bool> protect = ProtectedBytes(s);
  std::vector<Part> parts;
  auto add = [&](size_t from, size_t to) {
    while (from < to && IsSpace(s[from])) ++from;
    while (to > from && IsSpace(s[to - 1])) --to;
    if (to > from) parts.push_back({from, to});
  };
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ',' && !protect[i]) {
      add(start, i);
      start = i + 1;
    }
  }
  add(start, s.size());
  return parts;
}

// Nationalities in the nominative, masculine and feminine, as the lists write
// them. A part is a nationality when its last word before any bracket is one
// of these, optionally after adjectives ("польский еврей", "горский еврей").
constexpr std::string_view kNationalities[] = {
    "абхаз",       "абхазец",    "абхазка",       "аварец",        "аварка",     "австриец",
    "австрийка",   "адыгеец",    "азербайджанец", "азербайджанка", "айсор",      "албанец",
    "алтаец",      "американец", "американка",    "англичанин",    "англичанка", "араб",
    "арабка",      "армянин",    "армянка",       "ассириец",      "ассирийка",  "афганец",
    "балкарец",    "башкир",     "башкирка",      "белорус",       "белоруска",  "бельгиец",
    "бельгийка",   "болгарин",   "болгарка",      "бурят",         "бурятка",    "венгерка",
    "венгр",       "вепс",       "вотяк",         "вьетнамец",     "гагауз",     "голландец",
    "голландка",   "грек",       "гречанка",      "грузин",        "грузинка",   "даргинец",
    "датчанин",    "датчанка",   "еврей",         "еврейка",       "ижорец",     "индиец",
    "индус",       "ингуш",      "иранец",        "иранка",        "ирландец",   "испанец",
    "испанка",     "итальянец",  "итальянка",     "кабардинец",    "казах",      "казашка",
    "калмык",      "калмычка",   "канадец",       "караим",        "караимка",   "карачаевец",
    "карел",       "карелка",    "киргиз",        "китаец",        "китаянка",   "коми",
    "кореец",      "кореянка",   "крымчак",       "кумык",         "курд",       "лак",
    "латгалец",    "латгалка",   "латыш",         "латышка",       "лезгин",     "литовец",
    "литовка",     "македонец",  "мари",          "мариец",        "марийка",    "мексиканец",
    "молдаванин",  "молдаванка", "монгол",        "мордвин",       "мордвинка",  "мордовка",
    "немец",       "немка",      "ненец",         "ногаец",        "норвежец",   "осетин",
    "осетинка",    "перс",       "персиянин",     "поляк",         "полька",     "португалец",
    "румын",       "румынка",    "русин",         "русская",       "русский",    "серб",
    "сербка",      "словак",     "словачка",      "словенец",      "таджик",     "татарин",
    "татарка",     "турок",      "турчанка",      "туркмен",       "удмурт",     "удмуртка",
    "узбек",       "уйгур",      "украинец",      "украинка",      "финка",      "финн",
    "француженка", "француз",    "хакас",         "хорват",        "цыган",      "цыганка",
    "черкес",      "черногорец", "чех",           "чеченец",       "чешка",      "чуваш",
    "чувашка",     "швед",       "шведка",        "швейцарец",     "швейцарка",  "эстонец",
    "эстонка",     "эфиоп",      "якут",          "якутка",        "японец",     "японка",
    "зырянин",     "пермяк",     "ойрот",         "тувинец",       "чукча"};

bool IsNationality(std::string_view part) {
  std::string_view before = Trim(part.substr(0, part.find('(')));
  std::vector<std::string_view> words = Words(before);
  if (words.empty() || words.size() > 3) return false;
  for (std::string_view w : words) {
    if (!IsLowerWord(w)) return false;
  }
  return IsOneOf(words.back(), kNationalities);
}

// A nationality missing from the list above: one lowercase word standing
// just before the party ("коми-пермячка, б/п"), but not the debris of a
// damaged place ("местечка, б/п").
bool IsPlausibleUnknownNationality(std::string_view part) {
  static constexpr std::string_view kNot[] = {"местечка", "местечко", "деревня",
                                              "село",     "бывш",     "уезд"};
  return IsLowerWord(part) && part.size() >= 6 && !IsOneOf(part, kNot);
}

bool MentionsParty(std::string_view s) {
  static constexpr std::string_view kKeywords[] = {
      "ВКП",  "РКП",       "КП ",  "КП(",       "КПГ",       "КПП",      "КПЗБ",   "РСДРП",
      "ЛКСМ", "КСМ",       "КЛСМ", "ДП ",       "парти",     "Бунд",     "Поалей", "ППС",
      "СД",   "Коминтерн", "эсер", "меньшевик", "большевик", "анархист", "кадет",  "троцкист"};
  for (std::string_view k : kKeywords) {
    if (Contains(s, k)) return true;
  }
  return s.size() >= 2 && s.substr(s.size() - 2) == "КП";
}

// "б/п", "член ВКП(б) с 1918", "кандидат в члены ВКП(б)", "бывший эсер",
// "исключен из ВКП(б) в 1937 г.", "в 1920-1933 член ВКП(б)", "эсер".
bool IsPartyPart(std::string_view part) {
  if (StartsWith(part, "б/п") || StartsWith(part, "беспартийн")) return true;
  std::string_view first = FirstWord(part);
  static constexpr std::string_view kMembers[] = {"эсер",       "эсерка",   "меньшевик",
                                                  "большевик",  "кадет",    "анархист",
                                                  "анархистка", "троцкист", "бундовец"};
  for (std::string_view m : kMembers) {
    if (first == m || (StartsWith(first, m) && first.size() > m.size() && first[m.size()] == '-')) {
      return true;
    }
  }
  static constexpr std::string_view kStarts[] = {"член",     "кандидат",  "бывший", "бывшая",
                                                 "исключен", "исключена", "искл.",  "выбыл",
                                                 "выбыла",   "в",         "с",      "до"};
  bool starts = IsOneOf(first, kStarts) || StartsWith(first, "бывш.") || StartsWith(first, "чл.");
  if (!starts) return false;
  if (first == "в" || first == "с" || first == "до") {  // only "в 1920-1933 член ..."
    std::string_view rest = Trim(part.substr(first.size()));
    if (rest.empty() || !IsDigit(rest.front())) return false;
  }
  return MentionsParty(part);
}

// Parts that continue a party statement: "искл. из ВКП(б) в 1927,
// восстановлен в 1928, вторично исключен в 1935".
bool ContinuesParty(std::string_view part) {
  std::string_view first = FirstWord(part);
  return first == "восстановлен" || first == "восстановлена" || first == "вторично" ||
         first == "затем" || StartsWith(part, "а затем") || IsPartyPart(part);
}

// Used only when a head has neither nationality nor party.
bool LooksLikePlace(std::string_view part) {
  if (Contains(part, ":")) return false;
  if (StartsWithUpper(part)) return true;
  static constexpr std::string_view kPlaceStarts[] = {"г.",    "с.",  "д.",      "дер.",  "пос.",
                                                      "мест.", "ст.", "ст-ца",   "ст-це", "станица",
                                                      "аул",   "в ",  "усадьба", "хутор"};
  for (std::string_view p : kPlaceStarts) {
    if (StartsWith(part, p)) return true;
  }
  return false;
}

class HeadParser {
 public:
  HeadParser(std::string_view head, MosMemoBio* out) : head_(head), out_(out) {}

  void Parse() {
    constexpr std::string_view kBorn = "род.";
    bool has_birth = StartsWith(head_, kBorn);
    text_ = head_.substr(has_birth ? kBorn.size() : 0);
    parts_ = SplitParts(text_);
    size_t first = 0;
    if (has_birth && !parts_.empty()) {
      std::string_view birth = Text(0);
      if (std::any_of(birth.begin(), birth.end(), IsDigit) || parts_.size() == 1) {
        out_->birth_text = std::string(birth);
        ParseBirthDate(birth, &out_->birth);
        first = 1;
      }
    } else if (has_birth) {
      out_->unparsed.emplace_back(kBorn);
      return;
    }
    Classify(first, has_birth);
  }

 private:
  std::string_view Text(size_t i) const {
    return text_.substr(parts_[i].begin, parts_[i].end - parts_[i].begin);
  }
  // The verbatim text from byte "begin" of the head to the end of part to-1.
  std::string From(size_t begin, size_t to) const {
    if (to == 0 || begin >= parts_[to - 1].end) return std::string();
    return std::string(text_.substr(begin, parts_[to - 1].end - begin));
  }
  // The verbatim text of parts [from, to).
  std::string Span(size_t from, size_t to) const {
    return from < to ? From(parts_[from].begin, to) : std::string();
  }

  void Classify(size_t first, bool has_birth) {
    size_t n = parts_.size();
    size_t party = first;
    while (party < n && !IsPartyPart(Text(party))) ++party;
    size_t nationality = first;
    while (nationality < party && !IsNationality(Text(nationality))) ++nationality;
    if (nationality == party && party < n && party > first &&
        IsPlausibleUnknownNationality(Text(party - 1))) {
      nationality = party - 1;
    }
    if (nationality == party) nationality = n;
    if (!has_birth && nationality == n && party == n) {
      // Not the shape of these biographies: keep it whole rather than guess.
      if (n > 0) out_->unparsed.push_back(Span(0, n));
      return;
    }
    size_t next = first;
    if (nationality < n) {
      out_->birth_place = Span(first, nationality);
      out_->nationality = std::string(Text(nationality));
      next = nationality + 1;
    } else if (party < n) {
      out_->birth_place = Span(first, party);
      next = party;
    } else {
      while (next < n && LooksLikePlace(Text(next))) ++next;
      out_->birth_place = Span(first, next);
    }
    size_t occupation_begin = next < n ? parts_[next].begin : text_.size();
    if (party < n && next == party) occupation_begin = TakeParty(party);
    out_->occupation = From(occupation_begin, n);
  }

  // Fills the party from parts_[from] and the parts that continue it, and
  // returns the byte where the occupation starts. "беспартийный оружейный
  // техник ..." gives the party its first word and the occupation the rest.
  size_t TakeParty(size_t from) {
    size_t to = from + 1;
    while (to < parts_.size() && ContinuesParty(Text(to))) ++to;
    std::string_view first = Text(from);
    size_t space = first.find(' ');
    if (to == from + 1 && StartsWith(first, "беспартийн") && space != std::string_view::npos) {
      out_->party = std::string(first.substr(0, space));
      size_t begin = parts_[from].begin + space;
      while (begin < text_.size() && IsSpace(text_[begin])) ++begin;
      return begin;
    }
    out_->party = Span(from, to);
    return to < parts_.size() ? parts_[to].begin : text_.size();
  }

  std::string_view head_;
  std::string_view text_;
  std::vector<Part> parts_;
  MosMemoBio* out_;
};

// The end of the first sentence of a marker's text, for prose that follows
// it ("кв. 2. Был в плену у немцев ..."): the index of a full stop followed by
// a space and a capital, after a number, a bracket or a word of six or more
// letters; never after an initial or abbreviation ("ул. Б. Грузинская").
size_t FirstSentenceEnd(std::string_view s) {
  for (size_t dot = s.find(". "); dot != std::string_view::npos; dot = s.find(". ", dot + 1)) {
    size_t next = dot + 1;
    while (next < s.size() && IsSpace(s[next])) ++next;
    std::string_view after = s.substr(next);
    if (!StartsWithUpper(after) || StartsWith(after, "Кв.") || StartsWith(after, "Корп.") ||
        StartsWith(after, "Комн.")) {
      continue;  // "д.2. Кв. 75" is still the address
    }
    std::string_view before = s.substr(0, dot);
    size_t cut = before.find_last_of(" .");
    std::string_view word = cut == std::string_view::npos ? before : before.substr(cut + 1);
    bool digit = std::any_of(word.begin(), word.end(), IsDigit);
    bool bracket = !word.empty() && word.back() == ')';
    bool long_word = word.size() >= 12 && !IsOneOf(word, kAbbreviations);  // 6 letters
    if (digit || bracket || long_word) return dot;
  }
  return std::string_view::npos;
}

void PlaceMarker(std::string_view bio, const Marker& marker, size_t end, MosMemoBio* out) {
  std::string_view raw = bio.substr(marker.content, end - marker.content);
  std::string_view prose;
  if (size_t cut = FirstSentenceEnd(raw); cut != std::string_view::npos) {
    prose = Trim(raw.substr(cut + 1));
    raw = raw.substr(0, cut + 1);
  }
  std::string_view content = StripSentenceEnd(raw);
  bool placed = false;
  switch (marker.field) {
    case Field::kAddress:
      if (!out->address.empty()) break;
      out->address = std::string(content);
      placed = true;
      break;
    case Field::kExecution:
      if (!out->execution_verb.empty()) break;
      out->execution_verb =
          std::string(Trim(bio.substr(marker.begin, marker.content - marker.begin)));
      out->execution_text = std::string(content);
      if (!ParseDate(content, &out->execution)) {
        ParseDate(FirstWord(content), &out->execution);
      }
      placed = true;
      break;
    case Field::kBurial:
      if (!out->burial_place.empty()) break;
      out->burial_place = std::string(content);
      placed = true;
      break;
  }
  if (!placed) {  // a second address, date or burial
    out->unparsed.emplace_back(StripSentenceEnd(bio.substr(marker.begin, end - marker.begin)));
    return;
  }
  if (!prose.empty()) out->unparsed.emplace_back(prose);
}

}  // namespace

MosMemoBio ParseMosMemoBio(std::string_view bio) {
  MosMemoBio out;
  std::vector<Marker> markers = FindMarkers(bio);
  size_t head_end = markers.empty() ? bio.size() : markers.front().begin;
  std::string_view head = StripSentenceEnd(bio.substr(0, head_end));
  if (!head.empty()) HeadParser(head, &out).Parse();
  for (size_t i = 0; i < markers.size(); ++i) {
    size_t end = i + 1 < markers.size() ? markers[i + 1].begin : bio.size();
    PlaceMarker(bio, markers[i], end, &out);
  }
  return out;
}

}  // namespace memoria::ingest
