// WriteTransaction is the one write path of the archive: every row memoria
// writes is written by one of its typed calls, inside one SQLite transaction
// that is committed whole or not at all.
//
//   MEMORIA_ASSIGN_OR_RETURN(store::WriteTransaction tx, store->BeginWrite());
//   MEMORIA_ASSIGN_OR_RETURN(int64_t source, tx.EnsureSource(info));
//   ...
//   MEMORIA_RETURN_IF_ERROR(tx.Commit());
//
// A transaction that is destroyed without Commit() rolls back. Commit()
// bumps the archive's data version (and its names version when names, births
// or visibilities changed) in the same transaction, so every cache keyed by
// them (the page cache, the site's figures, the name index) sees every
// committed write, an update of a visibility included (Reader::DataVersion).
// After a large transaction (an import) Commit() also checkpoints the
// write-ahead log and truncates it, so the WAL does not grow to the size of
// the archive.
//
// Thread safety: like its Store, one thread at a time.
#ifndef MEMORIA_STORE_WRITE_H_
#define MEMORIA_STORE_WRITE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/hash.h"
#include "core/result.h"
#include "store/accounts.h"
#include "store/store.h"

namespace memoria::store {

// The kinds of row that carry a visibility.
enum class Hideable { kSource, kRecord, kClaim, kPerson, kName, kEvent, kAttribute };

class WriteTransaction {
 public:
  WriteTransaction(WriteTransaction&& other) noexcept;
  WriteTransaction& operator=(WriteTransaction&&) = delete;
  ~WriteTransaction();

  // Makes every write of this transaction durable. After Commit() (and
  // after a failed one) the transaction is finished.
  Status Commit();
  // Undoes every write of this transaction.
  Status Rollback();

  // The id of the source with info.key, created from "info" if absent.
  Result<int64_t> EnsureSource(const SourceInfo& info);
  // The id of the source with this key, or 0.
  Result<int64_t> FindSource(std::string_view key);
  // Whether EnsureSource created this source within this transaction.
  bool CreatedSource(int64_t source_id) const;
  // The oldest batch that is not retracted and imported a file with this
  // SHA-256 (lower-case hex), into any source; nullopt when there is none.
  Result<std::optional<BatchInfo>> FindBatchBySha(std::string_view file_sha256);
  // Retracts an import batch: its records, and every fact read from them,
  // leave every visible_* view (a person left without a visible name goes
  // with them), while the rows stay in the archive. kNotFound for no such
  // batch, kFailedPrecondition for a batch already retracted.
  Status RetractBatch(int64_t batch_id);
  Result<int64_t> BeginBatch(int64_t source_id, std::string_view profile,
                             std::string_view file_name, std::string_view file_sha256);
  Status FinishBatch(int64_t batch_id, const BatchCounts& counts);
  // Adds a source record; "raw" is a JSON object of the original fields.
  // Returns the new record's id, or 0 when the source already holds a record
  // with the same content (the import is then idempotent).
  // "hash", when given, must be Sha256(raw) (computed ahead by the caller).
  // "occurrence" numbers exact repeats of one row within a file (1 for the
  // first copy), so that a file repeating a row keeps every copy while a
  // re-import still adds nothing.
  Result<int64_t> AddRecord(int64_t source_id, int64_t batch_id, int64_t position,
                            std::string_view external_id, std::string_view raw,
                            const Sha256Digest* hash = nullptr, int64_t occurrence = 1,
                            Visibility visibility = Visibility::kPublic);
  // The batch that wrote the record with this content and occurrence, or 0;
  // *retracted (when given) says whether that batch has been retracted.
  Result<int64_t> RecordBatch(int64_t source_id, const Sha256Digest& hash, int64_t occurrence,
                              bool* retracted = nullptr);
  Result<int64_t> AddPerson(int64_t batch_id, Visibility visibility = Visibility::kPublic);
  Status LinkRecord(int64_t person_id, int64_t record_id, std::string_view method);
  // The person holding a record of this source with this external id, or 0.
  // Records of retracted batches are not considered.
  Result<int64_t> FindPersonByExternalId(int64_t source_id, std::string_view external_id);
  // A statement made by a person rather than read from a record (an
  // editor's correction): facts may cite it instead of a record.
  Result<int64_t> AddClaim(std::string_view author, std::string_view statement,
                           std::string_view citation, Visibility visibility);
  // Each returns the new fact's id.
  Result<int64_t> AddName(const NameFact& name);
  Result<int64_t> AddEvent(const EventFact& event);
  Result<int64_t> AddAttribute(const AttributeFact& attribute);
  // Adds a gazetteer entry to the places table ("kind": "street",
  // "building", ...) and returns its id. "lat"/"lon" are WGS 84 degrees,
  // both or neither; the caller checks their range. The entry has no parent.
  Result<int64_t> AddPlace(std::string_view kind, std::string_view name, std::optional<double> lat,
                           std::optional<double> lon);
  // The first place of "kind" named exactly "name", or 0.
  Result<int64_t> FindPlace(std::string_view kind, std::string_view name);
  // Adds a name of place "place_id" to place_names: "name" as written,
  // "norm" its lookup key (docs/formats/places.md), taken from source record
  // "record_id" (> 0), valid over the EDTF interval [valid_from, valid_to]
  // ("" for open). Returns the store's error for an unknown place or record.
  Status AddPlaceName(int64_t place_id, std::string_view name, std::string_view norm,
                      int64_t record_id, std::string_view valid_from = "",
                      std::string_view valid_to = "");

  // Sets the visibility of one row. Returns kNotFound when there is no such
  // row. Hiding a source, a record, a claim or a person hides every fact
  // that rests on it (store/reader.h).
  Status SetVisibility(Hideable kind, int64_t id, Visibility visibility);

  // Raises every record of import batch "batch_id", and every person it
  // created, to at least "visibility" (memoria import --visibility; in
  // write_visibility.cc). kNotFound for no such batch.
  Status SetBatchVisibility(int64_t batch_id, Visibility visibility);

  // Accounts and the audit log (store/accounts.h; written in accounts.cc).
  // AddAccount returns the new account's id, kAlreadyExists when the name
  // is taken and kInvalidArgument for a role the schema does not know.
  Result<int64_t> AddAccount(std::string_view name, std::string_view role,
                             std::string_view password_hash);
  // Applies the fields "change" sets to account "id"; kNotFound when there
  // is no such account.
  Status UpdateAccount(int64_t id, const AccountChange& change);
  // Appends one entry (its "at" is now when empty); returns its id.
  Result<int64_t> AppendAudit(const AuditEntry& entry);

 private:
  friend class Store;
  explicit WriteTransaction(Store* store);
  // Counts one operation of the transaction (a write, or a read made
  // inside it, which can fail as well); fails it when the store's fault
  // injection says so.
  Status Tick();
  Status Finish(std::string_view sql);

  Store* store_;                          // nullptr once finished
  bool names_changed_ = false;            // names or births added, or anything below
  bool names_removed_ = false;            // a visibility changed: something may be hidden
  int64_t first_write_ = 0;               // the store's write count when the transaction began
  std::vector<int64_t> created_sources_;  // by EnsureSource, in this transaction
};

}  // namespace memoria::store

#endif  // MEMORIA_STORE_WRITE_H_
