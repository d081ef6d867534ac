// The 39 published snapshots of the register of "foreign agents"
// (../shared/data/ru-foreign-agents-registry/history_redacted): imported in
// date order and shuffled, with the same history; the diff from the first to
// the last snapshot against counts this test makes from the files itself
// (with its own CSV reader); entry 399's renaming; re-import adds nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "registers/registers.h"
#include "store/internal/testing.h"
#include "store/reader.h"
#include "store/registers.h"
#include "store/store.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria::registers {
namespace {

constexpr const char* kFolder = "ru-foreign-agents-registry/history_redacted";

std::vector<std::string> SnapshotFiles(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".csv") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// A small RFC 4180 reader, independent of the importer's: header -> value
// per row, keyed by the first column.
struct Table {
  std::vector<std::string> header;
  std::map<std::string, std::map<std::string, std::string>> rows;  // number -> column -> value
};
Table ReadTable(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  std::vector<std::vector<std::string>> records(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      records.back().push_back(field);
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;  // CRLF: the '\n' ends the record
    } else if (c == '\n') {
      records.back().push_back(field);
      field.clear();
      records.emplace_back();
    } else {
      field += c;
    }
  }
  if (!field.empty() || !records.back().empty()) records.back().push_back(field);
  if (records.back().empty()) records.pop_back();
  Table t;
  t.header = records.front();
  for (size_t r = 1; r < records.size(); ++r) {
    std::map<std::string, std::string> row;
    for (size_t c = 0; c < t.header.size() && c < records[r].size(); ++c) {
      row[t.header[c]] = records[r][c];
    }
    t.rows[records[r][0]] = row;
  }
  return t;
}

std::string Trimmed(const std::string& s) {
  size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

std::vector<std::vector<std::string>> HistoryRows(store::Store* s) {
  auto versions = store::StoreTesting::Rows(
      s,
      "SELECT e.number, e.kind, v.field, v.value, a.as_of, b.as_of FROM register_versions v"
      " JOIN register_entries e ON e.id = v.entry_id"
      " JOIN register_snapshots a ON a.id = v.first_snapshot"
      " JOIN register_snapshots b ON b.id = v.last_snapshot"
      " ORDER BY e.number, v.field, a.as_of");
  auto events = store::StoreTesting::Rows(
      s,
      "SELECT e.number, v.kind, n.as_of, v.date, v.field, v.before, v.after"
      " FROM register_events v JOIN register_entries e ON e.id = v.entry_id"
      " JOIN register_snapshots n ON n.id = v.snapshot_id"
      " ORDER BY e.number, n.as_of, v.kind, v.field");
  std::vector<std::vector<std::string>> out = versions.value();
  out.push_back({"--"});
  for (auto& r : events.value()) out.push_back(r);
  return out;
}

class RealSnapshotsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string dir = memoria::testing::SharedDataPath(kFolder);
    if (dir.empty()) return;
    files_ = new std::vector<std::string>(SnapshotFiles(dir));
    archive_ = new std::string(memoria::testing::FreshTempDir() + "/sorted");
    auto s = store::Store::Create(*archive_).value();
    ImportOptions o;
    o.register_key = "foreign-agents";
    report_ = new ImportReport(Import(s.get(), *files_, o).value());
  }
  static void TearDownTestSuite() {
    delete files_;
    delete archive_;
    delete report_;
  }
  static std::vector<std::string>* files_;
  static std::string* archive_;
  static ImportReport* report_;
};
std::vector<std::string>* RealSnapshotsTest::files_ = nullptr;
std::string* RealSnapshotsTest::archive_ = nullptr;
ImportReport* RealSnapshotsTest::report_ = nullptr;

TEST_F(RealSnapshotsTest, AllThirtyNineSnapshotsImport) {
  MEMORIA_REQUIRE_SHARED_DATA(dir, kFolder);
  ASSERT_EQ(files_->size(), 39u);
  EXPECT_EQ(report_->snapshots_added, 39);
  EXPECT_EQ(report_->entries, 763);
  EXPECT_GT(report_->persons_added, 400);
}

TEST_F(RealSnapshotsTest, DiffOfFirstAndLastMatchesCountsFromTheFiles) {
  MEMORIA_REQUIRE_SHARED_DATA(dir, kFolder);
  const Table first = ReadTable(files_->front());
  const Table last = ReadTable(files_->back());
  const std::string kExcl = "Дата принятия решения об исключении";
  std::set<std::string> added, newly_excluded, gone;
  std::map<std::string, int> changed_by_column;
  int changed = 0;
  for (const auto& [number, row] : last.rows) {
    auto it = first.rows.find(number);
    if (it == first.rows.end()) {
      added.insert(number);
      continue;
    }
    const bool excl = Trimmed(it->second.at(kExcl)).empty() && !Trimmed(row.at(kExcl)).empty();
    if (excl) newly_excluded.insert(number);
    for (const std::string& column : last.header) {
      if (!it->second.contains(column)) continue;
      if (column == kExcl && excl) continue;
      if (it->second.at(column) != row.at(column)) {
        ++changed;
        ++changed_by_column[column];
      }
    }
  }
  for (const auto& [number, row] : first.rows) {
    if (!last.rows.contains(number) && Trimmed(row.at(kExcl)).empty()) gone.insert(number);
  }
  ASSERT_GT(added.size(), 200u);
  ASSERT_GT(newly_excluded.size(), 0u);
  ASSERT_GT(changed, 0);

  auto s = store::Store::Open(*archive_, true).value();
  auto reader =
      store::RegisterReader::Create(s->ReaderFor(store::Visibility::kPublic).value()).value();
  ASSERT_OK_AND_ASSIGN(DiffResult d,
                       Diff(reader.get(), "foreign-agents", "2022-12-01", "2024-02-02"));
  std::set<std::string> got_added, got_excluded;
  for (const EntryBrief& e : d.included) got_added.insert(e.number);
  for (const EntryBrief& e : d.excluded) got_excluded.insert(e.number);
  EXPECT_EQ(got_added, added);
  std::set<std::string> want_excluded = newly_excluded;
  want_excluded.insert(gone.begin(), gone.end());
  EXPECT_EQ(got_excluded, want_excluded);
  EXPECT_EQ(static_cast<int>(d.changed.size()), changed);
  std::map<std::string, int> got_by_field;
  for (const Change& c : d.changed) ++got_by_field[c.field];
  EXPECT_EQ(got_by_field["name"], changed_by_column["Полное наименование/ФИО"]);
  EXPECT_EQ(got_by_field["participants"], changed_by_column["Полное наименование/ФИО участников"]);
}

TEST_F(RealSnapshotsTest, EntryThreeNinetyNineShowsItsRenamingWhereItHappened) {
  MEMORIA_REQUIRE_SHARED_DATA(dir, kFolder);
  // Where the files say the name changed.
  std::string before_name, after_name, where;
  std::string previous;
  for (const std::string& f : *files_) {
    const Table t = ReadTable(f);
    auto it = t.rows.find("399");
    if (it == t.rows.end()) continue;
    const std::string name = it->second.at("Полное наименование/ФИО");
    if (!previous.empty() && name != previous && where.empty()) {
      before_name = previous;
      after_name = name;
      where = AsOfFromFileName(f).value();
    }
    previous = name;
  }
  ASSERT_EQ(before_name, "Комитет против пыток");
  ASSERT_EQ(after_name, "Комитет против пыток/Команда против пыток");

  auto s = store::Store::Open(*archive_, true).value();
  auto reader =
      store::RegisterReader::Create(s->ReaderFor(store::Visibility::kPublic).value()).value();
  ASSERT_OK_AND_ASSIGN(HistoryResult h, History(reader.get(), "foreign-agents", "399"));
  int renamings = 0;
  for (const store::RegisterEventRow& e : h.events) {
    if (e.kind == "changed" && e.field == "name") {
      ++renamings;
      EXPECT_EQ(e.before, before_name);
      EXPECT_EQ(e.after, after_name);
      EXPECT_EQ(e.as_of, where);
    }
  }
  EXPECT_EQ(renamings, 1);
  EXPECT_EQ(h.events.front().kind, "included");
  EXPECT_EQ(h.events.front().date, "2022-06-10");
  EXPECT_EQ(h.entry.Field("name"), after_name);
}

TEST_F(RealSnapshotsTest, ShuffledImportGivesTheSameHistory) {
  MEMORIA_REQUIRE_SHARED_DATA(dir, kFolder);
  std::vector<std::string> shuffled = *files_;
  std::mt19937 rng(20240202);
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  ASSERT_NE(shuffled, *files_);
  auto s = store::Store::Create(memoria::testing::FreshTempDir() + "/shuffled").value();
  ImportOptions o;
  o.register_key = "foreign-agents";
  // In five imports of several files each, in shuffled order.
  for (size_t at = 0; at < shuffled.size(); at += 8) {
    std::vector<std::string> part(shuffled.begin() + at,
                                  shuffled.begin() + std::min(at + 8, shuffled.size()));
    ASSERT_OK(Import(s.get(), part, o));
  }
  auto sorted = store::Store::Open(*archive_, true).value();
  const auto want = HistoryRows(sorted.get());
  EXPECT_GT(want.size(), 8000u);
  EXPECT_EQ(HistoryRows(s.get()), want);
  EXPECT_EQ(store::StoreTesting::QueryInt(s.get(), "SELECT count(*) FROM persons").value(),
            store::StoreTesting::QueryInt(sorted.get(), "SELECT count(*) FROM persons").value());
}

TEST_F(RealSnapshotsTest, ReimportAddsNothing) {
  MEMORIA_REQUIRE_SHARED_DATA(dir, kFolder);
  auto s = store::Store::Open(*archive_).value();
  ASSERT_OK_AND_ASSIGN(std::string before, store::StoreTesting::Dump(s.get()));
  ImportOptions o;
  o.register_key = "foreign-agents";
  ASSERT_OK_AND_ASSIGN(ImportReport again, Import(s.get(), *files_, o));
  EXPECT_EQ(again.snapshots_added, 0);
  ASSERT_OK_AND_ASSIGN(std::string after, store::StoreTesting::Dump(s.get()));
  EXPECT_EQ(before, after);
}

}  // namespace
}  // namespace memoria::registers
