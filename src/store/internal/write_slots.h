// Internal to store/: what the write paths of WriteTransaction share
// (write.cc, one fact at a time; write_bulk.cc, an import's many rows at
// once): the slots of the store's statement cache and the script of a name.
#ifndef MEMORIA_STORE_INTERNAL_WRITE_SLOTS_H_
#define MEMORIA_STORE_INTERNAL_WRITE_SLOTS_H_

#include <string_view>

namespace memoria::store::write_internal {

// Slots of the store's statement cache.
namespace slots {
enum Slot {
  kFindSource,
  kInsertSource,
  kInsertBatch,
  kFinishBatch,
  kInsertRecord,
  kInsertPerson,
  kLinkRecord,
  kFindByExternal,
  kInsertName,
  kInsertEvent,
  kInsertAttribute,
  kRecordBatch,
  kInsertPlace,
  kInsertPlaceName,
  kFindPlace,
  kInsertClaim,
  kBumpData,
  kBumpNames,
  kBumpRemoved,
  kFindBatchBySha,
  kRetractBatch,
  kFindLayout,
  kInsertLayout,
  kInsertPackedRecord,
  kFindRecordDict,
  kInsertRecordDict,
  // Multi-row inserts: one slot per row count, 1 .. kRowsPerInsert.
  kInsertNames,
  kInsertEvents = kInsertNames + 16,
  kInsertAttributes = kInsertEvents + 16,
  kInsertPersons = kInsertAttributes + 16,
  kInsertLinks = kInsertPersons + 16,
};
}  // namespace slots

// Rows per multi-row INSERT of AddFacts (the slots above hold 16).
inline constexpr int kRowsPerInsert = 16;

inline const char* ScriptOf(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = s[i];
    if (c == 0xD0 || c == 0xD1 || c == 0xD2 || c == 0xD3) return "Cyrl";
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) return "Latn";
  }
  return "";
}

}  // namespace memoria::store::write_internal

#endif  // MEMORIA_STORE_INTERNAL_WRITE_SLOTS_H_
