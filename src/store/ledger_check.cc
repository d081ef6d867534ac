// The ledger's part of `memoria verify` (docs/formats/ledger.md,
// "Verification"): the chain of entry hashes, the checkpoints' signatures
// under the keys the ledger records, and the state digest recomputed from
// every row. The first problem found is named by entry, checkpoint or table.
#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "store/check.h"
#include "store/internal/ledger.h"
#include "store/internal/sqlite.h"
#include "store/signing.h"

namespace memoria::store {

namespace {

struct Checkpoint {
  int64_t seq = 0;
  std::string hash, public_key, signature;
};

// A key entry of the ledger (kind "key"): a key made (no previous), a
// rotation (previous and the previous key's signature) or a revocation.
struct KeyEvent {
  int64_t seq = 0;
  std::string previous, public_key, signature, revoked;
};

std::string Hex(std::string_view bytes) {
  return ToHex(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

std::string Entry(int64_t seq) { return "ledger entry " + std::to_string(seq); }

std::string KeyIdOf(const std::string& hex) { return hex.substr(0, 16); }

// The public keys in force, by entry: a checkpoint at entry s is signed by
// the key made at or before s, or rotated to before s (the old key signs
// the entry that names its successor).
class KeyTimeline {
 public:
  // Walks the rotations back from "anchor" (the newest key). Returns a
  // problem, or "".
  std::string Build(const std::string& anchor, const std::vector<KeyEvent>& events) {
    std::string key = anchor;
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
      if (!it->revoked.empty()) continue;
      if (it->public_key != key) {
        return Entry(it->seq) + ": names key " + KeyIdOf(it->public_key) +
               ", but the key after it is " + KeyIdOf(key);
      }
      if (it->previous.empty()) {
        // The key was made here: no key before.
        segments_.push_back({it->seq, key});
        segments_.push_back({0, ""});
        std::reverse(segments_.begin(), segments_.end());
        return "";
      }
      Result<PublicKey> previous = PublicKey::FromHex(it->previous);
      std::string signature;
      if (previous.ok()) {
        std::vector<unsigned char> sig(it->signature.size() / 2);
        size_t n = 0;
        for (size_t i = 0; i + 1 < it->signature.size(); i += 2) {
          sig[n++] = static_cast<unsigned char>(std::stoi(it->signature.substr(i, 2), nullptr, 16));
        }
        signature.assign(sig.begin(), sig.end());
      }
      Result<PublicKey> next = PublicKey::FromHex(it->public_key);
      if (!previous.ok() || !next.ok() || it->signature.size() != 128 ||
          it->signature.find_first_not_of("0123456789abcdef") != std::string::npos ||
          !previous->Verify(ledger::RotationMessage(previous->Hex(), next->Hex()), signature)) {
        return Entry(it->seq) + ": the key rotation is not signed by the previous key";
      }
      segments_.push_back({it->seq + 1, key});
      key = it->previous;
    }
    segments_.push_back({0, key});
    std::reverse(segments_.begin(), segments_.end());
    return "";
  }
  // The key (hex) in force at entry "seq"; "" for none.
  std::string At(int64_t seq) const {
    std::string key;
    for (const auto& [from, k] : segments_) {
      if (from <= seq) key = k;
    }
    return key;
  }

 private:
  std::vector<std::pair<int64_t, std::string>> segments_;  // (first entry, key), ascending
};

Result<std::map<int64_t, Checkpoint>> ReadCheckpoints(Database* db) {
  std::map<int64_t, Checkpoint> out;
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      db->Prepare("SELECT seq, hash, public_key, signature FROM ledger_checkpoints ORDER BY seq"));
  while (true) {
    MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out[st.ColumnInt(0)] = {st.ColumnInt(0), st.ColumnString(1), st.ColumnString(2),
                            st.ColumnString(3)};
  }
  return out;
}

// The chain: seq without gaps, each hash from its predecessor. Collects the
// key entries and the last entry.
Status CheckChain(Database* db, const std::map<int64_t, Checkpoint>& checkpoints,
                  const CheckProgress& progress, CheckReport* report, std::vector<KeyEvent>* keys,
                  LedgerHead* last) {
  MEMORIA_ASSIGN_OR_RETURN(int64_t total, db->QueryInt("SELECT count(*) FROM ledger"));
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      db->Prepare("SELECT seq, at, actor, kind, body, state, hash FROM ledger ORDER BY seq"));
  Sha256Digest prev{};
  while (true) {
    MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    ledger::Entry e;
    e.seq = st.ColumnInt(0);
    if (e.seq != last->seq + 1) {
      report->problem = Entry(last->seq + 1) + " is missing (the ledger goes from entry " +
                        std::to_string(last->seq) + " to " + std::to_string(e.seq) + ")";
      return Status();
    }
    e.at = st.ColumnString(1);
    e.actor = st.ColumnString(2);
    e.kind = st.ColumnString(3);
    e.body = st.ColumnString(4);
    e.state = st.ColumnString(5);
    const Sha256Digest computed = ledger::EntryHash(prev, e);
    const std::string_view stored = st.ColumnText(6);
    if (stored != ledger::DigestBytes(computed)) {
      report->problem = Entry(e.seq) + ": hash stored " + Hex(stored) + ", computed " +
                        ToHex(computed) + " (the entry or one before it was altered)";
      return Status();
    }
    bool state_ok = false;
    last->state = ledger::LtHash16::FromBytes(e.state, &state_ok);
    if (!state_ok) {
      report->problem = Entry(e.seq) + ": its state is not " +
                        std::to_string(ledger::LtHash16::kBytes) + " bytes";
      return Status();
    }
    if (auto cp = checkpoints.find(e.seq);
        cp != checkpoints.end() && cp->second.hash != ledger::DigestBytes(computed)) {
      report->problem =
          "checkpoint " + std::to_string(e.seq) + ": its hash is not that of the entry it signs";
      return Status();
    }
    if (e.kind == "key") {
      nlohmann::json body = nlohmann::json::parse(e.body, nullptr, false);
      KeyEvent k;
      k.seq = e.seq;
      if (body.is_object()) {
        k.previous = body.value("previous", "");
        k.public_key = body.value("public_key", "");
        k.signature = body.value("signature", "");
        k.revoked = body.value("revoked", "");
      }
      keys->push_back(std::move(k));
    }
    prev = computed;
    last->seq = e.seq;
    last->hash = computed;
    if (++report->ledger_entries % 10000 == 0 && progress) {
      progress("ledger", report->ledger_entries, total);
    }
  }
  if (progress) progress("ledger", report->ledger_entries, total);
  if (last->seq == 0) report->problem = "ledger: it has no entries (not even the genesis entry)";
  return Status();
}

// The public key the signatures must lead to.
Result<std::string> Anchor(Store* store, const std::string& public_key_file, CheckReport* report) {
  if (public_key_file.empty()) {
    if (Result<SigningKey> signer = store->Signer(); signer.ok()) {
      report->key_anchor = "key";
      return signer->public_key().Hex();
    }
  }
  std::string path = public_key_file;
  if (path.empty() && !store->dir().empty()) path = DefaultPublicKeyPath(store->dir());
  if (!path.empty()) {
    Result<PublicKey> key = ReadPublicKeyFile(path);
    if (key.ok()) {
      report->key_anchor = path;
      return key->Hex();
    }
    if (key.status().code() != StatusCode::kNotFound || !public_key_file.empty()) {
      return key.status();
    }
  }
  return std::string();
}

Status CheckCheckpoints(Store* store, const std::string& public_key_file,
                        const std::map<int64_t, Checkpoint>& checkpoints,
                        const std::vector<KeyEvent>& keys, const LedgerHead& last,
                        CheckReport* report) {
  if (!checkpoints.empty() && checkpoints.rbegin()->first > last.seq) {
    report->problem = "checkpoint " + std::to_string(checkpoints.rbegin()->first) +
                      ": its entry is missing (the ledger ends at entry " +
                      std::to_string(last.seq) + ")";
    return Status();
  }
  report->unsigned_entries = last.seq - (checkpoints.empty() ? 0 : checkpoints.rbegin()->first);
  for (const KeyEvent& k : keys) {
    if (!k.revoked.empty()) ++report->revoked_keys;
  }
  MEMORIA_ASSIGN_OR_RETURN(std::string anchor, Anchor(store, public_key_file, report));
  if (checkpoints.empty()) return Status();
  if (anchor.empty()) {
    report->key_anchor = "ledger";
    anchor = checkpoints.rbegin()->second.public_key;
  }
  report->public_key_id = KeyIdOf(anchor);
  KeyTimeline timeline;
  report->problem = timeline.Build(anchor, keys);
  if (!report->ok()) return Status();
  for (const auto& [seq, cp] : checkpoints) {
    const std::string expected = timeline.At(seq);
    if (expected.empty() || cp.public_key != expected) {
      report->problem = "checkpoint " + std::to_string(seq) + ": signed by key " +
                        KeyIdOf(cp.public_key) + ", not by " +
                        (expected.empty() ? std::string("the archive's key (it had none then)")
                                          : "the archive's key then, " + KeyIdOf(expected));
      return Status();
    }
    for (const KeyEvent& k : keys) {
      if (!k.revoked.empty() && k.revoked == cp.public_key && k.seq < seq) {
        report->problem = "checkpoint " + std::to_string(seq) + ": signed by key " +
                          KeyIdOf(cp.public_key) + ", revoked at " + Entry(k.seq);
        return Status();
      }
    }
    Result<PublicKey> key = PublicKey::FromHex(cp.public_key);
    Sha256Digest hash{};
    ledger::DigestFromBytes(cp.hash, &hash);
    if (!key.ok() || !key->Verify(ledger::CheckpointMessage(seq, hash), cp.signature)) {
      report->problem = "checkpoint " + std::to_string(seq) + ": bad signature";
      return Status();
    }
    ++report->checkpoints;
  }
  return Status();
}

// The state: every row's element recomputed and summed, against the last
// entry's state; a difference is narrowed to a table by ledger_tables.
Status CheckState(Database* db, const LedgerHead& last, const CheckProgress& progress,
                  CheckReport* report) {
  MEMORIA_ASSIGN_OR_RETURN(std::vector<LedgerTable> tables, LedgerTables(db));
  std::map<std::string, std::pair<int64_t, ledger::LtHash16>> recorded;
  ledger::LtHash16 recorded_total;
  int64_t expected_rows = 0;
  {
    MEMORIA_ASSIGN_OR_RETURN(Statement st,
                             db->Prepare("SELECT name, rows, state FROM ledger_tables"));
    while (true) {
      MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      auto& r = recorded[st.ColumnString(0)];
      r.first = st.ColumnInt(1);
      r.second = ledger::LtHash16::FromBytes(st.ColumnText(2));
      recorded_total.Add(r.second);
      expected_rows += r.first;
    }
  }
  MEMORIA_ASSIGN_OR_RETURN(std::vector<TableDigest> digests,
                           DigestRows(db, tables, [&](int64_t rows) {
                             if (progress) progress("state", rows, expected_rows);
                           }));
  ledger::LtHash16 total;
  for (size_t t = 0; t < tables.size(); ++t) {
    total.Add(digests[t].digest);
    report->state_rows += digests[t].added;
  }
  report->state_tables = static_cast<int64_t>(tables.size());
  if (total == last.state) return Status();
  // Name the first table whose rows differ from what the ledger recorded.
  for (size_t t = 0; t < tables.size(); ++t) {
    auto it = recorded.find(tables[t].name);
    const int64_t rows = it == recorded.end() ? 0 : it->second.first;
    const ledger::LtHash16 state = it == recorded.end() ? ledger::LtHash16() : it->second.second;
    if (digests[t].digest == state) continue;
    const int64_t now = digests[t].added;
    std::string how;
    if (now > rows) {
      how = std::to_string(now - rows) + " row(s) added";
    } else if (now < rows) {
      how = std::to_string(rows - now) + " row(s) deleted";
    } else {
      how = "a row changed";
    }
    report->problem = "table " + tables[t].name + ": rows differ from the ledger's state (" + how +
                      " behind the program's back: " + std::to_string(now) +
                      " rows, the ledger counts " + std::to_string(rows) + ")";
    return Status();
  }
  if (recorded_total == last.state) {
    report->problem = "ledger: the archive's rows differ from the state of " + Entry(last.seq);
  } else {
    report->problem = "ledger: the state of " + Entry(last.seq) +
                      " is not the archive's (entries after it were dropped, or it was "
                      "replaced)";
  }
  return Status();
}

}  // namespace

Status CheckLedger(Store* store, Database* db, const std::string& public_key_file,
                   const CheckProgress& progress, CheckReport* report) {
  MEMORIA_ASSIGN_OR_RETURN(auto checkpoints, ReadCheckpoints(db));
  std::vector<KeyEvent> keys;
  LedgerHead last;
  MEMORIA_RETURN_IF_ERROR(CheckChain(db, checkpoints, progress, report, &keys, &last));
  if (!report->ok()) return Status();
  MEMORIA_RETURN_IF_ERROR(
      CheckCheckpoints(store, public_key_file, checkpoints, keys, last, report));
  if (!report->ok()) return Status();
  return CheckState(db, last, progress, report);
}

}  // namespace memoria::store
