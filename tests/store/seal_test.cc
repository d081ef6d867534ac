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

#include "store/cases.h"
#include "store/edits.h"
#include "store/keys.h"
#include "store/reader.h"
#include "store/registers.h"
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
// after the import; a confidential claim, change (its value, citation and
// reason), place name, case, assessment, register entry and a correction
// about a confidential person; a confidential source's title, citation
// and the name of a file imported into it; a confidential register's title
// and publisher.
const std::vector<std::string> kCanaries = {
    "КАНАРЕЙКИН-ИМЯ",         "CANARY-EVENT-PLACE",       "CANARY-EVENT-NOTE",
    "CANARY-ATTRIBUTE",       "CANARY-RAW-FIELD",         "CANARY-SOURCE-NAME",
    "CANARY-SOURCE-ATTR",     "ПОЗДНЕСЕКРЕТОВ",           "CANARY-LATER-ATTR",
    "CANARY-CLAIM-STATEMENT", "CANARY-CHANGE-NAME",       "CANARY-CHANGE-CITATION",
    "CANARY-CHANGE-REASON",   "CANARY-PLACE-NAME",        "canary-place-norm",
    "CANARY-CASE-TITLE",      "CANARY-CASE-COURT",        "CANARY-ASSESSMENT-TEXT",
    "CANARY-REGISTER-VALUE",  "CANARY-REGISTER-BEFORE",   "CANARY-CORRECTION-BODY",
    "CANARY-SOURCE-TITLE",    "CANARY-SOURCE-CITATION",   "CANARY-FILE-NAME",
    "CANARY-REGISTER-TITLE",  "CANARY-REGISTER-PUBLISHER"};

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
      const int64_t hidden = b.Source("test:hidden", "CANARY-SOURCE-TITLE",
                                      Visibility::kConfidential, "CANARY-SOURCE-CITATION");
      ASSERT_OK(b.tx().BeginBatch(hidden, "test", "CANARY-FILE-NAME.csv", "01").status());
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
    AddOtherKinds(store.get());
  }

  // The tables without a "sealed" column: a claim, a change proposed and
  // then accepted, a place named by a confidential record, a case with an
  // assessment, a register with a confidential entry, a correction about a
  // confidential person.
  void AddOtherKinds(Store* store) {
    int64_t change = 0;
    {
      auto tx = store->BeginWrite().value();
      claim_ =
          tx.AddClaim("editor", "CANARY-CLAIM-STATEMENT", "архив ФСБ", Visibility::kConfidential)
              .value();
      ChangeRequest r;
      r.kind = ChangeKind::kAdd;
      r.fact = FactKind::kName;
      r.person_id = public_person_;
      r.name.kind = "alias";
      r.name.surname = "CANARY-CHANGE-NAME";
      r.name.given = "Иван";
      r.citation = "CANARY-CHANGE-CITATION";
      r.reason = "CANARY-CHANGE-REASON";
      r.author = "volunteer1";
      r.visibility = Visibility::kConfidential;
      change = tx.ProposeChange(r).value();
      ASSERT_OK(tx.Commit());
    }
    {
      auto tx = store->BeginWrite().value();
      ASSERT_OK(tx.AcceptChange(change, "editor1"));
      ASSERT_OK(tx.Commit());
    }
    ArchiveBuilder b(store);
    const int64_t hidden = b.Source("test:hidden-places", "Места", Visibility::kConfidential);
    const int64_t rec = b.Record(hidden, R"({"место":"тайное"})");
    place_ = b.Place("street", "CANARY-PLACE-NAME");
    b.PlaceName(place_, "CANARY-PLACE-NAME", "canary-place-norm", rec);
    const int64_t case_claim = b.Claim("дело", Visibility::kConfidential);
    CaseFact c;
    c.from.claim_id = case_claim;
    c.title = "CANARY-CASE-TITLE";
    c.court = "CANARY-CASE-COURT";
    c.visibility = Visibility::kConfidential;
    case_ = b.tx().AddCase(c).value();
    InvolvementFact i;
    i.case_id = case_;
    i.person_id = public_person_;
    i.from.claim_id = case_claim;
    i.visibility = Visibility::kConfidential;
    ASSERT_OK(b.tx().AddInvolvement(i).status());
    AssessmentFact a;
    a.person_id = public_person_;
    a.verdict = "political_prisoner";
    a.statement = "CANARY-ASSESSMENT-TEXT";
    a.from.claim_id = case_claim;
    a.visibility = Visibility::kConfidential;
    ASSERT_OK(b.tx().AddAssessment(a).status());
    const int64_t reg_source = b.Source("test:register", "Реестр");
    RegisterInfo info;
    info.key = "test-register";
    info.title = "Реестр";
    info.profile = "test";
    const RegisterInfo reg = b.tx().EnsureRegister(info, reg_source).value();
    SnapshotInfo snap;
    snap.register_id = reg.id;
    snap.batch_id = b.tx().BeginBatch(reg_source, "test", "reg.csv", "abc").value();
    snap.as_of = "2024-01-05";
    snap.as_of_day = 20240105;
    snap.file_name = "reg.csv";
    snap.file_sha256 = "00";
    snap.columns = {"n", "name"};
    snap.rows = 2;
    const int64_t snapshot =
        b.tx().AddSnapshot(snap, "n,name\n1,Открытый\n2,CANARY-REGISTER-VALUE\n").value();
    DerivedHistory h;
    h.entries = {{"1", 1, "person"}, {"2", 2, "person"}};
    h.versions = {{0, "name", "Открытый Реестров", snapshot, snapshot, 20240105, 20240105},
                  {1, "name", "CANARY-REGISTER-VALUE", snapshot, snapshot, 20240105, 20240105}};
    DerivedEvent ev;
    ev.entry = 1;
    ev.kind = "changed";
    ev.snapshot_id = snapshot;
    ev.day = 20240105;
    ev.field = "name";
    ev.before = "CANARY-REGISTER-BEFORE";
    ev.after = "CANARY-REGISTER-VALUE";
    h.events = {ev};
    const std::vector<int64_t> entries = b.tx().ReplaceRegisterHistory(reg.id, h).value();
    ASSERT_OK(b.tx().SetRegisterEntryVisibility(entries[1], Visibility::kConfidential));
    const int64_t hidden_reg_source =
        b.Source("test:hidden-register", "Закрытый реестр", Visibility::kConfidential);
    RegisterInfo hidden_info;
    hidden_info.key = "hidden-register";
    hidden_info.title = "CANARY-REGISTER-TITLE";
    hidden_info.publisher = "CANARY-REGISTER-PUBLISHER";
    hidden_info.profile = "test";
    ASSERT_OK(b.tx().EnsureRegister(hidden_info, hidden_reg_source).status());
    CorrectionSubmission corr;
    corr.person_id = later_person_;
    corr.body = "CANARY-CORRECTION-BODY";
    ASSERT_OK(b.tx().AddCorrection(corr).status());
    b.Commit();
  }

  std::string dir_, key_path_;
  int64_t public_person_ = 0, source_person_ = 0, later_person_ = 0;
  int64_t claim_ = 0, place_ = 0, case_ = 0;
};

// What the confidential views show of the other kinds.
std::string OtherKinds(Store* store) {
  std::string seen;
  for (const char* sql :
       {"SELECT statement FROM visible2_claims",
        "SELECT value || citation || reason FROM visible2_changes",
        "SELECT name || norm FROM visible2_place_names", "SELECT name FROM visible2_places",
        "SELECT title || court FROM visible2_cases", "SELECT statement FROM visible2_assessments",
        "SELECT value FROM visible2_register_versions",
        "SELECT before || after FROM visible2_register_events",
        "SELECT body FROM visible2_corrections", "SELECT title || citation FROM visible2_sources",
        "SELECT title || publisher FROM visible2_registers"}) {
    for (const auto& row : memoria::testing::QueryRows(store, sql)) seen += row[0] + "|";
  }
  // The file names of import batches, as `memoria batch list` reads them.
  for (const BatchInfo& b :
       store->ReaderFor(Visibility::kConfidential).value()->ImportBatches().value())
    seen += b.file_name + "|";
  return seen;
}

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

TEST_F(SealedArchiveTest, WithTheKeyTheOtherKindsReadBackAtTheConfidentialCeiling) {
  auto store = Store::Open(dir_, /*read_only=*/true).value();
  ASSERT_TRUE(store->Unlocked());
  ASSERT_OK(store->ReaderFor(Visibility::kConfidential).status());
  const std::string seen = OtherKinds(store.get());
  for (const std::string& canary : kCanaries) {
    if (canary.rfind("CANARY-", 0) != 0 || canary == "CANARY-SOURCE-NAME") continue;
    if (canary.find("EVENT") != std::string::npos || canary.find("ATTR") != std::string::npos ||
        canary == "CANARY-RAW-FIELD") {
      continue;
    }
    EXPECT_THAT(seen, HasSubstr(canary));
  }
  EXPECT_THAT(seen, HasSubstr("canary-place-norm"));
  // The accepted change added its name, sealed with the claim it rests on.
  Reader* full = store->ReaderFor(Visibility::kConfidential).value();
  std::string names;
  for (const NameFact& n : full->GetPerson(public_person_).value().names) names += n.surname + "|";
  EXPECT_THAT(names, HasSubstr("CANARY-CHANGE-NAME"));
  // A register's snapshot with a confidential entry opens only there.
  auto registers = RegisterReader::Create(full).value();
  const auto rows = memoria::testing::QueryRows(store.get(), "SELECT id FROM register_snapshots");
  ASSERT_EQ(rows.size(), 1u);
  Result<StoredSnapshot> file = registers->Snapshot(std::stoll(rows[0][0]));
  ASSERT_OK(file.status());
  EXPECT_THAT(file->content, HasSubstr("CANARY-REGISTER-VALUE"));
  auto public_registers =
      RegisterReader::Create(store->ReaderFor(Visibility::kPublic).value()).value();
  EXPECT_THAT(public_registers->Snapshot(std::stoll(rows[0][0])).status(),
              StatusIs(StatusCode::kNotFound));
}

TEST_F(SealedArchiveTest, WithoutTheKeyTheOtherKindsAreLocked) {
  fs::rename(key_path_, dir_ + "/../moved.key");
  auto store = Store::Open(dir_, /*read_only=*/true).value();
  ASSERT_FALSE(store->Unlocked());
  ASSERT_OK(store->ReaderFor(Visibility::kConfidential).status());
  const std::string seen = OtherKinds(store.get());
  EXPECT_EQ(seen.find("CANARY"), std::string::npos);
  EXPECT_THAT(seen, HasSubstr(std::string(kLockedValue)));
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
