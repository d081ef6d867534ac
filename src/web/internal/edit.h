// Internal to web/: what the editing pages (pages/edit.cc), the public's
// corrections and the moderation queue (pages/moderation.cc) share: who may
// do what, and the one way the website writes.
#ifndef MEMORIA_WEB_INTERNAL_EDIT_H_
#define MEMORIA_WEB_INTERNAL_EDIT_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "auth/auth.h"
#include "core/status.h"
#include "store/write.h"
#include "web/internal/pages.h"

namespace memoria::web::internal {

// nullopt when the request is signed in with at least "role". Otherwise the
// answer: a visitor's GET is sent to sign in (303 to /login?next=...), a
// visitor's POST gets 403, a lesser role 403.
std::optional<Page> RequireRole(const RequestContext& ctx, auth::Role role);

// The signed-in account's role (kReader for a visitor: check RequireRole
// first).
auth::Role RoleOf(const RequestContext& ctx);

// Runs "fn" in one write transaction and commits it: on a writable
// connection of its own to the site's archive (Site::archive_dir), or on
// the App's store when the site has no folder (tests). Returns fn's error
// (the transaction rolled back), or the store's.
Status WriteArchive(const RequestContext& ctx,
                    const std::function<Status(store::WriteTransaction&)>& fn);

// Runs "fn" with a writable store of the site's archive (as WriteArchive
// finds it), for writes made by functions that open their own transaction
// (auth/'s account operations).
Status WithWritableStore(const RequestContext& ctx, const std::function<Status(store::Store*)>& fn);

// The audit entry of a website write by the signed-in account.
store::AuditEntry AuditOf(const RequestContext& ctx, std::string_view action, std::string subject);

// A 303 to "location"; never stored.
Page SeeOtherPage(std::string location);

// "public", "restricted", "confidential" (form values); nullopt otherwise.
std::optional<store::Visibility> ParseVisibilityField(std::string_view v);

}  // namespace memoria::web::internal

#endif  // MEMORIA_WEB_INTERNAL_EDIT_H_
