// The editorial workflow of cases (store/case_drafts.h): drafts, their
// publication or rejection, and the queue.
#include "store/case_drafts.h"

#include "store/internal/clock.h"
#include "store/internal/sealed_tables.h"
#include "store/internal/sqlite.h"
#include "store/write.h"

namespace memoria::store {
namespace {

const char* TableOf(DraftItem item) {
  switch (item) {
    case DraftItem::kCase:
      return "cases";
    case DraftItem::kAssessment:
      return "assessments";
    case DraftItem::kStatusChange:
      return "status_changes";
  }
  return "";
}

// The person a case prosecutes first (its involvements), or 0.
constexpr const char* kCasePerson =
    "(SELECT i.person_id FROM involvements i WHERE i.case_id = f.id AND i.role = 'prosecuted'"
    " AND i.person_id IS NOT NULL ORDER BY i.id LIMIT 1)";

// The last review action of an item ("" when it has none).
Result<std::string> LastAction(Database* db, DraftItem item, int64_t id) {
  MEMORIA_ASSIGN_OR_RETURN(Statement st,
                           db->Prepare("SELECT action FROM case_reviews WHERE item = ?1 AND "
                                       "item_id = ?2 ORDER BY id DESC LIMIT 1"));
  st.Bind(1, DraftItemName(item)).Bind(2, id);
  MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.ColumnString(0) : std::string();
}

Status AppendReview(Database* db, DraftItem item, int64_t id, int64_t person_id,
                    std::string_view action, const ReviewNote& note) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      db->Prepare("INSERT INTO case_reviews(item, item_id, person_id, action, author, at, "
                  "citation, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
  st.Bind(1, DraftItemName(item)).Bind(2, id).Bind(3, person_id).Bind(4, action);
  st.Bind(5, note.author).Bind(6, NowUtc()).Bind(7, note.citation).Bind(8, note.reason);
  return st.Run();
}

Status CheckNote(const ReviewNote& note, bool draft) {
  if (note.author.empty()) return InvalidArgumentError("a review step needs its author");
  if (draft && note.citation.empty()) {
    return InvalidArgumentError("a draft needs a citation: where it is stated");
  }
  if (note.citation.size() > 2000 || note.reason.size() > 4000) {
    return InvalidArgumentError("the citation or reason is too long");
  }
  return Status();
}

Status CheckPerson(Database* db, int64_t person_id) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st, db->Prepare("SELECT 1 FROM persons WHERE id = ?1 AND retracted_by IS NULL"));
  st.Bind(1, person_id);
  MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return NotFoundError("no person " + std::to_string(person_id));
  return Status();
}

}  // namespace

std::string_view DraftItemName(DraftItem item) {
  switch (item) {
    case DraftItem::kCase:
      return "case";
    case DraftItem::kAssessment:
      return "assessment";
    case DraftItem::kStatusChange:
      return "status_change";
  }
  return "";
}

Result<DraftItem> ParseDraftItem(std::string_view name) {
  for (DraftItem i : {DraftItem::kCase, DraftItem::kAssessment, DraftItem::kStatusChange}) {
    if (DraftItemName(i) == name) return i;
  }
  return InvalidArgumentError("a draft is a case, assessment or status_change, not '" +
                              std::string(name) + "'");
}

Result<int64_t> WriteTransaction::DraftAssessment(AssessmentFact fact, const ReviewNote& note) {
  MEMORIA_RETURN_IF_ERROR(CheckNote(note, true));
  MEMORIA_RETURN_IF_ERROR(CheckPerson(store_->db(), fact.person_id));
  MEMORIA_ASSIGN_OR_RETURN(
      fact.from.claim_id,
      AddClaim(note.author,
               "assessment of person " + std::to_string(fact.person_id) + ": " + fact.verdict,
               note.citation, fact.visibility));
  fact.from.record_id = 0;
  fact.state = RowState::kDraft;
  fact.drafted_by = note.author;
  fact.approved_by.clear();
  MEMORIA_ASSIGN_OR_RETURN(int64_t id, AddAssessment(fact));
  MEMORIA_RETURN_IF_ERROR(
      AppendReview(store_->db(), DraftItem::kAssessment, id, fact.person_id, "draft", note));
  return id;
}

Result<int64_t> WriteTransaction::DraftStatusChange(StatusChangeFact fact, const ReviewNote& note) {
  MEMORIA_RETURN_IF_ERROR(CheckNote(note, true));
  MEMORIA_RETURN_IF_ERROR(CheckPerson(store_->db(), fact.person_id));
  MEMORIA_ASSIGN_OR_RETURN(
      fact.from.claim_id,
      AddClaim(note.author,
               "status of person " + std::to_string(fact.person_id) + ": " + fact.status,
               note.citation, fact.visibility));
  fact.from.record_id = 0;
  fact.state = RowState::kDraft;
  if (fact.source.empty()) fact.source = note.citation;
  MEMORIA_ASSIGN_OR_RETURN(int64_t id, AddStatusChange(fact));
  MEMORIA_RETURN_IF_ERROR(
      AppendReview(store_->db(), DraftItem::kStatusChange, id, fact.person_id, "draft", note));
  return id;
}

Result<int64_t> WriteTransaction::DraftCase(CaseFact fact, int64_t person_id,
                                            const ReviewNote& note) {
  MEMORIA_RETURN_IF_ERROR(CheckNote(note, true));
  MEMORIA_RETURN_IF_ERROR(CheckPerson(store_->db(), person_id));
  MEMORIA_ASSIGN_OR_RETURN(int64_t claim,
                           AddClaim(note.author, "case of person " + std::to_string(person_id),
                                    note.citation, fact.visibility));
  fact.from = Provenance{0, claim};
  fact.state = RowState::kDraft;
  MEMORIA_ASSIGN_OR_RETURN(int64_t id, AddCase(fact));
  InvolvementFact inv;
  inv.case_id = id;
  inv.person_id = person_id;
  inv.role = "prosecuted";
  inv.from = fact.from;
  inv.visibility = fact.visibility;
  MEMORIA_RETURN_IF_ERROR(AddInvolvement(inv).status());
  MEMORIA_RETURN_IF_ERROR(
      AppendReview(store_->db(), DraftItem::kCase, id, person_id, "draft", note));
  return id;
}

namespace {

// The person of a draft and whether it is one; kNotFound for no such row.
Result<std::pair<int64_t, bool>> DraftOf(Database* db, DraftItem item, int64_t id) {
  const std::string person = item == DraftItem::kCase ? kCasePerson : "f.person_id";
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st, db->Prepare("SELECT coalesce(" + person + ", 0), f.state = 'draft' FROM " +
                                TableOf(item) + " f WHERE f.id = ?1"));
  st.Bind(1, id);
  MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) {
    return NotFoundError("no " + std::string(DraftItemName(item)) + " " + std::to_string(id));
  }
  return std::make_pair(st.ColumnInt(0), st.ColumnInt(1) != 0);
}

}  // namespace

Status WriteTransaction::PublishDraft(DraftItem item, int64_t id, const ReviewNote& note) {
  seal_extras_pending_ = true;  // a row of a sealed table may be confidential
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_RETURN_IF_ERROR(CheckNote(note, false));
  Database* db = store_->db();
  MEMORIA_ASSIGN_OR_RETURN(auto draft, DraftOf(db, item, id));
  MEMORIA_ASSIGN_OR_RETURN(std::string last, LastAction(db, item, id));
  if (!draft.second || last == "reject") {
    return FailedPreconditionError(std::string(DraftItemName(item)) + " " + std::to_string(id) +
                                   (draft.second ? " was rejected" : " is published already"));
  }
  std::string sql = std::string("UPDATE ") + TableOf(item) + " SET state = 'published'";
  if (item == DraftItem::kAssessment) sql += ", approved_by = ?2";
  sql += " WHERE id = ?1 AND state = 'draft'";
  MEMORIA_ASSIGN_OR_RETURN(Statement st, db->Prepare(sql));
  st.Bind(1, id);
  if (item == DraftItem::kAssessment) st.Bind(2, note.author);
  MEMORIA_RETURN_IF_ERROR(st.Run());
  // A published case shows its prosecuted persons' involvement, which the
  // views show with the case.
  return AppendReview(db, item, id, draft.first, "publish", note);
}

Status WriteTransaction::RejectDraft(DraftItem item, int64_t id, const ReviewNote& note) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_RETURN_IF_ERROR(CheckNote(note, false));
  Database* db = store_->db();
  MEMORIA_ASSIGN_OR_RETURN(auto draft, DraftOf(db, item, id));
  MEMORIA_ASSIGN_OR_RETURN(std::string last, LastAction(db, item, id));
  if (!draft.second || last == "reject") {
    return FailedPreconditionError(std::string(DraftItemName(item)) + " " + std::to_string(id) +
                                   (draft.second ? " was rejected already" : " is published"));
  }
  return AppendReview(db, item, id, draft.first, "reject", note);
}

Result<std::vector<ReviewStep>> CaseDrafts::Steps(DraftItem item, int64_t id) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      store_->db()->Prepare("SELECT id, action, author, at, citation, reason FROM case_reviews "
                            "WHERE item = ?1 AND item_id = ?2 ORDER BY id"));
  st.Bind(1, DraftItemName(item)).Bind(2, id);
  std::vector<ReviewStep> out;
  while (true) {
    MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back(ReviewStep{st.ColumnInt(0), st.ColumnString(1), st.ColumnString(2),
                             st.ColumnString(3), st.ColumnString(4), st.ColumnString(5)});
  }
  return out;
}

Result<std::vector<DraftRow>> CaseDrafts::Pending(Visibility ceiling) {
  // One SELECT per table: (id, person, value, date, criteria, statement,
  // url, effective visibility). A draft is pending until a review step
  // publishes it (its state) or rejects it.
  const std::string not_rejected =
      " AND NOT EXISTS (SELECT 1 FROM case_reviews r WHERE r.item = '{item}' AND r.item_id = f.id"
      " AND r.action = 'reject')";
  struct Part {
    DraftItem item;
    std::string sql;
  };
  const std::vector<Part> parts = {
      {DraftItem::kAssessment,
       "SELECT f.id, f.person_id, f.verdict, OPENED(assessments,date,f),"
       " OPENED(assessments,criteria,f), OPENED(assessments,statement,f),"
       " OPENED(assessments,statement_url,f),"
       " max(f.visibility, p.visibility) FROM assessments f JOIN persons p ON p.id = f.person_id"
       " WHERE f.state = 'draft'"},
      {DraftItem::kStatusChange,
       "SELECT f.id, f.person_id, f.status, OPENED(status_changes,date,f), '', '', '',"
       " max(f.visibility, p.visibility)"
       " FROM status_changes f JOIN persons p ON p.id = f.person_id WHERE f.state = 'draft'"},
      {DraftItem::kCase,
       std::string("SELECT f.id, coalesce(") + kCasePerson +
           ", 0), OPENED(cases,title,f), OPENED(cases,detained,f), OPENED(cases,region,f),"
           " OPENED(cases,court,f), '', max(f.visibility, coalesce((SELECT"
           " p.visibility FROM persons p WHERE p.id = " +
           kCasePerson + "), 0)) FROM cases f WHERE f.state = 'draft'"},
  };
  std::vector<DraftRow> out;
  for (const Part& part : parts) {
    std::string sql = ExpandOpened(part.sql, true) + not_rejected + " ORDER BY f.id";
    const size_t at = sql.find("{item}");
    sql.replace(at, 6, DraftItemName(part.item));
    MEMORIA_ASSIGN_OR_RETURN(Statement st, store_->db()->Prepare(sql));
    while (true) {
      MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      if (st.ColumnInt(7) > static_cast<int64_t>(ceiling)) continue;
      DraftRow d;
      d.item = part.item;
      d.id = st.ColumnInt(0);
      d.person_id = st.ColumnInt(1);
      d.value = st.ColumnString(2);
      d.date = st.ColumnString(3);
      d.criteria = st.ColumnString(4);
      d.statement = st.ColumnString(5);
      d.statement_url = st.ColumnString(6);
      d.visibility = static_cast<int>(st.ColumnInt(7));
      out.push_back(std::move(d));
    }
  }
  for (DraftRow& d : out) {
    MEMORIA_ASSIGN_OR_RETURN(d.steps, Steps(d.item, d.id));
  }
  return out;
}

}  // namespace memoria::store
