// Encryption at rest of confidential values (docs/formats/keys.md): the
// Store's key (LoadSealing, Unlock, EnableSealing, RotateKey) and the seal
// pass of WriteTransaction::Commit (Reseal).
#include <sodium.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "store/internal/sealed_tables.h"
#include "store/internal/sqlite.h"
#include "store/keys.h"
#include "store/signing.h"
#include "store/store.h"
#include "store/write.h"

namespace memoria::store {

namespace {

struct FactColumn {
  const char* name;
  bool integer;  // restored as an integer, NULL when it had no value
  bool blob;     // restored as a BLOB, NULL when it had no value
};

struct FactTable {
  const char* name;
  std::vector<FactColumn> columns;
  // Selects the ids of rows with sealed = ?1 whose being confidential is ?2.
  const char* candidates;
};

// The effective visibility of a fact: the highest of the fact's own, its
// person's, and its provenance's (record and source, or claim).
constexpr const char* kFactConfidential =
    "max(f.visibility, p.visibility, coalesce(r.visibility, 0), coalesce(s.visibility, 0),"
    " coalesce(c.visibility, 0)) = 2";

std::string FactCandidates(const char* table) {
  return std::string("SELECT f.id FROM ") + table +
         " f JOIN persons p ON p.id = f.person_id"
         " LEFT JOIN records r ON r.id = f.record_id LEFT JOIN sources s ON s.id = r.source_id"
         " LEFT JOIN claims c ON c.id = f.claim_id WHERE f.sealed = ?1 AND (" +
         kFactConfidential + ") = ?2 ORDER BY f.id";
}

// A record is confidential when it or its source is, when a fact read from
// it is, or when every person it belongs to is (a person made confidential
// takes the text of its records with it).
constexpr const char* kRecordCandidates =
    "SELECT r.id FROM records r JOIN sources s ON s.id = r.source_id WHERE r.sealed = ?1"
    " AND (max(r.visibility, s.visibility) = 2"
    // A fact read from it is confidential: the record repeats its text.
    " OR EXISTS (SELECT 1 FROM names f WHERE f.record_id = r.id AND f.visibility = 2)"
    " OR EXISTS (SELECT 1 FROM events f WHERE f.record_id = r.id AND f.visibility = 2)"
    " OR EXISTS (SELECT 1 FROM attributes f WHERE f.record_id = r.id AND f.visibility = 2)"
    " OR (EXISTS (SELECT 1 FROM person_records pr WHERE pr.record_id = r.id)"
    " AND NOT EXISTS (SELECT 1 FROM person_records pr JOIN persons p ON p.id = pr.person_id"
    " WHERE pr.record_id = r.id AND p.visibility < 2))) = ?2 ORDER BY r.id";

const std::vector<FactTable>& Tables() {
  static const auto* tables = new std::vector<FactTable>{
      {"names",
       {{"surname", false, false},
        {"given", false, false},
        {"patronymic", false, false},
        {"norm_surname", false, false},
        {"norm_given", false, false},
        {"norm_patronymic", false, false}},
       nullptr},
      {"events",
       {{"date", false, false},
        {"date_min", true, false},
        {"date_max", true, false},
        {"date_text", false, false},
        {"place", false, false},
        {"place_id", true, false},
        {"body", false, false},
        {"article", false, false},
        {"sentence", false, false},
        {"note", false, false}},
       nullptr},
      {"attributes", {{"value", false, false}}, nullptr},
      {"records", {{"raw", false, false}, {"packed", false, true}}, kRecordCandidates},
  };
  return *tables;
}

std::string CandidatesSql(const FactTable& t) {
  return t.candidates != nullptr ? std::string(t.candidates) : FactCandidates(t.name);
}

Result<std::vector<int64_t>> Ids(Database* db, const std::string& sql, int sealed,
                                 int confidential) {
  MEMORIA_ASSIGN_OR_RETURN(Statement st, db->Prepare(sql));
  st.Bind(1, static_cast<int64_t>(sealed)).Bind(2, static_cast<int64_t>(confidential));
  std::vector<int64_t> ids;
  while (true) {
    MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    ids.push_back(st.ColumnInt(0));
  }
  return ids;
}

// Moves the columns of row "id" into sealed_values and blanks them.
Status SealRow(Database* db, const ArchiveKey& key, const FactTable& t, int64_t id) {
  std::string select = "SELECT ";
  std::string update = std::string("UPDATE ") + t.name + " SET sealed = 1";
  for (size_t i = 0; i < t.columns.size(); ++i) {
    const FactColumn& c = t.columns[i];
    select += (i ? ", " : "") + std::string(c.name);
    update += std::string(", ") + c.name + (c.integer || c.blob ? " = NULL" : " = ''");
  }
  select += std::string(" FROM ") + t.name + " WHERE id = ?1";
  update += " WHERE id = ?1";
  MEMORIA_ASSIGN_OR_RETURN(Statement read, db->Prepare(select));
  read.Bind(1, id);
  MEMORIA_ASSIGN_OR_RETURN(bool found, read.Step());
  if (!found) return InternalError(std::string("no row to seal in ") + t.name);
  MEMORIA_ASSIGN_OR_RETURN(
      Statement put,
      db->Prepare(
          "INSERT OR REPLACE INTO sealed_values(tbl, row_id, col, box) VALUES (?1, ?2, ?3, ?4)"));
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (read.ColumnIsNull(static_cast<int>(i))) continue;
    const std::string value = read.ColumnString(static_cast<int>(i));
    if (value.empty() && !t.columns[i].blob) continue;
    const std::string box = SealValue(key, SealedAd(t.name, id, t.columns[i].name), value);
    put.Reset();
    put.Bind(1, t.name).Bind(2, id).Bind(3, t.columns[i].name).BindBlob(4, box.data(), box.size());
    MEMORIA_RETURN_IF_ERROR(put.Run());
  }
  read.Reset();
  MEMORIA_ASSIGN_OR_RETURN(Statement blank, db->Prepare(update));
  blank.Bind(1, id);
  return blank.Run();
}

// Restores the columns of row "id" from sealed_values and deletes them there.
Status UnsealRow(Database* db, const ArchiveKey& key, const FactTable& t, int64_t id) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement get,
      db->Prepare("SELECT box FROM sealed_values WHERE tbl = ?1 AND row_id = ?2 AND col = ?3"));
  std::string update = std::string("UPDATE ") + t.name + " SET sealed = 0";
  for (size_t i = 0; i < t.columns.size(); ++i) {
    update += std::string(", ") + t.columns[i].name + " = ?" + std::to_string(i + 2);
  }
  update += " WHERE id = ?1";
  MEMORIA_ASSIGN_OR_RETURN(Statement put, db->Prepare(update));
  put.Bind(1, id);
  for (size_t i = 0; i < t.columns.size(); ++i) {
    const FactColumn& c = t.columns[i];
    get.Reset();
    get.Bind(1, t.name).Bind(2, id).Bind(3, c.name);
    MEMORIA_ASSIGN_OR_RETURN(bool found, get.Step());
    const int at = static_cast<int>(i) + 2;
    if (!found) {
      if (c.integer || c.blob) {
        put.BindNull(at);
      } else {
        put.Bind(at, "");
      }
      continue;
    }
    Result<std::string> opened = OpenValue(key, SealedAd(t.name, id, c.name), get.ColumnText(0));
    if (!opened.ok()) {
      return opened.status().Annotate(std::string(t.name) + " " + std::to_string(id) + " " +
                                      c.name);
    }
    const std::string& plain = *opened;
    if (c.integer) {
      put.Bind(at, static_cast<int64_t>(std::strtoll(plain.c_str(), nullptr, 10)));
    } else if (c.blob) {
      put.BindBlob(at, plain.data(), plain.size());
    } else {
      put.Bind(at, std::string_view(plain));
    }
  }
  get.Reset();
  MEMORIA_RETURN_IF_ERROR(put.Run());
  MEMORIA_ASSIGN_OR_RETURN(Statement drop,
                           db->Prepare("DELETE FROM sealed_values WHERE tbl = ?1 AND row_id = ?2"));
  drop.Bind(1, t.name).Bind(2, id);
  return drop.Run();
}

// The tables without a "sealed" column (internal/sealed_tables.h): a row
// is sealed when it has boxes, one per sealed column, empty values too.
std::string HasBoxes(const char* table) {
  return std::string("EXISTS (SELECT 1 FROM sealed_values sv WHERE sv.tbl = '") + table +
         "' AND sv.row_id = f.id)";
}

Result<std::vector<int64_t>> UnmarkedIds(Database* db, const SealedTable& t, bool sealed) {
  const std::string sql = std::string("SELECT f.id FROM ") + t.name + " f WHERE " +
                          (sealed ? "" : "NOT ") + HasBoxes(t.name) + " AND coalesce((" +
                          t.confidential + "), 0) " + (sealed ? "= 0" : "<> 0") + " ORDER BY f.id";
  MEMORIA_ASSIGN_OR_RETURN(Statement st, db->Prepare(sql));
  std::vector<int64_t> ids;
  while (true) {
    MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    ids.push_back(st.ColumnInt(0));
  }
  return ids;
}

Status SealUnmarkedRow(Database* db, const ArchiveKey& key, const SealedTable& t, int64_t id) {
  std::string select = "SELECT ";
  std::string update = std::string("UPDATE ") + t.name + " SET ";
  for (size_t i = 0; i < t.columns.size(); ++i) {
    select += (i ? ", " : "") + std::string(t.columns[i].name);
    update += (i ? ", " : "") + std::string(t.columns[i].name) + " = " + t.columns[i].blank;
  }
  select += std::string(" FROM ") + t.name + " WHERE id = ?1";
  update += " WHERE id = ?1";
  MEMORIA_ASSIGN_OR_RETURN(Statement read, db->Prepare(select));
  read.Bind(1, id);
  MEMORIA_ASSIGN_OR_RETURN(bool found, read.Step());
  if (!found) return InternalError(std::string("no row to seal in ") + t.name);
  MEMORIA_ASSIGN_OR_RETURN(
      Statement put,
      db->Prepare(
          "INSERT OR REPLACE INTO sealed_values(tbl, row_id, col, box) VALUES (?1, ?2, ?3, ?4)"));
  for (size_t i = 0; i < t.columns.size(); ++i) {
    std::string value =
        read.ColumnIsNull(static_cast<int>(i)) ? "" : read.ColumnString(static_cast<int>(i));
    const std::string box = SealValue(key, SealedAd(t.name, id, t.columns[i].name), value);
    sodium_memzero(value.data(), value.size());
    put.Reset();
    put.Bind(1, t.name).Bind(2, id).Bind(3, t.columns[i].name).BindBlob(4, box.data(), box.size());
    MEMORIA_RETURN_IF_ERROR(put.Run());
  }
  read.Reset();
  MEMORIA_ASSIGN_OR_RETURN(Statement blank, db->Prepare(update));
  blank.Bind(1, id);
  return blank.Run();
}

Status UnsealUnmarkedRow(Database* db, const ArchiveKey& key, const SealedTable& t, int64_t id) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement get,
      db->Prepare("SELECT box FROM sealed_values WHERE tbl = ?1 AND row_id = ?2 AND col = ?3"));
  std::string update = std::string("UPDATE ") + t.name + " SET ";
  for (size_t i = 0; i < t.columns.size(); ++i) {
    update += (i ? ", " : "") + std::string(t.columns[i].name) + " = ?" + std::to_string(i + 2);
  }
  update += " WHERE id = ?1";
  MEMORIA_ASSIGN_OR_RETURN(Statement put, db->Prepare(update));
  put.Bind(1, id);
  for (size_t i = 0; i < t.columns.size(); ++i) {
    const SealedColumn& c = t.columns[i];
    const int at = static_cast<int>(i) + 2;
    get.Reset();
    get.Bind(1, t.name).Bind(2, id).Bind(3, c.name);
    MEMORIA_ASSIGN_OR_RETURN(bool found, get.Step());
    if (!found)
      return DataLossError(std::string("no sealed value of ") + t.name + " " + std::to_string(id) +
                           " " + c.name);
    Result<std::string> opened = OpenValue(key, SealedAd(t.name, id, c.name), get.ColumnText(0));
    if (!opened.ok()) {
      return opened.status().Annotate(std::string(t.name) + " " + std::to_string(id) + " " +
                                      c.name);
    }
    const std::string& plain = *opened;
    if (c.kind != SealedKind::kText && plain.empty()) {
      put.BindNull(at);
    } else if (c.kind == SealedKind::kInteger) {
      put.Bind(at, static_cast<int64_t>(std::strtoll(plain.c_str(), nullptr, 10)));
    } else if (c.kind == SealedKind::kBlob) {
      put.BindBlob(at, plain.data(), plain.size());
    } else {
      put.Bind(at, std::string_view(plain));
    }
  }
  get.Reset();
  MEMORIA_RETURN_IF_ERROR(put.Run());
  MEMORIA_ASSIGN_OR_RETURN(Statement drop,
                           db->Prepare("DELETE FROM sealed_values WHERE tbl = ?1 AND row_id = ?2"));
  drop.Bind(1, t.name).Bind(2, id);
  return drop.Run();
}

Result<std::string> MetaValue(Database* db, std::string_view key) {
  MEMORIA_ASSIGN_OR_RETURN(Statement st, db->Prepare("SELECT value FROM meta WHERE key = ?1"));
  st.Bind(1, key);
  MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.ColumnString(0) : std::string();
}

Status SetMeta(Database* db, std::string_view key, std::string_view value) {
  MEMORIA_ASSIGN_OR_RETURN(Statement st,
                           db->Prepare("INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)"));
  st.Bind(1, key).Bind(2, value);
  return st.Run();
}

// The store's statement cache slot of OpenSealed (write.cc and
// write_cases.cc use those below 300).
constexpr int kSealedSlot = 900;

}  // namespace

Status Store::LoadSealing(const std::string& key_file) {
  MEMORIA_ASSIGN_OR_RETURN(key_id_, MetaValue(db_.get(), "seal_key_id"));
  MEMORIA_ASSIGN_OR_RETURN(key_kdf_, MetaValue(db_.get(), "seal_kdf"));
  if (key_id_.empty()) return Status();
  MEMORIA_ASSIGN_OR_RETURN(std::optional<ArchiveKey> remembered, RememberedKey(key_id_, key_kdf_));
  if (remembered.has_value()) return Unlock(*remembered);
  if (key_kdf_ != "file") return Status();  // locked until UnlockWithPassphrase
  std::string path = key_file;
  if (path.empty()) {
    const char* env = std::getenv("MEMORIA_KEY_FILE");
    path = env != nullptr && *env != '\0' ? env : DefaultKeyPath(dir_);
  }
  // A rotation that committed but did not rename its new key file yet
  // leaves the archive's key at PATH.new (docs/formats/keys.md).
  std::string wrong;
  for (const std::string& candidate : {path, path + ".new"}) {
    Result<ArchiveKey> key = ReadKeyFile(candidate);
    if (!key.ok()) {
      if (key.status().code() == StatusCode::kNotFound) continue;
      return key.status();
    }
    if (key->Id() == key_id_) return Unlock(*key);
    if (wrong.empty()) wrong = candidate + " (key id " + key->Id() + ")";
  }
  if (!wrong.empty()) {
    return FailedPreconditionError("the key file " + wrong + " is not the key of the archive in " +
                                   dir_ + " (key id " + key_id_ + ")");
  }
  return Status();  // locked: confidential values read as kLockedValue
}

Status Store::Unlock(const ArchiveKey& key) {
  if (key_id_.empty()) return FailedPreconditionError("this archive does not seal its values");
  if (key.Id() != key_id_) {
    return FailedPreconditionError("wrong key: key id " + key.Id() +
                                   " does not open this archive (key id " + key_id_ + ")");
  }
  key_ = std::make_unique<ArchiveKey>(key);
  return Status();
}

Status Store::UnlockWithPassphrase(std::string_view passphrase) {
  MEMORIA_ASSIGN_OR_RETURN(ArchiveKey key, DeriveKey(passphrase, key_kdf_));
  if (key.Id() != key_id_) return FailedPreconditionError("wrong passphrase for this archive");
  key_ = std::make_unique<ArchiveKey>(key);
  return Status();
}

Status Store::EnableSealing(const ArchiveKey& key, std::string_view kdf) {
  if (Sealing()) return AlreadyExistsError("the archive seals its confidential values already");
  MEMORIA_ASSIGN_OR_RETURN(WriteTransaction tx, BeginWrite());
  MEMORIA_RETURN_IF_ERROR(SetMeta(db_.get(), "seal_key_id", key.Id()));
  MEMORIA_RETURN_IF_ERROR(SetMeta(db_.get(), "seal_kdf", kdf));
  key_id_ = key.Id();
  key_kdf_ = std::string(kdf);
  key_ = std::make_unique<ArchiveKey>(key);
  tx.seal_pending_ = true;
  // The ledger's first key: checkpoints from this entry on are signed by it.
  Status s = tx.AppendLedger(ledger::Kind::kKey,
                             {{"public_key", SigningKey::FromArchiveKey(key).public_key().Hex()}});
  if (s.ok()) s = tx.Commit();
  if (!s.ok()) {
    key_id_.clear();
    key_kdf_.clear();
    key_.reset();
  }
  return s;
}

Status Store::RotateKey(const ArchiveKey& new_key, std::string_view kdf) {
  if (!Sealing()) return FailedPreconditionError("this archive does not seal its values");
  if (!Unlocked()) return FailedPreconditionError("the archive's current key is not loaded");
  MEMORIA_ASSIGN_OR_RETURN(WriteTransaction tx, BeginWrite());
  std::vector<std::tuple<std::string, int64_t, std::string, std::string>> boxes;
  {
    MEMORIA_ASSIGN_OR_RETURN(Statement st,
                             db_->Prepare("SELECT tbl, row_id, col, box FROM sealed_values"));
    while (true) {
      MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      boxes.emplace_back(st.ColumnString(0), st.ColumnInt(1), st.ColumnString(2),
                         st.ColumnString(3));
    }
  }
  MEMORIA_ASSIGN_OR_RETURN(
      Statement put,
      db_->Prepare(
          "UPDATE sealed_values SET box = ?4 WHERE tbl = ?1 AND row_id = ?2 AND col = ?3"));
  for (const auto& [table, row_id, column, box] : boxes) {
    const std::string ad = SealedAd(table, row_id, column);
    Result<std::string> opened = OpenValue(*key_, ad, box);
    if (!opened.ok()) {
      return opened.status().Annotate(table + " " + std::to_string(row_id) + " " + column);
    }
    std::string plain = std::move(opened).value();
    const std::string sealed = SealValue(new_key, ad, plain);
    sodium_memzero(plain.data(), plain.size());
    put.Reset();
    put.Bind(1, table).Bind(2, row_id).Bind(3, column).BindBlob(4, sealed.data(), sealed.size());
    MEMORIA_RETURN_IF_ERROR(put.Run());
  }
  MEMORIA_RETURN_IF_ERROR(SetMeta(db_.get(), "seal_key_id", new_key.Id()));
  MEMORIA_RETURN_IF_ERROR(SetMeta(db_.get(), "seal_kdf", kdf));
  tx.sealed_now_ = true;  // the log is truncated after the commit
  // The new signing key, vouched for by the old one, which signs this
  // entry's checkpoint too (ledger.md, "Checkpoints").
  const SigningKey old_signer = SigningKey::FromArchiveKey(*key_);
  const std::string old_public = old_signer.public_key().Hex();
  const std::string new_public = SigningKey::FromArchiveKey(new_key).public_key().Hex();
  const std::string signature = old_signer.Sign(ledger::RotationMessage(old_public, new_public));
  MEMORIA_RETURN_IF_ERROR(tx.AppendLedger(
      ledger::Kind::kKey, {{"previous", old_public},
                           {"public_key", new_public},
                           {"signature", ToHex(reinterpret_cast<const uint8_t*>(signature.data()),
                                               signature.size())}}));
  MEMORIA_RETURN_IF_ERROR(tx.Commit());
  key_id_ = new_key.Id();
  key_kdf_ = std::string(kdf);
  key_ = std::make_unique<ArchiveKey>(new_key);
  return Status();
}

Result<int64_t> Store::SealedValueCount() {
  return db_->QueryInt("SELECT count(*) FROM sealed_values");
}

Result<std::string> Store::OpenSealed(std::string_view table, int64_t row_id,
                                      std::string_view column) {
  if (key_ == nullptr) return std::string(kLockedValue);
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * get,
      Cached(kSealedSlot,
             "SELECT box FROM sealed_values WHERE tbl = ?1 AND row_id = ?2 AND col = ?3"));
  get->Bind(1, table).Bind(2, row_id).Bind(3, column);
  Result<bool> found = get->Step();
  if (!found.ok()) {
    get->Reset();
    return found.status();
  }
  if (!*found) {
    get->Reset();
    return std::string();
  }
  Result<std::string> plain = OpenValue(*key_, SealedAd(table, row_id, column), get->ColumnText(0));
  get->Reset();
  if (!plain.ok()) {
    return plain.status().Annotate(std::string(table) + " " + std::to_string(row_id) + " " +
                                   std::string(column));
  }
  return plain;
}

Status WriteTransaction::OpenSealedRow(std::string_view table, int64_t id) {
  const SealedTable* t = FindSealedTable(table);
  if (t == nullptr) return InternalError("not a sealed table: " + std::string(table));
  Database* db = store_->db();
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st, db->Prepare("SELECT 1 FROM sealed_values WHERE tbl = ?1 AND row_id = ?2"));
  st.Bind(1, table).Bind(2, id);
  MEMORIA_ASSIGN_OR_RETURN(bool sealed, st.Step());
  st.Reset();
  if (!sealed) return Status();
  if (!store_->Unlocked()) {
    return FailedPreconditionError(std::string(table) + " " + std::to_string(id) +
                                   " is sealed and the archive's key is not loaded");
  }
  seal_extras_pending_ = true;
  return UnsealUnmarkedRow(db, *store_->key_, *t, id);
}

Status WriteTransaction::Reseal() {
  if (!store_->Sealing()) return Status();
  Database* db = store_->db();
  bool locked_work = false;
  for (const FactTable& t : Tables()) {
    if (!seal_pending_) break;
    const std::string sql = CandidatesSql(t);
    MEMORIA_ASSIGN_OR_RETURN(std::vector<int64_t> to_seal, Ids(db, sql, 0, 1));
    MEMORIA_ASSIGN_OR_RETURN(std::vector<int64_t> to_open, Ids(db, sql, 1, 0));
    if (to_seal.empty() && to_open.empty()) continue;
    if (!store_->Unlocked()) {
      locked_work = true;
      break;
    }
    for (int64_t id : to_seal) MEMORIA_RETURN_IF_ERROR(SealRow(db, *store_->key_, t, id));
    for (int64_t id : to_open) MEMORIA_RETURN_IF_ERROR(UnsealRow(db, *store_->key_, t, id));
    sealed_now_ = true;
  }
  for (const SealedTable& t : SealedTables()) {
    if (locked_work) break;
    MEMORIA_ASSIGN_OR_RETURN(std::vector<int64_t> to_seal, UnmarkedIds(db, t, false));
    MEMORIA_ASSIGN_OR_RETURN(std::vector<int64_t> to_open, UnmarkedIds(db, t, true));
    if (to_seal.empty() && to_open.empty()) continue;
    if (!store_->Unlocked()) {
      locked_work = true;
      break;
    }
    for (int64_t id : to_seal) MEMORIA_RETURN_IF_ERROR(SealUnmarkedRow(db, *store_->key_, t, id));
    for (int64_t id : to_open) {
      MEMORIA_RETURN_IF_ERROR(UnsealUnmarkedRow(db, *store_->key_, t, id));
    }
    sealed_now_ = true;
  }
  if (!locked_work && store_->Unlocked()) MEMORIA_RETURN_IF_ERROR(SealSecondFactors());
  if (locked_work) {
    return FailedPreconditionError(
        "the archive seals its confidential values and its key is not loaded: a change to what "
        "is confidential needs the key (docs/formats/keys.md)");
  }
  return Status();
}

}  // namespace memoria::store
