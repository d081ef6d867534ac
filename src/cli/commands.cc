#include "cli/commands.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/batch.h"
#include "cli/case_command.h"
#include "cli/edit.h"
#include "cli/internal/common.h"
#include "cli/link.h"
#include "cli/user.h"
#include "cli/visibility.h"
#include "core/edtf.h"
#include "core/text.h"
#include "export/export.h"
#include "ingest/csv.h"
#include "ingest/ingest.h"
#include "query/query.h"
#include "search/search.h"
#include "store/figures.h"
#include "store/reader.h"
#include "store/store.h"
#include "synth/generator.h"
#include "web/server.h"

namespace memoria::cli {

Result<store::Visibility> ParseVisibility(std::string_view text) {
  if (text == "public") return store::Visibility::kPublic;
  if (text == "restricted") return store::Visibility::kRestricted;
  if (text == "confidential") return store::Visibility::kConfidential;
  return InvalidArgumentError("--visibility must be public, restricted or confidential");
}

namespace {

using nlohmann::ordered_json;

constexpr const char* kUsage = R"(memoria — an archive engine for documenting political repression

usage:
  memoria init DIR [--key-file PATH | --passphrase-stdin]
  memoria keys status|init|rotate|public DIR
  memoria keys revoke DIR --note TEXT [--key HEX]
  memoria import DIR --profile memorial-lists|mos-memo|openlist|csv|places|prisoners|publications
                 [--mapping FILE]
                 [--append-to SOURCE_KEY] [--visibility restricted|confidential]
                 [--dry-run] [--quiet] [--link] FILE...
                 (--link: then match the new records against the archive, as memoria link)
  memoria register import DIR --register KEY [--profile foreign-agents | --mapping FILE]
                 [--as-of YYYY-MM-DD] [--dry-run] FILE...
  memoria register diff DIR --register KEY --from DATE --to DATE [--json]
  memoria register history DIR --register KEY NUMBER [--json]
  memoria register list DIR --register KEY [--as-of DATE] [--kind person|organisation]
                 [--year YYYY] [--q WORDS] [--json]
                 (the three queries read at --visibility public unless told otherwise)
  memoria batch list DIR [--json]
  memoria batch undo DIR BATCH_ID
  memoria generate --rows N --seed S --out FILE.tsv [--truth FILE] [--duplicates SHARE]
                   [--places RENAMINGS.csv] [--buildings BUILDINGS.csv]
  memoria generate --register-history DIR [--entries N] [--snapshots N] [--seed S]
                   [--first-day YYYY-MM-DD]
  memoria generate --prisoners N --seed S --out FILE.csv [--today YYYY-MM-DD]
  memoria search DIR [QUERY] [--limit N] [--offset N] [--born YEARS] [--died YEARS] [--place TEXT]
                 [--event TYPE] [--from DATE] [--to DATE] [--source ID] [--exact] [--json]
                 (YEARS: 1899, 1890..1900, ..1900 or 1900..; DATE: 1937, 1937-08, 1937-08-05;
                  a QUERY word ending in * is a prefix: Кузьм*; --exact: exact spelling or
                  transliteration only, no typos or phonetic variants)
  memoria search DIR --batch FILE [--limit N] [--exact] [--json]
  memoria show DIR PERSON_ID [--json]
  memoria stats DIR [--visibility public|restricted|confidential] [--json]
  memoria migrate DIR
  memoria export DIR --format csv|jsonl [--bom] [--out FILE]
  memoria serve DIR [--bind ADDR] [--port N] [--threads N] [--access-log FILE|-|off]
                    [--base-url URL]
                    [--log-addresses] [--templates DIR] [--page-cache MB]
                    [--time-budget SECONDS] [--expensive-queue N] [--mmap MB]
                    [--tiles URL [--tiles-attribution TEXT] [--leaflet DIR]]
  memoria serve --mirror OUT [--key PUBFILE] [--cache DIR] [the options above]
                    (a signed bundle, checked, served read-only: no sign-in, no forms)
  memoria user add DIR NAME --role reader|volunteer|editor|admin   (password on stdin)
  memoria user passwd DIR NAME | role DIR NAME ROLE | disable DIR NAME | enable DIR NAME
  memoria user list DIR [--json]
  memoria user totp (enable|disable) DIR NAME
  memoria visibility DIR (--person ID | --record ID | --source ID | --claim ID
                          | --fact name:ID|event:ID|attribute:ID) public|restricted|confidential
  memoria audit DIR [--after ID] [--json]
  memoria verify DIR [--json] [--key PUBLIC_KEY_FILE]
  memoria backup DIR OUT [--with-keys]
  memoria restore BACKUP DIR
  memoria mirror export DIR OUT | mirror update DIR OUT   (the public view, signed)
  memoria mirror verify OUT --key PUBFILE
  memoria edit DIR (add|correct|retract) (name|event|attribute|person) [PERSON_ID] [--target ID]
               [--surname S] [--given G] [--patronymic P] [--name-kind KIND] [--type T]
               [--date EDTF] [--place P] [--note N] [--kind K] [--value V]
               --citation TEXT [--reason TEXT] [--visibility public|restricted|confidential]
  memoria edit DIR undo CHANGE_ID [--reason TEXT] [--citation TEXT]
  memoria edit DIR history PERSON_ID [--json]
  memoria link DIR [--dry-run] [--retrain] [--threshold-link P] [--threshold-review P]
               [--threshold-review-names P] [--source KEY] [--max-block N]
               [--neighbourhood N] [--quiet]
               (P: a match probability; defaults 0.95, 0.5, and 0.9 for pairs on names alone)
  memoria link undo DIR MERGE_ID
  memoria case draft DIR PERSON_ID (assessment|status|case) --citation TEXT [fields]
  memoria case drafts DIR [--json]
  memoria case (publish|reject) DIR (assessment|status_change|case) ID [--reason TEXT]
  memoria help
  Every command takes --key-file PATH (the archive's key file, if not DIR/keys/archive.key)
  or --passphrase-stdin (an archive sealed with a passphrase; rotate reads the new one after it).

An archive is a directory holding archive.db (SQLite). See README.md for details.
)";

}  // namespace

int Fail(const Status& s) {
  std::fprintf(stderr, "memoria: %s\n", s.ToString().c_str());
  return 1;
}

int Usage(const std::string& message) {
  std::fprintf(stderr, "memoria: %s\n\n%s", message.c_str(), kUsage);
  return 2;
}

namespace {

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
  Status sealed = SealNewArchive(store->get());
  if (!sealed.ok()) return Fail(sealed);
  std::printf("memoria: created an empty archive in %s\n", dir.c_str());
  return 0;
}

int CmdImport(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(args, 1, {"--profile", "--mapping", "--append-to", "--visibility"},
                          {"--dry-run", "--quiet", "--link"});
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
  if (parsed->Has("--visibility")) {
    auto level = ParseVisibility(parsed->Get("--visibility"));
    if (!level.ok()) return Usage(level.status().message());
    options.visibility = *level;
  }
  if (parsed->Has("--append-to") && options.append_to.empty()) {
    return Usage("--append-to needs a source key");
  }
  ProgressLine progress(!parsed->Has("--quiet"));
  options.progress = [&](const std::string& file, uint64_t done, uint64_t total, int64_t rows) {
    progress.Update(file, done, total, rows);
  };
  // --link: the persons this import creates are those after the last one.
  int64_t last_person = 0;
  if (parsed->Has("--link") && !options.dry_run) {
    auto last = linkage::LastPersonId(store->get());
    if (!last.ok()) return Fail(last.status());
    last_person = *last;
  }
  // The figures kept before the import, for those after it (store/figures.h).
  std::optional<store::FiguresBase> figures_base;
  if (!options.dry_run) {
    Result<store::Reader*> reader = (*store)->ReaderFor(store::Visibility::kPublic);
    Result<std::optional<store::FiguresBase>> base =
        reader.ok() ? store::NoteFiguresBase(*reader) : reader.status();
    if (base.ok()) figures_base = std::move(*base);
  }
  auto report = ingest::Import(store->get(), files, options);
  progress.Done();
  if (!report.ok()) {
    std::fprintf(stderr, "memoria: import refused, the archive is unchanged\n");
    return Fail(report.status());
  }
  if (!options.dry_run) {
    // The website's figures for the archive as imported (store/figures.h),
    // so the server's first start after an import does not compute them.
    Result<store::Reader*> reader = (*store)->ReaderFor(store::Visibility::kPublic);
    Result<store::FiguresUpdate> figures =
        reader.ok() ? store::UpdateSiteFigures(*reader, figures_base) : reader.status();
    if (!figures.ok()) {
      std::fprintf(stderr, "memoria: site figures not kept: %s\n",
                   figures.status().ToString().c_str());
    }
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
  if (parsed->Has("--link") && !options.dry_run) {
    // The new records against the archive, across sources only (cli/link.h).
    linkage::ArchiveLinkOptions link;
    link.account = LinkAccount();
    link.focus_after_person = last_person;
    link.cross_source_only = true;
    link.progress = !parsed->Has("--quiet");
    auto linked = linkage::LinkArchive(store->get(), link);
    if (!linked.ok()) return Fail(linked.status());
    std::printf("linked against the archive:\n");
    PrintLinkReport(*linked, false);
  }
  return 0;
}

// memoria generate --prisoners N: the synthetic political-prisoners list
// (synth::GeneratePrisoners).
int GeneratePrisonersList(const ParsedArgs& parsed) {
  auto count = parsed.GetInt("--prisoners", 1000, 0, 10000000);
  if (!count.ok()) return Usage(count.status().message());
  auto seed = parsed.GetInt("--seed", 1, 0, INT64_MAX);
  if (!seed.ok()) return Usage(seed.status().message());
  synth::PrisonersOptions options;
  options.prisoners = *count;
  options.seed = static_cast<uint64_t>(*seed);
  if (parsed.Has("--today")) {
    Result<Edtf> today = Edtf::Parse(parsed.Get("--today"));
    if (!today.ok() || today->earliest_day() != today->latest_day()) {
      return Usage("--today needs a day such as 2024-12-01");
    }
    options.today = today->earliest_day();
  }
  std::ofstream out(parsed.Get("--out"), std::ios::binary);
  if (!out) return Fail(InvalidArgumentError("cannot write " + parsed.Get("--out")));
  Status s = synth::GeneratePrisoners(options, &out);
  if (!s.ok()) return Fail(s);
  out.close();
  if (!out) return Fail(DataLossError("write failed: " + parsed.Get("--out")));
  std::printf("memoria: wrote %lld prisoners with their history to %s\n",
              static_cast<long long>(options.prisoners), parsed.Get("--out").c_str());
  return 0;
}

int CmdGenerate(const std::vector<std::string>& args) {
  for (const std::string& a : args) {
    if (a == "--register-history" || a.starts_with("--register-history=")) {
      return CmdGenerateRegisterHistory(args);
    }
  }
  auto parsed = ParseArgs(args, 1,
                          {"--rows", "--seed", "--out", "--truth", "--duplicates", "--places",
                           "--buildings", "--prisoners", "--today"},
                          {"--quiet"});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (!parsed->positional.empty()) return Usage("generate takes no positional arguments");
  if (!parsed->Has("--out")) return Usage("generate needs --out FILE.tsv");
  if (parsed->Has("--prisoners")) return GeneratePrisonersList(*parsed);
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

// `memoria migrate DIR`: brings an archive made by an older memoria to this
// one's schema, which every command that writes does first and the
// read-only ones (serve, search, stats, export...) ask for.
int CmdMigrate(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(args, 1, {}, {});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (parsed->positional.size() != 1) return Usage("migrate needs DIR");
  const std::string& dir = parsed->positional[0];
  auto before = store::Store::SchemaVersionOf(dir);
  if (!before.ok()) return Fail(before.status());
  const int64_t current = store::Store::CurrentSchemaVersion();
  if (*before == current) {
    std::cout << dir << ": schema version " << current << ", nothing to migrate\n";
    return 0;
  }
  std::cerr << "memoria: migrating " << dir << " from schema version " << *before << " to "
            << current << "..." << std::endl;
  const auto start = std::chrono::steady_clock::now();
  auto store = store::Store::Open(dir);  // migrates, in one transaction
  if (!store.ok()) return Fail(store.status());
  auto version = (*store)->SchemaVersion();
  if (!version.ok()) return Fail(version.status());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << dir << ": migrated from schema version " << *before << " to " << *version << " in "
            << fmt::format("{:.1f}", seconds) << " s\n";
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
  auto parsed =
      ParseArgs(args, 1,
                {"--bind", "--port", "--threads", "--access-log", "--templates", "--tiles",
                 "--tiles-attribution", "--leaflet", "--page-cache", "--base-url", "--time-budget",
                 "--expensive-queue", "--mirror", "--key", "--cache", "--mmap"},
                {"--log-addresses"});
  if (!parsed.ok()) return Usage(parsed.status().message());
  const bool mirror = parsed->Has("--mirror");
  if (parsed->positional.size() != (mirror ? 0u : 1u)) {
    return Usage(mirror ? "serve --mirror OUT takes no DIR" : "serve needs DIR");
  }
  auto port = parsed->GetInt("--port", 8080, 0, 65535);
  if (!port.ok()) return Usage(port.status().message());
  // 0: one thread per core (ServeOptions::threads).
  auto threads = parsed->GetInt("--threads", 0, 0, 64);
  if (!threads.ok()) return Usage(threads.status().message());
  auto budget = parsed->GetInt("--time-budget", 10, 0, 3600);
  if (!budget.ok()) return Usage(budget.status().message());
  auto queue = parsed->GetInt("--expensive-queue", 64, 1, 100000);
  if (!queue.ok()) return Usage(queue.status().message());
  auto cache_mb = parsed->GetInt("--page-cache", 64, 0, 65536);
  if (!cache_mb.ok()) return Usage(cache_mb.status().message());
  auto mmap_mb = parsed->GetInt("--mmap", 0, 0, 1 << 20);
  if (!mmap_mb.ok()) return Usage(mmap_mb.status().message());
  web::ServeOptions options;
  options.mmap_mib = *mmap_mb;
  options.page_cache_bytes = static_cast<size_t>(*cache_mb) << 20;
  if (mirror) {
    // A mirror serves the archive made from its checked bundle, read-only.
    auto dir = PrepareMirror(parsed->Get("--mirror"), parsed->Get("--key"), parsed->Get("--cache"));
    if (!dir.ok()) return Fail(dir.status());
    options.archive_dir = *dir;
    options.mirror = true;
  } else {
    options.archive_dir = parsed->positional[0];
  }
  options.bind = parsed->Get("--bind", "127.0.0.1");
  options.port = static_cast<int>(*port);
  options.threads = static_cast<int>(*threads);
  options.request_budget_ms = static_cast<int>(*budget) * 1000;
  options.expensive_queue = static_cast<int>(*queue);
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

namespace {

// The lines of the usage summary for one command ("  memoria CMD ..." and
// the indented lines that continue it); empty for an unknown command.
std::string UsageOf(std::string_view cmd) {
  const std::string head = "  memoria " + std::string(cmd);
  std::string out;
  bool in = false;
  std::string_view rest = kUsage;
  while (!rest.empty()) {
    const size_t end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (line.starts_with("  memoria ")) {
      in = line.starts_with(head) && (line.size() == head.size() || line[head.size()] == ' ');
    } else if (!line.starts_with("   ")) {
      in = false;
    }
    if (in) out.append(line).push_back('\n');
  }
  return out;
}

}  // namespace

int Run(const std::vector<std::string>& original) {
  std::vector<std::string> args = original;
  Status secrets = TakeSecretFlags(&args);
  if (!secrets.ok()) return Fail(secrets);
  if (args.empty()) return Usage("no command given");
  const std::string& cmd = args[0];
  if (cmd == "help" || cmd == "--help" || cmd == "-h") {
    const std::string one = args.size() > 1 ? UsageOf(args[1]) : std::string();
    std::printf("%s", one.empty() ? kUsage : ("usage:\n" + one).c_str());
    return 0;
  }
  // "memoria CMD --help": that command's lines of the summary.
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] != "--help" && args[i] != "-h") continue;
    const std::string one = UsageOf(cmd);
    if (one.empty()) break;
    std::printf("usage:\n%s\nEvery command and option is described in README.md.\n", one.c_str());
    return 0;
  }
  if (cmd == "init") return CmdInit(args);
  if (cmd == "import") return CmdImport(args);
  if (cmd == "batch") return CmdBatch(args);
  if (cmd == "register") return CmdRegister(args);
  if (cmd == "generate") return CmdGenerate(args);
  if (cmd == "search") return CmdSearch(args);
  if (cmd == "show") return CmdShow(args);
  if (cmd == "stats") return CmdStats(args);
  if (cmd == "migrate") return CmdMigrate(args);
  if (cmd == "export") return CmdExport(args);
  if (cmd == "serve") return CmdServe(args);
  if (cmd == "user") return CmdUser(args);
  if (cmd == "visibility") return CmdVisibility(args);
  if (cmd == "edit") return CmdEdit(args);
  if (cmd == "case") return CmdCase(args);
  if (cmd == "audit") return CmdAudit(args);
  if (cmd == "verify") return CmdVerify(args);
  if (cmd == "backup") return CmdBackup(args);
  if (cmd == "restore") return CmdRestore(args);
  if (cmd == "keys") return CmdKeys(args);
  if (cmd == "mirror") return CmdMirror(args);
  if (cmd == "link") return CmdLink(args);
  return Usage("unknown command '" + cmd + "'");
}

}  // namespace memoria::cli
