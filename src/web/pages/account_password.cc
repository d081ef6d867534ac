// A signed-in account changes its own password on the account page: the
// current password (a session left open on a shared computer must not be
// enough), the new one twice. Wrong current passwords count toward the
// sign-in throttle; a change ends every other session of the account, as
// `memoria user passwd` ends them all (docs/SECURITY.md).
#include <string>

#include "auth/auth.h"
#include "auth/sessions.h"
#include "web/internal/edit.h"
#include "web/internal/pages.h"
#include "web/internal/signin.h"

namespace memoria::web {

Page PasswordPost(const RequestContext& ctx) {
  if (!ctx.session.has_value()) return ErrorModel(ctx, 403, ctx.t().Get("msg_sign_in_first"));
  const auth::Principal& me = ctx.session->principal;
  internal::SignIn* signin = ctx.site->signin();
  const internal::ProofKeys keys(me.name, ctx.request->client);
  if (std::optional<Page> refused = AccountThrottled(ctx, keys)) return *refused;
  const std::string current = ctx.Form("current");
  const std::string fresh = ctx.Form("password");
  if (fresh != ctx.Form("password2")) {
    return AccountModel(ctx, 400, ctx.t().Get("password_mismatch"));
  }
  if (!auth::CheckPassword(fresh).ok()) {
    return AccountModel(ctx, 400, ctx.t().Get("password_rules"));
  }
  Status proof = auth::Authenticate(ctx.store, me.name, current).status();
  if (!proof.ok()) {
    if (proof.code() != StatusCode::kNotFound) return StatusModel(ctx, proof);
    keys.Fail(signin->throttle, ctx.now);
    return AccountModel(ctx, 401, ctx.t().Get("password_wrong_current"));
  }
  Status set = internal::WithWritableStore(ctx, [&](store::Store* store) {
    return auth::SetPassword(store, me.name, fresh, auth::PasswordCost(), me.name);
  });
  if (!set.ok()) return StatusModel(ctx, set);
  if (Status kept = KeepOnlyThisSession(ctx); !kept.ok()) return StatusModel(ctx, kept);
  Page page = AccountModel(ctx, 200, "");
  page.model["notice"] = ctx.t().Get("password_changed");
  return page;
}

}  // namespace memoria::web
