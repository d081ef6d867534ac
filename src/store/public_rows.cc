// The public view as rows (store/public_rows.h): one query per table over
// the public ceiling's views, and the loader that writes such rows into a
// new archive.
#include "store/public_rows.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/hash.h"
#include "store/internal/record_dictionary.h"
#include "store/internal/sqlite.h"
#include "store/reader.h"
#include "store/record_codec.h"

namespace memoria::store {

// The connection of a Store.
struct PublicRowsAccess {
  static Database* Db(Store* store) { return store->db(); }
  static RecordDictionaries* Dicts(Store* store) { return store->record_dicts(); }
};

namespace {

using Json = nlohmann::json;

struct TableQuery {
  std::string_view table;
  std::string_view key;  // the key column
  std::string_view sql;  // ordered by the key
};

// Each query names its columns as the table does, in the table's order, so
// that a row loads back with INSERT INTO table(columns).
constexpr TableQuery kQueries[] = {
    {"sources", "id", "SELECT * FROM visible0_sources ORDER BY id"},
    {"import_batches", "id",
     "SELECT * FROM main.import_batches WHERE id IN "
     "(SELECT batch_id FROM visible0_records UNION SELECT batch_id FROM "
     "visible0_register_snapshots) ORDER BY id"},
    {"claims", "id",
     "SELECT * FROM visible0_claims WHERE id IN (SELECT claim_id FROM visible0_names"
     " UNION SELECT claim_id FROM visible0_events UNION SELECT claim_id FROM visible0_attributes"
     " UNION SELECT claim_id FROM visible0_place_names UNION SELECT claim_id FROM visible0_cases"
     " UNION SELECT claim_id FROM visible0_involvements UNION SELECT claim_id FROM "
     "visible0_detentions UNION SELECT claim_id FROM visible0_status_changes UNION SELECT claim_id"
     " FROM visible0_assessments UNION SELECT claim_id FROM visible0_publications) ORDER BY id"},
    // Read by ForEachRecord, which replaces the content.
    {"records", "id",
     "SELECT r.id, r.source_id, r.batch_id, r.position, r.external_id, r.content_hash,"
     " r.occurrence, r.raw, r.visibility, l.columns AS layout, r.packed AS packed,"
     " EXISTS (SELECT 1 FROM main.person_records pr JOIN visible0_persons p"
     " ON p.id = pr.person_id WHERE pr.record_id = r.id) AS shown"
     " FROM visible0_records r LEFT JOIN main.record_layouts l ON l.id = r.layout_id"
     " ORDER BY r.id"},
    // With the retired ids of merges into a visible person (public
    // themselves, not retracted): a mirror answers them with the same 301
    // as the archive. Such a row holds no fact; its names moved.
    {"persons", "id",
     "SELECT id, CASE WHEN batch_id IN (SELECT batch_id FROM visible0_records UNION SELECT "
     "batch_id FROM visible0_register_snapshots) THEN batch_id END AS batch_id, redirect_to,"
     " visibility, retracted_by FROM (SELECT * FROM visible0_persons UNION ALL"
     " SELECT * FROM main.persons WHERE redirect_to IN (SELECT id FROM visible0_persons)"
     " AND visibility <= 0 AND retracted_by IS NULL) ORDER BY id"},
    {"person_records", "person_id",
     "SELECT pr.person_id, pr.record_id, pr.method, pr.score, '' AS linked_by"
     " FROM visible0_persons p JOIN main.person_records pr ON pr.person_id = p.id"
     " JOIN visible0_records r ON r.id = pr.record_id ORDER BY pr.person_id, pr.record_id"},
    {"places", "id",
     "SELECT id, name, kind, CASE WHEN parent_id IN (SELECT id FROM visible0_places)"
     " THEN parent_id END AS parent_id, lat, lon FROM visible0_places ORDER BY id"},
    {"place_names", "id", "SELECT * FROM visible0_place_names ORDER BY id"},
    {"names", "id", "SELECT * FROM visible0_names ORDER BY id"},
    {"events", "id",
     "SELECT id, person_id, record_id, claim_id, type, date, date_min, date_max, date_text,"
     " place, CASE WHEN place_id IN (SELECT id FROM visible0_places) THEN place_id END"
     " AS place_id, body, article, sentence, note, visibility, retracted_by, sealed"
     " FROM visible0_events ORDER BY id"},
    {"attributes", "id", "SELECT * FROM visible0_attributes ORDER BY id"},
    {"registers", "id", "SELECT * FROM visible0_registers ORDER BY id"},
    // The snapshot's verbatim file stays home: it holds hidden entries too.
    {"register_snapshots", "id",
     "SELECT id, register_id, batch_id, as_of, as_of_day, file_name, file_sha256, columns, rows,"
     " 0 AS content_bytes, X'' AS content FROM visible0_register_snapshots ORDER BY id"},
    {"register_entries", "id",
     "SELECT id, register_id, number, sort_key, kind, CASE WHEN person_id IN"
     " (SELECT id FROM visible0_persons) THEN person_id END AS person_id, visibility"
     " FROM visible0_register_entries ORDER BY id"},
    {"register_versions", "id", "SELECT * FROM visible0_register_versions ORDER BY id"},
    {"register_events", "id", "SELECT * FROM visible0_register_events ORDER BY id"},
    {"cases", "id", "SELECT * FROM visible0_cases ORDER BY id"},
    {"case_articles", "id", "SELECT * FROM visible0_case_articles ORDER BY id"},
    {"involvements", "id", "SELECT * FROM visible0_involvements ORDER BY id"},
    {"detentions", "id", "SELECT * FROM visible0_detentions ORDER BY id"},
    {"status_changes", "id", "SELECT * FROM visible0_status_changes ORDER BY id"},
    {"assessments", "id",
     "SELECT id, person_id, case_id, organisation, list, verdict, criteria, date, day,"
     " statement, statement_url, '' AS drafted_by, '' AS approved_by, state, record_id,"
     " claim_id, visibility FROM visible0_assessments ORDER BY id"},
    {"publications", "id", "SELECT * FROM visible0_publications ORDER BY id"},
    {"publication_links", "id", "SELECT * FROM visible0_publication_links ORDER BY id"},
};

constexpr std::string_view kTables[] = {
    "sources",
    "import_batches",
    "claims",
    "records",
    "persons",
    "person_records",
    "places",
    "place_names",
    "names",
    "events",
    "attributes",
    "registers",
    "register_snapshots",
    "register_entries",
    "register_versions",
    "register_events",
    "cases",
    "case_articles",
    "involvements",
    "detentions",
    "status_changes",
    "assessments",
    "publications",
    "publication_links",
};
static_assert(std::size(kTables) == std::size(kQueries));

const TableQuery* QueryOf(std::string_view table) {
  for (const TableQuery& q : kQueries) {
    if (q.table == table) return &q;
  }
  return nullptr;
}

Json ColumnValue(const Statement& st, int i) {
  switch (st.ColumnType(i)) {
    case SQLITE_NULL:
      return nullptr;
    case SQLITE_INTEGER:
      return st.ColumnInt(i);
    case SQLITE_FLOAT:
      return st.ColumnDouble(i);
    case SQLITE_BLOB: {
      const std::string_view bytes = st.ColumnText(i);
      return Json{{"hex", ToHex(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size())}};
    }
    default:
      return st.ColumnString(i);
  }
}

bool HexDecode(std::string_view hex, std::string* out) {
  if (hex.size() % 2 != 0) return false;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  out->clear();
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int hi = digit(hex[i]), lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::strict); }

// The content the public page shows of each visible record that repeats a
// hidden fact, by record id: read through Reader::GetPerson (which takes
// those fields out) for each visible person who holds it; of several, the
// shortest.
Result<std::map<int64_t, std::string>> RedactedContents(Database* db, Reader* reader) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      db->Prepare("SELECT pr.person_id, pr.record_id FROM main.person_records pr"
                  " JOIN visible0_persons p ON p.id = pr.person_id"
                  " WHERE pr.record_id IN (SELECT record_id FROM main.names WHERE record_id"
                  " IS NOT NULL AND id NOT IN (SELECT id FROM visible0_names)"
                  " UNION SELECT record_id FROM main.events WHERE record_id IS NOT NULL"
                  " AND id NOT IN (SELECT id FROM visible0_events)"
                  " UNION SELECT record_id FROM main.attributes WHERE record_id IS NOT NULL"
                  " AND id NOT IN (SELECT id FROM visible0_attributes))"
                  " ORDER BY pr.person_id"));
  std::map<int64_t, std::set<int64_t>> by_person;
  while (true) {
    MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    by_person[st.ColumnInt(0)].insert(st.ColumnInt(1));
  }
  std::map<int64_t, std::string> out;
  for (const auto& [person_id, records] : by_person) {
    MEMORIA_ASSIGN_OR_RETURN(PersonView person, reader->GetPerson(person_id));
    for (const RecordView& r : person.records) {
      if (!records.contains(r.id)) continue;
      auto [at, added] = out.try_emplace(r.id, r.raw);
      if (!added && r.raw.size() < at->second.size()) at->second = r.raw;
    }
  }
  return out;
}

Status ForEachRecord(Database* db, RecordDictionaries* dicts, Reader* reader,
                     const std::function<Status(const PublicRow&)>& fn) {
  MEMORIA_ASSIGN_OR_RETURN(auto redacted, RedactedContents(db, reader));
  MEMORIA_ASSIGN_OR_RETURN(Statement st, db->Prepare(QueryOf("records")->sql));
  PublicRow row;
  std::string scratch;
  while (true) {
    MEMORIA_ASSIGN_OR_RETURN(bool more, st.Step());
    if (!more) break;
    row.key = st.ColumnInt(0);
    Json values = Json::array();
    for (int i = 0; i < 7; ++i) values.push_back(ColumnValue(st, i));
    std::string raw = "{}";
    if (st.ColumnInt(11) != 0) {
      if (auto found = redacted.find(row.key); found != redacted.end()) {
        raw = found->second;
      } else if (st.ColumnIsNull(9)) {
        raw = st.ColumnString(7);
      } else {
        MEMORIA_RETURN_IF_ERROR(
            PackedRecordJson(dicts, st.ColumnText(9), st.ColumnText(10), &scratch, &raw)
                .Annotate("record " + std::to_string(row.key)));
      }
    }
    values.push_back(std::move(raw));
    values.push_back(ColumnValue(st, 8));
    row.values = Dump(values);
    MEMORIA_RETURN_IF_ERROR(fn(row));
  }
  return Status();
}

}  // namespace

std::span<const std::string_view> PublicTables() { return kTables; }

Status ForEachPublicRow(Store* store, std::string_view table, std::vector<std::string>* columns,
                        const std::function<Status(const PublicRow&)>& fn) {
  const TableQuery* query = QueryOf(table);
  if (query == nullptr) return InvalidArgumentError("not a public table: " + std::string(table));
  // The public Reader creates the views (TEMP, ceiling 0) on this
  // connection; its snapshot makes every table's rows one state's.
  MEMORIA_ASSIGN_OR_RETURN(Reader * reader, store->ReaderFor(Visibility::kPublic));
  MEMORIA_ASSIGN_OR_RETURN(Reader::Snapshot snapshot, reader->BeginSnapshot());
  Database* db = PublicRowsAccess::Db(store);
  columns->clear();
  if (table == "records") {
    *columns = {"id",           "source_id",  "batch_id", "position",  "external_id",
                "content_hash", "occurrence", "raw",      "visibility"};
    return ForEachRecord(db, PublicRowsAccess::Dicts(store), reader, fn);
  }
  MEMORIA_ASSIGN_OR_RETURN(Statement st, db->Prepare(query->sql));
  int key_column = -1;
  for (int i = 0; i < st.ColumnCount(); ++i) {
    columns->emplace_back(st.ColumnName(i));
    if (columns->back() == query->key) key_column = i;
  }
  if (key_column < 0) return InternalError("no key column in " + std::string(table));
  PublicRow row;
  std::string scratch;
  while (true) {
    MEMORIA_ASSIGN_OR_RETURN(bool more, st.Step());
    if (!more) break;
    row.key = st.ColumnInt(key_column);
    Json values = Json::array();
    for (int i = 0; i < st.ColumnCount(); ++i) values.push_back(ColumnValue(st, i));
    row.values = Dump(values);
    MEMORIA_RETURN_IF_ERROR(fn(row));
  }
  return Status();
}

namespace {

// The tables a statement reads, through views too: SQLite asks the
// authorizer about every column it reads while preparing.
int CollectReads(void* arg, int action, const char* table, const char*, const char*, const char*) {
  if (action == SQLITE_READ && table != nullptr && *table != '\0') {
    static_cast<std::set<std::string>*>(arg)->insert(table);
  }
  return SQLITE_OK;
}

Status AddTablesRead(Database* db, std::string_view sql, std::set<std::string>* read) {
  sqlite3_set_authorizer(db->raw(), CollectReads, read);
  sqlite3_stmt* st = nullptr;
  const int rc =
      sqlite3_prepare_v2(db->raw(), sql.data(), static_cast<int>(sql.size()), &st, nullptr);
  sqlite3_finalize(st);
  sqlite3_set_authorizer(db->raw(), nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteStatus(rc, db->raw(), sql);
  return Status();
}

// Tables outside the ledger's digest that a public query may read
// (store/internal/ledger.h): derived, so changed by no entry of their own.
constexpr std::string_view kOutsideDigest[] = {"register_versions", "register_events"};

}  // namespace

Result<LedgerPosition> LastLedgerEntry(Store* store) {
  Database* db = PublicRowsAccess::Db(store);
  MEMORIA_ASSIGN_OR_RETURN(Statement st,
                           db->Prepare("SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1"));
  LedgerPosition at;
  MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (row) {
    at.seq = st.ColumnInt(0);
    const std::string_view hash = st.ColumnText(1);
    at.hash = ToHex(reinterpret_cast<const uint8_t*>(hash.data()), hash.size());
  }
  return at;
}

Result<std::optional<std::vector<LedgerEntryText>>> LedgerEntriesSince(
    Store* store, const LedgerPosition& since) {
  using Entries = std::optional<std::vector<LedgerEntryText>>;
  Database* db = PublicRowsAccess::Db(store);
  if (since.seq <= 0) return Entries();
  MEMORIA_ASSIGN_OR_RETURN(Statement at, db->Prepare("SELECT hash FROM ledger WHERE seq = ?1"));
  at.Bind(1, since.seq);
  MEMORIA_ASSIGN_OR_RETURN(bool found, at.Step());
  if (!found) return Entries();
  const std::string_view hash = at.ColumnText(0);
  if (ToHex(reinterpret_cast<const uint8_t*>(hash.data()), hash.size()) != since.hash) {
    return Entries();
  }
  MEMORIA_ASSIGN_OR_RETURN(
      Statement entries, db->Prepare("SELECT kind, body FROM ledger WHERE seq > ?1 ORDER BY seq"));
  entries.Bind(1, since.seq);
  std::vector<LedgerEntryText> out;
  while (true) {
    MEMORIA_ASSIGN_OR_RETURN(bool row, entries.Step());
    if (!row) break;
    out.push_back({entries.ColumnString(0), entries.ColumnString(1)});
  }
  return Entries(std::move(out));
}

Result<std::optional<std::set<std::string>>> PublicTablesChangedSince(Store* store,
                                                                      const LedgerPosition& since) {
  using Changed = std::optional<std::set<std::string>>;
  MEMORIA_ASSIGN_OR_RETURN(Reader * reader, store->ReaderFor(Visibility::kPublic));
  (void)reader;  // its views are what the queries read
  Database* db = PublicRowsAccess::Db(store);
  MEMORIA_ASSIGN_OR_RETURN(std::optional<std::vector<LedgerEntryText>> entries,
                           LedgerEntriesSince(store, since));
  if (!entries.has_value()) return Changed();
  // The tables each entry since names in its "rows" (every table it
  // inserted into, deleted from or updated).
  std::set<std::string> touched;
  const bool any = !entries->empty();
  for (const LedgerEntryText& entry : *entries) {
    const Json body = Json::parse(entry.body, nullptr, false);
    if (entry.kind == "genesis" || !body.is_object() || !body.contains("rows") ||
        !body["rows"].is_object()) {
      return Changed();
    }
    for (const auto& [table, counts] : body["rows"].items()) touched.insert(table);
  }
  std::set<std::string> changed;
  if (!any) return Changed(std::move(changed));
  for (std::string_view t : kOutsideDigest) touched.insert(std::string(t));
  // A record's content is redacted by the hidden facts of the persons who
  // hold it, read by Reader::GetPerson: the records depend on every table
  // any public query reads, and on the sealed values.
  std::set<std::string> all{"sealed_values"};
  std::map<std::string_view, std::set<std::string>> reads;
  for (const TableQuery& q : kQueries) {
    MEMORIA_RETURN_IF_ERROR(AddTablesRead(db, q.sql, &reads[q.table]));
    all.insert(reads[q.table].begin(), reads[q.table].end());
  }
  reads["records"] = all;
  for (const auto& [table, read] : reads) {
    for (const std::string& t : read) {
      if (touched.contains(t)) {
        changed.insert(std::string(table));
        break;
      }
    }
  }
  return Changed(std::move(changed));
}

struct PublicRowLoader::Impl {
  Database* db = nullptr;
  bool open = false;
  // One INSERT per table, for the columns it was prepared with.
  std::map<std::string, std::pair<std::vector<std::string>, Statement>, std::less<>> inserts;
  std::map<std::string, std::set<std::string>, std::less<>> known_columns;

  Result<Statement*> InsertFor(std::string_view table, std::span<const std::string> columns) {
    auto found = inserts.find(table);
    if (found != inserts.end() &&
        std::equal(columns.begin(), columns.end(), found->second.first.begin(),
                   found->second.first.end())) {
      return &found->second.second;
    }
    if (QueryOf(table) == nullptr) {
      return InvalidArgumentError("not a public table: " + std::string(table));
    }
    auto& known = known_columns[std::string(table)];
    if (known.empty()) {
      MEMORIA_ASSIGN_OR_RETURN(Statement info,
                               db->Prepare("SELECT name FROM pragma_table_info(?1)"));
      info.Bind(1, table);
      while (true) {
        MEMORIA_ASSIGN_OR_RETURN(bool row, info.Step());
        if (!row) break;
        known.insert(info.ColumnString(0));
      }
    }
    std::string sql = "INSERT INTO main." + std::string(table) + "(";
    std::string params;
    for (size_t i = 0; i < columns.size(); ++i) {
      if (!known.contains(columns[i])) {
        return InvalidArgumentError("table " + std::string(table) + " has no column " + columns[i]);
      }
      sql += (i ? "," : "") + columns[i];
      params += i ? ",?" : "?";
    }
    sql += ") VALUES(" + params + ")";
    MEMORIA_ASSIGN_OR_RETURN(Statement st, db->Prepare(sql));
    auto& slot = inserts[std::string(table)];
    slot = {std::vector<std::string>(columns.begin(), columns.end()), std::move(st)};
    return &slot.second;
  }
};

PublicRowLoader::PublicRowLoader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

PublicRowLoader::~PublicRowLoader() {
  if (impl_ && impl_->open) {
    impl_->inserts.clear();
    (void)impl_->db->Exec("ROLLBACK");
  }
}

Result<std::unique_ptr<PublicRowLoader>> PublicRowLoader::Begin(Store* store) {
  auto impl = std::make_unique<Impl>();
  impl->db = PublicRowsAccess::Db(store);
  MEMORIA_RETURN_IF_ERROR(impl->db->Exec("BEGIN IMMEDIATE"));
  impl->open = true;
  // Places name their parents, which may come later in id order.
  MEMORIA_RETURN_IF_ERROR(impl->db->Exec("PRAGMA defer_foreign_keys = ON"));
  return std::unique_ptr<PublicRowLoader>(new PublicRowLoader(std::move(impl)));
}

Status PublicRowLoader::Add(std::string_view table, std::span<const std::string> columns,
                            std::string_view values) {
  MEMORIA_ASSIGN_OR_RETURN(Statement * st, impl_->InsertFor(table, columns));
  Json row = Json::parse(values, nullptr, /*allow_exceptions=*/false);
  if (!row.is_array() || row.size() != columns.size()) {
    return InvalidArgumentError("a row of " + std::string(table) + " is not an array of " +
                                std::to_string(columns.size()) + " values");
  }
  st->Reset();
  for (size_t i = 0; i < row.size(); ++i) {
    const Json& v = row[i];
    const int at = static_cast<int>(i) + 1;
    if (v.is_null()) {
      st->BindNull(at);
    } else if (v.is_number_integer()) {
      st->Bind(at, v.get<int64_t>());
    } else if (v.is_number()) {
      st->Bind(at, v.get<double>());
    } else if (v.is_string()) {
      st->Bind(at, std::string_view(v.get_ref<const std::string&>()));
    } else if (v.is_object() && v.contains("hex") && v["hex"].is_string()) {
      std::string bytes;
      if (!HexDecode(v["hex"].get_ref<const std::string&>(), &bytes)) {
        return InvalidArgumentError("a blob of " + std::string(table) + " is not hex");
      }
      st->BindBlob(at, bytes.data(), bytes.size());
    } else {
      return InvalidArgumentError("a value of " + std::string(table) + " has no column type");
    }
  }
  return st->Run().Annotate(std::string(table));
}

Status PublicRowLoader::Commit() {
  impl_->inserts.clear();
  MEMORIA_RETURN_IF_ERROR(impl_->db->Exec("COMMIT"));
  impl_->open = false;
  return Status();
}

}  // namespace memoria::store
