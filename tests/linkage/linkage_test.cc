#include "linkage/linkage.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "testing/paths.h"

namespace memoria::linkage {
namespace {

Record Person(const std::string& surname, const std::string& given, const std::string& birth,
              const std::string& locality) {
  Record r;
  r.surname = surname;
  r.given = given;
  r.birth_text = birth;
  r.birth = ParseBirthDate(birth);
  r.locality = locality;
  return r;
}

// The level a comparator of "kind" gives two raw values.
int8_t Level(FieldKind kind, const std::string& a, const std::string& b) {
  Comparator c({{"given", kind, false}});
  Record x, y;
  x.given = a;
  y.given = b;
  return c.CompareField(0, c.Prepare(x)[0], c.Prepare(y)[0]);
}

int8_t DateLevel(const std::string& a, const std::string& b) {
  Comparator c({{"birth", FieldKind::kDate, false}});
  Record x, y;
  x.birth_text = a;
  x.birth = ParseBirthDate(a);
  y.birth_text = b;
  y.birth = ParseBirthDate(b);
  return c.CompareField(0, c.Prepare(x)[0], c.Prepare(y)[0]);
}

// ---- comparators -------------------------------------------------------------

TEST(NameComparatorTest, CyrillicAndLatinSpellingsOfOneName) {
  EXPECT_EQ(Level(FieldKind::kName, "Иванов", "Ivanov"), kExact);
  EXPECT_EQ(Level(FieldKind::kName, "Иванов", "ИВАНОВ"), kExact);
  EXPECT_EQ(Level(FieldKind::kName, "Щёлоков", "Щелоков"), kExact);
  EXPECT_GE(Level(FieldKind::kName, "Щербакова", "Shcherbakova"), kClose);
  EXPECT_GE(Level(FieldKind::kName, "Щербакова", "Scherbakowa"), kClose);
  EXPECT_GE(Level(FieldKind::kName, "Евгений", "Yevgeny"), kWeak);
  EXPECT_EQ(Level(FieldKind::kName, "Іван", "Иван"), kExact);  // Ukrainian folding
  EXPECT_EQ(Level(FieldKind::kName, "Иванов", "Петров"), kDisagree);
  EXPECT_EQ(Level(FieldKind::kName, "Smith", "Schmidt") >= kWeak, true);
}

TEST(NameComparatorTest, InitialsAndMissing) {
  EXPECT_EQ(Level(FieldKind::kName, "И.", "Иван"), kWeak);
  EXPECT_EQ(Level(FieldKind::kName, "П.", "Иван"), kDisagree);
  EXPECT_EQ(Level(FieldKind::kName, "", "Иван"), kMissing);
}

TEST(DateComparatorTest, ApproximateYearsOverlap) {
  EXPECT_EQ(ParseBirthDate("about 1898").ToString(), "1898~");
  EXPECT_EQ(ParseBirthDate("ок. 1898 г.").ToString(), "1898~");
  EXPECT_EQ(ParseBirthDate("19370517").ToString(), "1937-05-17");
  EXPECT_EQ(ParseBirthDate("17.5.1937").ToString(), "1937-05-17");
  EXPECT_TRUE(ParseBirthDate("unknown").empty());

  EXPECT_EQ(DateLevel("1899", "about 1898"), kClose);
  EXPECT_EQ(DateLevel("1899", "1898"), kWeak);  // both exact years, one apart
  EXPECT_EQ(DateLevel("1937-05-17", "1937-05-17"), kExact);
  EXPECT_EQ(DateLevel("1937-05-17", "1937"), kClose);
  EXPECT_EQ(DateLevel("1937-05-12", "1937-12-05"), kClose);  // day and month swapped
  EXPECT_EQ(DateLevel("19370517", "19370617"), kClose);      // one digit
  EXPECT_EQ(DateLevel("1899", "1950"), kDisagree);
  EXPECT_EQ(DateLevel("", "1950"), kMissing);
}

TEST(DateComparatorTest, DaysOneDigitApart) {
  EXPECT_EQ(DateLevel("1937-05-17", "1937-05-18"), kClose);  // a digit
  EXPECT_EQ(DateLevel("1937-05-12", "1937-05-21"), kClose);  // two neighbours swapped
  EXPECT_EQ(DateLevel("1937-05-12", "1937-06-21"), kWeak);   // two edits, the same year
  EXPECT_EQ(DateLevel("1937-05-17", "1973-05-17"), kClose);  // the year's digits swapped
  EXPECT_EQ(DateLevel("1937-05-17", "1941-05-17"), kDisagree);
}

TEST(StringComparatorTest, Levels) {
  EXPECT_EQ(Level(FieldKind::kString, "pridham street", "pridhamstreet"), kExact);
  EXPECT_EQ(Level(FieldKind::kString, "tullaroop street", "tullarop street"), kClose);
  EXPECT_EQ(Level(FieldKind::kString, "giblin street", "forbes avenue"), kDisagree);
  EXPECT_EQ(Level(FieldKind::kNumber, "44", "44"), kExact);
  EXPECT_EQ(Level(FieldKind::kNumber, "44", "45"), kClose);
  EXPECT_EQ(Level(FieldKind::kNumber, "44", "400"), kDisagree);
  EXPECT_EQ(Level(FieldKind::kCode, "6988048", "6988084"), kClose);
  EXPECT_EQ(Level(FieldKind::kCode, "6988048", "6918084"), kWeak);
  EXPECT_EQ(Level(FieldKind::kCode, "4011", "2776"), kDisagree);
}

TEST(PlaceComparatorTest, UnitsReadByThePlaceParser) {
  // The same units, whatever the case of the name and the type word.
  EXPECT_EQ(Level(FieldKind::kPlace, "Калининская обл.", "Калининской обл."), kExact);
  // The most specific unit agrees; one place is part of the other.
  EXPECT_EQ(Level(FieldKind::kPlace, "г. Тверь", "Калининская обл., г. Тверь"), kClose);
  EXPECT_EQ(Level(FieldKind::kPlace, "Тверская губ.", "Тверская губ., Старицкий уезд"), kClose);
  // Two villages of one province agree only weakly.
  EXPECT_EQ(Level(FieldKind::kPlace, "Тверская губ., д. Ивановка", "Тверская губ., с. Петровка"),
            kWeak);
  EXPECT_EQ(Level(FieldKind::kPlace, "г. Москва", "г. Киев"), kDisagree);
  EXPECT_EQ(Level(FieldKind::kPlace, "", "г. Киев"), kMissing);
}

TEST(PrepareTest, ThreadsGiveTheSameValues) {
  Comparator c({{"locality", FieldKind::kPlace, false}, {"surname", FieldKind::kName, true}});
  std::vector<Record> records;
  for (int i = 0; i < 50; ++i) {
    records.push_back(Person(i % 2 ? "Иванов" : "Петров", "Иван", "1900",
                             i % 3 ? "Тверская губ., д. Ивановка" : "г. Москва"));
  }
  const auto one = c.PrepareAll(records, 1), two = c.PrepareAll(records, 2);
  ASSERT_EQ(one.size(), two.size());
  for (size_t i = 0; i < one.size(); ++i) {
    for (size_t f = 0; f < 2; ++f) EXPECT_EQ(one[i][f].text, two[i][f].text);
  }
}

// ---- EM --------------------------------------------------------------------

TEST(EmTest, RecoversMAboveUPerFieldWithoutLabels) {
  // Comparison vectors drawn from known m and u (a labelled synthetic set),
  // then fitted without the labels.
  const std::vector<std::array<double, kLevels>> m = {
      {0.05, 0.05, 0.10, 0.80}, {0.10, 0.05, 0.15, 0.70}, {0.05, 0.10, 0.15, 0.70}};
  const std::vector<std::array<double, kLevels>> u = {
      {0.80, 0.10, 0.06, 0.04}, {0.70, 0.15, 0.10, 0.05}, {0.90, 0.05, 0.03, 0.02}};
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(0, 1);
  auto draw = [&](const std::array<double, kLevels>& dist) {
    double x = unit(rng);
    for (int l = 0; l < kLevels; ++l) {
      if ((x -= dist[l]) < 0) return static_cast<int8_t>(l);
    }
    return static_cast<int8_t>(kLevels - 1);
  };
  std::vector<int8_t> levels;
  std::vector<bool> truth;
  for (int i = 0; i < 6000; ++i) {
    const bool match = unit(rng) < 0.2;
    truth.push_back(match);
    for (size_t f = 0; f < m.size(); ++f) levels.push_back(draw(match ? m[f] : u[f]));
  }
  Model model = EstimateEm(m.size(), levels, {}, EmOptions{});
  EXPECT_NEAR(model.p(), 0.2, 0.05);
  for (size_t f = 0; f < m.size(); ++f) {
    EXPECT_GT(model.fields()[f].m[kExact], model.fields()[f].u[kExact]) << f;
    EXPECT_LT(model.fields()[f].m[kDisagree], model.fields()[f].u[kDisagree]) << f;
    EXPECT_NEAR(model.fields()[f].m[kExact], m[f][kExact], 0.08) << f;
    EXPECT_NEAR(model.fields()[f].u[kExact], u[f][kExact], 0.05) << f;
  }
  // The fitted model classifies most pairs as the labels say.
  size_t right = 0;
  std::vector<PreparedValue> none(m.size());
  for (size_t i = 0; i < truth.size(); ++i) {
    const bool linked = model.Probability(model.Weight(&levels[i * m.size()], none)) >= 0.5;
    right += linked == truth[i];
  }
  EXPECT_GT(static_cast<double>(right) / truth.size(), 0.9);
}

TEST(TermFrequencyTest, RareNameAgreeingWeighsMore) {
  std::vector<Record> records;
  for (int i = 0; i < 20; ++i) records.push_back(Person("Smith", "", "", ""));
  records.push_back(Person("Zukowski", "", "", ""));
  records.push_back(Person("Zukowski", "", "", ""));
  Comparator comparator({{"surname", FieldKind::kName, true}});
  auto prepared = comparator.PrepareAll(records);
  Model model(0.1, {FieldParams{{0.05, 0.05, 0.1, 0.8}, {0.8, 0.1, 0.05, 0.05}}});
  int8_t exact = kExact;
  const double plain = model.Weight(&exact, prepared[0]);
  model.SetTermFrequencies(comparator, prepared);
  const double smith = model.Weight(&exact, prepared[0]);
  const double zukowski = model.Weight(&exact, prepared[20]);
  EXPECT_LT(smith, plain);
  EXPECT_GT(zukowski, plain);
  EXPECT_LE(zukowski - plain, 4.0);  // clamped
}

// ---- clustering ---------------------------------------------------------------

TEST(ClusterTest, WeakLinkDoesNotChainThroughAMiddleRecord) {
  std::vector<Record> records(3);
  // A–B strong, B–C just above the link threshold, A–C implausible.
  std::vector<ScoredPair> pairs = {{0, 1, 20, 0.999}, {1, 2, 5, 0.96}};
  ClusterOptions options;
  Clustering c = Cluster(records, pairs, options, [](uint32_t a, uint32_t b) {
    return (a == 0 && b == 2) || (a == 2 && b == 0) ? 0.01 : 0.99;
  });
  EXPECT_EQ(c.cluster_of[0], c.cluster_of[1]);
  EXPECT_NE(c.cluster_of[0], c.cluster_of[2]);
  EXPECT_EQ(c.refused_merges, 1u);
  ASSERT_EQ(c.review.size(), 1u);
  EXPECT_EQ(c.review[0].b, 2u);
}

TEST(ClusterTest, PlainChainMergesWhenEveryPairFits) {
  std::vector<Record> records(3);
  std::vector<ScoredPair> pairs = {{0, 1, 20, 0.999}, {1, 2, 15, 0.99}};
  Clustering c = Cluster(records, pairs, ClusterOptions{}, [](uint32_t, uint32_t) { return 0.9; });
  EXPECT_EQ(c.cluster_of[0], c.cluster_of[2]);
}

TEST(ClusterTest, AnUncorroboratedPairGoesToReview) {
  std::vector<Record> records(3);
  std::vector<ScoredPair> pairs = {
      {0, 1, 20, 0.999, false, true}, {1, 2, 19, 0.998, true, true}, {0, 2, 5, 0.9, false, false}};
  ClusterOptions options;
  options.require_corroboration = true;
  auto score = [](uint32_t, uint32_t) { return 0.99; };
  Clustering c = Cluster(records, pairs, options, score);
  EXPECT_NE(c.cluster_of[0], c.cluster_of[1]);
  EXPECT_EQ(c.cluster_of[1], c.cluster_of[2]);
  ASSERT_EQ(c.review.size(), 1u);
  EXPECT_EQ(c.review[0].a, 0u);
  EXPECT_EQ(c.review[0].b, 1u);  // 0-2 is not plausible: not even reviewed
  options.require_corroboration = false;
  EXPECT_EQ(Cluster(records, pairs, options, score).cluster_of[0], 0u);
  EXPECT_EQ(Cluster(records, pairs, options, score).cluster_of[2], 0u);
}

TEST(CorroboratedTest, NamesAloneOrEventsAloneNeverLink) {
  Comparator c({{"given", FieldKind::kName, true},
                {"surname", FieldKind::kName, true},
                {"birth", FieldKind::kDate, false}});
  const int8_t names_only[] = {kExact, kExact, kMissing};
  const int8_t with_birth[] = {kExact, kWeak, kClose};
  const int8_t a_name_disagrees[] = {kDisagree, kExact, kExact};
  const int8_t birth_weak[] = {kExact, kExact, kWeak};
  EXPECT_FALSE(Corroborated(c, names_only));
  EXPECT_TRUE(Corroborated(c, with_birth));
  EXPECT_FALSE(Corroborated(c, a_name_disagrees));
  EXPECT_FALSE(Corroborated(c, birth_weak));
  // A vetoing field that disagrees; free text that agrees.
  Comparator v({{"given", FieldKind::kName, true},
                {"birth", FieldKind::kDate, false, true},
                {"arrest", FieldKind::kDate, false},
                {"occupation", FieldKind::kString, false}});
  const int8_t born_apart[] = {kExact, kDisagree, kExact, kMissing};
  const int8_t occupation_only[] = {kExact, kMissing, kMissing, kExact};
  const int8_t arrest_day[] = {kExact, kMissing, kExact, kDisagree};
  EXPECT_FALSE(Corroborated(v, born_apart));
  EXPECT_FALSE(Corroborated(v, occupation_only));
  EXPECT_TRUE(Corroborated(v, arrest_day));
  EXPECT_FALSE(Plausible(v, born_apart));
  EXPECT_TRUE(Plausible(v, occupation_only));
  // Born in two towns of one country: the birth places share a unit only.
  Comparator place({{"surname", FieldKind::kName, true},
                    {"locality", FieldKind::kPlace, false, true},
                    {"death", FieldKind::kDate, false}});
  Record x, y;
  x.surname = y.surname = "Крумин";
  x.locality = "Латвия, г. Тукум";
  y.locality = "Латвия, г. Смилтен";
  x.attributes = y.attributes = {{"death", "1938-02-03"}};
  int8_t levels[3];
  place.Compare(place.Prepare(x), place.Prepare(y), levels);
  EXPECT_EQ(levels[1], kWeak);
  EXPECT_FALSE(Plausible(place, levels));
  EXPECT_FALSE(Corroborated(place, levels));
  y.locality = "г. Тукум";
  place.Compare(place.Prepare(x), place.Prepare(y), levels);
  EXPECT_TRUE(Corroborated(place, levels));
}

TEST(ClusterTest, OnePerSource) {
  std::vector<Record> records(3);
  records[0].source = 0;
  records[1].source = 1;
  records[2].source = 1;
  std::vector<ScoredPair> pairs = {{0, 1, 20, 0.999}, {0, 2, 10, 0.99}};
  ClusterOptions options;
  options.one_per_source = true;
  Clustering c = Cluster(records, pairs, options, [](uint32_t, uint32_t) { return 0.99; });
  EXPECT_EQ(c.cluster_of[0], c.cluster_of[1]);
  EXPECT_NE(c.cluster_of[0], c.cluster_of[2]);
}

// A hand-set model over given, surname, birth, locality (no EM: too few
// records here to fit one).
Model HandModel() {
  FieldParams name{{0.02, 0.03, 0.15, 0.80}, {0.90, 0.05, 0.03, 0.02}};
  FieldParams date{{0.003, 0.027, 0.17, 0.80}, {0.95, 0.03, 0.015, 0.005}};
  FieldParams place{{0.10, 0.05, 0.10, 0.75}, {0.80, 0.05, 0.05, 0.10}};
  return Model(0.01, {name, name, date, place});
}

TEST(ClusterTest, NamesakesBornYearsApartStayApart) {
  std::vector<Record> records = {
      Person("Иванов", "Иван", "1900", "Тверь"),
      Person("Ivanov", "Ivan", "1900", "Tver"),
      Person("Иванов", "Иван", "", "Тверь"),  // a bridge: no birth date
      Person("Иванов", "Иван", "1935", "Тверь"),
  };
  Comparator comparator({{"given", FieldKind::kName, false},
                         {"surname", FieldKind::kName, false},
                         {"birth", FieldKind::kDate, false},
                         {"locality", FieldKind::kName, false}});
  auto prepared = comparator.PrepareAll(records);
  Model model = HandModel();
  auto score = [&](uint32_t a, uint32_t b) {
    int8_t levels[4];
    comparator.Compare(prepared[a], prepared[b], levels);
    return model.Probability(model.Weight(levels, prepared[a]));
  };
  std::vector<ScoredPair> pairs;
  for (uint32_t a = 0; a < records.size(); ++a) {
    for (uint32_t b = a + 1; b < records.size(); ++b) {
      int8_t levels[4];
      comparator.Compare(prepared[a], prepared[b], levels);
      const double w = model.Weight(levels, prepared[a]);
      pairs.push_back({a, b, w, model.Probability(w)});
    }
  }
  EXPECT_LT(score(0, 3), 0.5);  // born 35 years apart
  Clustering c = Cluster(records, pairs, ClusterOptions{}, score);
  EXPECT_EQ(c.cluster_of[0], c.cluster_of[1]);  // the same man in two scripts
  EXPECT_NE(c.cluster_of[0], c.cluster_of[3]);  // the namesake is not chained in
}

// ---- blocking and measures -------------------------------------------------------

TEST(BlockingTest, RecallAndReductionOnATinySet) {
  std::vector<Record> records = {
      Person("Щербакова", "Ирина", "1937", "Москва"),
      Person("Shcherbakova", "Irina", "1937", "Moskva"),
      Person("Петров", "Пётр", "1901", "Тверь"),
      Person("Petrov", "Pyotr", "1902", "Tver"),
      Person("Сидоров", "Олег", "1950", "Омск"),
      Person("Кузнецова", "Анна", "1960", "Томск"),
  };
  std::vector<std::string> entity = {"a", "a", "b", "b", "c", "d"};
  BlockingOptions options;
  Blocking blocking = Block(records, options);
  BlockingQuality q = MeasureBlocking(records, entity, blocking, false);
  EXPECT_EQ(q.all_pairs, 15u);
  EXPECT_EQ(q.true_pairs, 2u);
  EXPECT_EQ(q.true_pairs_kept, 2u);
  EXPECT_DOUBLE_EQ(q.pair_completeness, 1.0);
  EXPECT_GT(q.reduction_ratio, 0.5);
  EXPECT_DOUBLE_EQ(q.reduction_ratio, 1.0 - static_cast<double>(q.candidates) / 15);

  // Across sources only: pairs within a source are never candidates.
  for (size_t i = 0; i < records.size(); ++i) records[i].source = static_cast<int>(i % 2);
  options.cross_source_only = true;
  Blocking cross = Block(records, options);
  for (const auto& [a, b] : cross.pairs) EXPECT_NE(records[a].source, records[b].source);
  EXPECT_EQ(AllPairs(records, true), 9u);
}

bool HasPair(const Blocking& b, uint32_t x, uint32_t y) {
  return std::find(b.pairs.begin(), b.pairs.end(), std::pair{x, y}) != b.pairs.end();
}

TEST(BlockingTest, ArchiveKeysFindVariantsTheSurnameBlocksMiss) {
  std::vector<Record> records = {
      Person("Шестакова", "Мария", "", ""),  // 0
      Person("Шестакоа", "Мария", "", ""),   // 1: a typo changes the surname's key
      Person("Иванов", "Иван", "1900", ""),  // 2
      Person("Иванов", "И.", "1901", ""),    // 3: an initial
      Person("Иванов", "Пётр", "1903", ""),  // 4: three years on
      Person("Лваров", "Олег", "", ""),      // 5
      Person("Лавров", "Юрий", "", ""),      // 6: no name in common, one arrest
  };
  records[0].patronymic = records[1].patronymic = "Александровна";
  records[5].attributes = {{"arrest", "1937-08-14"}};
  records[6].attributes = {{"arrest", "1937-08-14"}};
  BlockingOptions options;
  options.passes = {{BlockingKey::kGivenPatronymicSurnameInitial, ""}};
  EXPECT_TRUE(HasPair(Block(records, options), 0, 1));
  options.passes = {{BlockingKey::kSurnameGivenInitial, ""}};
  EXPECT_TRUE(HasPair(Block(records, options), 2, 3));
  options.passes = {{BlockingKey::kSurnameBirthYear, ""}};
  Blocking by_year = Block(records, options);
  EXPECT_TRUE(HasPair(by_year, 2, 3));
  EXPECT_FALSE(HasPair(by_year, 2, 4));  // outside the window of one year
  EXPECT_FALSE(HasPair(by_year, 3, 4));
  options.passes = {{BlockingKey::kAttributeSurnameInitial, "arrest"}};
  Blocking by_arrest = Block(records, options);
  ASSERT_EQ(by_arrest.pairs.size(), 1u);
  EXPECT_TRUE(HasPair(by_arrest, 5, 6));
}

TEST(BlockingTest, ALargeBlockIsComparedBySortedNeighbourhood) {
  std::vector<Record> records;
  for (int i = 0; i < 30; ++i) {
    records.push_back(Person("Кузнецов", i % 2 ? "Иван" : "Пётр", std::to_string(1880 + i), ""));
  }
  BlockingOptions options;
  options.passes = {{BlockingKey::kSurnamePhonetic, ""}};
  options.max_block = 10;
  Blocking skipped = Block(records, options);
  EXPECT_TRUE(skipped.pairs.empty());
  EXPECT_EQ(skipped.skipped_blocks, 1u);
  options.neighbourhood = 3;
  Blocking near = Block(records, options);
  EXPECT_EQ(near.skipped_blocks, 1u);
  // 30 records, each with the next three: 27 * 3 + 2 + 1 pairs.
  EXPECT_EQ(near.pairs.size(), 84u);
  // Sorted by name: the Ivans are next to each other.
  EXPECT_TRUE(HasPair(near, 1, 3));
  EXPECT_FALSE(HasPair(near, 0, 1));
}

// plausible_only drops exactly the pairs that are not Plausible (a name
// or a vetoing field disagrees) and scores the rest as a full comparison
// does.
TEST(ScorePairsTest, PlausibleOnlyDropsExactlyThePairsThatAreNotPlausible) {
  std::vector<Record> records = {
      Person("Иванов", "Иван", "1900", "Тверь"), Person("Иванов", "Иван", "1900", "Тверь"),
      Person("Петров", "Иван", "1900", "Тверь"), Person("Иванов", "Иван", "1930", "Тверь"),
      Person("Иванов", "Иван", "", "Омск")};
  Comparator c({{"given", FieldKind::kName, false},
                {"surname", FieldKind::kName, false},
                {"birth", FieldKind::kDate, false, /*veto=*/true},
                {"locality", FieldKind::kString, false}});
  PreparedSetBuilder builder(c);
  for (const Record& r : records) builder.Add(r);
  const PreparedSet set = builder.Finish();
  std::vector<FieldParams> params(4);
  for (FieldParams& p : params) {
    p.m = {0.05, 0.05, 0.2, 0.7};
    p.u = {0.8, 0.1, 0.05, 0.05};
  }
  Model model(0.1, params);
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  for (uint32_t a = 0; a < records.size(); ++a) {
    for (uint32_t b = a + 1; b < records.size(); ++b) pairs.push_back({a, b});
  }
  const auto all = ScorePairs(c, model, set, pairs, 0.0, 1);
  const auto plausible = ScorePairs(c, model, set, pairs, 0.0, 2, /*plausible_only=*/true);
  std::vector<std::pair<uint32_t, uint32_t>> expected, got;
  for (const ScoredPair& p : all) {
    if (p.plausible) expected.push_back({p.a, p.b});
  }
  for (const ScoredPair& p : plausible) {
    got.push_back({p.a, p.b});
    EXPECT_TRUE(p.plausible);
    for (const ScoredPair& q : all) {
      if (q.a == p.a && q.b == p.b) {
        EXPECT_DOUBLE_EQ(q.weight, p.weight);
      }
    }
  }
  EXPECT_EQ(got, expected);
  EXPECT_LT(expected.size(), all.size());  // Петров and the 1930 birth are dropped
  EXPECT_GT(expected.size(), 0u);
}

TEST(ScorePairsTest, KeepsOnlyPairsAtTheThresholdOnAnyNumberOfThreads) {
  std::vector<Record> records = {
      Person("Иванов", "Иван", "1900", "Тверь"), Person("Иванов", "Иван", "1900", "Тверь"),
      Person("Петров", "Олег", "1950", "Омск"), Person("Иванов", "Иван", "1901", "Тверь")};
  Comparator c({{"given", FieldKind::kName, false},
                {"surname", FieldKind::kName, false},
                {"birth", FieldKind::kDate, false}});
  const auto prepared = c.PrepareAll(records);
  std::vector<FieldParams> params(3);
  for (FieldParams& p : params) {
    p.m = {0.05, 0.05, 0.2, 0.7};
    p.u = {0.8, 0.1, 0.05, 0.05};
  }
  Model model(0.1, params);
  std::vector<std::pair<uint32_t, uint32_t>> pairs = {{0, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}};
  const auto all = ScorePairs(c, model, prepared, pairs, 0.0, 1);
  ASSERT_EQ(all.size(), pairs.size());
  const auto kept = ScorePairs(c, model, prepared, pairs, 0.5, 2);
  std::vector<std::pair<uint32_t, uint32_t>> ids;
  for (const ScoredPair& p : kept) ids.push_back({p.a, p.b});
  EXPECT_EQ(ids, (std::vector<std::pair<uint32_t, uint32_t>>{{0, 1}, {0, 3}, {1, 3}}));
  for (const ScoredPair& p : all) {
    if (p.a == 0 && p.b == 1) {
      EXPECT_DOUBLE_EQ(p.probability, kept[0].probability);
    }
  }
  // EM's sample: every second pair of five, three rows of three levels.
  EXPECT_EQ(SampleLevels(c, prepared, pairs, 3).size(), 9u);
  EXPECT_EQ(SampleLevels(c, prepared, pairs, 100).size(), 15u);
}

// ---- interned values -----------------------------------------------------------

// Records with repeated, varied and missing values, as an archive has them.
std::vector<Record> ArchiveLikeRecords() {
  const char* const surnames[] = {"Иванов", "Иванов", "Иваноа", "Ivanov", "Петров", "", "Кузнецов"};
  const char* const givens[] = {"Иван", "И.", "Иван", "Ivan", "Пётр", "Иван", ""};
  const char* const births[] = {"1899", "около 1898", "17.5.1899", "1899",
                                "",     "1900",       "1937-05-17"};
  const char* const places[] = {"Тверь", "г. Тверь, Тверская губ.", "", "Тверь",
                                "Омск",  "Калининская обл.",        ""};
  const char* const arrests[] = {"1937-08-14", "", "1937-08-14", "14.8.1937", "", "1938", ""};
  std::vector<Record> records;
  for (int i = 0; i < 28; ++i) {
    Record r =
        Person(surnames[i % 7], givens[(i / 2) % 7], births[(i / 3) % 7], places[(i / 4) % 7]);
    r.patronymic = i % 5 == 0 ? "" : (i % 3 ? "Петрович" : "Павлович");
    r.source = i % 2;
    if (*arrests[(i + 1) % 7] != '\0') r.attributes.emplace_back("arrest", arrests[(i + 1) % 7]);
    if (i % 4 == 1) r.attributes.emplace_back("occupation", i % 8 == 1 ? "учитель" : "рабочий");
    records.push_back(std::move(r));
  }
  return records;
}

std::vector<FieldSpec> ArchiveLikeFields() {
  return {{"given", FieldKind::kName, true},           {"surname", FieldKind::kName, true},
          {"patronymic", FieldKind::kName, true},      {"birth", FieldKind::kDate, false, true},
          {"locality", FieldKind::kPlace, true, true}, {"arrest", FieldKind::kDate, true},
          {"occupation", FieldKind::kString, false}};
}

TEST(PreparedSetTest, IdsCompareAndWeighAsThePreparedValues) {
  const std::vector<Record> records = ArchiveLikeRecords();
  Comparator c(ArchiveLikeFields());
  const auto prepared = c.PrepareAll(records);
  PreparedSetBuilder builder(c);
  for (const Record& r : records) builder.Add(r);
  const PreparedSet set = builder.Finish(2);
  ASSERT_EQ(set.size(), records.size());
  EXPECT_LT(set.distinct(1), records.size());  // surnames repeat: one value each
  std::vector<FieldParams> params(c.size());
  for (FieldParams& p : params) {
    p.m = {0.05, 0.1, 0.2, 0.65};
    p.u = {0.7, 0.15, 0.1, 0.05};
  }
  Model by_values(0.01, params), by_ids(0.01, params);
  by_values.SetTermFrequencies(c, prepared);
  by_ids.SetTermFrequencies(c, set);
  SetComparer compare(c, set);
  std::vector<int8_t> x(c.size()), y(c.size());
  for (uint32_t a = 0; a < records.size(); ++a) {
    EXPECT_EQ(set.source(a), records[a].source);
    for (uint32_t b = 0; b < records.size(); ++b) {
      c.Compare(prepared[a], prepared[b], x.data());
      compare.Compare(a, b, y.data());
      ASSERT_EQ(x, y) << a << " " << b;
      EXPECT_DOUBLE_EQ(by_values.Weight(x.data(), prepared[a]),
                       by_ids.Weight(y.data(), set.ids(a)));
    }
  }
  // Twice, from the cache.
  for (uint32_t a = 0; a < records.size(); ++a) {
    c.Compare(prepared[a], prepared[(a + 5) % records.size()], x.data());
    compare.Compare(a, (a + 5) % records.size(), y.data());
    EXPECT_EQ(x, y);
  }
}

TEST(PreparedSetTest, BlockingOnHashedKeysFindsTheSamePairs) {
  const std::vector<Record> records = ArchiveLikeRecords();
  Comparator c(ArchiveLikeFields());
  PreparedSetBuilder builder(c);
  for (const Record& r : records) builder.Add(r);
  const PreparedSet set = builder.Finish();
  const std::vector<BlockingPass> passes = {
      {BlockingKey::kSurnamePhonetic, ""},
      {BlockingKey::kSurnameDaitchMokotoff, ""},
      {BlockingKey::kGivenPhoneticBirthYear, ""},
      {BlockingKey::kSurnameGivenInitial, ""},
      {BlockingKey::kSurnameBirthYear, ""},
      {BlockingKey::kGivenPatronymicBirthYear, ""},
      {BlockingKey::kGivenPatronymicSurnameInitial, ""},
      {BlockingKey::kAttributeSurnameInitial, "arrest"},
      {BlockingKey::kAttribute, "occupation"},
  };
  for (const BlockingPass& pass : passes) {
    for (bool cross : {false, true}) {
      BlockingOptions options;
      options.passes = {pass};
      options.cross_source_only = cross;
      const Blocking strings = Block(records, options);
      const Blocking hashes = Block(c, set, options);
      EXPECT_EQ(strings.pairs, hashes.pairs) << static_cast<int>(pass.key);
      EXPECT_TRUE(cross || !hashes.pairs.empty()) << static_cast<int>(pass.key);
      // Large blocks, skipped and by sorted neighbourhood.
      options.max_block = 3;
      EXPECT_EQ(Block(records, options).pairs, Block(c, set, options).pairs);
      EXPECT_EQ(Block(records, options).skipped_blocks, Block(c, set, options).skipped_blocks);
      options.neighbourhood = 2;
      EXPECT_EQ(Block(records, options).pairs, Block(c, set, options).pairs)
          << static_cast<int>(pass.key);
    }
  }
}

TEST(EvaluateTest, PairwiseAndBCubed) {
  std::vector<Record> records(4);
  std::vector<std::string> entity = {"a", "a", "b", "b"};
  LinkQuality perfect = Evaluate(records, entity, {0, 0, 2, 2}, false);
  EXPECT_DOUBLE_EQ(perfect.f1, 1.0);
  EXPECT_DOUBLE_EQ(perfect.bcubed_f1, 1.0);
  LinkQuality one = Evaluate(records, entity, {0, 0, 0, 0}, false);
  EXPECT_EQ(one.predicted_pairs, 6u);
  EXPECT_EQ(one.correct_pairs, 2u);
  EXPECT_DOUBLE_EQ(one.recall, 1.0);
  EXPECT_DOUBLE_EQ(one.bcubed_precision, 0.5);
  LinkQuality none = Evaluate(records, entity, {0, 1, 2, 3}, false);
  EXPECT_DOUBLE_EQ(none.recall, 0.0);
  EXPECT_DOUBLE_EQ(none.bcubed_precision, 1.0);
  EXPECT_DOUBLE_EQ(none.bcubed_recall, 0.5);
}

TEST(LinkTest, EmptyAndSingleInputs) {
  LinkResult none = Link({}, LinkOptions{});
  EXPECT_TRUE(none.clustering.cluster_of.empty());
  EXPECT_TRUE(none.scored.empty());
  LinkResult one = Link({Person("Иванов", "Иван", "1900", "Тверь")}, LinkOptions{});
  ASSERT_EQ(one.clustering.cluster_of.size(), 1u);
  EXPECT_EQ(one.clustering.cluster_of[0], 0u);
}

// ---- FEBRL (shared data) --------------------------------------------------------

TEST(FebrlTest, DeduplicatesDataset3) {
  MEMORIA_REQUIRE_SHARED_DATA(path, "febrl/dataset3.csv");
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::vector<Record> records;
  std::vector<std::string> entity;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) {
      size_t b = cell.find_first_not_of(' ');
      f.push_back(b == std::string::npos ? "" : cell.substr(b));
    }
    if (f.size() < 11) continue;
    Record r;
    r.given = f[1];
    r.surname = f[2];
    r.street_number = f[3];
    r.street = f[4];
    r.locality = f[6];
    r.postcode = f[7];
    r.region = f[8];
    r.birth_text = f[9];
    r.birth = ParseBirthDate(f[9]);
    records.push_back(r);
    entity.push_back(f[0].substr(0, f[0].find('-', 4)));
  }
  ASSERT_EQ(records.size(), 5000u);
  LinkResult result = Link(records, LinkOptions{});
  BlockingQuality bq = MeasureBlocking(records, entity, result.blocking, false);
  LinkQuality q = Evaluate(records, entity, result.clustering.cluster_of, false);
  EXPECT_GT(bq.pair_completeness, 0.98);
  EXPECT_GT(bq.reduction_ratio, 0.99);
  EXPECT_GE(q.f1, 0.98) << "precision " << q.precision << " recall " << q.recall;
}

}  // namespace
}  // namespace memoria::linkage
