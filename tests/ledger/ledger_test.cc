// The ledger's primitives: canonical JSON against RFC 8785's examples, the
// LtHash16 digest's algebra and its RowDigester, and the chain of entry hashes.
#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <random>
#include <vector>

#include "ledger/canonical_json.h"
#include "ledger/entry.h"
#include "ledger/lthash.h"
#include "ledger/row_digester.h"
#include "testing/status_matchers.h"

namespace memoria::ledger {
namespace {

std::string Canonical(const char* json) {
  auto c = CanonicalJson(nlohmann::json::parse(json));
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return c.ok() ? *c : "";
}

// RFC 8785 3.2.3: members sorted by UTF-16 code units, so U+1F600 (a
// surrogate pair, D83D DE00) comes before U+FB33, unlike in UTF-8 order.
TEST(CanonicalJsonTest, SortsMembersByUtf16CodeUnitsAsRfc8785Example) {
  const char* input = R"({
    "\u20ac": "Euro Sign",
    "\r": "Carriage Return",
    "\ufb33": "Hebrew Letter Dalet With Dagesh",
    "1": "One",
    "\ud83d\ude00": "Emoji: Grinning Face",
    "\u0080": "Control",
    "\u00f6": "Latin Small Letter O With Diaeresis"
  })";
  EXPECT_EQ(Canonical(input),
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xc2\x80\":\"Control\","
            "\"\xc3\xb6\":\"Latin Small Letter O With Diaeresis\",\"\xe2\x82\xac\":\"Euro Sign\","
            "\"\xf0\x9f\x98\x80\":\"Emoji: Grinning Face\","
            "\"\xef\xac\xb3\":\"Hebrew Letter Dalet With Dagesh\"}");
}

// RFC 8785 3.2.2.2: only the required escapes, lower-case hex, "/" and
// non-ASCII left as they are.
TEST(CanonicalJsonTest, EscapesStringsAsRfc8785Example) {
  nlohmann::json s = "\xe2\x82\xac$\x0f\nA'B\"\\\\\"/";
  ASSERT_OK_AND_ASSIGN(std::string c, CanonicalJson(s));
  EXPECT_EQ(c, "\"\xe2\x82\xac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"");
}

// RFC 8785 3.2.1 (example without numbers): no white space, literals as
// they are, nested objects sorted too.
TEST(CanonicalJsonTest, WritesStructureWithoutWhiteSpace) {
  EXPECT_EQ(Canonical(R"({ "b": [ 1, true, null, {"y": -7, "x": "z"} ], "a": {} , "c": []})"),
            R"({"a":{},"b":[1,true,null,{"x":"z","y":-7}],"c":[]})");
}

TEST(CanonicalJsonTest, RejectsFractionsAndBadUtf8) {
  EXPECT_THAT(CanonicalJson(nlohmann::json(1.5)).status(),
              testing::StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(CanonicalJson(nlohmann::json(std::string("\xff"))).status(),
              testing::StatusIs(StatusCode::kInvalidArgument));
  ASSERT_OK_AND_ASSIGN(std::string whole, CanonicalJson(nlohmann::json(100.0)));
  EXPECT_EQ(whole, "100");
}

Sha256Digest Row(int i) {
  RowEncoder enc("names");
  enc.Integer(i);
  enc.Text("Иванов");
  enc.Null();
  return enc.Digest();
}

TEST(LtHashTest, AddingInAnyOrderGivesTheSameDigest) {
  std::vector<int> order(50);
  for (int i = 0; i < 50; ++i) order[i] = i;
  LtHash16 a;
  for (int i : order) a.Add(Row(i));
  std::mt19937 rng(7);
  std::shuffle(order.begin(), order.end(), rng);
  LtHash16 b;
  for (int i : order) b.Add(Row(i));
  EXPECT_EQ(a, b);
  EXPECT_FALSE(a.IsZero());
}

TEST(LtHashTest, RemovingARowUndoesItsAddition) {
  LtHash16 h;
  for (int i = 0; i < 10; ++i) h.Add(Row(i));
  LtHash16 without = h;
  h.Add(Row(99));
  EXPECT_NE(h, without);
  h.Remove(Row(99));
  EXPECT_EQ(h, without);
  for (int i = 0; i < 10; ++i) h.Remove(Row(i));
  EXPECT_TRUE(h.IsZero());
}

TEST(LtHashTest, AnUpdateIsARemoveAndAnAddAndSumsCompose) {
  LtHash16 total, left, right;
  for (int i = 0; i < 5; ++i) {
    total.Add(Row(i));
    (i % 2 ? left : right).Add(Row(i));
  }
  LtHash16 sum = left;
  sum.Add(right);
  EXPECT_EQ(sum, total);
  total.Remove(Row(3));
  total.Add(Row(30));
  LtHash16 expected;
  for (int i : {0, 1, 2, 4, 30}) expected.Add(Row(i));
  EXPECT_EQ(total, expected);
}

TEST(LtHashTest, BytesRoundTrip) {
  LtHash16 h;
  h.Add(Row(1));
  bool ok = false;
  EXPECT_EQ(LtHash16::FromBytes(h.Bytes(), &ok), h);
  EXPECT_TRUE(ok);
  EXPECT_EQ(h.Bytes().size(), LtHash16::kBytes);
  LtHash16::FromBytes("short", &ok);
  EXPECT_FALSE(ok);
}

// The element is ChaCha20's keystream as RFC 8439 (and libsodium) define
// it: lthash.cc computes it itself, 16 blocks at a time.
TEST(LtHashTest, ElementIsChaCha20KeystreamOfTheRowDigest) {
  ASSERT_GE(sodium_init(), 0);
  for (int i = 0; i < 20; ++i) {
    const Sha256Digest key = Row(i);
    unsigned char nonce[crypto_stream_chacha20_ietf_NONCEBYTES] = {};
    std::string stream(LtHash16::kBytes, '\0');
    crypto_stream_chacha20_ietf(reinterpret_cast<unsigned char*>(stream.data()), stream.size(),
                                nonce, key.data());
    LtHash16 h;
    h.Add(key);
    EXPECT_EQ(h.Bytes(), stream) << i;
  }
}

// Rows of several tables, added and removed, many chunks' worth: the
// digester's sums are those of LtHash16 row by row.
TEST(RowDigesterTest, SumsEqualTheRowByRowDigests) {
  const char* tables[] = {"names", "persons", "events"};
  std::vector<LtHash16> expected(3);
  RowDigester digester(3);
  for (int i = 0; i < 5000; ++i) {
    const size_t t = static_cast<size_t>(i % 3);
    const int sign = i % 7 == 0 ? -1 : 1;
    RowEncoder direct(tables[t]);
    RowEncoder& enc = digester.BeginRow(t, tables[t], sign);
    for (RowEncoder* e : {&direct, &enc}) {
      e->Integer(i);
      e->Text(std::string(static_cast<size_t>(i % 300), 'x'));
      e->Null();
    }
    digester.EndRow();
    if (sign > 0) {
      expected[t].Add(direct.Digest());
    } else {
      expected[t].Remove(direct.Digest());
    }
  }
  EXPECT_EQ(digester.Sums(), expected);
  EXPECT_EQ(digester.Sums(), expected);  // asking twice changes nothing

  // Reset forgets every row, queued or not.
  digester.Reset();
  std::vector<LtHash16> after(3);
  for (int i = 0; i < 3000; ++i) {
    RowEncoder direct("persons");
    direct.Integer(i);
    digester.BeginRow(1, "persons", 1).Integer(i);
    digester.EndRow();
    after[1].Add(direct.Digest());
    if (i == 1500) {
      digester.Reset();
      after = std::vector<LtHash16>(3);
    }
  }
  EXPECT_EQ(digester.Sums(), after);
}

TEST(RowEncoderTest, TypesAndNullAreTold) {
  RowEncoder a("t"), b("t"), c("t"), d("u");
  a.Integer(1);
  b.Text(std::string("\0\0\0\0\0\0\0\x01", 8));
  c.Null();
  d.Integer(1);
  EXPECT_NE(a.Digest(), b.Digest());
  EXPECT_NE(a.Digest(), c.Digest());
  EXPECT_NE(a.Digest(), d.Digest());  // the table is part of the element
}

// The bytes of ledger.md's row encoding: a 4-byte big-endian length before
// the table's name and before each value, an integer as 8 bytes big-endian.
TEST(RowEncoderTest, WritesTheDocumentedBytes) {
  RowEncoder e("tb");
  e.Integer(0x0102030405060708);
  e.Text("ab");
  e.Null();
  e.Integer(-2);
  const std::string want = std::string("\0\0\0\x02tb", 6) + "i" + std::string("\0\0\0\x08", 4) +
                           "\x01\x02\x03\x04\x05\x06\x07\x08" + "t" + std::string("\0\0\0\x02", 4) +
                           "ab" + "n" + std::string(4, '\0') + "i" + std::string("\0\0\0\x08", 4) +
                           std::string(7, '\xff') + "\xfe";
  EXPECT_EQ(e.bytes(), want);
}

Entry MakeEntry(int64_t seq, std::string body) {
  Entry e;
  e.seq = seq;
  e.at = "2026-12-04T12:00:00Z";
  e.actor = "cli:test";
  e.kind = "import";
  e.body = std::move(body);
  e.state = LtHash16().Bytes();
  return e;
}

TEST(ChainTest, EachHashDependsOnEveryEntryBefore) {
  std::vector<Entry> entries = {MakeEntry(1, "{}"), MakeEntry(2, R"({"batch":1})"),
                                MakeEntry(3, R"({"batch":2})")};
  auto chain = [&]() {
    std::vector<Sha256Digest> hashes;
    Sha256Digest prev{};
    for (const Entry& e : entries) {
      prev = EntryHash(prev, e);
      hashes.push_back(prev);
    }
    return hashes;
  };
  const auto before = chain();
  entries[0].body = "{ }";
  const auto after = chain();
  for (size_t i = 0; i < entries.size(); ++i) EXPECT_NE(before[i], after[i]) << i;
  entries[0].body = "{}";
  entries[2].actor = "cli:other";
  const auto last = chain();
  EXPECT_EQ(last[0], before[0]);
  EXPECT_EQ(last[1], before[1]);
  EXPECT_NE(last[2], before[2]);
}

TEST(ChainTest, CheckpointAndRotationMessagesNameWhatTheySign) {
  Sha256Digest h{};
  h[0] = 1;
  const std::string m = CheckpointMessage(812, h);
  EXPECT_EQ(m.substr(0, 22), std::string("memoria-checkpoint-v1") + '\0');
  EXPECT_EQ(m.size(), 22u + 8 + 32);
  EXPECT_EQ(static_cast<unsigned char>(m[22 + 6]), 812 >> 8);
  EXPECT_NE(RotationMessage("aa", "bb"), RotationMessage("bb", "aa"));
  std::array<uint8_t, 32> key{};
  EXPECT_NE(KeyedDigest(key, "Иванов"), ToHex(Sha256("Иванов")));
  EXPECT_EQ(KeyedDigest(key, "x").size(), 64u);
}

}  // namespace
}  // namespace memoria::ledger
