// The website over real HTTP (Beast): limits, framing, pipelining, slow
// readers, stopping. The archive is tests/web/web_test_fixture.h's.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"
#include "store/write.h"
#include "testing/archive_builder.h"
#include "testing/http.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"
#include "web/server.h"
#include "web_test_fixture.h"

namespace memoria::web {
namespace {

using ::memoria::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

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
  // The reader would hold the export's worker until the write timeout; a
  // stop must not wait for it. The bound sits far below that timeout and
  // far above the grace, so a loaded machine's slow thread joins do not
  // fail the test while a stop that waits for the reader still does.
  options.write_timeout_seconds = 120;
  Server server(options);
  ASSERT_OK(server.Start());
  boost::asio::io_context ioc;
  auto held = HoldExport(ioc, server.port());
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto started = std::chrono::steady_clock::now();
  server.Stop();
  server.Wait();
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_LT(took, std::chrono::seconds(options.stop_grace_seconds + 20));
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

// The resident pages of this process's memory maps of the file with inode
// "inode" (the "Rss" of its entries in /proc/self/smaps), in bytes.
int64_t ResidentBytesOfFile(uint64_t inode) {
  std::ifstream smaps("/proc/self/smaps");
  int64_t kib = 0;
  bool ours = false;
  std::string line;
  while (std::getline(smaps, line)) {
    // A map's header: "START-END PERMS OFFSET DEV INODE [PATH]".
    std::istringstream fields(line);
    std::string range, perms, offset, dev;
    uint64_t map_inode = 0;
    if ((fields >> range >> perms >> offset >> dev >> map_inode) &&
        range.find('-') != std::string::npos) {
      ours = map_inode == inode;
    } else if (ours && line.rfind("Rss:", 0) == 0) {
      kib += std::stoll(line.substr(4));
    }
  }
  return kib << 10;
}

// ServeOptions::mmap_mib: the page workers read the archive through memory
// maps, whose pages count in the server's resident memory. The warm-up reads
// most of the archive on a connection without one, so that it leaves none of
// those pages behind.
TEST(MemoryMapTest, TheWarmUpLeavesNothingOfTheArchiveMapped) {
  const std::string dir = ::memoria::testing::FreshTempDir() + "/archive";
  std::vector<int64_t> persons;
  {
    ASSERT_OK_AND_ASSIGN(auto store, store::Store::Create(dir));
    ::memoria::testing::ArchiveBuilder b(store.get());
    const int64_t source = b.Source("test:big.csv", "A large list");
    for (int i = 0; i < 3000; ++i) {
      const int64_t record =
          b.Record(source, R"({"note":")" + std::string(2000, 'x') + std::to_string(i) + R"("})");
      const int64_t person = b.Person(record);
      b.Name(person, record, "Петров" + std::to_string(i), "Пётр");
      b.Event(person, record, "birth", std::to_string(1880 + i % 40), "Тверь");
      persons.push_back(person);
    }
    b.Commit();
  }
  struct stat st;
  ASSERT_EQ(::stat((dir + "/archive.db").c_str(), &st), 0);
  ASSERT_GT(st.st_size, int64_t{8} << 20);

  ServeOptions options = QuietOptions(dir);
  options.page_cache_bytes = 0;
  options.mmap_mib = 64;
  Server server(options);
  ASSERT_OK(server.Start());
  server.WaitForWarmUp();
  const int64_t after_warm_up = ResidentBytesOfFile(st.st_ino);
  EXPECT_LT(after_warm_up, int64_t{1} << 20) << (after_warm_up >> 10) << " KiB mapped";
  // The pages read through the map.
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(Fetch(server.port(), http::verb::get, "/person/" + std::to_string(persons[i * 300]))
                  .result_int(),
              200);
  }
  EXPECT_GT(ResidentBytesOfFile(st.st_ino), after_warm_up) << "pages were not read through a map";
  server.Stop();
  server.Wait();
}

}  // namespace
}  // namespace memoria::web
