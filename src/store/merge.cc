// Merges and splits of persons and the review of linkage candidates
// (store/merge.h): the writes of WriteTransaction and LinkReader.
#include "store/merge.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "ledger/entry.h"
#include "store/internal/clock.h"
#include "store/internal/reader_util.h"
#include "store/internal/sqlite.h"
#include "store/reader.h"
#include "store/write.h"

namespace memoria::store {
namespace {

struct PersonState {
  int64_t redirect_to = 0;
  int64_t retracted_by = 0;
  int64_t visibility = 0;
};

Result<PersonState> LoadPerson(Database* db, int64_t id) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      db->Prepare("SELECT coalesce(redirect_to, 0), coalesce(retracted_by, 0), visibility"
                  " FROM persons WHERE id = ?1"));
  st.Bind(1, id);
  MEMORIA_ASSIGN_OR_RETURN(bool found, st.Step());
  if (!found) return NotFoundError("no person " + std::to_string(id));
  return PersonState{st.ColumnInt(0), st.ColumnInt(1), st.ColumnInt(2)};
}

Status Exec(Database* db, std::string_view sql, int64_t a, int64_t b, int64_t c = 0) {
  MEMORIA_ASSIGN_OR_RETURN(Statement st, db->Prepare(sql));
  st.Bind(1, a).Bind(2, b);
  if (c != 0) st.Bind(3, c);
  return st.Run();
}

constexpr std::string_view kMergeColumns =
    "SELECT id, survivor_id, retired_id, author, rule, score, citation, created_at, split_at,"
    " split_by FROM merges ";

MergeRow MergeOf(const Statement& st) {
  MergeRow m;
  m.id = st.ColumnInt(0);
  m.survivor = st.ColumnInt(1);
  m.retired = st.ColumnInt(2);
  m.author = st.ColumnString(3);
  m.rule = st.ColumnString(4);
  if (!st.ColumnIsNull(5)) m.score = st.ColumnDouble(5);
  m.citation = st.ColumnString(6);
  m.created_at = st.ColumnString(7);
  m.split_at = st.ColumnString(8);
  m.split_by = st.ColumnString(9);
  return m;
}

constexpr std::string_view kDecisionColumns =
    "SELECT d.id, d.person_a, d.person_b, d.probability, d.weight, d.fields, d.rule,"
    " d.created_at, d.state, d.decided_by, d.decided_at, coalesce(d.merge_id, 0)"
    " FROM link_decisions d ";

LinkDecisionRow DecisionOf(const Statement& st) {
  LinkDecisionRow d;
  d.id = st.ColumnInt(0);
  d.person_a = st.ColumnInt(1);
  d.person_b = st.ColumnInt(2);
  d.probability = st.ColumnDouble(3);
  d.weight = st.ColumnDouble(4);
  d.fields_json = st.ColumnString(5);
  d.rule = st.ColumnString(6);
  d.created_at = st.ColumnString(7);
  d.state = st.ColumnString(8);
  d.decided_by = st.ColumnString(9);
  d.decided_at = st.ColumnString(10);
  d.merge_id = st.ColumnInt(11);
  return d;
}

// Both persons of a decision visible at the reader's ceiling (and neither
// merged away since: visible_persons leaves merged persons out).
constexpr std::string_view kBothVisible =
    " EXISTS (SELECT 1 FROM visible_persons va WHERE va.id = d.person_a)"
    " AND EXISTS (SELECT 1 FROM visible_persons vb WHERE vb.id = d.person_b)";

}  // namespace

Result<int64_t> WriteTransaction::MergePersons(const MergeRequest& request) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  Database* db = store_->db();
  const int64_t s = request.survivor, r = request.retired;
  if (s == r) return FailedPreconditionError("a person cannot be merged into itself");
  if (request.author.empty()) return InvalidArgumentError("a merge needs its author");
  MEMORIA_ASSIGN_OR_RETURN(PersonState survivor, LoadPerson(db, s));
  MEMORIA_ASSIGN_OR_RETURN(PersonState retired, LoadPerson(db, r));
  for (const auto& [id, p] : {std::pair{s, survivor}, std::pair{r, retired}}) {
    if (p.redirect_to != 0) {
      return FailedPreconditionError("person " + std::to_string(id) + " was merged into person " +
                                     std::to_string(p.redirect_to));
    }
    if (p.retracted_by != 0) {
      return FailedPreconditionError("person " + std::to_string(id) + " is retracted");
    }
  }
  // Facts and records keep their own visibility when they move, but a
  // person's visibility covers everything of it: moving what a hidden
  // person holds to a less hidden one would show it.
  if (retired.visibility > survivor.visibility) {
    return FailedPreconditionError("person " + std::to_string(r) + " is more hidden than person " +
                                   std::to_string(s) +
                                   ": merge the other way, or change one's "
                                   "visibility first");
  }
  MEMORIA_ASSIGN_OR_RETURN(
      Statement insert,
      db->Prepare("INSERT INTO merges(survivor_id, retired_id, author, rule, score, citation,"
                  " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  insert.Bind(1, s).Bind(2, r).Bind(3, request.author).Bind(4, request.rule);
  if (request.score.has_value() && std::isfinite(*request.score)) {
    insert.Bind(5, *request.score);
  } else {
    insert.BindNull(5);
  }
  insert.Bind(6, request.citation).Bind(7, NowUtc());
  MEMORIA_RETURN_IF_ERROR(insert.Run());
  const int64_t merge = db->LastInsertRowId();
  for (std::string_view table : kMergedTables) {
    const std::string t(table);
    MEMORIA_RETURN_IF_ERROR(Exec(db,
                                 "INSERT INTO merge_moves(merge_id, tbl, row_id) SELECT ?1, '" + t +
                                     "', id FROM " + t + " WHERE person_id = ?2",
                                 merge, r));
    MEMORIA_RETURN_IF_ERROR(
        Exec(db, "UPDATE " + t + " SET person_id = ?2 WHERE person_id = ?1", r, s));
  }
  // A record both persons hold already stays with the retired one too.
  MEMORIA_RETURN_IF_ERROR(
      Exec(db,
           "INSERT INTO merge_moves(merge_id, tbl, row_id) SELECT ?3, 'person_records', record_id"
           " FROM person_records WHERE person_id = ?1 AND record_id NOT IN"
           " (SELECT record_id FROM person_records WHERE person_id = ?2)",
           r, s, merge));
  MEMORIA_RETURN_IF_ERROR(Exec(db,
                               "UPDATE person_records SET person_id = ?2 WHERE person_id = ?1"
                               " AND record_id IN (SELECT row_id FROM merge_moves"
                               " WHERE merge_id = ?3 AND tbl = 'person_records')",
                               r, s, merge));
  // Persons merged into the retired one before now redirect to the
  // survivor: one hop from any old id to the page to cite.
  MEMORIA_RETURN_IF_ERROR(Exec(db,
                               "INSERT INTO merge_moves(merge_id, tbl, row_id) SELECT ?1, "
                               "'persons', id FROM persons WHERE redirect_to = ?2",
                               merge, r));
  MEMORIA_RETURN_IF_ERROR(
      Exec(db, "UPDATE persons SET redirect_to = ?2 WHERE redirect_to = ?1", r, s));
  MEMORIA_RETURN_IF_ERROR(Exec(db, "UPDATE persons SET redirect_to = ?2 WHERE id = ?1", r, s));
  names_changed_ = true;  // the retired person's names leave the index
  names_removed_ = true;
  // What moves into a confidential person becomes confidential (a fact
  // through its person, a record when every person holding it is): sealed
  // at commit. Otherwise nothing's sealing changes, and the seal pass,
  // which reads every record, is not needed.
  if (survivor.visibility == 2 && retired.visibility < 2) seal_pending_ = true;
  if (!request.author.empty()) SetLedgerActor(request.author);
  MEMORIA_RETURN_IF_ERROR(AppendLedger(
      ledger::Kind::kMerge,
      nlohmann::json{{"merge", merge}, {"survivor", s}, {"retired", r}, {"rule", request.rule}}));
  return merge;
}

Status WriteTransaction::SplitMerge(int64_t merge_id, std::string_view author) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  Database* db = store_->db();
  MEMORIA_ASSIGN_OR_RETURN(Statement find,
                           db->Prepare(std::string(kMergeColumns) + "WHERE id = ?1"));
  find.Bind(1, merge_id);
  MEMORIA_ASSIGN_OR_RETURN(bool found, find.Step());
  if (!found) return NotFoundError("no merge " + std::to_string(merge_id));
  const MergeRow m = MergeOf(find);
  if (!m.split_at.empty()) {
    return FailedPreconditionError("merge " + std::to_string(merge_id) + " was split on " +
                                   m.split_at);
  }
  MEMORIA_ASSIGN_OR_RETURN(PersonState survivor, LoadPerson(db, m.survivor));
  if (survivor.redirect_to != 0) {
    MEMORIA_ASSIGN_OR_RETURN(
        int64_t later,
        db->QueryInt(
            "SELECT coalesce(max(id), 0) FROM merges WHERE split_at = '' AND retired_id = " +
            std::to_string(m.survivor)));
    return FailedPreconditionError("person " + std::to_string(m.survivor) +
                                   " was merged since (merge " + std::to_string(later) +
                                   "): split that merge first");
  }
  for (std::string_view table : kMergedTables) {
    const std::string t(table);
    MEMORIA_RETURN_IF_ERROR(
        Exec(db,
             "UPDATE " + t +
                 " SET person_id = ?2 WHERE person_id = ?3 AND id IN"
                 " (SELECT row_id FROM merge_moves WHERE merge_id = ?1 AND tbl = '" +
                 t + "')",
             merge_id, m.retired, m.survivor));
  }
  MEMORIA_RETURN_IF_ERROR(Exec(db,
                               "UPDATE person_records SET person_id = ?2 WHERE person_id = ?3"
                               " AND record_id IN (SELECT row_id FROM merge_moves WHERE"
                               " merge_id = ?1 AND tbl = 'person_records')",
                               merge_id, m.retired, m.survivor));
  MEMORIA_RETURN_IF_ERROR(
      Exec(db,
           "UPDATE persons SET redirect_to = ?2 WHERE redirect_to = ?3 AND id IN"
           " (SELECT row_id FROM merge_moves WHERE merge_id = ?1"
           " AND tbl = 'persons')",
           merge_id, m.retired, m.survivor));
  MEMORIA_ASSIGN_OR_RETURN(Statement clear,
                           db->Prepare("UPDATE persons SET redirect_to = NULL WHERE id = ?1"));
  clear.Bind(1, m.retired);
  MEMORIA_RETURN_IF_ERROR(clear.Run());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement split, db->Prepare("UPDATE merges SET split_at = ?2, split_by = ?3 WHERE id = ?1"));
  split.Bind(1, merge_id).Bind(2, NowUtc()).Bind(3, author);
  MEMORIA_RETURN_IF_ERROR(split.Run());
  names_changed_ = true;
  names_removed_ = true;
  MEMORIA_ASSIGN_OR_RETURN(PersonState retired, LoadPerson(db, m.retired));
  if (survivor.visibility == 2 && retired.visibility < 2) seal_pending_ = true;  // opened again
  if (!author.empty()) SetLedgerActor(author);
  return AppendLedger(
      ledger::Kind::kSplit,
      nlohmann::json{{"merge", merge_id}, {"survivor", m.survivor}, {"retired", m.retired}});
}

Result<int64_t> WriteTransaction::ProposeLink(const LinkCandidate& c, bool* created) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  if (c.person_a == c.person_b) return InvalidArgumentError("a pair needs two persons");
  Database* db = store_->db();
  const int64_t a = std::min(c.person_a, c.person_b), b = std::max(c.person_a, c.person_b);
  MEMORIA_ASSIGN_OR_RETURN(
      Statement find,
      db->Prepare("SELECT id, state FROM link_decisions WHERE person_a = ?1 AND person_b = ?2"));
  find.Bind(1, a).Bind(2, b);
  MEMORIA_ASSIGN_OR_RETURN(bool found, find.Step());
  if (found && find.ColumnText(1) != "pending") return int64_t{0};
  const int64_t existing = found ? find.ColumnInt(0) : 0;
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      db->Prepare(found ? "UPDATE link_decisions SET probability = ?3, weight = ?4, fields = ?5,"
                          " rule = ?6 WHERE person_a = ?1 AND person_b = ?2"
                        : "INSERT INTO link_decisions(person_a, person_b, probability, weight,"
                          " fields, rule, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  st.Bind(1, a).Bind(2, b).Bind(3, c.probability).Bind(4, c.weight).Bind(5, c.fields_json);
  st.Bind(6, c.rule);
  if (!found) st.Bind(7, NowUtc());
  MEMORIA_RETURN_IF_ERROR(st.Run());
  if (created != nullptr) *created = !found;
  return found ? existing : db->LastInsertRowId();
}

Result<int64_t> WriteTransaction::DecidePair(int64_t person_a, int64_t person_b,
                                             std::string_view state, std::string_view author,
                                             int64_t merge_id) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  if (state != "accepted" && state != "rejected" && state != "pending") {
    return InvalidArgumentError("a decision is accepted, rejected or pending");
  }
  if (person_a == person_b) return InvalidArgumentError("a pair needs two persons");
  Database* db = store_->db();
  const int64_t a = std::min(person_a, person_b), b = std::max(person_a, person_b);
  MEMORIA_ASSIGN_OR_RETURN(
      Statement upsert,
      db->Prepare("INSERT INTO link_decisions(person_a, person_b, probability, weight, created_at)"
                  " VALUES (?1, ?2, 0, 0, ?3) ON CONFLICT (person_a, person_b) DO NOTHING"));
  upsert.Bind(1, a).Bind(2, b).Bind(3, NowUtc());
  MEMORIA_RETURN_IF_ERROR(upsert.Run());
  const bool pending = state == "pending";
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      db->Prepare("UPDATE link_decisions SET state = ?3, decided_by = ?4, decided_at = ?5,"
                  " merge_id = ?6 WHERE person_a = ?1 AND person_b = ?2 RETURNING id"));
  st.Bind(1, a).Bind(2, b).Bind(3, state).Bind(4, pending ? std::string() : std::string(author));
  st.Bind(5, pending ? std::string() : NowUtc()).BindIdOrNull(6, merge_id);
  MEMORIA_ASSIGN_OR_RETURN(bool found, st.Step());
  if (!found) return InternalError("the decision was not written");
  const int64_t id = st.ColumnInt(0);
  st.Reset();
  if (!pending && !author.empty()) SetLedgerActor(author);
  MEMORIA_RETURN_IF_ERROR(AppendLedger(
      ledger::Kind::kLink,
      nlohmann::json{{"pair", id}, {"a", a}, {"b", b}, {"state", state}, {"merge", merge_id}}));
  return id;
}

Result<MergeRow> LinkReader::Merge(int64_t merge_id) {
  MEMORIA_ASSIGN_OR_RETURN(Statement st,
                           reader_->Prepare(std::string(kMergeColumns) + "WHERE id = ?1"));
  st.Bind(1, merge_id);
  MEMORIA_ASSIGN_OR_RETURN(bool found, st.Step());
  if (!found) return NotFoundError("no merge " + std::to_string(merge_id));
  return MergeOf(st);
}

Result<std::vector<MergeRow>> LinkReader::MergesOf(int64_t person_id) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st, reader_->Prepare(std::string(kMergeColumns) +
                                     "WHERE survivor_id = ?1 OR retired_id = ?1 ORDER BY id"));
  st.Bind(1, person_id);
  std::vector<MergeRow> out;
  MEMORIA_RETURN_IF_ERROR(reader_internal::EachRow(&st, [&](Statement& s) {
    out.push_back(MergeOf(s));
    return Status();
  }));
  return out;
}

Result<std::vector<LinkDecisionRow>> LinkReader::Decisions(std::string_view state, double midpoint,
                                                           int64_t limit) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st, reader_->Prepare(std::string(kDecisionColumns) + "WHERE d.state = ?1 AND" +
                                     std::string(kBothVisible) +
                                     " ORDER BY abs(d.probability - ?2), d.id LIMIT ?3"));
  st.Bind(1, state).Bind(2, midpoint).Bind(3, limit);
  std::vector<LinkDecisionRow> out;
  MEMORIA_RETURN_IF_ERROR(reader_internal::EachRow(&st, [&](Statement& s) {
    out.push_back(DecisionOf(s));
    return Status();
  }));
  return out;
}

// An accepted decision's second person is merged away: it is found by its
// first person (the survivor) alone.
constexpr std::string_view kDecisionVisible =
    " (d.state = 'accepted' AND EXISTS (SELECT 1 FROM visible_persons v"
    " WHERE v.id IN (d.person_a, d.person_b)) OR";

Result<std::vector<LinkDecisionRow>> LinkReader::RecentDecisions(int64_t limit) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      reader_->Prepare(std::string(kDecisionColumns) + "WHERE d.state <> 'pending'" + " AND" +
                       std::string(kDecisionVisible) + std::string(kBothVisible) +
                       ") ORDER BY d.decided_at DESC, d.id DESC LIMIT ?1"));
  st.Bind(1, limit);
  std::vector<LinkDecisionRow> out;
  MEMORIA_RETURN_IF_ERROR(reader_internal::EachRow(&st, [&](Statement& s) {
    out.push_back(DecisionOf(s));
    return Status();
  }));
  return out;
}

Result<LinkDecisionRow> LinkReader::Decision(int64_t id) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      reader_->Prepare(std::string(kDecisionColumns) + "WHERE d.id = ?1 AND" +
                       std::string(kDecisionVisible) + std::string(kBothVisible) + ")"));
  st.Bind(1, id);
  MEMORIA_ASSIGN_OR_RETURN(bool found, st.Step());
  if (!found) return NotFoundError("no link decision " + std::to_string(id));
  return DecisionOf(st);
}

Result<std::vector<std::pair<int64_t, int64_t>>> LinkReader::DecidedPairs() {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      reader_->Prepare("SELECT coalesce(pa.redirect_to, pa.id), coalesce(pb.redirect_to, pb.id)"
                       " FROM link_decisions d JOIN persons pa ON pa.id = d.person_a"
                       " JOIN persons pb ON pb.id = d.person_b WHERE d.state <> 'pending'"));
  std::vector<std::pair<int64_t, int64_t>> out;
  MEMORIA_RETURN_IF_ERROR(reader_internal::EachRow(&st, [&](Statement& s) {
    const int64_t a = s.ColumnInt(0), b = s.ColumnInt(1);
    if (a != b) out.emplace_back(std::min(a, b), std::max(a, b));
    return Status();
  }));
  return out;
}

Result<int64_t> LinkReader::LastPersonId() {
  MEMORIA_ASSIGN_OR_RETURN(Statement st,
                           reader_->Prepare("SELECT coalesce(max(id), 0) FROM persons"));
  MEMORIA_ASSIGN_OR_RETURN(bool found, st.Step());
  return found ? st.ColumnInt(0) : 0;
}

}  // namespace memoria::store
