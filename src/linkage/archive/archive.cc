// The archive linker (linkage/archive/archive.h): the persons through
// Block, EM, scoring and Cluster, then merges and review pairs in one write
// transaction.
#include "linkage/archive/archive.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <unordered_map>

#include "core/text.h"
#include "linkage/archive/internal/fields.h"
#include "linkage/linkage.h"
#include "store/merge.h"
#include "store/reader.h"
#include "store/write.h"

namespace memoria::linkage {
namespace {

using Clock = std::chrono::steady_clock;

// Stage lines on stderr, when it is a terminal.
class Stages {
 public:
  explicit Stages(bool on) : on_(on && isatty(STDERR_FILENO)) {}
  void Say(const std::string& what) {
    if (!on_) return;
    const double s = std::chrono::duration<double>(Clock::now() - start_).count();
    std::fprintf(stderr, "link: %6.1f s  %s\n", s, what.c_str());
  }

 private:
  bool on_;
  Clock::time_point start_ = Clock::now();
};

// Candidate pairs EM learns from (evenly spaced among all of them).
constexpr size_t kEmSample = 1000000;

// linkage::AllPairs from the records' sources.
uint64_t SourcePairs(const std::vector<int>& sources, bool cross_source_only) {
  const uint64_t n = sources.size();
  uint64_t all = n * (n - (n > 0 ? 1 : 0)) / 2;
  if (!cross_source_only) return all;
  std::unordered_map<int, uint64_t> per_source;
  for (int s : sources) ++per_source[s];
  for (const auto& [source, k] : per_source) all -= k * (k - 1) / 2;
  return all;
}

// The time now, UTC, as 2026-12-04T23:12:08Z.
std::string NowUtc() { return UtcTimestamp(static_cast<int64_t>(std::time(nullptr))); }

uint64_t PairKey(int64_t a, int64_t b) {
  if (a > b) std::swap(a, b);
  return (static_cast<uint64_t>(a) << 32) ^ static_cast<uint64_t>(b);
}

}  // namespace

Result<ArchiveLinkReport> LinkArchive(store::Store* store, const ArchiveLinkOptions& options) {
  const Clock::time_point start = Clock::now();
  Stages stages(options.progress);
  ArchiveLinkReport report;
  MEMORIA_ASSIGN_OR_RETURN(store::Reader * reader, store->ReaderFor(store::Visibility::kPublic));

  // The persons, interned as they are read (no record is held), and which
  // of them the run is about.
  const std::vector<FieldSpec> fields_spec = ArchiveFields();
  Comparator comparator(fields_spec);
  PreparedSetBuilder builder(comparator);
  size_t read = 0;
  std::vector<int64_t> person_of;
  std::vector<char> focus;
  stages.Say("reading persons");
  store::LinkReader link_reader(reader);
  MEMORIA_RETURN_IF_ERROR(link_reader.ForEachLinkPerson([&](const store::PersonView& p) {
    if (p.names.empty()) return Status();
    bool in = options.focus_source == 0 && options.focus_after_person == 0;
    if (options.focus_after_person != 0 && p.id > options.focus_after_person) in = true;
    if (options.focus_source != 0) {
      for (const store::RecordView& r : p.records) in |= r.source_id == options.focus_source;
    }
    builder.Add(RecordOf(p));
    person_of.push_back(p.id);
    focus.push_back(in ? 1 : 0);
    if (++read % 200000 == 0) stages.Say(std::to_string(read) + " persons read");
    return Status();
  }));
  report.persons = static_cast<int64_t>(read);
  stages.Say(std::to_string(read) + " persons; preparing values");
  const int threads = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));
  const PreparedSet set = builder.Finish(threads);
  std::unordered_map<uint64_t, char> decided;
  {
    MEMORIA_ASSIGN_OR_RETURN(auto pairs, link_reader.DecidedPairs());
    for (const auto& [a, b] : pairs) decided[PairKey(a, b)] = 1;
  }

  // Blocking, then only the pairs this run is about.
  stages.Say("blocking");
  LinkOptions lo;
  lo.fields = fields_spec;
  lo.blocking.cross_source_only = options.cross_source_only;
  lo.blocking.passes = ArchivePasses();
  lo.blocking.max_block = options.max_block;
  lo.blocking.neighbourhood = options.neighbourhood;
  lo.blocking.threads = threads;
  // u from random pairs, which are nearly all different persons: with u
  // free, EM on an archive's candidate pairs (many share a birth year by
  // construction of the blocks) can settle on "same birth" as the
  // non-matches.
  lo.em.fix_u = true;
  lo.cluster.link_threshold = options.link_threshold;
  lo.cluster.review_threshold = options.review_threshold;
  lo.cluster.require_corroboration = true;
  lo.cluster.cohesion_floor = std::min(options.review_threshold, 0.5);
  lo.cluster.names_only_review = options.names_only_review_threshold;
  Blocking blocking = Block(comparator, set, lo.blocking);
  std::erase_if(blocking.pairs, [&](const std::pair<uint32_t, uint32_t>& p) {
    if (!focus[p.first] && !focus[p.second]) return true;
    if (decided.count(PairKey(person_of[p.first], person_of[p.second])) != 0) {
      ++report.skipped_decided;
      return true;
    }
    return false;
  });
  report.candidates = static_cast<int64_t>(blocking.pairs.size());
  report.all_pairs = SourcePairs(set.sources(), options.cross_source_only);
  report.reduction_ratio = report.all_pairs == 0 ? 0
                                                 : 1.0 - static_cast<double>(report.candidates) /
                                                             static_cast<double>(report.all_pairs);

  // The model: m as an earlier link stored it, or by EM on a sample of the
  // candidate pairs; u from random pairs and p by EM either way. Then
  // every pair compared and scored on every core, keeping those that
  // reach review.
  const size_t fields = comparator.size();
  std::optional<FieldM> stored;
  if (!options.retrain) {
    MEMORIA_ASSIGN_OR_RETURN(std::string json, link_reader.LinkModel());
    if (!json.empty()) {
      stored = StoredM(lo.fields, json, &report.stored_model);
      if (!stored.has_value()) {
        std::fprintf(stderr,
                     "memoria: the stored link model is not this linker's; estimating one\n");
      }
    }
  }
  stages.Say(std::to_string(report.candidates) + " candidate pairs; " +
             (stored ? "the stored model (m), u and p" : "estimating the model (EM)"));
  const std::vector<int8_t> levels =
      SampleLevels(comparator, set, blocking.pairs, kEmSample, threads);
  const auto u = RandomPairU(comparator, set, lo.random_pairs, lo.seed, options.cross_source_only);
  Model model = stored ? ArchiveModelWithM(*stored, u, levels)
                       : EstimateArchiveModel(lo.fields, levels, u, lo.em);
  model.SetTermFrequencies(comparator, set);
  for (size_t f = 0; f < fields; ++f) {
    char line[160];
    std::snprintf(line, sizeof line, "  %-12s weights %6.2f %6.2f %6.2f %6.2f (disagree..exact)",
                  lo.fields[f].name.c_str(), model.FieldWeight(f, 0), model.FieldWeight(f, 1),
                  model.FieldWeight(f, 2), model.FieldWeight(f, 3));
    stages.Say(line);
  }
  stages.Say("comparing and scoring");
  std::vector<ScoredPair> scored =
      ScorePairs(comparator, model, set, blocking.pairs, options.review_threshold, threads,
                 /*plausible_only=*/true);
  blocking.pairs.clear();
  blocking.pairs.shrink_to_fit();

  stages.Say("clustering");
  std::vector<int8_t> scratch(fields);
  SetComparer compare(comparator, set);
  auto score = [&](uint32_t a, uint32_t b) {
    if (decided.count(PairKey(person_of[a], person_of[b])) != 0) return 0.0;
    if (options.cross_source_only && set.source(a) == set.source(b)) return 1.0;
    compare.Compare(a, b, scratch.data());
    return model.Probability(model.Weight(scratch.data(), set.ids(a)));
  };
  const Clustering clustering = Cluster(set.sources(), scored, lo.cluster, score);
  report.links = static_cast<int64_t>(clustering.links);
  for (const ScoredPair& p : clustering.review) report.review_names_only += p.names_only;
  for (const ScoredPair& p : scored) {
    report.held_names_only += p.names_only && p.plausible &&
                              (p.probability < lo.cluster.names_only_review || !p.names_close) &&
                              clustering.cluster_of[p.a] != clustering.cluster_of[p.b];
  }

  // Each cluster goes to its oldest person; each other member is merged with
  // the best score it has within the cluster.
  std::unordered_map<uint32_t, std::vector<uint32_t>> members;
  for (uint32_t i = 0; i < clustering.cluster_of.size(); ++i) {
    members[clustering.cluster_of[i]].push_back(i);
  }
  std::unordered_map<uint32_t, double> best;
  for (const ScoredPair& p : scored) {
    if (clustering.cluster_of[p.a] != clustering.cluster_of[p.b]) continue;
    best[p.a] = std::max(best[p.a], p.probability);
    best[p.b] = std::max(best[p.b], p.probability);
  }
  struct PlannedMerge {
    int64_t survivor, retired;
    double score;
  };
  std::vector<PlannedMerge> planned;
  for (auto& [cluster, list] : members) {
    if (list.size() < 2) continue;
    ++report.clusters;
    uint32_t oldest = *std::min_element(list.begin(), list.end(), [&](uint32_t x, uint32_t y) {
      return person_of[x] < person_of[y];
    });
    for (uint32_t m : list) {
      if (m != oldest) planned.push_back({person_of[oldest], person_of[m], best[m]});
    }
  }
  std::sort(planned.begin(), planned.end(),
            [](const PlannedMerge& x, const PlannedMerge& y) { return x.retired < y.retired; });
  report.merges = static_cast<int64_t>(planned.size());
  report.review = static_cast<int64_t>(clustering.review.size());
  if (options.dry_run) {
    report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return report;
  }

  stages.Say("writing " + std::to_string(planned.size()) + " merges and " +
             std::to_string(clustering.review.size()) + " review pairs");
  char rule[96];
  std::snprintf(rule, sizeof rule, "fellegi-sunter em; link p>=%.3g; review p>=%.3g",
                options.link_threshold, options.review_threshold);
  MEMORIA_ASSIGN_OR_RETURN(store::WriteTransaction tx, store->BeginWrite());
  if (!stored) MEMORIA_RETURN_IF_ERROR(tx.SetLinkModel(ModelJson(lo.fields, model, NowUtc())));
  // The merges as set operations in one statement per table
  // (MergePersonsBulk), not eight statements and a ledger note each.
  std::vector<store::MergeRequest> requests;
  requests.reserve(planned.size());
  for (const PlannedMerge& m : planned) {
    store::MergeRequest request;
    request.survivor = m.survivor;
    request.retired = m.retired;
    request.score = m.score;
    requests.push_back(std::move(request));
  }
  MEMORIA_ASSIGN_OR_RETURN(store::BulkMergeResult merged,
                           tx.MergePersonsBulk(requests, "linker", rule));
  for (const auto& [survivor, retired] : merged.refused) {
    std::fprintf(stderr,
                 "memoria: person %lld not merged into %lld (merged, retracted or more "
                 "hidden since)\n",
                 static_cast<long long>(retired), static_cast<long long>(survivor));
  }
  report.refused = static_cast<int64_t>(merged.refused.size());
  report.merges = static_cast<int64_t>(merged.merge_ids.size());
  report.merge_ids = std::move(merged.merge_ids);
  stages.Say("merges written; review pairs");
  report.review = 0;
  std::vector<int8_t> pair_levels(fields);
  for (const ScoredPair& p : clustering.review) {
    compare.Compare(p.a, p.b, pair_levels.data());
    nlohmann::json detail = nlohmann::json::array();
    for (size_t f = 0; f < fields; ++f) {
      const std::string& name = lo.fields[f].name;
      detail.push_back({{"field", name},
                        {"level", pair_levels[f]},
                        {"weight", std::round(model.FieldWeight(f, pair_levels[f]) * 100) / 100}});
    }
    store::LinkCandidate c;
    c.person_a = person_of[p.a];
    c.person_b = person_of[p.b];
    c.probability = p.probability;
    c.weight = p.weight;
    c.fields_json = detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    c.rule = rule;
    bool created = false;
    MEMORIA_ASSIGN_OR_RETURN(int64_t id, tx.ProposeLink(c, &created));
    if (id != 0) ++report.review;
    if (id != 0 && created) ++report.review_new;
  }
  store::AuditEntry entry;
  entry.account = options.account.empty() ? "linker" : options.account;
  entry.action = "link";
  entry.route = "memoria link";
  entry.subject = std::to_string(report.merges) + " merges, " + std::to_string(report.review) +
                  " pairs for review (" + rule + ")";
  MEMORIA_RETURN_IF_ERROR(tx.AppendAudit(entry).status());
  MEMORIA_RETURN_IF_ERROR(tx.Commit());
  report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return report;
}

Result<int64_t> LastPersonId(store::Store* store) {
  MEMORIA_ASSIGN_OR_RETURN(store::Reader * reader, store->ReaderFor(store::Visibility::kPublic));
  return store::LinkReader(reader).LastPersonId();
}

}  // namespace memoria::linkage
