// Nominative readings of place names (places/internal/declension.h).
#include "places/internal/declension.h"

#include <algorithm>

#include "core/text.h"

namespace memoria::places::internal {
namespace {

bool EndsWith(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// The last letter of "stem" (Cyrillic letters are two bytes), or "".
std::string_view LastLetter(std::string_view stem) {
  return stem.size() >= 2 ? stem.substr(stem.size() - 2) : std::string_view();
}

bool OneOf(std::string_view letter, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), letter) != set.end();
}

// Velars and sibilants: after them Russian spelling writes "и", not "ы"
// ("Валкский", "Ивановки").
bool VelarOrSibilant(std::string_view stem) {
  return OneOf(LastLetter(stem), {"к", "г", "х", "ж", "ш", "ч", "щ"});
}

// Stems that end as masculine town names do ("-ск", "-ин", "-ов", "-град"):
// "в Камышине" -> "камышин" before "камышина".
bool MasculineTownStem(std::string_view stem) {
  for (std::string_view tail :
       {"ск", "цк", "ин", "ын", "ов", "ев", "град", "бург", "город", "дт", "ад", "ир", "ар"}) {
    if (EndsWith(stem, tail)) return true;
  }
  return false;
}

bool IsCyrillicWord(std::string_view w) {
  if (w.size() < 6) return false;  // three letters at least
  for (size_t i = 0; i < w.size(); ++i) {
    const auto b = static_cast<unsigned char>(w[i]);
    if (b == '-') continue;
    if (b != 0xD0 && b != 0xD1) return false;
    ++i;
  }
  return true;
}

void Add(std::vector<std::string>* out, std::string_view stem, std::string_view ending,
         std::string_view word) {
  std::string s(stem);
  s.append(ending);
  if (s != word && std::find(out->begin(), out->end(), s) == out->end()) out->push_back(s);
}

// Adjective endings. Returns true when "word" is an adjective form.
bool AdjectiveReadings(std::string_view word, Gender gender, Readings* r) {
  auto masculine = [&](std::string_view stem) {
    const bool soft = EndsWith(stem, "н") && !EndsWith(stem, "ск");
    if (gender == Gender::kNeuter) {
      Add(&r->nominatives, stem, soft ? "ее" : "ое", word);
    }
    Add(&r->nominatives, stem, VelarOrSibilant(stem) || soft ? "ий" : "ый", word);
    Add(&r->nominatives, stem, "ой", word);
    if (gender != Gender::kNeuter) Add(&r->nominatives, stem, soft ? "ее" : "ое", word);
  };
  for (std::string_view tail : {"ого", "его", "ому", "ему"}) {
    if (EndsWith(word, tail)) {
      masculine(word.substr(0, word.size() - tail.size()));
      r->oblique = true;
      return true;
    }
  }
  // Prepositional "-ском" / "-цком" ("в Валкском уезде"); other "-ом" words
  // are nouns in the instrumental and are left alone.
  for (std::string_view tail : {"ском", "цком"}) {
    if (EndsWith(word, tail)) {
      masculine(word.substr(0, word.size() - 4));
      r->oblique = true;
      return true;
    }
  }
  if (EndsWith(word, "нем") && word.size() > 8) {  // "в Нижнем Новгороде"
    Add(&r->nominatives, word.substr(0, word.size() - 4), "ий", word);
    r->oblique = true;
    return true;
  }
  if (EndsWith(word, "ой") || EndsWith(word, "ую")) {
    std::string_view stem = word.substr(0, word.size() - 4);
    if (EndsWith(word, "ой") && gender != Gender::kFeminine) {
      // Masculine nominative "Тверской", "Донской", or a feminine oblique.
      Add(&r->nominatives, stem, "ая", word);
      return true;
    }
    Add(&r->nominatives, stem, "ая", word);
    r->oblique = true;
    return true;
  }
  if (EndsWith(word, "ей") || EndsWith(word, "юю")) {
    std::string_view stem = word.substr(0, word.size() - 4);
    if (gender == Gender::kFeminine || EndsWith(stem, "н")) {
      Add(&r->nominatives, stem, VelarOrSibilant(stem) ? "ая" : "яя", word);
      r->oblique = gender == Gender::kFeminine;
      return true;
    }
    return false;
  }
  for (std::string_view tail : {"ая", "яя", "ий", "ый", "ое", "ее"}) {
    if (EndsWith(word, tail)) {
      // A nominative adjective; beside a type word of another gender it is
      // still that word (a source's own agreement), so nothing to add.
      return true;
    }
  }
  return false;
}

void NounReadings(std::string_view word, Readings* r) {
  auto stem = [&](size_t letters) { return word.substr(0, word.size() - 2 * letters); };
  if (EndsWith(word, "ии")) {  // Латвии -> Латвия
    Add(&r->nominatives, stem(1), "я", word);
    return;
  }
  if (EndsWith(word, "ье") || EndsWith(word, "ия")) return;  // Заречье, Латвия
  if (EndsWith(word, "ья")) {                                // Заречья -> Заречье
    Add(&r->nominatives, stem(1), "е", word);
    return;
  }
  if (EndsWith(word, "ы")) {  // Москвы -> Москва
    Add(&r->nominatives, stem(1), "а", word);
    return;
  }
  if (EndsWith(word, "и")) {  // Ивановки -> Ивановка, Рязани -> Рязань
    std::string_view s = stem(1);
    if (VelarOrSibilant(s)) Add(&r->nominatives, s, "а", word);
    Add(&r->nominatives, s, "ь", word);
    Add(&r->nominatives, s, "я", word);
    return;
  }
  if (EndsWith(word, "ах") || EndsWith(word, "ях")) {  // в Сумах -> Сумы
    std::string_view s = stem(2);
    if (EndsWith(word, "ах")) Add(&r->nominatives, s, VelarOrSibilant(s) ? "и" : "ы", word);
    Add(&r->nominatives, s, "и", word);
    return;
  }
  if (EndsWith(word, "е")) {  // Москве, Ленинграде, Иванове, Ярославле
    std::string_view s = stem(1);
    if (EndsWith(s, "л")) {  // Ярославле, Мариуполе
      Add(&r->nominatives, s, "ь", word);
    }
    if (MasculineTownStem(s)) {
      Add(&r->nominatives, s, "", word);
      Add(&r->nominatives, s, "а", word);
    } else {
      Add(&r->nominatives, s, "а", word);
      Add(&r->nominatives, s, "", word);
    }
    Add(&r->nominatives, s, "о", word);
    Add(&r->nominatives, s, "ь", word);
    Add(&r->nominatives, s, "я", word);
    return;
  }
  if (EndsWith(word, "у")) {  // Москву, Ленинграду
    std::string_view s = stem(1);
    Add(&r->nominatives, s, "а", word);
    Add(&r->nominatives, s, "", word);
    Add(&r->nominatives, s, "о", word);
    return;
  }
  if (EndsWith(word, "а")) {  // Ленинграда -> Ленинград, Иванова -> Иваново
    std::string_view s = stem(1);
    Add(&r->nominatives, s, "", word);
    Add(&r->nominatives, s, "о", word);
    return;
  }
  if (EndsWith(word, "я")) {  // Ярославля -> Ярославль, Шанхая -> Шанхай
    std::string_view s = stem(1);
    Add(&r->nominatives, s, "ь", word);
    Add(&r->nominatives, s, "й", word);
    Add(&r->nominatives, s, "е", word);
    return;
  }
}

}  // namespace

Readings NominativeReadings(std::string_view word, Gender gender) {
  Readings r;
  if (!IsCyrillicWord(word)) return r;
  // A hyphenated word declines in its last piece ("Брест-Литовского",
  // "Каменец-Подольске"); the first piece of an adjective pair declines as
  // well in the modern form ("Ново-Розенской"), which the last piece's
  // reading carries along when both end alike.
  // "Ростове-на-Дону": the first piece declines.
  if (const size_t na = word.find("-на-"); na != std::string_view::npos) {
    Readings h = NominativeReadings(word.substr(0, na), gender);
    for (std::string& n : h.nominatives) r.nominatives.push_back(n + std::string(word.substr(na)));
    r.oblique = h.oblique;
    return r;
  }
  const size_t dash = word.rfind('-');
  if (dash != std::string_view::npos && dash + 1 < word.size()) {
    std::string_view head = word.substr(0, dash + 1), tail = word.substr(dash + 1);
    Readings t = NominativeReadings(tail, gender);
    for (std::string& n : t.nominatives) {
      std::string whole(head);
      whole.append(n);
      r.nominatives.push_back(std::move(whole));
    }
    r.oblique = t.oblique;
    return r;
  }
  if (AdjectiveReadings(word, gender, &r)) return r;
  NounReadings(word, &r);
  return r;
}

}  // namespace memoria::places::internal
