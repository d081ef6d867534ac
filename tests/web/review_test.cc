// The link review queue (pages/review.cc) and merged persons on the
// website: /review is for editors only; accept merges the pair (the retired
// person's page answers 301 to the survivor, whose page shows both sources
// side by side with the disagreeing values marked); undo splits; reject
// keeps the pair out of the queue. Every POST needs the CSRF token. The App
// runs over a read-only connection and writes through a connection of its
// own, as in the server.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "auth/auth.h"
#include "store/merge.h"
#include "store/store.h"
#include "store/write.h"
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

struct Browser : memoria::testing::Browser {
  Browser() { client = "198.51.100.78"; }
};

class ReviewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = memoria::testing::FreshTempDir();
    writer_ = store::Store::Create(dir_).value();
    {
      ArchiveBuilder b(writer_.get());
      const int64_t book = b.Source("test:book", "Книга памяти Тверской области");
      const int64_t list = b.Source("test:list", "Бутовский список");
      const int64_t ra = b.Record(book, R"({"ФИО":"Иванов Иван Петрович","Год":"1899"})");
      a_ = b.Person(ra);
      b.Name(a_, ra, "Иванов", "Иван", "Петрович");
      b.Event(a_, ra, "birth", "1899", "Тверь");
      b.Attribute(a_, ra, "occupation", "учитель");
      const int64_t rb = b.Record(list, R"({"ФИО":"Иванов Иван Петрович","Год":"1898"})");
      b_ = b.Person(rb);
      b.Name(b_, rb, "Иванов", "Иван", "Петрович");
      b.Event(b_, rb, "birth", "1898", "Тверь");
      b.Attribute(b_, rb, "occupation", "счетовод");
      store::LinkCandidate c;
      c.person_a = a_;
      c.person_b = b_;
      c.probability = 0.81;
      c.weight = 6.5;
      c.fields_json =
          R"([{"field":"surname","level":3,"weight":7.1},{"field":"birth","level":1,"weight":-1.2},)"
          R"({"field":"occupation","level":0,"weight":-0.4}])";
      c.rule = "fellegi-sunter em; link p>=0.95; review p>=0.5";
      decision_ = b.tx().ProposeLink(c).value();
      b.Commit();
    }
    for (auto [name, role] :
         {std::pair{"reader", auth::Role::kReader}, std::pair{"volunteer", auth::Role::kVolunteer},
          std::pair{"editor", auth::Role::kEditor}}) {
      ASSERT_OK(auth::AddAccount(writer_.get(), name, role, kPassword,
                                 auth::PasswordCost::Minimum(), "test")
                    .status());
    }
    reader_store_ = store::Store::Open(dir_, store::OpenOptions{true, 16}).value();
    site_ = std::make_shared<internal::Site>(MapConfig(), size_t{8} << 20);
    site_->set_clock([this] { return now_; });
    site_->set_archive_dir(dir_);
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
    now_ += std::chrono::seconds(1);
    return response;
  }

  void SignIn(Browser* b, std::string_view name) {
    Response form = Send(b, "GET", "/login");
    ASSERT_EQ(form.status, 200);
    Response r = Send(b, "POST", "/login",
                      "csrf=" + Encode(CsrfOf(form.body)) + "&name=" + Encode(name) +
                          "&password=" + Encode(kPassword));
    ASSERT_EQ(r.status, 303) << r.body;
  }

  std::string Decide(std::string_view csrf, std::string_view action) {
    return "csrf=" + Encode(csrf) + "&id=" + std::to_string(decision_) +
           "&action=" + std::string(action);
  }

  int64_t Count(std::string_view sql) { return memoria::testing::QueryInt(writer_.get(), sql); }

  std::string dir_;
  std::unique_ptr<store::Store> writer_, reader_store_;
  std::shared_ptr<internal::Site> site_;
  std::unique_ptr<App> app_;
  std::chrono::steady_clock::time_point now_ =
      std::chrono::steady_clock::time_point() + std::chrono::hours(1000);
  int64_t a_ = 0, b_ = 0, decision_ = 0;
};

TEST_F(ReviewTest, OnlyEditorsSeeTheQueue) {
  Browser visitor;
  Response r = Send(&visitor, "GET", "/review");
  EXPECT_EQ(r.status, 303);
  EXPECT_THAT(r.Header("Location"), HasSubstr("/login?next="));
  r = Send(&visitor, "POST", "/review", Decide("x", "accept"));
  EXPECT_EQ(r.status, 403);
  for (std::string_view who : {"reader", "volunteer"}) {
    Browser b;
    SignIn(&b, who);
    r = Send(&b, "GET", "/review");
    EXPECT_EQ(r.status, 403) << who;
    EXPECT_THAT(r.body, Not(HasSubstr("счетовод")));
  }
  Browser editor;
  SignIn(&editor, "editor");
  r = Send(&editor, "GET", "/review");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.body, HasSubstr("pair-" + std::to_string(decision_)));
  EXPECT_THAT(r.body, HasSubstr("81%"));
  // Values read from the persons, with each field's agreement and weight.
  EXPECT_THAT(r.body, HasSubstr("счетовод"));
  EXPECT_THAT(r.body, HasSubstr("учитель"));
  EXPECT_THAT(r.body, HasSubstr("+7.10"));
  EXPECT_THAT(r.body, HasSubstr("-0.40"));
  EXPECT_THAT(r.body, HasSubstr("class=\"disagree\""));
  EXPECT_EQ(Count("SELECT count(*) FROM merges"), 0);
}

TEST_F(ReviewTest, AcceptMergesWithARedirectAndUndoSplits) {
  Browser editor;
  SignIn(&editor, "editor");
  Response page = Send(&editor, "GET", "/review");
  const std::string csrf = CsrfOf(page.body);
  ASSERT_FALSE(csrf.empty());
  Response r = Send(&editor, "POST", "/review", Decide("", "accept"));
  EXPECT_EQ(r.status, 403);
  r = Send(&editor, "POST", "/review", Decide("forged", "accept"));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Count("SELECT count(*) FROM merges"), 0);

  r = Send(&editor, "POST", "/review", Decide(csrf, "accept"));
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(Count("SELECT count(*) FROM merges WHERE author = 'editor' AND survivor_id = " +
                  std::to_string(a_)),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM link_decisions WHERE state = 'accepted'"), 1);
  // Deciding again is refused.
  r = Send(&editor, "POST", "/review", Decide(csrf, "reject"));
  EXPECT_EQ(r.status, 409);

  Browser visitor;
  r = Send(&visitor, "GET", "/person/" + std::to_string(b_));
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.Header("Location"), "/person/" + std::to_string(a_));
  r = Send(&visitor, "GET", "/api/v1/person/" + std::to_string(b_));
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.Header("Location"), "/api/v1/person/" + std::to_string(a_));
  r = Send(&visitor, "GET", "/person/" + std::to_string(a_));
  ASSERT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr("Sources side by side"));
  EXPECT_THAT(r.body, HasSubstr("Бутовский список"));
  EXPECT_THAT(r.body, HasSubstr("sources disagree"));
  EXPECT_THAT(r.body, HasSubstr("счетовод"));

  // The decision is listed with an undo; undo splits the merge.
  page = Send(&editor, "GET", "/review");
  EXPECT_THAT(page.body, HasSubstr("decision-" + std::to_string(decision_)));
  r = Send(&editor, "POST", "/review", Decide(csrf, "undo"));
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(Count("SELECT count(*) FROM merges WHERE split_by = 'editor'"), 1);
  r = Send(&visitor, "GET", "/person/" + std::to_string(b_));
  EXPECT_EQ(r.status, 200);
  page = Send(&editor, "GET", "/review");
  EXPECT_THAT(page.body, HasSubstr("pair-" + std::to_string(decision_)));
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'link'"), 2);
}

TEST_F(ReviewTest, RejectKeepsThePairOutOfTheQueue) {
  Browser editor;
  SignIn(&editor, "editor");
  const std::string csrf = CsrfOf(Send(&editor, "GET", "/review").body);
  Response r = Send(&editor, "POST", "/review", Decide(csrf, "reject"));
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(Count("SELECT count(*) FROM merges"), 0);
  Response page = Send(&editor, "GET", "/review");
  EXPECT_THAT(page.body, Not(HasSubstr("pair-" + std::to_string(decision_))));
  EXPECT_THAT(page.body, HasSubstr("decision-" + std::to_string(decision_)));
  r = Send(&editor, "POST", "/review", "csrf=" + Encode(csrf) + "&id=99&action=accept");
  EXPECT_EQ(r.status, 404);
  r = Send(&editor, "POST", "/review", Decide(csrf, "merge"));
  EXPECT_EQ(r.status, 400);
}

}  // namespace
}  // namespace memoria::web
