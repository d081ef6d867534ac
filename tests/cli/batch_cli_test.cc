// memoria import's content identity and --append-to, the refusal of a
// mostly rejected file, and memoria batch list / undo, run as a user would.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
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
  o = Memoria(
      {"import", archive, "--profile", "memorial-lists", "--append-to", "memorial-lists:a.tsv", v2},
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
  o = Memoria(
      {"import", archive, "--profile", "memorial-lists", "--append-to", "memorial-lists:a.tsv", a},
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

// The columns after a Cyrillic file name line up with those after a Latin
// one: widths count characters, not bytes.
TEST(BatchCliTest, ListAlignsColumnsAfterCyrillicFileNames) {
  const std::string tmp = FreshTempDir();
  const std::string archive = tmp + "/a";
  ASSERT_EQ(Memoria({"init", archive}, tmp).code, 0);
  const std::string cyrillic =
      Write(tmp + "/списки.tsv", "person_id\tsurname\tname\tpatronimic\n1\tПервов\tИван\t\n");
  const std::string latin =
      Write(tmp + "/lists-b.tsv", "person_id\tsurname\tname\tpatronimic\n1\tВторов\tПётр\t\n");
  ASSERT_EQ(Memoria({"import", archive, "--profile", "memorial-lists", cyrillic}, tmp).code, 0);
  ASSERT_EQ(Memoria({"import", archive, "--profile", "memorial-lists", latin}, tmp).code, 0);
  Output o = Memoria({"batch", "list", archive}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  // The character column at which each line's SHA-256 prefix starts.
  std::vector<size_t> columns;
  std::istringstream lines(o.out);
  for (std::string line; std::getline(lines, line);) {
    std::smatch sha;
    ASSERT_TRUE(std::regex_search(line, sha, std::regex("  (sha256|[0-9a-f]{12})  "))) << line;
    const size_t bytes_before = static_cast<size_t>(sha.position(0));
    ASSERT_NE(bytes_before, std::string::npos) << line;
    size_t chars = 0;
    for (size_t i = 0; i < bytes_before; ++i) {
      if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++chars;
    }
    columns.push_back(chars);
  }
  ASSERT_EQ(columns.size(), 3u) << o.out;
  EXPECT_EQ(columns[0], columns[1]) << o.out;
  EXPECT_EQ(columns[0], columns[2]) << o.out;
}

}  // namespace
}  // namespace memoria
