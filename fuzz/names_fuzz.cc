// Feeds valid UTF-8 to the name functions: NormalizeNamePart must be
// idempotent, FoldForMatching too, and ParseName must return.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/text.h"
#include "names/names.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!memoria::IsValidUtf8(text)) return 0;
  const std::string once = memoria::names::NormalizeNamePart(text);
  if (memoria::names::NormalizeNamePart(once) != once) std::abort();
  const std::string folded = memoria::names::FoldForMatching(once);
  if (memoria::names::FoldForMatching(folded) != folded) std::abort();
  const memoria::names::ParsedName parsed = memoria::names::ParseName(text);
  if (!memoria::IsValidUtf8(parsed.surname) || !memoria::IsValidUtf8(parsed.given)) std::abort();
  return 0;
}
