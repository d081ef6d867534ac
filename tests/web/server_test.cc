#include "web/server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "core/edtf.h"
#include "store/store.h"
#include "store/write.h"
#include "testing/archive_builder.h"
#include "testing/http.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"
#include "web_test_fixture.h"

namespace memoria::web {
namespace {

using ::memoria::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

// Percent-encodes a query value the way a browser's form does.
std::string Encode(std::string_view text) { return memoria::testing::UrlEncode(text); }

// Removes the raw source fields (<dl class="raw">...</dl>): the only place
// where a page may show an external URL, because a source wrote it.
std::string WithoutRawFields(std::string html) {
  static const std::regex kRaw(R"(<dl class="raw">[\s\S]*?</dl>)");
  // The citation line names the site's own absolute address, as text.
  static const std::regex kCitation(R"(<p class="citation">[\s\S]*?</p>)");
  return std::regex_replace(std::regex_replace(html, kRaw, ""), kCitation, "");
}

TEST_F(WebTest, HomeShowsSearchFormAndArchiveFigures) {
  Response r = Get("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_THAT(r.body, HasSubstr("<html lang=\"ru\">"));
  EXPECT_THAT(r.body, HasSubstr("action=\"/search\""));
  EXPECT_THAT(r.body, HasSubstr("<label for=\"q\">"));
  EXPECT_THAT(r.body, HasSubstr("id=\"q\" name=\"q\""));
  EXPECT_THAT(r.body, HasSubstr("<dd>" + std::to_string(2 + kPetrovs) + "</dd>"));  // persons
  EXPECT_THAT(r.body, HasSubstr("<dd>1</dd>"));                                     // sources
  EXPECT_THAT(r.body, Not(HasSubstr("<script")));
}

TEST_F(WebTest, SearchFindsPersonAndLinksToPersonPage) {
  Response r = Get("/search?q=" + Encode("иванов иван"));
  EXPECT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr("href=\"/person/" + std::to_string(ivanov_) + "\""));
  EXPECT_THAT(r.body, HasSubstr("Иванов Иван Иванович"));
  EXPECT_THAT(r.body, HasSubstr("1899"));
  EXPECT_THAT(r.body, HasSubstr("value=\"иванов иван\""));
}

TEST_F(WebTest, SearchPagesResultsTwentyAtATime) {
  Response first = Get("/search?q=" + Encode("петров"));
  EXPECT_EQ(first.status, 200);
  EXPECT_THAT(first.body, HasSubstr("Страница 1 из 2"));
  EXPECT_THAT(first.body,
              HasSubstr("href=\"/search?q=%D0%BF%D0%B5%D1%82%D1%80%D0%BE%D0%B2&amp;page=2\""));
  Response second = Get("/search?q=" + Encode("петров") + "&page=2");
  EXPECT_EQ(second.status, 200);
  EXPECT_THAT(second.body, HasSubstr("Страница 2 из 2"));
  EXPECT_THAT(second.body, HasSubstr("rel=\"prev\""));
  EXPECT_THAT(second.body, Not(HasSubstr("rel=\"next\"")));
  EXPECT_THAT(second.body, HasSubstr("start=\"21\""));
}

TEST_F(WebTest, EmptyQueryShowsTheFormWithAMessage) {
  for (const char* target : {"/search", "/search?q=", "/search?q=+++"}) {
    Response r = Get(target);
    EXPECT_EQ(r.status, 200) << target;
    EXPECT_THAT(r.body, HasSubstr("Введите фамилию")) << target;
    EXPECT_THAT(r.body, HasSubstr("name=\"q\"")) << target;
  }
}

TEST_F(WebTest, BadQueryIsABadRequestWithTheMessage) {
  for (const char* target : {"/search?q=%21%21%21", "/search?q=%FF%FE", "/search?q=x&page=0",
                             "/search?q=x&page=abc", "/search?q=x&page=99999999999"}) {
    Response r = Get(target);
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_THAT(r.body, HasSubstr("Неверный запрос")) << target;
    EXPECT_THAT(r.body, HasSubstr("class=\"message\"")) << target;
  }
}

TEST_F(WebTest, OverlongQueryIsRejectedAsTooLarge) {
  std::string query;
  for (int i = 0; i < 600; ++i) query += "я";  // 1200 bytes > search::kMaxQueryBytes
  Response r = Get("/search?q=" + Encode(query));
  EXPECT_EQ(r.status, 413);
  EXPECT_THAT(r.body, HasSubstr("Запрос слишком велик"));
}

TEST_F(WebTest, PersonPageShowsEveryFactWithItsSourceRecord) {
  Response r = Get("/person/" + std::to_string(ivanov_));
  ASSERT_EQ(r.status, 200);
  const std::string anchor = "href=\"#record-" + std::to_string(ivanov_record_) + "\"";
  // Names with their kind.
  EXPECT_THAT(r.body, HasSubstr("<h1>Иванов Иван Иванович</h1>"));
  EXPECT_THAT(r.body, HasSubstr("Ivanov Ivan Ivanovich"));
  EXPECT_THAT(r.body, HasSubstr("<td>транслитерация</td>"));
  // Events: EDTF and the text as written, place, body, article, sentence.
  EXPECT_THAT(r.body, HasSubstr("<span class=\"edtf\">1899</span>"));
  EXPECT_THAT(r.body, HasSubstr("1899 г."));
  EXPECT_THAT(r.body, HasSubstr("Тверская губ."));
  EXPECT_THAT(r.body, HasSubstr("<span class=\"edtf\">1937-10-05</span>"));
  EXPECT_THAT(r.body, HasSubstr("тройка УНКВД"));
  EXPECT_THAT(r.body, HasSubstr("58-10"));
  EXPECT_THAT(r.body, HasSubstr("ВМН"));
  // Attributes.
  EXPECT_THAT(r.body, HasSubstr("<th scope=\"row\">Род занятий</th><td>учитель</td>"));
  EXPECT_THAT(r.body, HasSubstr("<h3>Рождение: <time datetime=\"1899\">1899</time></h3>"));
  EXPECT_THAT(r.body, HasSubstr("учитель"));
  // Each of 2 names, 2 events and 1 attribute links its record.
  size_t links = 0;
  for (size_t at = r.body.find(anchor); at != std::string::npos; at = r.body.find(anchor, at + 1)) {
    ++links;
  }
  EXPECT_EQ(links, 5u);
  // The record: source, file, line and the raw fields in source order.
  EXPECT_THAT(r.body, HasSubstr("id=\"record-" + std::to_string(ivanov_record_) + "\""));
  EXPECT_THAT(r.body, HasSubstr("Тестовый список"));
  EXPECT_THAT(r.body, HasSubstr("<dd>list.csv</dd>"));
  EXPECT_THAT(r.body, HasSubstr("<dd>7</dd>"));
  EXPECT_THAT(r.body, HasSubstr("<dt>ФИО</dt><dd>Иванов Иван Иванович</dd>"));
  EXPECT_THAT(r.body, HasSubstr("<dt>Год рождения</dt><dd>1899</dd>"));
  EXPECT_LT(r.body.find("<dt>ФИО</dt>"), r.body.find("<dt>Год рождения</dt>"));
}

TEST_F(WebTest, EverythingFromTheArchiveIsHtmlEscaped) {
  Response r = Get("/person/" + std::to_string(script_person_));
  ASSERT_EQ(r.status, 200);
  EXPECT_THAT(r.body, Not(HasSubstr("<script")));
  EXPECT_THAT(r.body, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt; Пётр"));
  Response search = Get("/search?q=" + Encode("пётр \"><b>"));
  EXPECT_THAT(search.body, Not(HasSubstr("\"><b>")));
}

TEST_F(WebTest, UnknownPersonIsNotFoundAndMalformedIdIsBadRequest) {
  EXPECT_EQ(Get("/person/999999").status, 404);
  for (const char* target : {"/person/abc", "/person/", "/person/-1", "/person/0", "/person/1x",
                             "/person/99999999999999999999999"}) {
    EXPECT_EQ(Get(target).status, 400) << target;
  }
}

TEST_F(WebTest, UnknownPathIsNotFound) {
  for (const char* target : {"/nope", "/search/x", "/static/other.css", "//"}) {
    Response r = Get(target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_THAT(r.body, HasSubstr("Страница не найдена")) << target;
  }
  EXPECT_EQ(Get("*").status, 400);
}

TEST_F(WebTest, OnlyGetAndHeadAreAllowed) {
  EXPECT_EQ(app_->Handle({"HEAD", "/", "", "", ""}).status, 200);
  for (const char* method : {"POST", "PUT", "DELETE", "OPTIONS", "get"}) {
    Response r = app_->Handle({method, "/", "", "", ""});
    EXPECT_EQ(r.status, 405) << method;
    EXPECT_EQ(r.Header("Allow"), "GET, HEAD") << method;
  }
}

TEST_F(WebTest, EveryResponseCarriesTheSecurityHeaders) {
  std::vector<Response> responses = {Get("/"),
                                     Get("/search?q=x"),
                                     Get("/person/" + std::to_string(ivanov_)),
                                     Get("/person/abc"),
                                     Get("/nope"),
                                     Get("/static/style.css"),
                                     app_->Handle({"POST", "/", "", "", ""}),
                                     InternalErrorResponse("7")};
  for (const Response& r : responses) {
    EXPECT_EQ(r.Header("Content-Security-Policy"),
              "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
              "frame-ancestors 'none'; base-uri 'none'")
        << r.status;
    EXPECT_EQ(r.Header("Referrer-Policy"), "no-referrer") << r.status;
    EXPECT_EQ(r.Header("X-Content-Type-Options"), "nosniff") << r.status;
    EXPECT_EQ(r.Header("X-Frame-Options"), "DENY") << r.status;
  }
}

TEST_F(WebTest, PagesLinkNoExternalUrlsOutsideRawFields) {
  const std::vector<std::string> targets = {"/",
                                            "/search",
                                            "/search?q=" + Encode("иванов"),
                                            "/search?q=" + Encode("петров") + "&page=2",
                                            "/person/" + std::to_string(ivanov_),
                                            "/person/abc",
                                            "/nope",
                                            "/static/style.css"};
  for (const std::string& target : targets) {
    const std::string body = WithoutRawFields(Get(target).body);
    EXPECT_THAT(body, Not(HasSubstr("http://"))) << target;
    EXPECT_THAT(body, Not(HasSubstr("https://"))) << target;
    EXPECT_THAT(body, Not(HasSubstr("<script"))) << target;
  }
  // The raw field keeps what the source wrote.
  EXPECT_THAT(Get("/person/" + std::to_string(ivanov_)).body,
              HasSubstr("https://example.org/list/42"));
}

TEST_F(WebTest, StylesheetIsServedAsCss) {
  Response r = Get("/static/style.css");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/css; charset=utf-8");
  EXPECT_THAT(r.body, HasSubstr("body"));
}

TEST_F(WebTest, TemplatesCanBeLoadedFromAFolder) {
  ASSERT_OK_AND_ASSIGN(auto templates, LoadTemplates(MEMORIA_SOURCE_DIR "/templates"));
  ASSERT_OK_AND_ASSIGN(
      std::unique_ptr<App> app,
      App::Create(store_.get(), AppOptions{store::Visibility::kPublic, templates, nullptr}));
  EXPECT_EQ(app->Handle({"GET", "/", "ru", "", ""}).body, Get("/").body);
  EXPECT_THAT(LoadTemplates(dir_ + "/no-such-folder"), StatusIs(StatusCode::kNotFound));
  const std::string broken = dir_ + "/broken";
  std::filesystem::create_directories(broken);
  std::filesystem::copy(MEMORIA_SOURCE_DIR "/templates", broken);
  std::ofstream(broken + "/home.mustache") << "{{#unclosed}}";
  EXPECT_THAT(LoadTemplates(broken), StatusIs(StatusCode::kInvalidArgument));
}

// ---- The real listener ----

}  // namespace
}  // namespace memoria::web
