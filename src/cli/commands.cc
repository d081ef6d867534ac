#include "cli/commands.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "core/text.h"
#include "export/export.h"
#include "ingest/ingest.h"
#include "search/search.h"
#include "store/store.h"
#include "synth/generator.h"
#include "web/server.h"

namespace memoria::cli {

namespace {

using nlohmann::ordered_json;

constexpr const char* kUsage = R"(memoria — an archive engine for documenting political repression

usage:
  memoria init DIR
  memoria import DIR --profile memorial-lists|mos-memo|openlist|csv [--mapping FILE] [--dry-run] [--quiet] FILE...
  memoria generate --rows N --seed S --out FILE.tsv [--truth FILE] [--duplicates SHARE]
  memoria search DIR QUERY [--limit N] [--offset N] [--json]
  memoria show DIR PERSON_ID [--json]
  memoria stats DIR [--json]
  memoria export DIR --format csv|jsonl [--out FILE]
  memoria serve DIR [--bind ADDR] [--port N]
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
  auto parsed = ParseArgs(args, 1, {"--profile", "--mapping"}, {"--dry-run", "--quiet"});
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
  std::printf("%s in %.1f s%s\n", options.dry_run ? "dry run: nothing written" : "imported",
              report->seconds, rejected > 0 ? " (some rows were rejected, see above)" : "");
  return 0;
}

int CmdGenerate(const std::vector<std::string>& args) {
  auto parsed =
      ParseArgs(args, 1, {"--rows", "--seed", "--out", "--truth", "--duplicates"}, {"--quiet"});
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
  ProgressLine progress(!parsed->Has("--quiet"));
  options.progress = [&](int64_t done) {
    progress.Update("generate", static_cast<uint64_t>(done), static_cast<uint64_t>(options.rows),
                    done);
  };
  Status s = synth::GenerateCorpus(options, &out, parsed->Has("--truth") ? &truth : nullptr);
  progress.Done();
  if (!s.ok()) return Fail(s);
  out.close();
  if (!out) return Fail(DataLossError("write failed: " + parsed->Get("--out")));
  std::printf("memoria: wrote %lld rows to %s\n", static_cast<long long>(options.rows),
              parsed->Get("--out").c_str());
  return 0;
}

ordered_json HitJson(const search::Hit& h) {
  ordered_json j;
  j["person_id"] = h.person_id;
  j["score"] = h.score;
  j["name"] = {{"surname", h.surname}, {"given", h.given}, {"patronymic", h.patronymic}};
  j["birth"] = h.birth;
  j["why"] = h.why;
  return j;
}

int CmdSearch(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(args, 1, {"--limit", "--offset"}, {"--json"});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (parsed->positional.size() < 2) return Usage("search needs DIR and QUERY");
  std::string query;
  for (size_t i = 1; i < parsed->positional.size(); ++i) {
    if (i > 1) query += ' ';
    query += parsed->positional[i];
  }
  auto limit = parsed->GetInt("--limit", 20, 1, search::kMaxLimit);
  if (!limit.ok()) return Usage(limit.status().message());
  auto offset = parsed->GetInt("--offset", 0, 0, 1000000000);
  if (!offset.ok()) return Usage(offset.status().message());
  auto store = store::Store::Open(parsed->positional[0], /*read_only=*/true);
  if (!store.ok()) return Fail(store.status());
  search::SearchOptions options;
  options.limit = static_cast<int>(*limit);
  options.offset = static_cast<int>(*offset);
  auto result = search::Search(store->get(), query, options);
  if (!result.ok()) return Fail(result.status());
  if (parsed->Has("--json")) {
    ordered_json j;
    j["query"] = query;
    j["total"] = result->total;
    j["results"] = ordered_json::array();
    for (const search::Hit& h : result->hits) j["results"].push_back(HitJson(h));
    std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  if (result->hits.empty()) {
    std::printf("no persons found for \"%s\"\n", query.c_str());
    return 0;
  }
  for (const search::Hit& h : result->hits) {
    std::string name = h.surname;
    if (!h.given.empty()) name += " " + h.given;
    if (!h.patronymic.empty()) name += " " + h.patronymic;
    std::printf("%8lld  %.2f  %s%s%s  [%s]\n", static_cast<long long>(h.person_id), h.score,
                name.c_str(), h.birth.empty() ? "" : ", born ", h.birth.c_str(), h.why.c_str());
  }
  std::printf("%lld of %lld persons\n", static_cast<long long>(result->hits.size()),
              static_cast<long long>(result->total));
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
  auto person = (*store)->GetPerson(id);
  if (!person.ok()) return Fail(person.status());
  if (parsed->Has("--json")) {
    std::cout << exports::PersonJson(*person).dump(2, ' ', false,
                                                   nlohmann::json::error_handler_t::replace)
              << "\n";
    return 0;
  }
  std::cout << exports::PersonText(*person);
  return 0;
}

int CmdStats(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(args, 1, {}, {"--json"});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (parsed->positional.size() != 1) return Usage("stats needs DIR");
  auto store = store::Store::Open(parsed->positional[0], /*read_only=*/true);
  if (!store.ok()) return Fail(store.status());
  auto stats = (*store)->GetStats();
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
  auto parsed = ParseArgs(args, 1, {"--format", "--out"}, {});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (parsed->positional.size() != 1) return Usage("export needs DIR");
  std::string format = parsed->Get("--format", "jsonl");
  if (format != "csv" && format != "jsonl") return Usage("--format must be csv or jsonl");
  auto store = store::Store::Open(parsed->positional[0], /*read_only=*/true);
  if (!store.ok()) return Fail(store.status());
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (parsed->Has("--out")) {
    file.open(parsed->Get("--out"), std::ios::binary);
    if (!file) return Fail(InvalidArgumentError("cannot write " + parsed->Get("--out")));
    out = &file;
  }
  auto count = exports::Export(store->get(), format, out);
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
  auto parsed = ParseArgs(args, 1, {"--bind", "--port", "--threads"}, {});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (parsed->positional.size() != 1) return Usage("serve needs DIR");
  auto port = parsed->GetInt("--port", 8080, 0, 65535);
  if (!port.ok()) return Usage(port.status().message());
  auto threads = parsed->GetInt("--threads", 2, 1, 64);
  if (!threads.ok()) return Usage(threads.status().message());
  web::ServeOptions options;
  options.archive_dir = parsed->positional[0];
  options.bind = parsed->Get("--bind", "127.0.0.1");
  options.port = static_cast<int>(*port);
  options.threads = static_cast<int>(*threads);
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
  if (cmd == "generate") return CmdGenerate(args);
  if (cmd == "search") return CmdSearch(args);
  if (cmd == "show") return CmdShow(args);
  if (cmd == "stats") return CmdStats(args);
  if (cmd == "export") return CmdExport(args);
  if (cmd == "serve") return CmdServe(args);
  return Usage("unknown command '" + cmd + "'");
}

}  // namespace memoria::cli
