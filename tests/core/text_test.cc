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
}

TEST(HashTest, Sha256MatchesKnownVector) {
  EXPECT_EQ(ToHex(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace memoria
