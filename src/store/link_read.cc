// LinkReader::ForEachLinkPerson (store/merge.h): the linker's bulk read.
// One GetPerson per person costs five statement runs per person (about 36
// minutes at 100,000 persons with the comparisons); here each table is read
// once, in person order, and the five streams are walked side by side like
// the merge step of a merge sort. SQLite lets several statements of one
// connection step at the same time.
#include <string>

#include "store/internal/reader_util.h"
#include "store/internal/sqlite.h"
#include "store/merge.h"
#include "store/reader.h"

namespace memoria::store {
namespace {

// One statement's rows in person order, with the row under the cursor.
class Stream {
 public:
  explicit Stream(Statement st) : st_(std::move(st)) {}

  Status Advance() {
    MEMORIA_ASSIGN_OR_RETURN(has_row_, st_.Step());
    return Status();
  }
  bool has_row() const { return has_row_; }
  // Skips the rows of persons before "person_id"; true when the row under
  // the cursor is of "person_id".
  Result<bool> At(int64_t person_id) {
    while (has_row_ && st_.ColumnInt(0) < person_id) MEMORIA_RETURN_IF_ERROR(Advance());
    return has_row_ && st_.ColumnInt(0) == person_id;
  }
  const Statement& row() const { return st_; }

 private:
  Statement st_;
  bool has_row_ = false;
};

}  // namespace

Status LinkReader::ForEachLinkPerson(const std::function<Status(const PersonView&)>& fn) {
  const char* const kSql[] = {
      "SELECT id FROM visible_persons ORDER BY id",
      "SELECT person_id, id, kind, surname, given, patronymic FROM visible_names"
      " WHERE sealed = 0 ORDER BY person_id, kind <> 'main', id",
      "SELECT person_id, id, type, date, date_text, place FROM visible_events"
      " WHERE sealed = 0"
      " AND +type IN ('birth', 'arrest', 'sentence', 'execution', 'death')"
      " ORDER BY person_id, coalesce(date_min, 99999999), id",
      "SELECT person_id, id, kind, value FROM visible_attributes WHERE sealed = 0"
      " AND +kind IN ('residence', 'occupation', 'nationality')"
      " ORDER BY person_id, id",
      "SELECT pr.person_id, r.id, r.source_id FROM person_records pr"
      " JOIN visible_records r ON r.id = pr.record_id ORDER BY pr.person_id, r.id",
  };
  std::vector<Stream> streams;
  for (const char* sql : kSql) {
    MEMORIA_ASSIGN_OR_RETURN(Statement st, reader_->Prepare(sql));
    streams.emplace_back(std::move(st));
    MEMORIA_RETURN_IF_ERROR(streams.back().Advance());
  }
  Stream& persons = streams[0];
  Stream& names = streams[1];
  Stream& events = streams[2];
  Stream& attributes = streams[3];
  Stream& records = streams[4];
  PersonView p;
  while (persons.has_row()) {
    p.id = persons.row().ColumnInt(0);
    p.names.clear();
    p.events.clear();
    p.attributes.clear();
    p.records.clear();
    while (true) {
      MEMORIA_ASSIGN_OR_RETURN(bool here, names.At(p.id));
      if (!here) break;
      const Statement& r = names.row();
      NameFact& n = p.names.emplace_back();
      n.person_id = p.id;
      n.id = r.ColumnInt(1);
      n.kind = r.ColumnString(2);
      n.surname = r.ColumnString(3);
      n.given = r.ColumnString(4);
      n.patronymic = r.ColumnString(5);
      MEMORIA_RETURN_IF_ERROR(names.Advance());
    }
    while (true) {
      MEMORIA_ASSIGN_OR_RETURN(bool here, events.At(p.id));
      if (!here) break;
      const Statement& r = events.row();
      EventFact& e = p.events.emplace_back();
      e.person_id = p.id;
      e.id = r.ColumnInt(1);
      e.type = r.ColumnString(2);
      MEMORIA_RETURN_IF_ERROR(reader_internal::ReadEventDate(r.ColumnText(3), e.id, &e.date));
      e.date_text = r.ColumnString(4);
      e.place = r.ColumnString(5);
      MEMORIA_RETURN_IF_ERROR(events.Advance());
    }
    while (true) {
      MEMORIA_ASSIGN_OR_RETURN(bool here, attributes.At(p.id));
      if (!here) break;
      const Statement& r = attributes.row();
      AttributeFact& a = p.attributes.emplace_back();
      a.person_id = p.id;
      a.id = r.ColumnInt(1);
      a.kind = r.ColumnString(2);
      a.value = r.ColumnString(3);
      MEMORIA_RETURN_IF_ERROR(attributes.Advance());
    }
    while (true) {
      MEMORIA_ASSIGN_OR_RETURN(bool here, records.At(p.id));
      if (!here) break;
      RecordView& rv = p.records.emplace_back();
      rv.id = records.row().ColumnInt(1);
      rv.source_id = records.row().ColumnInt(2);
      MEMORIA_RETURN_IF_ERROR(records.Advance());
    }
    MEMORIA_RETURN_IF_ERROR(fn(p));
    MEMORIA_RETURN_IF_ERROR(persons.Advance());
  }
  return Status();
}

}  // namespace memoria::store
