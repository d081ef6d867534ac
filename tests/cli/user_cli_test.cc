// memoria user, visibility and audit, run as a child process as an
// administrator would.
#include <sys/wait.h>

#include <cstdio>
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
using ::testing::Not;

struct Output {
  int code = -1;
  std::string out, err;
};

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs memoria with "args" and "input" on its standard input.
Output Memoria(const std::vector<std::string>& args, const std::string& tmp,
               const std::string& input = "") {
  {
    std::ofstream in(tmp + "/stdin", std::ios::binary);
    in << input;
  }
  std::string cmd = Quote(MemoriaBinary());
  for (const std::string& a : args) cmd += " " + Quote(a);
  cmd +=
      " >" + Quote(tmp + "/stdout") + " 2>" + Quote(tmp + "/stderr") + " <" + Quote(tmp + "/stdin");
  Output o;
  const int status = std::system(cmd.c_str());
  o.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  o.out = Slurp(tmp + "/stdout");
  o.err = Slurp(tmp + "/stderr");
  return o;
}

class UserCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tmp_ = FreshTempDir();
    archive_ = tmp_ + "/a";
    Output o = Memoria({"init", archive_}, tmp_);
    ASSERT_EQ(o.code, 0) << o.err;
  }
  std::string tmp_, archive_;
};

TEST_F(UserCliTest, AddListRoleDisableWithThePasswordFromStandardInput) {
  Output o =
      Memoria({"user", "add", archive_, "anna", "--role", "editor"}, tmp_, "a secret of eleven\n");
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("anna added as editor"));
  // The password is in no file of the archive.
  for (const char* f : {"/archive.db", "/archive.db-wal"}) {
    EXPECT_THAT(Slurp(archive_ + f), Not(HasSubstr("a secret of eleven"))) << f;
  }

  o = Memoria({"user", "list", archive_, "--json"}, tmp_);
  ASSERT_EQ(o.code, 0) << o.err;
  auto list = nlohmann::json::parse(o.out);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["name"], "anna");
  EXPECT_EQ(list[0]["role"], "editor");
  EXPECT_EQ(list[0]["disabled"], false);
  EXPECT_FALSE(list[0].contains("password_hash"));

  ASSERT_EQ(Memoria({"user", "role", archive_, "anna", "reader"}, tmp_).code, 0);
  ASSERT_EQ(Memoria({"user", "disable", archive_, "anna"}, tmp_).code, 0);
  list = nlohmann::json::parse(Memoria({"user", "list", archive_, "--json"}, tmp_).out);
  EXPECT_EQ(list[0]["role"], "reader");
  EXPECT_EQ(list[0]["disabled"], true);

  o = Memoria({"audit", archive_}, tmp_);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("user add"));
  EXPECT_THAT(o.out, HasSubstr("user role reader"));
  EXPECT_THAT(o.out, HasSubstr("user disable"));
}

TEST_F(UserCliTest, TotpEnablePrintsTheSecretAndCodesOnceAndListShowsIt) {
  ASSERT_EQ(
      Memoria({"user", "add", archive_, "anna", "--role", "editor"}, tmp_, "a secret of eleven\n")
          .code,
      0);
  Output o = Memoria({"user", "totp", "enable", archive_, "anna"}, tmp_);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("otpauth://totp/memoria:anna?secret="));
  EXPECT_THAT(o.out, HasSubstr("&issuer=memoria"));
  const size_t at = o.out.find("secret:  ");
  ASSERT_NE(at, std::string::npos);
  const std::string secret = o.out.substr(at + 9, 32);
  std::vector<std::string> codes;
  for (size_t p = o.out.find("\n  "); p != std::string::npos; p = o.out.find("\n  ", p + 1)) {
    codes.push_back(o.out.substr(p + 3, 19));
  }
  ASSERT_EQ(codes.size(), 10u) << o.out;
  // The recovery codes are kept only as hashes (the secret in the clear,
  // since this archive does not seal: docs/SECURITY.md).
  const std::string db = Slurp(archive_ + "/archive.db") + Slurp(archive_ + "/archive.db-wal");
  for (const std::string& c : codes) EXPECT_THAT(db, Not(HasSubstr(c))) << c;

  auto list = nlohmann::json::parse(Memoria({"user", "list", archive_, "--json"}, tmp_).out);
  EXPECT_EQ(list[0]["second_factor"], "totp");
  EXPECT_THAT(Memoria({"user", "list", archive_}, tmp_).out, HasSubstr("editor     totp"));
  o = Memoria({"user", "totp", "enable", archive_, "anna"}, tmp_);
  EXPECT_EQ(o.code, 1);
  EXPECT_THAT(o.err, HasSubstr("has a second factor already"));

  o = Memoria({"user", "totp", "disable", archive_, "anna"}, tmp_);
  ASSERT_EQ(o.code, 0) << o.err;
  list = nlohmann::json::parse(Memoria({"user", "list", archive_, "--json"}, tmp_).out);
  EXPECT_EQ(list[0]["second_factor"], "none");
  EXPECT_EQ(Memoria({"user", "totp", "disable", archive_, "anna"}, tmp_).code, 1);
  EXPECT_EQ(Memoria({"user", "totp", "enable", archive_, "nobody"}, tmp_).code, 1);
  EXPECT_EQ(Memoria({"user", "totp", "rotate", archive_, "anna"}, tmp_).code, 2);
  o = Memoria({"audit", archive_}, tmp_);
  EXPECT_THAT(o.out, HasSubstr("user totp enable"));
  EXPECT_THAT(o.out, HasSubstr("user totp disable"));
}

TEST_F(UserCliTest, CaseDraftIsHiddenUntilAnEditorPublishesIt) {
  Output o = Memoria({"import", archive_, "--profile", "memorial-lists", "--quiet",
                      FixturePath("memorial_lists_small.tsv")},
                     tmp_);
  ASSERT_EQ(o.code, 0) << o.err;
  o = Memoria({"case", "draft", archive_, "1", "assessment", "--verdict", "political_prisoner",
               "--date", "2024-05-17", "--statement", "Признан **политзаключённым**", "--citation",
               "statement of 2024-05-17"},
              tmp_);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("draft assessment 1 of person 1 waits for an editor"));
  EXPECT_EQ(Memoria({"case", "draft", archive_, "1", "status", "--status", "detained"}, tmp_).code,
            1);  // no citation
  o = Memoria({"case", "drafts", archive_, "--json"}, tmp_);
  ASSERT_EQ(o.code, 0) << o.err;
  auto list = nlohmann::json::parse(o.out);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["item"], "assessment");
  EXPECT_EQ(list[0]["citation"], "statement of 2024-05-17");
  EXPECT_EQ(Memoria({"case", "reject", archive_, "assessment", "1"}, tmp_).code, 2);
  o = Memoria({"case", "publish", archive_, "assessment", "1", "--reason", "checked"}, tmp_);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("assessment 1 published"));
  EXPECT_EQ(nlohmann::json::parse(Memoria({"case", "drafts", archive_, "--json"}, tmp_).out).size(),
            0u);
  EXPECT_EQ(Memoria({"case", "publish", archive_, "assessment", "1"}, tmp_).code, 1);
  EXPECT_THAT(Memoria({"audit", archive_}, tmp_).out, HasSubstr("publish assessment 1"));
}

TEST_F(UserCliTest, RefusesAShortPasswordNoPasswordAndAPasswordFlag) {
  Output o = Memoria({"user", "add", archive_, "anna", "--role", "reader"}, tmp_, "short\n");
  EXPECT_EQ(o.code, 1);
  EXPECT_THAT(o.err, HasSubstr("at least 10 characters"));
  o = Memoria({"user", "add", archive_, "anna", "--role", "reader"}, tmp_, "");
  EXPECT_EQ(o.code, 1);
  EXPECT_THAT(o.err, HasSubstr("no password on standard input"));
  o = Memoria({"user", "add", archive_, "anna", "--role", "reader", "--password", "x"}, tmp_);
  EXPECT_EQ(o.code, 2);
  o = Memoria({"user", "add", archive_, "anna", "--role", "root"}, tmp_, "long enough pw\n");
  EXPECT_EQ(o.code, 2);
  EXPECT_THAT(o.err, HasSubstr("reader, volunteer, editor or admin"));
  o = Memoria({"user", "list", archive_, "--json"}, tmp_);
  EXPECT_EQ(nlohmann::json::parse(o.out).size(), 0u);
}

TEST_F(UserCliTest, PasswdNeedsAnExistingAccount) {
  Output o = Memoria({"user", "passwd", archive_, "nobody"}, tmp_, "long enough pw\n");
  EXPECT_EQ(o.code, 1);
  EXPECT_THAT(o.err, HasSubstr("no account named 'nobody'"));
  ASSERT_EQ(
      Memoria({"user", "add", archive_, "anna", "--role", "admin"}, tmp_, "first password\n").code,
      0);
  o = Memoria({"user", "passwd", archive_, "anna"}, tmp_, "second password\n");
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(Memoria({"audit", archive_, "--json"}, tmp_).out, HasSubstr("user passwd"));
}

TEST_F(UserCliTest, VisibilityHidesAPersonAndIsAudited) {
  Output o = Memoria({"import", archive_, "--profile", "memorial-lists", "--quiet",
                      FixturePath("memorial_lists_small.tsv")},
                     tmp_);
  ASSERT_EQ(o.code, 0) << o.err;
  ASSERT_EQ(Memoria({"show", archive_, "1"}, tmp_).code, 0);
  o = Memoria({"visibility", archive_, "--person", "1", "confidential"}, tmp_);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("person 1 is now confidential"));
  o = Memoria({"show", archive_, "1"}, tmp_);
  EXPECT_EQ(o.code, 1);
  EXPECT_THAT(o.err, HasSubstr("NOT_FOUND"));
  EXPECT_THAT(Memoria({"audit", archive_}, tmp_).out, HasSubstr("person 1 confidential"));
  // And back.
  ASSERT_EQ(Memoria({"visibility", archive_, "--person", "1", "public"}, tmp_).code, 0);
  EXPECT_EQ(Memoria({"show", archive_, "1"}, tmp_).code, 0);
}

TEST_F(UserCliTest, EditCorrectsANameWithACitationAndUndoRestoresIt) {
  Output o = Memoria({"import", archive_, "--profile", "memorial-lists", "--quiet",
                      FixturePath("memorial_lists_small.tsv")},
                     tmp_);
  ASSERT_EQ(o.code, 0) << o.err;
  const std::string before = Memoria({"show", archive_, "1"}, tmp_).out;
  // No citation: refused, nothing written.
  o = Memoria({"edit", archive_, "correct", "name", "1", "--target", "1", "--surname", "Правкина"},
              tmp_);
  EXPECT_EQ(o.code, 2);
  EXPECT_THAT(o.err, HasSubstr("citation"));
  o = Memoria({"edit", archive_, "correct", "name", "1", "--target", "1", "--surname", "Правкина",
               "--given", "Анна", "--citation", "letter of the daughter, 2019"},
              tmp_);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("change 1 applied"));
  EXPECT_THAT(Memoria({"show", archive_, "1"}, tmp_).out, HasSubstr("Правкина Анна"));
  o = Memoria({"edit", archive_, "history", "1"}, tmp_);
  EXPECT_THAT(o.out, HasSubstr("replaced by change 1"));
  EXPECT_THAT(o.out, HasSubstr("letter of the daughter, 2019"));
  EXPECT_THAT(Memoria({"audit", archive_}, tmp_).out, HasSubstr("change 1: correct name 1"));
  ASSERT_EQ(Memoria({"edit", archive_, "undo", "1"}, tmp_).code, 0);
  EXPECT_EQ(Memoria({"show", archive_, "1"}, tmp_).out, before);
}

TEST_F(UserCliTest, ImportWithVisibilityHidesTheWholeList) {
  Output o = Memoria({"import", archive_, "--profile", "memorial-lists", "--quiet", "--visibility",
                      "restricted", FixturePath("memorial_lists_small.tsv")},
                     tmp_);
  ASSERT_EQ(o.code, 0) << o.err;
  auto stats = [&](const char* level) {
    Output s = Memoria({"stats", archive_, "--visibility", level, "--json"}, tmp_);
    EXPECT_EQ(s.code, 0) << s.err;
    return nlohmann::json::parse(s.out);
  };
  EXPECT_EQ(stats("public")["persons"], 0);
  EXPECT_EQ(stats("public")["records"], 0);
  EXPECT_EQ(stats("public")["sources"], 0);
  EXPECT_EQ(stats("restricted")["persons"], 3);
  EXPECT_EQ(stats("restricted")["sources"], 1);
  EXPECT_EQ(Memoria({"show", archive_, "1"}, tmp_).code, 1);
  o = Memoria({"export", archive_, "--format", "jsonl"}, tmp_);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, "");
  EXPECT_EQ(Memoria({"import", archive_, "--profile", "memorial-lists", "--visibility", "secret",
                     FixturePath("memorial_lists_small.tsv")},
                    tmp_)
                .code,
            2);
}

TEST_F(UserCliTest, VisibilityRefusesBadTargets) {
  EXPECT_EQ(Memoria({"visibility", archive_, "public"}, tmp_).code, 2);
  EXPECT_EQ(
      Memoria({"visibility", archive_, "--person", "1", "--record", "2", "public"}, tmp_).code, 2);
  EXPECT_EQ(Memoria({"visibility", archive_, "--fact", "12", "public"}, tmp_).code, 2);
  EXPECT_EQ(Memoria({"visibility", archive_, "--person", "x", "public"}, tmp_).code, 2);
  EXPECT_EQ(Memoria({"visibility", archive_, "--person", "1", "secret"}, tmp_).code, 2);
  Output o = Memoria({"visibility", archive_, "--fact", "event:999", "restricted"}, tmp_);
  EXPECT_EQ(o.code, 1);
  EXPECT_THAT(o.err, HasSubstr("no row 999 in events"));
}

}  // namespace
}  // namespace memoria
