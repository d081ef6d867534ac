// An account's optional second factor: a TOTP app (auth/totp.h) and ten
// recovery codes, each usable once instead of a code. docs/SECURITY.md
// says what protects each part.
//
// Enrolment is two steps on the website (Begin, then Confirm with a code
// from the app, which proves the app holds the secret) and one on the
// command line (Enable, for an administrator setting it up with the
// reader). Recovery codes are shown once and kept only as hashes: 80
// random bits each, so a fast salted BLAKE2b is as strong as a slow hash
// would be (Argon2id's cost protects guessable passwords; nobody guesses
// 2^80), and checking ten of them costs microseconds per sign-in.
//
// Time is Unix seconds passed in by the caller.
//
// Thread safety: like the Store passed in, one thread at a time.
#ifndef MEMORIA_AUTH_SECOND_FACTOR_H_
#define MEMORIA_AUTH_SECOND_FACTOR_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/status.h"
#include "store/store.h"
#include "store/write.h"

namespace memoria::auth {

inline constexpr int kRecoveryCodes = 10;

enum class SecondFactorState { kNone, kPending, kOn };

struct TotpEnrolment {
  std::string secret;                       // Base32
  std::string uri;                          // otpauth://
  std::vector<std::string> recovery_codes;  // empty until confirmed
};

// The state of an account's second factor (the secret is not opened).
Result<SecondFactorState> SecondFactorOf(store::Store* store, int64_t account_id);

// Starts enrolment: a fresh secret, stored unconfirmed (replacing an
// unconfirmed one). kAlreadyExists when the account has a confirmed
// factor; kFailedPrecondition when the archive seals and is locked.
Result<TotpEnrolment> BeginTotp(store::Store* store, std::string_view name, std::string_view actor);
// The pending enrolment of an account, for showing it again.
Result<TotpEnrolment> PendingTotp(store::Store* store, std::string_view name);
// Confirms a pending enrolment with a current code and returns the new
// recovery codes. kInvalidArgument for a wrong code; kFailedPrecondition
// when there is nothing pending.
Result<std::vector<std::string>> ConfirmTotp(store::Store* store, std::string_view name,
                                             std::string_view code, int64_t unix_now,
                                             std::string_view actor);
// Begin and confirm at once (the command line): the secret, URI and codes.
Result<TotpEnrolment> EnableTotp(store::Store* store, std::string_view name,
                                 std::string_view actor);
// Removes the second factor; kNotFound for no such account,
// kFailedPrecondition when it has none.
Status DisableTotp(store::Store* store, std::string_view name, std::string_view actor);

// Checks a code at sign-in: a TOTP code (6 digits) of a step not used yet,
// or an unused recovery code, which is then used up. kNotFound for
// a wrong or used code (one message for every such failure);
// kFailedPrecondition when the secret is sealed and the key not loaded.
Status CheckSecondFactor(store::WriteTransaction* tx, int64_t account_id, std::string_view code,
                         int64_t unix_now);
// The same in a write transaction of its own (the command line, tests).
Status CheckSecondFactor(store::Store* store, int64_t account_id, std::string_view code,
                         int64_t unix_now);

// A new recovery code ("xxxx-xxxx-xxxx-xxxx", Base32 lower case, 80 bits)
// and the stored form of one (salt || BLAKE2b-256(salt-keyed, code)).
std::string NewRecoveryCode();
std::string HashRecoveryCode(std::string_view code);
// Whether "code" (dashes, spaces and case ignored) matches "stored".
bool RecoveryCodeMatches(std::string_view stored, std::string_view code);

}  // namespace memoria::auth

#endif  // MEMORIA_AUTH_SECOND_FACTOR_H_
