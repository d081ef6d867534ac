#include "search/hit_lines.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <iostream>
#include <limits>
#include <map>
#include <mutex>
#include <string_view>
#include <utility>

#include "search/internal/background_threads.h"
#include "store/store.h"

namespace memoria::search {

namespace {

// Persons read per HitsFor while building: consecutive ids, whose rows lie
// together in the tables.
constexpr int64_t kBuildBatch = 256;

// A line: a byte of flags, then strings as a varint length and bytes.
constexpr uint8_t kHasFacts = 1;

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutString(std::string_view s, std::string* out) {
  PutVarint(s.size(), out);
  out->append(s);
}

// Reads what PutVarint and PutString wrote, from a line the process made
// itself (no bounds to check beyond the arena's).
class LineReader {
 public:
  explicit LineReader(const char* p) : p_(p) {}
  uint8_t Byte() { return static_cast<uint8_t>(*p_++); }
  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      const auto b = static_cast<uint8_t>(*p_++);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (b < 0x80) return v;
    }
  }
  std::string String() {
    const size_t n = Varint();
    std::string s(p_, n);
    p_ += n;
    return s;
  }

 private:
  const char* p_;
};

}  // namespace

Result<std::unique_ptr<HitLines>> HitLines::Build(store::Reader* reader,
                                                  const std::atomic<bool>* stop) {
  std::unique_ptr<HitLines> lines(new HitLines());
  MEMORIA_ASSIGN_OR_RETURN(store::Reader::Snapshot snapshot, reader->BeginSnapshot());
  MEMORIA_ASSIGN_OR_RETURN(lines->version_, reader->DataVersion());
  lines->unlocked_ = reader->Unlocked();
  MEMORIA_ASSIGN_OR_RETURN(store::Reader::IdBounds bounds, reader->FactIdBounds());
  lines->offsets_.assign(static_cast<size_t>(bounds.persons) + 1, 0);
  std::vector<int64_t> ids;
  std::vector<store::HitFacts> facts;
  for (int64_t first = 1; first <= bounds.persons; first += kBuildBatch) {
    if (stop != nullptr && stop->load()) return UnavailableError("hit lines: stopped");
    ids.clear();
    for (int64_t id = first; id < first + kBuildBatch && id <= bounds.persons; ++id) {
      ids.push_back(id);
    }
    MEMORIA_ASSIGN_OR_RETURN(std::vector<store::PersonSummary> found, reader->HitsFor(ids, &facts));
    // Both in id order, the facts of a subset of the persons found.
    size_t f = 0;
    for (const store::PersonSummary& s : found) {
      if (lines->data_.size() >= std::numeric_limits<uint32_t>::max() - (1u << 20)) {
        return ResourceExhaustedError("hit lines: more than 4 GiB");
      }
      lines->offsets_[static_cast<size_t>(s.id)] = static_cast<uint32_t>(lines->data_.size() + 1);
      const bool has_facts = f < facts.size() && facts[f].id == s.id;
      std::string& out = lines->data_;
      out.push_back(static_cast<char>(has_facts ? kHasFacts : 0));
      for (const std::string* v :
           {&s.surname, &s.given, &s.patronymic, &s.birth, &s.death, &s.death_type}) {
        PutString(*v, &out);
      }
      if (!has_facts) continue;
      const store::HitFacts& h = facts[f++];
      PutString(h.birth_place, &out);
      PutString(h.death_place, &out);
      PutVarint(static_cast<uint64_t>(h.records), &out);
      PutVarint(h.sources.size(), &out);
      for (const store::HitSource& source : h.sources) {
        PutVarint(static_cast<uint64_t>(source.source_id), &out);
        lines->sources_.emplace(source.source_id, source);
      }
    }
  }
  lines->data_.shrink_to_fit();
  return lines;
}

size_t HitLines::bytes() const {
  return data_.capacity() + offsets_.capacity() * sizeof(uint32_t) +
         sources_.size() * (sizeof(store::HitSource) + 64);
}

std::vector<store::PersonSummary> HitLines::Lookup(std::span<const int64_t> ids,
                                                   std::vector<store::HitFacts>* facts) const {
  std::vector<store::PersonSummary> out;
  out.reserve(ids.size());
  if (facts != nullptr) facts->clear();
  for (const int64_t id : ids) {
    if (id <= 0 || static_cast<uint64_t>(id) >= offsets_.size()) continue;
    const uint32_t at = offsets_[static_cast<size_t>(id)];
    if (at == 0) continue;
    LineReader in(data_.data() + at - 1);
    const uint8_t flags = in.Byte();
    store::PersonSummary& s = out.emplace_back();
    s.id = id;
    s.surname = in.String();
    s.given = in.String();
    s.patronymic = in.String();
    s.birth = in.String();
    s.death = in.String();
    s.death_type = in.String();
    if (facts == nullptr || (flags & kHasFacts) == 0) continue;
    store::HitFacts& h = facts->emplace_back();
    h.id = id;
    h.birth_place = in.String();
    h.death_place = in.String();
    h.records = static_cast<int64_t>(in.Varint());
    const size_t n = in.Varint();
    h.sources.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      const auto source_id = static_cast<int64_t>(in.Varint());
      h.sources.push_back(sources_.at(source_id));
    }
  }
  return out;
}

namespace {

using Clock = std::chrono::steady_clock;

// One archive's lines, and its build.
struct Entry {
  std::shared_ptr<const HitLines> lines;
  bool building = false;
  Clock::time_point earliest_next;  // no new build before this
};

std::mutex mu;
std::condition_variable built;  // a build ended
bool keeping = false;
std::atomic<bool> stopping{false};

std::map<std::string, Entry>& Entries() {
  static auto* entries = new std::map<std::string, Entry>();
  return *entries;
}

// Guarded by mu; never destroyed, as a thread not joined at exit would end
// the process.
internal::BackgroundThreads& Builders() {
  static auto* builders = new internal::BackgroundThreads();
  return *builders;
}

void BuildInBackground(std::string dir, std::string key) {
  const Clock::time_point started = Clock::now();
  Result<std::unique_ptr<HitLines>> made = [&]() -> Result<std::unique_ptr<HitLines>> {
    MEMORIA_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                             store::Store::Open(dir, store::OpenOptions{true, 16}));
    MEMORIA_ASSIGN_OR_RETURN(store::Reader * reader, store->ReaderFor(store::Visibility::kPublic));
    return HitLines::Build(reader, &stopping);
  }();
  const Clock::time_point ended = Clock::now();
  std::lock_guard<std::mutex> lock(mu);
  Entry& entry = Entries()[key];
  entry.building = false;
  entry.earliest_next = ended + 4 * (ended - started);
  // On failure the tables keep answering; a later search tries again.
  if (made.ok()) {
    entry.lines = std::shared_ptr<const HitLines>(std::move(made).value());
  } else if (!stopping) {
    std::cerr << "memoria: hit lines of " << dir << ": " << made.status() << "\n";
  }
  built.notify_all();
}

// The lines for "reader" if they are of its snapshot's version; null
// otherwise (a build is started when none is under way and "start").
Result<std::shared_ptr<const HitLines>> LinesFor(store::Reader* reader, bool start) {
  if (reader->ceiling() != store::Visibility::kPublic || reader->archive_dir().empty() ||
      reader->InWriteTransaction()) {
    return std::shared_ptr<const HitLines>();
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    if (!keeping) return std::shared_ptr<const HitLines>();
  }
  MEMORIA_ASSIGN_OR_RETURN(uint64_t version, reader->DataVersion());
  const std::string key = reader->CacheKey();
  std::lock_guard<std::mutex> lock(mu);
  if (!keeping) return std::shared_ptr<const HitLines>();
  Entry& entry = Entries()[key];
  const bool current = entry.lines != nullptr && entry.lines->version() == version;
  if (current && entry.lines->unlocked() == reader->Unlocked()) return entry.lines;
  // Lines of this version read with the key in another state would be read
  // the same way again: not rebuilt.
  if (start && !current && !entry.building && Clock::now() >= entry.earliest_next) {
    entry.building = true;
    Builders().Start([dir = reader->archive_dir(), key] { BuildInBackground(dir, key); });
  }
  return std::shared_ptr<const HitLines>();
}

}  // namespace

Result<std::vector<store::PersonSummary>> HitsFor(store::Reader* reader,
                                                  std::span<const int64_t> ids,
                                                  std::vector<store::HitFacts>* facts) {
  if (!ids.empty()) {
    MEMORIA_ASSIGN_OR_RETURN(std::shared_ptr<const HitLines> lines, LinesFor(reader, true));
    if (lines != nullptr) return lines->Lookup(ids, facts);
  }
  return reader->HitsFor(ids, facts);
}

Status StartHitLines(store::Reader* reader) { return LinesFor(reader, true).status(); }

void KeepHitLines(bool on) {
  internal::BackgroundThreads running;
  {
    std::lock_guard<std::mutex> lock(mu);
    keeping = on;
    stopping = !on;
    if (on) return;
    running = Builders().TakeAll();
  }
  running.JoinAll();
  std::lock_guard<std::mutex> lock(mu);
  Entries().clear();
}

Result<bool> HitLinesReadyFor(store::Reader* reader) {
  {
    std::unique_lock<std::mutex> lock(mu);
    built.wait(lock, [] {
      for (const auto& [key, entry] : Entries()) {
        if (entry.building) return false;
      }
      return true;
    });
  }
  MEMORIA_ASSIGN_OR_RETURN(std::shared_ptr<const HitLines> lines, LinesFor(reader, false));
  return lines != nullptr;
}

}  // namespace memoria::search
