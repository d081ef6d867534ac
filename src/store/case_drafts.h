// The editorial workflow of cases (issue "Cases", part 4): a volunteer
// drafts a case, a status change or an assessment of a prosecuted person;
// an editor publishes or rejects it. A draft is a row of its own table in
// state draft, which no visible_* view shows (store/views.cc), resting on a
// claim that carries the drafter's citation; every step is a row of the
// append-only case_reviews table with author, time, citation and reason.
// WriteTransaction writes them (store/write.h); CaseDrafts reads the queue,
// which only editors are shown (drafts are read from the tables, not the
// views, since no view holds them).
//
// Thread safety: like its Store, one thread at a time.
#ifndef MEMORIA_STORE_CASE_DRAFTS_H_
#define MEMORIA_STORE_CASE_DRAFTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace memoria::store {

enum class DraftItem { kCase, kAssessment, kStatusChange };

// "case", "assessment", "status_change".
std::string_view DraftItemName(DraftItem item);
// kInvalidArgument for another name.
Result<DraftItem> ParseDraftItem(std::string_view name);

// Who takes a step and why.
struct ReviewNote {
  std::string author;
  std::string citation;  // required for a draft
  std::string reason;
};

// One step of a draft's review.
struct ReviewStep {
  int64_t id = 0;
  std::string action;  // draft | publish | reject
  std::string author, at, citation, reason;
};

// A draft waiting for an editor, with what the queue shows of it.
struct DraftRow {
  DraftItem item = DraftItem::kAssessment;
  int64_t id = 0;
  int64_t person_id = 0;
  // What it says: the verdict, the status, or the case's title; the date
  // (EDTF: of the assessment or change, the case's detention); criteria,
  // statement and its URL of an assessment (of a case: its region in
  // "criteria" and its court in "statement").
  std::string value, date, criteria, statement, statement_url;
  int visibility = 0;
  std::vector<ReviewStep> steps;  // oldest first; the first is the draft
};

class CaseDrafts {
 public:
  // "*store" must outlive this object.
  explicit CaseDrafts(Store* store) : store_(store) {}

  // Drafts neither published nor rejected, oldest first, of persons (and
  // rows) at or below "ceiling".
  Result<std::vector<DraftRow>> Pending(Visibility ceiling);
  // The review steps of one item, oldest first.
  Result<std::vector<ReviewStep>> Steps(DraftItem item, int64_t id);

 private:
  Store* store_;
};

}  // namespace memoria::store

#endif  // MEMORIA_STORE_CASE_DRAFTS_H_
