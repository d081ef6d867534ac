// The word lists of the place parser (places/internal/tables.h).
#include "places/internal/tables.h"

namespace memoria::places::internal {
namespace {

constexpr Gender F = Gender::kFeminine, M = Gender::kMasculine, N = Gender::kNeuter;
constexpr bool kPre = true, kPost = true, kObl = true, kDot = true;

// clang-format off
constexpr TypeWord kTypeWords[] = {
    // form           canonical     kind              gender prefix postfix oblique period
    {"губ",          "губерния",   Kind::kRegion,    F, false, kPost, false, false},
    {"губерн",       "губерния",   Kind::kRegion,    F, false, kPost, false, false},
    {"губерния",     "губерния",   Kind::kRegion,    F, false, kPost, false, false},
    {"губернии",     "губерния",   Kind::kRegion,    F, false, kPost, kObl,  false},
    {"губернию",     "губерния",   Kind::kRegion,    F, false, kPost, kObl,  false},
    {"обл",          "область",    Kind::kRegion,    F, false, kPost, false, false},
    {"область",      "область",    Kind::kRegion,    F, false, kPost, false, false},
    {"области",      "область",    Kind::kRegion,    F, false, kPost, kObl,  false},
    {"кр",           "край",       Kind::kRegion,    M, false, kPost, false, false},
    {"край",         "край",       Kind::kRegion,    M, false, kPost, false, false},
    {"края",         "край",       Kind::kRegion,    M, false, kPost, kObl,  false},
    {"крае",         "край",       Kind::kRegion,    M, false, kPost, kObl,  false},
    {"асср",         "АССР",       Kind::kRegion,    F, kPre,  kPost, false, false},
    {"респ",         "республика", Kind::kRegion,    F, kPre,  kPost, false, false},
    {"республика",   "республика", Kind::kRegion,    F, kPre,  kPost, false, false},
    {"республики",   "республика", Kind::kRegion,    F, kPre,  kPost, kObl,  false},
    {"республике",   "республика", Kind::kRegion,    F, kPre,  kPost, kObl,  false},
    {"провинция",    "провинция",  Kind::kRegion,    F, kPre,  kPost, false, false},
    {"провинции",    "провинция",  Kind::kRegion,    F, kPre,  kPost, kObl,  false},
    {"сср",          "ССР",        Kind::kCountry,   F, false, kPost, false, false},
    {"у",            "уезд",       Kind::kDistrict,  M, false, kPost, false, kDot},
    {"уезд",         "уезд",       Kind::kDistrict,  M, false, kPost, false, false},
    {"уезда",        "уезд",       Kind::kDistrict,  M, false, kPost, kObl,  false},
    {"уезде",        "уезд",       Kind::kDistrict,  M, false, kPost, kObl,  false},
    {"р-н",          "район",      Kind::kDistrict,  M, false, kPost, false, false},
    {"р-на",         "район",      Kind::kDistrict,  M, false, kPost, kObl,  false},
    {"р-не",         "район",      Kind::kDistrict,  M, false, kPost, kObl,  false},
    {"район",        "район",      Kind::kDistrict,  M, false, kPost, false, false},
    {"района",       "район",      Kind::kDistrict,  M, false, kPost, kObl,  false},
    {"районе",       "район",      Kind::kDistrict,  M, false, kPost, kObl,  false},
    {"окр",          "округ",      Kind::kDistrict,  M, false, kPost, false, false},
    {"округ",        "округ",      Kind::kDistrict,  M, false, kPost, false, false},
    {"округа",       "округ",      Kind::kDistrict,  M, false, kPost, kObl,  false},
    {"округе",       "округ",      Kind::kDistrict,  M, false, kPost, kObl,  false},
    {"вол",          "волость",    Kind::kVolost,    F, false, kPost, false, false},
    {"волость",      "волость",    Kind::kVolost,    F, false, kPost, false, false},
    {"волости",      "волость",    Kind::kVolost,    F, false, kPost, kObl,  false},
    {"с/с",          "сельсовет",  Kind::kVolost,    M, false, kPost, false, false},
    {"с/совет",      "сельсовет",  Kind::kVolost,    M, false, kPost, false, false},
    {"сельсовет",    "сельсовет",  Kind::kVolost,    M, false, kPost, false, false},
    {"сельсовета",   "сельсовет",  Kind::kVolost,    M, false, kPost, kObl,  false},
    {"гмина",        "гмина",      Kind::kVolost,    F, kPre,  kPost, false, false},
    {"гмины",        "гмина",      Kind::kVolost,    F, kPre,  kPost, kObl,  false},
    {"г",            "город",      Kind::kTown,      M, kPre,  kPost, false, false},
    {"гор",          "город",      Kind::kTown,      M, kPre,  false, false, false},
    {"город",        "город",      Kind::kTown,      M, kPre,  false, false, false},
    {"города",       "город",      Kind::kTown,      M, kPre,  false, kObl,  false},
    {"городе",       "город",      Kind::kTown,      M, kPre,  false, kObl,  false},
    {"м",            "местечко",   Kind::kTown,      N, kPre,  false, false, kDot},
    {"мест",         "местечко",   Kind::kTown,      N, kPre,  false, false, false},
    {"местечко",     "местечко",   Kind::kTown,      N, kPre,  false, false, false},
    {"местечка",     "местечко",   Kind::kTown,      N, kPre,  false, kObl,  false},
    {"местечке",     "местечко",   Kind::kTown,      N, kPre,  false, kObl,  false},
    {"мес",          "местечко",   Kind::kTown,      N, kPre,  false, false, false},
    {"посад",        "посад",      Kind::kTown,      M, kPre,  false, false, false},
    {"посада",       "посад",      Kind::kTown,      M, kPre,  false, kObl,  false},
    {"рп",           "рабочий посёлок", Kind::kTown, M, kPre,  false, false, false},
    {"пгт",          "рабочий посёлок", Kind::kTown, M, kPre,  false, false, false},
    {"д",            "деревня",    Kind::kVillage,   F, kPre,  false, false, false},
    {"дер",          "деревня",    Kind::kVillage,   F, kPre,  false, false, false},
    {"деревня",      "деревня",    Kind::kVillage,   F, kPre,  false, false, false},
    {"деревни",      "деревня",    Kind::kVillage,   F, kPre,  false, kObl,  false},
    {"деревне",      "деревня",    Kind::kVillage,   F, kPre,  false, kObl,  false},
    {"с",            "село",       Kind::kVillage,   N, kPre,  false, false, false},
    {"село",         "село",       Kind::kVillage,   N, kPre,  false, false, false},
    {"села",         "село",       Kind::kVillage,   N, kPre,  false, kObl,  false},
    {"селе",         "село",       Kind::kVillage,   N, kPre,  false, kObl,  false},
    {"п",            "посёлок",    Kind::kVillage,   M, kPre,  false, false, kDot},
    {"пос",          "посёлок",    Kind::kVillage,   M, kPre,  kPost, false, false},
    {"поселок",      "посёлок",    Kind::kVillage,   M, kPre,  false, false, false},
    {"поселка",      "посёлок",    Kind::kVillage,   M, kPre,  false, kObl,  false},
    {"поселке",      "посёлок",    Kind::kVillage,   M, kPre,  false, kObl,  false},
    {"х",            "хутор",      Kind::kVillage,   M, kPre,  false, false, kDot},
    {"хут",          "хутор",      Kind::kVillage,   M, kPre,  false, false, false},
    {"хутор",        "хутор",      Kind::kVillage,   M, kPre,  false, false, false},
    {"хутора",       "хутор",      Kind::kVillage,   M, kPre,  false, kObl,  false},
    {"ст",           "станция",    Kind::kVillage,   F, kPre,  false, false, false},
    {"станц",        "станция",    Kind::kVillage,   F, kPre,  false, false, false},
    {"станция",      "станция",    Kind::kVillage,   F, kPre,  false, false, false},
    {"станции",      "станция",    Kind::kVillage,   F, kPre,  false, kObl,  false},
    {"ст-ца",        "станица",    Kind::kVillage,   F, kPre,  false, false, false},
    {"ст-цы",        "станица",    Kind::kVillage,   F, kPre,  false, kObl,  false},
    {"ст-це",        "станица",    Kind::kVillage,   F, kPre,  false, kObl,  false},
    {"станица",      "станица",    Kind::kVillage,   F, kPre,  false, false, false},
    {"станицы",      "станица",    Kind::kVillage,   F, kPre,  false, kObl,  false},
    {"станице",      "станица",    Kind::kVillage,   F, kPre,  false, kObl,  false},
    {"ус",           "усадьба",    Kind::kVillage,   F, kPre,  false, false, kDot},
    {"усадьба",      "усадьба",    Kind::kVillage,   F, kPre,  false, false, false},
    {"усадьбы",      "усадьба",    Kind::kVillage,   F, kPre,  false, kObl,  false},
    {"имение",       "имение",     Kind::kVillage,   N, kPre,  false, false, false},
    {"имения",       "имение",     Kind::kVillage,   N, kPre,  false, kObl,  false},
    {"аул",          "аул",        Kind::kVillage,   M, kPre,  false, false, false},
    {"аула",         "аул",        Kind::kVillage,   M, kPre,  false, kObl,  false},
    {"ауле",         "аул",        Kind::kVillage,   M, kPre,  false, kObl,  false},
    {"сл",           "слобода",    Kind::kVillage,   F, kPre,  false, false, kDot},
    {"слоб",         "слобода",    Kind::kVillage,   F, kPre,  kPost, false, false},
    {"слобода",      "слобода",    Kind::kVillage,   F, kPre,  kPost, false, false},
    {"слободы",      "слобода",    Kind::kVillage,   F, kPre,  kPost, kObl,  false},
    {"слободе",      "слобода",    Kind::kVillage,   F, kPre,  kPost, kObl,  false},
    {"кишлак",       "кишлак",     Kind::kVillage,   M, kPre,  false, false, false},
    {"колония",      "колония",    Kind::kVillage,   F, kPre,  false, false, false},
    {"колонии",      "колония",    Kind::kVillage,   F, kPre,  false, kObl,  false},
    {"фольварк",     "фольварк",   Kind::kVillage,   M, kPre,  false, false, false},
    {"починок",      "починок",    Kind::kVillage,   M, kPre,  false, false, false},
};

constexpr Acronym kAcronyms[] = {
    {"бсср", Kind::kCountry, "ССР", "белорусская"},
    {"усср", Kind::kCountry, "ССР", "украинская"},
    {"гсср", Kind::kCountry, "ССР", "грузинская"},
    {"ассрнп", Kind::kRegion, "АССР", "немцев поволжья"},
};

constexpr std::string_view kCountries[] = {
    "ссср", "рсфср", "россия", "российская империя", "польша", "латвия", "литва", "эстония",
    "финляндия", "германия", "австрия", "австро-венгрия", "венгрия", "чехословакия", "чехия",
    "румыния", "бессарабия", "китай", "корея", "япония", "монголия", "маньчжурия", "манчжурия",
    "франция", "италия", "англия", "великобритания", "сша", "америка", "турция", "персия", "иран",
    "греция", "болгария", "югославия", "сербия", "швеция", "норвегия", "дания", "бельгия",
    "голландия", "нидерланды", "швейцария", "испания", "португалия", "украина", "белоруссия",
    "грузия", "армения", "азербайджан", "казахстан", "узбекистан", "туркмения", "киргизия",
    "таджикистан", "молдавия", "афганистан", "индия", "канада", "аргентина", "бразилия",
    "палестина", "египет", "албания", "люксембург", "ирландия", "шотландия", "австралия",
};

constexpr std::string_view kTowns[] = {
    "москва", "ленинград", "петроград", "санкт-петербург", "петербург", "киев", "харьков",
    "одесса", "минск", "тифлис", "тбилиси", "баку", "ереван", "эривань", "ташкент", "казань",
    "горький", "нижний новгород", "саратов", "самара", "куйбышев", "свердловск", "екатеринбург",
    "новосибирск", "омск", "томск", "иркутск", "хабаровск", "владивосток", "тула", "рязань",
    "калуга", "тверь", "калинин", "ярославль", "вологда", "архангельск", "мурманск", "смоленск",
    "брянск", "орел", "курск", "воронеж", "тамбов", "пенза", "пермь", "уфа", "оренбург",
    "астрахань", "сталинград", "царицын", "рига", "таллин", "таллинн", "ревель", "вильно",
    "вильнюс", "каунас", "ковно", "варшава", "лодзь", "краков", "львов", "берлин", "париж",
    "лондон", "вена", "прага", "будапешт", "бухарест", "харбин", "шанхай", "пекин", "токио",
    "кишинев", "житомир", "винница", "днепропетровск", "екатеринослав", "полтава", "чернигов",
    "витебск", "гомель", "могилев", "гродно", "брест", "бобруйск", "ростов-на-дону",
    "краснодар", "екатеринодар", "ставрополь", "махачкала", "владикавказ", "севастополь",
    "симферополь", "ялта", "иваново", "кострома", "новгород", "псков", "петрозаводск", "вятка",
    "ижевск", "челябинск", "магнитогорск", "барнаул", "красноярск", "чита", "якутск", "магадан",
    "караганда", "алма-ата", "ашхабад", "самарканд", "бухара", "кронштадт", "воркута",
};
// clang-format on

}  // namespace

const TypeWord* FindTypeWord(std::string_view word, bool period) {
  for (const TypeWord& t : kTypeWords) {
    if (t.form == word && (period || !t.needs_period)) return &t;
  }
  return nullptr;
}

const Acronym* FindAcronym(std::string_view key) {
  for (const Acronym& a : kAcronyms) {
    if (a.form == key) return &a;
  }
  return nullptr;
}

bool IsCountry(std::string_view key) {
  for (std::string_view c : kCountries) {
    if (c == key) return true;
  }
  return false;
}

bool IsKnownTown(std::string_view key) {
  for (std::string_view c : kTowns) {
    if (c == key) return true;
  }
  return false;
}

}  // namespace memoria::places::internal
