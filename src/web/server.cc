// The transport: listener, sessions and the pool of Apps, on Boost.Beast.
// With session.cc, the only translation units of the module that include
// Beast (internal/server_state.h).
//
// Shaped like Beast's advanced server example: an acceptor that hands each
// connection to a Session on its own strand; a Session reads one request
// with header, body and time limits, has a pooled App answer it
// synchronously, writes the answer and reads again while the connection is
// kept alive. Pipelined requests wait in the read buffer (and then in the
// socket), so at most one request per connection is in progress and answers
// go out in order. Every Beast call uses its error_code overload.
//
// Closing: a connection is closed gracefully (shutdown of our side, then
// the client's remaining bytes are read and dropped for up to
// kLingerSeconds), never with unread input, which would make the kernel
// send a reset and discard answers not yet delivered. Stop() closes idle
// connections at once and the rest after options.stop_grace_seconds.
#include "web/server.h"

#include <malloc.h>

#include <algorithm>
#include <csignal>
#include <iostream>

#include "search/hit_lines.h"
#include "search/search.h"
#include "web/internal/server_state.h"

namespace memoria::web {
namespace internal {

void ServerState::DoAccept() {
  acceptor->async_accept(net::make_strand(ioc),
                         beast::bind_front_handler(&ServerState::OnAccept, this));
}

void ServerState::OnAccept(beast::error_code ec, tcp::socket socket) {
  if (stopping || !acceptor->is_open()) return;
  const int limit = options.max_connections;
  if (ec) {
    std::cerr << "memoria: accept: " << ec.message() << "\n";
  } else if (limit > 0 && open_sessions >= 2 * limit) {
    // Not even a 503: beyond twice the limit, refusing costs too much.
    beast::error_code ignored;
    socket.close(ignored);
  } else {
    auto session = NewSession(std::move(socket), this,
                              /*refused=*/limit > 0 && served_sessions >= limit);
    Register(session);
    RunSession(session);
  }
  DoAccept();
}

void ServerState::SessionEnded(bool served) {
  if (served) --served_sessions;
  if (--open_sessions == 0 && stopping) {
    // The last connection is gone: Stop() need not wait for the grace period.
    net::post(stop_timer.get_executor(), [this] { stop_timer.cancel(); });
  }
}

void ServerState::Register(const std::shared_ptr<Session>& session) {
  std::lock_guard<std::mutex> lock(sessions_mutex);
  std::erase_if(sessions, [](const std::weak_ptr<Session>& s) { return s.expired(); });
  sessions.push_back(session);
}

void ServerState::Stop() {
  if (stopping.exchange(true)) return;
  // A warm-up (or a request) building the place indexes or the name index
  // gives up.
  if (pool != nullptr) pool->site()->Stop();
  search::CancelIndexBuilds();
  if (acceptor.has_value()) {
    net::post(acceptor->get_executor(), [this] {
      beast::error_code ec;
      acceptor->close(ec);
    });
  }
  {
    std::lock_guard<std::mutex> lock(sessions_mutex);
    for (const std::weak_ptr<Session>& weak : sessions) {
      if (std::shared_ptr<Session> s = weak.lock()) ShutdownSession(s);
    }
  }
  // Answers still being written (a client that does not read, a long
  // export) get the grace period, then their connections are closed.
  net::post(stop_timer.get_executor(), [this] {
    if (open_sessions == 0) return;
    stop_timer.expires_after(std::chrono::seconds(options.stop_grace_seconds));
    stop_timer.async_wait([this](beast::error_code ec) {
      if (ec) return;  // cancelled: every connection has ended
      std::lock_guard<std::mutex> lock(sessions_mutex);
      for (const std::weak_ptr<Session>& weak : sessions) {
        if (std::shared_ptr<Session> s = weak.lock()) AbortSession(s);
      }
    });
  });
}

}  // namespace internal

using namespace internal;  // NOLINT: the transport's own types

struct Server::Impl : ServerState {
  using ServerState::ServerState;
};

Server::Server(ServeOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Server::~Server() {
  Stop();
  Wait();
  if (impl_->log_owned && impl_->log != nullptr) std::fclose(impl_->log);
}

Status Server::Start() {
  const ServeOptions& o = impl_->options;
  if (o.threads < 0 || o.expensive_threads < 0 || o.stream_threads < 0) {
    return InvalidArgumentError("thread counts must not be negative");
  }
  if (o.expensive_queue < 0) return InvalidArgumentError("the queue limit must not be negative");
  if (o.max_streams < 1) return InvalidArgumentError("streams must be at least 1");
  if (o.request_budget_ms < 0) return InvalidArgumentError("the time budget must not be negative");
  if (o.port < 0 || o.port > 65535) return InvalidArgumentError("port must be 0..65535");
  if (o.write_timeout_seconds < 1)
    return InvalidArgumentError("write timeout must be at least 1 s");
  if (o.max_requests_per_connection < 1) {
    return InvalidArgumentError("requests per connection must be at least 1");
  }
  if (o.max_connections < 0) return InvalidArgumentError("connection limit must not be negative");
  if (o.stop_grace_seconds < 0) return InvalidArgumentError("stop grace must not be negative");
  if (impl_->stopping) return UnavailableError("server is stopping");

  // A rendered page is a few thousand small allocations freed together,
  // between large ones (the page's model, its text): with glibc's fast bins
  // every large allocation first merges the freed small chunks
  // (malloc_consolidate). Without them (small chunks beyond the per-thread
  // cache are merged as they are freed) a person page costs less CPU
  // (docs/BENCHMARKS.md, issue 9, 2026-12-04). This tunes glibc's malloc,
  // which a build without jemalloc uses (docs/ARCHITECTURE.md, "Memory");
  // with jemalloc it changes nothing.
  ::mallopt(M_MXFAST, 0);

  // The archive must open before we listen; the connection becomes the
  // first pooled worker.
  MEMORIA_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                           store::Store::Open(o.archive_dir, WorkerStoreOptions(o.mmap_mib)));
  std::shared_ptr<const TemplateSet> templates = EmbeddedTemplates();
  if (!o.templates_dir.empty()) {
    MEMORIA_ASSIGN_OR_RETURN(templates, LoadTemplates(o.templates_dir));
  }
  if (o.access_log == "-") {
    impl_->log = stdout;
  } else if (!o.access_log.empty()) {
    impl_->log = std::fopen(o.access_log.c_str(), "a");
    if (impl_->log == nullptr) {
      return UnavailableError("cannot open the access log " + o.access_log);
    }
    impl_->log_owned = true;
  }
  MEMORIA_ASSIGN_OR_RETURN(MapConfig map, LoadMapConfig(o));
  auto site = std::make_shared<internal::Site>(std::move(map), o.page_cache_bytes);
  impl_->pool =
      std::make_unique<WorkerPool>(o.archive_dir, templates, site, WorkerStoreOptions(o.mmap_mib));
  impl_->stream_pool =
      std::make_unique<WorkerPool>(o.archive_dir, templates, site, StreamWorkerStoreOptions());
  auto first = std::make_unique<Worker>();
  MEMORIA_ASSIGN_OR_RETURN(
      first->app, App::Create(store.get(), AppOptions{store::Visibility::kPublic, templates,
                                                      impl_->pool->site()}));
  first->store = std::move(store);
  impl_->pool->Release(std::move(first));

  beast::error_code ec;
  const net::ip::address address = net::ip::make_address(o.bind, ec);
  if (ec) return InvalidArgumentError("bad bind address \"" + o.bind + "\": " + ec.message());
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(o.port));
  const std::string where = o.bind + " port " + std::to_string(o.port);

  impl_->acceptor.emplace(net::make_strand(impl_->ioc));
  tcp::acceptor& acceptor = *impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (ec) return UnavailableError("cannot open a socket for " + where + ": " + ec.message());
  acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (ec) return UnavailableError("cannot set SO_REUSEADDR: " + ec.message());
  acceptor.bind(endpoint, ec);
  if (ec) return UnavailableError("cannot bind " + where + ": " + ec.message());
  acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return UnavailableError("cannot listen on " + where + ": " + ec.message());
  impl_->endpoint = acceptor.local_endpoint(ec);
  if (ec) return UnavailableError("cannot read the bound address: " + ec.message());
  if (o.clock) impl_->pool->site()->set_clock(o.clock);
  impl_->pool->site()->set_archive_dir(o.archive_dir);
  impl_->pool->site()->set_mirror(o.mirror);
  if (!o.base_url.empty()) {
    std::string base = o.base_url;
    while (base.ends_with('/')) base.pop_back();
    impl_->pool->site()->set_base_url(std::move(base));
  } else {
    const std::string host = address.is_v6() ? "[" + o.bind + "]" : o.bind;
    impl_->pool->site()->set_base_url("http://" + host + ":" +
                                      std::to_string(impl_->endpoint.port()));
  }

  // Warm-up: the name index, the figures and the place indexes are built
  // (or loaded) now, so the first visitors do not wait for them. Requests
  // that need them meanwhile wait for the same build, not a second one. It
  // reads most of the archive, on a connection of its own that is closed
  // afterwards and has no memory map (ServeOptions::mmap_mib): a page
  // worker's map would keep every page it read resident in the server.
  impl_->warmup = std::thread([this] {
    {
      Result<std::unique_ptr<Worker>> w = impl_->pool->Open(WorkerStoreOptions(/*mmap_mib=*/0));
      if (w.ok()) {
        std::lock_guard<std::mutex> lock(impl_->warmup_mu);
        impl_->warmup_store = (*w)->store.get();
      }
      const Status s = w.ok() ? (*w)->app->WarmUp() : w.status();
      {
        std::lock_guard<std::mutex> lock(impl_->warmup_mu);
        impl_->warmup_store = nullptr;
      }
      // A warm-up cut short by a stop is no failure to report.
      if (!s.ok() && !impl_->stopping) std::cerr << "memoria: warm-up: " << s << "\n";
    }  // the connection is closed here, before the heap is trimmed
    TrimHeap(/*force=*/true);
    impl_->warm = true;
  });
  // The lanes (server.h: a slow page never holds up a cheap one). An
  // expensive request waits in a bounded queue; a streamed export has at
  // most one piece queued at a time, and their number is bounded.
  const int io = impl_->io_threads;
  impl_->expensive = std::make_unique<Lane>(
      "expensive", o.expensive_threads > 0 ? o.expensive_threads : io,
      o.expensive_queue > 0 ? static_cast<size_t>(o.expensive_queue) : 0, o.on_lane);
  impl_->streams = std::make_unique<Lane>(
      "stream", o.stream_threads > 0 ? o.stream_threads : std::max(1, io / 2), 0, o.on_lane);
  // The connections busy at once: the I/O threads (cheap pages), the
  // expensive lane's threads, and the warm-up.
  impl_->pool->set_max_idle(static_cast<size_t>(io + impl_->expensive->threads() + 1));
  impl_->DoAccept();
  for (int i = 0; i < io; ++i) {
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  }
  return Status();
}

void Server::WaitForWarmUp() {
  while (!impl_->warm) std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

// jemalloc's control interface when the process allocates through it (the
// memoria binary links it: docs/ARCHITECTURE.md, "Memory"); null otherwise.
extern "C" int mallctl(const char* name, void* oldp, size_t* oldlenp, void* newp, size_t newlen)
    __attribute__((weak));

void internal::TrimHeap(bool force) {
  static std::atomic<int64_t> last{0};
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::steady_clock::now().time_since_epoch())
                          .count();
  int64_t before = last.load(std::memory_order_relaxed);
  if (!force && (now <= before || !last.compare_exchange_strong(before, now))) return;
  last.store(now, std::memory_order_relaxed);
  ::malloc_trim(0);
  // jemalloc gives an arena's freed pages back only as that arena allocates
  // again (its decay): the arena of a thread that built an index and went
  // idle would keep them. 4096 is MALLCTL_ARENAS_ALL: every arena.
  if (mallctl != nullptr) mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0);
}

int Server::port() const { return impl_->endpoint.port(); }

std::string Server::address() const { return impl_->endpoint.address().to_string(); }

void Server::Stop() { impl_->Stop(); }

void Server::Wait() {
  for (std::thread& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
  // Every job holds the io_context's work: once its threads are done, the
  // lanes are idle.
  if (impl_->expensive != nullptr) impl_->expensive->Stop();
  if (impl_->streams != nullptr) impl_->streams->Stop();
  // A stopped server's warm-up gives up: its index builds look at the stop
  // (ServerState::Stop), and the statement it is in is interrupted, again
  // until it has ended, since it may be between two statements at the
  // first interruption.
  while (impl_->stopping && impl_->warmup.joinable() && !impl_->warm) {
    impl_->InterruptWarmUp();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (impl_->warmup.joinable()) impl_->warmup.join();
}

Status Serve(const ServeOptions& options) {
  Server server(options);
  // Signals are caught from before startup, on an io_context of their own
  // that this thread runs until one arrives.
  net::io_context signal_ioc;
  net::signal_set signals(signal_ioc);
  beast::error_code ec;
  signals.add(SIGINT, ec);
  if (!ec) signals.add(SIGTERM, ec);
  if (ec) return InternalError("cannot catch SIGINT/SIGTERM: " + ec.message());

  // A running site never makes its visitors wait for the name index after
  // an import: the older index answers while the new one is built (it hides
  // whatever is hidden; see search::AnswerFromOlderIndexWhileRebuilding).
  search::AnswerFromOlderIndexWhileRebuilding(true);
  // Pages of hits are read from memory once the archive's hit lines are
  // built (search/hit_lines.h).
  search::KeepHitLines(true);
  MEMORIA_RETURN_IF_ERROR(server.Start());
  std::string host = server.address();
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  std::cout << "memoria: serving " << options.archive_dir << " on http://" << host << ":"
            << server.port() << "/" << std::endl;

  signals.async_wait([&server](const beast::error_code& wait_ec, int signal) {
    if (!wait_ec) std::cerr << "memoria: signal " << signal << ", shutting down\n";
    server.Stop();
  });
  signal_ioc.run();
  server.Wait();
  search::AnswerFromOlderIndexWhileRebuilding(false);  // waits for a rebuild under way
  search::KeepHitLines(false);                         // stops a build under way
  return Status();
}

}  // namespace memoria::web
