// memoria link, link --dry-run, link undo and import --link, run as a user
// would on a generated corpus with known duplicates.
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "testing/cli.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria {
namespace {

using ::memoria::testing::FreshTempDir;
using ::memoria::testing::MemoriaBinary;
using ::testing::HasSubstr;

using Output = ::memoria::testing::CliOutput;

Output Memoria(const std::vector<std::string>& args, const std::string& tmp) {
  return ::memoria::testing::RunMemoria(args, tmp);
}

// The persons of "archive" holding more than one record, and how many
// persons it exports.
struct Exported {
  int persons = 0;
  int merged = 0;
  int64_t first_merged = 0;
  std::string text;
};

Exported Export(const std::string& archive, const std::string& tmp) {
  Output o = Memoria({"export", archive, "--format", "jsonl"}, tmp);
  EXPECT_EQ(o.code, 0) << o.err;
  Exported e;
  e.text = o.out;
  std::istringstream lines(o.out);
  for (std::string line; std::getline(lines, line);) {
    nlohmann::json j = nlohmann::json::parse(line);
    ++e.persons;
    if (j["records"].size() > 1) {
      if (e.merged++ == 0) e.first_merged = j["person_id"].get<int64_t>();
    }
  }
  return e;
}

// The number after "label" in the report.
int64_t Figure(const std::string& out, const std::string& label) {
  const size_t at = out.find(label);
  if (at == std::string::npos) return -1;
  return std::atoll(out.c_str() + out.find_first_of("0123456789", at + label.size()));
}

class LinkCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tmp_ = FreshTempDir();
    archive_ = tmp_ + "/a";
    ASSERT_EQ(Memoria({"generate", "--rows", "1500", "--seed", "12", "--out", tmp_ + "/g.tsv",
                       "--duplicates", "0.2", "--quiet"},
                      tmp_)
                  .code,
              0);
    ASSERT_EQ(Memoria({"init", archive_}, tmp_).code, 0);
    Output o = Memoria(
        {"import", archive_, "--profile", "memorial-lists", "--quiet", tmp_ + "/g.tsv"}, tmp_);
    ASSERT_EQ(o.code, 0) << o.err;
  }
  std::string tmp_, archive_;
};

TEST_F(LinkCliTest, DryRunWritesNothingThenLinkMergesAndUndoSplits) {
  const Exported before = Export(archive_, tmp_);
  EXPECT_EQ(before.merged, 0);
  Output o = Memoria({"link", archive_, "--dry-run"}, tmp_);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("dry run: nothing written"));
  EXPECT_THAT(o.out, HasSubstr("reduction ratio"));
  const int64_t planned = Figure(o.out, "merges (not made):");
  EXPECT_GT(planned, 10);
  EXPECT_EQ(Export(archive_, tmp_).text, before.text);

  o = Memoria({"link", archive_}, tmp_);
  ASSERT_EQ(o.code, 0) << o.err;
  const int64_t made = Figure(o.out, "merges made:");
  EXPECT_EQ(made, planned);
  const Exported after = Export(archive_, tmp_);
  EXPECT_EQ(after.persons, before.persons - made);
  EXPECT_GT(after.merged, 0);

  // The merge is in the audit log with the linker's rule.
  o = Memoria({"audit", archive_, "--json"}, tmp_);
  EXPECT_THAT(o.out, HasSubstr("fellegi-sunter"));

  // Undo the first merge: one person more, and the pair is not merged again.
  o = Memoria({"link", "undo", archive_, "1"}, tmp_);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("merge 1 split"));
  const int64_t back = Figure(o.out, "person ");
  EXPECT_EQ(Export(archive_, tmp_).persons, after.persons + 1);
  o = Memoria({"link", "undo", archive_, "1"}, tmp_);
  EXPECT_EQ(o.code, 1);
  EXPECT_THAT(o.err, HasSubstr("was split"));
  ASSERT_GT(back, 0);
  o = Memoria({"show", archive_, std::to_string(back), "--json"}, tmp_);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_FALSE(nlohmann::json::parse(o.out).contains("redirect_to"));
  o = Memoria({"link", archive_}, tmp_);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_GE(Figure(o.out, "pairs decided before:"), 1);
  o = Memoria({"show", archive_, std::to_string(back), "--json"}, tmp_);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_FALSE(nlohmann::json::parse(o.out).contains("redirect_to")) << "merged again";
}

// After a link has merged the duplicates, EM over what is left learns from
// namesakes; a second run reuses the model the first one stored, and finds
// (nearly) nothing more to merge.
TEST_F(LinkCliTest, ASecondRunReusesTheStoredModel) {
  Output o = Memoria({"link", archive_, "--dry-run"}, tmp_);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("model:                   estimated (EM)\n"));
  o = Memoria({"link", archive_}, tmp_);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("estimated (EM); stored for later runs"));
  const int64_t first = Figure(o.out, "merges made:");
  ASSERT_GT(first, 10);
  o = Memoria({"link", archive_}, tmp_);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("model:                   stored by the link of 20"));
  EXPECT_LE(Figure(o.out, "merges made:"), first / 20);
  // The pairs waiting for review since the first run are not counted as new.
  if (Figure(o.out, "pairs sent to review:") > 0) {
    EXPECT_THAT(o.out, HasSubstr("the others were waiting already"));
  }
  o = Memoria({"link", archive_, "--retrain", "--dry-run"}, tmp_);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("model:                   estimated (EM)\n"));
}

TEST_F(LinkCliTest, RefusesBadThresholds) {
  EXPECT_EQ(Memoria({"link", archive_, "--threshold-link", "2"}, tmp_).code, 2);
  EXPECT_EQ(
      Memoria({"link", archive_, "--threshold-link", "0.6", "--threshold-review", "0.9"}, tmp_)
          .code,
      2);
  EXPECT_EQ(Memoria({"link", "undo", archive_, "x"}, tmp_).code, 2);
  EXPECT_EQ(Memoria({"link", "undo", archive_, "99"}, tmp_).code, 1);
  EXPECT_EQ(Memoria({"link", archive_, "--source", "no:such"}, tmp_).code, 1);
}

TEST_F(LinkCliTest, ImportLinkMatchesTheNewListAgainstTheArchive) {
  // A second list repeating some persons of the first with another spelling.
  const std::string first = ::memoria::testing::ReadFile(tmp_ + "/g.tsv");
  std::istringstream lines(first);
  std::string header, line;
  std::getline(lines, header);
  std::string second = header + "\n";
  for (int i = 0; i < 40 && std::getline(lines, line); ++i) {
    // A new id in the new list; the rest as the first list has it.
    second += "9" + line.substr(line.find('\t') == std::string::npos ? 0 : 0) + "\n";
  }
  std::ofstream(tmp_ + "/second.tsv", std::ios::binary) << second;
  const Exported before = Export(archive_, tmp_);
  Output o = Memoria({"import", archive_, "--profile", "memorial-lists", "--link", "--quiet",
                      tmp_ + "/second.tsv"},
                     tmp_);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("linked against the archive"));
  const int64_t made = Figure(o.out, "merges made:");
  EXPECT_GE(made, 35);
  // Every new person that was merged went into an older one.
  EXPECT_EQ(Export(archive_, tmp_).persons, before.persons + 40 - made);
}

}  // namespace
}  // namespace memoria
