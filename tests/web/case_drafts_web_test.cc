// Drafts of cases on the website: a volunteer drafts an assessment from
// /prisoners/ID/draft (CSRF, a required citation), which no page shows to
// anyone; the queue at /moderation/cases is for editors only; an editor
// publishes it and every visitor then sees it, with drafted_by and
// approved_by recorded; a rejection needs a reason.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "auth/auth.h"
#include "store/case_drafts.h"
#include "store/cases.h"
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
constexpr std::string_view kStatement = "Признан политзаключённым";

std::string Encode(std::string_view s) { return memoria::testing::UrlEncode(s); }

class CaseDraftsWebTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = memoria::testing::FreshTempDir();
    ASSERT_OK_AND_ASSIGN(writer_, store::Store::Create(dir_));
    {
      ArchiveBuilder b(writer_.get());
      const int64_t src = b.Source("test:list", "Список");
      const int64_t rec = b.Record(src, R"({"n":"1"})");
      person_ = b.Person(rec);
      b.Name(person_, rec, "Арестов", "Иван");
      b.Commit();
    }
    for (auto [name, role] :
         {std::pair{"reader", auth::Role::kReader}, std::pair{"vera", auth::Role::kVolunteer},
          std::pair{"olga", auth::Role::kEditor}}) {
      ASSERT_OK(auth::AddAccount(writer_.get(), name, role, kPassword,
                                 auth::PasswordCost::Minimum(), "test")
                    .status());
    }
    ASSERT_OK_AND_ASSIGN(reader_store_, store::Store::Open(dir_, store::OpenOptions{true, 16}));
    site_ = std::make_shared<internal::Site>(MapConfig(), size_t{8} << 20);
    site_->set_clock([this] { return now_; });
    site_->set_archive_dir(dir_);
    ASSERT_OK_AND_ASSIGN(app_, App::Create(reader_store_.get(),
                                           AppOptions{store::Visibility::kPublic, nullptr, site_}));
  }

  Response Send(Browser* b, const std::string& method, const std::string& target,
                const std::string& body = "") {
    now_ += std::chrono::seconds(1);  // past the version check's interval
    Request r{method, target, "en", "", ""};
    r.cookie = b->CookieHeader();
    r.body = body;
    r.client = b->client;
    Response response = app_->Handle(r);
    b->Keep(response);
    return response;
  }

  void SignIn(Browser* b, std::string_view name) {
    Response form = Send(b, "GET", "/login");
    const std::string body = "csrf=" + Encode(CsrfOf(form.body)) + "&name=" + Encode(name) +
                             "&password=" + Encode(kPassword);
    ASSERT_EQ(Send(b, "POST", "/login", body).status, 303);
  }

  std::string Draft() { return "/prisoners/" + std::to_string(person_) + "/draft"; }
  std::string Prisoner() { return "/prisoners/" + std::to_string(person_); }

  std::string dir_;
  std::unique_ptr<store::Store> writer_, reader_store_;
  std::shared_ptr<internal::Site> site_;
  std::unique_ptr<App> app_;
  std::chrono::steady_clock::time_point now_ =
      std::chrono::steady_clock::time_point() + std::chrono::hours(1000);
  int64_t person_ = 0;
};

TEST_F(CaseDraftsWebTest, AVolunteersDraftShowsOnlyOnceAnEditorPublishesIt) {
  Browser anonymous, reader, vera, olga;
  EXPECT_EQ(Send(&anonymous, "GET", Draft()).status, 303);  // to sign in
  SignIn(&reader, "reader");
  EXPECT_EQ(Send(&reader, "GET", Draft()).status, 403);
  SignIn(&vera, "vera");
  Response form = Send(&vera, "GET", Draft());
  ASSERT_EQ(form.status, 200);
  EXPECT_THAT(form.body, HasSubstr("Арестов"));
  EXPECT_THAT(form.Header("Cache-Control"), HasSubstr("no-store"));
  const std::string csrf = CsrfOf(form.body);
  const std::string fields =
      "&kind=assessment&verdict=political_prisoner&date=2024-05-17"
      "&statement=" +
      Encode("**" + std::string(kStatement) + "**");
  EXPECT_EQ(Send(&vera, "POST", Draft(), "kind=assessment").status, 403);  // no token
  Response r = Send(&vera, "POST", Draft(), "csrf=" + Encode(csrf) + fields);
  EXPECT_EQ(r.status, 400);  // no citation
  r = Send(&vera, "POST", Draft(),
           "csrf=" + Encode(csrf) + fields + "&citation=" + Encode("statement of 2024-05-17"));
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.Header("Location"), Draft() + "?done=1");

  // Nobody sees the draft on a public page, signed in or not.
  for (Browser* b : {&anonymous, &reader, &vera, &olga}) {
    EXPECT_EQ(Send(b, "GET", Prisoner()).status, 404);
    EXPECT_THAT(Send(b, "GET", "/prisoners").body, Not(HasSubstr("Арестов")));
  }
  EXPECT_EQ(Send(&vera, "GET", "/moderation/cases").status, 403);
  EXPECT_EQ(Send(&reader, "GET", "/moderation/cases").status, 403);

  SignIn(&olga, "olga");
  Response queue = Send(&olga, "GET", "/moderation/cases");
  ASSERT_EQ(queue.status, 200);
  EXPECT_THAT(queue.body, HasSubstr("<strong>" + std::string(kStatement) + "</strong>"));
  EXPECT_THAT(queue.body, HasSubstr("vera"));
  EXPECT_THAT(queue.body, HasSubstr("statement of 2024-05-17"));
  const std::string token = CsrfOf(queue.body);
  r = Send(&vera, "POST", "/moderation/cases",
           "csrf=" + Encode(CsrfOf(form.body)) + "&item=assessment&id=1&action=publish");
  EXPECT_EQ(r.status, 403);  // a volunteer cannot publish
  r = Send(&olga, "POST", "/moderation/cases",
           "csrf=" + Encode(token) + "&item=assessment&id=1&action=publish&reason=checked");
  ASSERT_EQ(r.status, 303) << r.body;
  Response page = Send(&anonymous, "GET", Prisoner());
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(page.body, HasSubstr(std::string(kStatement)));
  r = Send(&olga, "POST", "/moderation/cases",
           "csrf=" + Encode(token) + "&item=assessment&id=1&action=publish");
  EXPECT_EQ(r.status, 409);  // once only

  store::CaseDrafts drafts(writer_.get());
  const auto steps = drafts.Steps(store::DraftItem::kAssessment, 1).value();
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].author, "vera");
  EXPECT_EQ(steps[1].author, "olga");
  EXPECT_EQ(steps[1].action, "publish");
}

TEST_F(CaseDraftsWebTest, ARejectionNeedsAReasonAndKeepsTheDraftHidden) {
  Browser vera, olga;
  SignIn(&vera, "vera");
  Response form = Send(&vera, "GET", Draft());
  Response r = Send(&vera, "POST", Draft(),
                    "csrf=" + Encode(CsrfOf(form.body)) +
                        "&kind=status&status=detained&date=2024-03&citation=" + Encode("court"));
  ASSERT_EQ(r.status, 303) << r.body;
  SignIn(&olga, "olga");
  const std::string token = CsrfOf(Send(&olga, "GET", "/moderation/cases").body);
  r = Send(&olga, "POST", "/moderation/cases",
           "csrf=" + Encode(token) + "&item=status_change&id=1&action=reject");
  EXPECT_EQ(r.status, 400);
  r = Send(&olga, "POST", "/moderation/cases",
           "csrf=" + Encode(token) +
               "&item=status_change&id=1&action=reject&reason=" + Encode("no source"));
  ASSERT_EQ(r.status, 303);
  EXPECT_THAT(Send(&olga, "GET", "/moderation/cases").body, HasSubstr("No drafts wait"));
  EXPECT_EQ(Send(&olga, "GET", Prisoner()).status, 404);
}

}  // namespace
}  // namespace memoria::web
