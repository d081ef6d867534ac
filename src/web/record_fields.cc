// The fields of a record's raw JSON text (web/internal/record_fields.h).
#include "web/internal/record_fields.h"

#include <nlohmann/json.hpp>

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

}  // namespace

std::optional<std::vector<RecordField>> RecordFields(const std::string& raw) {
  std::vector<RecordField> fields;
  fields.reserve(48);
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
