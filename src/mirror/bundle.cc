// Writing a bundle (mirror/mirror.h): the public rows of each table cut
// into shards by key range, each shard named by its SHA-256, so that an
// update writes only the shards whose bytes changed and a mirror fetches
// only those; an update reads again only the tables that the ledger entries
// since the bundle's changed.
#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "core/gzip.h"
#include "core/hash.h"
#include "mirror/internal/manifest.h"
#include "mirror/mirror.h"
#include "store/public_rows.h"
#include "store/reader.h"

namespace memoria::mirror {
namespace {

namespace fs = std::filesystem;

std::string UtcNow() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

bool EmptyOrAbsent(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return true;
  return fs::is_directory(dir, ec) && fs::is_empty(dir, ec);
}

// Cuts one table's rows into shards and writes those not already there.
class ShardWriter {
 public:
  // "old": the bundle's manifest, for an update (else empty).
  ShardWriter(const fs::path& root, bool update, const Manifest* old, WriteReport* report,
              Manifest* manifest)
      : root_(root), update_(update), report_(report), manifest_(manifest) {
    for (const BundleFile& f : old->files) {
      if (!f.text_sha256.empty()) old_by_text_.emplace(f.text_sha256, &f);
    }
  }

  Status Begin(std::string_view table, const std::vector<std::string>& columns) {
    table_ = table;
    header_ = nlohmann::json{{"table", table}, {"columns", columns}}.dump();
    return Status();
  }

  Status Add(const store::PublicRow& row) {
    const int64_t first = row.key - (((row.key % kShardKeys) + kShardKeys) % kShardKeys);
    if (open_ && first != first_key_) MEMORIA_RETURN_IF_ERROR(Flush());
    if (!open_) {
      open_ = true;
      first_key_ = first;
      rows_ = 0;
      // The header names the table, its columns and the key range.
      bytes_ = header_;
      bytes_.pop_back();
      bytes_ += fmt::format(",\"first_key\":{}}}\n", first_key_);
    }
    bytes_ += row.values;
    bytes_.push_back('\n');
    ++rows_;
    return Status();
  }

  Status Flush() {
    if (!open_) return Status();
    open_ = false;
    BundleFile file;
    file.table = table_;
    file.first_key = first_key_;
    file.rows = rows_;
    file.text_sha256 = ToHex(Sha256(bytes_));
    // A shard whose text the old bundle has is not compressed again: its
    // file, name and hash are the old ones (gzip gives the same file for
    // the same text, so this is what compressing would give).
    std::string gz;
    if (auto same = old_by_text_.find(file.text_sha256);
        same != old_by_text_.end() && same->second->table == table_) {
      file.bytes = same->second->bytes;
      file.sha256 = same->second->sha256;
    } else {
      MEMORIA_ASSIGN_OR_RETURN(gz, Gzip(bytes_));
      file.bytes = static_cast<int64_t>(gz.size());
      file.sha256 = ToHex(Sha256(gz));
    }
    file.path = "data/" + table_ + "/" + file.sha256 + ".jsonl.gz";
    const fs::path path = root_ / file.path;
    if (!Unchanged(path, file)) {
      if (gz.empty()) {
        MEMORIA_ASSIGN_OR_RETURN(gz, Gzip(bytes_));
      }
      std::error_code ec;
      fs::create_directories(path.parent_path(), ec);
      if (ec) return InvalidArgumentError("cannot create " + path.parent_path().string());
      MEMORIA_RETURN_IF_ERROR(internal::WriteFileAtomically(path.string(), gz));
      ++report_->files_written;
      report_->bytes_written += file.bytes;
    }
    ++report_->files;
    report_->bytes += file.bytes;
    report_->rows += rows_;
    manifest_->files.push_back(std::move(file));
    return Status();
  }

 private:
  // In an update, a shard already there under its hash, whose bytes still
  // hash to its name, is kept as it is.
  bool Unchanged(const fs::path& path, const BundleFile& file) const {
    if (!update_) return false;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return false;
    if (static_cast<int64_t>(fs::file_size(path, ec)) != file.bytes || ec) return false;
    Result<Sha256Digest> digest = Sha256File(path.string());
    return digest.ok() && ToHex(*digest) == file.sha256;
  }

  fs::path root_;
  bool update_;
  WriteReport* report_;
  Manifest* manifest_;
  std::map<std::string, const BundleFile*> old_by_text_;  // the old shards by text_sha256
  std::string table_, header_, bytes_;
  bool open_ = false;
  int64_t first_key_ = 0, rows_ = 0;
};

// Removes the files under data/ that the new manifest does not list (an
// update's superseded shards, a crashed write's temporary files).
int64_t RemoveUnlisted(const fs::path& root, const Manifest& manifest) {
  std::set<std::string> listed;
  for (const BundleFile& f : manifest.files) listed.insert(f.path);
  std::vector<fs::path> gone;
  std::error_code ec;
  const fs::path data = root / "data";
  if (!fs::is_directory(data, ec)) return 0;
  for (auto it = fs::recursive_directory_iterator(data, ec); !ec && it != end(it);
       it.increment(ec)) {
    if (it->is_directory()) continue;
    if (!listed.contains(fs::relative(it->path(), root, ec).generic_string())) {
      gone.push_back(it->path());
    }
  }
  for (const fs::path& p : gone) fs::remove(p, ec);
  return static_cast<int64_t>(gone.size());
}

// An update's table that nothing changed: its shards of the old manifest
// are listed again unread, when each is still there with its size (a
// missing or truncated one, and the table is read again; a shard altered
// in place is for verify to find).
bool KeepTable(const fs::path& root, const Manifest& old, std::string_view table,
               Manifest* manifest, WriteReport* report) {
  std::vector<const BundleFile*> files;
  for (const BundleFile& f : old.files) {
    if (f.table != table) continue;
    std::error_code ec;
    const auto size = fs::file_size(root / f.path, ec);
    if (ec || static_cast<int64_t>(size) != f.bytes) return false;
    files.push_back(&f);
  }
  for (const BundleFile* f : files) {
    manifest->files.push_back(*f);
    ++report->files;
    report->bytes += f->bytes;
    report->rows += f->rows;
  }
  ++report->tables_kept;
  return true;
}

}  // namespace

Result<WriteReport> WriteBundle(store::Store* store, const store::SigningKey& signer,
                                const std::string& out, const WriteOptions& options) {
  const fs::path root(out);
  std::error_code ec;
  if (options.update) {
    if (!fs::exists(root / kManifestFile, ec)) {
      return NotFoundError("no bundle in " + out + " (make one with: memoria mirror export)");
    }
  } else if (!EmptyOrAbsent(root)) {
    return AlreadyExistsError(out + " is not empty (update a bundle with: memoria mirror update)");
  }
  fs::create_directories(root, ec);
  if (ec) return InvalidArgumentError("cannot create " + out + ": " + ec.message());

  WriteReport report;
  Manifest manifest;
  manifest.key_id = signer.public_key().Id();
  manifest.public_key = signer.public_key().Hex();
  manifest.created_at = UtcNow();
  // One read transaction for every table: the bundle is one state of the
  // archive, whatever is written meanwhile.
  MEMORIA_ASSIGN_OR_RETURN(store::Reader * reader, store->ReaderFor(store::Visibility::kPublic));
  MEMORIA_ASSIGN_OR_RETURN(store::Reader::Snapshot snapshot, reader->BeginSnapshot());
  MEMORIA_ASSIGN_OR_RETURN(manifest.ledger, store::LastLedgerEntry(store));
  // An update reads again only the tables changed since the bundle's entry.
  Manifest old;
  std::optional<std::set<std::string>> changed;
  if (options.update) {
    Result<Manifest> read = ReadManifest(out);
    // A bundle of another version has every shard under another name.
    if (read.ok() && read->version == kFormatVersion) {
      old = std::move(read).value();
      MEMORIA_ASSIGN_OR_RETURN(changed, store::PublicTablesChangedSince(store, old.ledger));
    }
  }
  ShardWriter writer(root, options.update, &old, &report, &manifest);
  for (std::string_view table : store::PublicTables()) {
    if (changed.has_value() && !changed->contains(std::string(table)) &&
        KeepTable(root, old, table, &manifest, &report)) {
      if (options.progress) options.progress(table, -1);
      continue;
    }
    if (options.update) ++report.tables_read;
    std::vector<std::string> columns;
    const int64_t before = report.rows;
    bool begun = false;
    MEMORIA_RETURN_IF_ERROR(
        store::ForEachPublicRow(store, table, &columns, [&](const store::PublicRow& row) -> Status {
          if (!begun) {
            MEMORIA_RETURN_IF_ERROR(writer.Begin(table, columns));
            begun = true;
          }
          return writer.Add(row);
        }));
    MEMORIA_RETURN_IF_ERROR(writer.Flush());
    if (options.progress) options.progress(table, report.rows - before);
  }
  // The shards are in place before the manifest that names them, and the
  // manifest before its signature: a reader that sees a new signature sees
  // everything it covers.
  const std::string bytes = internal::EncodeManifest(manifest);
  MEMORIA_RETURN_IF_ERROR(internal::WriteFileAtomically((root / kManifestFile).string(), bytes));
  MEMORIA_RETURN_IF_ERROR(internal::WriteFileAtomically(
      (root / kSignatureFile).string(), internal::HexOf(signer.Sign(bytes)) + "\n"));
  report.files_written += 2;
  report.bytes_written += static_cast<int64_t>(bytes.size()) + 129;
  report.files += 2;
  report.bytes += static_cast<int64_t>(bytes.size()) + 129;
  report.files_removed = RemoveUnlisted(root, manifest);
  return report;
}

}  // namespace memoria::mirror
