// Feeds arbitrary bytes to the register snapshot reader under both profiles
// (the strict foreign-agents one and a mapped one), and, for a snapshot it
// accepts, through the history builder: every accepted row has one value per
// column, valid UTF-8, and a unique non-empty number.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "core/text.h"
#include "registers/registers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace memoria::registers;
  static const Profile kMapped = MappedProfileFromJson(R"({"delimiter": ";", "optional": ["c"],
        "columns": {"n": "number", "a": "name", "d": "included", "c": "grounds"}})",
                                                       "fuzz")
                                     .value();
  const std::string input(reinterpret_cast<const char*>(data), size);
  for (const Profile& profile : {ForeignAgentsProfile(), kMapped}) {
    memoria::Result<ParsedSnapshot> s = ParseSnapshot(input, profile);
    if (!s.ok()) continue;
    std::set<std::string> numbers;
    for (const SnapshotRow& row : s->rows) {
      if (row.values.size() != s->headers.size()) __builtin_trap();
      for (const std::string& v : row.values) {
        if (!memoria::IsValidUtf8(v)) __builtin_trap();
      }
      const std::string& number = row.values[s->number_column];
      if (number.empty() || !numbers.insert(number).second) __builtin_trap();
    }
    HistoryBuilder builder;
    memoria::store::SnapshotInfo info;
    info.id = 1;
    info.as_of_day = 20240101;
    if (!builder.Add(info, *s).ok()) __builtin_trap();
    if (builder.Finish().entries.size() != s->rows.size()) __builtin_trap();
  }
  return 0;
}
