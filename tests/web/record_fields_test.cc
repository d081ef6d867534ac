#include "web/internal/record_fields.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace memoria::web::internal {
namespace {

using Json = nlohmann::ordered_json;

// The fields as the person page read them before RecordFields: the whole
// object parsed, then each value's text.
std::optional<std::vector<RecordField>> ByDom(const std::string& raw) {
  const Json parsed = Json::parse(raw, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) return std::nullopt;
  std::vector<RecordField> out;
  for (const auto& [key, value] : parsed.items()) {
    std::string text = value.is_string() ? value.get<std::string>()
                       : value.is_null()
                           ? ""
                           : value.dump(-1, ' ', false, Json::error_handler_t::replace);
    out.emplace_back(key, std::move(text));
  }
  return out;
}

TEST(RecordFieldsTest, FlatRecordsAreReadAsTheParsedObjectWouldBe) {
  const std::vector<std::string> cases = {
      R"({"surname":"Эпштейн","name":"Хаим","age":"None","empty":""})",
      R"({})",
      R"( { "a" : "x\"y\\z\n\u00e9\ud83d\ude00" } )",
      R"({"n":42,"neg":-7,"big":18446744073709551615,"f":1.5,"e":1e5,"t":0.1,"b":true,"c":false,"z":null})",
      R"({"nested":{"a":1},"after":"x"})",
      R"({"list":[1,"two",null],"after":"x"})",
      R"({"k":"first","other":"o","k":"last"})",
      R"({"a":"x"} trailing)",
      R"({"a":"x")",
      R"(["a","b"])",
      R"("just a string")",
      R"(17)",
      "",
      "{\"bad\":\"\xff\"}",
      "{\"ok\":\"Ёж\"}",
  };
  for (const std::string& raw : cases) {
    EXPECT_EQ(RecordFields(raw), ByDom(raw)) << raw;
  }
}

TEST(RecordFieldsTest, ARepeatedKeyKeepsItsFirstPlaceAndItsLastValue) {
  auto fields = RecordFields(R"({"k":"first","other":"o","k":"last"})");
  ASSERT_TRUE(fields.has_value());
  ASSERT_EQ(fields->size(), 2u);
  EXPECT_EQ((*fields)[0], RecordField("k", "last"));
  EXPECT_EQ((*fields)[1], RecordField("other", "o"));
  EXPECT_FALSE(RecordFields("not json").has_value());
}

}  // namespace
}  // namespace memoria::web::internal
