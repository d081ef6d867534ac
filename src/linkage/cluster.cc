// Clustering of scored pairs into persons, the whole pipeline, and the
// measures of a clustering against the truth (pairwise, after Christen's
// "Data Matching" ch. 7, and B-cubed after Bagga & Baldwin 1998).
//
// Why not connected components: one wrong link above the threshold joins two
// people's whole clusters, and through them others (chaining). Here links
// are taken strongest first, as single linkage would, but a merge must pass
// a complete-linkage check: every pair across the two clusters has to reach
// the cohesion floor. A cluster can grow only with records that fit all of
// its members.
#include <algorithm>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "linkage/linkage.h"

namespace memoria::linkage {
namespace {

uint64_t PairKey(uint32_t a, uint32_t b) {
  if (a > b) std::swap(a, b);
  return (static_cast<uint64_t>(a) << 32) | b;
}

}  // namespace

Clustering Cluster(const std::vector<Record>& records, const std::vector<ScoredPair>& pairs,
                   const ClusterOptions& options,
                   const std::function<double(uint32_t, uint32_t)>& score) {
  std::vector<int> sources;
  sources.reserve(records.size());
  for (const Record& r : records) sources.push_back(r.source);
  return Cluster(sources, pairs, options, score);
}

Clustering Cluster(const std::vector<int>& sources, const std::vector<ScoredPair>& pairs,
                   const ClusterOptions& options,
                   const std::function<double(uint32_t, uint32_t)>& score) {
  Clustering out;
  const uint32_t n = static_cast<uint32_t>(sources.size());
  std::vector<uint32_t> cluster(n);
  std::iota(cluster.begin(), cluster.end(), 0u);
  std::vector<std::vector<uint32_t>> members(n);
  for (uint32_t i = 0; i < n; ++i) members[i] = {i};

  std::unordered_map<uint64_t, double> known;
  known.reserve(pairs.size() * 2);
  std::vector<const ScoredPair*> links;
  for (const ScoredPair& p : pairs) {
    // Within a cluster a pair needs only to be probable: two variants of
    // one name can each be close to the name and far from each other.
    known[PairKey(p.a, p.b)] = p.probability;
    if (p.probability >= options.link_threshold &&
        (p.corroborated || !options.require_corroboration)) {
      links.push_back(&p);
    } else if (p.probability >= options.review_threshold &&
               (!p.names_only || (p.probability >= options.names_only_review &&
                                  (options.names_only_review <= 0 || p.names_close))) &&
               (p.plausible || !options.require_corroboration)) {
      out.review.push_back(p);
    }
  }
  out.links = links.size();
  std::stable_sort(links.begin(), links.end(),
                   [](const ScoredPair* x, const ScoredPair* y) { return x->weight > y->weight; });
  auto probability = [&](uint32_t a, uint32_t b) {
    auto it = known.find(PairKey(a, b));
    if (it != known.end()) return it->second;
    const double p = score(a, b);
    known.emplace(PairKey(a, b), p);
    return p;
  };

  for (const ScoredPair* link : links) {
    const uint32_t ca = cluster[link->a], cb = cluster[link->b];
    if (ca == cb) continue;
    bool ok = members[ca].size() + members[cb].size() <= options.max_cluster;
    if (ok && options.one_per_source) {
      std::unordered_set<int> in_cluster;
      for (uint32_t x : members[ca]) in_cluster.insert(sources[x]);
      for (uint32_t y : members[cb]) ok = ok && in_cluster.count(sources[y]) == 0;
    }
    for (size_t i = 0; ok && i < members[ca].size(); ++i) {
      for (size_t j = 0; ok && j < members[cb].size(); ++j) {
        ok = probability(members[ca][i], members[cb][j]) >= options.cohesion_floor;
      }
    }
    if (!ok) {
      ++out.refused_merges;
      out.review.push_back(*link);
      continue;
    }
    const uint32_t keep = std::min(ca, cb), gone = std::max(ca, cb);
    for (uint32_t y : members[gone]) cluster[y] = keep;
    members[keep].insert(members[keep].end(), members[gone].begin(), members[gone].end());
    members[gone].clear();
  }
  // A pair whose records ended in one cluster anyway needs no decision.
  std::erase_if(out.review, [&](const ScoredPair& p) { return cluster[p.a] == cluster[p.b]; });
  out.cluster_of = std::move(cluster);
  return out;
}

LinkResult Link(const std::vector<Record>& records, const LinkOptions& options) {
  LinkResult result;
  Comparator comparator(options.fields);
  const auto prepared = comparator.PrepareAll(records);
  result.blocking = Block(records, options.blocking);

  const size_t fields = comparator.size();
  std::vector<int8_t> levels(result.blocking.pairs.size() * fields);
  for (size_t k = 0; k < result.blocking.pairs.size(); ++k) {
    const auto& [a, b] = result.blocking.pairs[k];
    comparator.Compare(prepared[a], prepared[b], levels.data() + k * fields);
  }
  const auto u = RandomPairU(comparator, prepared, options.random_pairs, options.seed,
                             options.blocking.cross_source_only, records);
  result.model = EstimateEm(fields, levels, u, options.em);
  result.model.SetTermFrequencies(comparator, prepared);

  result.scored.reserve(result.blocking.pairs.size());
  for (size_t k = 0; k < result.blocking.pairs.size(); ++k) {
    const auto& [a, b] = result.blocking.pairs[k];
    const double w = result.model.Weight(levels.data() + k * fields, prepared[a]);
    result.scored.push_back({a, b, w, result.model.Probability(w)});
  }
  std::vector<int8_t> scratch(fields);
  auto score = [&](uint32_t a, uint32_t b) {
    if (options.blocking.cross_source_only && records[a].source == records[b].source) {
      return 1.0;  // pairs within one source are not judged in a linkage
    }
    comparator.Compare(prepared[a], prepared[b], scratch.data());
    return result.model.Probability(result.model.Weight(scratch.data(), prepared[a]));
  };
  result.clustering = Cluster(records, result.scored, options.cluster, score);
  return result;
}

LinkQuality Evaluate(const std::vector<Record>& records, const std::vector<std::string>& entity,
                     const std::vector<uint32_t>& cluster_of, bool cross_source_only) {
  LinkQuality q;
  // Pairwise: count, per (cluster, entity) cell, per cluster and per entity,
  // the pairs they contain (across sources only, when asked).
  struct Counts {
    uint64_t n = 0;
    std::unordered_map<int, uint64_t> per_source;
    uint64_t Pairs(bool cross) const {
      uint64_t p = n * (n - (n > 0 ? 1 : 0)) / 2;
      if (cross) {
        for (const auto& [s, k] : per_source) p -= k * (k - 1) / 2;
      }
      return p;
    }
    void Add(int source) {
      ++n;
      ++per_source[source];
    }
  };
  std::unordered_map<uint32_t, Counts> by_cluster;
  std::unordered_map<std::string, Counts> by_entity;
  std::unordered_map<std::string, Counts> by_cell;
  for (size_t i = 0; i < records.size(); ++i) {
    by_cluster[cluster_of[i]].Add(records[i].source);
    by_entity[entity[i]].Add(records[i].source);
    by_cell[std::to_string(cluster_of[i]) + "\x1f" + entity[i]].Add(records[i].source);
  }
  for (const auto& [c, k] : by_cluster) q.predicted_pairs += k.Pairs(cross_source_only);
  for (const auto& [e, k] : by_entity) q.true_pairs += k.Pairs(cross_source_only);
  for (const auto& [x, k] : by_cell) q.correct_pairs += k.Pairs(cross_source_only);
  q.precision =
      q.predicted_pairs == 0 ? 1.0 : static_cast<double>(q.correct_pairs) / q.predicted_pairs;
  q.recall = q.true_pairs == 0 ? 1.0 : static_cast<double>(q.correct_pairs) / q.true_pairs;
  q.f1 = q.precision + q.recall == 0 ? 0 : 2 * q.precision * q.recall / (q.precision + q.recall);

  // B-cubed: per record, the share of its cluster that is its entity
  // (precision) and the share of its entity that is in its cluster (recall),
  // the record itself included.
  double bp = 0, br = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    const double cell =
        static_cast<double>(by_cell[std::to_string(cluster_of[i]) + "\x1f" + entity[i]].n);
    bp += cell / by_cluster[cluster_of[i]].n;
    br += cell / by_entity[entity[i]].n;
  }
  if (!records.empty()) {
    q.bcubed_precision = bp / records.size();
    q.bcubed_recall = br / records.size();
    q.bcubed_f1 = 2 * q.bcubed_precision * q.bcubed_recall / (q.bcubed_precision + q.bcubed_recall);
  }
  return q;
}

}  // namespace memoria::linkage
