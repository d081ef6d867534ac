// Merges and splits of persons, and the review pairs (store/merge.h).
#include "store/merge.h"

#include <algorithm>

#include "store/internal/testing.h"
#include "store/reader.h"
#include "store/write.h"
#include "testing/archive_builder.h"
#include "testing/status_matchers.h"

namespace memoria::store {
namespace {

using ::memoria::testing::ArchiveBuilder;
using ::memoria::testing::QueryInt;
using ::memoria::testing::QueryRows;
using ::memoria::testing::StatusIs;

class MergeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = Store::OpenInMemory().value();
    ArchiveBuilder b(store_.get());
    const int64_t book = b.Source("test:book.csv", "Книга памяти");
    const int64_t list = b.Source("test:list.csv", "Список");
    rec_a_ = b.Record(book, R"({"ФИО":"Иванов Иван Петрович","Год":"1899"})");
    a_ = b.Person(rec_a_);
    b.Name(a_, rec_a_, "Иванов", "Иван", "Петрович");
    b.Event(a_, rec_a_, "birth", "1899", "Тверь");
    b.Attribute(a_, rec_a_, "occupation", "учитель");
    rec_b_ = b.Record(list, R"({"ФИО":"Иванов И. П.","Год":"около 1898"})");
    b_ = b.Person(rec_b_);
    b.Name(b_, rec_b_, "Иванов", "И.", "П.");
    b.Event(b_, rec_b_, "birth", "1898~", "Тверская губ.");
    b.Event(b_, rec_b_, "execution", "1938-03-05", "Бутово");
    secret_ = b.Attribute(b_, rec_b_, "family", "дочь Анна", Visibility::kConfidential);
    rec_c_ = b.Record(list, R"({"ФИО":"Иванов Иван","Год":"1899"})");
    c_ = b.Person(rec_c_);
    b.Name(c_, rec_c_, "Иванов", "Иван");
    b.Commit();
  }

  // Every row of every table a merge touches, of persons a, b and c.
  std::vector<std::vector<std::string>> Dump() {
    std::vector<std::vector<std::string>> out;
    const std::string ids =
        std::to_string(a_) + "," + std::to_string(b_) + "," + std::to_string(c_);
    for (std::string_view t : kMergedTables) {
      for (auto& row :
           QueryRows(store_.get(), "SELECT * FROM " + std::string(t) + " WHERE person_id IN (" +
                                       ids + ") ORDER BY id")) {
        row.insert(row.begin(), std::string(t));
        out.push_back(std::move(row));
      }
    }
    for (auto& row : QueryRows(store_.get(), "SELECT * FROM person_records ORDER BY record_id")) {
      out.push_back(std::move(row));
    }
    for (auto& row : QueryRows(store_.get(), "SELECT * FROM persons ORDER BY id")) {
      out.push_back(std::move(row));
    }
    return out;
  }

  Result<int64_t> Merge(int64_t survivor, int64_t retired, std::string author = "editor1") {
    MEMORIA_ASSIGN_OR_RETURN(WriteTransaction tx, store_->BeginWrite());
    MergeRequest r;
    r.survivor = survivor;
    r.retired = retired;
    r.author = author;
    r.citation = "the two lists name the same man";
    MEMORIA_ASSIGN_OR_RETURN(int64_t id, tx.MergePersons(r));
    MEMORIA_RETURN_IF_ERROR(tx.Commit());
    return id;
  }

  Status Split(int64_t merge) {
    MEMORIA_ASSIGN_OR_RETURN(WriteTransaction tx, store_->BeginWrite());
    MEMORIA_RETURN_IF_ERROR(tx.SplitMerge(merge, "editor2"));
    return tx.Commit();
  }

  std::unique_ptr<Store> store_;
  int64_t rec_a_ = 0, rec_b_ = 0, rec_c_ = 0, a_ = 0, b_ = 0, c_ = 0, secret_ = 0;
};

TEST_F(MergeTest, TheSurvivorHoldsEveryRecordAndTheRetiredIdRedirects) {
  ASSERT_OK_AND_ASSIGN(int64_t merge, Merge(a_, b_));
  Reader* reader = store_->ReaderFor(Visibility::kPublic).value();
  ASSERT_OK_AND_ASSIGN(PersonView a, reader->GetPerson(a_));
  EXPECT_EQ(a.records.size(), 2u);
  EXPECT_EQ(a.names.size(), 2u);
  EXPECT_EQ(a.events.size(), 3u);
  ASSERT_OK_AND_ASSIGN(PersonView b, reader->GetPerson(b_));
  EXPECT_EQ(b.redirect_to, a_);
  EXPECT_TRUE(b.names.empty());
  LinkReader links(reader);
  ASSERT_OK_AND_ASSIGN(MergeRow row, links.Merge(merge));
  EXPECT_EQ(row.survivor, a_);
  EXPECT_EQ(row.retired, b_);
  EXPECT_EQ(row.author, "editor1");
  EXPECT_FALSE(row.score.has_value());
  // The name index reads the survivor's names only.
  std::vector<int64_t> named;
  ASSERT_OK(reader->ForEachIndexedName(
      0, 1000, [&](const IndexedName& n) { named.push_back(n.person_id); }));
  EXPECT_EQ(std::count(named.begin(), named.end(), b_), 0);
  EXPECT_EQ(std::count(named.begin(), named.end(), a_), 2);
}

// The linker's bulk read sees what GetPerson sees of the facts it reads:
// the same names (main first), events and records, and never a fact hidden
// at the ceiling or a merged-away person.
TEST_F(MergeTest, TheLinkersBulkReadMatchesGetPerson) {
  ASSERT_OK(Merge(a_, c_).status());
  Reader* reader = store_->ReaderFor(Visibility::kPublic).value();
  std::vector<PersonView> bulk;
  ASSERT_OK(LinkReader(reader).ForEachLinkPerson([&](const PersonView& p) {
    bulk.push_back(p);
    return Status();
  }));
  ASSERT_EQ(bulk.size(), 2u);  // c_ was merged into a_
  EXPECT_EQ(bulk[0].id, a_);
  EXPECT_EQ(bulk[1].id, b_);
  for (const PersonView& p : bulk) {
    ASSERT_OK_AND_ASSIGN(PersonView full, reader->GetPerson(p.id));
    ASSERT_EQ(p.names.size(), full.names.size());
    for (size_t i = 0; i < p.names.size(); ++i) {
      EXPECT_EQ(p.names[i].id, full.names[i].id);
      EXPECT_EQ(p.names[i].given, full.names[i].given);
    }
    ASSERT_EQ(p.events.size(), full.events.size());
    for (size_t i = 0; i < p.events.size(); ++i) {
      EXPECT_EQ(p.events[i].id, full.events[i].id);
      EXPECT_EQ(p.events[i].date, full.events[i].date);
      EXPECT_EQ(p.events[i].place, full.events[i].place);
    }
    ASSERT_EQ(p.records.size(), full.records.size());
    for (size_t i = 0; i < p.records.size(); ++i) {
      EXPECT_EQ(p.records[i].source_id, full.records[i].source_id);
    }
  }
  EXPECT_EQ(bulk[0].attributes.size(), 1u);  // occupation
  EXPECT_TRUE(bulk[1].attributes.empty());   // the family note is confidential
}

// The bulk read applies the views' rule itself (store/link_read.cc): at
// each ceiling it reads exactly the persons GetPerson finds with a name,
// and of each the facts GetPerson shows: not a fact above the ceiling, of
// a hidden record, source or claim, of a retracted batch, nor a person
// known only by such a name.
TEST(LinkReadTest, TheBulkReadKeepsTheViewsRule) {
  std::unique_ptr<Store> store = Store::OpenInMemory().value();
  ArchiveBuilder b(store.get());
  const int64_t open = b.Source("test:open.csv", "Открытый список");
  const int64_t closed = b.Source("test:closed.csv", "Закрытый список", Visibility::kRestricted);
  const int64_t withdrawn = b.Source("test:withdrawn.csv", "Отозванный список");
  const int64_t rec1 = b.Record(open);
  const int64_t p1 = b.Person(rec1);
  b.Name(p1, rec1, "Петров", "Петр", "Петрович");
  b.Name(p1, rec1, "Петров", "П.", "", "variant");
  b.Event(p1, rec1, "birth", "1901", "Тверь");
  b.Event(p1, rec1, "arrest", "1937-08-01", "", Visibility::kRestricted);
  b.Attribute(p1, rec1, "occupation", "учитель");
  const int64_t hidden_claim = b.Claim("из семейного архива", Visibility::kRestricted);
  b.Attribute(p1, hidden_claim, "residence", "Тверь", Visibility::kPublic, /*claim=*/true);
  const int64_t open_claim = b.Claim("из газеты");
  b.Event(p1, open_claim, "death", "1938-01-02", "", Visibility::kPublic, "", "", /*claim=*/true);
  const int64_t hidden_record = b.Record(open, "", Visibility::kRestricted);
  b.Link(p1, hidden_record);
  b.Event(p1, hidden_record, "sentence", "1937-09-01");
  const int64_t rec2 = b.Record(closed);
  const int64_t p2 = b.Person(rec2);  // known only through a restricted source
  b.Name(p2, rec2, "Сидоров", "Сидор");
  b.Event(p2, rec2, "birth", "1899");
  const int64_t rec3 = b.Record(open);
  const int64_t p3 = b.Person(rec3);
  b.Name(p3, rec3, "Кузнецов", "Иван");
  b.Event(p3, rec2, "death", "1938-02-03");  // rests on another person's hidden record
  const int64_t rec4 = b.Record(open);
  const int64_t p4 = b.Person(rec4, Visibility::kRestricted);
  b.Name(p4, rec4, "Смирнов", "Олег");
  const int64_t rec5 = b.Record(withdrawn);
  const int64_t p5 = b.Person(rec5);
  b.Name(p5, rec5, "Волков", "Ян");
  b.Commit();
  ASSERT_OK(StoreTesting::Exec(store.get(),
                               "UPDATE import_batches SET retracted_at = '2026-12-04T00:00:00Z'"
                               " WHERE source_id = " +
                                   std::to_string(withdrawn)));
  for (Visibility ceiling : {Visibility::kPublic, Visibility::kRestricted}) {
    Reader* reader = store->ReaderFor(ceiling).value();
    std::vector<PersonView> bulk;
    ASSERT_OK(LinkReader(reader).ForEachLinkPerson([&](const PersonView& p) {
      bulk.push_back(p);
      return Status();
    }));
    std::vector<int64_t> expected;
    for (int64_t id : {p1, p2, p3, p4, p5}) {
      auto full = reader->GetPerson(id);
      if (full.ok() && !full->names.empty()) expected.push_back(id);
    }
    std::vector<int64_t> got;
    for (const PersonView& p : bulk) got.push_back(p.id);
    EXPECT_EQ(got, expected) << "ceiling " << static_cast<int>(ceiling);
    for (const PersonView& p : bulk) {
      ASSERT_OK_AND_ASSIGN(PersonView full, reader->GetPerson(p.id));
      std::vector<int64_t> a, e;
      for (const NameFact& n : p.names) a.push_back(n.id);
      for (const NameFact& n : full.names) e.push_back(n.id);
      EXPECT_EQ(a, e);
      a.clear();
      e.clear();
      for (const EventFact& x : p.events) a.push_back(x.id);
      for (const EventFact& x : full.events) e.push_back(x.id);
      EXPECT_EQ(a, e) << "events of person " << p.id;
      a.clear();
      e.clear();
      for (const AttributeFact& x : p.attributes) a.push_back(x.id);
      for (const AttributeFact& x : full.attributes) e.push_back(x.id);
      EXPECT_EQ(a, e) << "attributes of person " << p.id;
      a.clear();
      e.clear();
      for (const RecordView& x : p.records) a.push_back(x.id);
      for (const RecordView& x : full.records) e.push_back(x.id);
      EXPECT_EQ(a, e) << "records of person " << p.id;
    }
    if (ceiling == Visibility::kPublic) {
      // Petrov's restricted arrest, his hidden record's sentence and the
      // residence of the restricted claim are not read; his death is.
      EXPECT_EQ(got, (std::vector<int64_t>{p1, p3}));
      ASSERT_EQ(bulk.size(), 2u);
      EXPECT_EQ(bulk[0].events.size(), 2u);
      EXPECT_EQ(bulk[0].attributes.size(), 1u);
      EXPECT_EQ(bulk[0].names.front().kind, "main");
      EXPECT_TRUE(bulk[1].events.empty());
    }
  }
}

TEST_F(MergeTest, SplitRestoresEveryRowExactly) {
  const auto before = Dump();
  ASSERT_OK_AND_ASSIGN(int64_t first, Merge(b_, c_));
  // c's id now redirects to b, and b is merged into a: c follows to a.
  ASSERT_OK_AND_ASSIGN(int64_t second, Merge(a_, b_));
  EXPECT_EQ(
      QueryInt(store_.get(), "SELECT redirect_to FROM persons WHERE id = " + std::to_string(c_)),
      a_);
  EXPECT_NE(Dump(), before);
  // The earlier merge cannot be split while its survivor is merged away.
  EXPECT_THAT(Split(first), StatusIs(StatusCode::kFailedPrecondition));
  ASSERT_OK(Split(second));
  EXPECT_EQ(
      QueryInt(store_.get(), "SELECT redirect_to FROM persons WHERE id = " + std::to_string(c_)),
      b_);
  ASSERT_OK(Split(first));
  EXPECT_EQ(Dump(), before);
  EXPECT_THAT(Split(first), StatusIs(StatusCode::kFailedPrecondition));
  // The merges stay, with who split them.
  EXPECT_EQ(QueryInt(store_.get(), "SELECT count(*) FROM merges WHERE split_by = 'editor2'"), 2);
  Reader* reader = store_->ReaderFor(Visibility::kPublic).value();
  ASSERT_OK_AND_ASSIGN(PersonView b, reader->GetPerson(b_));
  EXPECT_EQ(b.redirect_to, 0);
  EXPECT_EQ(b.records.size(), 1u);
}

TEST_F(MergeTest, MergesAreAppendOnly) {
  ASSERT_OK_AND_ASSIGN(int64_t merge, Merge(a_, b_));
  EXPECT_FALSE(StoreTesting::Exec(store_.get(), "DELETE FROM merges").ok());
  EXPECT_FALSE(StoreTesting::Exec(store_.get(), "UPDATE merges SET author = 'x'").ok());
  EXPECT_FALSE(StoreTesting::Exec(store_.get(), "DELETE FROM merge_moves").ok());
  EXPECT_EQ(
      QueryInt(store_.get(), "SELECT count(*) FROM merges WHERE id = " + std::to_string(merge)), 1);
}

TEST_F(MergeTest, RefusesWhatCannotBeMerged) {
  ASSERT_OK(Merge(a_, b_).status());
  EXPECT_THAT(Merge(a_, b_).status(), StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(Merge(b_, c_).status(), StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(Merge(a_, a_).status(), StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(Merge(a_, 999).status(), StatusIs(StatusCode::kNotFound));
}

TEST_F(MergeTest, AHiddenFactStaysHiddenAndAHiddenPersonIsNotMergedIntoAVisibleOne) {
  ASSERT_OK(Merge(a_, b_).status());
  Reader* reader = store_->ReaderFor(Visibility::kPublic).value();
  ASSERT_OK_AND_ASSIGN(PersonView a, reader->GetPerson(a_));
  for (const AttributeFact& f : a.attributes) EXPECT_NE(f.value, "дочь Анна");
  for (const RecordView& r : a.records) EXPECT_EQ(r.raw.find("дочь"), std::string::npos);
  Reader* full = store_->ReaderFor(Visibility::kConfidential).value();
  ASSERT_OK_AND_ASSIGN(PersonView all, full->GetPerson(a_));
  EXPECT_TRUE(std::any_of(all.attributes.begin(), all.attributes.end(),
                          [&](const AttributeFact& f) { return f.id == secret_; }));

  {
    ASSERT_OK_AND_ASSIGN(WriteTransaction tx, store_->BeginWrite());
    ASSERT_OK(tx.SetVisibility(Hideable::kPerson, c_, Visibility::kConfidential));
    ASSERT_OK(tx.Commit());
  }
  EXPECT_THAT(Merge(a_, c_).status(), StatusIs(StatusCode::kFailedPrecondition));
}

TEST_F(MergeTest, ARejectedPairIsNeverProposedAgain) {
  LinkCandidate pair;
  pair.person_a = c_;
  pair.person_b = b_;
  pair.probability = 0.7;
  pair.weight = 3.5;
  pair.fields_json = R"([{"field":"surname","level":3,"weight":4.1}])";
  pair.rule = "fellegi-sunter";
  int64_t id = 0;
  {
    ASSERT_OK_AND_ASSIGN(WriteTransaction tx, store_->BeginWrite());
    bool created = false;
    ASSERT_OK_AND_ASSIGN(id, tx.ProposeLink(pair, &created));
    EXPECT_GT(id, 0);
    EXPECT_TRUE(created);
    pair.probability = 0.72;
    ASSERT_OK_AND_ASSIGN(int64_t again, tx.ProposeLink(pair, &created));
    EXPECT_EQ(again, id);
    EXPECT_FALSE(created) << "the pair was pending already";
    ASSERT_OK(tx.Commit());
  }
  Reader* reader = store_->ReaderFor(Visibility::kPublic).value();
  LinkReader links(reader);
  ASSERT_OK_AND_ASSIGN(auto pending, links.Decisions("pending", 0.7, 10));
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].person_a, b_);  // stored in order
  EXPECT_DOUBLE_EQ(pending[0].probability, 0.72);
  {
    ASSERT_OK_AND_ASSIGN(WriteTransaction tx, store_->BeginWrite());
    ASSERT_OK_AND_ASSIGN(int64_t decided, tx.DecidePair(b_, c_, "rejected", "editor1", 0));
    EXPECT_EQ(decided, id);
    ASSERT_OK_AND_ASSIGN(int64_t proposed, tx.ProposeLink(pair));
    EXPECT_EQ(proposed, 0);
    ASSERT_OK(tx.Commit());
  }
  ASSERT_OK_AND_ASSIGN(auto left, links.Decisions("pending", 0.7, 10));
  EXPECT_TRUE(left.empty());
  // Once b is merged into a, the rejected pair is a's and c's.
  ASSERT_OK(Merge(a_, b_).status());
  ASSERT_OK_AND_ASSIGN(auto decided, links.DecidedPairs());
  ASSERT_EQ(decided.size(), 1u);
  EXPECT_EQ(decided[0], std::make_pair(std::min(a_, c_), std::max(a_, c_)));
}

TEST_F(MergeTest, TheQueueShowsTheMostUncertainPairFirstAndNoPairOfAHiddenPerson) {
  {
    ASSERT_OK_AND_ASSIGN(WriteTransaction tx, store_->BeginWrite());
    for (auto [x, y, p] :
         {std::tuple{a_, b_, 0.9}, std::tuple{a_, c_, 0.74}, std::tuple{b_, c_, 0.5}}) {
      LinkCandidate pair;
      pair.person_a = x;
      pair.person_b = y;
      pair.probability = p;
      ASSERT_OK(tx.ProposeLink(pair).status());
    }
    ASSERT_OK(tx.Commit());
  }
  Reader* reader = store_->ReaderFor(Visibility::kPublic).value();
  LinkReader links(reader);
  ASSERT_OK_AND_ASSIGN(auto queue, links.Decisions("pending", 0.725, 10));
  ASSERT_EQ(queue.size(), 3u);
  EXPECT_DOUBLE_EQ(queue[0].probability, 0.74);
  EXPECT_DOUBLE_EQ(queue[1].probability, 0.9);
  {
    ASSERT_OK_AND_ASSIGN(WriteTransaction tx, store_->BeginWrite());
    ASSERT_OK(tx.SetVisibility(Hideable::kPerson, c_, Visibility::kRestricted));
    ASSERT_OK(tx.Commit());
  }
  ASSERT_OK_AND_ASSIGN(auto visible, links.Decisions("pending", 0.725, 10));
  ASSERT_EQ(visible.size(), 1u);
  EXPECT_DOUBLE_EQ(visible[0].probability, 0.9);
}

}  // namespace
}  // namespace memoria::store
