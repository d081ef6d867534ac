// Multi-pass blocking over interned values (linkage.h, Block on a
// PreparedSet): the same keys as blocking.cc, but each a 64-bit hash of
// the parts it is made of, computed once per record and pass from the
// values prepared once per distinct value (folded name, phonetic key, Latin
// form). A pass's blocks are runs of its (key, record) entries sorted; a
// window probe is a binary search. The pairs are kept as 64-bit numbers
// (first << 32 | second) until the end.
#include <algorithm>
#include <atomic>
#include <functional>
#include <iterator>
#include <mutex>
#include <numeric>
#include <string>
#include <thread>

#include "linkage/internal/parts.h"
#include "linkage/linkage.h"
#include "names/phonetic.h"
#include "names/translit.h"

namespace memoria::linkage {
namespace {

uint64_t Mix(uint64_t h, uint64_t v) {
  return internal::Scramble(h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2)));
}

uint64_t HashText(std::string_view s) { return Mix(0x51ed27, std::hash<std::string_view>()(s)); }

// What the passes read of the set, by field.
struct Parts {
  const PreparedSet& set;
  size_t given, surname, patronymic, birth, postcode, locality;
  std::vector<std::vector<uint64_t>> key_hash;  // per field, per id: the phonetic key's hash

  const PreparedValue* Value(size_t f, uint32_t r) const {
    if (f >= set.fields()) return nullptr;
    const uint32_t id = set.ids(r)[f];
    return id == 0 ? nullptr : &set.value(f, id);
  }
  // The folded name (empty when missing).
  std::string_view Folded(size_t f, uint32_t r) const {
    const PreparedValue* v = Value(f, r);
    return v == nullptr ? std::string_view() : std::string_view(v->text);
  }
  uint64_t Key(size_t f, uint32_t r) const { return key_hash[f][set.ids(r)[f]]; }
  // The first letter of the Latin form ("и" and "i" alike); 0 when none.
  char Initial(size_t f, uint32_t r) const {
    const PreparedValue* v = Value(f, r);
    return v == nullptr || v->text.empty() || v->latin.empty() ? 0 : v->latin[0];
  }
};

// Index and probe keys of record "r" in one pass (probe empty: the same as
// index).
void PassKeys(const Parts& p, uint32_t r, const BlockingPass& pass, size_t attribute, int window,
              std::vector<uint64_t>* index, std::vector<uint64_t>* probe) {
  auto windowed = [&](uint64_t key) {
    const int year = p.set.birth_year(r);
    if (year == 0) return;
    index->push_back(Mix(key, static_cast<uint64_t>(year)));
    for (int y = year - window; y <= year + window; ++y) {
      probe->push_back(Mix(key, static_cast<uint64_t>(y)));
    }
  };
  switch (pass.key) {
    case BlockingKey::kSurnamePhonetic:
      if (!p.Folded(p.surname, r).empty()) index->push_back(p.Key(p.surname, r));
      break;
    case BlockingKey::kSurnameDaitchMokotoff: {
      const std::string_view f = p.Folded(p.surname, r);
      if (f.empty()) break;
      for (const std::string& code : names::DaitchMokotoff(
               names::Transliterate(std::string(f), names::Scheme::kIcaoDoc9303))) {
        index->push_back(HashText(code));
      }
      break;
    }
    case BlockingKey::kGivenPhoneticBirthYear:
      if (p.Folded(p.given, r).empty()) break;
      windowed(Mix(1, p.Key(p.given, r)));
      return;
    case BlockingKey::kBirthDate: {
      const PreparedValue* v = p.Value(p.birth, r);
      if (v == nullptr) break;
      if (!v->date.empty() && v->date.earliest_day() == v->date.latest_day()) {
        index->push_back(Mix(2, static_cast<uint64_t>(v->date.earliest_day())));
      } else if (uint64_t t = p.set.text_hash(p.birth, p.set.ids(r)[p.birth]); t != 0) {
        index->push_back(Mix(3, t));
      }
      break;
    }
    case BlockingKey::kPostcode:
      if (p.postcode < p.set.fields()) {
        if (uint64_t t = p.set.text_hash(p.postcode, p.set.ids(r)[p.postcode]); t != 0) {
          index->push_back(t);
        }
      }
      break;
    case BlockingKey::kLocalitySurnameInitial: {
      if (p.locality >= p.set.fields()) break;
      const uint64_t l = p.set.text_hash(p.locality, p.set.ids(r)[p.locality]);
      const PreparedValue* s = p.Value(p.surname, r);
      if (l != 0 && s != nullptr && !s->key.empty()) {
        index->push_back(Mix(l, static_cast<unsigned char>(s->key[0])));
      }
      break;
    }
    case BlockingKey::kAttribute:
      if (attribute < p.set.fields()) {
        if (uint64_t t = p.set.text_hash(attribute, p.set.ids(r)[attribute]); t != 0) {
          index->push_back(t);
        }
      }
      break;
    case BlockingKey::kSurnameGivenInitial: {
      const char g = p.Initial(p.given, r);
      if (!p.Folded(p.surname, r).empty() && g != 0) {
        index->push_back(Mix(p.Key(p.surname, r), static_cast<unsigned char>(g)));
      }
      break;
    }
    case BlockingKey::kSurnameBirthYear:
      if (p.Folded(p.surname, r).empty()) break;
      windowed(Mix(4, p.Key(p.surname, r)));
      return;
    case BlockingKey::kGivenPatronymicBirthYear:
      // An initial says too little to block on.
      if (p.Folded(p.given, r).size() < 3 || p.Folded(p.patronymic, r).size() < 3) break;
      windowed(Mix(Mix(5, p.Key(p.given, r)), p.Key(p.patronymic, r)));
      return;
    case BlockingKey::kGivenPatronymicSurnameInitial: {
      const char s = p.Initial(p.surname, r);
      if (p.Folded(p.given, r).size() < 3 || p.Folded(p.patronymic, r).size() < 3 || s == 0) break;
      index->push_back(Mix(Mix(Mix(6, p.Key(p.given, r)), p.Key(p.patronymic, r)),
                           static_cast<unsigned char>(s)));
      break;
    }
    case BlockingKey::kAttributeSurnameInitial: {
      const char s = p.Initial(p.surname, r);
      if (attribute >= p.set.fields() || s == 0) break;
      if (uint64_t t = p.set.text_hash(attribute, p.set.ids(r)[attribute]); t != 0) {
        index->push_back(Mix(t, static_cast<unsigned char>(s)));
      }
      break;
    }
  }
  *probe = *index;
}

// Sorts "v": in as many parts as threads (each sorted on its own thread),
// then merged pairwise. The same order as one std::sort.
void SortOnThreads(std::vector<uint64_t>* v, int threads) {
  const size_t parts = std::clamp<size_t>(static_cast<size_t>(std::max(threads, 1)), 1,
                                          std::max<size_t>(1, v->size() / 100000));
  if (parts <= 1) {
    std::sort(v->begin(), v->end());
    return;
  }
  std::vector<size_t> bounds(parts + 1);
  for (size_t k = 0; k <= parts; ++k) bounds[k] = v->size() * k / parts;
  std::vector<std::thread> pool;
  for (size_t k = 1; k < parts; ++k) {
    pool.emplace_back([&, k] { std::sort(v->begin() + bounds[k], v->begin() + bounds[k + 1]); });
  }
  std::sort(v->begin(), v->begin() + bounds[1]);
  for (std::thread& t : pool) t.join();
  for (size_t width = 1; width < parts; width *= 2) {
    for (size_t k = 0; k + width < parts; k += 2 * width) {
      const size_t end = bounds[std::min(parts, k + 2 * width)];
      std::inplace_merge(v->begin() + bounds[k], v->begin() + bounds[k + width], v->begin() + end);
    }
  }
}

// The rank of each record in the order of a large block's sorted
// neighbourhood: the Latin forms of surname, given name and patronymic,
// then the birth year.
std::vector<uint32_t> NeighbourhoodRanks(const Parts& p) {
  const uint32_t n = static_cast<uint32_t>(p.set.size());
  std::vector<std::string> keys(n);
  for (uint32_t r = 0; r < n; ++r) {
    for (size_t f : {p.surname, p.given, p.patronymic}) {
      const PreparedValue* v = p.Value(f, r);
      if (v != nullptr && !v->text.empty()) keys[r] += v->latin;
      keys[r].push_back('|');
    }
    keys[r] += std::to_string(p.set.birth_year(r));
  }
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(),
            [&](uint32_t x, uint32_t y) { return keys[x] != keys[y] ? keys[x] < keys[y] : x < y; });
  std::vector<uint32_t> rank(n);
  for (uint32_t k = 0; k < n; ++k) {
    rank[order[k]] = k > 0 && keys[order[k]] == keys[order[k - 1]] ? rank[order[k - 1]] : k;
  }
  return rank;
}

size_t FieldNamed(const Comparator& c, std::string_view name) {
  for (size_t f = 0; f < c.size(); ++f) {
    if (c.fields()[f].name == name) return f;
  }
  return c.size();
}

}  // namespace

Blocking Block(const Comparator& comparator, const PreparedSet& set,
               const BlockingOptions& options) {
  Parts p{set,
          FieldNamed(comparator, "given"),
          FieldNamed(comparator, "surname"),
          FieldNamed(comparator, "patronymic"),
          FieldNamed(comparator, "birth"),
          FieldNamed(comparator, "postcode"),
          FieldNamed(comparator, "locality"),
          {}};
  p.key_hash.resize(set.fields());
  for (size_t f : {p.given, p.surname, p.patronymic}) {
    if (f >= set.fields() || !p.key_hash[f].empty()) continue;
    p.key_hash[f].resize(set.distinct(f));
    for (uint32_t id = 1; id < set.distinct(f); ++id) {
      p.key_hash[f][id] = HashText(set.value(f, id).key);
    }
  }
  const uint32_t n = static_cast<uint32_t>(set.size());
  Blocking out;
  std::vector<uint32_t> rank;  // NeighbourhoodRanks, made when first needed
  std::once_flag ranked;
  std::vector<uint64_t> all;  // the pairs so far, first << 32 | second, sorted
  std::mutex merging;         // guards "all" and out.skipped_blocks
  // One pass: its pairs, sorted without duplicates, merged into "all".
  auto run_pass = [&](const BlockingPass& pass, int sort_threads) {
    std::vector<uint64_t> pass_pairs;
    size_t skipped = 0;
    auto add = [&](uint32_t i, uint32_t j) {
      if (i == j) return;
      if (options.cross_source_only && set.source(i) == set.source(j)) return;
      pass_pairs.push_back((static_cast<uint64_t>(std::min(i, j)) << 32) | std::max(i, j));
    };
    std::vector<uint64_t> index, probe;
    const size_t attribute =
        pass.attribute.empty() ? set.fields() : FieldNamed(comparator, pass.attribute);
    // The entries (key, record), and each record's probe keys.
    std::vector<std::pair<uint64_t, uint32_t>> entries;
    std::vector<uint32_t> probe_start(n + 1, 0);
    std::vector<uint64_t> probes;
    for (uint32_t r = 0; r < n; ++r) {
      index.clear();
      probe.clear();
      PassKeys(p, r, pass, attribute, options.year_window, &index, &probe);
      std::sort(index.begin(), index.end());
      index.erase(std::unique(index.begin(), index.end()), index.end());
      for (uint64_t k : index) entries.emplace_back(k, r);
      std::sort(probe.begin(), probe.end());
      probe.erase(std::unique(probe.begin(), probe.end()), probe.end());
      probes.insert(probes.end(), probe.begin(), probe.end());
      probe_start[r + 1] = static_cast<uint32_t>(probes.size());
    }
    std::sort(entries.begin(), entries.end());
    // The blocks: runs of one key, as (key, first entry); large ones
    // skipped, or compared by their sorted neighbourhood.
    std::vector<uint64_t> keys;
    std::vector<uint32_t> starts;
    std::vector<char> large(n, 0);
    std::vector<uint32_t> members;
    for (size_t b = 0; b < entries.size();) {
      size_t e = b;
      while (e < entries.size() && entries[e].first == entries[b].first) ++e;
      keys.push_back(entries[b].first);
      starts.push_back(static_cast<uint32_t>(b));
      if (e - b > options.max_block) {
        ++skipped;
        for (size_t k = b; k < e; ++k) large[entries[k].second] = 1;
        if (options.neighbourhood != 0) {
          std::call_once(ranked, [&] { rank = NeighbourhoodRanks(p); });
          members.clear();
          for (size_t k = b; k < e; ++k) members.push_back(entries[k].second);
          std::sort(members.begin(), members.end(), [&](uint32_t x, uint32_t y) {
            return rank[x] != rank[y] ? rank[x] < rank[y] : x < y;
          });
          for (size_t a = 0; a < members.size(); ++a) {
            const size_t last = std::min(members.size(), a + 1 + options.neighbourhood);
            for (size_t c = a + 1; c < last; ++c) add(members[a], members[c]);
          }
        }
      }
      b = e;
    }
    starts.push_back(static_cast<uint32_t>(entries.size()));
    for (uint32_t i = 0; i < n; ++i) {
      for (uint32_t k = probe_start[i]; k < probe_start[i + 1]; ++k) {
        const auto at = std::lower_bound(keys.begin(), keys.end(), probes[k]);
        if (at == keys.end() || *at != probes[k]) continue;
        const size_t block = static_cast<size_t>(at - keys.begin());
        const uint32_t lo = starts[block], hi = starts[block + 1];
        if (hi - lo > options.max_block) continue;
        // Each pair is taken from its higher record, except that a record
        // of a skipped block is not found from the other side.
        for (uint32_t x = lo; x < hi; ++x) {
          const uint32_t j = entries[x].second;
          if (j < i || (j > i && large[i])) add(i, j);
        }
      }
    }
    entries = {};
    probes = {};
    SortOnThreads(&pass_pairs, sort_threads);
    pass_pairs.erase(std::unique(pass_pairs.begin(), pass_pairs.end()), pass_pairs.end());
    std::lock_guard<std::mutex> lock(merging);
    out.skipped_blocks += skipped;
    std::vector<uint64_t> merged;
    merged.reserve(all.size() + pass_pairs.size());
    std::set_union(all.begin(), all.end(), pass_pairs.begin(), pass_pairs.end(),
                   std::back_inserter(merged));
    all.swap(merged);
  };
  // The passes on as many threads as options.threads, each taking the next
  // pass; the union is the same in any order. One thread sorts its pass's
  // pairs on every thread instead.
  const size_t workers =
      std::min(options.passes.size(), static_cast<size_t>(std::max(options.threads, 1)));
  if (workers <= 1) {
    for (const BlockingPass& pass : options.passes) run_pass(pass, options.threads);
  } else {
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t k = next++; k < options.passes.size(); k = next++) run_pass(options.passes[k], 1);
    };
    std::vector<std::thread> pool;
    for (size_t w = 1; w < workers; ++w) pool.emplace_back(work);
    work();
    for (std::thread& t : pool) t.join();
  }
  out.pairs.reserve(all.size());
  for (uint64_t x : all) {
    out.pairs.emplace_back(static_cast<uint32_t>(x >> 32), static_cast<uint32_t>(x));
  }
  return out;
}

}  // namespace memoria::linkage
