// Registers of persecution on small snapshots the test writes: the snapshot
// reader and its refusals, the history builder, the import (idempotent,
// order-independent, all or nothing), the queries and the register persons.
#include "registers/registers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/edtf.h"
#include "core/hash.h"
#include "search/search.h"
#include "store/internal/testing.h"
#include "store/reader.h"
#include "store/registers.h"
#include "store/store.h"
#include "store/write.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria::registers {
namespace {

using ::memoria::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr std::string_view kHeader =
    "№ п/п,Полное наименование/ФИО,Дата рождения,ОГРН,Регистрационный номер,Адрес (место "
    "нахождения),Информационный ресурс,Полное наименование/ФИО участников,Основания "
    "включения,Дата принятия решения о включении,Дата принятия решения об исключении\r\n";

std::string Row(std::string_view number, std::string_view name, std::string_view birth,
                std::string_view included, std::string_view excluded = "",
                std::string_view grounds = "Статья 7 Федерального закона") {
  return std::string(number) + ",\"" + std::string(name) + "\"," + std::string(birth) + ",,,,,,\"" +
         std::string(grounds) + "\"," + std::string(included) + "," + std::string(excluded) +
         "\r\n";
}

std::string WriteFile(const std::string& dir, const std::string& name, const std::string& text) {
  const std::string path = dir + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// Three snapshots of a small register:
//   1 an organisation, renamed in the second snapshot;
//   2 a person, excluded (decision date set) in the third;
//   3 a person added in the second snapshot;
//   4 an organisation gone from the third snapshot.
struct Fixture {
  std::string dir;
  std::vector<std::string> files;
};
Fixture ThreeSnapshots() {
  Fixture f;
  f.dir = memoria::testing::FreshTempDir();
  std::filesystem::create_directories(f.dir + "/in");
  const std::string s1 = std::string(kHeader) + Row("1", "Комитет «Альфа»", "", "10.06.2022") +
                         Row("2", "Иванов Иван Иванович", "01.02.1980", "05.05.2023") +
                         Row("4", "Фонд «Гамма»", "", "01.01.2021");
  const std::string s2 = std::string(kHeader) +
                         Row("1", "Комитет «Альфа»/Команда «Альфа»", "", "10.06.2022") +
                         Row("2", "Иванов Иван Иванович", "01.02.1980", "05.05.2023") +
                         Row("3", "Петрова Мария Сергеевна", "03.04.1990", "12.05.2023") +
                         Row("4", "Фонд «Гамма»", "", "01.01.2021");
  const std::string s3 =
      std::string(kHeader) + Row("1", "Комитет «Альфа»/Команда «Альфа»", "", "10.06.2022") +
      Row("2", "Иванов Иван Иванович", "01.02.1980", "05.05.2023", "30.06.2023") +
      Row("3", "Петрова Мария Сергеевна", "03.04.1990", "12.05.2023");
  f.files.push_back(WriteFile(f.dir + "/in", "registry_2023-05-05.csv", s1));
  f.files.push_back(WriteFile(f.dir + "/in", "registry_2023-05-26.csv", s2));
  f.files.push_back(WriteFile(f.dir + "/in", "registry_2023-07-07.csv", s3));
  return f;
}

ImportOptions Options() {
  ImportOptions o;
  o.register_key = "foreign-agents";
  return o;
}

std::unique_ptr<store::RegisterReader> ReaderOf(store::Store* s,
                                                store::Visibility v = store::Visibility::kPublic) {
  store::Reader* r = s->ReaderFor(v).value();
  return store::RegisterReader::Create(r).value();
}

// The whole derived history, by entry number and snapshot date (not by row
// ids, which depend on the order of import).
std::vector<std::vector<std::string>> HistoryRows(store::Store* s) {
  auto versions = store::StoreTesting::Rows(
      s,
      "SELECT e.number, v.field, v.value, a.as_of, b.as_of FROM register_versions v"
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

TEST(SnapshotTest, ReadsTheForeignAgentsHeaderAndRows) {
  const std::string text =
      std::string(kHeader) + Row("7", "Иванов Иван Иванович", "01.02.1980", "05.05.2023");
  ASSERT_OK_AND_ASSIGN(ParsedSnapshot s, ParseSnapshot(text, ForeignAgentsProfile()));
  ASSERT_EQ(s.rows.size(), 1u);
  EXPECT_EQ(s.rows[0].values[s.number_column], "7");
  EXPECT_EQ(s.rows[0].values[s.name_column], "Иванов Иван Иванович");
  EXPECT_EQ(s.fields[9], "included");
}

TEST(SnapshotTest, TheOptionalPdfPageColumnIsAccepted) {
  std::string header(kHeader);
  header.insert(header.size() - 2, ",Номер страницы в pdf");
  const std::string text = header + "1,«Альфа»,,,,,,,Статья 32,27.06.2013,,1\r\n";
  ASSERT_OK_AND_ASSIGN(ParsedSnapshot s, ParseSnapshot(text, ForeignAgentsProfile()));
  EXPECT_EQ(s.ColumnOf("pdf_page"), 11);
}

TEST(SnapshotTest, FormatDriftIsRefusedWithItsReason) {
  const Profile p = ForeignAgentsProfile();
  const std::string row = Row("1", "Иванов Иван Иванович", "01.02.1980", "05.05.2023");
  std::string missing(kHeader);
  missing.replace(missing.find(",ОГРН"), 9, "");
  EXPECT_THAT(ParseSnapshot(missing + "1,x,,,,,,,y,05.05.2023,\r\n", p),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("missing column \"ОГРН\"")));
  std::string extra(kHeader);
  extra.insert(extra.size() - 2, ",Пол");
  EXPECT_THAT(ParseSnapshot(extra + "1,x,,,,,,,y,05.05.2023,,м\r\n", p),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("unknown column \"Пол\"")));
  std::string renamed(kHeader);
  renamed.replace(renamed.find("ОГРН"), 8, "ОГРН/ИНН");
  EXPECT_THAT(ParseSnapshot(renamed + row, p),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("missing column \"ОГРН\"; unknown column \"ОГРН/ИНН\"")));
  EXPECT_THAT(ParseSnapshot("\xEF\xBB\xBF" + std::string(kHeader) + row, p),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("byte-order mark")));
  std::string lf = std::string(kHeader) + row;
  for (size_t at = 0; (at = lf.find('\r', at)) != std::string::npos;) lf.erase(at, 1);
  EXPECT_THAT(ParseSnapshot(lf, p),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("LF line ends")));
  EXPECT_THAT(ParseSnapshot("Фамилия\tИмя\tОтчество\r\nИванов\tИван\tИванович\r\n", p),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("is this file a register")));
  EXPECT_THAT(ParseSnapshot(std::string("\x89PNG\r\n\x1a\n\xff\xfe", 10), p),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("not UTF-8")));
  EXPECT_THAT(ParseSnapshot("", p), StatusIs(StatusCode::kInvalidArgument, HasSubstr("empty")));
  EXPECT_THAT(ParseSnapshot(kHeader, p),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("lists no entries")));
}

TEST(SnapshotTest, BadRowsRefuseTheWholeSnapshot) {
  const Profile p = ForeignAgentsProfile();
  const std::string head(kHeader);
  EXPECT_THAT(ParseSnapshot(head + "1,x,,,\r\n", p),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("line 2: 5 fields")));
  EXPECT_THAT(ParseSnapshot(head + Row("1", "a", "", "01.01.2020") + Row("1", "b", "", ""), p),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("number \"1\" appears twice")));
  EXPECT_THAT(ParseSnapshot(head + Row("", "a", "", "01.01.2020"), p),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("no number")));
  EXPECT_THAT(ParseSnapshot(head + Row("1", "a", "", "31.02.2020"), p),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("not a date")));
}

TEST(SnapshotTest, DatesBecomeEdtfAndAsOfComesFromTheName) {
  EXPECT_EQ(RegisterDate("05.06.2014").value(), "2014-06-05");
  EXPECT_EQ(RegisterDate("").value(), "");
  EXPECT_THAT(RegisterDate("июнь"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_EQ(AsOfFromFileName("x/registry_2023-05-05.csv").value(), "2023-05-05");
  EXPECT_FALSE(AsOfFromFileName("registry.csv").has_value());
  EXPECT_FALSE(AsOfFromFileName("registry_2023-02-30.csv").has_value());
}

TEST(SnapshotTest, PersonsAreToldFromOrganisations) {
  EXPECT_TRUE(LooksLikePerson("Иванов Иван Иванович", ""));
  EXPECT_TRUE(LooksLikePerson("Kim", "01.01.1990"));
  EXPECT_FALSE(LooksLikePerson("Фонд «Гамма»", ""));
  EXPECT_FALSE(LooksLikePerson("Телеканал Настоящее Время", ""));
  EXPECT_FALSE(LooksLikePerson("Комитет против пыток/Команда против пыток", ""));
}

TEST(RegisterImportTest, DerivesIncludedChangedExcludedAndGone) {
  Fixture f = ThreeSnapshots();
  ASSERT_OK_AND_ASSIGN(auto store, store::Store::Create(f.dir + "/archive"));
  ASSERT_OK_AND_ASSIGN(ImportReport report, Import(store.get(), f.files, Options()));
  EXPECT_EQ(report.snapshots_added, 3);
  EXPECT_EQ(report.entries, 4);
  EXPECT_EQ(report.persons_added, 2);
  auto reader = ReaderOf(store.get());
  ASSERT_OK_AND_ASSIGN(HistoryResult h1, History(reader.get(), "foreign-agents", "1"));
  std::vector<std::string> kinds;
  for (const auto& e : h1.events) kinds.push_back(e.kind + "@" + e.as_of);
  EXPECT_THAT(kinds, ElementsAre("included@2023-05-05", "changed@2023-05-26"));
  EXPECT_EQ(h1.events[0].date, "2022-06-10");
  EXPECT_EQ(h1.events[1].field, "name");
  EXPECT_EQ(h1.events[1].before, "Комитет «Альфа»");
  EXPECT_EQ(h1.events[1].after, "Комитет «Альфа»/Команда «Альфа»");
  EXPECT_EQ(h1.entry.kind, "organisation");

  ASSERT_OK_AND_ASSIGN(HistoryResult h2, History(reader.get(), "foreign-agents", "2"));
  ASSERT_EQ(h2.events.size(), 2u);
  EXPECT_EQ(h2.events[1].kind, "excluded");
  EXPECT_EQ(h2.events[1].date, "2023-06-30");
  EXPECT_EQ(h2.events[1].as_of, "2023-07-07");
  EXPECT_NE(h2.entry.person_id, 0);

  ASSERT_OK_AND_ASSIGN(HistoryResult h4, History(reader.get(), "foreign-agents", "4"));
  ASSERT_EQ(h4.events.size(), 2u);
  EXPECT_EQ(h4.events[1].kind, "excluded");
  EXPECT_EQ(h4.events[1].date, "");  // gone from the snapshot, no decision stated

  ASSERT_OK_AND_ASSIGN(DiffResult d,
                       Diff(reader.get(), "foreign-agents", "2023-05-05", "2023-07-31"));
  EXPECT_EQ(d.from_snapshot, "2023-05-05");
  EXPECT_EQ(d.to_snapshot, "2023-07-07");
  ASSERT_EQ(d.included.size(), 1u);
  EXPECT_EQ(d.included[0].number, "3");
  ASSERT_EQ(d.excluded.size(), 2u);
  EXPECT_EQ(d.excluded[0].number, "2");
  EXPECT_EQ(d.excluded[1].number, "4");
  ASSERT_EQ(d.changed.size(), 1u);
  EXPECT_EQ(d.changed[0].field, "name");

  ListOptions lo;
  lo.as_of = "2023-05-30";
  ASSERT_OK_AND_ASSIGN(ListResult l, List(reader.get(), "foreign-agents", lo));
  EXPECT_EQ(l.snapshot, "2023-05-26");
  EXPECT_EQ(l.entries.size(), 4u);
  lo.kind = "person";
  ASSERT_OK_AND_ASSIGN(l, List(reader.get(), "foreign-agents", lo));
  EXPECT_EQ(l.entries.size(), 2u);
  lo.kind = "";
  lo.text = "петрова";
  ASSERT_OK_AND_ASSIGN(l, List(reader.get(), "foreign-agents", lo));
  ASSERT_EQ(l.entries.size(), 1u);
  EXPECT_EQ(l.entries[0].birth_date, "1990-04-03");
  lo.text = "";
  lo.as_of = "2020-01-01";  // before the first snapshot: an empty register
  ASSERT_OK_AND_ASSIGN(l, List(reader.get(), "foreign-agents", lo));
  EXPECT_EQ(l.snapshot, "");
  EXPECT_TRUE(l.entries.empty());
}

TEST(RegisterImportTest, AnyOrderOfImportGivesTheSameHistory) {
  Fixture f = ThreeSnapshots();
  ASSERT_OK_AND_ASSIGN(auto a, store::Store::Create(f.dir + "/a"));
  ASSERT_OK(Import(a.get(), f.files, Options()));
  ASSERT_OK_AND_ASSIGN(auto b, store::Store::Create(f.dir + "/b"));
  for (int i : {2, 0, 1}) ASSERT_OK(Import(b.get(), {f.files[i]}, Options()));
  EXPECT_EQ(HistoryRows(a.get()), HistoryRows(b.get()));
  EXPECT_GT(HistoryRows(a.get()).size(), 10u);
}

TEST(RegisterImportTest, SnapshotsAreKeptVerbatim) {
  Fixture f = ThreeSnapshots();
  ASSERT_OK_AND_ASSIGN(auto s, store::Store::Create(f.dir + "/archive"));
  ASSERT_OK(Import(s.get(), f.files, Options()));
  auto reader = ReaderOf(s.get());
  ASSERT_OK_AND_ASSIGN(store::RegisterSummary reg, reader->Register("foreign-agents"));
  ASSERT_OK_AND_ASSIGN(auto snapshots, reader->Snapshots(reg.info.id));
  ASSERT_EQ(snapshots.size(), 3u);
  for (size_t i = 0; i < snapshots.size(); ++i) {
    std::ifstream in(f.files[i], std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_OK_AND_ASSIGN(store::StoredSnapshot kept, reader->Snapshot(snapshots[i].id));
    EXPECT_EQ(kept.content, bytes);
    EXPECT_EQ(kept.info.file_sha256, ToHex(Sha256(bytes)));
    EXPECT_EQ(kept.info.as_of, AsOfFromFileName(f.files[i]).value());
  }
  // Stored compressed, not as the bytes themselves.
  EXPECT_LT(store::StoreTesting::QueryInt(s.get(),
                                          "SELECT max(length(content) - content_bytes)"
                                          " FROM register_snapshots")
                .value(),
            0);
}

TEST(RegisterImportTest, ReimportAddsNothing) {
  Fixture f = ThreeSnapshots();
  ASSERT_OK_AND_ASSIGN(auto s, store::Store::Create(f.dir + "/archive"));
  ASSERT_OK(Import(s.get(), f.files, Options()));
  ASSERT_OK_AND_ASSIGN(std::string before, store::StoreTesting::Dump(s.get()));
  ASSERT_OK_AND_ASSIGN(ImportReport again, Import(s.get(), f.files, Options()));
  EXPECT_EQ(again.snapshots_added, 0);
  for (const SnapshotReport& r : again.snapshots) EXPECT_TRUE(r.already_imported);
  ASSERT_OK_AND_ASSIGN(std::string after, store::StoreTesting::Dump(s.get()));
  EXPECT_EQ(before, after);
}

TEST(RegisterImportTest, ARefusedImportLeavesTheArchiveAsItWas) {
  Fixture f = ThreeSnapshots();
  ASSERT_OK_AND_ASSIGN(auto s, store::Store::Create(f.dir + "/archive"));
  ASSERT_OK(Import(s.get(), {f.files[0]}, Options()));
  ASSERT_OK_AND_ASSIGN(std::string before, store::StoreTesting::Dump(s.get()));
  std::string drifted(kHeader);
  drifted.replace(drifted.find("ОГРН"), 8, "ОГРН/ИНН");
  const std::string bad = WriteFile(f.dir + "/in", "registry_2023-08-01.csv",
                                    drifted + Row("9", "x", "", "01.01.2023"));
  // A good file with a bad one: nothing of either is written.
  EXPECT_THAT(Import(s.get(), {f.files[1], bad}, Options()),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("ОГРН/ИНН")));
  // Another file of a date the register has.
  const std::string other = WriteFile(f.dir + "/in", "copy_2023-05-05.csv",
                                      std::string(kHeader) + Row("1", "y", "", "01.01.2023"));
  EXPECT_THAT(Import(s.get(), {other}, Options()),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("as of 2023-05-05")));
  // A file without a date.
  const std::string undated =
      WriteFile(f.dir + "/in", "registry.csv", std::string(kHeader) + Row("1", "y", "", ""));
  EXPECT_THAT(Import(s.get(), {undated}, Options()),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("no as-of date")));
  ASSERT_OK_AND_ASSIGN(std::string after, store::StoreTesting::Dump(s.get()));
  EXPECT_EQ(before, after);
}

TEST(RegisterImportTest, AFailedWriteAtAnyPointLeavesTheArchiveAsItWas) {
  Fixture f = ThreeSnapshots();
  ASSERT_OK_AND_ASSIGN(auto s, store::Store::Create(f.dir + "/archive"));
  ASSERT_OK(Import(s.get(), {f.files[0]}, Options()));
  ASSERT_OK_AND_ASSIGN(std::string before, store::StoreTesting::Dump(s.get()));
  int failures = 0;
  for (int n = 0; n < 10000; ++n) {
    store::StoreTesting::FailWrite(s.get(), n);
    Result<ImportReport> r = Import(s.get(), {f.files[1], f.files[2]}, Options());
    store::StoreTesting::FailWrite(s.get(), -1);
    if (r.ok()) break;
    ++failures;
    EXPECT_THAT(r, StatusIs(StatusCode::kUnavailable));
    ASSERT_OK_AND_ASSIGN(std::string now, store::StoreTesting::Dump(s.get()));
    ASSERT_EQ(before, now) << "after a failure at write " << n;
  }
  EXPECT_GT(failures, 20);
  ASSERT_OK_AND_ASSIGN(HistoryResult h, History(ReaderOf(s.get()).get(), "foreign-agents", "2"));
  EXPECT_EQ(h.events.back().kind, "excluded");
}

TEST(RegisterImportTest, RegisterPersonsAreFoundByNameAndLinkedToTheArchive) {
  Fixture f = ThreeSnapshots();
  ASSERT_OK_AND_ASSIGN(auto s, store::Store::Create(f.dir + "/archive"));
  // The archive already knows Petrova, with the same birth date.
  {
    ASSERT_OK_AND_ASSIGN(store::WriteTransaction tx, s->BeginWrite());
    store::SourceInfo src;
    src.key = "test:list";
    src.title = "A list";
    src.profile = "csv";
    ASSERT_OK_AND_ASSIGN(int64_t source, tx.EnsureSource(src));
    ASSERT_OK_AND_ASSIGN(int64_t batch, tx.BeginBatch(source, "csv", "list.csv", "00"));
    ASSERT_OK_AND_ASSIGN(int64_t record, tx.AddRecord(source, batch, 2, "", R"({"a":"b"})"));
    ASSERT_OK_AND_ASSIGN(int64_t person, tx.AddPerson(batch));
    ASSERT_OK(tx.LinkRecord(person, record, "import"));
    store::NameFact n;
    n.person_id = person;
    n.record_id = record;
    n.surname = "Петрова";
    n.given = "Мария";
    n.patronymic = "Сергеевна";
    ASSERT_OK(tx.AddName(n).status());
    store::EventFact b;
    b.person_id = person;
    b.record_id = record;
    b.type = "birth";
    b.date = Edtf::Parse("1990-04-03").value();
    ASSERT_OK(tx.AddEvent(b).status());
    ASSERT_OK(tx.Commit());
  }
  ASSERT_OK_AND_ASSIGN(ImportReport report, Import(s.get(), f.files, Options()));
  EXPECT_EQ(report.persons_added, 1);   // Иванов
  EXPECT_EQ(report.persons_linked, 1);  // Петрова, by name and birth date
  auto reader = ReaderOf(s.get());
  ASSERT_OK_AND_ASSIGN(HistoryResult h3, History(reader.get(), "foreign-agents", "3"));
  EXPECT_EQ(h3.entry.person_id, 1);
  ASSERT_OK_AND_ASSIGN(auto entries, reader->EntriesOfPerson(1));
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].register_key, "foreign-agents");
  EXPECT_EQ(entries[0].included, "2023-05-12");
  EXPECT_EQ(entries[0].first_as_of, "2023-05-26");
  // Name search finds the register's person in another script.
  store::Reader* pub = s->ReaderFor(store::Visibility::kPublic).value();
  ASSERT_OK_AND_ASSIGN(auto hits, search::Search(pub, "Ivanov Ivan", {}));
  ASSERT_OK_AND_ASSIGN(HistoryResult h2, History(reader.get(), "foreign-agents", "2"));
  bool ivanov = false;
  for (const auto& hit : hits.hits) ivanov = ivanov || hit.person_id == h2.entry.person_id;
  EXPECT_TRUE(ivanov);
}

TEST(RegisterImportTest, HiddenRegistersAndEntriesStayHidden) {
  Fixture f = ThreeSnapshots();
  ASSERT_OK_AND_ASSIGN(auto s, store::Store::Create(f.dir + "/archive"));
  ASSERT_OK(Import(s.get(), f.files, Options()));
  int64_t entry = 0;
  {
    auto reader = ReaderOf(s.get(), store::Visibility::kConfidential);
    ASSERT_OK_AND_ASSIGN(HistoryResult h, History(reader.get(), "foreign-agents", "3"));
    entry = h.entry.entry_id;
  }
  {
    ASSERT_OK_AND_ASSIGN(store::WriteTransaction tx, s->BeginWrite());
    ASSERT_OK(tx.SetRegisterEntryVisibility(entry, store::Visibility::kRestricted));
    ASSERT_OK(tx.Commit());
  }
  auto pub = ReaderOf(s.get(), store::Visibility::kPublic);
  auto restricted = ReaderOf(s.get(), store::Visibility::kRestricted);
  EXPECT_THAT(History(pub.get(), "foreign-agents", "3"), StatusIs(StatusCode::kNotFound));
  EXPECT_OK(History(restricted.get(), "foreign-agents", "3"));
  ASSERT_OK_AND_ASSIGN(ListResult l, List(pub.get(), "foreign-agents", {}));
  for (const EntryBrief& e : l.entries) EXPECT_NE(e.number, "3");
  ASSERT_OK_AND_ASSIGN(ListResult lr, List(restricted.get(), "foreign-agents", {}));
  EXPECT_EQ(lr.entries.size(), l.entries.size() + 1);
  // Hiding the register's source hides the register.
  {
    ASSERT_OK_AND_ASSIGN(store::WriteTransaction tx, s->BeginWrite());
    ASSERT_OK(tx.SetVisibility(store::Hideable::kSource, 1, store::Visibility::kConfidential));
    ASSERT_OK(tx.Commit());
  }
  EXPECT_THAT(pub->Register("foreign-agents"), StatusIs(StatusCode::kNotFound));
  ASSERT_OK_AND_ASSIGN(auto all, pub->Registers());
  EXPECT_TRUE(all.empty());
  auto conf = ReaderOf(s.get(), store::Visibility::kConfidential);
  EXPECT_OK(conf->Register("foreign-agents"));
}

TEST(RegisterImportTest, AMappedProfileReadsAnyRegister) {
  const std::string dir = memoria::testing::FreshTempDir();
  const std::string mapping = WriteFile(
      dir, "undesirable.json",
      R"({"register": {"title": "Перечень нежелательных организаций", "publisher": "Минюст"},
          "delimiter": ";",
          "columns": {"№": "number", "Наименование": "name",
                      "Решение о включении": "included", "Решение об исключении": "excluded"}})");
  const std::string s1 = WriteFile(dir, "undesirable_2024-01-01.csv",
                                   "№;Наименование;Решение о включении;Решение об исключении\r\n"
                                   "1;Фонд A;01.06.2015;\n2;Фонд B;02.06.2015;\r\n");
  const std::string s2 = WriteFile(dir, "undesirable_2024-06-01.csv",
                                   "№;Наименование;Решение о включении;Решение об исключении\r\n"
                                   "1;Фонд A;01.06.2015;\r\n2;Фонд B;02.06.2015;01.03.2024\r\n"
                                   "3;Фонд C;05.05.2024;\r\n");
  ASSERT_OK_AND_ASSIGN(auto s, store::Store::Create(dir + "/archive"));
  ImportOptions o;
  o.register_key = "undesirable";
  o.mapping_path = mapping;
  ASSERT_OK_AND_ASSIGN(ImportReport r, Import(s.get(), {s2, s1}, o));
  EXPECT_EQ(r.snapshots_added, 2);
  auto reader = ReaderOf(s.get());
  ASSERT_OK_AND_ASSIGN(DiffResult d, Diff(reader.get(), "undesirable", "2024-01-01", "2024-06-01"));
  ASSERT_EQ(d.included.size(), 1u);
  EXPECT_EQ(d.included[0].number, "3");
  ASSERT_EQ(d.excluded.size(), 1u);
  EXPECT_EQ(d.excluded[0].excluded, "2024-03-01");
  EXPECT_TRUE(d.changed.empty());
  ASSERT_OK_AND_ASSIGN(store::RegisterSummary reg, reader->Register("undesirable"));
  EXPECT_EQ(reg.info.title, "Перечень нежелательных организаций");
  // The foreign-agents profile cannot then read the same register.
  ImportOptions fa;
  fa.register_key = "undesirable";
  const std::string s3 =
      WriteFile(dir, "x_2024-07-01.csv", std::string(kHeader) + Row("1", "a", "", "01.01.2020"));
  EXPECT_THAT(Import(s.get(), {s3}, fa), StatusIs(StatusCode::kFailedPrecondition));
}

TEST(RegisterImportTest, BadMappingsAreRefused) {
  EXPECT_THAT(MappedProfileFromJson(R"({"columns": {"a": "name"}})", "m"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("\"number\"")));
  EXPECT_THAT(MappedProfileFromJson(R"({"columns": {"a": "number", "b": "Name"}})", "m"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("not a field key")));
  EXPECT_THAT(
      MappedProfileFromJson(R"({"columns": {"a": "number", "b": "name", "c": "name"}})", "m"),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("two columns")));
  EXPECT_THAT(MappedProfileFromJson("[1]", "m"), StatusIs(StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace memoria::registers
