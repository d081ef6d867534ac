// The Fellegi–Sunter model (Fellegi & Sunter 1969) with m, u and the match
// share p estimated by EM under conditional independence of the fields
// (Winkler 1988), and Winkler's term-frequency adjustment of exact
// agreements.
#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <unordered_map>

#include "linkage/linkage.h"

namespace memoria::linkage {
namespace {

constexpr double kFloor = 1e-6;       // no probability is ever 0 (weights stay finite)
constexpr double kMaxTfAdjust = 4.0;  // bits

void Normalize(std::array<double, kLevels>* a) {
  double sum = 0;
  for (double& x : *a) {
    x = std::max(x, kFloor);
    sum += x;
  }
  for (double& x : *a) x /= sum;
}

double AgreementMass(const std::array<double, kLevels>& a) { return a[kExact] + a[kClose]; }

}  // namespace

Model::Model(double p, std::vector<FieldParams> fields) : p_(p), fields_(std::move(fields)) {
  weights_.resize(fields_.size());
  for (size_t f = 0; f < fields_.size(); ++f) {
    for (int level = 0; level < kLevels; ++level) {
      weights_[f][level] = std::log2(fields_[f].m[level] / fields_[f].u[level]);
    }
  }
}

double Model::FieldWeight(size_t f, int8_t level) const {
  if (level < 0 || f >= fields_.size()) return 0;
  return weights_[f][level];
}

double Model::Weight(const int8_t* levels, const std::vector<PreparedValue>& a,
                     double* per_field) const {
  double w = 0;
  for (size_t f = 0; f < fields_.size(); ++f) {
    double x = FieldWeight(f, levels[f]);
    if (levels[f] == kExact && f < tf_.size() && tf_[f].total > 0) {
      auto it = tf_[f].count.find(a[f].text);
      if (it != tf_[f].count.end()) {
        const double freq = static_cast<double>(it->second) / tf_[f].total;
        x += std::clamp(std::log2(tf_[f].random_agreement / freq), -kMaxTfAdjust, kMaxTfAdjust);
      }
    }
    if (per_field != nullptr) per_field[f] = x;
    w += x;
  }
  return w;
}

double Model::Probability(double weight) const {
  const double p = std::clamp(p_, 1e-9, 1 - 1e-9);
  const double log_odds = weight + std::log2(p / (1 - p));
  if (log_odds > 60) return 1.0;
  if (log_odds < -60) return 0.0;
  const double odds = std::exp2(log_odds);
  return odds / (1 + odds);
}

void Model::SetTermFrequencies(const Comparator& comparator,
                               const std::vector<std::vector<PreparedValue>>& prepared) {
  tf_.assign(comparator.size(), TermFrequencies{});
  for (size_t f = 0; f < comparator.size(); ++f) {
    if (!comparator.fields()[f].term_frequency) continue;
    TermFrequencies& t = tf_[f];
    for (const auto& values : prepared) {
      if (values[f].text.empty()) continue;
      ++t.count[values[f].text];
      ++t.total;
    }
    if (t.total == 0) continue;
    for (const auto& [value, n] : t.count) {
      const double share = static_cast<double>(n) / t.total;
      t.random_agreement += share * share;
    }
  }
}

std::vector<std::array<double, kLevels>> RandomPairU(
    const Comparator& comparator, const std::vector<std::vector<PreparedValue>>& prepared,
    size_t samples, uint64_t seed, bool cross_source_only, const std::vector<Record>& records) {
  std::vector<std::array<double, kLevels>> u(comparator.size());
  for (auto& a : u) a.fill(1.0);  // Laplace smoothing
  if (prepared.size() < 2) {
    for (auto& a : u) Normalize(&a);
    return u;
  }
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<size_t> pick(0, prepared.size() - 1);
  std::vector<int8_t> levels(comparator.size());
  size_t drawn = 0;
  for (size_t tries = 0; drawn < samples && tries < samples * 20; ++tries) {
    const size_t i = pick(rng), j = pick(rng);
    if (i == j) continue;
    if (cross_source_only && records[i].source == records[j].source) continue;
    comparator.Compare(prepared[i], prepared[j], levels.data());
    for (size_t f = 0; f < levels.size(); ++f) {
      if (levels[f] >= 0) u[f][levels[f]] += 1;
    }
    ++drawn;
  }
  for (auto& a : u) Normalize(&a);
  return u;
}

std::vector<std::pair<std::vector<int8_t>, double>> CountPatterns(
    size_t fields, const std::vector<int8_t>& levels) {
  std::vector<std::pair<std::vector<int8_t>, double>> out;
  const size_t n = fields == 0 ? 0 : levels.size() / fields;
  if (fields * 3 > 64) {
    std::map<std::vector<int8_t>, double> counted;
    for (size_t i = 0; i < n; ++i) {
      counted[std::vector<int8_t>(levels.begin() + i * fields,
                                  levels.begin() + (i + 1) * fields)] += 1;
    }
    out.assign(counted.begin(), counted.end());
    return out;
  }
  // Each vector as a number, three bits a level (kMissing as 0), the first
  // field highest: sorting the numbers sorts the vectors.
  std::unordered_map<uint64_t, double> counted;
  for (size_t i = 0; i < n; ++i) {
    uint64_t key = 0;
    for (size_t f = 0; f < fields; ++f)
      key = (key << 3) | static_cast<uint64_t>(levels[i * fields + f] + 1);
    counted[key] += 1;
  }
  std::vector<std::pair<uint64_t, double>> sorted(counted.begin(), counted.end());
  std::sort(sorted.begin(), sorted.end());
  for (const auto& [key, count] : sorted) {
    std::vector<int8_t> pattern(fields);
    for (size_t f = 0; f < fields; ++f) {
      pattern[fields - 1 - f] = static_cast<int8_t>(static_cast<int>((key >> (3 * f)) & 7) - 1);
    }
    out.emplace_back(std::move(pattern), count);
  }
  return out;
}

Model EstimateEm(size_t fields, const std::vector<int8_t>& levels,
                 const std::vector<std::array<double, kLevels>>& u_start,
                 const EmOptions& options) {
  // Identical comparison vectors are counted once (there are few patterns).
  const auto counted = CountPatterns(fields, levels);
  std::vector<std::vector<int8_t>> patterns;
  std::vector<double> counts;
  for (auto& [pattern, c] : counted) {
    patterns.push_back(pattern);
    counts.push_back(c);
  }

  std::vector<FieldParams> params(fields);
  for (size_t f = 0; f < fields; ++f) {
    params[f].m = {0.05, 0.05, 0.15, 0.75};
    if (f < u_start.size()) {
      params[f].u = u_start[f];
    } else {
      params[f].u = {0.7, 0.15, 0.1, 0.05};
    }
  }
  double p = options.initial_p;
  std::vector<double> g(patterns.size());
  double previous = -1e300;
  for (int iteration = 0; iteration < options.max_iterations && !patterns.empty(); ++iteration) {
    // E step: the posterior probability that each pattern is a match.
    double log_likelihood = 0;
    for (size_t k = 0; k < patterns.size(); ++k) {
      double lm = std::log(p), lu = std::log(1 - p);
      for (size_t f = 0; f < fields; ++f) {
        const int8_t l = patterns[k][f];
        if (l < 0) continue;
        lm += std::log(params[f].m[l]);
        lu += std::log(params[f].u[l]);
      }
      const double top = std::max(lm, lu);
      const double total = top + std::log(std::exp(lm - top) + std::exp(lu - top));
      g[k] = std::exp(lm - total);
      log_likelihood += counts[k] * total;
    }
    // M step.
    double matched = 0, all = 0;
    std::vector<FieldParams> next(fields);
    for (size_t k = 0; k < patterns.size(); ++k) {
      matched += counts[k] * g[k];
      all += counts[k];
      for (size_t f = 0; f < fields; ++f) {
        const int8_t l = patterns[k][f];
        if (l < 0) continue;
        next[f].m[l] += counts[k] * g[k];
        next[f].u[l] += counts[k] * (1 - g[k]);
      }
    }
    p = std::clamp(matched / all, 1e-6, 1 - 1e-6);
    for (size_t f = 0; f < fields; ++f) {
      Normalize(&next[f].m);
      params[f].m = next[f].m;
      if (!options.fix_u) {
        Normalize(&next[f].u);
        params[f].u = next[f].u;
      }
    }
    if (std::fabs(log_likelihood - previous) < options.tolerance * std::fabs(log_likelihood)) break;
    previous = log_likelihood;
  }
  // The two classes are symmetric for EM: the one whose fields agree more is
  // the matches.
  double m_agree = 0, u_agree = 0;
  for (const FieldParams& fp : params) {
    m_agree += AgreementMass(fp.m);
    u_agree += AgreementMass(fp.u);
  }
  if (m_agree < u_agree && !options.fix_u) {
    for (FieldParams& fp : params) std::swap(fp.m, fp.u);
    p = 1 - p;
  }
  return Model(p, std::move(params));
}

}  // namespace memoria::linkage
