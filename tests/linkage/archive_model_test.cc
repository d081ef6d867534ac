// The archive linker's stored model (linkage/archive/internal/fields.h):
// what a link stores is what a later run reads back, and anything else is
// refused so that the run estimates a model of its own.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "linkage/archive/internal/fields.h"

namespace memoria::linkage {
namespace {

Model SomeModel(const std::vector<FieldSpec>& specs) {
  std::vector<FieldParams> params(specs.size());
  for (size_t f = 0; f < specs.size(); ++f) {
    const double d = 0.01 * static_cast<double>(f + 1);
    params[f].m = {d, 0.1, 0.2, 0.7 - d};
    params[f].u = {0.9, 0.05, 0.03, 0.02};
  }
  return Model(0.003, params);
}

TEST(ArchiveModelTest, TheStoredMIsReadBackAsItWasStored) {
  const std::vector<FieldSpec> specs = ArchiveFields();
  const Model model = SomeModel(specs);
  std::string when;
  const auto m = StoredM(specs, ModelJson(specs, model, "2026-12-04T23:35:29Z"), &when);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(when, "2026-12-04T23:35:29Z");
  ASSERT_EQ(m->size(), specs.size());
  for (size_t f = 0; f < specs.size(); ++f) {
    for (int l = 0; l < kLevels; ++l) EXPECT_DOUBLE_EQ((*m)[f][l], model.fields()[f].m[l]);
  }
}

TEST(ArchiveModelTest, AnotherLinkersOrADamagedModelIsNotUsed) {
  const std::vector<FieldSpec> specs = ArchiveFields();
  const std::string good = ModelJson(specs, SomeModel(specs), "t");
  EXPECT_FALSE(StoredM(specs, "", nullptr).has_value());
  EXPECT_FALSE(StoredM(specs, "not json", nullptr).has_value());
  EXPECT_FALSE(StoredM(specs, R"({"format":"other","fields":[]})", nullptr).has_value());
  // Fewer fields, or fields in another order: an older linker's model.
  std::vector<FieldSpec> fewer = specs;
  fewer.pop_back();
  EXPECT_FALSE(StoredM(fewer, good, nullptr).has_value());
  std::vector<FieldSpec> swapped = specs;
  std::swap(swapped[0], swapped[1]);
  EXPECT_FALSE(StoredM(swapped, good, nullptr).has_value());
  // An m that is not a distribution, or not numbers.
  nlohmann::json bad = nlohmann::json::parse(good);
  bad["fields"][2]["m"][3] = 0.9;
  EXPECT_FALSE(StoredM(specs, bad.dump(), nullptr).has_value());
  bad = nlohmann::json::parse(good);
  bad["fields"][2]["m"][0] = "0.1";
  EXPECT_FALSE(StoredM(specs, bad.dump(), nullptr).has_value());
  bad = nlohmann::json::parse(good);
  bad["fields"][2]["m"][0] = 0;
  EXPECT_FALSE(StoredM(specs, bad.dump(), nullptr).has_value());
  EXPECT_TRUE(StoredM(specs, good, nullptr).has_value());
}

TEST(ArchiveModelTest, AStoredMGivesTheModelTheEstimateWouldWithThatM) {
  const std::vector<FieldSpec> specs = ArchiveFields();
  const Model model = SomeModel(specs);
  FieldM m(specs.size());
  std::vector<std::array<double, kLevels>> u(specs.size());
  for (size_t f = 0; f < specs.size(); ++f) {
    m[f] = model.fields()[f].m;
    u[f] = model.fields()[f].u;
  }
  // Candidates: a few that agree on everything among many that disagree.
  std::vector<int8_t> levels;
  for (int k = 0; k < 1000; ++k) {
    for (size_t f = 0; f < specs.size(); ++f) levels.push_back(k < 10 ? kExact : kDisagree);
  }
  const Model again = ArchiveModelWithM(m, u, levels);
  for (size_t f = 0; f < specs.size(); ++f) {
    for (int8_t l = 0; l < kLevels; ++l) {
      EXPECT_DOUBLE_EQ(again.FieldWeight(f, l), model.FieldWeight(f, l));
    }
  }
  // p: about the share of candidates that agree on everything.
  EXPECT_NEAR(again.p(), 0.01, 0.002);
}

}  // namespace
}  // namespace memoria::linkage
