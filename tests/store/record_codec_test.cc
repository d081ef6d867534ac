#include "store/record_codec.h"

#include <cstdio>
#include <string>
#include <vector>

#include "testing/status_matchers.h"

namespace memoria::store {
namespace {

using ::memoria::testing::StatusIs;

std::vector<std::string_view> Views(const std::vector<std::string>& v) {
  return std::vector<std::string_view>(v.begin(), v.end());
}

// The canonical content as imports built it before packed records: every
// column name paired with its value, both JSON-escaped.
std::string ReferenceJson(const std::vector<std::string>& columns,
                          const std::vector<std::string>& fields) {
  std::string out = "{";
  auto escape = [&](const std::string& s) {
    for (unsigned char c : s) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
          } else {
            out += static_cast<char>(c);
          }
      }
    }
  };
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    escape(columns[i]);
    out += "\":\"";
    escape(fields[i]);
    out += '"';
  }
  return out + "}";
}

TEST(RecordCodecTest, EveryFieldRoundTripsExactly) {
  const std::vector<std::string> fields = {
      "",                           // empty
      "None",                       // the sources' empty word
      "none",                       // not it
      "None ",                      // nor this
      "a\tb",                       // a tab
      "say \"no\" \\ back",         // quotes and a backslash
      "line\none\r\n",              // line breaks
      std::string("nul\0byte", 8),  // a NUL byte
      "Щербакова Ирина Лазаревна",  // Cyrillic
      "𝔐𝔢𝔪𝔬𝔯𝔦𝔞𝔩 😀",                 // outside the BMP
      std::string(127, 'x'),        // the longest one-byte length
      std::string(128, 'y'),        // the shortest two-byte length
      std::string(20000, 'z'),      // a three-byte length
  };
  std::string packed;
  PackFields(std::span<const std::string>(fields), &packed);
  ASSERT_OK_AND_ASSIGN(std::vector<std::string_view> back, UnpackFields(packed));
  ASSERT_EQ(back.size(), fields.size());
  for (size_t i = 0; i < fields.size(); ++i) EXPECT_EQ(back[i], fields[i]) << "field " << i;
  // The same bytes from views as from strings.
  std::string from_views;
  const std::vector<std::string_view> views = Views(fields);
  PackFields(std::span<const std::string_view>(views), &from_views);
  EXPECT_EQ(from_views, packed);
}

TEST(RecordCodecTest, EmptyAndNoneTakeOneByteEach) {
  const std::vector<std::string> fields = {"", "None", "", "None"};
  std::string packed;
  PackFields(std::span<const std::string>(fields), &packed);
  EXPECT_EQ(packed.size(), 4u);
  const std::vector<std::string> none;
  std::string nothing;
  PackFields(std::span<const std::string>(none), &nothing);
  EXPECT_TRUE(nothing.empty());
  ASSERT_OK_AND_ASSIGN(std::vector<std::string_view> back, UnpackFields(nothing));
  EXPECT_TRUE(back.empty());
}

TEST(RecordCodecTest, PackedRecordJsonIsTheCanonicalContent) {
  const std::vector<std::string> columns = {"person_id", "sur\"name", "tab\tcol", "note"};
  const std::vector<std::string> fields = {"17", "Иванов", "a\tb\\c", "None"};
  std::string packed_columns, packed, json;
  PackFields(std::span<const std::string>(columns), &packed_columns);
  PackFields(std::span<const std::string>(fields), &packed);
  ASSERT_OK(PackedRecordJson(packed_columns, packed, &json));
  EXPECT_EQ(json, ReferenceJson(columns, fields));
  std::string direct;
  RecordJson(std::span<const std::string>(columns), Views(fields), &direct);
  EXPECT_EQ(direct, json);
  EXPECT_EQ(json, R"({"person_id":"17","sur\"name":"Иванов","tab\tcol":"a\tb\\c","note":"None"})");
}

TEST(RecordCodecTest, ADamagedEncodingIsDataLoss) {
  const std::vector<std::string> fields = {"abc", std::string(300, 'q')};
  std::string packed;
  PackFields(std::span<const std::string>(fields), &packed);
  // Cut inside the second value, and inside its two-byte length.
  EXPECT_THAT(UnpackFields(std::string_view(packed).substr(0, packed.size() - 1)).status(),
              StatusIs(StatusCode::kDataLoss));
  EXPECT_THAT(UnpackFields(std::string_view(packed).substr(0, 5)).status(),
              StatusIs(StatusCode::kDataLoss));
  // A length that never ends.
  EXPECT_THAT(UnpackFields(std::string(12, '\xff')).status(), StatusIs(StatusCode::kDataLoss));
  // More values than the layout has columns.
  const std::vector<std::string> one = {"c"};
  std::string packed_columns, json;
  PackFields(std::span<const std::string>(one), &packed_columns);
  EXPECT_THAT(PackedRecordJson(packed_columns, packed, &json), StatusIs(StatusCode::kDataLoss));
}

}  // namespace
}  // namespace memoria::store
