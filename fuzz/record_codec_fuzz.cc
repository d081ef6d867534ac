// Feeds arbitrary bytes to the readers of stored records: the packed
// encoding (store/record_codec.h) and the compressed form
// (store/internal/record_dictionary.h). Whatever decodes packs back to the
// same fields; whatever is compressed decompresses to the same bytes; a
// damaged frame is an error, never a crash or an overlong output.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "store/internal/record_dictionary.h"
#include "store/record_codec.h"

namespace {

const std::string& Dictionary() {
  static const std::string* dict = [] {
    std::vector<std::string> samples;
    for (int i = 0; i < 2000; ++i) {
      const std::vector<std::string> fields = {
          std::to_string(i), i % 2 == 0 ? "Иванов Иван Иванович" : "Петрова Анна Сергеевна",
          "Калининская обл., г. Кашин", i % 3 == 0 ? "расстрелян" : "None", ""};
      std::string packed;
      memoria::store::PackFields(std::span<const std::string>(fields), &packed);
      samples.push_back(std::move(packed));
    }
    return new std::string(memoria::store::TrainRecordDictionary(samples));
  }();
  return *dict;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace memoria::store;
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::string& dict = Dictionary();
  if (dict.empty()) __builtin_trap();
  // The packed encoding.
  memoria::Result<std::vector<std::string_view>> fields = UnpackFields(input);
  if (fields.ok()) {
    std::string again;
    PackFields(std::span<const std::string_view>(*fields), &again);
    memoria::Result<std::vector<std::string_view>> back = UnpackFields(again);
    if (!back.ok() || *back != *fields) __builtin_trap();
  }
  // The input as a stored compressed form (after the marker and an id).
  const std::string stored = std::string("\x80\x00\x01", 3) + input;
  memoria::Result<std::string> unpacked = UnpackWithDictionary(stored, dict);
  if (unpacked.ok() && unpacked->size() > kMaxRecordBytes) __builtin_trap();
  // The input compressed and read back.
  static auto* compressor = RecordCompressor::Create(1, dict).value().release();
  std::string compressed;
  if (!compressor->Compress(input, &compressed).ok()) __builtin_trap();
  memoria::Result<std::string> round = UnpackWithDictionary(compressed, dict);
  if (!round.ok() || *round != input) __builtin_trap();
  return 0;
}
