#include "auth/auth.h"

#include <sodium.h>

#include <mutex>

#include "auth/internal/account_log.h"
#include "auth/second_factor.h"
#include "core/hash.h"
#include "core/text.h"
#include "store/write.h"

namespace memoria::auth {

namespace internal {

Status AuditAccountChange(store::WriteTransaction* tx, std::string_view actor,
                          std::string_view route, std::string_view subject) {
  store::AuditEntry e;
  e.account = std::string(actor);
  e.action = "account";
  e.route = std::string(route);
  e.subject = std::string(subject);
  tx->SetLedgerActor(actor);
  return tx->AppendAudit(e).status();
}

Result<store::Account> ExistingAccount(store::Store* store, std::string_view name) {
  store::Accounts accounts(store);
  MEMORIA_ASSIGN_OR_RETURN(std::optional<store::Account> a, accounts.Find(name));
  if (!a.has_value()) return NotFoundError("no account named '" + std::string(name) + "'");
  return *a;
}

}  // namespace internal

namespace {

constexpr std::string_view kRoleNames[] = {"reader", "volunteer", "editor", "admin"};

// The one message of every failed sign-in.
constexpr std::string_view kBadSignIn = "wrong name or password";

// Applies "change" to the account "name" and logs it, in one transaction.
Status Change(store::Store* store, std::string_view name, const store::AccountChange& change,
              std::string_view actor, std::string_view what) {
  MEMORIA_ASSIGN_OR_RETURN(store::WriteTransaction tx, store->BeginWrite());
  MEMORIA_ASSIGN_OR_RETURN(store::Account account, internal::ExistingAccount(store, name));
  MEMORIA_RETURN_IF_ERROR(tx.UpdateAccount(account.id, change));
  MEMORIA_RETURN_IF_ERROR(internal::AuditAccountChange(&tx, actor, what, account.name));
  return tx.Commit();
}

// A hash of a password nobody has, verified for unknown names so that they
// cost what a known name costs.
const std::string& DummyHash() {
  static const std::string* hash = [] {
    Result<std::string> h = HashPassword("an unknown account's password", PasswordCost());
    return new std::string(h.ok() ? *h : "");
  }();
  return *hash;
}

}  // namespace

std::string_view RoleName(Role role) { return kRoleNames[static_cast<int>(role)]; }

Result<Role> ParseRole(std::string_view name) {
  for (int i = 0; i < 4; ++i) {
    if (kRoleNames[i] == name) return static_cast<Role>(i);
  }
  return InvalidArgumentError("the role must be reader, volunteer, editor or admin, not '" +
                              std::string(name) + "'");
}

store::Visibility CeilingFor(Role role) {
  return Includes(role, Role::kEditor) ? store::Visibility::kConfidential
                                       : store::Visibility::kRestricted;
}

Status Initialize() {
  static const int rc = sodium_init();
  if (rc < 0) return InternalError("libsodium cannot be initialised");
  return Status();
}

Status CheckAccountName(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameBytes) {
    return InvalidArgumentError("an account name has 1 to 64 characters");
  }
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) {
      return InvalidArgumentError(
          "an account name has only Latin letters, digits, '.', '_' and '-'");
    }
  }
  return Status();
}

Status CheckPassword(std::string_view password) {
  if (password.size() > kMaxPasswordBytes) {
    return InvalidArgumentError("the password is longer than 1024 bytes");
  }
  if (!IsValidUtf8(password)) return InvalidArgumentError("the password is not valid UTF-8");
  if (password.find_first_of("\r\n") != std::string_view::npos) {
    return InvalidArgumentError("the password has a line break");
  }
  size_t chars = 0;
  for (unsigned char c : password) chars += (c & 0xC0) != 0x80;
  if (chars < kMinPasswordChars) {
    return InvalidArgumentError("the password needs at least 10 characters");
  }
  return Status();
}

Result<std::string> HashPassword(std::string_view password, const PasswordCost& cost) {
  MEMORIA_RETURN_IF_ERROR(Initialize());
  if (password.size() > kMaxPasswordBytes) {
    return InvalidArgumentError("the password is longer than 1024 bytes");
  }
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops, cost.memory,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return ResourceExhaustedError("hashing the password failed (out of memory?)");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view encoded_hash, std::string_view password) {
  if (!Initialize().ok()) return false;
  if (encoded_hash.empty() || encoded_hash.size() >= crypto_pwhash_STRBYTES) return false;
  if (!encoded_hash.starts_with("$argon2id$")) return false;
  char buf[crypto_pwhash_STRBYTES] = {};
  encoded_hash.copy(buf, encoded_hash.size());
  return crypto_pwhash_str_verify(buf, password.data(), password.size()) == 0;
}

Result<int64_t> AddAccount(store::Store* store, std::string_view name, Role role,
                           std::string_view password, const PasswordCost& cost,
                           std::string_view actor) {
  MEMORIA_RETURN_IF_ERROR(CheckAccountName(name));
  MEMORIA_RETURN_IF_ERROR(CheckPassword(password));
  MEMORIA_ASSIGN_OR_RETURN(std::string hash, HashPassword(password, cost));
  MEMORIA_ASSIGN_OR_RETURN(store::WriteTransaction tx, store->BeginWrite());
  MEMORIA_ASSIGN_OR_RETURN(int64_t id, tx.AddAccount(name, RoleName(role), hash));
  MEMORIA_RETURN_IF_ERROR(internal::AuditAccountChange(
      &tx, actor, "user add", std::string(name) + " as " + std::string(RoleName(role))));
  MEMORIA_RETURN_IF_ERROR(tx.Commit());
  return id;
}

Status SetPassword(store::Store* store, std::string_view name, std::string_view password,
                   const PasswordCost& cost, std::string_view actor) {
  MEMORIA_RETURN_IF_ERROR(CheckPassword(password));
  MEMORIA_RETURN_IF_ERROR(internal::ExistingAccount(store, name).status());
  store::AccountChange change;
  MEMORIA_ASSIGN_OR_RETURN(change.password_hash, HashPassword(password, cost));
  return Change(store, name, change, actor, "user passwd");
}

Status SetRole(store::Store* store, std::string_view name, Role role, std::string_view actor) {
  store::AccountChange change;
  change.role = std::string(RoleName(role));
  return Change(store, name, change, actor, "user role " + std::string(RoleName(role)));
}

Status SetDisabled(store::Store* store, std::string_view name, bool disabled,
                   std::string_view actor) {
  store::AccountChange change;
  change.disabled = disabled;
  return Change(store, name, change, actor, disabled ? "user disable" : "user enable");
}

namespace {

// Principal::credentials of "account": SHA-256 (hex, the first 16 bytes) of
// its password hash and its second factor's state. It reveals nothing of
// the hash and is kept only in the server's memory.
Result<std::string> CredentialsDigest(store::Store* store, const store::Account& account) {
  MEMORIA_ASSIGN_OR_RETURN(SecondFactorState factor, SecondFactorOf(store, account.id));
  const std::string text =
      account.password_hash + (factor == SecondFactorState::kOn ? "|totp" : "|");
  const Sha256Digest digest = Sha256(text);
  return ToHex(digest.data(), 16);
}

}  // namespace

Result<Principal> Authenticate(store::Store* store, std::string_view name,
                               std::string_view password) {
  MEMORIA_RETURN_IF_ERROR(Initialize());
  std::optional<store::Account> account;
  if (CheckAccountName(name).ok() && password.size() <= kMaxPasswordBytes) {
    store::Accounts accounts(store);
    MEMORIA_ASSIGN_OR_RETURN(account, accounts.Find(name));
  }
  if (!account.has_value()) {
    VerifyPassword(DummyHash(), password);
    return NotFoundError(std::string(kBadSignIn));
  }
  const bool match = VerifyPassword(account->password_hash, password);
  if (!match || account->disabled) return NotFoundError(std::string(kBadSignIn));
  MEMORIA_ASSIGN_OR_RETURN(Role role, ParseRole(account->role));
  MEMORIA_ASSIGN_OR_RETURN(std::string credentials, CredentialsDigest(store, *account));
  return Principal{account->id, account->name, role, std::move(credentials)};
}

Result<Principal> CurrentPrincipal(store::Store* store, int64_t account_id) {
  store::Accounts accounts(store);
  MEMORIA_ASSIGN_OR_RETURN(std::optional<store::Account> account, accounts.FindById(account_id));
  if (!account.has_value() || account->disabled) {
    return NotFoundError("the account is gone or disabled");
  }
  MEMORIA_ASSIGN_OR_RETURN(Role role, ParseRole(account->role));
  MEMORIA_ASSIGN_OR_RETURN(std::string credentials, CredentialsDigest(store, *account));
  return Principal{account->id, account->name, role, std::move(credentials)};
}

}  // namespace memoria::auth
