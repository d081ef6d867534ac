// NameIndex is the in-memory structure behind name search.
//
// Name parts (surnames, given names, patronymics) are interned once: tens of
// thousands of distinct parts cover millions of names. Each distinct part
// gets a phonetic key (names::PhoneticKey), which makes Cyrillic and every
// Latin transliteration of a name meet, and a Latin reference form (ICAO Doc
// 9303) that prices how alike two spellings are; typo tolerance works on the
// small dictionaries of distinct keys and parts through deletion
// neighbourhoods (SymSpell-style). Names are stored grouped by surname part,
// so a query reads only the contiguous runs of names whose surname is a
// candidate, and scores each of them on the other words (given name,
// patronymic, initials) in any order.
//
// All arrays are flat (integers and string arenas), so the index saves to
// and loads from one file (docs/formats/name-index.md) without rebuilding.
//
// Thread safety: a built or loaded index is immutable; Query() may be called
// from any number of threads at once.
#ifndef MEMORIA_SEARCH_NAME_INDEX_H_
#define MEMORIA_SEARCH_NAME_INDEX_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "search/internal/deletions.h"
#include "search/match_reason.h"
#include "store/reader.h"

namespace memoria::search {

struct IndexQuery {
  std::vector<std::string> words;  // normalised query words (names::NormalizedWords)
  // Per word (or empty: none): 1 when the word is a prefix ("Кузьм*"): it
  // matches the parts that begin with it, in the script written or, for a
  // Latin prefix, in the parts' Latin reference form.
  std::vector<uint8_t> prefix;
  // Exact or transliteration only: no typos, no phonetic variants.
  bool exact = false;
  int born_from = 0;  // birth year range filter; 0: none
  int born_to = 0;
  size_t max_persons = 200;  // candidates returned, best first
  size_t describe = 200;     // how many of them get their "why" text
  // Scores every name of every candidate surname, also where a query of one
  // word or of a surname with initials scores each run once, and where the
  // names of a long run are found through another word's given-name and
  // patronymic lists: the reference the tests compare those with.
  bool score_every_name = false;
};

// Fills query->words and query->prefix from a free query: its normalised
// words (names::NormalizedWords), at most eight; a word written with a final
// "*" ("Кузьм*") is a prefix. Returns kResourceExhausted for a query longer
// than kMaxQueryBytes (search.h), kInvalidArgument for one that is not valid
// UTF-8 or has no letters or digits.
Status ReadQueryWords(std::string_view text, IndexQuery* query);

struct IndexMatch {
  int64_t person_id = 0;
  double score = 0;  // 0..1
  std::string why;   // which field matched how (WhyText(reason)), for the described ones
  MatchReason reason;
};

struct IndexResult {
  std::vector<IndexMatch> matches;  // at most max_persons, best first
  size_t total = 0;                 // every matching person, before max_persons
};

class NameIndex {
 public:
  NameIndex();
  ~NameIndex();

  // Builds the index from every name "reader" sees of every live person,
  // with each person's birth years from its visible birth events. For an
  // archive on disk the rows are read on read-only connections of the same
  // ceiling in two threads, unless "reader" is inside a write transaction.
  // Returns the store's errors.
  // kUnavailable ("stopped") when "stopped" (looked at now and then) turns
  // true before the end.
  static Result<std::unique_ptr<NameIndex>> Build(store::Reader* reader,
                                                  const std::function<bool()>& stopped = {});
  // Builds the index of the sealed names "reader" sees, opened with the
  // archive's key (store::Reader::ForEachSealedName: only the confidential
  // ceiling sees any, and only with the key). It holds confidential text:
  // it is kept in memory and never saved. Births are not read.
  static Result<std::unique_ptr<NameIndex>> BuildSealed(store::Reader* reader);

  // Writes the index to "path" (atomically: a temporary file renamed) with
  // "version", a fingerprint of the store state it was built from.
  Status Save(const std::string& path, uint64_t version) const;
  // Loads an index saved by Save(). Returns kNotFound when the file is
  // absent, kFailedPrecondition when its format or version differs from
  // "expected_version" (the store changed), kDataLoss when it is damaged.
  static Result<std::unique_ptr<NameIndex>> Load(const std::string& path,
                                                 uint64_t expected_version);

  // The persons with a name matching every word of "query", best first:
  // any word may be the surname, each other word must match the given name
  // or the patronymic (a one-letter word: their initial).
  IndexResult Query(const IndexQuery& query) const;

  size_t names() const { return entries_.size(); }
  size_t persons() const { return person_ids_.size(); }
  size_t distinct_parts() const { return part_offsets_.empty() ? 0 : part_offsets_.size() - 1; }
  size_t distinct_keys() const { return key_offsets_.empty() ? 0 : key_offsets_.size() - 1; }
  // Bytes held by the index's arrays.
  size_t MemoryBytes() const;

  // One name, in the run of its surname part.
  struct Entry {
    uint32_t person;             // index into person_ids_; kMainName set for a main name
    uint32_t given, patronymic;  // part ids; kNoPart when empty
  };
  struct Birth {
    int16_t from, to;  // years; 0 when unknown
  };
  static constexpr uint32_t kNoPart = 0xffffffffu;
  static constexpr uint32_t kMainName = 0x80000000u;
  // A query has at most this many words; more are ignored.
  static constexpr size_t kMaxWords = 8;

 private:
  friend class NameIndexBuilder;
  friend class NameIndexFile;
  struct Candidate {
    uint32_t part;
    float cost;   // 0 exact, small for transliteration, larger for a typo
    uint8_t how;  // 0 exact, 1 same key, 2 one edit, 4 prefix (3 is an initial)
  };
  // How a query word is read (CachedCandidatesFor).
  enum WordMode : uint8_t { kFuzzy = 0, kPrefixWord = 1, kExactWord = 2 };
  class CandidateCache;

  std::string_view Part(uint32_t id) const;
  std::string_view Ref(uint32_t id) const;
  std::string_view Key(uint32_t id) const;
  // The key id of "key", or kNoPart.
  uint32_t FindKey(std::string_view key) const;
  // The parts "word" (folded) may be, sorted by part id, one per part.
  std::vector<Candidate> CandidatesFor(const std::string& word) const;
  // Appends the parts one typo away from "text" (folded), or two for
  // texts of internal::kTwoEditLetters letters or more, at their cost plus
  // "extra".
  void AddTypoCandidates(const std::string& text, float extra, std::vector<Candidate>* out) const;
  // Appends the parts of one to three letters one edit away from the
  // two-letter Cyrillic "word" (folded), an OCR confusion cheapest.
  void AddShortCandidates(const std::string& word, std::vector<Candidate>* out) const;
  // The part id of "text" (folded), or kNoPart.
  uint32_t FindPart(std::string_view text) const;
  // For a one-letter word read as a surname: the part that is this letter,
  // or its Cyrillic look-alike ("y" -> "у"), sorted by part id.
  std::vector<Candidate> SingleLetterCandidates(const std::string& letter) const;
  // The surnames, other than those word "s" of "words" already reaches,
  // of the names whose given name is a cheap candidate of another full
  // word (cands, initial: as Query() reads the words), within one Latin
  // edit of word "s" (two for longer words) in the reference form; none
  // when those names are too many.
  std::vector<Candidate> SurnamesDrawnFromGiven(
      const std::vector<std::string>& words, size_t s,
      const std::shared_ptr<const std::vector<Candidate>>* cands, const bool* initial) const;
  // The parts that begin with "prefix" (folded), sorted by part id.
  std::vector<Candidate> PrefixCandidatesFor(const std::string& prefix) const;
  // CandidatesFor, plus the candidates of the word's other-script reading
  // when every letter of it is a look-alike ("КPOН" -> "крон"), and with
  // kExactWord only the exact and transliterated ones; or, with
  // kPrefixWord, PrefixCandidatesFor. Through a bounded cache (given names
  // recur).
  std::shared_ptr<const std::vector<Candidate>> CachedCandidatesFor(const std::string& word,
                                                                    uint8_t mode) const;
  std::vector<Candidate> WordCandidates(const std::string& word, uint8_t mode) const;
  // Fills the arrays derived from the persisted ones (after Build or Load).
  void Derive();

  // Parts: text in part_arena_, [part_offsets_[i], part_offsets_[i+1]);
  // their reference forms likewise in ref_arena_.
  std::string part_arena_;
  std::vector<uint32_t> part_offsets_;
  std::vector<uint32_t> part_key_;  // part id -> key id
  std::string ref_arena_;
  std::vector<uint32_t> ref_offsets_;
  // Keys, sorted: text in key_arena_; key -> parts in key_part_ids_.
  std::string key_arena_;
  std::vector<uint32_t> key_offsets_;
  std::vector<uint32_t> key_parts_begin_;  // CSR into key_part_ids_
  std::vector<uint32_t> key_part_ids_;
  // One-deletion neighbourhood of the keys: hash of a key or of the key with
  // one letter deleted -> key id.
  internal::HashIndex key_deletes_;
  // The same over the parts' own text (one or two code points deleted), for
  // typos and OCR confusions that change the key by more than one letter.
  internal::HashIndex text_deletes_;
  // Persons (sorted ids) and their birth years.
  std::vector<int64_t> person_ids_;
  std::vector<Birth> births_;
  // Names grouped by surname part: entries_[surname_begin_[p] ..
  // surname_begin_[p+1]) have surname p, in person order.
  std::vector<uint32_t> surname_begin_;
  std::vector<Entry> entries_;

  // Derived, not saved: the first code point of each part, with
  // kSingleLetter set when it is the whole part.
  std::vector<uint32_t> part_first_;
  static constexpr uint32_t kSingleLetter = 0x80000000u;
  // Derived: the parts of one to three code points (AddShortCandidates).
  struct ShortPart {
    char32_t cp[3];
    uint32_t letters;
    uint32_t part;
  };
  std::vector<ShortPart> short_parts_;
  // Derived: the names by given-name part, entries_ indices
  // given_entries_[given_begin_[p] .. given_begin_[p+1]).
  std::vector<uint32_t> given_begin_;
  std::vector<uint32_t> given_entries_;
  // Derived: the same by patronymic part. With given_entries_, the names
  // of a long surname run that a query word may match are found by binary
  // search instead of a scan of the run (Query).
  std::vector<uint32_t> patronymic_begin_;
  std::vector<uint32_t> patronymic_entries_;

  // Derived: each surname run lists its names in person order (the
  // builder's order; ScoreRunsOnce stops a run early then).
  bool runs_in_person_order_ = false;

  std::unique_ptr<CandidateCache> cache_;
};

}  // namespace memoria::search

#endif  // MEMORIA_SEARCH_NAME_INDEX_H_
