#include "ingest/csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria::ingest {
namespace {

using ::memoria::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

using Rows = std::vector<std::vector<std::string>>;

// Reads every record. A rejected row appears as {"!CODE", "line N"}. Stops at
// the end, at an error repeated on the next call (a sticky error), or after
// "limit" calls.
Rows ReadAll(CsvReader& reader, int limit = 100000) {
  Rows rows;
  std::vector<std::string_view> fields;
  std::string last_error;
  for (int i = 0; i < limit; ++i) {
    Result<bool> more = reader.Next(&fields);
    if (!more.ok()) {
      if (more.status().ToString() == last_error) break;
      last_error = more.status().ToString();
      rows.push_back({"!" + std::string(StatusCodeName(more.status().code())),
                      "line " + std::to_string(reader.line())});
      continue;
    }
    last_error.clear();
    if (!*more) break;
    rows.emplace_back(fields.begin(), fields.end());
  }
  return rows;
}

Rows ReadString(std::string data, CsvOptions options = CsvOptions::Csv()) {
  auto reader = CsvReader::FromString(std::move(data), options);
  return ReadAll(*reader);
}

std::string WriteFile(const std::string& name, const std::string& data) {
  std::string path = memoria::testing::FreshTempDir() + "/" + name;
  std::ofstream out(path, std::ios::binary);
  out << data;
  return path;
}

TEST(CsvReaderTest, ReadsPlainRecords) {
  EXPECT_EQ(ReadString("a,b,c\n1,2,3\n"), (Rows{{"a", "b", "c"}, {"1", "2", "3"}}));
}

TEST(CsvReaderTest, KeepsCommasInsideQuotedFields) {
  EXPECT_EQ(ReadString("\"Москва, ул. Арбат\",1\n"), (Rows{{"Москва, ул. Арбат", "1"}}));
}

TEST(CsvReaderTest, ReadsDoubledQuoteAsOneQuote) {
  EXPECT_EQ(ReadString("\"он сказал \"\"нет\"\"\",\"\"\"\",\"\"\n"),
            (Rows{{"он сказал \"нет\"", "\"", ""}}));
}

TEST(CsvReaderTest, KeepsLineBreaksInsideQuotesAndCountsLinesAfterThem) {
  auto reader = CsvReader::FromString("h1,h2\n\"two\nlines\",x\n\"three\n\nlines\",y\nlast,z\n",
                                      CsvOptions::Csv());
  std::vector<std::string_view> fields;
  ASSERT_OK_AND_ASSIGN(bool more, reader->Next(&fields));
  EXPECT_TRUE(more);
  EXPECT_EQ(reader->line(), 1);
  ASSERT_OK_AND_ASSIGN(more, reader->Next(&fields));
  EXPECT_THAT(fields, ElementsAre("two\nlines", "x"));
  EXPECT_EQ(reader->line(), 2);
  ASSERT_OK_AND_ASSIGN(more, reader->Next(&fields));
  EXPECT_THAT(fields, ElementsAre("three\n\nlines", "y"));
  EXPECT_EQ(reader->line(), 4);
  ASSERT_OK_AND_ASSIGN(more, reader->Next(&fields));
  EXPECT_THAT(fields, ElementsAre("last", "z"));
  EXPECT_EQ(reader->line(), 7);
  ASSERT_OK_AND_ASSIGN(more, reader->Next(&fields));
  EXPECT_FALSE(more);
}

TEST(CsvReaderTest, StripsCrlfLineEnds) {
  EXPECT_EQ(ReadString("a,b\r\n\"q\",\"r\"\r\nc,\r\n"), (Rows{{"a", "b"}, {"q", "r"}, {"c", ""}}));
  EXPECT_EQ(ReadString("a\tb\r\nc\td\r\n", CsvOptions::Tsv()), (Rows{{"a", "b"}, {"c", "d"}}));
}

TEST(CsvReaderTest, KeepsCarriageReturnsThatDoNotEndALine) {
  EXPECT_EQ(ReadString("a\rb,c\r,\"d\r\n\"\n"), (Rows{{"a\rb", "c\r", "d\r\n"}}));
}

TEST(CsvReaderTest, SkipsByteOrderMarkAtStartOnly) {
  EXPECT_EQ(ReadString("\xEF\xBB\xBFid,name\n1,\xEF\xBB\xBFx\n"),
            (Rows{{"id", "name"}, {"1", "\xEF\xBB\xBFx"}}));
  EXPECT_EQ(ReadString("\xEF\xBB\xBF"), Rows{});
  EXPECT_EQ(ReadString("\xEF\xBB\xBF\"q\"\n"), (Rows{{"q"}}));
}

TEST(CsvReaderTest, ReadsEmptyLineAsOneEmptyField) {
  EXPECT_EQ(ReadString("a,b\n\n\r\nc,d\n"), (Rows{{"a", "b"}, {""}, {""}, {"c", "d"}}));
  EXPECT_EQ(ReadString("\n"), (Rows{{""}}));
}

TEST(CsvReaderTest, ReadsFinalLineWithoutLineEnd) {
  EXPECT_EQ(ReadString("a,b\nc,d"), (Rows{{"a", "b"}, {"c", "d"}}));
  EXPECT_EQ(ReadString("a,b\nc,"), (Rows{{"a", "b"}, {"c", ""}}));
  EXPECT_EQ(ReadString("a,\"b\""), (Rows{{"a", "b"}}));
  EXPECT_EQ(ReadString("a,\"b\"\r"), (Rows{{"a", "b"}}));
}

TEST(CsvReaderTest, ReadsNothingFromEmptyInputAndKeepsReturningFalse) {
  auto reader = CsvReader::FromString("", CsvOptions::Csv());
  std::vector<std::string_view> fields;
  for (int i = 0; i < 3; ++i) {
    ASSERT_OK_AND_ASSIGN(bool more, reader->Next(&fields));
    EXPECT_FALSE(more);
    EXPECT_TRUE(fields.empty());
  }
}

TEST(CsvReaderTest, TreatsQuotesAsOrdinaryTextInTsv) {
  EXPECT_EQ(ReadString("\"a\"\tb\"c\t\"\"\n\"open\tx\ny\n", CsvOptions::Tsv()),
            (Rows{{"\"a\"", "b\"c", "\"\""}, {"\"open", "x"}, {"y"}}));
}

TEST(CsvReaderTest, KeepsCommasInTsvFields) {
  EXPECT_EQ(ReadString("a,b\tc\n", CsvOptions::Tsv()), (Rows{{"a,b", "c"}}));
}

TEST(CsvReaderTest, RejectsFieldOverLimitAndReadsNextRow) {
  CsvOptions options;
  options.max_field_bytes = 4;
  EXPECT_EQ(ReadString("abcd,\"ab\"\"c\"\r\nabcde,x\n\"ab,cd\",y\nok,z\n", options),
            (Rows{{"abcd", "ab\"c"},
                  {"!RESOURCE_EXHAUSTED", "line 2"},
                  {"!RESOURCE_EXHAUSTED", "line 3"},
                  {"ok", "z"}}));
}

TEST(CsvReaderTest, RejectsLongQuotedFieldWithLineBreaksAndKeepsLineNumbers) {
  CsvOptions options;
  options.max_field_bytes = 8;
  EXPECT_EQ(ReadString("a\n\"1\n2\n3\n4\n5\n6\",b\nc\n", options),
            (Rows{{"a"}, {"!RESOURCE_EXHAUSTED", "line 2"}, {"c"}}));
  auto reader = CsvReader::FromString("a\n\"1\n2\n3\n4\n5\n6\",b\nc\n", options);
  std::vector<std::string_view> fields;
  ASSERT_OK(reader->Next(&fields));
  EXPECT_THAT(reader->Next(&fields),
              StatusIs(StatusCode::kResourceExhausted, StartsWith("line 2: field 1 is")));
  ASSERT_OK(reader->Next(&fields));
  EXPECT_THAT(fields, ElementsAre("c"));
  EXPECT_EQ(reader->line(), 8);
}

TEST(CsvReaderTest, RejectsRecordOverLimitAndReadsNextRow) {
  CsvOptions options;
  options.max_record_bytes = 7;  // the line end does not count
  EXPECT_EQ(ReadString("abc,def\r\nabc,defg\n\"a\",\"b\"\r\n\"a\",\"bc\"\nx\n", options),
            (Rows{{"abc", "def"},
                  {"!RESOURCE_EXHAUSTED", "line 2"},
                  {"a", "b"},
                  {"!RESOURCE_EXHAUSTED", "line 4"},
                  {"x"}}));
  EXPECT_EQ(ReadString("a,b,c,d,e\n\"\"\"\"\"\",\"\"\nx", options),
            (Rows{{"!RESOURCE_EXHAUSTED", "line 1"}, {"!RESOURCE_EXHAUSTED", "line 2"}, {"x"}}));
  EXPECT_EQ(ReadString("abcdefgh", options), (Rows{{"!RESOURCE_EXHAUSTED", "line 1"}}));
}

TEST(CsvReaderTest, RejectsTooManyFieldsAndReadsNextRow) {
  CsvOptions options = CsvOptions::Tsv();
  options.max_fields = 3;
  EXPECT_EQ(ReadString("a\tb\tc\na\tb\tc\td\n\t\t\t\nx\ty\n", options),
            (Rows{{"a", "b", "c"},
                  {"!RESOURCE_EXHAUSTED", "line 2"},
                  {"!RESOURCE_EXHAUSTED", "line 3"},
                  {"x", "y"}}));
  auto reader = CsvReader::FromString("a\tb\tc\td\n", options);
  std::vector<std::string_view> fields;
  EXPECT_THAT(reader->Next(&fields),
              StatusIs(StatusCode::kResourceExhausted, "line 1: record has more than 3 fields"));
}

TEST(CsvReaderTest, RejectsInvalidUtf8RowAndReadsNextRow) {
  EXPECT_EQ(ReadString("ok,Иван\n\xcf\xf0\xe8,x\n\"a\xd0\",\"\x90\"\nИван,\xf0\x9f\x98\x80\n"),
            (Rows{{"ok", "Иван"},
                  {"!INVALID_ARGUMENT", "line 2"},
                  {"!INVALID_ARGUMENT", "line 3"},
                  {"Иван", "\xf0\x9f\x98\x80"}}));
  auto reader = CsvReader::FromString("a,b\xed\xa0\x80\n", CsvOptions::Csv());
  std::vector<std::string_view> fields;
  EXPECT_THAT(reader->Next(&fields),
              StatusIs(StatusCode::kInvalidArgument, "line 1: field 2 is not valid UTF-8"));
}

TEST(CsvReaderTest, AgreesWithCoreUtf8Validation) {
  // Long runs of Cyrillic reach the reader's 16-byte vector path; the rest
  // mixes in every kind of malformed sequence.
  std::mt19937 rng(42);
  const std::vector<std::string> pieces = {"Ж",
                                           "Жизнь ",
                                           "a",
                                           "\xe2\x82\xac",
                                           "\xf0\x9f\x98\x80",
                                           "\x80",
                                           "\xc0",
                                           "\xc1\xbf",
                                           "\xdf\xbf",
                                           "\xe0\x80",
                                           "\xe0\xa0\x80",
                                           "\xed\x9f\xbf",
                                           "\xd0",
                                           "\xed\xa0\x80",
                                           "\xf5",
                                           "\xf4\x8f\xbf\xbf",
                                           "\xf4\x90\x80\x80",
                                           "\xff",
                                           "abcdefghijklmnop"};
  int valid = 0;
  for (int i = 0; i < 5000; ++i) {
    std::string field;
    const int n = static_cast<int>(rng() % 30);
    for (int j = 0; j < n; ++j) field += pieces[rng() % 4 != 0 ? rng() % 2 : rng() % pieces.size()];
    auto reader = CsvReader::FromString(field + "\n", CsvOptions::Tsv());
    std::vector<std::string_view> fields;
    Result<bool> more = reader->Next(&fields);
    EXPECT_EQ(more.ok(), IsValidUtf8(field)) << ::testing::PrintToString(field);
    valid += more.ok();
  }
  EXPECT_GT(valid, 500);
  EXPECT_LT(valid, 4500);
}

TEST(CsvReaderTest, RejectsStrayQuoteInUnquotedFieldAndReadsNextRow) {
  EXPECT_EQ(ReadString("a,b\"c,d\nok,1\n ab\"\nok,2\n"), (Rows{{"!INVALID_ARGUMENT", "line 1"},
                                                               {"ok", "1"},
                                                               {"!INVALID_ARGUMENT", "line 3"},
                                                               {"ok", "2"}}));
  auto reader = CsvReader::FromString("x,ab\"c\n", CsvOptions::Csv());
  std::vector<std::string_view> fields;
  EXPECT_THAT(reader->Next(&fields),
              StatusIs(StatusCode::kInvalidArgument, "line 1: stray quote in unquoted field 2"));
}

TEST(CsvReaderTest, RejectsTextAfterClosingQuoteAndReadsNextRow) {
  EXPECT_EQ(ReadString("\"a\"b,c\nok,1\n\"a\"\rb\nok,2\n"), (Rows{{"!INVALID_ARGUMENT", "line 1"},
                                                                  {"ok", "1"},
                                                                  {"!INVALID_ARGUMENT", "line 3"},
                                                                  {"ok", "2"}}));
}

TEST(CsvReaderTest, ReportsUnterminatedQuoteAtEndOnEveryLaterCall) {
  auto reader = CsvReader::FromString("a,b\nc,\"open\nstill open\n", CsvOptions::Csv());
  std::vector<std::string_view> fields;
  ASSERT_OK(reader->Next(&fields));
  EXPECT_FALSE(reader->broken());
  for (int i = 0; i < 3; ++i) {
    EXPECT_THAT(reader->Next(&fields),
                StatusIs(StatusCode::kInvalidArgument,
                         "line 2: quoted field is not closed at end of input"));
    EXPECT_EQ(reader->line(), 2);
    EXPECT_TRUE(reader->broken());
  }
}

TEST(CsvReaderTest, ReportsUnterminatedQuoteEvenWhenTheRowWasAlreadyRejected) {
  CsvOptions options;
  options.max_field_bytes = 2;
  auto reader = CsvReader::FromString("\"abcdef\n", options);
  std::vector<std::string_view> fields;
  EXPECT_THAT(reader->Next(&fields), StatusIs(StatusCode::kInvalidArgument, HasSubstr("closed")));
  EXPECT_THAT(reader->Next(&fields), StatusIs(StatusCode::kInvalidArgument, HasSubstr("closed")));
}

TEST(CsvReaderTest, OpenReportsMissingFileAsNotFound) {
  std::string dir = memoria::testing::FreshTempDir();
  EXPECT_THAT(CsvReader::Open(dir + "/missing.csv", CsvOptions::Csv()),
              StatusIs(StatusCode::kNotFound));
}

TEST(CsvReaderTest, OpenRejectsDirectory) {
  std::string dir = memoria::testing::FreshTempDir();
  EXPECT_THAT(CsvReader::Open(dir, CsvOptions::Csv()), StatusIs(StatusCode::kInvalidArgument));
}

// CSV-quotes "s" when it needs it.
std::string Quote(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

struct Expected {
  std::vector<std::string> fields;
  int64_t line;
};

// A file of about 3 MB (three blocks), with quoted line breaks, CRLF rows and
// a few fields of 100 KB, so records straddle block boundaries at many offsets.
std::string MakeBigCsv(std::vector<Expected>* expected) {
  std::string data = "\xEF\xBB\xBFid,name,note\n";
  expected->push_back({{"id", "name", "note"}, 1});
  int64_t line = 2;
  for (int i = 0; data.size() < 3'000'000; ++i) {
    std::vector<std::string> row = {std::to_string(i), "Иванов Иван " + std::to_string(i * 7), ""};
    if (i % 5 == 0) row[2] = "с запятой, и \"кавычками\"";
    if (i % 7 == 0) row[2] = "строка\nвторая\nтретья";
    if (i % 997 == 0) row[2] = std::string(100'000 + i % 13, 'x');
    expected->push_back({row, line});
    data += Quote(row[0]) + "," + Quote(row[1]) + "," + Quote(row[2]);
    data += (i % 3 == 0) ? "\r\n" : "\n";
    line += 1 + std::count(row[2].begin(), row[2].end(), '\n');
  }
  return data;
}

TEST(CsvReaderTest, ReadsRecordsThatSpanBlockBoundaries) {
  std::vector<Expected> expected;
  std::string path = WriteFile("big.csv", MakeBigCsv(&expected));
  ASSERT_OK_AND_ASSIGN(auto reader, CsvReader::Open(path, CsvOptions::Csv()));
  std::vector<std::string_view> fields;
  size_t n = 0;
  for (;; ++n) {
    ASSERT_OK_AND_ASSIGN(bool more, reader->Next(&fields));
    if (!more) break;
    ASSERT_LT(n, expected.size());
    ASSERT_EQ(std::vector<std::string>(fields.begin(), fields.end()), expected[n].fields)
        << "record " << n;
    ASSERT_EQ(reader->line(), expected[n].line) << "record " << n;
  }
  EXPECT_EQ(n, expected.size());
}

TEST(CsvReaderTest, ReadsTsvThatSpansBlockBoundaries) {
  std::string data;
  std::vector<std::vector<std::string>> expected;
  for (int i = 0; data.size() < 3'000'000; ++i) {
    std::vector<std::string> row;
    for (int f = 0; f < 39; ++f) row.push_back(f % 4 == 0 ? "" : "Поле\"" + std::to_string(i + f));
    if (i % 1000 == 0) row[5] = std::string(300'000, 'y');
    for (int f = 0; f < 39; ++f) data += (f ? "\t" : "") + row[f];
    data += "\n";
    expected.push_back(row);
  }
  std::string path = WriteFile("big.tsv", data);
  ASSERT_OK_AND_ASSIGN(auto reader, CsvReader::Open(path, CsvOptions::Tsv()));
  std::vector<std::string_view> fields;
  size_t n = 0;
  for (;; ++n) {
    ASSERT_OK_AND_ASSIGN(bool more, reader->Next(&fields));
    if (!more) break;
    ASSERT_LT(n, expected.size());
    ASSERT_EQ(std::vector<std::string>(fields.begin(), fields.end()), expected[n]) << n;
    ASSERT_EQ(reader->line(), static_cast<int64_t>(n + 1));
  }
  EXPECT_EQ(n, expected.size());
}

TEST(CsvReaderTest, SkipsOversizedRecordThatSpansBlocksAndReadsNextRow) {
  std::string big = "\"" + std::string(2'500'000, 'z') + "\n" + std::string(2'500'000, 'z') + "\"";
  std::string path = WriteFile("oversized.csv", "a,b\n" + big + ",tail\nc,d\n");
  ASSERT_OK_AND_ASSIGN(auto reader, CsvReader::Open(path, CsvOptions::Csv()));
  EXPECT_EQ(ReadAll(*reader), (Rows{{"a", "b"}, {"!RESOURCE_EXHAUSTED", "line 2"}, {"c", "d"}}));
  EXPECT_EQ(reader->line(), 4);
}

TEST(CsvReaderTest, ReportsProgressInBytes) {
  std::string data = "\xEF\xBB\xBFid,name\n1,Анна\n2,\"Борис\nБ.\"\n";
  std::string path = WriteFile("progress.csv", data);
  ASSERT_OK_AND_ASSIGN(auto reader, CsvReader::Open(path, CsvOptions::Csv()));
  EXPECT_EQ(reader->total_bytes(), data.size());
  EXPECT_EQ(reader->bytes_read(), 0u);
  std::vector<std::string_view> fields;
  ASSERT_OK(reader->Next(&fields));
  EXPECT_EQ(reader->bytes_read(), std::string_view("\xEF\xBB\xBFid,name\n").size());
  ASSERT_OK(reader->Next(&fields));
  ASSERT_OK(reader->Next(&fields));
  EXPECT_EQ(reader->bytes_read(), data.size());
  ASSERT_OK_AND_ASSIGN(bool more, reader->Next(&fields));
  EXPECT_FALSE(more);
  EXPECT_EQ(reader->bytes_read(), reader->total_bytes());

  auto from_string = CsvReader::FromString("a\nb", CsvOptions::Csv());
  EXPECT_EQ(from_string->total_bytes(), 3u);
  ASSERT_OK(from_string->Next(&fields));
  EXPECT_EQ(from_string->bytes_read(), 2u);
}

TEST(CsvReaderTest, ReadsMemorialMoscowList) {
  MEMORIA_REQUIRE_SHARED_DATA(path, "memorial-mos/mos_memo_ru_all.csv");
  ASSERT_OK_AND_ASSIGN(auto reader, CsvReader::Open(path, CsvOptions::Csv()));
  std::vector<std::string_view> fields;
  ASSERT_OK_AND_ASSIGN(bool more, reader->Next(&fields));
  ASSERT_TRUE(more);
  EXPECT_THAT(fields, ElementsAre("ADDRESS", "APT", "NAME", "BIO", "COUNT", "LINK"));
  int records = 0;
  for (;;) {
    ASSERT_OK_AND_ASSIGN(more, reader->Next(&fields));
    if (!more) break;
    ++records;
    ASSERT_EQ(fields.size(), 6u) << "line " << reader->line();
  }
  EXPECT_EQ(records, 5232);
  EXPECT_EQ(reader->bytes_read(), reader->total_bytes());
}

}  // namespace
}  // namespace memoria::ingest
