// Internal to web/: the state a Server shares with its Sessions
// (server.cc owns the listener and the Server; session.cc one connection).
// Both are the module's only translation units that include Beast.
#ifndef MEMORIA_WEB_INTERNAL_SERVER_STATE_H_
#define MEMORIA_WEB_INTERNAL_SERVER_STATE_H_

#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <deque>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "store/store.h"
#include "web/internal/heap.h"
#include "web/internal/site.h"

namespace memoria::web::internal {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// How long a closing connection waits for the client to close its side.
constexpr int kLingerSeconds = 2;
// How long a connection over the limit has to send its request (for the 503).
constexpr int kRefusedReadTimeoutSeconds = 5;

// An App with its own read-only connection to the archive. SQLite
// connections are not shared between threads, so each request borrows one.
struct Worker {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<App> app;
};

// A worker's connection: read-only, with a page cache of its own small
// enough that many held connections stay bounded; the operating system's
// file cache is shared by all of them. The exports' workers (one per
// streamed export, held while a slow client reads) scan in order and need
// even less.
// With "mmap_mib" (ServeOptions::mmap_mib) the workers that answer pages
// also read the archive through a memory map of that size: a page's rows
// are read where the operating system's cache holds them, without a system
// call and a copy per page of the file (docs/BENCHMARKS.md, issue 9,
// h-page7), and the pages touched count in the server's resident memory
// (the warm-up, which reads most of the archive, has a connection of its own
// without a map).
inline store::OpenOptions WorkerStoreOptions(int64_t mmap_mib) {
  store::OpenOptions o{true, 32};
  o.mmap_mib = mmap_mib;
  return o;
}
inline store::OpenOptions StreamWorkerStoreOptions() { return store::OpenOptions{true, 2}; }

// Workers are created on demand (at most one per request in progress) and
// reused.
class WorkerPool {
 public:
  WorkerPool(std::string archive_dir, std::shared_ptr<const TemplateSet> templates,
             std::shared_ptr<internal::Site> site, store::OpenOptions store_options)
      : archive_dir_(std::move(archive_dir)),
        templates_(std::move(templates)),
        site_(std::move(site)),
        store_options_(store_options) {}

  const std::shared_ptr<internal::Site>& site() const { return site_; }

  // Returns an idle worker, or opens a new connection: the errors are those
  // of store::Store::Open.
  Result<std::unique_ptr<Worker>> Acquire() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!idle_.empty()) {
        std::unique_ptr<Worker> w = std::move(idle_.back());
        idle_.pop_back();
        return w;
      }
    }
    return Open(store_options_);
  }

  // A new worker on a connection of its own, opened with "options" (the
  // warm-up's has no memory map); Release keeps it like any other.
  Result<std::unique_ptr<Worker>> Open(const store::OpenOptions& options) {
    MEMORIA_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                             store::Store::Open(archive_dir_, options));
    auto worker = std::make_unique<Worker>();
    MEMORIA_ASSIGN_OR_RETURN(
        worker->app,
        App::Create(store.get(), AppOptions{store::Visibility::kPublic, templates_, site_}));
    worker->store = std::move(store);
    return worker;
  }

  // Idle workers kept at most by Release without "keep": as many as can
  // be busy at once in steady state (the threads that answer). Beyond it a
  // burst's extra connections, each with its page cache, are closed.
  void set_max_idle(size_t n) {
    std::lock_guard<std::mutex> lock(mutex_);
    max_idle_ = n;
  }

  // Keeps the worker for the next request, or closes it when "keep" idle
  // workers are kept already (a burst of exports does not leave its
  // connections open); "keep" SIZE_MAX: set_max_idle's bound.
  void Release(std::unique_ptr<Worker> worker, size_t keep = SIZE_MAX) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (idle_.size() < std::min(keep, max_idle_)) {
        idle_.push_back(std::move(worker));
        return;
      }
    }
    // Closing the connection frees its SQLite page cache; without a trim
    // the allocator keeps those pages, and a burst of exports leaves the
    // server hundreds of megabytes larger for good.
    worker.reset();
    TrimHeap();
  }

 private:
  const std::string archive_dir_;
  const std::shared_ptr<const TemplateSet> templates_;
  const std::shared_ptr<internal::Site> site_;
  size_t max_idle_ = SIZE_MAX;  // GUARDED_BY(mutex_)
  const store::OpenOptions store_options_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Worker>> idle_;
};

// A lane: threads that run jobs from one queue, first in first out. A
// bounded lane refuses a job when max_queued jobs are waiting already.
class Lane {
 public:
  using Job = std::function<void()>;
  // max_queued 0: unbounded. "hook" (may be empty) runs before each job.
  Lane(std::string name, int threads, size_t max_queued, std::function<void(std::string_view)> hook)
      : name_(std::move(name)), max_queued_(max_queued), hook_(std::move(hook)) {
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Run(); });
  }
  ~Lane() { Stop(); }
  Lane(const Lane&) = delete;
  Lane& operator=(const Lane&) = delete;

  // Queues "job"; false (and the job is dropped) when the queue is full or
  // the lane has stopped.
  bool TrySubmit(Job job) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopped_ || (max_queued_ > 0 && queue_.size() >= max_queued_)) return false;
      queue_.push_back(std::move(job));
    }
    ready_.notify_one();
    return true;
  }

  int threads() const { return static_cast<int>(threads_.size()); }

  // Runs the jobs still queued, then ends the threads.
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopped_ = true;
    }
    ready_.notify_all();
    for (std::thread& t : threads_) {
      if (t.joinable()) t.join();
    }
  }

 private:
  void Run() {
    while (true) {
      Job job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [this] { return stopped_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopped and drained
        job = std::move(queue_.front());
        queue_.pop_front();
      }
      if (hook_) hook_(name_);
      job();
    }
  }

  const std::string name_;
  const size_t max_queued_;
  const std::function<void(std::string_view)> hook_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> queue_;  // GUARDED_BY(mutex_)
  bool stopped_ = false;   // GUARDED_BY(mutex_)
  std::vector<std::thread> threads_;
};

// The thread count "requested" stands for: itself, or the machine's cores
// for 0.
inline int ThreadsFor(int requested) {
  if (requested > 0) return requested;
  const unsigned cores = std::thread::hardware_concurrency();
  return cores > 0 ? static_cast<int>(cores) : 2;
}

// A plain-text response for failures outside the App (limits, no store).
Response PlainResponse(int status, std::string_view text, std::string_view request_id);

class Session;

// A connection's life (session.cc): Run starts reading requests; Shutdown
// closes it once idle; Abort closes it now.
std::shared_ptr<Session> NewSession(tcp::socket&& socket, struct ServerState* server, bool refused);
void RunSession(const std::shared_ptr<Session>& session);
void ShutdownSession(const std::shared_ptr<Session>& session);
void AbortSession(const std::shared_ptr<Session>& session);

// Everything a Server owns; Server::Impl is this, and Sessions point to it.
struct ServerState {
  explicit ServerState(ServeOptions o)
      : options(std::move(o)), io_threads(ThreadsFor(options.threads)), ioc(io_threads) {}

  void DoAccept();
  void OnAccept(beast::error_code ec, tcp::socket socket);
  void Register(const std::shared_ptr<Session>& session);
  void Stop();
  // Called by each Session's destructor.
  void SessionEnded(bool served);

  ServeOptions options;
  const int io_threads;
  net::io_context ioc;  // declared before everything that uses it
  std::optional<tcp::acceptor> acceptor;
  tcp::endpoint endpoint;
  std::unique_ptr<WorkerPool> pool;         // pages
  std::unique_ptr<WorkerPool> stream_pool;  // the streamed exports
  std::unique_ptr<Lane> expensive;          // Cost::kExpensive pages
  std::unique_ptr<Lane> streams;            // the exports' pieces
  std::atomic<int> open_streams{0};
  std::vector<std::thread> threads;
  std::thread warmup;
  std::atomic<bool> warm{false};  // the warm-up has ended
  // The warm-up's connection while it runs, for a stop to interrupt the
  // statement it is in (the figures of a million persons count for ten
  // seconds and more); under warmup_mu.
  std::mutex warmup_mu;
  store::Store* warmup_store = nullptr;
  void InterruptWarmUp() {
    std::lock_guard<std::mutex> lock(warmup_mu);
    if (warmup_store != nullptr) warmup_store->Interrupt();
  }
  std::atomic<bool> stopping{false};
  std::atomic<uint64_t> last_request_id{0};
  // Open sessions, and those of them that are served (not refused with 503).
  std::atomic<int> open_sessions{0};
  std::atomic<int> served_sessions{0};
  // After Stop(): closes the connections still open once the grace period
  // is over. Used only on its strand.
  net::steady_timer stop_timer{net::make_strand(ioc)};

  // The access log (nullptr: none). Lines are written whole under log_mutex.
  std::FILE* log = nullptr;
  bool log_owned = false;
  std::mutex log_mutex;
  void LogAccess(const std::string& client, std::string_view method, std::string_view target,
                 int status, uint64_t bytes, double ms);

  std::mutex sessions_mutex;
  std::vector<std::weak_ptr<Session>> sessions;  // GUARDED_BY(sessions_mutex)
};

}  // namespace memoria::web::internal

#endif  // MEMORIA_WEB_INTERNAL_SERVER_STATE_H_
