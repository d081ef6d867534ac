// NameIndex is the in-memory structure behind name search.
//
// Name parts (surnames, given names, patronymics) are interned once: a few
// hundred thousand distinct parts cover millions of names. Each distinct
// part gets a phonetic key (names::PhoneticKey), which makes Cyrillic and
// every Latin transliteration of a name meet; typo tolerance works on the
// small dictionary of distinct keys through a deletion neighbourhood
// (SymSpell-style, one edit). Names are grouped by surname part in
// compressed posting lists, so a query scans only the names whose surname is
// a candidate, and scores each of them on the other words (given name,
// patronymic, initials) in any order.
//
// All arrays are flat (integers and one string arena), so the index saves to
// and loads from one file without rebuilding.
//
// Thread safety: a built or loaded index is immutable; Query() may be called
// from any number of threads at once.
#ifndef MEMORIA_SEARCH_NAME_INDEX_H_
#define MEMORIA_SEARCH_NAME_INDEX_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace memoria::search {

struct IndexQuery {
  std::vector<std::string> words;  // normalised query words (names::NormalizedWords)
  int born_from = 0;               // birth year range filter; 0: none
  int born_to = 0;
  size_t max_persons = 200;  // candidates returned, best first
  size_t describe = 200;     // how many of them get their "why" text
};

struct IndexMatch {
  int64_t person_id = 0;
  double score = 0;  // 0..1
  std::string why;   // which field matched how
};

class NameIndex {
 public:
  // Builds the index from every public name of every live person in the
  // store, with each person's birth years from its birth events.
  static Result<std::unique_ptr<NameIndex>> Build(store::Store* store);

  // Writes the index to "path" (atomically: a temporary file renamed) with
  // "version", a fingerprint of the store state it was built from.
  Status Save(const std::string& path, uint64_t version) const;
  // Loads an index saved by Save(). Returns kNotFound when the file is
  // absent, kFailedPrecondition when its version differs from
  // "expected_version" (the store changed), kDataLoss when it is damaged.
  static Result<std::unique_ptr<NameIndex>> Load(const std::string& path,
                                                 uint64_t expected_version);

  std::vector<IndexMatch> Query(const IndexQuery& query) const;

  size_t names() const { return entries_.size(); }
  size_t distinct_parts() const { return part_offsets_.empty() ? 0 : part_offsets_.size() - 1; }
  size_t distinct_keys() const { return key_offsets_.empty() ? 0 : key_offsets_.size() - 1; }
  // Bytes held by the index's arrays.
  size_t MemoryBytes() const;

  struct Entry {
    int64_t person_id;
    uint32_t surname, given, patronymic;  // part ids; kNoPart when empty
    int16_t birth_from, birth_to;         // years; 0 when unknown
    uint8_t main;                         // 1 for a main name
    uint8_t pad;
  };
  static constexpr uint32_t kNoPart = 0xffffffffu;

 private:
  friend class NameIndexBuilder;
  struct Candidate {
    uint32_t part;
    float cost;   // 0 exact, small for transliteration, larger for a typo
    uint8_t how;  // 0 exact, 1 same key, 2 one edit
  };

  std::string_view Part(uint32_t id) const;
  std::string_view Key(uint32_t id) const;
  // The key id of "key", or kNoPart.
  uint32_t FindKey(std::string_view key) const;
  std::vector<Candidate> CandidatesFor(const std::string& word) const;

  // Parts: text in part_arena_, [part_offsets_[i], part_offsets_[i+1]).
  std::string part_arena_;
  std::vector<uint32_t> part_offsets_;
  std::vector<uint32_t> part_key_;       // part id -> key id
  std::vector<uint32_t> part_surnames_;  // how many names have this surname part
  // Keys, sorted: text in key_arena_; key -> parts in key_part_ids_.
  std::string key_arena_;
  std::vector<uint32_t> key_offsets_;
  std::vector<uint32_t> key_parts_begin_;  // CSR into key_part_ids_
  std::vector<uint32_t> key_part_ids_;
  // One-deletion neighbourhood: (hash of a key with one character deleted,
  // or of the key itself) -> key id, sorted by hash.
  std::vector<uint64_t> delete_hashes_;
  std::vector<uint32_t> delete_keys_;
  // The same over the parts' own text (one code point deleted), for typos
  // and OCR confusions that change the key by more than one letter.
  std::vector<uint64_t> text_delete_hashes_;
  std::vector<uint32_t> text_delete_parts_;
  // Names and the surname posting lists (CSR: part id -> entry ids).
  std::vector<Entry> entries_;
  std::vector<uint32_t> surname_begin_;
  std::vector<uint32_t> surname_entries_;
};

}  // namespace memoria::search

#endif  // MEMORIA_SEARCH_NAME_INDEX_H_
