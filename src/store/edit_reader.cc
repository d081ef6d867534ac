// EditReader (store/edits.h): the history of a person's facts, the changes
// and the public's corrections waiting for review, read under the Reader's
// ceiling; and the decoding of a stored change (store/internal/edit_rows.h).
#include <nlohmann/json.hpp>

#include "store/edits.h"
#include "store/internal/edit_rows.h"
#include "store/internal/reader_util.h"
#include "store/internal/sealed_tables.h"
#include "store/internal/sqlite.h"
#include "store/reader.h"

namespace memoria::store {
namespace {

using Json = nlohmann::json;
using edit_rows::kChangeColumns;
using edit_rows::Str;

// The value of a stored change as one line of text.
std::string ValueText(std::string_view fact, std::string_view value) {
  const Json j = Json::parse(value, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || j.empty()) return "";
  std::string out;
  auto add = [&](const std::string& s) {
    if (s.empty()) return;
    if (!out.empty()) out += ' ';
    out += s;
  };
  if (fact == "name" || fact == "person") {
    add(Str(j, "surname"));
    add(Str(j, "given"));
    add(Str(j, "patronymic"));
  } else if (fact == "event") {
    add(Str(j, "type") + ":");
    add(Str(j, "date"));
    add(Str(j, "date_text").empty() ? "" : "(" + Str(j, "date_text") + ")");
    add(Str(j, "place"));
    add(Str(j, "body"));
    add(Str(j, "article"));
    add(Str(j, "sentence"));
    add(Str(j, "note"));
  } else if (fact == "attribute") {
    add(Str(j, "kind") + ":");
    add(Str(j, "value"));
  }
  return out;
}

constexpr std::string_view kCorrectionColumns =
    "SELECT id, person_id, kind, body, contact, created_at, state, note, reviewed_by,"
    " reviewed_at, visibility FROM ";

CorrectionRow CorrectionOf(const Statement& st) {
  CorrectionRow c;
  c.id = st.ColumnInt(0);
  c.person_id = st.ColumnInt(1);
  c.kind = st.ColumnString(2);
  c.body = st.ColumnString(3);
  c.contact = st.ColumnString(4);
  c.created_at = st.ColumnString(5);
  c.state = st.ColumnString(6);
  c.note = st.ColumnString(7);
  c.reviewed_by = st.ColumnString(8);
  c.reviewed_at = st.ColumnString(9);
  c.visibility = reader_internal::ToVisibility(st.ColumnInt(10));
  return c;
}

}  // namespace

namespace edit_rows {

ChangeRow ChangeOf(const Statement& st, std::string* value_json) {
  ChangeRow c;
  c.id = st.ColumnInt(0);
  c.person_id = st.ColumnInt(1);
  c.kind = st.ColumnString(2);
  c.fact = st.ColumnString(3);
  c.target_id = st.ColumnInt(4);
  if (value_json != nullptr) *value_json = st.ColumnString(5);
  c.value = ValueText(c.fact, st.ColumnText(5));
  c.citation = st.ColumnString(6);
  c.reason = st.ColumnString(7);
  c.author = st.ColumnString(8);
  c.created_at = st.ColumnString(9);
  c.visibility = reader_internal::ToVisibility(st.ColumnInt(10));
  c.state = st.ColumnString(11);
  c.reviewed_by = st.ColumnString(12);
  c.reviewed_at = st.ColumnString(13);
  c.claim_id = st.ColumnInt(14);
  c.new_fact_id = st.ColumnInt(15);
  c.undone_by = st.ColumnInt(16);
  return c;
}

}  // namespace edit_rows

using edit_rows::ChangeOf;

// ---- reads ----

Result<PersonHistory> EditReader::History(int64_t person_id) {
  PersonHistory h;
  h.person_id = person_id;
  struct Part {
    const char* fact;
    const char* sql;
  };
  constexpr Part kParts[] = {
      {"name",
       "SELECT f.id, f.kind, trim(f.surname || ' ' || f.given || ' ' || f.patronymic),"
       " coalesce(f.record_id, 0), coalesce(f.claim_id, 0), coalesce(f.retracted_by, 0),"
       " c.author, c.citation, c.created_at FROM visible_names_history f"
       " LEFT JOIN visible_claims c ON c.id = f.claim_id WHERE f.person_id = ?1 ORDER BY f.id"},
      {"event",
       "SELECT f.id, f.type, trim(f.date || ' ' || f.place || ' ' || f.body || ' ' || f.article"
       " || ' ' || f.sentence || ' ' || f.note),"
       " coalesce(f.record_id, 0), coalesce(f.claim_id, 0), coalesce(f.retracted_by, 0),"
       " c.author, c.citation, c.created_at FROM visible_events_history f"
       " LEFT JOIN visible_claims c ON c.id = f.claim_id WHERE f.person_id = ?1 ORDER BY f.id"},
      {"attribute",
       "SELECT f.id, f.kind, f.value,"
       " coalesce(f.record_id, 0), coalesce(f.claim_id, 0), coalesce(f.retracted_by, 0),"
       " c.author, c.citation, c.created_at FROM visible_attributes_history f"
       " LEFT JOIN visible_claims c ON c.id = f.claim_id WHERE f.person_id = ?1 ORDER BY f.id"},
  };
  for (const Part& part : kParts) {
    MEMORIA_ASSIGN_OR_RETURN(Statement st, reader_->Prepare(part.sql));
    st.Bind(1, person_id);
    MEMORIA_RETURN_IF_ERROR(reader_internal::EachRow(&st, [&](Statement& s) {
      FactVersion v;
      v.fact = part.fact;
      v.id = s.ColumnInt(0);
      v.kind = s.ColumnString(1);
      v.value = s.ColumnString(2);
      v.record_id = s.ColumnInt(3);
      v.claim_id = s.ColumnInt(4);
      v.retracted_by = s.ColumnInt(5);
      v.claim_author = s.ColumnString(6);
      v.claim_citation = s.ColumnString(7);
      v.claim_created_at = s.ColumnString(8);
      h.facts.push_back(std::move(v));
      return Status();
    }));
    if (h.facts.empty()) return NotFoundError("no person " + std::to_string(person_id));
  }
  {
    MEMORIA_ASSIGN_OR_RETURN(
        Statement st, reader_->Prepare("SELECT count(*) FROM visible_persons WHERE id = ?1"));
    st.Bind(1, person_id);
    MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
    h.retracted = !row || st.ColumnInt(0) == 0;
  }
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      reader_->Prepare(std::string(kChangeColumns) +
                       "visible_changes WHERE state = 'accepted' AND (person_id = ?1 OR"
                       " (person_id IS NULL AND new_fact_id = ?1)) ORDER BY id"));
  st.Bind(1, person_id);
  MEMORIA_RETURN_IF_ERROR(reader_internal::EachRow(&st, [&](Statement& s) {
    h.changes.push_back(ChangeOf(s));
    return Status();
  }));
  return h;
}

Result<std::vector<ChangeRow>> EditReader::Changes(std::string_view state, int64_t limit) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st, reader_->Prepare(std::string(kChangeColumns) +
                                     "visible_changes WHERE state = ?1 ORDER BY id LIMIT ?2"));
  st.Bind(1, state).Bind(2, limit);
  std::vector<ChangeRow> out;
  MEMORIA_RETURN_IF_ERROR(reader_internal::EachRow(&st, [&](Statement& s) {
    out.push_back(ChangeOf(s));
    return Status();
  }));
  return out;
}

Result<std::vector<CorrectionRow>> EditReader::Corrections(std::string_view state, int64_t limit) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st, reader_->Prepare(std::string(kCorrectionColumns) +
                                     "visible_corrections WHERE state = ?1 ORDER BY id LIMIT ?2"));
  st.Bind(1, state).Bind(2, limit);
  std::vector<CorrectionRow> out;
  MEMORIA_RETURN_IF_ERROR(reader_internal::EachRow(&st, [&](Statement& s) {
    out.push_back(CorrectionOf(s));
    return Status();
  }));
  return out;
}

Result<std::vector<CorrectionRow>> EditReader::Testimonies(int64_t person_id) {
  // Kept prepared: every person page asks.
  static const std::string kSql = std::string(kCorrectionColumns) +
                                  "visible_corrections WHERE person_id = ?1 AND state = 'accepted'"
                                  " AND kind = 'testimony' ORDER BY id";
  MEMORIA_ASSIGN_OR_RETURN(Statement * st, reader_->Cached(reader_internal::kTestimonies, kSql));
  st->Bind(1, person_id);
  std::vector<CorrectionRow> out;
  MEMORIA_RETURN_IF_ERROR(reader_internal::EachRow(st, [&](Statement& s) {
    out.push_back(CorrectionOf(s));
    return Status();
  }));
  return out;
}

}  // namespace memoria::store
