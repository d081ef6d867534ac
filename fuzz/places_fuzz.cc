// Feeds any bytes, one place per line, to the place parser and authority:
// ParsePlace must return at most kMaxUnits units with valid UTF-8 keys, and
// every unit of the authority built from the lines must be found again by
// its own path (Find(Path(u)) holds u).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "places/authority.h"
#include "places/places.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace p = memoria::places;
  const std::string_view text(reinterpret_cast<const char*>(data), size > 8192 ? 8192 : size);
  p::Authority::Builder builder;
  for (size_t start = 0; start <= text.size();) {
    const size_t end = std::min(text.find('\n', start), text.size());
    p::ParsedPlace place = p::ParsePlace(text.substr(start, end - start));
    if (place.units.size() > p::kMaxUnits) std::abort();
    for (const p::Unit& u : place.units) {
      if (u.key.empty() || !memoria::IsValidUtf8(u.key) || !memoria::IsValidUtf8(u.written)) {
        std::abort();
      }
    }
    builder.Add(std::move(place));
    start = end + 1;
  }
  const p::Authority a = std::move(builder).Build();
  for (p::Authority::UnitId id = 0; id < static_cast<p::Authority::UnitId>(a.size()); ++id) {
    if (!a.IsLive(id)) continue;
    const std::vector<p::Authority::UnitId> found = a.Find(a.Path(id));
    if (std::find(found.begin(), found.end(), id) == found.end()) std::abort();
  }
  return 0;
}
