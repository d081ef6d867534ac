#include "cli/batch.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/internal/common.h"
#include "core/text.h"
#include "store/reader.h"
#include "store/store.h"
#include "store/write.h"

namespace memoria::cli {

namespace {

using nlohmann::ordered_json;

constexpr const char* kBatchUsage =
    "usage:\n"
    "  memoria batch list DIR [--json]\n"
    "  memoria batch undo DIR BATCH_ID\n";

int BatchUsage(const std::string& message) {
  std::fprintf(stderr, "memoria: %s\n\n%s", message.c_str(), kBatchUsage);
  return 2;
}

int List(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(args, 2, {}, {"--json"});
  if (!parsed.ok()) return BatchUsage(parsed.status().message());
  if (parsed->positional.size() != 1) return BatchUsage("batch list takes one directory");
  store::OpenOptions open;
  open.read_only = true;
  auto store = store::Store::Open(parsed->positional[0], open);
  if (!store.ok()) return Fail(store.status());
  auto reader = store::Reader::Create(store->get(), store::Visibility::kConfidential);
  if (!reader.ok()) return Fail(reader.status());
  auto batches = (*reader)->ImportBatches();
  if (!batches.ok()) return Fail(batches.status());
  if (parsed->Has("--json")) {
    ordered_json out = ordered_json::array();
    for (const store::BatchInfo& b : *batches) {
      out.push_back({{"id", b.id},
                     {"source", b.source_key},
                     {"profile", b.profile},
                     {"file", b.file_name},
                     {"sha256", b.file_sha256},
                     {"started_at", b.started_at},
                     {"finished_at", b.finished_at},
                     {"rows_read", b.rows_read},
                     {"records_added", b.records_added},
                     {"duplicates", b.duplicates},
                     {"rows_rejected", b.rows_rejected},
                     {"persons_added", b.persons_added},
                     {"retracted", !b.retracted_at.empty()},
                     {"retracted_at", b.retracted_at.empty() ? ordered_json(nullptr)
                                                             : ordered_json(b.retracted_at)}});
    }
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  // The source and file columns as wide as their longest value, counted in
  // characters: a Cyrillic file name is twice as many bytes as it shows.
  size_t source_width = 6, file_width = 4;
  for (const store::BatchInfo& b : *batches) {
    source_width = std::max(source_width, Utf8Length(b.source_key));
    file_width = std::max(file_width, Utf8Length(b.file_name));
  }
  auto padded = [](const std::string& s, size_t width) {
    std::string out = s;
    out.append(width - std::min(width, Utf8Length(s)), ' ');
    return out;
  };
  std::printf("%5s  %s  %s  %-12s  %-20s  %8s  %8s  %8s  %s\n", "batch",
              padded("source", source_width).c_str(), padded("file", file_width).c_str(), "sha256",
              "started", "rows", "records", "persons", "state");
  for (const store::BatchInfo& b : *batches) {
    std::printf("%5lld  %s  %s  %-12s  %-20s  %8lld  %8lld  %8lld  %s\n",
                static_cast<long long>(b.id), padded(b.source_key, source_width).c_str(),
                padded(b.file_name, file_width).c_str(), b.file_sha256.substr(0, 12).c_str(),
                b.started_at.c_str(), static_cast<long long>(b.rows_read),
                static_cast<long long>(b.records_added), static_cast<long long>(b.persons_added),
                b.retracted_at.empty() ? "imported" : ("retracted " + b.retracted_at).c_str());
  }
  return 0;
}

int Undo(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(args, 2, {}, {});
  if (!parsed.ok()) return BatchUsage(parsed.status().message());
  if (parsed->positional.size() != 2) return BatchUsage("batch undo takes DIR and BATCH_ID");
  long long id = 0;
  try {
    size_t used = 0;
    id = std::stoll(parsed->positional[1], &used);
    if (used != parsed->positional[1].size() || id <= 0) throw std::invalid_argument("id");
  } catch (const std::exception&) {
    return BatchUsage("BATCH_ID must be a positive number (memoria batch list shows them)");
  }
  auto store = store::Store::Open(parsed->positional[0]);
  if (!store.ok()) return Fail(store.status());
  auto tx = (*store)->BeginWrite();
  if (!tx.ok()) return Fail(tx.status());
  Status s = tx->RetractBatch(id);
  if (s.ok()) s = tx->Commit();
  if (!s.ok()) return Fail(s);
  std::printf(
      "memoria: batch %lld retracted: its records and the facts read from them are no longer "
      "shown or counted; the rows stay in the archive\n",
      id);
  return 0;
}

}  // namespace

int CmdBatch(const std::vector<std::string>& args) {
  if (args.size() < 2) return BatchUsage("batch needs list or undo");
  if (args[1] == "list") return List(args);
  if (args[1] == "undo") return Undo(args);
  return BatchUsage("unknown batch command '" + args[1] + "'");
}

}  // namespace memoria::cli
