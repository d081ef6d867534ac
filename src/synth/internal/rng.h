// A small, fast, deterministic pseudo-random generator (xoshiro256**, seeded
// through splitmix64) and a weighted choice table for the corpus generator.
// Never seeded from the clock: the corpus is a pure function of its seed.
//
// Thread safety: an Rng is a value; use one per thread.
#ifndef MEMORIA_SYNTH_INTERNAL_RNG_H_
#define MEMORIA_SYNTH_INTERNAL_RNG_H_

#include <cmath>
#include <cstdint>
#include <vector>

namespace memoria::synth::internal {

inline uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Mixes two words into one seed; used to give every entity its own stream.
inline uint64_t MixSeed(uint64_t a, uint64_t b) {
  uint64_t s = a ^ (b * 0xd1342543de82ef95ULL);
  SplitMix64(&s);
  return SplitMix64(&s);
}

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (uint64_t& word : s_) word = SplitMix64(&seed);
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n); n > 0. The bias of the multiply-shift method is below
  // 2^-32 for the small n used here.
  uint32_t Below(uint32_t n) {
    return static_cast<uint32_t>(((Next() >> 32) * static_cast<uint64_t>(n)) >> 32);
  }
  // Uniform in [lo, hi].
  int Between(int lo, int hi) {
    return lo + static_cast<int>(Below(static_cast<uint32_t>(hi - lo + 1)));
  }
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

// Picks index i with probability weight[i] / sum(weights) in constant time
// (Walker's alias method, built with Vose's algorithm).
class WeightedTable {
 public:
  WeightedTable() = default;
  explicit WeightedTable(const std::vector<double>& weights) {
    const size_t n = weights.size();
    double total = 0;
    for (double w : weights) total += w;
    threshold_.assign(n, 1.0);
    alias_.resize(n);
    std::vector<double> scaled(n);
    std::vector<uint32_t> small, large;
    for (size_t i = 0; i < n; ++i) {
      alias_[i] = static_cast<uint32_t>(i);
      scaled[i] = weights[i] * static_cast<double>(n) / total;
      (scaled[i] < 1.0 ? small : large).push_back(static_cast<uint32_t>(i));
    }
    while (!small.empty() && !large.empty()) {
      const uint32_t s = small.back();
      small.pop_back();
      const uint32_t l = large.back();
      threshold_[s] = scaled[s];
      alias_[s] = l;
      scaled[l] -= 1.0 - scaled[s];
      if (scaled[l] < 1.0) {
        large.pop_back();
        small.push_back(l);
      }
    }
    // Leftovers are 1 up to rounding and keep threshold 1.
  }

  uint32_t Pick(Rng* rng) const {
    const uint64_t r = rng->Next();
    const auto i = static_cast<uint32_t>(((r >> 32) * threshold_.size()) >> 32);
    const double u = static_cast<double>(r & 0xFFFFFFFFu) * 0x1.0p-32;
    return u < threshold_[i] ? i : alias_[i];
  }
  size_t size() const { return threshold_.size(); }

 private:
  std::vector<double> threshold_;
  std::vector<uint32_t> alias_;
};

// Zipf-Mandelbrot weights 1 / (rank + q)^s for ranks 1..n.
inline std::vector<double> ZipfWeights(size_t n, double s, double q) {
  std::vector<double> weights(n);
  for (size_t i = 0; i < n; ++i) weights[i] = std::pow(static_cast<double>(i + 1) + q, -s);
  return weights;
}

}  // namespace memoria::synth::internal

#endif  // MEMORIA_SYNTH_INTERNAL_RNG_H_
