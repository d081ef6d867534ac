// linkage/archive/ links the persons of an archive (the store) with the pure
// linkage library (linkage/linkage.h, docs/LINKAGE.md): the persons visible
// at the public ceiling are read as linkage records, compared pairwise
// within blocks, weighed by a Fellegi–Sunter model estimated by EM, and
// clustered; each cluster is merged into its oldest person (store/merge.h)
// with the linker's rule and score, and the uncertain pairs wait in
// link_decisions for an editor (the website's /review). Pairs an editor
// decided are never proposed again. `memoria link` and `memoria import
// --link` (cli/link.h) only parse their arguments and print the report.
//
// Thread safety: like its Store, one call at a time per store.
#ifndef MEMORIA_LINKAGE_ARCHIVE_ARCHIVE_H_
#define MEMORIA_LINKAGE_ARCHIVE_ARCHIVE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/merge.h"
#include "store/store.h"

namespace memoria::linkage {

// The review bar of pairs on names alone (--threshold-review-names);
// docs/LINKAGE.md and docs/BENCHMARKS.md for how it was chosen.
inline constexpr double kDefaultNamesOnlyReview = 0.9;

inline constexpr size_t kDefaultMaxBlock = 50;
inline constexpr size_t kDefaultNeighbourhood = 12;

struct ArchiveLinkOptions {
  // Posterior probability of an automatic merge; at or above the review
  // threshold (and below the link one): review.
  double link_threshold = store::kDefaultLinkThreshold;
  double review_threshold = store::kDefaultReviewThreshold;
  // A pair whose only evidence is its names (no date, place or other field
  // agreeing) needs this probability to be sent to review
  // (linkage::ClusterOptions::names_only_review); 0: review_threshold.
  double names_only_review_threshold = kDefaultNamesOnlyReview;
  // Blocks of more than max_block records are compared by sorted
  // neighbourhood, each record with the next "neighbourhood" ones
  // (--max-block, --neighbourhood; linkage::BlockingOptions).
  size_t max_block = kDefaultMaxBlock;
  size_t neighbourhood = kDefaultNeighbourhood;
  bool dry_run = false;
  // Estimate the model again although an earlier link stored one, and
  // store the new one (--retrain). Without it, the stored model's m is
  // reused: after a link, the archive's duplicates are merged and EM over
  // what is left learns from namesakes (docs/LINKAGE.md).
  bool retrain = false;
  bool progress = true;  // stage lines on stderr when it is a terminal
  // Only pairs with at least one person of this source (0: every pair).
  int64_t focus_source = 0;
  // Only pairs with at least one person whose id is above this (the
  // persons an import has just created; 0: every pair).
  int64_t focus_after_person = 0;
  // Only pairs of persons from different sources.
  bool cross_source_only = false;
  std::string account;  // who ran it, for the audit log ("cli:USER"; empty: "linker")
};

struct ArchiveLinkReport {
  int64_t persons = 0;            // linkage records read
  int64_t candidates = 0;         // pairs compared
  uint64_t all_pairs = 0;         // pairs a comparison of everything would make
  double reduction_ratio = 0;     // 1 - candidates / all_pairs
  int64_t skipped_decided = 0;    // candidate pairs an editor decided already
  int64_t links = 0;              // pairs at or above the link threshold
  int64_t clusters = 0;           // clusters of more than one person
  int64_t merges = 0;             // persons merged into another (or that would be)
  int64_t refused = 0;            // merges the store refused (see stderr)
  int64_t review = 0;             // pairs sent to review
  int64_t review_new = 0;         // of them, pairs not waiting for review already
  int64_t review_names_only = 0;  // of them, pairs whose only evidence is the names
  int64_t held_names_only = 0;    // pairs on names alone below their bar: not sent
  double seconds = 0;
  // Where the model's m came from: "" (estimated by this run; stored
  // unless a dry run), or the time an earlier link stored it.
  std::string stored_model;
  std::vector<int64_t> merge_ids;  // empty for a dry run
};

// Links the archive in "store" as "options" say and writes the merges and
// review pairs in one transaction (none for a dry run).
Result<ArchiveLinkReport> LinkArchive(store::Store* store, const ArchiveLinkOptions& options);

// The highest person id of the archive (store::LinkReader::LastPersonId).
Result<int64_t> LastPersonId(store::Store* store);

}  // namespace memoria::linkage

#endif  // MEMORIA_LINKAGE_ARCHIVE_ARCHIVE_H_
