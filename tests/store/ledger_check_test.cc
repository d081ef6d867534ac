// The ledger under tampering (docs/formats/ledger.md, "Verification"): an
// archive written through the program checks out; each change made behind
// its back with SQLite itself (another connection, as the sqlite3 shell
// would) is caught and named by table, entry or checkpoint.
#include <sqlite3.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "store/check.h"
#include "store/internal/testing.h"
#include "store/keys.h"
#include "store/merge.h"
#include "store/signing.h"
#include "store/store.h"
#include "store/write.h"
#include "testing/archive_builder.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria::store {
namespace {

using ::memoria::testing::ArchiveBuilder;
using ::memoria::testing::FreshTempDir;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class LedgerCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir();
    ASSERT_OK_AND_ASSIGN(auto store, Store::Create(dir_));
    {
      ArchiveBuilder b(store.get());
      const int64_t source = b.Source("test:ledger.csv", "List");
      for (int i = 0; i < 5; ++i) {
        const int64_t record = b.Record(source, R"({"n":")" + std::to_string(i) + R"("})");
        const int64_t person = b.Person(record);
        b.Name(person, record, "Петров", "Пётр", "Иванович");
        b.Event(person, record, "birth", "1901");
      }
      b.Commit();
    }
    // A key, so that the entries from here on are signed; its public key
    // where a mirror operator would have it.
    const ArchiveKey key = ArchiveKey::Generate();
    ASSERT_OK(store->EnableSealing(key));
    ASSERT_OK(WritePublicKeyFile(DefaultPublicKeyPath(dir_),
                                 SigningKey::FromArchiveKey(key).public_key()));
    {
      ASSERT_OK_AND_ASSIGN(WriteTransaction tx, store->BeginWrite());
      ASSERT_OK(tx.SetVisibility(Hideable::kPerson, 2, Visibility::kRestricted));
      ASSERT_OK(tx.Commit());
    }
    {
      ASSERT_OK_AND_ASSIGN(WriteTransaction tx, store->BeginWrite());
      ASSERT_OK(tx.AddAccount("editor1", "editor", "$argon2id$not-a-real-hash").status());
      ASSERT_OK(tx.Commit());
    }
    key_ = std::make_unique<ArchiveKey>(key);
  }

  // Runs "sql" on the archive through a connection of its own, as the
  // sqlite3 shell would: no trigger of the program's connection fires.
  void BehindTheBack(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ + "/archive.db").c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    EXPECT_EQ(rc, SQLITE_OK) << (err != nullptr ? err : "") << " in " << sql;
    sqlite3_free(err);
    sqlite3_close(db);
  }

  CheckReport Check(const std::string& public_key_file = "") {
    auto store = Store::Open(dir_, /*read_only=*/true);
    EXPECT_OK(store.status());
    if (!store.ok()) return {};
    auto report = CheckArchive(store->get(), nullptr, public_key_file);
    EXPECT_OK(report.status());
    return report.ok() ? *report : CheckReport{};
  }

  int64_t LastSeq() {
    auto store = Store::Open(dir_, /*read_only=*/true);
    return StoreTesting::QueryInt(store->get(), "SELECT max(seq) FROM ledger").value();
  }

  std::string dir_;
  std::unique_ptr<ArchiveKey> key_;
};

TEST_F(LedgerCheckTest, AnArchiveWrittenByTheProgramChecksOut) {
  const CheckReport r = Check();
  EXPECT_TRUE(r.ok()) << r.problem;
  // genesis, the import, the key, the visibility, the account
  EXPECT_EQ(r.ledger_entries, 5);
  EXPECT_EQ(r.checkpoints, 3);  // from the key on
  EXPECT_EQ(r.unsigned_entries, 0);
  EXPECT_EQ(r.key_anchor, DefaultPublicKeyPath(dir_));
  EXPECT_GT(r.state_rows, 20);
  EXPECT_GT(r.state_tables, 10);
}

TEST_F(LedgerCheckTest, AFactChangedIsNamedByItsTable) {
  BehindTheBack("UPDATE names SET surname = 'Сидоров' WHERE id = 3");
  EXPECT_THAT(Check().problem,
              StartsWith("table names: rows differ from the ledger's state (a row changed"));
}

TEST_F(LedgerCheckTest, ARowAddedIsNamedByItsTable) {
  BehindTheBack(
      "INSERT INTO attributes(person_id, record_id, kind, value) VALUES (1, 1, 'occupation', "
      "'агроном')");
  EXPECT_THAT(Check().problem, StartsWith("table attributes: rows differ from the ledger's state "
                                          "(1 row(s) added"));
}

TEST_F(LedgerCheckTest, ARowDeletedIsNamedByItsTable) {
  BehindTheBack("PRAGMA foreign_keys = OFF; DELETE FROM events WHERE id = 4");
  EXPECT_THAT(Check().problem, StartsWith("table events: rows differ from the ledger's state "
                                          "(1 row(s) deleted"));
}

TEST_F(LedgerCheckTest, AnAccountChangedIsNamed) {
  BehindTheBack("UPDATE accounts SET role = 'admin' WHERE name = 'editor1'");
  EXPECT_THAT(Check().problem, StartsWith("table accounts: "));
}

TEST_F(LedgerCheckTest, ATableAddedIsNamed) {
  BehindTheBack("CREATE TABLE notes(x TEXT); INSERT INTO notes VALUES ('x')");
  EXPECT_THAT(Check().problem, StartsWith("table notes: rows differ"));
}

TEST_F(LedgerCheckTest, AnEntryAlteredIsNamed) {
  BehindTheBack(
      "DROP TRIGGER ledger_immutable;"
      " UPDATE ledger SET actor = 'cli:someone-else' WHERE seq = 2");
  EXPECT_THAT(Check().problem, StartsWith("ledger entry 2: hash stored "));
}

TEST_F(LedgerCheckTest, OneByteOfAnEntrysStateChangedIsNamed) {
  BehindTheBack(
      "DROP TRIGGER ledger_immutable;"
      " UPDATE ledger SET state = CAST(zeroblob(1) || substr(state, 2) AS BLOB) WHERE seq = 3");
  EXPECT_THAT(Check().problem, StartsWith("ledger entry 3: hash stored "));
}

TEST_F(LedgerCheckTest, AnEntryDroppedIsNamed) {
  BehindTheBack("DROP TRIGGER ledger_undeletable; DELETE FROM ledger WHERE seq = 2");
  EXPECT_EQ(Check().problem, "ledger entry 2 is missing (the ledger goes from entry 1 to 3)");
}

TEST_F(LedgerCheckTest, TheLastEntryDroppedIsNamedByItsCheckpoint) {
  const int64_t last = LastSeq();
  BehindTheBack("DROP TRIGGER ledger_undeletable; DELETE FROM ledger WHERE seq = " +
                std::to_string(last));
  EXPECT_EQ(Check().problem, "checkpoint " + std::to_string(last) +
                                 ": its entry is missing (the ledger ends at entry " +
                                 std::to_string(last - 1) + ")");
}

TEST_F(LedgerCheckTest, TheLastEntryAndItsCheckpointDroppedAreCaughtByTheState) {
  const int64_t last = LastSeq();
  BehindTheBack(
      "DROP TRIGGER ledger_undeletable; DROP TRIGGER ledger_checkpoints_undeletable;"
      " DELETE FROM ledger WHERE seq = " +
      std::to_string(last) +
      "; DELETE FROM ledger_checkpoints WHERE seq = " + std::to_string(last));
  EXPECT_THAT(Check().problem, HasSubstr("ledger: the state of ledger entry " +
                                         std::to_string(last - 1) + " is not the archive's"));
}

TEST_F(LedgerCheckTest, ABadSignatureIsNamed) {
  const int64_t last = LastSeq();
  BehindTheBack(
      "DROP TRIGGER ledger_checkpoints_immutable;"
      " UPDATE ledger_checkpoints SET signature = CAST(substr(signature, 1, 10) ||"
      " X'00' || substr(signature, 12) AS BLOB) WHERE seq = " +
      std::to_string(last));
  EXPECT_EQ(Check().problem, "checkpoint " + std::to_string(last) + ": bad signature");
}

TEST_F(LedgerCheckTest, ACheckpointSignedByAnotherKeyIsNamed) {
  // Another key re-signs the whole chain: the entries hold, but the key is
  // not the archive's (archive.pub).
  const SigningKey other = SigningKey::FromArchiveKey(ArchiveKey::Generate());
  const int64_t last = LastSeq();
  BehindTheBack(
      "DROP TRIGGER ledger_checkpoints_immutable; UPDATE ledger_checkpoints SET "
      "public_key = '" +
      other.public_key().Hex() + "' WHERE seq = " + std::to_string(last));
  EXPECT_THAT(Check().problem,
              StartsWith("checkpoint " + std::to_string(last) + ": signed by key " +
                         other.public_key().Id() + ", not by the archive's key then"));
}

TEST_F(LedgerCheckTest, ARecordChangedByOneByteIsNamedByItsRow) {
  BehindTheBack(
      "DROP TRIGGER records_immutable; DROP TRIGGER records_content_sealed_only;"
      " UPDATE records SET raw = '{\"n\":\"7\"}' WHERE id = 2");
  EXPECT_THAT(Check().problem, StartsWith("records row 2: content hash stored "));
}

TEST_F(LedgerCheckTest, ARotatedKeyIsFollowedFromTheNewPublicKey) {
  {
    ASSERT_OK_AND_ASSIGN(auto store, Store::Open(dir_));
    ASSERT_OK(store->Unlock(*key_));
    const ArchiveKey next = ArchiveKey::Generate();
    ASSERT_OK(store->RotateKey(next));
    ASSERT_OK(WritePublicKeyFile(DefaultPublicKeyPath(dir_ + "/new"),
                                 SigningKey::FromArchiveKey(next).public_key()));
    ASSERT_OK_AND_ASSIGN(WriteTransaction tx, store->BeginWrite());
    ASSERT_OK(tx.SetVisibility(Hideable::kPerson, 3, Visibility::kRestricted));
    ASSERT_OK(tx.Commit());
  }
  // archive.pub still names the old key: the rotation leads away from it.
  EXPECT_THAT(Check().problem, HasSubstr("but the key after it is"));

  const CheckReport r = Check(DefaultPublicKeyPath(dir_ + "/new"));
  EXPECT_TRUE(r.ok()) << r.problem;
  EXPECT_EQ(r.checkpoints, 5);
}

TEST_F(LedgerCheckTest, ARevokedKeyCannotSignAfterItsRevocation) {
  const ArchiveKey next = ArchiveKey::Generate();
  const std::string old_public = SigningKey::FromArchiveKey(*key_).public_key().Hex();
  {
    ASSERT_OK_AND_ASSIGN(auto store, Store::Open(dir_));
    ASSERT_OK(store->Unlock(*key_));
    ASSERT_OK(store->RotateKey(next));
    ASSERT_OK_AND_ASSIGN(WriteTransaction tx, store->BeginWrite());
    ASSERT_OK_AND_ASSIGN(std::string replaced, tx.LastReplacedKey());
    EXPECT_EQ(replaced, old_public);
    ASSERT_OK(tx.AppendLedger(ledger::Kind::kKey, {{"revoked", replaced}, {"note", "seized"}}));
    ASSERT_OK(tx.Commit());
  }
  ASSERT_OK(WritePublicKeyFile(DefaultPublicKeyPath(dir_),
                               SigningKey::FromArchiveKey(next).public_key()));
  CheckReport r = Check();
  EXPECT_TRUE(r.ok()) << r.problem;
  EXPECT_EQ(r.revoked_keys, 1);
  // Whoever holds the old key makes a checkpoint with it after the
  // revocation: named.
  const int64_t last = LastSeq();
  BehindTheBack(
      "DROP TRIGGER ledger_checkpoints_immutable; UPDATE ledger_checkpoints SET "
      "public_key = '" +
      old_public + "' WHERE seq = " + std::to_string(last));
  EXPECT_THAT(Check().problem,
              StartsWith("checkpoint " + std::to_string(last) + ": signed by key"));
}

TEST_F(LedgerCheckTest, AStatementThatFailsInsideATransactionLeavesTheStateTrue) {
  {
    ASSERT_OK_AND_ASSIGN(auto store, Store::Open(dir_));
    ASSERT_OK_AND_ASSIGN(WriteTransaction tx, store->BeginWrite());
    // The first row is inserted (its trigger fires), the second breaks a
    // CHECK constraint: the statement is undone, the transaction goes on.
    EXPECT_FALSE(StoreTesting::Exec(store.get(),
                                    "INSERT INTO accounts(name, role, password_hash, created_at,"
                                    " updated_at) VALUES ('a', 'reader', 'h', 't', 't'),"
                                    " ('b', 'nobody', 'h', 't', 't')")
                     .ok());
    ASSERT_OK(tx.SetVisibility(Hideable::kPerson, 4, Visibility::kRestricted));
    ASSERT_OK(tx.Commit());
  }
  const CheckReport r = Check();
  EXPECT_TRUE(r.ok()) << r.problem;
}

TEST_F(LedgerCheckTest, AnArchiveFromBeforeTheLedgerGetsAGenesisEntryThatChecksOut) {
  // As schema version 14 was: no ledger, nor the boxes' triggers of the
  // tables version 18 seals (they name sealed_values, which version 16
  // rebuilds), nor version 19's record dictionaries.
  BehindTheBack(
      "DROP TABLE ledger; DROP TABLE ledger_checkpoints; DROP TABLE ledger_tables;"
      " DROP TABLE record_dicts;"
      " DROP TRIGGER sources_boxes_gone; DROP TRIGGER import_batches_boxes_gone;"
      " DROP TRIGGER registers_boxes_gone; PRAGMA user_version = 14");
  {
    ASSERT_OK_AND_ASSIGN(auto store, Store::Open(dir_));  // migrates
  }
  const CheckReport r = Check();
  EXPECT_TRUE(r.ok()) << r.problem;
  EXPECT_EQ(r.ledger_entries, 1);
  EXPECT_EQ(r.unsigned_entries, 1);
}

TEST_F(LedgerCheckTest, EveryEntryIsAppendedInTheTransactionOfItsChange) {
  {
    ASSERT_OK_AND_ASSIGN(auto store, Store::Open(dir_));
    ASSERT_OK_AND_ASSIGN(WriteTransaction tx, store->BeginWrite());
    ASSERT_OK(tx.SetVisibility(Hideable::kPerson, 5, Visibility::kConfidential));
    ASSERT_OK(tx.Rollback());
  }
  EXPECT_EQ(Check().ledger_entries, 5);
  EXPECT_TRUE(Check().ok());
}

// A bulk merge writes its rows by set operations; the ledger follows them
// as it follows MergePersons, and a split of one of them checks out too.
TEST_F(LedgerCheckTest, ABulkMergeAndItsSplitCheckOut) {
  int64_t first_merge = 0;
  {
    ASSERT_OK_AND_ASSIGN(auto store, Store::Open(dir_));
    ASSERT_OK(store->Unlock(*key_));
    ASSERT_OK_AND_ASSIGN(WriteTransaction tx, store->BeginWrite());
    std::vector<MergeRequest> merges;
    for (int64_t retired : {2, 3, 4}) {
      MergeRequest m;
      m.survivor = 1;
      m.retired = retired;
      m.score = 0.99;
      merges.push_back(m);
    }
    ASSERT_OK_AND_ASSIGN(BulkMergeResult r, tx.MergePersonsBulk(merges, "linker", "test rule"));
    // Person 2 is restricted, person 1 public: refused, as MergePersons does.
    ASSERT_EQ(r.refused.size(), 1u);
    EXPECT_EQ(r.refused[0], (std::pair<int64_t, int64_t>{1, 2}));
    ASSERT_EQ(r.merge_ids.size(), 2u);
    first_merge = r.merge_ids[0];
    ASSERT_OK(tx.Commit());
    EXPECT_EQ(StoreTesting::QueryInt(store.get(),
                                     "SELECT count(*) FROM persons"
                                     " WHERE redirect_to = 1")
                  .value(),
              2);
    EXPECT_EQ(StoreTesting::QueryInt(store.get(),
                                     "SELECT count(*) FROM names"
                                     " WHERE person_id = 1")
                  .value(),
              3);
  }
  EXPECT_TRUE(Check().ok()) << Check().problem;
  {
    ASSERT_OK_AND_ASSIGN(auto store, Store::Open(dir_));
    ASSERT_OK(store->Unlock(*key_));
    ASSERT_OK_AND_ASSIGN(WriteTransaction tx, store->BeginWrite());
    ASSERT_OK(tx.SplitMerge(first_merge, "editor1"));
    ASSERT_OK(tx.Commit());
    EXPECT_EQ(StoreTesting::QueryInt(store.get(),
                                     "SELECT count(*) FROM names"
                                     " WHERE person_id = 1")
                  .value(),
              2);
  }
  EXPECT_TRUE(Check().ok()) << Check().problem;
}

}  // namespace
}  // namespace memoria::store
