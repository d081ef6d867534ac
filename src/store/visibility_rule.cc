// VisibilityRule (store/internal/visibility_rule.h) and Reader::Rule, the
// Reader's copy of it kept up to date with the archive.
#include "store/internal/visibility_rule.h"

#include <sqlite3.h>

#include <tuple>

#include "store/internal/reader_util.h"
#include "store/reader.h"

namespace memoria::store {

Status VisibilityRule::Load(Statement* hidden_sources, Statement* retracted_batches,
                            Statement* hidden_claims) {
  hidden_sources_.clear();
  retracted_batches_.clear();
  hidden_claims_.clear();
  for (auto [st, set] : {std::pair{hidden_sources, &hidden_sources_},
                         std::pair{retracted_batches, &retracted_batches_},
                         std::pair{hidden_claims, &hidden_claims_}}) {
    if (st != retracted_batches) st->Bind(1, ceiling_);
    MEMORIA_RETURN_IF_ERROR(reader_internal::EachRow(st, [set = set](Statement& row) {
      set->insert(row.ColumnInt(0));
      return Status();
    }));
  }
  return Status();
}

Result<const VisibilityRule*> Reader::Rule() {
  using namespace reader_internal;  // NOLINT: this module's own helpers
  sqlite3* db = store_->db()->raw();
  // The first read of a snapshot starts it: the rule and the rows read
  // with it come from the same state of the archive.
  RuleVersion now;
  now.changes = sqlite3_total_changes64(db);
  for (auto [slot, sql, value] :
       {std::tuple{kRuleVersion, VisibilityRule::kDataVersionSql, &now.data_version},
        std::tuple{kRuleCounter, VisibilityRule::kCounterSql, &now.counter}}) {
    MEMORIA_ASSIGN_OR_RETURN(Statement * st, Cached(slot, sql));
    Result<bool> row = st->Step();
    if (row.ok() && *row) *value = st->ColumnInt(0);
    st->Reset();
    MEMORIA_RETURN_IF_ERROR(row.status());
  }
  if (rule_ != nullptr && rule_reusable_ && now == rule_version_) return rule_.get();
  if (rule_ == nullptr) rule_ = std::make_unique<VisibilityRule>(static_cast<int>(ceiling_));
  MEMORIA_ASSIGN_OR_RETURN(Statement * sources,
                           Cached(kRuleHiddenSources, VisibilityRule::kHiddenSourcesSql));
  MEMORIA_ASSIGN_OR_RETURN(Statement * batches,
                           Cached(kRuleRetractedBatches, VisibilityRule::kRetractedBatchesSql));
  MEMORIA_ASSIGN_OR_RETURN(Statement * claims,
                           Cached(kRuleHiddenClaims, VisibilityRule::kHiddenClaimsSql));
  Status loaded = rule_->Load(sources, batches, claims);
  if (!loaded.ok()) {
    rule_.reset();
    return loaded;
  }
  rule_version_ = now;
  // A write transaction of this connection may yet be rolled back, and the
  // version would not show it: a rule loaded inside one serves one read.
  rule_reusable_ = sqlite3_txn_state(db, "main") != SQLITE_TXN_WRITE;
  return rule_.get();
}

}  // namespace memoria::store
