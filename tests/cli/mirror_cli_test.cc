// memoria mirror export|update|verify and serve --mirror as a mirror
// operator runs them: a bundle verifies with the public key file alone, a
// tampered one is refused with the file named (by verify and by serve),
// and an update after an edit writes a few files.
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <iterator>
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

TEST(MirrorCliTest, ExportVerifyTamperUpdate) {
  const std::string tmp = FreshTempDir();
  const std::string archive = tmp + "/a";
  const std::string bundle = tmp + "/bundle";
  const std::string pub = archive + "/keys/archive.pub";
  ASSERT_EQ(Memoria({"init", archive}, tmp).code, 0);
  Output o = Memoria(
      {"import", archive, "--profile", "memorial-lists", FixturePath("memorial_lists_small.tsv")},
      tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  o = Memoria({"mirror", "export", archive, bundle}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("exported"));
  // A second export into the same folder is refused: that is an update.
  o = Memoria({"mirror", "export", archive, bundle}, tmp);
  EXPECT_EQ(o.code, 1);
  EXPECT_THAT(o.err, HasSubstr("mirror update"));

  // The public key file alone: the archive could be gone.
  fs::copy_file(pub, tmp + "/archive.pub");
  o = Memoria({"mirror", "verify", bundle, "--key", tmp + "/archive.pub"}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("verifies"));
  EXPECT_THAT(o.out, HasSubstr("no file missing or added"));
  o = Memoria({"mirror", "verify", bundle}, tmp);
  EXPECT_EQ(o.code, 2);

  // One byte of a shard.
  std::string shard;
  for (const auto& e : fs::recursive_directory_iterator(bundle + "/data/names")) {
    if (e.is_regular_file()) shard = e.path().string();
  }
  ASSERT_FALSE(shard.empty());
  const std::string original = ::memoria::testing::ReadFile(shard);
  std::string bytes = original;
  bytes[bytes.size() / 2] ^= 1;
  std::ofstream(shard, std::ios::binary | std::ios::trunc) << bytes;
  const std::string rel = fs::relative(shard, bundle).generic_string();
  o = Memoria({"mirror", "verify", bundle, "--key", pub}, tmp);
  EXPECT_EQ(o.code, 1);
  EXPECT_THAT(o.err, HasSubstr("altered: " + rel));
  // The server refuses it before serving anything.
  o = Memoria({"serve", "--mirror", bundle, "--key", pub, "--port", "0"}, tmp);
  EXPECT_EQ(o.code, 1);
  EXPECT_THAT(o.err, HasSubstr("altered: " + rel));
  std::ofstream(shard, std::ios::binary | std::ios::trunc) << original;

  // An edit, then an update: a few files, and the bundle verifies.
  o = Memoria({"edit", archive, "add", "attribute", "1", "--kind", "occupation", "--value",
               "учитель рисования", "--citation", "letter of the family"},
              tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  o = Memoria({"mirror", "update", archive, bundle}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("updated"));
  EXPECT_THAT(o.out, ::testing::ContainsRegex("written [2-6] files"));
  o = Memoria({"mirror", "verify", bundle, "--key", pub}, tmp);
  EXPECT_EQ(o.code, 0) << o.err;
}

}  // namespace
}  // namespace memoria
