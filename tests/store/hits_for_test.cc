// Reader::HitsFor reads the summaries and the facts of a page of hits in
// three statements; it answers what Summaries and HitFactsFor answer apart.
#include "store/internal/testing.h"
#include "store/reader.h"
#include "testing/archive_builder.h"
#include "testing/generated_list.h"
#include "testing/hits.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria::store {
namespace {

TEST(HitsForTest, SameAsSummariesAndHitFacts) {
  const std::string dir = ::memoria::testing::FreshTempDir();
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, Store::Create(dir + "/archive"));
  ASSERT_OK(::memoria::testing::ImportGeneratedList(store.get(), dir + "/rows.tsv", 400, 5));
  Reader* reader = ::memoria::testing::PublicView(store.get());
  // Ids in no order, one twice, some that are no person.
  std::vector<int64_t> ids = {17, 3, 250, 999999, 42, 3, 1, 400, 0, 128};
  ASSERT_OK_AND_ASSIGN(std::vector<PersonSummary> summaries, reader->Summaries(ids));
  ASSERT_OK_AND_ASSIGN(std::vector<HitFacts> facts, reader->HitFactsFor(ids));
  std::vector<HitFacts> together_facts;
  ASSERT_OK_AND_ASSIGN(std::vector<PersonSummary> together, reader->HitsFor(ids, &together_facts));
  ::memoria::testing::ExpectSameHits(together, together_facts, summaries, facts);
  bool some_place = false;
  for (const HitFacts& f : facts) some_place = some_place || !f.birth_place.empty();
  EXPECT_TRUE(some_place);
}

// The person's facts are read through views without the per-fact name
// check, the statements making it once for the person or the page: a
// person without a visible name shows no fact, and a hidden fact stays out
// of the page, the hit and the record's raw fields.
TEST(HitsForTest, FactsOfAPersonWithoutAVisibleNameOrHiddenStayHidden) {
  using ::memoria::testing::ArchiveBuilder;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, Store::OpenInMemory());
  int64_t nameless = 0, shown = 0, hidden_birth = 0;
  {
    ArchiveBuilder b(store.get());
    const int64_t src = b.Source("test:list.csv", "Список");
    const int64_t r1 = b.Record(src, R"({"ФИО":"Орлов Олег","Место":"Тамбов"})");
    nameless = b.Person(r1);
    b.Name(nameless, r1, "Орлов", "Олег", "", "main", Visibility::kRestricted);
    b.Event(nameless, r1, "birth", "1901", "Тамбов");
    b.Attribute(nameless, r1, "occupation", "кузнец");
    const int64_t r2 = b.Record(src, R"({"ФИО":"Седов Савва","Место":"Курск","Род":"Орёл"})");
    shown = b.Person(r2);
    b.Name(shown, r2, "Седов", "Савва");
    hidden_birth = b.Event(shown, r2, "birth", "1902", "Курск", Visibility::kRestricted);
    b.Event(shown, r2, "death", "1938", "Орёл");
    b.Attribute(shown, r2, "occupation", "пекарь", Visibility::kRestricted);
    b.Commit();
  }
  Reader* reader = ::memoria::testing::PublicView(store.get());
  EXPECT_FALSE(reader->GetPerson(nameless).ok());
  ASSERT_OK_AND_ASSIGN(PersonView p, reader->GetPerson(shown));
  ASSERT_EQ(p.events.size(), 1u);
  EXPECT_EQ(p.events[0].type, "death");
  EXPECT_NE(p.events[0].id, hidden_birth);
  EXPECT_TRUE(p.attributes.empty());
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].raw.find("Курск"), std::string::npos) << p.records[0].raw;
  EXPECT_NE(p.records[0].raw.find("Орёл"), std::string::npos) << p.records[0].raw;
  std::vector<HitFacts> facts;
  ASSERT_OK_AND_ASSIGN(std::vector<PersonSummary> hits,
                       reader->HitsFor({{nameless, shown}}, &facts));
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].id, shown);
  EXPECT_EQ(hits[0].birth, "");
  EXPECT_EQ(hits[0].death, "1938");
  ASSERT_EQ(facts.size(), 1u);
  EXPECT_EQ(facts[0].birth_place, "");
  EXPECT_EQ(facts[0].death_place, "Орёл");
}

// A hit's name is its person's first visible name, the main one before the
// others and then by id, as the statement's ORDER BY gave it before the
// names were sorted after reading: names added in every order (a variant
// before the main name, the main name hidden, two persons' names
// interleaved) pick the name the views' ORDER BY picks.
TEST(HitsForTest, TheMainNameFirstThenByIdAsTheViewsOrderThem) {
  using ::memoria::testing::ArchiveBuilder;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, Store::OpenInMemory());
  std::vector<int64_t> ids;
  {
    ArchiveBuilder b(store.get());
    const int64_t src = b.Source("test:list.csv", "Список");
    const int64_t r = b.Record(src);
    // A variant before the main name.
    const int64_t a = b.Person(r);
    b.Name(a, r, "Орлофф", "Олег", "", "variant");
    b.Name(a, r, "Орлов", "Олег");
    // The main name hidden: the first of two variants.
    const int64_t c = b.Person(r);
    b.Name(c, r, "Седов", "Савва", "", "main", Visibility::kRestricted);
    b.Name(c, r, "Сeдов", "Савва", "", "transliteration");
    b.Name(c, r, "Седоff", "Савва", "", "variant");
    // Two persons' names interleaved, a hidden variant first.
    const int64_t d = b.Person(r);
    const int64_t e = b.Person(r);
    b.Name(d, r, "Тайнов", "Лев", "", "alias", Visibility::kConfidential);
    b.Name(e, r, "Ершов", "Ефим", "", "alias");
    b.Name(d, r, "Лебедь", "Лев", "", "maiden");
    b.Name(e, r, "Ершов", "Ефим");
    b.Name(d, r, "Лебедев", "Лев");
    // No main name at all: the first variant.
    const int64_t f = b.Person(r);
    b.Name(f, r, "Фомин", "Фома", "", "variant");
    b.Name(f, r, "Фомичёв", "Фома", "", "alias");
    b.Event(f, r, "birth", "1901");
    b.Commit();
    ids = {e, a, f, c, d};
  }
  Reader* reader = ::memoria::testing::PublicView(store.get());
  std::vector<HitFacts> facts;
  ASSERT_OK_AND_ASSIGN(std::vector<PersonSummary> hits, reader->HitsFor(ids, &facts));
  ASSERT_EQ(hits.size(), ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(hits[i].id, ids[i]);
    ASSERT_OK_AND_ASSIGN(
        std::vector<std::vector<std::string>> name,
        StoreTesting::Rows(store.get(),
                           "SELECT n.surname FROM visible0_names n JOIN persons p"
                           " ON p.id = n.person_id AND p.redirect_to IS NULL WHERE n.person_id = " +
                               std::to_string(ids[i]) +
                               " ORDER BY n.kind <> 'main', n.id LIMIT 1"));
    ASSERT_EQ(name.size(), 1u);
    EXPECT_EQ(hits[i].surname, name[0][0]) << ids[i];
  }
  EXPECT_EQ(hits[0].surname, "Ершов");
  EXPECT_EQ(hits[1].surname, "Орлов");
  EXPECT_EQ(hits[2].surname, "Фомин");
  EXPECT_EQ(hits[2].birth, "1901");
  EXPECT_EQ(hits[3].surname, "Сeдов");
  EXPECT_EQ(hits[4].surname, "Лебедев");
  ASSERT_OK_AND_ASSIGN(std::vector<PersonSummary> summaries, reader->Summaries(ids));
  ASSERT_EQ(summaries.size(), ids.size());
  for (size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(summaries[i].surname, hits[i].surname);
}

}  // namespace
}  // namespace memoria::store
