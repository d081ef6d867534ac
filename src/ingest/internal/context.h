// The shared machinery of the import profiles: one FileContext per file
// imported, which owns the batch, counts into the FileReport and turns rows
// into source records.
#ifndef MEMORIA_INGEST_INTERNAL_CONTEXT_H_
#define MEMORIA_INGEST_INTERNAL_CONTEXT_H_

#include <cstring>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/edtf.h"
#include "core/hash.h"
#include "ingest/csv.h"
#include "ingest/ingest.h"
#include "store/store.h"
#include "store/write.h"

namespace memoria::ingest::internal {

class FileContext {
 public:
  FileContext(store::WriteTransaction* tx, const ImportOptions& options, FileReport* report)
      : tx_(tx), options_(options), report_(report) {}

  // Every write of the import goes through this one transaction.
  store::WriteTransaction* tx() { return tx_; }
  FileReport* report() { return report_; }
  int64_t source_id() const { return source_id_; }
  int64_t batch_id() const { return batch_id_; }

  // Opens the batch for "path" in the source "source" (or in the source
  // options.append_to names). A file with the SHA-256 of a standing batch
  // opens nothing: skipped() is then true and the report says which batch
  // imported it. Refuses an existing source that options.append_to does not
  // name (sources created by this same import excepted).
  Status Begin(const store::SourceInfo& source, const std::string& path);
  // Closes the batch; refuses the file when MostlyRejected().
  Status Finish();
  bool skipped() const { return skipped_; }

  // Stores a row as a source record whose raw JSON pairs header[i] with
  // fields[i]. Returns the record id, or 0 for a duplicate (counted).
  Result<int64_t> AddRecord(int64_t line, std::string_view external_id,
                            const std::vector<std::string>& header,
                            const std::vector<std::string_view>& fields);
  // The same for a row whose raw JSON and hash were prepared ahead.
  Result<int64_t> AddPreparedRecord(int64_t line, std::string_view external_id,
                                    std::string_view raw, const Sha256Digest& hash);
  // The same for a row packed under a record layout (store/record_codec.h);
  // "hash" is the SHA-256 of its canonical content (BuildRawJson's text).
  Result<int64_t> AddPackedRecord(int64_t line, std::string_view external_id, int64_t layout_id,
                                  std::string_view packed, const Sha256Digest& hash);
  Result<int64_t> NewPerson(int64_t record_id);
  // A person for each of "record_ids" (WriteTransaction::AddPersonsForRecords);
  // returns the first one's id, the others following in order.
  Result<int64_t> NewPersons(std::span<const int64_t> record_ids);

  // Counts and keeps a rejected row.
  void Reject(int64_t line, std::string reason);

  // Fact helpers that count into the report. Empty values are skipped.
  Status Name(int64_t person, int64_t record, std::string_view kind, std::string_view surname,
              std::string_view given, std::string_view patronymic);
  Status NameFact(const store::NameFact& name);
  Status Event(store::EventFact event);
  // Many facts at once (WriteTransaction::AddFacts), counted.
  Status Facts(std::span<const store::NameFact> names, std::span<const store::EventFact> events,
               std::span<const store::AttributeFact> attributes);
  Status Attribute(int64_t person, int64_t record, std::string_view kind, std::string_view value);

  // Progress callback, rate-limited by the caller's row count.
  void Progress(const CsvReader& reader, int64_t rows);

 private:
  store::WriteTransaction* tx_;
  const ImportOptions& options_;
  FileReport* report_;
  int64_t source_id_ = 0;
  int64_t batch_id_ = 0;
  bool skipped_ = false;
  struct DigestHash {
    size_t operator()(const Sha256Digest& d) const {
      size_t h;
      std::memcpy(&h, d.data(), sizeof h);
      return h;
    }
  };
  // Writes a record with "hash" by add(occurrence), numbering exact copies.
  Result<int64_t> AddWithOccurrence(const Sha256Digest& hash,
                                    const std::function<Result<int64_t>(int64_t)>& add);

  std::string raw_;  // reused buffer
  // For contents that met an existing record: how many copies of it this
  // file has shown so far (see WriteTransaction::AddRecord's "occurrence").
  std::unordered_map<Sha256Digest, int64_t, DigestHash> seen_;
};

// Builds {"h0":"f0","h1":"f1",...} with every field exactly as read.
void BuildRawJson(const std::vector<std::string>& header,
                  const std::vector<std::string_view>& fields, std::string* out);

// Reads the header row; refuses files whose header is not valid UTF-8 or
// names a column twice.
Result<std::vector<std::string>> ReadHeader(CsvReader* reader, const std::string& path);

// A hint naming the likely encoding of a file that is not UTF-8 ("the file
// looks like Windows-1251; convert it with iconv ..."), or "" when its
// first bytes are valid UTF-8.
std::string EncodingHint(const std::string& path);

// Opens a reader with a profile's options; a missing file is kNotFound.
Result<std::unique_ptr<CsvReader>> OpenTable(const std::string& path, const CsvOptions& options);

// Reads the data rows of "reader" (header already read). Rows the reader
// rejects, and rows whose field count is not "expected_fields" (0: any), are
// rejected with their line; a structural error (CsvReader::broken()) is
// returned annotated with "path". Calls fn for every other row; an error from
// fn ends the import.
Status ForEachRow(FileContext* ctx, CsvReader* reader, const std::string& path,
                  size_t expected_fields,
                  const std::function<Status(int64_t, const std::vector<std::string_view>&)>& fn);

// Each profile imports one file (or, for openlist, one export folder).
Status ImportMemorialLists(FileContext* ctx, const std::string& path);
Status ImportMosMemo(FileContext* ctx, const std::string& path);
Status ImportOpenList(store::WriteTransaction* tx, const ImportOptions& options,
                      const std::string& path, ImportReport* report);
Status ImportMappedCsv(FileContext* ctx, const std::string& path, const std::string& mapping);
Status ImportPlaces(FileContext* ctx, const std::string& path);
// prisoners.cc and publications.cc (docs/formats/prisoners.md).
Status ImportPrisoners(FileContext* ctx, const std::string& path);
Status ImportPublications(FileContext* ctx, const std::string& path);

}  // namespace memoria::ingest::internal

#endif  // MEMORIA_INGEST_INTERNAL_CONTEXT_H_
