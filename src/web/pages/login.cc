// Sign-in: the form (/login), signing in and out, and the account page
// with its sessions (/account). Every POST reaching these handlers has
// passed the CSRF check of app.cc. docs/SECURITY.md says why each step is
// as it is.
#include <algorithm>
#include <string>

#include "auth/auth.h"
#include "auth/sessions.h"
#include "core/text.h"
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
  const std::string account_key = "account:" + name;
  const std::string client_key = "client:" + ctx.request->client;

  const int64_t wait = std::max(signin->throttle.RetryAfter(account_key, ctx.now),
                                signin->throttle.RetryAfter(client_key, ctx.now));
  if (wait > 0) {
    Page page =
        FormPage(ctx, 429, pre,
                 ctx.t().Format("login_throttled", {std::to_string((wait + 59) / 60)}), name, next);
    page.headers.emplace_back("Retry-After", std::to_string(wait));
    return page;
  }
  Result<auth::Principal> who = auth::Authenticate(ctx.store, name, password);
  if (!who.ok()) {
    if (who.status().code() != StatusCode::kNotFound) return StatusModel(ctx, who.status());
    signin->throttle.Fail(account_key, ctx.now);
    signin->throttle.Fail(client_key, ctx.now);
    return FormPage(ctx, 401, pre, ctx.t().Get("login_failed"), name, next);
  }
  signin->throttle.Clear(account_key);
  const std::string token = signin->sessions.Open(*who, ctx.now);
  Page page = SeeOther(SafeNext(next));
  page.headers.emplace_back("Set-Cookie",
                            internal::SetCookie(internal::kSessionCookie, token, Secure(ctx)));
  page.headers.emplace_back("Set-Cookie",
                            internal::SetCookie(internal::kPreCookie, "", Secure(ctx), 0));
  NoStore(&page);
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
  const auth::Principal& me = ctx.session->principal;
  const bool admin = auth::Includes(me.role, auth::Role::kAdmin);
  Page page;
  page.view = "account";
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
