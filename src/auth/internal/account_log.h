// Internal to auth/: what every account change shares (auth.cc,
// second_factor.cc): the account it changes, and its line in the audit log
// and the ledger.
#ifndef MEMORIA_AUTH_INTERNAL_ACCOUNT_LOG_H_
#define MEMORIA_AUTH_INTERNAL_ACCOUNT_LOG_H_

#include <string_view>

#include "core/result.h"
#include "core/status.h"
#include "store/accounts.h"
#include "store/store.h"
#include "store/write.h"

namespace memoria::auth::internal {

// Appends an "account" audit entry (actor, route, subject) to "tx" and
// names the same actor in its ledger entry (an account's name from the
// website, cli:USER from the command line).
Status AuditAccountChange(store::WriteTransaction* tx, std::string_view actor,
                          std::string_view route, std::string_view subject);

// The account "name"; kNotFound when there is none.
Result<store::Account> ExistingAccount(store::Store* store, std::string_view name);

}  // namespace memoria::auth::internal

#endif  // MEMORIA_AUTH_INTERNAL_ACCOUNT_LOG_H_
