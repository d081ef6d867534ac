// VisibilityRule: the visibility views' rule (store/internal/views.cc) for
// persons, names, events, attributes and records, applied in C++ to rows
// read from the tables directly. Reader::GetPerson, Reader::HitsFor and
// LinkReader::ForEachLinkPerson read the fact tables by their person
// indexes and keep a row only when this rule says the view would hold it;
// the views' joins to records, sources, batches, claims and persons, and
// their per-row test of a visible name, cost a third of a person page.
//
// The terms, the same as the views':
//   a person is open at ceiling c when its visibility <= c and it is not
//     retracted (retracted_by IS NULL); it is visible (visible_persons)
//     when it is also not redirected (merged) and has a visible name;
//   a fact (name, event, attribute) is visible when it is open (its
//     visibility <= c, not retracted), its person is open, and its
//     provenance is: the record it rests on, when there is one, has
//     visibility <= c, a source at or below c and a batch not retracted;
//     the claim it rests on, when there is one, has visibility <= c. The
//     provenance joins are outer joins: a record, source, batch or claim
//     that is not there hides nothing;
//   an event or attribute is visible only when its person has a visible
//     name;
//   a record is visible (visible_records) when its visibility <= c, its
//     source's visibility <= c and its batch is not retracted.
// Sealed facts are not hidden by the rule (the views show them; the Reader
// opens them or marks them locked).
//
// The few rows that can hide another row's provenance (sources and claims
// above the ceiling, retracted batches) are loaded once per Reader and
// loaded again when the archive changes (Reader::Rule).
//
// Thread safety: none; a rule belongs to one Reader (one connection).
#ifndef MEMORIA_STORE_INTERNAL_VISIBILITY_RULE_H_
#define MEMORIA_STORE_INTERNAL_VISIBILITY_RULE_H_

#include <cstdint>
#include <unordered_set>

#include "store/internal/sqlite.h"

namespace memoria::store {

class VisibilityRule {
 public:
  explicit VisibilityRule(int ceiling) : ceiling_(ceiling) {}

  int ceiling() const { return ceiling_; }

  // The statements that load the hidden rows (?1: the ceiling), and the
  // one that tells whether the archive changed since: SQLite's data
  // version (commits of other connections) and the counter the archive's
  // writes and triggers move.
  static constexpr const char* kHiddenSourcesSql =
      "SELECT id FROM main.sources WHERE visibility > ?1";
  static constexpr const char* kRetractedBatchesSql =
      "SELECT id FROM main.import_batches WHERE retracted_at IS NOT NULL";
  static constexpr const char* kHiddenClaimsSql =
      "SELECT id FROM main.claims WHERE visibility > ?1";
  // (A table-valued pragma_data_version would prepare its PRAGMA again at
  // every run: a parser allocated per page.)
  static constexpr const char* kDataVersionSql = "PRAGMA data_version";
  static constexpr const char* kCounterSql =
      "SELECT value FROM main.counters WHERE key = 'data_version'";

  // Loads the hidden rows with the three statements above (each bound and
  // reset here).
  Status Load(Statement* hidden_sources, Statement* retracted_batches, Statement* hidden_claims);

  bool SourceHidden(int64_t id) const { return hidden_sources_.count(id) != 0; }
  bool BatchRetracted(int64_t id) const { return retracted_batches_.count(id) != 0; }
  bool ClaimHidden(int64_t id) const { return hidden_claims_.count(id) != 0; }

  // A person or a fact by its own columns: visibility <= c, not retracted.
  bool Open(int64_t visibility, bool retracted) const {
    return visibility <= ceiling_ && !retracted;
  }
  // A record (visible_records), by its columns and its source and batch.
  bool RecordVisible(int64_t visibility, int64_t source_id, int64_t batch_id) const {
    return visibility <= ceiling_ && !SourceHidden(source_id) && !BatchRetracted(batch_id);
  }
  // The claim term of a fact's provenance: column "col" of "row" is the
  // fact's claim_id (NULL: none).
  bool ClaimShown(const Statement& row, int col) const {
    return row.ColumnIsNull(col) || !ClaimHidden(row.ColumnInt(col));
  }
  // The record term of a fact's provenance, from the record's columns
  // visibility, source_id, batch_id at "col", col + 1, col + 2 of "row"
  // (a LEFT JOIN of records: all NULL when the fact rests on no record or
  // on one that is not there, which hides nothing).
  bool RecordColumnsShown(const Statement& row, int col) const {
    if (row.ColumnIsNull(col)) return true;
    return row.ColumnInt(col) <= ceiling_ &&
           (row.ColumnIsNull(col + 1) || !SourceHidden(row.ColumnInt(col + 1))) &&
           (row.ColumnIsNull(col + 2) || !BatchRetracted(row.ColumnInt(col + 2)));
  }

 private:
  int ceiling_;
  std::unordered_set<int64_t> hidden_sources_, retracted_batches_, hidden_claims_;
};

}  // namespace memoria::store

#endif  // MEMORIA_STORE_INTERNAL_VISIBILITY_RULE_H_
