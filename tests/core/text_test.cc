#include "core/text.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>

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
  // FIPS 180-4's examples (one block, two blocks) and the empty message.
  EXPECT_EQ(ToHex(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(ToHex(Sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(ToHex(Sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(ToHex(Sha256(std::string(1000000, 'a'))),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// Sha256 takes the processor's SHA extensions where it has them: it must
// give libsodium's bytes at every length around the block and padding
// boundaries, and on long messages.
TEST(HashTest, Sha256AgreesWithThePortableCodeAtEveryLength) {
  std::cerr << "SHA-256 on " << (Sha256UsesShaExtensions() ? "the SHA extensions" : "libsodium")
            << "\n";
  std::mt19937 rng(20261205);
  std::string data;
  for (size_t n = 0; n < 600; ++n) {
    ASSERT_EQ(ToHex(Sha256(data)), ToHex(Sha256Portable(data))) << "length " << n;
    data.push_back(static_cast<char>(rng()));
  }
  for (size_t n : {4095u, 65536u, 100003u}) {
    std::string big(n, '\0');
    for (char& c : big) c = static_cast<char>(rng());
    EXPECT_EQ(ToHex(Sha256(big)), ToHex(Sha256Portable(big))) << "length " << n;
  }
}

TEST(HashTest, Sha256FileEqualsTheHashOfTheBytes) {
  const std::string path = ::testing::TempDir() + "/sha256_file_test.bin";
  std::mt19937 rng(7);
  // Across the file reader's 1 MiB buffer, with a tail that is not a block.
  for (size_t n : {0u, 63u, 64u, 1000u, (1u << 20) + 17u}) {
    std::string bytes(n, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    {
      std::ofstream out(path, std::ios::binary);
      out << bytes;
    }
    auto d = Sha256File(path);
    ASSERT_TRUE(d.ok()) << d.status().message();
    EXPECT_EQ(ToHex(*d), ToHex(Sha256Portable(bytes))) << "length " << n;
  }
  std::remove(path.c_str());
  EXPECT_FALSE(Sha256File(path).ok());
}

TEST(UtcTimestampTest, WritesIso8601InUtc) {
  EXPECT_EQ(UtcTimestamp(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(UtcTimestamp(1796428800), "2026-12-05T00:00:00Z");
  EXPECT_EQ(UtcTimestamp(951782400 + 86399), "2000-02-29T23:59:59Z");
}

}  // namespace
}  // namespace memoria
