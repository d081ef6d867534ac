// Reader::HitsFor reads the summaries and the facts of a page of hits in
// three statements; it answers what Summaries and HitFactsFor answer apart.
#include <fstream>

#include "ingest/ingest.h"
#include "store/reader.h"
#include "synth/generator.h"
#include "testing/archive_builder.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria::store {
namespace {

TEST(HitsForTest, SameAsSummariesAndHitFacts) {
  const std::string dir = ::memoria::testing::FreshTempDir();
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, Store::Create(dir + "/archive"));
  synth::GenerateOptions g;
  g.rows = 400;
  g.seed = 5;
  {
    std::ofstream out(dir + "/rows.tsv", std::ios::binary);
    ASSERT_OK(synth::GenerateCorpus(g, &out, nullptr));
  }
  ingest::ImportOptions o;
  o.profile = "memorial-lists";
  ASSERT_OK(ingest::Import(store.get(), {dir + "/rows.tsv"}, o).status());
  Reader* reader = ::memoria::testing::PublicView(store.get());
  // Ids in no order, one twice, some that are no person.
  std::vector<int64_t> ids = {17, 3, 250, 999999, 42, 3, 1, 400, 0, 128};
  ASSERT_OK_AND_ASSIGN(std::vector<PersonSummary> summaries, reader->Summaries(ids));
  ASSERT_OK_AND_ASSIGN(std::vector<HitFacts> facts, reader->HitFactsFor(ids));
  std::vector<HitFacts> together_facts;
  ASSERT_OK_AND_ASSIGN(std::vector<PersonSummary> together, reader->HitsFor(ids, &together_facts));
  ASSERT_EQ(together.size(), summaries.size());
  for (size_t i = 0; i < summaries.size(); ++i) {
    EXPECT_EQ(together[i].id, summaries[i].id);
    EXPECT_EQ(together[i].surname, summaries[i].surname);
    EXPECT_EQ(together[i].given, summaries[i].given);
    EXPECT_EQ(together[i].patronymic, summaries[i].patronymic);
    EXPECT_EQ(together[i].birth, summaries[i].birth);
    EXPECT_EQ(together[i].death, summaries[i].death);
    EXPECT_EQ(together[i].death_type, summaries[i].death_type);
  }
  ASSERT_EQ(together_facts.size(), facts.size());
  bool some_place = false;
  for (size_t i = 0; i < facts.size(); ++i) {
    EXPECT_EQ(together_facts[i].id, facts[i].id);
    EXPECT_EQ(together_facts[i].birth_place, facts[i].birth_place);
    EXPECT_EQ(together_facts[i].death_place, facts[i].death_place);
    EXPECT_EQ(together_facts[i].records, facts[i].records);
    ASSERT_EQ(together_facts[i].sources.size(), facts[i].sources.size());
    for (size_t s = 0; s < facts[i].sources.size(); ++s) {
      EXPECT_EQ(together_facts[i].sources[s].source_id, facts[i].sources[s].source_id);
      EXPECT_EQ(together_facts[i].sources[s].title, facts[i].sources[s].title);
    }
    some_place = some_place || !facts[i].birth_place.empty();
  }
  EXPECT_TRUE(some_place);
}

}  // namespace
}  // namespace memoria::store
