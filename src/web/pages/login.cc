// Sign-in: the form (/login), the second factor's form (/login/second),
// signing in and out, and the account page with its sessions and second
// factor (/account). Every POST reaching these handlers has passed the CSRF
// check of app.cc. docs/SECURITY.md says why each step is as it is.
#include <algorithm>
#include <string>

#include "auth/auth.h"
#include "auth/second_factor.h"
#include "auth/sessions.h"
#include "core/text.h"
#include "web/internal/edit.h"
#include "web/internal/pages.h"
#include "web/internal/signin.h"
#include "web/internal/url.h"

namespace memoria::web {
namespace {

// The length of auth::RandomToken(32): a pre-session cookie of another
// shape is replaced.
constexpr size_t kTokenChars = 43;

bool WellFormedToken(std::string_view t) {
  if (t.size() != kTokenChars) return false;
  return std::all_of(t.begin(), t.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

bool Secure(const RequestContext& ctx) { return ctx.base_url.starts_with("https://"); }

// Where to go after signing in: a path of this site only ("/person/12"),
// never another host ("//evil", "https://...").
std::string SafeNext(std::string_view next) {
  if (!next.starts_with('/') || next.starts_with("//") || next.starts_with("/\\")) return "/";
  if (!IsValidUtf8(next) || next.find_first_of("\r\n") != std::string_view::npos) return "/";
  return std::string(next);
}

Page SeeOther(std::string location) {
  Page page;
  page.status = 303;
  page.view = "error";
  page.model["status"] = 303;
  page.headers.emplace_back("Location", std::move(location));
  return page;
}

void NoStore(Page* page) { page->headers.emplace_back("Cache-Control", "no-store"); }

// The sign-in form; "pre" is the pre-session cookie its token is bound to.
Page FormPage(const RequestContext& ctx, int status, const std::string& pre,
              std::string_view message, std::string_view name, std::string_view next) {
  Page page;
  page.status = status;
  page.view = "login";
  page.title = ctx.t().Get("login_title");
  page.model["csrf"] = ctx.site->signin()->csrf.TokenFor(internal::CsrfBinding("", pre));
  page.model["name"] = std::string(name);
  page.model["next"] = SafeNext(next);
  if (!message.empty()) page.model["message"] = std::string(message);
  page.model["action"] = ctx.Link("/login");
  NoStore(&page);
  return page;
}

// The pre-session cookie of the request, or a new one (set on "page").
std::string PreCookie(const RequestContext& ctx, bool* fresh) {
  std::string pre = internal::CookieValue(ctx.request->cookie, internal::kPreCookie);
  *fresh = !WellFormedToken(pre);
  if (*fresh) pre = auth::RandomToken(32);
  return pre;
}

std::string MinutesText(const RequestContext& ctx, int64_t seconds) {
  return ctx.t().Format("account_minutes_ago",
                        {std::to_string(std::max<int64_t>(0, seconds) / 60)});
}

// Signs "who" in: a new session, its cookie, and a 303 to "next".
Page OpenSession(const RequestContext& ctx, const auth::Principal& who, std::string_view next) {
  const std::string token = ctx.site->signin()->sessions.Open(who, ctx.now);
  Page page = SeeOther(SafeNext(next));
  page.headers.emplace_back("Set-Cookie",
                            internal::SetCookie(internal::kSessionCookie, token, Secure(ctx)));
  page.headers.emplace_back("Set-Cookie",
                            internal::SetCookie(internal::kPreCookie, "", Secure(ctx), 0));
  NoStore(&page);
  return page;
}

// The second factor's form; "pre" is the pre-session cookie its token is
// bound to.
Page SecondFormPage(const RequestContext& ctx, int status, std::string_view message) {
  const std::string pre = internal::CookieValue(ctx.request->cookie, internal::kPreCookie);
  Page page;
  page.status = status;
  page.view = "login_second";
  page.title = ctx.t().Get("second_title");
  page.model["csrf"] = ctx.site->signin()->csrf.TokenFor(internal::CsrfBinding("", pre));
  page.model["action"] = ctx.Link("/login/second");
  page.model["restart"] = ctx.Link("/login");
  if (!message.empty()) page.model["message"] = std::string(message);
  NoStore(&page);
  return page;
}

}  // namespace

std::string RequestContext::Form(std::string_view name) const {
  if (request == nullptr) return "";
  return internal::QueryParam(request->body, name).value_or("");
}

Page LoginPage(const RequestContext& ctx) {
  if (ctx.session.has_value()) return SeeOther(ctx.Link("/account"));
  bool fresh = false;
  const std::string pre = PreCookie(ctx, &fresh);
  Page page = FormPage(ctx, 200, pre, "", "", ctx.Param("next"));
  if (fresh) {
    page.headers.emplace_back("Set-Cookie",
                              internal::SetCookie(internal::kPreCookie, pre, Secure(ctx)));
  }
  return page;
}

Page LoginPost(const RequestContext& ctx) {
  internal::SignIn* signin = ctx.site->signin();
  const std::string pre = internal::CookieValue(ctx.request->cookie, internal::kPreCookie);
  std::string name = ctx.Form("name");
  const std::string password = ctx.Form("password");
  const std::string next = ctx.Form("next");
  if (name.size() > auth::kMaxNameBytes || !IsValidUtf8(name)) name = "?";
  const internal::ProofKeys keys(name, ctx.request->client);
  if (const int64_t wait = keys.Wait(signin->throttle, ctx.now); wait > 0) {
    Page page =
        FormPage(ctx, 429, pre,
                 ctx.t().Format("login_throttled", {std::to_string((wait + 59) / 60)}), name, next);
    page.headers.emplace_back("Retry-After", std::to_string(wait));
    return page;
  }
  Result<auth::Principal> who = auth::Authenticate(ctx.store, name, password);
  if (!who.ok()) {
    if (who.status().code() != StatusCode::kNotFound) return StatusModel(ctx, who.status());
    keys.Fail(signin->throttle, ctx.now);
    return FormPage(ctx, 401, pre, ctx.t().Get("login_failed"), name, next);
  }
  Result<auth::SecondFactorState> factor = auth::SecondFactorOf(ctx.store, who->account_id);
  if (!factor.ok()) return StatusModel(ctx, factor.status());
  if (*factor == auth::SecondFactorState::kOn) {
    // Half signed in: the code is asked next. The account's failures are
    // kept until the code is right, so that a known password does not
    // reset the count of wrong codes.
    const std::string half = signin->half.Open(auth::HalfSignIn{*who, SafeNext(next), ctx.now});
    Page page = SeeOther(ctx.Link("/login/second"));
    page.headers.emplace_back(
        "Set-Cookie",
        internal::SetCookie(internal::kHalfCookie, half, Secure(ctx), auth::kHalfSignInSeconds));
    NoStore(&page);
    return page;
  }
  signin->throttle.Clear(keys.account);
  return OpenSession(ctx, *who, next);
}

Page SecondFactorPage(const RequestContext& ctx) {
  if (ctx.session.has_value()) return SeeOther(ctx.Link("/account"));
  const std::string half = internal::CookieValue(ctx.request->cookie, internal::kHalfCookie);
  if (!ctx.site->signin()->half.Find(half, ctx.now).has_value()) {
    return SeeOther(ctx.Link("/login"));
  }
  return SecondFormPage(ctx, 200, "");
}

Page SecondFactorPost(const RequestContext& ctx) {
  internal::SignIn* signin = ctx.site->signin();
  const std::string token = internal::CookieValue(ctx.request->cookie, internal::kHalfCookie);
  const std::optional<auth::HalfSignIn> half = signin->half.Find(token, ctx.now);
  if (!half.has_value()) {
    // Expired (or never begun): the password is asked again.
    Page page = SeeOther(ctx.Link("/login"));
    page.headers.emplace_back("Set-Cookie",
                              internal::SetCookie(internal::kHalfCookie, "", Secure(ctx), 0));
    NoStore(&page);
    return page;
  }
  const internal::ProofKeys keys(half->principal.name, ctx.request->client);
  if (const int64_t wait = keys.Wait(signin->throttle, ctx.now); wait > 0) {
    Page page = SecondFormPage(
        ctx, 429, ctx.t().Format("login_throttled", {std::to_string((wait + 59) / 60)}));
    page.headers.emplace_back("Retry-After", std::to_string(wait));
    return page;
  }
  const std::string code = ctx.Form("code").substr(0, 64);
  Status checked = internal::WithWritableStore(ctx, [&](store::Store* store) {
    return auth::CheckSecondFactor(store, half->principal.account_id, code, ctx.unix_now);
  });
  if (!checked.ok()) {
    if (checked.code() != StatusCode::kNotFound) return StatusModel(ctx, checked);
    keys.Fail(signin->throttle, ctx.now);
    return SecondFormPage(ctx, 401, ctx.t().Get("second_failed"));
  }
  signin->half.Close(token);
  signin->throttle.Clear(keys.account);
  // The account as it is now (disabled in the meantime: no session).
  Result<auth::Principal> current = auth::CurrentPrincipal(ctx.store, half->principal.account_id);
  if (!current.ok()) return SeeOther(ctx.Link("/login"));
  Page page = OpenSession(ctx, *current, half->next);
  page.headers.emplace_back("Set-Cookie",
                            internal::SetCookie(internal::kHalfCookie, "", Secure(ctx), 0));
  return page;
}

Page LogoutPost(const RequestContext& ctx) {
  if (!ctx.session_token.empty()) ctx.site->signin()->sessions.Close(ctx.session_token);
  Page page = SeeOther(ctx.Link("/"));
  page.headers.emplace_back("Set-Cookie",
                            internal::SetCookie(internal::kSessionCookie, "", Secure(ctx), 0));
  NoStore(&page);
  return page;
}

Page AccountPage(const RequestContext& ctx) {
  if (!ctx.session.has_value()) return SeeOther(ctx.Link("/login?next=%2Faccount"));
  return AccountModel(ctx, 200, "");
}

std::optional<Page> AccountThrottled(const RequestContext& ctx, const internal::ProofKeys& keys) {
  const int64_t wait = keys.Wait(ctx.site->signin()->throttle, ctx.now);
  if (wait <= 0) return std::nullopt;
  Page page =
      AccountModel(ctx, 429, ctx.t().Format("login_throttled", {std::to_string((wait + 59) / 60)}));
  page.headers.emplace_back("Retry-After", std::to_string(wait));
  return page;
}

Page AccountModel(const RequestContext& ctx, int status, std::string_view message) {
  const auth::Principal& me = ctx.session->principal;
  const bool admin = auth::Includes(me.role, auth::Role::kAdmin);
  Page page;
  page.status = status;
  page.view = "account";
  if (!message.empty()) page.model["message"] = std::string(message);
  page.title = ctx.t().Get("account_title");
  page.model["name"] = me.name;
  page.model["role"] = std::string(auth::RoleName(me.role));
  page.model["role_text"] = ctx.t().Get("role_" + std::string(auth::RoleName(me.role)));
  page.model["csrf"] = ctx.csrf;
  page.model["admin"] = admin;
  nlohmann::ordered_json sessions = nlohmann::ordered_json::array();
  for (const auth::SessionInfo& s :
       ctx.site->signin()->sessions.List(admin ? 0 : me.account_id, ctx.now)) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    j["id"] = s.id;
    j["account"] = s.principal.name;
    j["role"] = std::string(auth::RoleName(s.principal.role));
    j["started"] = MinutesText(ctx, ctx.now - s.created);
    j["last_seen"] = MinutesText(ctx, ctx.now - s.last_seen);
    j["current"] = s.id == ctx.session->id;
    sessions.push_back(std::move(j));
  }
  page.model["sessions"] = std::move(sessions);
  // The second factor: off (a button to set it up), being set up (the
  // secret and the form for a code from the app), or on.
  Result<auth::SecondFactorState> factor = auth::SecondFactorOf(ctx.store, me.account_id);
  if (!factor.ok()) return StatusModel(ctx, factor.status());
  page.model["totp_off"] = *factor == auth::SecondFactorState::kNone;
  page.model["totp_on"] = *factor == auth::SecondFactorState::kOn;
  if (*factor == auth::SecondFactorState::kPending) {
    Result<auth::TotpEnrolment> pending = auth::PendingTotp(ctx.store, me.name);
    if (!pending.ok()) return StatusModel(ctx, pending.status());
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    // In groups of four, as the apps show what they are typed.
    std::string grouped;
    for (size_t i = 0; i < pending->secret.size(); ++i) {
      if (i > 0 && i % 4 == 0) grouped += ' ';
      grouped += pending->secret[i];
    }
    j["secret"] = grouped;
    j["uri"] = pending->uri;
    page.model["totp_pending"] = std::move(j);
  }
  NoStore(&page);
  return page;
}

Page RevokeSessionPost(const RequestContext& ctx) {
  if (!ctx.session.has_value()) return ErrorModel(ctx, 403, ctx.t().Get("msg_sign_in_first"));
  const auth::Principal& me = ctx.session->principal;
  const bool admin = auth::Includes(me.role, auth::Role::kAdmin);
  if (!ctx.site->signin()->sessions.Revoke(ctx.Form("session"), admin ? 0 : me.account_id)) {
    return ErrorModel(ctx, 404, ctx.t().Get("msg_no_such_session"));
  }
  Page page = SeeOther(ctx.Link("/account"));
  NoStore(&page);
  return page;
}

}  // namespace memoria::web
