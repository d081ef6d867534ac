// Encryption at rest of confidential values (store/keys.h,
// docs/formats/keys.md): the cipher and its associated data, key files, the
// seal pass (confidential values leave no plaintext in any file of the
// archive), opening without the key, and key rotation.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "store/keys.h"
#include "store/reader.h"
#include "store/store.h"
#include "store/write.h"
#include "testing/archive_builder.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria::store {
namespace {

namespace fs = std::filesystem;
using ::memoria::testing::ArchiveBuilder;
using ::memoria::testing::StatusIs;
using ::testing::HasSubstr;

TEST(SealTest, ValueRoundTrips) {
  const ArchiveKey key = ArchiveKey::Generate();
  const std::string ad = SealedAd("names", 7, "surname");
  const std::string box = SealValue(key, ad, "Секретов");
  EXPECT_EQ(box.find("Секретов"), std::string::npos);
  Result<std::string> plain = OpenValue(key, ad, box);
  ASSERT_OK(plain.status());
  EXPECT_EQ(*plain, "Секретов");
  // A fresh nonce each time: the same value seals differently.
  EXPECT_NE(SealValue(key, ad, "Секретов"), box);
}

TEST(SealTest, WrongKeyIsDataLossNeverGarbage) {
  const ArchiveKey key = ArchiveKey::Generate();
  const ArchiveKey other = ArchiveKey::Generate();
  const std::string ad = SealedAd("attributes", 3, "value");
  const std::string box = SealValue(key, ad, "адрес свидетеля");
  Result<std::string> opened = OpenValue(other, ad, box);
  EXPECT_THAT(opened.status(), StatusIs(StatusCode::kDataLoss));
  EXPECT_THAT(opened.status().message(), HasSubstr("does not open"));
}

TEST(SealTest, ValueCopiedToAnotherRowOrColumnDoesNotOpen) {
  const ArchiveKey key = ArchiveKey::Generate();
  const std::string box = SealValue(key, SealedAd("names", 7, "surname"), "Секретов");
  EXPECT_THAT(OpenValue(key, SealedAd("names", 8, "surname"), box).status(),
              StatusIs(StatusCode::kDataLoss));
  EXPECT_THAT(OpenValue(key, SealedAd("names", 7, "given"), box).status(),
              StatusIs(StatusCode::kDataLoss));
  EXPECT_THAT(OpenValue(key, SealedAd("events", 7, "surname"), box).status(),
              StatusIs(StatusCode::kDataLoss));
  std::string damaged = box;
  damaged[damaged.size() / 2] ^= 1;
  EXPECT_THAT(OpenValue(key, SealedAd("names", 7, "surname"), damaged).status(),
              StatusIs(StatusCode::kDataLoss));
}

TEST(SealTest, KeyFileIsPrivateAndReadsBack) {
  const std::string dir = memoria::testing::FreshTempDir();
  const std::string path = DefaultKeyPath(dir);
  const ArchiveKey key = ArchiveKey::Generate();
  ASSERT_OK(WriteKeyFile(path, key));
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(fs::path(path).parent_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  Result<ArchiveKey> read = ReadKeyFile(path);
  ASSERT_OK(read.status());
  EXPECT_EQ(read->Id(), key.Id());
  EXPECT_THAT(WriteKeyFile(path, key).code(), StatusCode::kAlreadyExists);
  ::chmod(path.c_str(), 0644);
  EXPECT_THAT(ReadKeyFile(path).status(), StatusIs(StatusCode::kFailedPrecondition));
}

TEST(SealTest, PassphraseDerivesTheSameKeyOnlyFromTheSamePassphrase) {
  const std::string salt(16, 's');
  Result<ArchiveKey> a = ArchiveKey::FromPassphrase("correct horse battery", salt, 1, 8192);
  Result<ArchiveKey> b = ArchiveKey::FromPassphrase("correct horse battery", salt, 1, 8192);
  Result<ArchiveKey> c = ArchiveKey::FromPassphrase("wrong horse battery", salt, 1, 8192);
  ASSERT_OK(a.status());
  ASSERT_OK(b.status());
  ASSERT_OK(c.status());
  EXPECT_EQ(a->Id(), b->Id());
  EXPECT_NE(a->Id(), c->Id());
}

// Every byte of every file under "dir" but the key directory.
std::string EveryByte(const std::string& dir) {
  std::string all;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    if (entry.path().parent_path().filename() == kKeyDirectory) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return all;
}

// Canaries: a confidential name, event place, event note, attribute and
// raw record; a whole confidential source; a person made confidential
// after the import.
const std::vector<std::string> kCanaries = {
    "КАНАРЕЙКИН-ИМЯ",     "CANARY-EVENT-PLACE", "CANARY-EVENT-NOTE",
    "CANARY-ATTRIBUTE",   "CANARY-RAW-FIELD",   "CANARY-SOURCE-NAME",
    "CANARY-SOURCE-ATTR", "ПОЗДНЕСЕКРЕТОВ",     "CANARY-LATER-ATTR"};

class SealedArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = memoria::testing::FreshTempDir() + "/archive";
    key_path_ = DefaultKeyPath(dir_);
    auto store = Store::Create(dir_).value();
    const ArchiveKey key = ArchiveKey::Generate();
    ASSERT_OK(WriteKeyFile(key_path_, key));
    ASSERT_OK(store->EnableSealing(key));
    {
      ArchiveBuilder b(store.get());
      const int64_t src = b.Source("test:open", "Открытый список");
      int64_t rec = b.Record(
          src, R"({"ФИО":"Открытов Иван","addr":"CANARY-ATTRIBUTE","raw":"CANARY-RAW-FIELD"})");
      public_person_ = b.Person(rec);
      b.Name(public_person_, rec, "Открытов", "Иван");
      b.Name(public_person_, rec, "КАНАРЕЙКИН-ИМЯ", "Тайный", "", "alias",
             Visibility::kConfidential);
      b.Event(public_person_, rec, "arrest", "1937-08-05", "CANARY-EVENT-PLACE",
              Visibility::kConfidential, "", "CANARY-EVENT-NOTE");
      b.Attribute(public_person_, rec, "address", "CANARY-ATTRIBUTE", Visibility::kConfidential);
      b.Attribute(public_person_, rec, "occupation", "учитель");
      const int64_t hidden = b.Source("test:hidden", "Закрытый список", Visibility::kConfidential);
      rec = b.Record(hidden, R"({"ФИО":"CANARY-SOURCE-NAME"})");
      source_person_ = b.Person(rec);
      b.Name(source_person_, rec, "CANARY-SOURCE-NAME", "Иван");
      b.Attribute(source_person_, rec, "note", "CANARY-SOURCE-ATTR");
      rec = b.Record(src, R"({"ФИО":"ПОЗДНЕСЕКРЕТОВ","a":"CANARY-LATER-ATTR"})");
      later_person_ = b.Person(rec);
      b.Name(later_person_, rec, "ПОЗДНЕСЕКРЕТОВ", "Пётр");
      b.Attribute(later_person_, rec, "address", "CANARY-LATER-ATTR");
      b.Commit();
    }
    // Made confidential after the import.
    auto tx = store->BeginWrite().value();
    ASSERT_OK(tx.SetVisibility(Hideable::kPerson, later_person_, Visibility::kConfidential));
    ASSERT_OK(tx.Commit());
  }

  std::string dir_, key_path_;
  int64_t public_person_ = 0, source_person_ = 0, later_person_ = 0;
};

TEST_F(SealedArchiveTest, NoFileOfTheArchiveHoldsAConfidentialValue) {
  const std::string bytes = EveryByte(dir_);
  ASSERT_THAT(bytes, HasSubstr("Открытов"));  // the scan reads the archive at all
  for (const std::string& canary : kCanaries) {
    EXPECT_EQ(bytes.find(canary), std::string::npos) << canary;
  }
}

TEST_F(SealedArchiveTest, WithTheKeyEveryValueReadsBack) {
  auto store = Store::Open(dir_, /*read_only=*/true).value();
  ASSERT_TRUE(store->Unlocked());
  Reader* full = store->ReaderFor(Visibility::kConfidential).value();
  PersonView p = full->GetPerson(public_person_).value();
  std::string seen;
  for (const NameFact& n : p.names) seen += n.surname + "|";
  for (const EventFact& e : p.events)
    seen += e.place + "|" + e.note + "|" + e.date.ToString() + "|";
  for (const AttributeFact& a : p.attributes) seen += a.value + "|";
  for (const RecordView& r : p.records) seen += r.raw;
  for (const char* c : {"КАНАРЕЙКИН-ИМЯ", "CANARY-EVENT-PLACE", "CANARY-EVENT-NOTE", "1937-08-05",
                        "CANARY-ATTRIBUTE", "CANARY-RAW-FIELD"}) {
    EXPECT_THAT(seen, HasSubstr(c));
  }
  const int64_t later_id[] = {later_person_};
  const std::vector<PersonSummary> listed = full->Summaries(later_id).value();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].surname, "ПОЗДНЕСЕКРЕТОВ");  // a list opens sealed names too
  PersonView later = full->GetPerson(later_person_).value();
  EXPECT_EQ(later.names[0].surname, "ПОЗДНЕСЕКРЕТОВ");
  EXPECT_THAT(later.records[0].raw, HasSubstr("CANARY-LATER-ATTR"));
  // The public view of the same person: its record opened, the
  // confidential fields taken out.
  Reader* pub = store->ReaderFor(Visibility::kPublic).value();
  PersonView open = pub->GetPerson(public_person_).value();
  ASSERT_EQ(open.records.size(), 1u);
  EXPECT_THAT(open.records[0].raw, HasSubstr("Открытов"));
  EXPECT_THAT(open.records[0].raw, HasSubstr("CANARY-RAW-FIELD"));
  EXPECT_EQ(open.records[0].raw.find("CANARY-ATTRIBUTE"), std::string::npos);
}

TEST_F(SealedArchiveTest, WithoutTheKeyPublicFactsReadAndConfidentialOnesAreLocked) {
  fs::rename(key_path_, dir_ + "/../moved.key");
  auto store = Store::Open(dir_, /*read_only=*/true).value();
  EXPECT_TRUE(store->Sealing());
  EXPECT_FALSE(store->Unlocked());
  Reader* full = store->ReaderFor(Visibility::kConfidential).value();
  PersonView p = full->GetPerson(public_person_).value();
  bool saw_public = false, saw_locked = false;
  for (const NameFact& n : p.names) {
    if (n.surname == "Открытов") saw_public = true;
    if (n.locked) {
      saw_locked = true;
      EXPECT_EQ(n.surname, kLockedValue);
    }
  }
  EXPECT_TRUE(saw_public);
  EXPECT_TRUE(saw_locked);
  for (const AttributeFact& a : p.attributes) {
    EXPECT_NE(a.value, "CANARY-ATTRIBUTE");
    if (a.kind == "occupation") {
      EXPECT_EQ(a.value, "учитель");
    }
  }
  const int64_t later_id[] = {later_person_};
  const std::vector<PersonSummary> listed = full->Summaries(later_id).value();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].surname, kLockedValue);
  // A record holding a confidential value is locked as a whole.
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_TRUE(p.records[0].locked);
  Reader* pub = store->ReaderFor(Visibility::kPublic).value();
  PersonView open = pub->GetPerson(public_person_).value();
  EXPECT_EQ(open.names.size(), 1u);
  EXPECT_EQ(open.records[0].raw.find("CANARY"), std::string::npos);
}

TEST_F(SealedArchiveTest, AWrongKeyFileIsRefusedWithAClearError) {
  ASSERT_OK(WriteKeyFile(key_path_, ArchiveKey::Generate(), /*replace=*/true));
  Result<std::unique_ptr<Store>> store = Store::Open(dir_, /*read_only=*/true);
  EXPECT_THAT(store.status(), StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(store.status().message(), HasSubstr("is not the key of the archive"));
}

TEST_F(SealedArchiveTest, ChangesToWhatIsConfidentialNeedTheKey) {
  fs::rename(key_path_, dir_ + "/../moved.key");
  auto store = Store::Open(dir_).value();
  auto tx = store->BeginWrite().value();
  ASSERT_OK(tx.SetVisibility(Hideable::kPerson, later_person_, Visibility::kPublic));
  EXPECT_THAT(tx.Commit(), StatusIs(StatusCode::kFailedPrecondition));
}

TEST_F(SealedArchiveTest, MadeLessSecretAValueIsOpenedAgain) {
  {
    auto store = Store::Open(dir_).value();
    auto tx = store->BeginWrite().value();
    ASSERT_OK(tx.SetVisibility(Hideable::kPerson, later_person_, Visibility::kPublic));
    ASSERT_OK(tx.Commit());
  }
  EXPECT_THAT(EveryByte(dir_), HasSubstr("ПОЗДНЕСЕКРЕТОВ"));
  auto store = Store::Open(dir_, /*read_only=*/true).value();
  Reader* pub = store->ReaderFor(Visibility::kPublic).value();
  PersonView p = pub->GetPerson(later_person_).value();
  EXPECT_EQ(p.names[0].surname, "ПОЗДНЕСЕКРЕТОВ");
  EXPECT_FALSE(p.names[0].locked);
  EXPECT_THAT(p.records[0].raw, HasSubstr("CANARY-LATER-ATTR"));
}

TEST_F(SealedArchiveTest, RotationKeepsEveryValueUnderTheNewKeyOnly) {
  const ArchiveKey old_key = ReadKeyFile(key_path_).value();
  const ArchiveKey new_key = ArchiveKey::Generate();
  {
    auto store = Store::Open(dir_).value();
    const int64_t sealed = store->SealedValueCount().value();
    ASSERT_GT(sealed, 0);
    ASSERT_OK(store->RotateKey(new_key));
    EXPECT_EQ(store->SealedValueCount().value(), sealed);
  }
  // The old key no longer opens the archive...
  {
    auto store = Store::Open(dir_, /*read_only=*/true);
    EXPECT_THAT(store.status(), StatusIs(StatusCode::kFailedPrecondition));
  }
  ASSERT_OK(WriteKeyFile(key_path_, new_key, /*replace=*/true));
  auto store = Store::Open(dir_, /*read_only=*/true).value();
  ASSERT_TRUE(store->Unlocked());
  EXPECT_THAT(store->Unlock(old_key), StatusIs(StatusCode::kFailedPrecondition));
  Reader* full = store->ReaderFor(Visibility::kConfidential).value();
  PersonView p = full->GetPerson(later_person_).value();
  EXPECT_EQ(p.names[0].surname, "ПОЗДНЕСЕКРЕТОВ");
  PersonView q = full->GetPerson(source_person_).value();
  EXPECT_EQ(q.names[0].surname, "CANARY-SOURCE-NAME");
  // ... nor does any of its values open with the old key, and each opens
  // with the new one.
  const auto rows = memoria::testing::QueryRows(
      store.get(), "SELECT tbl, row_id, col, hex(box) FROM sealed_values");
  ASSERT_FALSE(rows.empty());
  for (const auto& row : rows) {
    std::string box;
    for (size_t i = 0; i + 1 < row[3].size(); i += 2) {
      box.push_back(static_cast<char>(std::stoi(row[3].substr(i, 2), nullptr, 16)));
    }
    const std::string ad = SealedAd(row[0], std::stoll(row[1]), row[2]);
    EXPECT_THAT(OpenValue(old_key, ad, box).status(), StatusIs(StatusCode::kDataLoss));
    EXPECT_OK(OpenValue(new_key, ad, box).status());
  }
  const std::string bytes = EveryByte(dir_);
  for (const std::string& canary : kCanaries) {
    EXPECT_EQ(bytes.find(canary), std::string::npos) << canary;
  }
}

}  // namespace
}  // namespace memoria::store
