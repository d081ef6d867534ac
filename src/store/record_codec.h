// The compact encoding of a source record's fields (docs/formats/schema.md,
// "Packed records"). A file's column names are stored once, as a record
// layout; each record then keeps only its values, in column order. The
// record's canonical content, the JSON object pairing every column name with
// its value, is rebuilt from the two on reading, byte for byte what an
// unpacked record stores in records.raw, and its SHA-256 is the record's
// content hash either way.
//
// Encoding: the fields one after another, each as an unsigned LEB128 varint
// "code" and then, for code >= 2, code - 2 bytes of the value. Code 0 is the
// empty value and code 1 the value "None" (the sources' own word for an empty
// field, frequent enough to get one byte). The number of fields is the
// layout's number of columns.
//
// Thread safety: pure functions.
#ifndef MEMORIA_STORE_RECORD_CODEC_H_
#define MEMORIA_STORE_RECORD_CODEC_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace memoria::store {

// Appends the encoding of "fields" to *out (which is not cleared).
void PackFields(std::span<const std::string_view> fields, std::string* out);
void PackFields(std::span<const std::string> fields, std::string* out);

// The encoding's unsigned LEB128 varint (also the dictionary id of a
// compressed record, store/internal/record_dictionary.h): AppendVarint
// appends "v"; ReadVarint reads one at *at and moves *at past it, false
// when the input ends inside it or it is longer than 9 bytes.
void AppendVarint(uint64_t v, std::string* out);
bool ReadVarint(std::string_view in, size_t* at, uint64_t* v);

// Decodes "packed" into its fields; the views point into "packed" (or at
// static text for "None") and live as long as it does. Returns kDataLoss
// when the encoding is cut short. The caller checks the count against the
// record's layout.
Result<std::vector<std::string_view>> UnpackFields(std::string_view packed);

// Writes the canonical content of a record: {"c0":"v0","c1":"v1",...} with
// every name and value JSON-escaped, pairing columns[i] with fields[i] for
// i below the smaller of the two counts. *out is cleared first.
void RecordJson(std::span<const std::string> columns, std::span<const std::string_view> fields,
                std::string* out);
void RecordJson(std::span<const std::string_view> columns, std::span<const std::string_view> fields,
                std::string* out);

// The canonical content of a packed record from its layout's packed column
// names and its packed values. Returns kDataLoss when either is damaged or
// their counts differ.
Status PackedRecordJson(std::string_view packed_columns, std::string_view packed, std::string* out);

}  // namespace memoria::store

#endif  // MEMORIA_STORE_RECORD_CODEC_H_
