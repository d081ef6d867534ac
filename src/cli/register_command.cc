// memoria register import | diff | history | list (docs/formats/registers.md).
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/internal/common.h"
#include "registers/registers.h"
#include "store/reader.h"
#include "store/registers.h"
#include "store/store.h"
#include "synth/register_history.h"

namespace memoria::cli {

namespace {

using nlohmann::ordered_json;

void PrintJson(const ordered_json& j) {
  std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

int RegisterImport(const std::vector<std::string>& args) {
  auto parsed =
      ParseArgs(args, 2, {"--register", "--as-of", "--profile", "--mapping"}, {"--dry-run"});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (parsed->positional.size() < 2) return Usage("register import needs DIR and FILE...");
  if (!parsed->Has("--register")) return Usage("register import needs --register KEY");
  if (parsed->Has("--profile") && parsed->Has("--mapping")) {
    return Usage("give --profile or --mapping, not both");
  }
  registers::ImportOptions options;
  options.register_key = parsed->Get("--register");
  options.as_of = parsed->Get("--as-of");
  options.profile = parsed->Get("--profile", "foreign-agents");
  options.mapping_path = parsed->Get("--mapping");
  options.dry_run = parsed->Has("--dry-run");
  auto store = store::Store::Open(parsed->positional[0]);
  if (!store.ok()) return Fail(store.status());
  std::vector<std::string> files(parsed->positional.begin() + 1, parsed->positional.end());
  auto report = registers::Import(store->get(), files, options);
  if (!report.ok()) {
    std::fprintf(stderr, "memoria: register import refused, the archive is unchanged\n");
    return Fail(report.status());
  }
  for (const registers::SnapshotReport& s : report->snapshots) {
    std::printf("%s: snapshot as of %s, %lld entries%s\n", s.file.c_str(), s.as_of.c_str(),
                static_cast<long long>(s.rows),
                s.already_imported ? " (already imported: nothing added)" : "");
  }
  if (report->snapshots_added == 0) {
    std::printf("nothing new: the register holds every file given\n");
    return 0;
  }
  std::printf(
      "%s: %lld snapshots added; the register's history: %lld entries, %lld events; "
      "%lld persons added to the archive, %lld linked to persons it had; in %.1f s\n",
      options.dry_run ? "dry run, nothing written" : "imported",
      static_cast<long long>(report->snapshots_added), static_cast<long long>(report->entries),
      static_cast<long long>(report->events), static_cast<long long>(report->persons_added),
      static_cast<long long>(report->persons_linked), report->seconds);
  return 0;
}

// Opens DIR read-only and a register reader at --visibility (public by
// default).
struct Opened {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<store::RegisterReader> reader;
};
Result<Opened> OpenForReading(const ParsedArgs& parsed) {
  MEMORIA_ASSIGN_OR_RETURN(store::Visibility ceiling,
                           ParseVisibility(parsed.Get("--visibility", "public")));
  Opened o;
  MEMORIA_ASSIGN_OR_RETURN(o.store, store::Store::Open(parsed.positional[0], true));
  MEMORIA_ASSIGN_OR_RETURN(store::Reader * reader, o.store->ReaderFor(ceiling));
  MEMORIA_ASSIGN_OR_RETURN(o.reader, store::RegisterReader::Create(reader));
  return o;
}

std::string Line(const registers::EntryBrief& e) {
  std::string s = "  № " + e.number + "  " + e.name;
  if (!e.birth_date.empty()) s += " (" + e.birth_date + ")";
  if (!e.included.empty()) s += "  included " + e.included;
  if (!e.excluded.empty()) s += "  excluded " + e.excluded;
  return s;
}

int RegisterDiff(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(args, 2, {"--register", "--from", "--to", "--visibility"}, {"--json"});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (parsed->positional.size() != 1) return Usage("register diff needs DIR");
  if (!parsed->Has("--register") || !parsed->Has("--from") || !parsed->Has("--to")) {
    return Usage("register diff needs --register KEY --from DATE --to DATE");
  }
  auto opened = OpenForReading(*parsed);
  if (!opened.ok()) return Fail(opened.status());
  auto diff = registers::Diff(opened->reader.get(), parsed->Get("--register"),
                              parsed->Get("--from"), parsed->Get("--to"));
  if (!diff.ok()) return Fail(diff.status());
  if (parsed->Has("--json")) {
    PrintJson(registers::DiffJson(*diff));
    return 0;
  }
  std::printf("register %s: from the snapshot of %s to the snapshot of %s\n",
              diff->register_key.c_str(),
              diff->from_snapshot.empty() ? "(none)" : diff->from_snapshot.c_str(),
              diff->to_snapshot.empty() ? "(none)" : diff->to_snapshot.c_str());
  std::printf("included: %zu\n", diff->included.size());
  for (const auto& e : diff->included) std::printf("%s\n", Line(e).c_str());
  std::printf("excluded: %zu\n", diff->excluded.size());
  for (const auto& e : diff->excluded) std::printf("%s\n", Line(e).c_str());
  std::printf("changed: %zu\n", diff->changed.size());
  for (const auto& c : diff->changed) {
    std::printf("  № %s %s: %s → %s\n", c.number.c_str(), c.field.c_str(), c.before.c_str(),
                c.after.c_str());
  }
  return 0;
}

int RegisterHistory(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(args, 2, {"--register", "--visibility"}, {"--json"});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (parsed->positional.size() != 2) return Usage("register history needs DIR and NUMBER");
  if (!parsed->Has("--register")) return Usage("register history needs --register KEY");
  auto opened = OpenForReading(*parsed);
  if (!opened.ok()) return Fail(opened.status());
  auto h =
      registers::History(opened->reader.get(), parsed->Get("--register"), parsed->positional[1]);
  if (!h.ok()) return Fail(h.status());
  if (parsed->Has("--json")) {
    PrintJson(registers::HistoryJson(*h));
    return 0;
  }
  std::printf(
      "register %s, № %s (%s)%s\n", h->summary.info.key.c_str(), h->entry.number.c_str(),
      h->entry.kind.c_str(),
      h->entry.person_id != 0 ? (", person " + std::to_string(h->entry.person_id)).c_str() : "");
  for (const store::RegisterEventRow& e : h->events) {
    std::printf("  %s  %s", e.as_of.c_str(), e.kind.c_str());
    if (!e.date.empty()) std::printf(" (decision %s)", e.date.c_str());
    if (e.kind == "changed") {
      std::printf(" %s: %s → %s", e.field.c_str(), e.before.c_str(), e.after.c_str());
    }
    std::printf("\n");
  }
  return 0;
}

int RegisterList(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(
      args, 2, {"--register", "--as-of", "--kind", "--year", "--q", "--visibility"}, {"--json"});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (parsed->positional.size() != 1) return Usage("register list needs DIR");
  if (!parsed->Has("--register")) return Usage("register list needs --register KEY");
  registers::ListOptions options;
  options.as_of = parsed->Get("--as-of");
  options.kind = parsed->Get("--kind");
  if (!options.kind.empty() && options.kind != "person" && options.kind != "organisation") {
    return Usage("--kind must be person or organisation");
  }
  auto year = parsed->GetInt("--year", 0, 0, 9999);
  if (!year.ok()) return Usage(year.status().message());
  options.year = static_cast<int>(*year);
  options.text = parsed->Get("--q");
  auto opened = OpenForReading(*parsed);
  if (!opened.ok()) return Fail(opened.status());
  auto list = registers::List(opened->reader.get(), parsed->Get("--register"), options);
  if (!list.ok()) return Fail(list.status());
  if (parsed->Has("--json")) {
    PrintJson(registers::ListJson(*list));
    return 0;
  }
  std::printf("register %s as of %s (snapshot %s): %zu entries\n", list->summary.info.key.c_str(),
              list->as_of.empty() ? "its newest snapshot" : list->as_of.c_str(),
              list->snapshot.empty() ? "none" : list->snapshot.c_str(), list->entries.size());
  for (const auto& e : list->entries) std::printf("%s\n", Line(e).c_str());
  return 0;
}

}  // namespace

int CmdGenerateRegisterHistory(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(
      args, 1, {"--register-history", "--entries", "--snapshots", "--seed", "--first-day"},
      {"--quiet"});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (!parsed->positional.empty()) return Usage("generate takes no positional arguments");
  const std::string dir = parsed->Get("--register-history");
  if (dir.empty()) return Usage("--register-history needs a folder");
  synth::RegisterHistoryOptions options;
  auto entries = parsed->GetInt("--entries", options.entries, 1, 10'000'000);
  if (!entries.ok()) return Usage(entries.status().message());
  auto snapshots = parsed->GetInt("--snapshots", options.snapshots, 1, 10'000);
  if (!snapshots.ok()) return Usage(snapshots.status().message());
  auto seed = parsed->GetInt("--seed", 1, 0, INT64_MAX);
  if (!seed.ok()) return Usage(seed.status().message());
  options.entries = *entries;
  options.snapshots = static_cast<int>(*snapshots);
  options.seed = static_cast<uint64_t>(*seed);
  options.first_day = parsed->Get("--first-day", options.first_day);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Fail(InvalidArgumentError("cannot create " + dir + ": " + ec.message()));
  auto files = synth::GenerateRegisterHistory(options, dir);
  if (!files.ok()) return Fail(files.status());
  std::printf("memoria: wrote %zu snapshots of a register of %lld entries to %s\n", files->size(),
              static_cast<long long>(options.entries), dir.c_str());
  return 0;
}

int CmdRegister(const std::vector<std::string>& args) {
  if (args.size() < 2) return Usage("register needs import, diff, history or list");
  const std::string& sub = args[1];
  if (sub == "import") return RegisterImport(args);
  if (sub == "diff") return RegisterDiff(args);
  if (sub == "history") return RegisterHistory(args);
  if (sub == "list") return RegisterList(args);
  return Usage("unknown register command '" + sub + "'");
}

}  // namespace memoria::cli
