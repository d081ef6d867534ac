#include "store/record_codec.h"

#include "core/text.h"
#include "store/internal/record_dictionary.h"

namespace memoria::store {

namespace {

constexpr std::string_view kNone = "None";

template <typename Field>
void Pack(std::span<const Field> fields, std::string* out) {
  for (const Field& f : fields) {
    const std::string_view v(f);
    if (v.empty()) {
      out->push_back('\0');
    } else if (v == kNone) {
      out->push_back('\1');
    } else {
      AppendVarint(static_cast<uint64_t>(v.size()) + 2, out);
      out->append(v);
    }
  }
}

template <typename Column>
void Json(std::span<const Column> columns, std::span<const std::string_view> fields,
          std::string* out) {
  out->clear();
  out->push_back('{');
  for (size_t i = 0; i < fields.size() && i < columns.size(); ++i) {
    if (i > 0) out->push_back(',');
    out->push_back('"');
    AppendJsonEscaped(std::string_view(columns[i]), out);
    out->append("\":\"");
    AppendJsonEscaped(fields[i], out);
    out->push_back('"');
  }
  out->push_back('}');
}

}  // namespace

void AppendVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

bool ReadVarint(std::string_view in, size_t* at, uint64_t* v) {
  *v = 0;
  for (int shift = 0; shift <= 56; shift += 7) {
    if (*at >= in.size()) return false;
    const auto byte = static_cast<unsigned char>(in[(*at)++]);
    *v |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

void PackFields(std::span<const std::string_view> fields, std::string* out) { Pack(fields, out); }
void PackFields(std::span<const std::string> fields, std::string* out) { Pack(fields, out); }

Result<std::vector<std::string_view>> UnpackFields(std::string_view packed) {
  std::vector<std::string_view> fields;
  size_t at = 0;
  while (at < packed.size()) {
    uint64_t code = 0;
    if (!ReadVarint(packed, &at, &code)) {
      return DataLossError("packed record: a field length is cut short at byte " +
                           std::to_string(at));
    }
    if (code == 0) {
      fields.emplace_back();
    } else if (code == 1) {
      fields.push_back(kNone);
    } else {
      const uint64_t size = code - 2;
      if (size > packed.size() - at) {
        return DataLossError("packed record: field " + std::to_string(fields.size() + 1) +
                             " runs past the end");
      }
      fields.push_back(packed.substr(at, size));
      at += size;
    }
  }
  return fields;
}

void RecordJson(std::span<const std::string> columns, std::span<const std::string_view> fields,
                std::string* out) {
  Json(columns, fields, out);
}

void RecordJson(std::span<const std::string_view> columns, std::span<const std::string_view> fields,
                std::string* out) {
  Json(columns, fields, out);
}

Status PackedRecordJson(std::string_view packed_columns, std::string_view packed,
                        std::string* out) {
  if (IsCompressedRecord(packed)) {
    return DataLossError("packed record: compressed, and read without the archive's dictionaries");
  }
  MEMORIA_ASSIGN_OR_RETURN(std::vector<std::string_view> columns, UnpackFields(packed_columns));
  MEMORIA_ASSIGN_OR_RETURN(std::vector<std::string_view> fields, UnpackFields(packed));
  if (columns.size() != fields.size()) {
    return DataLossError("packed record: " + std::to_string(fields.size()) +
                         " fields for a layout of " + std::to_string(columns.size()) + " columns");
  }
  RecordJson(std::span<const std::string_view>(columns), fields, out);
  return Status();
}

}  // namespace memoria::store
