// The place parser and the place authority: written places read into typed
// units, grammatical cases and abbreviations made one name, historic units
// kept apart, houses sorted as numbers.
#include "places/places.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "names/address.h"
#include "places/authority.h"

namespace memoria::places {
namespace {

// "kind:type:key" of every unit, largest first.
std::vector<std::string> Units(std::string_view text) {
  std::vector<std::string> out;
  for (const Unit& u : ParsePlace(text).units) {
    out.push_back(std::string(KindName(u.kind)) + ":" + u.type + ":" + u.key);
  }
  return out;
}

using V = std::vector<std::string>;

TEST(ParsePlaceTest, ReadsHistoricUnitsLargestFirst) {
  EXPECT_EQ(
      Units("Лифляндская губ., Валкский уезд, Эргемская вол."),
      (V{"region:губерния:лифляндская", "district:уезд:валкский", "volost:волость:эргемская"}));
  EXPECT_EQ(
      Units("Самарская губ., Бузулукский у., д. Маложданово"),
      (V{"region:губерния:самарская", "district:уезд:бузулукский", "village:деревня:маложданово"}));
  // Written smallest first, read largest first; the parenthesised volost is
  // a unit of its own.
  EXPECT_EQ(Units("Лифляндская губ. (Пальцамская волость), Валкский уезд, усадьбы Стражас"),
            (V{"region:губерния:лифляндская", "district:уезд:валкский",
               "volost:волость:пальцамская", "village:усадьба:стражас"}));
}

TEST(ParsePlaceTest, ReadsSeveralUnitsOfOnePartInGenitive) {
  const ParsedPlace p = ParsePlace("в с.Прилуки Брест-Литовского уезда Гродненской губ.");
  ASSERT_EQ(p.units.size(), 3u);
  EXPECT_EQ(p.units[0].kind, Kind::kRegion);
  EXPECT_EQ(p.units[0].key, "гродненской");
  EXPECT_TRUE(p.units[0].oblique);
  EXPECT_EQ(p.units[0].nominatives.front(), "гродненская");
  EXPECT_EQ(p.units[1].kind, Kind::kDistrict);
  EXPECT_EQ(p.units[1].nominatives.front(), "брест-литовский");
  EXPECT_EQ(p.units[2].kind, Kind::kVillage);
  EXPECT_EQ(p.units[2].key, "прилуки");
  EXPECT_EQ(Units("Аркадакская вол. Балашовский уезд"),
            (V{"district:уезд:балашовский", "volost:волость:аркадакская"}));
}

TEST(ParsePlaceTest, ReadsTownsInEveryCaseTheListsUse) {
  for (std::string_view text :
       {"Москва", "г. Москва", "г. Москвы", "г. МОсквы", "в Москве", "г.Москва", "Москвы"}) {
    const ParsedPlace p = ParsePlace(text);
    ASSERT_EQ(p.units.size(), 1u) << text;
    EXPECT_EQ(p.units[0].kind, Kind::kTown) << text;
    const Unit& u = p.units[0];
    const bool reads_moscow =
        u.key == "москва" ||
        std::find(u.nominatives.begin(), u.nominatives.end(), "москва") != u.nominatives.end();
    EXPECT_TRUE(reads_moscow) << text;
  }
  EXPECT_TRUE(ParsePlace("в Москве").units[0].oblique);
  EXPECT_FALSE(ParsePlace("г. Москва").units[0].oblique);
}

TEST(ParsePlaceTest, ReadsStreetsAndHouses) {
  EXPECT_EQ(Units("ул. Арбат, д. 4а"), (V{"street:улица:арбат", "building:дом:4а"}));
  EXPECT_EQ(Units("г. Москва, Авиамоторная ул., д.4, корп. 2, кв. 2"),
            (V{"town:город:москва", "street:улица:авиамоторная", "building:дом:4к2"}));
  // "д." before a word is a village, before a number a house.
  EXPECT_EQ(Units("д. Ивановка"), (V{"village:деревня:ивановка"}));
  EXPECT_EQ(Units("д.17"), (V{"building:дом:17"}));
}

TEST(ParsePlaceTest, ReadsGulagMapLocations) {
  // Descriptions of camp locations as gulagmap.ru writes them.
  EXPECT_EQ(Units("Калужская область, город Малоярославец; там же, поселок Обнинское"),
            (V{"region:область:калужская", "town:город:малоярославец"}));
  EXPECT_EQ(Units("поселок Обнинское Малоярославецкого района"),
            (V{"district:район:малоярославецкого", "village:посёлок:обнинское"}));
  const ParsedPlace p =
      ParsePlace("Казахская ССР, город Актюбинск (ныне – город Актобе в Республике Казахстан)");
  EXPECT_EQ(Units("Казахская ССР, город Актюбинск (ныне – город Актобе в Республике Казахстан)"),
            (V{"country:ССР:казахская", "town:город:актюбинск"}));
  EXPECT_EQ(p.now, "ныне – город Актобе в Республике Казахстан");
}

TEST(ParsePlaceTest, RefusesWhatIsNoPlace) {
  EXPECT_TRUE(ParsePlace("").units.empty());
  EXPECT_TRUE(ParsePlace(",,;").units.empty());
  EXPECT_TRUE(ParsePlace("\xff\xfe").units.empty());
  EXPECT_TRUE(ParsePlace(std::string(kMaxPlaceBytes + 1, 'a')).units.empty());
  EXPECT_TRUE(ParsePlace("кв. 3").units.empty());
  std::string many;
  for (int i = 0; i < 50; ++i) many += "д. Ивановка, ";
  EXPECT_EQ(ParsePlace(many).units.size(), kMaxUnits);
}

TEST(ParseAddressTest, MoscowInAnyCaseIsNoStreet) {
  // Last Address reads the street of an address whatever form of Moscow
  // comes before it.
  for (std::string_view text : {"г. Москва, Арбат 4", "г. Москвы, Арбат 4", "в Москве, Арбат 4",
                                "Москвы, Арбат 4", "Москва, Арбат 4"}) {
    const std::optional<names::ParsedAddress> a = names::ParseAddress(text);
    ASSERT_TRUE(a.has_value()) << text;
    EXPECT_EQ(a->street_key, "арбат") << text;
    EXPECT_EQ(a->house, "4") << text;
  }
}

TEST(HouseSortKeyTest, HousesSortAsNumbers) {
  std::vector<std::string> houses = {"109а", "20", "4а", "4", "1090", "4к2", "12/2", "012", "5с1"};
  std::shuffle(houses.begin(), houses.end(), std::mt19937(7));
  std::sort(houses.begin(), houses.end(), [](const std::string& a, const std::string& b) {
    return HouseSortKey(a) < HouseSortKey(b);
  });
  EXPECT_EQ(houses, (V{"4", "4а", "4к2", "5с1", "012", "12/2", "20", "109а", "1090"}));
  // As text they would not: "109а" < "20" < "4".
  EXPECT_LT(std::string("109а"), std::string("20"));
}

// An authority over "places"; the unit each place ends at.
struct Built {
  Authority authority;
  std::vector<Authority::UnitId> leaves;
};

Built Build(const std::vector<std::string>& places) {
  Authority::Builder b;
  std::vector<size_t> handles;
  for (const std::string& p : places) handles.push_back(b.Add(ParsePlace(p)));
  Built out{std::move(b).Build(), {}};
  for (size_t h : handles) out.leaves.push_back(out.authority.LeafOf(h));
  return out;
}

TEST(AuthorityTest, EveryWrittenFormOfMoscowIsOneUnit) {
  Built b = Build({"Москва", "г. Москва", "г. Москвы", "г. МОсквы", "в Москве", "Москвы",
                   "г. Москва, ул. Арбат, д. 4а"});
  const Authority& a = b.authority;
  for (size_t i = 0; i + 1 < b.leaves.size(); ++i) EXPECT_EQ(b.leaves[i], b.leaves[0]) << i;
  const Authority::UnitId moscow = b.leaves[0];
  EXPECT_EQ(a.unit(moscow).name, "г. Москва");
  EXPECT_EQ(a.unit(moscow).kind, Kind::kTown);
  EXPECT_EQ(a.unit(moscow).written.size(), 6u);  // "г. Москва" twice
  // The house is under the street, the street under Moscow.
  const Authority::UnitId house = b.leaves.back();
  EXPECT_EQ(a.unit(house).kind, Kind::kBuilding);
  EXPECT_EQ(a.unit(a.unit(house).parent).kind, Kind::kStreet);
  EXPECT_EQ(a.unit(a.unit(house).parent).parent, moscow);
  EXPECT_EQ(a.Path(house), "г. Москва, ул. Арбат, д. 4а");
  for (std::string_view q : {"Москва", "москвы", "в Москве", "г. Москва"}) {
    EXPECT_EQ(a.Find(q), std::vector<Authority::UnitId>{moscow}) << q;
  }
  EXPECT_TRUE(a.Find("Ленинград").empty());
}

// A town written a thousand ways keeps its most frequent forms and the
// number of the others, not every one of them.
TEST(AuthorityTest, KeepsTheMostFrequentWrittenFormsAndCountsTheRest) {
  std::vector<std::string> places;
  // Six letters: 64 ways to capitalise them, each a form as written.
  const std::vector<std::string> lower = {"м", "о", "с", "к", "в", "а"};
  const std::vector<std::string> upper = {"М", "О", "С", "К", "В", "А"};
  for (int mask = 0; mask < 64; ++mask) {
    std::string w;
    for (size_t i = 0; i < 6; ++i) w += (mask >> i & 1) != 0 ? upper[i] : lower[i];
    places.push_back("г. " + w);
  }
  for (int i = 0; i < 5; ++i) places.push_back("г. Москва");
  Built b = Build(places);
  const Authority::UnitId moscow = b.leaves[0];
  for (Authority::UnitId leaf : b.leaves) ASSERT_EQ(leaf, moscow);
  const Authority::UnitInfo& u = b.authority.unit(moscow);
  ASSERT_EQ(u.written.size(), Authority::kMaxWrittenForms);
  EXPECT_EQ(u.written.front().first, "г. Москва");  // the most frequent first
  EXPECT_EQ(u.written.front().second, 6);
  EXPECT_EQ(u.other_forms, static_cast<int64_t>(64 - Authority::kMaxWrittenForms));
}

TEST(AuthorityTest, KeepsHistoricUnitsApart) {
  Built b = Build({"Самарская губ.", "Самарская обл.", "Самарской губ., Бузулукский уезд",
                   "Лифляндская губ., Валкский уезд", "Валкского уезда Лифляндской губернии"});
  const Authority& a = b.authority;
  EXPECT_NE(b.leaves[0], b.leaves[1]);  // губерния and область are two units
  EXPECT_EQ(a.unit(b.leaves[0]).name, "Самарская губ.");
  EXPECT_EQ(a.unit(b.leaves[1]).name, "Самарская обл.");
  EXPECT_EQ(a.unit(b.leaves[2]).parent, b.leaves[0]);
  EXPECT_EQ(b.leaves[3], b.leaves[4]);
  EXPECT_EQ(a.Path(b.leaves[4]), "Лифляндская губ., Валкский уезд");
  EXPECT_EQ(a.Find(a.Path(b.leaves[2])), std::vector<Authority::UnitId>{b.leaves[2]});
}

TEST(AuthorityTest, ExpandsAnAbbreviationOnlyWhenItNamesOneUnit) {
  Built b = Build({"Московская обл.", "Моск. обл.", "Москов. обл.", "Новгородская губ.",
                   "Новоузенская губ.", "Нов. губ."});
  EXPECT_EQ(b.leaves[0], b.leaves[1]);
  EXPECT_EQ(b.leaves[0], b.leaves[2]);
  EXPECT_NE(b.leaves[5], b.leaves[3]);  // "нов" starts two names
  EXPECT_NE(b.leaves[5], b.leaves[4]);
}

TEST(AuthorityTest, JoinsAnUnderspecifiedPlaceOnlyToTheOneUnitItCanBe) {
  Built b = Build({"Польша, г. Замостье", "г. Замостье", "Тульская губ., д. Ивановка",
                   "Самарская губ., д. Ивановка", "д. Ивановка", "Московская обл., Коломна",
                   "Московская обл., г. Коломна"});
  EXPECT_EQ(b.leaves[0], b.leaves[1]);
  EXPECT_NE(b.leaves[2], b.leaves[3]);
  EXPECT_NE(b.leaves[4], b.leaves[2]);
  EXPECT_NE(b.leaves[4], b.leaves[3]);
  EXPECT_EQ(b.leaves[5], b.leaves[6]);
  EXPECT_EQ(b.authority.Find("д. Ивановка").size(), 3u);
  EXPECT_EQ(b.authority.Find("Тульская губ., Ивановка"),
            std::vector<Authority::UnitId>{b.leaves[2]});
}

TEST(AuthorityTest, ReadsObliqueTownsByTheirNominative) {
  Built b = Build({"г. Ленинград", "г. Ленинграда", "в Ленинграде", "в Санкт-Петербурге", "г. Риги",
                   "в Варшаве", "г. Варшава", "в Каменец-Подольске"});
  EXPECT_EQ(b.leaves[0], b.leaves[1]);
  EXPECT_EQ(b.leaves[0], b.leaves[2]);
  EXPECT_EQ(b.authority.unit(b.leaves[3]).key, "санкт-петербург");
  EXPECT_EQ(b.authority.unit(b.leaves[4]).key, "рига");
  EXPECT_EQ(b.leaves[5], b.leaves[6]);
  EXPECT_EQ(b.authority.unit(b.leaves[7]).key, "каменец-подольск");
}

}  // namespace
}  // namespace memoria::places
