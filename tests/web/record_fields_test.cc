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

// Objects of strings and nulls are read by hand (record_fields.cc); the
// reading must be nlohmann's, or the text must go to nlohmann's parser.
TEST(RecordFieldsTest, ObjectsOfStringsAreReadAsTheParsedObjectWouldBe) {
  const std::vector<std::string> cases = {
      "{\"a\":null,\"b\" :null , \"c\":\"\"}",
      "\t\r\n{\t\"a\"\r:\n\"b\"\t}\r\n",
      R"({"e":"\"\\\/\b\f\n\r\t"})",
      R"({"u":"\u0041\u00e9\u00E9\u044F\u20AC\uffff"})",
      R"({"zero":"a\u0000b"})",
      R"({"pair":"\ud83d\ude00","upper":"\uD83D\uDE00"})",
      R"({"lone high":"\ud83d"})",
      R"({"lone high then text":"\ud83dx"})",
      R"({"high then high":"\ud83d\ud83d"})",
      R"({"lone low":"\ude00"})",
      R"({"bad hex":"\u12G4"})",
      R"({"short hex":"\u12"})",
      R"({"bad escape":"\x41"})",
      R"({"\u0061":"escaped key"})",
      R"({"a":"1","\u0061":"2"})",
      R"({"nul":nul})",
      R"({"nullx":nullx})",
      R"({"a":"x",})",
      R"({"a" "x"})",
      R"({"a":"x" "b":"y"})",
      R"({,"a":"x"})",
      R"({"a":"x"}})",
      R"({"a":"x"}   )",
      R"({"a":'x'})",
      R"({a:"x"})",
      "{\"tab\":\"a\tb\"}",
      "{\"newline\":\"a\nb\"}",
      "{\"del\":\"a\x7f b\"}",
      "\xEF\xBB\xBF{\"bom\":\"x\"}",
      "{\"overlong\":\"\xC0\x80\"}",
      "{\"surrogate bytes\":\"\xED\xA0\x80\"}",
      "{\"too high\":\"\xF4\x90\x80\x80\"}",
      "{\"cut\":\"\xD0\"}",
      "{\"cut before escape\":\"\xD0\\n\"}",
      "{\"four bytes\":\"\xF0\x9F\x98\x80\"}",
      "{\"a\":\"x\"}\x00",
      "{\"a\":\"x",
      "{\"a\":",
      "{\"a\"",
      "{",
      " ",
  };
  for (const std::string& raw : cases) {
    EXPECT_EQ(RecordFields(raw), ByDom(raw)) << raw;
  }
}

// Every text one byte away from a record's (a byte left out, or one of the
// bytes that matter to JSON put in), at every place.
TEST(RecordFieldsTest, TextsOneByteFromARecordAreReadAsTheParsedObjectWould) {
  const std::string record = R"({"person_id":"1123456","surname":"Домбровская","name":"Мария",)"
                             R"("esc":"a\"b\\c\u00e9\ud83d\ude00","none":null,"empty":""})";
  const std::string inserts[] = {"\"",   "\\",   "{",    "}", ",", ":", " ", "\n",
                                 "\x01", "\xD0", "\x80", "n", "u", "0", "[", "\xff"};
  std::vector<std::string> texts = {record};
  for (size_t i = 0; i <= record.size(); ++i) {
    if (i < record.size()) texts.push_back(record.substr(0, i) + record.substr(i + 1));
    for (const std::string& in : inserts) {
      texts.push_back(record.substr(0, i) + in + record.substr(i));
    }
  }
  for (const std::string& raw : texts) {
    ASSERT_EQ(RecordFields(raw), ByDom(raw)) << raw;
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
