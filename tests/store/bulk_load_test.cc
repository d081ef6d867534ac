// Packed records next to unpacked ones, and the bulk load that builds the
// secondary indexes after the rows.
#include <string>
#include <vector>

#include "core/hash.h"
#include "store/internal/testing.h"
#include "store/reader.h"
#include "store/record_codec.h"
#include "store/store.h"
#include "store/write.h"
#include "testing/status_matchers.h"

namespace memoria::store {
namespace {

using ::memoria::testing::StatusIs;
using ::testing::HasSubstr;

const std::vector<std::string> kColumns = {"person_id", "surname", "name", "note"};

struct Fixture {
  std::unique_ptr<Store> store;
  int64_t source = 0, batch = 0;
};

Fixture MakeFixture() {
  Fixture f;
  f.store = Store::OpenInMemory().value();
  return f;
}

Status OpenBatch(Fixture* f, WriteTransaction* tx) {
  SourceInfo info;
  info.key = "test:list";
  info.title = "A list";
  info.profile = "memorial-lists";
  MEMORIA_ASSIGN_OR_RETURN(f->source, tx->EnsureSource(info));
  MEMORIA_ASSIGN_OR_RETURN(f->batch, tx->BeginBatch(f->source, "memorial-lists", "f.tsv", "aa"));
  return Status();
}

// Adds a packed record and its person with one name; returns the record id
// (0: the content was there already).
Result<int64_t> AddPacked(Fixture* f, WriteTransaction* tx, const std::vector<std::string>& fields,
                          int64_t line) {
  MEMORIA_ASSIGN_OR_RETURN(int64_t layout, tx->EnsureRecordLayout(kColumns));
  std::vector<std::string_view> views(fields.begin(), fields.end());
  std::string packed, json;
  PackFields(std::span<const std::string_view>(views), &packed);
  RecordJson(std::span<const std::string>(kColumns), views, &json);
  PackedRecord r;
  r.source_id = f->source;
  r.batch_id = f->batch;
  r.position = line;
  r.external_id = fields[0];
  r.layout_id = layout;
  r.packed = packed;
  r.hash = Sha256(json);
  MEMORIA_ASSIGN_OR_RETURN(int64_t record, tx->AddPackedRecord(r));
  if (record == 0) return record;
  MEMORIA_ASSIGN_OR_RETURN(int64_t person, tx->AddPerson(f->batch));
  MEMORIA_RETURN_IF_ERROR(tx->LinkRecord(person, record, "import"));
  NameFact n;
  n.person_id = person;
  n.record_id = record;
  n.surname = fields[1];
  n.given = fields[2];
  EventFact e;
  e.person_id = person;
  e.record_id = record;
  e.type = "birth";
  e.date = Edtf::Parse("1901").value();
  AttributeFact a;
  a.person_id = person;
  a.record_id = record;
  a.kind = "note";
  a.value = fields[3];
  MEMORIA_RETURN_IF_ERROR(tx->AddFacts({&n, 1}, {&e, 1}, {&a, 1}));
  return record;
}

std::string Indexes(Store* store) {
  auto rows = StoreTesting::Rows(store,
                                 "SELECT name || ': ' || sql FROM sqlite_schema"
                                 " WHERE type = 'index' AND sql IS NOT NULL ORDER BY name");
  EXPECT_OK(rows);
  std::string out;
  if (rows.ok()) {
    for (const auto& r : *rows) out += r[0] + "\n";
  }
  return out;
}

TEST(PackedRecordTest, ReadsBackAsTheSameJsonAsAnUnpackedRecord) {
  Fixture f = MakeFixture();
  const std::vector<std::string> fields = {"42", "Щербакова", "Ирина", "a\t\"b\" 😀 None"};
  ASSERT_OK_AND_ASSIGN(WriteTransaction tx, f.store->BeginWrite());
  ASSERT_OK(OpenBatch(&f, &tx));
  ASSERT_OK_AND_ASSIGN(int64_t record, AddPacked(&f, &tx, fields, 2));
  ASSERT_GT(record, 0);
  ASSERT_OK(tx.Commit());
  ASSERT_OK_AND_ASSIGN(Reader * reader, f.store->ReaderFor(Visibility::kConfidential));
  ASSERT_OK_AND_ASSIGN(PersonView p, reader->GetPerson(1));
  ASSERT_EQ(p.records.size(), 1u);
  const std::string expected =
      R"({"person_id":"42","surname":"Щербакова","name":"Ирина","note":"a\t\"b\" 😀 None"})";
  EXPECT_EQ(p.records[0].raw, expected);
  EXPECT_EQ(p.records[0].content_hash, ToHex(Sha256(expected)));
  // Stored packed: raw is empty, the values are in packed, once.
  EXPECT_EQ(*StoreTesting::QueryInt(f.store.get(),
                                    "SELECT count(*) FROM records WHERE raw = ''"
                                    " AND layout_id IS NOT NULL"),
            1);
  ASSERT_EQ(p.names.size(), 1u);
  EXPECT_EQ(p.names[0].surname, "Щербакова");
  EXPECT_EQ(*StoreTesting::QueryInt(f.store.get(),
                                    "SELECT count(*) FROM names"
                                    " WHERE norm_surname = 'щербакова'"),
            1);
  ASSERT_EQ(p.attributes.size(), 1u);
  EXPECT_EQ(p.attributes[0].value, fields[3]);
}

TEST(PackedRecordTest, PackedAndUnpackedCopiesOfOneRowAreOneRecord) {
  Fixture f = MakeFixture();
  const std::vector<std::string> fields = {"7", "Иванов", "Пётр", "None"};
  std::string json;
  std::vector<std::string_view> views(fields.begin(), fields.end());
  RecordJson(std::span<const std::string>(kColumns), views, &json);
  ASSERT_OK_AND_ASSIGN(WriteTransaction tx, f.store->BeginWrite());
  ASSERT_OK(OpenBatch(&f, &tx));
  // An archive of before packed records holds the row as JSON ...
  ASSERT_OK_AND_ASSIGN(int64_t old_record, tx.AddRecord(f.source, f.batch, 2, "7", json));
  ASSERT_GT(old_record, 0);
  // ... and the packed row of a re-import is recognised as that record.
  ASSERT_OK_AND_ASSIGN(int64_t again, AddPacked(&f, &tx, fields, 2));
  EXPECT_EQ(again, 0);
  // And the other way round.
  const std::vector<std::string> other = {"8", "Петров", "Иван", ""};
  ASSERT_OK_AND_ASSIGN(int64_t packed, AddPacked(&f, &tx, other, 3));
  ASSERT_GT(packed, 0);
  std::vector<std::string_view> other_views(other.begin(), other.end());
  RecordJson(std::span<const std::string>(kColumns), other_views, &json);
  ASSERT_OK_AND_ASSIGN(int64_t unpacked, tx.AddRecord(f.source, f.batch, 3, "8", json));
  EXPECT_EQ(unpacked, 0);
  ASSERT_OK(tx.Commit());
  EXPECT_EQ(*StoreTesting::QueryInt(f.store.get(), "SELECT count(*) FROM records"), 2);
}

TEST(PackedRecordTest, PackedRecordsAndTheirLayoutsAreImmutable) {
  Fixture f = MakeFixture();
  ASSERT_OK_AND_ASSIGN(WriteTransaction tx, f.store->BeginWrite());
  ASSERT_OK(OpenBatch(&f, &tx));
  ASSERT_OK(AddPacked(&f, &tx, {"1", "А", "Б", "В"}, 2).status());
  ASSERT_OK(tx.Commit());
  for (const char* sql :
       {"UPDATE records SET packed = x'00'", "UPDATE records SET layout_id = 2",
        "UPDATE record_layouts SET columns = x'00'", "DELETE FROM record_layouts"}) {
    EXPECT_THAT(StoreTesting::Exec(f.store.get(), sql),
                StatusIs(StatusCode::kFailedPrecondition, HasSubstr("immutable")))
        << sql;
  }
}

TEST(PackedRecordTest, FilesWithTheSameColumnsShareALayout) {
  Fixture f = MakeFixture();
  ASSERT_OK_AND_ASSIGN(WriteTransaction tx, f.store->BeginWrite());
  ASSERT_OK_AND_ASSIGN(int64_t a, tx.EnsureRecordLayout(kColumns));
  ASSERT_OK_AND_ASSIGN(int64_t b, tx.EnsureRecordLayout(kColumns));
  ASSERT_OK_AND_ASSIGN(int64_t c, tx.EnsureRecordLayout({"person_id", "surname"}));
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  ASSERT_OK(tx.Commit());
}

TEST(BulkLoadTest, CommitBuildsEveryDroppedIndexAgain) {
  Fixture f = MakeFixture();
  const std::string before = Indexes(f.store.get());
  ASSERT_THAT(before, HasSubstr("names_letter"));
  ASSERT_OK_AND_ASSIGN(WriteTransaction tx, f.store->BeginWrite());
  ASSERT_OK(OpenBatch(&f, &tx));
  ASSERT_OK_AND_ASSIGN(bool bulk, tx.BeginBulkLoad(1000));
  EXPECT_TRUE(bulk);
  EXPECT_EQ(Indexes(f.store.get()).find("names_letter"), std::string::npos);
  for (int i = 0; i < 40; ++i) {
    ASSERT_OK(
        AddPacked(&f, &tx, {std::to_string(i), "Фамилия" + std::to_string(i), "Имя", ""}, i + 2)
            .status());
  }
  // A repeat is still found without the secondary indexes.
  ASSERT_OK_AND_ASSIGN(int64_t repeat, AddPacked(&f, &tx, {"3", "Фамилия3", "Имя", ""}, 99));
  EXPECT_EQ(repeat, 0);
  ASSERT_OK(tx.Commit());
  EXPECT_EQ(Indexes(f.store.get()), before);
  EXPECT_EQ(*StoreTesting::QueryInt(f.store.get(),
                                    "SELECT count(*) FROM names WHERE norm_surname = 'фамилия7'"),
            1);
  EXPECT_EQ(*StoreTesting::QueryInt(f.store.get(), "SELECT count(*) FROM events"), 40);
  auto check = StoreTesting::Rows(f.store.get(), "PRAGMA integrity_check");
  ASSERT_OK(check);
  ASSERT_EQ(check->size(), 1u);
  EXPECT_EQ((*check)[0][0], "ok");
}

TEST(BulkLoadTest, ARolledBackBulkLoadLeavesTheIndexesAndRowsAsTheyWere) {
  Fixture f = MakeFixture();
  const std::string before = Indexes(f.store.get());
  const std::string dump = StoreTesting::Dump(f.store.get()).value();
  {
    ASSERT_OK_AND_ASSIGN(WriteTransaction tx, f.store->BeginWrite());
    ASSERT_OK(OpenBatch(&f, &tx));
    ASSERT_OK_AND_ASSIGN(bool bulk, tx.BeginBulkLoad(1000));
    EXPECT_TRUE(bulk);
    ASSERT_OK(AddPacked(&f, &tx, {"1", "А", "Б", "В"}, 2).status());
    ASSERT_OK(tx.Rollback());
  }
  EXPECT_EQ(Indexes(f.store.get()), before);
  EXPECT_EQ(StoreTesting::Dump(f.store.get()).value(), dump);
}

TEST(BulkLoadTest, AnArchiveHoldingMoreRecordsThanTheLoadKeepsItsIndexes) {
  Fixture f = MakeFixture();
  {
    ASSERT_OK_AND_ASSIGN(WriteTransaction tx, f.store->BeginWrite());
    ASSERT_OK(OpenBatch(&f, &tx));
    for (int i = 0; i < 5; ++i) {
      ASSERT_OK(AddPacked(&f, &tx, {std::to_string(i), "А", "Б", ""}, i + 2).status());
    }
    ASSERT_OK(tx.Commit());
  }
  const std::string before = Indexes(f.store.get());
  ASSERT_OK_AND_ASSIGN(WriteTransaction tx, f.store->BeginWrite());
  ASSERT_OK_AND_ASSIGN(bool bulk, tx.BeginBulkLoad(4));
  EXPECT_FALSE(bulk);
  EXPECT_EQ(Indexes(f.store.get()), before);
  ASSERT_OK(tx.Commit());
}

TEST(BulkLoadTest, AFailedIndexBuildAtCommitRollsEverythingBack) {
  Fixture f = MakeFixture();
  const std::string before = Indexes(f.store.get());
  const std::string dump = StoreTesting::Dump(f.store.get()).value();
  ASSERT_OK_AND_ASSIGN(WriteTransaction tx, f.store->BeginWrite());
  ASSERT_OK(OpenBatch(&f, &tx));
  ASSERT_OK_AND_ASSIGN(bool bulk, tx.BeginBulkLoad(1000));
  ASSERT_TRUE(bulk);
  ASSERT_OK(AddPacked(&f, &tx, {"1", "А", "Б", "В"}, 2).status());
  StoreTesting::FailWrite(f.store.get(), 2);  // the third index built
  EXPECT_THAT(tx.Commit(), StatusIs(StatusCode::kUnavailable, HasSubstr("injected")));
  StoreTesting::FailWrite(f.store.get(), -1);
  EXPECT_FALSE(StoreTesting::InTransaction(f.store.get()));
  EXPECT_EQ(Indexes(f.store.get()), before);
  EXPECT_EQ(StoreTesting::Dump(f.store.get()).value(), dump);
}

}  // namespace
}  // namespace memoria::store
