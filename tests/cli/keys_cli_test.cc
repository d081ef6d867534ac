// memoria init and memoria keys: an archive sealed from its creation keeps
// no confidential value in any of its files, opens locked without its key,
// and keeps every value through a key rotation.
#include <sys/stat.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "testing/cli.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria {
namespace {

using ::memoria::testing::FixturePath;
using ::memoria::testing::FreshTempDir;
using ::memoria::testing::MemoriaBinary;
using ::testing::HasSubstr;

namespace fs = std::filesystem;

using Output = ::memoria::testing::CliOutput;

Output Memoria(const std::vector<std::string>& args, const std::string& tmp) {
  return ::memoria::testing::RunMemoria(args, tmp);
}

// Every byte of every file of the archive but its key directory.
std::string EveryByte(const std::string& dir) {
  std::string all;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().parent_path().filename() != "keys") {
      all += ::memoria::testing::ReadFile(entry.path().string());
    }
  }
  return all;
}

TEST(KeysCliTest, AConfidentialImportLeavesNoPlaintextAndSurvivesRotation) {
  const std::string tmp = FreshTempDir();
  const std::string archive = tmp + "/a";
  Output o = Memoria({"init", archive}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("keys/archive.key"));
  struct stat st {};
  ASSERT_EQ(::stat((archive + "/keys/archive.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // The file's name is confidential too: not in the source's key, title,
  // batch or ledger.
  const std::string file = tmp + "/family-ivanova-letters.tsv";
  fs::copy_file(FixturePath("memorial_lists_small.tsv"), file);
  o = Memoria(
      {"import", archive, "--profile", "memorial-lists", "--visibility", "confidential", file},
      tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  o = Memoria({"search", archive, "Щербакова"}, tmp);  // builds and saves the name index
  ASSERT_EQ(o.code, 0) << o.err;
  for (const char* word : {"Щербакова", "Лазаревна", "учительница", "family-ivanova"}) {
    EXPECT_EQ(EveryByte(archive).find(word), std::string::npos) << word;
  }
  // With the key, the batch list names the file.
  o = Memoria({"batch", "list", archive}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("family-ivanova-letters.tsv"));
  EXPECT_THAT(o.out, HasSubstr("memorial-lists:sha256-"));
  o = Memoria({"keys", "status", archive}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("unlocked: yes"));

  const std::string old_key = ::memoria::testing::ReadFile(archive + "/keys/archive.key");
  o = Memoria({"keys", "rotate", archive}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_NE(::memoria::testing::ReadFile(archive + "/keys/archive.key"), old_key);
  EXPECT_FALSE(fs::exists(archive + "/keys/archive.key.new"));
  o = Memoria({"export", archive, "--format", "jsonl"}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;

  // The old key opens it no more: a clear error, never a garbled value.
  {
    std::ofstream(tmp + "/old.key") << old_key;
    ::chmod((tmp + "/old.key").c_str(), 0600);
  }
  o = Memoria({"keys", "status", archive, "--key-file", tmp + "/old.key"}, tmp);
  EXPECT_EQ(o.code, 1);
  EXPECT_THAT(o.err, HasSubstr("is not the key of the archive"));

  // Without its key the archive opens locked.
  fs::rename(archive + "/keys", tmp + "/keys-elsewhere");
  o = Memoria({"keys", "status", archive}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("unlocked: no"));
  // A confidential import would seal values: that needs the key.
  o = Memoria(
      {"import", archive, "--profile", "csv", "--mapping", FixturePath("generic_list.mapping.json"),
       "--visibility", "confidential", FixturePath("generic_list.csv")},
      tmp);
  EXPECT_EQ(o.code, 1);
  EXPECT_THAT(o.err, HasSubstr("key is not loaded"));
  o = Memoria({"keys", "status", archive, "--key-file", tmp + "/keys-elsewhere/archive.key"}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("unlocked: yes"));
}

// The public key beside the key file is the one the archive signs with; it
// follows a rotation, and `keys public` rewrites a lost one.
TEST(KeysCliTest, ThePublicKeyIsWrittenAndFollowsARotation) {
  const std::string tmp = FreshTempDir();
  const std::string archive = tmp + "/a";
  Output o = Memoria({"init", archive}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("keys/archive.pub"));
  const std::string first = ::memoria::testing::ReadFile(archive + "/keys/archive.pub");
  ASSERT_EQ(first.size(), 65u) << first;  // 64 hex digits and a newline
  struct stat st {};
  ASSERT_EQ(::stat((archive + "/keys/archive.pub").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  o = Memoria({"keys", "status", archive}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("public key: " + first.substr(0, 64)));

  o = Memoria({"keys", "rotate", archive}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  const std::string second = ::memoria::testing::ReadFile(archive + "/keys/archive.pub");
  EXPECT_EQ(second.size(), 65u);
  EXPECT_NE(second, first);

  fs::remove(archive + "/keys/archive.pub");
  o = Memoria({"keys", "public", archive}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, second);
  EXPECT_EQ(::memoria::testing::ReadFile(archive + "/keys/archive.pub"), second);

  // Without the key there is nothing to sign with.
  fs::remove(archive + "/keys/archive.key");
  o = Memoria({"keys", "public", archive}, tmp);
  EXPECT_EQ(o.code, 1);
  EXPECT_THAT(o.err, HasSubstr("not loaded"));
}

}  // namespace
}  // namespace memoria
