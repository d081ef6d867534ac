#include "names/address.h"

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "core/text.h"
#include "names/names.h"

namespace memoria::names {

namespace {

// ---------------------------------------------------------------------------
// Word lists. Every word is in the normalised form (NormalizeNamePart).

constexpr std::string_view kStreetTypes[] = {
    "ул",       "улица", "пер",     "переулок", "пл",         "площадь", "просп",
    "проспект", "пр-т",  "пр-кт",   "пр",       "пр-д",       "проезд",  "б-р",
    "бул",      "бульв", "бульвар", "наб",      "набережная", "ш",       "шоссе",
    "туп",      "тупик", "аллея",   "линия",    "тракт",      "просек",  "спуск"};

struct Modifier {
  std::string_view canonical;
  std::array<std::string_view, 8> forms;
};

constexpr Modifier kModifiers[] = {
    {"большой", {"б", "бол", "больш", "большая", "большой", "большое", "большие", ""}},
    {"малый", {"м", "мал", "малая", "малый", "малое", "малые", "", ""}},
    {"новый", {"нов", "новая", "новый", "новое", "новые", "", "", ""}},
    {"старый", {"ст", "стар", "старая", "старый", "старое", "старые", "", ""}},
    {"средний", {"ср", "сред", "средн", "средняя", "средний", "среднее", "", ""}},
    {"верхний", {"верх", "верхн", "верхняя", "верхний", "верхнее", "", "", ""}},
    {"нижний", {"ниж", "нижн", "нижняя", "нижний", "нижнее", "", "", ""}},
};

struct OrdinalWord {
  std::string_view number;
  std::array<std::string_view, 3> forms;
};

constexpr OrdinalWord kOrdinalWords[] = {
    {"1", {"первая", "первый", "первое"}},    {"2", {"вторая", "второй", "второе"}},
    {"3", {"третья", "третий", "третье"}},    {"4", {"четвертая", "четвертый", "четвертое"}},
    {"5", {"пятая", "пятый", "пятое"}},       {"6", {"шестая", "шестой", "шестое"}},
    {"7", {"седьмая", "седьмой", "седьмое"}}, {"8", {"восьмая", "восьмой", "восьмое"}},
    {"9", {"девятая", "девятый", "девятое"}}, {"10", {"десятая", "десятый", "десятое"}},
};

// Endings of an ordinal written with digits: "1-я", "1-ая", "25-го".
constexpr std::string_view kOrdinalEndings[] = {"я",  "ая", "яя", "й",  "ий", "ый", "ой",
                                                "е",  "ое", "ее", "ье", "ья", "го", "ого",
                                                "ым", "ом", "ой", "ых", "ми", "х"};

constexpr std::string_view kTownWords[] = {"г", "гор", "город"};
// The towns a list writes before its streets, in the cases lists use
// ("г. Москвы", "в Москве"; see docs/formats/places.md).
constexpr std::string_view kTowns[] = {
    "москва",    "москвы",     "москве",     "moscow",    "moskva",          "ленинград",
    "ленинграда", "ленинграде", "петербург", "петербурга", "петербурге", "санкт-петербург",
    "санкт-петербурга", "санкт-петербурге"};
// A part that starts with one of these is where something is, not a street:
// "в Москве".
constexpr std::string_view kPrepositions[] = {"в", "во"};
constexpr std::string_view kRegionWords[] = {
    "обл",        "область", "край", "губ",   "губерния", "уезд",  "р-н",     "район", "респ",
    "республика", "россия",  "ссср", "рсфср", "ао",       "округ", "волость", "вол",   "мо"};
constexpr std::string_view kSettlementWords[] = {
    "д",     "дер", "деревня", "с",  "село",    "пос",    "поселок", "п",        "х",
    "хутор", "рп",  "пгт",     "ст", "станция", "кишлак", "аул",     "местечко", "мест"};
constexpr std::string_view kApartmentWords[] = {
    "кв", "квартира", "комн", "ком", "комната", "подъезд",  "под",
    "эт", "этаж",     "офис", "оф",  "пом",     "помещение"};
constexpr std::string_view kHouseWords[] = {"д", "дом"};
constexpr std::string_view kBuildingWords[] = {"к", "корп", "корпус"};
constexpr std::string_view kStructureWords[] = {"с", "стр", "строение"};
// Words after a bare number that make it a count, not a house ("1 чел.").
constexpr std::string_view kCountWords[] = {"чел", "человек", "чел.", "семей", "семьи"};

template <size_t N>
bool OneOf(std::string_view word, const std::string_view (&list)[N]) {
  for (std::string_view w : list) {
    if (w == word) return true;
  }
  return false;
}

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool EndsWith(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// "1-я" -> "1", "25-го" -> "25", "первая" -> "1"; "" when not an ordinal.
std::string_view OrdinalNumber(std::string_view word) {
  size_t dash = word.find('-');
  if (dash != std::string_view::npos && IsDigits(word.substr(0, dash)) &&
      OneOf(word.substr(dash + 1), kOrdinalEndings)) {
    return word.substr(0, dash);
  }
  for (const OrdinalWord& o : kOrdinalWords) {
    for (std::string_view f : o.forms) {
      if (f == word) return o.number;
    }
  }
  return {};
}

std::string_view ModifierOf(std::string_view word) {
  for (const Modifier& m : kModifiers) {
    for (std::string_view f : m.forms) {
      if (!f.empty() && f == word) return m.canonical;
    }
  }
  return {};
}

// ---------------------------------------------------------------------------
// Tokens of one part: runs of letters, runs of digits, and single other
// characters, each with its byte range in the part as written.

enum class TokenKind { kWord, kNumber, kPunct };

struct Token {
  TokenKind kind;
  std::string text;  // lower case; ё -> е
  size_t begin = 0, end = 0;
  bool space_before = false;
};

// Decodes one code point of valid UTF-8 at s[*i] and advances *i.
char32_t NextCodePoint(std::string_view s, size_t* i) {
  const auto b = static_cast<unsigned char>(s[*i]);
  int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  if (*i + static_cast<size_t>(n) > s.size()) n = static_cast<int>(s.size() - *i);
  char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
  for (int k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(s[*i + k]) & 0x3F);
  *i += static_cast<size_t>(n);
  return c;
}

bool IsLetter(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x300 && c <= 0x36F) ||
         (c >= 0x370 && c <= 0x52F);
}

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x202F ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x3000;
}

// Lower case, ё -> е, Latin house letters -> Cyrillic.
std::string FoldToken(std::string_view s) {
  std::string folded = FoldCase(s);
  std::string out;
  size_t i = 0;
  while (i < folded.size()) {
    char32_t c = NextCodePoint(folded, &i);
    if (c == 0x451) c = 0x435;  // ё -> е
    AppendUtf8(c, &out);
  }
  return out;
}

std::vector<Token> Tokenize(std::string_view part) {
  std::vector<Token> tokens;
  size_t i = 0;
  bool space = false;
  while (i < part.size()) {
    const size_t start = i;
    char32_t c = NextCodePoint(part, &i);
    if (IsSpace(c)) {
      space = true;
      continue;
    }
    TokenKind kind = TokenKind::kPunct;
    if (IsLetter(c)) {
      kind = TokenKind::kWord;
    } else if (c >= '0' && c <= '9') {
      kind = TokenKind::kNumber;
    }
    if (kind != TokenKind::kPunct) {
      size_t j = i;
      while (j < part.size()) {
        size_t k = j;
        char32_t d = NextCodePoint(part, &k);
        bool same = kind == TokenKind::kWord ? IsLetter(d) : (d >= '0' && d <= '9');
        if (!same) break;
        j = k;
      }
      i = j;
    }
    Token t;
    t.kind = kind;
    t.begin = start;
    t.end = i;
    t.space_before = space;
    t.text = kind == TokenKind::kWord ? FoldToken(part.substr(start, i - start))
                                      : std::string(part.substr(start, i - start));
    tokens.push_back(std::move(t));
    space = false;
  }
  return tokens;
}

bool IsWord(const std::vector<Token>& t, size_t i) {
  return i < t.size() && t[i].kind == TokenKind::kWord;
}
bool IsNumber(const std::vector<Token>& t, size_t i) {
  return i < t.size() && t[i].kind == TokenKind::kNumber;
}
bool IsPunct(const std::vector<Token>& t, size_t i, std::string_view p) {
  return i < t.size() && t[i].kind == TokenKind::kPunct && t[i].text == p;
}

// A letter of a house number in Cyrillic: Latin letters are read as the
// Cyrillic letters they stand for ("4a", "4b" -> "4а", "4б").
std::string HouseLetters(std::string_view word) {
  static constexpr std::pair<char, std::string_view> kLatin[] = {
      {'a', "а"}, {'b', "б"}, {'v', "в"}, {'g', "г"}, {'d', "д"}, {'e', "е"},
      {'c', "с"}, {'k', "к"}, {'o', "о"}, {'p', "р"}, {'x', "х"}, {'y', "у"}};
  std::string out;
  for (char c : word) {
    bool mapped = false;
    for (const auto& [latin, cyrillic] : kLatin) {
      if (c == latin) {
        out.append(cyrillic);
        mapped = true;
        break;
      }
    }
    if (!mapped) out.push_back(c);
  }
  return out;
}

// Reads a house number at t[*pos] (a number token) into *key and moves *pos
// past it. Returns false when the number is an ordinal ("1-я", "4-й").
bool ReadHouse(const std::vector<Token>& t, size_t* pos, std::string* key) {
  size_t i = *pos;
  if (!IsNumber(t, i)) return false;
  std::string out = t[i].text;
  ++i;
  // A building or structure word at t[j] followed by its number or letter.
  auto suffix = [&](size_t j) -> bool {
    if (!IsWord(t, j)) return false;
    const bool building = OneOf(t[j].text, kBuildingWords);
    const bool structure = OneOf(t[j].text, kStructureWords);
    if (!building && !structure) return false;
    size_t k = j + 1;
    if (IsPunct(t, k, ".")) ++k;
    if (IsPunct(t, k, "№")) ++k;
    const bool value = IsNumber(t, k) || (IsWord(t, k) && t[k].text.size() <= 4);
    if (!value) return false;
    out.append(building ? "к" : "с");
    out.append(IsWord(t, k) ? HouseLetters(t[k].text) : t[k].text);
    i = k + 1;
    return true;
  };
  while (i < t.size()) {
    const Token& x = t[i];
    if (x.kind == TokenKind::kPunct && (x.text == "/" || x.text == "-") && !x.space_before &&
        IsNumber(t, i + 1) && !t[i + 1].space_before) {
      out.append(x.text).append(t[i + 1].text);
      i += 2;
      continue;
    }
    if (x.kind == TokenKind::kPunct && x.text == "-" && !x.space_before && IsWord(t, i + 1) &&
        !t[i + 1].space_before) {
      if (OneOf(t[i + 1].text, kOrdinalEndings)) return false;  // "1-я", "4-й"
      if (t[i + 1].text.size() > 4) break;                      // two bytes a letter
      out.append(HouseLetters(t[i + 1].text));
      i += 2;
      continue;
    }
    if (x.kind == TokenKind::kPunct && (x.text == "," || x.text == ".") && suffix(i + 1)) continue;
    if (x.kind == TokenKind::kWord) {
      if (suffix(i)) continue;
      if (OneOf(x.text, kApartmentWords) || OneOf(x.text, kHouseWords)) break;
      // One or two letters: "4а", "12аб"; "4 а" with a space only when the
      // letter stands alone.
      const size_t letters = Utf8Length(x.text);
      const bool alone =
          i + 1 >= t.size() || t[i + 1].kind == TokenKind::kPunct || t[i + 1].space_before;
      if ((!x.space_before && letters <= 2 && alone) ||
          (x.space_before && letters == 1 && alone && !IsPunct(t, i + 1, "."))) {
        out.append(HouseLetters(x.text));
        ++i;
        continue;
      }
    }
    break;
  }
  *pos = i;
  *key = std::move(out);
  return true;
}

// True when nothing, or only an apartment, follows a bare house number.
bool OnlyApartmentFrom(const std::vector<Token>& t, size_t i) {
  while (IsPunct(t, i, ",") || IsPunct(t, i, ".") || IsPunct(t, i, ";")) ++i;
  return i >= t.size() || (IsWord(t, i) && OneOf(t[i].text, kApartmentWords));
}

// A house marker at t[i] ("д." / "дом" / "№", then a number): the index of
// the number, or 0 (a marker is never at the number's place).
size_t HouseMarkerAt(const std::vector<Token>& t, size_t i) {
  size_t j = i;
  if (IsWord(t, j) && OneOf(t[j].text, kHouseWords)) {
    ++j;
    if (IsPunct(t, j, ".")) ++j;
    if (IsPunct(t, j, "№")) ++j;
  } else if (IsPunct(t, j, "№")) {
    ++j;
  } else {
    return 0;
  }
  return IsNumber(t, j) ? j : 0;
}

// The house key of a part that is a house: "д. 5", "дом 12/2", "№ 5", "5",
// "4а". "" when the part is not one.
std::string HousePart(const std::vector<Token>& t) {
  if (t.empty()) return {};
  size_t pos = HouseMarkerAt(t, 0);
  const bool marked = pos != 0;
  if (!marked && !IsNumber(t, 0)) return {};
  std::string key;
  if (!ReadHouse(t, &pos, &key)) return {};
  if (!marked && !OnlyApartmentFrom(t, pos)) return {};
  return key;
}

// A "д. N" inside a part ("пос. Войковец д.14"): its house key, or "".
std::string EmbeddedHouse(const std::vector<Token>& t, size_t from, size_t* marker) {
  for (size_t i = from; i < t.size(); ++i) {
    // Only "д."/"дом": a "№" inside a part numbers a barracks or a hostel.
    if (!IsWord(t, i) || !OneOf(t[i].text, kHouseWords)) continue;
    size_t pos = HouseMarkerAt(t, i);
    if (pos == 0) continue;
    std::string key;
    if (ReadHouse(t, &pos, &key)) {
      if (marker != nullptr) *marker = i;
      return key;
    }
  }
  return {};
}

bool HasLetters(const std::vector<Token>& t, size_t end) {
  for (size_t i = 0; i < end && i < t.size(); ++i) {
    if (t[i].kind == TokenKind::kWord) return true;
  }
  return false;
}

// A house glued to a street ("Мясницкая 5", "ул. Мясницкая д. 5",
// "Мясницкая ул. 5"): the index of the token where it starts, its key in
// *key; 0 when there is none.
size_t GluedHouse(const std::vector<Token>& t, std::string* key) {
  for (size_t i = 1; i < t.size(); ++i) {
    if (!HasLetters(t, i)) continue;
    size_t pos = HouseMarkerAt(t, i);
    if (pos != 0 && t[i].space_before) {
      if (ReadHouse(t, &pos, key)) return i;
      continue;
    }
    if (IsNumber(t, i) && t[i].space_before) {
      pos = i;
      if (ReadHouse(t, &pos, key) && OnlyApartmentFrom(t, pos)) return i;
    }
  }
  return 0;
}

enum class PartKind { kTown, kSettlement, kApartment, kSuffix, kHouse, kStreet, kOther };

struct Part {
  std::string_view text;  // collapsed
  std::vector<Token> tokens;
  std::vector<std::string> words;  // normalised
  PartKind kind = PartKind::kOther;
  bool typed = false;  // has a street-type word
  std::string house;   // kHouse
};

void Classify(Part* p) {
  const std::vector<Token>& t = p->tokens;
  for (const std::string& w : p->words) p->typed |= OneOf(w, kStreetTypes);
  if (t.empty() || p->words.empty()) return;
  p->house = HousePart(t);
  if (!p->house.empty()) {
    p->kind = PartKind::kHouse;
    return;
  }
  const std::string& first = t[0].text;
  if (IsWord(t, 0) && (OneOf(first, kBuildingWords) || OneOf(first, kStructureWords)) &&
      t.size() >= 2) {
    size_t k = 1;
    if (IsPunct(t, k, ".")) ++k;
    if (IsNumber(t, k) || (IsWord(t, k) && t[k].text.size() <= 4 && k + 1 >= t.size())) {
      p->kind = PartKind::kSuffix;
      return;
    }
  }
  if (IsWord(t, 0) && OneOf(first, kApartmentWords)) {
    p->kind = PartKind::kApartment;
    return;
  }
  if (p->typed) {
    p->kind = PartKind::kStreet;
    return;
  }
  bool town = IsWord(t, 0) && OneOf(first, kTownWords) && t.size() >= 2;
  if (p->words.size() == 1 && OneOf(p->words[0], kTowns)) town = true;
  if (p->words.size() >= 2 && OneOf(p->words[0], kPrepositions) && !p->typed) town = true;
  for (const std::string& w : p->words) town |= OneOf(w, kRegionWords);
  if (town) {
    p->kind = PartKind::kTown;
    return;
  }
  if (IsWord(t, 0) && OneOf(first, kSettlementWords) && t.size() >= 2 && !IsNumber(t, 1) &&
      !(IsPunct(t, 1, ".") && IsNumber(t, 2))) {
    p->kind = PartKind::kSettlement;
    return;
  }
  // A count of persons ("6 чел.") or another number-led note.
  if (IsNumber(t, 0)) {
    size_t k = 1;
    if (IsWord(t, k) && OneOf(t[k].text, kCountWords)) return;
    if (OrdinalNumber(p->words[0]).empty() && p->words.size() == 1) return;
  }
  p->kind = PartKind::kStreet;
}

std::string Trimmed(std::string_view s) {
  std::string out = CollapseSpace(s);
  while (!out.empty() && (out.back() == ',' || out.back() == ';' || out.back() == ' ')) {
    out.pop_back();
  }
  return out;
}

std::string StripParens(std::string_view s) {
  std::string out;
  int depth = 0;
  for (char c : s) {
    if (c == '(') {
      ++depth;
      out.push_back(' ');
    } else if (c == ')') {
      if (depth > 0) --depth;
      out.push_back(' ');
    } else if (depth == 0) {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::string StreetKey(std::string_view street_name) {
  if (street_name.size() > kMaxAddressBytes || !IsValidUtf8(street_name)) return {};
  std::vector<std::string> words = NormalizedWords(StripParens(street_name));
  std::vector<std::string> ordinals, modifiers, rest;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (OneOf(w, kStreetTypes)) continue;
    std::string_view number = OrdinalNumber(w);
    if (!number.empty()) {
      ordinals.emplace_back(number);
      continue;
    }
    std::string_view modifier = ModifierOf(w);
    const bool initial =
        (w == "б" || w == "м") && i + 1 < words.size() && EndsWith(words[i + 1], "ого");
    if (!modifier.empty() && !initial) {
      modifiers.emplace_back(modifier);
      continue;
    }
    rest.push_back(w);
  }
  if (ordinals.empty() && modifiers.empty() && rest.empty()) rest = words;
  std::string key;
  for (const auto* list : {&modifiers, &ordinals, &rest}) {
    for (const std::string& w : *list) {
      if (!key.empty()) key.push_back(' ');
      key.append(w);
    }
  }
  return key;
}

std::string HouseKey(std::string_view house) {
  if (house.size() > kMaxAddressBytes || !IsValidUtf8(house)) return {};
  std::vector<Token> t = Tokenize(house);
  size_t pos = HouseMarkerAt(t, 0);  // 0: no marker, the number comes first
  std::string key;
  if (ReadHouse(t, &pos, &key)) return key;
  return EmbeddedHouse(t, 0, nullptr);  // "пос. Войковец д.14"
}

bool IsStreetTypeWord(std::string_view word) { return OneOf(word, kStreetTypes); }

std::string BuildingKey(std::string_view street_key, std::string_view house_key) {
  std::string key(street_key);
  key.push_back('|');
  key.append(house_key);
  return key;
}

std::optional<ParsedAddress> ParseAddress(std::string_view text) {
  if (text.size() > kMaxAddressBytes || !IsValidUtf8(text)) return std::nullopt;
  const std::string collapsed = CollapseSpace(text);
  std::vector<std::string> texts;
  {
    size_t start = 0;
    int depth = 0;
    for (size_t i = 0; i <= collapsed.size(); ++i) {
      if (i < collapsed.size()) {
        char c = collapsed[i];
        if (c == '(') ++depth;
        if (c == ')' && depth > 0) --depth;
        if (!((c == ',' || c == ';') && depth == 0)) continue;
      }
      texts.push_back(Trimmed(std::string_view(collapsed).substr(start, i - start)));
      start = i + 1;
    }
  }
  std::vector<Part> parts(texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    parts[i].text = texts[i];
    parts[i].tokens = Tokenize(texts[i]);
    parts[i].words = NormalizedWords(StripParens(texts[i]));
    Classify(&parts[i]);
  }

  // The street: the first typed part, else the first untyped street part.
  size_t street = parts.size();
  for (size_t i = 0; i < parts.size() && street == parts.size(); ++i) {
    if (parts[i].kind == PartKind::kStreet && parts[i].typed) street = i;
  }
  for (size_t i = 0; i < parts.size() && street == parts.size(); ++i) {
    if (parts[i].kind == PartKind::kStreet) street = i;
  }
  if (street == parts.size()) return std::nullopt;

  ParsedAddress out;
  const Part& sp = parts[street];
  std::string glued_key;
  size_t glued = GluedHouse(sp.tokens, &glued_key);
  std::string_view street_text = sp.text;
  if (glued != 0) street_text = street_text.substr(0, sp.tokens[glued].begin);
  out.street = Trimmed(street_text);
  out.street_key = StreetKey(out.street);
  if (out.street_key.empty()) return std::nullopt;

  // The house: a house part after the street, else the glued one, else a
  // "д. N" inside another part; a building part right after joins it.
  size_t house_part = parts.size();
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i != street && parts[i].kind == PartKind::kHouse) {
      house_part = i;
      out.house = parts[i].house;
      break;
    }
  }
  if (out.house.empty() && glued != 0) {
    out.house = glued_key;
    house_part = street;
  }
  if (out.house.empty()) {
    for (size_t i = 0; i < parts.size() && out.house.empty(); ++i) {
      if (i == street || parts[i].kind == PartKind::kTown) continue;
      out.house = EmbeddedHouse(parts[i].tokens, 0, nullptr);
      if (!out.house.empty()) house_part = i;
    }
  }
  if (!out.house.empty()) {
    for (size_t i = house_part + 1; i < parts.size() && parts[i].kind == PartKind::kSuffix; ++i) {
      const std::vector<Token>& t = parts[i].tokens;
      size_t k = 1;
      if (IsPunct(t, k, ".")) ++k;
      out.house.append(OneOf(t[0].text, kBuildingWords) ? "к" : "с");
      out.house.append(IsWord(t, k) ? HouseLetters(t[k].text) : t[k].text);
    }
  }
  return out;
}

}  // namespace memoria::names
