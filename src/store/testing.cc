#include "store/internal/testing.h"

#include "store/internal/sqlite.h"

namespace memoria::store {

Result<std::string> StoreTesting::Dump(Store* store) {
  Database* db = store->db();
  std::string out;
  MEMORIA_ASSIGN_OR_RETURN(
      Statement tables,
      db->Prepare("SELECT name FROM sqlite_schema WHERE type = 'table'"
                  " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'ledger%' ORDER BY name"));
  std::vector<std::string> names;
  while (true) {
    MEMORIA_ASSIGN_OR_RETURN(bool row, tables.Step());
    if (!row) break;
    names.push_back(tables.ColumnString(0));
  }
  tables.Reset();
  for (const std::string& table : names) {
    out += "== " + table + "\n";
    MEMORIA_ASSIGN_OR_RETURN(Statement st,
                             db->Prepare("SELECT * FROM \"" + table + "\" ORDER BY 1"));
    while (true) {
      MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      for (int i = 0; i < st.ColumnCount(); ++i) {
        if (i > 0) out += '|';
        out += st.ColumnIsNull(i) ? "NULL" : st.ColumnString(i);
      }
      out += '\n';
    }
    st.Reset();
  }
  return out;
}

bool StoreTesting::InTransaction(Store* store) { return store->db()->InTransaction(); }

Result<int64_t> StoreTesting::QueryInt(Store* store, std::string_view sql) {
  return store->db()->QueryInt(sql);
}

Result<std::vector<std::vector<std::string>>> StoreTesting::Rows(Store* store,
                                                                 std::string_view sql) {
  MEMORIA_ASSIGN_OR_RETURN(Statement st, store->db()->Prepare(sql));
  std::vector<std::vector<std::string>> out;
  while (true) {
    MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    std::vector<std::string>& r = out.emplace_back();
    for (int i = 0; i < st.ColumnCount(); ++i) r.push_back(st.ColumnString(i));
  }
  return out;
}

Status StoreTesting::Exec(Store* store, std::string_view sql) { return store->db()->Exec(sql); }

}  // namespace memoria::store
