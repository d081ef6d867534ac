// auth/ is who may see and change what: accounts with roles, their
// passwords (Argon2id through libsodium's crypto_pwhash), and the rule from a
// role to the visibility ceiling its reads are made at. Sessions, sign-in
// throttling and CSRF tokens are in auth/sessions.h.
//
// Roles, each including the one before:
//   reader     sees restricted facts
//   volunteer  proposes changes (an editor accepts or rejects them)
//   editor     changes, publishes, sets visibility; sees confidential facts
//   admin      manages accounts and keys
//
// Accounts live in the archive (store/accounts.h). A password never passes
// through argv: the command line reads it from standard input.
//
// Thread safety: the functions taking a Store use it as the Store says (one
// thread at a time); the others may be called from any thread once
// Initialize() has returned.
#ifndef MEMORIA_AUTH_AUTH_H_
#define MEMORIA_AUTH_AUTH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/status.h"
#include "store/accounts.h"
#include "store/store.h"

namespace memoria::auth {

enum class Role : int { kReader = 0, kVolunteer = 1, kEditor = 2, kAdmin = 3 };

std::string_view RoleName(Role role);
// "reader", "volunteer", "editor", "admin"; kInvalidArgument otherwise.
Result<Role> ParseRole(std::string_view name);
// The visibility ceiling of a role's reads: restricted for readers and
// volunteers, confidential for editors and admins.
store::Visibility CeilingFor(Role role);
// Whether "role" includes "needed" (admin includes every role).
inline bool Includes(Role role, Role needed) {
  return static_cast<int>(role) >= static_cast<int>(needed);
}

// Initialises libsodium once per process. Returns kInternal when it cannot
// (no source of randomness).
Status Initialize();

// Argon2id's cost: operations and memory (bytes) per hash. The defaults are
// libsodium's "interactive" limits; tests use the minimum. The values are
// written into each hash's encoded form, so a change of defaults leaves
// existing hashes verifiable.
struct PasswordCost {
  uint64_t ops = 2;
  size_t memory = size_t{64} << 20;
  static PasswordCost Minimum() { return PasswordCost{1, 8192}; }
};

// Limits on what an account may be called and its password.
inline constexpr size_t kMaxNameBytes = 64;
inline constexpr size_t kMinPasswordChars = 10;
inline constexpr size_t kMaxPasswordBytes = 1024;

// A name of 1..kMaxNameBytes letters, digits, '.', '_' or '-' (ASCII);
// kInvalidArgument otherwise.
Status CheckAccountName(std::string_view name);
// At least kMinPasswordChars characters (UTF-8 code points), at most
// kMaxPasswordBytes bytes, valid UTF-8, no line break; kInvalidArgument
// otherwise.
Status CheckPassword(std::string_view password);

// The encoded Argon2id hash of "password" ("$argon2id$v=19$m=...,t=...,p=1$
// salt$hash"), with a fresh random salt. kResourceExhausted when the memory
// cannot be had.
Result<std::string> HashPassword(std::string_view password, const PasswordCost& cost);
// Whether "password" matches the encoded hash (constant time in the
// password). False for a hash that is not libsodium's encoded form.
bool VerifyPassword(std::string_view encoded_hash, std::string_view password);

// A signed-in account as the rest of memoria sees it.
struct Principal {
  int64_t account_id = 0;
  std::string name;
  Role role = Role::kReader;
  // A digest of the account's credentials (its password hash, and whether
  // a second factor is on) when the principal was read: a session whose
  // digest is no longer the account's ends (a changed password or a second
  // factor turned on or off signs out every other session).
  std::string credentials;
};

// The account operations of `memoria user` (each one write transaction,
// each written to the audit log as "account" by "actor"):
// adds an account; kAlreadyExists when the name is taken, kInvalidArgument
// for a bad name or password.
Result<int64_t> AddAccount(store::Store* store, std::string_view name, Role role,
                           std::string_view password, const PasswordCost& cost,
                           std::string_view actor);
// Sets a new password; kNotFound for no such account.
Status SetPassword(store::Store* store, std::string_view name, std::string_view password,
                   const PasswordCost& cost, std::string_view actor);
Status SetRole(store::Store* store, std::string_view name, Role role, std::string_view actor);
// Disables (or enables again) an account: a disabled account cannot sign
// in, and its open sessions end at their next request.
Status SetDisabled(store::Store* store, std::string_view name, bool disabled,
                   std::string_view actor);

// Checks a name and password. Returns the principal, or kNotFound with one
// message for every failure (no such account, wrong password, disabled), so
// that an answer does not tell which names exist. An unknown name costs a
// hash verification too.
Result<Principal> Authenticate(store::Store* store, std::string_view name,
                               std::string_view password);
// The principal of account "id" as it is now: kNotFound when it is gone or
// disabled (a session of it ends), with its current role otherwise.
Result<Principal> CurrentPrincipal(store::Store* store, int64_t account_id);

}  // namespace memoria::auth

#endif  // MEMORIA_AUTH_AUTH_H_
