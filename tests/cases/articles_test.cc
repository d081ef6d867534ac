#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cases/cases.h"
#include "testing/status_matchers.h"

namespace memoria::cases {
namespace {

using ::memoria::testing::StatusIs;

std::string Normal(std::string_view text) {
  Result<store::ArticleFact> a = ParseArticle(text);
  return a.ok() ? a->normal : "ERROR: " + a.status().message();
}

TEST(ArticlesTest, EveryWayOfWritingOneArticleHasOneNormalForm) {
  for (std::string_view text :
       {"205.2 ч.2", "205.2 ч. 2", "ст. 205.2 ч. 2 УК РФ", "ч. 2 ст. 205.2 УК РФ",
        "Ст. 205.2, ч. 2 УК РФ", "статья 205.2 часть 2", "art. 205.2 part 2",
        "Criminal Code of the Russian Federation, art. 205.2 part 2", "  205.2   ч.2 "}) {
    EXPECT_EQ(Normal(text), "205.2 ч.2") << text;
  }
}

TEST(ArticlesTest, ReadsPartsPointsCodesAndCountries) {
  EXPECT_EQ(Normal("280.3 ч.1"), "280.3 ч.1");
  EXPECT_EQ(Normal("282.2 ч.1.1"), "282.2 ч.1.1");
  EXPECT_EQ(Normal("п. «а» ч. 2 ст. 105 УК РФ"), "105 ч.2 п.а");
  EXPECT_EQ(Normal("275"), "275");
  EXPECT_EQ(Normal("20.3.3 ч.1 КоАП"), "КоАП 20.3.3 ч.1");
  EXPECT_EQ(Normal("ст. 342 ч. 1 УК РБ"), "УК РБ 342 ч.1");
  Result<store::ArticleFact> a = ParseArticle("ст. 205.2 ч. 2 УК РФ");
  ASSERT_OK(a.status());
  EXPECT_EQ(a->country, "RU");
  EXPECT_EQ(a->code, "UK");
  EXPECT_EQ(a->article, "205.2");
  EXPECT_EQ(a->part, "2");
  EXPECT_EQ(a->text, "ст. 205.2 ч. 2 УК РФ");  // as written
}

TEST(ArticlesTest, RefusesWhatItCannotRead) {
  EXPECT_THAT(ParseArticle("часть 2"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseArticle("205.2 ч.2 сорок"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseArticle("205.2 2 3"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseArticle("12345 ч.1"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseArticle("ст."), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseArticle(std::string(2000, '1')), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseArticle("205\xff"), StatusIs(StatusCode::kInvalidArgument));
  Result<store::ArticleFact> bad = ParseArticle("205.2 ч.2 terrorism");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), ::testing::HasSubstr("terrorism"));
}

TEST(ArticlesTest, ReadsAListSeparatedBySemicolons) {
  ASSERT_OK_AND_ASSIGN(std::vector<store::ArticleFact> list,
                       ParseArticles("205.2 ч.2; 280.3 ч.1;; ст. 207.3 ч. 2 УК РФ"));
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].normal, "205.2 ч.2");
  EXPECT_EQ(list[1].normal, "280.3 ч.1");
  EXPECT_EQ(list[2].normal, "207.3 ч.2");
  ASSERT_OK_AND_ASSIGN(std::vector<store::ArticleFact> none, ParseArticles(""));
  EXPECT_TRUE(none.empty());
  std::string many;
  for (int i = 0; i < 40; ++i) many += "275;";
  EXPECT_THAT(ParseArticles(many), StatusIs(StatusCode::kInvalidArgument));
}

TEST(ArticlesTest, ReadsSentenceTermsAndKinds) {
  Sentence s = ParseSentence("6 лет колонии общего режима");
  EXPECT_EQ(s.months, 72);
  EXPECT_EQ(s.kind, "general_colony");
  s = ParseSentence("3 года 6 месяцев условно");
  EXPECT_EQ(s.months, 42);
  EXPECT_EQ(s.kind, "suspended");
  s = ParseSentence("22 years in a strict regime colony");
  EXPECT_EQ(s.months, 264);
  EXPECT_EQ(s.kind, "strict_colony");
  s = ParseSentence("штраф 500 000 руб.");
  EXPECT_EQ(s.months, -1);
  EXPECT_EQ(s.kind, "fine");
}

store::PrisonerRow Row(int64_t id, std::string surname, std::string region,
                       std::vector<std::string> articles, int32_t detained,
                       std::vector<std::pair<std::string, int32_t>> statuses,
                       std::string assessment, int64_t months = -1) {
  store::PrisonerRow r;
  r.person_id = id;
  r.surname = std::move(surname);
  r.region = std::move(region);
  r.articles = std::move(articles);
  r.detained_day = detained;
  r.sentence_months = months;
  for (auto& [s, day] : statuses) r.statuses.push_back({0, s, "", day});
  if (!assessment.empty()) r.assessments.push_back({0, assessment, "", detained + 100});
  return r;
}

TEST(ListTest, FiltersByEveryFieldAndSorts) {
  std::vector<store::PrisonerRow> rows = {
      Row(1, "Яковлев", "Москва", {"205.2 ч.2"}, 20210105, {{"in_custody", 20210601}},
          "political_prisoner", 72),
      Row(2, "Абрамов", "Республика Крым", {"205.5 ч.2", "278"}, 20190301,
          {{"sentenced", 20200101}}, "political_prisoner", 180),
      Row(3, "Ёлкин", "Москва", {"207.3 ч.2"}, 20220401, {{"released", 20230101}},
          "politically_persecuted", 24),
      Row(4, "Борисов", "Москва", {"205.2 ч.1"}, 20220101, {{"detained", 20220101}},
          "under_review"),
  };
  auto ids = [&](const ListFilter& f) {
    std::vector<int64_t> out;
    for (const auto* r : FilterPrisoners(rows, f)) out.push_back(r->person_id);
    return out;
  };
  ListFilter f;
  EXPECT_THAT(ids(f), ::testing::ElementsAre(2, 1));  // recognised, not released; by name
  f.assessment = "politically_persecuted";
  EXPECT_THAT(ids(f), ::testing::ElementsAre(3));  // whatever the status
  f.assessment = "all";                            // Ёлкин sorts with Е, before Я
  EXPECT_THAT(ids(f), ::testing::ElementsAre(2, 4, 3, 1));
  f.article = "ст. 205.2 УК РФ";
  EXPECT_THAT(ids(f), ::testing::ElementsAre(4, 1));
  f.article = "205.2 ч.2";
  EXPECT_THAT(ids(f), ::testing::ElementsAre(1));
  f = ListFilter();
  f.region = "москва";
  EXPECT_THAT(ids(f), ::testing::ElementsAre(1));
  f.assessment = "all";
  EXPECT_THAT(ids(f), ::testing::ElementsAre(4, 3, 1));
  f.status = "released";
  EXPECT_THAT(ids(f), ::testing::ElementsAre(3));
  f = ListFilter();
  f.year = 2019;
  EXPECT_THAT(ids(f), ::testing::ElementsAre(2));
  f = ListFilter();
  f.assessment = "all";
  f.sort = "sentence";
  EXPECT_THAT(ids(f), ::testing::ElementsAre(2, 1, 3, 4));
  f.sort = "detained";
  EXPECT_THAT(ids(f), ::testing::ElementsAre(3, 4, 1, 2));
  f.sort = "height";
  EXPECT_THAT(CheckFilter(f), StatusIs(StatusCode::kInvalidArgument));
  f = ListFilter();
  f.status = "jailed";
  EXPECT_THAT(CheckFilter(f), StatusIs(StatusCode::kInvalidArgument));
}

TEST(ListTest, MonthlyFiguresCountRecognisedInCustodyAndReleased) {
  store::PrisonerRow a = Row(1, "А", "", {}, 20220110, {}, "");
  a.statuses = {{0, "detained", "", 20220110}, {0, "released", "", 20220320}};
  a.assessments = {{0, "political_prisoner", "", 20220201}};
  store::PrisonerRow b = Row(2, "Б", "", {}, 20220215, {}, "");
  b.statuses = {{0, "in_custody", "", 20220215}};
  std::vector<store::PrisonerRow> rows = {a, b};
  std::vector<MonthFigures> m = MonthlyFigures(rows, 202204);
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(m[0].month, 202201);
  EXPECT_EQ(m[0].in_custody, 1);
  EXPECT_EQ(m[0].recognised, 0);
  EXPECT_EQ(m[1].in_custody, 2);
  EXPECT_EQ(m[1].recognised, 1);
  EXPECT_EQ(m[2].in_custody, 1);  // released in March
  EXPECT_EQ(m[2].released, 1);
  EXPECT_EQ(m[2].recognised, 0);  // a released person leaves the list
  EXPECT_EQ(m[3].recognised, 0);
  EXPECT_EQ(m[3].released, 0);
}

TEST(ListTest, BirthdaysInTheComingDaysSoonestFirstAcrossTheYearsEnd) {
  store::PrisonerRow a =
      Row(1, "А", "", {}, 20200101, {{"in_custody", 20200101}}, "political_prisoner");
  a.birth = "1990-01-03";
  store::PrisonerRow b = a;
  b.person_id = 2;
  b.birth = "1985-12-30";
  store::PrisonerRow c = a;
  c.person_id = 3;
  c.birth = "1980-02-29";
  store::PrisonerRow released = a;
  released.person_id = 4;
  released.birth = "1990-12-29";
  released.statuses = {{0, "released", "", 20230101}};
  std::vector<store::PrisonerRow> rows = {a, b, c, released};
  std::vector<Birthday> soon = UpcomingBirthdays(rows, 20241228, 30);
  ASSERT_EQ(soon.size(), 2u);
  EXPECT_EQ(soon[0].row->person_id, 2);
  EXPECT_EQ(soon[0].day, 20241230);
  EXPECT_EQ(soon[0].age, 39);
  EXPECT_EQ(soon[1].row->person_id, 1);
  EXPECT_EQ(soon[1].day, 20250103);
  std::vector<Birthday> leap = UpcomingBirthdays(rows, 20250220, 30);
  ASSERT_EQ(leap.size(), 1u);
  EXPECT_EQ(leap[0].day, 20250228);  // 29 February in a common year
  EXPECT_EQ(AddDays(20241231, 1), 20250101);
}

}  // namespace
}  // namespace memoria::cases
