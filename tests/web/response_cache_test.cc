#include "web/internal/response_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace memoria::web::internal {
namespace {

Response Answer(std::string body) {
  Response r;
  r.content_type = "text/html";
  r.body = std::move(body);
  return r;
}

TEST(ResponseCacheTest, FindsWhatWasStoredUnderTheSameVersion) {
  ResponseCache cache(1 << 20);
  EXPECT_EQ(cache.Find("/a", 1), nullptr);
  cache.Insert("/a", 1, Answer("page a"));
  auto hit = cache.Find("/a", 1);
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->body, "page a");
  EXPECT_EQ(cache.Find("/b", 1), nullptr);
  EXPECT_EQ(cache.counters().hits, 1u);
  EXPECT_EQ(cache.counters().misses, 2u);
}

TEST(ResponseCacheTest, AnotherVersionEmptiesIt) {
  ResponseCache cache(1 << 20);
  cache.Insert("/a", 1, Answer("old"));
  EXPECT_EQ(cache.Find("/a", 2), nullptr);
  EXPECT_EQ(cache.counters().entries, 0u);
  // Back to the old version: the old answer is gone for good.
  EXPECT_EQ(cache.Find("/a", 1), nullptr);
  cache.Insert("/a", 2, Answer("new"));
  ASSERT_NE(cache.Find("/a", 2), nullptr);
  EXPECT_EQ(cache.Find("/a", 2)->body, "new");
}

TEST(ResponseCacheTest, EvictsTheLeastRecentlyUsedWithinItsBytes) {
  // Each answer is about 1,200 bytes with its overhead; 16 * 1,200 fit
  // under 20,000 bytes, and an answer may be up to 20,000 / 16 bytes.
  ResponseCache cache(20000);
  const std::string body(1000, 'x');
  for (int i = 0; i < 16; ++i) cache.Insert("/" + std::to_string(i), 7, Answer(body));
  ASSERT_NE(cache.Find("/0", 7), nullptr);  // now the most recently used
  for (int i = 16; i < 24; ++i) cache.Insert("/" + std::to_string(i), 7, Answer(body));
  EXPECT_LE(cache.counters().bytes, 20000u);
  EXPECT_NE(cache.Find("/0", 7), nullptr);
  EXPECT_EQ(cache.Find("/1", 7), nullptr);
  EXPECT_NE(cache.Find("/23", 7), nullptr);
}

TEST(ResponseCacheTest, KeepsNoAnswerLargerThanASixteenth) {
  ResponseCache cache(16000);
  cache.Insert("/big", 1, Answer(std::string(2000, 'x')));
  EXPECT_EQ(cache.Find("/big", 1), nullptr);
  ResponseCache off(0);
  off.Insert("/a", 1, Answer("a"));
  EXPECT_EQ(off.Find("/a", 1), nullptr);
}

TEST(ResponseCacheTest, ReplacesAnAnswerStoredTwice) {
  ResponseCache cache(1 << 20);
  cache.Insert("/a", 1, Answer("first"));
  cache.Insert("/a", 1, Answer("second"));
  EXPECT_EQ(cache.counters().entries, 1u);
  EXPECT_EQ(cache.Find("/a", 1)->body, "second");
}

}  // namespace
}  // namespace memoria::web::internal
