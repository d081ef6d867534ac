// linkage/ finds the records that describe the same person: blocking (which
// pairs to compare), field comparators (how alike two values are, in levels),
// the Fellegi–Sunter model with m and u estimated by EM without labels, and
// clustering of linked records into persons. It is a pure library: records
// come in as values, links and clusters go out; it knows nothing of the store.
//
// References:
//   I. P. Fellegi and A. B. Sunter, "A Theory for Record Linkage", JASA 64
//     (1969) 1183-1210: agreement levels, match weights log2(m/u), the two
//     thresholds (link, review, non-link).
//   W. E. Winkler, "Using the EM Algorithm for Weight Computation in the
//     Fellegi-Sunter Model of Record Linkage", Proc. Section on Survey
//     Research Methods, ASA (1988); and Winkler's term-frequency adjustment
//     of agreement weights for frequent values.
//   P. Christen, "Data Matching" (Springer, 2012), ch. 4 and 7: blocking,
//     pair completeness and reduction ratio; pairwise and cluster measures.
//   A. Bagga and B. Baldwin (1998): B-cubed precision and recall.
// See docs/LINKAGE.md for the model in prose.
//
// Thread safety: pure functions and value types; a Comparator and a Model are
// immutable after construction and may be shared between threads.
#ifndef MEMORIA_LINKAGE_LINKAGE_H_
#define MEMORIA_LINKAGE_LINKAGE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/edtf.h"

namespace memoria::linkage {

// One record to link: what a source says of one person. Empty strings and an
// empty date are missing values (they neither agree nor disagree).
// REQUIRES: valid UTF-8 in every string (as the import readers guarantee),
// each field within the readers' row limits.
struct Record {
  std::string id;  // the caller's id, carried through
  int source = 0;  // which file or list the record is from
  std::string given;
  std::string surname;
  std::string patronymic;
  Edtf birth;              // see ParseBirthDate
  std::string birth_text;  // as written; compared when "birth" could not be read
  std::string street_number;
  std::string street;
  std::string locality;  // town, village, suburb
  std::string postcode;
  std::string region;
  // Other attributes by name ("soc_sec_id", "father"); a field named like
  // an attribute compares it.
  std::vector<std::pair<std::string, std::string>> attributes;
};

// Reads a birth date as archives write it: EDTF ("1899", "1898~",
// "1937-05-17"), eight digits yyyymmdd ("19370517"), Memorial's "17.5.1937",
// Russian prose ("7 марта 1932 г."), or an approximate year ("about 1898",
// "circa 1898", "c. 1898", "ок. 1898", "около 1898 г." -> 1898~). Returns
// the empty date for anything else (the caller keeps the text in
// Record::birth_text).
Edtf ParseBirthDate(std::string_view text);

// The value of the field named "name" in "record" (given, surname,
// patronymic, birth (its text), street_number, street, locality, postcode,
// region, or the first attribute of that name); nullptr when there is none.
const std::string* RecordField(const Record& record, const std::string& name);

// The normalised words of "text" (names::NormalizedWords) joined by one
// space: lower case, without punctuation.
std::string NormalizedText(std::string_view text);

// ---------------------------------------------------------------- comparators

// Every comparator answers one of these levels, or kMissing when either value
// is empty. Levels are ordered: higher is more alike.
inline constexpr int kLevels = 4;
inline constexpr int8_t kMissing = -1;
inline constexpr int8_t kDisagree = 0;
inline constexpr int8_t kWeak = 1;   // alike, but more often not the same value
inline constexpr int8_t kClose = 2;  // a typo, a transliteration, an overlap
inline constexpr int8_t kExact = 3;

enum class FieldKind {
  // Names: equal after normalisation and folding (names/names.h), or equal
  // in the ICAO Latin reference form (so Иванов = Ivanov) -> exact; the same
  // Russian-aware phonetic key or Jaro–Winkler >= 0.94 on the Latin forms ->
  // close; Jaro–Winkler >= 0.85, or an initial matching the name -> weak.
  kName,
  // Dates: the same day -> exact; spans that overlap, approximate dates
  // widened by two years ("1899" ~ "about 1898"), or full dates one digit or
  // a day/month swap apart -> close; years at most two apart -> weak.
  kDate,
  // Free text (streets, places): equal (or equal without spaces) -> exact;
  // Jaro–Winkler >= 0.92 -> close; >= 0.80 -> weak.
  kString,
  // Numbers (house numbers, ages): equal -> exact; differing by one, or one
  // edit apart -> close; within 10% -> weak.
  kNumber,
  // Codes (postcodes, identifiers, regions): equal -> exact; one edit
  // (Damerau–Levenshtein) -> close; two edits in codes of six or more
  // characters -> weak.
  kCode,
  // Places as sources write them, read by the place authority's parser
  // (places/places.h) into units with their nominative names, streets and
  // buildings left out: the same units -> exact; the same most specific
  // unit, or the units of one a part of the other's ("Тверь" and "г.
  // Тверь, Тверская губ.") -> close; a unit in common or Jaro–Winkler >=
  // 0.92 on the most specific units -> weak; otherwise disagree. So
  // "Калининская обл." and "Калининской обл." agree, and two villages of
  // one region only weakly.
  kPlace,
};

struct FieldSpec {
  std::string name;  // given, surname, patronymic, birth, street_number,
                     // street, locality, postcode, region, or an attribute
  FieldKind kind = FieldKind::kString;
  // Adjust the exact-agreement weight by how frequent the value is (a rare
  // surname agreeing says more than "smith" agreeing).
  bool term_frequency = false;
  // A disagreement here forbids an automatic link (Corroborated): a birth
  // year eight years apart, or another birth place, says "another person"
  // whatever else agrees. A place vetoes when it agrees less than closely
  // (two towns of one country share a unit). Names always veto.
  bool veto = false;
  // A disagreement here forbids an automatic link but not a review
  // (Corroborated): two different days of arrest, sentence or death, or
  // residences with no unit in common. A date contradicts below kClose (a
  // year or two apart is another event), a place at kDisagree. Real lists
  // have clerical slips in these, so an editor decides; the generated
  // corpora's namesakes are told apart by them (docs/BENCHMARKS.md).
  bool contradicts = false;
};

// given, surname, patronymic (names, with term frequencies), birth (date),
// street_number (number), street, locality (strings), postcode, region
// (codes). Callers append their attributes.
std::vector<FieldSpec> DefaultFields();

// A record's values prepared once for comparison (normalised text, Latin
// reference form, phonetic key, parsed date or number).
struct PreparedValue {
  std::string text;   // normalised and folded; empty when missing
  std::string latin;  // ICAO Doc 9303 Latin form of names
  std::string key;    // phonetic key of names
  Edtf date;
  double number = 0;
  bool has_number = false;
};

class Comparator {
 public:
  explicit Comparator(std::vector<FieldSpec> fields);

  const std::vector<FieldSpec>& fields() const { return fields_; }
  size_t size() const { return fields_.size(); }

  // One record's values, in the order of fields().
  std::vector<PreparedValue> Prepare(const Record& record) const;
  // Every record's values, on "threads" threads (places read once per
  // distinct text).
  std::vector<std::vector<PreparedValue>> PrepareAll(const std::vector<Record>& records,
                                                     int threads = 1) const;

  // One value of field "f" as written ("raw", nullptr when absent; "birth"
  // is the record's parsed birth, used by a date field named "birth").
  PreparedValue PrepareValue(size_t f, const std::string* raw, const Edtf& birth) const;

  // The level of field "f" for two prepared values.
  int8_t CompareField(size_t f, const PreparedValue& a, const PreparedValue& b) const;

  // The comparison vector of two prepared records: one level per field.
  void Compare(const std::vector<PreparedValue>& a, const std::vector<PreparedValue>& b,
               int8_t* levels) const;

 private:
  // Places already read, by their text (lists repeat a few thousand places).
  using PlaceCache = std::unordered_map<std::string, PreparedValue>;
  std::vector<PreparedValue> Prepare(const Record& record, PlaceCache* places) const;
  PreparedValue PrepareValue(size_t f, const std::string* raw, const Edtf& birth,
                             PlaceCache* places) const;

  std::vector<FieldSpec> fields_;
};

// ---------------------------------------------------------------- interned values

// Every record's values prepared once per distinct value: per field a
// dictionary of the distinct values as written (id 0 is the missing value),
// and per record one id per field. Archives repeat their values (a few
// hundred thousand names, a few thousand places and days among a million
// records), so preparing, holding and comparing ids costs a fraction of
// per-record strings (docs/LINKAGE.md, "Large archives").
class PreparedSet {
 public:
  size_t size() const { return sources_.size(); }  // records
  size_t fields() const { return fields_; }
  // The ids of record "r", one per field.
  const uint32_t* ids(size_t r) const { return ids_.data() + r * fields_; }
  int source(size_t r) const { return sources_[r]; }
  const std::vector<int>& sources() const { return sources_; }
  size_t distinct(size_t f) const { return values_[f].size(); }
  const PreparedValue& value(size_t f, uint32_t id) const { return values_[f][id]; }
  // The level of a value against itself (exact, or close for an
  // approximate date), kMissing for id 0.
  int8_t self_level(size_t f, uint32_t id) const { return self_[f][id]; }
  // A 64-bit hash of NormalizedText of the value as written (0 when
  // empty): what an attribute's blocking key is made of.
  uint64_t text_hash(size_t f, uint32_t id) const { return text_hash_[f][id]; }
  // The birth year of record "r" (0 when unknown), when a field is named
  // "birth".
  int birth_year(size_t r) const { return years_.empty() ? 0 : years_[r]; }

 private:
  friend class PreparedSetBuilder;
  size_t fields_ = 0;
  std::vector<uint32_t> ids_;
  std::vector<int> sources_;
  std::vector<int> years_;
  std::vector<std::vector<PreparedValue>> values_;
  std::vector<std::vector<int8_t>> self_;
  std::vector<std::vector<uint64_t>> text_hash_;
};

// Interns records one at a time (the caller need not hold them), then
// prepares each distinct value once.
class PreparedSetBuilder {
 public:
  explicit PreparedSetBuilder(const Comparator& comparator);
  void Add(const Record& record);
  // Prepares the distinct values on "threads" threads. The builder is
  // empty afterwards.
  PreparedSet Finish(int threads = 1);

 private:
  const Comparator& comparator_;
  size_t birth_ = 0;  // the field named "birth", or fields()
  PreparedSet set_;
  std::vector<std::unordered_map<std::string, uint32_t>> dictionary_;
  std::vector<std::vector<std::string>> raw_;  // per field, per id
  std::vector<Edtf> births_;                   // per id of the birth field
  std::vector<std::string> birth_texts_;       // per record: for the birth year
};

// Comparison vectors of records of a PreparedSet: equal ids agree without
// comparing, and the level of two distinct values is kept in a small
// direct-mapped cache per field (names and places repeat across pairs).
// One per thread.
class SetComparer {
 public:
  SetComparer(const Comparator& comparator, const PreparedSet& set);
  void Compare(uint32_t a, uint32_t b, int8_t* levels);
  // Compare() for a pair that must be Plausible: the name fields and the
  // fields marked "veto" first, and false as soon as one of them vetoes
  // (the other levels are then not written).
  bool ComparePlausible(uint32_t a, uint32_t b, int8_t* levels);

 private:
  int8_t Level(size_t f, uint32_t ia, uint32_t ib);

  static constexpr size_t kSlots = size_t{1} << 15;
  const Comparator& comparator_;
  const PreparedSet& set_;
  std::vector<uint64_t> cache_;  // fields * kSlots: id a, id b, level + 1
  std::vector<size_t> order_;    // ComparePlausible's: names and vetoing fields first
  size_t vetoing_ = 0;           // how many of order_ can veto
};

// ---------------------------------------------------------------- blocking

enum class BlockingKey {
  kSurnamePhonetic,         // names::PhoneticKey of the surname
  kSurnameDaitchMokotoff,   // every Daitch–Mokotoff code of the surname's Latin form
  kGivenPhoneticBirthYear,  // phonetic key of the given name, birth year +- window
  kBirthDate,               // the exact birth day (or the birth text)
  kPostcode,                // the postcode
  kLocalitySurnameInitial,  // locality and the surname's first letter
  kAttribute,               // an attribute's exact value (BlockingPass::attribute)
  // Archives of repression, where surname blocks alone hold thousands:
  kSurnameGivenInitial,            // surname phonetic key and the given name's first Latin letter
  kSurnameBirthYear,               // surname phonetic key, birth year +- window
  kGivenPatronymicBirthYear,       // given and patronymic phonetic keys, birth year +- window
  kGivenPatronymicSurnameInitial,  // given and patronymic phonetic keys, the surname's initial
  kAttributeSurnameInitial,        // an attribute's exact value and the surname's first letter
};

struct BlockingPass {
  BlockingKey key;
  std::string attribute;  // for kAttribute
};

struct BlockingOptions {
  // A pair is a candidate when it shares a key in any pass (the union of
  // passes, "multi-pass blocking").
  std::vector<BlockingPass> passes = {
      {BlockingKey::kSurnamePhonetic, ""},
      {BlockingKey::kSurnameDaitchMokotoff, ""},
      {BlockingKey::kGivenPhoneticBirthYear, ""},
      {BlockingKey::kBirthDate, ""},
      {BlockingKey::kPostcode, ""},
  };
  int year_window = 1;  // birth years this far apart share a block
  // Blocks larger than this are skipped (their keys are too common to tell
  // anyone apart), or, with "neighbourhood", compared by sorted
  // neighbourhood (Hernández & Stolfo 1995): the block's records sorted
  // by their names and birth, each compared with the next "neighbourhood"
  // ones, so a block of n records costs n * neighbourhood pairs, not n^2/2.
  // Blocking::skipped_blocks counts them either way.
  size_t max_block = 2000;
  size_t neighbourhood = 0;
  // Linkage of sources rather than deduplication: only pairs of records from
  // different sources are candidates.
  bool cross_source_only = false;
  // Threads for sorting the interned pass's pairs (the same pairs on any
  // number).
  int threads = 1;
};

struct Blocking {
  std::vector<std::pair<uint32_t, uint32_t>> pairs;  // indexes into the records, first < second
  size_t skipped_blocks = 0;
};

// The candidate pairs of "records", without duplicates, sorted. Memory is
// the pairs (8 bytes each) and one pass's pairs before they are merged in.
Blocking Block(const std::vector<Record>& records, const BlockingOptions& options);

// The same candidate pairs from interned values, with every key a 64-bit
// hash computed once per record and pass, blocks found by sorting the
// (key, record) entries: no string keys and no hash map of blocks. Reads
// the fields named given, surname, patronymic and birth and the attributes
// the passes name; a pass whose field "comparator" lacks puts no records
// in blocks (kPostcode, kLocalitySurnameInitial, kBirthDate without a
// "birth" field).
Blocking Block(const Comparator& comparator, const PreparedSet& set,
               const BlockingOptions& options);

// The number of pairs a comparison of everything would make.
uint64_t AllPairs(const std::vector<Record>& records, bool cross_source_only);

// Christen, "Data Matching", section 7.2: pair completeness is the share of
// truly matching pairs that blocking keeps (its recall); reduction ratio is
// 1 - candidates / all pairs.
struct BlockingQuality {
  uint64_t candidates = 0;
  uint64_t all_pairs = 0;
  uint64_t true_pairs = 0;
  uint64_t true_pairs_kept = 0;
  double pair_completeness = 0;
  double reduction_ratio = 0;
};

// "entity[i]" names the true person of records[i] (same string = same
// person). REQUIRES: entity.size() == records.size().
BlockingQuality MeasureBlocking(const std::vector<Record>& records,
                                const std::vector<std::string>& entity, const Blocking& blocking,
                                bool cross_source_only);

// ---------------------------------------------------------------- Fellegi–Sunter

struct FieldParams {
  std::array<double, kLevels> m{};  // P(level | same person)
  std::array<double, kLevels> u{};  // P(level | different persons)
};

// A frequency table of one field's values over the records being linked.
struct TermFrequencies {
  std::unordered_map<std::string, uint32_t> count;
  uint64_t total = 0;
  double random_agreement = 0;  // P(two random records agree exactly) = sum (count/total)^2
};

class Model {
 public:
  Model() = default;
  Model(double p, std::vector<FieldParams> fields);

  double p() const { return p_; }
  const std::vector<FieldParams>& fields() const { return fields_; }

  // log2(m/u) of level "level" of field "f"; 0 for kMissing.
  double FieldWeight(size_t f, int8_t level) const;

  // The sum of the field weights, with the term-frequency adjustment of
  // exact agreements on fields that have a table (SetTermFrequencies):
  // log2(random_agreement / frequency of the value), clamped to [-4, 4].
  // With "per_field", each field's share of the sum is written there
  // (0 for kMissing): what Corroborated weighs.
  double Weight(const int8_t* levels, const std::vector<PreparedValue>& a,
                double* per_field = nullptr) const;

  // The posterior probability of a match for a total weight.
  double Probability(double weight) const;

  // Tables for the fields marked term_frequency (others get none).
  void SetTermFrequencies(const Comparator& comparator,
                          const std::vector<std::vector<PreparedValue>>& prepared);

  // The same over interned values: the adjustment of each value id (values
  // counted by their normalised text, as above), for Weight(levels, ids).
  void SetTermFrequencies(const Comparator& comparator, const PreparedSet& set);
  // Weight() for a record of a PreparedSet ("ids" its ids).
  double Weight(const int8_t* levels, const uint32_t* ids, double* per_field = nullptr) const;

 private:
  double p_ = 0.5;
  std::vector<FieldParams> fields_;
  std::vector<TermFrequencies> tf_;                   // per field; empty total = no adjustment
  std::vector<std::vector<double>> tf_by_id_;         // per field, per value id
  std::vector<std::array<double, kLevels>> weights_;  // FieldWeight, computed once
};

struct EmOptions {
  int max_iterations = 200;
  double tolerance = 1e-7;
  double initial_p = 0.1;
  // Keep u at its estimate from random pairs (RandomPairU) and estimate only
  // m and p; otherwise u is started there and estimated too.
  bool fix_u = false;
};

// u estimated from "samples" random pairs (nearly all of which are different
// persons): the share of each level. Laplace-smoothed. Deterministic for a
// seed.
std::vector<std::array<double, kLevels>> RandomPairU(
    const Comparator& comparator, const std::vector<std::vector<PreparedValue>>& prepared,
    size_t samples, uint64_t seed, bool cross_source_only, const std::vector<Record>& records);

// RandomPairU over interned values.
std::vector<std::array<double, kLevels>> RandomPairU(const Comparator& comparator,
                                                     const PreparedSet& set, size_t samples,
                                                     uint64_t seed, bool cross_source_only);

// The distinct comparison vectors of "levels" (rows of "fields" levels)
// with how often each occurs, in lexicographic order.
std::vector<std::pair<std::vector<int8_t>, double>> CountPatterns(
    size_t fields, const std::vector<int8_t>& levels);

// Winkler's EM over the comparison vectors of the candidate pairs ("levels",
// one row of comparator.size() levels per pair), assuming the fields
// independent given the match status. "u_start" (from RandomPairU, or empty
// for a flat start) starts u. The class with the higher agreement is the
// matches. Missing levels are left out of both likelihoods.
Model EstimateEm(size_t fields, const std::vector<int8_t>& levels,
                 const std::vector<std::array<double, kLevels>>& u_start, const EmOptions& options);

// The comparison vectors of at most "max_pairs" of "pairs", evenly spaced
// (every k-th): what EM needs to estimate m and p on a large archive,
// without holding a vector for every candidate pair.
std::vector<int8_t> SampleLevels(const Comparator& comparator,
                                 const std::vector<std::vector<PreparedValue>>& prepared,
                                 const std::vector<std::pair<uint32_t, uint32_t>>& pairs,
                                 size_t max_pairs);

// SampleLevels over interned values, on "threads" threads.
std::vector<int8_t> SampleLevels(const Comparator& comparator, const PreparedSet& set,
                                 const std::vector<std::pair<uint32_t, uint32_t>>& pairs,
                                 size_t max_pairs, int threads = 1);

// Whether a comparison vector may link automatically on an archive: no
// name field and no field marked "veto" disagrees (a spelling variant or an
// initial is at least weak), and a date, place, number or code agrees at
// least closely (free text such as an occupation or a nationality, shared
// by thousands, does not corroborate). Names alone
// never link: a list that gives nothing but names (a name index) has
// namesakes no weight can tell from one person listed twice. Events alone
// never link either: hundreds were sentenced and shot on the same days,
// and the fields' weights, added as if independent, overstate that.
//
// With "weights" (each field's weight in the pair, Model::Weight's
// per_field), a field corroborates only when its agreement weighs at least
// kCorroborationBits with its value's frequency: a residence "Москва"
// shared by a third of a list agrees exactly and says little. And no field
// marked "contradicts" may disagree (FieldSpec::contradicts).
bool Corroborated(const Comparator& comparator, const int8_t* levels,
                  const double* weights = nullptr);

// The least weight (bits) of an agreement that corroborates a link.
inline constexpr double kCorroborationBits = 3.0;

// No field other than the names and free text (occupation, nationality:
// shared by thousands) agrees at least closely: the names are the only
// evidence.
bool NamesOnly(const Comparator& comparator, const int8_t* levels);
// At least two name fields are given on both sides, and every name field
// given on both sides agrees at least closely (a spelling variant, not an
// initial or a near namesake).
bool NamesClose(const Comparator& comparator, const int8_t* levels);

// No name field and no field marked "veto" disagrees: what a pair needs to
// be worth an editor's review. On a list of names only, "Иванов Иван
// Петрович" and "Сидоров Иван Петрович" share a given name and patronymic
// with thousands and are never the same person for that.
bool Plausible(const Comparator& comparator, const int8_t* levels);

// ---------------------------------------------------------------- clustering

struct ScoredPair {
  uint32_t a = 0;
  uint32_t b = 0;
  double weight = 0;
  double probability = 0;
  // Plausible and Corroborated (ScorePairs; true when not known): see
  // ClusterOptions::require_corroboration.
  bool corroborated = true;
  bool plausible = true;
  // NamesOnly (ScorePairs): the names are the only evidence. See ClusterOptions::names_only_review.
  bool names_only = false;
  // NamesClose: the names agree, at least as spelling variants.
  bool names_close = false;
};

struct ClusterOptions {
  double link_threshold = 0.95;    // posterior probability for an automatic link
  double review_threshold = 0.50;  // at or above it (and below link): review
  // Every pair inside a cluster must reach at least this probability, or the
  // merge that would join them is refused (and sent to review).
  double cohesion_floor = 0.50;
  // At most one record of each source per cluster (linking lists in which
  // each person appears once).
  bool one_per_source = false;
  size_t max_cluster = 64;
  // A pair above the link threshold links only when it is corroborated
  // (Corroborated): otherwise it goes to review; and a pair that is not
  // even plausible (Plausible) is not sent to review either.
  bool require_corroboration = false;
  // A pair whose only evidence is its names (ScoredPair::names_only) goes
  // to review only at this probability or above (when it is higher than
  // review_threshold) and, when it is above 0, only when its names agree
  // at least as spelling variants (names_close): on a list of names only,
  // a near namesake (another patronymic, an initial) leaves an editor
  // nothing to decide on.
  double names_only_review = 0;
};

struct Clustering {
  std::vector<uint32_t> cluster_of;  // per record; a cluster is named by its smallest record
  std::vector<ScoredPair> review;    // pairs for a person to decide, records in different clusters
  size_t links = 0;                  // pairs at or above the link threshold
  size_t refused_merges = 0;         // links refused by the cohesion floor or one_per_source
};

// Single-linkage order with a complete-linkage veto: links are taken from
// the strongest down; two clusters merge only when every pair across them
// scores at least cohesion_floor (pairs not among "pairs" are scored with
// "score"). So A–B strong and B–C barely linked do not put A with C unless
// A–C is itself plausible, and one bad link cannot chain two people.
// "score(a, b)" returns the probability of records a and b.
Clustering Cluster(const std::vector<Record>& records, const std::vector<ScoredPair>& pairs,
                   const ClusterOptions& options,
                   const std::function<double(uint32_t, uint32_t)>& score);
// The same with the records' sources only (one per record).
Clustering Cluster(const std::vector<int>& sources, const std::vector<ScoredPair>& pairs,
                   const ClusterOptions& options,
                   const std::function<double(uint32_t, uint32_t)>& score);

// ---------------------------------------------------------------- the pipeline

struct LinkOptions {
  std::vector<FieldSpec> fields = DefaultFields();
  BlockingOptions blocking;
  EmOptions em;
  ClusterOptions cluster;
  size_t random_pairs = 20000;
  uint64_t seed = 1;
};

struct LinkResult {
  Blocking blocking;
  Model model;
  std::vector<ScoredPair> scored;  // every candidate pair
  Clustering clustering;
};

// Compares and scores "pairs" on "threads" threads, keeping only the pairs
// whose probability is at least "keep" (the review threshold: the rest can
// never be linked or reviewed), in the order of "pairs".
std::vector<ScoredPair> ScorePairs(const Comparator& comparator, const Model& model,
                                   const std::vector<std::vector<PreparedValue>>& prepared,
                                   const std::vector<std::pair<uint32_t, uint32_t>>& pairs,
                                   double keep, int threads);

// ScorePairs over interned values. With "plausible_only", pairs that are
// not Plausible are dropped as soon as a name or a vetoing field disagrees,
// before the other fields are compared: under
// ClusterOptions::require_corroboration they are neither linked nor
// reviewed, and Cluster scores any pair it needs again.
std::vector<ScoredPair> ScorePairs(const Comparator& comparator, const Model& model,
                                   const PreparedSet& set,
                                   const std::vector<std::pair<uint32_t, uint32_t>>& pairs,
                                   double keep, int threads, bool plausible_only = false);

// Blocks, compares, estimates the model by EM, scores and clusters.
LinkResult Link(const std::vector<Record>& records, const LinkOptions& options);

// ---------------------------------------------------------------- evaluation

struct LinkQuality {
  uint64_t true_pairs = 0, predicted_pairs = 0, correct_pairs = 0;
  double precision = 0, recall = 0, f1 = 0;                       // pairwise
  double bcubed_precision = 0, bcubed_recall = 0, bcubed_f1 = 0;  // per record
};

// Scores "cluster_of" against "entity" (the truth). With cross_source_only,
// pairs are only those across sources (for linkage of two lists).
LinkQuality Evaluate(const std::vector<Record>& records, const std::vector<std::string>& entity,
                     const std::vector<uint32_t>& cluster_of, bool cross_source_only);

}  // namespace memoria::linkage

#endif  // MEMORIA_LINKAGE_LINKAGE_H_
