// Internal to web/: the sign-in state a server's Apps share (sessions, the
// throttle, the CSRF key; auth/sessions.h) and the cookies that carry it.
//
//   memoria_session  the session token: HttpOnly, SameSite=Strict, Path=/,
//                    Secure when the site's base URL is https
//   memoria_pre      a random value the sign-in form's CSRF token is bound
//                    to before there is a session (same flags)
//   memoria_half     a sign-in half done: the password was right, the
//                    second factor's code is asked next (same flags,
//                    Max-Age auth::kHalfSignInSeconds); it grants nothing
//
// Thread safety: every member may be used from any thread.
#ifndef MEMORIA_WEB_INTERNAL_SIGNIN_H_
#define MEMORIA_WEB_INTERNAL_SIGNIN_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "auth/sessions.h"

namespace memoria::web::internal {

inline constexpr std::string_view kSessionCookie = "memoria_session";
inline constexpr std::string_view kPreCookie = "memoria_pre";
inline constexpr std::string_view kHalfCookie = "memoria_half";

struct SignIn {
  auth::SessionTable sessions;
  auth::HalfSignIns half;
  auth::Throttle throttle;
  // Corrections sent by visitors, per client address (in memory only):
  // each sending counts as a "failure" of the throttle's window.
  auth::Throttle submissions;
  const auth::CsrfKey csrf;
};

// The throttle's two keys for a proof of identity (a password or a code)
// about an account from a client address: a proof is refused while either
// is over its limit, and a wrong one counts against both.
struct ProofKeys {
  ProofKeys(std::string_view account_name, std::string_view client_address)
      : account("account:" + std::string(account_name)),
        client("client:" + std::string(client_address)) {}
  // Seconds until a proof may be tried again; 0 when it may be now.
  int64_t Wait(auth::Throttle& throttle, int64_t now) const {
    const int64_t a = throttle.RetryAfter(account, now);
    const int64_t c = throttle.RetryAfter(client, now);
    return a > c ? a : c;
  }
  void Fail(auth::Throttle& throttle, int64_t now) const {
    throttle.Fail(account, now);
    throttle.Fail(client, now);
  }
  std::string account, client;
};

// The value of cookie "name" in a Cookie header ("a=1; b=2"), or "".
std::string CookieValue(std::string_view header, std::string_view name);

// A Set-Cookie value for "name"="value" with the flags above; an empty
// value with max_age 0 deletes the cookie.
std::string SetCookie(std::string_view name, std::string_view value, bool secure,
                      int64_t max_age = -1);

// What a CSRF token is bound to: the session's token when signed in, else
// the pre-session cookie; "" when there is neither (no token can match).
std::string CsrfBinding(std::string_view session_token, std::string_view pre_cookie);

}  // namespace memoria::web::internal

#endif  // MEMORIA_WEB_INTERNAL_SIGNIN_H_
