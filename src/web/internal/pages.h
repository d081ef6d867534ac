// The handlers of the website and its JSON API. Each answers a request with
// a Page: a model (the JSON object /api/v1/ returns) and the template that
// renders it as HTML. Every handler reads the archive through the request's
// public Reader only.
//
// Thread safety: a handler uses its context's Reader, so one thread at a
// time per context.
#ifndef MEMORIA_WEB_INTERNAL_PAGES_H_
#define MEMORIA_WEB_INTERNAL_PAGES_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "store/reader.h"
#include "web/internal/i18n.h"
#include "web/internal/site.h"
#include "web/server.h"

namespace memoria::web {

struct RequestContext {
  internal::Lang lang = internal::kDefaultLang;
  bool lang_explicit = false;
  bool api = false;   // under /api/v1/: answer with the model as JSON
  std::string path;   // as requested (with /api/v1)
  std::string query;  // raw query string
  std::string self;   // path?query without lang
  store::Reader* reader = nullptr;
  internal::Site* site = nullptr;

  const internal::Catalog& t() const { return internal::CatalogFor(lang); }
  // A link to a page of the site: "path" plus ?lang= when the visitor chose
  // one ("path" may already have a query).
  std::string Link(std::string_view path_and_query) const;
};

// An empty JSON object with room for "keys" members. ordered_json keeps its
// members in a vector of pair<const string, json>, whose growth copies (not
// moves) every member already there, nested lists included: a model built
// key by key should start with room for all its keys.
inline nlohmann::ordered_json ObjectWithRoom(size_t keys) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  j.get_ref<nlohmann::ordered_json::object_t&>().reserve(keys);
  return j;
}

struct Page {
  int status = 200;
  std::string view;  // template name
  std::string title;
  nlohmann::ordered_json model = ObjectWithRoom(48);
  std::vector<std::pair<std::string, std::string>> headers;
};

// "path" is the path without /api/v1.
Page RoutePage(const RequestContext& ctx, std::string_view path);
Page ErrorModel(const RequestContext& ctx, int status, std::string_view message);
Page StatusModel(const RequestContext& ctx, const Status& status);
// The public archive as JSON Lines (one person per line, as
// export::PersonJson) or CSV (one name per row), streamed without a cap.
Response ExportStream(const RequestContext& ctx, std::string_view format);
// GeoJSON FeatureCollection of the buildings an address query finds (every
// mapped building without ?q=).
Result<std::string> AddressGeoJson(const RequestContext& ctx);

}  // namespace memoria::web

#endif  // MEMORIA_WEB_INTERNAL_PAGES_H_
