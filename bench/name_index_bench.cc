// The name index's own time per query, without the store's reads of the
// hits: loads (or builds) the index of an archive and runs each query of a
// file (one a line, as a visitor types it) in ten blocks of N runs, printing
// the microseconds per query of the fastest block and the total it found.
//
//   build/bench/name_index_bench --archive DIR --queries FILE [--runs N] [--limit N]
//                                [--cold 1]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "search/name_index.h"
#include "search/search.h"
#include "store/store.h"

using namespace memoria;

int main(int argc, char** argv) {
  std::string dir, queries_path;
  int runs = 50;
  size_t limit = 20;
  bool cold = false;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--archive") dir = argv[i + 1];
    if (flag == "--queries") queries_path = argv[i + 1];
    if (flag == "--runs") runs = std::atoi(argv[i + 1]);
    if (flag == "--limit") limit = static_cast<size_t>(std::atoll(argv[i + 1]));
    if (flag == "--cold") cold = std::string(argv[i + 1]) == "1";
  }
  if (dir.empty() || queries_path.empty() || runs < 1) {
    std::fprintf(stderr, "usage: name_index_bench --archive DIR --queries FILE [--runs N]\n");
    return 2;
  }
  Result<std::unique_ptr<store::Store>> store = store::Store::Open(dir, true);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  store::Reader* reader = (*store)->ReaderFor(store::Visibility::kPublic).value();
  Result<std::shared_ptr<const search::NameIndex>> index = search::IndexFor(reader);
  if (!index.ok()) {
    std::fprintf(stderr, "%s\n", index.status().ToString().c_str());
    return 1;
  }
  std::vector<char> other(cold ? 64 << 20 : 0);
  std::ifstream in(queries_path);
  std::string line;
  double sum_us = 0;
  int n = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    search::IndexQuery q;
    if (!search::ReadQueryWords(line, &q).ok()) continue;
    q.max_persons = limit;
    q.describe = limit;
    size_t total = (*index)->Query(q).total;  // warm the candidate cache
    // The fastest of ten blocks: the machine may be shared. With --cold 1,
    // the caches are filled with other data before each run, as a server's
    // store reads do between two searches, and only the query is timed.
    double us = 1e300;
    for (int block = 0; block < 10; ++block) {
      double block_us = 0;
      for (int r = 0; r < runs; ++r) {
        for (size_t k = 0; k < other.size(); k += 64) other[k] = static_cast<char>(other[k] + 1);
        const auto t0 = std::chrono::steady_clock::now();
        total = (*index)->Query(q).total;
        block_us += std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0)
                        .count();
      }
      us = std::min(us, block_us / runs);
    }
    std::printf("%9.1f us  %8zu  %s\n", us, total, line.c_str());
    sum_us += us;
    ++n;
  }
  if (n > 0) std::printf("%9.1f us  mean of %d queries\n", sum_us / n, n);
  return 0;
}
