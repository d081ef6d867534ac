// Editing with citations, and corrections sent by the public (schema
// version 10, docs/formats/schema.md "Changes").
//
// A change never overwrites a fact. It is a row of the append-only
// "changes" table: what it does (add, correct, retract, undo), to which
// fact (a name, event or attribute of a person, a whole person, or, for an
// undo, another change), the new value, its citation (required) and reason,
// its author and time. A change is "pending" (a volunteer's proposal) until
// an editor accepts or rejects it; an editor's own change is accepted at
// once. Accepting applies it: a claim (author, reason, citation) is
// written, a new fact carries that claim as its provenance, and a fact
// corrected or retracted gets "retracted_by", which takes it out of every
// visible_* view while its row, and the source record it was read from,
// stay as they were. An undo is a change that reverses another one.
//
// A visitor's correction or testimony waits in "corrections" (no address
// of its sender is stored) until an editor accepts or rejects it; only an
// accepted testimony is shown on the person page.
//
// Writes are WriteTransaction's (write.h, implemented in edits.cc); reads
// go through EditReader, over the views of a Reader's ceiling.
//
// Thread safety: like its Store, one thread at a time.
#ifndef MEMORIA_STORE_EDITS_H_
#define MEMORIA_STORE_EDITS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace memoria::store {

class Reader;

// Limits on what a change or a correction may hold, in bytes.
inline constexpr size_t kMaxCitationBytes = 1000;
inline constexpr size_t kMaxReasonBytes = 2000;
inline constexpr size_t kMaxValueBytes = 1000;  // one field of a fact
inline constexpr size_t kMaxCorrectionBytes = 8000;
inline constexpr size_t kMaxContactBytes = 200;

enum class ChangeKind { kAdd, kCorrect, kRetract, kUndo };
enum class FactKind { kName, kEvent, kAttribute, kPerson, kChange };

std::string_view ChangeKindName(ChangeKind k);
std::string_view FactKindName(FactKind k);
// The words an editor may ask for (the form's and `memoria edit`'s): add,
// correct or retract (an undo has its own request); name, event, attribute
// or person. nullopt for any other word.
std::optional<ChangeKind> ParseEditAction(std::string_view word);
std::optional<FactKind> ParseEditedFact(std::string_view word);

// What an editor or a volunteer asks for.
//   kAdd      a name, event or attribute of person_id (fact: its kind), or
//             a new person (kPerson, person_id 0) with "name" as its name;
//   kCorrect  replaces fact target_id of person_id by the new value;
//   kRetract  takes fact target_id (or person person_id, for kPerson) out.
// Undo is UndoChange's. The new value is the field of the fact kind
// (name, event or attribute); its person, provenance and ids are ignored.
struct ChangeRequest {
  ChangeKind kind = ChangeKind::kAdd;
  FactKind fact = FactKind::kName;
  int64_t person_id = 0;
  int64_t target_id = 0;
  NameFact name;
  EventFact event;
  AttributeFact attribute;
  std::string citation;  // required: a source record id, a document, free text
  std::string reason;
  std::string author;                           // the account name (or cli:USER)
  Visibility visibility = Visibility::kPublic;  // of the claim and new fact
};

// One row of "changes", as a history or a queue shows it.
struct ChangeRow {
  int64_t id = 0;
  int64_t person_id = 0;  // 0: a new person not yet accepted
  std::string kind;       // add correct retract undo
  std::string fact;       // name event attribute person change
  int64_t target_id = 0;
  std::string value;  // the new value, as text ("Surname Given Patronymic", "birth 1901 ...")
  std::string citation, reason, author, created_at;
  Visibility visibility = Visibility::kPublic;
  std::string state;  // pending accepted rejected
  std::string reviewed_by, reviewed_at;
  int64_t claim_id = 0;
  int64_t new_fact_id = 0;
  int64_t undone_by = 0;
};

// One version of a fact, current or not, with where it came from.
struct FactVersion {
  std::string fact;  // name event attribute
  int64_t id = 0;
  std::string kind;  // the name's kind, event's type, attribute's kind
  std::string value;
  int64_t record_id = 0;
  int64_t claim_id = 0;
  std::string claim_author, claim_citation, claim_created_at;
  int64_t retracted_by = 0;  // the change that took it out; 0: current
};

struct PersonHistory {
  int64_t person_id = 0;
  bool retracted = false;
  std::vector<FactVersion> facts;  // names, then events, then attributes; by id
  std::vector<ChangeRow> changes;  // every change of the person, oldest first
};

// A visitor's correction or testimony.
struct CorrectionSubmission {
  int64_t person_id = 0;
  std::string kind = "correction";  // correction | testimony
  std::string body;
  std::string contact;  // optional, as the sender wrote it
};

struct CorrectionRow {
  int64_t id = 0;
  int64_t person_id = 0;
  std::string kind, body, contact, created_at, state, note, reviewed_by, reviewed_at;
  Visibility visibility = Visibility::kRestricted;
};

// Checks a request before it is stored: the citation present, sizes within
// the limits, UTF-8, the kinds and the value's fields known. Returns
// kInvalidArgument naming the first problem, kResourceExhausted for a field
// over its limit.
Status ValidateChange(const ChangeRequest& request);
Status ValidateCorrection(const CorrectionSubmission& submission);

class EditReader {
 public:
  // "*reader" must outlive the EditReader; it reads under its ceiling.
  explicit EditReader(Reader* reader) : reader_(reader) {}

  // Every version of every fact of the person visible at the ceiling, and
  // its changes. kNotFound when the person has no name visible there.
  Result<PersonHistory> History(int64_t person_id);
  // Changes in "state" ("pending"...), oldest first, at most "limit".
  Result<std::vector<ChangeRow>> Changes(std::string_view state, int64_t limit);
  // Corrections in "state", oldest first, at most "limit" (pending ones are
  // seen from the restricted ceiling up).
  Result<std::vector<CorrectionRow>> Corrections(std::string_view state, int64_t limit);
  // The accepted testimonies of a person, oldest first.
  Result<std::vector<CorrectionRow>> Testimonies(int64_t person_id);

 private:
  Reader* reader_;
};

}  // namespace memoria::store

#endif  // MEMORIA_STORE_EDITS_H_
