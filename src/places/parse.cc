// ParsePlace and HouseSortKey (places/places.h).
#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include "core/text.h"
#include "names/address.h"
#include "names/names.h"
#include "places/internal/declension.h"
#include "places/internal/tables.h"
#include "places/places.h"

namespace memoria::places {
namespace {

using internal::Gender;
using internal::TypeWord;

// One word of a part: its text as written and normalised, and whether a
// period followed it ("губ.", "Моск.").
struct Token {
  std::string raw;   // as written, without the period and edge punctuation
  std::string word;  // lower case, ё -> е
  bool period = false;
  bool number = false;  // starts with a digit
};

bool IsSpaceByte(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Lower case, ё -> е.
std::string Fold(std::string_view s) {
  std::string f = FoldCase(s);
  for (size_t i = 0; (i = f.find("ё", i)) != std::string::npos;) f.replace(i, 2, "е");
  return f;
}

// True for bytes that may edge a word: ASCII letters and digits and every
// byte of a multi-byte character, except the typographic marks below.
bool WordByte(unsigned char c) { return c >= 0x80 || std::isalnum(c) != 0 || c == '/'; }

std::string StripMarks(std::string s) {
  for (std::string_view mark : {"«", "»", "“", "”", "„", "–", "—", "№"}) {
    for (size_t i = 0; (i = s.find(mark, i)) != std::string::npos;) s.replace(i, mark.size(), " ");
  }
  return s;
}

std::vector<Token> Tokenize(std::string_view part) {
  std::vector<Token> out;
  const std::string text = StripMarks(std::string(part));
  size_t i = 0;
  while (i < text.size() && out.size() < 64) {
    while (i < text.size() && IsSpaceByte(text[i])) ++i;
    size_t j = i;
    // A word ends at a space, or after a period followed by a letter or
    // digit ("г.Москва", "д.4а"; not "С.-Петербургская").
    while (j < text.size() && !IsSpaceByte(text[j])) {
      if (text[j] == '.' && j + 1 < text.size() && !IsSpaceByte(text[j + 1]) &&
          text[j + 1] != '.' && text[j + 1] != '-') {
        ++j;
        break;
      }
      ++j;
    }
    std::string_view raw = std::string_view(text).substr(i, j - i);
    i = j;
    Token t;
    while (!raw.empty() && !WordByte(static_cast<unsigned char>(raw.back()))) {
      if (raw.back() == '.') t.period = true;
      raw.remove_suffix(1);
    }
    while (!raw.empty() && !WordByte(static_cast<unsigned char>(raw.front()))) {
      raw.remove_prefix(1);
    }
    if (raw.empty()) continue;
    t.raw = std::string(raw);
    t.word = Fold(raw);
    t.number = raw.front() >= '0' && raw.front() <= '9';
    out.push_back(std::move(t));
  }
  return out;
}

bool IsAdjectiveLike(const Token& t) {
  if (t.period) return true;  // "Моск.", "Дагестан."
  for (std::string_view tail : {"ая", "яя", "ий", "ый", "ой", "ое", "ее", "ого", "его", "ей", "ую",
                                "ском", "цком", "ему", "ому"}) {
    if (t.word.size() > tail.size() + 2 &&
        std::string_view(t.word).substr(t.word.size() - tail.size()) == tail) {
      return true;
    }
  }
  return false;
}

Gender GenderOf(const TypeWord* type) { return type == nullptr ? Gender::kUnknown : type->gender; }

// The unit made of tokens [from, to) named by "type" (nullptr: none).
Unit MakeUnit(const std::vector<Token>& t, const std::vector<size_t>& name_tokens,
              const TypeWord* type, size_t type_at, bool preposition) {
  Unit u;
  u.kind = type != nullptr ? type->kind : Kind::kUnknown;
  if (type != nullptr) u.type = std::string(type->canonical);
  std::vector<std::string> words;
  for (size_t k : name_tokens) {
    if (!u.name.empty()) u.name.push_back(' ');
    u.name.append(t[k].raw);
    if (t[k].period && k == name_tokens.back()) u.abbreviated = true;
    for (const std::string& w : names::NormalizedWords(t[k].word)) words.push_back(w);
  }
  // The unit as written: its tokens in order, the type word among them.
  size_t first = name_tokens.empty() ? type_at : name_tokens.front();
  size_t last = name_tokens.empty() ? type_at : name_tokens.back();
  if (type != nullptr) {
    first = std::min(first, type_at);
    last = std::max(last, type_at);
  }
  for (size_t k = first; k <= last && k < t.size(); ++k) {
    if (!u.written.empty()) u.written.push_back(' ');
    u.written.append(t[k].raw);
    if (t[k].period) u.written.push_back('.');
  }
  for (const std::string& w : words) {
    if (!u.key.empty()) u.key.push_back(' ');
    u.key.append(w);
  }
  u.oblique = preposition || (type != nullptr && type->oblique);
  // Readings: each word's own reading, the others kept; the combinations
  // of the first readings of every word first.
  std::vector<std::vector<std::string>> per_word;
  for (const std::string& w : words) {
    internal::Readings r = internal::NominativeReadings(w, GenderOf(type));
    u.oblique = u.oblique || r.oblique;
    std::vector<std::string> options = {w};
    if (!r.nominatives.empty()) options.insert(options.begin(), r.nominatives.front());
    for (size_t k = 1; k < r.nominatives.size() && options.size() < 6; ++k) {
      options.push_back(r.nominatives[k]);
    }
    per_word.push_back(std::move(options));
  }
  if (!words.empty()) {
    // Up to 8 combinations, choosing option "pick" of one word at a time.
    std::vector<std::string> combos;
    auto join = [&](const std::vector<size_t>& choice) {
      std::string s;
      for (size_t k = 0; k < per_word.size(); ++k) {
        if (!s.empty()) s.push_back(' ');
        s.append(per_word[k][std::min(choice[k], per_word[k].size() - 1)]);
      }
      return s;
    };
    std::vector<size_t> base(per_word.size(), 0);
    combos.push_back(join(base));
    for (size_t k = 0; k < per_word.size() && combos.size() < 8; ++k) {
      for (size_t o = 1; o < per_word[k].size() && combos.size() < 8; ++o) {
        std::vector<size_t> c = base;
        c[k] = o;
        combos.push_back(join(c));
      }
    }
    for (std::string& c : combos) {
      if (c != u.key &&
          std::find(u.nominatives.begin(), u.nominatives.end(), c) == u.nominatives.end()) {
        u.nominatives.push_back(std::move(c));
      }
    }
  }
  return u;
}

// A name written without a type word: a known country or town, an acronym
// of a union republic, or a unit of unknown kind.
void ClassifyBare(Unit* u) {
  if (const internal::Acronym* a = internal::FindAcronym(u->key); a != nullptr) {
    u->kind = a->kind;
    u->type = std::string(a->type);
    u->key = std::string(a->key);
    u->nominatives.clear();
    return;
  }
  auto known = [&](std::string_view key) -> std::optional<Kind> {
    if (internal::IsCountry(key)) return Kind::kCountry;
    if (internal::IsKnownTown(key)) return Kind::kTown;
    return std::nullopt;
  };
  std::optional<Kind> k = known(u->key);
  for (size_t i = 0; !k.has_value() && i < u->nominatives.size(); ++i) {
    k = known(u->nominatives[i]);
  }
  if (!k.has_value()) return;
  u->kind = *k;
  if (*k == Kind::kTown) u->type = "город";
}

bool IsStopWord(std::string_view w) {
  for (std::string_view s : {"там", "же", "б", "бывш", "быв", "бывший", "бывшая", "бывшее", "и",
                             "или", "близ", "около", "район", "окрестности"}) {
    if (w == s) return true;
  }
  return false;
}

bool IsPreposition(const Token& t) {
  if (t.period) return false;
  for (std::string_view p : {"в", "во", "из", "на", "под", "у"}) {
    if (t.word == p) return true;
  }
  return false;
}

// The units of one part that is neither a street nor a house.
void ReadAdministrative(const std::vector<Token>& t, std::vector<std::pair<size_t, Unit>>* out) {
  size_t start = 0;
  bool preposition = false;
  if (!t.empty() && IsPreposition(t[0]) && t.size() > 1) {
    start = 1;
    preposition = true;
  }
  std::vector<const TypeWord*> types(t.size(), nullptr);
  for (size_t i = start; i < t.size(); ++i) {
    const TypeWord* w = internal::FindTypeWord(t[i].word, t[i].period);
    if (w == nullptr) continue;
    // One-letter prefixes ("д.", "с.", "г.") need a name after them.
    if (w->prefix && !w->postfix && (i + 1 >= t.size() || t[i + 1].number)) continue;
    types[i] = w;
  }
  std::vector<bool> claimed(t.size(), false);
  std::vector<std::pair<size_t, Unit>> units;
  // Postfix type words take the adjective before them ("Самарская губ."),
  // or every free word back to the previous type word ("Дагестан АССР").
  for (size_t i = start; i < t.size(); ++i) {
    const TypeWord* w = types[i];
    if (w == nullptr || !w->postfix) continue;
    const bool free_after = i + 1 < t.size() && types[i + 1] == nullptr && !claimed[i + 1];
    const bool free_before = i > start && types[i - 1] == nullptr && !claimed[i - 1];
    if (!free_before) continue;
    if (w->prefix && free_after && !IsAdjectiveLike(t[i - 1])) continue;  // "город Калуга"
    std::vector<size_t> name;
    if (IsAdjectiveLike(t[i - 1])) {
      name.push_back(i - 1);
    } else {
      for (size_t k = i; k-- > start && types[k] == nullptr && !claimed[k];)
        name.insert(name.begin(), k);
    }
    for (size_t k : name) claimed[k] = true;
    claimed[i] = true;
    units.emplace_back(name.front(), MakeUnit(t, name, w, i, preposition));
  }
  // Prefix type words take the free words after them ("д. Маложданово").
  for (size_t i = start; i < t.size(); ++i) {
    const TypeWord* w = types[i];
    if (w == nullptr || claimed[i]) continue;
    std::vector<size_t> name;
    for (size_t k = i + 1; k < t.size() && types[k] == nullptr && !claimed[k]; ++k)
      name.push_back(k);
    if (name.empty()) continue;
    for (size_t k : name) claimed[k] = true;
    claimed[i] = true;
    units.emplace_back(i, MakeUnit(t, name, w, i, preposition));
  }
  // Free words: a bare name ("Москва", "Польша", "Бутово").
  for (size_t i = start; i < t.size();) {
    if (claimed[i] || types[i] != nullptr || IsStopWord(t[i].word)) {
      ++i;
      continue;
    }
    std::vector<size_t> name;
    size_t k = i;
    // A country or a republic's acronym is a unit of its own: "Черняхов
    // УССР".
    auto alone = [&](size_t x) {
      return internal::FindAcronym(t[x].word) != nullptr || internal::IsCountry(t[x].word);
    };
    while (k < t.size() && !claimed[k] && types[k] == nullptr) {
      if (!name.empty() && alone(k)) break;
      name.push_back(k++);
      if (alone(name.back())) break;
    }
    while (!name.empty() && IsStopWord(t[name.back()].word)) name.pop_back();
    if (!name.empty()) {
      Unit u = MakeUnit(t, name, nullptr, name.front(), preposition);
      ClassifyBare(&u);
      units.emplace_back(name.front(), std::move(u));
    }
    i = k;
  }
  std::stable_sort(units.begin(), units.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& u : units) {
    if (!u.second.key.empty()) out->push_back(std::move(u));
  }
}

bool IsApartment(const std::vector<Token>& t) {
  if (t.empty()) return false;
  for (std::string_view w : {"кв", "квартира", "ком", "комн", "комната", "барак", "подъезд", "эт",
                             "этаж", "пом", "помещение", "оф", "офис", "общ", "общежитие"}) {
    if (t[0].word == w) return true;
  }
  return false;
}

// "корп. 2", "стр. 1": joins the house before it.
bool IsHouseSuffix(const std::vector<Token>& t) {
  if (t.size() != 2 || !(t[1].number || t[1].word.size() <= 4)) return false;
  for (std::string_view w : {"к", "корп", "корпус", "стр", "строение"}) {
    if (t[0].word == w) return true;
  }
  return false;
}

bool IsHousePart(const std::vector<Token>& t) {
  if (t.empty()) return false;
  if (t[0].number) return true;
  return (t[0].word == "д" || t[0].word == "дом") && t.size() >= 2 && t[1].number;
}

bool HasStreetType(const std::vector<Token>& t) {
  for (const Token& k : t) {
    if (names::IsStreetTypeWord(k.word)) return true;
    // "ул.Мясницкая" arrives as one word when no period split it.
    const size_t dot = k.word.find('.');
    if (dot != std::string::npos && names::IsStreetTypeWord(k.word.substr(0, dot))) return true;
  }
  return false;
}

Unit BuildingUnit(std::string written, std::string key) {
  Unit u;
  u.kind = Kind::kBuilding;
  u.type = "дом";
  u.house_order = HouseSortKey(key);
  u.key = std::move(key);
  u.name = written;
  u.written = std::move(written);
  return u;
}

// Splits off "(...)" notes: "(ныне ...)" into *now, other parenthesised
// text into *notes (each after the comma-part it stood in, by index).
std::string TakeParentheses(std::string_view text, std::string* now,
                            std::vector<std::pair<size_t, std::string>>* notes) {
  std::string main;
  std::string inner;
  int depth = 0;
  size_t part = 0;
  for (char c : text) {
    if (c == '(') {
      if (depth++ == 0) inner.clear();
      main.push_back(' ');
      continue;
    }
    if (c == ')' && depth > 0) {
      if (--depth == 0) {
        const std::string trimmed = CollapseSpace(inner);
        const std::string folded = Fold(trimmed);
        bool is_now = false;
        for (std::string_view w : {"ныне", "сейчас", "теперь", "совр", "современный"}) {
          if (folded.rfind(w, 0) == 0) is_now = true;
        }
        if (is_now) {
          if (now->empty()) now->assign(trimmed);
        } else if (notes->size() < kMaxUnits) {
          notes->emplace_back(part, trimmed);
        }
      }
      main.push_back(' ');
      continue;
    }
    if (depth > 0) {
      inner.push_back(c);
    } else {
      if (c == ',') ++part;
      main.push_back(c);
    }
  }
  return main;
}

int Rank(Kind k) { return static_cast<int>(k); }

}  // namespace

std::string_view KindName(Kind kind) {
  switch (kind) {
    case Kind::kCountry:
      return "country";
    case Kind::kRegion:
      return "region";
    case Kind::kDistrict:
      return "district";
    case Kind::kVolost:
      return "volost";
    case Kind::kTown:
      return "town";
    case Kind::kVillage:
      return "village";
    case Kind::kUnknown:
      return "place";
    case Kind::kStreet:
      return "street";
    case Kind::kBuilding:
      return "building";
  }
  return "place";
}

std::string HouseSortKey(std::string_view house_key) {
  std::string out;
  for (size_t i = 0; i < house_key.size();) {
    if (house_key[i] < '0' || house_key[i] > '9') {
      out.push_back(house_key[i++]);
      continue;
    }
    size_t j = i;
    while (j < house_key.size() && house_key[j] >= '0' && house_key[j] <= '9') ++j;
    std::string_view digits = house_key.substr(i, j - i);
    while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
    if (digits.size() > 99) digits = digits.substr(0, 99);
    out.push_back(static_cast<char>('0' + digits.size() / 10));
    out.push_back(static_cast<char>('0' + digits.size() % 10));
    out.append(digits);
    i = j;
  }
  return out;
}

ParsedPlace ParsePlace(std::string_view text) {
  ParsedPlace place;
  if (text.size() > kMaxPlaceBytes || !IsValidUtf8(text)) return place;
  text = text.substr(0, text.find(';'));
  std::vector<std::pair<size_t, std::string>> notes;
  const std::string main = TakeParentheses(text, &place.now, &notes);

  std::vector<std::string> parts;
  for (size_t start = 0;;) {
    const size_t comma = main.find(',', start);
    parts.push_back(CollapseSpace(std::string_view(main).substr(start, comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  // Parenthesised text is read after its part, and kept only when it names
  // a unit by a type word: "(Пальцамская волость)"; "(Ближин)" is a note.
  std::vector<std::pair<std::string, bool>> pieces;  // text, parenthesised
  for (size_t p = 0; p < parts.size(); ++p) {
    pieces.emplace_back(parts[p], false);
    for (const auto& [at, note] : notes) {
      if (at == p) pieces.emplace_back(note, true);
    }
  }

  std::vector<Unit> units;
  for (const auto& [piece, parenthesised] : pieces) {
    if (units.size() >= kMaxUnits) break;
    const std::vector<Token> t = Tokenize(piece);
    if (t.empty() || IsApartment(t)) continue;
    if (parenthesised) {
      std::vector<std::pair<size_t, Unit>> found;
      ReadAdministrative(t, &found);
      for (auto& [pos, u] : found) {
        if (!u.type.empty()) units.push_back(std::move(u));
      }
      continue;
    }
    if (IsHouseSuffix(t)) {
      if (!units.empty() && units.back().kind == Kind::kBuilding) {
        Unit& b = units.back();
        std::string key = names::HouseKey(b.written + ", " + piece);
        if (!key.empty()) b = BuildingUnit(b.written + ", " + piece, std::move(key));
      }
      continue;
    }
    if (IsHousePart(t)) {
      std::string key = names::HouseKey(piece);
      if (!key.empty()) units.push_back(BuildingUnit(piece, std::move(key)));
      continue;
    }
    if (HasStreetType(t)) {
      std::optional<names::ParsedAddress> a = names::ParseAddress(piece);
      if (a.has_value() && !a->street_key.empty()) {
        Unit s;
        s.kind = Kind::kStreet;
        s.type = "улица";
        s.key = a->street_key;
        s.name = a->street;
        s.written = a->street;
        units.push_back(std::move(s));
        if (!a->house.empty()) units.push_back(BuildingUnit(piece, a->house));
        continue;
      }
    }
    std::vector<std::pair<size_t, Unit>> found;
    ReadAdministrative(t, &found);
    for (auto& [pos, u] : found) units.push_back(std::move(u));
  }
  if (units.size() > kMaxUnits) units.resize(kMaxUnits);

  // Largest first; a unit of unknown kind stays below the unit written
  // before it (or at the rank of a town when it comes first).
  std::vector<std::pair<int, size_t>> order;
  int previous = Rank(Kind::kTown);
  for (size_t i = 0; i < units.size(); ++i) {
    int r = Rank(units[i].kind);
    if (units[i].kind == Kind::kUnknown) r = i == 0 ? Rank(Kind::kTown) : previous;
    previous = r;
    order.emplace_back(r, i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [rank, i] : order) place.units.push_back(std::move(units[i]));
  return place;
}

}  // namespace memoria::places
