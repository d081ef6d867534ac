// The linker's stored model (store/merge.h, store/write.h): one row of
// the meta table, "link_model", holding the JSON the linker wrote.
#include "store/internal/sqlite.h"
#include "store/merge.h"
#include "store/reader.h"
#include "store/write.h"

namespace memoria::store {
namespace {

constexpr const char* kLinkModelKey = "link_model";

}  // namespace

Result<std::string> LinkReader::LinkModel() {
  MEMORIA_ASSIGN_OR_RETURN(Statement st,
                           reader_->Prepare("SELECT value FROM main.meta WHERE key = ?1"));
  st.Bind(1, kLinkModelKey);
  MEMORIA_ASSIGN_OR_RETURN(bool found, st.Step());
  return found ? st.ColumnString(0) : std::string();
}

Status WriteTransaction::SetLinkModel(std::string_view json) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  if (json.empty()) return InvalidArgumentError("the link model is empty");
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      store_->db()->Prepare("INSERT INTO meta(key, value) VALUES (?1, ?2)"
                            " ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
  st.Bind(1, kLinkModelKey).Bind(2, json);
  return st.Run();
}

}  // namespace memoria::store
