#include "store/store.h"

#include <atomic>
#include <filesystem>

#include "store/internal/clock.h"
#include "store/internal/ledger.h"
#include "store/internal/record_dictionary.h"
#include "store/internal/schema.h"
#include "store/internal/sealed_tables.h"
#include "store/internal/sqlite.h"
#include "store/internal/views.h"
#include "store/keys.h"
#include "store/reader.h"
#include "store/write.h"

namespace memoria::store {

namespace fs = std::filesystem;

namespace {

// The schema version that added the ledger (schema.cc, kLedger).
constexpr int64_t kLedgerSchemaVersion = 15;

Status ApplyPragmas(Database* db, bool read_only, int cache_mib, int64_t mmap_mib = 0) {
  MEMORIA_RETURN_IF_ERROR(db->Exec("PRAGMA busy_timeout = 5000"));
  MEMORIA_RETURN_IF_ERROR(db->Exec("PRAGMA foreign_keys = ON"));
  MEMORIA_RETURN_IF_ERROR(
      db->Exec("PRAGMA cache_size = -" + std::to_string(static_cast<int64_t>(cache_mib) * 1024)));
  MEMORIA_RETURN_IF_ERROR(db->Exec("PRAGMA temp_store = MEMORY"));
  if (mmap_mib > 0) {
    MEMORIA_RETURN_IF_ERROR(db->Exec("PRAGMA mmap_size = " + std::to_string(mmap_mib << 20)));
  }
  // Deleted and overwritten content is zeroed, so a value sealed later
  // leaves no plaintext in freed pages (docs/formats/keys.md).
  MEMORIA_RETURN_IF_ERROR(db->Exec("PRAGMA secure_delete = ON"));
  if (!read_only) {
    MEMORIA_RETURN_IF_ERROR(db->Exec("PRAGMA journal_mode = WAL"));
    MEMORIA_RETURN_IF_ERROR(db->Exec("PRAGMA synchronous = NORMAL"));
  }
  return Status();
}

// The database file of the archive in "dir"; kNotFound, saying how to make
// one, when there is none.
Result<fs::path> ExistingArchiveFile(const std::string& dir) {
  std::error_code ec;
  fs::path path = fs::path(dir) / Store::kDatabaseFile;
  if (!fs::exists(path, ec)) {
    return NotFoundError("no archive in " + dir + " (create one with: memoria init " + dir + ")");
  }
  return path;
}

// kFailedPrecondition when an archive of schema "version" is newer than
// this memoria, which cannot read it.
Status RefuseNewerSchema(int64_t version) {
  const auto current = Store::CurrentSchemaVersion();
  if (version <= current) return Status();
  return FailedPreconditionError("archive schema version " + std::to_string(version) +
                                 " is newer than this memoria (" + std::to_string(current) +
                                 "); upgrade memoria");
}

}  // namespace

std::string_view VisibilityName(Visibility v) {
  switch (v) {
    case Visibility::kPublic:
      return "public";
    case Visibility::kRestricted:
      return "restricted";
    case Visibility::kConfidential:
      return "confidential";
  }
  return "public";
}

Store::Store(std::unique_ptr<Database> db, std::string dir)
    : db_(std::move(db)), dir_(std::move(dir)), ledger_(std::make_unique<LedgerLog>()) {
  static std::atomic<uint64_t> next_instance{1};
  instance_id_ = next_instance++;
}

RecordDictionaries* Store::record_dicts() {
  if (record_dicts_ == nullptr) record_dicts_ = std::make_unique<RecordDictionaries>(db_.get());
  return record_dicts_.get();
}

Store::~Store() {
  // Finalize statements before the connection closes.
  for (auto& r : readers_) r.reset();
  cache_.clear();
}

Result<std::unique_ptr<Store>> Store::Create(const std::string& dir) {
  std::error_code ec;
  fs::path path = fs::path(dir) / kDatabaseFile;
  if (fs::exists(path, ec)) return AlreadyExistsError("an archive exists already in " + dir);
  fs::create_directories(dir, ec);
  if (ec) return InvalidArgumentError("cannot create directory " + dir + ": " + ec.message());
  MEMORIA_ASSIGN_OR_RETURN(auto db, Database::Open(path.string(), /*create=*/true, false));
  MEMORIA_RETURN_IF_ERROR(ApplyPragmas(db.get(), false, OpenOptions().cache_mib));
  std::unique_ptr<Store> store(new Store(std::move(db), dir));
  MEMORIA_RETURN_IF_ERROR(InstallOpener(store->db_.get(), &store->key_));
  MEMORIA_RETURN_IF_ERROR(store->Migrate());
  return store;
}

Result<std::unique_ptr<Store>> Store::Open(const std::string& dir, OpenOptions options) {
  const bool read_only = options.read_only;
  MEMORIA_ASSIGN_OR_RETURN(const fs::path path, ExistingArchiveFile(dir));
  MEMORIA_ASSIGN_OR_RETURN(auto db, Database::Open(path.string(), false, read_only));
  MEMORIA_RETURN_IF_ERROR(ApplyPragmas(db.get(), read_only, options.cache_mib, options.mmap_mib));
  std::unique_ptr<Store> store(new Store(std::move(db), dir));
  MEMORIA_RETURN_IF_ERROR(InstallOpener(store->db_.get(), &store->key_));
  if (!read_only) {
    MEMORIA_RETURN_IF_ERROR(store->Migrate());
  } else {
    MEMORIA_ASSIGN_OR_RETURN(int64_t v, store->SchemaVersion());
    MEMORIA_RETURN_IF_ERROR(RefuseNewerSchema(v));
    const auto current = CurrentSchemaVersion();
    if (v < current) {
      return FailedPreconditionError("archive schema version " + std::to_string(v) +
                                     " is older than this memoria's (" + std::to_string(current) +
                                     "): migrate it once with: memoria migrate " + dir);
    }
  }
  MEMORIA_RETURN_IF_ERROR(store->LoadSealing(options.key_file));
  return store;
}

Result<std::unique_ptr<Store>> Store::OpenInMemory() {
  MEMORIA_ASSIGN_OR_RETURN(auto db, Database::Open(":memory:", true, false));
  MEMORIA_RETURN_IF_ERROR(ApplyPragmas(db.get(), true, OpenOptions().cache_mib));
  std::unique_ptr<Store> store(new Store(std::move(db), ""));
  MEMORIA_RETURN_IF_ERROR(InstallOpener(store->db_.get(), &store->key_));
  MEMORIA_RETURN_IF_ERROR(store->Migrate());
  return store;
}

Result<int64_t> Store::SchemaVersion() { return db_->QueryInt("PRAGMA user_version"); }

int64_t Store::CurrentSchemaVersion() { return static_cast<int64_t>(Migrations().size()); }

Result<int64_t> Store::SchemaVersionOf(const std::string& dir) {
  MEMORIA_ASSIGN_OR_RETURN(const fs::path path, ExistingArchiveFile(dir));
  MEMORIA_ASSIGN_OR_RETURN(auto db, Database::Open(path.string(), false, /*read_only=*/true));
  MEMORIA_ASSIGN_OR_RETURN(const int64_t version, db->QueryInt("PRAGMA user_version"));
  MEMORIA_RETURN_IF_ERROR(RefuseNewerSchema(version));
  return version;
}

Status Store::Migrate() {
  MEMORIA_ASSIGN_OR_RETURN(int64_t version, SchemaVersion());
  auto migrations = Migrations();
  MEMORIA_RETURN_IF_ERROR(RefuseNewerSchema(version));
  if (version == static_cast<int64_t>(migrations.size())) return Status();
  MEMORIA_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db_.get()));
  for (size_t v = static_cast<size_t>(version); v < migrations.size(); ++v) {
    MEMORIA_RETURN_IF_ERROR(
        db_->Exec(migrations[v]).Annotate("migration " + std::to_string(v + 1)));
  }
  MEMORIA_RETURN_IF_ERROR(db_->Exec("PRAGMA user_version = " + std::to_string(migrations.size())));
  if (version == 0) {
    MEMORIA_ASSIGN_OR_RETURN(Statement st,
                             db_->Prepare("INSERT INTO meta(key, value) VALUES ('created_at', ?1), "
                                          "('format', 'memoria-archive')"));
    st.Bind(1, NowUtc());
    MEMORIA_RETURN_IF_ERROR(st.Run());
  }
  // The ledger begins (schema version 15) with the rows the archive holds.
  if (version < kLedgerSchemaVersion) {
    MEMORIA_RETURN_IF_ERROR(
        WriteGenesis(db_.get(), static_cast<int64_t>(migrations.size())).Annotate("ledger"));
  }
  MEMORIA_RETURN_IF_ERROR(tx.Commit());
  // A migration may rewrite whole tables: the log is checkpointed and
  // truncated rather than left as large as what it rewrote.
  if (version > 0 && !dir_.empty()) db_->Exec("PRAGMA wal_checkpoint(TRUNCATE)").IgnoreError();
  return Status();
}

Result<Statement*> Store::Cached(int slot, std::string_view sql) {
  if (static_cast<size_t>(slot) >= cache_.size()) cache_.resize(static_cast<size_t>(slot) + 1);
  if (!cache_[slot]) {
    MEMORIA_ASSIGN_OR_RETURN(Statement st, db_->Prepare(sql));
    cache_[slot] = std::make_unique<Statement>(std::move(st));
  }
  cache_[slot]->Reset();
  return cache_[slot].get();
}

bool Store::InWriteTransaction() const { return writing_; }

void Store::Interrupt() { sqlite3_interrupt(db_->raw()); }

Result<WriteTransaction> Store::BeginWrite() {
  if (writing_) return FailedPreconditionError("a write transaction is open already");
  // Outside the transaction: the temporary triggers must outlive a rollback.
  MEMORIA_RETURN_IF_ERROR(ledger_->Install(db_.get()));
  Status s = db_->Exec("BEGIN IMMEDIATE");
  if (!s.ok()) {
    if (s.code() == StatusCode::kUnavailable) {
      return UnavailableError(
          "the archive is being written by another process (an import or an edit); try again "
          "when it has finished");
    }
    return s;
  }
  ledger_->Begin();
  writing_ = true;
  return WriteTransaction(this);
}

Result<Reader*> Store::ReaderFor(Visibility ceiling) {
  std::unique_ptr<Reader>& r = readers_[static_cast<size_t>(ceiling)];
  if (r == nullptr) {
    MEMORIA_ASSIGN_OR_RETURN(r, Reader::Create(this, ceiling));
  }
  return r.get();
}

}  // namespace memoria::store
