#include "cli/commands.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/batch.h"
#include "core/text.h"
#include "export/export.h"
#include "ingest/csv.h"
#include "ingest/ingest.h"
#include "query/query.h"
#include "search/search.h"
#include "store/reader.h"
#include "store/store.h"
#include "synth/generator.h"
#include "web/server.h"

namespace memoria::cli {

namespace {

// Parses a --visibility value: the ceiling a command reads at.
Result<store::Visibility> ParseVisibility(std::string_view text) {
  if (text == "public") return store::Visibility::kPublic;
  if (text == "restricted") return store::Visibility::kRestricted;
  if (text == "confidential") return store::Visibility::kConfidential;
  return InvalidArgumentError("--visibility must be public, restricted or confidential");
}


using nlohmann::ordered_json;

constexpr const char* kUsage = R"(memoria — an archive engine for documenting political repression

usage:
  memoria init DIR
  memoria import DIR --profile memorial-lists|mos-memo|openlist|csv|places [--mapping FILE]
                 [--append-to SOURCE_KEY] [--dry-run] [--quiet] FILE...
  memoria batch list DIR [--json]
  memoria batch undo DIR BATCH_ID
  memoria generate --rows N --seed S --out FILE.tsv [--truth FILE] [--duplicates SHARE]
                   [--places RENAMINGS.csv] [--buildings BUILDINGS.csv]
  memoria search DIR [QUERY] [--limit N] [--offset N] [--born YEARS] [--died YEARS] [--place TEXT]
                 [--event TYPE] [--from DATE] [--to DATE] [--source ID] [--exact] [--json]
                 (YEARS: 1899, 1890..1900, ..1900 or 1900..; DATE: 1937, 1937-08, 1937-08-05;
                  a QUERY word ending in * is a prefix: Кузьм*; --exact: exact spelling or
                  transliteration only, no typos or phonetic variants)
  memoria search DIR --batch FILE [--limit N] [--exact] [--json]
  memoria show DIR PERSON_ID [--json]
  memoria stats DIR [--json]
  memoria export DIR --format csv|jsonl [--bom] [--out FILE]
  memoria serve DIR [--bind ADDR] [--port N] [--threads N] [--access-log FILE|-|off]
                    [--base-url URL]
                    [--log-addresses] [--templates DIR] [--page-cache MB]
                    [--tiles URL [--tiles-attribution TEXT] [--leaflet DIR]]
  memoria help

An archive is a directory holding archive.db (SQLite). See README.md for details.
)";

int Fail(const Status& s) {
  std::fprintf(stderr, "memoria: %s\n", s.ToString().c_str());
  return 1;
}

int Usage(const std::string& message) {
  std::fprintf(stderr, "memoria: %s\n\n%s", message.c_str(), kUsage);
  return 2;
}

// Prints a one-line progress report to stderr when it is a terminal.
class ProgressLine {
 public:
  explicit ProgressLine(bool enabled) : enabled_(enabled && isatty(STDERR_FILENO)) {}
  ~ProgressLine() { Done(); }
  void Update(const std::string& label, uint64_t done, uint64_t total, int64_t rows) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(200) && done < total) return;
    last_ = now;
    double secs = std::chrono::duration<double>(now - start_).count();
    double rate = secs > 0 ? static_cast<double>(rows) / secs : 0;
    if (total > 0) {
      std::fprintf(stderr, "\r%s: %5.1f%%  %lld rows  %.0f rows/s   ", label.c_str(),
                   100.0 * static_cast<double>(done) / static_cast<double>(total),
                   static_cast<long long>(rows), rate);
    } else {
      std::fprintf(stderr, "\r%s: %lld rows  %.0f rows/s   ", label.c_str(),
                   static_cast<long long>(rows), rate);
    }
    shown_ = true;
  }
  void Done() {
    if (shown_) std::fprintf(stderr, "\n");
    shown_ = false;
  }

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

int CmdInit(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(args, 1, {}, {});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (parsed->positional.size() != 1) return Usage("init takes one directory");
  const std::string& dir = parsed->positional[0];
  auto store = store::Store::Create(dir);
  if (!store.ok()) return Fail(store.status());
  std::printf("memoria: created an empty archive in %s\n", dir.c_str());
  return 0;
}

int CmdImport(const std::vector<std::string>& args) {
  auto parsed =
      ParseArgs(args, 1, {"--profile", "--mapping", "--append-to"}, {"--dry-run", "--quiet"});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (parsed->positional.size() < 2) return Usage("import needs DIR and at least one FILE");
  if (!parsed->Has("--profile")) return Usage("import needs --profile");
  std::string dir = parsed->positional[0];
  std::vector<std::string> files(parsed->positional.begin() + 1, parsed->positional.end());
  auto store = store::Store::Open(dir);
  if (!store.ok()) return Fail(store.status());

  ingest::ImportOptions options;
  options.profile = parsed->Get("--profile");
  options.mapping_path = parsed->Get("--mapping");
  options.dry_run = parsed->Has("--dry-run");
  options.append_to = parsed->Get("--append-to");
  if (parsed->Has("--append-to") && options.append_to.empty()) {
    return Usage("--append-to needs a source key");
  }
  ProgressLine progress(!parsed->Has("--quiet"));
  options.progress = [&](const std::string& file, uint64_t done, uint64_t total, int64_t rows) {
    progress.Update(file, done, total, rows);
  };
  auto report = ingest::Import(store->get(), files, options);
  progress.Done();
  if (!report.ok()) {
    std::fprintf(stderr, "memoria: import refused, the archive is unchanged\n");
    return Fail(report.status());
  }
  int64_t rejected = 0;
  for (const ingest::FileReport& f : report->files) {
    if (f.already_imported.has_value()) {
      const store::BatchInfo& b = *f.already_imported;
      std::printf("%s: already imported as batch %lld (file %s, source %s) on %s; nothing added\n",
                  f.file.c_str(), static_cast<long long>(b.id), b.file_name.c_str(),
                  b.source_key.c_str(), b.started_at.c_str());
      continue;
    }
    std::printf(
        "%s (%s): %lld rows read, %lld records added, %lld duplicates skipped, "
        "%lld persons created, %lld names, %lld events, %lld attributes, "
        "%lld rows rejected\n",
        f.file.c_str(), f.profile.c_str(), static_cast<long long>(f.rows_read),
        static_cast<long long>(f.records_added), static_cast<long long>(f.duplicates),
        static_cast<long long>(f.persons_added), static_cast<long long>(f.names_added),
        static_cast<long long>(f.events_added), static_cast<long long>(f.attributes_added),
        static_cast<long long>(f.rows_rejected));
    for (const ingest::Rejection& r : f.rejections) {
      std::fprintf(stderr, "%s:%lld: rejected: %s\n", f.file.c_str(),
                   static_cast<long long>(r.line), r.reason.c_str());
    }
    if (f.rows_rejected > static_cast<int64_t>(f.rejections.size())) {
      std::fprintf(
          stderr, "%s: ... and %lld more rejected rows\n", f.file.c_str(),
          static_cast<long long>(f.rows_rejected - static_cast<int64_t>(f.rejections.size())));
    }
    rejected += f.rows_rejected;
  }
  size_t known = 0;
  for (const ingest::FileReport& f : report->files) known += f.already_imported.has_value();
  if (known == report->files.size()) {
    std::printf("nothing new: every file was imported before\n");
    return 0;
  }
  std::printf("%s in %.1f s%s\n", options.dry_run ? "dry run: nothing written" : "imported",
              report->seconds, rejected > 0 ? " (some rows were rejected, see above)" : "");
  return 0;
}

int CmdGenerate(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(
      args, 1, {"--rows", "--seed", "--out", "--truth", "--duplicates", "--places", "--buildings"},
      {"--quiet"});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (!parsed->positional.empty()) return Usage("generate takes no positional arguments");
  if (!parsed->Has("--out")) return Usage("generate needs --out FILE.tsv");
  auto rows = parsed->GetInt("--rows", 20000, 0, 100000000);
  if (!rows.ok()) return Usage(rows.status().message());
  auto seed = parsed->GetInt("--seed", 1, 0, INT64_MAX);
  if (!seed.ok()) return Usage(seed.status().message());
  synth::GenerateOptions options;
  options.rows = *rows;
  options.seed = static_cast<uint64_t>(*seed);
  if (parsed->Has("--duplicates")) {
    try {
      options.duplicate_share = std::stod(parsed->Get("--duplicates"));
    } catch (const std::exception&) {
      return Usage("--duplicates needs a share such as 0.1");
    }
  }
  std::ofstream out(parsed->Get("--out"), std::ios::binary);
  if (!out) return Fail(InvalidArgumentError("cannot write " + parsed->Get("--out")));
  std::ofstream truth;
  if (parsed->Has("--truth")) {
    truth.open(parsed->Get("--truth"), std::ios::binary);
    if (!truth) return Fail(InvalidArgumentError("cannot write " + parsed->Get("--truth")));
  }
  std::ofstream buildings;
  if (parsed->Has("--buildings")) {
    buildings.open(parsed->Get("--buildings"), std::ios::binary);
    if (!buildings) {
      return Fail(InvalidArgumentError("cannot write " + parsed->Get("--buildings")));
    }
  }
  if (parsed->Has("--places")) {
    std::ofstream places(parsed->Get("--places"), std::ios::binary);
    if (!places) return Fail(InvalidArgumentError("cannot write " + parsed->Get("--places")));
    Status written = synth::WriteStreetRenamings(&places);
    if (!written.ok()) return Fail(written);
  }
  ProgressLine progress(!parsed->Has("--quiet"));
  options.progress = [&](int64_t done) {
    progress.Update("generate", static_cast<uint64_t>(done), static_cast<uint64_t>(options.rows),
                    done);
  };
  Status s = synth::GenerateCorpus(options, &out, parsed->Has("--truth") ? &truth : nullptr,
                                   parsed->Has("--buildings") ? &buildings : nullptr);
  progress.Done();
  if (!s.ok()) return Fail(s);
  out.close();
  if (!out) return Fail(DataLossError("write failed: " + parsed->Get("--out")));
  std::printf("memoria: wrote %lld rows to %s\n", static_cast<long long>(options.rows),
              parsed->Get("--out").c_str());
  return 0;
}

// The sources and places of a hit, as the JSON vocabulary names them
// (docs/formats/json.md, "Search hit").
void AddFacts(const store::HitFacts& f, ordered_json* j) {
  (*j)["birth_place"] = f.birth_place;
  (*j)["death_place"] = f.death_place;
  (*j)["sources"] = ordered_json::array();
  for (const store::HitSource& s : f.sources) {
    (*j)["sources"].push_back(
        {{"source_id", s.source_id}, {"source_key", s.key}, {"source_title", s.title}});
  }
  (*j)["records"] = f.records;
}

ordered_json HitJson(const search::Hit& h) {
  ordered_json j;
  j["person_id"] = h.person_id;
  j["score"] = h.score;
  j["name"] = {{"surname", h.surname}, {"given", h.given}, {"patronymic", h.patronymic}};
  j["birth"] = h.birth;
  j["death"] = h.death;
  j["death_type"] = h.death_type;
  AddFacts(h.facts, &j);
  j["why"] = h.why;
  return j;
}

ordered_json PersonHitJson(const query::PersonHit& h) {
  ordered_json j;
  j["person_id"] = h.person.id;
  j["score"] = h.score;
  j["name"] = {{"surname", h.person.surname},
               {"given", h.person.given},
               {"patronymic", h.person.patronymic}};
  j["birth"] = h.person.birth;
  j["death"] = h.person.death;
  j["death_type"] = h.person.death_type;
  AddFacts(h.facts, &j);
  j["why"] = h.why;
  return j;
}

// One hit as a line of text: "Кузьмин Иван Петрович, born 1899 (Москва),
// executed 1937-10-05 (Бутово); 2 records: Source A, Source B".
std::string HitLine(const store::PersonSummary& p, const store::HitFacts& f) {
  std::string line = p.surname;
  if (!p.given.empty()) line += " " + p.given;
  if (!p.patronymic.empty()) line += " " + p.patronymic;
  auto life = [&](const char* word, const std::string& date, const std::string& place) {
    if (date.empty() && place.empty()) return;
    line += std::string(", ") + word;
    if (!date.empty()) line += " " + date;
    if (!place.empty()) line += " (" + place + ")";
  };
  life("born", p.birth, f.birth_place);
  life(p.death_type == "execution" ? "executed" : "died", p.death, f.death_place);
  if (f.records > 0) {
    line += "; " + std::to_string(f.records) + (f.records == 1 ? " record: " : " records: ");
    for (size_t i = 0; i < f.sources.size(); ++i) {
      if (i > 0) line += ", ";
      line += f.sources[i].title;
    }
  }
  return line;
}

// What an empty page says: nothing matched, or the offset is past the end.
std::string NothingShown(const std::string& query, int64_t total, int64_t limit) {
  if (total <= 0) return "no persons found for \"" + query + "\"";
  const int64_t last_page = (total - 1) / limit * limit;
  return "no persons on this page: " + std::to_string(total) + " found; the last offset is " +
         std::to_string(total - 1) + " (the last page of " + std::to_string(limit) +
         ": --offset " + std::to_string(last_page) + ")";
}

// The answer of a single search (by name, filters or both).
void PrintPersons(const std::string& query, const query::PersonResult& result, bool json,
                  int64_t limit) {
  if (json) {
    ordered_json j;
    j["query"] = query;
    j["total"] = result.total;
    j["total_is_lower_bound"] = result.total_is_lower_bound;
    j["hits"] = ordered_json::array();
    for (const query::PersonHit& h : result.hits) j["hits"].push_back(PersonHitJson(h));
    std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return;
  }
  if (result.hits.empty()) {
    std::printf("%s\n", NothingShown(query, result.total, limit).c_str());
    return;
  }
  for (const query::PersonHit& h : result.hits) {
    std::printf("%8lld  %.2f  %s", static_cast<long long>(h.person.id), h.score,
                HitLine(h.person, h.facts).c_str());
    if (!h.why.empty()) std::printf("  [%s]", h.why.c_str());
    std::printf("\n");
  }
  std::printf("%lld of %s%lld persons\n", static_cast<long long>(result.hits.size()),
              result.total_is_lower_bound ? "at least " : "",
              static_cast<long long>(result.total));
}

void PrintHits(const std::string& query, const search::SearchResult& result) {
  ordered_json j;
  j["query"] = query;
  j["total"] = result.total;
  j["hits"] = ordered_json::array();
  for (const search::Hit& h : result.hits) j["hits"].push_back(HitJson(h));
  std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

// One query per line, or a CSV/TSV with a header naming a name column
// (name, full_name, фио, имя) and optionally a birth-year column (birth,
// birth_year, born, год рождения).
struct BatchQuery {
  int64_t line = 0;
  std::string text;
  int born = 0;
};

Result<std::vector<BatchQuery>> ReadBatch(const std::string& path) {
  std::ifstream probe(path);
  if (!probe) return NotFoundError("cannot open " + path);
  std::string first;
  std::getline(probe, first);
  std::vector<BatchQuery> out;
  bool table = path.size() > 4 &&
               (path.substr(path.size() - 4) == ".csv" || path.substr(path.size() - 4) == ".tsv");
  if (!table) {
    std::ifstream in(path);
    std::string line;
    int64_t n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (CollapseSpace(line).empty()) continue;
      if (out.size() >= 1000000) return ResourceExhaustedError("more than 1,000,000 queries");
      out.push_back(BatchQuery{n, line, 0});
    }
    return out;
  }
  ingest::CsvOptions options = path.substr(path.size() - 4) == ".tsv" ? ingest::CsvOptions::Tsv()
                                                                      : ingest::CsvOptions::Csv();
  MEMORIA_ASSIGN_OR_RETURN(auto reader, ingest::CsvReader::Open(path, options));
  std::vector<std::string_view> fields;
  MEMORIA_ASSIGN_OR_RETURN(bool got, reader->Next(&fields));
  if (!got) return out;
  int name_col = -1, year_col = -1;
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string h = FoldCase(CollapseSpace(fields[i]));
    if (h == "name" || h == "full_name" || h == "фио" || h == "имя") name_col = static_cast<int>(i);
    if (h == "birth" || h == "birth_year" || h == "born" || h == "год рождения" || h == "год") {
      year_col = static_cast<int>(i);
    }
  }
  if (name_col < 0) {
    return InvalidArgumentError(path + ": line 1: no name column (name, full_name, фио or имя)");
  }
  while (true) {
    Result<bool> row = reader->Next(&fields);
    if (!row.ok()) return row.status().Annotate(path);
    if (!*row) break;
    if (name_col >= static_cast<int>(fields.size())) continue;
    BatchQuery q{reader->line(), std::string(fields[name_col]), 0};
    if (year_col >= 0 && year_col < static_cast<int>(fields.size())) {
      q.born = std::atoi(std::string(fields[year_col]).c_str());
    }
    if (out.size() >= 1000000) return ResourceExhaustedError("more than 1,000,000 queries");
    out.push_back(std::move(q));
  }
  return out;
}

// The filters of `memoria search` (--born, --died, --place, --event,
// --from, --to, --source) into "q"; the year and date grammar is the
// website's (query/dates.h).
Status ReadFilters(const ParsedArgs& parsed, query::PersonQuery* q) {
  for (auto [flag, range] : {std::pair{"--born", &q->born}, std::pair{"--died", &q->died}}) {
    if (!parsed.Has(flag)) continue;
    Result<query::YearRange> years = query::ParseYearRange(parsed.Get(flag));
    if (!years.ok()) return years.status().Annotate(flag);
    *range = *years;
  }
  q->place = parsed.Get("--place");
  q->event_type = parsed.Get("--event");
  Result<query::DayRange> days = query::ParseDayRange(parsed.Get("--from"), parsed.Get("--to"));
  if (!days.ok()) return days.status().Annotate("--from/--to");
  q->event_days = *days;
  if (parsed.Has("--source")) {
    Result<long long> source = parsed.GetInt("--source", 0, 1, INT64_MAX);
    if (!source.ok()) return source.status();
    q->source_id = *source;
  }
  return Status();
}

int CmdSearch(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(args, 1,
                          {"--limit", "--offset", "--born", "--died", "--place", "--event",
                           "--from", "--to", "--source", "--batch"},
                          {"--json", "--exact"});
  if (!parsed.ok()) return Usage(parsed.status().message());
  bool batch = parsed->Has("--batch");
  if (parsed->positional.empty()) return Usage("search needs DIR");
  if (batch && parsed->positional.size() > 1) return Usage("search --batch takes no QUERY");
  std::string query;
  for (size_t i = 1; i < parsed->positional.size(); ++i) {
    if (i > 1) query += ' ';
    query += parsed->positional[i];
  }
  auto limit = parsed->GetInt("--limit", batch ? 5 : 20, 1, search::kMaxLimit);
  if (!limit.ok()) return Usage(limit.status().message());
  auto offset = parsed->GetInt("--offset", 0, 0, 1000000000);
  if (!offset.ok()) return Usage(offset.status().message());
  query::PersonQuery pq;
  pq.name = query;
  pq.limit = static_cast<int>(*limit);
  pq.offset = *offset;
  pq.exact = parsed->Has("--exact");
  if (Status s = ReadFilters(*parsed, &pq); !s.ok()) return Usage(s.message());
  if (!batch && CollapseSpace(query).empty() && !query::HasFilters(pq)) {
    return Usage("search needs DIR and a QUERY, or filters (--born, --died, --event, --source)");
  }
  auto store = store::Store::Open(parsed->positional[0], /*read_only=*/true);
  if (!store.ok()) return Fail(store.status());
  auto reader = (*store)->ReaderFor(store::Visibility::kPublic);
  if (!reader.ok()) return Fail(reader.status());
  const bool json = parsed->Has("--json");
  if (!batch) {
    auto result = query::FindPersons(*reader, pq);
    if (!result.ok()) return Fail(result.status());
    PrintPersons(query, *result, json, pq.limit);
    return 0;
  }
  // A batch runs the name search per line, with --born and --place.
  search::SearchOptions options;
  options.limit = static_cast<int>(*limit);
  options.offset = static_cast<int>(*offset);
  options.place = pq.place;
  options.born_from = pq.born.from;
  options.born_to = pq.born.to;
  options.exact = pq.exact;
  auto queries = ReadBatch(parsed->Get("--batch"));
  if (!queries.ok()) return Fail(queries.status());
  int64_t found = 0;
  for (const BatchQuery& q : *queries) {
    search::SearchOptions o = options;
    if (q.born > 0 && options.born_from == 0) {
      o.born_from = q.born - 1;
      o.born_to = q.born + 1;
    }
    auto result = search::Search(*reader, q.text, o);
    if (!result.ok()) {
      if (json) {
        ordered_json j;
        j["query"] = q.text;
        j["error"] = result.status().message();
        j["hits"] = ordered_json::array();
        std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      } else {
        std::printf("%s\t-\terror: %s\n", q.text.c_str(), result.status().message().c_str());
      }
      continue;
    }
    if (!result->hits.empty()) ++found;
    if (json) {
      PrintHits(q.text, *result);
    } else if (result->hits.empty()) {
      std::printf("%s\t-\t%s\n", q.text.c_str(),
                  result->total == 0 ? "not found"
                                     : NothingShown(q.text, result->total, o.limit).c_str());
    } else {
      // Up to --limit lines per query, best first.
      for (const search::Hit& h : result->hits) {
        store::PersonSummary p;
        p.surname = h.surname;
        p.given = h.given;
        p.patronymic = h.patronymic;
        p.birth = h.birth;
        p.death = h.death;
        p.death_type = h.death_type;
        std::printf("%s\t%lld\t%.2f\t%s\t%s\n", q.text.c_str(),
                    static_cast<long long>(h.person_id), h.score, HitLine(p, h.facts).c_str(),
                    h.why.c_str());
      }
    }
  }
  std::fprintf(stderr, "memoria: %lld of %zu queries found at least one person\n",
               static_cast<long long>(found), queries->size());
  return 0;
}

int CmdShow(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(args, 1, {}, {"--json"});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (parsed->positional.size() != 2) return Usage("show needs DIR and PERSON_ID");
  char* end = nullptr;
  long long id = std::strtoll(parsed->positional[1].c_str(), &end, 10);
  if (parsed->positional[1].empty() || *end != '\0' || id <= 0) {
    return Usage("PERSON_ID must be a positive whole number");
  }
  auto store = store::Store::Open(parsed->positional[0], /*read_only=*/true);
  if (!store.ok()) return Fail(store.status());
  auto reader = (*store)->ReaderFor(store::Visibility::kPublic);
  if (!reader.ok()) return Fail(reader.status());
  auto person = (*reader)->GetPerson(id);
  if (!person.ok()) return Fail(person.status());
  if (parsed->Has("--json")) {
    auto json = exports::PersonJson(*person);
    if (!json.ok()) return Fail(json.status());
    std::cout << json->dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  std::cout << exports::PersonText(*person);
  return 0;
}

int CmdStats(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(args, 1, {"--visibility"}, {"--json"});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (parsed->positional.size() != 1) return Usage("stats needs DIR");
  auto ceiling = ParseVisibility(parsed->Get("--visibility", "confidential"));
  if (!ceiling.ok()) return Usage(ceiling.status().message());
  auto store = store::Store::Open(parsed->positional[0], /*read_only=*/true);
  if (!store.ok()) return Fail(store.status());
  auto reader = (*store)->ReaderFor(*ceiling);
  if (!reader.ok()) return Fail(reader.status());
  auto stats = (*reader)->GetStats();
  if (!stats.ok()) return Fail(stats.status());
  ordered_json j;
  j["persons"] = stats->persons;
  j["records"] = stats->records;
  j["sources"] = stats->sources;
  j["names"] = stats->names;
  j["events"] = stats->events;
  j["attributes"] = stats->attributes;
  j["import_batches"] = stats->batches;
  if (parsed->Has("--json")) {
    std::cout << j.dump() << "\n";
  } else {
    for (const auto& [k, v] : j.items()) std::cout << k << ": " << v << "\n";
  }
  return 0;
}

int CmdExport(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(args, 1, {"--format", "--out"}, {"--bom"});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (parsed->positional.size() != 1) return Usage("export needs DIR");
  std::string format = parsed->Get("--format", "jsonl");
  if (format != "csv" && format != "jsonl") return Usage("--format must be csv or jsonl");
  auto store = store::Store::Open(parsed->positional[0], /*read_only=*/true);
  if (!store.ok()) return Fail(store.status());
  auto reader = (*store)->ReaderFor(store::Visibility::kPublic);
  if (!reader.ok()) return Fail(reader.status());
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (parsed->Has("--out")) {
    file.open(parsed->Get("--out"), std::ios::binary);
    if (!file) return Fail(InvalidArgumentError("cannot write " + parsed->Get("--out")));
    out = &file;
  }
  exports::ExportOptions export_options;
  export_options.bom = parsed->Has("--bom");
  auto count = exports::Export(*reader, format, out, export_options);
  if (!count.ok()) return Fail(count.status());
  out->flush();
  if (!*out) return Fail(DataLossError("write failed"));
  if (parsed->Has("--out")) {
    std::printf("memoria: exported %lld persons to %s\n", static_cast<long long>(*count),
                parsed->Get("--out").c_str());
  }
  return 0;
}

int CmdServe(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(args, 1,
                          {"--bind", "--port", "--threads", "--access-log", "--templates",
                           "--tiles", "--tiles-attribution", "--leaflet", "--page-cache",
                           "--base-url"},
                          {"--log-addresses"});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (parsed->positional.size() != 1) return Usage("serve needs DIR");
  auto port = parsed->GetInt("--port", 8080, 0, 65535);
  if (!port.ok()) return Usage(port.status().message());
  auto threads = parsed->GetInt("--threads", 2, 1, 64);
  if (!threads.ok()) return Usage(threads.status().message());
  auto cache_mb = parsed->GetInt("--page-cache", 64, 0, 65536);
  if (!cache_mb.ok()) return Usage(cache_mb.status().message());
  web::ServeOptions options;
  options.page_cache_bytes = static_cast<size_t>(*cache_mb) << 20;
  options.archive_dir = parsed->positional[0];
  options.bind = parsed->Get("--bind", "127.0.0.1");
  options.port = static_cast<int>(*port);
  options.threads = static_cast<int>(*threads);
  options.access_log = parsed->Get("--access-log", "-");
  if (options.access_log == "off") options.access_log = "";
  options.log_addresses = parsed->Has("--log-addresses");
  options.templates_dir = parsed->Get("--templates", "");
  options.tiles = parsed->Get("--tiles", "");
  options.base_url = parsed->Get("--base-url", "");
  options.tiles_attribution = parsed->Get("--tiles-attribution", "");
  options.leaflet_dir = parsed->Get("--leaflet", options.leaflet_dir);
  Status s = web::Serve(options);
  if (!s.ok()) return Fail(s);
  return 0;
}

}  // namespace

int Run(const std::vector<std::string>& args) {
  if (args.empty()) return Usage("no command given");
  const std::string& cmd = args[0];
  if (cmd == "help" || cmd == "--help" || cmd == "-h") {
    std::printf("%s", kUsage);
    return 0;
  }
  if (cmd == "init") return CmdInit(args);
  if (cmd == "import") return CmdImport(args);
  if (cmd == "batch") return CmdBatch(args);
  if (cmd == "generate") return CmdGenerate(args);
  if (cmd == "search") return CmdSearch(args);
  if (cmd == "show") return CmdShow(args);
  if (cmd == "stats") return CmdStats(args);
  if (cmd == "export") return CmdExport(args);
  if (cmd == "serve") return CmdServe(args);
  return Usage("unknown command '" + cmd + "'");
}

}  // namespace memoria::cli
