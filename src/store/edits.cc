// Editing with citations and the public's corrections (store/edits.h):
// validation and the writes of WriteTransaction (EditReader: edit_reader.cc).
#include "store/edits.h"

#include <nlohmann/json.hpp>

#include "core/text.h"
#include "store/internal/clock.h"
#include "store/internal/edit_rows.h"
#include "store/internal/reader_util.h"
#include "store/internal/sealed_tables.h"
#include "store/internal/sqlite.h"
#include "store/reader.h"
#include "store/write.h"

namespace memoria::store {
namespace {

using edit_rows::ChangeOf;
using edit_rows::kChangeColumns;
using edit_rows::Str;

using Json = nlohmann::json;

constexpr std::string_view kNameKinds[] = {"main", "alias", "variant", "transliteration", "maiden"};
constexpr std::string_view kEventTypes[] = {"birth",    "arrest",         "charge",     "trial",
                                            "sentence", "execution",      "death",      "burial",
                                            "release",  "rehabilitation", "designation"};

template <typename List>
bool OneOf(const List& list, std::string_view v) {
  for (std::string_view x : list) {
    if (x == v) return true;
  }
  return false;
}

Status CheckField(std::string_view what, std::string_view v, size_t limit) {
  if (v.size() > limit) {
    return ResourceExhaustedError(std::string(what) + " is longer than " + std::to_string(limit) +
                                  " bytes");
  }
  if (!IsValidUtf8(v)) return InvalidArgumentError(std::string(what) + " is not valid UTF-8");
  return Status();
}

std::string_view TableOf(FactKind fact) {
  switch (fact) {
    case FactKind::kName:
      return "names";
    case FactKind::kEvent:
      return "events";
    case FactKind::kAttribute:
      return "attributes";
    case FactKind::kPerson:
      return "persons";
    case FactKind::kChange:
      return "changes";
  }
  return "";
}

Result<FactKind> ParseFact(std::string_view s) {
  if (s == "name") return FactKind::kName;
  if (s == "event") return FactKind::kEvent;
  if (s == "attribute") return FactKind::kAttribute;
  if (s == "person") return FactKind::kPerson;
  if (s == "change") return FactKind::kChange;
  return DataLossError("a stored change names an unknown fact: " + std::string(s));
}

Json ValueJson(const ChangeRequest& r) {
  switch (r.fact) {
    case FactKind::kName:
    case FactKind::kPerson:
      return {{"kind", r.name.kind},
              {"surname", r.name.surname},
              {"given", r.name.given},
              {"patronymic", r.name.patronymic},
              {"script", r.name.script}};
    case FactKind::kEvent:
      return {{"type", r.event.type},           {"date", r.event.date.ToString()},
              {"date_text", r.event.date_text}, {"place", r.event.place},
              {"body", r.event.body},           {"article", r.event.article},
              {"sentence", r.event.sentence},   {"note", r.event.note}};
    case FactKind::kAttribute:
      return {{"kind", r.attribute.kind}, {"value", r.attribute.value}};
    case FactKind::kChange:
      break;
  }
  return Json::object();
}

struct StoredChange {
  ChangeRow row;
  FactKind fact = FactKind::kName;
  std::string value_json;
};

}  // namespace

std::string_view ChangeKindName(ChangeKind k) {
  switch (k) {
    case ChangeKind::kAdd:
      return "add";
    case ChangeKind::kCorrect:
      return "correct";
    case ChangeKind::kRetract:
      return "retract";
    case ChangeKind::kUndo:
      return "undo";
  }
  return "";
}

std::optional<ChangeKind> ParseEditAction(std::string_view word) {
  for (ChangeKind k : {ChangeKind::kAdd, ChangeKind::kCorrect, ChangeKind::kRetract}) {
    if (word == ChangeKindName(k)) return k;
  }
  return std::nullopt;
}

std::optional<FactKind> ParseEditedFact(std::string_view word) {
  for (FactKind k : {FactKind::kName, FactKind::kEvent, FactKind::kAttribute, FactKind::kPerson}) {
    if (word == FactKindName(k)) return k;
  }
  return std::nullopt;
}

std::string_view FactKindName(FactKind k) {
  switch (k) {
    case FactKind::kName:
      return "name";
    case FactKind::kEvent:
      return "event";
    case FactKind::kAttribute:
      return "attribute";
    case FactKind::kPerson:
      return "person";
    case FactKind::kChange:
      return "change";
  }
  return "";
}

Status ValidateChange(const ChangeRequest& r) {
  if (r.kind == ChangeKind::kUndo || r.fact == FactKind::kChange) {
    return InvalidArgumentError("an undo is made with UndoChange");
  }
  MEMORIA_RETURN_IF_ERROR(CheckField("the citation", r.citation, kMaxCitationBytes));
  MEMORIA_RETURN_IF_ERROR(CheckField("the reason", r.reason, kMaxReasonBytes));
  MEMORIA_RETURN_IF_ERROR(CheckField("the author", r.author, kMaxValueBytes));
  if (CollapseSpace(r.citation).empty()) return InvalidArgumentError("a change needs a citation");
  if (r.author.empty()) return InvalidArgumentError("a change needs an author");
  if (r.fact == FactKind::kPerson) {
    if (r.kind == ChangeKind::kCorrect) {
      return InvalidArgumentError("a person is corrected through its facts");
    }
    if (r.kind == ChangeKind::kAdd && r.person_id != 0) {
      return InvalidArgumentError("a new person has no id yet");
    }
  } else if (r.person_id <= 0) {
    return InvalidArgumentError("a change needs a person");
  }
  if ((r.kind == ChangeKind::kCorrect || r.kind == ChangeKind::kRetract) &&
      r.fact != FactKind::kPerson && r.target_id <= 0) {
    return InvalidArgumentError("a correction or retraction needs the fact it changes");
  }
  if (r.kind == ChangeKind::kRetract) return Status();
  switch (r.fact) {
    case FactKind::kName:
    case FactKind::kPerson:
      if (!OneOf(kNameKinds, r.name.kind)) return InvalidArgumentError("unknown name kind");
      for (const std::string* part : {&r.name.surname, &r.name.given, &r.name.patronymic}) {
        MEMORIA_RETURN_IF_ERROR(CheckField("a name part", *part, kMaxValueBytes));
      }
      if (CollapseSpace(r.name.surname).empty() && CollapseSpace(r.name.given).empty()) {
        return InvalidArgumentError("a name needs a surname or a given name");
      }
      break;
    case FactKind::kEvent:
      if (!OneOf(kEventTypes, r.event.type)) return InvalidArgumentError("unknown event type");
      for (const std::string* f : {&r.event.date_text, &r.event.place, &r.event.body,
                                   &r.event.article, &r.event.sentence, &r.event.note}) {
        MEMORIA_RETURN_IF_ERROR(CheckField("an event field", *f, kMaxValueBytes));
      }
      break;
    case FactKind::kAttribute:
      if (r.attribute.kind.empty() || r.attribute.kind.size() > 64) {
        return InvalidArgumentError("an attribute needs a kind");
      }
      MEMORIA_RETURN_IF_ERROR(CheckField("the attribute's kind", r.attribute.kind, 64));
      MEMORIA_RETURN_IF_ERROR(
          CheckField("the attribute's value", r.attribute.value, kMaxValueBytes));
      if (CollapseSpace(r.attribute.value).empty())
        return InvalidArgumentError("an attribute needs a value");
      break;
    case FactKind::kChange:
      break;
  }
  return Status();
}

Status ValidateCorrection(const CorrectionSubmission& s) {
  if (s.kind != "correction" && s.kind != "testimony") {
    return InvalidArgumentError("a submission is a correction or a testimony");
  }
  MEMORIA_RETURN_IF_ERROR(CheckField("the text", s.body, kMaxCorrectionBytes));
  MEMORIA_RETURN_IF_ERROR(CheckField("the contact", s.contact, kMaxContactBytes));
  if (CollapseSpace(s.body).empty()) return InvalidArgumentError("the text is empty");
  if (s.person_id <= 0) return InvalidArgumentError("no person");
  return Status();
}

// ---- writes ----

namespace {

// The person a live fact belongs to and whether it is retracted; kNotFound
// when there is no such fact.
struct FactState {
  int64_t person_id = 0;
  int64_t retracted_by = 0;
};

Result<FactState> FactStateOf(Database* db, FactKind fact, int64_t id) {
  const std::string table(TableOf(fact));
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      db->Prepare(fact == FactKind::kPerson
                      ? "SELECT id, coalesce(retracted_by, 0), redirect_to IS NOT NULL FROM persons"
                        " WHERE id = ?1"
                      : "SELECT person_id, coalesce(retracted_by, 0), 0 FROM " + table +
                            " WHERE id = ?1"));
  st.Bind(1, id);
  MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) {
    return NotFoundError("no " + std::string(FactKindName(fact)) + " " + std::to_string(id));
  }
  if (st.ColumnInt(2) != 0) {
    return FailedPreconditionError("person " + std::to_string(id) + " was merged");
  }
  return FactState{st.ColumnInt(0), st.ColumnInt(1)};
}

Status SetRetractedBy(Database* db, FactKind fact, int64_t id, int64_t change_id) {
  MEMORIA_ASSIGN_OR_RETURN(Statement st, db->Prepare("UPDATE " + std::string(TableOf(fact)) +
                                                     " SET retracted_by = ?2 WHERE id = ?1"));
  st.Bind(1, id).BindIdOrNull(2, change_id);
  return st.Run();
}

Result<StoredChange> LoadChange(Database* db, int64_t id) {
  // A sealed change is read opened (internal/sealed_tables.h): accepting or
  // undoing it applies its value.
  std::string columns(kChangeColumns);
  for (const char* column : {"value", "citation", "reason"}) {
    const std::string plain = std::string(" ") + column + ",";
    columns.replace(columns.find(plain), plain.size(),
                    " " + OpenedColumnSql("changes", column, "changes") + ",");
  }
  MEMORIA_ASSIGN_OR_RETURN(Statement st, db->Prepare(columns + "changes WHERE id = ?1"));
  st.Bind(1, id);
  MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return NotFoundError("no change " + std::to_string(id));
  if (st.ColumnText(5) == kLockedValue || st.ColumnText(6) == kLockedValue) {
    return FailedPreconditionError("change " + std::to_string(id) +
                                   " is sealed and the archive's key is not loaded");
  }
  StoredChange c;
  c.row = ChangeOf(st, &c.value_json);
  MEMORIA_ASSIGN_OR_RETURN(c.fact, ParseFact(c.row.fact));
  return c;
}

}  // namespace

Result<int64_t> WriteTransaction::ProposeChange(const ChangeRequest& request) {
  seal_extras_pending_ = true;  // a row of a sealed table may be confidential
  MEMORIA_RETURN_IF_ERROR(ValidateChange(request));
  MEMORIA_RETURN_IF_ERROR(Tick());
  Database* db = store_->db();
  ChangeRequest r = request;
  if (r.fact == FactKind::kPerson) {
    if (r.kind == ChangeKind::kRetract) {
      MEMORIA_ASSIGN_OR_RETURN(FactState s, FactStateOf(db, FactKind::kPerson, r.person_id));
      if (s.retracted_by != 0) return FailedPreconditionError("the person is retracted already");
      r.target_id = r.person_id;
    }
  } else {
    MEMORIA_ASSIGN_OR_RETURN(FactState person, FactStateOf(db, FactKind::kPerson, r.person_id));
    (void)person;
    if (r.kind != ChangeKind::kAdd) {
      MEMORIA_ASSIGN_OR_RETURN(FactState s, FactStateOf(db, r.fact, r.target_id));
      if (s.person_id != r.person_id) {
        return NotFoundError("person " + std::to_string(r.person_id) + " has no " +
                             std::string(FactKindName(r.fact)) + " " + std::to_string(r.target_id));
      }
      if (s.retracted_by != 0) {
        return FailedPreconditionError("that fact was already corrected or retracted");
      }
    }
  }
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      db->Prepare("INSERT INTO changes(person_id, kind, fact, target_id, value, citation, reason,"
                  " author, created_at, visibility) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
                  " ?10)"));
  st.BindIdOrNull(1, r.person_id)
      .Bind(2, ChangeKindName(r.kind))
      .Bind(3, FactKindName(r.fact))
      .BindIdOrNull(4, r.target_id)
      .Bind(5, r.kind == ChangeKind::kRetract ? std::string("{}") : ValueJson(r).dump())
      .Bind(6, CollapseSpace(r.citation))
      .Bind(7, r.reason)
      .Bind(8, r.author)
      .Bind(9, NowUtc())
      .Bind(10, static_cast<int64_t>(r.visibility));
  MEMORIA_RETURN_IF_ERROR(st.Run());
  const int64_t id = db->LastInsertRowId();
  // The value and the citation enter the ledger by digest (keyed unless
  // public): the body names the change, never a hidden value.
  MEMORIA_RETURN_IF_ERROR(
      AppendLedger(r.kind == ChangeKind::kRetract ? ledger::Kind::kRetract : ledger::Kind::kClaim,
                   {{"change", id},
                    {"by", r.author},
                    {"person", r.person_id},
                    {"fact", FactKindName(r.fact)},
                    {"target", r.target_id},
                    {"value_digest", LedgerDigest(ValueJson(r).dump(), r.visibility)},
                    {"citation_digest", LedgerDigest(CollapseSpace(r.citation), r.visibility)}}));
  return id;
}

Status WriteTransaction::AcceptChange(int64_t change_id, std::string_view reviewer) {
  seal_extras_pending_ = true;  // a row of a sealed table may be confidential
  MEMORIA_RETURN_IF_ERROR(Tick());
  Database* db = store_->db();
  MEMORIA_ASSIGN_OR_RETURN(StoredChange c, LoadChange(db, change_id));
  if (c.row.state != "pending") {
    return FailedPreconditionError("change " + std::to_string(change_id) + " is " + c.row.state);
  }
  const bool fact_change = c.fact != FactKind::kPerson && c.fact != FactKind::kChange;
  if (c.row.kind == "correct" || c.row.kind == "retract") {
    MEMORIA_ASSIGN_OR_RETURN(FactState s, FactStateOf(db, c.fact, c.row.target_id));
    if (s.retracted_by != 0) {
      return FailedPreconditionError("the fact was corrected or retracted since the proposal");
    }
  }
  MEMORIA_ASSIGN_OR_RETURN(
      int64_t claim,
      AddClaim(c.row.author, c.row.reason.empty() ? c.row.kind + " " + c.row.fact : c.row.reason,
               c.row.citation, c.row.visibility));
  int64_t new_fact = 0;
  if (c.row.kind == "add" || c.row.kind == "correct") {
    const Json v = Json::parse(c.value_json, nullptr, /*allow_exceptions=*/false);
    if (!v.is_object()) return DataLossError("a stored change's value does not parse");
    int64_t person = c.row.person_id;
    if (c.fact == FactKind::kPerson) {
      MEMORIA_ASSIGN_OR_RETURN(person, AddPerson(0, c.row.visibility));
    }
    if (c.fact == FactKind::kName || c.fact == FactKind::kPerson) {
      NameFact n;
      n.person_id = person;
      n.claim_id = claim;
      n.kind = Str(v, "kind");
      n.surname = Str(v, "surname");
      n.given = Str(v, "given");
      n.patronymic = Str(v, "patronymic");
      n.script = Str(v, "script");
      n.visibility = c.row.visibility;
      MEMORIA_ASSIGN_OR_RETURN(new_fact, AddName(n));
      if (c.fact == FactKind::kPerson) new_fact = person;
    } else if (c.fact == FactKind::kEvent) {
      EventFact e;
      e.person_id = person;
      e.claim_id = claim;
      e.type = Str(v, "type");
      const std::string date = Str(v, "date");
      if (!date.empty()) {
        Result<Edtf> d = Edtf::Parse(date);
        if (!d.ok()) return DataLossError("a stored change's date does not parse");
        e.date = *d;
      }
      e.date_text = Str(v, "date_text");
      e.place = Str(v, "place");
      e.body = Str(v, "body");
      e.article = Str(v, "article");
      e.sentence = Str(v, "sentence");
      e.note = Str(v, "note");
      e.visibility = c.row.visibility;
      MEMORIA_ASSIGN_OR_RETURN(new_fact, AddEvent(e));
    } else if (c.fact == FactKind::kAttribute) {
      AttributeFact a;
      a.person_id = person;
      a.claim_id = claim;
      a.kind = Str(v, "kind");
      a.value = Str(v, "value");
      a.visibility = c.row.visibility;
      MEMORIA_ASSIGN_OR_RETURN(new_fact, AddAttribute(a));
    }
  }
  if (c.row.kind == "correct" || c.row.kind == "retract") {
    MEMORIA_RETURN_IF_ERROR(SetRetractedBy(db, c.fact, c.row.target_id, change_id));
  }
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      db->Prepare("UPDATE changes SET state = 'accepted', reviewed_by = ?2, reviewed_at = ?3,"
                  " claim_id = ?4, new_fact_id = ?5 WHERE id = ?1"));
  st.Bind(1, change_id)
      .Bind(2, reviewer)
      .Bind(3, NowUtc())
      .Bind(4, claim)
      .BindIdOrNull(5, new_fact);
  MEMORIA_RETURN_IF_ERROR(st.Run());
  (void)fact_change;
  names_changed_ = true;
  names_removed_ = true;
  return AppendLedger(ledger::Kind::kClaim,
                      {{"change", change_id}, {"by", reviewer}, {"review", "accepted"}});
}

Status WriteTransaction::RejectChange(int64_t change_id, std::string_view reviewer) {
  seal_extras_pending_ = true;  // a row of a sealed table may be confidential
  MEMORIA_RETURN_IF_ERROR(Tick());
  Database* db = store_->db();
  MEMORIA_ASSIGN_OR_RETURN(StoredChange c, LoadChange(db, change_id));
  if (c.row.state != "pending") {
    return FailedPreconditionError("change " + std::to_string(change_id) + " is " + c.row.state);
  }
  MEMORIA_ASSIGN_OR_RETURN(Statement st,
                           db->Prepare("UPDATE changes SET state = 'rejected', reviewed_by = ?2,"
                                       " reviewed_at = ?3 WHERE id = ?1"));
  st.Bind(1, change_id).Bind(2, reviewer).Bind(3, NowUtc());
  MEMORIA_RETURN_IF_ERROR(st.Run());
  return AppendLedger(ledger::Kind::kRetract,
                      {{"change", change_id}, {"by", reviewer}, {"review", "rejected"}});
}

Result<int64_t> WriteTransaction::MakeChange(const ChangeRequest& request) {
  MEMORIA_ASSIGN_OR_RETURN(int64_t id, ProposeChange(request));
  MEMORIA_RETURN_IF_ERROR(AcceptChange(id, request.author));
  return id;
}

Result<int64_t> WriteTransaction::NewFactOf(int64_t change_id) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(Statement st,
                           store_->db()->Prepare("SELECT coalesce(new_fact_id, 0) FROM changes"
                                                 " WHERE id = ?1"));
  st.Bind(1, change_id);
  MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return NotFoundError("no change " + std::to_string(change_id));
  return st.ColumnInt(0);
}

Result<int64_t> WriteTransaction::UndoChange(int64_t change_id, std::string_view author,
                                             std::string_view citation, std::string_view reason) {
  seal_extras_pending_ = true;  // a row of a sealed table may be confidential
  MEMORIA_RETURN_IF_ERROR(CheckField("the citation", citation, kMaxCitationBytes));
  MEMORIA_RETURN_IF_ERROR(CheckField("the reason", reason, kMaxReasonBytes));
  if (author.empty()) return InvalidArgumentError("a change needs an author");
  MEMORIA_RETURN_IF_ERROR(Tick());
  Database* db = store_->db();
  MEMORIA_ASSIGN_OR_RETURN(StoredChange x, LoadChange(db, change_id));
  if (x.row.state != "accepted") {
    return FailedPreconditionError("change " + std::to_string(change_id) + " is " + x.row.state +
                                   ", not applied");
  }
  if (x.row.kind == "undo") {
    return FailedPreconditionError("an undo is not undone; make the change again instead");
  }
  if (x.row.undone_by != 0) {
    return FailedPreconditionError("change " + std::to_string(change_id) + " is undone already");
  }
  // What the change wrote must still stand: a later change that built on
  // it is undone first.
  const FactKind written = x.fact;
  if (x.row.kind == "add" || x.row.kind == "correct") {
    MEMORIA_ASSIGN_OR_RETURN(FactState s, FactStateOf(db, written, x.row.new_fact_id));
    if (s.retracted_by != 0) {
      return FailedPreconditionError("a later change " + std::to_string(s.retracted_by) +
                                     " replaced what this change wrote; undo that one first");
    }
  }
  if (x.row.kind == "correct" || x.row.kind == "retract") {
    MEMORIA_ASSIGN_OR_RETURN(FactState s, FactStateOf(db, x.fact, x.row.target_id));
    if (s.retracted_by != change_id) {
      return InternalError("the fact change " + std::to_string(change_id) +
                           " retracted is no longer retracted by it");
    }
  }
  const int64_t person = x.row.person_id != 0 ? x.row.person_id : x.row.new_fact_id;
  const std::string cite = CollapseSpace(citation).empty() ? "change " + std::to_string(change_id)
                                                           : std::string(CollapseSpace(citation));
  MEMORIA_ASSIGN_OR_RETURN(
      int64_t claim,
      AddClaim(author, reason.empty() ? "undo of change " + std::to_string(change_id) : reason,
               cite, x.row.visibility));
  const std::string now = NowUtc();
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      db->Prepare(
          "INSERT INTO changes(person_id, kind, fact, target_id, citation, reason, author,"
          " created_at, visibility, state, reviewed_by, reviewed_at, claim_id)"
          " VALUES (?1, 'undo', 'change', ?2, ?3, ?4, ?5, ?6, ?7, 'accepted', ?5, ?6, ?8)"));
  st.BindIdOrNull(1, person)
      .Bind(2, change_id)
      .Bind(3, cite)
      .Bind(4, reason)
      .Bind(5, author)
      .Bind(6, now)
      .Bind(7, static_cast<int64_t>(x.row.visibility))
      .Bind(8, claim);
  MEMORIA_RETURN_IF_ERROR(st.Run());
  const int64_t undo = db->LastInsertRowId();
  if (x.row.kind == "add" || x.row.kind == "correct") {
    MEMORIA_RETURN_IF_ERROR(SetRetractedBy(db, written, x.row.new_fact_id, undo));
  }
  if (x.row.kind == "correct" || x.row.kind == "retract") {
    MEMORIA_RETURN_IF_ERROR(SetRetractedBy(db, x.fact, x.row.target_id, 0));
  }
  MEMORIA_ASSIGN_OR_RETURN(Statement mark,
                           db->Prepare("UPDATE changes SET undone_by = ?2 WHERE id = ?1"));
  mark.Bind(1, change_id).Bind(2, undo);
  MEMORIA_RETURN_IF_ERROR(mark.Run());
  names_changed_ = true;
  names_removed_ = true;
  MEMORIA_RETURN_IF_ERROR(AppendLedger(ledger::Kind::kRetract,
                                       {{"change", undo}, {"undoes", change_id}, {"by", author}}));
  return undo;
}

Result<int64_t> WriteTransaction::AddCorrection(const CorrectionSubmission& s) {
  seal_extras_pending_ = true;  // a row of a sealed table may be confidential
  MEMORIA_RETURN_IF_ERROR(ValidateCorrection(s));
  MEMORIA_RETURN_IF_ERROR(Tick());
  Database* db = store_->db();
  MEMORIA_RETURN_IF_ERROR(FactStateOf(db, FactKind::kPerson, s.person_id).status());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      db->Prepare("INSERT INTO corrections(person_id, kind, body, contact, created_at)"
                  " VALUES (?1, ?2, ?3, ?4, ?5)"));
  st.Bind(1, s.person_id).Bind(2, s.kind).Bind(3, s.body).Bind(4, s.contact).Bind(5, NowUtc());
  MEMORIA_RETURN_IF_ERROR(st.Run());
  const int64_t id = db->LastInsertRowId();
  // A visitor's words are pending and unpublished: their digest is keyed.
  MEMORIA_RETURN_IF_ERROR(AppendLedger(
      ledger::Kind::kEdit, {{"correction", id},
                            {"person", s.person_id},
                            {"body_digest", LedgerDigest(s.body, Visibility::kConfidential)}}));
  return id;
}

Status WriteTransaction::ReviewCorrection(int64_t id, std::string_view state,
                                          std::string_view reviewer, std::string_view note,
                                          Visibility visibility) {
  seal_extras_pending_ = true;  // a row of a sealed table may be confidential
  if (state != "accepted" && state != "rejected" && state != "pending") {
    return InvalidArgumentError("a correction is accepted, rejected or pending");
  }
  MEMORIA_RETURN_IF_ERROR(CheckField("the note", note, kMaxReasonBytes));
  MEMORIA_RETURN_IF_ERROR(Tick());
  Database* db = store_->db();
  MEMORIA_ASSIGN_OR_RETURN(
      Statement find, db->Prepare("SELECT f.state, " + OpenedColumnSql("corrections", "note", "f") +
                                  " FROM corrections f WHERE f.id = ?1"));
  find.Bind(1, id);
  MEMORIA_ASSIGN_OR_RETURN(bool row, find.Step());
  if (!row) return NotFoundError("no correction " + std::to_string(id));
  if (find.ColumnText(0) != "pending") {
    return FailedPreconditionError("correction " + std::to_string(id) + " is " +
                                   find.ColumnString(0));
  }
  std::string notes = find.ColumnString(1);
  if (notes == kLockedValue) {
    return FailedPreconditionError("correction " + std::to_string(id) +
                                   " is sealed and the archive's key is not loaded");
  }
  // The note is written in clear: the seal pass of the commit seals the row
  // again.
  MEMORIA_RETURN_IF_ERROR(OpenSealedRow("corrections", id));
  if (!note.empty()) {
    if (!notes.empty()) notes += "\n";
    notes += std::string(reviewer) + ": " + std::string(note);
  }
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      db->Prepare(state == "pending"
                      ? "UPDATE corrections SET note = ?3 WHERE id = ?1"
                      : "UPDATE corrections SET state = ?2, note = ?3, reviewed_by = ?4,"
                        " reviewed_at = ?5, visibility = ?6 WHERE id = ?1"));
  st.Bind(1, id).Bind(2, state).Bind(3, notes);
  if (state != "pending") {
    st.Bind(4, reviewer).Bind(5, NowUtc()).Bind(6, static_cast<int64_t>(visibility));
  }
  MEMORIA_RETURN_IF_ERROR(st.Run());
  return AppendLedger(ledger::Kind::kEdit, {{"correction", id},
                                            {"by", reviewer},
                                            {"review", state},
                                            {"visibility", static_cast<int>(visibility)}});
}

}  // namespace memoria::store
