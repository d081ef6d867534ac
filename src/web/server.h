// web/ is memoria's public web interface: a small HTTP/1.1 server that
// renders the archive as server-side HTML (mustache templates, one CSS file,
// no JavaScript, no external resources).
//
// It has three layers:
//   - App turns a Request into a Response. It knows routes, handlers and
//     views, and nothing about sockets, so tests and the fuzzer drive it
//     directly.
//   - Server owns the listener, the sessions (Boost.Beast) and a pool of
//     Apps, each with its own read-only Store connection.
//   - Serve() runs a Server until SIGINT or SIGTERM.
//
// Routes (the table is src/web/routes.cc; docs/WEBSITE.md and
// /api/v1/openapi.json list them all). GET and HEAD everywhere; POST only on
// the forms (sign-in, sessions, editing, corrections, moderation), each with
// its CSRF token; any other method is 405. Each page also as JSON under
// /api/v1/:
//   /                      search form, the archive's figures, a chart
//   /search?q=..           name search with filters, paged
//   /person/ID             the consolidated person, every fact traced;
//                          /history, /edit, /correct beneath it
//   /browse, /browse/letter/X, /browse/place?q=, /browse/date?type=&year=
//   /sources, /sources/ID  sources and their persons
//   /reading?place=&from=&to=&order=   Return of the Names slips
//   /address?q=            Last Address: who lived in a building
//   /registers/...         registers of persecution, their history and feeds
//   /prisoners/..., /news/...   the political-prisoners list, publications
//   /login, /logout, /account, /moderation   signing in and editors' work
//   /api/v1/export.jsonl, /api/v1/export.csv   streaming public exports
//   /static/style.css      the stylesheet
// ?lang=ru|uk|en on any page; otherwise Accept-Language decides. Every
// response carries the security headers (CSP, Referrer-Policy,
// X-Content-Type-Options, X-Frame-Options); pages and static files carry an
// ETag and are gzipped when the client accepts it.
//
// Thread safety: an App is used by one thread at a time. Server's methods
// may be called from any thread.
#ifndef MEMORIA_WEB_SERVER_H_
#define MEMORIA_WEB_SERVER_H_

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "core/status.h"
#include "store/store.h"

namespace memoria::web {

// Limits on every connection (STYLE.md §3: every external input has one).
inline constexpr size_t kHeaderLimitBytes = 8 * 1024;  // request line and headers
inline constexpr size_t kTargetLimitBytes = 4 * 1024;  // the request target; longer: 414
inline constexpr size_t kBodyLimitBytes = 64 * 1024;
inline constexpr int kReadTimeoutSeconds = 30;
inline constexpr int kResultsPerPage = 20;
inline constexpr int kListPageSize = 100;  // browse and source lists
// A page of a list asked for by number is reached in strides of this many
// pages from the nearest page whose beginning the site knows.
inline constexpr int kAnchorStride = 10;
inline constexpr int kReadingPageSize = 1000;  // reading slips per page
// What a 503 (too many connections, a full queue, a spent time budget) asks
// the client to wait, in seconds.
inline constexpr int kRetryAfterSeconds = 5;

struct ServeOptions {
  std::string archive_dir;
  std::string bind = "127.0.0.1";  // an IPv4 or IPv6 address, not a host name
  // The site's public address ("https://memoria.example.org") for absolute
  // links such as a person's citation; empty: http://BIND:PORT.
  std::string base_url;
  int port = 8080;  // 0 picks a free port (see Server::port())
  // Threads that read requests and write answers, and answer the cheap
  // pages (a person, the stylesheet; web/internal/routes.h, Cost). 0: one
  // per core of the machine.
  int threads = 0;
  // The expensive lane: threads that answer the costly pages (a search, a
  // deep list, an address), 0: as many as "threads". At most
  // "expensive_queue" such requests wait for them; beyond, a request gets
  // 503 with Retry-After at once, and cheap pages are never queued behind
  // them. 0: the queue has no limit.
  int expensive_threads = 0;
  int expensive_queue = 64;
  // The stream lane: threads that make the pieces of the streamed exports,
  // 0: half of "threads" (at least 1). At most "max_streams" exports are
  // streamed at once (each holds a connection to the archive); beyond, 503.
  int stream_threads = 0;
  int max_streams = 128;
  // The time budget of one request, from when it is read to when its
  // answer is ready (the streamed exports have none): a request still
  // waiting or running past it is abandoned with 503 and Retry-After (its
  // SQLite statements are interrupted: store::Reader::SetDeadline). 0: no
  // budget.
  int request_budget_ms = 10000;
  // The memory map through which the page workers read the archive, in
  // MiB (PRAGMA mmap_size; store::OpenOptions::mmap_mib). 0: none, pages are
  // read with pread into each connection's cache. A map at least the
  // archive's size takes about a fifth off the CPU of a person page read
  // before (5 % for one not read before), and the file pages it touches
  // count in the resident memory of the server once per connection that
  // read them (docs/BENCHMARKS.md, issue 9).
  int64_t mmap_mib = 0;
  // Test seam: called on a lane's thread just before it handles a request,
  // with the lane's name ("expensive", "stream"); tests hold a lane with it.
  std::function<void(std::string_view lane)> on_lane;
  // Empty: the templates compiled into the binary. Otherwise a folder whose
  // *.mustache files replace them (for editing templates without a rebuild).
  // The stylesheet is always the compiled-in one.
  std::string templates_dir;
  // The access log: "-" standard output, "" none, otherwise a file to append
  // to. One line per request: time, method, path (without the query: what
  // readers search for is theirs), status, bytes, milliseconds. Client
  // addresses are logged only with log_addresses (readers' safety).
  std::string access_log = "-";
  bool log_addresses = false;
  // A tile URL template ("https://tiles.example.org/{z}/{x}/{y}.png") for the
  // Last Address map where readers have JavaScript on; empty: no tile map,
  // the page shows its list and the server-drawn SVG map only. The map uses
  // Leaflet from "leaflet_dir" (Debian's libjs-leaflet). The page with the
  // map, and only it, allows scripts from this server and images from the
  // tile host in its Content-Security-Policy.
  std::string tiles;
  std::string tiles_attribution;
  std::string leaflet_dir = "/usr/share/javascript/leaflet";
  // A mirror of a signed bundle (docs/formats/mirror.md): the archive is
  // the one made from the bundle, and the site answers 404 on every route
  // that signs in or writes (sign-in, account, editing, corrections,
  // moderation); every page says it is a mirror.
  bool mirror = false;
  // Finished answers to GET requests are kept in memory, up to this many
  // bytes, until the archive changes (a commit by another process is seen
  // within 50 ms). 0: every request is rendered.
  size_t page_cache_bytes = size_t{64} << 20;
  // The clock that spaces the archive's version checks (tests advance their
  // own instead of sleeping); empty: std::chrono::steady_clock::now.
  std::function<std::chrono::steady_clock::time_point()> clock;

  // Connection limits (docs/WEBSITE.md, "HTTP").
  // A write that makes no progress for this long (a client that stopped
  // reading, e.g. in the middle of an export) ends the connection.
  int write_timeout_seconds = 30;
  // Requests answered on one connection; the last answer says
  // "Connection: close", and requests pipelined after it are not answered.
  int max_requests_per_connection = 10000;
  // Open connections (0: no limit). Beyond it a new connection's first
  // request gets 503 with Retry-After and the connection is closed; beyond
  // twice it, a new connection is closed at once.
  int max_connections = 512;
  // On Stop(), answers still being written get this long to finish before
  // their connections are closed.
  int stop_grace_seconds = 2;
};

// Runs a Server for options.archive_dir until SIGINT or SIGTERM, then stops
// gracefully: no new connections are accepted, idle connections are closed,
// and answers being written get options.stop_grace_seconds to finish before
// their connections are closed too. Prints
// "memoria: serving <archive> on http://ADDR:PORT/" to stdout once listening.
//
// Returns OK after a signal-triggered shutdown; kNotFound when the folder
// holds no archive; kUnavailable when the address cannot be bound (port in
// use or not permitted); kInvalidArgument for a malformed bind address, a
// port outside 0..65535, negative thread counts or a limit out of range (see
// ServeOptions); the error of loading templates_dir.
Status Serve(const ServeOptions& options);

// One HTTP request, as the transport received it.
struct Request {
  std::string method;           // "GET", "HEAD", ...
  std::string target;           // origin-form: path?query
  std::string accept_language;  // chooses the interface language without ?lang=
  std::string accept_encoding;  // "gzip" in it: text bodies over 1 KiB are compressed
  std::string if_none_match;    // an ETag seen before: 304 when unchanged
  // The request's time budget ends here (ServeOptions::request_budget_ms),
  // by the clock of the App's site: its statements are interrupted then,
  // and the answer is 503 with Retry-After. max(): no budget.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  // For sign-in (docs/SECURITY.md): the Cookie header, the body of a POST
  // (application/x-www-form-urlencoded; at most kBodyLimitBytes) and the
  // client's address (kept in memory by the sign-in throttle, never logged
  // unless ServeOptions::log_addresses).
  std::string cookie = {};
  std::string body = {};
  std::string client = {};
};

// One HTTP response. For HEAD the body is filled like for GET; the transport
// sends its length but not its bytes.
struct Response {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // beyond Content-Type

  // A body produced piece by piece (the exports, which have no row cap).
  // When set, "body" is empty and the transport sends the body chunked,
  // calling stream(&piece) until it returns false; each call appends the next
  // piece. An error ends the response early (the client sees a truncated
  // chunked body, never a complete-looking one). The stream uses the App
  // that made it: the App stays borrowed until the stream ends.
  std::function<Result<bool>(std::string* piece)> stream;

  // The value of the first header named "name" (case-sensitive), or "".
  std::string Header(const std::string& name) const;
};

// Template sources by file name ("home.mustache"). Immutable once built, so
// one set is shared by every App.
using TemplateSet = std::map<std::string, std::string, std::less<>>;

// The templates compiled into the binary.
std::shared_ptr<const TemplateSet> EmbeddedTemplates();

// Reads every *.mustache file of "dir". Returns kNotFound when "dir" is not
// a readable folder and kInvalidArgument when a required template (see
// Views::RequiredTemplates) is missing or does not parse.
Result<std::shared_ptr<const TemplateSet>> LoadTemplates(const std::string& dir);

namespace internal {
class Site;
}

// What the Last Address tile map needs (ServeOptions::tiles).
struct MapConfig {
  std::string tiles;        // URL template; empty: no tile map
  std::string tile_origin;  // scheme://host[:port] of "tiles", for the CSP
  std::string attribution;
  std::string leaflet_js, leaflet_css;  // the library's files
};

// Checks options.tiles and reads Leaflet from options.leaflet_dir. Returns
// kInvalidArgument for a tile URL that is not http(s) with {z}, {x} and {y},
// and kNotFound when Leaflet is missing.
Result<MapConfig> LoadMapConfig(const ServeOptions& options);

// App maps requests to responses. It never throws for any input (bad
// targets, bad UTF-8, unknown ids are answered with 4xx pages); an exception
// can only come from resource exhaustion (std::bad_alloc), and the caller's
// fence turns it into a 500.
//
// Every answer passes through store::Reader at Visibility::kPublic: no page,
// API answer, export or search result carries a restricted or confidential
// fact.
struct AppOptions {
  // What the App's readers may see: the public site reads at kPublic; a
  // signed-in reader's pages at a higher ceiling. Caches (the page cache,
  // the site's figures and indexes, the name index) are kept per ceiling.
  store::Visibility ceiling = store::Visibility::kPublic;
  // Defaults to EmbeddedTemplates().
  std::shared_ptr<const TemplateSet> templates;
  // The caches shared by a server's Apps; defaults to one of the App's own.
  std::shared_ptr<internal::Site> site;
};

class App {
 public:
  // An App answering from "*store", which must outlive it and must not be
  // used by another thread while Handle() runs. Returns the error when the
  // templates do not compile or the archive cannot be read: an App is
  // either whole or not made.
  static Result<std::unique_ptr<App>> Create(store::Store* store, AppOptions options = {});
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  Response Handle(const Request& request);
  // The page cache's answer to "request" when it holds one (what Handle
  // would answer without rendering anything); nullopt otherwise. Cheap: the
  // server asks it before queueing an expensive request.
  std::optional<Response> CachedAnswer(const Request& request);

  // Builds or loads what the first requests would otherwise wait for: the
  // name index and the shared figures and place indexes.
  Status WarmUp();

 private:
  struct Impl;
  App();
  std::unique_ptr<Impl> impl_;
};

// A plain-text 500 response with the security headers, needing neither
// templates nor store; the session's catch-all fence answers with it.
Response InternalErrorResponse(std::string_view request_id);

// Server is the listener and its worker threads. Typical use:
//   Server server(options);
//   MEMORIA_RETURN_IF_ERROR(server.Start());
//   ... server.port() ...
//   server.Stop();  // from any thread, e.g. a signal handler's callback
//   server.Wait();
class Server {
 public:
  explicit Server(ServeOptions options);
  // Stops and waits if still running.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Checks that the archive opens read-only, loads the templates, binds and
  // listens, then starts options.threads worker threads. Returns the errors
  // listed for Serve(). REQUIRES: called once.
  Status Start();

  // The bound port (useful when options.port was 0). 0 before Start().
  int port() const;
  // The bound address as text ("127.0.0.1", "::1").
  std::string address() const;

  // Blocks until the warm-up begun by Start() (the name index, the figures,
  // the place indexes) has ended, for tests and benchmarks that measure the
  // server after it. REQUIRES: Start() succeeded.
  void WaitForWarmUp();

  // Begins a graceful shutdown (see Serve()) and returns at once. Safe to
  // call from any thread, more than once, and before Start().
  void Stop();
  // Blocks until every worker thread has finished. REQUIRES: Stop() was or
  // will be called from another thread.
  void Wait();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace memoria::web

#endif  // MEMORIA_WEB_SERVER_H_
