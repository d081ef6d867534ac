// Cases and the political-prisoners list in the store (schema version 7,
// docs/formats/schema.md "Cases"): the rows WriteTransaction writes
// (AddCase, AddStatusChange, ...) and CasesReader, the read path of the
// list, the prisoner's card, the feeds and the publications.
//
// Every row carries provenance (exactly one of record_id and claim_id) and a
// visibility, like every fact; status changes, assessments, cases and
// publications also carry a state ("published" or "draft"): a draft is in no
// visible_* view, so no page shows it until an editor publishes it.
//
// CasesReader reads only the visible_* views of its Reader's ceiling
// (store/reader.h): a case is seen only through a visible person it
// prosecutes, and a status change, an assessment or a place of detention
// only with its person (and case) visible.
//
// Thread safety: like its Store, one thread at a time.
#ifndef MEMORIA_STORE_CASES_H_
#define MEMORIA_STORE_CASES_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/edtf.h"
#include "core/result.h"
#include "store/store.h"

namespace memoria::store {

// Where a row comes from: exactly one of record_id and claim_id is set.
struct Provenance {
  int64_t record_id = 0;
  int64_t claim_id = 0;
};

// "published" or "draft" (the editorial seam: drafts are in no view).
enum class RowState { kPublished, kDraft };

// One article of a criminal code a case is brought under.
struct ArticleFact {
  std::string country = "RU";  // ISO 3166-1 alpha-2
  std::string code = "UK";     // UK: the criminal code; KoAP: administrative offences
  std::string code_version;    // "" for the code in force
  std::string article;         // "205.2"
  std::string part;            // "2" ("" for the whole article)
  std::string point;           // "а" ("" for none)
  std::string normal;          // "205.2 ч.2" (cases::ArticleNormal)
  std::string text;            // as the source wrote it
};

struct CaseFact {
  int64_t id = 0;
  Provenance from;
  std::string title, case_group, region, court, investigator;
  Edtf opened, detained, charged, verdict, appeal, released;
  std::string restraint;         // measure of restraint: custody, house arrest, ...
  std::string sentence;          // as written
  int64_t sentence_months = -1;  // -1: unknown
  std::string sentence_kind;     // colony, suspended, fine, ...
  std::vector<ArticleFact> articles;
  RowState state = RowState::kPublished;
  Visibility visibility = Visibility::kPublic;
};

// role: prosecuted | judge | prosecutor | investigator | lawyer. A person
// (person_id) or, for an official not in the archive, a name as written.
struct InvolvementFact {
  int64_t id = 0;
  int64_t case_id = 0;
  int64_t person_id = 0;
  std::string role = "prosecuted";
  std::string name;
  Provenance from;
  Visibility visibility = Visibility::kPublic;
};

// A place of detention from a date, with its postal address.
struct DetentionFact {
  int64_t id = 0;
  int64_t person_id = 0;
  int64_t case_id = 0;  // 0: not tied to a case
  std::string facility, address;
  Edtf from_date, to_date;
  Provenance from;
  Visibility visibility = Visibility::kPublic;
};

// status: detained house_arrest restricted sentenced in_custody released
// emigrated died unknown.
struct StatusChangeFact {
  int64_t id = 0;
  int64_t person_id = 0;
  int64_t case_id = 0;
  std::string status;
  Edtf date;
  std::string source;  // citation of the change
  Provenance from;
  RowState state = RowState::kPublished;
  Visibility visibility = Visibility::kPublic;
};

// verdict: political_prisoner politically_persecuted under_review
// not_included.
struct AssessmentFact {
  int64_t id = 0;
  int64_t person_id = 0;
  int64_t case_id = 0;
  std::string organisation, list, verdict, criteria;
  Edtf date;
  std::string statement, statement_url;
  std::string drafted_by, approved_by;
  Provenance from;
  RowState state = RowState::kPublished;
  Visibility visibility = Visibility::kPublic;
};

// kind: statement | news | guide. body: the Markdown subset of
// docs/formats/prisoners.md.
struct PublicationFact {
  int64_t id = 0;
  std::string kind = "news";
  std::string title, summary, body;
  Edtf date;
  std::string url, language;
  Provenance from;
  RowState state = RowState::kPublished;
  Visibility visibility = Visibility::kPublic;
};

// ---- What CasesReader returns.

// One dated change of a prisoner's history (status or assessment).
struct DatedValue {
  int64_t id = 0;
  std::string value;
  std::string date;  // EDTF
  int32_t day = 0;   // earliest day, yyyymmdd; 0 when undated
};

// One prisoner of the list: everything the list, its filters, sorts,
// charts and exports need, with the whole visible history.
struct PrisonerRow {
  int64_t person_id = 0;
  std::string surname, given, patronymic;  // the first visible main name
  std::string birth;                       // EDTF of the earliest birth; "" unknown
  std::string sex;
  // Of the person's newest visible case (by detention day, then id).
  int64_t case_id = 0;
  std::string region, case_group;
  std::vector<std::string> articles;  // normal forms, in order
  std::string detained;               // EDTF
  int32_t detained_day = 0;
  int64_t sentence_months = -1;
  std::string sentence;
  // The newest place of detention.
  std::string facility, address;
  // Histories, oldest first (by day, then id).
  std::vector<DatedValue> statuses;
  std::vector<DatedValue> assessments;
};

struct CaseView {
  CaseFact fact;
  std::vector<InvolvementFact> involvements;  // persons' names in "name" when empty
};

struct PublicationRow {
  PublicationFact fact;
  std::vector<int64_t> persons;  // visible linked persons
};

struct PrisonerCard {
  int64_t person_id = 0;
  std::vector<CaseView> cases;
  std::vector<DetentionFact> detentions;     // by date
  std::vector<StatusChangeFact> statuses;    // by date
  std::vector<AssessmentFact> assessments;   // by date
  std::vector<PublicationRow> publications;  // newest first
};

// One entry of the prisoners' feed: a status change or an assessment.
struct ChangeEntry {
  std::string kind;  // "status" | "assessment"
  int64_t id = 0;
  int64_t person_id = 0;
  std::string surname, given, patronymic;
  std::string value;
  std::string date;  // EDTF
  int32_t day = 0;
  std::string statement;  // assessments
};

class Reader;

class CasesReader {
 public:
  // "*reader" must outlive the CasesReader; it reads under its ceiling.
  explicit CasesReader(Reader* reader) : reader_(reader) {}

  // Every visible person with a visible assessment or status change, by
  // person id.
  Result<std::vector<PrisonerRow>> Prisoners();
  // kNotFound when the person is not visible or has no visible case,
  // status, assessment or publication.
  Result<PrisonerCard> Card(int64_t person_id);
  // Whether Card(person_id) would find anything: a few index look-ups, for
  // the link from the person page.
  Result<bool> HasCard(int64_t person_id);
  // The newest "limit" status changes and assessments, newest first (by
  // day, then id).
  Result<std::vector<ChangeEntry>> Changes(int64_t limit);
  // Publications of "kind" ("" any), newest first, at most "limit", from
  // "offset".
  Result<std::vector<PublicationRow>> Publications(std::string_view kind, int64_t offset,
                                                   int64_t limit);
  Result<int64_t> CountPublications(std::string_view kind);
  // kNotFound for no visible publication with this id.
  Result<PublicationRow> Publication(int64_t id);

 private:
  Reader* reader_;
};

}  // namespace memoria::store

#endif  // MEMORIA_STORE_CASES_H_
