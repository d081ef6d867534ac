// Imports that cannot pollute the archive: content identity of files,
// explicit appends, refusal of (nearly) all-rejected files, duplicate
// header names, retracting a batch, and the csv profile's id_column.
#include <fstream>

#include "ingest/ingest.h"
#include "search/search.h"
#include "store/internal/testing.h"
#include "store/reader.h"
#include "store/write.h"
#include "testing/archive_builder.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria::ingest {
namespace {

using ::memoria::testing::FixturePath;
using ::memoria::testing::FreshTempDir;
using ::memoria::testing::FullView;
using ::memoria::testing::PublicView;
using ::memoria::testing::QueryInt;
using ::memoria::testing::StatusIs;
using ::testing::HasSubstr;

constexpr char kHeader[] = "person_id\tsurname\tname\tpatronimic\n";

class ImportSafetyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir();
    auto s = store::Store::Create(dir_ + "/archive");
    ASSERT_OK(s);
    store_ = std::move(s).value();
  }

  Result<ImportReport> Run(const std::string& profile, std::vector<std::string> files,
                           std::string mapping = "", std::string append_to = "") {
    ImportOptions o;
    o.profile = profile;
    o.mapping_path = std::move(mapping);
    o.append_to = std::move(append_to);
    return Import(store_.get(), files, o);
  }

  store::Stats Stats(bool public_view = false) {
    store::Reader* r = public_view ? PublicView(store_.get()) : FullView(store_.get());
    return r->GetStats().value();
  }

  std::string Write(const std::string& name, const std::string& content) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  int64_t Hits(const std::string& query) {
    auto found = search::Search(PublicView(store_.get()), query, {});
    EXPECT_OK(found);
    return found.ok() ? static_cast<int64_t>(found->hits.size()) : -1;
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
};

// --- 1. identity by content ----------------------------------------------

TEST_F(ImportSafetyTest, ARenamedCopyOfAnImportedFileAddsNothingAndSaysWhich) {
  const std::string rows = std::string(kHeader) + "1\tПервов\tИван\tИванович\n";
  ASSERT_OK_AND_ASSIGN(ImportReport first, Run("memorial-lists", {Write("a.tsv", rows)}));
  const int64_t batch = QueryInt(store_.get(), "SELECT max(id) FROM import_batches");
  ASSERT_OK_AND_ASSIGN(uint64_t version, PublicView(store_.get())->DataVersion());
  ASSERT_OK_AND_ASSIGN(ImportReport again,
                       Run("memorial-lists", {Write("renamed copy.tsv", rows)}));
  // Nothing written: the caches of the archive's version (pages, figures,
  // indexes) stay good.
  ASSERT_OK_AND_ASSIGN(uint64_t after, PublicView(store_.get())->DataVersion());
  EXPECT_EQ(after, version);
  ASSERT_TRUE(again.files[0].already_imported.has_value());
  EXPECT_EQ(again.files[0].already_imported->id, batch);
  EXPECT_EQ(again.files[0].already_imported->file_name, "a.tsv");
  EXPECT_EQ(again.files[0].records_added, 0);
  EXPECT_EQ(Stats().sources, 1);
  EXPECT_EQ(Stats().records, 1);
  EXPECT_EQ(QueryInt(store_.get(), "SELECT count(*) FROM import_batches"), 1);
  // Under another profile and source too.
  std::string mapping = Write("m.json", R"({"source": {"key": "t:other"}, "delimiter": "tab",
      "columns": {"person_id": "ignore", "surname": "surname", "name": "given",
                  "patronimic": "patronymic"}})");
  ASSERT_OK_AND_ASSIGN(ImportReport other, Run("csv", {Write("b.tsv", rows)}, mapping));
  EXPECT_TRUE(other.files[0].already_imported.has_value());
}

TEST_F(ImportSafetyTest, AnExistingSourceKeyNeedsAppendTo) {
  ASSERT_OK(
      Run("csv", {FixturePath("generic_list.csv")}, FixturePath("generic_list.mapping.json")));
  const store::Stats before = Stats();
  // Another file whose mapping names the same source key.
  std::string more = Write("more.csv",
                           "№,ФИО,Год рождения,Дата ареста,Национальность,Примечание\n"
                           "100,Новый Пётр Ильич,1901,1937,русский,\n");
  auto refused = Run("csv", {more}, FixturePath("generic_list.mapping.json"));
  EXPECT_THAT(refused, StatusIs(StatusCode::kInvalidArgument,
                                HasSubstr("--append-to example:generic-list")));
  EXPECT_EQ(Stats().records, before.records);
  ASSERT_OK_AND_ASSIGN(
      ImportReport added,
      Run("csv", {more}, FixturePath("generic_list.mapping.json"), "example:generic-list"));
  EXPECT_EQ(added.files[0].records_added, 1);
  EXPECT_EQ(Stats().sources, 1);
  EXPECT_EQ(Stats().records, before.records + 1);
  // --append-to a source that does not exist.
  EXPECT_THAT(Run("csv",
                  {Write("x.csv",
                         "№,ФИО,Год рождения,Дата ареста,Национальность,"
                         "Примечание\n101,Иной Иван,,,,\n")},
                  FixturePath("generic_list.mapping.json"), "no:such"),
              StatusIs(StatusCode::kNotFound, HasSubstr("no:such")));
}

// --- 2. (nearly) all rows rejected ---------------------------------------

TEST_F(ImportSafetyTest, ACp1251FileWithAnAsciiHeaderIsRefusedWithAnIconvHint) {
  std::string body = kHeader;
  for (int i = 0; i < 12; ++i) {
    // "Петров" and "Иван" in Windows-1251.
    body += std::to_string(i) + "\t\xcf\xe5\xf2\xf0\xee\xe2\t\xc8\xe2\xe0\xed\t\n";
  }
  auto r = Run("memorial-lists", {Write("cp1251.tsv", body)});
  EXPECT_THAT(r, StatusIs(StatusCode::kInvalidArgument, HasSubstr("iconv -f cp1251 -t utf-8")));
  EXPECT_THAT(r, StatusIs(StatusCode::kInvalidArgument, HasSubstr("12 of 12 rows")));
  EXPECT_EQ(Stats().sources, 0);
  EXPECT_EQ(QueryInt(store_.get(), "SELECT count(*) FROM import_batches"), 0);
}

TEST_F(ImportSafetyTest, AMappingWhoseDateFormatRejectsEveryRowIsRefused) {
  std::string mapping = Write("m.json", R"({"source": {"key": "t:dates"}, "date_format": "edtf",
      "columns": {"ФИО": "full_name", "Дата": "arrest.date"}})");
  auto r = Run("csv", {Write("d.csv", "ФИО,Дата\nИванов Иван,17.5.1937\nПетров Пётр,_.5.1938\n")},
               mapping);
  EXPECT_THAT(r, StatusIs(StatusCode::kInvalidArgument, HasSubstr("unparseable date")));
  EXPECT_EQ(Stats().records, 0);
}

TEST_F(ImportSafetyTest, TheRefusalThresholdIsNinetyPercentOfTenRowsOrAllOfFewer) {
  EXPECT_FALSE(MostlyRejected(0, 0));
  EXPECT_TRUE(MostlyRejected(3, 3));
  EXPECT_FALSE(MostlyRejected(3, 2));
  EXPECT_TRUE(MostlyRejected(10, 10));
  EXPECT_FALSE(MostlyRejected(10, 9));  // 90 % is not more than 90 %
  EXPECT_TRUE(MostlyRejected(100, 91));
  EXPECT_FALSE(MostlyRejected(100, 90));
  // A file with some good rows among ten is imported.
  std::string body = kHeader;
  for (int i = 0; i < 9; ++i) body += std::to_string(i) + "\t\xcf\xe5\xf2\t\xc8\t\n";
  body += "99\tХороший\tИван\tИванович\n";
  ASSERT_OK_AND_ASSIGN(ImportReport r, Run("memorial-lists", {Write("mostly.tsv", body)}));
  EXPECT_EQ(r.files[0].rows_rejected, 9);
  EXPECT_EQ(r.files[0].records_added, 1);
}

// --- 4. duplicate header names -------------------------------------------

TEST_F(ImportSafetyTest, ADuplicateHeaderNameIsRefusedNamingTheColumn) {
  std::string mapping = Write("m.json", R"({"columns": {"ФИО": "full_name"}})");
  auto r = Run("csv", {Write("dup.csv", "ФИО,ФИО\nИванов Иван,Петров Пётр\n")}, mapping);
  EXPECT_THAT(r, StatusIs(StatusCode::kInvalidArgument, HasSubstr("column 'ФИО' twice")));
  EXPECT_EQ(Stats().records, 0);
}

// --- 5. id_column joins rows ---------------------------------------------

TEST_F(ImportSafetyTest, RowsWithTheSameIdColumnValueAreOnePerson) {
  std::string mapping = Write("m.json", R"({"source": {"key": "t:ids"}, "id_column": "№",
      "columns": {"№": "ignore", "ФИО": "full_name", "Год рождения": "birth.date"}})");
  ASSERT_OK_AND_ASSIGN(ImportReport r, Run("csv",
                                           {Write("ids.csv",
                                                  "№,ФИО,Год рождения\n"
                                                  "1,Иванов Иван Иванович,1900\n"
                                                  "1,Иванов Иоанн Иванович,1901\n"
                                                  "2,Петров Пётр,1902\n")},
                                           mapping));
  EXPECT_EQ(r.files[0].records_added, 3);
  EXPECT_EQ(r.files[0].persons_added, 2);
  EXPECT_EQ(Stats().persons, 2);
  // A later snapshot of the same source joins its rows to the same persons.
  ASSERT_OK_AND_ASSIGN(ImportReport later, Run("csv",
                                               {Write("ids2.csv",
                                                      "№,ФИО,Год рождения\n"
                                                      "2,Петров Петр,1902\n"
                                                      "3,Сидоров Сидор,1903\n")},
                                               mapping, "t:ids"));
  EXPECT_EQ(later.files[0].records_added, 2);
  EXPECT_EQ(later.files[0].persons_added, 1);
  EXPECT_EQ(Stats().persons, 3);
  EXPECT_EQ(QueryInt(store_.get(), "SELECT count(DISTINCT person_id) FROM person_records"), 3);
}

// --- 3. retracting a batch -----------------------------------------------

TEST_F(ImportSafetyTest, ARetractedBatchLeavesEveryViewAndCountButKeepsItsRows) {
  ASSERT_OK(Run("memorial-lists",
                {Write("keep.tsv", std::string(kHeader) + "1\tОставленный\tИван\tИванович\n")}));
  const std::string bad = Write("bad.tsv", std::string(kHeader) +
                                               "2\tОшибочный\tПётр\tПетрович\n"
                                               "3\tНеверный\tСидор\tСидорович\n");
  ASSERT_OK(Run("memorial-lists", {bad}));
  EXPECT_EQ(Hits("Ошибочный Пётр"), 1);
  const store::Stats before = Stats(true);
  EXPECT_EQ(before.persons, 3);
  const int64_t batch = QueryInt(store_.get(), "SELECT max(id) FROM import_batches");
  const uint64_t data_before = FullView(store_.get())->DataVersion().value();
  const uint64_t names_before = FullView(store_.get())->NamesVersion().value();
  {
    ASSERT_OK_AND_ASSIGN(store::WriteTransaction tx, store_->BeginWrite());
    ASSERT_OK(tx.RetractBatch(batch));
    ASSERT_OK(tx.Commit());
  }
  EXPECT_NE(FullView(store_.get())->DataVersion().value(), data_before);
  EXPECT_NE(FullView(store_.get())->NamesVersion().value(), names_before);
  for (bool public_view : {true, false}) {
    const store::Stats after = Stats(public_view);
    EXPECT_EQ(after.persons, 1);
    EXPECT_EQ(after.records, 1);
    EXPECT_EQ(after.names, 1);
    EXPECT_EQ(after.batches, 1);
  }
  EXPECT_EQ(Hits("Ошибочный Пётр"), 0);
  EXPECT_EQ(Hits("Оставленный Иван"), 1);
  // The rows stay.
  EXPECT_EQ(QueryInt(store_.get(), "SELECT count(*) FROM records"), 3);
  EXPECT_EQ(QueryInt(store_.get(), "SELECT count(*) FROM names"), 3);
  // The batch list shows it retracted.
  ASSERT_OK_AND_ASSIGN(auto batches, FullView(store_.get())->ImportBatches());
  ASSERT_EQ(batches.size(), 2u);
  EXPECT_FALSE(batches[1].retracted_at.empty());
  EXPECT_EQ(batches[1].file_name, "bad.tsv");
  // Retracting twice, or a batch that does not exist, is an error.
  {
    ASSERT_OK_AND_ASSIGN(store::WriteTransaction tx, store_->BeginWrite());
    EXPECT_THAT(tx.RetractBatch(batch), StatusIs(StatusCode::kFailedPrecondition));
    EXPECT_THAT(tx.RetractBatch(999), StatusIs(StatusCode::kNotFound));
  }
  // Importing the same file again after the undo imports it anew.
  ASSERT_OK_AND_ASSIGN(ImportReport again,
                       Run("memorial-lists", {bad}, "", "memorial-lists:bad.tsv"));
  EXPECT_FALSE(again.files[0].already_imported.has_value());
  EXPECT_EQ(again.files[0].records_added, 2);
  EXPECT_EQ(Stats(true).persons, 3);
  EXPECT_EQ(Hits("Ошибочный Пётр"), 1);
}

}  // namespace
}  // namespace memoria::ingest
