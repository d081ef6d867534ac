// Feeds any bytes, one place per line, to the place parser and authority:
// ParsePlace must return at most kMaxUnits units with valid UTF-8 keys;
// every line must be found again by reading its own text (FindByReading of
// the line holds the unit it ends at), and every unit by its path.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/text.h"
#include "places/authority.h"
#include "places/places.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace p = memoria::places;
  const std::string_view text(reinterpret_cast<const char*>(data), size > 8192 ? 8192 : size);
  p::Authority::Builder builder;
  std::vector<std::pair<size_t, std::string_view>> lines;
  for (size_t start = 0; start <= text.size();) {
    const size_t end = std::min(text.find('\n', start), text.size());
    p::ParsedPlace place = p::ParsePlace(text.substr(start, end - start));
    if (place.units.size() > p::kMaxUnits) std::abort();
    for (const p::Unit& u : place.units) {
      if (u.key.empty() || !memoria::IsValidUtf8(u.key) || !memoria::IsValidUtf8(u.written)) {
        std::abort();
      }
    }
    lines.emplace_back(builder.Add(std::move(place)), text.substr(start, end - start));
    start = end + 1;
  }
  const p::Authority a = std::move(builder).Build();
  for (const auto& [handle, line] : lines) {
    const p::Authority::UnitId leaf = a.LeafOf(handle);
    if (leaf == p::Authority::kNone) continue;
    const std::vector<p::Authority::UnitId> found = a.FindByReading(line);
    if (std::find(found.begin(), found.end(), leaf) == found.end()) std::abort();
  }
  for (p::Authority::UnitId id = 0; id < static_cast<p::Authority::UnitId>(a.size()); ++id) {
    if (!a.IsLive(id)) continue;
    const std::vector<p::Authority::UnitId> found = a.Find(a.Path(id));
    if (std::find(found.begin(), found.end(), id) == found.end()) std::abort();
  }
  return 0;
}
