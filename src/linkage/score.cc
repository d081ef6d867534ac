// Scoring candidate pairs without holding their comparison vectors: EM
// learns from an evenly spaced sample of the pairs, and the scoring pass
// compares each pair again, on several threads, keeping only the pairs
// that can still be linked or reviewed. At 1,000,000 records there are
// tens of millions of candidate pairs and nearly all of them score far
// below the review threshold.
#include <algorithm>
#include <thread>

#include "linkage/internal/parts.h"
#include "linkage/linkage.h"

namespace memoria::linkage {
namespace {

using internal::Vetoes;

// A contradicting date contradicts below kClose (another day), a place at
// kDisagree (no unit in common).
bool Contradicts(const FieldSpec& spec, int8_t level) {
  if (level == kMissing || !spec.contradicts) return false;
  return spec.kind == FieldKind::kDate ? level < kClose : level == kDisagree;
}

}  // namespace

bool Plausible(const Comparator& comparator, const int8_t* levels) {
  for (size_t f = 0; f < comparator.size(); ++f) {
    if (Vetoes(comparator.fields()[f], levels[f])) return false;
  }
  return true;
}

bool NamesOnly(const Comparator& comparator, const int8_t* levels) {
  for (size_t f = 0; f < comparator.size(); ++f) {
    // Free text (an occupation, a nationality) is shared by thousands and
    // is no evidence here, as in Corroborated.
    const FieldKind kind = comparator.fields()[f].kind;
    if (kind != FieldKind::kName && kind != FieldKind::kString && levels[f] >= kClose) {
      return false;
    }
  }
  return true;
}

bool NamesClose(const Comparator& comparator, const int8_t* levels) {
  int given = 0;
  for (size_t f = 0; f < comparator.size(); ++f) {
    if (comparator.fields()[f].kind != FieldKind::kName || levels[f] == kMissing) continue;
    if (levels[f] < kClose) return false;
    ++given;
  }
  return given >= 2;
}

bool Corroborated(const Comparator& comparator, const int8_t* levels, const double* weights) {
  bool other = false;
  for (size_t f = 0; f < comparator.size(); ++f) {
    const FieldSpec& spec = comparator.fields()[f];
    if (Vetoes(spec, levels[f]) || Contradicts(spec, levels[f])) return false;
    if (spec.kind != FieldKind::kName && spec.kind != FieldKind::kString) {
      other |= levels[f] >= kClose && (weights == nullptr || weights[f] >= kCorroborationBits);
    }
  }
  return other;
}

std::vector<int8_t> SampleLevels(const Comparator& comparator,
                                 const std::vector<std::vector<PreparedValue>>& prepared,
                                 const std::vector<std::pair<uint32_t, uint32_t>>& pairs,
                                 size_t max_pairs) {
  const size_t fields = comparator.size();
  const size_t step = max_pairs == 0
                          ? pairs.size() + 1
                          : std::max<size_t>(1, (pairs.size() + max_pairs - 1) / max_pairs);
  std::vector<int8_t> levels;
  levels.reserve(std::min(pairs.size(), max_pairs) * fields);
  for (size_t k = 0; k < pairs.size(); k += step) {
    const size_t at = levels.size();
    levels.resize(at + fields);
    comparator.Compare(prepared[pairs[k].first], prepared[pairs[k].second], levels.data() + at);
  }
  return levels;
}

std::vector<ScoredPair> ScorePairs(const Comparator& comparator, const Model& model,
                                   const std::vector<std::vector<PreparedValue>>& prepared,
                                   const std::vector<std::pair<uint32_t, uint32_t>>& pairs,
                                   double keep, int threads) {
  return internal::ScoreInParts(comparator, model, pairs, keep, threads, [&] {
    return [&](uint32_t a, uint32_t b, int8_t* levels, double* weights) {
      comparator.Compare(prepared[a], prepared[b], levels);
      return model.Weight(levels, prepared[a], weights);
    };
  });
}

}  // namespace memoria::linkage
