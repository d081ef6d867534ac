// NameIndex candidate lookup: for one query word, the stored parts it may
// stand for (the same text, the same phonetic key or one a few edits away,
// a text one or two typos away), each with its cost, and the shared cache of
// those lists; the sorted hash table of the deletion neighbourhoods. Query()
// in name_index.cc scores the names under the candidates.
#include <algorithm>
#include <array>
#include <bit>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/text.h"
#include "names/names.h"
#include "names/phonetic.h"
#include "names/translit.h"
#include "search/internal/deletions.h"
#include "search/internal/utf8.h"
#include "search/name_index.h"

namespace memoria::search {

using internal::ForEachKeyDeletion;
using internal::ForEachTextDeletion;
using internal::Hash;

namespace {

// Candidates whose reference forms are less alike than this are dropped.
constexpr double kMinSimilarity = 0.72;
// How many Cyrillic readings of a Latin word look for parts a typo or two
// away from them.
constexpr size_t kTypoReadings = 3;
// What a Latin word's Cyrillic reading takes off the similarity it gives.
constexpr double kReadingSimilarityDiscount = 0.01;

std::string LookAlikeReading(const std::string& word, bool to_cyrillic);
std::string OcrReading(const std::string& word);

}  // namespace

// A bounded map from query word to its candidates, shared by all threads.
// When a shard is full it is emptied: common given names come back at once.
class NameIndex::CandidateCache {
 public:
  using Value = std::shared_ptr<const std::vector<Candidate>>;
  Value Find(const std::string& word) {
    Shard& s = shards_[Hash(word) % kShards];
    std::lock_guard<std::mutex> lock(s.mu);
    auto it = s.map.find(word);
    return it == s.map.end() ? nullptr : it->second;
  }
  void Put(const std::string& word, Value v) {
    Shard& s = shards_[Hash(word) % kShards];
    std::lock_guard<std::mutex> lock(s.mu);
    if (s.map.size() >= kPerShard) s.map.clear();
    s.map.emplace(word, std::move(v));
  }

 private:
  static constexpr size_t kShards = 16;
  static constexpr size_t kPerShard = 512;
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, Value> map;
  };
  std::array<Shard, kShards> shards_;
};

NameIndex::NameIndex() : cache_(std::make_unique<CandidateCache>()) {}
NameIndex::~NameIndex() = default;

std::string_view NameIndex::Part(uint32_t id) const {
  return std::string_view(part_arena_)
      .substr(part_offsets_[id], part_offsets_[id + 1] - part_offsets_[id]);
}

std::string_view NameIndex::Ref(uint32_t id) const {
  return std::string_view(ref_arena_)
      .substr(ref_offsets_[id], ref_offsets_[id + 1] - ref_offsets_[id]);
}

std::string_view NameIndex::Key(uint32_t id) const {
  return std::string_view(key_arena_)
      .substr(key_offsets_[id], key_offsets_[id + 1] - key_offsets_[id]);
}

uint32_t NameIndex::FindKey(std::string_view key) const {
  size_t lo = 0, hi = distinct_keys();
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (Key(static_cast<uint32_t>(mid)) < key) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo < distinct_keys() && Key(static_cast<uint32_t>(lo)) == key) {
    return static_cast<uint32_t>(lo);
  }
  return kNoPart;
}
std::vector<NameIndex::Candidate> NameIndex::CandidatesFor(const std::string& word) const {
  std::vector<Candidate> out;
  std::string key = names::PhoneticKey(word);
  if (key.empty()) return out;
  // The key finds candidates; the cost says how close the spelling really
  // is, comparing both in one Latin reference form (ICAO Doc 9303), since
  // keys are deliberately coarse (every inner vowel is one letter).
  // A Latin query is also read back into its likeliest Cyrillic spellings,
  // so that Polish "Szczerbakowa" or GOST "Ŝerbakova" compare well too.
  std::vector<std::string> query_refs = {names::Transliterate(word, names::Scheme::kIcaoDoc9303)};
  // The keys of those Cyrillic spellings find parts too: the key of a
  // Latin spelling can miss ("Krivyh" and "Кривых" differ in their final h).
  std::vector<uint32_t> back_keys;
  bool latin = false;
  for (unsigned char c : word) latin |= (c >= 'a' && c <= 'z');
  std::vector<names::CyrillicCandidate> back;
  if (latin) {
    back = names::BackTransliterate(word, 4);
    for (const names::CyrillicCandidate& c : back) {
      query_refs.push_back(names::Transliterate(c.text, names::Scheme::kIcaoDoc9303));
      back_keys.push_back(FindKey(names::PhoneticKey(c.text)));
    }
    std::sort(query_refs.begin() + 1, query_refs.end());
    query_refs.erase(std::unique(query_refs.begin() + 1, query_refs.end()), query_refs.end());
    std::sort(back_keys.begin(), back_keys.end());
    back_keys.erase(std::unique(back_keys.begin(), back_keys.end()), back_keys.end());
  }
  auto add_key = [&](uint32_t k, uint8_t how) {
    for (uint32_t i = key_parts_begin_[k]; i < key_parts_begin_[k + 1]; ++i) {
      uint32_t p = key_part_ids_[i];
      if (Part(p) == word) {
        out.push_back(Candidate{p, 0.0f, 0});
        continue;
      }
      std::string_view ref = Ref(p);
      double similarity = 0;
      // The word's own reference form counts a little more than those of
      // its Cyrillic readings: "khassan" is Хассан before Хасан.
      for (size_t r = 0; r < query_refs.size(); ++r) {
        similarity = std::max(similarity, names::JaroWinkler(query_refs[r], ref) -
                                              (r == 0 ? 0.0 : kReadingSimilarityDiscount));
      }
      if (similarity < kMinSimilarity) continue;
      float cost = static_cast<float>((how == 1 ? 0.04 : 0.12) + 0.8 * (1.0 - similarity));
      out.push_back(Candidate{p, cost, how});
    }
  };
  uint32_t exact_key = FindKey(key);
  if (exact_key != kNoPart) add_key(exact_key, 1);
  for (uint32_t k : back_keys) {
    if (k != kNoPart && k != exact_key) add_key(k, 1);
  }
  // Keys one edit away: their deletion sets meet the query's.
  std::vector<uint32_t> near;
  auto collect = [&](uint32_t k) { near.push_back(k); };
  ForEachKeyDeletion(key, [&](uint64_t h) { key_deletes_.ForEach(h, collect); });
  // Long keys: two deletions on the query side meet one on the stored side,
  // reaching keys two edits away.
  if (key.size() >= 6) {
    std::string buf;
    for (size_t i = 0; i < key.size(); ++i) {
      buf.assign(key.substr(0, i));
      buf.append(key.substr(i + 1));
      std::string_view one = buf;
      for (size_t j = i; j < one.size(); ++j) {
        key_deletes_.ForEach(Hash(one.substr(0, j), one.substr(j + 1)), collect);
      }
    }
  }
  std::sort(near.begin(), near.end());
  near.erase(std::unique(near.begin(), near.end()), near.end());
  for (uint32_t k : near) {
    if (k == exact_key) continue;
    if (names::DamerauLevenshtein(key, Key(k)) <= (key.size() >= 6 ? 2 : 1)) add_key(k, 2);
  }
  // Parts one or two typos away in their own spelling; for a Latin word,
  // also parts one or two typos away from its likeliest Cyrillic readings
  // (a slip made in the Cyrillic before transliterating, or one in the
  // Latin that its reading carries back).
  AddTypoCandidates(word, 0.0f, &out);
  for (size_t i = 0; i < back.size() && i < kTypoReadings; ++i) {
    AddTypoCandidates(back[i].text, 0.03f, &out);
  }
  // Words of two letters have no deletion neighbourhood: the short parts
  // one edit away, an OCR confusion cheaper than any other letter.
  if (!latin && Utf8Length(word) == 2) AddShortCandidates(word, &out);
  // One candidate per part, the cheapest.
  std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
    return a.part != b.part ? a.part < b.part : a.cost < b.cost;
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Candidate& a, const Candidate& b) { return a.part == b.part; }),
            out.end());
  return out;
}

void NameIndex::AddTypoCandidates(const std::string& text, float extra,
                                  std::vector<Candidate>* out) const {
  std::vector<uint32_t> typo_parts;
  ForEachTextDeletion(text, [&](uint64_t h) {
    text_deletes_.ForEach(h, [&](uint32_t p) { typo_parts.push_back(p); });
  });
  std::sort(typo_parts.begin(), typo_parts.end());
  typo_parts.erase(std::unique(typo_parts.begin(), typo_parts.end()), typo_parts.end());
  // Two typos where either spelling is long enough to bear them: a
  // five-letter name with two typos may be four letters long.
  const size_t text_letters = Utf8Length(text);
  for (uint32_t p : typo_parts) {
    const size_t letters = std::max(text_letters, Utf8Length(Part(p)));
    const int max_typos = letters >= internal::kTwoEditLetters ? 2 : 1;
    int distance = names::DamerauLevenshtein(text, Part(p));
    if (distance > max_typos) continue;
    double similarity = names::JaroWinkler(text, Part(p));
    out->push_back(Candidate{
        p, static_cast<float>(0.06 * distance + 0.06 + 0.8 * (1.0 - similarity)) + extra, 2});
  }
}

namespace {

// True when Cyrillic letters "a" and "b" are an OCR confusion: letters
// alike in print (и н п л, ш щ ц, г т, е с, м и).
bool OcrConfusion(char32_t a, char32_t b) {
  static constexpr std::pair<char32_t, char32_t> kPairs[] = {
      {U'и', U'н'}, {U'п', U'н'}, {U'л', U'п'}, {U'и', U'п'}, {U'ш', U'щ'},
      {U'ц', U'щ'}, {U'г', U'т'}, {U'е', U'с'}, {U'м', U'и'}, {U'м', U'н'}};
  for (const auto& [x, y] : kPairs) {
    if ((a == x && b == y) || (a == y && b == x)) return true;
  }
  return false;
}

}  // namespace

void NameIndex::AddShortCandidates(const std::string& word, std::vector<Candidate>* out) const {
  const std::u32string w = internal::CodePoints(word);
  if (w.size() != 2) return;
  for (const ShortPart& s : short_parts_) {
    float cost = 0;
    if (s.letters == 2) {
      // One letter replaced (never both: "ли" is not "ан").
      const bool first = s.cp[0] != w[0], second = s.cp[1] != w[1];
      if (first == second) continue;
      const char32_t a = first ? w[0] : w[1], b = first ? s.cp[0] : s.cp[1];
      cost = OcrConfusion(a, b) ? 0.14f : first ? 0.4f : 0.3f;
    } else if (s.letters == 1) {
      // A letter dropped ("ю" for "юй"), or one too many read in.
      if (s.cp[0] != w[0] && s.cp[0] != w[1]) continue;
      cost = 0.35f;
    } else {
      // A letter inserted: "ли" for "лиу".
      const std::u32string_view v(s.cp, 3);
      bool near = false;
      for (size_t i = 0; i < 3 && !near; ++i) {
        near = (i == 0   ? v.substr(1)
                : i == 1 ? std::u32string{v[0], v[2]}
                         : std::u32string(v.substr(0, 2))) == w;
      }
      if (!near) continue;
      cost = 0.35f;
    }
    out->push_back(Candidate{s.part, cost, 2});
  }
}

uint32_t NameIndex::FindPart(std::string_view text) const {
  size_t lo = 0, hi = distinct_parts();
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    if (Part(static_cast<uint32_t>(mid)) < text) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo < distinct_parts() && Part(static_cast<uint32_t>(lo)) == text) {
    return static_cast<uint32_t>(lo);
  }
  return kNoPart;
}

std::vector<NameIndex::Candidate> NameIndex::SingleLetterCandidates(
    const std::string& letter) const {
  std::vector<Candidate> out;
  const uint32_t exact = FindPart(letter);
  if (exact != kNoPart) out.push_back(Candidate{exact, 0.0f, 0});
  for (const std::string& reading : {LookAlikeReading(letter, true), OcrReading(letter)}) {
    if (reading.empty() || reading == letter) continue;
    const uint32_t p = FindPart(reading);
    if (p != kNoPart) out.push_back(Candidate{p, 0.02f, 1});
  }
  std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
    return a.part != b.part ? a.part < b.part : a.cost < b.cost;
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Candidate& a, const Candidate& b) { return a.part == b.part; }),
            out.end());
  return out;
}

std::vector<NameIndex::Candidate> NameIndex::PrefixCandidatesFor(const std::string& prefix) const {
  std::vector<Candidate> out;
  if (prefix.empty()) return out;
  // A Latin prefix meets the parts' Latin reference forms (ICAO) and their
  // own spelling read back into Cyrillic.
  std::vector<std::string> latin_refs, cyrillic;
  bool latin = false;
  for (unsigned char c : prefix) latin |= (c >= 'a' && c <= 'z');
  if (latin) {
    latin_refs.push_back(names::Transliterate(prefix, names::Scheme::kIcaoDoc9303));
    for (const names::CyrillicCandidate& c : names::BackTransliterate(prefix, 4)) {
      cyrillic.push_back(c.text);
    }
  }
  const size_t parts = distinct_parts();
  for (uint32_t p = 0; p < parts; ++p) {
    const std::string_view part = Part(p);
    if (part.starts_with(prefix)) {
      out.push_back(Candidate{p, part.size() == prefix.size() ? 0.0f : 0.02f, 4});
      continue;
    }
    bool found = false;
    for (const std::string& c : cyrillic) found = found || part.starts_with(c);
    for (const std::string& r : latin_refs) found = found || Ref(p).starts_with(r);
    if (found) out.push_back(Candidate{p, 0.06f, 4});
  }
  return out;
}

namespace {

// The other-script reading of a folded word all of whose letters look like
// letters of the other script ("кpoн" with Latin p, o -> "крон"; "kpoh" ->
// "крон"), or "" when some letter has no look-alike.
std::string LookAlikeReading(const std::string& word, bool to_cyrillic) {
  static constexpr std::pair<char32_t, char32_t> kPairs[] = {
      {U'a', U'а'}, {U'b', U'ь'}, {U'c', U'с'}, {U'e', U'е'}, {U'h', U'н'},
      {U'k', U'к'}, {U'm', U'м'}, {U'o', U'о'}, {U'p', U'р'}, {U't', U'т'},
      {U'x', U'х'}, {U'y', U'у'}, {U'i', U'и'}};
  std::string out;
  for (size_t i = 0; i < word.size();) {
    const unsigned char b = static_cast<unsigned char>(word[i]);
    const size_t n = std::min(word.size() - i, size_t{b < 0x80   ? 1u
                                                      : b < 0xE0 ? 2u
                                                      : b < 0xF0 ? 3u
                                                                 : 4u});
    char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (size_t k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(word[i + k]) & 0x3F);
    i += n;
    if (c == U'-') {
      out.push_back('-');
      continue;
    }
    char32_t mapped = 0;
    for (const auto& [latin, cyrillic] : kPairs) {
      if (c == latin || c == cyrillic) mapped = to_cyrillic ? cyrillic : latin;
    }
    if (mapped == 0) return "";
    AppendUtf8(mapped, &out);
  }
  return out;
}

// The Cyrillic reading of a folded word as OCR misreads Cyrillic: "io",
// "10", "i0" for ю, digits for the letters they resemble (0 о, 3 з, 4 ч,
// 6 б), Latin look-alikes for their Cyrillic letters ("лio" -> "лю", "10й"
// -> "юй", "0" -> "о"); in words of up to three letters also "ио" for ю
// (normalisation turns the "io" of a Cyrillic word into "ио"). "" when
// some letter has no such reading or nothing changes.
std::string OcrReading(const std::string& word) {
  static constexpr std::pair<char32_t, char32_t> kSingle[] = {
      {U'a', U'а'}, {U'b', U'ь'}, {U'c', U'с'}, {U'e', U'е'}, {U'h', U'н'}, {U'k', U'к'},
      {U'm', U'м'}, {U'o', U'о'}, {U'p', U'р'}, {U't', U'т'}, {U'x', U'х'}, {U'y', U'у'},
      {U'i', U'и'}, {U'0', U'о'}, {U'3', U'з'}, {U'4', U'ч'}, {U'6', U'б'}};
  const std::u32string in = internal::CodePoints(word);
  std::string out;
  bool changed = false;
  for (size_t i = 0; i < in.size(); ++i) {
    const char32_t c = in[i];
    // Normalisation has made the "io" of a Cyrillic word "ио": read as ю
    // in short words only ("лио" -> "лю"; "Иосиф" stays).
    const bool i_like = c == U'i' || c == U'1' || (c == U'и' && in.size() <= 3);
    if (i_like && i + 1 < in.size() &&
        (in[i + 1] == U'o' || in[i + 1] == U'0' || in[i + 1] == U'о')) {
      AppendUtf8(U'ю', &out);
      ++i;
      changed = true;
      continue;
    }
    if (c == U'-' || internal::IsCyrillic(c)) {
      AppendUtf8(c, &out);
      continue;
    }
    char32_t mapped = 0;
    for (const auto& [from, to] : kSingle) {
      if (c == from) mapped = to;
    }
    if (mapped == 0) return "";
    AppendUtf8(mapped, &out);
    changed = true;
  }
  return changed ? out : "";
}

// True when "a" and "b" (folded, one Latin and one Cyrillic) are the same
// name under one of the transliteration schemes, in either direction.
bool IsTransliteration(std::string_view a, std::string_view b) {
  auto has_latin = [](std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  };
  if (has_latin(a) == has_latin(b)) return false;
  std::string_view latin = has_latin(a) ? a : b;
  std::string_view cyrillic = has_latin(a) ? b : a;
  for (const names::SchemeInfo& s : names::Schemes()) {
    if (FoldCase(names::Transliterate(cyrillic, s.scheme)) == latin) return true;
  }
  for (const names::CyrillicCandidate& c : names::BackTransliterate(latin, 16)) {
    if (c.text == cyrillic) return true;
  }
  return false;
}

}  // namespace

std::vector<NameIndex::Candidate> NameIndex::WordCandidates(const std::string& word,
                                                            uint8_t mode) const {
  if (mode == kPrefixWord) return PrefixCandidatesFor(word);
  std::vector<Candidate> out = CandidatesFor(word);
  // Look-alike letters of the other script (OCR, a keyboard in the wrong
  // layout), and OCR's readings of Cyrillic as Latin letters and digits:
  // the reading in each script is asked too, a little dearer.
  std::string readings[3] = {LookAlikeReading(word, true), LookAlikeReading(word, false),
                             OcrReading(word)};
  for (size_t r = 0; r < std::size(readings); ++r) {
    const std::string& reading = readings[r];
    if (reading.empty() || reading == word) continue;
    if (r == 2 && (reading == readings[0] || reading == readings[1])) continue;
    for (Candidate c : CandidatesFor(reading)) {
      c.cost += 0.02f;
      out.push_back(c);
    }
  }
  if (mode == kExactWord) {
    std::erase_if(out, [&](const Candidate& c) {
      if (c.how == 0) return false;
      if (c.how != 1) return true;
      return !IsTransliteration(word, Part(c.part)) &&
             !IsTransliteration(LookAlikeReading(word, true), Part(c.part));
    });
  }
  std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
    return a.part != b.part ? a.part < b.part : a.cost < b.cost;
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Candidate& a, const Candidate& b) { return a.part == b.part; }),
            out.end());
  return out;
}

std::shared_ptr<const std::vector<NameIndex::Candidate>> NameIndex::CachedCandidatesFor(
    const std::string& word, uint8_t mode) const {
  const std::string key = mode == kFuzzy ? word : word + '\0' + static_cast<char>('0' + mode);
  if (auto hit = cache_->Find(key)) return hit;
  auto made = std::make_shared<const std::vector<Candidate>>(WordCandidates(word, mode));
  cache_->Put(key, made);
  return made;
}
namespace internal {

void HashIndex::Assign(std::vector<std::pair<uint64_t, uint32_t>> pairs) {
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  hashes_.resize(pairs.size());
  values_.resize(pairs.size());
  for (size_t i = 0; i < pairs.size(); ++i) {
    hashes_[i] = pairs[i].first;
    values_[i] = pairs[i].second;
  }
  BuildBuckets();
}

bool HashIndex::Adopt(std::vector<uint64_t> hashes, std::vector<uint32_t> values) {
  if (hashes.size() != values.size() || hashes.size() >= 0xffffffffu ||
      !std::is_sorted(hashes.begin(), hashes.end())) {
    return false;
  }
  hashes_ = std::move(hashes);
  values_ = std::move(values);
  BuildBuckets();
  return true;
}

void HashIndex::BuildBuckets() {
  bucket_bits_ = std::clamp(static_cast<int>(std::bit_width(hashes_.size())) - 1, 1, 20);
  const size_t nbuckets = size_t{1} << bucket_bits_;
  buckets_.assign(nbuckets + 1, 0);
  size_t i = 0;
  for (size_t b = 0; b < nbuckets; ++b) {
    buckets_[b] = static_cast<uint32_t>(i);
    while (i < hashes_.size() && (hashes_[i] >> (64 - bucket_bits_)) == b) ++i;
  }
  buckets_.back() = static_cast<uint32_t>(hashes_.size());
}

size_t HashIndex::MemoryBytes() const {
  return hashes_.capacity() * 8 + values_.capacity() * 4 + buckets_.capacity() * 4;
}

}  // namespace internal

namespace {

// A given-name candidate costing more than this draws no names, nor one
// whose names number more than kMaxDrawnNames (SurnamesDrawnFromGiven).
constexpr float kMaxDrawingCost = 0.1f;
constexpr size_t kMaxDrawnNames = 20000;

}  // namespace

std::vector<NameIndex::Candidate> NameIndex::SurnamesDrawnFromGiven(
    const std::vector<std::string>& words, size_t s,
    const std::shared_ptr<const std::vector<Candidate>>* cands, const bool* initial) const {
  std::vector<Candidate> out;
  const size_t nwords = std::min(words.size(), kMaxWords);
  // The given-name parts the other full words surely are, and how many
  // names they hold.
  std::vector<uint32_t> givens;
  size_t names = 0;
  for (size_t j = 0; j < nwords; ++j) {
    if (j == s || initial[j] || cands[j] == nullptr) continue;
    for (const Candidate& c : *cands[j]) {
      if (c.cost > kMaxDrawingCost) continue;
      givens.push_back(c.part);
      names += given_begin_[c.part + 1] - given_begin_[c.part];
    }
  }
  if (givens.empty() || names > kMaxDrawnNames) return out;
  const std::string word = names::FoldForMatching(words[s]);
  const std::string ref = FoldCase(names::Transliterate(word, names::Scheme::kIcaoDoc9303));
  const size_t letters = Utf8Length(ref);
  if (letters < 2) return out;
  const int max_edits = letters >= internal::kTwoEditLetters ? 2 : 1;
  std::vector<uint32_t> surnames;
  surnames.reserve(names);
  for (uint32_t g : givens) {
    for (uint32_t k = given_begin_[g]; k < given_begin_[g + 1]; ++k) {
      const uint32_t entry = given_entries_[k];
      // The surname whose run holds the entry.
      const auto it = std::upper_bound(surname_begin_.begin(), surname_begin_.end(), entry);
      surnames.push_back(static_cast<uint32_t>(it - surname_begin_.begin() - 1));
    }
  }
  std::sort(surnames.begin(), surnames.end());
  surnames.erase(std::unique(surnames.begin(), surnames.end()), surnames.end());
  const std::vector<Candidate>* reached = cands[s].get();
  for (uint32_t p : surnames) {
    if (reached != nullptr &&
        std::binary_search(
            reached->begin(), reached->end(), Candidate{p, 0, 0},
            [](const Candidate& a, const Candidate& b) { return a.part < b.part; })) {
      continue;
    }
    const std::string_view other = Ref(p);
    const size_t other_letters = Utf8Length(other);
    if (other_letters + max_edits < letters || letters + max_edits < other_letters) continue;
    const int distance = names::DamerauLevenshtein(ref, other);
    if (distance == 0 || distance > max_edits) continue;
    const double similarity = names::JaroWinkler(ref, other);
    out.push_back(
        Candidate{p, static_cast<float>(0.08 + 0.06 * distance + 0.8 * (1.0 - similarity)), 2});
  }
  return out;
}

}  // namespace memoria::search
