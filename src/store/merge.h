// Merges and splits of persons, and the review of linkage candidates
// (schema version 12; docs/LINKAGE.md, docs/formats/schema.md "Merges").
//
// A merge moves everything of one person (the retired) to another (the
// survivor): its names, events and attributes, its source records
// (person_records), its parts in cases, places of detention, statuses and
// assessments, its register entries, the publications and corrections that
// speak of it, and the redirects of persons merged into it before. Nothing
// is copied and nothing is deleted: each row's person_id changes, and the
// row is listed under the merge in merge_moves. The retired person keeps
// its row with redirect_to set, so its id keeps resolving (the website
// answers 301). A split puts back exactly the rows the merge moved and
// removes the redirect. A merge row is append-only: a split only fills its
// split columns. The changes of an editor (store/edits.h) stay with the
// person they were made to.
//
// A merge records who made it: an account (an editor) or the linker, with
// the rule and the score that made the link.
//
// The linker's uncertain pairs wait in link_decisions for an editor, who
// accepts (a merge), rejects (the pair is never proposed again) or undoes
// either. Writes are WriteTransaction's (write.h, implemented in merge.cc);
// reads go through LinkReader, over the views of a Reader's ceiling.
//
// Thread safety: like its Store, one thread at a time.
#ifndef MEMORIA_STORE_MERGE_H_
#define MEMORIA_STORE_MERGE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace memoria::store {

class Reader;

// The linker's thresholds unless told otherwise (memoria link
// --threshold-link, --threshold-review): posterior probabilities of a
// match. The review queue shows first the pairs nearest the middle of the
// two, the most uncertain.
inline constexpr double kDefaultLinkThreshold = 0.95;
inline constexpr double kDefaultReviewThreshold = 0.50;

struct MergeRequest {
  int64_t survivor = 0;
  int64_t retired = 0;
  std::string author;           // an account name, "cli:USER", or "linker"
  std::string rule;             // the linker's rule ("fellegi-sunter p>=0.95"); "" for an editor
  std::optional<double> score;  // the link's probability, when a rule made it
  std::string citation;         // why: a document, a review decision ("" allowed)
};

struct MergeRow {
  int64_t id = 0;
  int64_t survivor = 0, retired = 0;
  std::string author, rule;
  std::optional<double> score;
  std::string citation, created_at;
  std::string split_at, split_by;  // "" while the merge stands
};

// What WriteTransaction::MergePersonsBulk did: the ids of the merges made,
// in the order of their retired persons, and the (survivor, retired) pairs
// it refused for the reasons MergePersons gives kFailedPrecondition.
struct BulkMergeResult {
  std::vector<int64_t> merge_ids;
  std::vector<std::pair<int64_t, int64_t>> refused;
};

// A pair the linker proposes for review: two persons (any order), the
// posterior probability and total weight of the match, and per field the
// agreement level and its weight as a JSON array (docs/formats/schema.md):
// never the values themselves, which are read from the persons under the
// reader's ceiling when shown.
struct LinkCandidate {
  int64_t person_a = 0, person_b = 0;
  double probability = 0;
  double weight = 0;
  std::string fields_json = "[]";
  std::string rule;
};

struct LinkDecisionRow {
  int64_t id = 0;
  int64_t person_a = 0, person_b = 0;  // person_a < person_b, as proposed
  double probability = 0, weight = 0;
  std::string fields_json, rule, created_at;
  std::string state;  // pending accepted rejected
  std::string decided_by, decided_at;
  int64_t merge_id = 0;  // the merge an acceptance made; 0 for none
};

// The tables a merge moves rows of, by person_id (person_records by
// record_id; "persons" are the redirects of persons merged before).
inline constexpr std::string_view kMergedTables[] = {
    "names",          "events",      "attributes",       "involvements",      "detentions",
    "status_changes", "assessments", "register_entries", "publication_links", "corrections"};

class LinkReader {
 public:
  // "*reader" must outlive the LinkReader; it reads under its ceiling.
  explicit LinkReader(Reader* reader) : reader_(reader) {}

  // kNotFound for no such merge. A merge is read whatever the ceiling: it
  // holds ids and the linker's words, never a fact.
  Result<MergeRow> Merge(int64_t merge_id);
  // The merges that retired "person_id" or kept it, oldest first.
  Result<std::vector<MergeRow>> MergesOf(int64_t person_id);
  // Decisions in "state", both of whose persons are visible at the ceiling
  // (not merged since), most uncertain first: by the distance of their
  // probability from "midpoint" (the middle of the review band), then id.
  Result<std::vector<LinkDecisionRow>> Decisions(std::string_view state, double midpoint,
                                                 int64_t limit);
  // The decided pairs, newest decision first, at most "limit": both persons
  // visible at the ceiling, or (accepted) the survivor.
  Result<std::vector<LinkDecisionRow>> RecentDecisions(int64_t limit);
  // kNotFound for no such decision, or one of a person not visible at the
  // ceiling.
  Result<LinkDecisionRow> Decision(int64_t id);
  // The pairs of persons decided already (rejected, or accepted), each
  // person resolved through its redirect to the person it is now part of:
  // the linker never proposes them again.
  Result<std::vector<std::pair<int64_t, int64_t>>> DecidedPairs();
  // The highest person id of the archive (0 when it has none): the persons
  // an import creates after it are the import's.
  Result<int64_t> LastPersonId();
  // The model the linker stored (WriteTransaction::SetLinkModel): its JSON
  // text, "" when no link has stored one. It holds the linker's match
  // probabilities per field, never a value of a record.
  Result<std::string> LinkModel();

  // Every visible person in id order, read for the linker in five
  // statements over the whole archive (not one GetPerson each): its names
  // (main first), its birth, arrest, sentence, execution and death events,
  // its residence, occupation and nationality, and its records with only
  // id and source_id set. Sealed
  // values are left out (the linker compares what the ceiling shows
  // openly); records' raw fields are not read. Stops at the first error.
  Status ForEachLinkPerson(const std::function<Status(const PersonView&)>& fn);

 private:
  Reader* reader_;
};

}  // namespace memoria::store

#endif  // MEMORIA_STORE_MERGE_H_
