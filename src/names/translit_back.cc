// Back-transliteration: Latin word -> weighted Cyrillic candidates.
//
// The word is segmented left to right over a table of Latin chunks ("shch",
// "szcz", "ja", "kh", ...), each with the Cyrillic letters it may stand for
// and a weight: the share of the schemes and of real usage in which it means
// that. A beam search keeps, at every position of the word, the best partial
// spellings by product of weights, with a few penalties for letter pairs
// Russian spelling does not have. Every scheme of translit_tables.cc is
// covered, with and without diacritics. The chunk table and the tests of where
// a chunk applies are in translit_back_chunks.cc.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "core/text.h"
#include "names/internal/back_chunks.h"
#include "names/translit.h"

namespace memoria::names {
namespace {

using ::memoria::AppendUtf8;
using translit_internal::IsCyrillicLetter;

using internal::Chunk;
using internal::ChunkApplies;
using internal::ChunksByFirst;
using internal::Families;
using internal::IsLatinLetter;
using internal::NormalizeLatin;
using internal::Option;

// Sets of the 32 letters а..я as bit masks (ё counts with е).
constexpr uint32_t LetterMask(std::u32string_view letters) {
  uint32_t m = 0;
  for (char32_t c : letters) m |= 1u << (c - U'а');
  return m;
}
bool InMask(uint32_t mask, char32_t c) {
  if (c == U'ё') c = U'е';
  return c >= U'а' && c <= U'я' && ((mask >> (c - U'а')) & 1);
}
constexpr uint32_t kCyrillicVowels = LetterMask(U"аеиоуыэюя");
// Weight of an unwritten soft sign after these consonants (ICAO and several
// other schemes drop ь: Ilin, Igor, Olga).
constexpr uint32_t kSoftenable = LetterMask(U"лнтдсзрмвбпф");
constexpr double kSilentSoftSign = 0.12;
// A partial spelling weighing less than this share of the best one at the
// same position is dropped.
constexpr double kPruneRatio = 5e-3;
// The beam never holds more than this many spellings per position.
constexpr size_t kMaxWidth = 64;
// Longer "words" are not names; they get no candidates.
constexpr size_t kMaxWordLength = 64;

struct Node {
  int parent;
  std::string_view piece;
  double weight;
  uint64_t hash;  // FNV-1a of the whole spelling so far
  char32_t last;  // last Cyrillic letter, 0 at the start
};

uint64_t ExtendHash(uint64_t h, std::string_view piece) {
  for (char b : piece) h = (h ^ static_cast<unsigned char>(b)) * 1099511628211ULL;
  return h;
}

// The first and last letters of a piece (chunk outputs are 2-byte Cyrillic).
char32_t FirstLetter(std::string_view piece) {
  if (piece.size() < 2) return 0;
  return (static_cast<char32_t>(piece[0] & 0x1F) << 6) | (piece[1] & 0x3F);
}
char32_t LastLetter(std::string_view piece, char32_t fallback) {
  if (piece.size() < 2) return fallback;
  return FirstLetter(piece.substr(piece.size() - 2));
}

// Penalty for putting "next" (the first letter of a piece) after "prev":
// letter pairs Russian spelling avoids.
double PairPenalty(char32_t prev, char32_t next) {
  bool sign = next == U'ь' || next == U'ъ';
  if (prev == 0) return (sign || next == U'ы') ? 0.05 : 1.0;
  bool prev_vowel = InMask(kCyrillicVowels, prev);
  if (sign && (prev_vowel || prev == U'ь' || prev == U'ъ' || prev == U'й')) return 0.01;
  if (next == U'ы' && InMask(LetterMask(U"кгхжшчщ"), prev)) return 0.1;
  if (next == U'й' && !prev_vowel) return 0.2;
  // ч before a consonant other than н к т is rare; "chr", "chl" are хр, хл.
  if (prev == U'ч' && !InMask(kCyrillicVowels | LetterMask(U"нктьш"), next)) return 0.25;
  if (next == U'э' && !prev_vowel) return 0.3;
  return 1.0;
}

bool IsHushing(char32_t c) { return InMask(LetterMask(U"жчшщ"), c); }

// The best partial spellings ending at each position of the word, in
// storage reused across calls on the same thread.
class Beam {
 public:
  void Reset(size_t positions, size_t width) {
    width_ = std::min(width, kMaxWidth);
    nodes_.clear();
    if (slots_.size() < positions) slots_.resize(positions);
    for (size_t i = 0; i < positions; ++i) slots_[i].size = 0;
  }

  std::vector<Node>& nodes() { return nodes_; }

  // Adds a node at "pos" unless the beam there is full of better ones; a
  // spelling already present keeps the higher weight.
  void Add(size_t pos, const Node& node) {
    Slot& slot = slots_[pos];
    bool full = slot.size == width_;
    // A node no better than the worst of a full slot changes nothing (a copy
    // of its spelling already there weighs at least as much).
    if (full && node.weight <= slot.min) return;
    for (size_t k = 0; k < slot.size; ++k) {
      if (slot.hashes[k] != node.hash) continue;
      if (node.weight > slot.weights[k]) {
        nodes_[slot.ids[k]] = node;
        slot.weights[k] = node.weight;
        if (full && k == slot.worst) FindWorst(&slot);
      }
      return;
    }
    size_t k = full ? slot.worst : slot.size++;
    if (full) {
      nodes_[slot.ids[k]] = node;
    } else {
      nodes_.push_back(node);
      slot.ids[k] = static_cast<int>(nodes_.size()) - 1;
    }
    slot.hashes[k] = node.hash;
    slot.weights[k] = node.weight;
    if (slot.size == width_) FindWorst(&slot);
  }

  // The lowest weight at "pos" once it is full, else 0.
  double MinWeight(size_t pos) const {
    const Slot& slot = slots_[pos];
    return slot.size == width_ ? slot.min : 0;
  }

  // The nodes at "pos", best first, into "out".
  void Sorted(size_t pos, std::vector<int>* out) const {
    const Slot& slot = slots_[pos];
    out->assign(slot.ids, slot.ids + slot.size);
    std::sort(out->begin(), out->end(),
              [this](int x, int y) { return nodes_[x].weight > nodes_[y].weight; });
  }

  // Materialises the spelling of a node.
  std::string Spelling(int index) const {
    size_t length = 0;
    for (int i = index; i >= 0; i = nodes_[i].parent) length += nodes_[i].piece.size();
    std::string out(length, '\0');
    for (int i = index; i >= 0; i = nodes_[i].parent) {
      length -= nodes_[i].piece.size();
      out.replace(length, nodes_[i].piece.size(), nodes_[i].piece);
    }
    return out;
  }

 private:
  struct Slot {
    int ids[kMaxWidth];
    uint64_t hashes[kMaxWidth];
    double weights[kMaxWidth];
    size_t size = 0;
    size_t worst = 0;
    double min = 0;
  };

  static void FindWorst(Slot* slot) {
    slot->worst = 0;
    for (size_t k = 1; k < slot->size; ++k) {
      if (slot->weights[k] < slot->weights[slot->worst]) slot->worst = k;
    }
    slot->min = slot->weights[slot->worst];
  }

  std::vector<Node> nodes_;
  std::vector<Slot> slots_;
  size_t width_ = 0;
};

// Extends every partial spelling at "pos" by every chunk that applies there.
void Expand(const std::u32string& word, size_t pos, uint8_t families, std::string_view literal,
            const std::vector<int>& here, Beam* beam) {
  bool matched = false;
  char32_t head = word[pos] < 0x250 ? word[pos] : 0;
  for (const Chunk* chunk : ChunksByFirst()[head]) {
    if (!ChunkApplies(*chunk, word, pos)) continue;
    matched = true;
    size_t end = pos + chunk->latin.size();
    for (const Option& opt : chunk->options) {
      if (opt.weight <= 0) break;
      double option_weight = (opt.family & families) ? opt.family_weight : opt.weight;
      char32_t first = FirstLetter(opt.cyrillic);
      char32_t last_of_piece = LastLetter(opt.cyrillic, 0);
      bool may_soften = opt.cyrillic.size() == 2 && InMask(kSoftenable, last_of_piece);
      for (int parent : here) {
        const Node p = beam->nodes()[parent];
        double bound = p.weight * option_weight;
        // Parents come best first: once one cannot enter, none after can.
        if (bound <= beam->MinWeight(end)) break;
        double w = bound * (first ? PairPenalty(p.last, first) : 1.0);
        Node n{parent, opt.cyrillic, w, ExtendHash(p.hash, opt.cyrillic),
               last_of_piece ? last_of_piece : p.last};
        if (opt.cyrillic == "о" && IsHushing(p.last)) {
          // German, Polish and Czech write ё after hushing consonants as o.
          bool yo_likely = p.last == U'ч' || p.last == U'щ';
          beam->Add(end,
                    Node{parent, "е", w * (yo_likely ? 0.8 : 0.5), ExtendHash(p.hash, "е"), U'е'});
          n.weight *= yo_likely ? 0.4 : 0.7;
        }
        beam->Add(end, n);
        double soft = w * kSilentSoftSign;
        if (may_soften && soft > beam->MinWeight(end)) {
          // The same spelling with an unwritten soft sign after it.
          beam->nodes().push_back(n);
          int base = static_cast<int>(beam->nodes().size()) - 1;
          beam->Add(end, Node{base, "ь", soft, ExtendHash(n.hash, "ь"), U'ь'});
        }
      }
    }
  }
  if (matched) return;
  // Digits, hyphens and Cyrillic pass through; a Latin letter no chunk may
  // take here (the "h" of a split digraph) all but ends the path.
  double factor = IsLatinLetter(word[pos]) ? 0.001 : 1.0;
  for (int parent : here) {
    const Node p = beam->nodes()[parent];
    beam->Add(pos + 1, Node{parent, literal, p.weight * factor, ExtendHash(p.hash, literal),
                            IsCyrillicLetter(word[pos]) ? word[pos] : p.last});
  }
}

}  // namespace

std::vector<CyrillicCandidate> BackTransliterate(std::string_view latin_word,
                                                 size_t max_candidates) {
  std::u32string word = NormalizeLatin(latin_word);
  if (max_candidates == 0 || word.size() > kMaxWordLength ||
      std::none_of(word.begin(), word.end(), IsLatinLetter)) {
    return {};
  }

  // The UTF-8 of each character, 4 bytes apart, for those that pass through.
  std::string literals(word.size() * 4, '\0');
  std::vector<uint8_t> literal_size(word.size());
  for (size_t i = 0; i < word.size(); ++i) {
    std::string one;
    AppendUtf8(word[i], &one);
    literals.replace(4 * i, one.size(), one);
    literal_size[i] = static_cast<uint8_t>(one.size());
  }

  thread_local Beam beam;
  thread_local std::vector<int> here;
  beam.Reset(word.size() + 1, max_candidates + 4);
  const uint8_t families = Families(word);
  beam.Add(0, Node{-1, {}, 1.0, 14695981039346656037ULL, 0});
  for (size_t pos = 0; pos < word.size(); ++pos) {
    beam.Sorted(pos, &here);
    if (here.empty()) continue;
    // Partial spellings far behind the best here cannot reach the top.
    const double floor = beam.nodes()[here[0]].weight * kPruneRatio;
    while (beam.nodes()[here.back()].weight < floor) here.pop_back();
    Expand(word, pos, families, std::string_view(literals).substr(4 * pos, literal_size[pos]), here,
           &beam);
  }

  beam.Sorted(word.size(), &here);
  std::vector<CyrillicCandidate> out;
  double total = 0;
  for (int index : here) total += beam.nodes()[index].weight;
  for (size_t i = 0; i < here.size() && i < max_candidates; ++i) {
    double w = beam.nodes()[here[i]].weight;
    out.push_back(CyrillicCandidate{beam.Spelling(here[i]), total > 0 ? w / total : 0});
  }
  return out;
}

}  // namespace memoria::names
