// WriteTransaction::SetVisibility and SetBatchVisibility (store/write.h).
#include <nlohmann/json.hpp>

#include "store/internal/sqlite.h"
#include "store/write.h"

namespace memoria::store {

Status WriteTransaction::SetVisibility(Hideable kind, int64_t id, Visibility visibility) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  std::string_view table;
  switch (kind) {
    case Hideable::kSource:
      table = "sources";
      confidential_sources_.erase(id);  // SourceConfidential reads it again
      break;
    case Hideable::kRecord:
      table = "records";
      break;
    case Hideable::kClaim:
      table = "claims";
      break;
    case Hideable::kPerson:
      table = "persons";
      break;
    case Hideable::kName:
      table = "names";
      break;
    case Hideable::kEvent:
      table = "events";
      break;
    case Hideable::kAttribute:
      table = "attributes";
      break;
  }
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      store_->db_->Prepare("UPDATE " + std::string(table) + " SET visibility = ?1 WHERE id = ?2"));
  st.Bind(1, static_cast<int64_t>(visibility)).Bind(2, id);
  MEMORIA_RETURN_IF_ERROR(st.Run());
  if (store_->db_->Changes() == 0) {
    return NotFoundError("no row " + std::to_string(id) + " in " + std::string(table));
  }
  names_changed_ = true;  // any visibility may change which names are visible
  names_removed_ = true;
  seal_pending_ = true;  // values may become confidential, or stop being
  return AppendLedger(ledger::Kind::kVisibility,
                      {{"table", table}, {"id", id}, {"to", static_cast<int>(visibility)}});
}

Status WriteTransaction::SetBatchVisibility(int64_t batch_id, Visibility visibility) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(Statement find,
                           store_->db()->Prepare("SELECT 1 FROM import_batches WHERE id = ?1"));
  find.Bind(1, batch_id);
  MEMORIA_ASSIGN_OR_RETURN(bool found, find.Step());
  if (!found) return NotFoundError("no import batch " + std::to_string(batch_id));
  for (std::string_view table : {"records", "persons"}) {
    MEMORIA_ASSIGN_OR_RETURN(Statement st,
                             store_->db()->Prepare("UPDATE " + std::string(table) +
                                                   " SET visibility = ?2 WHERE batch_id = ?1 AND "
                                                   "visibility < ?2"));
    st.Bind(1, batch_id).Bind(2, static_cast<int64_t>(visibility));
    MEMORIA_RETURN_IF_ERROR(st.Run());
  }
  names_changed_ = true;
  names_removed_ = true;
  seal_pending_ = true;
  return AppendLedger(ledger::Kind::kVisibility,
                      {{"batch", batch_id}, {"to", static_cast<int>(visibility)}});
}

}  // namespace memoria::store
