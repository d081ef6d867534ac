// Feeds arbitrary bytes to the article and sentence readers of cases/. An
// accepted article has an article number and a normal form that reads back
// as the same article; ParseSentence never fails.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "cases/cases.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto list = memoria::cases::ParseArticles(text);
  if (list.ok()) {
    for (const memoria::store::ArticleFact& a : *list) {
      if (a.article.empty() || a.normal.empty()) std::abort();
      auto again = memoria::cases::ParseArticle(a.normal);
      if (!again.ok() || again->normal != a.normal) std::abort();
    }
  }
  const memoria::cases::Sentence s = memoria::cases::ParseSentence(text);
  if (s.months < -1) std::abort();
  return 0;
}
