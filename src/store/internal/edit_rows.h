// Internal to store/: the rows of edits as stored (the changes and the
// public's corrections), decoded for the writes of WriteTransaction
// (edits.cc) and for EditReader (edit_reader.cc).
#ifndef MEMORIA_STORE_INTERNAL_EDIT_ROWS_H_
#define MEMORIA_STORE_INTERNAL_EDIT_ROWS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "store/edits.h"
#include "store/internal/sqlite.h"

namespace memoria::store::edit_rows {

// The string member "key" of "j", or "" when it has none.
inline std::string Str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The columns ChangeOf reads, in its order, before a table or view name.
inline constexpr std::string_view kChangeColumns =
    "SELECT id, coalesce(person_id, 0), kind, fact, coalesce(target_id, 0), value, citation,"
    " reason, author, created_at, visibility, state, reviewed_by, reviewed_at,"
    " coalesce(claim_id, 0), coalesce(new_fact_id, 0), coalesce(undone_by, 0) FROM ";

// The change of a row read with kChangeColumns; its value as JSON text in
// "*value_json" when asked for.
ChangeRow ChangeOf(const Statement& st, std::string* value_json = nullptr);

}  // namespace memoria::store::edit_rows

#endif  // MEMORIA_STORE_INTERNAL_EDIT_ROWS_H_
