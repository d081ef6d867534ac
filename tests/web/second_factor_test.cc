// The second factor on the website, on injected clocks (the server's
// steady one for the half sign-in and the throttle, the wall clock for the
// codes): the code asked after the password, the half-signed-in state that
// grants nothing and expires, failed codes counted by the sign-in throttle,
// a code or recovery code used once, and setting the factor up and removing
// it on the account page.
#include "auth/second_factor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "auth/auth.h"
#include "auth/totp.h"
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
using ::testing::HasSubstr;
using ::testing::Not;
using Browser = memoria::testing::Browser;

constexpr std::string_view kPassword = "a long enough password";

std::string Encode(std::string_view s) { return memoria::testing::UrlEncode(s); }

class SecondFactorWebTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = memoria::testing::FreshTempDir();
    ASSERT_OK_AND_ASSIGN(writer_, store::Store::Create(dir_));
    {
      ArchiveBuilder b(writer_.get());
      const int64_t src = b.Source("test:list", "Список");
      const int64_t rec = b.Record(src, R"({"n":"restricted"})");
      restricted_person_ = b.Person(rec, store::Visibility::kRestricted);
      b.Name(restricted_person_, rec, "Служебнов", "Пётр");
      b.Commit();
    }
    for (const char* name : {"anna", "boris"}) {
      ASSERT_OK(auth::AddAccount(writer_.get(), name, auth::Role::kEditor, kPassword,
                                 auth::PasswordCost::Minimum(), "test")
                    .status());
    }
    ASSERT_OK_AND_ASSIGN(auth::TotpEnrolment e, auth::EnableTotp(writer_.get(), "anna", "test"));
    key_ = auth::Base32Decode(e.secret).value();
    recovery_ = e.recovery_codes;
    ASSERT_OK_AND_ASSIGN(reader_store_, store::Store::Open(dir_, store::OpenOptions{true, 16}));
    site_ = std::make_shared<internal::Site>(MapConfig(), size_t{8} << 20);
    site_->set_clock([this] { return now_; });
    site_->set_unix_clock([this] { return unix_; });
    site_->set_archive_dir(dir_);
    ASSERT_OK_AND_ASSIGN(app_, App::Create(reader_store_.get(),
                                           AppOptions{store::Visibility::kPublic, nullptr, site_}));
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

  Response Password(Browser* b, std::string_view name, std::string_view next = "") {
    Response form = Send(b, "GET", "/login");
    EXPECT_EQ(form.status, 200);
    std::string body = "csrf=" + Encode(CsrfOf(form.body)) + "&name=" + Encode(name) +
                       "&password=" + Encode(kPassword);
    if (!next.empty()) body += "&next=" + Encode(next);
    return Send(b, "POST", "/login", body);
  }

  // Sends a code with the second form's token (or, when that form is not
  // shown, the sign-in form's: both are bound to the pre-session cookie).
  Response Code(Browser* b, std::string_view code) {
    Response form = Send(b, "GET", "/login/second");
    if (form.status != 200) form = Send(b, "GET", "/login");
    const std::string csrf = CsrfOf(form.body);
    return Send(b, "POST", "/login/second", "csrf=" + Encode(csrf) + "&code=" + Encode(code));
  }

  std::string Now() const { return auth::TotpCode(key_, unix_); }
  void Advance(std::chrono::seconds s) {
    now_ += s;
    unix_ += s.count();
  }
  bool SignedIn(Browser* b) { return Send(b, "GET", "/account").status == 200; }

  std::string dir_;
  std::unique_ptr<store::Store> writer_, reader_store_;
  std::shared_ptr<internal::Site> site_;
  std::unique_ptr<App> app_;
  std::chrono::steady_clock::time_point now_ =
      std::chrono::steady_clock::time_point() + std::chrono::hours(1000);
  int64_t unix_ = 1700000000;
  std::string key_;
  std::vector<std::string> recovery_;
  int64_t restricted_person_ = 0;
};

TEST_F(SecondFactorWebTest, ThePasswordLeadsToTheCodeFormAndOnlyTheCodeSignsIn) {
  Browser b;
  Response r = Password(&b, "anna", "/person/" + std::to_string(restricted_person_));
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(r.Header("Location"), "/login/second");
  EXPECT_THAT(r.Header("Cache-Control"), HasSubstr("no-store"));
  EXPECT_TRUE(b.cookies.contains("memoria_half"));
  EXPECT_FALSE(b.cookies.contains("memoria_session"));
  // Half signed in grants nothing: no account page, no restricted person.
  EXPECT_FALSE(SignedIn(&b));
  EXPECT_EQ(Send(&b, "GET", "/person/" + std::to_string(restricted_person_)).status, 404);

  Response form = Send(&b, "GET", "/login/second");
  ASSERT_EQ(form.status, 200);
  EXPECT_THAT(form.body, HasSubstr("name=\"code\""));
  EXPECT_THAT(form.body, HasSubstr("autocomplete=\"one-time-code\""));
  EXPECT_EQ(form.Header("Cache-Control"), "no-store");
  EXPECT_EQ(form.Header("ETag"), "");
  // Without the form's token: refused.
  EXPECT_EQ(Send(&b, "POST", "/login/second", "code=" + Now()).status, 403);
  r = Code(&b, Now());
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.Header("Location"), "/person/" + std::to_string(restricted_person_));
  EXPECT_TRUE(b.cookies.contains("memoria_session"));
  EXPECT_FALSE(b.cookies.contains("memoria_half"));
  EXPECT_TRUE(SignedIn(&b));
  EXPECT_THAT(Send(&b, "GET", "/person/" + std::to_string(restricted_person_)).body,
              HasSubstr("Служебнов"));
  // An account without a second factor signs in with its password alone.
  Browser plain;
  EXPECT_EQ(Password(&plain, "boris").status, 303);
  EXPECT_TRUE(SignedIn(&plain));
}

TEST_F(SecondFactorWebTest, TheHalfSignInExpiresAfterFiveMinutes) {
  Browser b;
  ASSERT_EQ(Password(&b, "anna").status, 303);
  const std::string half = b.cookies["memoria_half"];
  Advance(std::chrono::seconds(auth::kHalfSignInSeconds));
  EXPECT_EQ(Send(&b, "GET", "/login/second").Header("Location"), "/login");
  b.cookies["memoria_half"] = half;
  Response r = Code(&b, Now());
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.Header("Location"), "/login");
  EXPECT_FALSE(SignedIn(&b));
  // A cookie nobody was given opens nothing either.
  Browser forged;
  forged.cookies["memoria_half"] = std::string(43, 'A');
  EXPECT_EQ(Send(&forged, "GET", "/login/second").Header("Location"), "/login");
}

TEST_F(SecondFactorWebTest, WrongCodesCountTowardTheSignInThrottle) {
  Browser b;
  ASSERT_EQ(Password(&b, "anna").status, 303);
  const std::string wrong = Now() == "000000" ? "111111" : "000000";
  for (int i = 0; i < auth::Throttle::kMaxFailures; ++i) {
    Response r = Code(&b, wrong);
    ASSERT_EQ(r.status, 401) << i;
    EXPECT_THAT(r.body, HasSubstr("Wrong or already used code"));
  }
  Response r = Code(&b, Now());
  EXPECT_EQ(r.status, 429);
  EXPECT_NE(r.Header("Retry-After"), "");
  EXPECT_FALSE(SignedIn(&b));
  // The password form of that account is throttled as well.
  Browser other;
  other.client = "192.0.2.99";
  EXPECT_EQ(Password(&other, "anna").status, 429);
  // When the window has passed, the code works (a new half sign-in).
  Advance(std::chrono::seconds(auth::Throttle::kWindowSeconds));
  ASSERT_EQ(Password(&b, "anna").status, 303);
  EXPECT_EQ(Code(&b, Now()).status, 303);
  EXPECT_TRUE(SignedIn(&b));
}

TEST_F(SecondFactorWebTest, ACodeIsNotAcceptedTwice) {
  Browser first, second;
  ASSERT_EQ(Password(&first, "anna").status, 303);
  ASSERT_EQ(Password(&second, "anna").status, 303);
  const std::string code = Now();
  EXPECT_EQ(Code(&first, code).status, 303);
  EXPECT_EQ(Code(&second, code).status, 401);  // seen by someone over a shoulder
  Advance(std::chrono::seconds(30));
  EXPECT_EQ(Code(&second, Now()).status, 303);
}

TEST_F(SecondFactorWebTest, ARecoveryCodeSignsInOnce) {
  Browser b;
  ASSERT_EQ(Password(&b, "anna").status, 303);
  EXPECT_EQ(Code(&b, recovery_[0]).status, 303);
  Browser again;
  ASSERT_EQ(Password(&again, "anna").status, 303);
  EXPECT_EQ(Code(&again, recovery_[0]).status, 401);
  EXPECT_EQ(Code(&again, recovery_[1]).status, 303);
}

TEST_F(SecondFactorWebTest, SettingUpConfirmingAndRemovingOnTheAccountPage) {
  Browser b;
  ASSERT_EQ(Password(&b, "boris").status, 303);
  Response page = Send(&b, "GET", "/account");
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr("action=\"/account/totp/begin\""));
  const std::string csrf = CsrfOf(page.body);
  EXPECT_EQ(Send(&b, "POST", "/account/totp/begin", "").status, 403);  // no token
  Response r = Send(&b, "POST", "/account/totp/begin", "csrf=" + Encode(csrf));
  ASSERT_EQ(r.status, 303) << r.body;
  page = Send(&b, "GET", "/account");
  EXPECT_THAT(page.Header("Cache-Control"), HasSubstr("no-store"));
  EXPECT_THAT(page.body, HasSubstr("otpauth://totp/memoria:boris?secret="));
  const std::string marker = "<code class=\"secret\">";
  const size_t at = page.body.find(marker);
  ASSERT_NE(at, std::string::npos);
  std::string secret;
  for (size_t i = at + marker.size(); page.body[i] != '<'; ++i) {
    if (page.body[i] != ' ') secret += page.body[i];
  }
  const std::string key = auth::Base32Decode(secret).value();
  // Still off until confirmed: the password alone signs in.
  Browser meanwhile;
  EXPECT_EQ(Password(&meanwhile, "boris").status, 303);
  EXPECT_TRUE(SignedIn(&meanwhile));

  const std::string right = auth::TotpCode(key, unix_);
  r = Send(&b, "POST", "/account/totp/confirm",
           "csrf=" + Encode(csrf) + "&code=" + (right == "123456" ? "654321" : "123456"));
  EXPECT_EQ(r.status, 400);
  r = Send(&b, "POST", "/account/totp/confirm", "csrf=" + Encode(csrf) + "&code=" + right);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.Header("Cache-Control"), HasSubstr("no-store"));
  std::vector<std::string> codes;
  for (size_t p = r.body.find("<li><code>"); p != std::string::npos;
       p = r.body.find("<li><code>", p + 1)) {
    codes.push_back(r.body.substr(p + 10, 19));
  }
  ASSERT_EQ(codes.size(), 10u);
  EXPECT_THAT(Send(&b, "GET", "/account").body, Not(HasSubstr(codes[0])));

  // Now the password is not enough.
  Browser next;
  ASSERT_EQ(Password(&next, "boris").status, 303);
  EXPECT_FALSE(SignedIn(&next));
  EXPECT_EQ(Code(&next, codes[9]).status, 303);

  // Removing it needs proof beyond the session.
  r = Send(&b, "POST", "/account/totp/disable", "csrf=" + Encode(csrf) + "&code=000000");
  EXPECT_EQ(r.status, 401);
  r = Send(&b, "POST", "/account/totp/disable",
           "csrf=" + Encode(csrf) + "&password=" + Encode("not the password"));
  EXPECT_EQ(r.status, 401);
  r = Send(&b, "POST", "/account/totp/disable",
           "csrf=" + Encode(csrf) + "&password=" + Encode(kPassword));
  EXPECT_EQ(r.status, 303) << r.body;
  EXPECT_THAT(Send(&b, "GET", "/account").body, HasSubstr("action=\"/account/totp/begin\""));
  Browser last;
  EXPECT_EQ(Password(&last, "boris").status, 303);
  EXPECT_TRUE(SignedIn(&last));
  // A visitor may do none of it.
  Browser visitor;
  Response login = Send(&visitor, "GET", "/login");
  EXPECT_EQ(
      Send(&visitor, "POST", "/account/totp/begin", "csrf=" + Encode(CsrfOf(login.body))).status,
      403);
}

// Turning the second factor on ends every other session of the account and
// keeps the one it was turned on from; so does turning it off. A password
// changed with `memoria user passwd` ends every session of the account.
TEST_F(SecondFactorWebTest, NewCredentialsEndTheOtherSessions) {
  Browser here, elsewhere, other_account;
  ASSERT_EQ(Password(&here, "boris").status, 303);
  ASSERT_EQ(Password(&elsewhere, "boris").status, 303);
  ASSERT_EQ(Password(&other_account, "anna").status, 303);
  ASSERT_EQ(Code(&other_account, Now()).status, 303);
  ASSERT_TRUE(SignedIn(&elsewhere));
  ASSERT_TRUE(SignedIn(&other_account));
  const std::string csrf = CsrfOf(Send(&here, "GET", "/account").body);
  ASSERT_EQ(Send(&here, "POST", "/account/totp/begin", "csrf=" + Encode(csrf)).status, 303);
  Response page = Send(&here, "GET", "/account");
  const std::string marker = "<code class=\"secret\">";
  const size_t at = page.body.find(marker);
  ASSERT_NE(at, std::string::npos);
  std::string secret;
  for (size_t i = at + marker.size(); page.body[i] != '<'; ++i) {
    if (page.body[i] != ' ') secret += page.body[i];
  }
  const std::string key = auth::Base32Decode(secret).value();
  EXPECT_TRUE(SignedIn(&elsewhere));  // begun, not yet on
  Response r = Send(&here, "POST", "/account/totp/confirm",
                    "csrf=" + Encode(csrf) + "&code=" + auth::TotpCode(key, unix_));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(SignedIn(&here));
  EXPECT_FALSE(SignedIn(&elsewhere));
  EXPECT_TRUE(SignedIn(&other_account));
  // Off again, from a second session: the first one ends.
  Browser second;
  ASSERT_EQ(Password(&second, "boris").status, 303);
  Advance(std::chrono::seconds(30));
  ASSERT_EQ(Code(&second, auth::TotpCode(key, unix_)).status, 303);
  ASSERT_TRUE(SignedIn(&second));
  const std::string csrf2 = CsrfOf(Send(&second, "GET", "/account").body);
  r = Send(&second, "POST", "/account/totp/disable",
           "csrf=" + Encode(csrf2) + "&password=" + Encode(kPassword));
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_TRUE(SignedIn(&second));
  EXPECT_FALSE(SignedIn(&here));
  // A password changed outside the website ends them all.
  ASSERT_OK(auth::SetPassword(writer_.get(), "boris", "another long password",
                              auth::PasswordCost::Minimum(), "test"));
  EXPECT_FALSE(SignedIn(&second));
  EXPECT_TRUE(SignedIn(&other_account));
}

}  // namespace
}  // namespace memoria::web
