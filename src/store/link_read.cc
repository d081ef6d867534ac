// LinkReader::ForEachLinkPerson (store/merge.h): the linker's bulk read.
// One GetPerson per person costs five statement runs per person (about 36
// minutes at 100,000 persons with the comparisons); here each table is read
// once, in person order, and the streams are walked side by side like the
// merge step of a merge sort. SQLite lets several statements of one
// connection step at the same time.
//
// The tables are read directly, not through the visibility views (whose
// joins to records, sources, batches, claims and persons, EXISTS tests and
// sorts cost most of a minute at 1,000,000 persons), and the views' rule is
// applied here (store/internal/visibility_rule.h, as GetPerson and HitsFor
// apply it; the same terms as store/internal/views.cc): a person
// not redirected, not retracted, at or below the ceiling, with a visible
// name; a fact at or below the ceiling, not retracted, not sealed, whose
// record is visible (its own level, its source's, its batch not
// retracted) and whose claim is at or below the ceiling. The records'
// levels come with the person's records (the records stream); a fact
// whose record is another person's is looked up once.
#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/internal/reader_util.h"
#include "store/internal/sqlite.h"
#include "store/internal/visibility_rule.h"
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
  // Calls "fn" on each row of "person_id" (skipping those of persons
  // before it) and moves past them.
  template <typename Fn>
  Status EachRowOf(int64_t person_id, Fn fn) {
    while (true) {
      MEMORIA_ASSIGN_OR_RETURN(bool here, At(person_id));
      if (!here) return Status();
      MEMORIA_RETURN_IF_ERROR(fn(st_));
      MEMORIA_RETURN_IF_ERROR(Advance());
    }
  }

 private:
  Statement st_;
  bool has_row_ = false;
};

}  // namespace

Status LinkReader::ForEachLinkPerson(const std::function<Status(const PersonView&)>& fn) {
  const int c = static_cast<int>(reader_->ceiling());
  // The few rows that can hide a record or a fact (sources and claims
  // above the ceiling, retracted batches), with the views' rule: a copy,
  // since "fn" may read with the same Reader.
  MEMORIA_ASSIGN_OR_RETURN(Reader::Snapshot read, reader_->CallSnapshot());
  MEMORIA_ASSIGN_OR_RETURN(const VisibilityRule* loaded, reader_->Rule());
  const VisibilityRule rule = *loaded;
  // Records of other persons that facts rest on, looked up once.
  MEMORIA_ASSIGN_OR_RETURN(
      Statement one_record,
      reader_->Prepare("SELECT visibility, source_id, batch_id FROM main.records WHERE id = ?1"));
  std::unordered_map<int64_t, bool> other_records;
  std::unordered_map<int64_t, bool> own_records;  // this person's, id -> visible
  auto fact_visible = [&](const Statement& r, int record_col, int claim_col) -> Result<bool> {
    if (!rule.ClaimShown(r, claim_col)) return false;
    if (r.ColumnIsNull(record_col)) return true;
    const int64_t record = r.ColumnInt(record_col);
    if (auto it = own_records.find(record); it != own_records.end()) return it->second;
    if (auto it = other_records.find(record); it != other_records.end()) return it->second;
    one_record.Reset();
    one_record.Bind(1, record);
    MEMORIA_ASSIGN_OR_RETURN(bool found, one_record.Step());
    // A fact's provenance joins are outer joins: a record that is not
    // there hides nothing, as in the views.
    const bool visible = !found || rule.RecordColumnsShown(one_record, 0);
    other_records.emplace(record, visible);
    return visible;
  };
  // The rule's terms on the rows' own columns (visibility <= c, not
  // retracted) are the statements' WHERE; sealed facts are left out of the
  // linker's comparisons.
  const std::string fact_filter = " WHERE visibility <= ?1 AND retracted_by IS NULL AND sealed = 0";
  const std::string kSql[] = {
      "SELECT id FROM main.persons WHERE redirect_to IS NULL AND visibility <= ?1"
      " AND retracted_by IS NULL ORDER BY id",
      "SELECT person_id, id, kind, surname, given, patronymic, record_id, claim_id"
      " FROM main.names" +
          fact_filter + " ORDER BY person_id, id",
      "SELECT person_id, id, type, date, date_text, place, record_id, claim_id, date_min"
      " FROM main.events" +
          fact_filter +
          " AND +type IN ('birth', 'arrest', 'sentence', 'execution', 'death')"
          " ORDER BY person_id, id",
      "SELECT person_id, id, kind, value, record_id, claim_id FROM main.attributes" + fact_filter +
          " AND +kind IN ('residence', 'occupation', 'nationality') ORDER BY person_id, id",
      "SELECT pr.person_id, r.id, r.source_id, r.visibility, r.batch_id FROM person_records pr"
      " JOIN main.records r ON r.id = pr.record_id ORDER BY pr.person_id, r.id",
  };
  std::vector<Stream> streams;
  for (const std::string& sql : kSql) {
    MEMORIA_ASSIGN_OR_RETURN(Statement st, reader_->Prepare(sql));
    if (sql.find("?1") != std::string::npos) st.Bind(1, c);
    streams.emplace_back(std::move(st));
    MEMORIA_RETURN_IF_ERROR(streams.back().Advance());
  }
  Stream& persons = streams[0];
  Stream& names = streams[1];
  Stream& events = streams[2];
  Stream& attributes = streams[3];
  Stream& records = streams[4];
  PersonView p;
  std::vector<int64_t> event_order;  // date_min of each event read, for the sort
  while (persons.has_row()) {
    p.id = persons.row().ColumnInt(0);
    p.names.clear();
    p.events.clear();
    p.attributes.clear();
    p.records.clear();
    own_records.clear();
    MEMORIA_RETURN_IF_ERROR(records.EachRowOf(p.id, [&](const Statement& r) -> Status {
      const int64_t id = r.ColumnInt(1);
      const bool visible = rule.RecordVisible(r.ColumnInt(3), r.ColumnInt(2), r.ColumnInt(4));
      own_records.emplace(id, visible);
      if (visible) {
        RecordView& rv = p.records.emplace_back();
        rv.id = id;
        rv.source_id = r.ColumnInt(2);
      }
      return Status();
    }));
    MEMORIA_RETURN_IF_ERROR(names.EachRowOf(p.id, [&](const Statement& r) -> Status {
      MEMORIA_ASSIGN_OR_RETURN(bool visible, fact_visible(r, 6, 7));
      if (visible) {
        NameFact& n = p.names.emplace_back();
        n.person_id = p.id;
        n.id = r.ColumnInt(1);
        n.kind = r.ColumnString(2);
        n.surname = r.ColumnString(3);
        n.given = r.ColumnString(4);
        n.patronymic = r.ColumnString(5);
      }
      return Status();
    }));
    // A person is known only by a visible name (visible_persons).
    const bool known = !p.names.empty();
    // Main names first, then by id (the views' order).
    std::stable_partition(p.names.begin(), p.names.end(),
                          [](const NameFact& n) { return n.kind == "main"; });
    event_order.clear();
    MEMORIA_RETURN_IF_ERROR(events.EachRowOf(p.id, [&](const Statement& r) -> Status {
      MEMORIA_ASSIGN_OR_RETURN(bool visible, known ? fact_visible(r, 6, 7) : Result<bool>(false));
      if (visible) {
        EventFact& e = p.events.emplace_back();
        e.person_id = p.id;
        e.id = r.ColumnInt(1);
        e.type = r.ColumnString(2);
        MEMORIA_RETURN_IF_ERROR(reader_internal::ReadEventDate(r.ColumnText(3), e.id, &e.date));
        e.date_text = r.ColumnString(4);
        e.place = r.ColumnString(5);
        event_order.push_back(r.ColumnIsNull(8) ? 99999999 : r.ColumnInt(8));
      }
      return Status();
    }));
    // By date_min (undated last), then id, as the views' read was.
    if (p.events.size() > 1) {
      std::vector<size_t> order(p.events.size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::stable_sort(order.begin(), order.end(),
                       [&](size_t x, size_t y) { return event_order[x] < event_order[y]; });
      std::vector<EventFact> sorted;
      sorted.reserve(order.size());
      for (size_t i : order) sorted.push_back(std::move(p.events[i]));
      p.events = std::move(sorted);
    }
    MEMORIA_RETURN_IF_ERROR(attributes.EachRowOf(p.id, [&](const Statement& r) -> Status {
      MEMORIA_ASSIGN_OR_RETURN(bool visible, known ? fact_visible(r, 4, 5) : Result<bool>(false));
      if (visible) {
        AttributeFact& a = p.attributes.emplace_back();
        a.person_id = p.id;
        a.id = r.ColumnInt(1);
        a.kind = r.ColumnString(2);
        a.value = r.ColumnString(3);
      }
      return Status();
    }));
    if (known) MEMORIA_RETURN_IF_ERROR(fn(p));
    MEMORIA_RETURN_IF_ERROR(persons.Advance());
  }
  return Status();
}

}  // namespace memoria::store
