// The site's figures kept in DIR/site-figures-C.json (store/figures.h,
// docs/formats/site-figures.md): what an import keeps equals what is
// computed from scratch, and a file of another version, ceiling or a
// damaged one is never read.
#include <filesystem>
#include <fstream>
#include <functional>

#include "ingest/ingest.h"
#include "store/figures.h"
#include "store/internal/testing.h"
#include "store/write.h"
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

  void Import(const std::vector<std::string>& files, Visibility visibility = Visibility::kPublic,
              std::string append_to = "") {
    ingest::ImportOptions o;
    o.profile = "memorial-lists";
    o.visibility = visibility;
    o.append_to = std::move(append_to);
    ASSERT_OK(ingest::Import(store_.get(), files, o).status());
  }

  // Imports a csv list whose rows with the same "№" are one person, into
  // the source "t:ids" (appended to it when it exists).
  void ImportCsv(const std::string& name, const std::string& rows, bool append) {
    const std::string mapping = dir_ + "/../ids.json";
    std::ofstream(mapping, std::ios::binary | std::ios::trunc)
        << R"({"source": {"key": "t:ids"}, "id_column": "№", "date_format": "auto",)"
           R"( "columns": {"№": "ignore",)"
           R"( "ФИО": "full_name", "Дата ареста": "arrest.date"}})";
    const std::string path = dir_ + "/../" + name;
    std::ofstream(path, std::ios::binary | std::ios::trunc) << "№,ФИО,Дата ареста\n" << rows;
    ingest::ImportOptions o;
    o.profile = "csv";
    o.mapping_path = mapping;
    if (append) o.append_to = "t:ids";
    ASSERT_OK(ingest::Import(store_.get(), {path}, o).status());
  }

  // One write transaction of "fn", committed.
  void Write(const std::function<Status(WriteTransaction*)>& fn) {
    ASSERT_OK_AND_ASSIGN(WriteTransaction tx, store_->BeginWrite());
    ASSERT_OK(fn(&tx));
    ASSERT_OK(tx.Commit());
  }

  // Notes the figures' base, runs "writes", and expects the figures after
  // them counted from scratch, and right.
  void ExpectCountedFromScratchAfter(const std::function<void()>& writes) {
    Reader* reader = ::memoria::testing::PublicView(store_.get());
    ASSERT_OK_AND_ASSIGN(std::optional<FiguresBase> base, NoteFiguresBase(reader));
    ASSERT_TRUE(base.has_value());
    writes();
    ASSERT_OK_AND_ASSIGN(FiguresUpdate how, UpdateSiteFigures(reader, base));
    EXPECT_EQ(how, FiguresUpdate::kComputed);
    ExpectKeptAsFromScratch();
  }

  // The figures kept for the archive's present version, and those counted
  // from scratch on a connection of its own: the same when all is well.
  void ExpectKeptAsFromScratch() {
    Reader* reader = ::memoria::testing::PublicView(store_.get());
    ASSERT_OK_AND_ASSIGN(uint64_t version, reader->DataVersion());
    std::optional<SiteFigures> kept = LoadSiteFigures(reader, version);
    ASSERT_TRUE(kept.has_value()) << "no figures kept for the present version";
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> other, Store::Open(dir_));
    ASSERT_OK_AND_ASSIGN(Reader * fresh, other->ReaderFor(Visibility::kPublic));
    ASSERT_OK_AND_ASSIGN(SiteFigures scratch, ComputeSiteFigures(fresh));
    EXPECT_EQ(kept->stats.persons, scratch.stats.persons);
    EXPECT_EQ(kept->stats.records, scratch.stats.records);
    EXPECT_TRUE(*kept == scratch);
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
  ASSERT_OK(UpdateSiteFigures(reader).status());
  Import({Generated(200, 2)});
  Import({Generated(100, 3)}, Visibility::kRestricted);
  ASSERT_OK(UpdateSiteFigures(reader).status());
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

TEST_F(SiteFiguresTest, AnImportAddsTheFiguresOfItsRowsToThoseKept) {
  Import({Generated(300, 1)});
  Reader* reader = ::memoria::testing::PublicView(store_.get());
  ASSERT_OK_AND_ASSIGN(std::optional<FiguresBase> none, NoteFiguresBase(reader));
  EXPECT_FALSE(none.has_value()) << "no figures kept yet";
  ASSERT_OK_AND_ASSIGN(FiguresUpdate first, UpdateSiteFigures(reader, none));
  EXPECT_EQ(first, FiguresUpdate::kComputed);
  ExpectKeptAsFromScratch();
  ASSERT_OK_AND_ASSIGN(FiguresUpdate again, UpdateSiteFigures(reader));
  EXPECT_EQ(again, FiguresUpdate::kKept);

  // A new source; one above the public ceiling; rows appended to the first
  // source (whose counts grow); a csv list with ids.
  struct Step {
    std::string file;
    Visibility visibility;
    bool append;
  };
  const std::vector<Step> steps = {{Generated(200, 2), Visibility::kPublic, false},
                                   {Generated(100, 3), Visibility::kRestricted, false},
                                   {Generated(150, 4), Visibility::kPublic, true}};
  ASSERT_OK_AND_ASSIGN(std::vector<SourceRow> sources, reader->Sources());
  ASSERT_FALSE(sources.empty());
  const std::string first_source = sources[0].key;
  for (const Step& step : steps) {
    SCOPED_TRACE(step.file);
    ASSERT_OK_AND_ASSIGN(std::optional<FiguresBase> base, NoteFiguresBase(reader));
    ASSERT_TRUE(base.has_value());
    Import({step.file}, step.visibility, step.append ? first_source : "");
    ASSERT_OK_AND_ASSIGN(FiguresUpdate update, UpdateSiteFigures(reader, base));
    EXPECT_EQ(update, FiguresUpdate::kAdded);
    ExpectKeptAsFromScratch();
  }
  ASSERT_OK_AND_ASSIGN(std::optional<FiguresBase> base, NoteFiguresBase(reader));
  ImportCsv("ids.csv", "1,Иванов Иван Иванович,1937-07-01\n2,Петров Пётр,1937-08-02\n",
            /*append=*/false);
  ASSERT_OK_AND_ASSIGN(FiguresUpdate csv, UpdateSiteFigures(reader, base));
  EXPECT_EQ(csv, FiguresUpdate::kAdded);
  ExpectKeptAsFromScratch();
  ASSERT_OK_AND_ASSIGN(sources, reader->Sources());
  int64_t records = 0;
  for (const SourceRow& s : sources) records += s.records;
  EXPECT_EQ(records, 300 + 200 + 150 + 2) << "the restricted list is not counted";
}

// The server's way: the figures of each version kept in memory with their
// base, and those of the next version added up from them.
TEST_F(SiteFiguresTest, AServerAddsAnImportToTheFiguresItHolds) {
  Import({Generated(300, 1)});
  Reader* reader = ::memoria::testing::PublicView(store_.get());
  FiguresUpdate how = FiguresUpdate::kKept;
  ASSERT_OK_AND_ASSIGN(FiguresBase first, CurrentFigures(reader, nullptr, &how));
  EXPECT_EQ(how, FiguresUpdate::kComputed) << "no file, nothing held";
  ASSERT_OK_AND_ASSIGN(FiguresBase same, CurrentFigures(reader, &first, &how));
  EXPECT_EQ(how, FiguresUpdate::kKept);
  EXPECT_TRUE(same.figures == first.figures);
  Import({Generated(200, 2)});  // by "another process": no file written
  ASSERT_OK_AND_ASSIGN(FiguresBase second, CurrentFigures(reader, &first, &how));
  EXPECT_EQ(how, FiguresUpdate::kAdded);
  ASSERT_OK_AND_ASSIGN(SiteFigures scratch, ComputeSiteFigures(reader));
  EXPECT_TRUE(second.figures == scratch);
  EXPECT_EQ(second.figures.stats.persons, 500);
  ASSERT_OK_AND_ASSIGN(uint64_t version, reader->DataVersion());
  EXPECT_EQ(second.data_version, version);
}

// What an import added cannot be told from the rows above the floor when
// another write came between, or when the import named a person counted
// before: the figures are then computed from scratch.
TEST_F(SiteFiguresTest, AWriteBetweenOrAnEarlierPersonNamedIsCountedFromScratch) {
  ImportCsv("ids.csv", "1,Иванов Иван Иванович,1937-07-01\n2,Петров Пётр,1937-08-02\n",
            /*append=*/false);
  // Person 1's only name hidden: the public does not know them.
  const int64_t name_id =
      ::memoria::testing::QueryInt(store_.get(), "SELECT id FROM names WHERE surname = 'Иванов'");
  Write([name_id](WriteTransaction* tx) {
    return tx->SetVisibility(Hideable::kName, name_id, Visibility::kRestricted);
  });
  Reader* reader = ::memoria::testing::PublicView(store_.get());
  ASSERT_OK(UpdateSiteFigures(reader).status());
  ASSERT_OK_AND_ASSIGN(SiteFigures hidden, ComputeSiteFigures(reader));
  EXPECT_EQ(hidden.stats.persons, 1);

  // The next snapshot of the list names person 1 again, in public: they and
  // their earlier arrest are counted again, though no row of theirs is
  // above the floor.
  ExpectCountedFromScratchAfter([&] {
    ImportCsv("ids2.csv", "1,Иванов Иоанн Иванович,1937-07-01\n3,Сидоров Сидор,1938-01-03\n",
              /*append=*/true);
  });
  ASSERT_OK_AND_ASSIGN(SiteFigures now, ComputeSiteFigures(reader));
  EXPECT_EQ(now.stats.persons, 3);

  // An import, then a person hidden before the figures are kept: the rows
  // above the floor are not all that changed.
  ExpectCountedFromScratchAfter([&] {
    Import({Generated(50, 5)});
    Write([](WriteTransaction* tx) {
      return tx->SetVisibility(Hideable::kPerson, 2, Visibility::kRestricted);
    });
  });
  // A batch made restricted, and no import.
  ExpectCountedFromScratchAfter([&] {
    Write([](WriteTransaction* tx) { return tx->SetBatchVisibility(1, Visibility::kRestricted); });
  });
  // A write before the import (the last list retracted).
  ExpectCountedFromScratchAfter([&] {
    const int64_t last =
        ::memoria::testing::QueryInt(store_.get(), "SELECT max(id) FROM import_batches");
    Write([last](WriteTransaction* tx) { return tx->RetractBatch(last); });
    Import({Generated(40, 6)});
  });
  // An import whose transaction also retracted an earlier batch (no
  // import does; the ledger's row counts cannot tell it from the update of
  // its own batch).
  ExpectCountedFromScratchAfter([&] {
    Write([&](WriteTransaction* tx) {
      MEMORIA_RETURN_IF_ERROR(tx->BeginBatch(1, "csv", "guard.csv", std::string(64, '0')).status());
      return StoreTesting::Exec(store_.get(),
                                "UPDATE import_batches SET retracted_at ="
                                " '2026-12-05T00:00:00Z' WHERE id = 2");
    });
  });
}

}  // namespace
}  // namespace memoria::store
