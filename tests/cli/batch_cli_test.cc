// memoria import's content identity and --append-to, the refusal of a
// mostly rejected file, and memoria batch list / undo, run as a user would.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria {
namespace {

using ::memoria::testing::FixturePath;
using ::memoria::testing::FreshTempDir;
using ::memoria::testing::MemoriaBinary;
using ::testing::HasSubstr;

struct Output {
  int code = -1;
  std::string out, err;
};

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

Output Memoria(const std::vector<std::string>& args, const std::string& tmp) {
  std::string cmd = Quote(MemoriaBinary());
  for (const std::string& a : args) cmd += " " + Quote(a);
  cmd += " >" + Quote(tmp + "/stdout") + " 2>" + Quote(tmp + "/stderr") + " </dev/null";
  Output o;
  int status = std::system(cmd.c_str());
  o.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  auto slurp = [](const std::string& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  o.out = slurp(tmp + "/stdout");
  o.err = slurp(tmp + "/stderr");
  return o;
}

std::string Write(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

nlohmann::json Json(const Output& o) { return nlohmann::json::parse(o.out); }

TEST(BatchCliTest, RenamedCopyAppendToListUndoAndReimport) {
  const std::string tmp = FreshTempDir();
  const std::string archive = tmp + "/a";
  ASSERT_EQ(Memoria({"init", archive}, tmp).code, 0);
  const std::string rows =
      "person_id\tsurname\tname\tpatronimic\n1\tПервов\tИван\tИванович\n2\tВторов\tПётр\t\n";
  const std::string a = Write(tmp + "/a.tsv", rows);
  Output o = Memoria({"import", archive, "--profile", "memorial-lists", a}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;

  // A renamed copy: nothing added, and the output says which batch has it.
  const std::string copy = Write(tmp + "/copy.tsv", rows);
  o = Memoria({"import", archive, "--profile", "memorial-lists", copy}, tmp);
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("already imported as batch 1 (file a.tsv"));
  o = Memoria({"stats", archive, "--json"}, tmp);
  EXPECT_EQ(Json(o)["sources"], 1);

  // A new snapshot under the old name needs --append-to.
  std::filesystem::create_directory(tmp + "/v2");
  const std::string v2 = Write(tmp + "/v2/a.tsv", rows + "3\tТретьев\tСидор\t\n");
  o = Memoria({"import", archive, "--profile", "memorial-lists", v2}, tmp);
  EXPECT_EQ(o.code, 1);
  EXPECT_THAT(o.err, HasSubstr("--append-to memorial-lists:a.tsv"));
  o = Memoria({"import", archive, "--profile", "memorial-lists", "--append-to",
               "memorial-lists:a.tsv", v2},
              tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("1 records added, 2 duplicates skipped"));

  o = Memoria({"batch", "list", archive, "--json"}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  auto list = Json(o);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1]["id"], 2);
  EXPECT_EQ(list[1]["source"], "memorial-lists:a.tsv");
  EXPECT_EQ(list[1]["records_added"], 1);
  EXPECT_EQ(list[1]["retracted"], false);
  EXPECT_EQ(list[1]["sha256"].get<std::string>().size(), 64u);

  o = Memoria({"batch", "undo", archive, "1"}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("batch 1 retracted"));
  o = Memoria({"stats", archive, "--json"}, tmp);
  EXPECT_EQ(Json(o)["persons"], 1);
  EXPECT_EQ(Json(o)["records"], 1);
  o = Memoria({"search", archive, "Первов", "--json"}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(Json(o)["hits"].size(), 0u);
  o = Memoria({"batch", "list", archive}, tmp);
  EXPECT_THAT(o.out, HasSubstr("retracted 20"));
  EXPECT_EQ(Memoria({"batch", "undo", archive, "1"}, tmp).code, 1);
  EXPECT_EQ(Memoria({"batch", "undo", archive, "x"}, tmp).code, 2);

  // After the undo the same file can be imported again.
  o = Memoria({"import", archive, "--profile", "memorial-lists", "--append-to",
               "memorial-lists:a.tsv", a},
              tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("2 records added"));
  o = Memoria({"stats", archive, "--json"}, tmp);
  EXPECT_EQ(Json(o)["persons"], 3);
}

TEST(BatchCliTest, AFileOfRejectedRowsIsRefusedWithTheIconvHint) {
  const std::string tmp = FreshTempDir();
  const std::string archive = tmp + "/a";
  ASSERT_EQ(Memoria({"init", archive}, tmp).code, 0);
  std::string body = "person_id\tsurname\tname\tpatronimic\n";
  for (int i = 0; i < 3; ++i) body += std::to_string(i) + "\t\xcf\xe5\xf2\xf0\xee\xe2\t\xc8\t\n";
  Output o = Memoria(
      {"import", archive, "--profile", "memorial-lists", Write(tmp + "/cp.tsv", body)}, tmp);
  EXPECT_EQ(o.code, 1);
  EXPECT_THAT(o.err, HasSubstr("iconv -f cp1251 -t utf-8"));
  EXPECT_THAT(o.err, HasSubstr("the archive is unchanged"));
  o = Memoria({"batch", "list", archive, "--json"}, tmp);
  EXPECT_EQ(Json(o).size(), 0u);
}

}  // namespace
}  // namespace memoria
