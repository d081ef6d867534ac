// Feeds arbitrary bytes to the three date parsers. Every accepted date must
// have earliest <= latest within [kMinDay, kMaxDay] and must survive
// Parse(ToString()) unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/edtf.h"

namespace {

void CheckAccepted(const memoria::Result<memoria::Edtf>& parsed) {
  if (!parsed.ok()) return;
  const memoria::Edtf& e = *parsed;
  if (e.earliest_day() > e.latest_day() || e.earliest_day() < memoria::Edtf::kMinDay ||
      e.latest_day() > memoria::Edtf::kMaxDay) {
    std::abort();
  }
  const memoria::Result<memoria::Edtf> again = memoria::Edtf::Parse(e.ToString());
  if (!again.ok() || !(*again == e) || again->earliest_day() != e.earliest_day() ||
      again->latest_day() != e.latest_day() || again->uncertain() != e.uncertain() ||
      again->approximate() != e.approximate() || again->is_interval() != e.is_interval()) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  CheckAccepted(memoria::Edtf::Parse(text));
  CheckAccepted(memoria::EdtfFromMemorialDate(text));
  CheckAccepted(memoria::EdtfFromRussianText(text));
  return 0;
}
