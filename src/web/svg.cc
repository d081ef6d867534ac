#include "web/internal/svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/text.h"

namespace memoria::web::internal {
namespace {

std::string Num(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// The width a year label may take, in the chart's units.
constexpr double kTickWidth = 36;

}  // namespace

std::string ChartSvg(const std::vector<store::MonthCount>& months, const std::string& title,
                     int32_t first, int32_t last) {
  auto index = [&](int32_t m) { return (m / 100 - first / 100) * 12 + (m % 100 - 1); };
  const int n = index(last) + 1;
  int64_t max_a = 1, max_e = 1;
  for (const store::MonthCount& m : months) {
    max_a = std::max(max_a, m.arrests);
    max_e = std::max(max_e, m.executions);
  }
  const int64_t max_v = std::max(max_a, max_e);
  const double width = 720, half = 90, bar = width / std::max(n, 1);
  std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 720 210\" role=\"img\""
      " aria-labelledby=\"chart-title\"><title id=\"chart-title\">";
  AppendHtmlEscaped(title, &svg);
  svg += "</title><line x1=\"0\" y1=\"100\" x2=\"720\" y2=\"100\" class=\"axis\"/>";
  for (const store::MonthCount& m : months) {
    const double x = index(m.month) * bar;
    if (m.arrests > 0) {
      const double h = half * static_cast<double>(m.arrests) / static_cast<double>(max_v);
      svg += "<rect class=\"arrests\" x=\"" + Num(x, 1) + "\" y=\"" + Num(100 - h, 1) +
             "\" width=\"" + Num(std::max(bar - 0.5, 0.5), 2) + "\" height=\"" + Num(h, 1) + "\"/>";
    }
    if (m.executions > 0) {
      const double h = half * static_cast<double>(m.executions) / static_cast<double>(max_v);
      svg += "<rect class=\"executions\" x=\"" + Num(x, 1) + "\" y=\"100\" width=\"" +
             Num(std::max(bar - 0.5, 0.5), 2) + "\" height=\"" + Num(h, 1) + "\"/>";
    }
  }
  // Year ticks: at most ~12 labels.
  const int years = last / 100 - first / 100 + 1;
  const int step = std::max(1, (years + 11) / 12);
  for (int y = first / 100; y <= last / 100; y += step) {
    // A label starts at its January; one that would run past the right
    // edge (four digits are about 30 units wide) ends at the edge instead.
    const double x = index(y * 100 + 1) * bar;
    const bool at_edge = x > width - kTickWidth;
    svg += "<text x=\"" + Num(at_edge ? width : x, 1) + "\" y=\"205\" class=\"tick\"" +
           (at_edge ? " text-anchor=\"end\"" : "") + ">" + std::to_string(y) + "</text>";
  }
  svg += "</svg>";
  return svg;
}

std::string MapSvg(const std::vector<query::AddressIndex::Building>& buildings) {
  double min_lat = 90, max_lat = -90, min_lon = 180, max_lon = -180;
  for (const auto& b : buildings) {
    min_lat = std::min(min_lat, b.lat);
    max_lat = std::max(max_lat, b.lat);
    min_lon = std::min(min_lon, b.lon);
    max_lon = std::max(max_lon, b.lon);
  }
  // Centred on the buildings' middle; at least about 200 m across, so that
  // one building (or one block) sits in the middle, not in a corner. The
  // longitude is scaled by the latitude's cosine: enough for one city.
  const double k = std::cos((min_lat + max_lat) / 2 * 3.14159265358979 / 180);
  const double mid_lon = (min_lon + max_lon) / 2, mid_lat = (min_lat + max_lat) / 2;
  const double span = std::max({(max_lon - min_lon) * k, max_lat - min_lat, 0.002});
  const double scale = 380 / span;
  std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"-10 -10 400 400\" role=\"img\">";
  for (const auto& b : buildings) {
    const double x = 190 + (b.lon - mid_lon) * k * scale, y = 190 - (b.lat - mid_lat) * scale;
    svg += "<circle cx=\"" + Num(x, 1) + "\" cy=\"" + Num(y, 1) + "\" r=\"" +
           Num(3 + std::min<double>(8, static_cast<double>(b.residents.size())), 1) + "\"><title>";
    AppendHtmlEscaped(b.address, &svg);
    svg += " (" + std::to_string(b.residents.size()) + ")</title></circle>";
  }
  svg += "</svg>";
  return svg;
}

}  // namespace memoria::web::internal
