#include "synth/internal/spelling.h"

#include <array>
#include <utility>

#include "core/text.h"

namespace memoria::synth::internal {
namespace {

struct PatronymicException {
  std::string_view name;
  std::string_view male;
  std::string_view female;
};

constexpr PatronymicException kPatronymicExceptions[] = {
    {"Лев", "Львович", "Львовна"},           {"Павел", "Павлович", "Павловна"},
    {"Пётр", "Петрович", "Петровна"},        {"Петр", "Петрович", "Петровна"},
    {"Яков", "Яковлевич", "Яковлевна"},      {"Михаил", "Михайлович", "Михайловна"},
    {"Гавриил", "Гаврилович", "Гавриловна"}, {"Даниил", "Данилович", "Даниловна"},
    {"Илья", "Ильич", "Ильинична"},          {"Кузьма", "Кузьмич", "Кузьминична"},
    {"Фома", "Фомич", "Фоминична"},          {"Лука", "Лукич", "Лукинична"},
    {"Никита", "Никитич", "Никитична"},      {"Савва", "Саввич", "Саввична"},
    {"Дмитрий", "Дмитриевич", "Дмитриевна"}, {"Георгий", "Георгиевич", "Георгиевна"},
    {"Онуфрий", "Онуфриевич", "Онуфриевна"},
};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string Join(std::string_view stem, std::string_view ending) {
  std::string out;
  out.reserve(stem.size() + ending.size());
  out.append(stem);
  out.append(ending);
  return out;
}

// Drops the last n bytes.
std::string_view Drop(std::string_view s, size_t n) { return s.substr(0, s.size() - n); }

bool IsHissing(char32_t c) { return c == U'ж' || c == U'ш' || c == U'ч' || c == U'щ' || c == U'ц'; }

// Pairs a careless typist or a hurried clerk confuses; each maps both ways.
constexpr std::array<std::pair<char32_t, char32_t>, 13> kTypoPairs = {{
    {U'а', U'о'},
    {U'е', U'и'},
    {U'ы', U'и'},
    {U'я', U'е'},
    {U'э', U'е'},
    {U'б', U'п'},
    {U'в', U'ф'},
    {U'г', U'к'},
    {U'д', U'т'},
    {U'з', U'с'},
    {U'ж', U'ш'},
    {U'ю', U'у'},
    {U'ц', U'ч'},
}};

constexpr std::array<std::pair<char32_t, char32_t>, 5> kOcrPairs = {{
    {U'ш', U'щ'},
    {U'и', U'н'},
    {U'п', U'н'},
    {U'ь', U'ъ'},
    {U'з', U'э'},
}};

// Cyrillic letters and the Latin letters that look the same.
constexpr std::array<std::pair<char32_t, char32_t>, 18> kLookAlikes = {{
    {U'а', U'a'},
    {U'о', U'o'},
    {U'е', U'e'},
    {U'р', U'p'},
    {U'с', U'c'},
    {U'х', U'x'},
    {U'у', U'y'},
    {U'А', U'A'},
    {U'В', U'B'},
    {U'Е', U'E'},
    {U'К', U'K'},
    {U'М', U'M'},
    {U'Н', U'H'},
    {U'О', U'O'},
    {U'Р', U'P'},
    {U'С', U'C'},
    {U'Т', U'T'},
    {U'Х', U'X'},
}};

bool IsCyrillicLower(char32_t c) { return (c >= U'а' && c <= U'я') || c == U'ё'; }

// Picks a random position in [from, s.size()) whose letter `test` accepts;
// returns s.size() when there is none.
template <typename Test>
size_t RandomPosition(const std::u32string& s, size_t from, Rng* rng, Test test) {
  size_t count = 0;
  for (size_t i = from; i < s.size(); ++i) count += test(s[i]) ? 1 : 0;
  if (count == 0) return s.size();
  size_t k = rng->Below(static_cast<uint32_t>(count));
  for (size_t i = from; i < s.size(); ++i) {
    if (test(s[i]) && k-- == 0) return i;
  }
  return s.size();
}

template <size_t N>
char32_t Partner(const std::array<std::pair<char32_t, char32_t>, N>& pairs, char32_t c,
                 bool both_ways) {
  for (const auto& [a, b] : pairs) {
    if (a == c) return b;
    if (both_ways && b == c) return a;
  }
  return 0;
}

}  // namespace

std::string Patronymic(std::string_view father_name, bool female) {
  for (const PatronymicException& e : kPatronymicExceptions) {
    if (e.name == father_name) return std::string(female ? e.female : e.male);
  }
  const std::string_view f = father_name;
  if (EndsWith(f, "ий")) return Join(Drop(f, 4), female ? "ьевна" : "ьевич");
  if (EndsWith(f, "й") || EndsWith(f, "ь")) return Join(Drop(f, 2), female ? "евна" : "евич");
  if (EndsWith(f, "и")) return Join(f, female ? "евна" : "евич");
  if (EndsWith(f, "а") || EndsWith(f, "я")) return Join(Drop(f, 2), female ? "овна" : "ович");
  const std::u32string decoded = DecodeUtf8(f);
  if (!decoded.empty() && IsHissing(decoded.back())) {
    return Join(f, female ? "евна" : "евич");
  }
  return Join(f, female ? "овна" : "ович");
}

std::string FeminineSurname(std::string_view surname, Origin origin) {
  if (!GetOriginInfo(origin).declines) return std::string(surname);
  const std::string_view s = surname;
  for (std::string_view ending : {"ов", "ев", "ёв", "ин", "ын"}) {
    if (EndsWith(s, ending)) return Join(s, "а");
  }
  if (EndsWith(s, "ский") || EndsWith(s, "цкий") || EndsWith(s, "ый") || EndsWith(s, "ой")) {
    return Join(Drop(s, 4), "ая");
  }
  if (EndsWith(s, "ий")) {
    const std::u32string decoded = DecodeUtf8(s);
    const char32_t before = decoded.size() >= 3 ? decoded[decoded.size() - 3] : 0;
    const bool hard = before == U'к' || before == U'г' || before == U'х' || IsHissing(before);
    return Join(Drop(s, 4), hard ? "ая" : "яя");
  }
  return std::string(s);
}

std::string DerivedSurname(std::string_view root, RootSuffix suffix) {
  std::u32string stem = DecodeUtf8(root);
  bool soft = false;
  if (!stem.empty() && (stem.back() == U'ь' || stem.back() == U'й')) {
    stem.pop_back();
    soft = true;
  } else if (!stem.empty() && IsHissing(stem.back())) {
    soft = true;
  }
  std::string out;
  switch (suffix) {
    case RootSuffix::kOv:
      AppendUtf8(stem, &out);
      out += soft ? "ев" : "ов";
      break;
    case RootSuffix::kOvsky:
      AppendUtf8(stem, &out);
      out += soft ? "евский" : "овский";
      break;
    case RootSuffix::kOvich:
      AppendUtf8(stem, &out);
      out += soft ? "евич" : "ович";
      break;
    case RootSuffix::kEnko:
      if (!stem.empty()) {
        char32_t& last = stem.back();
        if (last == U'к') last = U'ч';
        if (last == U'г') last = U'ж';
        if (last == U'х') last = U'ш';
      }
      AppendUtf8(stem, &out);
      out += "енко";
      break;
  }
  return out;
}

std::string WithoutYo(std::string_view s) {
  std::string out(s);
  for (size_t i = 0; i + 1 < out.size(); ++i) {
    // ё is D1 91, Ё is D0 81; е is D0 B5, Е is D0 95.
    if (out[i] == '\xD1' && out[i + 1] == '\x91') {
      out[i] = '\xD0';
      out[i + 1] = '\xB5';
    } else if (out[i] == '\xD0' && out[i + 1] == '\x81') {
      out[i + 1] = '\x95';
    }
  }
  return out;
}

int ApplyTypo(std::u32string* s, Rng* rng) {
  if (s->size() < 3) return 0;
  switch (rng->Below(4)) {
    case 0: {  // confused letter
      const size_t i = RandomPosition(
          *s, 1, rng, [](char32_t c) { return Partner(kTypoPairs, c, /*both_ways=*/true) != 0; });
      if (i < s->size()) {
        (*s)[i] = Partner(kTypoPairs, (*s)[i], /*both_ways=*/true);
        return 1;
      }
      break;
    }
    case 1: {  // swapped neighbours
      const size_t i = 1 + rng->Below(static_cast<uint32_t>(s->size() - 2));
      if ((*s)[i] != (*s)[i + 1] && IsCyrillicLower((*s)[i]) && IsCyrillicLower((*s)[i + 1])) {
        std::swap((*s)[i], (*s)[i + 1]);
        return 2;
      }
      break;
    }
    case 2: {  // doubled letter
      const size_t i = RandomPosition(*s, 1, rng, IsCyrillicLower);
      if (i < s->size()) {
        s->insert(s->begin() + static_cast<std::ptrdiff_t>(i), (*s)[i]);
        return 1;
      }
      break;
    }
    default:
      break;
  }
  // Dropped letter; also the fallback.
  if (s->size() < 4) return 0;
  const size_t i = 1 + rng->Below(static_cast<uint32_t>(s->size() - 1));
  s->erase(s->begin() + static_cast<std::ptrdiff_t>(i));
  return 1;
}

int ApplyOcrConfusion(std::u32string* s, Rng* rng) {
  if (rng->Chance(0.5)) {
    const size_t i = RandomPosition(
        *s, 0, rng, [](char32_t c) { return Partner(kOcrPairs, c, /*both_ways=*/true) != 0; });
    if (i < s->size()) {
      (*s)[i] = Partner(kOcrPairs, (*s)[i], /*both_ways=*/true);
      return 1;
    }
  }
  const size_t i = RandomPosition(
      *s, 0, rng, [](char32_t c) { return Partner(kLookAlikes, c, /*both_ways=*/false) != 0; });
  if (i == s->size()) return 0;
  (*s)[i] = Partner(kLookAlikes, (*s)[i], /*both_ways=*/false);
  return 1;
}

std::u32string DecodeUtf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    char32_t c;
    size_t n;
    if (b < 0x80) {
      c = b;
      n = 1;
    } else if (b < 0xE0) {
      c = b & 0x1F;
      n = 2;
    } else if (b < 0xF0) {
      c = b & 0x0F;
      n = 3;
    } else {
      c = b & 0x07;
      n = 4;
    }
    for (size_t k = 1; k < n && i + k < s.size(); ++k) {
      c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    out.push_back(c);
    i += n;
  }
  return out;
}

void AppendUtf8(std::u32string_view s, std::string* out) {
  for (char32_t c : s) ::memoria::AppendUtf8(c, out);
}

}  // namespace memoria::synth::internal
