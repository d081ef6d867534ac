// The manifest's encoding and the check of a bundle with the public key
// alone (mirror/mirror.h, docs/formats/mirror.md "Checking a bundle").
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/hash.h"
#include "mirror/internal/manifest.h"
#include "mirror/mirror.h"
#include "store/public_rows.h"

namespace memoria::mirror {
namespace internal {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

std::string HexOf(std::string_view bytes) {
  return ToHex(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

bool FromHex(std::string_view hex, std::string* out) {
  if (hex.size() % 2 != 0) return false;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  out->clear();
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int hi = digit(hex[i]), lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("cannot open " + path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) return DataLossError("cannot read " + path);
  return std::move(bytes).str();
}

Status WriteFileAtomically(const std::string& path, std::string_view bytes) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return InvalidArgumentError("cannot write " + tmp);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) return DataLossError("cannot write " + tmp);
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return DataLossError("cannot rename " + tmp + ": " + ec.message());
  return Status();
}

std::string EncodeManifest(const Manifest& m) {
  Json head = Json::object();
  head["format"] = kFormat;
  head["version"] = m.version;
  head["key_id"] = m.key_id;
  head["public_key"] = m.public_key;
  head["created_at"] = m.created_at;
  head["shard_keys"] = kShardKeys;
  if (m.ledger.seq > 0) head["ledger"] = {{"seq", m.ledger.seq}, {"hash", m.ledger.hash}};
  std::string out = head.dump();
  out.pop_back();  // the closing brace: "files" follows, one per line
  out += ",\"files\":[\n";
  for (size_t i = 0; i < m.files.size(); ++i) {
    const BundleFile& f = m.files[i];
    Json line = Json::object();
    line["path"] = f.path;
    line["table"] = f.table;
    line["first_key"] = f.first_key;
    line["rows"] = f.rows;
    line["bytes"] = f.bytes;
    line["sha256"] = f.sha256;
    if (!f.text_sha256.empty()) line["text_sha256"] = f.text_sha256;
    out += line.dump();
    out += i + 1 < m.files.size() ? ",\n" : "\n";
  }
  out += "]}\n";
  return out;
}

namespace {

bool IsHex64(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

bool IsPublicTable(std::string_view table) {
  for (std::string_view t : store::PublicTables()) {
    if (t == table) return true;
  }
  return false;
}

}  // namespace

Result<Manifest> DecodeManifest(std::string_view bytes) {
  const Json j = Json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  auto bad = [](std::string_view why) {
    return InvalidArgumentError("manifest.json: " + std::string(why));
  };
  if (!j.is_object()) return bad("not a JSON object");
  if (j.value("format", "") != kFormat) return bad("not a memoria mirror manifest");
  if (!j.contains("version") || !j["version"].is_number_integer() ||
      (j["version"].get<int>() != kFormatVersion && j["version"].get<int>() != 1)) {
    return bad("format version is not 1 or " + std::to_string(kFormatVersion));
  }
  if (j.value("shard_keys", int64_t{0}) != kShardKeys) return bad("unknown shard width");
  Manifest m;
  m.version = j["version"].get<int>();
  const std::string suffix = m.version == 1 ? ".jsonl" : ".jsonl.gz";
  m.key_id = j.value("key_id", "");
  m.public_key = j.value("public_key", "");
  m.created_at = j.value("created_at", "");
  if (j.contains("ledger") && j["ledger"].is_object()) {
    m.ledger.seq = j["ledger"].value("seq", int64_t{0});
    m.ledger.hash = j["ledger"].value("hash", "");
  }
  if (!j.contains("files") || !j["files"].is_array()) return bad("no file list");
  std::set<std::string> seen;
  for (const Json& f : j["files"]) {
    if (!f.is_object()) return bad("a file entry is not an object");
    BundleFile file;
    file.path = f.value("path", "");
    file.table = f.value("table", "");
    file.first_key = f.value("first_key", int64_t{0});
    file.rows = f.value("rows", int64_t{-1});
    file.bytes = f.value("bytes", int64_t{-1});
    file.sha256 = f.value("sha256", "");
    file.text_sha256 = f.value("text_sha256", "");
    if (!file.text_sha256.empty() && !IsHex64(file.text_sha256)) {
      return bad("a malformed file entry: " + f.dump());
    }
    // The path is made of the table and the hash, so a manifest can name no
    // file outside data/ (no "..", no absolute path).
    if (!IsPublicTable(file.table) || !IsHex64(file.sha256) ||
        file.path != "data/" + file.table + "/" + file.sha256 + suffix || file.rows < 0 ||
        file.bytes < 0) {
      return bad("a malformed file entry: " + f.dump());
    }
    if (!seen.insert(file.path).second) return bad("a file listed twice: " + file.path);
    m.files.push_back(std::move(file));
  }
  return m;
}

}  // namespace internal

namespace fs = std::filesystem;

Result<Manifest> ReadManifest(const std::string& out) {
  MEMORIA_ASSIGN_OR_RETURN(std::string bytes,
                           internal::ReadWholeFile((fs::path(out) / kManifestFile).string()));
  return internal::DecodeManifest(bytes);
}

Result<VerifyReport> VerifyBundle(const std::string& out, const store::PublicKey& key) {
  std::error_code ec;
  if (!fs::is_directory(out, ec)) return NotFoundError("no bundle folder " + out);
  VerifyReport report;
  const fs::path root(out);
  Result<std::string> manifest_bytes = internal::ReadWholeFile((root / kManifestFile).string());
  if (!manifest_bytes.ok()) {
    report.problems.push_back("missing: manifest.json");
    return report;
  }
  Result<std::string> sig_text = internal::ReadWholeFile((root / kSignatureFile).string());
  if (!sig_text.ok()) {
    report.problems.push_back("missing: manifest.sig");
    return report;
  }
  // The signature first: nothing the manifest says is believed before it.
  std::string_view hex = *sig_text;
  while (!hex.empty() && (hex.back() == '\n' || hex.back() == ' ')) hex.remove_suffix(1);
  std::string signature;
  if (!internal::FromHex(hex, &signature) ||
      signature.size() != store::PublicKey::kSignatureBytes) {
    report.problems.push_back("altered: manifest.sig (not a signature)");
    return report;
  }
  if (!key.Verify(*manifest_bytes, signature)) {
    report.problems.push_back("altered: manifest.json or manifest.sig (the signature of " +
                              key.Id() + " does not hold)");
    return report;
  }
  report.signature_ok = true;
  Result<Manifest> manifest = internal::DecodeManifest(*manifest_bytes);
  if (!manifest.ok()) {
    report.problems.push_back(std::string(manifest.status().message()));
    return report;
  }
  report.manifest = *manifest;
  std::set<std::string> listed;
  for (const BundleFile& f : manifest->files) {
    listed.insert(f.path);
    const fs::path path = root / f.path;
    if (!fs::is_regular_file(path, ec)) {
      report.problems.push_back("missing: " + f.path);
      continue;
    }
    const auto size = static_cast<int64_t>(fs::file_size(path, ec));
    Result<Sha256Digest> digest = Sha256File(path.string());
    ++report.files_checked;
    report.bytes_checked += size;
    if (!digest.ok()) {
      report.problems.push_back("unreadable: " + f.path);
    } else if (size != f.bytes) {
      report.problems.push_back("altered: " + f.path + " (" + std::to_string(size) +
                                " bytes, the manifest says " + std::to_string(f.bytes) + ")");
    } else if (ToHex(*digest) != f.sha256) {
      report.problems.push_back("altered: " + f.path + " (its SHA-256 differs)");
    }
  }
  // Anything else in the folder is not the archive's.
  std::vector<std::string> added;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != end(it);
       it.increment(ec)) {
    if (it->is_directory()) continue;
    const std::string rel = fs::relative(it->path(), root, ec).generic_string();
    if (rel == kManifestFile || rel == kSignatureFile || listed.contains(rel)) continue;
    added.push_back(rel);
  }
  std::sort(added.begin(), added.end());
  for (const std::string& rel : added) report.problems.push_back("added: " + rel);
  return report;
}

}  // namespace memoria::mirror
