// Loading a checked bundle into a new archive (mirror/mirror.h): the
// archive a mirror serves with the ordinary server, read-only.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/gzip.h"
#include "core/hash.h"
#include "mirror/internal/manifest.h"
#include "mirror/mirror.h"
#include "store/public_rows.h"

namespace memoria::mirror {
namespace {

namespace fs = std::filesystem;

Status LoadShard(const fs::path& path, const BundleFile& file, store::PublicRowLoader* loader) {
  MEMORIA_ASSIGN_OR_RETURN(std::string bytes, internal::ReadWholeFile(path.string()));
  // Version 2's shards are gzipped, version 1's plain.
  if (file.path.ends_with(".gz")) {
    Result<std::string> text = Gunzip(bytes);
    if (!text.ok()) return text.status().Annotate(file.path);
    bytes = std::move(text).value();
    if (!file.text_sha256.empty() && ToHex(Sha256(bytes)) != file.text_sha256) {
      return DataLossError(file.path + ": its text's SHA-256 is not the manifest's");
    }
  }
  std::istringstream in(std::move(bytes));
  std::string line;
  if (!std::getline(in, line)) return InvalidArgumentError(file.path + ": no header");
  const nlohmann::json header = nlohmann::json::parse(line, nullptr, false);
  if (!header.is_object() || header.value("table", "") != file.table ||
      !header.contains("columns") || !header["columns"].is_array()) {
    return InvalidArgumentError(file.path + ": a malformed header");
  }
  std::vector<std::string> columns;
  for (const auto& c : header["columns"]) {
    if (!c.is_string()) return InvalidArgumentError(file.path + ": a malformed header");
    columns.push_back(c.get<std::string>());
  }
  int64_t rows = 0;
  while (std::getline(in, line)) {
    MEMORIA_RETURN_IF_ERROR(loader->Add(file.table, columns, line).Annotate(file.path));
    ++rows;
  }
  if (rows != file.rows) {
    return DataLossError(file.path + ": " + std::to_string(rows) + " rows, the manifest says " +
                         std::to_string(file.rows));
  }
  return Status();
}

}  // namespace

Status LoadBundle(const std::string& out, const Manifest& manifest, const std::string& dir) {
  MEMORIA_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, store::Store::Create(dir));
  MEMORIA_ASSIGN_OR_RETURN(auto loader, store::PublicRowLoader::Begin(store.get()));
  // The manifest lists the shards in load order (store::PublicTables()).
  for (const BundleFile& file : manifest.files) {
    MEMORIA_RETURN_IF_ERROR(LoadShard(fs::path(out) / file.path, file, loader.get()));
  }
  return loader->Commit();
}

}  // namespace memoria::mirror
