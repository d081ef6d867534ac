// memoria mirror export|update|verify, and the mirror half of memoria
// serve (--mirror): signed bundles of the public view (docs/formats/mirror.md).
#include "mirror/mirror.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "cli/args.h"
#include "cli/internal/common.h"
#include "core/hash.h"
#include "store/signing.h"
#include "store/store.h"

namespace memoria::cli {
namespace {

namespace fs = std::filesystem;

std::string Megabytes(int64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f MB", static_cast<double>(bytes) / 1e6);
  return buf;
}

int Write(const std::vector<std::string>& args, bool update) {
  auto parsed = ParseArgs(args, 2, {}, {"--quiet"});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (parsed->positional.size() != 2) {
    return Usage(std::string("mirror ") + (update ? "update" : "export") + " needs DIR OUT");
  }
  const std::string& dir = parsed->positional[0];
  const std::string& out = parsed->positional[1];
  auto store = store::Store::Open(dir, /*read_only=*/true);
  if (!store.ok()) return Fail(store.status());
  auto signer = (*store)->Signer();
  if (!signer.ok()) {
    return Fail(
        FailedPreconditionError("a bundle is signed with the archive's key, which is not loaded (" +
                                std::string(signer.status().message()) + "; see memoria keys)"));
  }
  const auto start = std::chrono::steady_clock::now();
  mirror::WriteOptions options;
  options.update = update;
  if (!parsed->Has("--quiet")) {
    options.progress = [](std::string_view table, int64_t rows) {
      if (rows > 0) {
        std::fprintf(stderr, "  %-20.*s %lld rows\n", static_cast<int>(table.size()), table.data(),
                     static_cast<long long>(rows));
      }
    };
  }
  auto report = mirror::WriteBundle(store->get(), *signer, out, options);
  if (!report.ok()) return Fail(report.status());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "memoria: %s %s: %lld files, %s (%lld rows of the public view), signed by key %s\n"
      "memoria: written %lld files, %lld bytes (%s) of %lld bytes; %lld old files removed; "
      "%.1f s\n",
      update ? "updated" : "exported", out.c_str(), static_cast<long long>(report->files),
      Megabytes(report->bytes).c_str(), static_cast<long long>(report->rows),
      signer->public_key().Id().c_str(), static_cast<long long>(report->files_written),
      static_cast<long long>(report->bytes_written), Megabytes(report->bytes_written).c_str(),
      static_cast<long long>(report->bytes), static_cast<long long>(report->files_removed),
      seconds);
  if (update) {
    std::printf("memoria: %lld tables read again, %lld unchanged since the bundle's ledger entry\n",
                static_cast<long long>(report->tables_read),
                static_cast<long long>(report->tables_kept));
  }
  return 0;
}

// The key to check a bundle against: --key FILE, else the one the manifest
// names (which proves the bundle whole, not whose it is).
Result<store::PublicKey> KeyFor(const std::string& out, const std::string& key_file,
                                bool* trusted) {
  *trusted = !key_file.empty();
  if (*trusted) return store::ReadPublicKeyFile(key_file);
  MEMORIA_ASSIGN_OR_RETURN(mirror::Manifest manifest, mirror::ReadManifest(out));
  return store::PublicKey::FromHex(manifest.public_key);
}

// Checks the bundle; prints what it found. Returns the report when clean.
Result<mirror::VerifyReport> CheckBundle(const std::string& out, const store::PublicKey& key) {
  MEMORIA_ASSIGN_OR_RETURN(mirror::VerifyReport report, mirror::VerifyBundle(out, key));
  for (const std::string& p : report.problems) std::fprintf(stderr, "memoria: %s\n", p.c_str());
  if (!report.problems.empty()) {
    return DataLossError("the bundle in " + out + " does not verify: " +
                         std::to_string(report.problems.size()) + " problem(s)");
  }
  return report;
}

int Verify(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(args, 2, {"--key"}, {});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (parsed->positional.size() != 1) return Usage("mirror verify needs OUT");
  if (!parsed->Has("--key")) {
    return Usage("mirror verify needs --key PUBFILE (the archive's keys/archive.pub)");
  }
  const std::string& out = parsed->positional[0];
  auto key = store::ReadPublicKeyFile(parsed->Get("--key"));
  if (!key.ok()) return Fail(key.status());
  auto report = CheckBundle(out, *key);
  if (!report.ok()) return Fail(report.status());
  std::printf(
      "memoria: %s verifies: manifest.json signed by key %s (created %s); %lld files, %lld "
      "bytes, each of the size and SHA-256 the manifest lists; no file missing or added\n",
      out.c_str(), key->Id().c_str(), report->manifest.created_at.c_str(),
      static_cast<long long>(report->files_checked), static_cast<long long>(report->bytes_checked));
  return 0;
}

}  // namespace

int CmdMirror(const std::vector<std::string>& args) {
  if (args.size() < 2) return Usage("mirror needs export, update or verify");
  if (args[1] == "export") return Write(args, /*update=*/false);
  if (args[1] == "update") return Write(args, /*update=*/true);
  if (args[1] == "verify") return Verify(args);
  return Usage("unknown mirror command '" + args[1] + "'");
}

Result<std::string> PrepareMirror(const std::string& out, const std::string& key_file,
                                  const std::string& cache) {
  bool trusted = false;
  MEMORIA_ASSIGN_OR_RETURN(store::PublicKey key, KeyFor(out, key_file, &trusted));
  MEMORIA_ASSIGN_OR_RETURN(mirror::VerifyReport report, CheckBundle(out, key));
  std::printf("memoria: %s verifies (%lld files, signed by key %s)\n", out.c_str(),
              static_cast<long long>(report.files_checked), key.Id().c_str());
  if (!trusted) {
    std::printf(
        "memoria: checked against the key the bundle names itself; give --key with the "
        "archive's published keys/archive.pub to know whose it is\n");
  }
  // The archive made from this bundle, kept per manifest: a restart on the
  // same bundle loads nothing.
  MEMORIA_ASSIGN_OR_RETURN(Sha256Digest digest,
                           Sha256File((fs::path(out) / mirror::kManifestFile).string()));
  const std::string manifest_sha = ToHex(digest);
  std::string dir = cache;
  if (dir.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    dir = (fs::path(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") /
           ("memoria-mirror-" + manifest_sha.substr(0, 16)))
              .string();
  }
  const fs::path marker = fs::path(dir) / "mirror-manifest.sha256";
  std::error_code ec;
  if (fs::exists(marker, ec)) {
    auto text = [&]() -> std::string {
      FILE* f = std::fopen(marker.c_str(), "r");
      if (f == nullptr) return "";
      char buf[80] = {};
      const size_t n = std::fread(buf, 1, 64, f);
      std::fclose(f);
      return std::string(buf, n);
    }();
    if (text == manifest_sha) return dir;
    // Another bundle's archive: made again.
    fs::remove(fs::path(dir) / store::Store::kDatabaseFile, ec);
    fs::remove(fs::path(dir) / "archive.db-wal", ec);
    fs::remove(fs::path(dir) / "archive.db-shm", ec);
    fs::remove(marker, ec);
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().filename().string().starts_with("site-figures")) fs::remove(entry, ec);
    }
  } else if (fs::exists(fs::path(dir) / store::Store::kDatabaseFile, ec)) {
    return AlreadyExistsError(dir + " holds an archive that is not a mirror's; give --cache");
  }
  std::printf("memoria: loading the bundle into %s\n", dir.c_str());
  MEMORIA_RETURN_IF_ERROR(mirror::LoadBundle(out, report.manifest, dir));
  FILE* f = std::fopen(marker.c_str(), "w");
  if (f == nullptr) return DataLossError("cannot write " + marker.string());
  std::fputs(manifest_sha.c_str(), f);
  std::fclose(f);
  return dir;
}

}  // namespace memoria::cli
