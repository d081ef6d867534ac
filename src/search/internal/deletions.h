// Deletion neighbourhoods (SymSpell-style) and the sorted hash table that
// holds them, shared by the name index's builder and its queries.
//
// Thread safety: pure functions; a built HashIndex is immutable.
#ifndef MEMORIA_SEARCH_INTERNAL_DELETIONS_H_
#define MEMORIA_SEARCH_INTERNAL_DELETIONS_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace memoria::search::internal {

inline constexpr uint64_t kFnvBasis = 1469598103934665603ull;

// Continues an FNV-1a 64 hash "h" over "s".
inline uint64_t HashMore(uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// FNV-1a, 64 bits, of the concatenation of "a" and "b".
inline uint64_t Hash(std::string_view a, std::string_view b = {}) {
  return HashMore(HashMore(kFnvBasis, a), b);
}

// Calls fn(hash) for "key" and, for keys of three letters or more, for each
// key with one letter deleted. Keys are ASCII, so a letter is a byte.
template <typename Fn>
void ForEachKeyDeletion(std::string_view key, Fn&& fn) {
  fn(Hash(key));
  if (key.size() < 3) return;  // short keys: exact only, too many neighbours otherwise
  for (size_t i = 0; i < key.size(); ++i) fn(Hash(key.substr(0, i), key.substr(i + 1)));
}

// Words of this many letters or more tolerate two typos, shorter ones one.
inline constexpr size_t kTwoEditLetters = 5;

// Calls fn(hash) for "text", for every text with one code point deleted
// (texts of three or more code points), and with two deleted (texts of
// kTwoEditLetters or more): two words within two edits share at least one.
// The hash of a text with code points deleted is the hash of what remains.
template <typename Fn>
void ForEachTextDeletion(std::string_view text, Fn&& fn) {
  fn(Hash(text));
  size_t starts[65];
  size_t n = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (n == 64) return;  // longer than any name part: exact only
      starts[n++] = i;
    }
  }
  if (n < 3) return;
  starts[n] = text.size();
  for (size_t a = 0; a < n; ++a) {
    const uint64_t head = HashMore(kFnvBasis, text.substr(0, starts[a]));
    fn(HashMore(head, text.substr(starts[a + 1])));
    if (n < kTwoEditLetters) continue;
    for (size_t b = a + 1; b < n; ++b) {
      uint64_t h = HashMore(head, text.substr(starts[a + 1], starts[b] - starts[a + 1]));
      fn(HashMore(h, text.substr(starts[b + 1])));
    }
  }
}

// Sorted (hash, value) pairs with a bucket directory over the top bits of
// the hash, so a look-up touches one short run instead of a binary search
// over the whole array.
class HashIndex {
 public:
  // Builds from pairs; sorts them and drops duplicates.
  void Assign(std::vector<std::pair<uint64_t, uint32_t>> pairs);
  // Adopts arrays read from a file. Returns false unless "hashes" is sorted
  // and both have one size.
  bool Adopt(std::vector<uint64_t> hashes, std::vector<uint32_t> values);

  template <typename Fn>
  void ForEach(uint64_t h, Fn&& fn) const {
    if (hashes_.empty()) return;
    size_t b = static_cast<size_t>(h >> (64 - bucket_bits_));
    for (uint32_t i = buckets_[b]; i < buckets_[b + 1]; ++i) {
      if (hashes_[i] == h) {
        fn(values_[i]);
      } else if (hashes_[i] > h) {
        break;
      }
    }
  }

  const std::vector<uint64_t>& hashes() const { return hashes_; }
  const std::vector<uint32_t>& values() const { return values_; }
  size_t MemoryBytes() const;

 private:
  void BuildBuckets();

  int bucket_bits_ = 1;  // about one bucket per entry, at most 2^20

  std::vector<uint64_t> hashes_;
  std::vector<uint32_t> values_;
  std::vector<uint32_t> buckets_;  // 2^bucket_bits_ + 1 run starts
};

}  // namespace memoria::search::internal

#endif  // MEMORIA_SEARCH_INTERNAL_DELETIONS_H_
