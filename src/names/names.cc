#include "names/names.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <unordered_set>
#include <utility>

#include "core/text.h"

namespace memoria::names {

namespace {

// ---------------------------------------------------------------------------
// Character classes.

icu::UnicodeString FromUtf8(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

std::string ToUtf8(const icu::UnicodeString& u) {
  std::string s;
  u.toUTF8String(s);
  return s;
}

std::u32string ToU32(const icu::UnicodeString& u) {
  std::u32string out;
  out.reserve(static_cast<size_t>(u.length()));
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    out.push_back(static_cast<char32_t>(c));
  }
  return out;
}

icu::UnicodeString FromU32(const std::u32string& s) {
  icu::UnicodeString u;
  for (char32_t c : s) u.append(static_cast<UChar32>(c));
  return u;
}

bool IsApostrophe(UChar32 c) {
  switch (c) {
    case 0x0027:  // '
    case 0x0060:  // `
    case 0x00B4:  // ´ (NFKD would turn it into a space and an accent)
    case 0x02B9:  // ʹ modifier prime (ALA-LC soft sign)
    case 0x02BA:  // ʺ modifier double prime (ALA-LC hard sign)
    case 0x02BB:  // ʻ
    case 0x02BC:  // ʼ Ukrainian apostrophe
    case 0x2018:  // ‘
    case 0x2019:  // ’
    case 0x2032:  // ′
    case 0xFF07:  // ＇
      return true;
    default:
      return false;
  }
}

bool IsHyphen(UChar32 c) {
  return c == 0x002D || (c >= 0x2010 && c <= 0x2014) || c == 0x2212 || c == 0xFE63 || c == 0xFF0D;
}

bool IsMark(UChar32 c) {
  int8_t t = u_charType(c);
  return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK || t == U_COMBINING_SPACING_MARK;
}

bool IsJoiner(UChar32 c) { return c == '-' || c == '\''; }

// A letter or digit that is not an apostrophe look-alike (ʼ and ʹ are
// modifier letters to ICU).
bool IsWordLetter(UChar32 c) { return u_isalnum(c) && !IsApostrophe(c); }

bool IsCyrillicLetter(UChar32 c) {
  UErrorCode err = U_ZERO_ERROR;
  return u_isalpha(c) && uscript_getScript(c, &err) == USCRIPT_CYRILLIC;
}

bool IsLatinLetter(UChar32 c) {
  UErrorCode err = U_ZERO_ERROR;
  return u_isalpha(c) && uscript_getScript(c, &err) == USCRIPT_LATIN;
}

const icu::Normalizer2* Nfkd() {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKDInstance(err);
  return U_SUCCESS(err) ? n : nullptr;
}

const icu::Normalizer2* Nfc() {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(err);
  return U_SUCCESS(err) ? n : nullptr;
}

icu::UnicodeString Normalize(const icu::Normalizer2* n, const icu::UnicodeString& s) {
  if (n == nullptr) return s;
  UErrorCode err = U_ZERO_ERROR;
  icu::UnicodeString out = n->normalize(s, err);
  return U_SUCCESS(err) ? out : s;
}

// Latin and Cyrillic letters of the same shape, by case. Lower-case b is a
// misread soft sign; upper-case B is В.
struct LookAlike {
  UChar32 latin;
  UChar32 cyrillic;
};
constexpr std::array<LookAlike, 26> kLookAlikes = {{
    {'A', 0x0410}, {'B', 0x0412}, {'C', 0x0421}, {'E', 0x0415}, {'H', 0x041D}, {'K', 0x041A},
    {'M', 0x041C}, {'O', 0x041E}, {'P', 0x0420}, {'T', 0x0422}, {'X', 0x0425}, {'Y', 0x0423},
    {'I', 0x0406}, {'a', 0x0430}, {'b', 0x044C}, {'c', 0x0441}, {'e', 0x0435}, {'h', 0x043D},
    {'k', 0x043A}, {'m', 0x043C}, {'o', 0x043E}, {'p', 0x0440}, {'t', 0x0442}, {'x', 0x0445},
    {'y', 0x0443}, {'i', 0x0456},
}};

UChar32 LatinToCyrillic(UChar32 c) {
  for (UChar32 form : {c, u_tolower(c)}) {
    for (const LookAlike& l : kLookAlikes) {
      if (l.latin == form) return l.cyrillic;
    }
  }
  return c;
}

UChar32 CyrillicToLatin(UChar32 c) {
  // Ь has no Latin twin of its own case; its lower case (ь ~ b) decides, as
  // it will on the next pass over the folded word.
  for (UChar32 form : {c, u_tolower(c)}) {
    for (const LookAlike& l : kLookAlikes) {
      if (l.cyrillic == form) return l.latin;
    }
  }
  return c;
}

// Whether a letter has a look-alike in the other script in either case
// (decided on the lower-case form, so that the decision survives folding).
bool HasLookAlike(UChar32 c) {
  UChar32 lower = u_tolower(c);
  for (const LookAlike& l : kLookAlikes) {
    if (u_tolower(l.latin) == lower || u_tolower(l.cyrillic) == lower) return true;
  }
  return false;
}

enum class Script { kUnknown, kCyrillic, kLatin };

Script PieceScript(std::u32string_view piece) {
  // Letters are counted after case folding, which can change their number
  // (ẞ -> ss), so that the second pass of NormalizeNamePart decides alike.
  icu::UnicodeString folded = FromU32(std::u32string(piece));
  folded.foldCase();
  int cyrillic = 0, latin = 0, cyrillic_only = 0, latin_only = 0;
  for (char32_t ch : ToU32(Normalize(Nfkd(), folded))) {
    UChar32 c = static_cast<UChar32>(ch);
    if (IsCyrillicLetter(c)) {
      ++cyrillic;
      if (!HasLookAlike(c)) ++cyrillic_only;
    } else if (IsLatinLetter(c)) {
      ++latin;
      if (!HasLookAlike(c)) ++latin_only;
    }
  }
  if (cyrillic_only > 0 && latin_only == 0) return Script::kCyrillic;
  if (latin_only > 0 && cyrillic_only == 0) return Script::kLatin;
  if (cyrillic > latin) return Script::kCyrillic;
  if (latin > cyrillic) return Script::kLatin;
  return Script::kUnknown;
}

// Replaces look-alike letters of the minority script in each hyphen-separated
// piece of "word".
void FixLookAlikes(std::u32string& word) {
  size_t start = 0;
  while (start < word.size()) {
    size_t end = word.find(U'-', start);
    if (end == std::u32string::npos) end = word.size();
    Script script = PieceScript(std::u32string_view(word).substr(start, end - start));
    for (size_t i = start; i < end; ++i) {
      UChar32 c = static_cast<UChar32>(word[i]);
      if (script == Script::kCyrillic) c = LatinToCyrillic(c);
      if (script == Script::kLatin) c = CyrillicToLatin(c);
      word[i] = static_cast<char32_t>(c);
    }
    start = end + 1;
  }
}

// Splits NFKD text into words of letters, digits and marks, with hyphens and
// apostrophes kept only between two letters or digits.
std::vector<std::u32string> SplitRawWords(const icu::UnicodeString& text) {
  std::u32string cps;
  for (char32_t ch : ToU32(text)) {
    if (u_charType(static_cast<UChar32>(ch)) != U_FORMAT_CHAR) cps.push_back(ch);
  }
  std::vector<std::u32string> words;
  std::u32string cur;
  auto flush = [&] {
    if (!cur.empty()) words.push_back(std::move(cur));
    cur.clear();
  };
  for (size_t i = 0; i < cps.size(); ++i) {
    UChar32 c = static_cast<UChar32>(cps[i]);
    if (IsHyphen(c) || IsApostrophe(c)) {  // before letters: ʼ and ʹ are letters to ICU
      UChar32 next = i + 1 < cps.size() ? static_cast<UChar32>(cps[i + 1]) : 0;
      if (!cur.empty() && !IsJoiner(static_cast<UChar32>(cur.back())) && IsWordLetter(next)) {
        cur.push_back(IsHyphen(c) ? U'-' : U'\'');
      } else {
        flush();
      }
    } else if (u_isalnum(c)) {
      cur.push_back(cps[i]);
    } else if (IsMark(c)) {
      if (!cur.empty() && !IsJoiner(static_cast<UChar32>(cur.back()))) cur.push_back(cps[i]);
    } else {
      flush();
    }
  }
  flush();
  return words;
}

// Whether a combining mark on a Cyrillic base makes a distinct letter.
bool KeepsCyrillicMark(UChar32 base, UChar32 mark) {
  if (mark == 0x0306) return base == 0x0438 || base == 0x0443;  // й, ў
  if (mark == 0x0308) return base == 0x0456;                    // ї
  return false;
}

// Steps 3 to 7 of NormalizeNamePart for one word.
std::string FinishWord(std::u32string word) {
  FixLookAlikes(word);
  icu::UnicodeString folded = FromU32(word);
  folded.foldCase();
  std::u32string in = ToU32(Normalize(Nfkd(), folded));
  std::u32string out;
  UChar32 base = 0;  // the last letter or digit written
  for (char32_t& ch : in) {
    if (IsApostrophe(static_cast<UChar32>(ch))) ch = U'\'';
    if (IsHyphen(static_cast<UChar32>(ch))) ch = U'-';
  }
  for (size_t i = 0; i < in.size(); ++i) {
    UChar32 c = static_cast<UChar32>(in[i]);
    if (IsMark(c)) {
      if (base == 0) continue;
      if (IsCyrillicLetter(base) && !KeepsCyrillicMark(base, c)) continue;
      out.push_back(in[i]);
    } else if (IsJoiner(c)) {
      if (out.empty() || IsJoiner(static_cast<UChar32>(out.back()))) continue;
      UChar32 next = i + 1 < in.size() ? static_cast<UChar32>(in[i + 1]) : 0;
      if (!IsWordLetter(next)) continue;
      if (c == '\'' && IsCyrillicLetter(base) && IsCyrillicLetter(next)) continue;
      out.push_back(in[i]);
      base = 0;
    } else if (u_isalnum(c)) {
      out.push_back(in[i]);
      base = c;
    }
    // Anything else (from folding or decomposition) is dropped.
  }
  while (!out.empty() && IsJoiner(static_cast<UChar32>(out.back()))) out.pop_back();
  return ToUtf8(Normalize(Nfc(), FromU32(out)));
}

// The Russian letter closest to a Ukrainian, Belarusian or pre-reform one.
char32_t FoldLetter(char32_t c) {
  switch (c) {
    case U'\u0456':  // і
    case U'\u0457':  // ї
    case U'\u0475':  // ѵ
      return U'\u0438';
    case U'\u0454':  // є
    case U'\u0463':  // ѣ
      return U'\u0435';
    case U'\u0491':  // ґ
      return U'\u0433';
    case U'\u045E':  // ў
      return U'\u0432';
    case U'\u0473':  // ѳ
      return U'\u0444';
    default:
      return c;
  }
}

}  // namespace

std::string NormalizeNamePart(std::string_view part) {
  icu::UnicodeString u = FromUtf8(part);
  // Apostrophes first: NFKD would split ´ into a space and an accent.
  icu::UnicodeString pre;
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    pre.append(IsApostrophe(c) ? static_cast<UChar32>('\'') : c);
  }
  std::string out;
  for (std::u32string& w : SplitRawWords(Normalize(Nfkd(), pre))) {
    std::string s = FinishWord(std::move(w));
    if (s.empty()) continue;
    if (!out.empty()) out += ' ';
    out += s;
  }
  return out;
}

std::vector<std::string> NormalizedWords(std::string_view text) {
  std::string n = NormalizeNamePart(text);
  std::vector<std::string> out;
  for (std::string_view w : SplitWords(n)) out.emplace_back(w);
  return out;
}

std::string FoldForMatching(std::string_view normalized) {
  std::string out;
  for (std::string_view word : SplitWords(normalized)) {
    std::u32string w = ToU32(FromUtf8(word));
    for (char32_t& c : w) c = FoldLetter(c);
    // A pre-reform hard sign at the end of a word or of a hyphenated piece
    // is dropped; pieces left empty disappear with their hyphen.
    std::u32string folded;
    size_t start = 0;
    while (start <= w.size()) {
      size_t end = w.find(U'-', start);
      if (end == std::u32string::npos) end = w.size();
      std::u32string piece = w.substr(start, end - start);
      while (!piece.empty() && piece.back() == U'\u044A') piece.pop_back();
      if (!piece.empty()) {
        if (!folded.empty()) folded.push_back(U'-');
        folded += piece;
      }
      start = end + 1;
    }
    if (folded.empty()) continue;
    if (!out.empty()) out += ' ';
    out += ToUtf8(FromU32(folded));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Patronymics and SplitFullName.

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Turkic patronymic particles: "Гасан оглы" is "son of Гасан".
bool IsTurkicParticle(std::string_view normalized_word) {
  static constexpr std::string_view kParticles[] = {"оглы", "оглу", "кызы", "улы",  "уулу",
                                                    "ogly", "ogli", "oglu", "kyzy", "kizi",
                                                    "qizi", "uly",  "uulu"};
  return std::find(std::begin(kParticles), std::end(kParticles), normalized_word) !=
         std::end(kParticles);
}

}  // namespace

bool LooksLikePatronymic(std::string_view w) {
  // "гасан оглы": a word and a particle.
  if (size_t space = w.rfind(' '); space != std::string_view::npos) {
    return space > 0 && IsTurkicParticle(w.substr(space + 1)) &&
           w.substr(0, space).find(' ') == std::string_view::npos;
  }
  while (EndsWith(w, "ъ")) w.remove_suffix(std::string_view("ъ").size());  // pre-reform
  static constexpr std::string_view kEndings[] = {
      // Russian, Ukrainian, Belarusian.
      "ович", "евич", "ич", "овна", "евна", "ична", "івна", "ївна", "авіч", "евіч", "іч", "аўна",
      "еўна",
      // Latin.
      "ovich", "evich", "ovitch", "evitch", "ovič", "evič", "ovic", "evic", "ovych", "evych",
      "owitsch", "ewitsch", "owicz", "ewicz", "ich", "itch", "ovna", "evna", "owna", "ewna",
      "ichna", "ivna"};
  std::string_view longest;
  for (std::string_view e : kEndings) {
    if (EndsWith(w, e) && e.size() > longest.size()) longest = e;
  }
  if (longest.empty()) return false;
  if (Utf8Length(w.substr(0, w.size() - longest.size())) < 2) return false;  // "ович", "бич"
  return !EndsWith(w, "rich") && !EndsWith(w, "ritch");                      // Ulrich, Heinrich
}

FullName SplitFullName(std::string_view text) {
  std::string collapsed = CollapseSpace(text);
  std::vector<std::string_view> words = SplitWords(collapsed);
  FullName n;
  if (words.empty()) return n;
  n.surname = std::string(words[0]);
  if (words.size() == 1) return n;
  size_t last = words.size() - 1;
  size_t patronymic_begin = words.size();  // none
  if (words.size() >= 4 && IsTurkicParticle(NormalizeNamePart(words[last]))) {
    patronymic_begin = last - 1;
  } else if (words.size() >= 3 && LooksLikePatronymic(NormalizeNamePart(words[last]))) {
    patronymic_begin = last;
  }
  for (size_t i = 1; i < patronymic_begin; ++i) {
    if (!n.given.empty()) n.given += ' ';
    n.given += words[i];
  }
  for (size_t i = patronymic_begin; i < words.size(); ++i) {
    if (!n.patronymic.empty()) n.patronymic += ' ';
    n.patronymic += words[i];
  }
  return n;
}

// ---------------------------------------------------------------------------
// ParseName.

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

struct Token {
  std::string raw;   // as written
  std::string norm;  // NormalizeNamePart(raw)
  bool period_after = false;
  bool comma_after = false;
  bool in_parens = false;
  bool has_digit = false;
  bool initial = false;
  bool all_caps = false;  // two or more letters, none lower case
  bool has_lower = false;
  // Heuristic features, filled for core tokens.
  bool given_name = false;
  bool surname_like = false;
  bool patronymic = false;
  bool particle = false;
};

bool IsLatinDigraphInitial(std::string_view norm) {
  static constexpr std::string_view kDigraphs[] = {"zh", "sh", "ch", "kh", "ts", "yu", "ya",
                                                   "ye", "yo", "ju", "ja", "je", "jo"};
  return std::find(std::begin(kDigraphs), std::end(kDigraphs), norm) != std::end(kDigraphs);
}

std::vector<Token> Tokenize(std::string_view text) {
  icu::UnicodeString u = FromUtf8(text);
  std::vector<Token> tokens;
  int depth = 0;
  int32_t i = 0;
  while (i < u.length()) {
    UChar32 c = u.char32At(i);
    if (!IsWordLetter(c)) {
      if (c == '(' || c == '[' || c == 0xFF08) ++depth;
      if ((c == ')' || c == ']' || c == 0xFF09) && depth > 0) --depth;
      if (!tokens.empty()) {
        if (c == '.' || c == 0xFF0E || c == 0x3002) tokens.back().period_after = true;
        if (c == ',' || c == ';' || c == 0xFF0C || c == 0x3001) tokens.back().comma_after = true;
      }
      i += U16_LENGTH(c);
      continue;
    }
    int32_t start = i;
    int32_t end = i;
    while (end < u.length()) {
      UChar32 d = u.char32At(end);
      int32_t len = U16_LENGTH(d);
      if (IsHyphen(d) || IsApostrophe(d)) {
        if (end + len < u.length() && IsWordLetter(u.char32At(end + len))) {
          end += len;
          continue;
        }
        break;
      }
      if (u_isalnum(d) || IsMark(d) || u_charType(d) == U_FORMAT_CHAR) {
        end += len;
        continue;
      }
      break;
    }
    Token t;
    t.raw = ToUtf8(u.tempSubStringBetween(start, end));
    t.norm = NormalizeNamePart(t.raw);
    t.in_parens = depth > 0;
    int letters = 0;
    bool has_upper = false;
    for (int32_t k = start; k < end;) {
      UChar32 d = u.char32At(k);
      k += U16_LENGTH(d);
      if (u_isdigit(d)) t.has_digit = true;
      if (!u_isalpha(d)) continue;
      ++letters;
      if (u_isULowercase(d)) t.has_lower = true;
      if (u_isUUppercase(d)) has_upper = true;
    }
    t.all_caps = letters >= 2 && has_upper && !t.has_lower;
    i = end;
    // Needed now for digraph initials; the separator branch above records a
    // period that follows after white space.
    if (end < u.length() && (u.char32At(end) == '.' || u.char32At(end) == 0xFF0E)) {
      t.period_after = true;
    }
    t.initial = !t.has_digit && (letters == 1 || (t.period_after && IsLatinDigraphInitial(t.norm)));
    if (!t.norm.empty()) tokens.push_back(std::move(t));
  }
  return tokens;
}

// The number of tokens of a maiden-name marker starting at tokens[i], or 0.
size_t MaidenMarkerAt(const std::vector<Token>& tokens, size_t i) {
  std::string a = FoldForMatching(tokens[i].norm);
  std::string b = i + 1 < tokens.size() ? FoldForMatching(tokens[i + 1].norm) : std::string();
  static constexpr std::pair<std::string_view, std::string_view> kPairs[] = {{"в", "девичестве"},
                                                                             {"девичья", "фамилия"},
                                                                             {"дивоче", "призвище"},
                                                                             {"дев", "фам"},
                                                                             {"z", "domu"}};
  for (const auto& [first, second] : kPairs) {
    if (a == first && b == second) return 2;
  }
  if (StartsWith(a, "урожд") || StartsWith(a, "уродж")) return 1;
  static constexpr std::string_view kSingle[] = {"geb", "geborene", "geborne", "née", "nee", "né"};
  if (std::find(std::begin(kSingle), std::end(kSingle), a) != std::end(kSingle)) return 1;
  if (a == "born" && i > 0) return 1;
  return 0;
}

struct Layout {
  int surname = -1;  // index into the core tokens, -1 for none
  std::vector<int> given;
  std::vector<int> patronymic;
  std::vector<int> surplus;
  int score = 0;
};

// Splits forenames into given name(s) and patronymic (rule 4 in names.h).
void AssignForenames(const std::vector<Token>& core, const std::vector<int>& f, Layout* l) {
  const size_t m = f.size();
  size_t given_end = m;
  if (m >= 3 && core[f[m - 1]].particle) {
    l->patronymic = {f[m - 2], f[m - 1]};
    given_end = m - 2;
  } else if (m >= 2 && ((!core[f[m - 1]].initial && core[f[m - 1]].patronymic &&
                         !core[f[m - 1]].given_name) ||
                        core[f[m - 1]].initial)) {
    l->patronymic = {f[m - 1]};
    given_end = m - 1;
  }
  size_t given_max = (given_end > 0 && core[f[0]].initial) ? 1 : 2;
  for (size_t i = 0; i < given_end; ++i) {
    (i < given_max ? l->given : l->surplus).push_back(f[i]);
  }
}

int ScoreLayout(const std::vector<Token>& core, Layout* l) {
  int s = 0;
  if (l->surname >= 0) {
    const Token& t = core[l->surname];
    if (t.initial) {
      s -= 10;
    } else if (t.given_name) {
      s -= 3;
    } else {
      if (t.patronymic) s -= 2;
      if (t.surname_like) s += 2;
    }
    if (t.all_caps) {
      for (const Token& o : core) {
        if (!o.initial && o.has_lower) {
          s += 4;
          break;
        }
      }
    }
    if (l->surname == 0 && t.comma_after && core.size() > 1) s += 5;
  } else {
    s -= 3;  // a name without a surname is possible but unusual
  }
  if (!l->given.empty()) {
    const Token& g = core[l->given[0]];
    if (g.given_name) {
      s += 3;
    } else if (g.initial) {
      s += 1;
    } else if (g.surname_like) {
      s -= 1;
    }
  }
  if (!l->patronymic.empty()) {
    const Token& p = core[l->patronymic.back()];
    if (p.particle || (!p.initial && p.patronymic)) s += 2;
  }
  return s;
}

std::string JoinRaw(const std::vector<Token>& core, const std::vector<int>& idx) {
  std::string out;
  for (int i : idx) {
    if (!out.empty()) out += ' ';
    out += core[i].raw;
  }
  return out;
}

}  // namespace

ParsedName ParseName(std::string_view text) {
  ParsedName out;
  std::vector<Token> tokens = Tokenize(text);
  // Rule 2: maiden markers, parenthesised words and words with digits.
  std::vector<bool> consumed(tokens.size(), false);
  for (size_t i = 0; i < tokens.size() && out.maiden.empty(); ++i) {
    size_t len = MaidenMarkerAt(tokens, i);
    if (len == 0) continue;
    for (size_t k = i; k < i + len; ++k) consumed[k] = true;
    size_t j = i + len;
    if (j < tokens.size() && !tokens[j].initial && !tokens[j].has_digit &&
        MaidenMarkerAt(tokens, j) == 0) {
      out.maiden = tokens[j].raw;
      consumed[j] = true;
    }
    i = j;
  }
  std::vector<Token> core;
  std::vector<std::pair<size_t, std::string>> unplaced;  // (position, word)
  std::vector<size_t> core_pos;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (consumed[i]) continue;
    if (tokens[i].in_parens || tokens[i].has_digit) {
      unplaced.emplace_back(i, tokens[i].raw);
      continue;
    }
    Token t = tokens[i];
    t.given_name = !t.initial && IsCommonGivenName(t.norm);
    t.surname_like = !t.initial && LooksLikeSurname(t.norm);
    t.patronymic = !t.initial && LooksLikePatronymic(t.norm);
    t.particle = IsTurkicParticle(t.norm);
    core.push_back(std::move(t));
    core_pos.push_back(i);
  }
  const int n = static_cast<int>(core.size());
  Layout best;
  if (n == 1) {
    if (core[0].initial || core[0].given_name) {
      best.given = {0};
    } else {
      best.surname = 0;
    }
  } else if (n >= 2) {
    std::vector<Layout> layouts(3);
    std::vector<int> all(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) all[static_cast<size_t>(i)] = i;
    // Surname first (+1: the order of Soviet and Memorial lists).
    layouts[0].surname = 0;
    AssignForenames(core, std::vector<int>(all.begin() + 1, all.end()), &layouts[0]);
    layouts[0].score = ScoreLayout(core, &layouts[0]) + 1;
    // Surname last.
    layouts[1].surname = n - 1;
    AssignForenames(core, std::vector<int>(all.begin(), all.end() - 1), &layouts[1]);
    layouts[1].score = ScoreLayout(core, &layouts[1]);
    // No surname: "Иван Петрович", "И. И.".
    AssignForenames(core, all, &layouts[2]);
    layouts[2].score = ScoreLayout(core, &layouts[2]);
    best = layouts[0];
    for (const Layout& l : layouts) {
      if (l.score > best.score) best = l;
    }
  }
  if (best.surname >= 0) out.surname = core[best.surname].raw;
  out.given = JoinRaw(core, best.given);
  out.given_is_initial = best.given.size() == 1 && core[best.given[0]].initial;
  out.patronymic = JoinRaw(core, best.patronymic);
  out.patronymic_is_initial = best.patronymic.size() == 1 && core[best.patronymic[0]].initial;
  for (int i : best.surplus) unplaced.emplace_back(core_pos[static_cast<size_t>(i)], core[i].raw);
  std::sort(unplaced.begin(), unplaced.end());
  for (auto& [pos, word] : unplaced) out.unplaced.push_back(std::move(word));
  return out;
}

}  // namespace memoria::names
