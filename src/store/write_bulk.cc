// The bulk path of an import (store/write.h): secondary indexes dropped
// and rebuilt around a large load, and persons, links and facts written
// with multi-row INSERTs.
#include <algorithm>
#include <array>

#include "names/names.h"
#include "store/internal/sqlite.h"
#include "store/internal/write_slots.h"
#include "store/write.h"

namespace memoria::store {

using write_internal::kRowsPerInsert;
using write_internal::ScriptOf;
using namespace write_internal::slots;  // NOLINT: the statement slots

Result<bool> WriteTransaction::BeginBulkLoad(int64_t expected_rows) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  if (!dropped_indexes_.empty()) return true;
  MEMORIA_ASSIGN_OR_RETURN(int64_t held,
                           store_->db_->QueryInt("SELECT coalesce(max(id), 0) FROM records"));
  if (held > expected_rows) return false;
  // Indexes with SQL text are the schema's own CREATE INDEX statements
  // (automatic indexes of UNIQUE and PRIMARY KEY constraints have none).
  MEMORIA_ASSIGN_OR_RETURN(
      Statement list,
      store_->db_->Prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index'"
                           " AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'"
                           " AND tbl_name IN ('records', 'persons', 'person_records', 'names',"
                           " 'events', 'attributes') ORDER BY name"));
  std::vector<std::pair<std::string, std::string>> indexes;
  while (true) {
    MEMORIA_ASSIGN_OR_RETURN(bool row, list.Step());
    if (!row) break;
    indexes.emplace_back(list.ColumnString(0), list.ColumnString(1));
  }
  list.Reset();
  for (const auto& [name, sql] : indexes) {
    MEMORIA_RETURN_IF_ERROR(Tick());
    MEMORIA_RETURN_IF_ERROR(store_->db_->Exec("DROP INDEX \"" + name + "\""));
    dropped_indexes_.push_back(sql);
  }
  return true;
}

Status WriteTransaction::EndBulkLoad() {
  while (!dropped_indexes_.empty()) {
    MEMORIA_RETURN_IF_ERROR(Tick());
    MEMORIA_RETURN_IF_ERROR(store_->db_->Exec(dropped_indexes_.back()));
    dropped_indexes_.pop_back();
  }
  return Status();
}

namespace {

// The INSERT statements of 1 .. kRowsPerInsert rows of "columns" values.
using MultiRowSql = std::array<std::string, kRowsPerInsert>;
MultiRowSql MakeMultiRowSql(std::string_view insert_head, int columns) {
  MultiRowSql out;
  for (int n = 1; n <= kRowsPerInsert; ++n) {
    std::string& sql = out[static_cast<size_t>(n - 1)];
    sql = std::string(insert_head) + " VALUES ";
    for (int r = 0; r < n; ++r) {
      sql += r == 0 ? "(" : ",(";
      for (int c = 0; c < columns; ++c) sql += c == 0 ? "?" : ",?";
      sql += ')';
    }
  }
  return out;
}

}  // namespace

template <typename Fact, typename BindRow>
Status WriteTransaction::InsertRows(int first_slot, const MultiRowSql& sqls, int columns,
                                    std::span<const Fact> facts, BindRow bind_row) {
  size_t at = 0;
  while (at < facts.size()) {
    const size_t n = std::min<size_t>(kRowsPerInsert, facts.size() - at);
    for (size_t i = 0; i < n; ++i) MEMORIA_RETURN_IF_ERROR(Tick());
    MEMORIA_ASSIGN_OR_RETURN(Statement * st,
                             store_->Cached(first_slot + static_cast<int>(n) - 1, sqls[n - 1]));
    for (size_t r = 0; r < n; ++r) bind_row(st, static_cast<int>(r) * columns, facts[at + r]);
    MEMORIA_RETURN_IF_ERROR(st->Run());
    at += n;
  }
  return Status();
}

Result<int64_t> WriteTransaction::AddPersonsForRecords(int64_t batch_id,
                                                       std::span<const int64_t> record_ids,
                                                       std::string_view method) {
  if (store_ == nullptr) return FailedPreconditionError("the write transaction has finished");
  if (record_ids.empty()) return int64_t{0};
  static const MultiRowSql kPersonsSql =
      MakeMultiRowSql("INSERT INTO persons(batch_id, visibility)", 2);
  static const MultiRowSql kLinksSql =
      MakeMultiRowSql("INSERT INTO person_records(person_id, record_id, method)", 3);
  // Persons get consecutive row ids: each new row's id is one more than the
  // largest in the table, within a multi-row INSERT as across statements.
  MEMORIA_ASSIGN_OR_RETURN(int64_t last,
                           store_->db_->QueryInt("SELECT coalesce(max(id), 0) FROM persons"));
  const int64_t first = last + 1;
  MEMORIA_RETURN_IF_ERROR(InsertRows(kInsertPersons, kPersonsSql, 2, record_ids,
                                     [&](Statement* st, int b, const int64_t&) {
                                       st->BindIdOrNull(b + 1, batch_id);
                                       st->Bind(b + 2, int64_t{0});
                                     }));
  if (store_->db_->LastInsertRowId() != first + static_cast<int64_t>(record_ids.size()) - 1) {
    return InternalError("new persons did not get consecutive ids");
  }
  int64_t person = first;
  MEMORIA_RETURN_IF_ERROR(InsertRows(kInsertLinks, kLinksSql, 3, record_ids,
                                     [&](Statement* st, int b, const int64_t& record) {
                                       st->Bind(b + 1, person++).Bind(b + 2, record);
                                       st->BindStatic(b + 3, method);
                                     }));
  return first;
}

Status WriteTransaction::AddFacts(std::span<const NameFact> names,
                                  std::span<const EventFact> events,
                                  std::span<const AttributeFact> attributes) {
  if (store_ == nullptr) return FailedPreconditionError("the write transaction has finished");
  if (!names.empty()) names_changed_ = true;
  for (const NameFact& n : names) seal_pending_ |= n.visibility == Visibility::kConfidential;
  for (const EventFact& e : events) seal_pending_ |= e.visibility == Visibility::kConfidential;
  for (const AttributeFact& a : attributes) {
    seal_pending_ |= a.visibility == Visibility::kConfidential;
  }
  // Search keys computed here when the caller has not: they must outlive
  // the statement, which binds them without copying.
  std::vector<std::string> norms;
  for (const NameFact& n : names) {
    if (n.norm_filled) continue;
    norms.push_back(names::NormalizeNamePart(n.surname));
    norms.push_back(names::NormalizeNamePart(n.given));
    norms.push_back(names::NormalizeNamePart(n.patronymic));
  }
  size_t next_norm = 0;
  static const MultiRowSql kNamesSql = MakeMultiRowSql(
      "INSERT INTO names(person_id, record_id, claim_id, kind, surname, given, patronymic,"
      " script, norm_surname, norm_given, norm_patronymic, visibility)",
      12);
  static const MultiRowSql kEventsSql = MakeMultiRowSql(
      "INSERT INTO events(person_id, record_id, claim_id, type, date, date_min, date_max,"
      " date_text, place, body, article, sentence, note, visibility)",
      14);
  static const MultiRowSql kAttributesSql = MakeMultiRowSql(
      "INSERT INTO attributes(person_id, record_id, claim_id, kind, value, visibility)", 6);
  MEMORIA_RETURN_IF_ERROR(
      InsertRows(kInsertNames, kNamesSql, 12, names, [&](Statement* st, int b, const NameFact& n) {
        st->Bind(b + 1, n.person_id).BindIdOrNull(b + 2, n.record_id);
        st->BindIdOrNull(b + 3, n.claim_id).BindStatic(b + 4, n.kind);
        st->BindStatic(b + 5, n.surname).BindStatic(b + 6, n.given);
        st->BindStatic(b + 7, n.patronymic);
        st->BindStatic(b + 8, n.script.empty() ? std::string_view(ScriptOf(n.surname + n.given))
                                               : std::string_view(n.script));
        if (n.norm_filled) {
          st->BindStatic(b + 9, n.norm_surname).BindStatic(b + 10, n.norm_given);
          st->BindStatic(b + 11, n.norm_patronymic);
        } else {
          st->BindStatic(b + 9, norms[next_norm]).BindStatic(b + 10, norms[next_norm + 1]);
          st->BindStatic(b + 11, norms[next_norm + 2]);
          next_norm += 3;
        }
        st->Bind(b + 12, static_cast<int64_t>(n.visibility));
      }));
  for (const EventFact& e : events) {
    if (e.type == "birth") names_changed_ = true;  // the name index keeps births
  }
  MEMORIA_RETURN_IF_ERROR(InsertRows(
      kInsertEvents, kEventsSql, 14, events, [&](Statement* st, int b, const EventFact& e) {
        st->Bind(b + 1, e.person_id).BindIdOrNull(b + 2, e.record_id);
        st->BindIdOrNull(b + 3, e.claim_id).BindStatic(b + 4, e.type);
        st->Bind(b + 5, e.date.ToString());
        if (e.date.empty()) {
          st->BindNull(b + 6).BindNull(b + 7);
        } else {
          st->Bind(b + 6, static_cast<int64_t>(e.date.earliest_day()));
          st->Bind(b + 7, static_cast<int64_t>(e.date.latest_day()));
        }
        st->BindStatic(b + 8, e.date_text).BindStatic(b + 9, e.place);
        st->BindStatic(b + 10, e.body).BindStatic(b + 11, e.article);
        st->BindStatic(b + 12, e.sentence).BindStatic(b + 13, e.note);
        st->Bind(b + 14, static_cast<int64_t>(e.visibility));
      }));
  return InsertRows(kInsertAttributes, kAttributesSql, 6, attributes,
                    [&](Statement* st, int b, const AttributeFact& a) {
                      st->Bind(b + 1, a.person_id).BindIdOrNull(b + 2, a.record_id);
                      st->BindIdOrNull(b + 3, a.claim_id).BindStatic(b + 4, a.kind);
                      st->BindStatic(b + 5, a.value);
                      st->Bind(b + 6, static_cast<int64_t>(a.visibility));
                    });
}

}  // namespace memoria::store
