// Last Address: the buildings of a street (present or historic name) with
// their residents, an SVG map, and the same buildings as GeoJSON.
#include "core/text.h"
#include "web/internal/pages.h"
#include "web/internal/pages_common.h"
#include "web/internal/svg.h"
#include "web/internal/url.h"

namespace memoria::web {
namespace {

using query::AddressIndex;
using internal::Json;

Result<Json> BuildingModel(const RequestContext& ctx, const AddressIndex::Building& b) {
  Json j = ObjectWithRoom(16);
  j["address"] = b.address;
  j["house"] = b.house;
  j["count"] = static_cast<int64_t>(b.residents.size());
  if (b.has_point) {
    j["has_point"] = true;
    j["lat"] = b.lat;
    j["lon"] = b.lon;
  }
  std::vector<int64_t> ids;
  for (const auto& r : b.residents) ids.push_back(r.person_id);
  MEMORIA_ASSIGN_OR_RETURN(std::vector<store::PersonSummary> summaries, ctx.reader->Summaries(ids));
  Json persons = Json::array();
  for (const store::PersonSummary& s : summaries) {
    Json p = internal::SummaryModel(ctx, s);
    for (const auto& r : b.residents) {
      if (r.person_id == s.id) p["as_written"] = r.as_written;
    }
    persons.push_back(std::move(p));
  }
  j["persons"] = std::move(persons);
  return j;
}

// The map of the mapped buildings: always the SVG; with a tile server, the
// tile map too, which needs this page's own Content-Security-Policy.
void AddMap(const RequestContext& ctx, const std::vector<AddressIndex::Building>& mapped,
            Page* page) {
  Json& m = page->model;
  m["has_points"] = true;
  m["geojson_url"] = "/api/v1/address.geojson?q=" + internal::UrlEncode(ctx.Param("q"));
  if (ctx.api) return;
  m["map_svg"] = internal::MapSvg(mapped);
  const MapConfig& map = ctx.site->map();
  if (map.tiles.empty()) return;
  m["tilemap"] = {
      {"tiles", map.tiles}, {"attribution", map.attribution}, {"geojson", m["geojson_url"]}};
  // Only this page runs a script (this server's) and shows images from the
  // tile host.
  page->headers.emplace_back(
      "Content-Security-Policy",
      "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; "
      "img-src 'self' data: " +
          map.tile_origin + "; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
}

}  // namespace

Page AddressPage(const RequestContext& ctx) {
  Page page;
  page.view = "address";
  page.title = ctx.t().Get("address_title");
  Json& m = page.model;
  const std::string& q = ctx.Param("q");
  m["query"] = q;
  if (CollapseSpace(q).empty()) return page;
  Result<std::shared_ptr<const internal::Site::Indexes>> indexes = ctx.site->GetIndexes(ctx.reader);
  if (!indexes.ok()) return StatusModel(ctx, indexes.status());
  const AddressIndex::Answer answer = (*indexes)->addresses.Find(q);
  page.title += ": " + q;
  m["searched"] = true;
  m["streets"] = answer.street_names;
  m["has_streets"] = !answer.street_names.empty();
  Json buildings = Json::array();
  std::vector<AddressIndex::Building> mapped;
  for (const AddressIndex::Building& b : answer.buildings) {
    Result<Json> j = BuildingModel(ctx, b);
    if (!j.ok()) return StatusModel(ctx, j.status());
    buildings.push_back(std::move(j).value());
    if (b.has_point) mapped.push_back(b);
  }
  m["has_buildings"] = !buildings.empty();
  m["buildings"] = std::move(buildings);
  if (!mapped.empty()) AddMap(ctx, mapped, &page);
  return page;
}

Result<Response> AddressGeoJson(const RequestContext& ctx) {
  const std::string& q = ctx.Param("q");
  MEMORIA_ASSIGN_OR_RETURN(std::shared_ptr<const internal::Site::Indexes> indexes,
                           ctx.site->GetIndexes(ctx.reader));
  std::vector<AddressIndex::Building> buildings =
      CollapseSpace(q).empty() ? indexes->addresses.Mapped() : indexes->addresses.Find(q).buildings;
  Json features = Json::array();
  for (const AddressIndex::Building& b : buildings) {
    if (!b.has_point) continue;
    Json ids = Json::array();
    for (const auto& r : b.residents) ids.push_back(r.person_id);
    features.push_back({{"type", "Feature"},
                        {"geometry", {{"type", "Point"}, {"coordinates", {b.lon, b.lat}}}},
                        {"properties",
                         {{"address", b.address},
                          {"persons", static_cast<int64_t>(b.residents.size())},
                          {"person_ids", std::move(ids)}}}});
  }
  Json fc = {{"type", "FeatureCollection"}, {"features", std::move(features)}};
  Response r;
  r.content_type = "application/geo+json; charset=utf-8";
  r.body = fc.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
  return r;
}

}  // namespace memoria::web
