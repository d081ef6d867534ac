// WriteTransaction's side of the ledger (docs/formats/ledger.md): the notes
// that name a transaction's change, and the entry and signed checkpoint its
// commit appends.
#include <sodium.h>

#include <nlohmann/json.hpp>

#include "ledger/canonical_json.h"
#include "store/internal/clock.h"
#include "store/internal/ledger.h"
#include "store/internal/sqlite.h"
#include "store/keys.h"
#include "store/signing.h"
#include "store/write.h"

namespace memoria::store {

namespace {

// crypto_kdf's context for the ledger key (keys.md, "Signing" has memsign1).
constexpr char kLedgerContext[crypto_kdf_CONTEXTBYTES + 1] = "memledg1";

Status InsertCheckpoint(Database* db, const LedgerHead& head, const SigningKey& signer) {
  const std::string signature = signer.Sign(ledger::CheckpointMessage(head.seq, head.hash));
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      db->Prepare("INSERT INTO ledger_checkpoints(seq, hash, signed_at, key_id, public_key,"
                  " signature) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  st.Bind(1, head.seq).BindBlob(2, head.hash.data(), head.hash.size()).Bind(3, NowUtc());
  st.Bind(4, signer.public_key().Id()).Bind(5, signer.public_key().Hex());
  st.BindBlob(6, signature.data(), signature.size());
  return st.Run();
}

}  // namespace

Status WriteTransaction::AppendLedger(ledger::Kind kind, const nlohmann::json& payload) {
  if (store_ == nullptr) return FailedPreconditionError("the write transaction has finished");
  if (!payload.is_object()) return InvalidArgumentError("a ledger note is a JSON object");
  store_->ledger_->Note(kind, payload);
  return Status();
}

void WriteTransaction::SetLedgerActor(std::string_view actor) {
  if (store_ != nullptr) store_->ledger_->SetActor(actor);
}

std::string WriteTransaction::LedgerDigest(std::string_view value, Visibility visibility) const {
  if (visibility == Visibility::kPublic) return ToHex(Sha256(value));
  if (store_ == nullptr || store_->key_ == nullptr) return "";
  std::array<uint8_t, 32> key;
  crypto_kdf_derive_from_key(key.data(), key.size(), 1, kLedgerContext,
                             store_->key_->bytes().data());
  std::string digest = ledger::KeyedDigest(key, value);
  sodium_memzero(key.data(), key.size());
  return digest;
}

Result<std::string> WriteTransaction::LastReplacedKey() {
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      store_->db_->Prepare("SELECT body FROM ledger WHERE kind = 'key' ORDER BY seq DESC"));
  while (true) {
    MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    nlohmann::json body = nlohmann::json::parse(st.ColumnText(0), nullptr, false);
    if (body.is_object() && body.contains("previous") && body["previous"].is_string()) {
      return body["previous"].get<std::string>();
    }
  }
  return std::string();
}

Status WriteTransaction::AppendLedgerEntry() {
  LedgerLog& log = *store_->ledger_;
  if (!log.enabled()) return Status();
  std::vector<std::pair<size_t, TableDigest>> deltas = log.Deltas();
  // Nothing changed and nothing to say (a revocation changes no row): no entry.
  if (deltas.empty() && log.notes().empty()) return Status();
  Database* db = store_->db_.get();

  const auto& notes = log.notes();
  // The first note's kind, but a register's import opens a batch first and
  // is a register entry.
  ledger::Kind kind = notes.empty() ? ledger::Kind::kEdit : notes.front().first;
  for (const auto& note : notes) {
    if (kind == ledger::Kind::kImport && note.first == ledger::Kind::kRegister) {
      kind = ledger::Kind::kRegister;
    }
  }
  nlohmann::json body = nlohmann::json::object();
  if (notes.size() == 1) {
    body = notes.front().second;
  } else if (notes.size() > 1) {
    nlohmann::json changes = nlohmann::json::array();
    for (const auto& [k, payload] : notes) {
      nlohmann::json c = payload;
      c["kind"] = ledger::KindName(k);
      changes.push_back(std::move(c));
    }
    body["changes"] = std::move(changes);
  }
  // Which tables moved, and by how many rows: [added, removed].
  nlohmann::json rows = nlohmann::json::object();
  for (const auto& [t, d] : deltas) rows[log.tables()[t].name] = {d.added, d.removed};
  body["rows"] = std::move(rows);
  std::string actor = log.actor();
  if (actor.empty() && !notes.empty() && notes.front().second.contains("by") &&
      notes.front().second["by"].is_string()) {
    actor = notes.front().second["by"].get<std::string>();
  }
  if (actor.empty()) actor = DefaultActor();
  MEMORIA_ASSIGN_OR_RETURN(std::string canonical, ledger::CanonicalJson(body));
  NewEntry entry{actor, std::string(ledger::KindName(kind)), std::move(canonical)};

  MEMORIA_ASSIGN_OR_RETURN(LedgerHead head, ReadLedgerHead(db));
  LedgerHead next;
  if (FailedWriteStatements() != log.failures_at_begin()) {
    // A statement failed during the transaction after its triggers may
    // have counted rows it then undid: the new state is read from the rows.
    MEMORIA_ASSIGN_OR_RETURN(std::vector<TableDigest> all, DigestRows(db, log.tables()));
    std::vector<std::pair<size_t, TableDigest>> full;
    for (size_t t = 0; t < all.size(); ++t) full.emplace_back(t, all[t]);
    MEMORIA_ASSIGN_OR_RETURN(next, InsertEntry(db, head, entry, log.tables(), full, true));
  } else {
    MEMORIA_ASSIGN_OR_RETURN(next, InsertEntry(db, head, entry, log.tables(), deltas, false));
  }
  // Every entry made with the key loaded is signed at once (the spec's
  // floor is every 1,000 entries and every import); a locked archive
  // leaves its entries for the next signed one, whose signature covers
  // them through the chain.
  if (store_->Unlocked()) {
    MEMORIA_ASSIGN_OR_RETURN(SigningKey signer, store_->Signer());
    MEMORIA_RETURN_IF_ERROR(InsertCheckpoint(db, next, signer));
  }
  return Status();
}

}  // namespace memoria::store
