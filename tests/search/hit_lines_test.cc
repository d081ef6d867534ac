// The hit lines (search/hit_lines.h) answer what Reader::HitsFor answers
// from the tables, for every person, and never answer a snapshot of
// another version: a person hidden after they were built is out of the
// next page of hits.
#include "search/hit_lines.h"

#include <chrono>
#include <thread>

#include "store/merge.h"
#include "store/reader.h"
#include "store/write.h"
#include "testing/archive_builder.h"
#include "testing/generated_list.h"
#include "testing/hits.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria::search {
namespace {

using store::HitFacts;
using store::PersonSummary;
using store::Visibility;

// Every id from 0 to two past the last person, in an order of their own, a
// few twice, compared with the tables' answer with and without the facts.
// "min_found": how many of them the tables find at least.
void ExpectLinesAnswerAsTheTables(store::Reader* reader, int64_t last_person, size_t min_found) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<HitLines> lines, HitLines::Build(reader));
  std::vector<int64_t> ids;
  for (int64_t id = last_person + 2; id >= 0; --id) ids.push_back(id);
  ids.push_back(1);
  ids.push_back(last_person);
  std::vector<HitFacts> want_facts;
  ASSERT_OK_AND_ASSIGN(std::vector<PersonSummary> want, reader->HitsFor(ids, &want_facts));
  EXPECT_GE(want.size(), min_found);
  EXPECT_GE(want_facts.size(), min_found);
  std::vector<HitFacts> got_facts;
  std::vector<PersonSummary> got = lines->Lookup(ids, &got_facts);
  ::memoria::testing::ExpectSameHits(got, got_facts, want, want_facts);
  ASSERT_OK_AND_ASSIGN(std::vector<PersonSummary> want_alone, reader->HitsFor(ids, nullptr));
  ::memoria::testing::ExpectSameHits(lines->Lookup(ids, nullptr), {}, want_alone, {});
  EXPECT_GT(lines->bytes(), 0u);
}

TEST(HitLinesTest, SameAsTheTablesWhateverIsHidden) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<store::Store> store, store::Store::OpenInMemory());
  int64_t last = 0, retired = 0, survivor = 0;
  {
    ::memoria::testing::ArchiveBuilder b(store.get());
    const int64_t src = b.Source("test:list.csv", "Список");
    const int64_t untitled = b.Source("test:untitled.csv", "");
    const int64_t secret = b.Source("test:secret.csv", "Тайный", Visibility::kRestricted);
    // Shown, with places and two sources.
    const int64_t r1 = b.Record(src);
    const int64_t p1 = b.Person(r1);
    b.Name(p1, r1, "Орлов", "Олег", "Петрович");
    b.Event(p1, r1, "birth", "1901", "Тамбов");
    b.Event(p1, r1, "execution", "1938-03-02", "Бутово");
    const int64_t r1b = b.Record(untitled);
    b.Link(p1, r1b);
    // Its birth hidden, its main name hidden (a variant shows).
    const int64_t r2 = b.Record(src);
    const int64_t p2 = b.Person(r2);
    b.Name(p2, r2, "Седов", "Савва", "", "main", Visibility::kRestricted);
    b.Name(p2, r2, "Седофф", "Савва", "", "variant");
    b.Event(p2, r2, "birth", "1902", "Курск", Visibility::kRestricted);
    b.Event(p2, r2, "death", "1942", "Орёл");
    // A hidden person; a person with no name; a person of a hidden source.
    const int64_t r3 = b.Record(src);
    const int64_t p3 = b.Person(r3, Visibility::kRestricted);
    b.Name(p3, r3, "Тайнов", "Лев");
    b.Person(b.Record(src));
    const int64_t r5 = b.Record(secret);
    const int64_t p5 = b.Person(r5);
    b.Name(p5, r5, "Скрытов", "Ян");
    // A name and a death from a claim, one claim hidden.
    const int64_t r6 = b.Record(src);
    const int64_t p6 = b.Person(r6);
    const int64_t claim = b.Claim("an editor's finding");
    const int64_t hidden_claim = b.Claim("not yet checked", Visibility::kRestricted);
    b.Name(p6, claim, "Кравцов", "Кир", "", "main", Visibility::kPublic, true);
    b.Event(p6, hidden_claim, "death", "1937", "Москва", Visibility::kPublic, "", "", true);
    b.Event(p6, r6, "birth", "1899");
    // A fact resting on another person's record, and a hidden record.
    const int64_t r7 = b.Record(src);
    const int64_t p7 = b.Person(r7);
    b.Name(p7, r7, "Жуков", "Иван");
    b.Event(p7, r1, "birth", "1890", "Тверь");
    const int64_t r7b = b.Record(src, "", Visibility::kRestricted);
    b.Link(p7, r7b);
    b.Event(p7, r7b, "death", "1941", "Ржев");
    // Two persons to merge.
    const int64_t r8 = b.Record(src);
    survivor = b.Person(r8);
    b.Name(survivor, r8, "Лебедев", "Лев");
    const int64_t r9 = b.Record(src);
    retired = b.Person(r9);
    b.Name(retired, r9, "Лебедев", "Лев", "Львович");
    last = b.Person(0);  // no record, no name
    b.Commit();
  }
  {
    ASSERT_OK_AND_ASSIGN(store::WriteTransaction tx, store->BeginWrite());
    store::MergeRequest r;
    r.survivor = survivor;
    r.retired = retired;
    r.author = "editor1";
    ASSERT_OK(tx.MergePersons(r).status());
    ASSERT_OK(tx.Commit());
  }
  // Found: the persons 1, 2, 6 and 7 and the survivor, 1 twice.
  ExpectLinesAnswerAsTheTables(::memoria::testing::PublicView(store.get()), last, 6);
}

// A generated list of 600 rows imported as an archivist would.
TEST(HitLinesTest, SameAsTheTablesForAnImportedList) {
  const std::string dir = ::memoria::testing::FreshTempDir();
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<store::Store> store, store::Store::Create(dir + "/archive"));
  ASSERT_OK(::memoria::testing::ImportGeneratedList(store.get(), dir + "/rows.tsv", 600, 11));
  store::Reader* reader = ::memoria::testing::PublicView(store.get());
  ASSERT_OK_AND_ASSIGN(store::Reader::IdBounds bounds, reader->FactIdBounds());
  ASSERT_GT(bounds.persons, 500);
  ExpectLinesAnswerAsTheTables(reader, bounds.persons, 500);
}

// Kept by a server: the first page is read from the tables while the lines
// are built, the next from the lines; once a person is hidden, the lines
// are of another version and the next page (from the tables) leaves the
// person out, before and after new lines are built.
TEST(HitLinesTest, LinesOfAnOlderVersionAreNeverUsed) {
  const std::string dir = ::memoria::testing::FreshTempDir() + "/archive";
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<store::Store> store, store::Store::Create(dir));
  int64_t shown = 0, hidden = 0;
  {
    ::memoria::testing::ArchiveBuilder b(store.get());
    const int64_t src = b.Source("test:list.csv", "Список");
    const int64_t r1 = b.Record(src);
    shown = b.Person(r1);
    b.Name(shown, r1, "Орлов", "Олег");
    const int64_t r2 = b.Record(src);
    hidden = b.Person(r2);
    b.Name(hidden, r2, "Седов", "Савва");
    b.Event(hidden, r2, "birth", "1902", "Курск");
    b.Commit();
  }
  store::Reader* reader = ::memoria::testing::PublicView(store.get());
  const std::vector<int64_t> ids = {shown, hidden};
  // Not kept (the command line): never from lines.
  KeepHitLines(false);
  ASSERT_OK_AND_ASSIGN(std::vector<PersonSummary> hits, HitsFor(reader, ids, nullptr));
  EXPECT_EQ(hits.size(), 2u);
  ASSERT_OK_AND_ASSIGN(bool ready, HitLinesReadyFor(reader));
  EXPECT_FALSE(ready);

  KeepHitLines(true);
  std::vector<HitFacts> facts;
  ASSERT_OK_AND_ASSIGN(hits, HitsFor(reader, ids, &facts));  // starts the build
  ASSERT_EQ(hits.size(), 2u);
  ASSERT_OK_AND_ASSIGN(ready, HitLinesReadyFor(reader));
  ASSERT_TRUE(ready);
  ASSERT_OK_AND_ASSIGN(hits, HitsFor(reader, ids, &facts));
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[1].surname, "Седов");
  EXPECT_EQ(hits[1].birth, "1902");
  ASSERT_EQ(facts.size(), 2u);
  EXPECT_EQ(facts[1].birth_place, "Курск");

  {
    ASSERT_OK_AND_ASSIGN(store::WriteTransaction tx, store->BeginWrite());
    ASSERT_OK(tx.SetVisibility(store::Hideable::kPerson, hidden, Visibility::kRestricted));
    ASSERT_OK(tx.Commit());
  }
  ASSERT_OK_AND_ASSIGN(ready, HitLinesReadyFor(reader));
  EXPECT_FALSE(ready);  // the lines are of the version before
  ASSERT_OK_AND_ASSIGN(hits, HitsFor(reader, ids, &facts));
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].id, shown);
  // New lines (built once the wait after the last build has passed) leave
  // the person out as well.
  for (int i = 0; i < 200; ++i) {
    ASSERT_OK_AND_ASSIGN(hits, HitsFor(reader, ids, &facts));
    ASSERT_EQ(hits.size(), 1u);
    ASSERT_OK_AND_ASSIGN(ready, HitLinesReadyFor(reader));
    if (ready) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(ready);
  ASSERT_OK_AND_ASSIGN(hits, HitsFor(reader, ids, &facts));
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].id, shown);
  KeepHitLines(false);
  ASSERT_OK_AND_ASSIGN(ready, HitLinesReadyFor(reader));
  EXPECT_FALSE(ready);
}

}  // namespace
}  // namespace memoria::search
