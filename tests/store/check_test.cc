// CheckArchive and CopyArchive (store/check.h): a clean archive checks out,
// and each change made behind the program's back is named by table and row.
#include "store/check.h"

#include <filesystem>
#include <fstream>

#include "store/internal/testing.h"
#include "store/keys.h"
#include "store/store.h"
#include "store/write.h"
#include "testing/archive_builder.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria::store {
namespace {

using ::memoria::testing::ArchiveBuilder;
using ::memoria::testing::FreshTempDir;
using ::testing::HasSubstr;

class CheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir();
    ASSERT_OK_AND_ASSIGN(store_, Store::Create(dir_));
    ArchiveBuilder b(store_.get());
    const int64_t source = b.Source("test:check.csv", "List");
    for (int i = 0; i < 5; ++i) {
      record_ = b.Record(source, R"({"n":")" + std::to_string(i) + R"("})");
      b.Name(b.Person(record_), record_, "Петров", "Пётр", "");
    }
    b.Commit();
  }

  std::string dir_;
  std::unique_ptr<Store> store_;
  int64_t record_ = 0;  // the last record
};

TEST_F(CheckTest, ACleanArchiveChecksOut) {
  std::vector<std::string> stages;
  ASSERT_OK_AND_ASSIGN(CheckReport report,
                       CheckArchive(store_.get(), [&](std::string_view stage, int64_t, int64_t) {
                         if (stages.empty() || stages.back() != stage) stages.emplace_back(stage);
                       }));
  EXPECT_TRUE(report.ok()) << report.problem;
  EXPECT_EQ(report.records, 5);
  EXPECT_GT(report.pages, 0);
  EXPECT_GT(report.foreign_keys_checked, 10);
  EXPECT_EQ(stages,
            (std::vector<std::string>{"structure", "foreign keys", "records", "ledger", "state"}));
}

TEST_F(CheckTest, ARecordChangedBehindTheProgramsBackIsNamed) {
  ASSERT_OK(StoreTesting::Exec(store_.get(), "DROP TRIGGER records_immutable"));
  ASSERT_OK(StoreTesting::Exec(store_.get(), "DROP TRIGGER records_content_sealed_only"));
  ASSERT_OK(StoreTesting::Exec(
      store_.get(),
      "UPDATE records SET raw = '{\"n\":\"9\"}' WHERE id = " + std::to_string(record_)));
  ASSERT_OK_AND_ASSIGN(CheckReport report, CheckArchive(store_.get()));
  EXPECT_FALSE(report.ok());
  EXPECT_THAT(report.problem,
              HasSubstr("records row " + std::to_string(record_) + ": content hash stored "));
}

TEST_F(CheckTest, ARowReferringToAMissingRowIsNamed) {
  ASSERT_OK(StoreTesting::Exec(store_.get(), "PRAGMA foreign_keys = OFF"));
  ASSERT_OK(StoreTesting::Exec(
      store_.get(),
      "INSERT INTO person_records(person_id, record_id, method) VALUES (1, 999, 'editor')"));
  ASSERT_OK_AND_ASSIGN(CheckReport report, CheckArchive(store_.get()));
  EXPECT_EQ(report.problem, "person_records row 0: refers to a missing row of records")
      << "(a WITHOUT ROWID table has no row number)";
}

TEST_F(CheckTest, ADamagedPageIsNamedOrRefused) {
  // Enough rows for an index of several pages, then one of its pages
  // overwritten in the file.
  {
    ArchiveBuilder b(store_.get());
    const int64_t source = b.Source("test:more.csv", "More");
    for (int i = 0; i < 3000; ++i) {
      const int64_t r = b.Record(source, R"({"m":")" + std::to_string(i) + R"("})");
      b.Name(b.Person(r), r, "Сидоров" + std::to_string(i), "Иван", "");
    }
    b.Commit();
  }
  ASSERT_OK(StoreTesting::Exec(store_.get(), "PRAGMA wal_checkpoint(TRUNCATE)"));
  ASSERT_OK_AND_ASSIGN(int64_t root, StoreTesting::QueryInt(store_.get(),
                                                            "SELECT rootpage FROM sqlite_schema"
                                                            " WHERE name = 'names_person'"));
  store_.reset();
  {
    std::fstream f(dir_ + "/archive.db", std::ios::in | std::ios::out | std::ios::binary);
    ASSERT_TRUE(f.good());
    f.seekp((root - 1) * 4096 + 8);  // past the page header's first fields
    const std::string junk(200, '\xAB');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  Result<std::unique_ptr<Store>> reopened = Store::Open(dir_, /*read_only=*/true);
  if (!reopened.ok()) {
    EXPECT_THAT(reopened.status().message(), HasSubstr("malformed"));  // refused: also named
    return;
  }
  Result<CheckReport> report = CheckArchive(reopened->get());
  if (report.ok()) {
    EXPECT_THAT(report->problem, HasSubstr("database structure"));
  } else {
    EXPECT_EQ(report.status().code(), StatusCode::kDataLoss) << report.status();
  }
}

TEST_F(CheckTest, ACopyIsConsistentWhileAWriteIsOpenAndChecksOut) {
  ASSERT_OK_AND_ASSIGN(WriteTransaction tx, store_->BeginWrite());
  ASSERT_OK_AND_ASSIGN(int64_t person, tx.AddPerson(1));
  (void)person;
  // The copy is made by another connection while this write is open.
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> other, Store::Open(dir_, /*read_only=*/true));
  const std::string copy = FreshTempDir() + "/copy.db";
  ASSERT_OK(CopyArchive(other.get(), copy));
  EXPECT_THAT(CopyArchive(other.get(), copy),
              ::memoria::testing::StatusIs(StatusCode::kAlreadyExists));
  ASSERT_OK(tx.Commit());
  const std::string copy_dir = std::filesystem::path(copy).parent_path().string();
  std::filesystem::rename(copy, copy_dir + "/archive.db");
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> restored, Store::Open(copy_dir));
  ASSERT_OK_AND_ASSIGN(CheckReport report, CheckArchive(restored.get()));
  EXPECT_TRUE(report.ok()) << report.problem;
  EXPECT_EQ(report.records, 5);
  // The committed state before the open write: five persons, not six.
  ASSERT_OK_AND_ASSIGN(int64_t persons,
                       StoreTesting::QueryInt(restored.get(), "SELECT count(*) FROM persons"));
  EXPECT_EQ(persons, 5);
}

TEST(CheckSealedTest, SealedRecordsAreCheckedWithTheKeyAndCountedWithout) {
  const std::string dir = FreshTempDir() + "/archive";
  const ArchiveKey key = ArchiveKey::Generate();
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, Store::Create(dir));
    ASSERT_OK(WriteKeyFile(DefaultKeyPath(dir), key));
    ASSERT_OK(store->EnableSealing(key));
    ArchiveBuilder b(store.get());
    const int64_t open = b.Source("test:open", "Open");
    const int64_t hidden = b.Source("test:hidden", "Hidden", Visibility::kConfidential);
    for (int64_t source : {open, hidden}) {
      const int64_t r = b.Record(source, R"({"n":"1"})");
      b.Name(b.Person(r), r, "Петров", "Пётр", "");
    }
    b.Commit();
    ASSERT_OK_AND_ASSIGN(int64_t sealed, StoreTesting::QueryInt(store.get(),
                                                                "SELECT count(*) FROM records"
                                                                " WHERE sealed = 1 AND raw = ''"));
    ASSERT_EQ(sealed, 1);  // its content only in sealed_values
    ASSERT_OK_AND_ASSIGN(CheckReport report, CheckArchive(store.get()));
    EXPECT_TRUE(report.ok()) << report.problem;
    EXPECT_EQ(report.records, 2);
    EXPECT_EQ(report.records_sealed, 0);
  }
  std::filesystem::rename(DefaultKeyPath(dir), dir + "/moved.key");
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> locked, Store::Open(dir, /*read_only=*/true));
  ASSERT_FALSE(locked->Unlocked());
  ASSERT_OK_AND_ASSIGN(CheckReport report, CheckArchive(locked.get()));
  EXPECT_TRUE(report.ok()) << report.problem;
  EXPECT_EQ(report.records, 1);
  EXPECT_EQ(report.records_sealed, 1);
}

}  // namespace
}  // namespace memoria::store
