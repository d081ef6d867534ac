// Search as a researcher uses it: hits that tell namesakes apart, prefixes,
// the exact switch, ranking of names with fewer parts, look-alike letters.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "search/name_index.h"
#include "search/search.h"
#include "store/reader.h"
#include "store/store.h"
#include "testing/archive_builder.h"
#include "testing/status_matchers.h"

namespace memoria::search {
namespace {

using ::memoria::testing::ArchiveBuilder;
using ::memoria::testing::PublicView;

class SearchHitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::Store::OpenInMemory();
    ASSERT_TRUE(s.ok());
    store_ = std::move(s).value();
    ArchiveBuilder b(store_.get());
    const int64_t book = b.Source("test:book.csv", "Книга памяти");
    const int64_t list = b.Source("test:list.csv", "Список");
    auto person = [&](const char* surname, const char* given, const char* patronymic) {
      const int64_t rec = b.Record(book);
      const int64_t p = b.Person(rec);
      b.Name(p, rec, surname, given, patronymic);
      return p;
    };
    for (const char* given : {"Иван", "Пётр", "Николай"}) {
      kuzmin_.push_back(person("Кузьмин", given, "Петрович"));
    }
    // Namesakes: told apart by places, sources and records.
    const int64_t rec = b.Record(list);
    b.Link(kuzmin_[0], rec);
    b.Event(kuzmin_[0], rec, "birth", "1899", "Тверь");
    b.Event(kuzmin_[0], rec, "execution", "1937-10-05", "Бутово");
    kuzmina_ = person("Кузьмина", "Анна", "Ивановна");
    kuzmichev_ = person("Кузьмичёв", "Олег", "");
    kuzin_ = person("Кузин", "Иван", "Петрович");
    kuzmin_plain_ = person("Кузмин", "Иван", "Петрович");
    homin_ = person("Хо-Мин", "", "");
    kron_ = person("Крон", "Иван", "Петрович");
    krek_ = person("Крек", "", "");
    kon_ = person("Кон", "Иван", "Петрович");
    krol_ = person("Кроль", "Иван", "Петрович");
    b.Commit();
    reader_ = PublicView(store_.get());
  }

  std::vector<int64_t> Ids(std::string_view query, bool exact = false, int limit = 50) {
    SearchOptions o;
    o.limit = limit;
    o.exact = exact;
    Result<SearchResult> r = Search(reader_, query, o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::vector<int64_t> ids;
    if (r.ok()) {
      for (const Hit& h : r->hits) ids.push_back(h.person_id);
    }
    return ids;
  }
  static size_t Rank(const std::vector<int64_t>& ids, int64_t id) {
    return static_cast<size_t>(std::find(ids.begin(), ids.end(), id) - ids.begin());
  }

  std::unique_ptr<store::Store> store_;
  store::Reader* reader_ = nullptr;
  std::vector<int64_t> kuzmin_;
  int64_t kuzmina_ = 0, kuzmichev_ = 0, kuzin_ = 0, kuzmin_plain_ = 0, homin_ = 0, kron_ = 0,
          krek_ = 0, kon_ = 0, krol_ = 0;
};

TEST_F(SearchHitsTest, HitsCarryPlacesSourcesAndRecords) {
  SearchOptions o;
  o.limit = 10;
  ASSERT_OK_AND_ASSIGN(SearchResult r, Search(reader_, "Кузьмин Иван", o));
  ASSERT_FALSE(r.hits.empty());
  const Hit& h = r.hits[0];
  EXPECT_EQ(h.person_id, kuzmin_[0]);
  EXPECT_EQ(h.birth, "1899");
  EXPECT_EQ(h.facts.birth_place, "Тверь");
  EXPECT_EQ(h.death, "1937-10-05");
  EXPECT_EQ(h.death_type, "execution");
  EXPECT_EQ(h.facts.death_place, "Бутово");
  EXPECT_EQ(h.facts.records, 2);
  ASSERT_EQ(h.facts.sources.size(), 2u);
  EXPECT_EQ(h.facts.sources[0].title, "Книга памяти");
  EXPECT_EQ(h.facts.sources[1].key, "test:list.csv");
}

TEST_F(SearchHitsTest, APrefixMatchesSurnamesAndGivenNamesStartingWithIt) {
  std::vector<int64_t> ids = Ids("Кузьм*");
  for (int64_t id : {kuzmin_[0], kuzmin_[1], kuzmin_[2], kuzmina_, kuzmichev_}) {
    EXPECT_LT(Rank(ids, id), ids.size()) << id;
  }
  EXPECT_EQ(Rank(ids, kuzin_), ids.size());
  EXPECT_EQ(Rank(ids, kuzmin_plain_), ids.size());
  // A Latin prefix reads the Latin forms; a prefix may be the given name.
  ids = Ids("Kuzmi*");
  EXPECT_LT(Rank(ids, kuzmina_), ids.size());
  EXPECT_LT(Rank(ids, kuzmin_plain_), ids.size());
  ids = Ids("Кузьмин Ник*");
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(ids[0], kuzmin_[2]);
  SearchOptions o;
  ASSERT_OK_AND_ASSIGN(SearchResult r, Search(reader_, "Кузьмичё*", o));
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_EQ(r.hits[0].reason.surname, MatchHow::kPrefix);
  EXPECT_THAT(r.hits[0].why, ::testing::HasSubstr("surname prefix"));
}

TEST_F(SearchHitsTest, ExactKeepsSpellingAndTransliterationOnly) {
  // Fuzzy: the phonetic variant and a typo find Кузьмин.
  std::vector<int64_t> fuzzy = Ids("Кузмин");
  EXPECT_LT(Rank(fuzzy, kuzmin_[0]), fuzzy.size());
  std::vector<int64_t> exact = Ids("Кузмин", true);
  EXPECT_EQ(exact, std::vector<int64_t>{kuzmin_plain_});
  EXPECT_TRUE(Ids("Кузьмн", true).empty());
  EXPECT_FALSE(Ids("Кузьмн").empty());
  // A transliteration is still exact: Kuzmina is Кузьмина (ICAO drops ь).
  exact = Ids("Kuzmina", true);
  EXPECT_EQ(exact, std::vector<int64_t>{kuzmina_});
}

TEST_F(SearchHitsTest, ANameOfFewerPartsDoesNotEscapeTheMissingPartPenalty) {
  std::vector<int64_t> ids = Ids("Kuzmin");
  for (int64_t id : kuzmin_) EXPECT_LT(Rank(ids, id), Rank(ids, homin_)) << id;
  ids = Ids("Kron");
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(ids[0], kron_);
  EXPECT_LT(Rank(ids, kon_), Rank(ids, krek_));
  EXPECT_LT(Rank(ids, krol_), Rank(ids, krek_));
}

TEST_F(SearchHitsTest, WordsOfLookAlikeLettersInTheOtherScriptFindTheName) {
  for (const char* query : {"КPOН", "Kpoн", "KPOH"}) {
    std::vector<int64_t> ids = Ids(query);
    ASSERT_FALSE(ids.empty()) << query;
    EXPECT_EQ(ids[0], kron_) << query;
  }
}

// A common surname's names are read through the given-name and patronymic
// lists of the other words (NameIndex::Query) rather than by a pass over
// the surname's run: every name the pass would score is still found,
// whichever of its parts the other word matches, in either order.
TEST(CommonSurnameTest, EveryNameUnderALongRunIsFoundThroughItsGivenNameOrPatronymic) {
  auto s = store::Store::OpenInMemory();
  ASSERT_TRUE(s.ok());
  std::unique_ptr<store::Store> store = std::move(s).value();
  const char* givens[] = {"Иван", "Пётр", "Анна", "Мария", "Сергей", "Ольга", ""};
  const char* patronymics[] = {"Петрович", "Иванович", "Сергеевич", "Петровна", ""};
  std::map<std::string, int64_t> with_given, with_patronymic;
  int64_t ivan_petrovich = 0;
  {
    ArchiveBuilder b(store.get());
    const int64_t book = b.Source("test:book.csv", "Книга памяти");
    for (int i = 0; i < 700; ++i) {
      const char* given = givens[i % 7];
      const char* patronymic = patronymics[(i / 7) % 5];
      const int64_t rec = b.Record(book);
      b.Name(b.Person(rec), rec, i % 3 == 0 ? "Кузнецова" : "Кузнецов", given, patronymic);
      if (i % 3 == 0) continue;
      ++with_given[given];
      ++with_patronymic[patronymic];
      if (std::string(given) == "Иван" && std::string(patronymic) == "Петрович") ++ivan_petrovich;
    }
    b.Commit();
  }
  store::Reader* reader = PublicView(store.get());
  auto total = [&](std::string_view query) {
    SearchOptions o;
    o.exact = true;
    Result<SearchResult> r = Search(reader, query, o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->total : -1;
  };
  EXPECT_EQ(total("Кузнецов Иван"), with_given["Иван"]);
  EXPECT_EQ(total("Иван Кузнецов"), with_given["Иван"]);
  EXPECT_EQ(total("Кузнецов Петрович"), with_patronymic["Петрович"]);
  EXPECT_EQ(total("Петрович Кузнецов"), with_patronymic["Петрович"]);
  EXPECT_EQ(total("Кузнецов Иван Петрович"), ivan_petrovich);
  EXPECT_EQ(total("Кузнецов Петрович Иван"), ivan_petrovich);
  EXPECT_GT(ivan_petrovich, 0);
  // The best hit of a full name is that name.
  SearchOptions o;
  o.limit = 5;
  ASSERT_OK_AND_ASSIGN(SearchResult r, Search(reader, "Кузнецов Ольга Сергеевич", o));
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].given, "Ольга");
  EXPECT_EQ(r.hits[0].patronymic, "Сергеевич");
  EXPECT_EQ(r.hits[0].reason.given, MatchHow::kExact);
}

// The names of a long surname run found through the other word's given-name
// and patronymic lists (a bit per entry of the run) score, rank and count as
// the pass over the whole run does (IndexQuery::score_every_name), for full
// names in every order, with typos, in Latin, alternative names, initials
// and the birth-year filter.
TEST(CommonSurnameTest, NamesFoundThroughTheListsRankAsThePassOverTheRun) {
  auto s = store::Store::OpenInMemory();
  ASSERT_TRUE(s.ok());
  std::unique_ptr<store::Store> store = std::move(s).value();
  const char* givens[] = {"Иван", "Пётр", "Анна", "Мария", "Сергей", "Ольга", "", "И", "Иоанн"};
  const char* patronymics[] = {"Петрович", "Иванович", "Сергеевич", "Петровна", "", "П"};
  {
    ArchiveBuilder b(store.get());
    const int64_t book = b.Source("test:book.csv", "Книга памяти");
    for (int i = 0; i < 1500; ++i) {
      const int64_t rec = b.Record(book);
      const int64_t p = b.Person(rec);
      const char* surname = i % 5 == 0 ? "Кузнецова" : i % 11 == 0 ? "Кузнецоф" : "Кузнецов";
      b.Name(p, rec, surname, givens[i % 9], patronymics[(i / 9) % 6]);
      if (i % 4 == 0) b.Name(p, rec, "Кузнецов", givens[(i + 3) % 9], "", "alias");
      if (i % 3 == 0) b.Event(p, rec, "birth", std::to_string(1890 + i % 40));
    }
    b.Commit();
  }
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<const NameIndex> index, IndexFor(PublicView(store.get())));
  const std::vector<std::string> queries = {"Кузнецов Иван",
                                            "Иван Кузнецов",
                                            "Кузнецов Петрович",
                                            "Петрович Кузнецов",
                                            "Кузнецов Иван Петрович",
                                            "Кузнецов Петрович Иван",
                                            "Иван Петрович Кузнецов",
                                            "Kuznetsov Ivan",
                                            "Kuznetsova Anna Petrovna",
                                            "Кузнецв Иван",
                                            "Кузнецов Ивн",
                                            "Кузнецов Сергей С.",
                                            "Кузнецов Иван П.",
                                            "Кузнецов Мария Ивановна",
                                            "Кузнецова Ольга",
                                            "Кузнецов Иоанн",
                                            "Кузнецов И. Петрович",
                                            "Kuznetsof Sergei Ivanovich"};
  int compared = 0;
  for (const std::string& text : queries) {
    for (bool exact : {false, true}) {
      for (size_t max : {1, 5, 20, 200}) {
        for (int born : {0, 1900}) {
          IndexQuery q;
          ASSERT_TRUE(ReadQueryWords(text, &q).ok()) << text;
          q.exact = exact;
          q.max_persons = max;
          q.describe = max;
          q.born_from = born;
          q.born_to = born == 0 ? 0 : 1915;
          IndexQuery every = q;
          every.score_every_name = true;
          const IndexResult a = index->Query(q);
          const IndexResult b = index->Query(every);
          ASSERT_EQ(a.total, b.total) << text << " exact " << exact << " born " << born;
          ASSERT_EQ(a.matches.size(), b.matches.size()) << text << " max " << max;
          for (size_t k = 0; k < a.matches.size(); ++k) {
            EXPECT_EQ(a.matches[k].person_id, b.matches[k].person_id) << text << " #" << k;
            EXPECT_EQ(a.matches[k].score, b.matches[k].score) << text << " #" << k;
            EXPECT_EQ(a.matches[k].why, b.matches[k].why) << text << " #" << k;
          }
          compared += a.total > 0;
        }
      }
    }
  }
  // Most comparisons found persons (a test of empty answers proves little).
  EXPECT_GT(compared, static_cast<int>(queries.size()) * 16 * 3 / 4);
}

}  // namespace
}  // namespace memoria::search
