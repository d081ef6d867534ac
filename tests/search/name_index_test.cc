#include "search/name_index.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/edtf.h"
#include "ingest/ingest.h"
#include "names/names.h"
#include "names/translit.h"
#include "search/search.h"
#include "store/write.h"
#include "testing/archive_builder.h"
#include "testing/generated_list.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria::search {
namespace {

using ::memoria::testing::FreshTempDir;
using ::memoria::testing::StatusIs;

// Search as a visitor: through the public Reader of "store".
Result<SearchResult> Search(store::Store* store, std::string_view query,
                            const SearchOptions& options) {
  return search::Search(::memoria::testing::PublicView(store), query, options);
}

Result<std::unique_ptr<NameIndex>> BuildPublic(store::Store* store) {
  return NameIndex::Build(::memoria::testing::PublicView(store));
}

struct Person {
  int64_t id;
  std::string surname, given, patronymic;
};

class NameIndexTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // One directory per process: ctest runs each test of this suite in a
    // process of its own, in parallel, and FreshTempDir names the suite's
    // directory alike outside a test.
    dir_ = new std::string(FreshTempDir() + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(*dir_);
    std::filesystem::create_directories(*dir_);
    auto s = store::Store::Create(*dir_ + "/archive");
    ASSERT_OK(s);
    store_ = std::move(s).value().release();
    ASSERT_OK(::memoria::testing::ImportGeneratedList(store_, *dir_ + "/corpus.tsv", 3000, 11));
    persons_ = new std::vector<Person>();
    for (const auto& row :
         ::memoria::testing::QueryRows(store_,
                                       "SELECT person_id, surname, given, patronymic FROM names"
                                       " WHERE kind = 'main' ORDER BY id")) {
      persons_->push_back(Person{std::stoll(row[0]), row[1], row[2], row[3]});
    }
  }
  static void TearDownTestSuite() {
    delete store_;
    delete persons_;
    delete dir_;
  }

  // True when "person" is among the hits with the best score (several
  // persons may share one name exactly).
  static bool FoundFirst(const std::string& query, int64_t person) {
    SearchOptions o;
    o.limit = 50;
    auto r = Search(store_, query, o);
    if (!r.ok() || r->hits.empty()) return false;
    for (const Hit& h : r->hits) {
      if (h.score < r->hits[0].score) break;
      if (h.person_id == person) return true;
    }
    return false;
  }
  static bool FoundInTop(const std::string& query, int64_t person, int k) {
    SearchOptions o;
    o.limit = k;
    auto r = Search(store_, query, o);
    if (!r.ok()) return false;
    for (const Hit& h : r->hits) {
      if (h.person_id == person) return true;
    }
    return false;
  }

  static std::string* dir_;
  static store::Store* store_;
  static std::vector<Person>* persons_;
};

std::string* NameIndexTest::dir_ = nullptr;
store::Store* NameIndexTest::store_ = nullptr;
std::vector<Person>* NameIndexTest::persons_ = nullptr;

TEST_F(NameIndexTest, EveryStoredNameFindsItsOwnPersonFirst) {
  int checked = 0, found = 0;
  for (const Person& p : *persons_) {
    std::string q = p.surname + " " + p.given + " " + p.patronymic;
    ++checked;
    if (FoundFirst(q, p.id)) {
      ++found;
    } else if (checked - found <= 5) {
      ADD_FAILURE() << "not found first: " << q;
    }
  }
  EXPECT_EQ(found, checked);
}

TEST_F(NameIndexTest, TransliteratedSpellingsFindTheSamePerson) {
  const names::Scheme schemes[] = {names::Scheme::kIcaoDoc9303, names::Scheme::kBgnPcgn,
                                   names::Scheme::kGost779,     names::Scheme::kWikipedia,
                                   names::Scheme::kGerman,      names::Scheme::kPolish};
  for (names::Scheme scheme : schemes) {
    int checked = 0, found = 0;
    for (size_t i = 0; i < persons_->size(); i += 10) {
      const Person& p = (*persons_)[i];
      std::string q = names::Transliterate(p.surname + " " + p.given, scheme);
      ++checked;
      if (FoundInTop(q, p.id, 10)) ++found;
    }
    double recall = static_cast<double>(found) / checked;
    std::cout << "scheme " << static_cast<int>(scheme) << ": recall@10 " << recall << "\n";
    EXPECT_GE(recall, 0.95) << "scheme " << static_cast<int>(scheme);
  }
}

TEST_F(NameIndexTest, InitialsAndMissingPatronymicFindThePerson) {
  int checked = 0, found = 0;
  for (size_t i = 0; i < persons_->size(); i += 7) {
    const Person& p = (*persons_)[i];
    if (p.given.empty()) continue;
    size_t first_len = 1;
    while (first_len < p.given.size() && (p.given[first_len] & 0xC0) == 0x80) ++first_len;
    std::string initials = p.surname + " " + p.given.substr(0, first_len) + ".";
    ++checked;
    if (FoundInTop(initials, p.id, 50) && FoundInTop(p.given + " " + p.surname, p.id, 50)) {
      ++found;
    }
  }
  EXPECT_EQ(found, checked);
}

TEST_F(NameIndexTest, SaveThenLoadGivesTheSameAnswers) {
  ASSERT_OK_AND_ASSIGN(auto built, BuildPublic(store_));
  std::string path = FreshTempDir() + "/index.bin";
  ASSERT_OK(built->Save(path, 42));
  ASSERT_OK_AND_ASSIGN(auto loaded, NameIndex::Load(path, 42));
  EXPECT_EQ(loaded->names(), built->names());
  for (size_t i = 0; i < persons_->size(); i += 97) {
    IndexQuery q;
    q.words = names::NormalizedWords((*persons_)[i].surname + " " + (*persons_)[i].given);
    IndexResult a = built->Query(q);
    IndexResult b = loaded->Query(q);
    EXPECT_EQ(a.total, b.total);
    ASSERT_EQ(a.matches.size(), b.matches.size());
    for (size_t k = 0; k < a.matches.size(); ++k) {
      EXPECT_EQ(a.matches[k].person_id, b.matches[k].person_id);
      EXPECT_EQ(a.matches[k].score, b.matches[k].score);
      EXPECT_EQ(a.matches[k].why, b.matches[k].why);
    }
  }
  std::cout << "index: " << built->names() << " names, " << built->distinct_parts()
            << " distinct parts, " << built->distinct_keys() << " keys, "
            << built->MemoryBytes() / built->names() << " bytes per name\n";
}

// A query of one word, or of a surname with initials, scores each surname
// run once and keeps only the best persons; its hits, scores, reasons and
// total are those of the pass over every name, for every page size.
TEST_F(NameIndexTest, RunsScoredOnceGiveTheHitsOfThePassOverEveryName) {
  ASSERT_OK_AND_ASSIGN(auto index, BuildPublic(store_));
  auto first_letter = [](const std::string& s) {
    size_t n = 1;
    while (n < s.size() && (s[n] & 0xC0) == 0x80) ++n;
    return s.substr(0, n);
  };
  std::vector<std::string> queries;
  for (size_t i = 0; i < persons_->size(); i += 37) {
    const Person& p = (*persons_)[i];
    queries.push_back(p.surname);
    queries.push_back(names::Transliterate(p.surname, names::Scheme::kIcaoDoc9303));
    queries.push_back(p.surname.substr(0, p.surname.size() - 2));  // a letter dropped
    queries.push_back(p.surname + " " + p.given);
    queries.push_back(p.given + " " + p.surname + " " + p.patronymic);
    if (p.given.empty()) continue;
    queries.push_back(p.surname + " " + first_letter(p.given) + ".");
    queries.push_back(first_letter(p.given) + ". " + p.surname);
    if (p.patronymic.empty()) continue;
    queries.push_back(p.surname + " " + first_letter(p.given) + ". " + first_letter(p.patronymic) +
                      ".");
    queries.push_back(first_letter(p.patronymic) + " " + first_letter(p.given) + " " + p.surname);
  }
  queries.push_back("И");
  int compared = 0, long_ones = 0;
  for (const std::string& text : queries) {
    for (size_t max : {1, 3, 20, 200}) {
      for (int born : {0, 1900}) {
        IndexQuery q;
        if (!ReadQueryWords(text, &q).ok()) continue;
        q.max_persons = max;
        q.describe = max;
        q.born_from = born;
        q.born_to = born == 0 ? 0 : 1920;
        IndexQuery every = q;
        every.score_every_name = true;
        IndexResult a = index->Query(q);
        IndexResult b = index->Query(every);
        ++compared;
        if (b.total > max) ++long_ones;
        ASSERT_EQ(a.total, b.total) << text << " max " << max << " born " << born;
        ASSERT_EQ(a.matches.size(), b.matches.size()) << text << " max " << max;
        for (size_t k = 0; k < a.matches.size(); ++k) {
          EXPECT_EQ(a.matches[k].person_id, b.matches[k].person_id) << text << " #" << k;
          EXPECT_EQ(a.matches[k].score, b.matches[k].score) << text << " #" << k;
          EXPECT_EQ(a.matches[k].why, b.matches[k].why) << text << " #" << k;
        }
      }
    }
  }
  // Pages shorter than the matches, where persons are left out.
  EXPECT_GT(long_ones, compared / 5);
}

// A build asked to stop (a server stopping: search::CancelIndexBuilds)
// ends with kUnavailable wherever it was: stopped at its k-th look at the
// question, for every k it looks.
TEST_F(NameIndexTest, ABuildAskedToStopEndsAtEachPointItLooks) {
  ASSERT_OK_AND_ASSIGN(store::Reader * reader, store_->ReaderFor(store::Visibility::kPublic));
  std::atomic<int> looks{0};  // two threads look
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<NameIndex> whole, NameIndex::Build(reader, [&] {
                         ++looks;
                         return false;
                       }));
  EXPECT_GT(whole->names(), 0u);
  ASSERT_GT(looks, 2) << "it looks while reading and while laying out";
  for (int k = 1; k <= looks; ++k) {
    SCOPED_TRACE(k);
    std::atomic<int> n{0};
    EXPECT_THAT(NameIndex::Build(reader, [&] { return ++n >= k; }).status(),
                StatusIs(StatusCode::kUnavailable));
  }
}

TEST_F(NameIndexTest, OutdatedOrDamagedFilesAreRefused) {
  ASSERT_OK_AND_ASSIGN(auto built, BuildPublic(store_));
  std::string path = FreshTempDir() + "/index.bin";
  ASSERT_OK(built->Save(path, 1));
  EXPECT_THAT(NameIndex::Load(path, 2), StatusIs(StatusCode::kFailedPrecondition));
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(100);
    f.put('\x7f');
  }
  EXPECT_THAT(NameIndex::Load(path, 1), StatusIs(StatusCode::kDataLoss));
  std::filesystem::resize_file(path, 10);
  EXPECT_THAT(NameIndex::Load(path, 1), StatusIs(StatusCode::kDataLoss));
  EXPECT_THAT(NameIndex::Load(path + ".none", 1), StatusIs(StatusCode::kNotFound));
}

TEST_F(NameIndexTest, BirthYearFilterKeepsOnlyPersonsBornInRange) {
  const Person& p = (*persons_)[5];
  SearchOptions o;
  o.limit = 100;
  o.born_from = 1800;
  o.born_to = 1801;
  ASSERT_OK_AND_ASSIGN(auto none, Search(store_, p.surname, o));
  EXPECT_TRUE(none.hits.empty());
  o.born_from = 1860;
  o.born_to = 1930;
  ASSERT_OK_AND_ASSIGN(auto some, Search(store_, p.surname, o));
  EXPECT_FALSE(some.hits.empty());
}

// An archive in a fresh directory holding "rows" (memorial-lists TSV lines
// after the header: person_id, surname, name, patronimic, birth_year).
std::unique_ptr<store::Store> SmallArchive(const std::vector<std::string>& rows) {
  std::string tmp = FreshTempDir();
  auto store = store::Store::Create(tmp + "/a");
  EXPECT_OK(store);
  if (!store.ok()) return nullptr;
  std::string file = tmp + "/rows.tsv";
  {
    std::ofstream out(file);
    out << "person_id\tsurname\tname\tpatronimic\tbirth_year\n";
    for (const std::string& r : rows) out << r << "\n";
  }
  ingest::ImportOptions o;
  o.profile = "memorial-lists";
  EXPECT_OK(ingest::Import(store->get(), {file}, o));
  return std::move(store).value();
}

TEST(NameIndexRankingTest, LeftOutPatronymicRanksAboveACloseSpellingWithout) {
  // The query is the first list's spelling, typo included; the second
  // person differs by one letter of the surname and has no patronymic.
  auto store =
      SmallArchive({"1\tШевчеико\tПрасковья\tИвановна\t1901", "2\tШевченко\tПрасковья\tNone\t1902",
                    "3\tКудлаевский\tА.\tИ.\t1890", "4\tКудлаевский\tАркадий\tNone\t1891"});
  ASSERT_NE(store, nullptr);
  SearchOptions o;
  o.limit = 5;
  ASSERT_OK_AND_ASSIGN(SearchResult a, Search(store.get(), "Шевчеико Прасковья", o));
  ASSERT_EQ(a.hits.size(), 2u);
  EXPECT_EQ(a.hits[0].surname, "Шевчеико");
  // A stored initial answers an initial better than a full name does.
  ASSERT_OK_AND_ASSIGN(SearchResult b, Search(store.get(), "Кудлаевский А.", o));
  ASSERT_EQ(b.hits.size(), 2u);
  EXPECT_EQ(b.hits[0].given, "А.");
}

TEST(NameIndexRankingTest, TotalCountsEveryMatchBeyondThePage) {
  std::vector<std::string> rows;
  for (int i = 1; i <= 30; ++i) {
    rows.push_back(std::to_string(i) + "\tПетров\tИван\tNone\t" + std::to_string(1880 + i));
  }
  rows.push_back("99\tСидоров\tИван\tNone\t1900");
  auto store = SmallArchive(rows);
  ASSERT_NE(store, nullptr);
  SearchOptions o;
  o.limit = 3;
  o.offset = 2;
  ASSERT_OK_AND_ASSIGN(SearchResult r, Search(store.get(), "Петров Иван", o));
  EXPECT_EQ(r.total, 30);
  EXPECT_EQ(r.hits.size(), 3u);
  for (const Hit& h : r.hits) EXPECT_FALSE(h.why.empty());
  o.born_from = 1881;
  o.born_to = 1885;
  ASSERT_OK_AND_ASSIGN(SearchResult born, Search(store.get(), "Петров Иван", o));
  EXPECT_EQ(born.total, 5);
}

TEST(NameIndexRankingTest, FactsHiddenByTheirClaimOrRecordStayOutOfTheIndex) {
  // The index reads through the Reader's views: a name whose claim is
  // confidential, and a birth from a confidential record, are not public
  // even though the facts themselves are.
  auto store = SmallArchive({"1\tЛазарева\tИрина\tПетровна\t1901"});
  ASSERT_NE(store, nullptr);
  const int64_t person = ::memoria::testing::QueryInt(store.get(), "SELECT max(id) FROM persons");
  {
    ::memoria::testing::ArchiveBuilder b(store.get());
    const int64_t claim =
        b.Claim("from a confidential interview", store::Visibility::kConfidential);
    b.Name(person, claim, "Тайнова", "Ирина", "", "alias", store::Visibility::kPublic,
           /*claim=*/true);
    const int64_t source = b.Source("test:hidden", "hidden");
    const int64_t record = b.Record(source, R"({"born":"1850"})", store::Visibility::kConfidential);
    b.Event(person, record, "birth", "1850");
    b.Commit();
  }
  ASSERT_OK_AND_ASSIGN(auto index, BuildPublic(store.get()));
  IndexQuery q;
  q.words = names::NormalizedWords("Тайнова Ирина");
  EXPECT_TRUE(index->Query(q).matches.empty());
  q.words = names::NormalizedWords("Лазарева Ирина");
  q.born_from = 1850;
  q.born_to = 1850;
  EXPECT_TRUE(index->Query(q).matches.empty());
  q.born_from = 1901;
  q.born_to = 1901;
  IndexResult r = index->Query(q);
  ASSERT_EQ(r.matches.size(), 1u);
  EXPECT_EQ(r.matches[0].person_id, person);
}

TEST(NameIndexRankingTest, BuildInsideATransactionSeesItsOwnNames) {
  auto store = SmallArchive({"1\tЛазарева\tИрина\tПетровна\t1901"});
  ASSERT_NE(store, nullptr);
  ASSERT_OK_AND_ASSIGN(store::WriteTransaction tx, store->BeginWrite());
  const int64_t batch =
      ::memoria::testing::QueryInt(store.get(), "SELECT max(id) FROM import_batches");
  ASSERT_OK_AND_ASSIGN(int64_t person, tx.AddPerson(batch));
  const int64_t record = ::memoria::testing::QueryInt(store.get(), "SELECT max(id) FROM records");
  store::NameFact n;
  n.person_id = person;
  n.record_id = record;
  n.surname = "Лазарев";
  n.given = "Павел";
  ASSERT_OK(tx.AddName(n));
  ASSERT_OK_AND_ASSIGN(auto index, BuildPublic(store.get()));
  EXPECT_EQ(index->names(), 2u);
  IndexQuery q;
  q.words = names::NormalizedWords("Лазарев Павел");
  IndexResult r = index->Query(q);
  ASSERT_FALSE(r.matches.empty());
  EXPECT_EQ(r.matches[0].person_id, person);
  ASSERT_OK(tx.Rollback());
}

TEST(NameIndexRebuildTest, ImportIsVisibleToTheNextSearch) {
  std::string tmp = FreshTempDir();
  std::string dir = tmp + "/a";
  ASSERT_OK_AND_ASSIGN(auto store, store::Store::Create(dir));
  std::string file = tmp + "/one.tsv";
  std::ofstream(file) << "person_id\tsurname\tname\tpatronimic\n1\tЩербакова\tИрина\tЛазаревна\n";
  ASSERT_OK_AND_ASSIGN(auto empty, Search(store.get(), "Щербакова", {}));
  EXPECT_TRUE(empty.hits.empty());
  ingest::ImportOptions o;
  o.profile = "memorial-lists";
  ASSERT_OK(ingest::Import(store.get(), {file}, o));
  for (const char* q : {"Щербакова Ирина", "Scherbakowa Irina", "Shcherbakova I.", "Шербакова",
                        "Щербакова И. Л.", "Irina Shcherbakova"}) {
    ASSERT_OK_AND_ASSIGN(auto r, Search(store.get(), q, {}));
    ASSERT_FALSE(r.hits.empty()) << q;
    EXPECT_EQ(r.hits[0].surname, "Щербакова") << q;
  }
  EXPECT_TRUE(std::filesystem::exists(dir + "/name_index.bin"));
}

TEST(NameIndexRebuildTest, ANameHiddenInPlaceIsNoLongerFoundNorItsPersonCounted) {
  // The names version moves with every committed visibility change: the
  // cached index and DIR/name_index.bin are rebuilt, never served stale.
  std::string tmp = FreshTempDir();
  const std::string dir = tmp + "/a";
  ASSERT_OK_AND_ASSIGN(auto store, store::Store::Create(dir));
  std::string file = tmp + "/two.tsv";
  std::ofstream(file) << "person_id\tsurname\tname\tpatronimic\n"
                         "1\tГаврилова\tАнна\tПетровна\n2\tГаврилова\tМария\tИвановна\n";
  ingest::ImportOptions o;
  o.profile = "memorial-lists";
  ASSERT_OK(ingest::Import(store.get(), {file}, o));
  ASSERT_OK_AND_ASSIGN(SearchResult before, Search(store.get(), "Гаврилова", {}));
  EXPECT_EQ(before.total, 2);
  ASSERT_TRUE(std::filesystem::exists(dir + "/name_index.bin"));
  const int64_t name = ::memoria::testing::QueryInt(
      store.get(), "SELECT id FROM names WHERE given = 'Анна' AND kind = 'main'");
  {
    ASSERT_OK_AND_ASSIGN(store::WriteTransaction tx, store->BeginWrite());
    ASSERT_OK(tx.SetVisibility(store::Hideable::kName, name, store::Visibility::kRestricted));
    ASSERT_OK(tx.Commit());
  }
  ASSERT_OK_AND_ASSIGN(SearchResult after, Search(store.get(), "Гаврилова Анна", {}));
  for (const Hit& h : after.hits) EXPECT_NE(h.given, "Анна");
  ASSERT_OK_AND_ASSIGN(SearchResult all, Search(store.get(), "Гаврилова", {}));
  EXPECT_EQ(all.total, 1);
  // A second process (a fresh Store) loading the saved file sees the same.
  ASSERT_OK_AND_ASSIGN(auto other, store::Store::Open(dir, /*read_only=*/true));
  ASSERT_OK_AND_ASSIGN(SearchResult reopened, Search(other.get(), "Гаврилова", {}));
  EXPECT_EQ(reopened.total, 1);
  // The restricted view still finds her.
  ASSERT_OK_AND_ASSIGN(store::Reader * restricted,
                       store->ReaderFor(store::Visibility::kRestricted));
  ASSERT_OK_AND_ASSIGN(SearchResult inside, search::Search(restricted, "Гаврилова", {}));
  EXPECT_EQ(inside.total, 2);
}

TEST(NameIndexRebuildTest, AServerAnswersFromTheOlderIndexWhileAnImportIsIndexed) {
  std::string tmp = FreshTempDir();
  const std::string dir = tmp + "/a";
  ASSERT_OK_AND_ASSIGN(auto store, store::Store::Create(dir));
  ingest::ImportOptions o;
  o.profile = "memorial-lists";
  const std::string first = tmp + "/first.tsv", second = tmp + "/second.tsv";
  std::ofstream(first) << "person_id\tsurname\tname\tpatronimic\n1\tГаврилова\tАнна\tПетровна\n";
  std::ofstream(second) << "person_id\tsurname\tname\tpatronimic\n2\tНовикова\tВера\tИвановна\n";
  ASSERT_OK(ingest::Import(store.get(), {first}, o));
  ASSERT_OK_AND_ASSIGN(SearchResult before, Search(store.get(), "Гаврилова", {}));
  ASSERT_EQ(before.total, 1);

  AnswerFromOlderIndexWhileRebuilding(true);
  ASSERT_OK(ingest::Import(store.get(), {second}, o));
  // The first search after the import does not wait for the new index: it
  // is answered by the older one, which lacks only the new name.
  ASSERT_OK_AND_ASSIGN(SearchResult during, Search(store.get(), "Новикова Вера", {}));
  EXPECT_EQ(during.total, 0);
  ASSERT_OK_AND_ASSIGN(SearchResult old_name, Search(store.get(), "Гаврилова", {}));
  EXPECT_EQ(old_name.total, 1);
  // Soon the new index answers.
  int64_t found = 0;
  for (int i = 0; i < 3000 && found == 0; ++i) {
    ASSERT_OK_AND_ASSIGN(SearchResult r, Search(store.get(), "Новикова Вера", {}));
    found = r.total;
    if (found == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(found, 1);
  // Hiding never waits for a rebuild to take effect: the very next search
  // misses the hidden name.
  const int64_t name = ::memoria::testing::QueryInt(
      store.get(), "SELECT id FROM names WHERE surname = 'Гаврилова' AND kind = 'main'");
  {
    ASSERT_OK_AND_ASSIGN(store::WriteTransaction tx, store->BeginWrite());
    ASSERT_OK(tx.SetVisibility(store::Hideable::kName, name, store::Visibility::kRestricted));
    ASSERT_OK(tx.Commit());
  }
  ASSERT_OK_AND_ASSIGN(SearchResult hidden, Search(store.get(), "Гаврилова", {}));
  EXPECT_EQ(hidden.total, 0);
  AnswerFromOlderIndexWhileRebuilding(false);
}

// A server that imports again and again keeps no ended rebuild thread
// behind: each is joined when the next one starts.
TEST(NameIndexRebuildTest, ImportsInARowLeaveOneRebuildThreadAtMost) {
  std::string tmp = FreshTempDir();
  ASSERT_OK_AND_ASSIGN(auto store, store::Store::Create(tmp + "/a"));
  ingest::ImportOptions o;
  o.profile = "memorial-lists";
  const std::vector<std::string> surnames = {"Гаврилова", "Новикова", "Орлова",
                                             "Седова",    "Жукова",   "Лебедева"};
  auto import_one = [&](size_t i) {
    const std::string file = tmp + "/" + std::to_string(i) + ".tsv";
    std::ofstream(file) << "person_id\tsurname\tname\tpatronimic\n"
                        << i + 1 << "\t" << surnames[i] << "\tАнна\tПетровна\n";
    return ingest::Import(store.get(), {file}, o).status();
  };
  ASSERT_OK(import_one(0));
  ASSERT_OK(Search(store.get(), surnames[0], {}).status());  // the first index
  AnswerFromOlderIndexWhileRebuilding(true);
  for (size_t i = 1; i < surnames.size(); ++i) {
    ASSERT_OK(import_one(i));
    int64_t found = 0;
    for (int wait = 0; wait < 3000 && found == 0; ++wait) {
      ASSERT_OK_AND_ASSIGN(SearchResult r, Search(store.get(), surnames[i], {}));
      found = r.total;
      if (found == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_EQ(found, 1) << surnames[i];
  }
  EXPECT_LE(BackgroundRebuildThreadsForTesting(), 1u);
  AnswerFromOlderIndexWhileRebuilding(false);
  EXPECT_EQ(BackgroundRebuildThreadsForTesting(), 0u);
}

}  // namespace
}  // namespace memoria::search
