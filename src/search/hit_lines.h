// HitLines: what a page of hits shows of each person (store::Reader::HitsFor:
// the name, birth and death, their places, the sources and the number of
// records), read once for every person of an archive and kept in memory, as
// a search engine keeps its documents' stored fields beside its index.
//
// A page of 20 hits read from the tables costs about a dozen B-tree
// descents per hit, two fifths of a search's CPU at a million persons
// (docs/BENCHMARKS.md); from the lines it costs a few string copies.
//
// The lines are exact or not used: they belong to one data version
// (store::Reader::DataVersion), and a reader whose snapshot is of another
// version (an import or an edit since they were read, a visibility changed)
// reads its hits from the tables while new lines are built on a thread of
// their own. Only the public ceiling has lines, and only a server keeps
// them (KeepHitLines).
//
// Thread safety: built lines are immutable; Lookup may be called from any
// number of threads at once.
#ifndef MEMORIA_SEARCH_HIT_LINES_H_
#define MEMORIA_SEARCH_HIT_LINES_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "store/reader.h"

namespace memoria::search {

class HitLines {
 public:
  // Reads the line of every person of the archive through "reader", in one
  // snapshot, at that snapshot's data version. Stops with kUnavailable when
  // "stop" becomes true between two batches of persons.
  static Result<std::unique_ptr<HitLines>> Build(store::Reader* reader,
                                                 const std::atomic<bool>* stop = nullptr);

  uint64_t version() const { return version_; }
  // Whether the reader that built them had the archive's key loaded (a
  // sealed value reads opened or as locked).
  bool unlocked() const { return unlocked_; }
  // The memory the lines take, in bytes.
  size_t bytes() const;

  // What reader->HitsFor(ids, facts) answered at version(): one summary
  // per id that is a visible person, in the order of "ids", and (when
  // "facts" is not null) the facts of those that have any.
  std::vector<store::PersonSummary> Lookup(std::span<const int64_t> ids,
                                           std::vector<store::HitFacts>* facts) const;

 private:
  HitLines() = default;

  uint64_t version_ = 0;
  bool unlocked_ = false;
  // Per person id, 1 + the offset of its line in data_; 0: no line (not a
  // visible person, or beyond the last id).
  std::vector<uint32_t> offsets_;
  std::string data_;
  // The sources the lines name, by id.
  std::unordered_map<int64_t, store::HitSource> sources_;
};

// reader->HitsFor(ids, facts), from the archive's hit lines when this
// process keeps them (KeepHitLines), "reader" reads at the public ceiling
// outside a write transaction, and the lines are of the version its
// snapshot reads; else from the tables, starting a build of new lines
// in the background when none is under way.
Result<std::vector<store::PersonSummary>> HitsFor(store::Reader* reader,
                                                  std::span<const int64_t> ids,
                                                  std::vector<store::HitFacts>* facts);

// Starts building the lines of the archive "reader" reads (public ceiling)
// when this process keeps them and they are missing or of another version:
// a server's warm-up.
Status StartHitLines(store::Reader* reader);

// On (a server): the lines of each archive searched are built on a thread
// of their own and used while they are of the archive's version; a new
// build waits at least four times as long as the last one took after it
// ended, so that an archive being edited does not keep a core rebuilding.
// Off (the default, the command line): stops a build under way, waits for
// it, and drops every archive's lines.
void KeepHitLines(bool on);

// Tests: waits until no build is under way, then returns whether "reader"
// would be answered from lines.
Result<bool> HitLinesReadyFor(store::Reader* reader);

}  // namespace memoria::search

#endif  // MEMORIA_SEARCH_HIT_LINES_H_
