// memoria link and memoria link undo (cli/link.h): the archive's persons
// through linkage::Block, EM, scoring and Cluster, then merges and review
// pairs in one write transaction.
#include "cli/link.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <unordered_map>

#include "cli/args.h"
#include "cli/internal/common.h"
#include "linkage/linkage.h"
#include "store/merge.h"
#include "store/reader.h"
#include "store/write.h"

namespace memoria::cli {
namespace {

using Clock = std::chrono::steady_clock;

std::string CliAccount() {
  const char* user = std::getenv("USER");
  return std::string("cli:") + (user != nullptr && *user != '\0' ? user : "?");
}

// The fields compared: the names, the birth (date, and place through the
// place parser), the dates of arrest, sentence and execution or death, the
// residence, occupation and nationality. Namesakes born in the same year
// are common in the lists (Иванов Иван Иванович, 1900); what tells them
// apart is mostly the other events: two people are rarely arrested on the
// same day, and one person's records rarely give two different days. A
// field no record has is missing everywhere and weighs nothing. The dates
// of arrest, sentence and death are weighed by how frequent the day is: a
// troika sentenced hundreds on one day, and agreeing on that day says less.
std::vector<linkage::FieldSpec> ArchiveFields() {
  return {
      {"given", linkage::FieldKind::kName, true},
      {"surname", linkage::FieldKind::kName, true},
      {"patronymic", linkage::FieldKind::kName, true},
      {"birth", linkage::FieldKind::kDate, false, /*veto=*/true},
      {"locality", linkage::FieldKind::kPlace, true, /*veto=*/true},
      {"arrest", linkage::FieldKind::kDate, true},
      {"sentence", linkage::FieldKind::kDate, true},
      {"death", linkage::FieldKind::kDate, true},
      {"residence", linkage::FieldKind::kPlace, true},
      {"occupation", linkage::FieldKind::kString, false},
      {"nationality", linkage::FieldKind::kString, false},
  };
}

// Candidate pairs: the surname's phonetic key with the given name's
// initial; the surname with the birth year (+-1); given name and
// patronymic with the birth year, or with the surname's initial (a
// misspelt surname); the day of arrest, sentence or death with the
// surname's initial (names written differently, no birth year). Blocks of more
// than ArchiveLinkOptions::max_block records (Иванов И., Кузнецов 1900) are
// compared by sorted neighbourhood, "neighbourhood" records on, instead of
// skipped.
std::vector<linkage::BlockingPass> ArchivePasses() {
  return {
      {linkage::BlockingKey::kSurnameGivenInitial, ""},
      {linkage::BlockingKey::kSurnameBirthYear, ""},
      {linkage::BlockingKey::kGivenPatronymicBirthYear, ""},
      {linkage::BlockingKey::kAttributeSurnameInitial, "arrest"},
      {linkage::BlockingKey::kGivenPatronymicSurnameInitial, ""},
      {linkage::BlockingKey::kAttributeSurnameInitial, "sentence"},
      {linkage::BlockingKey::kAttributeSurnameInitial, "death"},
  };
}

// An event's date as the comparators read it: EDTF when the store has one,
// the text as written otherwise ("_.5.1938").
std::string DateOf(const store::EventFact& e) {
  return !e.date.empty() ? e.date.ToString() : e.date_text;
}

// One linkage record per person: its first main name, its first birth
// (date and place), its first arrest, sentence, execution or death, its
// first residence, occupation and nationality; the source of its first
// record.
linkage::Record RecordOf(const store::PersonView& p) {
  linkage::Record r;
  r.id = std::to_string(p.id);
  r.source = p.records.empty() ? 0 : static_cast<int>(p.records.front().source_id);
  const store::NameFact* name = nullptr;
  for (const store::NameFact& n : p.names) {
    if (n.kind == "main") {
      name = &n;
      break;
    }
  }
  if (name == nullptr && !p.names.empty()) name = &p.names.front();
  if (name != nullptr) {
    r.surname = name->surname;
    r.given = name->given;
    r.patronymic = name->patronymic;
  }
  bool birth = false, death = false, arrest = false, sentence = false;
  for (const store::EventFact& e : p.events) {
    if (e.type == "birth" && !birth) {
      birth = true;
      r.birth = e.date;
      r.birth_text = !e.date_text.empty() ? e.date_text : e.date.ToString();
      r.locality = e.place;
    } else if ((e.type == "execution" || e.type == "death") && !death && !DateOf(e).empty()) {
      death = true;
      r.attributes.emplace_back("death", DateOf(e));
    } else if (e.type == "arrest" && !arrest && !DateOf(e).empty()) {
      arrest = true;
      r.attributes.emplace_back("arrest", DateOf(e));
    } else if (e.type == "sentence" && !sentence && !DateOf(e).empty()) {
      sentence = true;
      r.attributes.emplace_back("sentence", DateOf(e));
    }
  }
  for (std::string_view kind : {"residence", "occupation", "nationality"}) {
    for (const store::AttributeFact& a : p.attributes) {
      if (a.kind == kind) {
        r.attributes.emplace_back(std::string(kind), a.value);
        break;
      }
    }
  }
  return r;
}

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

// Floors of the m probabilities (EstimateArchiveModel).
constexpr double kMinM = 0.001;
constexpr double kMaxNameDisagree = 0.05;

// How often the same person's two records agree on a field of this kind,
// by level (disagree, weak, close, exact): spelling variants, initials,
// approximate years and missing precision, as the lists have them.
std::array<double, linkage::kLevels> PriorM(linkage::FieldKind kind) {
  switch (kind) {
    case linkage::FieldKind::kName:
      return {0.02, 0.10, 0.18, 0.70};
    case linkage::FieldKind::kDate:
      return {0.05, 0.10, 0.25, 0.60};
    default:
      return {0.15, 0.05, 0.10, 0.70};
  }
}

// The model of an archive. In a deduplication of a large archive only a
// few candidate pairs in a thousand are the same person, and EM over all of
// them finds some other split (every pair one class). So m is trained as
// Splink does, on subsets where matches are common, each field on a subset
// not chosen by that field: the pairs whose names and birth date agree
// train the other fields, those whose names and arrest date agree the
// birth date; the pairs whose birth date agrees exactly train the names.
// u stays at its random-pair estimate. Then p, the share of matches among
// all candidates, is estimated with m and u held.
linkage::Model EstimateArchiveModel(const std::vector<linkage::FieldSpec>& specs,
                                    const std::vector<int8_t>& levels,
                                    const std::vector<std::array<double, linkage::kLevels>>& u,
                                    const linkage::EmOptions& em) {
  const size_t fields = specs.size();
  const size_t n = fields == 0 ? 0 : levels.size() / fields;
  auto index = [&](std::string_view name) {
    for (size_t f = 0; f < fields; ++f) {
      if (specs[f].name == name) return f;
    }
    return fields;
  };
  const size_t given = index("given"), surname = index("surname"), birth = index("birth");
  const size_t arrest = index("arrest");
  // One training subset: the rows where "keep" holds, with the fields in
  // "blind" made missing (they chose the subset, so they say nothing).
  auto train = [&](const std::function<bool(const int8_t*)>& keep,
                   const std::vector<size_t>& blind) {
    std::vector<int8_t> subset;
    for (size_t k = 0; k < n; ++k) {
      const int8_t* row = levels.data() + k * fields;
      if (!keep(row)) continue;
      const size_t at = subset.size();
      subset.insert(subset.end(), row, row + fields);
      for (size_t f : blind) subset[at + f] = linkage::kMissing;
    }
    return linkage::EstimateEm(fields, subset, u, em);
  };
  const linkage::Model by_names = train(
      [&](const int8_t* r) { return r[given] >= linkage::kClose && r[surname] >= linkage::kClose; },
      {given, surname});
  const linkage::Model by_birth =
      train([&](const int8_t* r) { return r[birth] == linkage::kExact; }, {birth});
  // In a large archive the pairs that agree on both names are mostly
  // namesakes, and EM over them takes a namesake's different village or
  // birth year for a clerical slip. So the other fields learn from pairs
  // that agree on both names and on a field that namesakes rarely share:
  // the exact birth date, or (for the birth date itself) the exact arrest
  // date. Namesakes are rare in these subsets at any size.
  auto names_and = [&](size_t field) {
    if (field >= fields) return by_names;
    return train(
        [&](const int8_t* r) {
          return r[given] >= linkage::kClose && r[surname] >= linkage::kClose &&
                 r[field] == linkage::kExact;
        },
        {given, surname, field});
  };
  const linkage::Model by_names_and_birth = names_and(birth);
  const linkage::Model by_names_and_arrest = names_and(arrest);
  std::vector<linkage::FieldParams> params(fields);
  for (size_t f = 0; f < fields; ++f) {
    const bool name = specs[f].kind == linkage::FieldKind::kName;
    params[f].m = name         ? by_birth.fields()[f].m
                  : f == birth ? by_names_and_arrest.fields()[f].m
                               : by_names_and_birth.fields()[f].m;
    params[f].u = u[f];
    // When a subset holds (nearly) no matches (an archive linked before),
    // EM splits it on something else, and its "matches" disagree on the
    // very field: a field whose matches do not mostly agree takes the
    // prior instead.
    if (params[f].m[linkage::kExact] + params[f].m[linkage::kClose] < 0.5) {
      params[f].m = PriorM(specs[f].kind);
    }
    // The training subsets hold few records that disagree, and EM gives
    // their levels next to nothing: a single differing occupation would
    // veto a link (-30 bits). Real lists have clerical slips: every level
    // keeps at least kMinM of the matches, and a name disagrees for at
    // most kMaxNameDisagree of them (so a disagreeing name weighs at least
    // about -4 bits; the training subset chosen by birth holds namesakes).
    auto& m = params[f].m;
    if (name) m[linkage::kDisagree] = std::min(m[linkage::kDisagree], kMaxNameDisagree);
    double sum = 0;
    for (double& x : m) sum += (x = std::max(x, kMinM));
    for (double& x : m) x /= sum;
  }
  // p by EM with m and u held: the mean posterior over the candidates.
  const auto patterns = linkage::CountPatterns(fields, levels);
  linkage::Model model(0.01, params);
  for (int i = 0; i < 100 && n > 0; ++i) {
    double expected = 0;
    for (const auto& [pattern, count] : patterns) {
      double w = 0;
      for (size_t f = 0; f < fields; ++f) w += model.FieldWeight(f, pattern[f]);
      expected += count * model.Probability(w);
    }
    const double p = std::clamp(expected / static_cast<double>(n), 1e-6, 0.5);
    const bool settled = std::abs(p - model.p()) < 1e-7;
    model = linkage::Model(p, params);
    if (settled) break;
  }
  return model;
}

// Candidate pairs EM learns from (evenly spaced among all of them).
constexpr size_t kEmSample = 1000000;

// linkage::AllPairs from the records' sources.
uint64_t AllPairs(const std::vector<int>& sources, bool cross_source_only) {
  const uint64_t n = sources.size();
  uint64_t all = n * (n - (n > 0 ? 1 : 0)) / 2;
  if (!cross_source_only) return all;
  std::unordered_map<int, uint64_t> per_source;
  for (int s : sources) ++per_source[s];
  for (const auto& [source, k] : per_source) all -= k * (k - 1) / 2;
  return all;
}

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
  const std::vector<linkage::FieldSpec> fields_spec = ArchiveFields();
  linkage::Comparator comparator(fields_spec);
  linkage::PreparedSetBuilder builder(comparator);
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
  const linkage::PreparedSet set = builder.Finish(threads);
  std::unordered_map<uint64_t, char> decided;
  {
    MEMORIA_ASSIGN_OR_RETURN(auto pairs, link_reader.DecidedPairs());
    for (const auto& [a, b] : pairs) decided[PairKey(a, b)] = 1;
  }

  // Blocking, then only the pairs this run is about.
  stages.Say("blocking");
  linkage::LinkOptions lo;
  lo.fields = fields_spec;
  lo.blocking.cross_source_only = options.cross_source_only;
  lo.blocking.passes = ArchivePasses();
  lo.blocking.max_block = options.max_block;
  lo.blocking.neighbourhood = options.neighbourhood;
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
  linkage::Blocking blocking = linkage::Block(comparator, set, lo.blocking);
  std::erase_if(blocking.pairs, [&](const std::pair<uint32_t, uint32_t>& p) {
    if (!focus[p.first] && !focus[p.second]) return true;
    if (decided.count(PairKey(person_of[p.first], person_of[p.second])) != 0) {
      ++report.skipped_decided;
      return true;
    }
    return false;
  });
  report.candidates = static_cast<int64_t>(blocking.pairs.size());
  report.all_pairs = AllPairs(set.sources(), options.cross_source_only);
  report.reduction_ratio = report.all_pairs == 0 ? 0
                                                 : 1.0 - static_cast<double>(report.candidates) /
                                                             static_cast<double>(report.all_pairs);

  // The model by EM on a sample of the candidate pairs, then every pair
  // compared and scored on every core, keeping those that reach review.
  const size_t fields = comparator.size();
  stages.Say(std::to_string(report.candidates) + " candidate pairs; estimating the model (EM)");
  const std::vector<int8_t> levels =
      linkage::SampleLevels(comparator, set, blocking.pairs, kEmSample, threads);
  const auto u =
      linkage::RandomPairU(comparator, set, lo.random_pairs, lo.seed, options.cross_source_only);
  linkage::Model model = EstimateArchiveModel(lo.fields, levels, u, lo.em);
  model.SetTermFrequencies(comparator, set);
  for (size_t f = 0; f < fields; ++f) {
    char line[160];
    std::snprintf(line, sizeof line, "  %-12s weights %6.2f %6.2f %6.2f %6.2f (disagree..exact)",
                  lo.fields[f].name.c_str(), model.FieldWeight(f, 0), model.FieldWeight(f, 1),
                  model.FieldWeight(f, 2), model.FieldWeight(f, 3));
    stages.Say(line);
  }
  stages.Say("comparing and scoring");
  std::vector<linkage::ScoredPair> scored = linkage::ScorePairs(
      comparator, model, set, blocking.pairs, options.review_threshold, threads);
  blocking.pairs.clear();
  blocking.pairs.shrink_to_fit();

  stages.Say("clustering");
  std::vector<int8_t> scratch(fields);
  linkage::SetComparer compare(comparator, set);
  auto score = [&](uint32_t a, uint32_t b) {
    if (decided.count(PairKey(person_of[a], person_of[b])) != 0) return 0.0;
    if (options.cross_source_only && set.source(a) == set.source(b)) return 1.0;
    compare.Compare(a, b, scratch.data());
    return model.Probability(model.Weight(scratch.data(), set.ids(a)));
  };
  const linkage::Clustering clustering = linkage::Cluster(set.sources(), scored, lo.cluster, score);
  report.links = static_cast<int64_t>(clustering.links);
  for (const linkage::ScoredPair& p : clustering.review) report.review_names_only += p.names_only;
  for (const linkage::ScoredPair& p : scored) {
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
  for (const linkage::ScoredPair& p : scored) {
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
  for (const linkage::ScoredPair& p : clustering.review) {
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
    MEMORIA_ASSIGN_OR_RETURN(int64_t id, tx.ProposeLink(c));
    if (id != 0) ++report.review;
  }
  store::AuditEntry entry;
  entry.account = options.account.empty() ? CliAccount() : options.account;
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

void PrintLinkReport(const ArchiveLinkReport& r, bool dry_run) {
  std::printf("records (persons):       %lld\n", static_cast<long long>(r.persons));
  std::printf("candidate pairs compared: %lld of %llu (reduction ratio %.6f)\n",
              static_cast<long long>(r.candidates), static_cast<unsigned long long>(r.all_pairs),
              r.reduction_ratio);
  if (r.skipped_decided > 0) {
    std::printf("pairs decided before:    %lld (not proposed again)\n",
                static_cast<long long>(r.skipped_decided));
  }
  std::printf("links at the threshold:  %lld\n", static_cast<long long>(r.links));
  std::printf("clusters:                %lld\n", static_cast<long long>(r.clusters));
  std::printf("%s %lld\n", dry_run ? "merges (not made):      " : "merges made:            ",
              static_cast<long long>(r.merges));
  if (r.refused > 0) {
    std::printf("merges refused:          %lld (see above)\n", static_cast<long long>(r.refused));
  }
  std::printf("%s %lld\n", dry_run ? "pairs for review (not stored):" : "pairs sent to review:   ",
              static_cast<long long>(r.review));
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
  const std::string me = CliAccount();
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
                          {"--dry-run", "--quiet"});
  if (!parsed.ok()) return Usage(parsed.status().message());
  if (!parsed->positional.empty() && parsed->positional[0] == "undo") {
    return CmdLinkUndo(*parsed);
  }
  if (parsed->positional.size() != 1) return Usage("link needs DIR");
  ArchiveLinkOptions options;
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
  options.progress = !parsed->Has("--quiet");
  options.account = CliAccount();
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
  auto report = LinkArchive(store->get(), options);
  if (!report.ok()) return Fail(report.status());
  PrintLinkReport(*report, options.dry_run);
  return 0;
}

}  // namespace memoria::cli
