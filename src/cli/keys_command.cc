// memoria keys: the archive key (docs/formats/keys.md), and the secrets
// every command takes (--key-file PATH, --passphrase-stdin).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/args.h"
#include "cli/internal/common.h"
#include "store/keys.h"
#include "store/signing.h"
#include "store/store.h"
#include "store/write.h"

namespace memoria::cli {

namespace {

// Set by TakeSecretFlags.
std::string g_key_file;
bool g_passphrase_given = false;
std::string g_passphrase;

Result<std::string> ReadLineFromStdin(const char* what) {
  std::string line;
  if (!std::getline(std::cin, line)) {
    return InvalidArgumentError(std::string("expected ") + what + " on standard input");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) return InvalidArgumentError(std::string(what) + " is empty");
  return line;
}

// Writes DIR/keys/archive.pub for the key "store" holds (loaded).
Status WritePublicKey(store::Store* store) {
  MEMORIA_ASSIGN_OR_RETURN(store::SigningKey signer, store->Signer());
  const std::string path = store::DefaultPublicKeyPath(store->dir());
  MEMORIA_RETURN_IF_ERROR(store::WritePublicKeyFile(path, signer.public_key()));
  std::printf("memoria: the archive's public key (for mirrors) is in %s\n", path.c_str());
  return Status();
}

}  // namespace

Status TakeSecretFlags(std::vector<std::string>* args) {
  std::vector<std::string> kept;
  for (size_t i = 0; i < args->size(); ++i) {
    const std::string& a = (*args)[i];
    if (a == "--key-file" || a.starts_with("--key-file=")) {
      if (a == "--key-file") {
        if (i + 1 >= args->size()) return InvalidArgumentError("--key-file needs a path");
        g_key_file = (*args)[++i];
      } else {
        g_key_file = a.substr(std::string("--key-file=").size());
      }
      continue;
    }
    if (a == "--passphrase-stdin") {
      g_passphrase_given = true;
      continue;
    }
    kept.push_back(a);
  }
  *args = std::move(kept);
  const bool init = !args->empty() && (*args)[0] == "init";
  if (g_passphrase_given) {
    MEMORIA_ASSIGN_OR_RETURN(g_passphrase, ReadLineFromStdin("the passphrase"));
    if (!init) store::RememberPassphrase(g_passphrase);
  }
  if (!g_key_file.empty() && !init) {
    // Read as $MEMORIA_KEY_FILE is: a key file that is not the archive's
    // is an error, not a fallback to DIR/keys/archive.key.
    MEMORIA_RETURN_IF_ERROR(store::ReadKeyFile(g_key_file).status());
    ::setenv("MEMORIA_KEY_FILE", g_key_file.c_str(), 1);
  }
  return Status();
}

Status SealNewArchive(store::Store* store) {
  if (g_passphrase_given) {
    if (g_passphrase.size() < 10) {
      return InvalidArgumentError("a passphrase has at least 10 characters");
    }
    const std::string kdf = store::NewPassphraseDerivation();
    MEMORIA_ASSIGN_OR_RETURN(store::ArchiveKey key, store::DeriveKey(g_passphrase, kdf));
    MEMORIA_RETURN_IF_ERROR(store->EnableSealing(key, kdf));
    return WritePublicKey(store);
  }
  const std::string path = g_key_file.empty() ? store::DefaultKeyPath(store->dir()) : g_key_file;
  store::ArchiveKey key = store::ArchiveKey::Generate();
  MEMORIA_RETURN_IF_ERROR(store::WriteKeyFile(path, key));
  std::printf("memoria: the archive's key is in %s (keep a copy apart from the archive)\n",
              path.c_str());
  MEMORIA_RETURN_IF_ERROR(store->EnableSealing(key, "file"));
  return WritePublicKey(store);
}

namespace {

int KeysStatus(const std::string& dir) {
  auto store = store::Store::Open(dir, /*read_only=*/true);
  if (!store.ok()) return Fail(store.status());
  if (!(*store)->Sealing()) {
    std::printf("confidential values are not sealed (memoria keys init %s)\n", dir.c_str());
    return 0;
  }
  auto count = (*store)->SealedValueCount();
  if (!count.ok()) return Fail(count.status());
  std::printf("sealing: on\nkey: %s\nunlocked: %s\nsealed values: %lld\n",
              (*store)->KeyDerivation() == "file" ? "key file" : "passphrase (Argon2id)",
              (*store)->Unlocked() ? "yes" : "no", static_cast<long long>(*count));
  if (auto signer = (*store)->Signer(); signer.ok()) {
    std::printf("public key: %s\n", signer->public_key().Hex().c_str());
  }
  return 0;
}

int KeysInit(const std::string& dir) {
  auto store = store::Store::Open(dir);
  if (!store.ok()) return Fail(store.status());
  Status s = SealNewArchive(store->get());
  if (!s.ok()) return Fail(s);
  std::printf("memoria: confidential values of %s are sealed\n", dir.c_str());
  return 0;
}

int KeysRotate(const std::string& dir) {
  auto store = store::Store::Open(dir);
  if (!store.ok()) return Fail(store.status());
  store::Store& st = **store;
  if (!st.Sealing()) return Fail(FailedPreconditionError("the archive does not seal its values"));
  if (!st.Unlocked()) {
    return Fail(FailedPreconditionError(
        "the archive's current key is not loaded (--key-file PATH or --passphrase-stdin)"));
  }
  if (st.KeyDerivation() != "file") {
    // The new passphrase follows the current one on standard input.
    auto next = ReadLineFromStdin("the new passphrase");
    if (!next.ok()) return Fail(next.status());
    if (next->size() < 10)
      return Fail(InvalidArgumentError("a passphrase has at least 10 characters"));
    const std::string kdf = store::NewPassphraseDerivation();
    auto key = store::DeriveKey(*next, kdf);
    if (!key.ok()) return Fail(key.status());
    Status s = st.RotateKey(*key, kdf);
    if (!s.ok()) return Fail(s);
    std::printf("memoria: re-sealed every value under the new passphrase\n");
    s = WritePublicKey(&st);
    return s.ok() ? 0 : Fail(s);
  }
  const std::string path = g_key_file.empty() ? store::DefaultKeyPath(dir) : g_key_file;
  const std::string next_path = path + ".new";
  store::ArchiveKey key = store::ArchiveKey::Generate();
  // The new key is on disk before the archive needs it; until the rename
  // below, opening the archive finds it at PATH.new.
  Status s = store::WriteKeyFile(next_path, key, /*replace=*/true);
  if (!s.ok()) return Fail(s);
  s = st.RotateKey(key, "file");
  if (!s.ok()) {
    std::filesystem::remove(next_path);
    return Fail(s);
  }
  if (std::rename(next_path.c_str(), path.c_str()) != 0) {
    return Fail(InvalidArgumentError("re-sealed, but cannot rename " + next_path + " to " + path +
                                     ": the archive's key is " + next_path));
  }
  std::printf("memoria: re-sealed every value with a new key in %s; the old key is gone\n",
              path.c_str());
  s = WritePublicKey(&st);
  return s.ok() ? 0 : Fail(s);
}

// Prints the public key and (re)writes DIR/keys/archive.pub: for an archive
// made before the signing key existed, or a public key file lost.
int KeysPublic(const std::string& dir) {
  auto store = store::Store::Open(dir, /*read_only=*/true);
  if (!store.ok()) return Fail(store.status());
  auto signer = (*store)->Signer();
  if (!signer.ok()) return Fail(signer.status());
  const std::string path = store::DefaultPublicKeyPath(dir);
  Status s = store::WritePublicKeyFile(path, signer->public_key());
  if (!s.ok()) return Fail(s);
  std::printf("%s\n", signer->public_key().Hex().c_str());
  return 0;
}

// Records in the ledger that a key is compromised (docs/SECURITY.md): by
// default the key the last rotation replaced. From this entry on, verify
// rejects any checkpoint or rotation made with it. The current key signs
// the note, so it cannot be the key revoked: rotate first.
int KeysRevoke(const std::string& dir, const std::string& note, std::string key_hex) {
  if (note.empty()) return Usage("keys revoke needs --note TEXT (what happened, and when)");
  auto store = store::Store::Open(dir);
  if (!store.ok()) return Fail(store.status());
  auto signer = (*store)->Signer();
  if (!signer.ok()) return Fail(signer.status());
  auto tx = (*store)->BeginWrite();
  if (!tx.ok()) return Fail(tx.status());
  if (key_hex.empty()) {
    auto replaced = tx->LastReplacedKey();
    if (!replaced.ok()) return Fail(replaced.status());
    if (replaced->empty()) {
      return Fail(FailedPreconditionError(
          "the key was never rotated: rotate it first (memoria keys rotate " + dir +
          "), then revoke the old one"));
    }
    key_hex = *replaced;
  }
  auto key = store::PublicKey::FromHex(key_hex);
  if (!key.ok()) return Fail(key.status());
  if (*key == signer->public_key()) {
    return Fail(FailedPreconditionError(
        "that is the archive's current key: rotate it first (memoria keys rotate " + dir + ")"));
  }
  Status s = tx->AppendLedger(ledger::Kind::kKey, {{"revoked", key->Hex()}, {"note", note}});
  if (s.ok()) s = tx->Commit();
  if (!s.ok()) return Fail(s);
  std::printf("memoria: key %s is recorded as revoked in the ledger of %s\n", key->Id().c_str(),
              dir.c_str());
  return 0;
}

}  // namespace

int CmdKeys(const std::vector<std::string>& args) {
  if (args.size() < 2) return Usage("keys needs init, rotate, revoke, status or public");
  const std::string& sub = args[1];
  auto parsed = ParseArgs(args, 2, {"--note", "--key"}, {});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (parsed->positional.size() != 1) return Usage("keys " + sub + " needs DIR");
  const std::string& dir = parsed->positional[0];
  if (sub == "revoke") return KeysRevoke(dir, parsed->Get("--note"), parsed->Get("--key"));
  if (sub == "rotate") return KeysRotate(dir);
  if (sub == "status") return KeysStatus(dir);
  if (sub == "init") return KeysInit(dir);
  if (sub == "public") return KeysPublic(dir);
  return Usage("keys needs init, rotate, revoke, status or public");
}

}  // namespace memoria::cli
