// The sealed tables without a "sealed" column, and memoria_open, the SQL
// function by which queries read their sealed columns
// (store/internal/sealed_tables.h, docs/formats/keys.md).
#include "store/internal/sealed_tables.h"

#include <sqlite3.h>

#include <cstdlib>

#include "store/internal/sqlite.h"
#include "store/keys.h"
#include "store/store.h"

namespace memoria::store {

namespace {

// Row "f" rests on a confidential record, source or claim, or is
// confidential itself ("own": f has a visibility column).
std::string Provenance(bool own) {
  return std::string("max(") + (own ? "f.visibility, " : "") +
         "coalesce((SELECT max(r.visibility, s.visibility) FROM records r"
         " JOIN sources s ON s.id = r.source_id WHERE r.id = f.record_id), 0),"
         " coalesce((SELECT c.visibility FROM claims c WHERE c.id = f.claim_id), 0)) = 2";
}

// The person of row "f" (column "column") is confidential.
std::string PersonConfidential(const char* column) {
  return std::string("coalesce((SELECT p.visibility FROM persons p WHERE p.id = f.") + column +
         "), 0) = 2";
}

// A fact of a person (a detention, a status change, an assessment, an
// involvement): confidential by itself, its provenance, or its person.
std::string PersonFact() { return Provenance(true) + " OR " + PersonConfidential("person_id"); }

// A register's entry, its register or the register's source is confidential.
std::string EntryConfidential() {
  return "(SELECT max(e.visibility, g.visibility, s.visibility) FROM register_entries e"
         " JOIN registers g ON g.id = e.register_id JOIN sources s ON s.id = g.source_id"
         " WHERE e.id = f.entry_id) = 2";
}

constexpr SealedKind kText = SealedKind::kText;
constexpr SealedKind kInt = SealedKind::kInteger;
constexpr SealedKind kBlob = SealedKind::kBlob;

std::vector<SealedTable>* MakeTables() {
  auto* t = new std::vector<SealedTable>;
  // What names a confidential source: its title and citation, the file
  // names of its imports (schema version 18). The key stays in clear: it
  // finds the source on the next import.
  t->push_back(
      {"sources", {{"title", kText, "''"}, {"citation", kText, "''"}}, "f.visibility = 2"});
  t->push_back({"import_batches",
                {{"file_name", kText, "''"}},
                "(SELECT s.visibility FROM sources s WHERE s.id = f.source_id) = 2"});
  t->push_back({"registers",
                {{"title", kText, "''"}, {"publisher", kText, "''"}, {"legal_basis", kText, "''"}},
                "max(f.visibility, (SELECT s.visibility FROM sources s WHERE s.id = f.source_id))"
                " = 2"});
  // An editor's claim: confidential itself, or the claim of a change that
  // is (a change about a confidential person repeats its reason and
  // citation in the claim).
  t->push_back({"claims",
                {{"statement", kText, "''"}, {"citation", kText, "''"}},
                "f.visibility = 2 OR f.id IN (SELECT ch.claim_id FROM changes ch"
                " WHERE ch.claim_id IS NOT NULL AND (ch.visibility = 2 OR coalesce((SELECT"
                " p.visibility FROM persons p WHERE p.id = coalesce(ch.person_id,"
                " ch.new_fact_id)), 0) = 2))"});
  t->push_back(
      {"changes",
       {{"value", kText, "'{}'"}, {"citation", kText, "'[locked]'"}, {"reason", kText, "''"}},
       "f.visibility = 2 OR coalesce((SELECT p.visibility FROM persons p"
       " WHERE p.id = coalesce(f.person_id, f.new_fact_id)), 0) = 2"
       " OR coalesce((SELECT c.visibility FROM claims c WHERE c.id = f.claim_id), 0) = 2"});
  t->push_back({"corrections",
                {{"body", kText, "'[locked]'"}, {"contact", kText, "''"}, {"note", kText, "''"}},
                "f.visibility = 2 OR " + PersonConfidential("person_id")});
  t->push_back({"place_names", {{"name", kText, "''"}, {"norm", kText, "''"}}, Provenance(false)});
  // A place is known by its names: every one of them confidential, the
  // place's own name is too.
  t->push_back({"places",
                {{"name", kText, "''"}},
                "EXISTS (SELECT 1 FROM place_names n WHERE n.place_id = f.id)"
                " AND NOT EXISTS (SELECT 1 FROM place_names f2 WHERE f2.place_id = f.id AND NOT ("
                " max(coalesce((SELECT max(r.visibility, s.visibility) FROM records r"
                " JOIN sources s ON s.id = r.source_id WHERE r.id = f2.record_id), 0),"
                " coalesce((SELECT c.visibility FROM claims c WHERE c.id = f2.claim_id), 0))"
                " = 2))"});
  // A case: confidential itself, or every person it prosecutes is.
  t->push_back({"cases",
                {{"title", kText, "''"},
                 {"case_group", kText, "''"},
                 {"region", kText, "''"},
                 {"court", kText, "''"},
                 {"investigator", kText, "''"},
                 {"opened", kText, "''"},
                 {"detained", kText, "''"},
                 {"detained_day", kInt, "NULL"},
                 {"charged", kText, "''"},
                 {"verdict", kText, "''"},
                 {"verdict_day", kInt, "NULL"},
                 {"appeal", kText, "''"},
                 {"released", kText, "''"},
                 {"restraint", kText, "''"},
                 {"sentence", kText, "''"},
                 {"sentence_months", kInt, "NULL"},
                 {"sentence_kind", kText, "''"}},
                Provenance(true) +
                    " OR (EXISTS (SELECT 1 FROM involvements i WHERE i.case_id = f.id"
                    " AND i.role = 'prosecuted' AND i.person_id IS NOT NULL)"
                    " AND NOT EXISTS (SELECT 1 FROM involvements i JOIN persons p"
                    " ON p.id = i.person_id WHERE i.case_id = f.id AND i.role = 'prosecuted'"
                    " AND max(i.visibility, p.visibility) < 2))"});
  // A name kept for a person without a row (a judge): never empty while
  // sealed, as its CHECK wants.
  t->push_back({"involvements",
                {{"name", kText, "CASE WHEN person_id IS NULL THEN '[locked]' ELSE '' END"}},
                PersonFact()});
  t->push_back({"detentions",
                {{"facility", kText, "''"},
                 {"address", kText, "''"},
                 {"date_from", kText, "''"},
                 {"from_day", kInt, "NULL"},
                 {"date_to", kText, "''"}},
                PersonFact()});
  t->push_back({"status_changes",
                {{"date", kText, "''"}, {"day", kInt, "NULL"}, {"source", kText, "''"}},
                PersonFact()});
  t->push_back({"assessments",
                {{"organisation", kText, "''"},
                 {"list", kText, "''"},
                 {"criteria", kText, "''"},
                 {"date", kText, "''"},
                 {"day", kInt, "NULL"},
                 {"statement", kText, "''"},
                 {"statement_url", kText, "''"},
                 {"drafted_by", kText, "''"},
                 {"approved_by", kText, "''"}},
                PersonFact()});
  t->push_back({"publications",
                {{"title", kText, "''"},
                 {"summary", kText, "''"},
                 {"body", kText, "''"},
                 {"date", kText, "''"},
                 {"day", kInt, "NULL"},
                 {"url", kText, "''"}},
                Provenance(true)});
  // A register's snapshot is its file verbatim: sealed when the register
  // is confidential or any entry of it is (the file repeats the entry).
  t->push_back({"register_snapshots",
                {{"content", kBlob, "X''"}},
                "(SELECT max(g.visibility, s.visibility) FROM registers g JOIN sources s"
                " ON s.id = g.source_id WHERE g.id = f.register_id) = 2"
                " OR EXISTS (SELECT 1 FROM register_entries e WHERE e.register_id = f.register_id"
                " AND e.visibility = 2)"});
  t->push_back({"register_versions", {{"value", kText, "''"}}, EntryConfidential()});
  t->push_back(
      {"register_events", {{"before", kText, "''"}, {"after", kText, "''"}}, EntryConfidential()});
  return t;
}

std::string Quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

// memoria_open(kind, table, row id, column, value, box): "value" when "box"
// is NULL (the row is not sealed); else the box opened with the key, as
// text ('t'), an integer ('i', NULL when empty) or a BLOB ('b', NULL when
// empty); without the key kLockedValue for text and NULL otherwise. A box
// that does not open is an SQL error naming the row.
void OpenFunction(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (argc != 6) {
    sqlite3_result_error(ctx, "memoria_open takes 6 arguments", -1);
    return;
  }
  if (sqlite3_value_type(argv[5]) == SQLITE_NULL) {
    sqlite3_result_value(ctx, argv[4]);
    return;
  }
  const char kind =
      static_cast<const char*>(static_cast<const void*>(sqlite3_value_text(argv[0])))[0];
  const auto* key = static_cast<const std::unique_ptr<ArchiveKey>*>(sqlite3_user_data(ctx));
  if (*key == nullptr) {
    if (kind == 't') {
      sqlite3_result_text(ctx, kLockedValue.data(), static_cast<int>(kLockedValue.size()),
                          SQLITE_STATIC);
    } else {
      sqlite3_result_null(ctx);
    }
    return;
  }
  auto text = [](sqlite3_value* v) {
    const void* p = sqlite3_value_type(v) == SQLITE_BLOB
                        ? sqlite3_value_blob(v)
                        : static_cast<const void*>(sqlite3_value_text(v));
    return std::string_view(static_cast<const char*>(p),
                            static_cast<size_t>(sqlite3_value_bytes(v)));
  };
  const std::string_view table = text(argv[1]);
  const int64_t row_id = sqlite3_value_int64(argv[2]);
  const std::string_view column = text(argv[3]);
  Result<std::string> plain = OpenValue(**key, SealedAd(table, row_id, column), text(argv[5]));
  if (!plain.ok()) {
    const std::string message = std::string(plain.status().message()) + " (" + std::string(table) +
                                " " + std::to_string(row_id) + " " + std::string(column) + ")";
    sqlite3_result_error(ctx, message.c_str(), -1);
    return;
  }
  if (kind == 'i') {
    if (plain->empty()) {
      sqlite3_result_null(ctx);
    } else {
      sqlite3_result_int64(ctx, std::strtoll(plain->c_str(), nullptr, 10));
    }
  } else if (kind == 'b') {
    if (plain->empty()) {
      sqlite3_result_null(ctx);
    } else {
      sqlite3_result_blob(ctx, plain->data(), static_cast<int>(plain->size()), SQLITE_TRANSIENT);
    }
  } else {
    sqlite3_result_text(ctx, plain->data(), static_cast<int>(plain->size()), SQLITE_TRANSIENT);
  }
}

}  // namespace

const std::vector<SealedTable>& SealedTables() {
  static const std::vector<SealedTable>* tables = MakeTables();
  return *tables;
}

const SealedTable* FindSealedTable(std::string_view name) {
  for (const SealedTable& t : SealedTables()) {
    if (name == t.name) return &t;
  }
  return nullptr;
}

std::string OpenedColumnSql(std::string_view table, std::string_view column,
                            std::string_view alias) {
  const std::string plain = std::string(alias) + "." + std::string(column);
  const SealedTable* t = FindSealedTable(table);
  if (t == nullptr) return plain;
  for (const SealedColumn& c : t->columns) {
    if (column != c.name) continue;
    const char* kind = c.kind == SealedKind::kInteger ? "'i'"
                       : c.kind == SealedKind::kBlob  ? "'b'"
                                                      : "'t'";
    return "memoria_open(" + std::string(kind) + ", " + Quoted(table) + ", " + std::string(alias) +
           ".id, " + Quoted(column) + ", " + plain +
           ", (SELECT sv.box FROM main.sealed_values sv WHERE sv.tbl = " + Quoted(table) +
           " AND sv.row_id = " + std::string(alias) + ".id AND sv.col = " + Quoted(column) + "))";
  }
  return plain;
}

std::string ExpandOpened(std::string_view sql, bool open) {
  static constexpr std::string_view kMarker = "OPENED(";
  std::string out;
  size_t at = 0;
  while (true) {
    const size_t hit = sql.find(kMarker, at);
    const size_t end = hit == std::string_view::npos ? hit : sql.find(')', hit);
    if (end == std::string_view::npos) break;
    out.append(sql.substr(at, hit - at));
    const std::string_view args = sql.substr(hit + kMarker.size(), end - hit - kMarker.size());
    const size_t c1 = args.find(',');
    const size_t c2 = args.find(',', c1 + 1);
    const std::string_view table = args.substr(0, c1);
    const std::string_view column = args.substr(c1 + 1, c2 - c1 - 1);
    const std::string_view alias = args.substr(c2 + 1);
    out += open ? OpenedColumnSql(table, column, alias)
                : std::string(alias) + "." + std::string(column);
    at = end + 1;
  }
  out.append(sql.substr(at));
  return out;
}

Result<std::string> OpenedSelectList(Database* db, std::string_view table, std::string_view alias) {
  MEMORIA_ASSIGN_OR_RETURN(Statement st,
                           db->Prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid"));
  st.Bind(1, table);
  std::string out;
  while (true) {
    MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    const std::string column = st.ColumnString(0);
    if (!out.empty()) out += ", ";
    const std::string opened = OpenedColumnSql(table, column, alias);
    out += opened;
    if (opened.rfind("memoria_open", 0) == 0) out += " AS \"" + column + "\"";
  }
  if (out.empty()) return InternalError("no table " + std::string(table));
  return out;
}

Status InstallOpener(Database* db, const std::unique_ptr<ArchiveKey>* key) {
  const int rc = sqlite3_create_function_v2(db->raw(), "memoria_open", 6, SQLITE_UTF8,
                                            const_cast<std::unique_ptr<ArchiveKey>*>(key),
                                            OpenFunction, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteStatus(rc, db->raw(), "memoria_open");
  return Status();
}

}  // namespace memoria::store
