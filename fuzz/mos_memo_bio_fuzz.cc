// Feeds arbitrary bytes to the biography parser of the "Shot in Moscow" lists.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/mos_memo_bio.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  memoria::ingest::MosMemoBio bio = memoria::ingest::ParseMosMemoBio(text);
  (void)bio;
  return 0;
}
