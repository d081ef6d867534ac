// The prisoners and publications import profiles (docs/formats/prisoners.md):
// a real-shaped list made from Memorial's sample statements, a newer export
// adding exactly its status changes, refusal of unknown values, statements
// linked to the persons they name, and the synthetic list's history.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "cases/cases.h"
#include "ingest/ingest.h"
#include "search/search.h"
#include "store/cases.h"
#include "store/reader.h"
#include "store/store.h"
#include "synth/generator.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria {
namespace {

using ::memoria::testing::StatusIs;
using ::testing::HasSubstr;

constexpr std::string_view kHeader =
    "id,name,birth_date,gender,region,articles,case_group,detained,verdict_date,sentence,"
    "facility,facility_address,status,status_date,assessment,assessment_date,statement,"
    "statement_url\n";

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

class PrisonersImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = memoria::testing::FreshTempDir();
    store_ = store::Store::Create(dir_ + "/archive").value();
  }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  Result<ingest::ImportReport> Import(const std::string& path, const std::string& profile,
                                      const std::string& append_to = "") {
    ingest::ImportOptions options;
    options.profile = profile;
    options.append_to = append_to;
    return ingest::Import(store_.get(), {path}, options);
  }

  std::vector<store::PrisonerRow> Prisoners() {
    store::Reader* reader = store_->ReaderFor(store::Visibility::kPublic).value();
    return store::CasesReader(reader).Prisoners().value();
  }

  size_t StatusChanges() {
    size_t n = 0;
    for (const store::PrisonerRow& r : Prisoners()) n += r.statuses.size();
    return n;
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(PrisonersImportTest, SampleStatementsBecomeAListAndLinkToTheirPersons) {
  MEMORIA_REQUIRE_SHARED_DATA(sample, "memorial-political-prisoners-sample/list_page_2021.txt");
  std::ifstream in(sample);
  std::vector<std::string> paragraphs;
  std::string line, current;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \r\t") == std::string::npos) {
      if (!current.empty()) paragraphs.push_back(current);
      current.clear();
    } else {
      current += (current.empty() ? "" : " ") + line;
    }
  }
  if (!current.empty()) paragraphs.push_back(current);
  ASSERT_EQ(paragraphs.size() % 2, 0u);
  // Each statement's persons are its "Given Surname" pairs; words that
  // start a pair but name no one are listed here.
  const std::set<std::string> kNotNames = {"Six", "Nine", "Nizhny", "Aleksei", "St", "Belarusian"};
  const std::regex kPair("([A-Z][a-z]+) ([A-Z][a-z]+)");
  std::string csv(kHeader);
  int rows = 0, statements = 0;
  std::set<std::string> surnames;
  for (size_t i = 0; i < paragraphs.size(); i += 2) {
    const std::string& head = paragraphs[i];
    const bool prisoner = head.find("is a political prisoner") != std::string::npos ||
                          head.find("are political prisoners") != std::string::npos;
    const bool unlawful = head.find("unlawful and politically motivated") != std::string::npos;
    if (!prisoner && !unlawful) continue;  // the news item
    ++statements;
    const std::string text = head + " " + paragraphs[i + 1];
    for (auto it = std::sregex_iterator(text.begin(), text.end(), kPair);
         it != std::sregex_iterator(); ++it) {
      const std::string given = (*it)[1], surname = (*it)[2];
      if (kNotNames.contains(given) || surname == "Petersburg" || surname == "Novgorod") continue;
      if (!surnames.insert(surname).second) continue;
      ++rows;
      csv += "s" + std::to_string(rows) + "," + surname + " " + given +
             ",,,,205.2 ч.2,,2021-01-23,,,,,detained,2021-01-23," +
             (prisoner ? "political_prisoner" : "politically_persecuted") + ",2021-11-01," +
             Quote(text) + ",\n";
    }
  }
  ASSERT_EQ(statements, 9);  // and one news item
  ASSERT_GE(rows, 10);       // Pinchuk, Garipov, Chanysheva, Rezontova, Tregubov, ...
  ASSERT_OK_AND_ASSIGN(ingest::ImportReport list, Import(Write("list.csv", csv), "prisoners"));
  EXPECT_EQ(list.files[0].persons_added, rows);
  EXPECT_EQ(list.files[0].rows_rejected, 0);
  std::vector<store::PrisonerRow> prisoners = Prisoners();
  ASSERT_EQ(static_cast<int>(prisoners.size()), rows);
  for (const store::PrisonerRow& p : prisoners) {
    ASSERT_EQ(p.assessments.size(), 1u) << p.surname;
    EXPECT_TRUE(cases::Recognised(p.assessments[0].value));
    EXPECT_THAT(p.articles, ::testing::ElementsAre("205.2 ч.2"));
  }

  ASSERT_OK_AND_ASSIGN(ingest::ImportReport pubs, Import(sample, "publications"));
  EXPECT_EQ(pubs.files[0].records_added, 10);
  store::Reader* reader = store_->ReaderFor(store::Visibility::kPublic).value();
  store::CasesReader cases(reader);
  ASSERT_OK_AND_ASSIGN(std::vector<store::PublicationRow> all, cases.Publications("", 0, 100));
  ASSERT_EQ(all.size(), 10u);
  ASSERT_OK_AND_ASSIGN(int64_t news, cases.CountPublications("news"));
  EXPECT_EQ(news, 1);
  // Every person of the list is named by a statement, and linked to it: the
  // card shows it.
  for (const store::PrisonerRow& p : prisoners) {
    ASSERT_OK_AND_ASSIGN(store::PrisonerCard card, cases.Card(p.person_id));
    ASSERT_FALSE(card.publications.empty()) << p.surname;
    EXPECT_EQ(card.publications[0].fact.kind, "statement") << p.surname;
    EXPECT_THAT(card.publications[0].fact.title + card.publications[0].fact.summary,
                HasSubstr(p.surname));
  }
  // The news item is dated from its text.
  for (const store::PublicationRow& p : all) {
    if (p.fact.kind == "news") {
      EXPECT_EQ(p.fact.date.ToString(), "2021-11-18");
    }
  }
}

TEST_F(PrisonersImportTest, NewerExportAddsExactlyItsChangesAndNoDuplicates) {
  const std::string v1 =
      std::string(kHeader) +
      "a1,Иванов Иван Иванович,1990-05-17,м,Москва,ст. 207.3 ч. 2 УК РФ,антивоенное,2022-03-10,,,"
      "СИЗО-1,\"127055, Москва, ул. Новослободская, 45\",detained,2022-03-10,political_prisoner,"
      "2022-04-01,Заявление,https://memopzk.org/a1\n"
      "a2,Петрова Анна Сергеевна,1985-01-02,ж,Пенза,280.3 ч.1,,2022-06-01,,,,,house_arrest,"
      "2022-06-02,under_review,2022-06-05,,\n"
      "a3,Сидоров Олег,,м,Уфа,282.2 ч.1,Свидетели Иеговы,2019-01-01,2020-02-02,6 лет колонии "
      "общего режима,ИК-2,\"450059, Уфа, ИК-2\",in_custody,2020-05-01,political_prisoner,"
      "2019-03-01,,\n";
  ASSERT_OK_AND_ASSIGN(ingest::ImportReport first, Import(Write("list-2022.csv", v1), "prisoners"));
  EXPECT_EQ(first.files[0].persons_added, 3);
  EXPECT_EQ(StatusChanges(), 3u);
  // Six months later: a1 sentenced and moved, a2 recognised, a3 unchanged.
  const std::string v2 =
      std::string(kHeader) +
      "a1,Иванов Иван Иванович,1990-05-17,м,Москва,207.3 ч.2,антивоенное,2022-03-10,2022-11-20,"
      "7 лет колонии общего режима,ИК-6,\"601300, Владимирская обл., ИК-6\",sentenced,2022-11-20,"
      "political_prisoner,2022-04-01,Заявление,https://memopzk.org/a1\n"
      "a2,Петрова Анна Сергеевна,1985-01-02,ж,Пенза,280.3 ч.1,,2022-06-01,,,,,house_arrest,"
      "2022-06-02,politically_persecuted,2022-09-01,Заявление,\n"
      "a3,Сидоров Олег,,м,Уфа,282.2 ч.1,Свидетели Иеговы,2019-01-01,2020-02-02,6 лет колонии "
      "общего режима,ИК-2,\"450059, Уфа, ИК-2\",in_custody,2020-05-01,political_prisoner,"
      "2019-03-01,,\n";
  ASSERT_OK_AND_ASSIGN(ingest::ImportReport second,
                       Import(Write("list-2023.csv", v2), "prisoners", "prisoners:list-2022.csv"));
  EXPECT_EQ(second.files[0].persons_added, 0);
  EXPECT_EQ(second.files[0].names_added, 0);
  EXPECT_EQ(second.files[0].duplicates, 1);  // a3's row is the same row
  std::vector<store::PrisonerRow> rows = Prisoners();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(StatusChanges(), 4u);  // exactly one new status: a1 sentenced
  const store::PrisonerRow& a1 = rows[0];
  ASSERT_EQ(a1.statuses.size(), 2u);
  EXPECT_EQ(a1.statuses[0].value, "detained");
  EXPECT_EQ(a1.statuses[1].value, "sentenced");
  EXPECT_EQ(a1.statuses[1].date, "2022-11-20");
  EXPECT_EQ(a1.assessments.size(), 1u);
  EXPECT_EQ(a1.facility, "ИК-6");  // the newer place of detention
  EXPECT_EQ(a1.sentence_months, 84);
  const store::PrisonerRow& a2 = rows[1];
  ASSERT_EQ(a2.assessments.size(), 2u);
  EXPECT_EQ(a2.assessments[1].value, "politically_persecuted");
  EXPECT_EQ(a2.statuses.size(), 1u);
  EXPECT_EQ(rows[2].statuses.size(), 1u);
  EXPECT_EQ(rows[2].assessments.size(), 1u);
  // The same export again adds nothing at all.
  ASSERT_OK_AND_ASSIGN(ingest::ImportReport again, Import(Write("list-2023-copy.csv", v2 + "\n"),
                                                          "prisoners", "prisoners:list-2022.csv"));
  EXPECT_EQ(again.files[0].records_added, 0);
  EXPECT_EQ(StatusChanges(), 4u);
}

TEST_F(PrisonersImportTest, UnknownStatusRefusesTheFileNamingTheLine) {
  const std::string csv = std::string(kHeader) +
                          "b1,Иванов Иван,,,,275,,,,,,,detained,2022-01-01,,,,\n"
                          "b2,Петров Пётр,,,,275,,,,,,,jailed,2022-01-01,,,,\n";
  Result<ingest::ImportReport> r = Import(Write("bad.csv", csv), "prisoners");
  EXPECT_THAT(r, StatusIs(StatusCode::kInvalidArgument, HasSubstr("line 3")));
  EXPECT_THAT(r.status().message(), HasSubstr("'jailed'"));
  EXPECT_TRUE(Prisoners().empty());  // nothing of the file was kept
  const std::string bad_assessment = std::string(kHeader) +
                                     "c1,Иванов Иван,,,,275,,,,,,,detained,2022-01-01,"
                                     "prisoner_of_conscience,,,\n";
  EXPECT_THAT(Import(Write("bad2.csv", bad_assessment), "prisoners"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("line 2")));
}

TEST_F(PrisonersImportTest, BadArticlesAndDatesRejectTheRowWithItsLine) {
  const std::string csv = std::string(kHeader) +
                          "d1,Иванов Иван,,,,205.2 ч.2 непонятно,,,,,,,detained,2022-01-01,,,,\n"
                          "d2,Петров Пётр,32.13.2022,,,275,,,,,,,detained,2022-01-01,,,,\n"
                          "d3,Сидоров Сидор,,,,275,,,,,,,detained,2022-01-01,,,,\n";
  ASSERT_OK_AND_ASSIGN(ingest::ImportReport r, Import(Write("rows.csv", csv), "prisoners"));
  ASSERT_EQ(r.files[0].rejections.size(), 2u);
  EXPECT_EQ(r.files[0].rejections[0].line, 2);
  EXPECT_THAT(r.files[0].rejections[0].reason, HasSubstr("непонятно"));
  EXPECT_EQ(r.files[0].rejections[1].line, 3);
  EXPECT_EQ(Prisoners().size(), 1u);
  const std::string missing = "id,name,status\nx,Иванов Иван,detained\n";
  EXPECT_THAT(Import(Write("missing.csv", missing), "prisoners"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("birth_date")));
}

TEST_F(PrisonersImportTest, GeneratedListHasARealisticHistory) {
  synth::PrisonersOptions options;
  options.prisoners = 200;
  options.seed = 7;
  std::ostringstream out;
  ASSERT_OK(synth::GeneratePrisoners(options, &out));
  ASSERT_OK_AND_ASSIGN(ingest::ImportReport r, Import(Write("gen.csv", out.str()), "prisoners"));
  EXPECT_EQ(r.files[0].persons_added, 200);
  EXPECT_EQ(r.files[0].rows_rejected, 0);
  const std::vector<store::PrisonerRow> rows = Prisoners();
  ASSERT_EQ(rows.size(), 200u);
  size_t changes = 0, released = 0;
  for (const store::PrisonerRow& p : rows) {
    changes += p.statuses.size();
    EXPECT_EQ(p.statuses.front().value, "detained");
    for (size_t i = 1; i < p.statuses.size(); ++i) {
      EXPECT_LE(p.statuses[i - 1].day, p.statuses[i].day) << p.person_id;
    }
    released += cases::CurrentStatus(p) == "released";
    EXPECT_FALSE(p.articles.empty());
  }
  EXPECT_GT(changes, 400u);  // more than two changes per person
  EXPECT_GT(released, 0u);
  EXPECT_LT(released, 200u);
}

// Prisoners are archive persons with names: the name search finds them from
// the Latin spellings foreign journalists type.
TEST_F(PrisonersImportTest, NameSearchFindsPrisonersFromLatinSpellings) {
  const std::string csv = std::string(kHeader) +
                          "f1,Чанышева Лилия Ринатовна,1982-01-01,ж,Уфа,282.1 ч.1,,2021-11-09,,,"
                          ",,in_custody,2021-11-09,political_prisoner,2021-11-20,,\n"
                          "f2,Щербаков Сергей Иванович,,м,Москва,207.3 ч.2,,2022-05-01,,,"
                          ",,detained,2022-05-01,political_prisoner,2022-06-01,,\n";
  ASSERT_OK(Import(Write("f.csv", csv), "prisoners").status());
  store::Reader* reader = store_->ReaderFor(store::Visibility::kPublic).value();
  const std::vector<store::PrisonerRow> rows = Prisoners();
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& [query, index] : std::vector<std::pair<std::string, size_t>>{
           {"Liliya Chanysheva", 0}, {"Lilija Tschanyschewa", 0}, {"Shcherbakov Sergei", 1},
           {"Sergey Shcherbakov", 1}}) {
    search::SearchOptions o;
    ASSERT_OK_AND_ASSIGN(search::SearchResult r, search::Search(reader, query, o));
    ASSERT_FALSE(r.hits.empty()) << query;
    EXPECT_EQ(r.hits[0].person_id, rows[index].person_id) << query;
  }
}

TEST_F(PrisonersImportTest, MarkdownPublicationLinksTheListedPersons) {
  const std::string csv =
      std::string(kHeader) + "e1,Иванов Иван,,,,275,,,,,,,detained,2022-01-01,,,,\n";
  ASSERT_OK(Import(Write("e.csv", csv), "prisoners").status());
  const int64_t person = Prisoners().at(0).person_id;
  const std::string md =
      "title: Суд над Ивановым\nkind: news\ndate: 2023-02-01\npersons: " + std::to_string(person) +
      "\n---\n# Заседание\n\nТекст <script>x</script>\n";
  ASSERT_OK(Import(Write("news.md", md), "publications").status());
  store::Reader* reader = store_->ReaderFor(store::Visibility::kPublic).value();
  ASSERT_OK_AND_ASSIGN(store::PrisonerCard card, store::CasesReader(reader).Card(person));
  ASSERT_EQ(card.publications.size(), 1u);
  EXPECT_EQ(card.publications[0].fact.title, "Суд над Ивановым");
  EXPECT_EQ(card.publications[0].fact.date.ToString(), "2023-02-01");
  const std::string bad = "title: x\nkind: blog\n---\ntext\n";
  EXPECT_THAT(Import(Write("bad.md", bad), "publications"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("blog")));
}

}  // namespace
}  // namespace memoria
