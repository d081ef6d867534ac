// export/ writes the public view of an archive: one person at a time as JSON
// (the `memoria show --json` and JSON Lines form) or text, and whole-archive
// exports in JSON Lines and CSV. Only facts and records visible to the public
// go out (store::Visibility::kPublic).
//
// JSON Lines: one object per person with person_id, names, events,
// attributes and records; each record gives its source, file, line, content
// hash and its original fields under "raw", exactly as imported. Field names
// and meanings: docs/formats/json.md (shared with the website's API).
// CSV: one row per person (RFC 4180) with every public fact in fixed
// columns (docs/formats/csv-export.md): the main name, the birth and death
// store::ChooseLifeEvents picks (the archive's one rule, store/reader.h),
// every name, every event's date, place and details by type, every
// attribute by kind; several values in one cell are one per line.
//
// Thread safety: uses the store from the calling thread only.
#ifndef MEMORIA_EXPORT_EXPORT_H_
#define MEMORIA_EXPORT_EXPORT_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/reader.h"

namespace memoria::exports {

// The person as one JSON object (docs/formats/json.md, "person"). Returns
// kDataLoss, naming the record and person, when a record's stored raw fields
// are not valid JSON (every importer stores JSON, so that is damage).
Result<nlohmann::ordered_json> PersonJson(const store::PersonView& person);

// A plain-text rendering for the terminal, with the provenance of each fact.
std::string PersonText(const store::PersonView& person);

// The pieces of the exports, for streaming them elsewhere (the website):
// the CSV header line, one person's CSV row and one person's JSON line, each
// ending in a newline. PersonJsonLine returns PersonJson's errors.
std::string_view CsvHeader();
std::string PersonCsvRow(const store::PersonView& person);
Result<std::string> PersonJsonLine(const store::PersonView& person);

// Streams every person "reader" sees (the public view for a published
// export) to *out in "jsonl" or "csv". Returns the number
// of persons written; kInvalidArgument for another format; kDataLoss when the
// stream fails or (jsonl) a stored record's raw fields are not valid JSON,
// after writing the persons before it.
// A UTF-8 byte order mark, which spreadsheet programs need to read a CSV
// as UTF-8 (ExportOptions::bom, /api/v1/export.csv?bom=1).
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

struct ExportOptions {
  bool bom = false;  // csv: start with kUtf8Bom
};

Result<int64_t> Export(store::Reader* reader, std::string_view format, std::ostream* out,
                       const ExportOptions& options = {});

}  // namespace memoria::exports

#endif  // MEMORIA_EXPORT_EXPORT_H_
