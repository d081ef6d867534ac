// Second factors of accounts (store/accounts.h): the TOTP secret, sealed
// in an archive that seals (as sealed_values row ('account_totp',
// account_id, 'secret'), so a key rotation re-seals it with the rest), and
// the hashes of the recovery codes.
#include <sodium.h>

#include "store/accounts.h"
#include "store/internal/clock.h"
#include "store/internal/sqlite.h"
#include "store/keys.h"
#include "store/write.h"

namespace memoria::store {
namespace {

constexpr std::string_view kTable = "account_totp";
constexpr std::string_view kColumn = "secret";

Status PutBox(Database* db, const ArchiveKey& key, int64_t account_id, std::string_view plain) {
  const std::string box = SealValue(key, SealedAd(kTable, account_id, kColumn), plain);
  MEMORIA_ASSIGN_OR_RETURN(
      Statement put,
      db->Prepare(
          "INSERT OR REPLACE INTO sealed_values(tbl, row_id, col, box) VALUES (?1, ?2, ?3, ?4)"));
  put.Bind(1, kTable).Bind(2, account_id).Bind(3, kColumn).BindBlob(4, box.data(), box.size());
  return put.Run();
}

Status DeleteBox(Database* db, int64_t account_id) {
  MEMORIA_ASSIGN_OR_RETURN(Statement st,
                           db->Prepare("DELETE FROM sealed_values WHERE tbl = ?1 AND row_id = ?2"));
  st.Bind(1, kTable).Bind(2, account_id);
  return st.Run();
}

}  // namespace

Result<std::optional<SecondFactorRow>> Accounts::SecondFactor(int64_t account_id,
                                                              bool open_secret) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st, store_->db()->Prepare("SELECT secret, sealed, confirmed, last_step, created_at "
                                          "FROM account_totp WHERE account_id = ?1"));
  st.Bind(1, account_id);
  MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<SecondFactorRow>();
  SecondFactorRow f;
  f.account_id = account_id;
  f.sealed = st.ColumnInt(1) != 0;
  f.confirmed = st.ColumnInt(2) != 0;
  f.last_step = st.ColumnInt(3);
  f.created_at = st.ColumnString(4);
  if (open_secret) {
    if (!f.sealed) {
      f.secret = st.ColumnString(0);
    } else {
      if (!store_->Unlocked()) {
        return FailedPreconditionError(
            "the account's second factor is sealed and the archive's key is not loaded");
      }
      MEMORIA_ASSIGN_OR_RETURN(f.secret, store_->OpenSealed(kTable, account_id, kColumn));
      if (f.secret.empty()) return DataLossError("the sealed second factor is missing");
    }
  }
  return std::optional<SecondFactorRow>(std::move(f));
}

Result<std::vector<RecoveryCodeRow>> Accounts::RecoveryCodes(int64_t account_id) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st, store_->db()->Prepare("SELECT id, hash, used_at <> '' FROM "
                                          "recovery_codes WHERE account_id = ?1 ORDER BY id"));
  st.Bind(1, account_id);
  std::vector<RecoveryCodeRow> out;
  while (true) {
    MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back(RecoveryCodeRow{st.ColumnInt(0), st.ColumnString(1), st.ColumnInt(2) != 0});
  }
  return out;
}

Status WriteTransaction::SetSecondFactor(int64_t account_id, std::string_view secret,
                                         bool confirmed) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  Accounts accounts(store_);
  MEMORIA_ASSIGN_OR_RETURN(std::optional<Account> account, accounts.FindById(account_id));
  if (!account.has_value()) return NotFoundError("no account " + std::to_string(account_id));
  const bool seal = store_->Sealing();
  if (seal && !store_->Unlocked()) {
    return FailedPreconditionError(
        "the archive seals its secrets and its key is not loaded: a second factor needs the key "
        "(docs/formats/keys.md)");
  }
  MEMORIA_RETURN_IF_ERROR(RemoveSecondFactor(account_id));
  Database* db = store_->db();
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      db->Prepare("INSERT INTO account_totp(account_id, secret, sealed, confirmed, created_at) "
                  "VALUES (?1, ?2, ?3, ?4, ?5)"));
  st.Bind(1, account_id)
      .Bind(2, seal ? std::string_view("") : secret)
      .Bind(3, static_cast<int64_t>(seal ? 1 : 0))
      .Bind(4, static_cast<int64_t>(confirmed ? 1 : 0))
      .Bind(5, NowUtc());
  MEMORIA_RETURN_IF_ERROR(st.Run());
  if (seal) MEMORIA_RETURN_IF_ERROR(PutBox(db, *store_->key_, account_id, secret));
  return Status();
}

Status WriteTransaction::ConfirmSecondFactor(int64_t account_id, int64_t step) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      store_->db()->Prepare("UPDATE account_totp SET confirmed = 1, last_step = max(last_step, ?2) "
                            "WHERE account_id = ?1"));
  st.Bind(1, account_id).Bind(2, step);
  MEMORIA_RETURN_IF_ERROR(st.Run());
  if (store_->db()->Changes() == 0) return NotFoundError("the account has no second factor");
  return Status();
}

Status WriteTransaction::SetRecoveryCodes(int64_t account_id,
                                          const std::vector<std::string>& hashes) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  Database* db = store_->db();
  MEMORIA_ASSIGN_OR_RETURN(Statement del,
                           db->Prepare("DELETE FROM recovery_codes WHERE account_id = ?1"));
  del.Bind(1, account_id);
  MEMORIA_RETURN_IF_ERROR(del.Run());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement put, db->Prepare("INSERT INTO recovery_codes(account_id, hash) VALUES (?1, ?2)"));
  for (const std::string& h : hashes) {
    put.Reset();
    put.Bind(1, account_id).BindBlob(2, h.data(), h.size());
    MEMORIA_RETURN_IF_ERROR(put.Run());
  }
  return Status();
}

Status WriteTransaction::UseTotpStep(int64_t account_id, int64_t step) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  // The condition makes two sign-ins racing with one code a replay for the
  // second of them: the write transactions are serialised.
  MEMORIA_ASSIGN_OR_RETURN(Statement st,
                           store_->db()->Prepare("UPDATE account_totp SET last_step = ?2 "
                                                 "WHERE account_id = ?1 AND last_step < ?2"));
  st.Bind(1, account_id).Bind(2, step);
  MEMORIA_RETURN_IF_ERROR(st.Run());
  if (store_->db()->Changes() == 0) return AlreadyExistsError("this code was used already");
  return Status();
}

Status WriteTransaction::UseRecoveryCode(int64_t code_id) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(Statement st,
                           store_->db()->Prepare("UPDATE recovery_codes SET used_at = ?2 "
                                                 "WHERE id = ?1 AND used_at = ''"));
  st.Bind(1, code_id).Bind(2, NowUtc());
  MEMORIA_RETURN_IF_ERROR(st.Run());
  if (store_->db()->Changes() == 0) return AlreadyExistsError("this recovery code was used");
  return Status();
}

Status WriteTransaction::RemoveSecondFactor(int64_t account_id) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  Database* db = store_->db();
  MEMORIA_RETURN_IF_ERROR(DeleteBox(db, account_id));
  for (const char* sql : {"DELETE FROM account_totp WHERE account_id = ?1",
                          "DELETE FROM recovery_codes WHERE account_id = ?1"}) {
    MEMORIA_ASSIGN_OR_RETURN(Statement st, db->Prepare(sql));
    st.Bind(1, account_id);
    MEMORIA_RETURN_IF_ERROR(st.Run());
  }
  return Status();
}

Status WriteTransaction::SealSecondFactors() {
  Database* db = store_->db();
  std::vector<std::pair<int64_t, std::string>> plain;
  {
    MEMORIA_ASSIGN_OR_RETURN(
        Statement st, db->Prepare("SELECT account_id, secret FROM account_totp WHERE sealed = 0"));
    while (true) {
      MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      plain.emplace_back(st.ColumnInt(0), st.ColumnString(1));
    }
  }
  if (plain.empty()) return Status();
  MEMORIA_ASSIGN_OR_RETURN(
      Statement blank,
      db->Prepare("UPDATE account_totp SET secret = '', sealed = 1 WHERE account_id = ?1"));
  for (auto& [id, secret] : plain) {
    MEMORIA_RETURN_IF_ERROR(PutBox(db, *store_->key_, id, secret));
    sodium_memzero(secret.data(), secret.size());
    blank.Reset();
    blank.Bind(1, id);
    MEMORIA_RETURN_IF_ERROR(blank.Run());
  }
  sealed_now_ = true;  // the clear text leaves the write-ahead log too
  return Status();
}

}  // namespace memoria::store
