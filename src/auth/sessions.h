// What a signed-in website needs beside accounts (auth/auth.h): sessions
// that expire, a throttle on failed sign-ins, and CSRF tokens. All of it
// lives in the server's memory only: a restart signs everyone out, and a
// seized disk holds no session token.
//
// Time is passed in by the caller as seconds on any monotonic scale (the
// server's clock, which tests advance), never read from the system here.
//
// Thread safety: every method of SessionTable, Throttle and CsrfKey may be
// called from any thread (each object has its own mutex or is immutable).
#ifndef MEMORIA_AUTH_SESSIONS_H_
#define MEMORIA_AUTH_SESSIONS_H_

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/auth.h"
#include "core/result.h"

namespace memoria::auth {

// How long a session lives: it ends after kSessionIdleSeconds without a
// request, and kSessionMaxSeconds after sign-in whatever happens.
inline constexpr int64_t kSessionIdleSeconds = 30 * 60;
inline constexpr int64_t kSessionMaxSeconds = 12 * 60 * 60;
// Sessions kept at most (the oldest goes first beyond it).
inline constexpr size_t kMaxSessions = 10000;

struct SessionInfo {
  std::string id;  // a public handle for listing and revoking, not the token
  Principal principal;
  int64_t created = 0;    // seconds, the caller's clock
  int64_t last_seen = 0;  // the last request
};

class SessionTable {
 public:
  // Opens a session and returns its token (43 characters, URL-safe base64
  // of 32 random bytes): the cookie's value. Only a hash of it is kept.
  std::string Open(const Principal& principal, int64_t now);
  // The session of "token" if it is open and neither idle nor too old at
  // "now" (an expired one is removed); marks it used at "now".
  std::optional<SessionInfo> Touch(std::string_view token, int64_t now);
  // Ends the session of "token" (sign-out). Unknown tokens are ignored.
  void Close(std::string_view token);
  // Ends the session with this public id, when "account_id" owns it or is 0
  // (an admin). Returns whether one ended.
  bool Revoke(std::string_view id, int64_t account_id);
  // Ends every session of an account (a changed password, a disabled
  // account); returns how many.
  int RevokeAccount(int64_t account_id);
  // After the account's credentials changed from the session of "token"
  // (a second factor turned on or off there): that session takes the new
  // digest "credentials" and stays; every other session of the account
  // ends. Returns how many ended.
  int KeepOnly(std::string_view token, int64_t account_id, std::string_view credentials);
  // The open sessions of "account_id" (0: everyone's), newest first.
  std::vector<SessionInfo> List(int64_t account_id, int64_t now);

 private:
  void ExpireLocked(int64_t now);
  std::mutex mutex_;
  std::map<std::string, SessionInfo, std::less<>> by_hash_;  // GUARDED_BY(mutex_)
};

// Sign-ins half done: the password was right and the account has a second
// factor, whose code is asked next. An entry grants nothing (it is not a
// session: no page reads it but the second form), lives
// kHalfSignInSeconds, and is used once.
inline constexpr int64_t kHalfSignInSeconds = 5 * 60;

struct HalfSignIn {
  Principal principal;
  std::string next;  // where to go once signed in
  int64_t created = 0;
};

class HalfSignIns {
 public:
  // Remembers "half" and returns its token (like a session's; only its
  // hash is kept).
  std::string Open(HalfSignIn half);
  // The entry of "token" if it is younger than kHalfSignInSeconds at "now"
  // (an older one is removed).
  std::optional<HalfSignIn> Find(std::string_view token, int64_t now);
  void Close(std::string_view token);

 private:
  std::mutex mutex_;
  std::map<std::string, HalfSignIn, std::less<>> by_hash_;  // GUARDED_BY(mutex_)
};

// Failed sign-ins per key ("account:NAME", "client:ADDRESS"): after
// kMaxFailures failures within kWindowSeconds the key is refused until the
// oldest of them leaves the window.
class Throttle {
 public:
  static constexpr int kMaxFailures = 10;
  static constexpr int64_t kWindowSeconds = 15 * 60;
  // Keys remembered at most; beyond it the oldest key is forgotten.
  static constexpr size_t kMaxKeys = 100000;

  void Fail(std::string_view key, int64_t now);
  // 0 when "key" may try now; otherwise the seconds until it may.
  int64_t RetryAfter(std::string_view key, int64_t now);
  // A success forgets the key's failures.
  void Clear(std::string_view key);

 private:
  std::mutex mutex_;
  std::map<std::string, std::deque<int64_t>, std::less<>> failures_;  // GUARDED_BY(mutex_)
};

// CSRF tokens: an HMAC (HMAC-SHA-512-256) under a random key of the server
// over what a token is bound to (a session's token, or for the sign-in form
// a random pre-session cookie), so a token is worth nothing for another
// session and cannot be made without the key.
class CsrfKey {
 public:
  // A fresh random key.
  CsrfKey();
  std::string TokenFor(std::string_view binding) const;
  // Compares in constant time.
  bool Verify(std::string_view binding, std::string_view token) const;

 private:
  unsigned char key_[32];
};

// URL-safe base64 (no padding) of "bytes" random bytes.
std::string RandomToken(size_t bytes);

}  // namespace memoria::auth

#endif  // MEMORIA_AUTH_SESSIONS_H_
