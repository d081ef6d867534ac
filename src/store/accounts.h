// The archive's accounts and its audit log: who may sign in, with which
// role, and who read or changed what. These tables carry no visibility (they
// are never shown to the public), so they are read here rather than through
// a Reader; they are written through WriteTransaction (store/write.h) like
// everything else. What a role may do is decided in auth/, not here: the
// store keeps the role's name.
//
// Thread safety: like its Store, one thread at a time.
#ifndef MEMORIA_STORE_ACCOUNTS_H_
#define MEMORIA_STORE_ACCOUNTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace memoria::store {

struct Account {
  int64_t id = 0;
  std::string name;
  std::string role;           // reader | volunteer | editor | admin
  std::string password_hash;  // crypto_pwhash_str's encoded form, parameters included
  bool disabled = false;
  std::string created_at, updated_at;
};

// The fields of an account to change; unset ones stay as they are.
struct AccountChange {
  std::optional<std::string> role;
  std::optional<std::string> password_hash;
  std::optional<bool> disabled;
};

// One line of the audit log: who ("account"), when, what they did
// ("action": "read-confidential", "visibility", "account", "sign-in"...),
// where ("route": a page path or a command) and on what ("subject": e.g.
// "person 12").
struct AuditEntry {
  int64_t id = 0;
  std::string at;
  std::string account;
  std::string action;
  std::string route;
  std::string subject;
};

// An account's TOTP second factor (auth/totp.h; docs/SECURITY.md).
struct SecondFactorRow {
  int64_t account_id = 0;
  // The shared secret, Base32; "" when it was not asked for. Sealed in an
  // archive that seals (store/keys.h), opened on reading.
  std::string secret;
  bool sealed = false;
  // False until a code typed from the secret proved the reader's app has it:
  // an unconfirmed factor is not asked for at sign-in.
  bool confirmed = false;
  // The last 30-second step whose code was accepted (-1: none); codes of it
  // and earlier steps are refused.
  int64_t last_step = -1;
  std::string created_at;
};

// A recovery code, kept as salt (16 bytes) || BLAKE2b-256 of the code.
struct RecoveryCodeRow {
  int64_t id = 0;
  std::string hash;
  bool used = false;
};

class Accounts {
 public:
  // "*store" must outlive this object.
  explicit Accounts(Store* store) : store_(store) {}

  // The account with this name (names compare exactly), or nullopt.
  Result<std::optional<Account>> Find(std::string_view name);
  Result<std::optional<Account>> FindById(int64_t id);
  // Every account, by name.
  Result<std::vector<Account>> List();
  // Entries of the audit log with an id above "after_id", oldest first, at
  // most "limit".
  Result<std::vector<AuditEntry>> Audit(int64_t after_id, int64_t limit);

  // The second factor of an account, or nullopt. With "open_secret" the
  // secret is read (opened when sealed): kFailedPrecondition when it is
  // sealed and the archive's key is not loaded; kDataLoss when it does not
  // open.
  Result<std::optional<SecondFactorRow>> SecondFactor(int64_t account_id, bool open_secret = true);
  // The recovery codes of an account, used ones included, by id.
  Result<std::vector<RecoveryCodeRow>> RecoveryCodes(int64_t account_id);

 private:
  Store* store_;
};

}  // namespace memoria::store

#endif  // MEMORIA_STORE_ACCOUNTS_H_
