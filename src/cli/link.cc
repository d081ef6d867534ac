// memoria link and memoria link undo (cli/link.h): the arguments and the
// report; the linkage of the archive is linkage/archive/archive.h.
#include "cli/link.h"

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "cli/args.h"
#include "cli/internal/common.h"
#include "store/merge.h"
#include "store/reader.h"
#include "store/write.h"

namespace memoria::cli {

std::string LinkAccount() {
  const char* user = std::getenv("USER");
  return std::string("cli:") + (user != nullptr && *user != '\0' ? user : "?");
}

void PrintLinkReport(const linkage::ArchiveLinkReport& r, bool dry_run) {
  std::printf("records (persons):       %lld\n", static_cast<long long>(r.persons));
  std::printf("candidate pairs compared: %lld of %llu (reduction ratio %.6f)\n",
              static_cast<long long>(r.candidates), static_cast<unsigned long long>(r.all_pairs),
              r.reduction_ratio);
  if (r.skipped_decided > 0) {
    std::printf("pairs decided before:    %lld (not proposed again)\n",
                static_cast<long long>(r.skipped_decided));
  }
  if (!r.stored_model.empty()) {
    std::printf(
        "model:                   stored by the link of %s (--retrain to estimate it again)\n",
        r.stored_model.c_str());
  } else {
    std::printf("model:                   estimated (EM)%s\n",
                dry_run ? "" : "; stored for later runs");
  }
  std::printf("links at the threshold:  %lld\n", static_cast<long long>(r.links));
  std::printf("clusters:                %lld\n", static_cast<long long>(r.clusters));
  std::printf("%s %lld\n", dry_run ? "merges (not made):      " : "merges made:            ",
              static_cast<long long>(r.merges));
  if (r.refused > 0) {
    std::printf("merges refused:          %lld (see above)\n", static_cast<long long>(r.refused));
  }
  std::printf("%s %lld", dry_run ? "pairs for review (not stored):" : "pairs sent to review:   ",
              static_cast<long long>(r.review));
  if (!dry_run && r.review_new != r.review) {
    std::printf(" (%lld new; the others were waiting already, their scores updated)",
                static_cast<long long>(r.review_new));
  }
  std::printf("\n");
  if (r.review_names_only > 0 || r.held_names_only > 0) {
    std::printf("  on names alone:        %lld (%lld more below the names-only bar, not sent)\n",
                static_cast<long long>(r.review_names_only),
                static_cast<long long>(r.held_names_only));
  }
  std::printf("time:                    %.1f s\n", r.seconds);
  if (!r.merge_ids.empty()) {
    std::printf("merge ids:               %lld..%lld (memoria link undo DIR MERGE_ID)\n",
                static_cast<long long>(r.merge_ids.front()),
                static_cast<long long>(r.merge_ids.back()));
  }
  if (dry_run) std::printf("dry run: nothing written\n");
}

namespace {

Result<double> Probability(const ParsedArgs& parsed, const std::string& flag, double fallback) {
  if (!parsed.Has(flag)) return fallback;
  const std::string text = parsed.Get(flag);
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(v > 0) || !(v <= 1)) {
    return InvalidArgumentError(flag + " needs a probability in (0, 1], such as 0.95");
  }
  return v;
}

int CmdLinkUndo(const ParsedArgs& parsed) {
  if (parsed.positional.size() != 3) return Usage("link undo needs DIR and MERGE_ID");
  char* end = nullptr;
  const long long id = std::strtoll(parsed.positional[2].c_str(), &end, 10);
  if (parsed.positional[2].empty() || *end != '\0' || id <= 0) {
    return Usage("MERGE_ID must be a positive whole number");
  }
  auto store = store::Store::Open(parsed.positional[1]);
  if (!store.ok()) return Fail(store.status());
  auto reader = (*store)->ReaderFor(store::Visibility::kConfidential);
  if (!reader.ok()) return Fail(reader.status());
  auto merge = store::LinkReader(*reader).Merge(id);
  if (!merge.ok()) return Fail(merge.status());
  auto tx = (*store)->BeginWrite();
  if (!tx.ok()) return Fail(tx.status());
  const std::string me = LinkAccount();
  if (Status s = tx->SplitMerge(id, me); !s.ok()) return Fail(s);
  // An undone merge is a rejected pair: the linker does not make it again.
  auto decided = tx->DecidePair(merge->survivor, merge->retired, "rejected", me, 0);
  if (!decided.ok()) return Fail(decided.status());
  store::AuditEntry entry;
  entry.account = me;
  entry.action = "link";
  entry.route = "memoria link undo";
  entry.subject = "split merge " + std::to_string(id) + ": person " +
                  std::to_string(merge->retired) + " out of person " +
                  std::to_string(merge->survivor);
  if (auto logged = tx->AppendAudit(entry); !logged.ok()) return Fail(logged.status());
  if (Status s = tx->Commit(); !s.ok()) return Fail(s);
  std::printf(
      "memoria: merge %lld split: person %lld is back with its records (no longer "
      "proposed with person %lld)\n",
      id, static_cast<long long>(merge->retired), static_cast<long long>(merge->survivor));
  return 0;
}

}  // namespace

int CmdLink(const std::vector<std::string>& args) {
  auto parsed = ParseArgs(args, 1,
                          {"--threshold-link", "--threshold-review", "--threshold-review-names",
                           "--source", "--max-block", "--neighbourhood"},
                          {"--dry-run", "--quiet", "--retrain"});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (!parsed->positional.empty() && parsed->positional[0] == "undo") {
    return CmdLinkUndo(*parsed);
  }
  if (parsed->positional.size() != 1) return Usage("link needs DIR");
  linkage::ArchiveLinkOptions options;
  auto link = Probability(*parsed, "--threshold-link", options.link_threshold);
  if (!link.ok()) return Usage(link.status().message());
  auto review = Probability(*parsed, "--threshold-review", options.review_threshold);
  if (!review.ok()) return Usage(review.status().message());
  if (*review > *link) return Usage("--threshold-review must not be above --threshold-link");
  auto names =
      Probability(*parsed, "--threshold-review-names", options.names_only_review_threshold);
  if (!names.ok()) return Usage(names.status().message());
  options.link_threshold = *link;
  options.review_threshold = *review;
  options.names_only_review_threshold = *names;
  for (const auto& [flag, value] : {std::pair{"--max-block", &options.max_block},
                                    std::pair{"--neighbourhood", &options.neighbourhood}}) {
    if (!parsed->Has(flag)) continue;
    const std::string text = parsed->Get(flag);
    char* end = nullptr;
    const long long n = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || n < 1 || n > 100000) {
      return Usage(std::string(flag) + " needs a whole number from 1 to 100000");
    }
    *value = static_cast<size_t>(n);
  }
  options.dry_run = parsed->Has("--dry-run");
  options.retrain = parsed->Has("--retrain");
  options.progress = !parsed->Has("--quiet");
  options.account = LinkAccount();
  auto store = store::Store::Open(parsed->positional[0], options.dry_run);
  if (!store.ok()) return Fail(store.status());
  if (parsed->Has("--source")) {
    auto reader = (*store)->ReaderFor(store::Visibility::kPublic);
    if (!reader.ok()) return Fail(reader.status());
    auto sources = (*reader)->Sources();
    if (!sources.ok()) return Fail(sources.status());
    for (const store::SourceRow& s : *sources) {
      if (s.key == parsed->Get("--source")) options.focus_source = s.id;
    }
    if (options.focus_source == 0) {
      return Fail(NotFoundError("no public source with key " + parsed->Get("--source")));
    }
  }
  auto report = linkage::LinkArchive(store->get(), options);
  if (!report.ok()) return Fail(report.status());
  PrintLinkReport(*report, options.dry_run);
  return 0;
}

}  // namespace memoria::cli
