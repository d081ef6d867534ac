// memoria verify, backup and restore (README; docs/formats/schema.md,
// "Checks and copies"): the archive checked against itself, copied online,
// and brought back only when the copy checks out.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/internal/common.h"
#include "store/check.h"
#include "store/store.h"

namespace memoria::cli {
namespace {

namespace fs = std::filesystem;

// A progress line on a terminal, nothing otherwise.
store::CheckProgress TerminalProgress() {
  if (!isatty(STDERR_FILENO)) return nullptr;
  return [](std::string_view stage, int64_t done, int64_t total) {
    if (total > 0) {
      std::fprintf(stderr, "\rchecking %.*s: %lld of %lld   ", static_cast<int>(stage.size()),
                   stage.data(), static_cast<long long>(done), static_cast<long long>(total));
    } else {
      std::fprintf(stderr, "\rchecking %.*s ...                    ",
                   static_cast<int>(stage.size()), stage.data());
    }
    std::fflush(stderr);
  };
}

void EndProgress(const store::CheckProgress& progress) {
  if (progress) std::fprintf(stderr, "\r%60s\r", "");
}

std::string Summary(const store::CheckReport& r) {
  return std::to_string(r.pages) + " database pages, the foreign keys of " +
         std::to_string(r.foreign_keys_checked) + " tables, the hashes of " +
         std::to_string(r.records) + " source records and " + std::to_string(r.snapshots) +
         " register snapshots" +
         (r.records_sealed > 0 ? " (" + std::to_string(r.records_sealed) +
                                     " sealed records not opened: the key is not loaded)"
                               : std::string()) +
         "; the ledger's " + std::to_string(r.ledger_entries) + " entries, " +
         std::to_string(r.checkpoints) + " checkpoint signatures" +
         (r.key_anchor.empty()       ? std::string()
          : r.key_anchor == "ledger" ? " (against the ledger's own key " + r.public_key_id +
                                           ": no DIR/keys/archive.pub to anchor it)"
                                     : " (key " + r.public_key_id + " from " + r.key_anchor + ")") +
         (r.unsigned_entries > 0
              ? ", " + std::to_string(r.unsigned_entries) +
                    " entries not yet signed (signed at the next write with the key loaded)"
              : std::string()) +
         (r.revoked_keys > 0 ? ", " + std::to_string(r.revoked_keys) + " revoked key(s)"
                             : std::string()) +
         " and the state digest of " + std::to_string(r.state_rows) + " rows in " +
         std::to_string(r.state_tables) + " tables";
}

// The key files of an archive directory, if any (DIR/keys).
Status CopyKeys(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  if (!fs::is_directory(from / "keys", ec)) return Status();
  fs::create_directories(to / "keys", ec);
  if (ec) return UnavailableError("cannot create " + (to / "keys").string() + ": " + ec.message());
  fs::permissions(to / "keys", fs::perms::owner_all, ec);
  for (const fs::directory_entry& e : fs::directory_iterator(from / "keys", ec)) {
    const fs::path target = to / "keys" / e.path().filename();
    fs::copy_file(e.path(), target, fs::copy_options::overwrite_existing, ec);
    if (ec) return UnavailableError("cannot copy " + e.path().string() + ": " + ec.message());
    fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write, ec);
  }
  if (ec) return UnavailableError("cannot read " + (from / "keys").string() + ": " + ec.message());
  return Status();
}

bool EmptyOrAbsent(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return true;
  return fs::is_directory(dir, ec) && fs::is_empty(dir, ec);
}

}  // namespace

int CmdVerify(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(args, 1, {"--key"}, {"--json"});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (parsed->positional.size() != 1) return Usage("verify needs DIR");
  const std::string public_key_file = parsed->Get("--key");
  auto store = store::Store::Open(parsed->positional[0], /*read_only=*/true);
  if (!store.ok()) return Fail(store.status());
  const auto start = std::chrono::steady_clock::now();
  const store::CheckProgress progress = parsed->Has("--json") ? nullptr : TerminalProgress();
  Result<store::CheckReport> report = store::CheckArchive(store->get(), progress, public_key_file);
  EndProgress(progress);
  if (!report.ok()) return Fail(report.status());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (parsed->Has("--json")) {
    nlohmann::ordered_json j = {{"ok", report->ok()},
                                {"problem", report->problem},
                                {"pages", report->pages},
                                {"tables", report->foreign_keys_checked},
                                {"records", report->records},
                                {"snapshots", report->snapshots},
                                {"ledger_entries", report->ledger_entries},
                                {"checkpoints", report->checkpoints},
                                {"unsigned_entries", report->unsigned_entries},
                                {"key_anchor", report->key_anchor},
                                {"key_id", report->public_key_id},
                                {"revoked_keys", report->revoked_keys},
                                {"state_rows", report->state_rows},
                                {"state_tables", report->state_tables},
                                {"seconds", seconds}};
    std::printf("%s\n", j.dump().c_str());
  } else if (report->ok()) {
    std::printf("memoria: %s verified: %s, in %.1f s\n", parsed->positional[0].c_str(),
                Summary(*report).c_str(), seconds);
  }
  if (!report->ok()) {
    std::fprintf(stderr, "memoria: %s is damaged: %s\n", parsed->positional[0].c_str(),
                 report->problem.c_str());
    return 1;
  }
  return 0;
}

int CmdBackup(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(args, 1, {}, {"--with-keys"});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (parsed->positional.size() != 2) return Usage("backup needs DIR and OUT");
  const fs::path dir = parsed->positional[0], out = parsed->positional[1];
  if (!EmptyOrAbsent(out)) {
    return Fail(AlreadyExistsError(out.string() + " is not empty: a backup goes to a new folder"));
  }
  auto store = store::Store::Open(dir.string(), /*read_only=*/true);
  if (!store.ok()) return Fail(store.status());
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) return Fail(UnavailableError("cannot create " + out.string() + ": " + ec.message()));
  // Written under a name no archive has, then renamed: a killed backup
  // leaves no file that looks like an archive.
  const fs::path partial = out / "archive.db.partial";
  const fs::path final_path = out / store::Store::kDatabaseFile;
  const auto start = std::chrono::steady_clock::now();
  Status s = store::CopyArchive(store->get(), partial.string());
  if (s.ok() && parsed->Has("--with-keys")) s = CopyKeys(dir, out);
  if (s.ok()) {
    fs::rename(partial, final_path, ec);
    if (ec) s = UnavailableError("cannot rename the copy: " + ec.message());
  }
  if (!s.ok()) {
    fs::remove(partial, ec);
    return Fail(s);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto bytes = fs::file_size(final_path, ec);
  std::printf("memoria: backed up %s to %s (%.1f MB%s) in %.1f s\n", dir.c_str(), out.c_str(),
              static_cast<double>(ec ? 0 : bytes) / 1e6,
              parsed->Has("--with-keys") ? ", with the keys" : ", without the keys", seconds);
  return 0;
}

int CmdRestore(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(args, 1, {}, {});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (parsed->positional.size() != 2) return Usage("restore needs BACKUP and DIR");
  const fs::path backup = parsed->positional[0], dir = parsed->positional[1];
  std::error_code ec;
  if (!fs::exists(backup / store::Store::kDatabaseFile, ec)) {
    return Fail(NotFoundError(backup.string() + " holds no backup (no " +
                              store::Store::kDatabaseFile + ")"));
  }
  if (!EmptyOrAbsent(dir)) {
    return Fail(AlreadyExistsError(dir.string() + " is not empty: restore into a new folder"));
  }
  // The copy is checked in a folder of its own beside DIR, then renamed to
  // DIR: DIR never holds an archive that did not check out.
  const fs::path staging = dir.string() + ".restoring";
  fs::remove_all(staging, ec);
  fs::create_directories(staging, ec);
  if (ec) return Fail(UnavailableError("cannot create " + staging.string() + ": " + ec.message()));
  auto cleanup = [&] { fs::remove_all(staging, ec); };
  fs::copy_file(backup / store::Store::kDatabaseFile, staging / store::Store::kDatabaseFile, ec);
  if (ec) {
    cleanup();
    return Fail(UnavailableError("cannot copy the backup: " + ec.message()));
  }
  if (Status s = CopyKeys(backup, staging); !s.ok()) {
    cleanup();
    return Fail(s);
  }
  store::CheckReport report;
  {
    auto store = store::Store::Open(staging.string());
    if (!store.ok()) {
      cleanup();
      return Fail(store.status());
    }
    const store::CheckProgress progress = TerminalProgress();
    Result<store::CheckReport> checked = store::CheckArchive(store->get(), progress);
    EndProgress(progress);
    if (!checked.ok()) {
      cleanup();
      return Fail(checked.status());
    }
    report = *checked;
  }
  if (!report.ok()) {
    cleanup();
    std::fprintf(stderr, "memoria: the backup in %s is damaged, nothing restored: %s\n",
                 backup.c_str(), report.problem.c_str());
    return 1;
  }
  fs::remove(dir, ec);  // empty or absent
  fs::rename(staging, dir, ec);
  if (ec) {
    cleanup();
    return Fail(UnavailableError("cannot move the restored archive to " + dir.string() + ": " +
                                 ec.message()));
  }
  std::printf("memoria: restored %s to %s and verified %s\n", backup.c_str(), dir.c_str(),
              Summary(report).c_str());
  return 0;
}

}  // namespace memoria::cli
