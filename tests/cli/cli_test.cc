// End-to-end tests of the memoria command: each runs the built binary as a
// child process, as a user would.
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria {
namespace {

using ::memoria::testing::FixturePath;
using ::memoria::testing::FreshTempDir;
using ::memoria::testing::MemoriaBinary;
using ::testing::HasSubstr;

namespace fs = std::filesystem;

struct Output {
  int code = -1;
  std::string out, err;
};

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') {
      q += "'\\''";
    } else {
      q += c;
    }
  }
  return q + "'";
}

// Runs memoria with "args"; captures stdout and stderr through files.
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

nlohmann::json Stats(const std::string& archive, const std::string& tmp) {
  Output o = Memoria({"stats", archive, "--json"}, tmp);
  EXPECT_EQ(o.code, 0) << o.err;
  return nlohmann::json::parse(o.out);
}

TEST(CliTest, InitImportSearchShowStatsExport) {
  std::string tmp = FreshTempDir();
  std::string archive = tmp + "/a";
  Output o = Memoria({"init", archive}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  o = Memoria(
      {"import", archive, "--profile", "memorial-lists", FixturePath("memorial_lists_small.tsv")},
      tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("6 rows read, 3 records added"));
  EXPECT_THAT(o.err, HasSubstr("memorial_lists_small.tsv:5: rejected: column arest_date"));

  o = Memoria({"search", archive, "Щербакова", "Ирина", "--json"}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  auto j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["query"], "Щербакова Ирина");
  ASSERT_EQ(j["hits"].size(), 1u);
  const auto& hit = j["hits"][0];
  EXPECT_EQ(hit["name"]["surname"], "Щербакова");
  EXPECT_EQ(hit["name"]["patronymic"], "Лазаревна");
  EXPECT_EQ(hit["birth"], "1899");
  for (const char* key : {"person_id", "score", "why"}) EXPECT_TRUE(hit.contains(key)) << key;

  std::string id = std::to_string(hit["person_id"].get<int64_t>());
  o = Memoria({"show", archive, id, "--json"}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  auto person = nlohmann::json::parse(o.out);
  EXPECT_EQ(person["records"][0]["raw"]["surname"], "Щербакова");
  // The vocabulary of docs/formats/json.md, shared with the API.
  const auto& record = person["records"][0];
  for (const char* key : {"record_id", "source_id", "source_key", "source_title", "file_name",
                          "line", "content_sha256"}) {
    EXPECT_TRUE(record.contains(key)) << key;
  }
  EXPECT_GE(record["line"].get<int64_t>(), 2);  // after the header
  EXPECT_FALSE(record.contains("source")) << "provenance is flat: source_id, source_key";
  bool has_date_text = false;
  for (const auto& e : person["events"]) {
    EXPECT_FALSE(e.contains("date_as_written"));
    EXPECT_TRUE(e.contains("record_id"));
    if (e["type"] == "arrest" && e.value("date_text", "") == "17.5.1938") has_date_text = true;
  }
  EXPECT_TRUE(has_date_text) << person["events"].dump();
  o = Memoria({"show", archive, id}, tmp);
  EXPECT_THAT(o.out, HasSubstr("arrest 1938-05-17 (written \"17.5.1938\")"));

  auto stats = Stats(archive, tmp);
  EXPECT_EQ(stats["persons"], 3);
  EXPECT_EQ(stats["records"], 3);
  EXPECT_EQ(stats["sources"], 1);
  EXPECT_TRUE(stats.contains("names"));
  EXPECT_TRUE(stats.contains("events"));

  o = Memoria({"export", archive, "--format", "jsonl"}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(std::count(o.out.begin(), o.out.end(), '\n'), 3);
  o = Memoria({"export", archive, "--format", "csv", "--out", tmp + "/x.csv"}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_TRUE(fs::exists(tmp + "/x.csv"));
}

TEST(CliTest, ErrorsGoToStderrWithNonZeroExit) {
  std::string tmp = FreshTempDir();
  Output o = Memoria({"search", tmp + "/none", "x"}, tmp);
  EXPECT_EQ(o.code, 1);
  EXPECT_THAT(o.err, HasSubstr("no archive"));
  EXPECT_TRUE(o.out.empty());
  o = Memoria({"frobnicate"}, tmp);
  EXPECT_EQ(o.code, 2);
  EXPECT_THAT(o.err, HasSubstr("unknown command"));
  o = Memoria({"init", tmp + "/a"}, tmp);
  ASSERT_EQ(o.code, 0);
  o = Memoria({"show", tmp + "/a", "12x"}, tmp);
  EXPECT_EQ(o.code, 2);
  o = Memoria({"show", tmp + "/a", "12"}, tmp);
  EXPECT_EQ(o.code, 1);
  EXPECT_THAT(o.err, HasSubstr("NOT_FOUND"));
  o = Memoria({"import", tmp + "/a", "--profile", "memorial-lists",
               FixturePath("memorial_lists_unknown_column.tsv")},
              tmp);
  EXPECT_EQ(o.code, 1);
  EXPECT_THAT(o.err, HasSubstr("archive is unchanged"));
  o = Memoria({"search", tmp + "/a", "--limit", "0", "x"}, tmp);
  EXPECT_EQ(o.code, 2);
  o = Memoria({"serve", tmp + "/a", "--mmap", "-5"}, tmp);
  EXPECT_EQ(o.code, 2);
  EXPECT_THAT(o.err, HasSubstr("--mmap needs a whole number"));
}

// An archive made by an older memoria: every read-only command names the
// command that migrates it, `memoria migrate` does (once), and the archive
// is then read and verified as any other.
TEST(CliTest, MigrateBringsAnOlderArchiveForwardAndTheReadersSaySo) {
  std::string tmp = FreshTempDir();
  std::string archive = tmp + "/a";
  ASSERT_EQ(Memoria({"init", archive}, tmp).code, 0);
  ASSERT_EQ(Memoria({"import", archive, "--profile", "memorial-lists", "--quiet",
                     FixturePath("memorial_lists_small.tsv")},
                    tmp)
                .code,
            0);
  Output o = Memoria({"migrate", archive}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("nothing to migrate"));
  // Back to schema version 18: without version 19's record dictionaries
  // (the small fixture's records are stored packed without one).
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((archive + "/archive.db").c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db,
                                "DROP TABLE record_dicts; PRAGMA user_version = 18;"
                                " PRAGMA wal_checkpoint(TRUNCATE);",
                                nullptr, nullptr, &error);
    EXPECT_EQ(rc, SQLITE_OK) << (error != nullptr ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }
  for (const std::vector<std::string>& reading :
       {std::vector<std::string>{"stats", archive},
        {"search", archive, "Иванов"},
        {"export", archive, "--format", "jsonl", "--out", tmp + "/out.jsonl"}}) {
    o = Memoria(reading, tmp);
    EXPECT_NE(o.code, 0) << reading[0];
    EXPECT_THAT(o.err, HasSubstr("archive schema version 18 is older than this memoria's"));
    EXPECT_THAT(o.err, HasSubstr("migrate it once with: memoria migrate " + archive));
  }
  o = Memoria({"migrate", archive}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.err, HasSubstr("migrating " + archive + " from schema version 18 to"));
  EXPECT_THAT(o.out, HasSubstr("migrated from schema version 18 to"));
  EXPECT_EQ(Stats(archive, tmp)["persons"], 3);
  o = Memoria({"verify", archive}, tmp);
  EXPECT_EQ(o.code, 0) << o.err;
  o = Memoria({"migrate", archive}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("nothing to migrate"));
  // A directory without an archive, and an archive newer than this memoria.
  o = Memoria({"migrate", tmp + "/none"}, tmp);
  EXPECT_NE(o.code, 0);
  EXPECT_THAT(o.err, HasSubstr("no archive in"));
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((archive + "/archive.db").c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, "PRAGMA user_version = 999", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  o = Memoria({"migrate", archive}, tmp);
  EXPECT_NE(o.code, 0);
  EXPECT_THAT(o.err, HasSubstr("is newer than this memoria"));
  o = Memoria({"stats", archive}, tmp);
  EXPECT_NE(o.code, 0);
  EXPECT_THAT(o.err, HasSubstr("is newer than this memoria"));
}

TEST(CliTest, HelpOfOneCommandPrintsItsUsageAndExitsZero) {
  std::string tmp = FreshTempDir();
  Output o = Memoria({"serve", "--help"}, tmp);
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("memoria serve DIR"));
  EXPECT_THAT(o.out, HasSubstr("--time-budget SECONDS"));  // a continuation line
  EXPECT_THAT(o.out, HasSubstr("--mmap MB"));
  EXPECT_THAT(o.out, ::testing::Not(HasSubstr("memoria import")));
  o = Memoria({"register", "diff", "-h"}, tmp);
  EXPECT_EQ(o.code, 0);
  EXPECT_THAT(o.out, HasSubstr("memoria register diff"));
  o = Memoria({"help", "user"}, tmp);
  EXPECT_EQ(o.code, 0);
  EXPECT_THAT(o.out, HasSubstr("memoria user add"));
  EXPECT_THAT(o.out, ::testing::Not(HasSubstr("memoria serve")));
}

#ifdef MEMORIA_JEMALLOC
// The binary's malloc is jemalloc's, not glibc's (docs/ARCHITECTURE.md,
// "Memory"): asked by MALLOC_CONF, only jemalloc prints its statistics at exit.
TEST(CliTest, TheBinaryAllocatesWithJemalloc) {
  std::string tmp = FreshTempDir();
  ASSERT_EQ(setenv("MALLOC_CONF", "stats_print:true", 1), 0);
  Output o = Memoria({"help", "user"}, tmp);
  unsetenv("MALLOC_CONF");
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.err, HasSubstr("Begin jemalloc statistics"));
}
#endif

TEST(CliTest, VerifyBackupRestore) {
  std::string tmp = FreshTempDir();
  const std::string archive = tmp + "/a";
  ASSERT_EQ(Memoria({"init", archive}, tmp).code, 0);
  Output o = Memoria(
      {"import", archive, "--profile", "memorial-lists", FixturePath("memorial_lists_small.tsv")},
      tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  o = Memoria({"verify", archive}, tmp);
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("the hashes of 3 source records"));
  o = Memoria({"verify", archive, "--json"}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(nlohmann::json::parse(o.out)["records"], 3);

  o = Memoria({"backup", archive, tmp + "/b"}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("without the keys"));
  EXPECT_TRUE(fs::exists(tmp + "/b/archive.db"));
  EXPECT_FALSE(fs::exists(tmp + "/b/archive.db.partial"));
  o = Memoria({"backup", archive, tmp + "/b"}, tmp);  // never over another backup
  EXPECT_EQ(o.code, 1);
  EXPECT_THAT(o.err, HasSubstr("not empty"));

  o = Memoria({"restore", tmp + "/b", tmp + "/r"}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("verified"));
  EXPECT_EQ(Stats(tmp + "/r", tmp), Stats(archive, tmp));
  o = Memoria({"restore", tmp + "/b", tmp + "/r"}, tmp);
  EXPECT_EQ(o.code, 1);
  EXPECT_THAT(o.err, HasSubstr("not empty"));
  o = Memoria({"restore", tmp + "/none", tmp + "/r2"}, tmp);
  EXPECT_EQ(o.code, 1);
  EXPECT_THAT(o.err, HasSubstr("holds no backup"));

  // A backup damaged on its way: nothing is restored.
  {
    std::fstream f(tmp + "/b/archive.db", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(0);
    f.write("not an archive", 14);
  }
  o = Memoria({"restore", tmp + "/b", tmp + "/r3"}, tmp);
  EXPECT_EQ(o.code, 1);
  EXPECT_FALSE(fs::exists(tmp + "/r3"));
  EXPECT_FALSE(fs::exists(tmp + "/r3.restoring"));
}

TEST(CliTest, GenerateIsDeterministicAndImportable) {
  std::string tmp = FreshTempDir();
  Output o = Memoria({"generate", "--rows", "2000", "--seed", "7", "--out", tmp + "/a.tsv",
                      "--truth", tmp + "/a.truth"},
                     tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  o = Memoria({"generate", "--rows", "2000", "--seed", "7", "--out", tmp + "/b.tsv"}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  std::ifstream a(tmp + "/a.tsv"), b(tmp + "/b.tsv");
  std::stringstream sa, sb;
  sa << a.rdbuf();
  sb << b.rdbuf();
  EXPECT_EQ(sa.str(), sb.str());

  std::string archive = tmp + "/arch";
  ASSERT_EQ(Memoria({"init", archive}, tmp).code, 0);
  o = Memoria({"import", archive, "--profile", "memorial-lists", tmp + "/a.tsv"}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("2000 rows read, 2000 records added"));
  EXPECT_THAT(o.out, HasSubstr("0 rows rejected"));
  EXPECT_EQ(Stats(archive, tmp)["persons"], 2000);
}

// A process killed during an import loses nothing that was committed and
// leaves no half-imported batch.
TEST(CliTest, KilledImportLeavesTheArchiveAsItWas) {
  std::string tmp = FreshTempDir();
  std::string archive = tmp + "/arch";
  ASSERT_EQ(Memoria({"init", archive}, tmp).code, 0);
  ASSERT_EQ(Memoria({"import", archive, "--profile", "memorial-lists",
                     FixturePath("memorial_lists_small.tsv")},
                    tmp)
                .code,
            0);
  nlohmann::json before = Stats(archive, tmp);
  ASSERT_EQ(
      Memoria({"generate", "--rows", "400000", "--seed", "3", "--out", tmp + "/big.tsv"}, tmp).code,
      0);

  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    dup2(devnull, 2);
    execl(MemoriaBinary().c_str(), "memoria", "import", archive.c_str(), "--profile",
          "memorial-lists", "--quiet", (tmp + "/big.tsv").c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Wait until the import has written a good part of its transaction to the
  // WAL, then kill it without warning.
  std::string wal = archive + "/archive.db-wal";
  bool killed = false;
  for (int i = 0; i < 60000; ++i) {
    int status;
    if (waitpid(pid, &status, WNOHANG) == pid) break;  // finished before we could kill it
    std::error_code ec;
    if (fs::exists(wal, ec) && fs::file_size(wal, ec) > (8u << 20)) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      killed = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_TRUE(killed) << "the import finished before it could be killed; use more rows";

  nlohmann::json after = Stats(archive, tmp);
  EXPECT_EQ(after, before);
  Output o = Memoria({"search", archive, "Щербакова"}, tmp);
  EXPECT_THAT(o.out, HasSubstr("Щербакова Ирина Лазаревна"));

  // The archive still works: the same import now runs to completion.
  o = Memoria({"import", archive, "--profile", "memorial-lists", "--quiet", tmp + "/big.tsv"}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(Stats(archive, tmp)["persons"].get<int64_t>(),
            before["persons"].get<int64_t>() + 400000);
}

// A generated archive with many namesakes (57 Ивановы at this seed).
std::string NamesakesArchive(const std::string& tmp) {
  const std::string archive = tmp + "/a";
  Output o = Memoria({"generate", "--rows", "3000", "--seed", "7", "--out", tmp + "/c.tsv"}, tmp);
  EXPECT_EQ(o.code, 0) << o.err;
  o = Memoria({"init", archive}, tmp);
  EXPECT_EQ(o.code, 0) << o.err;
  o = Memoria({"import", archive, "--profile", "memorial-lists", "--quiet", tmp + "/c.tsv"}, tmp);
  EXPECT_EQ(o.code, 0) << o.err;
  return archive;
}

TEST(CliSearchTest, BatchPrintsUpToLimitHitsPerQueryAndAnOffsetPastTheEndSaysSo) {
  const std::string tmp = FreshTempDir();
  const std::string archive = NamesakesArchive(tmp);
  {
    std::ofstream batch(tmp + "/q.txt");
    batch << "Иванов\nНиктоневстречающийся\n";
  }
  Output o = Memoria({"search", archive, "--batch", tmp + "/q.txt", "--limit", "3"}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  int lines = 0;
  std::istringstream in(o.out);
  for (std::string line; std::getline(in, line);) lines += line.rfind("Иванов\t", 0) == 0;
  EXPECT_EQ(lines, 3) << o.out;
  EXPECT_THAT(o.out, HasSubstr("Никтоневстречающийся\t-\tnot found"));

  o = Memoria({"search", archive, "Иванов", "--json", "--limit", "1000"}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  const int64_t total = nlohmann::json::parse(o.out)["total"].get<int64_t>();
  ASSERT_GT(total, 20);
  o = Memoria({"search", archive, "Иванов", "--offset", std::to_string(total + 5)}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("no persons on this page: " + std::to_string(total) +
                               " found; the last offset is " + std::to_string(total - 1)));
  EXPECT_THAT(o.out, ::testing::Not(HasSubstr("no persons found")));
}

TEST(CliSearchTest, HitsShowBirthDeathSourcesAndRecordsAndTakePrefixAndExact) {
  const std::string tmp = FreshTempDir();
  const std::string archive = NamesakesArchive(tmp);
  Output o = Memoria({"search", archive, "Иванов", "--json", "--limit", "1"}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  nlohmann::json hit = nlohmann::json::parse(o.out)["hits"][0];
  for (const char* field :
       {"birth", "birth_place", "death", "death_type", "death_place", "sources", "records"}) {
    EXPECT_TRUE(hit.contains(field)) << field << " " << o.out;
  }
  EXPECT_GE(hit["records"].get<int64_t>(), 1);
  ASSERT_FALSE(hit["sources"].empty());
  EXPECT_TRUE(hit["sources"][0].contains("source_title"));
  o = Memoria({"search", archive, "Иванов", "--limit", "1"}, tmp);
  EXPECT_THAT(o.out, HasSubstr(hit["records"].get<int64_t>() == 1 ? "1 record: " : " records: "));

  o = Memoria({"search", archive, "Ивано*", "--limit", "1"}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("surname prefix"));
  o = Memoria({"search", archive, "Иванв", "--exact"}, tmp);
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("no persons found"));
  o = Memoria({"search", archive, "Иванв"}, tmp);
  EXPECT_THAT(o.out, HasSubstr("Иванов"));
}

}  // namespace
}  // namespace memoria
