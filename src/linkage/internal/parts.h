// Internal to linkage/: what the string and the interned passes share: a
// 64-bit hash finaliser, and the scoring of candidate pairs split over
// threads.
#ifndef MEMORIA_LINKAGE_INTERNAL_PARTS_H_
#define MEMORIA_LINKAGE_INTERNAL_PARTS_H_

#include <algorithm>
#include <cstdint>
#include <limits>
#include <thread>
#include <utility>
#include <vector>

#include "linkage/linkage.h"

namespace memoria::linkage::internal {

// splitmix64's finaliser: every bit of "x" reaches every bit of the result.
inline uint64_t Scramble(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

// Whether a field's level forbids a pair (Plausible): a name that
// disagrees; a field marked "veto" that disagrees, or for a place agrees
// less than closely (two towns of one country share a unit and compare
// weak, and a person is born in one place).
inline bool Vetoes(const FieldSpec& spec, int8_t level) {
  if (level == kMissing) return false;
  if (spec.kind == FieldKind::kName) return level == kDisagree;
  if (!spec.veto) return false;
  return spec.kind == FieldKind::kPlace ? level < kClose : level == kDisagree;
}

// Scores "pairs" on "threads" threads, each taking an even share in order.
// make_scorer() is called once per thread and returns a callable
// (uint32_t a, uint32_t b, int8_t* levels, double* weights) -> double that
// writes the pair's comparison levels and per-field weights and returns its
// weight (-infinity to drop the pair). Pairs whose probability is
// below "keep" are dropped; the rest come back in the order of "pairs".
template <typename MakeScorer>
std::vector<ScoredPair> ScoreInParts(const Comparator& comparator, const Model& model,
                                     const std::vector<std::pair<uint32_t, uint32_t>>& pairs,
                                     double keep, int threads, MakeScorer make_scorer) {
  const size_t n = static_cast<size_t>(std::max(1, threads));
  std::vector<std::vector<ScoredPair>> parts(n);
  auto run = [&](size_t part) {
    auto score = make_scorer();
    std::vector<int8_t> levels(comparator.size());
    std::vector<double> weights(comparator.size());
    const size_t begin = pairs.size() * part / n, end = pairs.size() * (part + 1) / n;
    for (size_t k = begin; k < end; ++k) {
      const auto& [a, b] = pairs[k];
      const double w = score(a, b, levels.data(), weights.data());
      const double p = model.Probability(w);
      if (p < keep || w == -std::numeric_limits<double>::infinity()) continue;  // or dropped
      parts[part].push_back({a, b, w, p, Corroborated(comparator, levels.data(), weights.data()),
                             Plausible(comparator, levels.data()),
                             NamesOnly(comparator, levels.data()),
                             NamesClose(comparator, levels.data())});
    }
  };
  std::vector<std::thread> pool;
  for (size_t part = 1; part < n; ++part) pool.emplace_back(run, part);
  run(0);
  for (std::thread& t : pool) t.join();
  std::vector<ScoredPair> out = std::move(parts[0]);
  for (size_t part = 1; part < n; ++part) {
    out.insert(out.end(), parts[part].begin(), parts[part].end());
  }
  return out;
}

}  // namespace memoria::linkage::internal

#endif  // MEMORIA_LINKAGE_INTERNAL_PARTS_H_
