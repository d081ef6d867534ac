#include "ledger/canonical_json.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace memoria::ledger {

namespace {

// Decodes "s" as UTF-8 into UTF-16 code units (for the sort of member
// names); false when it is not valid UTF-8.
bool Utf16Units(std::string_view s, std::u16string* out) {
  out->clear();
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    uint32_t cp = 0;
    size_t n = 0;
    if (c < 0x80) {
      cp = c;
      n = 1;
    } else if ((c & 0xE0) == 0xC0) {
      cp = c & 0x1F;
      n = 2;
    } else if ((c & 0xF0) == 0xE0) {
      cp = c & 0x0F;
      n = 3;
    } else if ((c & 0xF8) == 0xF0) {
      cp = c & 0x07;
      n = 4;
    } else {
      return false;
    }
    if (i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      const unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out->push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out->push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out->push_back(static_cast<char16_t>(cp));
    }
    i += n;
  }
  return true;
}

Status WriteString(std::string_view s, std::string* out) {
  std::u16string units;
  if (!Utf16Units(s, &units)) return InvalidArgumentError("canonical JSON: a string is not UTF-8");
  out->push_back('"');
  static constexpr char kHex[] = "0123456789abcdef";
  for (char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (c < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 0xF]);
        } else {
          out->push_back(ch);
        }
    }
  }
  out->push_back('"');
  return Status();
}

Status Write(const nlohmann::json& v, std::string* out) {
  switch (v.type()) {
    case nlohmann::json::value_t::null:
      out->append("null");
      return Status();
    case nlohmann::json::value_t::boolean:
      out->append(v.get<bool>() ? "true" : "false");
      return Status();
    case nlohmann::json::value_t::number_integer:
      out->append(std::to_string(v.get<int64_t>()));
      return Status();
    case nlohmann::json::value_t::number_unsigned:
      out->append(std::to_string(v.get<uint64_t>()));
      return Status();
    case nlohmann::json::value_t::number_float: {
      const double d = v.get<double>();
      if (!std::isfinite(d) || d != std::trunc(d) || std::fabs(d) >= 9007199254740992.0) {
        return InvalidArgumentError("canonical JSON: the ledger holds integers only");
      }
      out->append(std::to_string(static_cast<int64_t>(d)));
      return Status();
    }
    case nlohmann::json::value_t::string:
      return WriteString(v.get_ref<const std::string&>(), out);
    case nlohmann::json::value_t::array: {
      out->push_back('[');
      bool first = true;
      for (const auto& item : v) {
        if (!first) out->push_back(',');
        first = false;
        MEMORIA_RETURN_IF_ERROR(Write(item, out));
      }
      out->push_back(']');
      return Status();
    }
    case nlohmann::json::value_t::object: {
      // RFC 8785 3.2.3: members sorted by their names' UTF-16 code units,
      // which differs from UTF-8 byte order past the BMP.
      std::vector<std::pair<std::u16string, const std::string*>> keys;
      keys.reserve(v.size());
      for (auto it = v.begin(); it != v.end(); ++it) {
        std::u16string units;
        if (!Utf16Units(it.key(), &units)) {
          return InvalidArgumentError("canonical JSON: a member name is not UTF-8");
        }
        keys.emplace_back(std::move(units), &it.key());
      }
      std::sort(keys.begin(), keys.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      out->push_back('{');
      bool first = true;
      for (const auto& [units, key] : keys) {
        if (!first) out->push_back(',');
        first = false;
        MEMORIA_RETURN_IF_ERROR(WriteString(*key, out));
        out->push_back(':');
        MEMORIA_RETURN_IF_ERROR(Write(v.at(*key), out));
      }
      out->push_back('}');
      return Status();
    }
    case nlohmann::json::value_t::binary:
    case nlohmann::json::value_t::discarded:
      break;
  }
  return InvalidArgumentError("canonical JSON: a value JSON cannot hold");
}

}  // namespace

Result<std::string> CanonicalJson(const nlohmann::json& value) {
  std::string out;
  MEMORIA_RETURN_IF_ERROR(Write(value, &out));
  return out;
}

}  // namespace memoria::ledger
