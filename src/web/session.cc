// One connection (see server.cc for the whole transport): reads one request
// with header, body and time limits, refuses what the App must not see, has
// a pooled App answer it, writes the answer (streamed answers piece by
// piece) and reads again while the connection is kept alive.
#include <algorithm>
#include <ctime>

#include "core/text.h"
#include "web/internal/routes.h"
#include "web/internal/server_state.h"

namespace memoria::web::internal {

Response PlainResponse(int status, std::string_view text, std::string_view request_id) {
  Response r = InternalErrorResponse(request_id);
  r.status = status;
  r.body = std::string(text) + "\n";
  return r;
}

// Idle connections the exports' pool keeps.
constexpr size_t kIdleStreamWorkers = 4;

class Session : public std::enable_shared_from_this<Session> {
 public:
  // A "refused" session answers its one request with 503: the server has
  // options.max_connections served connections already.
  Session(tcp::socket&& socket, ServerState* server, bool refused)
      : stream_(std::move(socket)), server_(server), refused_(refused) {
    ++server_->open_sessions;
    if (!refused_) ++server_->served_sessions;
    // The peer's address, asked of the socket once per connection (a
    // system call), not once per request.
    beast::error_code ec;
    const tcp::endpoint peer = stream_.socket().remote_endpoint(ec);
    if (!ec) peer_address_ = peer.address().to_string();
    client_ = server_->options.log_addresses && !peer_address_.empty() ? peer_address_ : "-";
  }

  ~Session() {
    EndStreamCount();
    server_->SessionEnded(!refused_);
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void Run() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Session::DoRead, shared_from_this()));
  }

  // Graceful shutdown: an idle connection (waiting for a request) is closed
  // now; one whose request is being answered closes after the answer.
  void Shutdown() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->reading_) self->stream_.cancel();
    });
  }

  // The end of the grace period: whatever the connection is doing (an
  // answer to a client that does not read, a lingering close), it is closed
  // now; pending operations end with operation_aborted.
  void Abort() {
    net::post(stream_.get_executor(), [self = shared_from_this()] { self->CloseNow(); });
  }

 private:
  void DoRead() {
    if (server_->stopping) {
      // Idle and nothing unread (no pipelined request): no need to linger.
      beast::error_code ec;
      const size_t unread = buffer_.size() + stream_.socket().available(ec);
      return ec || unread > 0 ? DoClose() : CloseNow();
    }
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(kHeaderLimitBytes));
    parser_->body_limit(kBodyLimitBytes);
    stream_.expires_after(
        std::chrono::seconds(refused_ ? kRefusedReadTimeoutSeconds : kReadTimeoutSeconds));
    reading_ = true;
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, std::size_t /*bytes*/) {
    reading_ = false;
    if (!ec) {
      http::request<http::string_body> req = parser_->release();
      const int refusal = refused_ ? 503 : CheckRequest(req);
      if (refusal == 0) return Answer(std::move(req));
      return Refuse(refusal, req.version());
    }
    const std::string id = std::to_string(++server_->last_request_id);
    if (ec == http::error::header_limit) {
      if (RequestLineTooLong()) return Refuse(414, 11);
      return Send(PlainResponse(431, "431 Request Header Fields Too Large", id), false, false, 11);
    }
    if (ec == http::error::body_limit) {
      return Send(PlainResponse(413, "413 Content Too Large", id), false, false, 11);
    }
    if (ec.category() == http::make_error_code(http::error::bad_target).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message) {
      return Send(PlainResponse(400, "400 Bad Request", id), false, false, 11);
    }
    // Cancelled by Shutdown() while idle: nothing is unread, close now.
    if (ec == net::error::operation_aborted) return CloseNow();
    // End of stream, timeout, network errors.
    return DoClose();
  }

  void CloseNow() {
    closing_ = true;
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  // The status for a request the App must not see, or 0. RFC 9112: an
  // HTTP/1.1 request has exactly one Host (§3.2); the only transfer coding
  // this server reads is chunked, and it must come last, else the body's
  // length is unknown (§6.1, §6.3) and the bytes after the header could be
  // taken for another request. HTTP/1.0 has no transfer codings.
  static int CheckRequest(const http::request<http::string_body>& req) {
    const size_t hosts = req.count(http::field::host);
    if (hosts > 1 || (hosts == 0 && req.version() >= 11)) return 400;
    if (req.target().size() > kTargetLimitBytes) return 414;
    std::vector<std::string_view> codings;
    for (auto it = req.find(http::field::transfer_encoding);
         it != req.end() && it->name() == http::field::transfer_encoding; ++it) {
      std::string_view rest = it->value();
      while (!rest.empty()) {
        const size_t comma = rest.find(',');
        std::string_view coding = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        while (!coding.empty() && (coding.front() == ' ' || coding.front() == '\t')) {
          coding.remove_prefix(1);
        }
        while (!coding.empty() && (coding.back() == ' ' || coding.back() == '\t')) {
          coding.remove_suffix(1);
        }
        codings.push_back(coding);
      }
    }
    if (codings.empty()) return 0;
    if (req.version() < 11) return 400;
    if (!beast::iequals(codings.back(), "chunked")) return 400;
    // gzip, deflate, compress before chunked: valid, but not implemented.
    return codings.size() == 1 ? 0 : 501;
  }

  // After a header_limit error: whether the request line is to blame (then
  // the answer is 414, not 431): it did not end within the header limit (the
  // parser has no method yet), or its target is over the target limit.
  bool RequestLineTooLong() const {
    const auto& partial = parser_->get();
    return partial.method_string().empty() || partial.target().size() > kTargetLimitBytes;
  }

  // Answers without the App and closes the connection.
  void Refuse(int status, unsigned version) {
    const std::string id = std::to_string(++server_->last_request_id);
    Response r;
    switch (status) {
      case 414:
        r = PlainResponse(414, "414 URI Too Long", id);
        break;
      case 501:
        r = PlainResponse(501, "501 Not Implemented", id);
        break;
      case 503:
        r = PlainResponse(503, "503 Service Unavailable: too many connections", id);
        r.headers.emplace_back("Retry-After", std::to_string(kRetryAfterSeconds));
        break;
      default:
        r = PlainResponse(400, "400 Bad Request", id);
        break;
    }
    if (server_->log != nullptr && status == 503) {
      server_->LogAccess(client_, "-", "-", 503, r.body.size(), 0);
    }
    Send(std::move(r), false, false, version >= 11 ? 11 : 10);
  }

  // Answers one request by its route's cost (internal/routes.h): a cheap
  // one here and now; an expensive one from the page cache when it holds
  // the answer, else on the expensive lane (503 when its queue is full); an
  // export on the stream lane. Either way Finish() sends the answer on the
  // connection's strand.
  void Answer(http::request<http::string_body>&& req) {
    started_ = std::chrono::steady_clock::now();
    request_id_ = std::to_string(++server_->last_request_id);
    req_ = std::move(req);
    Request request{std::string(req_.method_string()), std::string(req_.target()),
                    std::string(req_[http::field::accept_language]),
                    std::string(req_[http::field::accept_encoding]),
                    std::string(req_[http::field::if_none_match])};
    request.cookie = std::string(req_[http::field::cookie]);
    if (req_.method() == http::verb::post) request.body = req_.body();
    request.client = peer_address_;
    const internal::Cost cost = internal::CostOf(request.target);
    if (server_->options.request_budget_ms > 0 && cost != internal::Cost::kStream) {
      request.deadline = server_->pool->site()->Now() +
                         std::chrono::milliseconds(server_->options.request_budget_ms);
    }
    if (cost == internal::Cost::kCheap) {
      std::unique_ptr<Worker> worker;
      Response response = HandleOn(*server_->pool, request, &worker);
      return Finish(std::move(response), std::move(worker));
    }
    const bool stream = cost == internal::Cost::kStream;
    if (stream && ++server_->open_streams > server_->options.max_streams) {
      --server_->open_streams;
      Response r =
          PlainResponse(503, "503 Service Unavailable: too many exports at once", request_id_);
      r.headers.emplace_back("Retry-After", std::to_string(kRetryAfterSeconds));
      return Finish(std::move(r), nullptr);
    }
    counts_stream_ = stream;
    WorkerPool& pool = stream ? *server_->stream_pool : *server_->pool;
    auto pending = std::make_shared<Pending>();
    pending->request = std::move(request);
    if (!stream) {
      // A page already made answers from here: the lane is for rendering.
      std::optional<Response> cached;
      bool threw = false;
      Response failed = Fenced(
          [&] {
            Result<std::unique_ptr<Worker>> acquired = pool.Acquire();
            if (!acquired.ok()) return AcquireFailed(acquired.status());
            pending->worker = std::move(acquired).value();
            cached = pending->worker->app->CachedAnswer(pending->request);
            return Response();
          },
          &threw);
      if (threw) pending->worker.reset();
      if (pending->worker == nullptr) return Finish(std::move(failed), nullptr);
      // A queued request holds no connection: the lane's job takes one
      // when it runs (up to --expensive-queue requests wait, and each
      // connection holds a page cache of up to 32 MiB).
      pool.Release(std::move(pending->worker));
      if (cached.has_value()) return Finish(std::move(*cached), nullptr);
    }
    Lane& lane = stream ? *server_->streams : *server_->expensive;
    const bool queued = lane.TrySubmit([self = shared_from_this(), pending, &pool,
                                        work = Work()]() mutable {
      Response response = self->HandleOn(pool, pending->request, &pending->worker);
      net::post(self->stream_.get_executor(), [self, pending, r = std::move(response)]() mutable {
        self->Finish(std::move(r), std::move(pending->worker));
      });
    });
    if (!queued) {
      Response r =
          PlainResponse(503, "503 Service Unavailable: too many requests waiting", request_id_);
      r.headers.emplace_back("Retry-After", std::to_string(kRetryAfterSeconds));
      return Finish(std::move(r), nullptr);
    }
  }

  // What a lane job holds: the request, and the worker that answers it.
  struct Pending {
    Request request;
    std::unique_ptr<Worker> worker;
  };

  // Keeps the io_context running while a job is away on a lane.
  net::any_io_executor Work() {
    return net::prefer(server_->ioc.get_executor(), net::execution::outstanding_work.tracked);
  }

  Response AcquireFailed(const Status& status) {
    std::cerr << "memoria: request " << request_id_ << ": " << status << "\n";
    return PlainResponse(503, "503 Service Unavailable", request_id_);
  }

  // The request fence: whatever escapes "fn" becomes a 500, logged with the
  // request id, and the connection stays usable.
  // *threw says whether it did.
  template <typename Fn>
  Response Fenced(Fn&& fn, bool* threw) {
    try {
      return fn();
    } catch (const std::exception& e) {
      std::cerr << "memoria: request " << request_id_ << ": " << e.what() << "\n";
    } catch (...) {
      std::cerr << "memoria: request " << request_id_ << ": unknown exception\n";
    }
    *threw = true;
    return InternalErrorResponse(request_id_);
  }

  // Has a worker of "pool" answer; *worker keeps it while the answer
  // streams (it is released here otherwise). Runs on any thread.
  Response HandleOn(WorkerPool& pool, const Request& request, std::unique_ptr<Worker>* worker) {
    bool threw = false;
    Response response = Fenced(
        [&] {
          if (*worker == nullptr) {
            Result<std::unique_ptr<Worker>> acquired = pool.Acquire();
            if (!acquired.ok()) return AcquireFailed(acquired.status());
            *worker = std::move(acquired).value();
          }
          return (*worker)->app->Handle(request);
        },
        &threw);
    if (threw) worker->reset();  // after an exception the App's state is not trusted
    // A streamed body keeps using the worker's App until it ends.
    if (!response.stream && *worker != nullptr) {
      pool.Release(std::move(*worker),
                   &pool == server_->stream_pool.get() ? kIdleStreamWorkers : SIZE_MAX);
    }
    return response;
  }

  // Sends the answer to req_ (on the connection's strand).
  void Finish(Response response, std::unique_ptr<Worker> worker) {
    ++requests_;
    const bool keep_alive = req_.keep_alive() && !server_->stopping &&
                            requests_ < server_->options.max_requests_per_connection;
    const bool head = req_.method() == http::verb::head;
    if (server_->log != nullptr) {
      const double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_)
              .count();
      server_->LogAccess(client_, req_.method_string(), req_.target(), response.status,
                         response.stream ? 0 : response.body.size(), ms);
    }
    if (response.stream && !head) {
      return SendStream(std::move(response), std::move(worker), keep_alive, req_.version());
    }
    // The stream (for HEAD: never called) still refers to the worker's App.
    const bool streamed = response.stream != nullptr;
    response.stream = nullptr;
    if (worker != nullptr) ReleaseWorker(std::move(worker));
    EndStreamCount();
    if (streamed) return SendStreamHead(std::move(response), keep_alive, req_.version());
    Send(std::move(response), keep_alive, head, req_.version());
  }

  // A worker back to its pool; an export's pool keeps few idle ones.
  void ReleaseWorker(std::unique_ptr<Worker> worker) {
    if (counts_stream_) {
      server_->stream_pool->Release(std::move(worker), kIdleStreamWorkers);
    } else {
      server_->pool->Release(std::move(worker));
    }
  }

  // The export this connection counted (max_streams) is over.
  void EndStreamCount() {
    if (!counts_stream_) return;
    counts_stream_ = false;
    if (--server_->open_streams == 0) TrimHeap(/*force=*/true);
  }

  // The header of a streamed answer, as GET gets it.
  static std::shared_ptr<http::response<http::empty_body>> StreamHeader(const Response& r,
                                                                        bool keep_alive,
                                                                        unsigned version) {
    auto header = std::make_shared<http::response<http::empty_body>>();
    header->version(version);
    header->result(static_cast<unsigned>(r.status));
    header->set(http::field::server, "memoria");
    header->set(http::field::content_type, r.content_type);
    for (const auto& [name, value] : r.headers) header->insert(name, value);
    header->chunked(true);
    header->keep_alive(keep_alive);
    return header;
  }

  // HEAD of a streamed answer: the same header as GET ("Transfer-Encoding:
  // chunked", no Content-Length: the length is not known before the body
  // is made), and nothing after it.
  void SendStreamHead(Response r, bool keep_alive, unsigned version) {
    auto header = StreamHeader(r, keep_alive, version);
    auto serializer = std::make_shared<http::response_serializer<http::empty_body>>(*header);
    ExpireForWrite();
    http::async_write_header(
        stream_, *serializer,
        [self = shared_from_this(), header, serializer](beast::error_code ec, std::size_t) {
          self->OnWrite(ec, header->keep_alive());
        });
  }

  // A write that has not finished within the write timeout ends the
  // connection (Beast's tcp_stream closes the socket).
  void ExpireForWrite() {
    stream_.expires_after(std::chrono::seconds(server_->options.write_timeout_seconds));
  }

  void Send(Response r, bool keep_alive, bool head, unsigned version) {
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(version);
    res->result(static_cast<unsigned>(r.status));
    res->set(http::field::server, "memoria");
    res->set(http::field::content_type, r.content_type);
    for (const auto& [name, value] : r.headers) res->insert(name, value);
    // HEAD: the length of the body a GET would get, and no body. 304: none.
    if (r.status != 304) res->content_length(r.body.size());
    if (!head) res->body() = std::move(r.body);
    res->keep_alive(keep_alive);
    ExpireForWrite();
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
                        self->OnWrite(ec, res->keep_alive());
                      });
  }

  // A chunked response whose pieces come from r.stream, one async write at a
  // time, so a slow reader holds only its own connection (and the worker).
  void SendStream(Response r, std::unique_ptr<Worker> worker, bool keep_alive, unsigned version) {
    auto header = StreamHeader(r, keep_alive, version);
    auto serializer = std::make_shared<http::response_serializer<http::empty_body>>(*header);
    stream_body_ = std::move(r.stream);
    stream_worker_ = std::move(worker);
    stream_keep_alive_ = keep_alive;
    ExpireForWrite();
    http::async_write_header(
        stream_, *serializer,
        [self = shared_from_this(), header, serializer](beast::error_code ec, std::size_t) {
          if (ec) return self->EndStream(false);
          self->NextChunk();
        });
  }

  // The next piece is made on the stream lane (it reads the archive), then
  // written here.
  void NextChunk() {
    const bool queued = server_->streams->TrySubmit([self = shared_from_this(), work = Work()] {
      auto piece = std::make_shared<std::string>();
      Result<bool> more = false;
      try {
        more = self->stream_body_(piece.get());
      } catch (const std::exception& e) {
        more = InternalError(e.what());
      }
      net::post(self->stream_.get_executor(), [self, piece, more = std::move(more)]() mutable {
        self->WriteChunk(piece, std::move(more));
      });
    });
    if (!queued) EndStream(false);  // the server is stopping
  }

  void WriteChunk(const std::shared_ptr<std::string>& piece, Result<bool> more) {
    if (!more.ok()) {
      // A truncated body: close without the last chunk, so the client sees
      // an incomplete response rather than a short complete one.
      std::cerr << "memoria: stream: " << more.status() << "\n";
      return EndStream(false);
    }
    if (closing_) return EndStream(false);
    ExpireForWrite();
    if (piece->empty() && !*more) {
      return net::async_write(stream_, http::make_chunk_last(),
                              [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                self->EndStream(!ec && self->stream_keep_alive_);
                              });
    }
    if (piece->empty()) return NextChunk();
    net::async_write(stream_, http::make_chunk(net::buffer(*piece)),
                     [self = shared_from_this(), piece](beast::error_code ec, std::size_t) {
                       if (ec) return self->EndStream(false);
                       self->NextChunk();
                     });
  }

  void EndStream(bool keep_alive) {
    stream_body_ = nullptr;
    if (stream_worker_ != nullptr) ReleaseWorker(std::move(stream_worker_));
    EndStreamCount();
    OnWrite(beast::error_code(), keep_alive);
  }

  void OnWrite(beast::error_code ec, bool keep_alive) {
    if (ec || !keep_alive) return DoClose();
    DoRead();
  }

  // The graceful close: our side is shut down at once (the client reads
  // every answer, then the end of the stream), and the socket is closed when
  // the client closes its side, at the latest after kLingerSeconds. Closing
  // with unread input would send a reset, which makes the client's kernel
  // drop answers it has not read yet.
  void DoClose() {
    if (closing_) return;
    closing_ = true;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return stream_.close();
    stream_.expires_after(std::chrono::seconds(kLingerSeconds));
    Linger();
  }

  void Linger() {
    if (drain_ == nullptr) drain_ = std::make_unique<std::array<char, 4096>>();
    stream_.async_read_some(net::buffer(*drain_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return self->stream_.close();
                              self->Linger();
                            });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_{kHeaderLimitBytes + kBodyLimitBytes};  // bounds pipelined bytes too
  std::string client_;        // "-" unless addresses are logged
  std::string peer_address_;  // the peer's address ("" when unknown), for the throttles
  int requests_ = 0;          // answered on this connection
  // The request being answered (one at a time), its id and when it was read.
  http::request<http::string_body> req_;
  std::string request_id_;
  std::chrono::steady_clock::time_point started_;
  bool counts_stream_ = false;  // this connection holds one of max_streams
  std::function<Result<bool>(std::string*)> stream_body_;
  std::unique_ptr<Worker> stream_worker_;
  bool stream_keep_alive_ = false;
  std::optional<http::request_parser<http::string_body>> parser_;
  bool reading_ = false;
  bool closing_ = false;                           // DoClose() or Abort() ran
  std::unique_ptr<std::array<char, 4096>> drain_;  // lingering close: dropped input
  ServerState* server_;
  const bool refused_;
};

std::shared_ptr<Session> NewSession(tcp::socket&& socket, ServerState* server, bool refused) {
  return std::make_shared<Session>(std::move(socket), server, refused);
}
void RunSession(const std::shared_ptr<Session>& session) { session->Run(); }
void ShutdownSession(const std::shared_ptr<Session>& session) { session->Shutdown(); }
void AbortSession(const std::shared_ptr<Session>& session) { session->Abort(); }

void ServerState::LogAccess(const std::string& client, std::string_view method,
                            std::string_view target, int status, uint64_t bytes, double ms) {
  // The path only: the query holds the names readers look for.
  std::string_view path = target.substr(0, target.find('?'));
  if (path.size() > 512) path = path.substr(0, 512);
  std::string line = UtcTimestamp(static_cast<int64_t>(std::time(nullptr))) + " " + client + " " +
                     std::string(method) + " ";
  for (char c : path) line.push_back(static_cast<unsigned char>(c) < 0x20 ? '?' : c);
  char tail[96];
  std::snprintf(tail, sizeof tail, " %d %llu %.1fms\n", status,
                static_cast<unsigned long long>(bytes), ms);
  line += tail;
  std::lock_guard<std::mutex> lock(log_mutex);
  std::fwrite(line.data(), 1, line.size(), log);
  std::fflush(log);
}

}  // namespace memoria::web::internal
