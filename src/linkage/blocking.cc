// Multi-pass blocking (Christen, "Data Matching", ch. 4): each pass puts
// records under keys; records sharing a key in any pass become a candidate
// pair. Window keys (birth year +- w) are written as "index" and "probe"
// keys: a record is filed under its own year and looks under the years
// around it.
#include <algorithm>
#include <cctype>
#include <iterator>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "linkage/linkage.h"
#include "names/names.h"
#include "names/phonetic.h"
#include "names/translit.h"

namespace memoria::linkage {
namespace {

std::string FoldedName(const std::string& raw) {
  return names::FoldForMatching(names::NormalizeNamePart(raw));
}

// The first letter of a folded name in its Latin form ("и" and "i" alike),
// so that "И." and "Иван" share it.
std::string LatinInitial(const std::string& folded) {
  if (folded.empty()) return "";
  std::string latin = names::Transliterate(folded, names::Scheme::kIcaoDoc9303);
  if (latin.empty()) return "";
  return std::string(1, static_cast<char>(std::tolower(static_cast<unsigned char>(latin[0]))));
}

int BirthYear(const Record& r) {
  if (!r.birth.empty() && r.birth.earliest_day() != Edtf::kMinDay) {
    return r.birth.earliest_day() / 10000;
  }
  std::string digits;
  for (char c : r.birth_text) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  if (digits.size() >= 4) return std::stoi(digits.substr(0, 4));
  return 0;
}

// Keys a record is filed under ("index") and looks under ("probe") in one
// pass. Without a window the two are the same.
void PassKeys(const Record& r, const BlockingPass& pass, int window,
              std::vector<std::string>* index, std::vector<std::string>* probe) {
  switch (pass.key) {
    case BlockingKey::kSurnamePhonetic: {
      std::string f = FoldedName(r.surname);
      if (!f.empty()) index->push_back(names::PhoneticKey(f));
      break;
    }
    case BlockingKey::kSurnameDaitchMokotoff: {
      std::string f = FoldedName(r.surname);
      if (f.empty()) break;
      for (std::string& code :
           names::DaitchMokotoff(names::Transliterate(f, names::Scheme::kIcaoDoc9303))) {
        index->push_back(std::move(code));
      }
      break;
    }
    case BlockingKey::kGivenPhoneticBirthYear: {
      std::string f = FoldedName(r.given);
      const int year = BirthYear(r);
      if (f.empty() || year == 0) break;
      const std::string key = names::PhoneticKey(f) + "|";
      index->push_back(key + std::to_string(year));
      for (int y = year - window; y <= year + window; ++y) {
        probe->push_back(key + std::to_string(y));
      }
      return;
    }
    case BlockingKey::kBirthDate:
      if (!r.birth.empty() && r.birth.earliest_day() == r.birth.latest_day()) {
        index->push_back(std::to_string(r.birth.earliest_day()));
      } else if (!r.birth_text.empty()) {
        index->push_back(NormalizedText(r.birth_text));
      }
      break;
    case BlockingKey::kPostcode: {
      std::string p = NormalizedText(r.postcode);
      if (!p.empty()) index->push_back(p);
      break;
    }
    case BlockingKey::kLocalitySurnameInitial: {
      std::string l = NormalizedText(r.locality);
      std::string s = FoldedName(r.surname);
      if (!l.empty() && !s.empty()) index->push_back(l + "|" + names::PhoneticKey(s).substr(0, 1));
      break;
    }
    case BlockingKey::kAttribute:
      for (const auto& [name, value] : r.attributes) {
        if (name != pass.attribute) continue;
        std::string v = NormalizedText(value);
        if (!v.empty()) index->push_back(v);
      }
      break;
    case BlockingKey::kSurnameGivenInitial: {
      std::string s = FoldedName(r.surname);
      std::string g = LatinInitial(FoldedName(r.given));
      if (!s.empty() && !g.empty()) index->push_back(names::PhoneticKey(s) + "|" + g);
      break;
    }
    case BlockingKey::kSurnameBirthYear:
    case BlockingKey::kGivenPatronymicBirthYear: {
      std::string key;
      if (pass.key == BlockingKey::kSurnameBirthYear) {
        std::string s = FoldedName(r.surname);
        if (s.empty()) break;
        key = names::PhoneticKey(s);
      } else {
        std::string g = FoldedName(r.given), p = FoldedName(r.patronymic);
        // An initial says too little to block on.
        if (g.size() < 3 || p.size() < 3) break;
        key = names::PhoneticKey(g) + "|" + names::PhoneticKey(p);
      }
      const int year = BirthYear(r);
      if (year == 0) break;
      key += "|";
      index->push_back(key + std::to_string(year));
      for (int y = year - window; y <= year + window; ++y) {
        probe->push_back(key + std::to_string(y));
      }
      return;
    }
    case BlockingKey::kGivenPatronymicSurnameInitial: {
      std::string g = FoldedName(r.given), p = FoldedName(r.patronymic);
      std::string s = LatinInitial(FoldedName(r.surname));
      if (g.size() < 3 || p.size() < 3 || s.empty()) break;
      index->push_back(names::PhoneticKey(g) + "|" + names::PhoneticKey(p) + "|" + s);
      break;
    }
    case BlockingKey::kAttributeSurnameInitial: {
      std::string s = LatinInitial(FoldedName(r.surname));
      if (s.empty()) break;
      for (const auto& [name, value] : r.attributes) {
        if (name != pass.attribute) continue;
        std::string v = NormalizedText(value);
        if (!v.empty()) index->push_back(v + "|" + s);
      }
      break;
    }
  }
  *probe = *index;
}

// The order of a large block's records for the sorted neighbourhood: the
// Latin forms of surname, given name and patronymic, then the birth year.
std::vector<std::string> NeighbourhoodKeys(const std::vector<Record>& records) {
  std::vector<std::string> keys(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    const Record& r = records[i];
    for (const std::string* part : {&r.surname, &r.given, &r.patronymic}) {
      keys[i] += names::Transliterate(FoldedName(*part), names::Scheme::kIcaoDoc9303);
      keys[i].push_back('|');
    }
    keys[i] += std::to_string(BirthYear(r));
  }
  return keys;
}

}  // namespace

Blocking Block(const std::vector<Record>& records, const BlockingOptions& options) {
  Blocking out;
  std::vector<std::string> order;  // NeighbourhoodKeys, made when first needed
  using Pair = std::pair<uint32_t, uint32_t>;
  std::vector<Pair> pass_pairs;
  auto add = [&](uint32_t i, uint32_t j) {
    if (i == j) return;
    if (options.cross_source_only && records[i].source == records[j].source) return;
    pass_pairs.push_back({std::min(i, j), std::max(i, j)});
  };
  for (const BlockingPass& pass : options.passes) {
    std::vector<std::vector<std::string>> probes(records.size());
    std::unordered_map<std::string, std::vector<uint32_t>> blocks;
    for (uint32_t i = 0; i < records.size(); ++i) {
      std::vector<std::string> index;
      PassKeys(records[i], pass, options.year_window, &index, &probes[i]);
      std::sort(index.begin(), index.end());
      index.erase(std::unique(index.begin(), index.end()), index.end());
      for (const std::string& k : index) blocks[k].push_back(i);
    }
    // A block too large to compare whole: skipped, or its sorted
    // neighbourhood (each record against the next few in name order).
    std::vector<char> large(records.size(), 0);
    for (auto& [key, members] : blocks) {
      if (members.size() <= options.max_block) continue;
      ++out.skipped_blocks;
      for (uint32_t m : members) large[m] = 1;
      if (options.neighbourhood == 0) continue;
      if (order.empty()) order = NeighbourhoodKeys(records);
      std::sort(members.begin(), members.end(), [&](uint32_t x, uint32_t y) {
        return order[x] != order[y] ? order[x] < order[y] : x < y;
      });
      for (size_t a = 0; a < members.size(); ++a) {
        const size_t last = std::min(members.size(), a + 1 + options.neighbourhood);
        for (size_t b = a + 1; b < last; ++b) add(members[a], members[b]);
      }
    }
    for (uint32_t i = 0; i < records.size(); ++i) {
      std::sort(probes[i].begin(), probes[i].end());
      probes[i].erase(std::unique(probes[i].begin(), probes[i].end()), probes[i].end());
      for (const std::string& k : probes[i]) {
        auto it = blocks.find(k);
        if (it == blocks.end() || it->second.size() > options.max_block) continue;
        // Records find each other from both sides (a window is
        // symmetric), so each pair is taken from its higher record; but a
        // record of a skipped block is not found from the other side.
        for (uint32_t j : it->second) {
          if (j < i || (j > i && large[i])) add(i, j);
        }
      }
    }
    probes.clear();
    blocks.clear();
    std::sort(pass_pairs.begin(), pass_pairs.end());
    pass_pairs.erase(std::unique(pass_pairs.begin(), pass_pairs.end()), pass_pairs.end());
    std::vector<Pair> merged;
    merged.reserve(out.pairs.size() + pass_pairs.size());
    std::set_union(out.pairs.begin(), out.pairs.end(), pass_pairs.begin(), pass_pairs.end(),
                   std::back_inserter(merged));
    out.pairs.swap(merged);
    pass_pairs.clear();
    pass_pairs.shrink_to_fit();
  }
  return out;
}

uint64_t AllPairs(const std::vector<Record>& records, bool cross_source_only) {
  const uint64_t n = records.size();
  uint64_t all = n * (n - (n > 0 ? 1 : 0)) / 2;
  if (!cross_source_only) return all;
  std::unordered_map<int, uint64_t> per_source;
  for (const Record& r : records) ++per_source[r.source];
  for (const auto& [source, k] : per_source) all -= k * (k - 1) / 2;
  return all;
}

namespace {

// The number of true pairs: per entity, the pairs of its records (across
// sources only, when asked).
uint64_t TruePairs(const std::vector<Record>& records, const std::vector<std::string>& entity,
                   bool cross_source_only) {
  std::unordered_map<std::string, std::unordered_map<int, uint64_t>> groups;
  for (size_t i = 0; i < records.size(); ++i) ++groups[entity[i]][records[i].source];
  uint64_t total = 0;
  for (const auto& [e, per_source] : groups) {
    uint64_t n = 0, within = 0;
    for (const auto& [s, k] : per_source) {
      n += k;
      within += k * (k - 1) / 2;
    }
    total += n * (n - 1) / 2 - (cross_source_only ? within : 0);
  }
  return total;
}

}  // namespace

BlockingQuality MeasureBlocking(const std::vector<Record>& records,
                                const std::vector<std::string>& entity, const Blocking& blocking,
                                bool cross_source_only) {
  BlockingQuality q;
  q.candidates = blocking.pairs.size();
  q.all_pairs = AllPairs(records, cross_source_only);
  q.true_pairs = TruePairs(records, entity, cross_source_only);
  for (const auto& [a, b] : blocking.pairs) {
    if (cross_source_only && records[a].source == records[b].source) continue;
    if (entity[a] == entity[b]) ++q.true_pairs_kept;
  }
  q.pair_completeness =
      q.true_pairs == 0 ? 1.0 : static_cast<double>(q.true_pairs_kept) / q.true_pairs;
  q.reduction_ratio =
      q.all_pairs == 0 ? 0.0 : 1.0 - static_cast<double>(q.candidates) / q.all_pairs;
  return q;
}

}  // namespace memoria::linkage
