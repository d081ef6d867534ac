// The second factor on the account page: setting it up (a secret shown as
// text and an otpauth URI, confirmed by a code from the app, then the
// recovery codes shown once) and removing it (with a current code, a
// recovery code or the password). Every POST has passed the CSRF check of
// app.cc; docs/SECURITY.md says why each step is as it is.
#include <algorithm>
#include <string>

#include "auth/auth.h"
#include "auth/second_factor.h"
#include "auth/sessions.h"
#include "web/internal/edit.h"
#include "web/internal/pages.h"
#include "web/internal/signin.h"

namespace memoria::web {
namespace {

// nullopt for a signed-in request; the 403 otherwise.
std::optional<Page> SignedIn(const RequestContext& ctx) {
  if (ctx.session.has_value()) return std::nullopt;
  return ErrorModel(ctx, 403, ctx.t().Get("msg_sign_in_first"));
}

}  // namespace

Status KeepOnlyThisSession(const RequestContext& ctx) {
  const int64_t id = ctx.session->principal.account_id;
  MEMORIA_ASSIGN_OR_RETURN(auth::Principal now, auth::CurrentPrincipal(ctx.store, id));
  ctx.site->signin()->sessions.KeepOnly(ctx.session_token, id, now.credentials);
  return Status();
}

Page TotpBeginPost(const RequestContext& ctx) {
  if (std::optional<Page> refused = SignedIn(ctx)) return *refused;
  const auth::Principal& me = ctx.session->principal;
  Status begun = internal::WithWritableStore(
      ctx, [&](store::Store* store) { return auth::BeginTotp(store, me.name, me.name).status(); });
  if (begun.code() == StatusCode::kAlreadyExists) {
    return AccountModel(ctx, 409, ctx.t().Get("totp_already_on"));
  }
  if (!begun.ok()) return StatusModel(ctx, begun);
  return internal::SeeOtherPage(ctx.Link("/account"));
}

Page TotpConfirmPost(const RequestContext& ctx) {
  if (std::optional<Page> refused = SignedIn(ctx)) return *refused;
  const auth::Principal& me = ctx.session->principal;
  std::vector<std::string> codes;
  Status confirmed = internal::WithWritableStore(ctx, [&](store::Store* store) {
    Result<std::vector<std::string>> made =
        auth::ConfirmTotp(store, me.name, ctx.Form("code").substr(0, 64), ctx.unix_now, me.name);
    if (!made.ok()) return made.status();
    codes = std::move(made).value();
    return Status();
  });
  if (confirmed.code() == StatusCode::kInvalidArgument) {
    return AccountModel(ctx, 400, ctx.t().Get("totp_wrong_code"));
  }
  if (confirmed.code() == StatusCode::kFailedPrecondition) {
    return AccountModel(ctx, 409, ctx.t().Get("totp_nothing_pending"));
  }
  if (!confirmed.ok()) return StatusModel(ctx, confirmed);
  if (Status kept = KeepOnlyThisSession(ctx); !kept.ok()) return StatusModel(ctx, kept);
  // The one time the codes are shown: never stored by a cache.
  Page page;
  page.view = "account_codes";
  page.title = ctx.t().Get("totp_codes_title");
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const std::string& c : codes) list.push_back(c);
  page.model["codes"] = std::move(list);
  page.model["account"] = ctx.Link("/account");
  page.headers.emplace_back("Cache-Control", "no-store");
  return page;
}

Page TotpDisablePost(const RequestContext& ctx) {
  if (std::optional<Page> refused = SignedIn(ctx)) return *refused;
  const auth::Principal& me = ctx.session->principal;
  internal::SignIn* signin = ctx.site->signin();
  Result<auth::SecondFactorState> state = auth::SecondFactorOf(ctx.store, me.account_id);
  if (!state.ok()) return StatusModel(ctx, state.status());
  if (*state == auth::SecondFactorState::kNone) {
    return AccountModel(ctx, 409, ctx.t().Get("totp_nothing_on"));
  }
  // A factor that is on is removed only with proof beyond the session (a
  // code or the password): a session left open on a shared computer must
  // not be enough. Wrong proofs count toward the sign-in throttle.
  if (*state == auth::SecondFactorState::kOn) {
    const internal::ProofKeys keys(me.name, ctx.request->client);
    if (std::optional<Page> refused = AccountThrottled(ctx, keys)) return *refused;
    const std::string password = ctx.Form("password");
    Status proof;
    if (!password.empty()) {
      proof = auth::Authenticate(ctx.store, me.name, password).status();
    } else {
      proof = internal::WithWritableStore(ctx, [&](store::Store* store) {
        return auth::CheckSecondFactor(store, me.account_id, ctx.Form("code").substr(0, 64),
                                       ctx.unix_now);
      });
    }
    if (!proof.ok()) {
      if (proof.code() != StatusCode::kNotFound) return StatusModel(ctx, proof);
      keys.Fail(signin->throttle, ctx.now);
      return AccountModel(ctx, 401, ctx.t().Get("totp_disable_failed"));
    }
  }
  Status off = internal::WithWritableStore(
      ctx, [&](store::Store* store) { return auth::DisableTotp(store, me.name, me.name); });
  if (!off.ok()) return StatusModel(ctx, off);
  if (Status kept = KeepOnlyThisSession(ctx); !kept.ok()) return StatusModel(ctx, kept);
  return internal::SeeOtherPage(ctx.Link("/account"));
}

}  // namespace memoria::web
