// Feeds arbitrary bytes through CsvReader as CSV and as TSV with small limits,
// checking that every returned record respects the limits and is valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "ingest/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using memoria::ingest::CsvOptions;
  const std::string input(reinterpret_cast<const char*>(data), size);
  for (CsvOptions options : {CsvOptions::Csv(), CsvOptions::Tsv()}) {
    options.max_field_bytes = 16;
    options.max_record_bytes = 64;
    options.max_fields = 8;
    auto reader = memoria::ingest::CsvReader::FromString(input, options);
    std::vector<std::string_view> fields;
    // Every call consumes at least one byte, ends the input or repeats a sticky error.
    for (size_t calls = 0; calls <= size + 1; ++calls) {
      memoria::Result<bool> more = reader->Next(&fields);
      if (more.ok() && !*more) break;
      if (reader->bytes_read() > size) __builtin_trap();
      if (!more.ok()) continue;
      if (fields.empty() || fields.size() > options.max_fields) __builtin_trap();
      for (std::string_view f : fields) {
        if (f.size() > options.max_field_bytes || !memoria::IsValidUtf8(f)) __builtin_trap();
      }
    }
  }
  return 0;
}
