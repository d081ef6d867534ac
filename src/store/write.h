// WriteTransaction is the one write path of the archive: every row memoria
// writes is written by one of its typed calls, inside one SQLite transaction
// that is committed whole or not at all.
//
//   MEMORIA_ASSIGN_OR_RETURN(store::WriteTransaction tx, store->BeginWrite());
//   MEMORIA_ASSIGN_OR_RETURN(int64_t source, tx.EnsureSource(info));
//   ...
//   MEMORIA_RETURN_IF_ERROR(tx.Commit());
//
// Every committed transaction that changed rows appends one entry to the
// ledger (docs/formats/ledger.md) in the same SQLite transaction: its kind
// and body come from the AppendLedger notes of the typed calls, and the
// state digest moves by exactly the rows written (store/internal/ledger.h).
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

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/hash.h"
#include "core/result.h"
#include "ledger/entry.h"
#include "store/accounts.h"
#include "store/case_drafts.h"
#include "store/cases.h"
#include "store/edits.h"
#include "store/merge.h"
#include "store/registers.h"
#include "store/store.h"

namespace memoria::store {

// The kinds of row that carry a visibility.
enum class Hideable { kSource, kRecord, kClaim, kPerson, kName, kEvent, kAttribute };

// A source record in the packed encoding (store/record_codec.h): the values
// of one row under a record layout (WriteTransaction::EnsureRecordLayout).
struct PackedRecord {
  int64_t source_id = 0;
  int64_t batch_id = 0;
  int64_t position = 0;          // line in the file
  std::string_view external_id;  // "" for none
  int64_t layout_id = 0;
  std::string_view packed;  // PackFields of the row's fields, one per column
  // SHA-256 of the record's canonical content: RecordJson of the layout's
  // columns and the fields, the same text an unpacked record stores as raw.
  Sha256Digest hash{};
  int64_t occurrence = 1;
  Visibility visibility = Visibility::kPublic;
};

class RecordCompressor;

class WriteTransaction {
 public:
  WriteTransaction(WriteTransaction&& other) noexcept;
  WriteTransaction& operator=(WriteTransaction&&) = delete;
  ~WriteTransaction();

  // Makes every write of this transaction durable. After Commit() (and
  // after a failed one) the transaction is finished.
  Status Commit();
  // The store written (for reads inside the transaction); nullptr once
  // finished.
  Store* store() const { return store_; }
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
  // The id of the record layout with these column names (in file order),
  // created if absent; files with the same columns share one layout.
  Result<int64_t> EnsureRecordLayout(const std::vector<std::string>& columns);
  // Adds a packed source record. Returns the new record's id, or 0 when the
  // source already holds a record with the same content hash and occurrence
  // (packed or not: both are identified by the hash of the same canonical
  // content). REQUIRES: record.hash is the SHA-256 of that content.
  Result<int64_t> AddPackedRecord(const PackedRecord& record);
  // The batch that wrote the record with this content and occurrence, or 0;
  // *retracted (when given) says whether that batch has been retracted.
  Result<int64_t> RecordBatch(int64_t source_id, const Sha256Digest& hash, int64_t occurrence,
                              bool* retracted = nullptr);
  Result<int64_t> AddPerson(int64_t batch_id, Visibility visibility = Visibility::kPublic);
  Status LinkRecord(int64_t person_id, int64_t record_id, std::string_view method);
  // Adds one person for each record of "record_ids", of batch "batch_id",
  // linked to it by "method", as AddPerson and LinkRecord would one by one,
  // in multi-row INSERT statements. Returns the first new person's id; the
  // others follow it one by one, in the order of "record_ids".
  Result<int64_t> AddPersonsForRecords(int64_t batch_id, std::span<const int64_t> record_ids,
                                       std::string_view method);
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
  // Adds many facts at once, as AddName, AddEvent and AddAttribute would one
  // by one (each fact names its person and its record or claim), in
  // multi-row INSERT statements: the import's fast path. New ids are not
  // returned; within each table they follow the order of the spans.
  Status AddFacts(std::span<const NameFact> names, std::span<const EventFact> events,
                  std::span<const AttributeFact> attributes);
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

  // Registers of persecution (store/registers.h; implemented in
  // register_write.cc). The register with info.key: created (on source
  // "source_id") when absent; kFailedPrecondition when it exists with
  // another profile.
  Result<RegisterInfo> EnsureRegister(const RegisterInfo& info, int64_t source_id);
  // The register's snapshot with this SHA-256 or, failing that, this as-of
  // date; nullopt when it has neither.
  Result<std::optional<SnapshotInfo>> FindSnapshot(int64_t register_id, std::string_view sha256,
                                                   std::string_view as_of);
  // Keeps a snapshot's file verbatim; returns its id. info.id is ignored.
  Result<int64_t> AddSnapshot(const SnapshotInfo& info, std::string_view content);
  // Calls fn for every snapshot of the register with its file, oldest as-of
  // first, one file in memory at a time. Stops at fn's first error.
  Status ForEachSnapshot(int64_t register_id,
                         const std::function<Status(const StoredSnapshot&)>& fn);
  // Replaces the register's derived history (its versions and events) with
  // "history". Entries are kept by number (with their visibility and
  // person); new numbers are added. Returns the entries' ids, in the order
  // of history.entries.
  Result<std::vector<int64_t>> ReplaceRegisterHistory(int64_t register_id,
                                                      const DerivedHistory& history);
  // Links an entry to its person in the archive.
  Status SetRegisterEntryPerson(int64_t entry_id, int64_t person_id);
  // The person already linked to a register entry, or 0.
  Result<int64_t> RegisterEntryPerson(int64_t entry_id);
  // A live, unhidden person with a main name whose normalised parts are
  // these and a birth event dated exactly "birth" (EDTF), other than those
  // already holding a record of source "except_source"; 0 when there is
  // none, or more than one.
  Result<int64_t> FindPersonByNameAndBirth(std::string_view norm_surname,
                                           std::string_view norm_given,
                                           std::string_view norm_patronymic, std::string_view birth,
                                           int64_t except_source);
  Status SetRegisterEntryVisibility(int64_t entry_id, Visibility visibility);
  // Prepares a load large against what the archive holds: when it holds at
  // most "expected_rows" records, drops the secondary indexes of the tables
  // an import fills (records, persons, person_records, names, events,
  // attributes; unique indexes stay, so duplicates are still found) and
  // returns true. EndBulkLoad() builds them again, in one sorted pass per
  // index, which is much cheaper than keeping them up to date row by row;
  // Commit() does it too if the caller has not, so no committed archive
  // lacks an index, and a rollback restores them with everything else.
  // Between the two, FindPersonByExternalId reads without its index.
  Result<bool> BeginBulkLoad(int64_t expected_rows);
  // Builds the indexes that BeginBulkLoad dropped (none: nothing to do).
  Status EndBulkLoad();
  // Cases and the political-prisoners list (store/cases.h, write_cases.cc).
  // Each returns the new row's id; the store's error (kFailedPrecondition)
  // for a row without exactly one of record and claim, an unknown person,
  // case or publication, or a value outside its set (status, verdict, role,
  // kind).
  // AddCase writes the case with its articles.
  Result<int64_t> AddCase(const CaseFact& fact);
  // Replaces a case's facts (and articles) by those of "fact" (fact.id),
  // which a newer record of the list states: the case then rests on that
  // record. kNotFound for no such case.
  Status UpdateCase(const CaseFact& fact);
  Result<int64_t> AddInvolvement(const InvolvementFact& fact);
  Result<int64_t> AddDetention(const DetentionFact& fact);
  Result<int64_t> AddStatusChange(const StatusChangeFact& fact);
  Result<int64_t> AddAssessment(const AssessmentFact& fact);
  Result<int64_t> AddPublication(const PublicationFact& fact);
  // The editorial workflow of cases (store/case_drafts.h; written in
  // case_drafts.cc). Each draft rests on a new claim by "note.author"
  // citing "note.citation" (kInvalidArgument when empty), is written in
  // state draft (in no view) and logged in case_reviews; returns its id.
  // kNotFound for no such person.
  Result<int64_t> DraftAssessment(AssessmentFact fact, const ReviewNote& note);
  Result<int64_t> DraftStatusChange(StatusChangeFact fact, const ReviewNote& note);
  // A new case prosecuting "person_id".
  Result<int64_t> DraftCase(CaseFact fact, int64_t person_id, const ReviewNote& note);
  // Publishes a pending draft (an assessment's approved_by is the
  // reviewer) or rejects it (it stays a draft, in no view, and leaves the
  // queue). kNotFound for no such draft; kFailedPrecondition when it is
  // published or rejected already.
  Status PublishDraft(DraftItem item, int64_t id, const ReviewNote& note);
  Status RejectDraft(DraftItem item, int64_t id, const ReviewNote& note);
  // Links a publication to a person (person_id) or a case (case_id).
  Status LinkPublication(int64_t publication_id, int64_t person_id, int64_t case_id);
  // What an import of a newer export compares a row with: the person's
  // newest case (of any provenance, drafts included), status, assessment
  // and place of detention as stored (not filtered by visibility: the
  // import writes the archive's own rows).
  struct PrisonerState {
    int64_t case_id = 0;
    CaseFact case_fact;                       // when case_id != 0 (its articles included)
    std::string status, status_date;          // "" when none
    std::string assessment, assessment_date;  // "" when none
    std::string facility, address;            // "" when none
  };
  Result<PrisonerState> PrisonerStateOf(int64_t person_id);
  // Persons with a status change or an assessment, with the surname and
  // given name of each of their names (to link statements to them).
  struct NamedPerson {
    int64_t person_id = 0;
    std::string surname, given;
  };
  Result<std::vector<NamedPerson>> CasePersonsNames();

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
  // Second factors (store/accounts.h; written in second_factor.cc). Sets
  // the TOTP secret (Base32) of an account, replacing any it had, with its
  // recovery codes; sealed when the archive seals (kFailedPrecondition when
  // its key is not loaded). kNotFound for no such account.
  Status SetSecondFactor(int64_t account_id, std::string_view secret, bool confirmed);
  // Marks the factor confirmed by the code of "step", which counts as used.
  Status ConfirmSecondFactor(int64_t account_id, int64_t step);
  // Replaces the account's recovery codes by these hashes.
  Status SetRecoveryCodes(int64_t account_id, const std::vector<std::string>& hashes);
  // Records that the code of "step" was used; kAlreadyExists when that step
  // or a later one was used already (a replay), kNotFound for no factor.
  Status UseTotpStep(int64_t account_id, int64_t step);
  // Marks a recovery code used; kAlreadyExists when it was already.
  Status UseRecoveryCode(int64_t code_id);
  // Removes the account's second factor and recovery codes (a no-op when
  // it has none).
  Status RemoveSecondFactor(int64_t account_id);

  // Editing with citations (store/edits.h; written in edits.cc).
  // ProposeChange stores a pending change and returns its id: kInvalidArgument
  // or kResourceExhausted as ValidateChange says, kNotFound for an unknown
  // person or a fact not of that person, kFailedPrecondition for a fact
  // already corrected or retracted. Nothing shows until it is accepted.
  Result<int64_t> ProposeChange(const ChangeRequest& request);
  // Applies a pending change (its claim, its new fact, the retraction of
  // what it replaces) and marks it accepted by "reviewer". kNotFound for no
  // such change; kFailedPrecondition when it is not pending or its fact was
  // changed since it was proposed.
  Status AcceptChange(int64_t change_id, std::string_view reviewer);
  // Marks a pending change rejected; it is never applied.
  Status RejectChange(int64_t change_id, std::string_view reviewer);
  // An editor's change: proposed and accepted by its author at once.
  Result<int64_t> MakeChange(const ChangeRequest& request);
  // What an applied change added: the new fact's id, or the new person's
  // for a change that adds a person (0 before it is applied).
  Result<int64_t> NewFactOf(int64_t change_id);
  // Undoes an applied change by a new change (kind undo), which is returned:
  // what it wrote is retracted, what it retracted comes back. "citation" ""
  // cites the change undone. kFailedPrecondition when the change is not
  // applied, is an undo, is undone already, or a later change replaced what
  // it wrote (that one is undone first).
  Result<int64_t> UndoChange(int64_t change_id, std::string_view author, std::string_view citation,
                             std::string_view reason);
  // Stores a visitor's correction or testimony, pending; returns its id.
  // Errors as ValidateCorrection; kNotFound for no such person.
  Result<int64_t> AddCorrection(const CorrectionSubmission& submission);
  // Accepts or rejects a pending correction ("accepted", "rejected"; an
  // accepted testimony is shown at "visibility"), or with "pending" only
  // appends "note" (a volunteer's triage). kNotFound, kFailedPrecondition
  // for one already reviewed.
  Status ReviewCorrection(int64_t id, std::string_view state, std::string_view reviewer,
                          std::string_view note, Visibility visibility);

  // Record linkage (store/merge.h; written in merge.cc).
  // MergePersons moves everything of request.retired to request.survivor
  // and returns the merge's id. kNotFound for an unknown person;
  // kFailedPrecondition for the same person twice, a person merged or
  // retracted already, or a retired person more hidden than the survivor
  // (its records would show on the survivor's page).
  Result<int64_t> MergePersons(const MergeRequest& request);
  // Many merges at once, as set operations (merge_bulk.cc): the same rows
  // written as MergePersons one by one in the order of the retired persons,
  // every merge by "author" under "rule" (each request's survivor, retired
  // and score are used). The merges MergePersons would refuse are left out
  // and listed. kInvalidArgument when a person is retired twice, into
  // itself, or is the survivor of another merge of the batch.
  Result<BulkMergeResult> MergePersonsBulk(const std::vector<MergeRequest>& merges,
                                           std::string_view author, std::string_view rule);
  // Undoes a merge: the rows it moved go back to the retired person, whose
  // redirect is removed. kNotFound for no such merge; kFailedPrecondition
  // for one split already, or whose survivor was merged since (that merge
  // is split first).
  Status SplitMerge(int64_t merge_id, std::string_view author);
  // Stores the linker's model (JSON text, linkage/archive), replacing the
  // one stored before: later runs reuse it (LinkReader::LinkModel).
  Status SetLinkModel(std::string_view json);
  // Stores a pair for review, pending (a pending pair's score is updated).
  // Returns its id, or 0 when the pair has been decided (never proposed
  // again). kInvalidArgument for the same person twice. "*created" (when
  // given) tells whether the pair is new rather than pending already.
  Result<int64_t> ProposeLink(const LinkCandidate& candidate, bool* created = nullptr);
  // Decides the pair of persons "a" and "b" ("accepted" with the merge it
  // made, "rejected"), or puts it back to "pending" (an undo), creating its
  // row when the linker never proposed it. Returns the decision's id.
  Result<int64_t> DecidePair(int64_t a, int64_t b, std::string_view state, std::string_view author,
                             int64_t merge_id);

  // The ledger (docs/formats/ledger.md). Notes what this transaction does,
  // for the body of the entry its commit appends: "kind" names the change
  // and "payload" (a JSON object of integers and strings: ids, keys,
  // digests) says what it wrote and what it touched; the first note's kind
  // is the entry's kind (kEdit when there is none). Each typed call above
  // notes its own change; code that writes through a new call (a merge,
  // a link, a split) notes its change with this. Never put a restricted or
  // confidential value in "payload": enter it by LedgerDigest. The rows
  // themselves need no note: the state digest follows every row written.
  // kInvalidArgument for a payload that is not an object.
  Status AppendLedger(ledger::Kind kind, const nlohmann::json& payload);
  // The entry's actor (an account's name; "cli:USER" when not set).
  void SetLedgerActor(std::string_view actor);
  // How "value" enters an entry's body: its SHA-256 in hex when public; at
  // restricted or confidential, HMAC-SHA-256 under the ledger key (derived
  // from the archive key, keys.md), or "" when the key is not loaded.
  std::string LedgerDigest(std::string_view value, Visibility visibility) const;
  // The public key (hex) that the newest rotation recorded in the ledger
  // replaced; "" when the key was never rotated (memoria keys revoke).
  Result<std::string> LastReplacedKey();

 private:
  friend class Store;
  explicit WriteTransaction(Store* store);
  // Appends this transaction's ledger entry and signs a checkpoint of it
  // when the archive's key is loaded (ledger.cc's side in write_ledger.cc).
  Status AppendLedgerEntry();
  // Counts one operation of the transaction (a write, or a read made
  // inside it, which can fail as well); fails it when the store's fault
  // injection says so.
  Status Tick();
  Status Finish(std::string_view sql);
  // Seals the values that have become confidential and opens those that
  // are no longer (seal.cc); kFailedPrecondition when there are any and
  // the archive's key is not loaded.
  Status Reseal();
  // Seals the TOTP secrets stored in the clear (an archive that started
  // sealing after they were set). REQUIRES: the key is loaded.
  Status SealSecondFactors();
  // Inserts "facts" in statements of up to kRowsPerInsert rows each.
  template <typename Fact, typename BindRow>
  Status InsertRows(int first_slot, const std::array<std::string, 16>& sqls, int columns,
                    std::span<const Fact> facts, BindRow bind_row);

  Store* store_;                              // nullptr once finished
  bool names_changed_ = false;                // names or births added, or anything below
  bool names_removed_ = false;                // a visibility changed: something may be hidden
  int64_t first_write_ = 0;                   // the store's write count when the transaction began
  std::vector<int64_t> created_sources_;      // by EnsureSource, in this transaction
  std::vector<std::string> dropped_indexes_;  // CREATE INDEX statements, by BeginBulkLoad
  bool seal_pending_ = false;  // something may have become (or stopped being) confidential
  // Puts the sealed values of row "id" of "table" (a table without a
  // "sealed" column) back into the row, in clear, before an update of them;
  // the seal pass of the commit seals the row again when it is still
  // confidential. Nothing to do for a row that is not sealed;
  // kFailedPrecondition without the key.
  Status OpenSealedRow(std::string_view table, int64_t id);
  // A row of a table without a "sealed" column (internal/sealed_tables.h)
  // was written: only those tables need the seal pass.
  bool seal_extras_pending_ = false;
  bool sealed_now_ = false;  // Reseal sealed or opened values: truncate the WAL after commit
  // Compression of packed records (store/internal/record_dictionary.h): per
  // layout, the samples taken so far or the compressor of its dictionary.
  struct LayoutPacking;
  // The compressor for the records of "layout", or nullptr while its
  // dictionary is not learnt (or cannot be).
  Result<RecordCompressor*> CompressorFor(int64_t layout);
  // After a record of "layout" was inserted with "packed" plain: samples it
  // and learns the layout's dictionary at the last sample.
  Status SamplePacked(int64_t layout, std::string_view packed);
  Result<bool> SourceConfidential(int64_t source_id);
  std::map<int64_t, std::unique_ptr<LayoutPacking>> packing_;
  std::map<int64_t, bool> confidential_sources_;
  std::string compressed_;  // AddPackedRecord's stored bytes
};

}  // namespace memoria::store

#endif  // MEMORIA_STORE_WRITE_H_
