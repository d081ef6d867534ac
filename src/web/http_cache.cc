// The HTTP caching of answers (web/internal/http_cache.h).
#include "web/internal/http_cache.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "web/internal/i18n.h"
#include "web/internal/pages_common.h"
#include "web/internal/routes.h"
#include "web/internal/url.h"

namespace memoria::web::internal {
namespace {

bool ETagMatches(std::string_view if_none_match, std::string_view etag) {
  if (if_none_match == "*") return true;
  size_t pos = 0;
  while (pos < if_none_match.size()) {
    size_t end = if_none_match.find(',', pos);
    if (end == std::string_view::npos) end = if_none_match.size();
    std::string_view tag = if_none_match.substr(pos, end - pos);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == etag) return true;
    pos = end + 1;
  }
  return false;
}

}  // namespace

namespace {

constexpr uint64_t kP1 = 0x9E3779B185EBCA87ull;
constexpr uint64_t kP2 = 0xC2B2AE3D27D4EB4Full;
constexpr uint64_t kP3 = 0x165667B19E3779F9ull;

uint64_t Rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

uint64_t Load64(const unsigned char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

uint64_t Round(uint64_t acc, uint64_t input) { return Rotl(acc + input * kP2, 31) * kP1; }

// A 64-bit hash of the body in the manner of XXH64 (four lanes of eight
// bytes, then the tail): a body of a few kilobytes costs a tenth of a
// byte-at-a-time hash.
uint64_t BodyHash(std::string_view body) {
  const auto* p = reinterpret_cast<const unsigned char*>(body.data());
  const auto* end = p + body.size();
  uint64_t h;
  if (body.size() >= 32) {
    uint64_t v1 = kP1 + kP2, v2 = kP2, v3 = 0, v4 = 0 - kP1;
    for (; end - p >= 32; p += 32) {
      v1 = Round(v1, Load64(p));
      v2 = Round(v2, Load64(p + 8));
      v3 = Round(v3, Load64(p + 16));
      v4 = Round(v4, Load64(p + 24));
    }
    h = Rotl(v1, 1) + Rotl(v2, 7) + Rotl(v3, 12) + Rotl(v4, 18);
    for (uint64_t v : {v1, v2, v3, v4}) h = (h ^ Round(0, v)) * kP1 + kP3;
  } else {
    h = kP3;
  }
  h += body.size();
  for (; end - p >= 8; p += 8) h = Rotl(h ^ Round(0, Load64(p)), 27) * kP1 + kP3;
  for (; p < end; ++p) h = Rotl(h ^ (*p * kP3), 11) * kP1;
  h ^= h >> 33;
  h *= kP2;
  h ^= h >> 29;
  h *= kP3;
  h ^= h >> 32;
  return h;
}

}  // namespace

// A strong validator of the body: a 64-bit hash, hex.
std::string ETagOf(std::string_view body, bool gzipped) {
  const uint64_t h = BodyHash(body);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string tag = "\"";
  for (int shift = 60; shift >= 0; shift -= 4) tag.push_back(kHex[(h >> shift) & 0xF]);
  if (gzipped) tag += "-gz";
  tag.push_back('"');
  return tag;
}

bool Compressible(std::string_view content_type) {
  return content_type.starts_with("text/") || content_type.starts_with("application/json") ||
         content_type.starts_with("application/geo+json");
}

bool AcceptsGzip(std::string_view accept_encoding) {
  // "gzip" listed and not refused with q=0.
  size_t at = accept_encoding.find("gzip");
  if (at == std::string_view::npos) return false;
  std::string_view rest = accept_encoding.substr(at + 4);
  rest = rest.substr(0, rest.find(','));
  return rest.find("q=0") == std::string_view::npos || rest.find("q=0.") != std::string_view::npos;
}

// 304 Not Modified when the client already has this ETag.
void ApplyConditional(const Request& request, Response* response) {
  if (response->status != 200 || request.if_none_match.empty()) return;
  const std::string etag = response->Header("ETag");
  if (!etag.empty() && ETagMatches(request.if_none_match, etag)) {
    response->status = 304;
    response->body.clear();
  }
}

// What an answer depends on besides the data: the target, the language the
// visitor's Accept-Language asks for (used when the target has no ?lang=)
// and whether the body is gzipped.
// The target reduced to what its route reads: the path, then the route's
// declared query parameters in the table's order, then "lang"; every value
// decoded and re-encoded one way, repeats and unknown parameters dropped.
// The answer is made from this target, so "?page=2&utm=x" and "?page=2"
// are one page and one cache entry. A target that matches no route is kept
// as it is (it answers 404 or 301).
std::string CanonicalTarget(std::string_view raw) {
  const internal::Target target = internal::SplitTarget(raw);
  std::string_view path = target.path;
  const bool api = path == kApiPrefix || path.starts_with(std::string(kApiPrefix) + "/");
  if (api) {
    path.remove_prefix(kApiPrefix.size());
    if (path.empty()) path = "/";
  }
  internal::PathArgs args;
  const internal::Route* route = internal::MatchRoute(path, api, &args);
  if (route == nullptr) return std::string(raw);
  std::string query;
  auto keep = [&](std::string_view name) {
    std::optional<std::string> value = internal::QueryParam(target.query, name);
    if (!value.has_value()) return;
    query += query.empty() ? "?" : "&";
    query += name;
    query += "=";
    query += internal::UrlEncode(*value);
  };
  for (const internal::ParamSpec& spec : route->params) {
    if (spec.kind == internal::ParamKind::kId || spec.kind == internal::ParamKind::kLetter)
      continue;
    keep(spec.name);
  }
  keep("lang");
  return std::string(target.path) + query;
}

std::string CacheKey(const Request& request, bool gzip, store::Visibility ceiling) {
  // The ceiling first: a page rendered for one ceiling never answers a
  // reader of another.
  std::string key(1, static_cast<char>('0' + static_cast<int>(ceiling)));
  key += request.target;
  key.push_back('\x1f');
  key.append(internal::LangCode(internal::NegotiateLang(request.accept_language)));
  key.push_back(gzip ? 'z' : '-');
  // A person page cites the day it was read: pages are kept for one day.
  key.append(internal::TodayIso());
  return key;
}

// The path and query with any "lang" parameter removed, for the language
// switch links.
std::string WithoutLang(std::string_view path, std::string_view query) {
  std::string out(path);
  std::string kept;
  size_t pos = 0;
  while (pos <= query.size() && !query.empty()) {
    size_t end = query.find('&', pos);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(pos, end - pos);
    if (!pair.empty() && !pair.starts_with("lang=") && pair != "lang") {
      if (!kept.empty()) kept.push_back('&');
      kept.append(pair);
    }
    pos = end + 1;
  }
  if (!kept.empty()) out += "?" + kept;
  return out;
}

// Adds "field" to the Vary header, making one if there is none.
void AddVary(Response* response, std::string_view field) {
  for (auto& [name, value] : response->headers) {
    if (name != "Vary") continue;
    value = std::string(field) + ", " + value;
    return;
  }
  response->headers.emplace_back("Vary", std::string(field));
}

}  // namespace memoria::web::internal
