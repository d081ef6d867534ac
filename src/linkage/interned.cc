// Interned values (PreparedSet): each distinct value of a field is prepared
// once and records hold ids into the field's dictionary; comparison vectors
// on ids (SetComparer), the term frequencies by id, and the sampling,
// u-estimation and scoring passes over a PreparedSet. At 1,000,000 records
// the per-record strings (normalised text, Latin form, phonetic key for 11
// fields) were gigabytes; the ids are 44 bytes a record.
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <random>
#include <thread>

#include "linkage/internal/parts.h"
#include "linkage/linkage.h"

namespace memoria::linkage {
namespace {

constexpr double kMaxTfAdjust = 4.0;  // bits, as Model::Weight
constexpr char kBirthSeparator = '\x1f';

using internal::Scramble;

// The birth year as blocking reads it: the parsed date's year, else the
// first four digits written.
int BirthYearOf(const Record& r) {
  if (!r.birth.empty() && r.birth.earliest_day() != Edtf::kMinDay) {
    return r.birth.earliest_day() / 10000;
  }
  int year = 0, digits = 0;
  for (char c : r.birth_text) {
    if (c < '0' || c > '9') continue;
    year = year * 10 + (c - '0');
    if (++digits == 4) return year;
  }
  return 0;
}

// Runs fn(k) for k in [0, n) on "threads" threads, interleaved.
void Parallel(size_t n, int threads, const std::function<void(size_t)>& fn) {
  const size_t t = static_cast<size_t>(std::max(1, threads));
  auto run = [&](size_t part) {
    for (size_t k = part; k < n; k += t) fn(k);
  };
  std::vector<std::thread> pool;
  for (size_t part = 1; part < t; ++part) pool.emplace_back(run, part);
  run(0);
  for (std::thread& th : pool) th.join();
}

}  // namespace

PreparedSetBuilder::PreparedSetBuilder(const Comparator& comparator)
    : comparator_(comparator), birth_(comparator.size()) {
  const size_t fields = comparator.size();
  set_.fields_ = fields;
  dictionary_.resize(fields);
  raw_.resize(fields);
  for (size_t f = 0; f < fields; ++f) {
    if (comparator.fields()[f].name == "birth") birth_ = f;
    raw_[f].emplace_back();  // id 0: missing
  }
  births_.emplace_back();
}

void PreparedSetBuilder::Add(const Record& record) {
  for (size_t f = 0; f < set_.fields_; ++f) {
    const std::string* raw = RecordField(record, comparator_.fields()[f].name);
    std::string key;
    if (f == birth_) {
      if (record.birth.empty() && record.birth_text.empty()) {
        set_.ids_.push_back(0);
        continue;
      }
      // The parsed date and the text together: one is read from the other
      // by the importer, but not always the same way.
      key = record.birth_text;
      key.push_back(kBirthSeparator);
      if (!record.birth.empty()) key += record.birth.ToString();
    } else if (raw == nullptr || raw->empty()) {
      set_.ids_.push_back(0);
      continue;
    } else {
      key = *raw;
    }
    auto [it, added] =
        dictionary_[f].try_emplace(std::move(key), static_cast<uint32_t>(raw_[f].size()));
    if (added) {
      raw_[f].push_back(it->first);
      if (f == birth_) births_.push_back(record.birth);
    }
    set_.ids_.push_back(it->second);
  }
  set_.sources_.push_back(record.source);
  set_.years_.push_back(BirthYearOf(record));
}

PreparedSet PreparedSetBuilder::Finish(int threads) {
  const size_t fields = set_.fields_;
  dictionary_.clear();
  set_.values_.resize(fields);
  set_.self_.resize(fields);
  set_.text_hash_.resize(fields);
  std::vector<std::pair<uint32_t, uint32_t>> jobs;  // (field, id)
  for (size_t f = 0; f < fields; ++f) {
    const size_t n = raw_[f].size();
    set_.values_[f].resize(n);
    set_.self_[f].assign(n, kMissing);
    set_.text_hash_[f].assign(n, 0);
    for (uint32_t id = 1; id < n; ++id) jobs.emplace_back(static_cast<uint32_t>(f), id);
  }
  // Interleaved, so that both threads get names and places alike.
  Parallel(jobs.size(), threads, [&](size_t k) {
    const auto [f, id] = jobs[k];
    std::string raw = raw_[f][id];
    Edtf birth;
    if (f == birth_) {
      const size_t cut = raw.rfind(kBirthSeparator);
      if (cut != std::string::npos) raw.resize(cut);
      birth = births_[id];
    }
    PreparedValue& v = set_.values_[f][id];
    v = comparator_.PrepareValue(f, &raw, birth);
    set_.self_[f][id] = comparator_.CompareField(f, v, v);
    const std::string text = NormalizedText(raw);
    if (!text.empty()) set_.text_hash_[f][id] = Scramble(std::hash<std::string>()(text)) | 1;
  });
  raw_.clear();
  births_.clear();
  if (birth_ == fields) set_.years_.clear();
  return std::move(set_);
}

SetComparer::SetComparer(const Comparator& comparator, const PreparedSet& set)
    : comparator_(comparator), set_(set), cache_(set.fields() * kSlots) {
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t f = 0; f < comparator.size(); ++f) {
      const FieldSpec& spec = comparator.fields()[f];
      const bool vetoing = spec.kind == FieldKind::kName || spec.veto;
      if (vetoing == (pass == 0)) order_.push_back(f);
    }
    if (pass == 0) vetoing_ = order_.size();
  }
}

int8_t SetComparer::Level(size_t f, uint32_t ia, uint32_t ib) {
  if (ia == 0 || ib == 0) return kMissing;
  if (ia == ib) return set_.self_level(f, ia);
  // (a, b) and the level in one word: 28 bits an id (larger ids are not
  // cached), 8 bits the level + 1, so that 0 is an empty slot.
  if ((ia | ib) >= (1u << 28)) {
    return comparator_.CompareField(f, set_.value(f, ia), set_.value(f, ib));
  }
  const uint64_t key = (static_cast<uint64_t>(ia) << 36) | (static_cast<uint64_t>(ib) << 8);
  uint64_t& slot = cache_[f * kSlots + (Scramble(key) & (kSlots - 1))];
  if ((slot & ~uint64_t{0xff}) != key || (slot & 0xff) == 0) {
    const int8_t level = comparator_.CompareField(f, set_.value(f, ia), set_.value(f, ib));
    slot = key | static_cast<uint64_t>(level + 1);
  }
  return static_cast<int8_t>(static_cast<int>(slot & 0xff) - 1);
}

void SetComparer::Compare(uint32_t a, uint32_t b, int8_t* levels) {
  const uint32_t* x = set_.ids(a);
  const uint32_t* y = set_.ids(b);
  for (size_t f = 0; f < set_.fields(); ++f) levels[f] = Level(f, x[f], y[f]);
}

bool SetComparer::ComparePlausible(uint32_t a, uint32_t b, int8_t* levels) {
  const uint32_t* x = set_.ids(a);
  const uint32_t* y = set_.ids(b);
  for (size_t k = 0; k < order_.size(); ++k) {
    const size_t f = order_[k];
    levels[f] = Level(f, x[f], y[f]);
    if (k < vetoing_ && internal::Vetoes(comparator_.fields()[f], levels[f])) return false;
  }
  return true;
}

void Model::SetTermFrequencies(const Comparator& comparator, const PreparedSet& set) {
  tf_by_id_.assign(comparator.size(), {});
  for (size_t f = 0; f < comparator.size(); ++f) {
    if (!comparator.fields()[f].term_frequency) continue;
    // Counted by id, then by normalised text (several spellings as written
    // are one text).
    std::vector<uint64_t> by_id(set.distinct(f), 0);
    for (size_t r = 0; r < set.size(); ++r) ++by_id[set.ids(r)[f]];
    std::unordered_map<std::string_view, uint64_t> by_text;
    uint64_t total = 0;
    for (uint32_t id = 1; id < by_id.size(); ++id) {
      const std::string& text = set.value(f, id).text;
      if (text.empty() || by_id[id] == 0) continue;
      by_text[text] += by_id[id];
      total += by_id[id];
    }
    if (total == 0) continue;
    double random_agreement = 0;
    for (const auto& [text, n] : by_text) {
      const double share = static_cast<double>(n) / total;
      random_agreement += share * share;
    }
    std::vector<double>& adjust = tf_by_id_[f];
    adjust.assign(by_id.size(), 0.0);
    for (uint32_t id = 1; id < by_id.size(); ++id) {
      auto it = by_text.find(set.value(f, id).text);
      if (it == by_text.end()) continue;
      const double freq = static_cast<double>(it->second) / total;
      adjust[id] = std::clamp(std::log2(random_agreement / freq), -kMaxTfAdjust, kMaxTfAdjust);
    }
  }
}

double Model::Weight(const int8_t* levels, const uint32_t* ids, double* per_field) const {
  double w = 0;
  for (size_t f = 0; f < fields_.size(); ++f) {
    if (per_field != nullptr) per_field[f] = 0;
    if (levels[f] < 0) continue;
    double x = weights_[f][levels[f]];
    if (levels[f] == kExact && f < tf_by_id_.size() && !tf_by_id_[f].empty()) {
      x += tf_by_id_[f][ids[f]];
    }
    if (per_field != nullptr) per_field[f] = x;
    w += x;
  }
  return w;
}

std::vector<std::array<double, kLevels>> RandomPairU(const Comparator& comparator,
                                                     const PreparedSet& set, size_t samples,
                                                     uint64_t seed, bool cross_source_only) {
  std::vector<std::array<double, kLevels>> u(comparator.size());
  for (auto& a : u) a.fill(1.0);  // Laplace smoothing
  auto normalize = [](std::array<double, kLevels>* a) {
    double sum = 0;
    for (double& x : *a) sum += (x = std::max(x, 1e-6));
    for (double& x : *a) x /= sum;
  };
  if (set.size() < 2) {
    for (auto& a : u) normalize(&a);
    return u;
  }
  SetComparer compare(comparator, set);
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<size_t> pick(0, set.size() - 1);
  std::vector<int8_t> levels(comparator.size());
  size_t drawn = 0;
  for (size_t tries = 0; drawn < samples && tries < samples * 20; ++tries) {
    const size_t i = pick(rng), j = pick(rng);
    if (i == j) continue;
    if (cross_source_only && set.source(i) == set.source(j)) continue;
    compare.Compare(static_cast<uint32_t>(i), static_cast<uint32_t>(j), levels.data());
    for (size_t f = 0; f < levels.size(); ++f) {
      if (levels[f] >= 0) u[f][levels[f]] += 1;
    }
    ++drawn;
  }
  for (auto& a : u) normalize(&a);
  return u;
}

std::vector<int8_t> SampleLevels(const Comparator& comparator, const PreparedSet& set,
                                 const std::vector<std::pair<uint32_t, uint32_t>>& pairs,
                                 size_t max_pairs, int threads) {
  const size_t fields = comparator.size();
  const size_t step = max_pairs == 0
                          ? pairs.size() + 1
                          : std::max<size_t>(1, (pairs.size() + max_pairs - 1) / max_pairs);
  const size_t rows = (pairs.size() + step - 1) / step;
  std::vector<int8_t> levels(rows * fields);
  // Each thread a contiguous share of the rows: the same rows in the same
  // order on any number of threads.
  const size_t n = static_cast<size_t>(std::max(1, threads));
  auto run = [&](size_t part) {
    SetComparer compare(comparator, set);
    for (size_t row = rows * part / n; row < rows * (part + 1) / n; ++row) {
      const auto& [a, b] = pairs[row * step];
      compare.Compare(a, b, levels.data() + row * fields);
    }
  };
  std::vector<std::thread> pool;
  for (size_t part = 1; part < n; ++part) pool.emplace_back(run, part);
  run(0);
  for (std::thread& t : pool) t.join();
  return levels;
}

std::vector<ScoredPair> ScorePairs(const Comparator& comparator, const Model& model,
                                   const PreparedSet& set,
                                   const std::vector<std::pair<uint32_t, uint32_t>>& pairs,
                                   double keep, int threads, bool plausible_only) {
  return internal::ScoreInParts(comparator, model, pairs, keep, threads, [&] {
    // The comparer's cache is the thread's own. A pair dropped as not
    // plausible weighs -infinity: probability 0, below any "keep".
    return [&, compare = std::make_unique<SetComparer>(comparator, set)](
               uint32_t a, uint32_t b, int8_t* levels, double* weights) {
      if (!plausible_only) {
        compare->Compare(a, b, levels);
      } else if (!compare->ComparePlausible(a, b, levels)) {
        return -std::numeric_limits<double>::infinity();
      }
      return model.Weight(levels, set.ids(a), weights);
    };
  });
}

}  // namespace memoria::linkage
