#include "synth/internal/moscow.h"

#include <cmath>

namespace memoria::synth::internal {

namespace {

// Renamings as published in the Moscow street-name registers: the Soviet
// name and the one the street has (again) today. Weights fall off like Zipf.
constexpr MoscowStreet kStreets[] = {
    {"Мясницкая улица", "улица Кирова", 1.0},
    {"Тверская улица", "улица Горького", 0.8},
    {"Большая Никитская улица", "улица Герцена", 0.6},
    {"улица Воздвиженка", "улица Калинина", 0.5},
    {"Поварская улица", "улица Воровского", 0.45},
    {"улица Маросейка", "улица Богдана Хмельницкого", 0.4},
    {"улица Покровка", "улица Чернышевского", 0.4},
    {"улица Ильинка", "улица Куйбышева", 0.35},
    {"Никольская улица", "улица 25-го Октября", 0.3},
    {"улица Большая Дмитровка", "Пушкинская улица", 0.3},
    {"улица Варварка", "улица Разина", 0.25},
    {"улица Остоженка", "Метростроевская улица", 0.25},
    {"улица Пречистенка", "Кропоткинская улица", 0.25},
    {"Старая Басманная улица", "улица Карла Маркса", 0.2},
    {"улица Знаменка", "улица Фрунзе", 0.2},
    {"улица Малая Дмитровка", "улица Чехова", 0.2},
    {"улица Спиридоновка", "улица Алексея Толстого", 0.15},
    {"Леонтьевский переулок", "улица Станиславского", 0.15},
    {"Газетный переулок", "улица Огарева", 0.15},
    {"Кудринская площадь", "площадь Восстания", 0.1},
    // Never renamed.
    {"улица Арбат", "", 0.3},
    {"улица Петровка", "", 0.25},
    {"Пятницкая улица", "", 0.25},
};

constexpr int kMaxHouse = 60;

struct TypeWord {
  std::string_view full;
  std::string_view abbreviation;
};
constexpr TypeWord kTypes[] = {{"улица", "ул."},   {"переулок", "пер."},
                               {"площадь", "пл."}, {"проспект", "просп."},
                               {"бульвар", "б-р"}, {"набережная", "наб."}};

const WeightedTable& StreetPick() {
  static const WeightedTable* const table = [] {
    std::vector<double> weights;
    for (const MoscowStreet& s : kStreets) weights.push_back(s.weight);
    return new WeightedTable(weights);
  }();
  return *table;
}

}  // namespace

std::span<const MoscowStreet> MoscowStreets() { return kStreets; }

MoscowBuilding DrawMoscowBuilding(Rng* rng) {
  MoscowBuilding b;
  b.street = static_cast<uint16_t>(StreetPick().Pick(rng));
  // u^3 crowds the draws onto the low numbers: house 1 has ~40 times the
  // residents of house 40.
  const double u = rng->Unit();
  b.number = static_cast<uint16_t>(1 + static_cast<int>(kMaxHouse * u * u * u));
  b.letter = (b.number * 7 + b.street) % 9 == 0;
  return b;
}

std::string ListStreetName(std::string_view name, bool type_first) {
  for (const TypeWord& t : kTypes) {
    std::string_view rest;
    if (name.substr(0, t.full.size()) == t.full && name.size() > t.full.size() + 1) {
      rest = name.substr(t.full.size() + 1);
    } else if (name.size() > t.full.size() + 1 &&
               name.substr(name.size() - t.full.size()) == t.full) {
      rest = name.substr(0, name.size() - t.full.size() - 1);
    } else {
      continue;
    }
    std::string out;
    if (type_first) {
      out.append(t.abbreviation).append(" ").append(rest);
    } else {
      out.append(rest).append(" ").append(t.abbreviation);
    }
    return out;
  }
  return std::string(name);
}

std::string HouseNumber(const MoscowBuilding& b) {
  std::string s = std::to_string(b.number);
  if (b.letter) s.append("а");
  return s;
}

std::string MoscowAddress(const MoscowBuilding& b, int flat, bool historic, uint32_t style) {
  const MoscowStreet& s = kStreets[b.street];
  const std::string_view name = historic && !s.old.empty() ? s.old : s.modern;
  const std::string house = HouseNumber(b);
  const std::string apartment = std::to_string(flat);
  switch (style % 4) {
    case 0:
      return "г. Москва, " + ListStreetName(name, true) + ", д. " + house + ", кв. " + apartment;
    case 1:
      return "Москва, " + ListStreetName(name, false) + ", д." + house + ", кв." + apartment;
    case 2:
      return "г. Москва, " + std::string(name) + ", дом " + house + ", кв. " + apartment;
    default:
      return "Москва, " + ListStreetName(name, true) + " " + house + ", кв. " + apartment;
  }
}

void BuildingPoint(uint64_t seed, const MoscowBuilding& b, double* lat, double* lon) {
  // Each street is a straight line from its own start in its own direction;
  // house n stands n * ~30 m along it.
  Rng street(MixSeed(seed ^ 0x57ee7ULL, b.street + 1));
  const double lat0 = 55.75 + (street.Unit() - 0.5) * 0.12;
  const double lon0 = 37.62 + (street.Unit() - 0.5) * 0.12;
  const double angle = street.Unit() * 6.283185307179586;
  const double step = 0.00027 * (b.number + (b.letter ? 0.5 : 0.0));
  *lat = lat0 + step * std::sin(angle);
  *lon = lon0 + step * std::cos(angle) * 1.78;  // a degree of longitude is shorter
}

}  // namespace memoria::synth::internal
