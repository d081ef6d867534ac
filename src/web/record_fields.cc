// The fields of a record's raw JSON text (web/internal/record_fields.h).
#include "web/internal/record_fields.h"

#include <nlohmann/json.hpp>
#include <string_view>

#include "core/text.h"

namespace memoria::web::internal {
namespace {

using Json = nlohmann::ordered_json;

std::string FieldText(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Reads a flat object of scalars with distinct keys into *out; anything else
// (a nested value, a repeated key, text that is not JSON) stops the reading,
// and sax_parse returns false.
class FlatFields final : public nlohmann::json_sax<Json> {
 public:
  explicit FlatFields(std::vector<RecordField>* out) : out_(out) {}

  bool null() override { return Value(std::string()); }
  bool boolean(bool v) override { return Value(FieldText(Json(v))); }
  bool number_integer(number_integer_t v) override { return Value(FieldText(Json(v))); }
  bool number_unsigned(number_unsigned_t v) override { return Value(FieldText(Json(v))); }
  bool number_float(number_float_t v, const string_t& /*text*/) override {
    return Value(FieldText(Json(v)));
  }
  bool string(string_t& v) override { return Value(std::move(v)); }
  bool binary(binary_t& /*v*/) override { return false; }
  bool start_object(std::size_t /*size*/) override { return depth_++ == 0; }
  bool key(string_t& k) override {
    for (const RecordField& f : *out_) {
      if (f.first == k) return false;  // the object keeps the last value: parse it whole
    }
    out_->emplace_back(std::move(k), std::string());
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t /*size*/) override { return false; }
  bool end_array() override { return false; }
  bool parse_error(std::size_t /*position*/, const std::string& /*token*/,
                   const nlohmann::detail::exception& /*error*/) override {
    return false;
  }

 private:
  bool Value(std::string v) {
    if (depth_ != 1 || out_->empty()) return false;
    out_->back().second = std::move(v);
    return true;
  }

  std::vector<RecordField>* out_;
  int depth_ = 0;
};

// The common case read by hand: one object whose values are all strings or
// null, with distinct keys, in strict JSON (RFC 8259: the white space, the
// escapes, UTF-8 as RFC 3629 has it). Anything else (a number, a nested
// value, a repeated key, a byte order mark, text after the object, any
// error) returns false, and the text is read by nlohmann's parser, whose
// reading this one gives whenever it returns true.
class StringObjectReader {
 public:
  explicit StringObjectReader(std::string_view text) : s_(text) {}

  bool Read(std::vector<RecordField>* out) {
    SkipSpace();
    if (!Take('{')) return false;
    SkipSpace();
    if (Take('}')) return AtEnd();
    while (true) {
      std::string key;
      if (!String(&key)) return false;
      for (const RecordField& f : *out) {
        if (f.first == key) return false;
      }
      SkipSpace();
      if (!Take(':')) return false;
      SkipSpace();
      std::string value;
      if (Peek() == 'n') {
        if (s_.substr(i_, 4) != "null") return false;
        i_ += 4;
      } else if (!String(&value)) {
        return false;
      }
      out->emplace_back(std::move(key), std::move(value));
      SkipSpace();
      if (Take('}')) return AtEnd();
      if (!Take(',')) return false;
      SkipSpace();
    }
  }

 private:
  char Peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  bool Take(char c) {
    if (Peek() != c || i_ >= s_.size()) return false;
    ++i_;
    return true;
  }
  void SkipSpace() {
    while (i_ < s_.size() &&
           (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) {
      ++i_;
    }
  }
  bool AtEnd() {
    SkipSpace();
    return i_ == s_.size();
  }

  // Four hex digits after "\u".
  bool Hex4(uint32_t* cp) {
    if (s_.size() - i_ < 4) return false;
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[i_++];
      v <<= 4;
      if (c >= '0' && c <= '9') {
        v |= static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        v |= static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        v |= static_cast<uint32_t>(c - 'A' + 10);
      } else {
        return false;
      }
    }
    *cp = v;
    return true;
  }

  // One escape, the backslash read.
  bool Escape(std::string* out) {
    if (i_ >= s_.size()) return false;
    const char c = s_[i_++];
    switch (c) {
      case '"':
      case '\\':
      case '/':
        out->push_back(c);
        return true;
      case 'b':
        out->push_back('\b');
        return true;
      case 'f':
        out->push_back('\f');
        return true;
      case 'n':
        out->push_back('\n');
        return true;
      case 'r':
        out->push_back('\r');
        return true;
      case 't':
        out->push_back('\t');
        return true;
      case 'u':
        break;
      default:
        return false;
    }
    uint32_t cp = 0;
    if (!Hex4(&cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a low surrogate alone
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      uint32_t low = 0;
      if (s_.substr(i_, 2) != "\\u") return false;
      i_ += 2;
      if (!Hex4(&low) || low < 0xDC00 || low > 0xDFFF) return false;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    memoria::AppendUtf8(static_cast<char32_t>(cp), out);
    return true;
  }

  // A string: the runs between escapes are copied as they are, once they
  // are known to be UTF-8 without control characters.
  bool String(std::string* out) {
    if (!Take('"')) return false;
    while (true) {
      const size_t start = i_;
      while (i_ < s_.size() && s_[i_] != '"' && s_[i_] != '\\' &&
             static_cast<unsigned char>(s_[i_]) >= 0x20) {
        ++i_;
      }
      if (i_ >= s_.size() || static_cast<unsigned char>(s_[i_]) < 0x20) return false;
      const std::string_view run = s_.substr(start, i_ - start);
      if (!IsValidUtf8(run)) return false;
      out->append(run);
      if (s_[i_++] == '"') return true;
      if (!Escape(out)) return false;
    }
  }

  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

std::optional<std::vector<RecordField>> RecordFields(const std::string& raw) {
  std::vector<RecordField> fields;
  fields.reserve(48);
  if (StringObjectReader(raw).Read(&fields)) return fields;
  fields.clear();
  FlatFields reader(&fields);
  if (Json::sax_parse(raw, &reader)) return fields;
  fields.clear();
  Json parsed = Json::parse(raw, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) return std::nullopt;
  for (auto& [key, value] : parsed.get_ref<Json::object_t&>()) {
    fields.emplace_back(
        key, value.is_string() ? std::move(value.get_ref<std::string&>()) : FieldText(value));
  }
  return fields;
}

}  // namespace memoria::web::internal
