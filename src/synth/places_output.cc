// The places output of the corpus generator; see internal/places_output.h.
#include "synth/internal/places_output.h"

#include <cstdint>
#include <cstdio>
#include <ostream>
#include <string>
#include <unordered_map>
#include <vector>

#include "synth/generator.h"
#include "synth/internal/moscow.h"
#include "synth/internal/output.h"

namespace memoria::synth {

namespace internal {

uint32_t BuildingId(const MoscowBuilding& b) {
  return (static_cast<uint32_t>(b.street) << 17) | (static_cast<uint32_t>(b.number) << 1) |
         (b.letter ? 1u : 0u);
}

Status WriteBuildings(uint64_t seed, const std::vector<MoscowBuilding>& order,
                      const std::unordered_map<uint32_t, int64_t>& residents,
                      std::ostream* buildings) {
  std::string out = "street,house,records,longitude,latitude\n";
  char point[64];
  for (const internal::MoscowBuilding& b : order) {
    double lat = 0, lon = 0;
    internal::BuildingPoint(seed, b, &lat, &lon);
    out.append(internal::ListStreetName(internal::MoscowStreets()[b.street].modern, false));
    out.append(",д.").append(internal::HouseNumber(b)).push_back(',');
    AppendInt(residents.at(BuildingId(b)), &out);
    std::snprintf(point, sizeof point, ",%.6f,%.6f\n", lon, lat);
    out.append(point);
  }
  MEMORIA_RETURN_IF_ERROR(Write(out.data(), out.size(), buildings));
  buildings->flush();
  if (!buildings->good()) return DataLossError("synth: writing the buildings file failed");
  return Status::Ok();
}

}  // namespace internal

using internal::Write;

Status WriteStreetRenamings(std::ostream* csv) {
  if (csv == nullptr) return InvalidArgumentError("synth: no output stream");
  std::string out = "modern_name,old_name,both_names\n";
  for (const internal::MoscowStreet& s : internal::MoscowStreets()) {
    if (s.old.empty()) continue;
    out.append(s.modern).append(",").append(s.old).append(",");
    out.append(s.modern).append(" | ").append(s.old).append("\n");
  }
  MEMORIA_RETURN_IF_ERROR(Write(out.data(), out.size(), csv));
  csv->flush();
  if (!csv->good()) return DataLossError("synth: writing the renamings failed");
  return Status::Ok();
}

}  // namespace memoria::synth
