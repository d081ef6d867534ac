// WriteTransaction::MergePersonsBulk (store/write.h): many merges as set
// operations. The merges are put in a temporary table (retired, survivor,
// merge id), and each statement of MergePersons runs once for all of them,
// joined with it: the rows moved, their merge_moves, the redirects. The
// ledger follows every row as it does for MergePersons (its row triggers
// see each row the statements write); the transaction's entry gets one
// note for the batch (the merge ids, first and last, and the rule) rather
// than one per merge.
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "ledger/entry.h"
#include "store/internal/clock.h"
#include "store/internal/sqlite.h"
#include "store/merge.h"
#include "store/write.h"

namespace memoria::store {
namespace {

constexpr std::string_view kTable = "temp.bulk_merges";

}  // namespace

Result<BulkMergeResult> WriteTransaction::MergePersonsBulk(const std::vector<MergeRequest>& merges,
                                                           std::string_view author,
                                                           std::string_view rule) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  if (author.empty()) return InvalidArgumentError("a merge needs its author");
  BulkMergeResult out;
  if (merges.empty()) return out;
  // Each person in one merge at most, and no survivor retired in the batch
  // (merges of one batch do not chain).
  {
    std::unordered_set<int64_t> retired, survivors;
    for (const MergeRequest& m : merges) {
      if (m.survivor == m.retired || !retired.insert(m.retired).second) {
        return InvalidArgumentError("a bulk merge retires each person once, into another");
      }
      survivors.insert(m.survivor);
    }
    for (const MergeRequest& m : merges) {
      if (survivors.count(m.retired) != 0) {
        return InvalidArgumentError("a bulk merge retires no survivor of the same batch");
      }
    }
  }
  Database* db = store_->db();
  MEMORIA_RETURN_IF_ERROR(
      db->Exec("CREATE TEMP TABLE IF NOT EXISTS bulk_merges(retired INTEGER PRIMARY KEY,"
               " survivor INTEGER NOT NULL, score REAL, merge_id INTEGER)"));
  MEMORIA_RETURN_IF_ERROR(db->Exec("DELETE FROM " + std::string(kTable)));
  {
    MEMORIA_ASSIGN_OR_RETURN(Statement insert,
                             db->Prepare("INSERT INTO " + std::string(kTable) +
                                         "(retired, survivor, score) VALUES (?1, ?2, ?3)"));
    for (const MergeRequest& m : merges) {
      insert.Reset();
      insert.Bind(1, m.retired).Bind(2, m.survivor);
      if (m.score.has_value() && std::isfinite(*m.score)) {
        insert.Bind(3, *m.score);
      } else {
        insert.BindNull(3);
      }
      MEMORIA_RETURN_IF_ERROR(insert.Run());
    }
  }
  // The merges MergePersons would refuse: a person missing, merged or
  // retracted, or a retired person more hidden than its survivor.
  {
    MEMORIA_ASSIGN_OR_RETURN(
        Statement refused,
        db->Prepare("SELECT b.retired, b.survivor FROM " + std::string(kTable) +
                    " b LEFT JOIN persons s ON s.id = b.survivor"
                    " LEFT JOIN persons r ON r.id = b.retired"
                    " WHERE s.id IS NULL OR r.id IS NULL OR s.redirect_to IS NOT NULL"
                    " OR r.redirect_to IS NOT NULL OR s.retracted_by IS NOT NULL"
                    " OR r.retracted_by IS NOT NULL OR r.visibility > s.visibility"));
    while (true) {
      MEMORIA_ASSIGN_OR_RETURN(bool row, refused.Step());
      if (!row) break;
      out.refused.emplace_back(refused.ColumnInt(1), refused.ColumnInt(0));
    }
    MEMORIA_ASSIGN_OR_RETURN(
        Statement drop, db->Prepare("DELETE FROM " + std::string(kTable) + " WHERE retired = ?1"));
    for (const auto& [survivor, retired] : out.refused) {
      drop.Reset();
      drop.Bind(1, retired);
      MEMORIA_RETURN_IF_ERROR(drop.Run());
    }
  }
  // A record held by two persons retired into one survivor would be moved
  // twice: such a batch is merged one by one, as MergePersons does.
  MEMORIA_ASSIGN_OR_RETURN(int64_t shared,
                           db->QueryInt("SELECT count(*) FROM (SELECT 1 FROM temp.bulk_merges b"
                                        " CROSS JOIN person_records pr ON pr.person_id = b.retired"
                                        " GROUP BY b.survivor, pr.record_id HAVING count(*) > 1)"));
  if (shared > 0) {
    MEMORIA_ASSIGN_OR_RETURN(
        Statement rows, db->Prepare("SELECT retired, survivor, score FROM " + std::string(kTable) +
                                    " ORDER BY retired"));
    std::vector<MergeRequest> left;
    while (true) {
      MEMORIA_ASSIGN_OR_RETURN(bool row, rows.Step());
      if (!row) break;
      MergeRequest m;
      m.retired = rows.ColumnInt(0);
      m.survivor = rows.ColumnInt(1);
      if (!rows.ColumnIsNull(2)) m.score = rows.ColumnDouble(2);
      m.author = std::string(author);
      m.rule = std::string(rule);
      left.push_back(std::move(m));
    }
    rows.Reset();
    MEMORIA_RETURN_IF_ERROR(db->Exec("DELETE FROM temp.bulk_merges"));
    for (const MergeRequest& m : left) {
      MEMORIA_ASSIGN_OR_RETURN(int64_t id, MergePersons(m));
      out.merge_ids.push_back(id);
    }
    return out;
  }
  // Merge ids after the last, in the order of the retired persons.
  MEMORIA_ASSIGN_OR_RETURN(int64_t last, db->QueryInt("SELECT coalesce(max(id), 0) FROM merges"));
  {
    MEMORIA_ASSIGN_OR_RETURN(Statement ids, db->Prepare("SELECT retired FROM " +
                                                        std::string(kTable) + " ORDER BY retired"));
    std::vector<int64_t> retired;
    while (true) {
      MEMORIA_ASSIGN_OR_RETURN(bool row, ids.Step());
      if (!row) break;
      retired.push_back(ids.ColumnInt(0));
    }
    ids.Reset();
    MEMORIA_ASSIGN_OR_RETURN(Statement set, db->Prepare("UPDATE " + std::string(kTable) +
                                                        " SET merge_id = ?2 WHERE retired = ?1"));
    for (size_t k = 0; k < retired.size(); ++k) {
      set.Reset();
      set.Bind(1, retired[k]).Bind(2, last + 1 + static_cast<int64_t>(k));
      MEMORIA_RETURN_IF_ERROR(set.Run());
      out.merge_ids.push_back(last + 1 + static_cast<int64_t>(k));
    }
  }
  if (out.merge_ids.empty()) return out;
  {
    MEMORIA_ASSIGN_OR_RETURN(
        Statement insert,
        db->Prepare("INSERT INTO merges(id, survivor_id, retired_id, author, rule, score,"
                    " citation, created_at) SELECT merge_id, survivor, retired, ?1, ?2, score,"
                    " '', ?3 FROM temp.bulk_merges ORDER BY merge_id"));
    insert.Bind(1, author).Bind(2, rule).Bind(3, NowUtc());
    MEMORIA_RETURN_IF_ERROR(insert.Run());
  }
  for (std::string_view table : kMergedTables) {
    const std::string t(table);
    MEMORIA_RETURN_IF_ERROR(db->Exec(
        "INSERT INTO merge_moves(merge_id, tbl, row_id) SELECT"
        " b.merge_id, '" +
        t + "', x.id FROM temp.bulk_merges b CROSS JOIN " + t + " x ON x.person_id = b.retired"));
    MEMORIA_RETURN_IF_ERROR(db->Exec(
        "UPDATE " + t + " SET person_id = (SELECT survivor FROM temp.bulk_merges WHERE retired = " +
        t + ".person_id) WHERE person_id IN (SELECT retired FROM temp.bulk_merges)"));
  }
  // A record both persons hold already stays with the retired one too.
  MEMORIA_RETURN_IF_ERROR(
      db->Exec("INSERT INTO merge_moves(merge_id, tbl, row_id) SELECT b.merge_id, 'person_records',"
               " pr.record_id FROM temp.bulk_merges b CROSS JOIN person_records pr ON pr.person_id "
               "= b.retired"
               " WHERE NOT EXISTS (SELECT 1 FROM person_records o WHERE o.person_id = b.survivor"
               " AND o.record_id = pr.record_id)"));
  MEMORIA_RETURN_IF_ERROR(db->Exec(
      "UPDATE person_records SET person_id = (SELECT survivor FROM temp.bulk_merges"
      " WHERE retired = person_records.person_id)"
      " WHERE person_id IN (SELECT retired FROM temp.bulk_merges) AND EXISTS (SELECT 1 FROM"
      " merge_moves m WHERE m.merge_id = (SELECT merge_id FROM temp.bulk_merges"
      " WHERE retired = person_records.person_id) AND m.tbl = 'person_records'"
      " AND m.row_id = person_records.record_id)"));
  // Persons merged into a retired one before now redirect to its survivor.
  MEMORIA_RETURN_IF_ERROR(
      db->Exec("INSERT INTO merge_moves(merge_id, tbl, row_id) SELECT b.merge_id, 'persons',"
               " p.id FROM temp.bulk_merges b CROSS JOIN persons p ON p.redirect_to = b.retired"));
  MEMORIA_RETURN_IF_ERROR(
      db->Exec("UPDATE persons SET redirect_to = (SELECT survivor FROM temp.bulk_merges"
               " WHERE retired = persons.redirect_to)"
               " WHERE redirect_to IN (SELECT retired FROM temp.bulk_merges)"));
  MEMORIA_RETURN_IF_ERROR(
      db->Exec("UPDATE persons SET redirect_to = (SELECT survivor FROM temp.bulk_merges"
               " WHERE retired = persons.id) WHERE id IN (SELECT retired FROM temp.bulk_merges)"));
  names_changed_ = true;  // the retired persons' names leave the index
  names_removed_ = true;
  // What moves into a confidential person becomes confidential: sealed at
  // commit (MergePersons).
  MEMORIA_ASSIGN_OR_RETURN(int64_t sealing,
                           db->QueryInt("SELECT count(*) FROM temp.bulk_merges b"
                                        " JOIN persons s ON s.id = b.survivor"
                                        " JOIN persons r ON r.id = b.retired"
                                        " WHERE s.visibility = 2 AND r.visibility < 2"));
  if (sealing > 0) seal_pending_ = true;
  MEMORIA_RETURN_IF_ERROR(db->Exec("DELETE FROM temp.bulk_merges"));
  SetLedgerActor(author);
  MEMORIA_RETURN_IF_ERROR(
      AppendLedger(ledger::Kind::kMerge, nlohmann::json{{"merges", out.merge_ids.size()},
                                                        {"first_merge", out.merge_ids.front()},
                                                        {"last_merge", out.merge_ids.back()},
                                                        {"rule", std::string(rule)}}));
  return out;
}

}  // namespace memoria::store
