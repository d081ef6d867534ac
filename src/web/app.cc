// App: dispatch through the route table (routes.cc), the request context
// (language, API or page), the caching and compression of answers, and the
// one StatusCode -> HTTP table. The handlers are in pages/*.cc. No Beast
// here; see server.cc.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <utility>

#include "auth/auth.h"
#include "core/gzip.h"
#include "core/text.h"
#include "search/hit_lines.h"
#include "search/search.h"
#include "store/reader.h"
#include "web/internal/assets.h"
#include "web/internal/http_cache.h"
#include "web/internal/pages.h"
#include "web/internal/pages_common.h"
#include "web/internal/routes.h"
#include "web/internal/signin.h"
#include "web/internal/site.h"
#include "web/internal/url.h"
#include "web/internal/views.h"
#include "web/server.h"

namespace memoria::web {
namespace {

using internal::AcceptsGzip;
using internal::AddVary;
using internal::ApplyConditional;
using internal::CacheKey;
using internal::CanonicalTarget;
using internal::Compressible;
using internal::ETagOf;
using internal::kApiPrefix;
using internal::WithoutLang;

constexpr std::string_view kHtml = "text/html; charset=utf-8";
constexpr std::string_view kJson = "application/json; charset=utf-8";
// How often a cached answer's data version is checked against the archive.
constexpr std::chrono::milliseconds kVersionCheckInterval{50};

// The only place where StatusCode becomes an HTTP status (STYLE.md §3).
struct HttpMapping {
  StatusCode code;
  int http;
};
constexpr HttpMapping kHttpStatusTable[] = {
    {StatusCode::kOk, 200},
    {StatusCode::kInvalidArgument, 400},
    {StatusCode::kNotFound, 404},
    {StatusCode::kAlreadyExists, 409},
    {StatusCode::kFailedPrecondition, 409},
    {StatusCode::kResourceExhausted, 413},
    {StatusCode::kUnavailable, 503},
    {StatusCode::kDataLoss, 500},
    {StatusCode::kInternal, 500},
};

int HttpStatusFor(StatusCode code) {
  for (const HttpMapping& m : kHttpStatusTable) {
    if (m.code == code) return m.http;
  }
  return 500;
}

// Sent with every response, including errors and the stylesheet.
constexpr std::pair<std::string_view, std::string_view> kSecurityHeaders[] = {
    {"Content-Security-Policy",
     "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
     "frame-ancestors 'none'; base-uri 'none'"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
};

void AddSecurityHeaders(Response* response) {
  for (const auto& [name, value] : kSecurityHeaders) {
    // A page may bring its own, wider policy (the tile map).
    if (name == "Content-Security-Policy" && !response->Header(std::string(name)).empty()) continue;
    response->headers.emplace_back(std::string(name), std::string(value));
  }
}

// A 500 without templates or store, for when rendering itself failed.
Response PlainInternalError(std::string_view request_id) {
  Response r;
  r.status = 500;
  r.content_type = "text/plain; charset=utf-8";
  r.body = "500 Internal Server Error\nrequest " + std::string(request_id) + "\n";
  return r;
}

}  // namespace

std::string Response::Header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return "";
}

std::shared_ptr<const TemplateSet> EmbeddedTemplates() {
  static const std::shared_ptr<const TemplateSet> kTemplates = [] {
    auto set = std::make_shared<TemplateSet>();
    for (const internal::EmbeddedFile& f : internal::EmbeddedFiles()) {
      if (f.name.ends_with(".mustache")) set->emplace(std::string(f.name), std::string(f.data));
    }
    return set;
  }();
  return kTemplates;
}

Result<std::shared_ptr<const TemplateSet>> LoadTemplates(const std::string& dir) {
  namespace fs = std::filesystem;
  auto set = std::make_shared<TemplateSet>();
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    const fs::path& path = entry.path();
    if (path.extension() != ".mustache") continue;
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) return NotFoundError("cannot read " + path.string());
    set->emplace(path.filename().string(), std::move(text));
  }
  if (ec) return NotFoundError("templates folder " + dir + ": " + ec.message());
  // Compile once here so a broken template stops the server at startup.
  Result<std::unique_ptr<Views>> views = Views::Create(*set);
  if (!views.ok()) return std::move(views).status().Annotate(dir);
  return std::shared_ptr<const TemplateSet>(std::move(set));
}

Result<MapConfig> LoadMapConfig(const ServeOptions& options) {
  MapConfig map;
  if (options.tiles.empty()) return map;
  const std::string& t = options.tiles;
  const size_t scheme = t.find("://");
  if (!(t.starts_with("https://") || t.starts_with("http://")) ||
      t.find("{z}") == std::string::npos || t.find("{x}") == std::string::npos ||
      t.find("{y}") == std::string::npos || t.find_first_of("\"' <>;") != std::string::npos) {
    return InvalidArgumentError("--tiles must be an http(s) URL with {z}, {x} and {y}: " + t);
  }
  const size_t host_end = t.find('/', scheme + 3);
  map.tiles = t;
  map.tile_origin = t.substr(0, host_end);
  if (map.tile_origin.find('{') != std::string::npos) {
    return InvalidArgumentError("--tiles: the host must be fixed (no {s} subdomains): " + t);
  }
  map.attribution = options.tiles_attribution;
  for (auto [file, out] :
       {std::pair{"leaflet.js", &map.leaflet_js}, {"leaflet.css", &map.leaflet_css}}) {
    const std::string path = options.leaflet_dir + "/" + file;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return NotFoundError("the tile map needs Leaflet: cannot read " + path +
                           " (Debian package libjs-leaflet)");
    }
    out->assign((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  return map;
}

Response InternalErrorResponse(std::string_view request_id) {
  Response r = PlainInternalError(request_id);
  AddSecurityHeaders(&r);
  return r;
}

struct App::Impl {
  store::Store* store = nullptr;
  store::Reader* reader = nullptr;  // at the App's ceiling: every handler reads through it
  std::unique_ptr<store::RegisterReader> registers;  // over "reader"
  std::unique_ptr<Views> views;
  std::shared_ptr<internal::Site> site;

  // For the response cache: the data version, read at most every
  // kVersionCheckInterval.
  bool have_version = false;
  uint64_t version = 0;
  std::chrono::steady_clock::time_point version_checked;
  Result<uint64_t> CachedVersion();

  // Where the page cache keeps a request's answer, and the answer when it
  // holds one; cache is null when the cache is not used for it.
  struct CacheSlot {
    internal::ResponseCache* cache = nullptr;
    std::string key;
    uint64_t version = 0;
    std::shared_ptr<const Response> hit;
  };
  CacheSlot LookUp(const Request& request, bool gzip);
  // The 503 of a request whose time budget ran out, in its language.
  Response OverBudget(const Request& request);

  // Fills what every page's context shares; returns the path without
  // /api/v1.
  std::string_view OpenContext(const Request& request, const internal::Target& target,
                               RequestContext* ctx);
  // Who is asking: a signed-in session (its cookie names an open session
  // of an account that is still enabled, with the account's current role)
  // or a visitor; and the time on the server's clock.
  struct Visitor {
    std::optional<auth::SessionInfo> session;
    std::string token;
    int64_t now = 0;
  };
  Visitor Identify(const Request& request);

  // Answers through the route table; *matched is the route that answered,
  // untouched when none did.
  Response Route(const Request& request, const Visitor& visitor, const internal::Route** matched);
  Response Render(const Page& page, const RequestContext& ctx);

  // The Reader of a signed-in visitor whose role reads confidential
  // values, or nullptr.
  store::Reader* ConfidentialReader(const Visitor& visitor);
  // Writes one audit entry for the confidential values "reader" handed out
  // while answering "request" (the persons whose page, API answer or
  // export line held them), and one for every export of the whole archive.
  // "higher" is the visitor's Reader.
  Status AuditConfidentialReads(const Request& request, const Visitor& visitor,
                                const internal::Route* route, store::Reader* higher);
};

store::Reader* App::Impl::ConfidentialReader(const Visitor& visitor) {
  if (!visitor.session.has_value() ||
      auth::CeilingFor(visitor.session->principal.role) != store::Visibility::kConfidential) {
    return nullptr;
  }
  Result<store::Reader*> r = store->ReaderFor(store::Visibility::kConfidential);
  return r.ok() ? *r : nullptr;
}

Status App::Impl::AuditConfidentialReads(const Request& request, const Visitor& visitor,
                                         const internal::Route* route, store::Reader* higher) {
  std::vector<int64_t> persons = higher->TakeConfidentialReads();
  std::vector<std::string> others = higher->TakeConfidentialSubjects();
  // An export streams after this answer is made: it is audited as a read of
  // every confidential value, when it is asked for.
  const bool whole_archive =
      route != nullptr && (route->pattern == "/export.csv" || route->pattern == "/export.jsonl");
  if (persons.empty() && others.empty() && !whole_archive) return Status();
  store::AuditEntry entry;
  entry.account = visitor.session->principal.name;
  entry.action = "read-confidential";
  const internal::Target target = internal::SplitTarget(request.target);
  entry.route = std::string(target.path);
  if (whole_archive) {
    entry.subject = "export of every visible person, confidential values included";
  } else {
    std::sort(persons.begin(), persons.end());
    persons.erase(std::unique(persons.begin(), persons.end()), persons.end());
    if (!persons.empty()) entry.subject = persons.size() == 1 ? "person " : "persons ";
    for (size_t i = 0; i < persons.size(); ++i) {
      entry.subject += (i ? ", " : "") + std::to_string(persons[i]);
    }
    // A confidential source, register or register entry: "; source 3".
    std::sort(others.begin(), others.end());
    others.erase(std::unique(others.begin(), others.end()), others.end());
    for (const std::string& o : others) entry.subject += (entry.subject.empty() ? "" : "; ") + o;
  }
  return site->AppendAudit(store, entry);
}

App::App() : impl_(std::make_unique<Impl>()) {}

Result<std::unique_ptr<App>> App::Create(store::Store* store, AppOptions options) {
  std::unique_ptr<App> app(new App());
  Impl& impl = *app->impl_;
  impl.store = store;
  impl.site =
      options.site != nullptr ? std::move(options.site) : std::make_shared<internal::Site>();
  if (options.templates == nullptr) options.templates = EmbeddedTemplates();
  MEMORIA_ASSIGN_OR_RETURN(impl.views, Views::Create(*options.templates));
  MEMORIA_ASSIGN_OR_RETURN(impl.reader, store->ReaderFor(options.ceiling));
  MEMORIA_ASSIGN_OR_RETURN(impl.registers, store::RegisterReader::Create(impl.reader));
  return app;
}

App::~App() = default;

Status App::WarmUp() {
  if (impl_->reader == nullptr) return InternalError("the archive cannot be read");
  MEMORIA_RETURN_IF_ERROR(search::IndexFor(impl_->reader).status());
  MEMORIA_RETURN_IF_ERROR(impl_->site->GetFigures(impl_->reader).status());
  MEMORIA_RETURN_IF_ERROR(impl_->site->GetIndexes(impl_->reader).status());
  // Built on a thread of their own (served from the tables until then).
  return search::StartHitLines(impl_->reader);
}

App::Impl::CacheSlot App::Impl::LookUp(const Request& request, bool gzip) {
  CacheSlot slot;
  internal::ResponseCache* cache = site->responses();
  if (cache == nullptr || (request.method != "GET" && request.method != "HEAD")) return slot;
  Result<uint64_t> v = CachedVersion();
  if (!v.ok()) return slot;  // the version cannot be read: answer without the cache
  // A page is kept for one data version and one name index: a search
  // answered by the older index while a new one was built is not served
  // once the new one answers.
  slot.cache = cache;
  slot.version = *v ^ (search::IndexGeneration() * 0x9e3779b97f4a7c15ull);
  slot.key = CacheKey(request, gzip, reader->ceiling());
  slot.hit = cache->Find(slot.key, slot.version);
  return slot;
}

std::optional<Response> App::CachedAnswer(const Request& original) {
  // A request that may be signed in is answered by Handle, which never
  // serves a signed-in reader from the public page cache.
  if (!internal::CookieValue(original.cookie, internal::kSessionCookie).empty()) {
    return std::nullopt;
  }
  Request request = original;
  request.target = CanonicalTarget(original.target);
  Impl::CacheSlot slot = impl_->LookUp(request, AcceptsGzip(request.accept_encoding));
  if (slot.hit == nullptr) return std::nullopt;
  Response response = *slot.hit;
  ApplyConditional(request, &response);
  return response;
}

Response App::Handle(const Request& original) {
  Request request = original;
  request.target = CanonicalTarget(original.target);
  const Impl::Visitor visitor = impl_->Identify(request);
  // A signed-in reader's pages are never read from nor kept in the public
  // page cache.
  const bool signed_in = visitor.session.has_value();
  const bool gzip = AcceptsGzip(request.accept_encoding);
  Impl::CacheSlot slot;
  if (!signed_in) slot = impl_->LookUp(request, gzip);
  if (slot.hit != nullptr) {
    Response response = *slot.hit;
    ApplyConditional(request, &response);
    return response;
  }

  const internal::Route* route = nullptr;
  const bool budgeted = request.deadline != std::chrono::steady_clock::time_point::max();
  if (budgeted && impl_->site->Now() >= request.deadline) {
    // Spent waiting in a queue: not begun at all.
    Response late = impl_->OverBudget(request);
    AddSecurityHeaders(&late);
    return late;
  }
  if (budgeted) impl_->reader->SetDeadline(request.deadline, impl_->site->clock());
  store::Reader* confidential = impl_->ConfidentialReader(visitor);
  if (confidential != nullptr) {  // none of another request
    confidential->TakeConfidentialReads();
    confidential->TakeConfidentialSubjects();
  }
  Response response = impl_->Route(request, visitor, &route);
  if (confidential != nullptr) {
    Status audited = impl_->AuditConfidentialReads(request, visitor, route, confidential);
    if (!audited.ok()) {
      // A confidential read that cannot be audited is not answered.
      std::cerr << "memoria: web: audit: " << audited << "\n";
      response = PlainInternalError("(the audit log cannot be written)");
    }
  }
  if (budgeted) {
    impl_->reader->ClearDeadline();
    // Whatever the handler made of an interrupted statement, the answer is
    // the budget's 503 (and never cached).
    if (impl_->reader->DeadlineExceeded()) response = impl_->OverBudget(request);
  }
  if (response.status == 503 && response.Header("Retry-After").empty()) {
    response.headers.emplace_back("Retry-After", std::to_string(kRetryAfterSeconds));
  }
  const bool cacheable =
      route != nullptr && route->cacheable && response.status == 200 && !response.stream;
  if (cacheable && response.body.size() > 1024 && Compressible(response.content_type) && gzip) {
    Result<std::string> zipped = Gzip(response.body);
    if (zipped.ok()) {
      response.body = std::move(zipped).value();
      response.headers.emplace_back("Content-Encoding", "gzip");
    }
  }
  if (Compressible(response.content_type)) AddVary(&response, "Accept-Encoding");
  if (cacheable) {
    const std::string etag = ETagOf(response.body, !response.Header("Content-Encoding").empty());
    response.headers.emplace_back("ETag", etag);
    if (response.Header("Cache-Control").empty() && !signed_in) {
      // Pages change when the archive does: revalidate, cheaply, by ETag.
      response.headers.emplace_back("Cache-Control", "no-cache");
    }
  }
  if (signed_in) {
    // Neither the browser's disk nor a proxy keeps a signed-in page.
    std::erase_if(response.headers, [](const auto& h) { return h.first == "Cache-Control"; });
    response.headers.emplace_back("Cache-Control", "private, no-store");
  }
  AddSecurityHeaders(&response);
  if (cacheable && slot.cache != nullptr && !signed_in)
    slot.cache->Insert(slot.key, slot.version, response);
  ApplyConditional(request, &response);
  return response;
}

Result<uint64_t> App::Impl::CachedVersion() {
  // The data version is a counter every committed write moves
  // (store::Reader::DataVersion), an update of a visibility included. It is
  // read at most every kVersionCheckInterval (each read is a short read
  // transaction): a change becomes visible that much later.
  const auto now = site->Now();
  if (have_version && now - version_checked < kVersionCheckInterval) return version;
  MEMORIA_ASSIGN_OR_RETURN(version, reader->DataVersion());
  have_version = true;
  version_checked = now;
  return version;
}

App::Impl::Visitor App::Impl::Identify(const Request& request) {
  Visitor v;
  v.now = std::chrono::duration_cast<std::chrono::seconds>(site->Now().time_since_epoch()).count();
  std::string token = internal::CookieValue(request.cookie, internal::kSessionCookie);
  if (token.empty()) return v;
  internal::SignIn* signin = site->signin();
  std::optional<auth::SessionInfo> session = signin->sessions.Touch(token, v.now);
  if (!session.has_value()) return v;
  // The account as it is now: disabled or removed ends the session, a new
  // role takes effect at once.
  Result<auth::Principal> current = auth::CurrentPrincipal(store, session->principal.account_id);
  if (!current.ok()) {
    if (current.status().code() == StatusCode::kNotFound) signin->sessions.Close(token);
    return v;
  }
  // A new password or second factor since this session signed in (set
  // from another session, which stays, or with `memoria user`): it ends.
  if (current->credentials != session->principal.credentials) {
    signin->sessions.Close(token);
    return v;
  }
  session->principal = *current;
  v.session = std::move(session);
  v.token = std::move(token);
  return v;
}

namespace {

// The language: ?lang= when it names one of ours (another language there
// means English), else Accept-Language.
void ChooseLanguage(const Request& request, std::string_view query, RequestContext* ctx) {
  std::optional<std::string> lang = internal::QueryParam(query, "lang");
  if (lang.has_value() && !lang->empty()) {
    ctx->lang = internal::ParseLang(*lang).value_or(internal::Lang::kEn);
    ctx->lang_explicit = true;
  } else {
    ctx->lang = internal::NegotiateLang(request.accept_language);
  }
}

// A page path with a trailing slash ("/person/1/") answers 301 to the path
// without it when that is a route; nullopt otherwise.
std::optional<std::string> WithoutTrailingSlash(std::string_view path, bool api) {
  if (path.size() < 2 || !path.ends_with('/')) return std::nullopt;
  const std::string_view bare = path.substr(0, path.size() - 1);
  if (bare.ends_with('/') || bare.find("//") != std::string_view::npos) return std::nullopt;
  internal::PathArgs args;
  if (internal::MatchRoute(bare, api, &args) == nullptr) return std::nullopt;
  return std::string(bare);
}

}  // namespace

std::string_view App::Impl::OpenContext(const Request& request, const internal::Target& target,
                                        RequestContext* ctx) {
  ctx->path = std::string(target.path);
  ctx->query = std::string(target.query);
  std::string_view path = target.path;
  if (path == kApiPrefix || path.starts_with(std::string(kApiPrefix) + "/")) {
    ctx->api = true;
    path.remove_prefix(kApiPrefix.size());
    if (path.empty()) path = "/";
  }
  ChooseLanguage(request, target.query, ctx);
  ctx->self = WithoutLang(target.path, target.query);
  ctx->reader = reader;
  ctx->registers = registers.get();
  ctx->site = site.get();
  ctx->base_url = site->base_url();
  return path;
}

Response App::Impl::OverBudget(const Request& request) {
  if (views == nullptr) return PlainInternalError("(templates failed to compile)");
  RequestContext ctx;
  const internal::Target target = internal::SplitTarget(request.target);
  OpenContext(request, target, &ctx);
  Response r = Render(ErrorModel(ctx, 503, ctx.t().Get("msg_over_budget")), ctx);
  r.headers.emplace_back("Retry-After", std::to_string(kRetryAfterSeconds));
  return r;
}

Response App::Impl::Route(const Request& request, const Visitor& visitor,
                          const internal::Route** matched) {
  if (views == nullptr) return PlainInternalError("(templates failed to compile)");
  if (reader == nullptr) return PlainInternalError("(the archive cannot be read)");

  RequestContext ctx;
  const internal::Target target = internal::SplitTarget(request.target);
  std::string_view path = OpenContext(request, target, &ctx);
  ctx.request = &request;
  ctx.store = store;
  ctx.now = visitor.now;
  ctx.unix_now = site->UnixNow();
  if (visitor.session.has_value()) {
    // A signed-in reader reads at their role's ceiling.
    Result<store::Reader*> higher =
        store->ReaderFor(auth::CeilingFor(visitor.session->principal.role));
    if (!higher.ok()) return Render(StatusModel(ctx, higher.status()), ctx);
    ctx.reader = *higher;
    ctx.registers = nullptr;  // the App's is at the public ceiling
    ctx.session = visitor.session;
    ctx.session_token = visitor.token;
    ctx.csrf = site->signin()->csrf.TokenFor(internal::CsrfBinding(visitor.token, ""));
  }

  internal::PathArgs args;
  const bool get = request.method == "GET" || request.method == "HEAD";
  const bool post = request.method == "POST";
  const internal::Route* route =
      get || post ? internal::MatchRouteFor(request.method, path, ctx.api, &args) : nullptr;
  if (route == nullptr && (!get || internal::MatchRoute(path, ctx.api, &args) != nullptr)) {
    Response r = Render(ErrorModel(ctx, 405, ""), ctx);
    r.headers.emplace_back("Allow", internal::AllowedMethods(path, ctx.api));
    return r;
  }
  if (route != nullptr && !route->mirrored && site->mirror()) {
    // A mirror has no accounts and takes no writes: these routes are not
    // there.
    return Render(ErrorModel(ctx, 404, ctx.t().Get("msg_mirror_read_only")), ctx);
  }
  if (post) {
    // Every state-changing request carries the CSRF token of its form,
    // bound to the session (or, before sign-in, to the pre-session cookie).
    const std::string binding = internal::CsrfBinding(
        visitor.token, internal::CookieValue(request.cookie, internal::kPreCookie));
    if (!site->signin()->csrf.Verify(binding, ctx.Form("csrf"))) {
      return Render(ErrorModel(ctx, 403, ctx.t().Get("msg_csrf")), ctx);
    }
  }
  if (!path.starts_with('/'))
    return Render(ErrorModel(ctx, 400, "request target must be a path"), ctx);
  if (route == nullptr) {
    if (std::optional<std::string> bare = WithoutTrailingSlash(path, ctx.api)) {
      Page moved = ErrorModel(ctx, 301, "");
      std::string location = (ctx.api ? std::string(kApiPrefix) : "") + *bare;
      if (!target.query.empty()) location += "?" + std::string(target.query);
      moved.headers.emplace_back("Location", std::move(location));
      return Render(moved, ctx);
    }
    return Render(ErrorModel(ctx, 404, ""), ctx);
  }
  *matched = route;
  if (std::optional<Page> refused = internal::OpenRequest(*route, args, &ctx)) {
    return Render(*refused, ctx);
  }
  if (route->raw != nullptr) {
    Result<Response> response = route->raw(ctx);
    if (!response.ok()) return Render(StatusModel(ctx, response.status()), ctx);
    return std::move(response).value();
  }
  // A page reads in one snapshot: consistent, and one read lock for all
  // its queries. A POST may write (web/internal/edit.h), which it could not
  // inside a read transaction of the same connection.
  if (post) return Render(route->page(ctx), ctx);
  Result<store::Reader::Snapshot> snapshot = ctx.reader->BeginSnapshot();
  if (!snapshot.ok()) return Render(StatusModel(ctx, snapshot.status()), ctx);
  return Render(route->page(ctx), ctx);
}

Response App::Impl::Render(const Page& page, const RequestContext& ctx) {
  Response r;
  r.status = page.status;
  r.headers = page.headers;
  if (ctx.api) {
    r.content_type = std::string(kJson);
    r.body = page.model.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    r.body.push_back('\n');
    if (!ctx.lang_explicit) r.headers.emplace_back("Vary", "Accept-Language");
    return r;
  }
  Chrome chrome;
  chrome.lang = ctx.lang;
  chrome.lang_explicit = ctx.lang_explicit;
  chrome.title = page.title;
  chrome.self = ctx.self;
  chrome.mirror = site->mirror();
  if (ctx.session.has_value()) {
    chrome.user = ctx.session->principal.name;
    chrome.csrf = ctx.csrf;
    chrome.moderator = auth::Includes(ctx.session->principal.role, auth::Role::kVolunteer);
    chrome.reviewer = auth::Includes(ctx.session->principal.role, auth::Role::kEditor);
  }
  Result<std::string> html = views->Render(page.view, page.model, chrome);
  if (!html.ok()) {
    std::cerr << "memoria: web: " << html.status() << "\n";
    return PlainInternalError("(rendering failed)");
  }
  r.content_type = std::string(kHtml);
  r.body = std::move(html).value();
  r.headers.emplace_back("Content-Language", std::string(internal::LangCode(ctx.lang)));
  if (!ctx.lang_explicit) r.headers.emplace_back("Vary", "Accept-Language");
  return r;
}

Page StatusModel(const RequestContext& ctx, const Status& status) {
  const int http = HttpStatusFor(status.code());
  if (http >= 500) {
    // Details of our own failures go to the log, not to the visitor.
    std::cerr << "memoria: web: " << status << "\n";
    return ErrorModel(ctx, http, "");
  }
  return ErrorModel(ctx, http, status.message());
}

}  // namespace memoria::web
