// The role a word of a name is likely to play: common given names (with the
// usual Latin spellings of each) and surname endings, for ParseName.
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <string>
#include <unordered_set>
#include <utility>

#include "core/text.h"
#include "names/internal/name_text.h"
#include "names/names.h"

namespace memoria::names::internal {

namespace {

// Common given names, normalised (NormalizeNamePart). Not "ким": it is far
// more often a Korean surname.
constexpr std::string_view kGivenNames[] = {
    // Russian, male.
    "авраам",
    "абрам",
    "адам",
    "адольф",
    "аким",
    "александр",
    "алексей",
    "альберт",
    "анатолий",
    "андрей",
    "антон",
    "аркадий",
    "арсений",
    "артем",
    "артур",
    "архип",
    "афанасий",
    "богдан",
    "борис",
    "вадим",
    "валентин",
    "валерий",
    "варфоломей",
    "василий",
    "вениамин",
    "виктор",
    "виталий",
    "владимир",
    "владислав",
    "всеволод",
    "вячеслав",
    "гавриил",
    "генрих",
    "геннадий",
    "георгий",
    "герасим",
    "герман",
    "глеб",
    "григорий",
    "давид",
    "даниил",
    "денис",
    "дмитрий",
    "евгений",
    "егор",
    "емельян",
    "ефим",
    "ефрем",
    "захар",
    "зиновий",
    "иван",
    "игнат",
    "игнатий",
    "игорь",
    "илларион",
    "илья",
    "иосиф",
    "исаак",
    "исай",
    "карл",
    "кирилл",
    "климент",
    "константин",
    "кузьма",
    "лаврентий",
    "лазарь",
    "лев",
    "леонид",
    "лука",
    "макар",
    "максим",
    "марк",
    "матвей",
    "мефодий",
    "мирон",
    "михаил",
    "моисей",
    "назар",
    "наум",
    "никита",
    "никифор",
    "николай",
    "олег",
    "осип",
    "павел",
    "пантелеймон",
    "петр",
    "платон",
    "прохор",
    "родион",
    "роман",
    "ростислав",
    "рудольф",
    "руслан",
    "савва",
    "савелий",
    "самуил",
    "святослав",
    "семен",
    "сергей",
    "соломон",
    "спиридон",
    "станислав",
    "степан",
    "тимофей",
    "тихон",
    "трофим",
    "федор",
    "федот",
    "феликс",
    "филипп",
    "фома",
    "фрол",
    "харитон",
    "эдуард",
    "эмиль",
    "эрнст",
    "юлиан",
    "юрий",
    "яков",
    "ян",
    "ярослав",
    // Ukrainian, male (those that differ from the Russian form).
    "петро",
    "павло",
    "микола",
    "олександр",
    "олексій",
    "андрій",
    "сергій",
    "михайло",
    "дмитро",
    "володимир",
    "василь",
    "григорій",
    "федір",
    "тимофій",
    "ілля",
    "євген",
    "йосип",
    "гнат",
    "опанас",
    "панас",
    "омелян",
    "охрім",
    "остап",
    "мирослав",
    "зеновій",
    "кирило",
    "юхим",
    "трохим",
    "данило",
    "антін",
    "лукян",
    "левко",
    "марко",
    "нестор",
    "орест",
    "тарас",
    "юліан",
    "віктор",
    "анатолій",
    "леонід",
    "аркадій",
    // Russian, female.
    "агафья",
    "аграфена",
    "акулина",
    "александра",
    "алла",
    "анастасия",
    "анна",
    "антонина",
    "берта",
    "валентина",
    "варвара",
    "вера",
    "галина",
    "дарья",
    "дина",
    "ева",
    "евгения",
    "евдокия",
    "екатерина",
    "елена",
    "елизавета",
    "ефросинья",
    "зинаида",
    "зоя",
    "ида",
    "инна",
    "ирина",
    "клавдия",
    "ксения",
    "лариса",
    "лидия",
    "любовь",
    "людмила",
    "майя",
    "маргарита",
    "мария",
    "марина",
    "марфа",
    "матрена",
    "надежда",
    "наталья",
    "наталия",
    "нина",
    "ольга",
    "пелагея",
    "полина",
    "прасковья",
    "раиса",
    "ревекка",
    "роза",
    "сара",
    "светлана",
    "серафима",
    "софья",
    "софия",
    "таисия",
    "тамара",
    "татьяна",
    "ульяна",
    "фаина",
    "феодосия",
    "федосья",
    "фрида",
    "хая",
    "христина",
    "эльза",
    "эмма",
    "юлия",
    "марьяна",
    // Ukrainian, female.
    "марія",
    "олена",
    "тетяна",
    "наталія",
    "наталя",
    "катерина",
    "євдокія",
    "оксана",
    "ганна",
    "ірина",
    "надія",
    "любов",
    "параска",
    "софія",
    "уляна",
    "маряна",
    "олександра",
    "ярослава",
    "богдана",
    "соломія",
    "леся",
    "євгенія",
    "лідія",
    "зінаїда",
    "килина",
    "одарка",
    "явдоха",
};

// Latin spellings that the simple romanisation below does not reach.
constexpr std::string_view kLatinGivenNames[] = {
    "pyotr",     "pjotr",    "peter",      "fyodor",    "fjodor",    "semyon", "semjon",
    "alexander", "alexandr", "michail",    "michael",   "artyom",    "artjom", "ludmila",
    "jewgeni",   "jewgenij", "jelisaweta", "elisabeth", "katharina", "paul",   "joseph",
    "jacob",     "jakob",    "abraham",    "moses",     "solomon",   "david",  "isaak",
    "hans",      "heinrich", "friedrich",  "wilhelm",   "johann",    "otto",   "jan"};

std::string Romanise(std::u32string_view folded_cyrillic) {
  std::string out;
  for (char32_t c : folded_cyrillic) {
    static constexpr std::string_view kTable[] = {
        "a", "b", "v", "g", "d", "e",  "zh", "z",  "i",  "i",    "k", "l", "m", "n", "o",  "p",
        "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "",  "y", "",  "e", "yu", "ya"};
    if (c >= U'\u0430' && c <= U'\u044F') {
      out += kTable[c - U'\u0430'];
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// A coarse key on which the usual romanisations of one name meet:
// "Mariya", "Marija", "Maria" -> "maria"; "Wassili", "Vasiliy" -> "vasili".
std::string LatinKey(std::string_view normalized_latin) {
  icu::UnicodeString d = Normalize(Nfkd(), FromUtf8(normalized_latin));
  std::string ascii;
  for (int32_t i = 0; i < d.length();) {
    UChar32 c = d.char32At(i);
    i += U16_LENGTH(c);
    if (c >= 'a' && c <= 'z') ascii += static_cast<char>(c);
  }
  static constexpr std::pair<std::string_view, std::string_view> kRules[] = {
      {"shch", "s"}, {"szcz", "s"}, {"tsch", "c"}, {"sch", "s"}, {"tch", "c"},
      {"sh", "s"},   {"sz", "s"},   {"zh", "s"},   {"kh", "h"},  {"ch", "c"},
      {"cz", "c"},   {"ts", "c"},   {"tz", "c"},   {"ph", "f"},  {"w", "v"},
      {"x", "ks"},   {"j", "i"},    {"y", "i"},    {"z", "s"},   {"q", "k"}};
  std::string key;
  for (size_t i = 0; i < ascii.size();) {
    bool matched = false;
    for (const auto& [from, to] : kRules) {
      if (std::string_view(ascii).substr(i, from.size()) == from) {
        key += to;
        i += from.size();
        matched = true;
        break;
      }
    }
    if (!matched) key += ascii[i++];
  }
  std::string collapsed;
  for (char c : key) {
    if (collapsed.empty() || collapsed.back() != c) collapsed += c;
  }
  if (StartsWith(collapsed, "ie")) collapsed.erase(0, 1);  // Yelena, Jelena
  return collapsed;
}

struct GivenNameTables {
  std::unordered_set<std::string> cyrillic;  // FoldForMatching forms
  std::unordered_set<std::string> latin;     // LatinKey forms
};

const GivenNameTables& GivenNames() {
  static const GivenNameTables* tables = [] {
    auto* t = new GivenNameTables;
    for (std::string_view n : kGivenNames) {
      std::string folded = FoldForMatching(n);
      t->latin.insert(LatinKey(Romanise(ToU32(FromUtf8(folded)))));
      t->cyrillic.insert(std::move(folded));
    }
    for (std::string_view n : kLatinGivenNames) t->latin.insert(LatinKey(n));
    return t;
  }();
  return *tables;
}

bool HasLatin(std::string_view normalized) {
  for (char c : normalized) {
    if ((c >= 'a' && c <= 'z')) return true;
  }
  return false;
}

}  // namespace

bool IsCommonGivenName(std::string_view normalized) {
  if (normalized.empty()) return false;
  const GivenNameTables& t = GivenNames();
  if (HasLatin(normalized)) return t.latin.count(LatinKey(normalized)) > 0;
  return t.cyrillic.count(FoldForMatching(normalized)) > 0;
}

bool LooksLikeSurname(std::string_view normalized) {
  std::string folded = FoldForMatching(normalized);
  std::string_view w = folded;
  if (size_t dash = w.rfind('-'); dash != std::string_view::npos) w = w.substr(dash + 1);
  static constexpr std::string_view kCyrillic[] = {
      "ов",   "ев", "ин", "ын", "ский", "цкий",  "ской", "ова", "ева", "ина", "ына",  "ая",   "ой",
      "енко", "ук", "юк", "ян", "янц",  "швили", "дзе",  "ых",  "их",  "ман", "берг", "штейн"};
  static constexpr std::string_view kLatin[] = {
      "ov", "ev", "in", "yn", "ova", "eva", "ina", "yna", "sky", "ski", "skiy", "skii", "skij",
      "skaya", "skaja", "skaia", "ska", "enko", "uk", "yuk", "iuk", "yan", "ian", "shvili", "dze",
      "off", "ow", "owa", "ewa", "ikh", "ykh", "mann", "man", "berg", "stein",
      // Polish and Serbian surnames that end like patronymics.
      "owicz", "ewicz", "ovic", "evic"};
  if (HasLatin(w)) {
    std::string ascii;
    icu::UnicodeString d = Normalize(Nfkd(), FromUtf8(w));
    for (int32_t i = 0; i < d.length(); ++i) {
      UChar c = d.charAt(i);
      if (c >= 'a' && c <= 'z') ascii += static_cast<char>(c);
    }
    for (std::string_view e : kLatin) {
      if (EndsWith(ascii, e) && ascii.size() >= e.size() + 2) return true;
    }
    return false;
  }
  for (std::string_view e : kCyrillic) {
    if (EndsWith(w, e) && Utf8Length(w) >= Utf8Length(e) + 2) return true;
  }
  return false;
}

}  // namespace memoria::names::internal
