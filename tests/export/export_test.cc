// The JSON export and `memoria show --json`: the vocabulary of
// docs/formats/json.md, and damage reported, not passed on.
#include "export/export.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>

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

}  // namespace
}  // namespace memoria::exports
