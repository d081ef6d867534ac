// ingest/ turns published lists into source records and the facts derived
// from them. Each import profile knows one format:
//
//   memorial-lists  the TSV of Memorial's full victims database
//                   (docs/formats/memorial-lists.md)
//   mos-memo        the "Shot in Moscow" CSV with free-text biographies
//   openlist        an Open List export: names.csv (every name of a person,
//                   main and alternative) plus one attribute file per field
//   csv             any CSV/TSV with a JSON mapping file from columns to
//                   fields (docs/formats/csv-mapping.md)
//   places          a gazetteer CSV: street renamings (modern_name,old_name)
//                   or geocoded buildings (street,house,...,longitude,
//                   latitude), written to the places and place_names tables
//                   (docs/formats/places.md); it adds no persons
//   prisoners       a political-prisoners list (docs/formats/prisoners.md):
//                   persons, cases, articles, dated statuses, places of
//                   detention and assessments; a newer export adds only
//                   what changed
//   publications    statements and news (a list page as text, or one
//                   Markdown file with a header), linked to the persons
//                   of the archive's cases they name
//
// Every row read is stored verbatim as a source record (its fields as a JSON
// object under "raw", its line, its content hash); a row whose content the
// source already holds is counted as a duplicate and adds nothing, so
// importing the same file twice changes nothing. Rows that cannot be read or
// understood (wrong field count, invalid UTF-8, an unparseable date, an
// over-long field) are rejected and reported with file and line; the rest of
// the file is imported. Structural problems (a missing or unknown column in
// the header, a file that is not UTF-8, an unterminated quote, an I/O error)
// refuse the whole import.
//
// One call to Import() is one SQLite transaction: it commits whole or not at
// all, so a failed or killed import leaves the archive as it was.
//
// Thread safety: Import() uses the store from the calling thread only.
#ifndef MEMORIA_INGEST_INGEST_H_
#define MEMORIA_INGEST_INGEST_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace memoria::ingest {

struct Rejection {
  int64_t line = 0;
  std::string reason;
};

struct FileReport {
  std::string file;
  std::string profile;
  int64_t rows_read = 0;  // data rows, header excluded
  int64_t records_added = 0;
  int64_t duplicates = 0;  // rows whose content the source already held
  int64_t rows_rejected = 0;
  int64_t persons_added = 0;
  int64_t names_added = 0;
  int64_t events_added = 0;
  int64_t attributes_added = 0;
  int64_t places_added = 0;           // places profile: streets and buildings
  int64_t place_names_added = 0;      // places profile: their names
  std::vector<Rejection> rejections;  // the first kMaxRejectionsKept
  // Set when a file with the same SHA-256 was imported before (under any
  // name, into any source) by a batch that stands: the file added nothing.
  std::optional<store::BatchInfo> already_imported;
};

struct ImportReport {
  std::vector<FileReport> files;
  bool dry_run = false;
  double seconds = 0;
};

inline constexpr size_t kMaxRejectionsKept = 1000;

// A file whose rows are (nearly) all rejected is refused whole: more than
// kRefuseRejectedPercent % of its rows when it has at least
// kRefuseMinRows rows, every row of a smaller file.
inline constexpr int64_t kRefuseMinRows = 10;
inline constexpr int64_t kRefuseRejectedPercent = 90;

// Whether a file with these counts is refused as (nearly) all rejected.
bool MostlyRejected(int64_t rows_read, int64_t rows_rejected);

struct ImportOptions {
  std::string
      profile;  // memorial-lists | mos-memo | openlist | csv | places | prisoners | publications
  std::string mapping_path;  // csv profile: the JSON mapping file
  bool dry_run = false;      // do everything, then roll back
  // The key of an existing source that the files add to. Without it, a file
  // whose source key (the mapping's source.key, or the profile's default
  // key) names a source already in the archive is refused.
  std::string append_to;
  // The visibility of what the files bring (memoria import --visibility):
  // above public, every record and every person of the import is raised to
  // it, and so is a source the import creates.
  store::Visibility visibility = store::Visibility::kPublic;
  // Called now and then with (file, bytes done, bytes total, rows read).
  std::function<void(const std::string&, uint64_t, uint64_t, int64_t)> progress;
};

// The profile names Import() accepts.
std::vector<std::string> ProfileNames();

// Imports "files" into *store under one transaction. Returns the report on
// success (rejected rows are in the report, not errors). Returns
// kInvalidArgument for an unknown profile, a bad mapping, a structural
// problem in a file (the message names file and line), a file whose rows are
// (nearly) all rejected (MostlyRejected; the message carries an encoding
// hint when the rows were not UTF-8), or a source key that exists without
// options.append_to; kNotFound for a missing file or an unknown
// options.append_to; and any store error; in every error case nothing is
// written. A file imported before (same SHA-256) adds nothing and is
// reported with FileReport::already_imported.
Result<ImportReport> Import(store::Store* store, const std::vector<std::string>& files,
                            const ImportOptions& options);

}  // namespace memoria::ingest

#endif  // MEMORIA_INGEST_INGEST_H_
