#include "web/server.h"

#include <atomic>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
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
#include "store/write.h"
#include "store/store.h"
#include "testing/archive_builder.h"
#include "testing/http.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria::web {
namespace {

using ::memoria::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr int kPetrovs = 25;  // more than one page of results

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

class WebTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = memoria::testing::FreshTempDir();
    ASSERT_OK_AND_ASSIGN(store_, store::Store::Create(dir_));
    ASSERT_OK_AND_ASSIGN(store::WriteTransaction tx, store_->BeginWrite());
    store::SourceInfo source;
    source.key = "test:list.csv";
    source.title = "Тестовый список";
    source.profile = "test";
    ASSERT_OK_AND_ASSIGN(int64_t source_id, tx.EnsureSource(source));
    ASSERT_OK_AND_ASSIGN(int64_t batch, tx.BeginBatch(source_id, "test", "list.csv", "00"));

    ASSERT_OK_AND_ASSIGN(ivanov_record_,
                         tx.AddRecord(source_id, batch, 7, "42",
                                           R"({"ФИО":"Иванов Иван Иванович","Год рождения":"1899",)"
                                           R"("Ссылка":"https://example.org/list/42"})"));
    ASSERT_OK_AND_ASSIGN(ivanov_, tx.AddPerson(batch));
    ASSERT_OK(tx.LinkRecord(ivanov_, ivanov_record_, "import"));
    store::NameFact name;
    name.person_id = ivanov_;
    name.record_id = ivanov_record_;
    name.surname = "Иванов";
    name.given = "Иван";
    name.patronymic = "Иванович";
    name.script = "Cyrl";
    ASSERT_OK(tx.AddName(name));
    name.kind = "transliteration";
    name.surname = "Ivanov";
    name.given = "Ivan";
    name.patronymic = "Ivanovich";
    name.script = "Latn";
    ASSERT_OK(tx.AddName(name));
    store::EventFact birth;
    birth.person_id = ivanov_;
    birth.record_id = ivanov_record_;
    birth.type = "birth";
    ASSERT_OK_AND_ASSIGN(birth.date, Edtf::Parse("1899"));
    birth.date_text = "1899 г.";
    birth.place = "Тверская губ.";
    ASSERT_OK(tx.AddEvent(birth));
    store::EventFact arrest;
    arrest.person_id = ivanov_;
    arrest.record_id = ivanov_record_;
    arrest.type = "sentence";
    ASSERT_OK_AND_ASSIGN(arrest.date, Edtf::Parse("1937-10-05"));
    arrest.body = "тройка УНКВД";
    arrest.article = "58-10";
    arrest.sentence = "ВМН";
    ASSERT_OK(tx.AddEvent(arrest));
    store::AttributeFact job;
    job.person_id = ivanov_;
    job.record_id = ivanov_record_;
    job.kind = "occupation";
    job.value = "учитель";
    ASSERT_OK(tx.AddAttribute(job));

    ASSERT_OK_AND_ASSIGN(int64_t script_record,
                         tx.AddRecord(source_id, batch, 8, "43", R"({"ФИО":"<script>"})"));
    ASSERT_OK_AND_ASSIGN(script_person_, tx.AddPerson(batch));
    ASSERT_OK(tx.LinkRecord(script_person_, script_record, "import"));
    store::NameFact evil;
    evil.person_id = script_person_;
    evil.record_id = script_record;
    evil.surname = "<script>alert(1)</script>";
    evil.given = "Пётр";
    ASSERT_OK(tx.AddName(evil));

    for (int i = 0; i < kPetrovs; ++i) {
      ASSERT_OK_AND_ASSIGN(int64_t record,
                           tx.AddRecord(source_id, batch, 100 + i, std::to_string(100 + i),
                                             R"({"n":)" + std::to_string(i) + "}"));
      ASSERT_OK_AND_ASSIGN(int64_t person, tx.AddPerson(batch));
      ASSERT_OK(tx.LinkRecord(person, record, "import"));
      store::NameFact petrov;
      petrov.person_id = person;
      petrov.record_id = record;
      petrov.surname = "Петров";
      petrov.given = "Пётр";
      ASSERT_OK(tx.AddName(petrov));
    }
    ASSERT_OK(tx.Commit());
    ASSERT_OK_AND_ASSIGN(app_, App::Create(store_.get()));
  }

  Response Get(const std::string& target) { return app_->Handle({"GET", target, "ru", "", ""}); }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<App> app_;
  int64_t ivanov_ = 0, ivanov_record_ = 0, script_person_ = 0;
};

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
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<App> app,
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

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

http::response<http::string_body> Fetch(int port, http::verb method, const std::string& target) {
  boost::asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::error_code ec;
  stream.connect(
      tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)),
      ec);
  EXPECT_FALSE(ec) << ec.message();
  http::request<http::empty_body> req(method, target, 11);
  req.set(http::field::host, "127.0.0.1");
  http::write(stream, req, ec);
  EXPECT_FALSE(ec) << ec.message();
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.skip(method == http::verb::head);
  http::read(stream, buffer, parser, ec);
  EXPECT_FALSE(ec) << ec.message();
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  return parser.release();
}

TEST_F(WebTest, ServerAnswersRealHttpAndStops) {
  ServeOptions options;
  options.archive_dir = dir_;
  options.port = 0;
  Server server(options);
  ASSERT_OK(server.Start());
  ASSERT_NE(server.port(), 0);
  EXPECT_EQ(server.address(), "127.0.0.1");

  auto home = Fetch(server.port(), http::verb::get, "/");
  EXPECT_EQ(home.result_int(), 200);
  EXPECT_THAT(home.body(), HasSubstr("<html lang=\"ru\">"));
  EXPECT_EQ(home[http::field::x_frame_options], "DENY");

  auto person = Fetch(server.port(), http::verb::get, "/person/" + std::to_string(ivanov_));
  EXPECT_EQ(person.result_int(), 200);
  EXPECT_THAT(person.body(), HasSubstr("Иванов"));

  auto head = Fetch(server.port(), http::verb::head, "/");
  EXPECT_EQ(head.result_int(), 200);
  EXPECT_EQ(head[http::field::content_length], std::to_string(home.body().size()));
  EXPECT_TRUE(head.body().empty());

  EXPECT_EQ(Fetch(server.port(), http::verb::post, "/").result_int(), 405);

  server.Stop();
  server.Wait();
}

TEST_F(WebTest, CachedPagesChangeWhenTheArchiveDoes) {
  ServeOptions options;
  options.archive_dir = dir_;
  options.port = 0;
  options.access_log = "";
  ASSERT_GT(options.page_cache_bytes, 0u);  // the default keeps pages
  // The test's own clock spaces the version checks: no sleeping.
  auto now_ms = std::make_shared<std::atomic<int64_t>>(1000);
  options.clock = [now_ms] {
    return std::chrono::steady_clock::time_point(std::chrono::milliseconds(now_ms->load()));
  };
  Server server(options);
  ASSERT_OK(server.Start());
  const std::string path = "/person/" + std::to_string(ivanov_);
  auto first = Fetch(server.port(), http::verb::get, path);
  ASSERT_EQ(first.result_int(), 200);
  EXPECT_THAT(first.body(), Not(HasSubstr("Ивановская")));
  EXPECT_EQ(Fetch(server.port(), http::verb::get, path).body(), first.body());

  // Another connection (an import) commits a new name for the person.
  store::NameFact maiden;
  maiden.person_id = ivanov_;
  maiden.record_id = ivanov_record_;
  maiden.kind = "variant";
  maiden.surname = "Ивановская";
  maiden.given = "Иван";
  maiden.script = "Cyrl";
  {
    ASSERT_OK_AND_ASSIGN(store::WriteTransaction tx, store_->BeginWrite());
    ASSERT_OK(tx.AddName(maiden));
    ASSERT_OK(tx.Commit());
  }
  // The server checks the archive's version at most every 50 ms of its
  // clock (each of its workers on its own); once they have passed, the new
  // name shows.
  *now_ms += 60;
  auto second = Fetch(server.port(), http::verb::get, path);
  EXPECT_EQ(second.result_int(), 200);
  EXPECT_THAT(second.body(), HasSubstr("Ивановская"));
  server.Stop();
  server.Wait();
}

// Sends raw bytes on a new connection and returns everything the server
// writes back until it closes the connection.
std::string Exchange(int port, const std::string& bytes) {
  boost::asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::error_code ec;
  stream.connect(
      tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)),
      ec);
  EXPECT_FALSE(ec) << ec.message();
  boost::asio::write(stream, boost::asio::buffer(bytes), ec);
  std::string reply;
  char chunk[4096];
  for (;;) {
    size_t n = stream.read_some(boost::asio::buffer(chunk), ec);
    reply.append(chunk, n);
    if (ec) break;
  }
  return reply;
}

TEST_F(WebTest, ServerEnforcesHeaderAndBodyLimits) {
  ServeOptions options;
  options.archive_dir = dir_;
  options.port = 0;
  Server server(options);
  ASSERT_OK(server.Start());
  const std::string big_header =
      "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(kHeaderLimitBytes, 'a') + "\r\n\r\n";
  EXPECT_THAT(Exchange(server.port(), big_header).substr(0, 200), HasSubstr("HTTP/1.1 431"));
  // The declared length alone exceeds the limit; the body is never read.
  const std::string big_body =
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(kBodyLimitBytes + 1) +
      "\r\n\r\n";
  EXPECT_THAT(Exchange(server.port(), big_body), HasSubstr("HTTP/1.1 413"));
  EXPECT_THAT(Exchange(server.port(), "NOT HTTP AT ALL\r\n\r\n"), HasSubstr("HTTP/1.1 400"));
  // Two pipelined requests on one kept-alive connection, then a close.
  const std::string pipelined =
      "GET /static/style.css HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  const std::string replies = Exchange(server.port(), pipelined);
  EXPECT_THAT(replies, HasSubstr("HTTP/1.1 200"));
  EXPECT_THAT(replies, HasSubstr("HTTP/1.1 404"));
  server.Stop();
  server.Wait();
}

TEST_F(WebTest, StopClosesIdleKeepAliveConnections) {
  ServeOptions options;
  options.archive_dir = dir_;
  options.port = 0;
  Server server(options);
  ASSERT_OK(server.Start());
  boost::asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::error_code ec;
  stream.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"),
                               static_cast<unsigned short>(server.port())),
                 ec);
  ASSERT_FALSE(ec) << ec.message();
  http::request<http::empty_body> req(http::verb::get, "/", 11);
  req.set(http::field::host, "127.0.0.1");
  req.keep_alive(true);
  http::write(stream, req, ec);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res, ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_TRUE(res.keep_alive());
  // The connection now idles in a read with a 30 s timeout; Stop() must not
  // wait for it.
  server.Stop();
  server.Wait();
  http::read(stream, buffer, res, ec);
  EXPECT_EQ(ec, http::error::end_of_stream);
}

TEST_F(WebTest, ServerReportsMissingArchiveAndTakenPort) {
  ServeOptions missing;
  missing.archive_dir = dir_ + "/empty";
  missing.port = 0;
  EXPECT_THAT(Server(missing).Start(), StatusIs(StatusCode::kNotFound));

  ServeOptions options;
  options.archive_dir = dir_;
  options.port = 0;
  Server first(options);
  ASSERT_OK(first.Start());
  options.port = first.port();
  Server second(options);
  EXPECT_THAT(second.Start(), StatusIs(StatusCode::kUnavailable));

  options.bind = "not an address";
  EXPECT_THAT(Server(options).Start(), StatusIs(StatusCode::kInvalidArgument));
}

// ---- HTTP details and limits of the listener ----

// A connection to the server; "receive_buffer" > 0 shrinks the socket's
// receive buffer (a client that reads slowly fills it fast).
std::unique_ptr<tcp::socket> Connect(boost::asio::io_context& ioc, int port,
                                     int receive_buffer = 0) {
  auto socket = std::make_unique<tcp::socket>(ioc);
  beast::error_code ec;
  socket->open(tcp::v4(), ec);
  EXPECT_FALSE(ec) << ec.message();
  if (receive_buffer > 0) {
    socket->set_option(boost::asio::socket_base::receive_buffer_size(receive_buffer), ec);
  }
  socket->connect(
      tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)),
      ec);
  EXPECT_FALSE(ec) << ec.message();
  return socket;
}

// The answers read from "socket" until the server closes it, and how it
// ended (end_of_stream for a graceful close, connection_reset for a reset).
struct Answers {
  std::vector<http::response<http::string_body>> responses;
  beast::error_code end;
};

Answers ReadAnswers(tcp::socket& socket) {
  Answers answers;
  beast::flat_buffer buffer;
  for (;;) {
    http::response_parser<http::string_body> parser;
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    http::read(socket, buffer, parser, answers.end);
    if (answers.end) break;
    answers.responses.push_back(parser.release());
  }
  return answers;
}

// Adds "count" persons (with a long name each) so the export is large.
void AddPersons(store::Store* store, int count) {
  memoria::testing::ArchiveBuilder b(store);
  const int64_t source = b.Source("test:big.csv", "Большой список");
  for (int i = 0; i < count; ++i) {
    const int64_t record = b.Record(source, R"({"n":)" + std::to_string(i) + "}");
    b.Name(b.Person(record), record, "Константинопольский-Преображенский", "Александр",
           "Владимирович");
  }
  b.Commit();
}

ServeOptions QuietOptions(const std::string& dir) {
  ServeOptions options;
  options.archive_dir = dir;
  options.port = 0;
  options.access_log = "";
  return options;
}

TEST_F(WebTest, HeadOfAStreamedAnswerHasTheHeadersOfGetAndNoLength) {
  Server server(QuietOptions(dir_));
  ASSERT_OK(server.Start());
  auto get = Fetch(server.port(), http::verb::get, "/api/v1/export.jsonl");
  ASSERT_EQ(get.result_int(), 200);
  EXPECT_TRUE(get.chunked());
  // HEAD, then a GET on the same connection: the HEAD answer ends with its
  // header (no body, no last chunk), so the GET's answer follows it.
  const std::string replies =
      Exchange(server.port(),
               "HEAD /api/v1/export.jsonl HTTP/1.1\r\nHost: x\r\n\r\n"
               "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const size_t second = replies.find("HTTP/1.1 404");
  ASSERT_NE(second, std::string::npos) << replies;
  const std::string head = replies.substr(0, second);
  EXPECT_THAT(head, HasSubstr("HTTP/1.1 200"));
  EXPECT_THAT(head, HasSubstr("Transfer-Encoding: chunked\r\n"));
  EXPECT_THAT(head, HasSubstr("Content-Type: " + std::string(get[http::field::content_type])));
  EXPECT_THAT(head, Not(HasSubstr("Content-Length")));
  EXPECT_TRUE(head.ends_with("\r\n\r\n")) << head;
  EXPECT_EQ(head.find("\r\n\r\n"), head.size() - 4) << head;
}

TEST_F(WebTest, RequestsWithBadFramingOrNoHostAreRefused) {
  Server server(QuietOptions(dir_));
  ASSERT_OK(server.Start());
  const int port = server.port();
  // HTTP/1.1 requires exactly one Host; HTTP/1.0 does not.
  EXPECT_THAT(Exchange(port, "GET / HTTP/1.1\r\n\r\n"), HasSubstr("HTTP/1.1 400"));
  EXPECT_THAT(Exchange(port, "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
              HasSubstr("HTTP/1.1 400"));
  EXPECT_THAT(Exchange(port, "GET /nope HTTP/1.0\r\n\r\n"), HasSubstr("HTTP/1.0 404"));
  // A transfer coding other than chunked: the body's length is unknown.
  for (const char* coding : {"xchunked", "gzip", "chunked, x", "chunked;q=1", "identity"}) {
    EXPECT_THAT(Exchange(port, "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " +
                                   std::string(coding) + "\r\n\r\n0\r\n\r\n"),
                HasSubstr("HTTP/1.1 400"))
        << coding;
  }
  EXPECT_THAT(Exchange(port, "GET / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
              HasSubstr(" 400 "));
  EXPECT_THAT(Exchange(port,
                       "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                       "0\r\n\r\n"),
              HasSubstr("HTTP/1.1 501"));
  // Chunked itself is fine.
  EXPECT_THAT(Exchange(port,
                       "GET /nope HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                       "Connection: close\r\n\r\n0\r\n\r\n"),
              HasSubstr("HTTP/1.1 404"));
}

TEST_F(WebTest, OverlongTargetIsUriTooLong) {
  Server server(QuietOptions(dir_));
  ASSERT_OK(server.Start());
  const int port = server.port();
  const std::string close = " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  EXPECT_THAT(Exchange(port, "GET /nope?q=" + std::string(kTargetLimitBytes, 'a') + close),
              HasSubstr("HTTP/1.1 414"));
  // Longer than all the headers may be: still the target's fault.
  EXPECT_THAT(Exchange(port, "GET /nope?q=" + std::string(kHeaderLimitBytes + 10, 'a') + close),
              HasSubstr("HTTP/1.1 414"));
  // At the limit it is served.
  std::string target = "/nope?q=";
  target += std::string(kTargetLimitBytes - target.size(), 'a');
  EXPECT_THAT(Exchange(port, "GET " + target + close), HasSubstr("HTTP/1.1 404"));
}

// A request with the headers a browser sends (about 400 bytes), so that
// pipelined requests overflow the server's read buffer.
std::string BrowserRequest(std::string_view target, bool close) {
  std::string r = "GET " + std::string(target) + " HTTP/1.1\r\nHost: x\r\n";
  r += "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
       "Chrome/120.0 Safari/537.36\r\n";
  r += "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,"
       "image/webp,*/*;q=0.8\r\n";
  r += "Accept-Language: ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7\r\n";
  r += "Cookie: " + std::string(120, 'c') + "\r\n";
  if (close) r += "Connection: close\r\n";
  return r + "\r\n";
}

TEST_F(WebTest, ManyPipelinedRequestsAreAllAnswered) {
  Server server(QuietOptions(dir_));
  ASSERT_OK(server.Start());
  constexpr int kRequests = 1500;
  std::string requests;
  for (int i = 0; i < kRequests; ++i) requests += BrowserRequest("/nope", i == kRequests - 1);
  boost::asio::io_context ioc;
  auto socket = Connect(ioc, server.port());
  std::thread writer([&] {
    beast::error_code ec;
    boost::asio::write(*socket, boost::asio::buffer(requests), ec);
  });
  Answers answers = ReadAnswers(*socket);
  writer.join();
  EXPECT_EQ(answers.responses.size(), static_cast<size_t>(kRequests));
  EXPECT_EQ(answers.end, http::error::end_of_stream) << answers.end.message();
  for (const auto& r : answers.responses) ASSERT_EQ(r.result_int(), 404);
}

TEST_F(WebTest, AtTheRequestCapTheLastAnswerSaysCloseAndNothingIsReset) {
  ServeOptions options = QuietOptions(dir_);
  options.max_requests_per_connection = 20;
  Server server(options);
  ASSERT_OK(server.Start());
  std::string requests;
  for (int i = 0; i < 1000; ++i) requests += BrowserRequest("/nope", false);
  boost::asio::io_context ioc;
  // A small receive buffer: the answers are still in the server's send
  // buffer when it closes, where a reset would discard them.
  auto socket = Connect(ioc, server.port(), /*receive_buffer=*/4096);
  beast::error_code ec;
  // The client writes everything (the server may stop reading: errors are
  // fine), then reads only after the server has answered and closed.
  std::thread writer([&] { boost::asio::write(*socket, boost::asio::buffer(requests), ec); });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  Answers answers = ReadAnswers(*socket);
  writer.join();
  ASSERT_EQ(answers.responses.size(), 20u);
  EXPECT_EQ(answers.end, http::error::end_of_stream) << answers.end.message();
  EXPECT_TRUE(answers.responses[18].keep_alive());
  EXPECT_FALSE(answers.responses[19].keep_alive());
}

// Sends a GET for the export and never reads it.
std::unique_ptr<tcp::socket> HoldExport(boost::asio::io_context& ioc, int port) {
  auto socket = Connect(ioc, port, /*receive_buffer=*/4096);
  beast::error_code ec;
  const std::string get = "GET /api/v1/export.jsonl HTTP/1.1\r\nHost: x\r\n\r\n";
  boost::asio::write(*socket, boost::asio::buffer(get), ec);
  EXPECT_FALSE(ec) << ec.message();
  return socket;
}

// Everything the server sends on "socket" until it closes it.
std::string Drain(tcp::socket& socket) {
  std::string all;
  char chunk[65536];
  beast::error_code ec;
  while (!ec) {
    size_t n = socket.read_some(boost::asio::buffer(chunk), ec);
    all.append(chunk, n);
  }
  return all;
}

TEST_F(WebTest, AReaderThatStopsReadingIsTimedOut) {
  AddPersons(store_.get(), 30000);
  ServeOptions options = QuietOptions(dir_);
  options.write_timeout_seconds = 1;
  Server server(options);
  ASSERT_OK(server.Start());
  boost::asio::io_context ioc;
  auto held = HoldExport(ioc, server.port());
  // The server gives up on the write after a second without progress and
  // closes the connection: the body the client gets is truncated (no last
  // chunk), not a short complete one.
  std::this_thread::sleep_for(std::chrono::milliseconds(3000));
  const auto started = std::chrono::steady_clock::now();
  const std::string body = Drain(*held);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
  EXPECT_THAT(body, HasSubstr("HTTP/1.1 200"));
  EXPECT_FALSE(body.ends_with("\r\n0\r\n\r\n")) << body.size();
  // The export's worker was given back: the server still answers.
  EXPECT_EQ(Fetch(server.port(), http::verb::get, "/nope").result_int(), 404);
}

TEST_F(WebTest, StopIsQuickWhileAReaderHoldsAnExport) {
  AddPersons(store_.get(), 30000);
  ServeOptions options = QuietOptions(dir_);
  options.write_timeout_seconds = 60;
  Server server(options);
  ASSERT_OK(server.Start());
  boost::asio::io_context ioc;
  auto held = HoldExport(ioc, server.port());
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto started = std::chrono::steady_clock::now();
  server.Stop();
  server.Wait();
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_LT(took, std::chrono::seconds(options.stop_grace_seconds + 2));
  std::cerr << "stop with a held export took " << std::chrono::duration<double>(took).count()
            << " s\n";
}

TEST_F(WebTest, ConnectionsBeyondTheLimitGet503) {
  ServeOptions options = QuietOptions(dir_);
  options.max_connections = 2;
  Server server(options);
  ASSERT_OK(server.Start());
  boost::asio::io_context ioc;
  // Two kept-alive connections, each answered once.
  std::vector<std::unique_ptr<tcp::socket>> open;
  for (int i = 0; i < 2; ++i) {
    open.push_back(Connect(ioc, server.port()));
    beast::error_code ec;
    http::request<http::empty_body> req(http::verb::get, "/nope", 11);
    req.set(http::field::host, "x");
    http::write(*open.back(), req, ec);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(*open.back(), buffer, res, ec);
    ASSERT_FALSE(ec) << ec.message();
    EXPECT_EQ(res.result_int(), 404);
  }
  const std::string get = "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string refused = Exchange(server.port(), get);
  EXPECT_THAT(refused, HasSubstr("HTTP/1.1 503"));
  EXPECT_THAT(refused, HasSubstr("Retry-After: "));
  EXPECT_THAT(refused, HasSubstr("Connection: close"));
  // One closes; a new connection is served again.
  open.pop_back();
  std::string again;
  for (int i = 0; i < 50; ++i) {
    again =
        Exchange(server.port(), get + "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    if (again.find("HTTP/1.1 404") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_THAT(again, HasSubstr("HTTP/1.1 404"));
}

}  // namespace
}  // namespace memoria::web
