// Editing on the website (pages/edit.cc, pages/moderation.cc): the POST
// routes refuse a missing CSRF token, visitors and too low a role; an
// editor's correction is applied, shown with its history and found by the
// name search; a volunteer's is a proposal until an editor accepts it; an
// undo restores; a visitor's correction waits unpublished, without the
// sender's address. The App runs over a read-only connection and writes
// through a connection of its own to the archive's folder, as in the server.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>

#include "auth/auth.h"
#include "store/accounts.h"
#include "store/internal/testing.h"
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

// Its own address, so the sign-in throttle of the other tests is not shared.
struct Browser : memoria::testing::Browser {
  Browser() { client = "198.51.100.77"; }
};

class EditingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = memoria::testing::FreshTempDir();
    writer_ = store::Store::Create(dir_).value();
    {
      ArchiveBuilder b(writer_.get());
      const int64_t src = b.Source("test:list", "Книга памяти");
      const int64_t rec = b.Record(src, R"({"ФИО":"Щербакова Ирина Лазаревна"})");
      person_ = b.Person(rec);
      name_ = b.Name(person_, rec, "Щербакова", "Ирина", "Лазаревна");
      b.Event(person_, rec, "birth", "1899");
      secret_ = b.Attribute(person_, rec, "address", "SECRET-ADDRESS", Visibility::kConfidential);
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
    // Past the page cache's version check: the next answer sees the write.
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

  // The CSRF token of the edit page, as the browser would send it back.
  std::string EditCsrf(Browser* b) {
    Response page = Send(b, "GET", PersonPath() + "/edit");
    EXPECT_EQ(page.status, 200) << page.body;
    return CsrfOf(page.body);
  }

  std::string CorrectName(std::string_view csrf, std::string_view surname,
                          std::string_view citation = "letter of the daughter, 2019") {
    return "csrf=" + Encode(csrf) + "&action=correct&fact=name&target=" + std::to_string(name_) +
           "&name_kind=main&surname=" + Encode(surname) + "&given=" + Encode("Ирина") +
           "&patronymic=" + Encode("Лазаревна") + "&citation=" + Encode(citation) +
           "&reason=" + Encode("misspelt in the list") + "&visibility=public";
  }

  std::string PersonPath() const { return "/person/" + std::to_string(person_); }

  int64_t Count(std::string_view sql) { return memoria::testing::QueryInt(writer_.get(), sql); }

  std::string dir_;
  std::unique_ptr<store::Store> writer_, reader_store_;
  std::shared_ptr<internal::Site> site_;
  std::unique_ptr<App> app_;
  std::chrono::steady_clock::time_point now_ =
      std::chrono::steady_clock::time_point() + std::chrono::hours(1000);
  int64_t person_ = 0, name_ = 0, secret_ = 0;
};

TEST_F(EditingTest, APostWithoutTheCsrfTokenIsRefusedAndChangesNothing) {
  Browser b;
  SignIn(&b, "editor");
  const std::string csrf = EditCsrf(&b);
  ASSERT_FALSE(csrf.empty());
  for (const std::string& path :
       {PersonPath() + "/edit", PersonPath() + "/correct", std::string("/moderation")}) {
    Response r = Send(&b, "POST", path, CorrectName("", "Щербаков"));
    EXPECT_EQ(r.status, 403) << path;
    r = Send(&b, "POST", path, CorrectName("forged", "Щербаков"));
    EXPECT_EQ(r.status, 403) << path;
  }
  EXPECT_EQ(Count("SELECT count(*) FROM changes"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM corrections"), 0);
}

TEST_F(EditingTest, VisitorsAndReadersCannotEdit) {
  Browser visitor;
  Response r = Send(&visitor, "GET", PersonPath() + "/edit");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.Header("Location"), "/login?next=" + Encode(PersonPath() + "/edit"));
  EXPECT_EQ(Send(&visitor, "GET", "/moderation").status, 303);
  // A visitor's token (bound to the pre-session cookie) passes the CSRF
  // check; the handler still refuses.
  const std::string pre_csrf = CsrfOf(Send(&visitor, "GET", "/login").body);
  ASSERT_FALSE(pre_csrf.empty());
  EXPECT_EQ(
      Send(&visitor, "POST", PersonPath() + "/edit", CorrectName(pre_csrf, "Щербаков")).status,
      403);
  EXPECT_EQ(Send(&visitor, "POST", "/moderation",
                 "csrf=" + Encode(pre_csrf) + "&item=change&id=1&action=accept")
                .status,
            403);

  Browser reader;
  SignIn(&reader, "reader");
  EXPECT_EQ(Send(&reader, "GET", PersonPath() + "/edit").status, 403);
  const std::string csrf = CsrfOf(Send(&reader, "GET", "/account").body);
  EXPECT_EQ(Send(&reader, "POST", PersonPath() + "/edit", CorrectName(csrf, "Щербаков")).status,
            403);
  EXPECT_EQ(Count("SELECT count(*) FROM changes"), 0);
}

TEST_F(EditingTest, AnEditorsCorrectionIsShownWithItsHistoryAndFoundBySearch) {
  Browser visitor;
  // The search knows the old spelling only (and builds its index now).
  EXPECT_THAT(Send(&visitor, "GET", "/search?q=" + Encode("Щербаков Ирина") + "&exact=1").body,
              Not(HasSubstr(PersonPath() + "\"")));
  Browser b;
  SignIn(&b, "editor");
  Response r = Send(&b, "POST", PersonPath() + "/edit", CorrectName(EditCsrf(&b), "Щербакoff"));
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.Header("Location"), PersonPath());

  r = Send(&visitor, "GET", PersonPath());
  EXPECT_THAT(r.body, HasSubstr("Щербакoff Ирина Лазаревна"));
  EXPECT_THAT(r.body, Not(HasSubstr("Щербакова Ирина Лазаревна</td>")));
  r = Send(&visitor, "GET", PersonPath() + "/history");
  ASSERT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr("<del>Щербакова Ирина Лазаревна</del>"));
  EXPECT_THAT(r.body, HasSubstr("letter of the daughter, 2019"));
  EXPECT_THAT(r.body, HasSubstr("misspelt in the list"));
  EXPECT_THAT(r.body, Not(HasSubstr("name=\"csrf\"")));  // a visitor cannot undo
  r = Send(&visitor, "GET", "/api/v1" + PersonPath() + "/history");
  EXPECT_THAT(r.body, HasSubstr("\"citation\":\"letter of the daughter, 2019\""));

  r = Send(&visitor, "GET", "/search?q=" + Encode("Щербакoff Ирина"));
  EXPECT_THAT(r.body, HasSubstr("href=\"" + PersonPath() + "\""));
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE account = 'editor' AND action = 'edit'"),
            1);
}

TEST_F(EditingTest, AChangeWithoutACitationIsRefusedWithAClearMessage) {
  Browser b;
  SignIn(&b, "editor");
  Response r = Send(&b, "POST", PersonPath() + "/edit", CorrectName(EditCsrf(&b), "Щербаков", ""));
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(r.body, HasSubstr("needs a citation"));
  EXPECT_EQ(Count("SELECT count(*) FROM changes"), 0);
}

TEST_F(EditingTest, AVolunteerGetsAProposalThatAnEditorAccepts) {
  Browser v;
  SignIn(&v, "volunteer");
  Response r = Send(&v, "POST", PersonPath() + "/edit", CorrectName(EditCsrf(&v), "Щербаков"));
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.Header("Location"), PersonPath() + "/edit?done=proposed");
  EXPECT_EQ(Count("SELECT count(*) FROM changes WHERE state = 'pending'"), 1);
  Browser visitor;
  EXPECT_THAT(Send(&visitor, "GET", PersonPath()).body, HasSubstr("Щербакова"));
  EXPECT_THAT(Send(&v, "GET", PersonPath()).body, Not(HasSubstr("Щербаков Ирина")));

  // The volunteer sees the queue but cannot decide.
  r = Send(&v, "GET", "/moderation");
  ASSERT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr("Щербаков Ирина Лазаревна"));
  EXPECT_THAT(r.body, Not(HasSubstr("value=\"accept\"")));
  const int64_t change = Count("SELECT id FROM changes");
  r = Send(&v, "POST", "/moderation",
           "csrf=" + Encode(CsrfOf(r.body)) + "&item=change&id=" + std::to_string(change) +
               "&action=accept");
  EXPECT_EQ(r.status, 403);

  Browser e;
  SignIn(&e, "editor");
  r = Send(&e, "GET", "/moderation");
  EXPECT_THAT(r.body, HasSubstr("value=\"accept\""));
  r = Send(&e, "POST", "/moderation",
           "csrf=" + Encode(CsrfOf(r.body)) + "&item=change&id=" + std::to_string(change) +
               "&action=accept");
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_THAT(Send(&visitor, "GET", PersonPath()).body, HasSubstr("Щербаков Ирина Лазаревна"));
  EXPECT_EQ(Count("SELECT count(*) FROM changes WHERE state = 'accepted' AND reviewed_by = "
                  "'editor' AND author = 'volunteer'"),
            1);
}

// A new person from /persons/new: CSRF and a citation required; refused to
// visitors and readers; an editor's is made at once (303 to its page), a
// volunteer's waits for an editor.
TEST_F(EditingTest, ANewPersonNeedsATokenACitationAndAnEditor) {
  auto form = [](std::string_view csrf, std::string_view surname, std::string_view citation) {
    return "csrf=" + Encode(csrf) + "&surname=" + Encode(surname) + "&given=" + Encode("Ольга") +
           "&citation=" + Encode(citation) + "&reason=" + Encode("a family letter") +
           "&visibility=public";
  };
  Browser visitor;
  EXPECT_EQ(Send(&visitor, "GET", "/persons/new").status, 303);
  const std::string pre_csrf = CsrfOf(Send(&visitor, "GET", "/login").body);
  EXPECT_EQ(Send(&visitor, "POST", "/persons/new", form(pre_csrf, "Новикова", "x")).status, 403);
  Browser reader;
  SignIn(&reader, "reader");
  EXPECT_EQ(Send(&reader, "GET", "/persons/new").status, 403);

  Browser e;
  SignIn(&e, "editor");
  Response page = Send(&e, "GET", "/persons/new");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_THAT(page.body, HasSubstr("name=\"citation\""));
  EXPECT_THAT(Send(&e, "GET", "/").body, HasSubstr("href=\"/persons/new\""));
  const std::string csrf = CsrfOf(page.body);
  EXPECT_EQ(Send(&e, "POST", "/persons/new", form("", "Новикова", "letter")).status, 403);
  Response r = Send(&e, "POST", "/persons/new", form(csrf, "Новикова", "  "));
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(r.body, HasSubstr("citation"));
  EXPECT_EQ(Count("SELECT count(*) FROM changes"), 0);
  r = Send(&e, "POST", "/persons/new", form(csrf, "Новикова", "letter of the daughter, 2019"));
  ASSERT_EQ(r.status, 303) << r.body;
  const int64_t id = Count("SELECT new_fact_id FROM changes WHERE fact = 'person'");
  EXPECT_EQ(r.Header("Location"), "/person/" + std::to_string(id));
  EXPECT_THAT(Send(&visitor, "GET", "/person/" + std::to_string(id)).body,
              HasSubstr("Новикова Ольга"));
  EXPECT_THAT(Send(&visitor, "GET", "/search?q=" + Encode("Новикова Ольга")).body,
              HasSubstr("href=\"/person/" + std::to_string(id) + "\""));

  Browser v;
  SignIn(&v, "volunteer");
  r = Send(&v, "POST", "/persons/new",
           form(CsrfOf(Send(&v, "GET", "/persons/new").body), "Предложенцева", "a list"));
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.Header("Location"), "/persons/new?done=proposed");
  EXPECT_EQ(Count("SELECT count(*) FROM changes WHERE state = 'pending' AND fact = 'person'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM names WHERE surname = 'Предложенцева'"), 0);
  r = Send(&e, "GET", "/moderation");
  EXPECT_THAT(r.body, HasSubstr("Предложенцева"));
  const int64_t change = Count("SELECT id FROM changes WHERE state = 'pending'");
  r = Send(&e, "POST", "/moderation",
           "csrf=" + Encode(CsrfOf(r.body)) + "&item=change&id=" + std::to_string(change) +
               "&action=accept");
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(Count("SELECT count(*) FROM names WHERE surname = 'Предложенцева'"), 1);
}

TEST_F(EditingTest, NobodyChangesAFactAboveTheirCeiling) {
  Browser v;
  SignIn(&v, "volunteer");
  const std::string retract =
      "csrf=" + Encode(EditCsrf(&v)) +
      "&action=retract&fact=attribute&citation=x&target=" + std::to_string(secret_);
  Response r = Send(&v, "POST", PersonPath() + "/edit", retract);
  EXPECT_EQ(r.status, 404);
  EXPECT_THAT(r.body, Not(HasSubstr("SECRET")));
  EXPECT_EQ(Count("SELECT count(*) FROM changes"), 0);
  // An editor reads it, so may retract it.
  Browser e;
  SignIn(&e, "editor");
  r = Send(&e, "POST", PersonPath() + "/edit",
           "csrf=" + Encode(EditCsrf(&e)) +
               "&action=retract&fact=attribute&citation=x&target=" + std::to_string(secret_));
  EXPECT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(Count("SELECT count(*) FROM changes"), 1);
}

TEST_F(EditingTest, AVolunteerCannotUndoAndAnEditorsUndoRestores) {
  Browser e;
  SignIn(&e, "editor");
  ASSERT_EQ(Send(&e, "POST", PersonPath() + "/edit", CorrectName(EditCsrf(&e), "Щербаков")).status,
            303);
  const int64_t change = Count("SELECT id FROM changes");
  Browser v;
  SignIn(&v, "volunteer");
  EXPECT_EQ(Send(&v, "POST", PersonPath() + "/edit",
                 "csrf=" + Encode(EditCsrf(&v)) + "&action=undo&change=" + std::to_string(change))
                .status,
            403);
  Response h = Send(&e, "GET", PersonPath() + "/history");
  EXPECT_THAT(h.body, HasSubstr("name=\"action\" value=\"undo\""));
  Response r =
      Send(&e, "POST", PersonPath() + "/edit",
           "csrf=" + Encode(CsrfOf(h.body)) + "&action=undo&change=" + std::to_string(change) +
               "&reason=" + Encode("wrong person"));
  ASSERT_EQ(r.status, 303) << r.body;
  Browser visitor;
  r = Send(&visitor, "GET", PersonPath());
  EXPECT_THAT(r.body, HasSubstr("Щербакова Ирина Лазаревна"));
  EXPECT_THAT(r.body, Not(HasSubstr("Щербаков Ирина")));
  EXPECT_EQ(Count("SELECT count(*) FROM changes WHERE kind = 'undo'"), 1);
}

TEST_F(EditingTest, APublicCorrectionWaitsUnpublishedWithoutTheSendersAddress) {
  Browser visitor;
  Response form = Send(&visitor, "GET", PersonPath() + "/correct");
  ASSERT_EQ(form.status, 200);
  EXPECT_THAT(form.body, HasSubstr("name=\"website\""));  // the honeypot
  const std::string csrf = CsrfOf(form.body);
  const std::string text = "Моя бабушка работала в школе № 5 до ареста.";
  Response r = Send(&visitor, "POST", PersonPath() + "/correct",
                    "csrf=" + Encode(csrf) + "&kind=testimony&body=" + Encode(text) +
                        "&contact=" + Encode("внучка"));
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.Header("Location"), PersonPath() + "/correct?sent=1");
  EXPECT_EQ(Count("SELECT count(*) FROM corrections WHERE state = 'pending'"), 1);
  // Not published, and the client's address is nowhere in the archive.
  EXPECT_THAT(Send(&visitor, "GET", PersonPath()).body, Not(HasSubstr("школе № 5")));
  ASSERT_OK_AND_ASSIGN(std::string dump, store::StoreTesting::Dump(writer_.get()));
  EXPECT_THAT(dump, HasSubstr("школе № 5"));
  EXPECT_THAT(dump, Not(HasSubstr(visitor.client)));

  // A volunteer triages, an editor publishes the testimony.
  Browser v;
  SignIn(&v, "volunteer");
  r = Send(&v, "GET", "/moderation");
  EXPECT_THAT(r.body, HasSubstr("школе № 5"));
  EXPECT_THAT(r.body, Not(HasSubstr("внучка")));  // the contact is for editors
  const int64_t id = Count("SELECT id FROM corrections");
  ASSERT_EQ(Send(&v, "POST", "/moderation",
                 "csrf=" + Encode(CsrfOf(r.body)) + "&item=correction&id=" + std::to_string(id) +
                     "&action=note&note=" + Encode("plausible"))
                .status,
            303);
  Browser e;
  SignIn(&e, "editor");
  r = Send(&e, "GET", "/moderation");
  EXPECT_THAT(r.body, HasSubstr("внучка"));
  EXPECT_THAT(r.body, HasSubstr("volunteer: plausible"));
  ASSERT_EQ(Send(&e, "POST", "/moderation",
                 "csrf=" + Encode(CsrfOf(r.body)) + "&item=correction&id=" + std::to_string(id) +
                     "&action=accept&visibility=public")
                .status,
            303);
  EXPECT_THAT(Send(&visitor, "GET", PersonPath()).body, HasSubstr("школе № 5"));
}

// Every write from the website names its author in the ledger: the
// account signed in (its triage note, which notes no author itself,
// included), or web:visitor for a visitor's correction; never the server's
// own user (cli:...), as the command line's writes are named.
TEST_F(EditingTest, TheLedgerNamesTheAccountOfEachWebWrite) {
  const int64_t cli_entries = Count("SELECT count(*) FROM ledger WHERE actor LIKE 'cli:%'");
  const int64_t entries = Count("SELECT count(*) FROM ledger");
  Browser visitor;
  Response form = Send(&visitor, "GET", PersonPath() + "/correct");
  ASSERT_EQ(Send(&visitor, "POST", PersonPath() + "/correct",
                 "csrf=" + Encode(CsrfOf(form.body)) + "&kind=testimony&body=" + Encode("Текст"))
                .status,
            303);
  EXPECT_EQ(Count("SELECT count(*) FROM ledger WHERE actor = 'web:visitor' AND kind = 'edit'"), 1);

  Browser v;
  SignIn(&v, "volunteer");
  Response r = Send(&v, "GET", "/moderation");
  const int64_t id = Count("SELECT id FROM corrections");
  ASSERT_EQ(Send(&v, "POST", "/moderation",
                 "csrf=" + Encode(CsrfOf(r.body)) + "&item=correction&id=" + std::to_string(id) +
                     "&action=note&note=" + Encode("plausible"))
                .status,
            303);
  EXPECT_EQ(Count("SELECT count(*) FROM ledger WHERE actor = 'volunteer'"), 1);

  Browser e;
  SignIn(&e, "editor");
  r = Send(&e, "POST", PersonPath() + "/edit", CorrectName(EditCsrf(&e), "Щербакoff"));
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(Count("SELECT count(*) FROM ledger WHERE actor = 'editor' AND kind = 'claim'"), 1);

  EXPECT_EQ(Count("SELECT count(*) FROM ledger"), entries + 3);
  EXPECT_EQ(Count("SELECT count(*) FROM ledger WHERE actor LIKE 'cli:%'"), cli_entries);
}

TEST_F(EditingTest, TheHoneypotKeepsNothingAndSendingIsLimitedAndChecked) {
  Browser visitor;
  const std::string csrf = CsrfOf(Send(&visitor, "GET", PersonPath() + "/correct").body);
  Response r = Send(&visitor, "POST", PersonPath() + "/correct",
                    "csrf=" + Encode(csrf) + "&body=buy&website=" + Encode("http://spam"));
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Count("SELECT count(*) FROM corrections"), 0);
  r = Send(&visitor, "POST", PersonPath() + "/correct", "csrf=" + Encode(csrf) + "&body=");
  EXPECT_EQ(r.status, 400);
  r = Send(&visitor, "POST", PersonPath() + "/correct",
           "csrf=" + Encode(csrf) + "&body=" + std::string(9000, 'a'));
  EXPECT_EQ(r.status, 413);
  EXPECT_THAT(r.body, HasSubstr("too long"));
  for (int i = 0; i < 10; ++i) {
    r = Send(&visitor, "POST", PersonPath() + "/correct",
             "csrf=" + Encode(csrf) + "&body=" + Encode("note " + std::to_string(i)));
    ASSERT_EQ(r.status, 303) << i;
  }
  r = Send(&visitor, "POST", PersonPath() + "/correct", "csrf=" + Encode(csrf) + "&body=more");
  EXPECT_EQ(r.status, 429);
  EXPECT_FALSE(r.Header("Retry-After").empty());
  EXPECT_EQ(Count("SELECT count(*) FROM corrections"), 10);
}

}  // namespace
}  // namespace memoria::web
