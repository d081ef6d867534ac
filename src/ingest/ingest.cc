#include "ingest/ingest.h"

#include <chrono>
#include <filesystem>

#include "ingest/internal/context.h"

namespace memoria::ingest {

bool MostlyRejected(int64_t rows_read, int64_t rows_rejected) {
  if (rows_read <= 0 || rows_rejected <= 0) return false;
  if (rows_read < kRefuseMinRows) return rows_rejected == rows_read;
  return rows_rejected * 100 > rows_read * kRefuseRejectedPercent;
}

std::vector<std::string> ProfileNames() {
  return {"memorial-lists", "mos-memo", "openlist", "csv", "places", "prisoners", "publications"};
}

Result<ImportReport> Import(store::Store* store, const std::vector<std::string>& files,
                            const ImportOptions& options) {
  auto start = std::chrono::steady_clock::now();
  bool known = false;
  for (const std::string& p : ProfileNames()) known |= (p == options.profile);
  if (!known) {
    return InvalidArgumentError(
        "unknown profile '" + options.profile +
        "' (expected memorial-lists, mos-memo, openlist, csv, places, prisoners or publications)");
  }
  if (files.empty()) return InvalidArgumentError("no files to import");
  for (const std::string& f : files) {
    std::error_code ec;
    if (!std::filesystem::exists(f, ec)) return NotFoundError("no such file: " + f);
    if (std::filesystem::is_directory(f, ec) && options.profile != "openlist") {
      return InvalidArgumentError(f + " is a directory");
    }
  }

  ImportReport report;
  report.dry_run = options.dry_run;
  MEMORIA_ASSIGN_OR_RETURN(store::WriteTransaction tx, store->BeginWrite());
  for (const std::string& f : files) {
    if (options.profile == "openlist") {
      MEMORIA_RETURN_IF_ERROR(internal::ImportOpenList(&tx, options, f, &report));
      continue;
    }
    report.files.push_back(FileReport{});
    FileReport* r = &report.files.back();
    r->file = f;
    r->profile = options.profile;
    internal::FileContext ctx(&tx, options, r);
    if (options.profile == "memorial-lists") {
      MEMORIA_RETURN_IF_ERROR(internal::ImportMemorialLists(&ctx, f));
    } else if (options.profile == "mos-memo") {
      MEMORIA_RETURN_IF_ERROR(internal::ImportMosMemo(&ctx, f));
    } else if (options.profile == "places") {
      MEMORIA_RETURN_IF_ERROR(internal::ImportPlaces(&ctx, f));
    } else if (options.profile == "prisoners") {
      MEMORIA_RETURN_IF_ERROR(internal::ImportPrisoners(&ctx, f));
    } else if (options.profile == "publications") {
      MEMORIA_RETURN_IF_ERROR(internal::ImportPublications(&ctx, f));
    } else {
      MEMORIA_RETURN_IF_ERROR(internal::ImportMappedCsv(&ctx, f, options.mapping_path));
    }
  }
  // Files all imported before wrote nothing: the archive's data version
  // (and every cache kept for it: pages, figures, indexes) stays.
  bool nothing_new = !report.files.empty();
  for (const FileReport& f : report.files) nothing_new &= f.already_imported.has_value();
  if (options.dry_run || nothing_new) {
    MEMORIA_RETURN_IF_ERROR(tx.Rollback());
  } else {
    MEMORIA_RETURN_IF_ERROR(tx.Commit());
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace memoria::ingest
