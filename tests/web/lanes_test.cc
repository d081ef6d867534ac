// The server's lanes and time budget (ServeOptions: expensive_threads,
// expensive_queue, request_budget_ms; docs/WEBSITE.md, "HTTP"): a cheap page
// is answered while every expensive thread is held, an expensive request
// beyond the queue gets 503 at once, and a request over its budget gets 503
// (its statements interrupted through store::Reader::SetDeadline). Every
// check is by the order of events, held by the on_lane seam and a test
// clock, never by elapsed time.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <future>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "store/reader.h"
#include "store/store.h"
#include "testing/archive_builder.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"
#include "web/internal/routes.h"
#include "web/internal/site.h"
#include "web/server.h"

namespace memoria::web {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;
using ::testing::HasSubstr;

constexpr int kPersons = 3000;

// How many descriptors of this process are open on "path".
int OpenFilesOf(const std::string& path) {
  const std::string target = std::filesystem::canonical(path).string();
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    std::error_code ec;
    if (std::filesystem::read_symlink(entry.path(), ec).string() == target) ++n;
  }
  return n;
}

// A gate the lane threads wait at until the test opens it; counts arrivals.
class Gate {
 public:
  void Arrive() {
    std::unique_lock<std::mutex> lock(mu_);
    ++arrived_;
    changed_.notify_all();
    changed_.wait(lock, [this] { return open_; });
  }
  void WaitForArrivals(int n) {
    std::unique_lock<std::mutex> lock(mu_);
    changed_.wait(lock, [&] { return arrived_ >= n; });
  }
  void Open() {
    std::lock_guard<std::mutex> lock(mu_);
    open_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  int arrived_ = 0;
  bool open_ = false;
};

class LanesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = memoria::testing::FreshTempDir();
    ASSERT_OK_AND_ASSIGN(store_, store::Store::Create(dir_));
    memoria::testing::ArchiveBuilder b(store_.get());
    source_ = b.Source("test:lanes.csv", "Список");
    for (int i = 0; i < kPersons; ++i) {
      const int64_t record = b.Record(source_, R"({"n":)" + std::to_string(i) + "}");
      const int64_t person = b.Person(record);
      b.Name(person, record, "Петров", "Пётр", "Петрович");
      if (i == 0) person_ = person;
    }
    b.Commit();
  }

  ServeOptions Options() {
    ServeOptions o;
    o.archive_dir = dir_;
    o.port = 0;
    o.access_log = "";
    o.page_cache_bytes = 0;  // every request is rendered
    return o;
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  int64_t source_ = 0, person_ = 0;
};

std::unique_ptr<tcp::socket> Send(boost::asio::io_context& ioc, int port,
                                  const std::string& target) {
  auto socket = std::make_unique<tcp::socket>(ioc);
  beast::error_code ec;
  socket->connect(
      tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)),
      ec);
  EXPECT_FALSE(ec) << ec.message();
  http::request<http::empty_body> req(http::verb::get, target, 11);
  req.set(http::field::host, "127.0.0.1");
  http::write(*socket, req, ec);
  EXPECT_FALSE(ec) << ec.message();
  return socket;
}

http::response<http::string_body> Receive(tcp::socket& socket) {
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  beast::error_code ec;
  http::read(socket, buffer, res, ec);
  EXPECT_FALSE(ec) << ec.message();
  return res;
}

std::string SearchFor(int i) {
  // Different pages of one search: no two share an answer.
  return "/search?q=%D0%9F%D0%B5%D1%82%D1%80%D0%BE%D0%B2&page=" + std::to_string(i + 1);
}

TEST(RouteCostTest, SearchesAndListsAreExpensiveAPersonAndFilesAreCheap) {
  EXPECT_EQ(internal::CostOf("/search?q=x"), internal::Cost::kExpensive);
  EXPECT_EQ(internal::CostOf("/api/v1/search?q=x"), internal::Cost::kExpensive);
  EXPECT_EQ(internal::CostOf("/sources/1?page=900"), internal::Cost::kExpensive);
  EXPECT_EQ(internal::CostOf("/browse/letter/%D0%9F"), internal::Cost::kExpensive);
  EXPECT_EQ(internal::CostOf("/person/12"), internal::Cost::kCheap);
  EXPECT_EQ(internal::CostOf("/api/v1/person/12"), internal::Cost::kCheap);
  EXPECT_EQ(internal::CostOf("/static/style.css"), internal::Cost::kCheap);
  EXPECT_EQ(internal::CostOf("/no/such/page"), internal::Cost::kCheap);
  EXPECT_EQ(internal::CostOf("/api/v1/export.csv"), internal::Cost::kStream);
}

TEST_F(LanesTest, APersonPageIsAnsweredWhileTwentyExpensiveRequestsAreInFlight) {
  Gate gate;
  ServeOptions o = Options();
  o.threads = 1;  // one thread reads, writes and answers cheap pages
  o.expensive_threads = 2;
  o.expensive_queue = 32;
  o.on_lane = [&gate](std::string_view lane) {
    if (lane == "expensive") gate.Arrive();
  };
  Server server(o);
  ASSERT_OK(server.Start());
  boost::asio::io_context ioc;
  std::vector<std::unique_ptr<tcp::socket>> searches;
  for (int i = 0; i < 20; ++i) searches.push_back(Send(ioc, server.port(), SearchFor(i)));
  // Both expensive threads hold a search; 18 more wait in the queue.
  gate.WaitForArrivals(2);
  auto person = Send(ioc, server.port(), "/person/" + std::to_string(person_));
  const auto answer = Receive(*person);
  EXPECT_EQ(answer.result_int(), 200);
  EXPECT_THAT(answer.body(), HasSubstr("Петров"));
  // Queued requests hold no connection of their own (each has a page cache
  // of up to 32 MiB): the archive is open on the lane's two threads, the
  // connection thread, the warm-up and this test's store, not once per
  // waiting search.
  EXPECT_LE(OpenFilesOf(dir_ + "/archive.db"), 5);
  // The searches were all still held when the person page was answered;
  // now they go on, and every one is answered.
  gate.Open();
  for (auto& s : searches) EXPECT_EQ(Receive(*s).result_int(), 200);
  server.Stop();
  server.Wait();
}

TEST_F(LanesTest, AnExpensiveRequestBeyondTheQueueGets503AtOnce) {
  Gate gate;
  ServeOptions o = Options();
  o.threads = 1;
  o.expensive_threads = 1;
  o.expensive_queue = 1;
  o.on_lane = [&gate](std::string_view lane) {
    if (lane == "expensive") gate.Arrive();
  };
  Server server(o);
  ASSERT_OK(server.Start());
  boost::asio::io_context ioc;
  auto held = Send(ioc, server.port(), SearchFor(0));
  gate.WaitForArrivals(1);  // the one expensive thread holds it
  // Two more: one waits in the queue (its one place), the other is refused.
  // Which is which depends on which connection the server reads first, so
  // each is read on its own thread; the refusal comes while the lane is
  // still held.
  std::mutex mu;
  std::condition_variable done;
  std::vector<http::response<http::string_body>> answers;
  std::vector<std::thread> readers;
  std::vector<std::unique_ptr<tcp::socket>> sockets;
  for (int i = 1; i <= 2; ++i) sockets.push_back(Send(ioc, server.port(), SearchFor(i)));
  for (auto& s : sockets) {
    readers.emplace_back([&, socket = s.get()] {
      auto res = Receive(*socket);
      std::lock_guard<std::mutex> lock(mu);
      answers.push_back(std::move(res));
      done.notify_all();
    });
  }
  {
    std::unique_lock<std::mutex> lock(mu);
    done.wait(lock, [&] { return !answers.empty(); });
    EXPECT_EQ(answers[0].result_int(), 503);
    EXPECT_FALSE(answers[0][http::field::retry_after].empty());
  }
  gate.Open();
  for (std::thread& t : readers) t.join();
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers[1].result_int(), 200);
  EXPECT_EQ(Receive(*held).result_int(), 200);
  server.Stop();
  server.Wait();
}

// A clock that moves one millisecond each time it is read: a request's
// budget is spent by the work it does (SQLite reads it every few thousand
// steps), not by the time the machine takes.
std::function<std::chrono::steady_clock::time_point()> CountingClock() {
  auto ticks = std::make_shared<std::atomic<int64_t>>(0);
  return [ticks] {
    return std::chrono::steady_clock::time_point(std::chrono::milliseconds(++*ticks));
  };
}

TEST_F(LanesTest, ARequestOverItsBudgetGets503AndTheServerGoesOn) {
  ServeOptions o = Options();
  o.request_budget_ms = 20;
  o.clock = CountingClock();
  Server server(o);
  ASSERT_OK(server.Start());
  boost::asio::io_context ioc;
  // The warm-up (the site's figures, then the place indexes) reads the
  // same clock: the budget is measured from when it is over, when a page of
  // the source and the places' page answer. Waited for by the wall clock,
  // not by a number of tries, which a busy machine can run through first.
  const std::string source = "/sources/" + std::to_string(source_);
  for (const std::string& path : {source, std::string("/browse")}) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (Receive(*Send(ioc, server.port(), path)).result_int() != 200) {
      ASSERT_LT(std::chrono::steady_clock::now(), give_up) << "the warm-up never ended: " << path;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  // Page 29 of the source skips 2,800 persons: over 20 reads of the clock
  // (one every few thousand SQLite steps). A person page is a few.
  auto deep = Send(ioc, server.port(), source + "?page=29");
  const auto over = Receive(*deep);
  EXPECT_EQ(over.result_int(), 503);
  EXPECT_FALSE(over[http::field::retry_after].empty());
  auto person = Send(ioc, server.port(), "/person/" + std::to_string(person_));
  EXPECT_EQ(Receive(*person).result_int(), 200);
  server.Stop();
  server.Wait();
}

// The figures and the place indexes are built once for every request that
// waits for them: the first request's budget does not stop them half done
// (which left every later request to start them again under its own), and
// holds again once they are built.
TEST_F(LanesTest, TheSharedIndexesAreBuiltWholeWhateverTheFirstRequestsBudget) {
  auto site = std::make_shared<internal::Site>();
  auto clock = CountingClock();
  site->set_clock(clock);
  ASSERT_OK_AND_ASSIGN(auto app,
                       App::Create(store_.get(), {store::Visibility::kPublic, nullptr, site}));
  // No warm-up ran: this request builds them, far more than 20 clock reads.
  Request browse{"GET", "/browse", "en", "", ""};
  browse.deadline = clock() + std::chrono::milliseconds(20);
  EXPECT_EQ(app->Handle(browse).status, 200);
  Request deep{"GET", "/sources/" + std::to_string(source_) + "?page=29", "en", "", ""};
  deep.deadline = clock() + std::chrono::milliseconds(20);
  EXPECT_EQ(app->Handle(deep).status, 503);
}

TEST_F(LanesTest, AppInterruptsAPageOverItsDeadlineAndAnswersTheNextOne) {
  auto site = std::make_shared<internal::Site>();
  auto clock = CountingClock();
  site->set_clock(clock);
  ASSERT_OK_AND_ASSIGN(auto app,
                       App::Create(store_.get(), {store::Visibility::kPublic, nullptr, site}));
  const std::string deep = "/sources/" + std::to_string(source_) + "?page=29";
  Request request{"GET", deep, "en", "", ""};
  // Page 29 walks 2,800 persons: over 20 reads of the clock (the site's
  // figures, computed on the first request, are not under its budget).
  request.deadline = clock() + std::chrono::milliseconds(20);
  Response over = app->Handle(request);
  EXPECT_EQ(over.status, 503);
  EXPECT_FALSE(over.Header("Retry-After").empty());
  EXPECT_THAT(over.body, HasSubstr("took too long"));
  // A deadline already past: not begun.
  request.deadline = clock();
  EXPECT_EQ(app->Handle(request).status, 503);
  // Without a budget the same page is made; the connection was left in no
  // transaction and with no deadline.
  Response full = app->Handle({"GET", deep, "en", "", ""});
  EXPECT_EQ(full.status, 200);
  Request cheap{"GET", "/person/" + std::to_string(person_), "en", "", ""};
  cheap.deadline = clock() + std::chrono::milliseconds(200);
  EXPECT_EQ(app->Handle(cheap).status, 200);
}

// The person ids a list page links to, in order.
std::vector<std::string> PersonLinks(const std::string& body) {
  std::vector<std::string> ids;
  static const std::regex kLink(R"re(href="/person/(\d+))re");
  for (auto it = std::sregex_iterator(body.begin(), body.end(), kLink);
       it != std::sregex_iterator(); ++it) {
    ids.push_back((*it)[1]);
  }
  return ids;
}

// The "next" link of a list page.
std::string NextLink(const std::string& body) {
  static const std::regex kNext(R"re(rel="next" href="([^"]*)")re");
  std::smatch m;
  for (auto it = std::sregex_iterator(body.begin(), body.end(), kNext);
       it != std::sregex_iterator(); ++it) {
    std::string link = (*it)[1];
    std::string out;
    for (size_t i = 0; i < link.size(); ++i) {
      if (link.compare(i, 5, "&amp;") == 0) {
        out += '&';
        i += 4;
      } else {
        out += link[i];
      }
    }
    return out;
  }
  return "";
}

TEST_F(LanesTest, APageAskedForByNumberStartsFromTheNearestKnownPage) {
  auto site = std::make_shared<internal::Site>();
  auto clock = CountingClock();
  site->set_clock(clock);
  ASSERT_OK_AND_ASSIGN(auto app,
                       App::Create(store_.get(), {store::Visibility::kPublic, nullptr, site}));
  const std::string source = "/sources/" + std::to_string(source_);
  ASSERT_EQ(app->Handle({"GET", source, "en", "", ""}).status, 200);  // the figures
  // The work of a request, in reads of the clock (one every few thousand
  // SQLite steps).
  // (SQLite's progress handler reads it while a request has a deadline.)
  auto cost = [&](const std::string& target, std::string* body) {
    const auto before = clock();
    Request request{"GET", target, "en", "", ""};
    request.deadline = before + std::chrono::hours(1);
    Response r = app->Handle(request);
    EXPECT_EQ(r.status, 200) << target;
    if (body != nullptr) *body = r.body;
    return std::chrono::duration_cast<std::chrono::milliseconds>(clock() - before).count();
  };
  std::string first_time, second_time;
  const auto cold = cost(source + "?page=29", &first_time);
  const auto warm = cost(source + "?page=29", &second_time);
  EXPECT_EQ(PersonLinks(first_time), PersonLinks(second_time));
  EXPECT_LT(warm * 3, cold) << "cold " << cold << ", warm " << warm;
  // Page 27 starts from the page 21 anchor the walk to 29 left.
  std::string by_number;
  EXPECT_LT(cost(source + "?page=27", &by_number) * 2, cold);
  // The same persons as the page the "next" links lead to.
  std::string page = app->Handle({"GET", source, "en", "", ""}).body;
  for (int n = 2; n <= 27; ++n) {
    const std::string next = NextLink(page);
    ASSERT_FALSE(next.empty()) << "page " << n - 1 << " has no next link";
    page = app->Handle({"GET", next, "en", "", ""}).body;
  }
  EXPECT_EQ(PersonLinks(page), PersonLinks(by_number));
  EXPECT_EQ(PersonLinks(page).size(), static_cast<size_t>(kListPageSize));
}

TEST_F(LanesTest, ReaderDeadlineStopsAStatementAsUnavailable) {
  ASSERT_OK_AND_ASSIGN(store::Reader * reader, store_->ReaderFor(store::Visibility::kPublic));
  auto clock = CountingClock();
  reader->SetDeadline(clock() + std::chrono::milliseconds(5), clock);
  EXPECT_THAT(reader->GetStats().status(), memoria::testing::StatusIs(StatusCode::kUnavailable));
  EXPECT_TRUE(reader->DeadlineExceeded());
  reader->ClearDeadline();
  ASSERT_OK_AND_ASSIGN(store::Stats stats, reader->GetStats());
  EXPECT_EQ(stats.persons, kPersons);
}

// Each ceiling's figures are counted under a lock of their own: while a
// count at the confidential ceiling is held (the on_figures seam), the
// public ceiling's figures are counted and handed out, and the held count
// ends right once let go.
TEST(SiteFiguresLockTest, ACountAtOneCeilingDoesNotHoldUpAnother) {
  const std::string dir = testing::FreshTempDir() + "/archive";
  {
    std::unique_ptr<store::Store> store = store::Store::Create(dir).value();
    testing::ArchiveBuilder b(store.get());
    const int64_t open = b.Source("test:open.csv", "Открытый список");
    const int64_t closed =
        b.Source("test:closed.csv", "Закрытый список", store::Visibility::kConfidential);
    const int64_t rec1 = b.Record(open);
    b.Name(b.Person(rec1), rec1, "Петров", "Петр");
    const int64_t rec2 = b.Record(closed);
    b.Name(b.Person(rec2), rec2, "Сидоров", "Сидор");
    b.Commit();
  }
  // A connection for each, as the server's workers have.
  std::unique_ptr<store::Store> held_store = store::Store::Open(dir).value();
  std::unique_ptr<store::Store> free_store = store::Store::Open(dir).value();
  store::Reader* confidential = held_store->ReaderFor(store::Visibility::kConfidential).value();
  store::Reader* open = free_store->ReaderFor(store::Visibility::kPublic).value();
  internal::Site site;
  std::promise<void> entered, release;
  std::future<void> entered_future = entered.get_future();
  std::shared_future<void> released = release.get_future().share();
  site.set_on_figures([&](int ceiling) {
    if (ceiling != static_cast<int>(store::Visibility::kConfidential)) return;
    entered.set_value();
    released.wait();
  });
  auto held = std::async(std::launch::async, [&] { return site.GetFigures(confidential); });
  entered_future.wait();
  auto other = std::async(std::launch::async, [&] { return site.GetFigures(open); });
  // A minute is a deadlock's bound, not a speed: the count takes
  // milliseconds, and with one lock for all ceilings it never ends here.
  const bool answered = other.wait_for(std::chrono::minutes(1)) == std::future_status::ready;
  release.set_value();
  EXPECT_TRUE(answered) << "the public figures waited for the confidential count";
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<const internal::Site::Figures> public_figures, other.get());
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<const internal::Site::Figures> all, held.get());
  EXPECT_EQ(public_figures->stats.persons, 1);
  EXPECT_EQ(public_figures->sources.size(), 1u);
  EXPECT_EQ(all->stats.persons, 2);
  EXPECT_EQ(all->sources.size(), 2u);
}

}  // namespace
}  // namespace memoria::web
