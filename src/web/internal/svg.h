// The SVG pictures the server draws into pages (no script needed): the home
// page's chart and the Last Address map. Numbers only, except the texts
// given, which are HTML-escaped.
//
// Thread safety: pure functions.
#ifndef MEMORIA_WEB_INTERNAL_SVG_H_
#define MEMORIA_WEB_INTERNAL_SVG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "store/reader.h"
#include "web/internal/site.h"

namespace memoria::web::internal {

// A bar chart of arrests (above the axis) and executions (below) per month
// from "first" to "last" (YYYYMM), titled "title".
std::string ChartSvg(const std::vector<store::MonthCount>& months, const std::string& title,
                     int32_t first, int32_t last);

// The buildings as circles on an equirectangular map of their extent (at
// least about 200 m across), each sized by its residents.
std::string MapSvg(const std::vector<query::AddressIndex::Building>& buildings);

}  // namespace memoria::web::internal

#endif  // MEMORIA_WEB_INTERNAL_SVG_H_
