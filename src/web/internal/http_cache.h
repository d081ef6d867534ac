// Internal to web/: the HTTP caching of answers (app.cc): validators and
// 304s, gzip negotiation, Vary, and the canonical target and cache key an
// answer is kept under in the page cache.
#ifndef MEMORIA_WEB_INTERNAL_HTTP_CACHE_H_
#define MEMORIA_WEB_INTERNAL_HTTP_CACHE_H_

#include <string>
#include <string_view>

#include "store/store.h"
#include "web/server.h"

namespace memoria::web::internal {

// The prefix of the API's targets: "/api/v1/person/1" is the API's answer
// for the page "/person/1".
inline constexpr std::string_view kApiPrefix = "/api/v1";

// A strong validator of the body: 64-bit FNV-1a, hex.
std::string ETagOf(std::string_view body, bool gzipped);
// Content types worth compressing (text, JSON, SVG, ...).
bool Compressible(std::string_view content_type);
// The client's Accept-Encoding allows gzip.
bool AcceptsGzip(std::string_view accept_encoding);
// 304 Not Modified when the client already has this ETag.
void ApplyConditional(const Request& request, Response* response);
// The target reduced to what its route reads: the path, then the route's
// declared query parameters in the table's order, then "lang"; every value
// decoded and re-encoded one way, repeats and unknown parameters dropped.
// A target that matches no route is kept as it is.
std::string CanonicalTarget(std::string_view raw);
// The page cache's key of an answer: the canonical target, the language
// asked for, whether the body is gzipped, and the reader's ceiling.
std::string CacheKey(const Request& request, bool gzip, store::Visibility ceiling);
// The path and query with any "lang" parameter removed, for the language
// switch links.
std::string WithoutLang(std::string_view path, std::string_view query);
// Adds "field" to the Vary header, making one if there is none.
void AddVary(Response* response, std::string_view field);

}  // namespace memoria::web::internal

#endif  // MEMORIA_WEB_INTERNAL_HTTP_CACHE_H_
