// Sign-in on the website: the form and its cookie flags, CSRF, the
// throttle, session expiry on an injected clock, revocation, and what a
// signed-in reader sees (a higher ceiling, never through the public page
// cache). The App runs over a read-only connection, as in the server, while
// the test writes accounts through another.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>

#include "auth/auth.h"
#include "store/store.h"
#include "testing/archive_builder.h"
#include "testing/http.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"
#include "testing/web_browser.h"
#include "web/internal/site.h"
#include "web/server.h"

namespace memoria::web {
namespace {

using ::memoria::testing::ArchiveBuilder;
using ::memoria::testing::CsrfOf;
using store::Visibility;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kPassword = "a long enough password";

std::string Encode(std::string_view s) { return memoria::testing::UrlEncode(s); }

using Browser = memoria::testing::Browser;

std::vector<std::string> SetCookies(const Response& r) {
  std::vector<std::string> out;
  for (const auto& [name, value] : r.headers) {
    if (name == "Set-Cookie") out.push_back(value);
  }
  return out;
}

// The value of the hidden csrf field of a page.

class SignInTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = memoria::testing::FreshTempDir();
    writer_ = store::Store::Create(dir_).value();
    {
      ArchiveBuilder b(writer_.get());
      const int64_t src = b.Source("test:list", "Список");
      int64_t rec = b.Record(src, R"({"n":"public"})");
      public_person_ = b.Person(rec);
      b.Name(public_person_, rec, "Открытов", "Иван");
      b.Attribute(public_person_, rec, "address", "SECRET-RESTRICTED-ADDRESS",
                  Visibility::kRestricted);
      b.Attribute(public_person_, rec, "note", "SECRET-CONFIDENTIAL-NOTE",
                  Visibility::kConfidential);
      rec = b.Record(src, R"({"n":"restricted"})");
      restricted_person_ = b.Person(rec, Visibility::kRestricted);
      b.Name(restricted_person_, rec, "Служебнов", "Пётр");
      rec = b.Record(src, R"({"n":"confidential"})");
      confidential_person_ = b.Person(rec, Visibility::kConfidential);
      b.Name(confidential_person_, rec, "Секретов", "Павел");
      b.Commit();
    }
    for (auto [name, role] :
         {std::pair{"reader", auth::Role::kReader}, std::pair{"editor", auth::Role::kEditor},
          std::pair{"admin", auth::Role::kAdmin}}) {
      ASSERT_OK(auth::AddAccount(writer_.get(), name, role, kPassword,
                                 auth::PasswordCost::Minimum(), "test")
                    .status());
    }
    reader_store_ = store::Store::Open(dir_, store::OpenOptions{true, 16}).value();
    site_ = std::make_shared<internal::Site>(MapConfig(), size_t{8} << 20);
    site_->set_archive_dir(dir_);  // writes (a password change) go through their own connection
    site_->set_clock([this] { return now_; });
    app_ =
        App::Create(reader_store_.get(), AppOptions{Visibility::kPublic, nullptr, site_}).value();
  }

  Response Send(Browser* b, const std::string& method, const std::string& target,
                const std::string& body = "") {
    Request r{method, target, "en", "", ""};
    r.cookie = b->CookieHeader();
    r.body = body;
    r.client = b->client;
    Response response = app_->Handle(r);
    b->Keep(response);
    return response;
  }

  // Signs in through the form; returns the POST's answer.
  Response SignIn(Browser* b, std::string_view name, std::string_view password,
                  std::string_view next = "") {
    Response form = Send(b, "GET", "/login");
    EXPECT_EQ(form.status, 200);
    std::string body = "csrf=" + Encode(CsrfOf(form.body)) + "&name=" + Encode(name) +
                       "&password=" + Encode(password);
    if (!next.empty()) body += "&next=" + Encode(next);
    return Send(b, "POST", "/login", body);
  }

  void Advance(std::chrono::seconds s) { now_ += s; }

  std::string Person(int64_t id) { return "/person/" + std::to_string(id); }

  std::string dir_;
  std::unique_ptr<store::Store> writer_, reader_store_;
  std::shared_ptr<internal::Site> site_;
  std::unique_ptr<App> app_;
  std::chrono::steady_clock::time_point now_ =
      std::chrono::steady_clock::time_point() + std::chrono::hours(1000);
  int64_t public_person_ = 0, restricted_person_ = 0, confidential_person_ = 0;
};

TEST_F(SignInTest, TheFormHasNamePasswordAndCsrfAndIsNeverCached) {
  Browser b;
  Response r = Send(&b, "GET", "/login");
  ASSERT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr("name=\"name\""));
  EXPECT_THAT(r.body, HasSubstr("name=\"password\" type=\"password\""));
  EXPECT_THAT(r.body, HasSubstr("type=\"hidden\" name=\"csrf\""));
  EXPECT_THAT(r.body, HasSubstr("method=\"post\""));
  EXPECT_FALSE(CsrfOf(r.body).empty());
  EXPECT_EQ(r.Header("Cache-Control"), "no-store");
  EXPECT_EQ(r.Header("ETag"), "");
  auto cookies = SetCookies(r);
  ASSERT_EQ(cookies.size(), 1u);
  EXPECT_THAT(cookies[0], ::testing::StartsWith("memoria_pre="));
  EXPECT_THAT(cookies[0], HasSubstr("; Path=/; HttpOnly; SameSite=Strict"));
  EXPECT_THAT(cookies[0], Not(HasSubstr("Secure")));
  // A second visit keeps the cookie (two tabs both work).
  r = Send(&b, "GET", "/login");
  EXPECT_TRUE(SetCookies(r).empty());
}

TEST_F(SignInTest, SignInSetsAnHttpOnlyStrictSessionCookieAndSignOutEndsIt) {
  Browser b;
  Response r = SignIn(&b, "reader", kPassword);
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.Header("Location"), "/");
  std::string session_cookie;
  for (const std::string& c : SetCookies(r)) {
    if (c.starts_with("memoria_session=")) session_cookie = c;
  }
  ASSERT_FALSE(session_cookie.empty());
  EXPECT_THAT(session_cookie, HasSubstr("; Path=/; HttpOnly; SameSite=Strict"));
  EXPECT_THAT(session_cookie, Not(HasSubstr("Secure")));
  EXPECT_THAT(session_cookie, Not(HasSubstr("Max-Age")));  // ends with the browser
  ASSERT_TRUE(b.cookies.contains("memoria_session"));
  EXPECT_FALSE(b.cookies.contains("memoria_pre"));

  r = Send(&b, "GET", "/");
  EXPECT_THAT(r.body, HasSubstr("action=\"/logout\""));
  const std::string csrf = CsrfOf(r.body);
  ASSERT_FALSE(csrf.empty());
  const std::string token = b.cookies["memoria_session"];
  r = Send(&b, "POST", "/logout", "csrf=" + Encode(csrf));
  EXPECT_EQ(r.status, 303);
  EXPECT_FALSE(b.cookies.contains("memoria_session"));
  // The old token is dead on the server too, not only in this browser.
  Browser thief;
  thief.cookies["memoria_session"] = token;
  EXPECT_EQ(Send(&thief, "GET", Person(restricted_person_)).status, 404);
}

TEST_F(SignInTest, BehindHttpsTheCookiesAreSecure) {
  site_->set_base_url("https://memoria.example.org");
  Browser b;
  Response form = Send(&b, "GET", "/login");
  ASSERT_EQ(SetCookies(form).size(), 1u);
  EXPECT_THAT(SetCookies(form)[0], HasSubstr("; Secure"));
  Response r =
      Send(&b, "POST", "/login",
           "csrf=" + Encode(CsrfOf(form.body)) + "&name=reader&password=" + Encode(kPassword));
  ASSERT_EQ(r.status, 303);
  for (const std::string& c : SetCookies(r)) EXPECT_THAT(c, HasSubstr("; Secure")) << c;
}

TEST_F(SignInTest, EachRoleReadsAtItsCeiling) {
  Browser visitor, reader, editor;
  ASSERT_EQ(SignIn(&reader, "reader", kPassword).status, 303);
  ASSERT_EQ(SignIn(&editor, "editor", kPassword).status, 303);

  EXPECT_EQ(Send(&visitor, "GET", Person(restricted_person_)).status, 404);
  EXPECT_EQ(Send(&reader, "GET", Person(restricted_person_)).status, 200);
  EXPECT_EQ(Send(&reader, "GET", Person(confidential_person_)).status, 404);
  EXPECT_EQ(Send(&editor, "GET", Person(confidential_person_)).status, 200);

  const std::string search = "/api/v1/search?q=" + Encode("Служебнов");
  EXPECT_THAT(Send(&visitor, "GET", search).body, Not(HasSubstr("Служебнов Пётр")));
  EXPECT_THAT(Send(&reader, "GET", search).body, HasSubstr("Пётр"));
}

TEST_F(SignInTest, SignedInPagesNeitherComeFromNorGoIntoThePublicCache) {
  Browser visitor, reader;
  // The public page is rendered and kept in the cache first.
  Response pub = Send(&visitor, "GET", Person(public_person_));
  ASSERT_EQ(pub.status, 200);
  EXPECT_THAT(pub.body, Not(HasSubstr("SECRET-RESTRICTED-ADDRESS")));
  ASSERT_EQ(SignIn(&reader, "reader", kPassword).status, 303);
  Response mine = Send(&reader, "GET", Person(public_person_));
  ASSERT_EQ(mine.status, 200);
  EXPECT_THAT(mine.body, HasSubstr("SECRET-RESTRICTED-ADDRESS"));
  EXPECT_THAT(mine.body, Not(HasSubstr("SECRET-CONFIDENTIAL-NOTE")));
  EXPECT_EQ(mine.Header("Cache-Control"), "private, no-store");
  // The reader's page did not enter the cache: a visitor asks again.
  Response again = Send(&visitor, "GET", Person(public_person_));
  EXPECT_THAT(again.body, Not(HasSubstr("SECRET-RESTRICTED-ADDRESS")));
  EXPECT_EQ(again.body, pub.body);
}

TEST_F(SignInTest, CsrfIsRequiredOnEveryPost) {
  Browser b;
  Response form = Send(&b, "GET", "/login");
  const std::string good = CsrfOf(form.body);
  const std::string creds = "&name=reader&password=" + Encode(kPassword);
  EXPECT_EQ(Send(&b, "POST", "/login", creds.substr(1)).status, 403);
  EXPECT_EQ(Send(&b, "POST", "/login", "csrf=forged" + creds).status, 403);
  // A token of another browser's pre-session cookie is worth nothing here.
  Browser other;
  const std::string theirs = CsrfOf(Send(&other, "GET", "/login").body);
  EXPECT_EQ(Send(&b, "POST", "/login", "csrf=" + Encode(theirs) + creds).status, 403);
  // Without the pre-session cookie the right token fails too.
  Browser cookieless;
  EXPECT_EQ(Send(&cookieless, "POST", "/login", "csrf=" + Encode(good) + creds).status, 403);
  ASSERT_EQ(Send(&b, "POST", "/login", "csrf=" + Encode(good) + creds).status, 303);

  // Signed in: sign-out and revocation need the session's token.
  EXPECT_EQ(Send(&b, "POST", "/logout", "").status, 403);
  EXPECT_EQ(Send(&b, "POST", "/logout", "csrf=" + Encode(good)).status, 403);
  EXPECT_EQ(Send(&b, "POST", "/account/sessions/revoke", "session=x").status, 403);
  EXPECT_EQ(Send(&b, "GET", Person(restricted_person_)).status, 200);  // still signed in
}

TEST_F(SignInTest, TenFailuresPerAccountIn15MinutesAnswer429WithRetryAfter) {
  Browser b;
  for (int i = 0; i < 10; ++i) {
    b.client = "198.51.100." + std::to_string(i);  // each from another address
    EXPECT_EQ(SignIn(&b, "reader", "wrong password here").status, 401) << i;
  }
  b.client = "198.51.100.99";
  Response r = SignIn(&b, "reader", kPassword);  // the right password, too late
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.Header("Retry-After"), std::to_string(15 * 60));
  EXPECT_FALSE(b.cookies.contains("memoria_session"));
  Advance(std::chrono::minutes(10));
  r = SignIn(&b, "reader", kPassword);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.Header("Retry-After"), std::to_string(5 * 60));
  // Other accounts are not locked by it.
  Browser c;
  EXPECT_EQ(SignIn(&c, "editor", kPassword).status, 303);
  Advance(std::chrono::minutes(5));
  EXPECT_EQ(SignIn(&b, "reader", kPassword).status, 303);
}

TEST_F(SignInTest, TenFailuresPerClientAnswer429ForEveryAccount) {
  Browser b;
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(SignIn(&b, "guess" + std::to_string(i), "some password").status, 401) << i;
  }
  Response r = SignIn(&b, "editor", kPassword);
  EXPECT_EQ(r.status, 429);
  EXPECT_FALSE(r.Header("Retry-After").empty());
  Browser elsewhere;
  elsewhere.client = "203.0.113.5";
  EXPECT_EQ(SignIn(&elsewhere, "editor", kPassword).status, 303);
}

TEST_F(SignInTest, SessionsEndWhenIdleAndAtTheAbsoluteLimit) {
  Browser b;
  ASSERT_EQ(SignIn(&b, "reader", kPassword).status, 303);
  Advance(std::chrono::minutes(29));
  EXPECT_EQ(Send(&b, "GET", Person(restricted_person_)).status, 200);
  Advance(std::chrono::minutes(31));
  EXPECT_EQ(Send(&b, "GET", Person(restricted_person_)).status, 404);

  Browser busy;
  ASSERT_EQ(SignIn(&busy, "reader", kPassword).status, 303);
  for (int i = 0; i < 12 * 3 - 1; ++i) {  // a request every 20 minutes for 11 h 40 min
    Advance(std::chrono::minutes(20));
    ASSERT_EQ(Send(&busy, "GET", Person(restricted_person_)).status, 200) << i;
  }
  Advance(std::chrono::minutes(20));  // 12 hours after sign-in
  EXPECT_EQ(Send(&busy, "GET", Person(restricted_person_)).status, 404);
}

TEST_F(SignInTest, ADisabledAccountsSessionEndsAndANewRoleTakesEffect) {
  Browser b;
  ASSERT_EQ(SignIn(&b, "reader", kPassword).status, 303);
  EXPECT_EQ(Send(&b, "GET", Person(confidential_person_)).status, 404);
  ASSERT_OK(auth::SetRole(writer_.get(), "reader", auth::Role::kEditor, "test"));
  EXPECT_EQ(Send(&b, "GET", Person(confidential_person_)).status, 200);
  ASSERT_OK(auth::SetDisabled(writer_.get(), "reader", true, "test"));
  EXPECT_EQ(Send(&b, "GET", Person(restricted_person_)).status, 404);
  ASSERT_OK(auth::SetDisabled(writer_.get(), "reader", false, "test"));
  // The session was closed, not merely suspended.
  EXPECT_EQ(Send(&b, "GET", Person(restricted_person_)).status, 404);
  // And a disabled account cannot sign in.
  ASSERT_OK(auth::SetDisabled(writer_.get(), "reader", true, "test"));
  Browser c;
  EXPECT_EQ(SignIn(&c, "reader", kPassword).status, 401);
}

TEST_F(SignInTest, SessionsAreListedAndRevocableByTheirOwnerAndByAdmins) {
  Browser laptop, phone, other, admin;
  ASSERT_EQ(SignIn(&laptop, "reader", kPassword).status, 303);
  Advance(std::chrono::minutes(1));
  ASSERT_EQ(SignIn(&phone, "reader", kPassword).status, 303);
  ASSERT_EQ(SignIn(&other, "editor", kPassword).status, 303);
  ASSERT_EQ(SignIn(&admin, "admin", kPassword).status, 303);

  Response page = Send(&laptop, "GET", "/account");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.Header("Cache-Control"), "private, no-store");
  // Two sessions of the reader, none of the editor's.
  size_t forms = 0;
  for (size_t at = 0; (at = page.body.find("name=\"session\"", at)) != std::string::npos; ++at) {
    ++forms;
  }
  EXPECT_EQ(forms, 2u);
  EXPECT_THAT(page.body, Not(HasSubstr(">editor<")));

  // The reader ends the phone's session (the newest, listed first).
  const std::string csrf = CsrfOf(page.body);
  const size_t at = page.body.find("name=\"session\" value=\"") + 22;
  const std::string phone_id = page.body.substr(at, page.body.find('"', at) - at);
  Response r = Send(&laptop, "POST", "/account/sessions/revoke",
                    "csrf=" + Encode(csrf) + "&session=" + Encode(phone_id));
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Send(&phone, "GET", Person(restricted_person_)).status, 404);
  EXPECT_EQ(Send(&laptop, "GET", Person(restricted_person_)).status, 200);

  // The editor cannot end the reader's session; the admin can, and sees all.
  Response admin_page = Send(&admin, "GET", "/account");
  EXPECT_THAT(admin_page.body, HasSubstr("<td>reader</td>"));
  EXPECT_THAT(admin_page.body, HasSubstr("<td>editor</td>"));
  const std::string laptop_id = [&] {
    Response mine = Send(&laptop, "GET", "/account");
    const size_t p = mine.body.find("name=\"session\" value=\"") + 22;
    return mine.body.substr(p, mine.body.find('"', p) - p);
  }();
  const std::string editor_csrf = CsrfOf(Send(&other, "GET", "/account").body);
  EXPECT_EQ(Send(&other, "POST", "/account/sessions/revoke",
                 "csrf=" + Encode(editor_csrf) + "&session=" + Encode(laptop_id))
                .status,
            404);
  EXPECT_EQ(Send(&laptop, "GET", Person(restricted_person_)).status, 200);
  const std::string admin_csrf = CsrfOf(admin_page.body);
  EXPECT_EQ(Send(&admin, "POST", "/account/sessions/revoke",
                 "csrf=" + Encode(admin_csrf) + "&session=" + Encode(laptop_id))
                .status,
            303);
  EXPECT_EQ(Send(&laptop, "GET", Person(restricted_person_)).status, 404);
}

TEST_F(SignInTest, AccountPageSendsVisitorsToTheForm) {
  Browser b;
  Response r = Send(&b, "GET", "/account");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.Header("Location"), "/login?next=%2Faccount");
}

TEST_F(SignInTest, NextGoesToThisSiteOnly) {
  Browser a, b, c;
  EXPECT_EQ(SignIn(&a, "reader", kPassword, "/person/1").Header("Location"), "/person/1");
  EXPECT_EQ(SignIn(&b, "reader", kPassword, "//evil.example/").Header("Location"), "/");
  EXPECT_EQ(SignIn(&c, "reader", kPassword, "https://evil.example/").Header("Location"), "/");
}

TEST_F(SignInTest, WrongMethodsAnswer405WithTheirAllowHeader) {
  Browser b;
  Response r = Send(&b, "GET", "/logout");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.Header("Allow"), "POST");
  r = Send(&b, "PUT", "/login");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.Header("Allow"), "GET, HEAD, POST");
  r = Send(&b, "POST", "/search?q=x", "csrf=x");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.Header("Allow"), "GET, HEAD");
}

TEST_F(SignInTest, TheFailedSignInDoesNotTellWhichNamesExist) {
  Browser a, b;
  Response known = SignIn(&a, "reader", "wrong password here");
  Response unknown = SignIn(&b, "nobody", "wrong password here");
  EXPECT_EQ(known.status, 401);
  EXPECT_EQ(unknown.status, 401);
  // The two pages differ only by the name typed in and the form's token.
  auto strip = [](std::string body, const std::string& name) {
    const std::string typed = "value=\"" + name + "\"";
    const size_t at = body.find(typed);
    EXPECT_NE(at, std::string::npos);
    if (at != std::string::npos) body.erase(at, typed.size());
    const std::string marker = "name=\"csrf\" value=\"";
    const size_t c = body.find(marker);
    EXPECT_NE(c, std::string::npos);
    if (c == std::string::npos) return body;
    return body.substr(0, c) + body.substr(body.find('"', c + marker.size()));
  };
  EXPECT_EQ(strip(known.body, "reader"), strip(unknown.body, "nobody"));
}

}  // namespace
}  // namespace memoria::web

namespace memoria::web {
namespace {

TEST_F(SignInTest, AnAccountChangesItsPasswordWithTheCurrentOneAndItsOtherSessionsEnd) {
  Browser laptop, phone;
  ASSERT_EQ(SignIn(&laptop, "reader", kPassword).status, 303);
  ASSERT_EQ(SignIn(&phone, "reader", kPassword).status, 303);
  Response page = Send(&laptop, "GET", "/account");
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("action=\"/account/password\""));
  const std::string csrf = "csrf=" + Encode(CsrfOf(page.body));
  const std::string fresh = "another long password";
  auto change = [&](std::string_view current, std::string_view password, std::string_view again) {
    return Send(&laptop, "POST", "/account/password",
                csrf + "&current=" + Encode(current) + "&password=" + Encode(password) +
                    "&password2=" + Encode(again));
  };
  // Refused, and nothing changes: a wrong current password, two new ones
  // that differ, a new one too short.
  EXPECT_EQ(change("not the password", fresh, fresh).status, 401);
  EXPECT_EQ(change(kPassword, fresh, fresh + "x").status, 400);
  EXPECT_EQ(change(kPassword, "short", "short").status, 400);
  EXPECT_EQ(Send(&phone, "GET", Person(restricted_person_)).status, 200);
  Browser check;
  EXPECT_EQ(SignIn(&check, "reader", kPassword).status, 303);

  Response done = change(kPassword, fresh, fresh);
  EXPECT_EQ(done.status, 200) << done.body;
  EXPECT_THAT(done.body, HasSubstr("role=\"status\""));
  // This session stays; the phone's (and every other) ends.
  EXPECT_EQ(Send(&laptop, "GET", Person(restricted_person_)).status, 200);
  EXPECT_EQ(Send(&phone, "GET", Person(restricted_person_)).status, 404);
  EXPECT_EQ(Send(&check, "GET", Person(restricted_person_)).status, 404);
  Browser old_password, new_password;
  EXPECT_EQ(SignIn(&old_password, "reader", kPassword).status, 401);
  EXPECT_EQ(SignIn(&new_password, "reader", fresh).status, 303);
  // Without a session: 403.
  Browser visitor;
  Response form = Send(&visitor, "GET", "/login");
  EXPECT_EQ(Send(&visitor, "POST", "/account/password",
                 "csrf=" + Encode(CsrfOf(form.body)) + "&current=" + Encode(fresh) +
                     "&password=" + Encode(kPassword) + "&password2=" + Encode(kPassword))
                .status,
            403);
}

TEST_F(SignInTest, WrongCurrentPasswordsCountTowardTheThrottle) {
  Browser b;
  ASSERT_EQ(SignIn(&b, "editor", kPassword).status, 303);
  const std::string csrf = "csrf=" + Encode(CsrfOf(Send(&b, "GET", "/account").body));
  const std::string fresh = Encode("another long password");
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(Send(&b, "POST", "/account/password",
                   csrf + "&current=wrong-guess-" + std::to_string(i) + "&password=" + fresh +
                       "&password2=" + fresh)
                  .status,
              401)
        << i;
  }
  Response r =
      Send(&b, "POST", "/account/password",
           csrf + "&current=" + Encode(kPassword) + "&password=" + fresh + "&password2=" + fresh);
  EXPECT_EQ(r.status, 429);
  EXPECT_FALSE(r.Header("Retry-After").empty());
}

}  // namespace
}  // namespace memoria::web
