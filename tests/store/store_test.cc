#include "store/store.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "store/internal/clock.h"
#include "store/internal/schema.h"
#include "store/internal/sqlite.h"
#include "store/internal/testing.h"
#include "store/reader.h"
#include "store/write.h"
#include "testing/archive_builder.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria::store {
namespace {

using ::memoria::testing::ArchiveBuilder;
using ::memoria::testing::FreshTempDir;
using ::memoria::testing::FullView;
using ::memoria::testing::StatusIs;
using ::testing::HasSubstr;

// Adds one person with one record, name, event and attribute; returns its id.
int64_t AddSamplePerson(Store* store, std::string_view raw, Visibility record_visibility) {
  ArchiveBuilder b(store);
  int64_t source = b.Source("test:source", "Test source");
  int64_t record = b.Record(source, raw, record_visibility, "ext-1");
  EXPECT_GT(record, 0);
  int64_t person = b.Person(record);
  b.Name(person, record, "Щербакова", "Ирина", "Лазаревна");
  store::EventFact e;
  e.person_id = person;
  e.record_id = record;
  e.type = "arrest";
  e.date = Edtf::Parse("1938-05").value();
  e.date_text = "_.5.1938";
  EXPECT_OK(b.tx().AddEvent(e));
  b.Attribute(person, record, "nationality", "русская", Visibility::kConfidential);
  b.Commit();
  return person;
}

Result<PersonView> GetPerson(Store* store, int64_t id, Visibility v = Visibility::kPublic) {
  MEMORIA_ASSIGN_OR_RETURN(Reader * reader, store->ReaderFor(v));
  return reader->GetPerson(id);
}

TEST(StoreTest, CreateThenOpenKeepsTheSchemaVersion) {
  std::string dir = FreshTempDir() + "/archive";
  {
    ASSERT_OK_AND_ASSIGN(auto store, Store::Create(dir));
    EXPECT_EQ(*store->SchemaVersion(), static_cast<int64_t>(Migrations().size()));
  }
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(dir));
  EXPECT_EQ(*store->SchemaVersion(), static_cast<int64_t>(Migrations().size()));
  EXPECT_EQ(
      *StoreTesting::QueryInt(store.get(), "SELECT count(*) FROM meta WHERE key = 'created_at'"),
      1);
}

TEST(StoreTest, CreateRefusesAnExistingArchive) {
  std::string dir = FreshTempDir();
  ASSERT_OK(Store::Create(dir));
  EXPECT_THAT(Store::Create(dir), StatusIs(StatusCode::kAlreadyExists));
}

TEST(StoreTest, OpenWithoutArchiveIsNotFound) {
  EXPECT_THAT(Store::Open(FreshTempDir() + "/nothing"),
              StatusIs(StatusCode::kNotFound, HasSubstr("memoria init")));
}

TEST(StoreTest, ArchiveFromANewerVersionIsRefused) {
  std::string dir = FreshTempDir();
  {
    ASSERT_OK_AND_ASSIGN(auto store, Store::Create(dir));
    ASSERT_OK(StoreTesting::Exec(store.get(), "PRAGMA user_version = 999"));
  }
  EXPECT_THAT(Store::Open(dir), StatusIs(StatusCode::kFailedPrecondition, HasSubstr("newer")));
}

TEST(StoreTest, GarbageFileIsReportedAsDataLoss) {
  std::string dir = FreshTempDir();
  {
    std::FILE* f = std::fopen((dir + "/archive.db").c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::string junk(8192, 'x');
    std::fwrite(junk.data(), 1, junk.size(), f);
    std::fclose(f);
  }
  EXPECT_THAT(Store::Open(dir), StatusIs(StatusCode::kDataLoss));
}

TEST(StoreTest, SameRecordContentIsStoredOnce) {
  ASSERT_OK_AND_ASSIGN(auto store, Store::OpenInMemory());
  ASSERT_OK_AND_ASSIGN(WriteTransaction tx, store->BeginWrite());
  SourceInfo info;
  info.key = "k";
  info.title = "t";
  info.profile = "p";
  int64_t source = *tx.EnsureSource(info);
  EXPECT_EQ(*tx.EnsureSource(info), source);
  int64_t batch = *tx.BeginBatch(source, "p", "f", "00");
  EXPECT_GT(*tx.AddRecord(source, batch, 2, "", R"({"a":"1"})"), 0);
  EXPECT_EQ(*tx.AddRecord(source, batch, 3, "", R"({"a":"1"})"), 0);
  EXPECT_GT(*tx.AddRecord(source, batch, 4, "", R"({"a":"2"})"), 0);
  ASSERT_OK(tx.Commit());
}

TEST(StoreTest, SourceRecordsAreImmutableButTheirVisibilityMayChange) {
  ASSERT_OK_AND_ASSIGN(auto store, Store::OpenInMemory());
  AddSamplePerson(store.get(), R"({"x":"1"})", Visibility::kPublic);
  EXPECT_THAT(StoreTesting::Exec(store.get(), "UPDATE records SET raw = '{}'"),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("immutable")));
  EXPECT_THAT(StoreTesting::Exec(store.get(), "DELETE FROM records"),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("immutable")));
  ASSERT_OK_AND_ASSIGN(WriteTransaction tx, store->BeginWrite());
  EXPECT_OK(tx.SetVisibility(Hideable::kRecord, 1, Visibility::kRestricted));
  EXPECT_THAT(tx.SetVisibility(Hideable::kRecord, 99, Visibility::kRestricted),
              StatusIs(StatusCode::kNotFound));
  ASSERT_OK(tx.Commit());
}

TEST(StoreTest, FactsNeedExactlyOneProvenance) {
  ASSERT_OK_AND_ASSIGN(auto store, Store::OpenInMemory());
  int64_t person = AddSamplePerson(store.get(), R"({"x":"1"})", Visibility::kPublic);
  ASSERT_OK_AND_ASSIGN(WriteTransaction tx, store->BeginWrite());
  AttributeFact a;
  a.person_id = person;
  a.kind = "note";
  a.value = "no provenance";
  EXPECT_THAT(tx.AddAttribute(a), StatusIs(StatusCode::kFailedPrecondition));
}

TEST(StoreTest, GetPersonReturnsFactsWithProvenanceAndHidesConfidential) {
  ASSERT_OK_AND_ASSIGN(auto store, Store::OpenInMemory());
  int64_t id = AddSamplePerson(store.get(), R"({"surname":"Щербакова"})", Visibility::kPublic);
  ASSERT_OK_AND_ASSIGN(PersonView p, GetPerson(store.get(), id));
  ASSERT_EQ(p.names.size(), 1u);
  EXPECT_EQ(p.names[0].surname, "Щербакова");
  ASSERT_EQ(p.events.size(), 1u);
  EXPECT_EQ(p.events[0].date.ToString(), "1938-05");
  EXPECT_EQ(p.events[0].date_text, "_.5.1938");
  EXPECT_TRUE(p.attributes.empty()) << "a confidential attribute leaked";
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].raw, R"({"surname":"Щербакова"})");
  EXPECT_EQ(p.records[0].position, 2);
  EXPECT_EQ(p.records[0].content_hash.size(), 64u);
  EXPECT_EQ(p.names[0].record_id, p.records[0].id);

  ASSERT_OK_AND_ASSIGN(PersonView all, GetPerson(store.get(), id, Visibility::kConfidential));
  EXPECT_EQ(all.attributes.size(), 1u);
}

// OpenOptions::mmap_mib: the connection reads the file through a map of
// that size, and reads what a connection without one reads.
TEST(StoreTest, AConnectionWithAMemoryMapReadsWhatOneWithoutReads) {
  const std::string dir = FreshTempDir() + "/archive";
  int64_t id = 0;
  {
    ASSERT_OK_AND_ASSIGN(auto store, Store::Create(dir));
    id = AddSamplePerson(store.get(), R"({"surname":"Щербакова"})", Visibility::kPublic);
  }
  OpenOptions plain;
  plain.read_only = true;
  OpenOptions mapped = plain;
  mapped.mmap_mib = 64;
  ASSERT_OK_AND_ASSIGN(auto without, Store::Open(dir, plain));
  ASSERT_OK_AND_ASSIGN(auto with, Store::Open(dir, mapped));
  EXPECT_EQ(*StoreTesting::QueryInt(without.get(), "PRAGMA mmap_size"), 0);
  EXPECT_EQ(*StoreTesting::QueryInt(with.get(), "PRAGMA mmap_size"), int64_t{64} << 20);
  ASSERT_OK_AND_ASSIGN(PersonView a, GetPerson(without.get(), id));
  ASSERT_OK_AND_ASSIGN(PersonView b, GetPerson(with.get(), id));
  ASSERT_EQ(b.names.size(), 1u);
  EXPECT_EQ(b.names[0].surname, a.names[0].surname);
  ASSERT_EQ(b.records.size(), 1u);
  EXPECT_EQ(b.records[0].raw, a.records[0].raw);
  EXPECT_EQ(b.events.size(), a.events.size());
}

TEST(StoreTest, FactsOfARestrictedRecordStayOutOfThePublicView) {
  ASSERT_OK_AND_ASSIGN(auto store, Store::OpenInMemory());
  int64_t id = AddSamplePerson(store.get(), R"({"x":"2"})", Visibility::kRestricted);
  // Nothing of the person is public, so for the public there is no person.
  EXPECT_THAT(GetPerson(store.get(), id), StatusIs(StatusCode::kNotFound));
  ASSERT_OK_AND_ASSIGN(PersonView p, GetPerson(store.get(), id, Visibility::kRestricted));
  EXPECT_EQ(p.names.size(), 1u);
  EXPECT_EQ(p.events.size(), 1u);
  EXPECT_EQ(p.records.size(), 1u);
}

TEST(StoreTest, UnknownPersonIsNotFound) {
  ASSERT_OK_AND_ASSIGN(auto store, Store::OpenInMemory());
  EXPECT_THAT(GetPerson(store.get(), 42), StatusIs(StatusCode::kNotFound));
}

TEST(StoreTest, RolledBackTransactionLeavesNothing) {
  ASSERT_OK_AND_ASSIGN(auto store, Store::OpenInMemory());
  ASSERT_OK_AND_ASSIGN(std::string before, StoreTesting::Dump(store.get()));
  {
    ASSERT_OK_AND_ASSIGN(WriteTransaction tx, store->BeginWrite());
    ASSERT_OK(tx.AddPerson(0));
    // tx goes out of scope without Commit().
  }
  EXPECT_EQ(*StoreTesting::Dump(store.get()), before);
  EXPECT_FALSE(store->InWriteTransaction());
}

// A stopping server interrupts its warm-up's statement from another thread.
TEST(StoreTest, InterruptStopsTheRunningStatementOnly) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, Store::OpenInMemory());
  store->Interrupt();  // nothing running: the next statement is not touched
  ASSERT_OK_AND_ASSIGN(int64_t before, StoreTesting::QueryInt(store.get(), "SELECT 41 + 1"));
  EXPECT_EQ(before, 42);
  std::atomic<bool> done{false};
  std::thread stopper([&] {
    while (!done) {
      store->Interrupt();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  // About a minute of counting when not interrupted.
  Result<int64_t> long_count = StoreTesting::QueryInt(
      store.get(),
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000000000)"
      " SELECT count(*) FROM n");
  done = true;
  stopper.join();
  EXPECT_THAT(long_count.status(), StatusIs(StatusCode::kUnavailable));
  ASSERT_OK_AND_ASSIGN(int64_t after, StoreTesting::QueryInt(store.get(), "SELECT 6 * 7"));
  EXPECT_EQ(after, 42);
}

TEST(StoreTest, OneWriteTransactionAtATimePerStore) {
  ASSERT_OK_AND_ASSIGN(auto store, Store::OpenInMemory());
  ASSERT_OK_AND_ASSIGN(WriteTransaction tx, store->BeginWrite());
  EXPECT_TRUE(store->InWriteTransaction());
  EXPECT_THAT(store->BeginWrite(), StatusIs(StatusCode::kFailedPrecondition));
  ASSERT_OK(tx.Commit());
  EXPECT_THAT(tx.Commit(), StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_OK(store->BeginWrite());
}

TEST(StoreTest, SecondWriterGetsUnavailableSayingAnotherWriterRuns) {
  std::string dir = FreshTempDir();
  ASSERT_OK_AND_ASSIGN(auto a, Store::Create(dir));
  ASSERT_OK_AND_ASSIGN(auto b, Store::Open(dir));
  ASSERT_OK(StoreTesting::Exec(b.get(), "PRAGMA busy_timeout = 0"));
  ASSERT_OK_AND_ASSIGN(WriteTransaction tx, a->BeginWrite());
  EXPECT_THAT(b->BeginWrite(), StatusIs(StatusCode::kUnavailable, HasSubstr("another process")));
}

TEST(StoreTest, ReaderSnapshotHoldsOneReadTransactionAndEndsIt) {
  std::string dir = FreshTempDir();
  {
    ASSERT_OK_AND_ASSIGN(auto writer, Store::Create(dir));
    AddSamplePerson(writer.get(), R"({"n":1})", Visibility::kPublic);
  }
  ASSERT_OK_AND_ASSIGN(auto reading, Store::Open(dir, /*read_only=*/true));
  ASSERT_OK_AND_ASSIGN(Reader * reader, reading->ReaderFor(Visibility::kPublic));
  ASSERT_OK_AND_ASSIGN(auto writer, Store::Open(dir));
  ASSERT_OK_AND_ASSIGN(Stats before, reader->GetHeadlineStats());
  EXPECT_EQ(before.persons, 1);
  {
    ASSERT_OK_AND_ASSIGN(Reader::Snapshot snapshot, reader->BeginSnapshot());
    EXPECT_TRUE(StoreTesting::InTransaction(reading.get()));
    {
      // Nested: nothing to begin, nothing to end.
      ASSERT_OK_AND_ASSIGN(Reader::Snapshot inner, reader->BeginSnapshot());
    }
    EXPECT_TRUE(StoreTesting::InTransaction(reading.get()));
    ASSERT_OK_AND_ASSIGN(Stats first, reader->GetHeadlineStats());
    // Another connection commits a person: the snapshot does not see it.
    AddSamplePerson(writer.get(), R"({"n":2})", Visibility::kPublic);
    ASSERT_OK_AND_ASSIGN(Stats second, reader->GetHeadlineStats());
    EXPECT_EQ(first.persons, 1);
    EXPECT_EQ(second.persons, 1);
  }
  EXPECT_FALSE(StoreTesting::InTransaction(reading.get()));
  ASSERT_OK_AND_ASSIGN(Stats after, reader->GetHeadlineStats());
  EXPECT_EQ(after.persons, 2);
}

// ---- Visibility as a parameter. ----

TEST(StoreVisibilityTest, ReadersOfDifferentCeilingsOnOneConnectionShareNothing) {
  ASSERT_OK_AND_ASSIGN(auto store, Store::OpenInMemory());
  AddSamplePerson(store.get(), R"({"x":"1"})", Visibility::kRestricted);
  ASSERT_OK_AND_ASSIGN(Reader * pub, store->ReaderFor(Visibility::kPublic));
  ASSERT_OK_AND_ASSIGN(Reader * all, store->ReaderFor(Visibility::kConfidential));
  // Interleaved in both orders: each keeps its own ceiling.
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(all->GetStats()->persons, 1);
    EXPECT_EQ(pub->GetStats()->persons, 0);
    EXPECT_EQ(pub->GetStats()->records, 0);
    EXPECT_EQ(all->GetStats()->records, 1);
    EXPECT_THAT(pub->GetPerson(1), StatusIs(StatusCode::kNotFound));
    EXPECT_OK(all->GetPerson(1));
  }
}

TEST(StoreVisibilityTest, HidingAPersonHidesItsFactsAndCounts) {
  ASSERT_OK_AND_ASSIGN(auto store, Store::OpenInMemory());
  const int64_t id = AddSamplePerson(store.get(), R"({"x":"1"})", Visibility::kPublic);
  ASSERT_OK_AND_ASSIGN(Reader * pub, store->ReaderFor(Visibility::kPublic));
  ASSERT_OK_AND_ASSIGN(Stats before, pub->GetStats());
  EXPECT_EQ(before.persons, 1);
  EXPECT_EQ(before.names, 1);
  {
    ASSERT_OK_AND_ASSIGN(WriteTransaction tx, store->BeginWrite());
    ASSERT_OK(tx.SetVisibility(Hideable::kPerson, id, Visibility::kRestricted));
    ASSERT_OK(tx.Commit());
  }
  ASSERT_OK_AND_ASSIGN(Stats after, pub->GetStats());
  EXPECT_EQ(after.persons, 0);
  EXPECT_EQ(after.names, 0);
  EXPECT_EQ(after.events, 0);
  EXPECT_THAT(pub->GetPerson(id), StatusIs(StatusCode::kNotFound));
  ASSERT_OK_AND_ASSIGN(Reader * restricted, store->ReaderFor(Visibility::kRestricted));
  EXPECT_OK(restricted->GetPerson(id));
}

TEST(StoreVisibilityTest, APersonWhoseOnlyNameIsHiddenIsInNoCountOrList) {
  ASSERT_OK_AND_ASSIGN(auto store, Store::OpenInMemory());
  int64_t person = 0;
  {
    ArchiveBuilder b(store.get());
    const int64_t record = b.Record(b.Source("test:s", "s"));
    person = b.Person(record);
    b.Name(person, record, "Тайнова", "Анна", "", "main", Visibility::kRestricted);
    b.Event(person, record, "execution", "1938-03-01", "Москва");
    b.Event(person, record, "arrest", "1937-11-01", "Москва");
    b.Attribute(person, record, "address", "г. Москва, ул. Тайная, д. 1");
    b.Commit();
  }
  ASSERT_OK_AND_ASSIGN(Reader * pub, store->ReaderFor(Visibility::kPublic));
  ASSERT_OK_AND_ASSIGN(Stats stats, pub->GetStats());
  EXPECT_EQ(stats.persons, 0);
  EXPECT_EQ(stats.events, 0);
  EXPECT_EQ(stats.attributes, 0);
  EXPECT_TRUE(pub->MonthlyCounts()->empty());
  EXPECT_TRUE(pub->PersonsByEventDate("execution", 19380101, 19381231, ListSeek{})->empty());
  int place_texts = 0;
  ASSERT_OK(pub->ForEachPlaceText([&](PlaceText&&) {
    ++place_texts;
    return Status();
  }));
  EXPECT_EQ(place_texts, 0);
  ASSERT_OK_AND_ASSIGN(Reader * restricted, store->ReaderFor(Visibility::kRestricted));
  EXPECT_EQ(restricted->MonthlyCounts()->size(), 2u);
}

TEST(StoreVisibilityTest, PlacesAreReadThroughTheFilter) {
  ASSERT_OK_AND_ASSIGN(auto store, Store::OpenInMemory());
  {
    ArchiveBuilder b(store.get());
    const int64_t open = b.Source("test:open", "open");
    const int64_t closed = b.Source("test:closed", "closed", Visibility::kConfidential);
    const int64_t street = b.Place("street", "Мясницкая улица");
    b.PlaceName(street, "Мясницкая улица", "мясницкая", b.Record(open));
    const int64_t secret = b.Place("street", "Тайная улица");
    b.PlaceName(secret, "Тайная улица", "тайная", b.Record(closed));
    b.PlaceName(street, "улица Тайнова", "тайнова", b.Record(closed));
    b.Commit();
  }
  ASSERT_OK_AND_ASSIGN(Reader * pub, store->ReaderFor(Visibility::kPublic));
  ASSERT_OK_AND_ASSIGN(std::vector<PlaceRecord> places, pub->Places());
  ASSERT_EQ(places.size(), 1u);
  EXPECT_EQ(places[0].name, "Мясницкая улица");
  EXPECT_EQ(places[0].names, std::vector<std::string>{"Мясницкая улица"});
  ASSERT_OK_AND_ASSIGN(Reader * all, store->ReaderFor(Visibility::kConfidential));
  EXPECT_EQ(all->Places()->size(), 2u);
}

TEST(StoreVisibilityTest, DataVersionMovesOnEveryCommitAndOnUpdatesByAnyPath) {
  ASSERT_OK_AND_ASSIGN(auto store, Store::OpenInMemory());
  AddSamplePerson(store.get(), R"({"x":"1"})", Visibility::kPublic);
  ASSERT_OK_AND_ASSIGN(Reader * reader, store->ReaderFor(Visibility::kPublic));
  const uint64_t data0 = *reader->DataVersion(), names0 = *reader->NamesVersion();
  {
    ASSERT_OK_AND_ASSIGN(WriteTransaction tx, store->BeginWrite());
    ASSERT_OK(tx.SetVisibility(Hideable::kName, 1, Visibility::kConfidential));
    ASSERT_OK(tx.Commit());
  }
  const uint64_t data1 = *reader->DataVersion(), names1 = *reader->NamesVersion();
  EXPECT_NE(data1, data0);
  EXPECT_NE(names1, names0);
  // An update behind the store's back (sqlite3 on the file) moves them too.
  ASSERT_OK(StoreTesting::Exec(store.get(), "UPDATE names SET visibility = 0"));
  EXPECT_NE(*reader->DataVersion(), data1);
  EXPECT_NE(*reader->NamesVersion(), names1);
  // A rolled-back transaction moves nothing.
  const uint64_t data2 = *reader->DataVersion();
  {
    ASSERT_OK_AND_ASSIGN(WriteTransaction tx, store->BeginWrite());
    ASSERT_OK(tx.SetVisibility(Hideable::kName, 1, Visibility::kConfidential));
  }
  EXPECT_EQ(*reader->DataVersion(), data2);
}

TEST(StoreTest, ALargeTransactionLeavesTheWriteAheadLogEmpty) {
  const std::string dir = FreshTempDir();
  ASSERT_OK_AND_ASSIGN(auto store, Store::Create(dir));
  {
    ArchiveBuilder b(store.get());
    const int64_t source = b.Source("test:big", "big");
    for (int i = 0; i < 6000; ++i) {
      const int64_t record = b.Record(source);
      b.Name(b.Person(record), record, "Фамилия" + std::to_string(i), "Имя");
    }
    b.Commit();
  }
  // The log was checkpointed into the database and truncated.
  EXPECT_EQ(std::filesystem::file_size(dir + "/archive.db-wal"), 0u);
  EXPECT_EQ(FullView(store.get())->GetStats()->persons, 6000);
}

TEST(StoreTest, TimesComeFromTheStoresClock) {
  SetClockForTesting([] { return int64_t{1700000000}; });  // 2023-11-14T22:13:20Z
  ASSERT_OK_AND_ASSIGN(auto store, Store::OpenInMemory());
  {
    ArchiveBuilder b(store.get());
    b.Claim("a statement");
    b.Source("test:s", "s");
    b.Commit();
  }
  SetClockForTesting(nullptr);
  EXPECT_EQ(::memoria::testing::QueryRows(store.get(), "SELECT created_at FROM claims")[0][0],
            "2023-11-14T22:13:20Z");
  EXPECT_EQ(
      ::memoria::testing::QueryRows(store.get(), "SELECT started_at FROM import_batches")[0][0],
      "2023-11-14T22:13:20Z");
  EXPECT_EQ(::memoria::testing::QueryRows(store.get(),
                                          "SELECT value FROM meta WHERE key = 'created_at'")[0][0],
            "2023-11-14T22:13:20Z");
}

// ---- Fault injection. ----

TEST(StoreFaultTest, TheNthWriteFailsAndTheTransactionLeavesNothing) {
  ASSERT_OK_AND_ASSIGN(auto store, Store::OpenInMemory());
  ASSERT_OK_AND_ASSIGN(std::string before, StoreTesting::Dump(store.get()));
  StoreTesting::FailWrite(store.get(), 3);
  {
    ASSERT_OK_AND_ASSIGN(WriteTransaction tx, store->BeginWrite());
    SourceInfo info;
    info.key = "k";
    info.title = "t";
    info.profile = "p";
    ASSERT_OK_AND_ASSIGN(int64_t source, tx.EnsureSource(info));                 // write 0
    ASSERT_OK_AND_ASSIGN(int64_t batch, tx.BeginBatch(source, "p", "f", "00"));  // write 1
    ASSERT_OK(tx.AddRecord(source, batch, 2, "", "{}"));                         // write 2
    EXPECT_THAT(tx.AddPerson(batch), StatusIs(StatusCode::kUnavailable, HasSubstr("injected")));
  }
  EXPECT_EQ(*StoreTesting::Dump(store.get()), before);
}

TEST(SqliteTest, AFailedBindIsReturnedByStep) {
  ASSERT_OK_AND_ASSIGN(auto db, Database::Open(":memory:", true, false));
  ASSERT_OK_AND_ASSIGN(Statement st, db->Prepare("SELECT ?1"));
  st.Bind(5, int64_t{1});  // there is no parameter 5
  EXPECT_THAT(st.Step(), StatusIs(StatusCode::kInternal, HasSubstr("bind parameter 5")));
  // Reset forgets it.
  st.Bind(1, int64_t{7});
  ASSERT_OK_AND_ASSIGN(bool row, st.Step());
  ASSERT_TRUE(row);
  EXPECT_EQ(st.ColumnInt(0), 7);
}

// The statements on a connection (prepared and not finalized).
int LiveStatements(Database* db) {
  int n = 0;
  for (sqlite3_stmt* s = sqlite3_next_stmt(db->raw(), nullptr); s != nullptr;
       s = sqlite3_next_stmt(db->raw(), s)) {
    ++n;
  }
  return n;
}

TEST(SqliteTest, AStatementDoneWithIsPreparedOnceAndComesBackReset) {
  ASSERT_OK_AND_ASSIGN(auto db, Database::Open(":memory:", true, false));
  ASSERT_OK(db->Exec("CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (1), (2), (3)"));
  {
    ASSERT_OK_AND_ASSIGN(Statement st, db->Prepare("SELECT ?1"));
    st.Bind(1, int64_t{5});
    ASSERT_OK_AND_ASSIGN(bool row, st.Step());
    ASSERT_TRUE(row);
  }  // left before its end: reset when kept
  EXPECT_EQ(LiveStatements(db.get()), 1);
  {
    ASSERT_OK_AND_ASSIGN(Statement st, db->Prepare("SELECT ?1"));
    EXPECT_EQ(LiveStatements(db.get()), 1);  // the same one, not a second
    ASSERT_OK_AND_ASSIGN(bool row, st.Step());
    ASSERT_TRUE(row);
    EXPECT_TRUE(st.ColumnIsNull(0));  // its binding did not come back with it
  }
  // Two in use at once are two statements, each with its own position.
  {
    ASSERT_OK_AND_ASSIGN(Statement a, db->Prepare("SELECT x FROM t ORDER BY x"));
    ASSERT_OK_AND_ASSIGN(Statement b, db->Prepare("SELECT x FROM t ORDER BY x"));
    ASSERT_OK_AND_ASSIGN(bool row, a.Step());
    ASSERT_TRUE(row);
    ASSERT_OK_AND_ASSIGN(row, a.Step());
    ASSERT_TRUE(row);
    ASSERT_OK_AND_ASSIGN(row, b.Step());
    ASSERT_TRUE(row);
    EXPECT_EQ(a.ColumnInt(0), 2);
    EXPECT_EQ(b.ColumnInt(0), 1);
  }
  // A kept statement holds no read: the table can be dropped.
  ASSERT_OK(db->Exec("DROP TABLE t"));
  // The pool is bounded.
  for (int i = 0; i < 200; ++i) {
    ASSERT_OK_AND_ASSIGN(Statement st, db->Prepare("SELECT " + std::to_string(i)));
  }
  EXPECT_LE(LiveStatements(db.get()), static_cast<int>(StatementPool::kMaxIdle));
  // A statement kept from before a schema change is prepared again by SQLite.
  ASSERT_OK(db->Exec("CREATE TABLE u(y INTEGER); INSERT INTO u VALUES (9)"));
  { ASSERT_OK_AND_ASSIGN(Statement st, db->Prepare("SELECT y FROM u")); }
  ASSERT_OK(db->Exec("ALTER TABLE u ADD COLUMN z INTEGER DEFAULT 4"));
  ASSERT_OK_AND_ASSIGN(Statement st, db->Prepare("SELECT y FROM u"));
  ASSERT_OK_AND_ASSIGN(bool row, st.Step());
  ASSERT_TRUE(row);
  EXPECT_EQ(st.ColumnInt(0), 9);
}

}  // namespace
}  // namespace memoria::store
