#include "names/address.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "ingest/csv.h"
#include "testing/paths.h"

namespace memoria::names {
namespace {

// Parses "text" and returns "street_key|house|street", or "nullopt".
std::string Parse(std::string_view text) {
  std::optional<ParsedAddress> a = ParseAddress(text);
  if (!a) return "nullopt";
  return a->street_key + "|" + a->house + "|" + a->street;
}

// ---------------------------------------------------------------------------
// StreetKey

TEST(StreetKeyTest, DropsTheStreetTypeWordWhereverItStands) {
  EXPECT_EQ(StreetKey("Авиамоторная  ул."), "авиамоторная");
  EXPECT_EQ(StreetKey("ул. Мясницкая"), "мясницкая");
  EXPECT_EQ(StreetKey("Мясницкая улица"), "мясницкая");
  EXPECT_EQ(StreetKey("улица Мясницкая"), "мясницкая");
  EXPECT_EQ(StreetKey("МЯСНИЦКАЯ УЛ."), "мясницкая");
  EXPECT_EQ(StreetKey("площадь Маяковского"), "маяковского");
  EXPECT_EQ(StreetKey("пл. Маяковского"), "маяковского");
}

TEST(StreetKeyTest, KnowsEveryStreetTypeOfTheLists) {
  for (const char* type :
       {"ул.",      "улица",   "пер.",  "переулок",   "пл.",    "площадь", "просп.",
        "проспект", "пр-т",    "пр-кт", "пр.",        "проезд", "пр-д",    "б-р",
        "бул.",     "бульвар", "наб.",  "набережная", "ш.",     "шоссе",   "туп.",
        "тупик",    "аллея",   "линия", "тракт",      "просек", "спуск"}) {
    EXPECT_EQ(StreetKey(std::string("Зеленая ") + type), "зеленая") << type;
    EXPECT_EQ(StreetKey(std::string(type) + " Зеленая"), "зеленая") << type;
  }
}

TEST(StreetKeyTest, KeepsWordsThatArePartsOfNames) {
  EXPECT_EQ(StreetKey("Земляной Вал ул."), "земляной вал");
  EXPECT_EQ(StreetKey("улица Земляной Вал"), "земляной вал");
  EXPECT_EQ(StreetKey("улица Богатырский мост"), "богатырский мост");
  EXPECT_EQ(StreetKey("Дангауэровская Слобода ул."), "дангауэровская слобода");
}

TEST(StreetKeyTest, FoldsYoAndCase) {
  EXPECT_EQ(StreetKey("Трёхсвятительский пер."), "трехсвятительский");
  EXPECT_EQ(StreetKey("улица Серёгина"), StreetKey("Серегина ул."));
}

TEST(StreetKeyTest, NormalisesOrdinalsAndPutsThemFirst) {
  EXPECT_EQ(StreetKey("1-я Авиамоторная ул."), "1 авиамоторная");
  EXPECT_EQ(StreetKey("1-ая Авиамоторная ул."), "1 авиамоторная");
  EXPECT_EQ(StreetKey("Авиамоторная 1-я ул."), "1 авиамоторная");
  EXPECT_EQ(StreetKey("Донской 5-й пр."), "5 донской");
  EXPECT_EQ(StreetKey("5-й Донской проезд"), "5 донской");
  EXPECT_EQ(StreetKey("Первая Авиамоторная улица"), "1 авиамоторная");
  EXPECT_EQ(StreetKey("3-е Почтовое отделение"), "3 почтовое отделение");
  EXPECT_EQ(StreetKey("улица 25-го Октября"), "25 октября");
  EXPECT_EQ(StreetKey("25 Октября ул."), "25 октября");
  EXPECT_EQ(StreetKey("улица 1905 года"), "1905 года");
}

TEST(StreetKeyTest, FoldsSizeAndAgeModifiersInAnyForm) {
  EXPECT_EQ(StreetKey("Бронная Б. ул."), "большой бронная");
  EXPECT_EQ(StreetKey("Большая Бронная улица"), "большой бронная");
  EXPECT_EQ(StreetKey("Афанасьевский Б. пер."), StreetKey("Большой Афанасьевский переулок"));
  EXPECT_EQ(StreetKey("Харитоньевский М. пер."), StreetKey("Малый Харитоньевский переулок"));
  EXPECT_EQ(StreetKey("Башиловка Нов. ул."), "новый башиловка");
  EXPECT_EQ(StreetKey("Басманная Стар. ул."), StreetKey("Старая Басманная улица"));
  EXPECT_EQ(StreetKey("Петровско-Разумовский Ст. пр."), "старый петровско-разумовский");
  EXPECT_EQ(StreetKey("Никитская Б. ул."), StreetKey("Большая Никитская улица"));
  EXPECT_EQ(StreetKey("ул. Большая Никитская"), "большой никитская");
}

TEST(StreetKeyTest, PutsModifiersBeforeOrdinals) {
  EXPECT_EQ(StreetKey("2-я Большая Спасская ул."), "большой 2 спасская");
  EXPECT_EQ(StreetKey("Спасская Б. 2-я ул."), "большой 2 спасская");
}

TEST(StreetKeyTest, KeepsAOneLetterInitialBeforeAGenitiveName) {
  EXPECT_EQ(StreetKey("ул. М. Горького"), "м горького");
  EXPECT_EQ(StreetKey("ул. Б. Хмельницкого"), "б хмельницкого");
}

TEST(StreetKeyTest, KeepsHyphenatedNamesWhole) {
  EXPECT_EQ(StreetKey("Садовая-Каретная ул."), "садовая-каретная");
  EXPECT_EQ(StreetKey("Тверская-Ямская 1-я ул."), "1 тверская-ямская");
}

TEST(StreetKeyTest, DropsParenthesesAndPunctuation) {
  EXPECT_EQ(StreetKey("Сокольническая 1-я ул. (упраздн.)"), "1 сокольническая");
  EXPECT_EQ(StreetKey("ул. «Правды»"), "правды");
  EXPECT_EQ(StreetKey("  ул.   Мясницкая ,"), "мясницкая");
}

TEST(StreetKeyTest, FixesLatinLookAlikesInACyrillicName) {
  EXPECT_EQ(StreetKey("ул. Мяcницкая"), "мясницкая");  // Latin c
}

TEST(StreetKeyTest, KeepsTheTypeWordWhenItIsTheWholeName) {
  EXPECT_EQ(StreetKey("Проезд"), "проезд");
  EXPECT_EQ(StreetKey("ул."), "ул");
}

TEST(StreetKeyTest, ReturnsEmptyForNothingToKey) {
  EXPECT_EQ(StreetKey(""), "");
  EXPECT_EQ(StreetKey(" ,.; "), "");
  EXPECT_EQ(StreetKey("\xff\xfe"), "");
  EXPECT_EQ(StreetKey(std::string(kMaxAddressBytes + 1, 'a')), "");
}

TEST(StreetKeyTest, IsIdempotent) {
  for (const char* s :
       {"1-я Авиамоторная ул.", "Бронная Б. ул.", "площадь Маяковского", "Садовая-Каретная ул.",
        "ул. М. Горького", "улица 25-го Октября", "М. первая", "»к.Б.1-я", "ул. 1-я Б. 5"}) {
    const std::string once = StreetKey(s);
    EXPECT_EQ(StreetKey(once), once) << s;
  }
}

// ---------------------------------------------------------------------------
// HouseKey and BuildingKey

TEST(HouseKeyTest, DropsTheMarkerAndKeepsTheNumber) {
  EXPECT_EQ(HouseKey("д.1"), "1");
  EXPECT_EQ(HouseKey("д. 1"), "1");
  EXPECT_EQ(HouseKey("дом 12"), "12");
  EXPECT_EQ(HouseKey("№ 7"), "7");
  EXPECT_EQ(HouseKey("д. № 7"), "7");
  EXPECT_EQ(HouseKey("15"), "15");
}

TEST(HouseKeyTest, KeepsLetterSuffixesInLowerCaseCyrillic) {
  EXPECT_EQ(HouseKey("д.4а"), "4а");
  EXPECT_EQ(HouseKey("д. 4А"), "4а");
  EXPECT_EQ(HouseKey("д. 4 а"), "4а");
  EXPECT_EQ(HouseKey("д.4-а"), "4а");
  EXPECT_EQ(HouseKey("д.4a"), "4а");  // Latin a
  EXPECT_EQ(HouseKey("д.19б"), "19б");
}

TEST(HouseKeyTest, KeepsFractionsAndRanges) {
  EXPECT_EQ(HouseKey("дом 12/2"), "12/2");
  EXPECT_EQ(HouseKey("д.6-3"), "6-3");
  EXPECT_EQ(HouseKey("д. 12/2а"), "12/2а");
}

TEST(HouseKeyTest, FoldsBuildingsAndStructures) {
  EXPECT_EQ(HouseKey("д.12 корп.2"), "12к2");
  EXPECT_EQ(HouseKey("д.12 корпус 2"), "12к2");
  EXPECT_EQ(HouseKey("д. 12, корп. 2"), "12к2");
  EXPECT_EQ(HouseKey("д.12к2"), "12к2");
  EXPECT_EQ(HouseKey("д. 12 к. 2"), "12к2");
  EXPECT_EQ(HouseKey("д.12 корп.А"), "12ка");
  EXPECT_EQ(HouseKey("д. 5 стр. 1"), "5с1");
  EXPECT_EQ(HouseKey("д. 5, строение 1"), "5с1");
}

TEST(HouseKeyTest, IgnoresWhatFollowsTheHouse) {
  EXPECT_EQ(HouseKey("д. 5 кв. 3"), "5");
  EXPECT_EQ(HouseKey("д.20, барак № 2"), "20");
}

TEST(HouseKeyTest, FindsAHouseMarkedInsideOtherText) {
  EXPECT_EQ(HouseKey("пос. Войковец д.14"), "14");
  EXPECT_EQ(HouseKey("городок МВС д.10"), "10");
  EXPECT_EQ(HouseKey("общежитие МИИТ № 9"), "");
}

TEST(HouseKeyTest, ReturnsEmptyWithoutAHouseNumber) {
  EXPECT_EQ(HouseKey("д.??"), "");
  EXPECT_EQ(HouseKey(""), "");
  EXPECT_EQ(HouseKey("дом кирпичного завода"), "");
  EXPECT_EQ(HouseKey("1-й"), "");
  EXPECT_EQ(HouseKey("\xc0"), "");
}

TEST(BuildingKeyTest, JoinsStreetAndHouseWithABar) {
  EXPECT_EQ(BuildingKey("мясницкая", "12к2"), "мясницкая|12к2");
  EXPECT_EQ(BuildingKey(StreetKey("Авиамоторная  ул."), HouseKey("д.4а")), "авиамоторная|4а");
}

// ---------------------------------------------------------------------------
// ParseAddress

TEST(ParseAddressTest, ReadsTheHeaderExamples) {
  EXPECT_EQ(Parse("г. Москва, ул. Мясницкая, д. 5, кв. 3"), "мясницкая|5|ул. Мясницкая");
  EXPECT_EQ(Parse("Авиамоторная ул., д.1"), "авиамоторная|1|Авиамоторная ул.");
  EXPECT_EQ(Parse("Москва, Мясницкая 5"), "мясницкая|5|Мясницкая");
  EXPECT_EQ(Parse("Мясницкая, 5"), "мясницкая|5|Мясницкая");
}

TEST(ParseAddressTest, ReadsTheShotInMoscowListForms) {
  EXPECT_EQ(Parse("Авиамоторная ул., д.4а"), "авиамоторная|4а|Авиамоторная ул.");
  EXPECT_EQ(Parse("Бронная Б. ул., д.6а"), "большой бронная|6а|Бронная Б. ул.");
  EXPECT_EQ(Parse("Гражданская 1-я ул., д.10а"), "1 гражданская|10а|Гражданская 1-я ул.");
  EXPECT_EQ(Parse("Гоголевский б-р, д.3"), "гоголевский|3|Гоголевский б-р");
  EXPECT_EQ(Parse("Чистопрудный б-р, д.12 корп.2"), "чистопрудный|12к2|Чистопрудный б-р");
  EXPECT_EQ(Parse("Мантулинская ул., д.6-3"), "мантулинская|6-3|Мантулинская ул.");
  EXPECT_EQ(Parse("Кремль, д.4"), "кремль|4|Кремль");
  EXPECT_EQ(Parse("Садовая-Кудринская ул., д.32а"),
            "садовая-кудринская|32а|Садовая-Кудринская ул.");
  EXPECT_EQ(Parse("Сокольническая 1-я ул. (упраздн.), д.17"),
            "1 сокольническая|17|Сокольническая 1-я ул. (упраздн.)");
  EXPECT_EQ(Parse("Красной Сосны 1-я Линия, д.4"), "1 красной сосны|4|Красной Сосны 1-я Линия");
}

TEST(ParseAddressTest, ReadsTheAddressesOfBiographies) {
  EXPECT_EQ(Parse("1-я Авиамоторная ул., д.1, кв. 1"), "1 авиамоторная|1|1-я Авиамоторная ул.");
  EXPECT_EQ(Parse("Авиамоторная ул., д.4, корп. 2, кв. 2"), "авиамоторная|4к2|Авиамоторная ул.");
  EXPECT_EQ(Parse("ул. Авиамоторная, д.4а, барак 33, ком. 6"), "авиамоторная|4а|ул. Авиамоторная");
  EXPECT_EQ(Parse("Авиамоторная ул., д.20, барак № 2, комн. 13"),
            "авиамоторная|20|Авиамоторная ул.");
}

TEST(ParseAddressTest, PrefersTheStreetWithATypeWord) {
  EXPECT_EQ(Parse("Дангауэровская Слобода, Центральный пр., д.2"), "центральный|2|Центральный пр.");
  EXPECT_EQ(Parse("Потылиха, Загородный Двор ул., д.1"), "загородный двор|1|Загородный Двор ул.");
  EXPECT_EQ(Parse("Московская обл., г. Пушкино, ул. Ленина, д. 3"), "ленина|3|ул. Ленина");
}

TEST(ParseAddressTest, FindsAHouseInsideAnotherPart) {
  EXPECT_EQ(Parse("Ленинградское ш., пос. Войковец д.14"), "ленинградское|14|Ленинградское ш.");
  EXPECT_EQ(Parse("Алексеевская Б. ул., Проектируемый пр. д.61а"),
            "большой алексеевская|61а|Алексеевская Б. ул.");
}

TEST(ParseAddressTest, SplitsAHouseGluedToTheStreet) {
  EXPECT_EQ(Parse("ул. Мясницкая д. 5"), "мясницкая|5|ул. Мясницкая");
  EXPECT_EQ(Parse("ул. Мясницкая д.5, кв. 3"), "мясницкая|5|ул. Мясницкая");
  EXPECT_EQ(Parse("Мясницкая ул. 5"), "мясницкая|5|Мясницкая ул.");
  EXPECT_EQ(Parse("Мясницкая 12/2 кв. 3"), "мясницкая|12/2|Мясницкая");
  EXPECT_EQ(Parse("Мясницкая 4, корп. 2"), "мясницкая|4к2|Мясницкая");
}

TEST(ParseAddressTest, JoinsABuildingPartToTheHouse) {
  EXPECT_EQ(Parse("ул. Мясницкая, д.4, корп. 2"), "мясницкая|4к2|ул. Мясницкая");
  EXPECT_EQ(Parse("ул. Мясницкая, д. 4, стр. 1"), "мясницкая|4с1|ул. Мясницкая");
  EXPECT_EQ(Parse("ул. Мясницкая, дом 12/2"), "мясницкая|12/2|ул. Мясницкая");
}

TEST(ParseAddressTest, DoesNotTakeOrdinalsOrNumbersInNamesForHouses) {
  EXPECT_EQ(Parse("Марьиной Рощи 13-й пр., д.1"), "13 марьиной рощи|1|Марьиной Рощи 13-й пр.");
  EXPECT_EQ(Parse("ул. 8 Марта, д. 3"), "8 марта|3|ул. 8 Марта");
  EXPECT_EQ(Parse("улица 25 Октября 7"), "25 октября|7|улица 25 Октября");
  EXPECT_EQ(Parse("Воздвиженка ул., 4-й дом Советов"), "воздвиженка||Воздвиженка ул.");
  EXPECT_EQ(Parse("Тысяча Девятьсот Пятого Года ул., д.39"),
            "тысяча девятьсот пятого года|39|Тысяча Девятьсот Пятого Года ул.");
}

TEST(ParseAddressTest, LeavesTheHouseEmptyWhenThereIsNone) {
  EXPECT_EQ(Parse("Зацепа ул., 1\u00a0чел."), "зацепа||Зацепа ул.");
  EXPECT_EQ(Parse("Кремль, 6 чел."), "кремль||Кремль");
  EXPECT_EQ(Parse("Крестовоздвиженский пер., д.??"),
            "крестовоздвиженский||Крестовоздвиженский пер.");
  EXPECT_EQ(Parse("Гаврикова ул., будка № 2"), "гаврикова||Гаврикова ул.");
  EXPECT_EQ(Parse("Коптевская ул., общежитие 5"), "коптевская||Коптевская ул.");
  EXPECT_EQ(Parse("ул. Мясницкая"), "мясницкая||ул. Мясницкая");
}

TEST(ParseAddressTest, SkipsTownsRegionsAndSettlements) {
  EXPECT_EQ(Parse("Москва, ул. Кирова, д. 12, кв. 5"), "кирова|12|ул. Кирова");
  EXPECT_EQ(Parse("г.Москва, ул.Кирова, д.12"), "кирова|12|ул.Кирова");
  EXPECT_EQ(Parse("гор. Москва, Кирова, 12"), "кирова|12|Кирова");
  EXPECT_EQ(Parse("Калининская обл., Кашинский р-н, д. Ивановка, ул. Садовая, д. 3"),
            "садовая|3|ул. Садовая");
}

TEST(ParseAddressTest, ReturnsNulloptWithoutAStreet) {
  EXPECT_EQ(Parse(""), "nullopt");
  EXPECT_EQ(Parse("г. Москва"), "nullopt");
  EXPECT_EQ(Parse("Москва"), "nullopt");
  EXPECT_EQ(Parse("д. 5, кв. 3"), "nullopt");
  EXPECT_EQ(Parse("12"), "nullopt");
  EXPECT_EQ(Parse(" , , "), "nullopt");
  EXPECT_EQ(Parse("Калининская обл., д. Ивановка"), "nullopt");
}

TEST(ParseAddressTest, RefusesInvalidUtf8AndOverlongInput) {
  EXPECT_EQ(Parse("ул. Мясницкая, д. 5\xff"), "nullopt");
  EXPECT_EQ(Parse("\xd0"), "nullopt");
  std::string long_text = "ул. Мясницкая, д. 5";
  long_text.append(kMaxAddressBytes, ' ');
  EXPECT_EQ(Parse(long_text), "nullopt");
  EXPECT_NE(Parse(long_text.substr(0, kMaxAddressBytes)), "nullopt");
}

TEST(ParseAddressTest, CollapsesSpacesInTheStreetAsWritten) {
  EXPECT_EQ(Parse("  Авиамоторная   ул. ,  д.1 "), "авиамоторная|1|Авиамоторная ул.");
  EXPECT_EQ(Parse("Авиамоторная\u00a0ул., д.1"), "авиамоторная|1|Авиамоторная ул.");
}

TEST(ParseAddressTest, StreetKeyOfTheResultIsStreetKeyOfTheStreet) {
  for (const char* s : {"г. Москва, ул. Мясницкая, д. 5, кв. 3", "Бронная Б. ул., д.6а",
                        "Сокольническая 1-я ул. (упраздн.), д.17", "Мясницкая 5"}) {
    std::optional<ParsedAddress> a = ParseAddress(s);
    ASSERT_TRUE(a.has_value()) << s;
    EXPECT_EQ(a->street_key, StreetKey(a->street)) << s;
  }
}

TEST(ParseAddressTest, SurvivesHostileInput) {
  const char* inputs[] = {",,,,",
                          "д.",
                          "д.-",
                          "№",
                          "5-",
                          "5/",
                          "ул. ,д.5",
                          "(((",
                          ")))ул. X",
                          "к.",
                          "корп.",
                          "ул. X, корп. 2",
                          "ул. X, 5 корп.",
                          "ул. X, д. 5 к",
                          "-1-я",
                          "ул. X, д.5-я"};
  for (const char* s : inputs) {
    std::optional<ParsedAddress> a = ParseAddress(s);
    if (a) {
      EXPECT_FALSE(a->street_key.empty()) << s;
      EXPECT_TRUE(IsValidUtf8(a->street)) << s;
      EXPECT_TRUE(IsValidUtf8(a->house)) << s;
    }
  }
}

// Every address of the "Shot in Moscow" address list has a street; all but
// the few that name a hostel, a barracks or a count of persons have a house.
TEST(ParseAddressRealDataTest, ParsesTheShotInMoscowAddressList) {
  MEMORIA_REQUIRE_SHARED_DATA(path, "memorial-mos/mos_memo_ru_addresses.csv");
  auto reader = ingest::CsvReader::Open(path, ingest::CsvOptions::Csv());
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  std::vector<std::string_view> fields;
  ASSERT_TRUE(*(*reader)->Next(&fields));
  size_t column = fields.size();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i] == "ADDRESS") column = i;
  }
  ASSERT_LT(column, fields.size());
  int total = 0, with_street = 0, with_house = 0;
  std::vector<std::string> misses;
  while (true) {
    Result<bool> got = (*reader)->Next(&fields);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    if (!*got) break;
    ++total;
    std::optional<ParsedAddress> a = ParseAddress(fields[column]);
    if (a && !a->street_key.empty()) ++with_street;
    if (a && !a->street_key.empty() && !a->house.empty()) {
      ++with_house;
    } else if (misses.size() < 40) {
      misses.emplace_back(fields[column]);
    }
  }
  std::printf(
      "[ address rate ] %d addresses, %d with a street (%.2f%%), %d with street and "
      "house (%.2f%%)\n",
      total, with_street, 100.0 * with_street / total, with_house, 100.0 * with_house / total);
  for (const std::string& m : misses) std::printf("  no house: %s\n", m.c_str());
  EXPECT_EQ(total, 5281);
  EXPECT_EQ(with_street, total);
  EXPECT_GE(with_house, total * 98 / 100);
}

}  // namespace
}  // namespace memoria::names
