// Russian collation keys through ICU (ucol), one collator per thread: a
// UCollator is not safe to share between threads for key building.

#include <unicode/ucol.h>
#include <unicode/ustring.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "names/names.h"

namespace memoria::names {
namespace {

struct CollatorCloser {
  void operator()(UCollator* c) const { ucol_close(c); }
};

UCollator* RussianCollator() {
  thread_local std::unique_ptr<UCollator, CollatorCloser> collator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UCollator, CollatorCloser> c(ucol_open("ru", &status));
    if (U_FAILURE(status)) return std::unique_ptr<UCollator, CollatorCloser>();
    ucol_setStrength(c.get(), UCOL_PRIMARY);
    return c;
  }();
  return collator.get();
}

}  // namespace

std::string CollationKey(std::string_view text) {
  UCollator* collator = RussianCollator();
  if (collator == nullptr) return std::string(text);  // no ICU data: code points
  std::vector<UChar> utf16(text.size() + 1);
  int32_t length = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strFromUTF8WithSub(utf16.data(), static_cast<int32_t>(utf16.size()), &length, text.data(),
                       static_cast<int32_t>(text.size()), 0xFFFD, nullptr, &status);
  if (U_FAILURE(status)) return std::string(text);
  std::string key(static_cast<size_t>(length) * 4 + 8, '\0');
  for (;;) {
    const int32_t needed =
        ucol_getSortKey(collator, utf16.data(), length, reinterpret_cast<uint8_t*>(key.data()),
                        static_cast<int32_t>(key.size()));
    if (needed <= static_cast<int32_t>(key.size())) {
      key.resize(needed > 0 ? static_cast<size_t>(needed - 1) : 0);  // drop the final 0
      return key;
    }
    key.resize(static_cast<size_t>(needed));
  }
}

}  // namespace memoria::names
