// Second factors of accounts (auth/second_factor.h).
#include "auth/second_factor.h"

#include <sodium.h>

#include "auth/auth.h"
#include "auth/internal/account_log.h"
#include "auth/totp.h"
#include "store/accounts.h"

namespace memoria::auth {
namespace {

constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;
constexpr size_t kRecoveryBytes = 10;  // 80 bits: 16 Base32 characters

// The one message of every refused code.
constexpr std::string_view kBadCode = "wrong or used code";

std::string NewSecret() {
  std::string bytes(kTotpSecretBytes, '\0');
  randombytes_buf(bytes.data(), bytes.size());
  std::string secret = Base32Encode(bytes);
  sodium_memzero(bytes.data(), bytes.size());
  return secret;
}

// The code as typed without dashes and spaces, upper case.
std::string NormalCode(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    out += c;
  }
  return out;
}

std::string Blake(std::string_view salt, std::string_view normal) {
  std::string out(kHashBytes, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), out.size(),
                     reinterpret_cast<const unsigned char*>(normal.data()), normal.size(),
                     reinterpret_cast<const unsigned char*>(salt.data()), salt.size());
  return out;
}

// Writes "count" fresh recovery codes (replacing the old ones) and returns
// them.
Result<std::vector<std::string>> NewCodes(store::WriteTransaction* tx, int64_t account_id) {
  std::vector<std::string> codes, hashes;
  for (int i = 0; i < kRecoveryCodes; ++i) {
    codes.push_back(NewRecoveryCode());
    hashes.push_back(HashRecoveryCode(codes.back()));
  }
  MEMORIA_RETURN_IF_ERROR(tx->SetRecoveryCodes(account_id, hashes));
  return codes;
}

}  // namespace

std::string NewRecoveryCode() {
  unsigned char bytes[kRecoveryBytes];
  randombytes_buf(bytes, sizeof bytes);
  std::string b32 = Base32Encode(std::string_view(reinterpret_cast<char*>(bytes), sizeof bytes));
  sodium_memzero(bytes, sizeof bytes);
  std::string out;
  for (size_t i = 0; i < b32.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += '-';
    char c = b32[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out += c;
  }
  return out;
}

std::string HashRecoveryCode(std::string_view code) {
  std::string salt(kSaltBytes, '\0');
  randombytes_buf(salt.data(), salt.size());
  return salt + Blake(salt, NormalCode(code));
}

bool RecoveryCodeMatches(std::string_view stored, std::string_view code) {
  if (stored.size() != kSaltBytes + kHashBytes) return false;
  const std::string h = Blake(stored.substr(0, kSaltBytes), NormalCode(code));
  return sodium_memcmp(h.data(), stored.data() + kSaltBytes, kHashBytes) == 0;
}

Result<SecondFactorState> SecondFactorOf(store::Store* store, int64_t account_id) {
  store::Accounts accounts(store);
  MEMORIA_ASSIGN_OR_RETURN(std::optional<store::SecondFactorRow> f,
                           accounts.SecondFactor(account_id, false));
  if (!f.has_value()) return SecondFactorState::kNone;
  return f->confirmed ? SecondFactorState::kOn : SecondFactorState::kPending;
}

Result<TotpEnrolment> BeginTotp(store::Store* store, std::string_view name,
                                std::string_view actor) {
  MEMORIA_RETURN_IF_ERROR(Initialize());
  MEMORIA_ASSIGN_OR_RETURN(store::WriteTransaction tx, store->BeginWrite());
  MEMORIA_ASSIGN_OR_RETURN(store::Account account, internal::ExistingAccount(store, name));
  MEMORIA_ASSIGN_OR_RETURN(SecondFactorState state, SecondFactorOf(store, account.id));
  if (state == SecondFactorState::kOn) {
    return AlreadyExistsError("the account has a second factor already");
  }
  TotpEnrolment e;
  e.secret = NewSecret();
  e.uri = TotpUri(account.name, e.secret);
  MEMORIA_RETURN_IF_ERROR(tx.SetSecondFactor(account.id, e.secret, false));
  MEMORIA_RETURN_IF_ERROR(internal::AuditAccountChange(&tx, actor, "totp begin", account.name));
  MEMORIA_RETURN_IF_ERROR(tx.Commit());
  return e;
}

Result<TotpEnrolment> PendingTotp(store::Store* store, std::string_view name) {
  MEMORIA_ASSIGN_OR_RETURN(store::Account account, internal::ExistingAccount(store, name));
  store::Accounts accounts(store);
  MEMORIA_ASSIGN_OR_RETURN(std::optional<store::SecondFactorRow> f,
                           accounts.SecondFactor(account.id));
  if (!f.has_value() || f->confirmed) {
    return FailedPreconditionError("no second factor is being set up");
  }
  return TotpEnrolment{f->secret, TotpUri(account.name, f->secret), {}};
}

Result<std::vector<std::string>> ConfirmTotp(store::Store* store, std::string_view name,
                                             std::string_view code, int64_t unix_now,
                                             std::string_view actor) {
  MEMORIA_RETURN_IF_ERROR(Initialize());
  MEMORIA_ASSIGN_OR_RETURN(store::WriteTransaction tx, store->BeginWrite());
  MEMORIA_ASSIGN_OR_RETURN(store::Account account, internal::ExistingAccount(store, name));
  store::Accounts accounts(store);
  MEMORIA_ASSIGN_OR_RETURN(std::optional<store::SecondFactorRow> f,
                           accounts.SecondFactor(account.id));
  if (!f.has_value() || f->confirmed) {
    return FailedPreconditionError("no second factor is being set up");
  }
  MEMORIA_ASSIGN_OR_RETURN(std::string key, Base32Decode(f->secret));
  const std::optional<int64_t> step = MatchTotp(key, code, unix_now, f->last_step);
  sodium_memzero(key.data(), key.size());
  if (!step.has_value()) return InvalidArgumentError(std::string(kBadCode));
  MEMORIA_RETURN_IF_ERROR(tx.ConfirmSecondFactor(account.id, *step));
  MEMORIA_ASSIGN_OR_RETURN(std::vector<std::string> codes, NewCodes(&tx, account.id));
  MEMORIA_RETURN_IF_ERROR(internal::AuditAccountChange(&tx, actor, "totp enable", account.name));
  MEMORIA_RETURN_IF_ERROR(tx.Commit());
  return codes;
}

Result<TotpEnrolment> EnableTotp(store::Store* store, std::string_view name,
                                 std::string_view actor) {
  MEMORIA_RETURN_IF_ERROR(Initialize());
  MEMORIA_ASSIGN_OR_RETURN(store::WriteTransaction tx, store->BeginWrite());
  MEMORIA_ASSIGN_OR_RETURN(store::Account account, internal::ExistingAccount(store, name));
  MEMORIA_ASSIGN_OR_RETURN(SecondFactorState state, SecondFactorOf(store, account.id));
  if (state == SecondFactorState::kOn) {
    return AlreadyExistsError("the account has a second factor already (disable it first)");
  }
  TotpEnrolment e;
  e.secret = NewSecret();
  e.uri = TotpUri(account.name, e.secret);
  MEMORIA_RETURN_IF_ERROR(tx.SetSecondFactor(account.id, e.secret, true));
  MEMORIA_ASSIGN_OR_RETURN(e.recovery_codes, NewCodes(&tx, account.id));
  MEMORIA_RETURN_IF_ERROR(
      internal::AuditAccountChange(&tx, actor, "user totp enable", account.name));
  MEMORIA_RETURN_IF_ERROR(tx.Commit());
  return e;
}

Status DisableTotp(store::Store* store, std::string_view name, std::string_view actor) {
  MEMORIA_ASSIGN_OR_RETURN(store::WriteTransaction tx, store->BeginWrite());
  MEMORIA_ASSIGN_OR_RETURN(store::Account account, internal::ExistingAccount(store, name));
  MEMORIA_ASSIGN_OR_RETURN(SecondFactorState state, SecondFactorOf(store, account.id));
  if (state == SecondFactorState::kNone) {
    return FailedPreconditionError("the account has no second factor");
  }
  MEMORIA_RETURN_IF_ERROR(tx.RemoveSecondFactor(account.id));
  MEMORIA_RETURN_IF_ERROR(
      internal::AuditAccountChange(&tx, actor, "user totp disable", account.name));
  return tx.Commit();
}

Status CheckSecondFactor(store::WriteTransaction* tx, int64_t account_id, std::string_view code,
                         int64_t unix_now) {
  MEMORIA_RETURN_IF_ERROR(Initialize());
  store::Accounts accounts(tx->store());
  MEMORIA_ASSIGN_OR_RETURN(std::optional<store::SecondFactorRow> f,
                           accounts.SecondFactor(account_id));
  if (!f.has_value() || !f->confirmed) return NotFoundError(std::string(kBadCode));
  const std::string normal = NormalCode(code);
  if (normal.size() == kTotpDigits) {
    MEMORIA_ASSIGN_OR_RETURN(std::string key, Base32Decode(f->secret));
    const std::optional<int64_t> step = MatchTotp(key, normal, unix_now, f->last_step);
    sodium_memzero(key.data(), key.size());
    if (!step.has_value()) return NotFoundError(std::string(kBadCode));
    Status used = tx->UseTotpStep(account_id, *step);
    if (used.code() == StatusCode::kAlreadyExists) {
      return NotFoundError(std::string(kBadCode));
    }
    return used;
  }
  MEMORIA_ASSIGN_OR_RETURN(std::vector<store::RecoveryCodeRow> codes,
                           accounts.RecoveryCodes(account_id));
  // Every unused code is compared, so the time taken says nothing of
  // which one matched.
  int64_t match = 0;
  for (const store::RecoveryCodeRow& c : codes) {
    if (!c.used && RecoveryCodeMatches(c.hash, normal) && match == 0) match = c.id;
  }
  if (match == 0) return NotFoundError(std::string(kBadCode));
  Status used = tx->UseRecoveryCode(match);
  if (used.code() == StatusCode::kAlreadyExists) {
    return NotFoundError(std::string(kBadCode));
  }
  return used;
}

Status CheckSecondFactor(store::Store* store, int64_t account_id, std::string_view code,
                         int64_t unix_now) {
  MEMORIA_ASSIGN_OR_RETURN(store::WriteTransaction tx, store->BeginWrite());
  MEMORIA_RETURN_IF_ERROR(CheckSecondFactor(&tx, account_id, code, unix_now));
  return tx.Commit();
}

}  // namespace memoria::auth
