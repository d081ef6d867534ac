#include "synth/internal/person.h"

#include <algorithm>
#include <initializer_list>
#include <span>
#include <unordered_set>

#include "synth/internal/spelling.h"

namespace memoria::synth::internal {
namespace {

struct Choice {
  std::string_view text;
  double weight;
};

// In organ names '@' is the region after "по" (dative), '$' the NKVD prefix
// ("УНКВД по " or, in republics, "НКВД "), '%' the MGB prefix and '#' the
// district adjective; '&' is the region in the genitive.
constexpr Choice kArrestOrgans[kEraCount][4] = {
    {{"ПП ОГПУ по @", 5}, {"# РО ОГПУ", 4}, {"ОГПУ", 1}, {"ПП ОГПУ по @", 0}},
    {{"$@", 5}, {"# РО НКВД", 4}, {"ГУГБ НКВД СССР", 0.3}, {"ДТО ГУГБ НКВД", 0.4}},
    {{"$@", 5}, {"# РО НКВД", 4}, {"ГУГБ НКВД СССР", 0.3}, {"ДТО ГУГБ НКВД", 0.4}},
    {{"$@", 5}, {"# РО НКВД", 4}, {"ГУГБ НКВД СССР", 0.3}, {"ДТО ГУГБ НКВД", 0.4}},
    {{"$@", 5}, {"# РО НКВД", 3}, {"УНКГБ по @", 2}, {"ОО НКВД", 1}},
    {{"%@", 6}, {"# РО МГБ", 3}, {"МГБ СССР", 1}, {"%@", 0}},
};

constexpr Choice kJudicialOrgans[kEraCount][4] = {
    {{"тройка при ПП ОГПУ по @", 5},
     {"Коллегия ОГПУ", 2},
     {"Особое совещание при Коллегии ОГПУ", 2},
     {"тройка при ПП ОГПУ по @", 0}},
    {{"Особое совещание при НКВД СССР", 5},
     {"ВКВС СССР", 2},
     {"Военный трибунал", 2},
     {"Особое совещание при НКВД СССР", 0}},
    {{"тройка при $@", 60},
     {"Комиссия НКВД и прокурора СССР", 25},
     {"ВКВС СССР", 8},
     {"Особое совещание при НКВД СССР", 7}},
    {{"Особое совещание при НКВД СССР", 5},
     {"Военный трибунал войск НКВД", 3},
     {"ВКВС СССР", 2},
     {"Особое совещание при НКВД СССР", 0}},
    {{"Военный трибунал войск НКВД", 5},
     {"Особое совещание при НКВД СССР", 4},
     {"Военный трибунал", 2},
     {"ВКВС СССР", 1}},
    {{"Особое совещание при МГБ СССР", 5},
     {"Военный трибунал войск МВД", 3},
     {"ВКВС СССР", 1},
     {"Особое совещание при МГБ СССР", 0}},
};

constexpr Choice kSentences[kEraCount][8] = {
    {{"5 лет концлагеря", 10},
     {"3 года концлагеря", 8},
     {"10 лет концлагеря", 5},
     {"выслан в Северный край", 6},
     {"ссылка в Сибирь на 3 года", 4},
     {"3 года ссылки", 4},
     {"освобожден", 2},
     {"лишен права проживания в 12 пунктах", 1}},
    {{"5 лет ИТЛ", 10},
     {"3 года ИТЛ", 8},
     {"10 лет ИТЛ", 4},
     {"5 лет ссылки", 5},
     {"3 года ссылки", 4},
     {"дело прекращено", 2},
     {"освобожден", 2},
     {"8 лет ИТЛ", 3}},
    {{"10 лет ИТЛ", 25},
     {"8 лет ИТЛ", 15},
     {"5 лет ИТЛ", 12},
     {"3 года ИТЛ", 4},
     {"5 лет ссылки в Казахстан", 5},
     {"3 года ссылки", 3},
     {"дело прекращено", 3},
     {"освобожден", 2}},
    {{"8 лет ИТЛ", 20},
     {"5 лет ИТЛ", 15},
     {"10 лет ИТЛ", 10},
     {"3 года ИТЛ", 5},
     {"5 лет ссылки", 4},
     {"дело прекращено", 5},
     {"освобожден", 4},
     {"6 лет ИТЛ", 2}},
    {{"10 лет ИТЛ", 25},
     {"8 лет ИТЛ", 12},
     {"5 лет ИТЛ", 10},
     {"7 лет ИТЛ", 5},
     {"15 лет каторжных работ", 3},
     {"дело прекращено", 3},
     {"20 лет каторжных работ", 1},
     {"3 года ИТЛ", 2}},
    {{"25 лет ИТЛ", 25},
     {"10 лет ИТЛ", 20},
     {"ссылка на поселение", 8},
     {"15 лет каторжных работ", 4},
     {"дело прекращено", 3},
     {"8 лет ИТЛ", 6},
     {"20 лет ИТЛ", 4},
     {"освобожден", 1}},
};

constexpr Choice kExecutions[] = {
    {"ВМН", 6},
    {"расстрел", 3},
    {"высшая мера наказания", 1},
};

// Index order matters: MakePerson refers to kArticleEspionage and friends.
constexpr Choice kArticles[] = {
    {"58-10", 30},
    {"58-10, 58-11", 15},
    {"58-2, 58-11", 3},
    {"58-6", 6},
    {"58-6, 58-11", 3},
    {"58-7", 3},
    {"58-8", 3},
    {"58-9", 2},
    {"58-1а", 3},
    {"58-14", 2},
    {"58-10 ч. 1", 4},
    {"58-1б", 2},
    {"58-2, 58-8, 58-11", 2},
    {"КРД", 3},
    {"КРА", 2},
    {"ПШ", 1},
    {"СОЭ", 1},
};
constexpr int kArticleEspionage = 3;         // "58-6"
constexpr int kArticleSpySuspicion = 15;     // "ПШ"
constexpr int kArticleMilitaryTreason = 11;  // "58-1б"

constexpr Choice kRehabilitationOrgans[] = {
    {"Прокуратура &", 6},    {"ВКВС СССР", 2},          {"Военная прокуратура", 1.5},
    {"Военный трибунал", 1}, {"Верховный суд СССР", 1},
};

// MakePerson chooses the rehabilitation year from the reason's index.
constexpr Choice kRehabilitationReasons[] = {
    {"за отсутствием состава преступления", 40},
    {"Указ ПВС СССР от 16.01.1989", 30},
    {"Закон РФ от 18.10.1991", 15},
    {"за недоказанностью обвинения", 5},
};

constexpr double kArrestYearWeights[] = {
    3,  6,  5, 4, 5,           // 1929-1933
    2,  3,  3,                 // 1934-1936
    50, 35,                    // 1937-1938
    3,  4,                     // 1939-1940
    6,  4,  3, 3, 4,           // 1941-1945
    2,  2,  2, 3, 3, 2, 1, 1,  // 1946-1953
};

constexpr double kExecutionShare[kEraCount] = {0.25, 0.1, 0.9, 0.15, 0.45, 0.03};

PhraseTable MakeTable(std::span<const Choice> choices) {
  PhraseTable table;
  std::vector<double> weights;
  for (const Choice& c : choices) {
    table.phrases.push_back(c.text);
    weights.push_back(c.weight);
  }
  table.pick = WeightedTable(weights);
  return table;
}

Spelled Spell(std::string s) {
  Spelled out;
  out.plain = WithoutYo(s);
  out.with_yo = std::move(s);
  return out;
}

WeightedTable ZipfTable(size_t n, double s, double q) {
  return WeightedTable(ZipfWeights(n, s, q));
}

void BuildOrigin(Origin origin, OriginTables* t) {
  std::vector<std::string> surnames;
  std::unordered_set<std::string> seen;
  auto add = [&](std::string s) {
    if (seen.insert(s).second) surnames.push_back(std::move(s));
  };
  for (std::string_view s : Surnames(origin)) add(std::string(s));
  // Rarer surnames from roots make the long tail real lists have.
  for (std::string_view root : SurnameRoots()) {
    switch (origin) {
      case Origin::kRussian:
        add(DerivedSurname(root, RootSuffix::kOv));
        add(DerivedSurname(root, RootSuffix::kOvsky));
        break;
      case Origin::kUkrainian:
        add(DerivedSurname(root, RootSuffix::kEnko));
        break;
      case Origin::kBelarusian:
        add(DerivedSurname(root, RootSuffix::kOvich));
        break;
      default:
        break;
    }
  }
  for (std::string& s : surnames) {
    SurnameEntry entry;
    entry.female = Spell(FeminineSurname(s, origin));
    entry.male = Spell(std::move(s));
    t->surnames.push_back(std::move(entry));
  }
  const double q = std::max(3.0, static_cast<double>(t->surnames.size()) / 60.0);
  t->surname_pick = ZipfTable(t->surnames.size(), 1.0, q);

  for (std::string_view name : MaleNames(origin)) {
    GivenName g;
    g.name = Spell(std::string(name));
    if (GetOriginInfo(origin).has_patronymic && origin != Origin::kKorean) {
      g.patronymic_male = Spell(Patronymic(name, false));
      g.patronymic_female = Spell(Patronymic(name, true));
    }
    t->male.push_back(std::move(g));
  }
  t->male_pick = ZipfTable(t->male.size(), 1.1, 1.5);
  for (std::string_view name : FemaleNames(origin)) t->female.push_back(Spell(std::string(name)));
  t->female_pick = ZipfTable(t->female.size(), 1.0, 1.5);

  const OriginInfo& info = GetOriginInfo(origin);
  std::vector<double> weights;
  const auto regions = Regions();
  for (size_t i = 0; i < regions.size(); ++i) {
    if (regions[i].group == info.live_group && regions[i].weight > 0) {
      t->preferred_regions.push_back(static_cast<uint8_t>(i));
      weights.push_back(regions[i].weight);
    }
    if (regions[i].group == info.birth_group) t->birth_regions.push_back(static_cast<uint8_t>(i));
  }
  t->preferred_region_pick = WeightedTable(weights);
}

Lexicon BuildLexicon() {
  Lexicon lex;
  std::vector<double> origin_weights;
  for (int i = 0; i < kOriginCount; ++i) {
    BuildOrigin(static_cast<Origin>(i), &lex.origins[i]);
    origin_weights.push_back(GetOriginInfo(static_cast<Origin>(i)).share);
  }
  lex.origin_pick = WeightedTable(origin_weights);
  std::vector<double> region_weights;
  const auto regions = Regions();
  for (size_t i = 0; i < regions.size(); ++i) {
    if (regions[i].weight > 0) {
      lex.live_regions.push_back(static_cast<uint8_t>(i));
      region_weights.push_back(regions[i].weight);
    }
  }
  lex.live_region_pick = WeightedTable(region_weights);
  lex.arrest_year_pick = WeightedTable(
      std::vector<double>(std::begin(kArrestYearWeights), std::end(kArrestYearWeights)));
  lex.village_pick = ZipfTable(Villages().size(), 0.6, 1);
  lex.male_occupation_pick = ZipfTable(MaleOccupations().size(), 0.9, 1);
  lex.female_occupation_pick = ZipfTable(FemaleOccupations().size(), 0.9, 1);
  for (int e = 0; e < kEraCount; ++e) {
    lex.arrest_organs[e] = MakeTable(kArrestOrgans[e]);
    lex.judicial_organs[e] = MakeTable(kJudicialOrgans[e]);
    lex.sentences[e] = MakeTable(kSentences[e]);
  }
  lex.executions = MakeTable(kExecutions);
  lex.articles = MakeTable(kArticles);
  lex.rehabilitation_organs = MakeTable(kRehabilitationOrgans);
  lex.rehabilitation_reasons = MakeTable(kRehabilitationReasons);
  return lex;
}

// Days since 1970-01-01 for a proleptic Gregorian date, and back.
int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<int64_t>(era) * 146097 + doe - 719468;
}

Date CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = static_cast<int>(z - era * 146097);
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp < 10 ? mp + 3 : mp - 9;
  const int y = static_cast<int>(yoe + era * 400) + (m <= 2 ? 1 : 0);
  return Date{static_cast<int16_t>(y), static_cast<int8_t>(m), static_cast<int8_t>(d)};
}

Date AddDays(const Date& date, int days) {
  return CivilFromDays(DaysFromCivil(date.year, date.month, date.day) + days);
}

Date RandomDateIn(int year, Rng* rng) {
  return AddDays(Date{static_cast<int16_t>(year), 1, 1}, rng->Between(0, 364));
}

// Blurs a full date: "_.5.1939" (month only), "_._.1937" or unknown.
Date Blur(Date date, double month_only, double year_only, double unknown, Rng* rng) {
  const double u = rng->Unit();
  if (u < unknown) return Date{};
  if (u < unknown + year_only) return Date{date.year, 0, 0};
  if (u < unknown + year_only + month_only) return Date{date.year, date.month, 0};
  return date;
}

uint8_t EraOf(int year) {
  if (year <= 1933) return kEraOgpu;
  if (year <= 1936) return kEraNkvd;
  if (year <= 1938) return kEraTerror;
  if (year <= 1940) return kEraPrewar;
  if (year <= 1945) return kEraWar;
  return kEraPostwar;
}

Date ArrestDate(int year, Rng* rng) {
  static constexpr double k1937[12] = {1, 1, 1, 1, 2, 2, 3, 6, 6, 6, 6, 5};
  static constexpr double k1938[12] = {6, 6, 5, 4, 3, 3, 3, 2, 2, 2, 1, 1};
  int month = rng->Between(1, 12);
  if (year == 1937 || year == 1938) {
    const double* w = year == 1937 ? k1937 : k1938;
    double total = 0;
    for (int i = 0; i < 12; ++i) total += w[i];
    double u = rng->Unit() * total;
    month = 12;
    for (int i = 0; i < 12; ++i) {
      if (u < w[i]) {
        month = i + 1;
        break;
      }
      u -= w[i];
    }
  }
  return Date{static_cast<int16_t>(year), static_cast<int8_t>(month),
              static_cast<int8_t>(rng->Between(1, 28))};
}

Place MakePlace(const Lexicon& lex, uint8_t region, bool birth, Rng* rng) {
  const Region& r = Regions()[region];
  Place p;
  p.region = region;
  p.district = static_cast<uint8_t>(rng->Below(4));
  p.town = static_cast<uint8_t>(rng->Chance(0.5) ? 0 : rng->Between(1, 2));
  p.village = static_cast<uint8_t>(lex.village_pick.Pick(rng));
  const double v = rng->Unit();
  p.village_type = v < 0.45 ? 0 : v < 0.85 ? 1 : v < 0.92 ? 2 : 3;
  const double u = rng->Unit();
  if (r.weight == 0) {  // a birth place outside the USSR of the 1930s
    const bool has_districts = !r.districts[0].empty();
    if (u < 0.15) return p;
    p.style = has_districts && u < 0.6   ? PlaceStyle::kGuberniaVillage
              : has_districts && u < 0.8 ? PlaceStyle::kGuberniaOnly
                                         : PlaceStyle::kCountryTown;
    return p;
  }
  if (birth) {
    p.style = u < 0.25   ? PlaceStyle::kNone
              : u < 0.65 ? PlaceStyle::kGuberniaVillage
              : u < 0.80 ? PlaceStyle::kOblastVillage
              : u < 0.87 ? PlaceStyle::kGuberniaOnly
                         : PlaceStyle::kTown;
  } else {
    p.style = u < 0.12   ? PlaceStyle::kNone
              : u < 0.47 ? PlaceStyle::kTown
              : u < 0.90 ? PlaceStyle::kOblastVillage
                         : PlaceStyle::kDistrictVillage;
  }
  return p;
}

void DrawNames(const Lexicon& lex, Person* p, Rng* rng) {
  p->origin = static_cast<Origin>(lex.origin_pick.Pick(rng));
  p->female = rng->Chance(0.15);
  p->keep_yo = rng->Chance(0.2);
  p->name_origin = p->origin;
  // Soviet lists give many Koreans Russian names and patronymics.
  if (p->origin == Origin::kKorean && rng->Chance(0.5)) p->name_origin = Origin::kRussian;
  const OriginTables& names = lex.origins[static_cast<int>(p->name_origin)];
  const OriginTables& family = lex.origins[static_cast<int>(p->origin)];
  p->surname = static_cast<uint16_t>(family.surname_pick.Pick(rng));
  p->given =
      static_cast<uint16_t>(p->female ? names.female_pick.Pick(rng) : names.male_pick.Pick(rng));
  p->father = static_cast<uint16_t>(names.male_pick.Pick(rng));
  p->has_patronymic = !names.male[p->father].patronymic_male.plain.empty() && rng->Chance(0.96);
}

void DrawBiography(const Lexicon& lex, Person* p, Rng* rng) {
  const OriginInfo& info = GetOriginInfo(p->origin);
  const OriginTables& own = lex.origins[static_cast<int>(p->origin)];
  if (!own.preferred_regions.empty() && rng->Chance(info.live_group_share)) {
    p->region = own.preferred_regions[own.preferred_region_pick.Pick(rng)];
  } else {
    p->region = lex.live_regions[lex.live_region_pick.Pick(rng)];
  }
  p->district = static_cast<uint8_t>(rng->Below(4));
  p->live = MakePlace(lex, p->region, /*birth=*/false, rng);
  p->live.district = p->district;
  uint8_t birth_region = p->region;
  if (!own.birth_regions.empty() && rng->Chance(0.35)) {
    birth_region = own.birth_regions[rng->Below(static_cast<uint32_t>(own.birth_regions.size()))];
  }
  p->birth = MakePlace(lex, birth_region, /*birth=*/true, rng);

  if (rng->Chance(0.55)) p->nation = (p->origin != Origin::kRussian && rng->Chance(0.1)) ? 1 : 0;
  if (!info.citizenship.empty() && rng->Chance(p->origin == Origin::kChinese ? 0.7 : 0.1)) {
    p->citizenship = 1;
  } else if (rng->Chance(0.03)) {
    p->citizenship = 0;
  }
  if (rng->Chance(0.85)) {
    p->occupation = static_cast<int16_t>(p->female ? lex.female_occupation_pick.Pick(rng)
                                                   : lex.male_occupation_pick.Pick(rng));
  }
  if (rng->Chance(0.3))
    p->education = static_cast<int8_t>(rng->Below(static_cast<uint32_t>(Educations().size())));
  if (rng->Chance(0.35))
    p->party = static_cast<int8_t>(rng->Below(static_cast<uint32_t>(Parties().size())));
  if (rng->Chance(0.08)) {
    const size_t n = p->female ? FemaleFamilies().size() : MaleFamilies().size();
    p->family = static_cast<int8_t>(rng->Below(static_cast<uint32_t>(n)));
  }
}

void DrawCase(const Lexicon& lex, Person* p, Rng* rng) {
  const int year = 1929 + static_cast<int>(lex.arrest_year_pick.Pick(rng));
  p->era = EraOf(year);
  const int age = 17 + rng->Between(0, 27) + rng->Between(0, 27);
  p->true_birth_year =
      static_cast<int16_t>(std::clamp(year - age, 1870, std::min(1920, year - 16)));
  if (rng->Chance(0.92)) {
    p->birth_year = p->true_birth_year;
    p->birth_year_comment = rng->Chance(0.015);
  } else if (rng->Chance(0.4)) {
    p->age = static_cast<int8_t>(year - p->true_birth_year);
  }

  const Date arrest = ArrestDate(year, rng);
  p->arrest = Blur(arrest, 0.09, 0.03, 0.10, rng);
  p->arrest_organ =
      static_cast<int8_t>(rng->Chance(0.8) ? lex.arrest_organs[p->era].pick.Pick(rng) : -1);
  p->repeat_arrest = rng->Chance(0.02);
  if (rng->Chance(0.15)) p->criminal_case = rng->Between(100, 99999);
  const bool national = p->origin == Origin::kPolish || p->origin == Origin::kGerman ||
                        p->origin == Origin::kLatvian || p->origin == Origin::kKorean ||
                        p->origin == Origin::kChinese;
  p->judicial_organ = static_cast<int8_t>(lex.judicial_organs[p->era].pick.Pick(rng));
  if (p->era == kEraTerror && national && rng->Chance(0.5))
    p->judicial_organ = 1;  // the Commission
  if (rng->Chance(0.08)) p->judicial_organ = -1;
  const bool terror = p->era == kEraTerror;
  const Date process = AddDays(arrest, terror ? rng->Between(5, 60) + rng->Between(0, 40)
                                              : rng->Between(20, 200) + rng->Between(0, 200));
  p->process = Blur(process, 0.02, 0.0, 0.10, rng);
  p->article = static_cast<int8_t>(lex.articles.pick.Pick(rng));
  if (terror && national && rng->Chance(0.6)) {
    p->article = rng->Chance(0.8) ? kArticleEspionage : kArticleSpySuspicion;
  }
  if (p->era == kEraWar && rng->Chance(0.3)) p->article = kArticleMilitaryTreason;
  if (rng->Chance(0.1)) p->article = -1;

  p->executed = rng->Chance(kExecutionShare[p->era]);
  if (p->executed) {
    p->sentence = static_cast<int8_t>(lex.executions.pick.Pick(rng));
    p->death = Blur(AddDays(process, terror ? rng->Between(0, 10) : rng->Between(0, 30)), 0.03, 0.0,
                    0.07, rng);
    if (rng->Chance(0.6)) p->death_place = 0;
  } else {
    p->sentence =
        static_cast<int8_t>(rng->Chance(0.93) ? lex.sentences[p->era].pick.Pick(rng) : -1);
    if (rng->Chance(0.12)) {
      p->death_place = 1;
      p->camp = static_cast<uint8_t>(rng->Below(static_cast<uint32_t>(Camps().size())));
      p->death = Blur(AddDays(process, rng->Between(60, 2500)), 0.1, 0.1, 0.1, rng);
    }
    if (rng->Chance(0.03) && year <= 1945) {
      p->next_repression =
          static_cast<int8_t>(rng->Below(static_cast<uint32_t>(NextRepressions().size())));
      p->next_year = static_cast<int16_t>(std::min(1953, year + rng->Between(6, 12)));
    }
  }
  if (rng->Chance(0.03) && year >= 1931) {
    p->previous_repression =
        static_cast<int8_t>(rng->Below(static_cast<uint32_t>(PreviousRepressions().size())));
    p->previous_year = static_cast<int16_t>(std::max(1920, year - rng->Between(1, 7)));
  }
}

void DrawRehabilitation(const Lexicon& lex, Person* p, Rng* rng) {
  if (!rng->Chance(0.78)) return;
  p->rehabilitation_reason = static_cast<int8_t>(lex.rehabilitation_reasons.pick.Pick(rng));
  const bool ukraine = Regions()[p->region].group == RegionGroup::kUkraine;
  int year;
  switch (p->rehabilitation_reason) {
    case 1:
      year = rng->Between(1989, 1990);
      break;  // the 1989 decree
    case 2:   // the 1991 law
      if (ukraine) p->rehabilitation_reason = 0;
      year = rng->Between(1992, 2001);
      break;
    default:
      year = rng->Chance(0.7) ? rng->Between(1955, 1965) : rng->Between(1988, 1996);
      break;
  }
  p->rehabilitation = Blur(RandomDateIn(year, rng), 0.03, 0.03, 0.08, rng);
  if (rng->Chance(0.85)) {
    p->rehabilitation_organ = static_cast<int8_t>(lex.rehabilitation_organs.pick.Pick(rng));
  }
  if (rng->Chance(0.1)) p->rehabilitation_reason = -1;
}

}  // namespace

const Lexicon& GetLexicon() {
  static const Lexicon* const lexicon = new Lexicon(BuildLexicon());
  return *lexicon;
}

Person MakePerson(const Lexicon& lexicon, Rng* rng) {
  Person p;
  DrawNames(lexicon, &p, rng);
  DrawBiography(lexicon, &p, rng);
  DrawCase(lexicon, &p, rng);
  DrawRehabilitation(lexicon, &p, rng);
  p.name_variations = rng->Chance(0.03);
  p.book = static_cast<int8_t>(
      rng->Chance(0.75) ? -1 : rng->Below(static_cast<uint32_t>(GeneralBooks().size())));
  return p;
}

}  // namespace memoria::synth::internal
