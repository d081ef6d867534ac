// Accounts (store/accounts.h) and their writes (WriteTransaction).
#include "store/accounts.h"

#include <nlohmann/json.hpp>

#include "store/internal/clock.h"
#include "store/internal/sqlite.h"
#include "store/write.h"

namespace memoria::store {
namespace {

constexpr std::string_view kAccountColumns =
    "SELECT id, name, role, password_hash, disabled, created_at, updated_at FROM accounts ";

Account AccountOf(const Statement& st) {
  Account a;
  a.id = st.ColumnInt(0);
  a.name = st.ColumnString(1);
  a.role = st.ColumnString(2);
  a.password_hash = st.ColumnString(3);
  a.disabled = st.ColumnInt(4) != 0;
  a.created_at = st.ColumnString(5);
  a.updated_at = st.ColumnString(6);
  return a;
}

bool KnownRole(std::string_view role) {
  return role == "reader" || role == "volunteer" || role == "editor" || role == "admin";
}

}  // namespace

Result<std::optional<Account>> Accounts::Find(std::string_view name) {
  MEMORIA_ASSIGN_OR_RETURN(Statement st,
                           store_->db()->Prepare(std::string(kAccountColumns) + "WHERE name = ?1"));
  st.Bind(1, name);
  MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<Account>();
  return std::optional<Account>(AccountOf(st));
}

Result<std::optional<Account>> Accounts::FindById(int64_t id) {
  MEMORIA_ASSIGN_OR_RETURN(Statement st,
                           store_->db()->Prepare(std::string(kAccountColumns) + "WHERE id = ?1"));
  st.Bind(1, id);
  MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<Account>();
  return std::optional<Account>(AccountOf(st));
}

Result<std::vector<Account>> Accounts::List() {
  MEMORIA_ASSIGN_OR_RETURN(Statement st,
                           store_->db()->Prepare(std::string(kAccountColumns) + "ORDER BY name"));
  std::vector<Account> out;
  while (true) {
    MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back(AccountOf(st));
  }
  return out;
}

Result<std::vector<AuditEntry>> Accounts::Audit(int64_t after_id, int64_t limit) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      store_->db()->Prepare("SELECT id, at, account, action, route, subject FROM audit_log "
                            "WHERE id > ?1 ORDER BY id LIMIT ?2"));
  st.Bind(1, after_id).Bind(2, limit);
  std::vector<AuditEntry> out;
  while (true) {
    MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    AuditEntry e;
    e.id = st.ColumnInt(0);
    e.at = st.ColumnString(1);
    e.account = st.ColumnString(2);
    e.action = st.ColumnString(3);
    e.route = st.ColumnString(4);
    e.subject = st.ColumnString(5);
    out.push_back(std::move(e));
  }
  return out;
}

Result<int64_t> WriteTransaction::AddAccount(std::string_view name, std::string_view role,
                                             std::string_view password_hash) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  if (!KnownRole(role)) return InvalidArgumentError("unknown role '" + std::string(role) + "'");
  Accounts accounts(store_);
  MEMORIA_ASSIGN_OR_RETURN(std::optional<Account> existing, accounts.Find(name));
  if (existing.has_value()) {
    return AlreadyExistsError("an account named '" + std::string(name) + "' exists already");
  }
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      store_->db()->Prepare("INSERT INTO accounts(name, role, password_hash, created_at, "
                            "updated_at) VALUES (?1, ?2, ?3, ?4, ?4)"));
  st.Bind(1, name).Bind(2, role).Bind(3, password_hash).Bind(4, NowUtc());
  MEMORIA_RETURN_IF_ERROR(st.Run());
  const int64_t id = store_->db()->LastInsertRowId();
  // Never the password's hash: the account and what changed.
  MEMORIA_RETURN_IF_ERROR(AppendLedger(
      ledger::Kind::kAccount, {{"account", name}, {"change", "added, role " + std::string(role)}}));
  return id;
}

Status WriteTransaction::UpdateAccount(int64_t id, const AccountChange& change) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  if (change.role.has_value() && !KnownRole(*change.role)) {
    return InvalidArgumentError("unknown role '" + *change.role + "'");
  }
  // COALESCE keeps a column whose new value is NULL (not given).
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      store_->db()->Prepare("UPDATE accounts SET role = COALESCE(?2, role), "
                            "password_hash = COALESCE(?3, password_hash), "
                            "disabled = COALESCE(?4, disabled), updated_at = ?5 WHERE id = ?1"));
  st.Bind(1, id);
  if (change.role.has_value()) {
    st.Bind(2, *change.role);
  } else {
    st.BindNull(2);
  }
  if (change.password_hash.has_value()) {
    st.Bind(3, *change.password_hash);
  } else {
    st.BindNull(3);
  }
  if (change.disabled.has_value()) {
    st.Bind(4, static_cast<int64_t>(*change.disabled ? 1 : 0));
  } else {
    st.BindNull(4);
  }
  st.Bind(5, NowUtc());
  MEMORIA_RETURN_IF_ERROR(st.Run());
  if (store_->db()->Changes() == 0) {
    return NotFoundError("no account " + std::to_string(id));
  }
  std::string what;
  if (change.role.has_value()) what += "role " + *change.role;
  if (change.password_hash.has_value()) what += std::string(what.empty() ? "" : ", ") + "password";
  if (change.disabled.has_value()) {
    what += std::string(what.empty() ? "" : ", ") + (*change.disabled ? "disabled" : "enabled");
  }
  return AppendLedger(ledger::Kind::kAccount, {{"account_id", id}, {"change", what}});
}

Result<int64_t> WriteTransaction::AppendAudit(const AuditEntry& entry) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      store_->db()->Prepare("INSERT INTO audit_log(at, account, action, route, subject) "
                            "VALUES (?1, ?2, ?3, ?4, ?5)"));
  st.Bind(1, entry.at.empty() ? NowUtc() : entry.at)
      .Bind(2, entry.account)
      .Bind(3, entry.action)
      .Bind(4, entry.route)
      .Bind(5, entry.subject);
  MEMORIA_RETURN_IF_ERROR(st.Run());
  return store_->db()->LastInsertRowId();
}

}  // namespace memoria::store
