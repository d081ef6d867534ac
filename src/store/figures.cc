#include "store/figures.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "store/internal/reader_util.h"
#include "store/internal/sqlite.h"
#include "store/internal/visibility_rule.h"

namespace memoria::store {

namespace {

using Json = nlohmann::ordered_json;
constexpr int kFormatVersion = 1;

std::string Hex(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

bool SameSource(const SourceRow& a, const SourceRow& b) {
  return a.id == b.id && a.key == b.key && a.title == b.title && a.profile == b.profile &&
         a.citation == b.citation && a.language == b.language && a.licence == b.licence &&
         a.created_at == b.created_at && a.records == b.records && a.persons == b.persons;
}

Json ToJson(int ceiling, uint64_t data_version, const SiteFigures& f) {
  Json j = Json::object();
  j["format"] = kFormatVersion;
  j["ceiling"] = ceiling;
  j["data_version"] = Hex(data_version);
  j["persons"] = f.stats.persons;
  j["records"] = f.stats.records;
  j["sources"] = f.stats.sources;
  Json months = Json::array();
  for (const MonthCount& m : f.months) months.push_back({m.month, m.arrests, m.executions});
  j["months"] = std::move(months);
  Json sources = Json::array();
  for (const SourceRow& s : f.sources) {
    sources.push_back({{"id", s.id},
                       {"key", s.key},
                       {"title", s.title},
                       {"profile", s.profile},
                       {"citation", s.citation},
                       {"language", s.language},
                       {"licence", s.licence},
                       {"created_at", s.created_at},
                       {"records", s.records},
                       {"persons", s.persons}});
  }
  j["source_rows"] = std::move(sources);
  return j;
}

// Throws nlohmann's exceptions on a wrong type; the caller catches them.
SiteFigures FromJson(const Json& j) {
  SiteFigures f;
  f.stats.persons = j.at("persons").get<int64_t>();
  f.stats.records = j.at("records").get<int64_t>();
  f.stats.sources = j.at("sources").get<int64_t>();
  for (const Json& m : j.at("months")) {
    f.months.push_back({m.at(0).get<int32_t>(), m.at(1).get<int64_t>(), m.at(2).get<int64_t>()});
  }
  for (const Json& s : j.at("source_rows")) {
    SourceRow r;
    r.id = s.at("id").get<int64_t>();
    r.key = s.at("key").get<std::string>();
    r.title = s.at("title").get<std::string>();
    r.profile = s.at("profile").get<std::string>();
    r.citation = s.at("citation").get<std::string>();
    r.language = s.at("language").get<std::string>();
    r.licence = s.at("licence").get<std::string>();
    r.created_at = s.at("created_at").get<std::string>();
    r.records = s.at("records").get<int64_t>();
    r.persons = s.at("persons").get<int64_t>();
    f.sources.push_back(std::move(r));
  }
  return f;
}

}  // namespace

bool operator==(const SiteFigures& a, const SiteFigures& b) {
  if (a.stats.persons != b.stats.persons || a.stats.records != b.stats.records ||
      a.stats.sources != b.stats.sources || a.months.size() != b.months.size() ||
      a.sources.size() != b.sources.size()) {
    return false;
  }
  for (size_t i = 0; i < a.months.size(); ++i) {
    if (a.months[i].month != b.months[i].month || a.months[i].arrests != b.months[i].arrests ||
        a.months[i].executions != b.months[i].executions) {
      return false;
    }
  }
  for (size_t i = 0; i < a.sources.size(); ++i) {
    if (!SameSource(a.sources[i], b.sources[i])) return false;
  }
  return true;
}

// The Store and connection a Reader reads on (the ledger, the import
// batches and the highest ids, read in the same snapshot as the views), and
// the Reader's rule and source rows for the count below.
struct FiguresAccess {
  static Store* StoreOf(Reader* reader) { return reader->store_; }
  static Database* Db(Reader* reader) { return reader->store_->db(); }
  static Result<const VisibilityRule*> Rule(Reader* reader) { return reader->Rule(); }
  static Result<std::vector<SourceRow>> NotedSources(Reader* reader,
                                                     const Reader::SourceCounts& counts) {
    return reader->NotedSources(counts);
  }
};

namespace {

using reader_internal::EachRow;

// Above these highest ids the count's per-row tables (a byte a person, four
// bytes a record: at most 160 MiB, for ids put in by hand far above the
// rows' count) are not built: the views count instead.
constexpr int64_t kMaxCountedId = int64_t{1} << 25;

// The highest id of "table" (0 when empty); -1 when an id is below 1 (a
// row put in by hand), which the per-row tables do not hold.
Result<int64_t> HighestId(Database* db, std::string_view table) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st, db->Prepare(fmt::format("SELECT (SELECT coalesce(min(id), 1) FROM main.{0}),"
                                            " (SELECT coalesce(max(id), 0) FROM main.{0})",
                                            table)));
  MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return int64_t{0};
  return st.ColumnInt(0) < 1 ? -1 : st.ColumnInt(1);
}

// The ids of every row of "table" (sources, import batches: a few).
Result<std::unordered_set<int64_t>> AllIds(Database* db, std::string_view table) {
  MEMORIA_ASSIGN_OR_RETURN(Statement st, db->Prepare("SELECT id FROM main." + std::string(table)));
  std::unordered_set<int64_t> out;
  MEMORIA_RETURN_IF_ERROR(EachRow(&st, [&](Statement& r) {
    out.insert(r.ColumnInt(0));
    return Status();
  }));
  return out;
}

// The site's figures of the whole archive, counted by one pass in row
// order over each of persons, records, names, events and person_records,
// with the views' rule (store/internal/visibility_rule.h) applied here:
// the same counts as GetHeadlineStats, MonthlyCounts and Sources with no
// floor, whose statements join every row to its record, source, batch,
// claim and person and test each event's person for a visible name (about
// 12 s at a million persons, against about 1.5 s for the passes). nullopt
// when an id is too high for the per-row tables (kMaxCountedId).
Result<std::optional<SiteFigures>> CountByPasses(Reader* reader) {
  Database* db = FiguresAccess::Db(reader);
  MEMORIA_ASSIGN_OR_RETURN(const VisibilityRule* rule, FiguresAccess::Rule(reader));
  MEMORIA_ASSIGN_OR_RETURN(const int64_t last_person, HighestId(db, "persons"));
  MEMORIA_ASSIGN_OR_RETURN(const int64_t last_record, HighestId(db, "records"));
  if (last_person < 0 || last_record < 0 || last_person > kMaxCountedId ||
      last_record > kMaxCountedId) {
    return std::optional<SiteFigures>();
  }
  // Each pass reads its table once: through a page cache of a few pages,
  // not the connection's own, whose growth to hundreds of megabytes would
  // cost more than the reading (1.2 s against 0.2 s for the records of a
  // million persons). Its size is set back afterwards.
  MEMORIA_ASSIGN_OR_RETURN(const int64_t cache_size, db->QueryInt("PRAGMA cache_size"));
  MEMORIA_RETURN_IF_ERROR(db->Exec("PRAGMA cache_size = -2048"));
  struct CacheBack {
    Database* db;
    int64_t size;
    ~CacheBack() { db->Exec("PRAGMA cache_size = " + std::to_string(size)).IgnoreError(); }
  } cache_back{db, cache_size};
  MEMORIA_ASSIGN_OR_RETURN(const std::unordered_set<int64_t> sources, AllIds(db, "sources"));
  MEMORIA_ASSIGN_OR_RETURN(const std::unordered_set<int64_t> batches, AllIds(db, "import_batches"));
  SiteFigures f;

  // Each record: not there, there but hiding what rests on it, showing
  // what rests on it, or visible itself (visible_records: its source and
  // batch there too), then as the index of its source in "source_ids" + 3.
  enum : int32_t { kNoRecord = 0, kHidingRecord = 1, kShowingRecord = 2, kFirstVisible = 3 };
  std::vector<int32_t> record(static_cast<size_t>(last_record) + 1, kNoRecord);
  std::vector<int64_t> source_ids;
  std::unordered_map<int64_t, int32_t> source_index;
  Reader::SourceCounts counts;
  {
    MEMORIA_ASSIGN_OR_RETURN(
        Statement st, db->Prepare("SELECT id, visibility, source_id, batch_id FROM main.records"));
    MEMORIA_RETURN_IF_ERROR(EachRow(&st, [&](Statement& r) {
      const int64_t id = r.ColumnInt(0);
      if (id < 1 || id > last_record) return Status();
      const int64_t source = r.ColumnInt(2);
      if (!rule->RecordVisible(r.ColumnInt(1), source, r.ColumnInt(3))) {
        record[static_cast<size_t>(id)] = kHidingRecord;
      } else if (sources.count(source) == 0 || batches.count(r.ColumnInt(3)) == 0) {
        record[static_cast<size_t>(id)] = kShowingRecord;
      } else {
        auto [it, added] = source_index.emplace(source, static_cast<int32_t>(source_ids.size()));
        if (added) source_ids.push_back(source);
        record[static_cast<size_t>(id)] = kFirstVisible + it->second;
        ++counts[source].first;
        ++f.stats.records;
      }
      return Status();
    }));
  }
  // A fact's provenance (column "col": its record, col + 1: its claim).
  auto provenance_shown = [&](const Statement& row, int col) {
    if (!rule->ClaimShown(row, col + 1)) return false;
    if (row.ColumnIsNull(col)) return true;
    const int64_t id = row.ColumnInt(col);
    return id < 1 || id > last_record || record[static_cast<size_t>(id)] != kHidingRecord;
  };

  // Each person: open (visibility and not retracted), not merged into
  // another, with a visible name.
  enum : uint8_t { kOpen = 1, kNotMerged = 2, kNamed = 4 };
  std::vector<uint8_t> person(static_cast<size_t>(last_person) + 1, 0);
  auto flags = [&](int64_t id) -> uint8_t {
    return id < 1 || id > last_person ? 0 : person[static_cast<size_t>(id)];
  };
  {
    MEMORIA_ASSIGN_OR_RETURN(Statement st,
                             db->Prepare("SELECT id, redirect_to IS NULL, visibility,"
                                         " retracted_by IS NOT NULL FROM main.persons"));
    MEMORIA_RETURN_IF_ERROR(EachRow(&st, [&](Statement& r) {
      const int64_t id = r.ColumnInt(0);
      if (id < 1 || id > last_person) return Status();
      uint8_t v = 0;
      if (rule->Open(r.ColumnInt(2), r.ColumnInt(3) != 0)) v |= kOpen;
      if (r.ColumnInt(1) != 0) v |= kNotMerged;
      person[static_cast<size_t>(id)] = v;
      return Status();
    }));
  }
  {
    MEMORIA_ASSIGN_OR_RETURN(Statement st,
                             db->Prepare("SELECT person_id, record_id, claim_id, visibility,"
                                         " retracted_by IS NOT NULL FROM main.names"));
    MEMORIA_RETURN_IF_ERROR(EachRow(&st, [&](Statement& r) {
      const int64_t id = r.ColumnInt(0);
      if ((flags(id) & (kOpen | kNamed)) != kOpen) return Status();  // hidden, or named already
      if (!rule->Open(r.ColumnInt(3), r.ColumnInt(4) != 0) || !provenance_shown(r, 1)) {
        return Status();
      }
      person[static_cast<size_t>(id)] |= kNamed;
      return Status();
    }));
  }
  constexpr uint8_t kVisible = kOpen | kNotMerged | kNamed;
  for (uint8_t v : person) f.stats.persons += (v & kVisible) == kVisible ? 1 : 0;

  // Arrests and executions known to the month, of a person with a visible
  // name (merged or not, as visible_events has it).
  {
    // By the month as SQLite computes it (64 bits), as the views group.
    std::map<int64_t, MonthCount> months;
    MEMORIA_ASSIGN_OR_RETURN(
        Statement st,
        db->Prepare("SELECT person_id, record_id, claim_id, visibility, retracted_by IS NOT NULL,"
                    " date_min / 100, type = 'arrest' FROM main.events"
                    // "+type": the rows in their order, not each found from
                    // the (type, date) index in random order.
                    " WHERE (+type = 'arrest' OR +type = 'execution') AND date_min IS NOT NULL"
                    " AND date_min / 100 = date_max / 100"));
    MEMORIA_RETURN_IF_ERROR(EachRow(&st, [&](Statement& r) {
      if ((flags(r.ColumnInt(0)) & (kOpen | kNamed)) != (kOpen | kNamed)) return Status();
      if (!rule->Open(r.ColumnInt(3), r.ColumnInt(4) != 0) || !provenance_shown(r, 1)) {
        return Status();
      }
      const int64_t month = r.ColumnInt(5);
      MonthCount& m = months[month];
      m.month = static_cast<int32_t>(month);
      ++(r.ColumnInt(6) != 0 ? m.arrests : m.executions);
      return Status();
    }));
    for (const auto& [month, m] : months) f.months.push_back(m);
  }

  // The visible persons of each source: person_records in (person,
  // record) order, so each person's sources are counted once together. The
  // ORDER BY is the table's own key (no sort); without it SQLite reads the
  // narrower (record) index, and a person's rows come apart.
  {
    MEMORIA_ASSIGN_OR_RETURN(Statement st,
                             db->Prepare("SELECT person_id, record_id FROM main.person_records"
                                         " ORDER BY person_id, record_id"));
    int64_t current = 0;
    std::vector<int32_t> seen;  // the current person's sources, by index
    auto flush = [&] {
      std::sort(seen.begin(), seen.end());
      seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
      for (int32_t s : seen) ++counts[source_ids[static_cast<size_t>(s)]].second;
      seen.clear();
    };
    MEMORIA_RETURN_IF_ERROR(EachRow(&st, [&](Statement& r) {
      const int64_t id = r.ColumnInt(0);
      if (id != current) {
        flush();
        current = id;
      }
      if ((flags(id) & kVisible) != kVisible) return Status();
      const int64_t rec = r.ColumnInt(1);
      if (rec < 1 || rec > last_record) return Status();
      const int32_t state = record[static_cast<size_t>(rec)];
      if (state >= kFirstVisible) seen.push_back(state - kFirstVisible);
      return Status();
    }));
    flush();
  }
  MEMORIA_ASSIGN_OR_RETURN(f.sources, FiguresAccess::NotedSources(reader, counts));
  f.stats.sources = static_cast<int64_t>(f.sources.size());
  return std::optional<SiteFigures>(std::move(f));
}

}  // namespace

Result<SiteFigures> ComputeSiteFigures(Reader* reader, uint64_t* data_version) {
  // One snapshot: the reads count the same archive, at the version read.
  MEMORIA_ASSIGN_OR_RETURN(Reader::Snapshot snapshot, reader->BeginSnapshot());
  if (data_version != nullptr) {
    MEMORIA_ASSIGN_OR_RETURN(*data_version, reader->DataVersion());
  }
  MEMORIA_ASSIGN_OR_RETURN(std::optional<SiteFigures> counted, CountByPasses(reader));
  if (counted.has_value()) return std::move(*counted);
  return CountSiteFiguresWithViews(reader);
}

Result<SiteFigures> CountSiteFiguresWithViews(Reader* reader) {
  MEMORIA_ASSIGN_OR_RETURN(Reader::Snapshot snapshot, reader->BeginSnapshot());
  SiteFigures f;
  MEMORIA_ASSIGN_OR_RETURN(f.stats, reader->GetHeadlineStats());
  MEMORIA_ASSIGN_OR_RETURN(f.months, reader->MonthlyCounts());
  MEMORIA_ASSIGN_OR_RETURN(f.sources, reader->Sources());
  return f;
}

std::string SiteFiguresPath(Reader* reader) {
  if (reader->archive_dir().empty()) return "";
  return (std::filesystem::path(reader->archive_dir()) /
          ("site-figures-" + std::to_string(static_cast<int>(reader->ceiling())) + ".json"))
      .string();
}

std::optional<SiteFigures> LoadSiteFigures(Reader* reader, uint64_t data_version) {
  const std::string path = SiteFiguresPath(reader);
  if (path.empty()) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return std::nullopt;
  try {
    if (j.at("format").get<int>() != kFormatVersion ||
        j.at("ceiling").get<int>() != static_cast<int>(reader->ceiling()) ||
        j.at("data_version").get<std::string>() != Hex(data_version)) {
      return std::nullopt;
    }
    return FromJson(j);
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;  // damaged: computed again
  }
}

Status SaveSiteFigures(Reader* reader, uint64_t data_version, const SiteFigures& figures) {
  const std::string path = SiteFiguresPath(reader);
  if (path.empty()) return Status();
  const std::string text = ToJson(static_cast<int>(reader->ceiling()), data_version, figures)
                               .dump(-1, ' ', false, Json::error_handler_t::replace) +
                           "\n";
  // A temporary file of this process, renamed over the old one: a reader
  // sees the old file or the new one, never a part.
  const std::string tmp = path + ".tmp" + std::to_string(::getpid()) + "-" +
                          std::to_string(std::hash<std::thread::id>()(std::this_thread::get_id()));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return UnavailableError("cannot write " + tmp);
    out << text;
    out.close();
    if (!out) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      return UnavailableError("cannot write " + tmp);
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return UnavailableError("cannot write " + path + ": " + ec.message());
  }
  return Status();
}

namespace {

// Tables an import writes that the figures' views read or that hold nothing
// they count; an entry that wrote any other table is not added up.
constexpr std::string_view kImportTables[] = {
    "sources", "import_batches", "records",      "record_dicts", "record_layouts",
    "persons", "person_records", "names",        "events",       "attributes",
    "places",  "place_names",    "sealed_values"};

// Each import batch up to "last" as "id:retracted," (the only column of a
// batch the views read).
Result<std::string> BatchStates(Database* db, int64_t last) {
  MEMORIA_ASSIGN_OR_RETURN(Statement st,
                           db->Prepare("SELECT id, retracted_at IS NOT NULL FROM import_batches"
                                       " WHERE id <= ?1 ORDER BY id"));
  st.Bind(1, last);
  std::string out;
  while (true) {
    MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out += std::to_string(st.ColumnInt(0)) + ":" + std::to_string(st.ColumnInt(1)) + ",";
  }
  return out;
}

// Whether everything written since "base" is one import that only inserted
// rows of kImportTables, and updated only rows it added: its own batches'
// (BatchStates checks the others), and the records and persons of its own
// batch when the import raised their visibility (memoria import
// --visibility: a "visibility" note of that batch in the same entry). None
// of the rows is a name, event or person's record of a person the base
// counted. The rows the base counted are then unchanged and count the same
// in the views; the counts above its floor are what changed.
Result<bool> OnlyAddedSince(Reader* reader, const FiguresBase& base) {
  Database* db = FiguresAccess::Db(reader);
  MEMORIA_ASSIGN_OR_RETURN(std::optional<std::vector<LedgerEntryText>> entries,
                           LedgerEntriesSince(FiguresAccess::StoreOf(reader), base.ledger));
  if (!entries.has_value() || entries->size() != 1) return false;  // none, or a second write
  const LedgerEntryText& entry = entries->front();
  const Json body = Json::parse(entry.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("rows") || !body["rows"].is_object()) return false;
  // The entry's notes: "changes" when it noted several, else the body.
  std::vector<Json> notes;
  if (body.contains("changes")) {
    if (!body["changes"].is_array()) return false;
    notes.assign(body["changes"].begin(), body["changes"].end());
  } else {
    notes.push_back(body);
    notes.back()["kind"] = entry.kind;
  }
  std::set<int64_t> imported;  // the batches of the entry, all new
  bool raised = false;         // a batch of them raised above public
  for (const Json& note : notes) {
    if (!note.is_object() || !note.contains("kind") || !note.contains("batch") ||
        !note["batch"].is_number_integer()) {
      return false;
    }
    const int64_t batch = note["batch"].get<int64_t>();
    if (note["kind"] == "import" && batch > base.last_batch) {
      imported.insert(batch);
    } else if (note["kind"] == "visibility" && imported.contains(batch)) {
      raised = true;
    } else {
      return false;
    }
  }
  int64_t person_records_added = 0;
  for (const auto& [table, counts] : body["rows"].items()) {
    if (std::find(std::begin(kImportTables), std::end(kImportTables), table) ==
        std::end(kImportTables)) {
      return false;
    }
    if (!counts.is_array() || counts.size() != 2 || !counts[0].is_number_integer() ||
        !counts[1].is_number_integer()) {
      return false;
    }
    const bool may_update =
        table == "import_batches" || (raised && (table == "persons" || table == "records"));
    if (counts[1].get<int64_t>() != 0 && !may_update) return false;
    if (table == "person_records") person_records_added = counts[0].get<int64_t>();
  }
  MEMORIA_ASSIGN_OR_RETURN(std::string batches, BatchStates(db, base.last_batch));
  if (batches != base.batches) return false;
  // Every name, event and person's record added is of a person added
  // ("+person_id": the rows above the floor by their ids, not a walk of
  // every earlier person's in the person indexes).
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st, db->Prepare("SELECT EXISTS (SELECT 1 FROM names"
                                " WHERE id > ?1 AND +person_id <= ?3)"
                                " OR EXISTS (SELECT 1 FROM events"
                                " WHERE id > ?2 AND +person_id <= ?3),"
                                " (SELECT count(*) FROM person_records WHERE person_id > ?3)"));
  st.Bind(1, base.last_name).Bind(2, base.floor.events).Bind(3, base.floor.persons);
  MEMORIA_ASSIGN_OR_RETURN(bool counted, st.Step());
  return counted && st.ColumnInt(0) == 0 && st.ColumnInt(1) == person_records_added;
}

// "base" plus "added" (the counts above its floor, every visible source).
SiteFigures Sum(const SiteFigures& base, SiteFigures added) {
  SiteFigures out;
  out.stats.persons = base.stats.persons + added.stats.persons;
  out.stats.records = base.stats.records + added.stats.records;
  out.stats.sources = base.stats.sources + added.stats.sources;
  std::map<int32_t, MonthCount> months;
  for (const std::vector<MonthCount>* list : {&base.months, &std::as_const(added.months)}) {
    for (const MonthCount& m : *list) {
      MonthCount& sum = months.try_emplace(m.month, MonthCount{m.month, 0, 0}).first->second;
      sum.arrests += m.arrests;
      sum.executions += m.executions;
    }
  }
  for (const auto& [month, m] : months) out.months.push_back(m);
  std::unordered_map<int64_t, const SourceRow*> before;
  for (const SourceRow& s : base.sources) before[s.id] = &s;
  out.sources = std::move(added.sources);
  for (SourceRow& s : out.sources) {
    auto it = before.find(s.id);
    if (it == before.end()) continue;
    s.records += it->second->records;
    s.persons += it->second->persons;
  }
  return out;
}

// The base's ledger position, highest ids and batches, read in the
// caller's snapshot; ledger.seq 0 when the archive has no ledger.
Status ReadBase(Reader* reader, FiguresBase* base) {
  MEMORIA_ASSIGN_OR_RETURN(base->ledger, LastLedgerEntry(FiguresAccess::StoreOf(reader)));
  Database* db = FiguresAccess::Db(reader);
  MEMORIA_ASSIGN_OR_RETURN(Statement st,
                           db->Prepare("SELECT (SELECT coalesce(max(id), 0) FROM persons),"
                                       " (SELECT coalesce(max(id), 0) FROM records),"
                                       " (SELECT coalesce(max(id), 0) FROM sources),"
                                       " (SELECT coalesce(max(id), 0) FROM events),"
                                       " (SELECT coalesce(max(id), 0) FROM names),"
                                       " (SELECT coalesce(max(id), 0) FROM import_batches)"));
  MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
  if (row) {
    base->floor = RowFloor{st.ColumnInt(0), st.ColumnInt(1), st.ColumnInt(2), st.ColumnInt(3)};
    base->last_name = st.ColumnInt(4);
    base->last_batch = st.ColumnInt(5);
  }
  MEMORIA_ASSIGN_OR_RETURN(base->batches, BatchStates(db, base->last_batch));
  return Status();
}

}  // namespace

Result<std::optional<FiguresBase>> NoteFiguresBase(Reader* reader) {
  MEMORIA_ASSIGN_OR_RETURN(Reader::Snapshot snapshot, reader->BeginSnapshot());
  FiguresBase base;
  MEMORIA_ASSIGN_OR_RETURN(base.data_version, reader->DataVersion());
  std::optional<SiteFigures> kept = LoadSiteFigures(reader, base.data_version);
  if (!kept.has_value()) return std::optional<FiguresBase>();
  base.figures = std::move(*kept);
  MEMORIA_RETURN_IF_ERROR(ReadBase(reader, &base));
  // Without a ledger nothing says what changed.
  if (base.ledger.seq == 0) return std::optional<FiguresBase>();
  return std::optional<FiguresBase>(std::move(base));
}

Result<FiguresBase> CurrentFigures(Reader* reader, const FiguresBase* previous,
                                   FiguresUpdate* how) {
  MEMORIA_ASSIGN_OR_RETURN(Reader::Snapshot snapshot, reader->BeginSnapshot());
  FiguresBase out;
  MEMORIA_ASSIGN_OR_RETURN(out.data_version, reader->DataVersion());
  if (previous != nullptr && previous->data_version == out.data_version) {
    *how = FiguresUpdate::kKept;
    return *previous;
  }
  std::optional<SiteFigures> kept = LoadSiteFigures(reader, out.data_version);
  bool only_added = false;
  if (!kept.has_value() && previous != nullptr && previous->ledger.seq > 0) {
    MEMORIA_ASSIGN_OR_RETURN(only_added, OnlyAddedSince(reader, *previous));
  }
  if (kept.has_value()) {
    out.figures = std::move(*kept);
    *how = FiguresUpdate::kKept;
  } else if (only_added) {
    SiteFigures added;
    MEMORIA_ASSIGN_OR_RETURN(added.stats, reader->GetHeadlineStats(previous->floor));
    MEMORIA_ASSIGN_OR_RETURN(added.months, reader->MonthlyCounts(previous->floor));
    MEMORIA_ASSIGN_OR_RETURN(added.sources, reader->Sources(previous->floor));
    out.figures = Sum(previous->figures, std::move(added));
    *how = FiguresUpdate::kAdded;
  } else {
    MEMORIA_ASSIGN_OR_RETURN(out.figures, ComputeSiteFigures(reader));
    *how = FiguresUpdate::kComputed;
  }
  MEMORIA_RETURN_IF_ERROR(ReadBase(reader, &out));
  return out;
}

Result<FiguresUpdate> UpdateSiteFigures(Reader* reader, const std::optional<FiguresBase>& base) {
  FiguresUpdate how = FiguresUpdate::kComputed;
  MEMORIA_ASSIGN_OR_RETURN(FiguresBase now,
                           CurrentFigures(reader, base.has_value() ? &*base : nullptr, &how));
  if (how != FiguresUpdate::kKept) {
    MEMORIA_RETURN_IF_ERROR(SaveSiteFigures(reader, now.data_version, now.figures));
  }
  return how;
}

}  // namespace memoria::store
