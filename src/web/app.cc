// App: the route table, the handlers and the one StatusCode -> HTTP table.
// No Beast here; see server.cc for the transport.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <utility>

#include "core/text.h"
#include "search/search.h"
#include "web/internal/assets.h"
#include "web/internal/url.h"
#include "web/internal/views.h"
#include "web/server.h"

namespace memoria::web {
namespace {

constexpr std::string_view kHtml = "text/html; charset=utf-8";

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
    response->headers.emplace_back(std::string(name), std::string(value));
  }
}

// Paging stops here: beyond it the offset is absurd for a person search.
constexpr int64_t kMaxPage = 10000;

// The route table's rows (the table is in App::Route, where the handlers
// are accessible). A route matches the path exactly, or by prefix when
// "prefix" is set; "rest" is the query string for exact routes and the rest
// of the path for prefix routes.
struct RouteEntry {
  std::string_view path;
  bool prefix;
  Response (*call)(App& app, std::string_view rest);
};

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

Response InternalErrorResponse(std::string_view request_id) {
  Response r = PlainInternalError(request_id);
  AddSecurityHeaders(&r);
  return r;
}

App::App(store::Store* store, std::shared_ptr<const TemplateSet> templates) : store_(store) {
  if (templates == nullptr) templates = EmbeddedTemplates();
  Result<std::unique_ptr<Views>> views = Views::Create(*templates);
  if (views.ok()) {
    views_ = std::move(views).value();
  } else {
    std::cerr << "memoria: web: " << views.status() << "\n";
  }
}

App::~App() = default;

Response App::Handle(const Request& request) {
  Response response = Route(request);
  AddSecurityHeaders(&response);
  return response;
}

Response App::Route(const Request& request) {
  static constexpr RouteEntry kRoutes[] = {
      {"/", false, [](App& app, std::string_view) { return app.Home(); }},
      {"/search", false,
       [](App& app, std::string_view q) { return app.SearchPage(std::string(q)); }},
      {"/person/", true, [](App& app, std::string_view id) { return app.PersonPage(id); }},
      {"/static/style.css", false, [](App& app, std::string_view) { return app.Stylesheet(); }},
  };
  if (views_ == nullptr) return PlainInternalError("(templates failed to compile)");
  if (request.method != "GET" && request.method != "HEAD") {
    Response r = ErrorPage(405, "");
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  const internal::Target target = internal::SplitTarget(request.target);
  if (!target.path.starts_with('/')) return ErrorPage(400, "request target must be a path");
  for (const RouteEntry& route : kRoutes) {
    if (route.prefix ? target.path.starts_with(route.path) : target.path == route.path) {
      std::string_view rest = route.prefix ? target.path.substr(route.path.size()) : target.query;
      return route.call(*this, rest);
    }
  }
  return ErrorPage(404, "");
}

Response App::Home() {
  Result<store::Stats> stats = store_->GetStats();
  if (!stats.ok()) return StatusPage(stats.status());
  return Html(200, views_->Home(*stats));
}

Response App::SearchPage(const std::string& query_string) {
  SearchModel model;
  std::string query = internal::QueryParam(query_string, "q").value_or("");
  std::optional<std::string> page_text = internal::QueryParam(query_string, "page");
  if (page_text.has_value() && !page_text->empty()) {
    std::optional<int64_t> page = internal::ParsePositiveId(*page_text);
    if (!page.has_value() || *page > kMaxPage) {
      return ErrorPage(400, "page must be a number from 1 to " + std::to_string(kMaxPage));
    }
    model.page = static_cast<int>(*page);
  }
  if (IsValidUtf8(query) && CollapseSpace(query).empty()) {
    model.empty_query = true;
    return Html(200, views_->Search(model));
  }
  search::SearchOptions options;
  options.limit = kResultsPerPage;
  options.offset = (model.page - 1) * kResultsPerPage;
  Result<search::SearchResult> result = search::Search(store_, query, options);
  if (!result.ok()) return StatusPage(result.status());
  model.query = std::move(query);
  model.result = &*result;
  return Html(200, views_->Search(model));
}

Response App::PersonPage(std::string_view id_text) {
  std::optional<int64_t> id = internal::ParsePositiveId(id_text);
  if (!id.has_value()) return ErrorPage(400, "a person id is a positive number");
  Result<store::PersonView> person = store_->GetPerson(*id);
  if (!person.ok()) return StatusPage(person.status());
  if (person->redirect_to != 0 && person->redirect_to != *id) {
    // Merged into another person: that page is the one to cite.
    Response r = ErrorPage(301, "");
    r.headers.emplace_back("Location", "/person/" + std::to_string(person->redirect_to));
    return r;
  }
  return Html(200, views_->Person(*person));
}

Response App::Stylesheet() {
  for (const internal::EmbeddedFile& f : internal::EmbeddedFiles()) {
    if (f.name != "style.css") continue;
    Response r;
    r.content_type = "text/css; charset=utf-8";
    r.body = std::string(f.data);
    r.headers.emplace_back("Cache-Control", "public, max-age=3600");
    return r;
  }
  return ErrorPage(404, "");
}

Response App::ErrorPage(int status, std::string_view message) {
  return Html(status, views_->Error(status, message));
}

Response App::StatusPage(const Status& status) {
  const int http = HttpStatusFor(status.code());
  if (http >= 500) {
    // Details of our own failures go to the log, not to the visitor.
    std::cerr << "memoria: web: " << status << "\n";
    return ErrorPage(http, "");
  }
  return ErrorPage(http, status.message());
}

Response App::Html(int status, Result<std::string> rendered) {
  if (!rendered.ok()) {
    std::cerr << "memoria: web: " << rendered.status() << "\n";
    return PlainInternalError("(rendering failed)");
  }
  Response r;
  r.status = status;
  r.content_type = std::string(kHtml);
  r.body = std::move(rendered).value();
  r.headers.emplace_back("Content-Language", "ru");
  return r;
}

}  // namespace memoria::web
