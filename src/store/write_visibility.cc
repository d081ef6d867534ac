// WriteTransaction::SetBatchVisibility (store/write.h).
#include "store/internal/sqlite.h"
#include "store/write.h"

namespace memoria::store {

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
  return Status();
}

}  // namespace memoria::store
