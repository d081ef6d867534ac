// The place index over the place authority: one Moscow however the records
// write it, provinces and streets each in their place, houses in number
// order, the birth-place filter reading every form, and nothing of a hidden
// fact in the index of a lower ceiling.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <vector>

#include "query/dates.h"
#include "query/places.h"
#include "query/query.h"
#include "store/reader.h"
#include "store/store.h"
#include "testing/archive_builder.h"
#include "testing/status_matchers.h"

namespace memoria::query {
namespace {

using ::memoria::testing::ArchiveBuilder;
using ::memoria::testing::FullView;
using ::memoria::testing::PublicView;
using ::testing::ElementsAre;

class PlaceAuthorityIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<store::Store>> s = store::Store::OpenInMemory();
    ASSERT_TRUE(s.ok());
    store_ = std::move(s).value();
    ArchiveBuilder b(store_.get());
    const int64_t src = b.Source("test:list.csv", "Книга памяти");
    auto person = [&](std::string_view surname, std::string_view birth_place,
                      std::string_view address, store::Visibility v = store::Visibility::kPublic) {
      const int64_t rec = b.Record(src);
      const int64_t p = b.Person(rec);
      b.Name(p, rec, surname, "Иван");
      b.Event(p, rec, "birth", "1900", birth_place, v);
      if (!address.empty()) b.Attribute(p, rec, "address", address, v);
      return p;
    };
    // Moscow in four ways, as the mos-memo biographies write it.
    a_ = person("Орлов", "г. Москва", "Авиамоторная ул., д.20");
    b_ = person("Соколов", "г. Москвы", "Авиамоторная ул., д.4а");
    c_ = person("Зайцев", "в Москве", "Авиамоторная ул., д.109а");
    d_ = person("Волков", "г. МОсквы", "Авиамоторная ул., д.4");
    // A province of the empire and a district of it.
    e_ = person("Крон", "Лифляндская губ., Валкский уезд", "");
    f_ = person("Кузьмин", "Самарская губ., Бузулукский уезд, д. Маложданово", "");
    g_ = person("Тихонов", "Самарской губ.", "");
    // Born somewhere only a restricted fact names.
    h_ = person("Скрытов", "г. Тайнинск", "Тайнинская ул., д.1", store::Visibility::kRestricted);
    b.Commit();
  }

  std::unique_ptr<store::Store> store_;
  int64_t a_ = 0, b_ = 0, c_ = 0, d_ = 0, e_ = 0, f_ = 0, g_ = 0, h_ = 0;
};

TEST_F(PlaceAuthorityIndexTest, EveryFormOfMoscowFindsEveryMuscovite) {
  ASSERT_OK_AND_ASSIGN(PlaceIndexes idx, BuildPlaceIndexes(PublicView(store_.get())));
  for (std::string_view q : {"Москва", "г. Москва", "Москвы", "в Москве", "г. МОСКВЫ"}) {
    EXPECT_THAT(idx.places.Match(q), ElementsAre(a_, b_, c_, d_)) << q;
  }
  // One Moscow among the places, with its four written forms.
  int moscows = 0;
  for (const PlaceIndex::UnitSummary& u : idx.places.top()) {
    if (u.name == "г. Москва") {
      ++moscows;
      EXPECT_EQ(u.persons, 4);
      EXPECT_EQ(u.kind, "town");
    }
    // Streets are not places of this list: they are Last Address's.
    EXPECT_NE(u.kind, "street") << u.name;
    EXPECT_NE(u.kind, "building") << u.name;
  }
  EXPECT_EQ(moscows, 1);
  const std::vector<PlaceIndex::UnitDetail> d = idx.places.Describe("Москвы", 10);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].written.size(), 4u);
}

TEST_F(PlaceAuthorityIndexTest, ProvincesHoldTheirDistrictsAndStayHistoric) {
  ASSERT_OK_AND_ASSIGN(PlaceIndexes idx, BuildPlaceIndexes(PublicView(store_.get())));
  // The governorate holds everyone born in it, whatever the case written.
  EXPECT_THAT(idx.places.Match("Самарская губ."), ElementsAre(f_, g_));
  EXPECT_THAT(idx.places.Match("Самарская губ., Бузулукский у."), ElementsAre(f_));
  EXPECT_THAT(idx.places.Match("Валкский уезд"), ElementsAre(e_));
  // No oblast is the governorate.
  EXPECT_TRUE(idx.places.Match("Самарская обл.").empty());
  const std::vector<PlaceIndex::UnitDetail> d = idx.places.Describe("Самарская губ.", 10);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].unit.kind, "region");
  ASSERT_EQ(d[0].children.size(), 1u);
  EXPECT_EQ(d[0].children[0].name, "Бузулукский уезд");
  EXPECT_EQ(d[0].children[0].within, "Самарская губ.");
  EXPECT_EQ(d[0].children[0].query, "Самарская губ., Бузулукский уезд");
  // A word that names no unit still finds the texts holding it.
  EXPECT_THAT(idx.places.Match("Маложданово"), ElementsAre(f_));
}

TEST_F(PlaceAuthorityIndexTest, HousesComeInNumberOrder) {
  ASSERT_OK_AND_ASSIGN(PlaceIndexes idx, BuildPlaceIndexes(PublicView(store_.get())));
  const AddressIndex::Answer answer = idx.addresses.Find("Авиамоторная ул.");
  std::vector<std::string> houses;
  for (const AddressIndex::Building& b : answer.buildings) houses.push_back(b.house);
  EXPECT_THAT(houses, ElementsAre("4", "4а", "20", "109а"));
}

TEST_F(PlaceAuthorityIndexTest, BirthPlaceFilterReadsEveryForm) {
  store::Reader* reader = PublicView(store_.get());
  PersonQuery q;
  ASSERT_OK_AND_ASSIGN(q.born, ParseYearRange("1900"));
  q.place = "Москва";
  ASSERT_OK_AND_ASSIGN(PersonResult r, FindPersons(reader, q));
  EXPECT_EQ(r.total, 4);  // "г. Москвы" and "в Москве" hold no "москва"
  q.place = "Самарская губ.";
  ASSERT_OK_AND_ASSIGN(PersonResult s, FindPersons(reader, q));
  EXPECT_EQ(s.total, 2);  // "Самарской губ." too
  q.place = "Самарская обл.";
  ASSERT_OK_AND_ASSIGN(PersonResult t, FindPersons(reader, q));
  EXPECT_EQ(t.total, 0);
}

TEST_F(PlaceAuthorityIndexTest, AHiddenFactsPlaceIsNoUnitBelowItsCeiling) {
  ASSERT_OK_AND_ASSIGN(PlaceIndexes pub, BuildPlaceIndexes(PublicView(store_.get())));
  EXPECT_TRUE(pub.places.Describe("Тайнинск", 10).empty());
  EXPECT_TRUE(pub.places.Match("Тайнинск").empty());
  for (const PlaceIndex::UnitSummary& u : pub.places.top()) {
    EXPECT_EQ(u.name.find("Тайнинск"), std::string::npos);
  }
  EXPECT_TRUE(pub.addresses.Find("Тайнинская ул.").buildings.empty());
  // The opposite: the restricted ceiling has it.
  ASSERT_OK_AND_ASSIGN(PlaceIndexes full, BuildPlaceIndexes(FullView(store_.get())));
  ASSERT_EQ(full.places.Describe("Тайнинск", 10).size(), 1u);
  EXPECT_THAT(full.places.Match("Тайнинск"), ElementsAre(h_));
}

TEST_F(PlaceAuthorityIndexTest, AStoppedBuildEndsWithAnError) {
  std::atomic<bool> stop{true};
  EXPECT_THAT(BuildPlaceIndexes(PublicView(store_.get()), &stop),
              ::memoria::testing::StatusIs(StatusCode::kUnavailable));
  stop = false;
  ASSERT_OK_AND_ASSIGN(PlaceIndexes idx, BuildPlaceIndexes(PublicView(store_.get()), &stop));
  EXPECT_THAT(idx.places.Match("Валкский уезд"), ElementsAre(e_));
}

// A server being stopped does not wait for the index of a million persons'
// places (half a minute): the builds look at the flag as they go.
TEST(PlaceIndexStopTest, TheBuildsStopPartWayWhenAsked) {
  // A street name of its own for each i: "Березовая", then letters for i.
  auto street = [](int i) {
    static const char* const kLetters[] = {"а", "б", "в", "г", "д", "е", "ж", "з", "и", "к"};
    std::string name = "Березов";
    for (int n = i; n > 0; n /= 10) name += kLetters[n % 10];
    return name + "ая ул.";
  };
  std::vector<store::PlaceText> texts;
  for (int i = 0; i < 5000; ++i) {
    const std::string town = "Городок" + std::to_string(i);
    texts.push_back({i + 1, "birth", "г. " + town});
    texts.push_back({i + 1, "address", "г. Москва, " + street(i) + ", д.1"});
  }
  std::atomic<bool> stop{false};
  const PlaceIndex whole = PlaceIndex::Build(texts, &stop);
  EXPECT_THAT(whole.Match("Городок4999"), ElementsAre(5000));
  EXPECT_FALSE(AddressIndex::Build(texts, {}, &stop).Find(street(4999)).buildings.empty());
  stop = true;
  const PlaceIndex part = PlaceIndex::Build(texts, &stop);
  EXPECT_TRUE(part.Match("Городок4999").empty());
  EXPECT_TRUE(AddressIndex::Build(texts, {}, &stop).Find(street(4999)).buildings.empty());
}

}  // namespace
}  // namespace memoria::query
