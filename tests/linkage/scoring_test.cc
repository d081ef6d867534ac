// The archive linker's rules and speed-ups in linkage/ (issue 12): the
// contradicting fields and the weight a corroborating agreement needs, the
// per-field weights, the early drop of pairs that are not plausible, and the
// blocking's sort on several threads.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "linkage/linkage.h"

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

// Namesakes of a large list (docs/BENCHMARKS.md, issue 12): two days of
// sentence, or two towns of residence, forbid an automatic link but leave
// the pair to an editor; and an agreement that weighs little with its
// value's frequency (a residence shared by a third of the list) does not
// corroborate.
TEST(CorroboratedTest, AContradictingEventOrACommonPlaceDoesNotLink) {
  Comparator c({{"given", FieldKind::kName, true},
                {"birth", FieldKind::kDate, false, /*veto=*/true},
                {"sentence", FieldKind::kDate, true, /*veto=*/false, /*contradicts=*/true},
                {"residence", FieldKind::kPlace, true, /*veto=*/false, /*contradicts=*/true}});
  const int8_t other_day[] = {kExact, kExact, kDisagree, kMissing};
  const int8_t other_year[] = {kExact, kExact, kWeak, kMissing};
  const int8_t same_month[] = {kExact, kExact, kClose, kMissing};
  const int8_t other_town[] = {kExact, kExact, kMissing, kDisagree};
  const int8_t same_region[] = {kExact, kExact, kMissing, kWeak};
  EXPECT_FALSE(Corroborated(c, other_day));
  EXPECT_FALSE(Corroborated(c, other_year));
  EXPECT_TRUE(Corroborated(c, same_month));
  EXPECT_FALSE(Corroborated(c, other_town));
  EXPECT_TRUE(Corroborated(c, same_region));
  // Still worth a review: a contradiction is not a veto.
  EXPECT_TRUE(Plausible(c, other_day));
  EXPECT_TRUE(Plausible(c, other_town));
  // With the pair's weights: the residence agrees but weighs 1.7 bits.
  const int8_t moscow[] = {kExact, kMissing, kMissing, kExact};
  const double weak_evidence[] = {5.0, 0, 0, 1.7};
  const double strong_evidence[] = {5.0, 0, 0, kCorroborationBits + 0.5};
  EXPECT_TRUE(Corroborated(c, moscow));
  EXPECT_FALSE(Corroborated(c, moscow, weak_evidence));
  EXPECT_TRUE(Corroborated(c, moscow, strong_evidence));
}

// Model::Weight's per-field weights add up to the weight, with the
// term-frequency adjustment in the field's share.
TEST(ModelTest, PerFieldWeightsSumToTheWeight) {
  Comparator c({{"surname", FieldKind::kName, true}, {"birth", FieldKind::kDate, false}});
  std::vector<Record> records(6);
  for (size_t i = 0; i < records.size(); ++i) {
    records[i].surname = i < 4 ? "Иванов" : "Жуковский";
    records[i].birth = ParseBirthDate("1899");
  }
  const auto prepared = c.PrepareAll(records);
  FieldParams f;
  f.m = {0.05, 0.05, 0.1, 0.8};
  f.u = {0.7, 0.1, 0.1, 0.1};
  Model model(0.1, {f, f});
  model.SetTermFrequencies(c, prepared);
  const int8_t levels[] = {kExact, kClose};
  double per_field[2];
  const double w = model.Weight(levels, prepared[0], per_field);
  EXPECT_DOUBLE_EQ(per_field[0] + per_field[1], w);
  EXPECT_DOUBLE_EQ(per_field[1], model.FieldWeight(1, kClose));
  EXPECT_LT(per_field[0], model.FieldWeight(0, kExact));  // Иванов is frequent
  EXPECT_GT(model.Weight(levels, prepared[5], per_field), w);
}

// The interned blocking sorts its pairs on several threads: the same
// pairs, in the same order, as on one.
TEST(BlockTest, TheSamePairsOnAnyNumberOfThreads) {
  Comparator c({{"given", FieldKind::kName, false},
                {"surname", FieldKind::kName, false},
                {"birth", FieldKind::kDate, false}});
  PreparedSetBuilder builder(c);
  const char* const surnames[] = {"Иванов", "Иванова", "Ivanov", "Петров"};
  for (int i = 0; i < 1400; ++i) {
    builder.Add(
        Person(surnames[i % 4], i % 3 == 0 ? "Иван" : "Петр", std::to_string(1890 + i % 7), ""));
  }
  const PreparedSet set = builder.Finish();
  BlockingOptions options;
  options.passes = {{BlockingKey::kSurnamePhonetic, ""},
                    {BlockingKey::kGivenPhoneticBirthYear, ""}};
  options.max_block = 5000;
  const Blocking one = Block(c, set, options);
  options.threads = 3;
  const Blocking three = Block(c, set, options);
  EXPECT_GT(one.pairs.size(), 300000u);  // enough to be sorted in parts
  EXPECT_TRUE(std::is_sorted(three.pairs.begin(), three.pairs.end()));
  EXPECT_EQ(one.pairs, three.pairs);
}

}  // namespace
}  // namespace memoria::linkage
