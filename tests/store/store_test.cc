#include "store/store.h"

#include <sqlite3.h>

#include <filesystem>

#include "store/reader.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria::store {
namespace {

using ::memoria::testing::FreshTempDir;
using ::memoria::testing::StatusIs;
using ::testing::HasSubstr;

// Adds one person with one record, name, event and attribute; returns its id.
int64_t AddSamplePerson(Store* store, std::string_view raw, Visibility record_visibility) {
  auto tx = Transaction::Begin(store->db());
  EXPECT_OK(tx);
  SourceInfo info;
  info.key = "test:source";
  info.title = "Test source";
  info.profile = "test";
  int64_t source = store->EnsureSource(info).value();
  int64_t batch = store->BeginBatch(source, "test", "file.tsv", "00").value();
  int64_t record = store->AddRecord(source, batch, 2, "ext-1", raw).value();
  EXPECT_GT(record, 0);
  if (record_visibility != Visibility::kPublic) {
    EXPECT_OK(store->db()->Exec("DROP TRIGGER records_immutable"));
    EXPECT_OK(store->db()->Exec(
        "UPDATE records SET visibility = " + std::to_string(static_cast<int>(record_visibility)) +
        " WHERE id = " + std::to_string(record)));
  }
  int64_t person = store->AddPerson(batch).value();
  EXPECT_OK(store->LinkRecord(person, record, "import"));
  NameFact n;
  n.person_id = person;
  n.record_id = record;
  n.surname = "Щербакова";
  n.given = "Ирина";
  n.patronymic = "Лазаревна";
  EXPECT_OK(store->AddName(n));
  EventFact e;
  e.person_id = person;
  e.record_id = record;
  e.type = "arrest";
  e.date = Edtf::Parse("1938-05").value();
  e.date_text = "_.5.1938";
  EXPECT_OK(store->AddEvent(e));
  AttributeFact a;
  a.person_id = person;
  a.record_id = record;
  a.kind = "nationality";
  a.value = "русская";
  a.visibility = Visibility::kConfidential;
  EXPECT_OK(store->AddAttribute(a));
  EXPECT_OK(tx->Commit());
  return person;
}

TEST(StoreTest, CreateThenOpenKeepsTheSchemaVersion) {
  std::string dir = FreshTempDir() + "/archive";
  {
    ASSERT_OK_AND_ASSIGN(auto store, Store::Create(dir));
    EXPECT_EQ(*store->SchemaVersion(), 2);
  }
  ASSERT_OK_AND_ASSIGN(auto store, Store::Open(dir));
  EXPECT_EQ(*store->SchemaVersion(), 2);
  EXPECT_EQ(*store->db()->QueryInt("SELECT count(*) FROM meta WHERE key = 'created_at'"), 1);
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
    ASSERT_OK(store->db()->Exec("PRAGMA user_version = 999"));
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
  ASSERT_OK_AND_ASSIGN(auto tx, Transaction::Begin(store->db()));
  SourceInfo info;
  info.key = "k";
  info.title = "t";
  info.profile = "p";
  int64_t source = *store->EnsureSource(info);
  EXPECT_EQ(*store->EnsureSource(info), source);
  int64_t batch = *store->BeginBatch(source, "p", "f", "00");
  EXPECT_GT(*store->AddRecord(source, batch, 2, "", R"({"a":"1"})"), 0);
  EXPECT_EQ(*store->AddRecord(source, batch, 3, "", R"({"a":"1"})"), 0);
  EXPECT_GT(*store->AddRecord(source, batch, 4, "", R"({"a":"2"})"), 0);
  ASSERT_OK(tx.Commit());
}

TEST(StoreTest, SourceRecordsAreImmutable) {
  ASSERT_OK_AND_ASSIGN(auto store, Store::OpenInMemory());
  AddSamplePerson(store.get(), R"({"x":"1"})", Visibility::kPublic);
  EXPECT_THAT(store->db()->Exec("UPDATE records SET raw = '{}'"),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("immutable")));
  EXPECT_THAT(store->db()->Exec("DELETE FROM records"),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("immutable")));
}

TEST(StoreTest, FactsNeedExactlyOneProvenance) {
  ASSERT_OK_AND_ASSIGN(auto store, Store::OpenInMemory());
  int64_t person = AddSamplePerson(store.get(), R"({"x":"1"})", Visibility::kPublic);
  AttributeFact a;
  a.person_id = person;
  a.kind = "note";
  a.value = "no provenance";
  EXPECT_THAT(store->AddAttribute(a), StatusIs(StatusCode::kFailedPrecondition));
}

TEST(StoreTest, GetPersonReturnsFactsWithProvenanceAndHidesConfidential) {
  ASSERT_OK_AND_ASSIGN(auto store, Store::OpenInMemory());
  int64_t id = AddSamplePerson(store.get(), R"({"surname":"Щербакова"})", Visibility::kPublic);
  ASSERT_OK_AND_ASSIGN(PersonView p, store->GetPerson(id));
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

  ASSERT_OK_AND_ASSIGN(PersonView all, store->GetPerson(id, Visibility::kConfidential));
  EXPECT_EQ(all.attributes.size(), 1u);
}

TEST(StoreTest, FactsOfARestrictedRecordStayOutOfThePublicView) {
  ASSERT_OK_AND_ASSIGN(auto store, Store::OpenInMemory());
  int64_t id = AddSamplePerson(store.get(), R"({"x":"2"})", Visibility::kRestricted);
  // Nothing of the person is public, so for the public there is no person.
  EXPECT_THAT(store->GetPerson(id), StatusIs(StatusCode::kNotFound));
  ASSERT_OK_AND_ASSIGN(PersonView p, store->GetPerson(id, Visibility::kRestricted));
  EXPECT_EQ(p.names.size(), 1u);
  EXPECT_EQ(p.events.size(), 1u);
  EXPECT_EQ(p.records.size(), 1u);
}

TEST(StoreTest, UnknownPersonIsNotFound) {
  ASSERT_OK_AND_ASSIGN(auto store, Store::OpenInMemory());
  EXPECT_THAT(store->GetPerson(42), StatusIs(StatusCode::kNotFound));
}

TEST(StoreTest, RolledBackTransactionLeavesNothing) {
  ASSERT_OK_AND_ASSIGN(auto store, Store::OpenInMemory());
  {
    ASSERT_OK_AND_ASSIGN(auto tx, Transaction::Begin(store->db()));
    ASSERT_OK(store->AddPerson(0));
    // tx goes out of scope without Commit().
  }
  ASSERT_OK_AND_ASSIGN(Stats s, store->GetStats());
  EXPECT_EQ(s.persons, 0);
}

TEST(StoreTest, SecondWriterGetsUnavailableNotCorruption) {
  std::string dir = FreshTempDir();
  ASSERT_OK_AND_ASSIGN(auto a, Store::Create(dir));
  ASSERT_OK_AND_ASSIGN(auto b, Store::Open(dir));
  ASSERT_OK(b->db()->Exec("PRAGMA busy_timeout = 0"));
  ASSERT_OK_AND_ASSIGN(auto tx, Transaction::Begin(a->db()));
  EXPECT_THAT(Transaction::Begin(b->db()), StatusIs(StatusCode::kUnavailable));
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
    EXPECT_EQ(sqlite3_get_autocommit(reading->db()->raw()), 0);
    {
      // Nested: nothing to begin, nothing to end.
      ASSERT_OK_AND_ASSIGN(Reader::Snapshot inner, reader->BeginSnapshot());
    }
    EXPECT_EQ(sqlite3_get_autocommit(reading->db()->raw()), 0);
    ASSERT_OK_AND_ASSIGN(Stats first, reader->GetHeadlineStats());
    // Another connection commits a person: the snapshot does not see it.
    AddSamplePerson(writer.get(), R"({"n":2})", Visibility::kPublic);
    ASSERT_OK_AND_ASSIGN(Stats second, reader->GetHeadlineStats());
    EXPECT_EQ(first.persons, 1);
    EXPECT_EQ(second.persons, 1);
  }
  EXPECT_NE(sqlite3_get_autocommit(reading->db()->raw()), 0);
  ASSERT_OK_AND_ASSIGN(Stats after, reader->GetHeadlineStats());
  EXPECT_EQ(after.persons, 2);
}

}  // namespace
}  // namespace memoria::store
