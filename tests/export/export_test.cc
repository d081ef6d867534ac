// The JSON export and `memoria show --json`: the vocabulary of
// docs/formats/json.md, and damage reported, not passed on.
#include "export/export.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/edtf.h"

#include "store/store.h"
#include "store/write.h"
#include "testing/archive_builder.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria::exports {
namespace {

using memoria::testing::StatusIs;

class ExportTest : public ::testing::Test {
 protected:
  // One person with one record whose stored raw fields are "raw".
  void AddPerson(const std::string& raw) {
    ASSERT_OK_AND_ASSIGN(store::WriteTransaction tx, store_->BeginWrite());
    store::SourceInfo source;
    source.key = "test:list.csv";
    source.title = "Книга памяти";
    ASSERT_OK_AND_ASSIGN(int64_t source_id, tx.EnsureSource(source));
    ASSERT_OK_AND_ASSIGN(int64_t batch,
                         tx.BeginBatch(source_id, "test", "list.csv", std::to_string(++n_)));
    ASSERT_OK_AND_ASSIGN(int64_t record, tx.AddRecord(source_id, batch, 7, "", raw));
    ASSERT_OK_AND_ASSIGN(person_, tx.AddPerson(batch));
    ASSERT_OK(tx.LinkRecord(person_, record, "import"));
    store::NameFact n;
    n.person_id = person_;
    n.record_id = record;
    n.surname = "Щербакова";
    ASSERT_OK(tx.AddName(n));
    ASSERT_OK(tx.Commit());
  }

  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(store_, store::Store::Create(memoria::testing::FreshTempDir()));
  }

  std::unique_ptr<store::Store> store_;
  int64_t person_ = 0;
  int n_ = 0;
};

TEST_F(ExportTest, PersonJsonUsesTheSharedVocabulary) {
  AddPerson(R"({"surname":"Щербакова"})");
  ASSERT_OK_AND_ASSIGN(store::PersonView person, memoria::testing::PublicView(store_.get())->GetPerson(person_));
  ASSERT_OK_AND_ASSIGN(nlohmann::ordered_json j, PersonJson(person));
  const auto& record = j["records"][0];
  EXPECT_EQ(record["line"], 7);
  EXPECT_EQ(record["file_name"], "list.csv");
  EXPECT_EQ(record["source_key"], "test:list.csv");
  EXPECT_EQ(record["raw"]["surname"], "Щербакова");
  EXPECT_EQ(record["content_sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(j["names"][0]["record_id"], record["record_id"]);
}

TEST_F(ExportTest, ARecordWhoseRawIsNotJsonIsDataLoss) {
  AddPerson("surname=Щербакова");
  ASSERT_OK_AND_ASSIGN(store::PersonView person, memoria::testing::PublicView(store_.get())->GetPerson(person_));
  EXPECT_THAT(PersonJson(person).status(), StatusIs(StatusCode::kDataLoss));
  EXPECT_THAT(PersonJsonLine(person).status(), StatusIs(StatusCode::kDataLoss));
  std::ostringstream out;
  EXPECT_THAT(Export(memoria::testing::PublicView(store_.get()), "jsonl", &out).status(), StatusIs(StatusCode::kDataLoss));
  // CSV carries no raw fields: nothing is lost there.
  std::ostringstream csv;
  ASSERT_OK_AND_ASSIGN(int64_t rows, Export(memoria::testing::PublicView(store_.get()), "csv", &csv));
  EXPECT_EQ(rows, 1);
}

// Splits one CSV row (RFC 4180, quoted cells may hold commas, quotes and
// line breaks) into cells; *pos moves past the row.
std::vector<std::string> CsvRow(const std::string& text, size_t* pos) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (; *pos < text.size(); ++*pos) {
    const char c = text[*pos];
    if (quoted) {
      if (c == '"' && *pos + 1 < text.size() && text[*pos + 1] == '"') {
        cells.back().push_back('"');
        ++*pos;
      } else if (c == '"') {
        quoted = false;
      } else {
        cells.back().push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.emplace_back();
    } else if (c == '\n') {
      ++*pos;
      break;
    } else {
      cells.back().push_back(c);
    }
  }
  return cells;
}

TEST_F(ExportTest, CsvCarriesEveryPublicFactInStableColumns) {
  AddPerson(R"({"surname":"Щербакова"})");
  {
    ASSERT_OK_AND_ASSIGN(store::WriteTransaction tx, store_->BeginWrite());
    store::NameFact alias;
    alias.person_id = person_;
    alias.claim_id = 0;
    alias.kind = "alias";
    alias.surname = "Щербакова-Ланская";
    alias.given = "Ирина";
    ASSERT_OK_AND_ASSIGN(store::PersonView before,
                         memoria::testing::PublicView(store_.get())->GetPerson(person_));
    alias.record_id = before.records[0].id;
    ASSERT_OK(tx.AddName(alias));
    auto event = [&](const char* type, const char* date, const char* place, const char* body,
                     const char* article) -> Status {
      store::EventFact e;
      e.person_id = person_;
      e.record_id = before.records[0].id;
      e.type = type;
      MEMORIA_ASSIGN_OR_RETURN(e.date, Edtf::Parse(date));
      e.place = place;
      e.body = body;
      e.article = article;
      return tx.AddEvent(e).status();
    };
    ASSERT_OK(event("arrest", "1937-08-01", "Москва", "", ""));
    ASSERT_OK(event("sentence", "1937-10-01", "", "тройка при УНКВД", "58-10, 58-11"));
    ASSERT_OK(event("execution", "1937-10-05", "Бутово", "", ""));
    ASSERT_OK(event("burial", "1937-10-06", "Бутово", "", ""));
    for (auto [kind, value] : {std::pair{"occupation", "учительница"},
                               {"occupation", "библиотекарь"},
                               {"address", "Москва, ул. Кирова, д. 12"},
                               {"hobby", "шахматы"}}) {
      store::AttributeFact a;
      a.person_id = person_;
      a.record_id = before.records[0].id;
      a.kind = kind;
      a.value = value;
      ASSERT_OK(tx.AddAttribute(a));
    }
    ASSERT_OK(tx.Commit());
  }
  std::ostringstream out;
  ASSERT_OK(Export(memoria::testing::PublicView(store_.get()), "csv", &out).status());
  const std::string csv = out.str();
  size_t pos = 0;
  const std::vector<std::string> header = CsvRow(csv, &pos);
  const std::vector<std::string> row = CsvRow(csv, &pos);
  ASSERT_EQ(row.size(), header.size());
  EXPECT_EQ(pos, csv.size());  // one row per person
  std::map<std::string, std::string> cell;
  for (size_t i = 0; i < header.size(); ++i) cell[header[i]] = row[i];
  // The first ten columns are those of the earlier export.
  EXPECT_EQ(header[0], "person_id");
  EXPECT_EQ(header[9], "records");
  EXPECT_EQ(cell["surname"], "Щербакова");
  EXPECT_EQ(cell["death"], "1937-10-05");
  EXPECT_EQ(cell["names"], "main: Щербакова\nalias: Щербакова-Ланская Ирина");
  EXPECT_EQ(cell["arrest_date"], "1937-08-01");
  EXPECT_EQ(cell["arrest_place"], "Москва");
  EXPECT_EQ(cell["sentence_body"], "тройка при УНКВД");
  EXPECT_EQ(cell["sentence_article"], "58-10, 58-11");
  EXPECT_EQ(cell["execution_place"], "Бутово");
  EXPECT_EQ(cell["other_events"], "burial: 1937-10-06; place=Бутово");
  EXPECT_EQ(cell["occupation"], "учительница\nбиблиотекарь");
  EXPECT_EQ(cell["address"], "Москва, ул. Кирова, д. 12");
  EXPECT_EQ(cell["other_attributes"], "hobby: шахматы");
  EXPECT_EQ(csv.rfind(std::string(kUtf8Bom), 0), std::string::npos);
}

TEST_F(ExportTest, CsvStartsWithAByteOrderMarkWhenAsked) {
  AddPerson(R"({"surname":"Щербакова"})");
  std::ostringstream out;
  ASSERT_OK(Export(memoria::testing::PublicView(store_.get()), "csv", &out, {.bom = true}).status());
  EXPECT_EQ(out.str().substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(out.str().substr(3, 10), "person_id,");
}

}  // namespace
}  // namespace memoria::exports
