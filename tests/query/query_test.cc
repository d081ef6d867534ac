// The query layer: person search by name and filters with honest totals,
// the year grammar, the one birth/death rule, conflicts, and the place and
// address indexes under a visibility ceiling.
#include "query/query.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "export/export.h"
#include "query/dates.h"
#include "query/facts.h"
#include "query/places.h"
#include "store/reader.h"
#include "store/store.h"
#include "testing/archive_builder.h"
#include "testing/status_matchers.h"
#include "web/server.h"

namespace memoria::query {
namespace {

using ::memoria::testing::ArchiveBuilder;
using ::memoria::testing::FullView;
using ::memoria::testing::PublicView;
using ::memoria::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::unique_ptr<store::Store> NewStore() {
  Result<std::unique_ptr<store::Store>> s = store::Store::OpenInMemory();
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return std::move(s).value();
}

std::vector<int64_t> Ids(const PersonResult& r) {
  std::vector<int64_t> out;
  for (const PersonHit& h : r.hits) out.push_back(h.person.id);
  return out;
}

// ---- the year grammar ------------------------------------------------------

TEST(ParseYearRangeTest, AcceptsAYearARangeAndOpenEnds) {
  ASSERT_OK_AND_ASSIGN(YearRange one, ParseYearRange("1899"));
  EXPECT_EQ(one.from, 1899);
  EXPECT_EQ(one.to, 1899);
  ASSERT_OK_AND_ASSIGN(YearRange both, ParseYearRange("1890..1900"));
  EXPECT_EQ(both.from, 1890);
  EXPECT_EQ(both.to, 1900);
  ASSERT_OK_AND_ASSIGN(YearRange up_to, ParseYearRange("..1900"));
  EXPECT_EQ(up_to.from, 1);
  EXPECT_EQ(up_to.to, 1900);
  ASSERT_OK_AND_ASSIGN(YearRange from, ParseYearRange("1900.."));
  EXPECT_EQ(from.from, 1900);
  EXPECT_EQ(from.to, 9999);
  ASSERT_OK_AND_ASSIGN(YearRange spaced, ParseYearRange(" 1937 "));
  EXPECT_EQ(spaced.from, 1937);
  EXPECT_EQ(spaced.from_day(), 19370101);
  EXPECT_EQ(spaced.to_day(), 19371231);
}

TEST(ParseYearRangeTest, RejectsTextOutsideTheGrammarQuotingIt) {
  for (const char* bad : {"", "  ", "..", "1890-1900", "abc", "0", "10000", "1900..1890", "18 99",
                          "1890...1900", "-5", "1890..1900..1910", "１９３７"}) {
    Result<YearRange> r = ParseYearRange(bad);
    EXPECT_THAT(r.status(), StatusIs(StatusCode::kInvalidArgument)) << "'" << bad << "'";
    if (!r.ok()) {
      EXPECT_THAT(r.status().message(), HasSubstr("1890..1900")) << bad;
    }
  }
  EXPECT_THAT(ParseYearRange("1900..1890").status().message(), HasSubstr("after"));
  EXPECT_THAT(ParseYearRange("1890-1900").status().message(), HasSubstr("'1890-1900'"));
}

TEST(ParseDayRangeTest, ReadsEdtfDaysMonthsAndYears) {
  ASSERT_OK_AND_ASSIGN(DayRange open, ParseDayRange("", ""));
  EXPECT_TRUE(open.open());
  ASSERT_OK_AND_ASSIGN(DayRange r, ParseDayRange("1937-08", "1938"));
  EXPECT_EQ(r.from_day, 19370801);
  EXPECT_EQ(r.to_day, 19381231);
  EXPECT_THAT(ParseDayRange("yesterday", "").status(), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseDayRange("1938", "1937").status(), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseDayRange("1937/1938", "").status(), StatusIs(StatusCode::kInvalidArgument));
}

// ---- the person search -----------------------------------------------------

// 1,200 persons named Иванов Иван Петрович; the last 700 executed in
// 1938 (so the best 1,000 name matches, ties by id, hold only 500 of
// them), the first 500 in 1937; every third born in 1904, the others in 1905.
class ManyNamesakesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = NewStore();
    ArchiveBuilder b(store_.get());
    source_ = b.Source("test:list.csv", "Книга памяти");
    other_source_ = b.Source("test:other.csv", "Другой список");
    for (int i = 0; i < 1200; ++i) {
      const int64_t rec = b.Record(i % 10 == 0 ? other_source_ : source_);
      const int64_t p = b.Person(rec);
      b.Name(p, rec, "Иванов", "Иван", "Петрович");
      b.Event(p, rec, "birth", i % 3 == 0 ? "1904" : "1905", i % 2 == 0 ? "г. Тверь" : "Москва");
      b.Event(p, rec, "execution",
              i >= 500 ? "1938-03-0" + std::to_string(1 + i % 9) : "1937-11-20");
      ids_.push_back(p);
    }
    // Someone else, executed in 1938: no name filter finds him by Иванов.
    const int64_t rec = b.Record(source_);
    other_ = b.Person(rec);
    b.Name(other_, rec, "Петров", "Пётр");
    b.Event(other_, rec, "birth", "1904");
    b.Event(other_, rec, "execution", "1938-05-01");
    b.Commit();
    reader_ = PublicView(store_.get());
  }

  int64_t Expected(const std::function<bool(int)>& keep) const {
    int64_t n = 0;
    for (int i = 0; i < 1200; ++i) n += keep(i) ? 1 : 0;
    return n;
  }

  std::unique_ptr<store::Store> store_;
  store::Reader* reader_ = nullptr;
  int64_t source_ = 0, other_source_ = 0, other_ = 0;
  std::vector<int64_t> ids_;
};

TEST_F(ManyNamesakesTest, NameAloneCountsEveryNamesake) {
  PersonQuery q;
  q.name = "Иванов Иван";
  ASSERT_OK_AND_ASSIGN(PersonResult r, FindPersons(reader_, q));
  EXPECT_EQ(r.total, 1200);
  EXPECT_FALSE(r.total_is_lower_bound);
  EXPECT_EQ(r.hits.size(), 20u);
  EXPECT_GT(r.hits[0].score, 0);
  EXPECT_FALSE(r.hits[0].why.empty());
}

TEST_F(ManyNamesakesTest, EventFilteredTotalCountsBeyondTheFirstThousandNameMatches) {
  PersonQuery q;
  q.name = "Иванов";
  q.event_type = "execution";
  ASSERT_OK_AND_ASSIGN(q.event_days, ParseDayRange("1938", "1938"));
  ASSERT_OK_AND_ASSIGN(PersonResult r, FindPersons(reader_, q));
  EXPECT_EQ(r.total, 700);  // not "as many of the best 1,000 as were shot in 1938"
  EXPECT_FALSE(r.total_is_lower_bound);
  EXPECT_EQ(r.hits.size(), 20u);
  q.offset = 690;
  ASSERT_OK_AND_ASSIGN(PersonResult last, FindPersons(reader_, q));
  EXPECT_EQ(last.hits.size(), 10u);
  for (const PersonHit& h : last.hits) EXPECT_EQ(h.person.death.substr(0, 4), "1938");
}

TEST_F(ManyNamesakesTest, EveryFilterHoldsWithAName) {
  PersonQuery q;
  q.name = "Иванов";
  ASSERT_OK_AND_ASSIGN(q.born, ParseYearRange("1904"));
  ASSERT_OK_AND_ASSIGN(q.died, ParseYearRange("1938"));
  q.place = "тверь";
  q.source_id = source_;
  ASSERT_OK_AND_ASSIGN(PersonResult r, FindPersons(reader_, q));
  EXPECT_EQ(r.total,
            Expected([](int i) { return i % 3 == 0 && i >= 500 && i % 2 == 0 && i % 10 != 0; }));
  q.limit = 1000;
  ASSERT_OK_AND_ASSIGN(PersonResult all, FindPersons(reader_, q));
  EXPECT_EQ(static_cast<int64_t>(all.hits.size()), all.total);
}

TEST_F(ManyNamesakesTest, FiltersAloneSearchWithoutAName) {
  PersonQuery q;
  ASSERT_OK_AND_ASSIGN(q.born, ParseYearRange("1904"));
  ASSERT_OK_AND_ASSIGN(q.died, ParseYearRange("1938"));
  q.limit = 1000;
  ASSERT_OK_AND_ASSIGN(PersonResult r, FindPersons(reader_, q));
  // Every Иванов born 1904 and shot 1938, and Петров.
  EXPECT_EQ(r.total, Expected([](int i) { return i % 3 == 0 && i >= 500; }) + 1);
  EXPECT_FALSE(r.total_is_lower_bound);
  const std::vector<int64_t> ids = Ids(r);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));  // by person id
  EXPECT_EQ(ids.back(), other_);
  EXPECT_EQ(r.hits.back().person.surname, "Петров");
  EXPECT_EQ(r.hits.back().score, 0);

  PersonQuery by_event;
  by_event.event_type = "execution";
  ASSERT_OK_AND_ASSIGN(by_event.event_days, ParseDayRange("1938-05", "1938-05"));
  ASSERT_OK_AND_ASSIGN(PersonResult may, FindPersons(reader_, by_event));
  EXPECT_THAT(Ids(may), ElementsAre(other_));

  PersonQuery by_source;
  by_source.source_id = other_source_;
  ASSERT_OK_AND_ASSIGN(PersonResult listed, FindPersons(reader_, by_source));
  EXPECT_EQ(listed.total, 120);
}

TEST_F(ManyNamesakesTest, RefusesAQueryThatSelectsNoOne) {
  PersonQuery nothing;
  EXPECT_THAT(FindPersons(reader_, nothing).status(), StatusIs(StatusCode::kInvalidArgument));
  PersonQuery place_only;
  place_only.place = "Тверь";
  EXPECT_THAT(FindPersons(reader_, place_only).status(), StatusIs(StatusCode::kInvalidArgument));
  PersonQuery bad_limit;
  bad_limit.name = "Иванов";
  bad_limit.limit = 0;
  EXPECT_THAT(FindPersons(reader_, bad_limit).status(), StatusIs(StatusCode::kInvalidArgument));
  PersonQuery no_letters;
  no_letters.name = "!!!";
  no_letters.born = {1900, 1910};
  EXPECT_THAT(FindPersons(reader_, no_letters).status(), StatusIs(StatusCode::kInvalidArgument));
}

TEST(FindPersonsTest, ATotalCutAtTheCandidateLimitSaysSo) {
  std::unique_ptr<store::Store> store = NewStore();
  ArchiveBuilder b(store.get());
  const int64_t src = b.Source("test:big.csv", "Список");
  for (int64_t i = 0; i < kMaxCandidates + 5; ++i) {
    const int64_t rec = b.Record(src);
    const int64_t p = b.Person(rec);
    b.Name(p, rec, "Сидоров", "Сидор");
    b.Event(p, rec, "birth", "1901");
  }
  b.Commit();
  PersonQuery q;
  ASSERT_OK_AND_ASSIGN(q.born, ParseYearRange("1901"));
  ASSERT_OK_AND_ASSIGN(PersonResult r, FindPersons(PublicView(store.get()), q));
  EXPECT_TRUE(r.total_is_lower_bound);
  EXPECT_EQ(r.total, kMaxCandidates);
}

// ---- the one birth/death rule ----------------------------------------------

TEST(LifeEventsTest, ExportSummariesAndThePersonPageAgreeOnTheDeath) {
  std::unique_ptr<store::Store> store = NewStore();
  ArchiveBuilder b(store.get());
  const int64_t src = b.Source("test:list.csv", "Книга памяти");
  const int64_t r1 = b.Record(src), r2 = b.Record(src), r3 = b.Record(src);
  const int64_t p = b.Person(r1);
  b.Link(p, r2);
  b.Link(p, r3);
  b.Name(p, r1, "Кузнецов", "Николай");
  // The family was told of a death in 1942; he was shot in 1937. The death
  // comes first in the person's events, and a second, later execution
  // date from another record must lose to the earlier one.
  b.Event(p, r2, "death", "1942-05-01", "Севвостлаг");
  b.Event(p, r3, "execution", "1937-12-10", "Бутово");
  b.Event(p, r1, "execution", "1937-12-15", "Москва");
  b.Event(p, r1, "birth", "1899");
  b.Event(p, r2, "birth", "1898", "Тула");
  b.Commit();
  store::Reader* reader = PublicView(store.get());

  ASSERT_OK_AND_ASSIGN(store::PersonView person, reader->GetPerson(p));
  const store::LifeEvents life = store::ChooseLifeEvents(person.events);
  ASSERT_NE(life.death, nullptr);
  EXPECT_EQ(life.death->type, "execution");
  EXPECT_EQ(life.death->date.ToString(), "1937-12-10");
  ASSERT_NE(life.birth, nullptr);
  EXPECT_EQ(life.birth->date.ToString(), "1898");

  // Reader::Summaries.
  const int64_t ids[] = {p};
  ASSERT_OK_AND_ASSIGN(std::vector<store::PersonSummary> summaries, reader->Summaries(ids));
  ASSERT_EQ(summaries.size(), 1u);
  EXPECT_EQ(summaries[0].death, "1937-12-10");
  EXPECT_EQ(summaries[0].death_type, "execution");
  EXPECT_EQ(summaries[0].birth, "1898");

  // The CSV export.
  EXPECT_THAT(exports::PersonCsvRow(person), HasSubstr(",1898,Тула,execution,1937-12-10,Бутово,"));

  // The person page's API.
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<web::App> app, web::App::Create(store.get()));
  web::Response page = app->Handle({"GET", "/api/v1/person/" + std::to_string(p), "", "", ""});
  ASSERT_EQ(page.status, 200) << page.body;
  nlohmann::json model = nlohmann::json::parse(page.body);
  EXPECT_EQ(model["death"], "1937-12-10");
  EXPECT_EQ(model["birth"], "1898");

  // And the search hit.
  PersonQuery q;
  q.name = "Кузнецов";
  ASSERT_OK_AND_ASSIGN(PersonResult r, FindPersons(reader, q));
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_EQ(r.hits[0].person.death, "1937-12-10");
}

TEST(LifeEventsTest, ADeathOnlyCountsWithoutAnExecutionAndDatedEventsWin) {
  std::vector<store::EventFact> events(3);
  events[0].id = 1;
  events[0].type = "death";
  events[0].date = *Edtf::Parse("1942");
  events[1].id = 2;
  events[1].type = "birth";  // undated
  events[2].id = 3;
  events[2].type = "birth";
  events[2].date = *Edtf::Parse("1901");
  store::LifeEvents life = store::ChooseLifeEvents(events);
  EXPECT_EQ(life.death, &events[0]);
  EXPECT_EQ(life.birth, &events[2]);
  events[2].date = Edtf();
  life = store::ChooseLifeEvents(events);
  EXPECT_EQ(life.birth, &events[1]);  // both undated: the lower id
}

// ---- conflicts -------------------------------------------------------------

TEST(ConflictsTest, SourcesDisagreeingOnADateOrAValueAreConflicts) {
  store::PersonView p;
  auto event = [&](int64_t record, const char* type, const char* date) {
    store::EventFact e;
    e.record_id = record;
    e.type = type;
    e.date = *Edtf::Parse(date);
    p.events.push_back(e);
  };
  auto attribute = [&](int64_t record, const char* kind, const char* value) {
    store::AttributeFact a;
    a.record_id = record;
    a.kind = kind;
    a.value = value;
    p.attributes.push_back(a);
  };
  event(1, "birth", "1899");
  event(2, "birth", "1901");
  event(1, "execution", "1937-10-05");
  event(2, "execution", "1937-10-05");  // agree: no conflict
  attribute(1, "occupation", "слесарь");
  attribute(2, "occupation", "токарь");
  attribute(3, "nationality", "русский");
  attribute(3, "education", "низшее");
  attribute(3, "education", "среднее");  // one record: its own business
  const std::vector<Conflict> conflicts = FindConflicts(p);
  ASSERT_EQ(conflicts.size(), 2u);
  EXPECT_EQ(conflicts[0].of, Conflict::Of::kAttribute);
  EXPECT_EQ(conflicts[0].kind, "occupation");
  ASSERT_EQ(conflicts[0].values.size(), 2u);
  EXPECT_EQ(conflicts[0].values[1].value, "токарь");
  EXPECT_EQ(conflicts[0].values[1].record_id, 2);
  EXPECT_EQ(conflicts[1].of, Conflict::Of::kEvent);
  EXPECT_EQ(conflicts[1].kind, "birth");
  EXPECT_EQ(conflicts[1].values[0].value, "1899");
  EXPECT_EQ(conflicts[1].values[1].value, "1901");
}

// ---- places and addresses --------------------------------------------------

TEST(PlaceIndexesTest, CountsOnlyPersonsVisibleUnderTheSameCeiling) {
  std::unique_ptr<store::Store> store = NewStore();
  ArchiveBuilder b(store.get());
  const int64_t src = b.Source("test:list.csv", "Книга памяти");
  const int64_t r1 = b.Record(src), r2 = b.Record(src);
  const int64_t shown = b.Person(r1);
  b.Name(shown, r1, "Орлов", "Иван");
  b.Event(shown, r1, "birth", "1900", "Москва");
  b.Attribute(shown, r1, "address", "г. Москва, ул. Мясницкая, д. 12");
  // His neighbour's only name is restricted: under the public ceiling he is
  // no one, and neither counts nor lists him.
  const int64_t hidden = b.Person(r2);
  b.Name(hidden, r2, "Соколов", "Пётр", "", "main", store::Visibility::kRestricted);
  b.Event(hidden, r2, "birth", "1901", "Москва");
  b.Attribute(hidden, r2, "address", "г. Москва, ул. Мясницкая, д. 12");
  b.Commit();

  ASSERT_OK_AND_ASSIGN(PlaceIndexes pub, BuildPlaceIndexes(PublicView(store.get())));
  AddressIndex::Answer a = pub.addresses.Find("Мясницкая 12");
  ASSERT_EQ(a.buildings.size(), 1u);
  ASSERT_EQ(a.buildings[0].residents.size(), 1u);
  EXPECT_EQ(a.buildings[0].residents[0].person_id, shown);
  EXPECT_THAT(pub.places.Match("москва"), ElementsAre(shown));
  ASSERT_FALSE(pub.places.top().empty());
  EXPECT_EQ(pub.places.top()[0].persons, 1);

  // The opposite: under the full ceiling both are there.
  ASSERT_OK_AND_ASSIGN(PlaceIndexes full, BuildPlaceIndexes(FullView(store.get())));
  AddressIndex::Answer fa = full.addresses.Find("Мясницкая 12");
  ASSERT_EQ(fa.buildings.size(), 1u);
  EXPECT_EQ(fa.buildings[0].residents.size(), 2u);
  EXPECT_THAT(full.places.Match("москва"), ElementsAre(shown, hidden));
  EXPECT_EQ(full.places.top()[0].persons, 2);
}

}  // namespace
TEST(SearchApiTest, HitsTellNamesakesApartAndExactIsAParameter) {
  std::unique_ptr<store::Store> store = NewStore();
  ArchiveBuilder b(store.get());
  const int64_t src = b.Source("test:list.csv", "Книга памяти");
  const int64_t other = b.Source("test:other.csv", "Другой список");
  const int64_t r1 = b.Record(src), r2 = b.Record(other), r3 = b.Record(src);
  const int64_t p = b.Person(r1);
  b.Link(p, r2);
  b.Name(p, r1, "Кузьмин", "Иван", "Петрович");
  b.Event(p, r1, "birth", "1899", "Тверь");
  b.Event(p, r2, "execution", "1937-10-05", "Бутово");
  const int64_t q = b.Person(r3);
  b.Name(q, r3, "Кузмин", "Иван", "Петрович");
  b.Commit();
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<web::App> app, web::App::Create(store.get()));
  web::Response page = app->Handle({"GET", "/api/v1/search?q=%D0%9A%D1%83%D0%B7%D1%8C%D0%BC%D0%B8%D0%BD+%D0%98%D0%B2%D0%B0%D0%BD", "", "", ""});
  ASSERT_EQ(page.status, 200) << page.body;
  nlohmann::json hit = nlohmann::json::parse(page.body)["hits"][0];
  EXPECT_EQ(hit["person_id"], p);
  EXPECT_EQ(hit["birth"], "1899");
  EXPECT_EQ(hit["birth_place"], "Тверь");
  EXPECT_EQ(hit["death"], "1937-10-05");
  EXPECT_EQ(hit["death_place"], "Бутово");
  EXPECT_EQ(hit["records"], 2);
  ASSERT_EQ(hit["sources"].size(), 2u);
  EXPECT_EQ(hit["sources"][0]["source_title"], "Книга памяти");
  EXPECT_EQ(hit["sources"][1]["source_id"], other);

  // The page shows them too.
  page = app->Handle({"GET", "/search?q=%D0%9A%D1%83%D0%B7%D1%8C%D0%BC%D0%B8%D0%BD+%D0%98%D0%B2%D0%B0%D0%BD", "", "", ""});
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("Тверь"));
  EXPECT_THAT(page.body, HasSubstr("Бутово"));
  EXPECT_THAT(page.body, HasSubstr("Другой список"));

  // exact=1: the other spelling is no longer a hit.
  page = app->Handle({"GET", "/api/v1/search?q=%D0%9A%D1%83%D0%B7%D0%BC%D0%B8%D0%BD&exact=1", "", "", ""});
  ASSERT_EQ(page.status, 200) << page.body;
  nlohmann::json model = nlohmann::json::parse(page.body);
  EXPECT_EQ(model["total"], 1);
  EXPECT_EQ(model["hits"][0]["person_id"], q);
  page = app->Handle({"GET", "/api/v1/search?q=%D0%9A%D1%83%D0%B7%D0%BC%D0%B8%D0%BD", "", "", ""});
  EXPECT_EQ(nlohmann::json::parse(page.body)["total"], 2);
}

}  // namespace memoria::query
