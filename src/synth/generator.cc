// GenerateCorpus: draws each row's person and record (internal/record.h),
// renders it (internal/row.h) into chunks that a writer thread streams out,
// and writes the truth file and the buildings file (places_output.cc).
#include "synth/generator.h"

#include <cmath>
#include <condition_variable>
#include <limits>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "synth/internal/lexicon.h"
#include "synth/internal/moscow.h"
#include "synth/internal/output.h"
#include "synth/internal/person.h"
#include "synth/internal/places_output.h"
#include "synth/internal/record.h"
#include "synth/internal/rng.h"
#include "synth/internal/row.h"

namespace memoria::synth {
namespace {

using internal::AppendInt;
using internal::BuildingId;
using internal::ExpandedOrgans;
using internal::kMaxRowBytes;
using internal::Lexicon;
using internal::MixSeed;
using internal::NameBuffers;
using internal::Person;
using internal::PlaceStyle;
using internal::Rng;
using internal::Write;

constexpr std::string_view kHeader =
    "person_id\tsurname\tname\tpatronimic\tbirth_year\tbirth_year_comment\tage\tsex\t"
    "birth_place\tnation\tcitizenship\toccupation\tlive_place\teducation\tparty\tfamily\t"
    "arest_date\tarest_organ\tarest_type\tcriminal_case\tjudicial_organ\tprocess_date\t"
    "criminal_article\tsentence\twas_executed\tdeath_place\tdeath_date\tprevious_repression\t"
    "next_repression\trehabilitation_organ\trehabilitation_reason\trehabilitation_date\t"
    "all_name_variations\tname_variations\tsurname_variations\tpatronimic_variations\t"
    "fullname_variations\tmemory_book\tmemory_book_url\n";
constexpr std::string_view kTruthHeader = "person_id\tentity_id\n";
constexpr size_t kFlushBytes = size_t{1} << 20;
constexpr int64_t kProgressEvery = 100000;
constexpr int64_t kMaxRows = int64_t{1} << 31;
constexpr uint64_t kAddressSalt = 0xadd7e55ULL;
// Share of Moscow addresses written with the Soviet street name, as the
// lists of the 1930s write them.
constexpr double kHistoricNameShare = 0.6;

// A fixed block the rows are written into.
struct Chunk {
  std::unique_ptr<char[]> data = std::make_unique<char[]>(kFlushBytes + kMaxRowBytes);
  size_t size = 0;
};

// Writes chunks to a stream on its own thread, so that the kernel's copying
// overlaps with generating the next chunk. Chunks are written in order.
class ChunkWriter {
 public:
  explicit ChunkWriter(std::ostream* out) : out_(out), thread_([this] { Run(); }) {}
  ChunkWriter(const ChunkWriter&) = delete;
  ChunkWriter& operator=(const ChunkWriter&) = delete;
  ~ChunkWriter() { Close().IgnoreError(); }

  // Waits for the previous chunk to be written, hands *chunk over and leaves
  // an empty chunk in its place.
  Status Submit(Chunk* chunk) {
    std::unique_lock<std::mutex> lock(mu_);
    idle_.wait(lock, [this] { return !pending_; });
    if (!status_.ok()) return status_;
    std::swap(*chunk, in_flight_);
    chunk->size = 0;
    pending_ = true;
    work_.notify_one();
    return Status::Ok();
  }

  // Writes what was submitted and stops the thread; returns the first error.
  Status Close() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    work_.notify_one();
    if (thread_.joinable()) thread_.join();
    return status_;
  }

 private:
  void Run() {
    std::unique_lock<std::mutex> lock(mu_);
    while (true) {
      work_.wait(lock, [this] { return pending_ || done_; });
      if (!pending_) return;
      // Submit() does not touch in_flight_ while pending_ is set.
      lock.unlock();
      Status written = Write(in_flight_.data.get(), in_flight_.size, out_);
      lock.lock();
      if (status_.ok()) status_ = std::move(written);
      pending_ = false;
      idle_.notify_one();
    }
  }

  std::ostream* const out_;
  std::mutex mu_;
  std::condition_variable work_;
  std::condition_variable idle_;
  Chunk in_flight_;
  bool pending_ = false;
  bool done_ = false;
  Status status_;
  std::thread thread_;  // last: starts after the members it uses
};

}  // namespace

Status GenerateCorpus(const GenerateOptions& options, std::ostream* tsv, std::ostream* truth,
                      std::ostream* buildings) {
  if (options.rows < 0 || options.rows > kMaxRows) {
    return InvalidArgumentError("synth: rows must be in [0, 2^31]");
  }
  if (!(options.duplicate_share >= 0.0 && options.duplicate_share <= 0.9)) {
    return InvalidArgumentError("synth: duplicate_share must be in [0, 0.9]");
  }
  if (options.first_person_id < 1 ||
      options.first_person_id > std::numeric_limits<int64_t>::max() - options.rows) {
    return InvalidArgumentError("synth: first_person_id must be positive");
  }
  if (tsv == nullptr) return InvalidArgumentError("synth: no output stream");
  if (!(options.moscow_address_share >= 0.0 && options.moscow_address_share <= 1.0)) {
    return InvalidArgumentError("synth: moscow_address_share must be in [0, 1]");
  }

  const Lexicon& lex = internal::GetLexicon();
  const ExpandedOrgans& organs = internal::GetExpandedOrgans(lex);
  Rng rng(internal::MixSeed(options.seed, 0x5eed));
  std::vector<uint32_t> entity_first_row;  // row index of each entity's first record
  entity_first_row.reserve(static_cast<size_t>(std::ceil(static_cast<double>(options.rows) *
                                                         (1.0 - options.duplicate_share))) +
                           16);
  MEMORIA_RETURN_IF_ERROR(Write(kHeader.data(), kHeader.size(), tsv));
  ChunkWriter writer(tsv);
  Chunk chunk;
  char* end = chunk.data.get();
  std::string truth_buffer;
  if (truth != nullptr) truth_buffer.reserve(kFlushBytes + 64);
  NameBuffers names;
  std::string address;
  std::unordered_map<uint32_t, int64_t> residents;  // by BuildingId
  std::vector<internal::MoscowBuilding> building_order;

  if (truth != nullptr) truth_buffer.append(kTruthHeader);
  for (int64_t row = 0; row < options.rows; ++row) {
    const int64_t person_id = options.first_person_id + row;
    const bool duplicate = !entity_first_row.empty() && rng.Chance(options.duplicate_share);
    uint32_t entity;
    if (duplicate) {
      entity = rng.Below(static_cast<uint32_t>(entity_first_row.size()));
    } else {
      entity = static_cast<uint32_t>(entity_first_row.size());
      entity_first_row.push_back(static_cast<uint32_t>(row));
    }
    // Every record of an entity starts from the entity's own stream.
    Rng entity_rng(internal::MixSeed(options.seed, entity + 1));
    Person person = internal::MakePerson(lex, &entity_rng);
    // The Moscow address draws from streams of its own, so that the other
    // fields (and the truth file) are the same as without it.
    address.clear();
    internal::MoscowBuilding home;
    Rng home_rng(MixSeed(options.seed ^ kAddressSalt, entity + 1));
    if (home_rng.Chance(options.moscow_address_share)) {
      const internal::MoscowBuilding building = internal::DrawMoscowBuilding(&home_rng);
      const int flat = home_rng.Between(1, 120);
      Rng row_rng(MixSeed(options.seed ^ kAddressSalt, ~static_cast<uint64_t>(row)));
      const bool historic = row_rng.Chance(kHistoricNameShare);
      address = internal::MoscowAddress(building, flat, historic, row_rng.Below(4));
      home = building;
    }
    char* const row_begin = end;
    if (duplicate) {
      internal::PerturbDetails(&rng, &person);
      end =
          internal::WriteRow(lex, organs, person, internal::VariantNames(lex, person, &rng, &names),
                             person_id, address, end);
    } else {
      end = internal::WriteRow(lex, organs, person,
                               internal::OriginalNames(lex, person, &entity_rng, &names), person_id,
                               address, end);
    }
    if (!MEMORIA_ALWAYS(static_cast<size_t>(end - row_begin) < kMaxRowBytes)) {
      return InternalError("synth: a row outgrew its buffer");
    }
    // A record that drops its place (PerturbDetails) shows no building.
    if (buildings != nullptr && !address.empty() && person.live.style != PlaceStyle::kNone) {
      auto [it, added] = residents.try_emplace(BuildingId(home), 0);
      if (added) building_order.push_back(home);
      ++it->second;
    }
    if (truth != nullptr) {
      AppendInt(person_id, &truth_buffer);
      truth_buffer.push_back('\t');
      AppendInt(options.first_person_id + entity_first_row[entity], &truth_buffer);
      truth_buffer.push_back('\n');
      if (truth_buffer.size() >= kFlushBytes) {
        MEMORIA_RETURN_IF_ERROR(Write(truth_buffer.data(), truth_buffer.size(), truth));
        truth_buffer.clear();
      }
    }
    chunk.size = static_cast<size_t>(end - chunk.data.get());
    if (chunk.size >= kFlushBytes) {
      MEMORIA_RETURN_IF_ERROR(writer.Submit(&chunk));
      end = chunk.data.get();
    }
    if (options.progress && (row + 1) % kProgressEvery == 0) options.progress(row + 1);
  }
  MEMORIA_RETURN_IF_ERROR(writer.Submit(&chunk));
  MEMORIA_RETURN_IF_ERROR(writer.Close());
  tsv->flush();
  if (!tsv->good()) return DataLossError("synth: writing the corpus failed");
  if (truth != nullptr) {
    MEMORIA_RETURN_IF_ERROR(Write(truth_buffer.data(), truth_buffer.size(), truth));
    truth->flush();
    if (!truth->good()) return DataLossError("synth: writing the truth file failed");
  }
  if (buildings != nullptr) {
    MEMORIA_RETURN_IF_ERROR(
        internal::WriteBuildings(options.seed, building_order, residents, buildings));
  }
  return Status::Ok();
}

}  // namespace memoria::synth
