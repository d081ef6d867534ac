// The site's figures kept in DIR/site-figures-C.json (store/figures.h,
// docs/formats/site-figures.md): what an import keeps equals what is
// computed from scratch, and a file of another version, ceiling or a
// damaged one is never read.
#include <filesystem>
#include <fstream>

#include "ingest/ingest.h"
#include "store/figures.h"
#include "store/internal/testing.h"
#include "synth/generator.h"
#include "testing/archive_builder.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria::store {
namespace {

using ::memoria::testing::FixturePath;
using ::memoria::testing::FreshTempDir;

class SiteFiguresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir() + "/archive";
    ASSERT_OK_AND_ASSIGN(store_, Store::Create(dir_));
  }

  void Import(const std::vector<std::string>& files, Visibility visibility = Visibility::kPublic) {
    ingest::ImportOptions o;
    o.profile = "memorial-lists";
    o.visibility = visibility;
    ASSERT_OK(ingest::Import(store_.get(), files, o).status());
  }

  // A generated list of "rows" rows (two sources when imported twice).
  std::string Generated(int rows, uint64_t seed) {
    const std::string path = dir_ + "/../rows-" + std::to_string(seed) + ".tsv";
    synth::GenerateOptions o;
    o.rows = rows;
    o.seed = seed;
    o.first_person_id = static_cast<int64_t>(seed) * 1000000;
    std::ofstream out(path, std::ios::binary);
    EXPECT_OK(synth::GenerateCorpus(o, &out, nullptr));
    return path;
  }

  std::string dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(SiteFiguresTest, ComputedFromTheViews) {
  Import({FixturePath("memorial_lists_small.tsv")});
  Reader* reader = ::memoria::testing::PublicView(store_.get());
  ASSERT_OK_AND_ASSIGN(SiteFigures f, ComputeSiteFigures(reader));
  ASSERT_OK_AND_ASSIGN(Stats headline, reader->GetHeadlineStats());
  EXPECT_EQ(f.stats.persons, 3);
  EXPECT_EQ(f.stats.persons, headline.persons);
  EXPECT_EQ(f.stats.records, headline.records);
  ASSERT_EQ(f.sources.size(), 1u);
  EXPECT_EQ(f.sources[0].records, 3);
  EXPECT_EQ(f.sources[0].persons, 3);
  ASSERT_OK_AND_ASSIGN(std::vector<MonthCount> months, reader->MonthlyCounts());
  EXPECT_FALSE(months.empty());
}

TEST_F(SiteFiguresTest, KeptForOneVersionAndCeiling) {
  Import({FixturePath("memorial_lists_small.tsv")});
  Reader* reader = ::memoria::testing::PublicView(store_.get());
  uint64_t version = 0;
  ASSERT_OK_AND_ASSIGN(SiteFigures f, ComputeSiteFigures(reader, &version));
  ASSERT_OK_AND_ASSIGN(uint64_t current, reader->DataVersion());
  EXPECT_EQ(version, current);
  EXPECT_FALSE(LoadSiteFigures(reader, version).has_value()) << "no file yet";
  ASSERT_OK(SaveSiteFigures(reader, version, f));
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/site-figures-0.json"));
  std::optional<SiteFigures> kept = LoadSiteFigures(reader, version);
  ASSERT_TRUE(kept.has_value());
  EXPECT_TRUE(*kept == f);
  EXPECT_FALSE(LoadSiteFigures(reader, version + 1).has_value()) << "another version";
  // Another ceiling reads its own file.
  Reader* full = ::memoria::testing::FullView(store_.get());
  EXPECT_FALSE(LoadSiteFigures(full, version).has_value());
  // A damaged file is computed again, never read.
  std::ofstream(dir_ + "/site-figures-0.json", std::ios::binary | std::ios::trunc)
      << R"({"format":1,"ceiling":0,"data_version":")" << std::hex << version
      << R"(","persons":"x"})";
  EXPECT_FALSE(LoadSiteFigures(reader, version).has_value());
}

TEST_F(SiteFiguresTest, ImportKeepsTheFiguresComputedFromScratch) {
  Import({Generated(300, 1)});
  Reader* reader = ::memoria::testing::PublicView(store_.get());
  ASSERT_OK(UpdateSiteFigures(reader));
  Import({Generated(200, 2)});
  Import({Generated(100, 3)}, Visibility::kRestricted);
  ASSERT_OK(UpdateSiteFigures(reader));
  ASSERT_OK_AND_ASSIGN(uint64_t version, reader->DataVersion());
  std::optional<SiteFigures> kept = LoadSiteFigures(reader, version);
  ASSERT_TRUE(kept.has_value());
  // From scratch, on a connection of its own.
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> other, Store::Open(dir_));
  ASSERT_OK_AND_ASSIGN(Reader * fresh, other->ReaderFor(Visibility::kPublic));
  ASSERT_OK_AND_ASSIGN(SiteFigures scratch, ComputeSiteFigures(fresh));
  EXPECT_TRUE(*kept == scratch);
  EXPECT_EQ(scratch.stats.persons, 500) << "the restricted import is not counted";
  int64_t public_records = 0;
  for (const SourceRow& s : scratch.sources) public_records += s.records;
  EXPECT_EQ(public_records, scratch.stats.records);
  int64_t arrests = 0;
  for (const MonthCount& m : scratch.months) arrests += m.arrests;
  EXPECT_GT(arrests, 0);
  // The sources' counts as one correlated count per source would give.
  ASSERT_OK_AND_ASSIGN(Reader * everything, other->ReaderFor(Visibility::kConfidential));
  ASSERT_OK_AND_ASSIGN(SiteFigures all, ComputeSiteFigures(everything));
  EXPECT_EQ(all.stats.persons, 600);
  int64_t records = 0, persons = 0;
  for (const SourceRow& s : all.sources) {
    records += s.records;
    persons += s.persons;
  }
  EXPECT_EQ(records, all.stats.records);
  EXPECT_EQ(persons, 600);
}

}  // namespace
}  // namespace memoria::store
