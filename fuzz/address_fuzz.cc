// Feeds any bytes to the address functions: ParseAddress must return, give
// a non-empty street key equal to StreetKey of its street, and valid UTF-8;
// StreetKey must be idempotent.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "core/text.h"
#include "names/address.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::optional<memoria::names::ParsedAddress> a = memoria::names::ParseAddress(text);
  const std::string house = memoria::names::HouseKey(text);
  if (!memoria::IsValidUtf8(house)) std::abort();
  const std::string key = memoria::names::StreetKey(text);
  if (memoria::names::StreetKey(key) != key) std::abort();
  if (!a) return 0;
  if (a->street_key.empty() || a->street_key != memoria::names::StreetKey(a->street)) std::abort();
  if (!memoria::IsValidUtf8(a->street) || !memoria::IsValidUtf8(a->house)) std::abort();
  return 0;
}
