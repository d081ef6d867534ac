#include "names/names.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace memoria::names {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// ---------------------------------------------------------------------------
// NormalizeNamePart

TEST(NormalizeNamePartTest, FoldsCaseAndYoToYe) {
  EXPECT_EQ(NormalizeNamePart("Ёлкин"), "елкин");
  EXPECT_EQ(NormalizeNamePart("ЩЁЛОКОВ"), "щелоков");
  EXPECT_EQ(NormalizeNamePart("Е\u0308лкин"), "елкин");  // decomposed ё
  EXPECT_EQ(NormalizeNamePart("IVANOV"), "ivanov");
}

TEST(NormalizeNamePartTest, KeepsTheHeaderExample) {
  EXPECT_EQ(NormalizeNamePart("  Щёлоков-Ивáнов "), "щелоков-иванов");
}

TEST(NormalizeNamePartTest, DropsStressAccentsOnCyrillicLetters) {
  EXPECT_EQ(NormalizeNamePart("Ки\u0301ров"), "киров");
  EXPECT_EQ(NormalizeNamePart("Кирo\u0300в"), "киров");
  EXPECT_EQ(NormalizeNamePart("Ив\u00E1нов"), "иванов");  // precomposed Latin á
}

TEST(NormalizeNamePartTest, KeepsMarksThatMakeDistinctCyrillicLetters) {
  EXPECT_EQ(NormalizeNamePart("Сергей"), "сергей");
  EXPECT_EQ(NormalizeNamePart("Сергеи\u0306"), "сергей");  // decomposed й
  EXPECT_EQ(NormalizeNamePart("Ї\u0301жак"), "їжак");
  EXPECT_EQ(NormalizeNamePart("І\u0308жак"), "їжак");  // decomposed ї
  EXPECT_EQ(NormalizeNamePart("Даўгалёў"), "даўгалеў");
  EXPECT_EQ(NormalizeNamePart("Дау\u0306галеу\u0306"), "даўгалеў");
}

TEST(NormalizeNamePartTest, KeepsUkrainianAndBelarusianLettersDistinct) {
  EXPECT_EQ(NormalizeNamePart("Іван Їжак Євген Ґудзь Ўладзімір"),
            "іван їжак євген ґудзь ўладзімір");
  EXPECT_EQ(NormalizeNamePart("Микола"), "микола");
}

TEST(NormalizeNamePartTest, KeepsLatinDiacriticsComposed) {
  EXPECT_EQ(NormalizeNamePart("Ščerbakova"), "ščerbakova");
  EXPECT_EQ(NormalizeNamePart("S\u030Cc\u030Cerbakova"), "ščerbakova");
  EXPECT_EQ(NormalizeNamePart("Müller"), "müller");
  EXPECT_EQ(NormalizeNamePart("Wałęsa"), "wałęsa");
}

TEST(NormalizeNamePartTest, MapsLatinLookAlikesInsideCyrillicWords) {
  EXPECT_EQ(NormalizeNamePart("Ивaнов"), "иванов");  // Latin a
  EXPECT_EQ(NormalizeNamePart("ИВAНOВ"), "иванов");  // Latin A, O
  EXPECT_EQ(NormalizeNamePart("Xaритонов"), "харитонов");
  EXPECT_EQ(NormalizeNamePart("Tимoфеев"), "тимофеев");
  EXPECT_EQ(NormalizeNamePart("Мapия"), "мария");
  EXPECT_EQ(NormalizeNamePart("Mиp"), "мир");  // two Latin letters of three
  EXPECT_EQ(NormalizeNamePart("Bacильeв"), "васильев");
  EXPECT_EQ(NormalizeNamePart("Ильинcкий"), "ильинский");
  EXPECT_EQ(NormalizeNamePart("Кузьмuн"), "кузьмuн");  // u has no look-alike
  EXPECT_EQ(NormalizeNamePart("Ky3bмин"), "ку3ьмин");  // b is a misread soft sign
  EXPECT_EQ(NormalizeNamePart("Iванов"), "іванов");    // Latin I is Ukrainian І
  EXPECT_EQ(NormalizeNamePart("Kовaль Hадiя"), "коваль надія");
}

TEST(NormalizeNamePartTest, MapsCyrillicLookAlikesInsideLatinWords) {
  EXPECT_EQ(NormalizeNamePart("Ivаnоv"), "ivanov");  // Cyrillic а, о
  EXPECT_EQ(NormalizeNamePart("Petrоv"), "petrov");
  EXPECT_EQ(NormalizeNamePart("Кoval"), "koval");
  EXPECT_EQ(NormalizeNamePart("SМIRNОVА"), "smirnova");
  EXPECT_EQ(NormalizeNamePart("Вraun"), "braun");
}

TEST(NormalizeNamePartTest, DecidesTheScriptOfEachHyphenatedPiece) {
  EXPECT_EQ(NormalizeNamePart("Ivanov-Иванов"), "ivanov-иванов");
  EXPECT_EQ(NormalizeNamePart("Петрoв-Vоdkin"), "петров-vodkin");
}

TEST(NormalizeNamePartTest, LeavesWordsOfOneScriptAndTiesAlone) {
  EXPECT_EQ(NormalizeNamePart("СССР"), "ссср");        // all Cyrillic
  EXPECT_EQ(NormalizeNamePart("CCCP"), "cccp");        // all Latin
  EXPECT_EQ(NormalizeNamePart("\u0420o"), "\u0440o");  // Cyrillic Р, Latin o: a tie
}

TEST(NormalizeNamePartTest, TreatsEveryKindOfWhiteSpaceAsOneSpace) {
  EXPECT_EQ(NormalizeNamePart("Иванов\u00A0Иван"), "иванов иван");
  EXPECT_EQ(NormalizeNamePart("\u2003Иванов\t\n Иван\u202F\u3000Иванович  "),
            "иванов иван иванович");
  EXPECT_EQ(NormalizeNamePart("   "), "");
}

TEST(NormalizeNamePartTest, DeletesSoftHyphensAndZeroWidthCharacters) {
  EXPECT_EQ(NormalizeNamePart("Ива\u00ADнов"), "иванов");
  EXPECT_EQ(NormalizeNamePart("Ива\u200Bнов\u200D"), "иванов");
  EXPECT_EQ(NormalizeNamePart("\uFEFFИванов"), "иванов");
}

TEST(NormalizeNamePartTest, KeepsHyphensOnlyInsideWords) {
  EXPECT_EQ(NormalizeNamePart("Петров-Водкин"), "петров-водкин");
  EXPECT_EQ(NormalizeNamePart("Петров\u2013Водкин"), "петров-водкин");  // en dash
  EXPECT_EQ(NormalizeNamePart("Петров\u2011Водкин"), "петров-водкин");  // non-breaking
  EXPECT_EQ(NormalizeNamePart("Петров - Водкин"), "петров водкин");
  EXPECT_EQ(NormalizeNamePart("Петров--Водкин"), "петров водкин");
  EXPECT_EQ(NormalizeNamePart("-Петров-"), "петров");
  EXPECT_EQ(NormalizeNamePart("Иванов 2-й"), "иванов 2-й");
}

TEST(NormalizeNamePartTest, DropsApostrophesBetweenCyrillicLetters) {
  EXPECT_EQ(NormalizeNamePart("Мар'яна"), "маряна");
  EXPECT_EQ(NormalizeNamePart("Мар\u02BCяна"), "маряна");
  EXPECT_EQ(NormalizeNamePart("В\u2019ячеслав"), "вячеслав");
  EXPECT_EQ(NormalizeNamePart("Д'Артаньян"), "дартаньян");
}

TEST(NormalizeNamePartTest, KeepsApostrophesInLatinWordsAsAscii) {
  EXPECT_EQ(NormalizeNamePart("O'Brien"), "o'brien");
  EXPECT_EQ(NormalizeNamePart("O\u2019Brien"), "o'brien");
  EXPECT_EQ(NormalizeNamePart("Il\u02B9in"), "il'in");  // ALA-LC soft sign
  EXPECT_EQ(NormalizeNamePart("Il\u00B4in"), "il'in");
  EXPECT_EQ(NormalizeNamePart("'Ivanov'"), "ivanov");
  EXPECT_EQ(NormalizeNamePart("Ivanov ' Ivan"), "ivanov ivan");
}

TEST(NormalizeNamePartTest, SeparatesWordsAtOtherPunctuation) {
  EXPECT_EQ(NormalizeNamePart("Иванов,Иван"), "иванов иван");
  EXPECT_EQ(NormalizeNamePart("Иванов И.И."), "иванов и и");
  EXPECT_EQ(NormalizeNamePart("«Иванов»"), "иванов");
  EXPECT_EQ(NormalizeNamePart("Иванова (Петрова)"), "иванова петрова");
}

TEST(NormalizeNamePartTest, UnfoldsCompatibilityForms) {
  EXPECT_EQ(NormalizeNamePart("\uFF29\uFF36\uFF21\uFF2E\uFF2F\uFF36"), "ivanov");  // full width
  EXPECT_EQ(NormalizeNamePart("\uFB01latov"), "filatov");                          // ﬁ ligature
  EXPECT_EQ(NormalizeNamePart("Straße"), "strasse");
}

TEST(NormalizeNamePartTest, ReturnsSomethingSaneForJunk) {
  EXPECT_EQ(NormalizeNamePart(""), "");
  EXPECT_EQ(NormalizeNamePart("..."), "");
  EXPECT_EQ(NormalizeNamePart("---"), "");
  EXPECT_EQ(NormalizeNamePart("'''"), "");
  EXPECT_EQ(NormalizeNamePart("()[]{}!?*"), "");
  EXPECT_EQ(NormalizeNamePart("\u0301\u0308"), "");  // marks without a letter
  EXPECT_EQ(NormalizeNamePart(std::string("\x01\x02Иван\x7f\x1b", 12)), "иван");
  EXPECT_EQ(NormalizeNamePart(std::string("Ив\0ан", 9)), "ив ан");
  EXPECT_EQ(NormalizeNamePart("Ким 金 김"), "ким 金 김");
}

TEST(NormalizeNamePartTest, HandlesTenKilobyteInputs) {
  std::string names, expected;
  for (int i = 0; i < 800; ++i) {
    names += "Иванов ";
    if (!expected.empty()) expected += ' ';
    expected += "иванов";
  }
  ASSERT_GT(names.size(), 10000u);
  EXPECT_EQ(NormalizeNamePart(names), expected);
  EXPECT_EQ(NormalizeNamePart(std::string(10240, '.')), "");
  EXPECT_EQ(NormalizeNamePart(std::string(10240, 'a')), std::string(10240, 'a'));
  std::string hyphens;
  for (int i = 0; i < 3000; ++i) hyphens += "а-";
  EXPECT_EQ(NormalizeNamePart(hyphens).size(), 3000u * 3 - 1);
}

// Inputs covering every rule; each must be a fixed point after one pass.
const std::vector<std::string>& IdempotenceInputs() {
  static const std::vector<std::string> inputs = {
      "  Щёлоков-Ивáнов ",
      "Ивaнов",
      "Ivаnоv",
      "Мар'яна",
      "O'Brien",
      "Il\u02B9in",
      "Ро",
      "Петров - Водкин",
      "Петров\u2013Водкин",
      "Ива\u00ADнов",
      "Іван Їжак",
      "І\u0308жак",
      "Сергеи\u0306",
      "Ščerbakova",
      "S\u030Ccerbakova",
      "Straße",
      "\uFB01latov",
      "Ky3bмин",
      "а-'б",
      "a'-b",
      "--a--",
      "ǅemal",
      "\u0130stanbul",
      "\u0149",
      "Ǆ",
      "ΐ",
      "Ὰͅ",
      "\u1E9E",
      "Ма\u0301\u0306рия",
      "у\u0306\u0308",
      "i\u0308",
      "Ї",
      "ИВAНOВ-Petrоv",
      "金 김 Ким",
      "Иванов И.И.",
      "\x01\x02",
      "",
      "ﾊﾟ",
      "Ⅻ",
      "①",
      "x\u0301-\u0301y",
      "1\u0318\u042Cro" /* fuzz: capital soft sign in a Latin word */};
  return inputs;
}

TEST(NormalizeNamePartTest, IsIdempotentOnAListOfInputs) {
  for (const std::string& s : IdempotenceInputs()) {
    const std::string once = NormalizeNamePart(s);
    EXPECT_EQ(NormalizeNamePart(once), once) << "input: " << s;
  }
}

// A small deterministic generator (no wall clock, no global seed).
class Lcg {
 public:
  explicit Lcg(uint64_t seed) : state_(seed) {}
  uint32_t Next(uint32_t bound) {
    state_ = state_ * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<uint32_t>((state_ >> 33) % bound);
  }

 private:
  uint64_t state_;
};

std::string RandomName(Lcg& rng) {
  static const std::vector<std::string> kPieces = {
      "а",      "в",      "с",      "е",      "н",      "к",      "м",      "о",      "р",
      "т",      "х",      "у",      "ь",      "і",      "и",      "л",      "ж",      "ё",
      "й",      "ї",      "є",      "ґ",      "ў",      "ъ",      "ѣ",      "a",      "b",
      "c",      "e",      "h",      "k",      "m",      "o",      "p",      "t",      "x",
      "y",      "i",      "u",      "l",      "A",      "B",      "I",      "Ё",      "Ї",
      "Ў",      "ß",      "ẞ",      "İ",      "ŉ",      "Ǆ",      "ǅ",      "ﬁ",      "Ｉ",
      "\u0301", "\u0306", "\u0308", "\u0327", "\u20DD", "'",      "\u2019", "\u02BC", "\u00B4",
      "-",      "\u2013", "\u2011", " ",      "\u00A0", "\u00AD", "\u200B", ".",      ",",
      "(",      ")",      "1",      "2",      "金",     "김",     "ΐ",      "ͅ",       "\t",
      "\x01",   "№",      "Ⅻ",      "ﾊﾟ"};
  std::string s;
  const uint32_t len = rng.Next(12);
  for (uint32_t i = 0; i < len; ++i) s += kPieces[rng.Next(static_cast<uint32_t>(kPieces.size()))];
  return s;
}

TEST(NormalizeNamePartTest, IsIdempotentOnGeneratedInputs) {
  Lcg rng(20240601);
  for (int i = 0; i < 20000; ++i) {
    const std::string s = RandomName(rng);
    const std::string once = NormalizeNamePart(s);
    ASSERT_EQ(NormalizeNamePart(once), once) << "input: " << s;
    const std::string folded = FoldForMatching(once);
    ASSERT_EQ(FoldForMatching(folded), folded) << "input: " << s;
    ParsedName p = ParseName(s);
    (void)p;
  }
}

// ---------------------------------------------------------------------------
// NormalizedWords

TEST(NormalizedWordsTest, SplitsOnSpacesAndPunctuation) {
  EXPECT_THAT(NormalizedWords("Иванов И.И."), ElementsAre("иванов", "и", "и"));
  EXPECT_THAT(NormalizedWords("Петров-Водкин, Кузьма"), ElementsAre("петров-водкин", "кузьма"));
  EXPECT_THAT(NormalizedWords("Мар'яна\u00A0Ивaнова"), ElementsAre("маряна", "иванова"));
  EXPECT_THAT(NormalizedWords(" ... "), IsEmpty());
}

// ---------------------------------------------------------------------------
// FoldForMatching

TEST(FoldForMatchingTest, MapsUkrainianAndBelarusianLettersToRussian) {
  EXPECT_EQ(FoldForMatching("іван"), "иван");
  EXPECT_EQ(FoldForMatching("їжак"), "ижак");
  EXPECT_EQ(FoldForMatching("євгенія"), "евгения");
  EXPECT_EQ(FoldForMatching("ґудзь"), "гудзь");
  EXPECT_EQ(FoldForMatching("даўгалеў"), "давгалев");
}

TEST(FoldForMatchingTest, KeepsUkrainianIAsI) {
  EXPECT_EQ(FoldForMatching("микола"), "микола");
  EXPECT_EQ(FoldForMatching("кирило"), "кирило");
}

TEST(FoldForMatchingTest, MapsPreReformSpelling) {
  EXPECT_EQ(FoldForMatching("ѳедоръ"), "федор");
  EXPECT_EQ(FoldForMatching("ѣвдокимовъ"), "евдокимов");
  EXPECT_EQ(FoldForMatching("ѵпатiй"), "ипатiй");  // a Latin i stays Latin
  EXPECT_EQ(FoldForMatching("ивановъ-петровъ"), "иванов-петров");
  EXPECT_EQ(FoldForMatching("подъячев"), "подъячев");  // ъ inside a word stays
  EXPECT_EQ(FoldForMatching("ъ"), "");
}

TEST(FoldForMatchingTest, PassesLatinDigitsAndSpacesThrough) {
  EXPECT_EQ(FoldForMatching("ivanov il'in ščerbakova"), "ivanov il'in ščerbakova");
  EXPECT_EQ(FoldForMatching("іван іванович 2-й"), "иван иванович 2-й");
  EXPECT_EQ(FoldForMatching(""), "");
}

TEST(FoldForMatchingTest, MatchesUkrainianAndRussianSpellingsAfterNormalisation) {
  EXPECT_EQ(FoldForMatching(NormalizeNamePart("Євгенія Іванівна")),
            FoldForMatching(NormalizeNamePart("Евгения Иванивна")));
  EXPECT_EQ(FoldForMatching(NormalizeNamePart("Ивановъ")), FoldForMatching("иванов"));
}

TEST(FoldForMatchingTest, IsIdempotent) {
  for (const std::string& s : IdempotenceInputs()) {
    const std::string once = FoldForMatching(NormalizeNamePart(s));
    EXPECT_EQ(FoldForMatching(once), once) << "input: " << s;
  }
  EXPECT_EQ(FoldForMatching("ъъ ъ-ъ аъ"), "а");
}

// ---------------------------------------------------------------------------
// LooksLikePatronymic

TEST(LooksLikePatronymicTest, RecognisesRussianUkrainianAndBelarusianEndings) {
  for (std::string_view w :
       {"иванович", "сергеевич", "ильич", "кузьмич", "ивановна", "сергеевна", "ильинична",
        "саввична", "іванович", "іванівна", "андріївна", "іванавіч", "іванаўна", "ивановичъ"}) {
    EXPECT_TRUE(LooksLikePatronymic(w)) << w;
  }
}

TEST(LooksLikePatronymicTest, RecognisesLatinEndings) {
  for (std::string_view w :
       {"ivanovich", "sergeevich", "ivanovitch", "ivanovna", "lazarevna", "iwanowitsch", "iwanowna",
        "iwanowicz", "ivanovych", "ivanivna", "il'ich", "kuzmich", "ivanovič", "il'inichna"}) {
    EXPECT_TRUE(LooksLikePatronymic(w)) << w;
  }
}

TEST(LooksLikePatronymicTest, RecognisesTurkicPatronymicsWithParticle) {
  EXPECT_TRUE(LooksLikePatronymic("гасан оглы"));
  EXPECT_TRUE(LooksLikePatronymic("али кызы"));
  EXPECT_TRUE(LooksLikePatronymic("hasan ogly"));
  EXPECT_FALSE(LooksLikePatronymic("оглы"));
  EXPECT_FALSE(LooksLikePatronymic("гасан оглы ахмед"));
  EXPECT_FALSE(LooksLikePatronymic("ахмед гасан оглы"));
}

TEST(LooksLikePatronymicTest, RejectsNamesAndShortWords) {
  for (std::string_view w : {"иван", "иванов", "ич", "бич", "ович", "ulrich", "heinrich",
                             "dietrich", "ivan", "", "мария"}) {
    EXPECT_FALSE(LooksLikePatronymic(w)) << w;
  }
}

// ---------------------------------------------------------------------------
// SplitFullName

TEST(SplitFullNameTest, SplitsSurnameGivenPatronymic) {
  FullName n = SplitFullName("Щербакова Ирина Лазаревна");
  EXPECT_EQ(n.surname, "Щербакова");
  EXPECT_EQ(n.given, "Ирина");
  EXPECT_EQ(n.patronymic, "Лазаревна");
}

TEST(SplitFullNameTest, KeepsTwoWordKoreanGivenNamesTogether) {
  FullName n = SplitFullName("Ким Ен Сик");
  EXPECT_EQ(n.surname, "Ким");
  EXPECT_EQ(n.given, "Ен Сик");
  EXPECT_EQ(n.patronymic, "");
  n = SplitFullName("Ким Ен Сик Иванович");
  EXPECT_EQ(n.given, "Ен Сик");
  EXPECT_EQ(n.patronymic, "Иванович");
}

TEST(SplitFullNameTest, NeverReorders) {
  FullName n = SplitFullName("Иван Иванович Иванов");
  EXPECT_EQ(n.surname, "Иван");
  EXPECT_EQ(n.given, "Иванович Иванов");
  EXPECT_EQ(n.patronymic, "");
}

TEST(SplitFullNameTest, HandlesShortInputs) {
  FullName n = SplitFullName("Иванов Иван");
  EXPECT_EQ(n.surname, "Иванов");
  EXPECT_EQ(n.given, "Иван");
  EXPECT_EQ(n.patronymic, "");
  n = SplitFullName("  Иванов ");
  EXPECT_EQ(n.surname, "Иванов");
  EXPECT_EQ(n.given, "");
  n = SplitFullName("");
  EXPECT_EQ(n.surname, "");
  n = SplitFullName("Иванов Иванович");  // two words: no patronymic
  EXPECT_EQ(n.given, "Иванович");
  EXPECT_EQ(n.patronymic, "");
}

TEST(SplitFullNameTest, KeepsSpellingAndCollapsesSpace) {
  FullName n = SplitFullName(" ИВАНОВ\u00A0 Иван  Ивановичъ ");
  EXPECT_EQ(n.surname, "ИВАНОВ");
  EXPECT_EQ(n.given, "Иван");
  EXPECT_EQ(n.patronymic, "Ивановичъ");
}

TEST(SplitFullNameTest, RecognisesUkrainianAndLatinPatronymics) {
  FullName n = SplitFullName("Коваль Надія Іванівна");
  EXPECT_EQ(n.given, "Надія");
  EXPECT_EQ(n.patronymic, "Іванівна");
  n = SplitFullName("Shcherbakova Irina Lazarevna");
  EXPECT_EQ(n.surname, "Shcherbakova");
  EXPECT_EQ(n.given, "Irina");
  EXPECT_EQ(n.patronymic, "Lazarevna");
  n = SplitFullName("Schmidt Hans Ulrich");
  EXPECT_EQ(n.given, "Hans Ulrich");
  EXPECT_EQ(n.patronymic, "");
}

TEST(SplitFullNameTest, KeepsATurkicPatronymicWithItsParticle) {
  FullName n = SplitFullName("Алиев Ахмед Гасан оглы");
  EXPECT_EQ(n.surname, "Алиев");
  EXPECT_EQ(n.given, "Ахмед");
  EXPECT_EQ(n.patronymic, "Гасан оглы");
}

// ---------------------------------------------------------------------------
// ParseName

struct Expected {
  std::string surname, given, patronymic, maiden;
  bool given_is_initial = false;
  bool patronymic_is_initial = false;
  std::vector<std::string> unplaced = {};
};

void ExpectParsed(std::string_view text, const Expected& e) {
  SCOPED_TRACE(std::string(text));
  ParsedName p = ParseName(text);
  EXPECT_EQ(p.surname, e.surname);
  EXPECT_EQ(p.given, e.given);
  EXPECT_EQ(p.patronymic, e.patronymic);
  EXPECT_EQ(p.maiden, e.maiden);
  EXPECT_EQ(p.given_is_initial, e.given_is_initial);
  EXPECT_EQ(p.patronymic_is_initial, e.patronymic_is_initial);
  EXPECT_EQ(p.unplaced, e.unplaced);
}

TEST(ParseNameTest, ReadsSurnameFirst) {
  ExpectParsed("Иванов Иван Иванович", {"Иванов", "Иван", "Иванович", ""});
  ExpectParsed("Щербакова Ирина Лазаревна", {"Щербакова", "Ирина", "Лазаревна", ""});
}

TEST(ParseNameTest, ReadsSurnameLast) {
  ExpectParsed("Иван Иванович Иванов", {"Иванов", "Иван", "Иванович", ""});
  ExpectParsed("Ирина Лазаревна Щербакова", {"Щербакова", "Ирина", "Лазаревна", ""});
}

TEST(ParseNameTest, ReadsInitialsAfterTheSurname) {
  Expected e{"Иванов", "И", "И", "", true, true};
  ExpectParsed("Иванов И.И.", e);
  ExpectParsed("Иванов И. И.", e);
  ExpectParsed("Иванов И И", e);
  ExpectParsed("Иванов, И. И.", e);
}

TEST(ParseNameTest, ReadsInitialsBeforeTheSurname) {
  Expected e{"Иванов", "И", "И", "", true, true};
  ExpectParsed("И. И. Иванов", e);
  ExpectParsed("И.И.Иванов", e);
  ExpectParsed("I. I. Ivanov", {"Ivanov", "I", "I", "", true, true});
}

TEST(ParseNameTest, ReadsAGivenNameWithAPatronymicInitial) {
  ExpectParsed("Иванов Иван И.", {"Иванов", "Иван", "И", "", false, true});
  ExpectParsed("Иванов И. Иванович", {"Иванов", "И", "Иванович", "", true, false});
}

TEST(ParseNameTest, ReadsMaidenNamesInParentheses) {
  ExpectParsed("Иванова (урожд. Петрова) Мария", {"Иванова", "Мария", "", "Петрова"});
  ExpectParsed("Иванова (урожденная Петрова) Мария Ивановна",
               {"Иванова", "Мария", "Ивановна", "Петрова"});
}

TEST(ParseNameTest, ReadsMaidenNamesAfterTheName) {
  ExpectParsed("Мария Иванова, урожд. Петрова", {"Иванова", "Мария", "", "Петрова"});
  ExpectParsed("Иванова Мария, урождённая Петрова", {"Иванова", "Мария", "", "Петрова"});
  ExpectParsed("Иванова Мария, в девичестве Петрова", {"Иванова", "Мария", "", "Петрова"});
  ExpectParsed("Іваненко Марія, уроджена Петренко", {"Іваненко", "Марія", "", "Петренко"});
  ExpectParsed("Иванова Мария geb. Petrowa", {"Иванова", "Мария", "", "Petrowa"});
  ExpectParsed("Maria Ivanova née Petrova", {"Ivanova", "Maria", "", "Petrova"});
  ExpectParsed("Maria Ivanova nee Petrova", {"Ivanova", "Maria", "", "Petrova"});
  ExpectParsed("Maria Iwanowa geborene Petrowa", {"Iwanowa", "Maria", "", "Petrowa"});
}

TEST(ParseNameTest, ReadsCommaSeparatedLatinNames) {
  ExpectParsed("Ivanov, Ivan", {"Ivanov", "Ivan", "", ""});
  ExpectParsed("Ivanov, Ivan Ivanovich", {"Ivanov", "Ivan", "Ivanovich", ""});
  ExpectParsed("Ким, Ен Сик", {"Ким", "Ен Сик", "", ""});
}

TEST(ParseNameTest, TakesTheOnlyWordInCapitalsAsTheSurname) {
  ExpectParsed("IVANOV Ivan Ivanovich", {"IVANOV", "Ivan", "Ivanovich", ""});
  ExpectParsed("Ivan Ivanovich IVANOV", {"IVANOV", "Ivan", "Ivanovich", ""});
  ExpectParsed("Ким Ен СИК", {"СИК", "Ким Ен", "", ""});
  ExpectParsed("ИВАНОВ ИВАН ИВАНОВИЧ", {"ИВАНОВ", "ИВАН", "ИВАНОВИЧ", ""});
}

TEST(ParseNameTest, KeepsTwoWordKoreanAndChineseGivenNamesTogether) {
  ExpectParsed("Ким Ен Сик", {"Ким", "Ен Сик", "", ""});
  ExpectParsed("Лі Юн Мін", {"Лі", "Юн Мін", "", ""});
  ExpectParsed("Цой Виктор Робертович", {"Цой", "Виктор", "Робертович", ""});
}

TEST(ParseNameTest, ReadsHyphenatedSurnames) {
  ExpectParsed("Петров-Водкин Кузьма Сергеевич", {"Петров-Водкин", "Кузьма", "Сергеевич", ""});
  ExpectParsed("Кузьма Петров-Водкин", {"Петров-Водкин", "Кузьма", "", ""});
  ExpectParsed("Бонч-Бруевич Владимир Дмитриевич", {"Бонч-Бруевич", "Владимир", "Дмитриевич", ""});
}

TEST(ParseNameTest, ReadsTransliteratedNames) {
  ExpectParsed("Shcherbakova Irina Lazarevna", {"Shcherbakova", "Irina", "Lazarevna", ""});
  ExpectParsed("Irina Lazarevna Shcherbakova", {"Shcherbakova", "Irina", "Lazarevna", ""});
  ExpectParsed("Iwan Iwanowitsch Iwanow", {"Iwanow", "Iwan", "Iwanowitsch", ""});
  ExpectParsed("Scherbakowa Irina Lasarewna", {"Scherbakowa", "Irina", "Lasarewna", ""});
  ExpectParsed("Mykola Ivanovych Kovalenko", {"Kovalenko", "Mykola", "Ivanovych", ""});
  ExpectParsed("Pyotr Ivanov", {"Ivanov", "Pyotr", "", ""});
  ExpectParsed("Wassili Petrow", {"Petrow", "Wassili", "", ""});
  ExpectParsed("Yekaterina Smirnova", {"Smirnova", "Yekaterina", "", ""});
  ExpectParsed("Zh. Ivanov", {"Ivanov", "Zh", "", "", true, false});
}

TEST(ParseNameTest, UsesCommonGivenNamesToFindTheOrder) {
  ExpectParsed("Иван Иванов", {"Иванов", "Иван", "", ""});
  ExpectParsed("Иванов Иван", {"Иванов", "Иван", "", ""});
  ExpectParsed("Мария Ивановна", {"", "Мария", "Ивановна", ""});
  ExpectParsed("Петрович Иван", {"Петрович", "Иван", "", ""});
  ExpectParsed("Виктор Ким", {"Ким", "Виктор", "", ""});
  ExpectParsed("Ким Виктор", {"Ким", "Виктор", "", ""});
  ExpectParsed("Adam Mickiewicz", {"Mickiewicz", "Adam", "", ""});
  ExpectParsed("Mickiewicz Adam", {"Mickiewicz", "Adam", "", ""});
}

TEST(ParseNameTest, ReadsUkrainianNames) {
  ExpectParsed("Шевченко Тарас Григорович", {"Шевченко", "Тарас", "Григорович", ""});
  ExpectParsed("Коваль Оксана Петрівна", {"Коваль", "Оксана", "Петрівна", ""});
  ExpectParsed("Марʼяна Іванівна Коваль", {"Коваль", "Марʼяна", "Іванівна", ""});
}

TEST(ParseNameTest, ReadsTurkicPatronymics) {
  ExpectParsed("Алиев Ахмед Гасан оглы", {"Алиев", "Ахмед", "Гасан оглы", ""});
}

TEST(ParseNameTest, ReadsOcrMixedScriptNames) {
  ExpectParsed("Ивaнов Ивaн Ивaнович", {"Ивaнов", "Ивaн", "Ивaнович", ""});
}

TEST(ParseNameTest, ReadsSingleWords) {
  ExpectParsed("Иванов", {"Иванов", "", "", ""});
  ExpectParsed("Мария", {"", "Мария", "", ""});
  ExpectParsed("И.", {"", "И", "", "", true, false});
}

TEST(ParseNameTest, PutsDatesAndBareParenthesesInUnplaced) {
  ExpectParsed("Иванов Иван Иванович (1900-1938)",
               {"Иванов", "Иван", "Иванович", "", false, false, {"1900-1938"}});
  ExpectParsed("Иванова (Петрова) Мария", {"Иванова", "Мария", "", "", false, false, {"Петрова"}});
  ExpectParsed("Иванов Иван Петр Сидорович", {"Иванов", "Иван Петр", "Сидорович", ""});
  ExpectParsed("Иванов И. Петр Сидорович", {"Иванов", "И", "Сидорович", "", true, false, {"Петр"}});
}

TEST(ParseNameTest, ReturnsEmptyPartsForJunk) {
  for (std::string_view junk : {"", "   ", "...", "((()))", ",,,", "урожд.", "\x01\x02"}) {
    ParsedName p = ParseName(junk);
    EXPECT_EQ(p.surname, "") << junk;
    EXPECT_EQ(p.given, "") << junk;
    EXPECT_EQ(p.patronymic, "") << junk;
    EXPECT_EQ(p.maiden, "") << junk;
    EXPECT_THAT(p.unplaced, IsEmpty()) << junk;
  }
}

TEST(ParseNameTest, HandlesTenKilobyteInputs) {
  std::string text;
  while (text.size() < 10240) text += "Иванов Иван Иванович, урожд. Петрова (1900) ";
  ParsedName p = ParseName(text);
  EXPECT_EQ(p.maiden, "Петрова");
  EXPECT_FALSE(p.surname.empty());
  EXPECT_FALSE(p.unplaced.empty());
}

TEST(CollationKeyTest, OrdersAsRussianListsDo) {
  const std::vector<std::string> sorted = {"абрамов", "Ёлкин", "Елкина", "Жуков", "Яковлев"};
  for (size_t i = 0; i + 1 < sorted.size(); ++i) {
    EXPECT_LT(CollationKey(sorted[i]), CollationKey(sorted[i + 1]))
        << sorted[i] << " before " << sorted[i + 1];
  }
  // Case and the dots of ё are primary-equal.
  EXPECT_EQ(CollationKey("Ёлкин"), CollationKey("елкин"));
  // ICU's Russian tailoring puts Cyrillic before Latin.
  EXPECT_LT(CollationKey("Яковлев"), CollationKey("Abramov"));
  // Invalid UTF-8 still gives a key.
  EXPECT_FALSE(CollationKey("\xff\xfe").empty());
}

}  // namespace
}  // namespace memoria::names
