// memoria verify over the ledger from the command line: an archive after an
// import, an edit, a visibility change, a key rotation and a revocation
// verifies against its public key, and not against another key.
#include <sys/wait.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
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

using Output = ::memoria::testing::CliOutput;

Output Memoria(const std::vector<std::string>& args, const std::string& tmp) {
  return ::memoria::testing::RunMemoria(args, tmp);
}

TEST(LedgerCliTest, VerifiesAfterImportEditVisibilityRotationAndRevocation) {
  const std::string tmp = FreshTempDir();
  const std::string dir = tmp + "/a";
  ASSERT_EQ(Memoria({"init", dir}, tmp).code, 0);
  const std::string first_key = ::memoria::testing::ReadFile(dir + "/keys/archive.pub");
  ASSERT_EQ(first_key.size(), 65u);
  Output o = Memoria(
      {"import", dir, "--profile", "memorial-lists", FixturePath("memorial_lists_small.tsv")}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  o = Memoria({"edit", dir, "add", "attribute", "1", "--kind", "occupation", "--value", "агроном",
               "--citation", "ГАРФ ф. 10035"},
              tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  ASSERT_EQ(Memoria({"visibility", dir, "--person", "2", "restricted"}, tmp).code, 0);
  ASSERT_EQ(Memoria({"keys", "rotate", dir}, tmp).code, 0);
  o = Memoria({"keys", "revoke", dir, "--note", "the old key file was on a seized laptop"}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  o = Memoria({"verify", dir, "--json"}, tmp);
  ASSERT_EQ(o.code, 0) << o.out << o.err;
  const auto j = nlohmann::json::parse(o.out);
  EXPECT_TRUE(j["ok"].get<bool>());
  // genesis, key, import, edit, visibility, rotation, revocation
  EXPECT_GE(j["ledger_entries"].get<int>(), 7);
  EXPECT_EQ(j["unsigned_entries"].get<int>(), 0);
  EXPECT_EQ(j["revoked_keys"].get<int>(), 1);
  EXPECT_GT(j["state_rows"].get<int>(), 0);
  // Against the first key (what a mirror held before the rotation), the
  // ledger leads to the new key only through a signed rotation: still fine
  // would be wrong, as archive.pub is the anchor: the old key is refused.
  std::ofstream(tmp + "/old.pub") << first_key;
  o = Memoria({"verify", dir, "--key", tmp + "/old.pub"}, tmp);
  EXPECT_EQ(o.code, 1);
  EXPECT_THAT(o.err, HasSubstr("is damaged: ledger entry"));
  // The human summary names what was checked.
  o = Memoria({"verify", dir}, tmp);
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("checkpoint signatures"));
  EXPECT_THAT(o.out, HasSubstr("1 revoked key(s)"));
}

}  // namespace
}  // namespace memoria
