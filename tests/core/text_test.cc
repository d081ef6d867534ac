#include "core/text.h"

#include <gtest/gtest.h>

#include "core/hash.h"

namespace memoria {
namespace {

TEST(TextTest, ValidatesUtf8) {
  EXPECT_TRUE(IsValidUtf8("Щербакова Ирина"));
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_FALSE(IsValidUtf8("\xd0"));              // truncated 2-byte sequence
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xcf\xf0\xe8"));      // CP1251 "При"
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // > U+10FFFF
}

// The fast paths (eight ASCII bytes at a time, two-byte sequences) agree
// with the general decoding wherever the bad byte falls.
TEST(TextTest, ValidatesUtf8InLongTextAtEveryOffset) {
  const std::string good = "Ivanov Ivan Ivanovich, Щербакова Ирина, 1937 — ok 𝄞";
  ASSERT_TRUE(IsValidUtf8(good));
  for (size_t at = 0; at <= good.size(); ++at) {
    for (const char* bad : {"\xff", "\xd0", "\xc1\xbf", "\xe0\x80\x80", "\xed\xa0\x80", "\x80"}) {
      std::string s = good;
      s.insert(at, bad);
      EXPECT_FALSE(IsValidUtf8(s)) << at << " " << bad;
    }
    EXPECT_TRUE(IsValidUtf8(good.substr(0, at)) ==
                (at == good.size() || (static_cast<unsigned char>(good[at]) & 0xC0) != 0x80))
        << at;
  }
  EXPECT_TRUE(IsValidUtf8("\xc2\x80\xdf\xbf"));  // U+0080 and U+07FF
}

TEST(TextTest, EscapesHtml) {
  std::string out = "x";
  AppendHtmlEscaped("a&b<c>d\"e'f", &out);
  EXPECT_EQ(out, "xa&amp;b&lt;c&gt;d&quot;e&#39;f");
  out.clear();
  AppendHtmlEscaped("&&", &out);
  AppendHtmlEscaped("", &out);
  AppendHtmlEscaped("Ёж", &out);
  EXPECT_EQ(out, "&amp;&amp;Ёж");
}

TEST(TextTest, CollapsesUnicodeSpace) {
  EXPECT_EQ(CollapseSpace("  Иванов\xc2\xa0\t Иван \n"), "Иванов Иван");
  EXPECT_EQ(CollapseSpace(""), "");
}

TEST(TextTest, FoldsCaseBeyondAscii) {
  EXPECT_EQ(FoldCase("ЩЕРБАКОВА Irina"), "щербакова irina");
  EXPECT_EQ(FoldCase("ІВАНОВ ЇЖАК"), "іванов їжак");
}

TEST(TextTest, SplitsWordsAndCountsCodePoints) {
  auto w = SplitWords(" a  бв\tг ");
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w[1], "бв");
  EXPECT_EQ(Utf8Length("Ёж"), 2u);
}

TEST(TextTest, EscapesJson) {
  std::string out;
  AppendJsonEscaped("a\"b\\c\n\x01", &out);
  EXPECT_EQ(out, "a\\\"b\\\\c\\n\\u0001");
  AppendJsonEscaped("\t\rЁж\x1f", &out);
  AppendJsonEscaped("", &out);
  EXPECT_EQ(out, "a\\\"b\\\\c\\n\\u0001\\t\\rЁж\\u001f");
}

TEST(HashTest, Sha256MatchesKnownVector) {
  EXPECT_EQ(ToHex(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(UtcTimestampTest, WritesIso8601InUtc) {
  EXPECT_EQ(UtcTimestamp(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(UtcTimestamp(1796428800), "2026-12-05T00:00:00Z");
  EXPECT_EQ(UtcTimestamp(951782400 + 86399), "2000-02-29T23:59:59Z");
}

}  // namespace
}  // namespace memoria
