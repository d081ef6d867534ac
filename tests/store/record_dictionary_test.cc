// Compressed packed records (store/internal/record_dictionary.h): what is
// compressed, what a dictionary may hold, and that every reader gets the
// record back byte for byte.
#include "store/internal/record_dictionary.h"

#include <string>
#include <vector>

#include "core/hash.h"
#include "store/check.h"
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

const std::vector<std::string> kColumns = {"id", "fio", "born", "fate", "book"};
const char* const kSurnames[] = {"Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов",
                                 "Попов",  "Волков", "Соколов", "Лебедев",  "Козлов"};
const char* const kPlaces[] = {"Тверская губ., Кашинский уезд", "г. Москва", "Калининская обл.",
                               "Ленинградская обл., г. Луга"};

// A row like a Memorial list's: common words, and a word of its own
// ("Ыкс" and the row's number spelled in letters) that no other row has.
// Rows from 500,000 on have other common words.
std::vector<std::string> Row(int i, const std::string& own = "") {
  std::string word = own.empty() ? "Ыкс" : own;
  for (int n = i; n > 0; n /= 10) word.push_back(static_cast<char>('a' + n % 10));
  if (i >= 500000) {
    return {std::to_string(i), word + " " + kSurnames[i % 10] + "а Петровна",
            "Омская обл., Тарский р-н, с. Бол. Туралы " + std::to_string(i % 7),
            i % 2 == 0 ? "выслана в Казахстан" : "приговорена к ВМН",
            "Жертвы политического террора в СССР; Омск"};
  }
  return {std::to_string(i), std::string(kSurnames[i % 10]) + " " + word + " Иванович",
          std::string("1") + std::to_string(890 + i % 20) + ", " + kPlaces[i % 4],
          i % 3 == 0 ? "расстрелян 1938 по приговору тройки УНКВД" : "осужден на 10 лет ИТЛ",
          "Книга памяти Калининской обл."};
}

std::string Packed(const std::vector<std::string>& fields) {
  std::string out;
  PackFields(std::span<const std::string>(fields), &out);
  return out;
}

std::string Json(const std::vector<std::string>& fields) {
  std::vector<std::string_view> views(fields.begin(), fields.end());
  std::string json;
  RecordJson(std::span<const std::string>(kColumns), views, &json);
  return json;
}

struct Fixture {
  std::unique_ptr<Store> store = Store::OpenInMemory().value();
  int64_t source = 0;
  int64_t batch = 0;
};

Status OpenBatch(Fixture* f, WriteTransaction* tx, Visibility source_visibility,
                 const std::string& file) {
  SourceInfo info;
  info.key = source_visibility == Visibility::kPublic ? "test:list" : "test:secret";
  info.title = "A list";
  info.profile = "memorial-lists";
  info.visibility = source_visibility;
  MEMORIA_ASSIGN_OR_RETURN(f->source, tx->EnsureSource(info));
  MEMORIA_ASSIGN_OR_RETURN(f->batch, tx->BeginBatch(f->source, "memorial-lists", file, file));
  return Status();
}

// Adds rows first .. last-1 as packed records with a person each.
Status AddRows(Fixture* f, WriteTransaction* tx, int first, int last,
               Visibility visibility = Visibility::kPublic, const std::string& own = "") {
  MEMORIA_ASSIGN_OR_RETURN(int64_t layout, tx->EnsureRecordLayout(kColumns));
  for (int i = first; i < last; ++i) {
    const std::vector<std::string> fields = Row(i, own);
    const std::string packed = Packed(fields);
    PackedRecord r;
    r.source_id = f->source;
    r.batch_id = f->batch;
    r.position = i + 2;
    r.layout_id = layout;
    r.packed = packed;
    r.hash = Sha256(Json(fields));
    r.visibility = visibility;
    MEMORIA_ASSIGN_OR_RETURN(int64_t record, tx->AddPackedRecord(r));
    if (record == 0) return InternalError("row " + std::to_string(i) + " not added");
    MEMORIA_ASSIGN_OR_RETURN(int64_t person, tx->AddPerson(f->batch, visibility));
    MEMORIA_RETURN_IF_ERROR(tx->LinkRecord(person, record, "import"));
    NameFact n;
    n.person_id = person;
    n.record_id = record;
    n.surname = kSurnames[i % 10];
    n.given = "Иван";
    n.visibility = visibility;
    MEMORIA_RETURN_IF_ERROR(tx->AddFacts({&n, 1}, {}, {}));
  }
  return Status();
}

int64_t Query(Store* store, const std::string& sql) {
  Result<int64_t> n = StoreTesting::QueryInt(store, sql);
  EXPECT_OK(n);
  return n.ok() ? *n : -1;
}

constexpr const char* kCompressed =
    "SELECT count(*) FROM records WHERE substr(packed, 1, 2) = x'8000'";

TEST(RecordDictionaryTest, RecordsAfterTheSamplesAreCompressedAndReadBackTheSame) {
  Fixture f;
  const int rows = static_cast<int>(kRecordDictionarySamples) + 300;
  {
    ASSERT_OK_AND_ASSIGN(WriteTransaction tx, f.store->BeginWrite());
    ASSERT_OK(OpenBatch(&f, &tx, Visibility::kPublic, "a.tsv"));
    ASSERT_OK(AddRows(&f, &tx, 0, rows));
    ASSERT_OK(tx.Commit());
  }
  EXPECT_EQ(Query(f.store.get(), "SELECT count(*) FROM record_dicts"), 1);
  EXPECT_EQ(Query(f.store.get(), kCompressed), 300);
  // A compressed record takes well under half its plain bytes here.
  size_t plain = 0;
  for (int i = static_cast<int>(kRecordDictionarySamples); i < rows; ++i) {
    plain += Packed(Row(i)).size();
  }
  const int64_t stored = Query(f.store.get(),
                               "SELECT sum(length(packed)) FROM records"
                               " WHERE substr(packed, 1, 2) = x'8000'");
  EXPECT_LT(stored * 2, static_cast<int64_t>(plain));
  // Every reader: the person page, the check of content hashes.
  ASSERT_OK_AND_ASSIGN(Reader * reader, f.store->ReaderFor(Visibility::kPublic));
  for (int i : {0, 1999, 2000, 2001, rows - 1}) {
    ASSERT_OK_AND_ASSIGN(PersonView p, reader->GetPerson(i + 1));
    ASSERT_EQ(p.records.size(), 1u);
    EXPECT_EQ(p.records[0].raw, Json(Row(i))) << i;
    EXPECT_EQ(p.records[0].content_hash, ToHex(Sha256(Json(Row(i)))));
  }
  ASSERT_OK_AND_ASSIGN(CheckReport report, CheckArchive(f.store.get()));
  EXPECT_TRUE(report.ok()) << report.problem;
  EXPECT_EQ(report.records, rows);
  // A later import of the same columns uses the same dictionary from its
  // first record.
  {
    ASSERT_OK_AND_ASSIGN(WriteTransaction tx, f.store->BeginWrite());
    ASSERT_OK(OpenBatch(&f, &tx, Visibility::kPublic, "b.tsv"));
    ASSERT_OK(AddRows(&f, &tx, rows, rows + 10));
    ASSERT_OK(tx.Commit());
  }
  EXPECT_EQ(Query(f.store.get(), "SELECT count(*) FROM record_dicts"), 1);
  EXPECT_EQ(Query(f.store.get(), kCompressed), 310);
  ASSERT_OK_AND_ASSIGN(PersonView last, reader->GetPerson(rows + 10));
  ASSERT_EQ(last.records.size(), 1u);
  EXPECT_EQ(last.records[0].raw, Json(Row(rows + 9)));
}

TEST(RecordDictionaryTest, AShortImportCompressesNothing) {
  Fixture f;
  ASSERT_OK_AND_ASSIGN(WriteTransaction tx, f.store->BeginWrite());
  ASSERT_OK(OpenBatch(&f, &tx, Visibility::kPublic, "a.tsv"));
  ASSERT_OK(AddRows(&f, &tx, 0, static_cast<int>(kRecordDictionarySamples) - 1));
  ASSERT_OK(tx.Commit());
  EXPECT_EQ(Query(f.store.get(), "SELECT count(*) FROM record_dicts"), 0);
  EXPECT_EQ(Query(f.store.get(), kCompressed), 0);
}

TEST(RecordDictionaryTest, ConfidentialRecordsAreNeitherSampledNorCompressed) {
  for (bool by_source : {true, false}) {
    Fixture f;
    ASSERT_OK_AND_ASSIGN(WriteTransaction tx, f.store->BeginWrite());
    ASSERT_OK(
        OpenBatch(&f, &tx, by_source ? Visibility::kConfidential : Visibility::kPublic, "a.tsv"));
    ASSERT_OK(AddRows(&f, &tx, 0, static_cast<int>(kRecordDictionarySamples) + 50,
                      by_source ? Visibility::kPublic : Visibility::kConfidential));
    ASSERT_OK(tx.Commit());
    EXPECT_EQ(Query(f.store.get(), "SELECT count(*) FROM record_dicts"), 0) << by_source;
    EXPECT_EQ(Query(f.store.get(), kCompressed), 0) << by_source;
  }
}

TEST(RecordDictionaryTest, ADictionaryHoldsOnlyWordsOfSeveralRecords) {
  std::vector<std::string> samples;
  for (int i = 0; i < static_cast<int>(kRecordDictionarySamples); ++i) {
    std::vector<std::string> fields = Row(i);
    // Two common words side by side in only two records.
    if (i < 2) fields[3] = "Альфа Бета";
    if (i >= 2 && i < 100) fields[3] = i % 2 == 0 ? "Альфа Гамма" : "Дельта Бета";
    samples.push_back(Packed(fields));
  }
  const std::string dict = TrainRecordDictionary(samples);
  ASSERT_FALSE(dict.empty());
  EXPECT_THAT(dict, HasSubstr("Книга памяти Калининской обл."));
  EXPECT_THAT(dict, HasSubstr("Альфа Гамма"));
  EXPECT_EQ(dict.find("Альфа Бета"), std::string::npos);
  // No row's own word, whole or in part (each starts with "Ыкс").
  EXPECT_EQ(dict.find("Ыкс"), std::string::npos);
}

TEST(RecordDictionaryTest, ADamagedOrUnknownCompressedRecordIsDataLoss) {
  std::vector<std::string> samples;
  for (int i = 0; i < static_cast<int>(kRecordDictionarySamples); ++i) {
    samples.push_back(Packed(Row(i)));
  }
  const std::string dict = TrainRecordDictionary(samples);
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<RecordCompressor> c, RecordCompressor::Create(7, dict));
  const std::string plain = Packed(Row(5000));
  std::string stored;
  ASSERT_OK(c->Compress(plain, &stored));
  ASSERT_TRUE(IsCompressedRecord(stored));
  EXPECT_FALSE(IsCompressedRecord(plain));
  ASSERT_OK_AND_ASSIGN(std::string back, UnpackWithDictionary(stored, dict));
  EXPECT_EQ(back, plain);
  // Read without the archive's dictionaries.
  const std::string columns = Packed(kColumns);
  std::string json;
  EXPECT_THAT(PackedRecordJson(columns, stored, &json),
              StatusIs(StatusCode::kDataLoss, HasSubstr("dictionar")));
  // Cut short, or a frame that is not one.
  for (size_t cut : {size_t{2}, size_t{3}, stored.size() / 2, stored.size() - 1}) {
    EXPECT_THAT(UnpackWithDictionary(stored.substr(0, cut), dict).status(),
                StatusIs(StatusCode::kDataLoss))
        << cut;
  }
  // A dictionary the archive does not have.
  auto store = Store::OpenInMemory().value();
  std::string scratch;
  EXPECT_THAT(RecordDictionaries(StoreTesting::Db(store.get())).Unpack(stored, &scratch).status(),
              StatusIs(StatusCode::kDataLoss, HasSubstr("no record dictionary 7")));
}

TEST(RecordDictionaryTest, ADictionaryOfATransactionRolledBackIsForgotten) {
  Fixture f;
  const int rows = static_cast<int>(kRecordDictionarySamples) + 10;
  ASSERT_OK_AND_ASSIGN(Reader * reader, f.store->ReaderFor(Visibility::kPublic));
  {
    ASSERT_OK_AND_ASSIGN(WriteTransaction tx, f.store->BeginWrite());
    ASSERT_OK(OpenBatch(&f, &tx, Visibility::kPublic, "a.tsv"));
    ASSERT_OK(AddRows(&f, &tx, 0, rows, Visibility::kPublic, "Ыкс"));
    // Read inside the transaction: the reader loads dictionary 1.
    ASSERT_OK_AND_ASSIGN(PersonView p, reader->GetPerson(rows));
    ASSERT_EQ(p.records.size(), 1u);
    ASSERT_EQ(p.records[0].raw, Json(Row(rows - 1, "Ыкс")));
    ASSERT_OK(tx.Rollback());
  }
  // Another import gets id 1 for a dictionary learnt from other rows.
  ASSERT_OK_AND_ASSIGN(WriteTransaction tx, f.store->BeginWrite());
  ASSERT_OK(OpenBatch(&f, &tx, Visibility::kPublic, "b.tsv"));
  ASSERT_OK(AddRows(&f, &tx, 500000, 500000 + rows, Visibility::kPublic, "Зед"));
  ASSERT_OK(tx.Commit());
  EXPECT_EQ(Query(f.store.get(), "SELECT min(id) FROM record_dicts"), 1);
  ASSERT_OK_AND_ASSIGN(int64_t last,
                       StoreTesting::QueryInt(f.store.get(), "SELECT max(id) FROM persons"));
  ASSERT_OK_AND_ASSIGN(PersonView p, reader->GetPerson(last));
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].raw, Json(Row(500000 + rows - 1, "Зед")));
}

}  // namespace
}  // namespace memoria::store
