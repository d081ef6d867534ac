// The route table: every path the website and its API answer, in one list.
// Dispatch (app.cc), the shared opening of every handler (pages/common.cc)
// and the OpenAPI document at /api/v1/openapi.json all read it, so a route
// cannot be served without being documented, nor documented without being
// served.
//
// A route's pattern is a path without /api/v1; a segment "{name}" matches
// one path segment (possibly empty: "/person/" reaches the handler, which
// answers 400) and passes it to the handler as the parameter "name".
//
// Thread safety: the table is immutable after first use; every function may
// be called from any thread.
#ifndef MEMORIA_WEB_INTERNAL_ROUTES_H_
#define MEMORIA_WEB_INTERNAL_ROUTES_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "web/internal/pages.h"
#include "web/server.h"

namespace memoria::web::internal {

// Where a route answers: as an HTML page, under /api/v1/ as JSON, or both
// (a page and its model).
enum class Surface : uint8_t { kHtml = 1, kApi = 2, kBoth = 3 };

// How the shared opening reads and checks a parameter before the handler
// runs (pages/common.cc). Every failure is a 400 with a message in the
// visitor's language.
enum class ParamKind : uint8_t {
  kText,     // query: decoded, must be UTF-8
  kPage,     // query "page": 1..kMaxPageNumber, 1 when absent
  kId,       // path: a positive decimal id (RequestContext::id)
  kLetter,   // path: one percent-encoded letter
  kCursor,   // query "after" or "before": a person id of a keyset list (RequestContext)
  kSegment,  // path: one non-empty segment, percent-decoded, UTF-8 (a register key or number)
};

// How the server schedules a request of the route (web/server.cc): a cheap
// one is answered on the connection's own thread at once; an expensive one
// (it may read a great part of the archive: a search, a deep list) waits
// for the expensive lane, whose queue is bounded (full: 503 with
// Retry-After); a streamed one makes its pieces on the stream lane. So a
// slow page never holds up a cheap one.
enum class Cost : uint8_t { kCheap, kExpensive, kStream };

struct ParamSpec {
  std::string_view name;
  ParamKind kind = ParamKind::kText;
  bool required = false;  // documented as required; the handler says what is missing
  std::string_view description;
};

// A page handler builds a model that App renders as HTML or JSON; a raw
// handler makes the whole answer (files, exports, GeoJSON). An error of a
// raw handler is answered as an error page.
using PageHandler = Page (*)(const RequestContext& ctx);
using RawHandler = Result<Response> (*)(const RequestContext& ctx);

struct Route {
  std::string_view method = "GET";  // HEAD is answered as GET without the body
  std::string_view pattern;         // "/person/{person_id}", without /api/v1
  Surface surface = Surface::kBoth;
  PageHandler page = nullptr;  // exactly one of page and raw is set
  RawHandler raw = nullptr;
  bool streaming = false;  // the body is produced piece by piece (Response::stream)
  bool cacheable = true;   // a 200 answer may be kept by the page cache and gets an ETag
  bool mirrored = true;    // a mirror answers it (false: it signs in or writes)
  Cost cost = Cost::kCheap;
  std::string_view api_content_type = "application/json";  // of the API answer, for OpenAPI
  std::string_view summary;                                // one line, for OpenAPI
  std::vector<ParamSpec> params;  // path parameters (by pattern) and query parameters

  bool html() const { return (static_cast<uint8_t>(surface) & 1) != 0; }
  bool api() const { return (static_cast<uint8_t>(surface) & 2) != 0; }
};

// Every route, in the order they are matched and documented.
const std::vector<Route>& Routes();

// The path parameters a match found: name -> the segment as requested
// (still percent-encoded).
using PathArgs = std::vector<std::pair<std::string_view, std::string_view>>;

// The route whose pattern matches "path" (without /api/v1) on the given
// surface, whatever its method, or nullptr. Fills *args when it matches.
const Route* MatchRoute(std::string_view path, bool api, PathArgs* args);

// The cost of the route a request target (path?query, with or without
// /api/v1) names; kCheap when it names none (a 404 is cheap).
Cost CostOf(std::string_view target);
// The route for "method" ("HEAD" is "GET") whose pattern matches "path" on
// the given surface, or nullptr. Fills *args when it matches.
const Route* MatchRouteFor(std::string_view method, std::string_view path, bool api,
                           PathArgs* args);
// The methods "path" answers, for a 405's Allow header: "GET, HEAD",
// "POST" or "GET, HEAD, POST".
std::string AllowedMethods(std::string_view path, bool api);

// The OpenAPI 3 document of every route with an API surface.
const nlohmann::ordered_json& OpenApiDocument();

// The opening every handler shares: reads the route's parameters from the
// path arguments and ctx->query into ctx->params, ctx->id and ctx->page,
// checking each by its kind. Returns the 400 page for the first bad one.
std::optional<Page> OpenRequest(const Route& route, const PathArgs& args, RequestContext* ctx);

}  // namespace memoria::web::internal

#endif  // MEMORIA_WEB_INTERNAL_ROUTES_H_
