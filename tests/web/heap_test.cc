// TrimHeap in a process that allocates through jemalloc, as the memoria
// binary does (docs/ARCHITECTURE.md, "Memory"): the pages it freed go back
// to the system at once, not when their arena next allocates.
#include "web/internal/heap.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

extern "C" int mallctl(const char* name, void* oldp, size_t* oldlenp, void* newp, size_t newlen);

namespace memoria::web::internal {
namespace {

// Pages freed and still held by jemalloc's arenas (all of them: 4096 is
// MALLCTL_ARENAS_ALL).
size_t DirtyPages() {
  uint64_t epoch = 1;
  size_t len = sizeof(epoch);
  EXPECT_EQ(mallctl("epoch", &epoch, &len, &epoch, len), 0);
  size_t pages = 0;
  len = sizeof(pages);
  EXPECT_EQ(mallctl("stats.arenas.4096.pdirty", &pages, &len, nullptr, 0), 0);
  return pages;
}

TEST(TrimHeapTest, GivesJemallocsFreedPagesBack) {
  {
    // 64 MiB in blocks of 1 MiB: beyond the thread's cache, freed into the
    // arena, which keeps them for 10 s (its decay) unless purged.
    std::vector<std::unique_ptr<char[]>> blocks;
    for (int i = 0; i < 64; ++i) {
      blocks.emplace_back(new char[1 << 20]);
      for (size_t at = 0; at < (1 << 20); at += 4096) blocks.back()[at] = 1;
    }
  }
  ASSERT_GT(DirtyPages(), 8192u);
  TrimHeap(/*force=*/true);
  EXPECT_LT(DirtyPages(), 256u);
}

}  // namespace
}  // namespace memoria::web::internal
