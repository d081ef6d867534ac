// Building NameIndex from the store.
//
// The names and birth events are read in rowid ranges ("chunks") by two
// threads, each on its own read-only connection; each thread folds every
// distinct spelling once and interns the parts locally. The parts are then
// merged (ids in sorted order, so a build is deterministic), and the flat
// arrays are filled by counting sorts, with the larger deletion
// neighbourhood built in a second thread.

#include <algorithm>
#include <atomic>
#include <deque>
#include <thread>
#include <unordered_map>

#include "names/names.h"
#include "names/phonetic.h"
#include "names/translit.h"
#include "search/name_index.h"
#include "store/reader.h"

namespace memoria::search {

using internal::ForEachKeyDeletion;
using internal::ForEachTextDeletion;

namespace {

constexpr int kThreads = 2;
// Chunks per kind of row: enough that the two threads finish together.
constexpr int64_t kNameChunks = 24;
constexpr int64_t kBirthChunks = 12;

int YearOf(int64_t yyyymmdd) { return static_cast<int>(yyyymmdd / 10000); }

struct BirthRow {
  int64_t person_id;
  int from, to;  // years
};

// A name as read, with part ids local to the thread that read it.
struct Row {
  int64_t person_id;
  uint32_t surname, given, patronymic;
  bool main;
};

// A rowid range of one table, and what reading it gave.
struct Chunk {
  bool births;
  int64_t lo, hi;
  int thread = -1;  // which thread read it: its rows use that thread's part ids
  std::vector<Row> rows;
  std::vector<BirthRow> birth_rows;
};

// Folds and interns the name parts one thread reads. Each distinct spelling
// is folded once (FoldForMatching is the costly step).
class Interner {
 public:
  // The row for one name as the store keeps it (normalised, not yet
  // folded); false when it has no surname (queries start at a surname, so
  // such a name is never found).
  bool Read(int64_t person_id, std::string_view surname, std::string_view given,
            std::string_view patronymic, bool main, Row* out) {
    Row r{person_id, Whole(surname), NameIndex::kNoPart, NameIndex::kNoPart, main};
    if (r.surname == NameIndex::kNoPart) return false;
    // Two-word given names without a patronymic (Korean, Chinese: "Ен Хак")
    // are indexed as two parts, so that each query word meets one of them.
    const Spelling g = spellings_[Intern(given)];  // a copy: interning moves spellings_
    if (patronymic.empty() || Whole(patronymic) == NameIndex::kNoPart) {
      r.given = g.first;
      r.patronymic = g.rest;
    } else {
      r.given = g.whole;
      r.patronymic = Whole(patronymic);
    }
    *out = r;
    return true;
  }
  const std::deque<std::string>& parts() const { return parts_; }

 private:
  // One distinct spelling as read: its folded part, and for a folded text
  // of two words or more its first word and the rest.
  struct Spelling {
    uint32_t whole, first, rest;
  };
  uint32_t Whole(std::string_view raw) { return spellings_[Intern(raw)].whole; }
  uint32_t Intern(std::string_view raw) {
    auto it = raw_ids_.find(raw);
    if (it != raw_ids_.end()) return it->second;
    raws_.emplace_back(raw);
    const auto id = static_cast<uint32_t>(spellings_.size());
    raw_ids_.emplace(raws_.back(), id);
    std::string folded = names::FoldForMatching(raw);
    Spelling s{Part(folded), Part(folded), NameIndex::kNoPart};
    if (size_t space = folded.find(' '); space != std::string::npos) {
      s.first = Part(std::string_view(folded).substr(0, space));
      s.rest = Part(std::string_view(folded).substr(space + 1));
    }
    spellings_.push_back(s);
    return id;
  }
  uint32_t Part(std::string_view folded) {
    if (folded.empty()) return NameIndex::kNoPart;
    auto it = part_ids_.find(folded);
    if (it != part_ids_.end()) return it->second;
    parts_.emplace_back(folded);
    const auto id = static_cast<uint32_t>(parts_.size() - 1);
    part_ids_.emplace(parts_.back(), id);
    return id;
  }

  // Raw spellings and parts in deques: stable addresses for the maps' keys.
  std::deque<std::string> raws_;
  std::unordered_map<std::string_view, uint32_t> raw_ids_;
  std::vector<Spelling> spellings_;
  std::deque<std::string> parts_;
  std::unordered_map<std::string_view, uint32_t> part_ids_;
};

// Reads chunks, taking the next unread one until none is left.
class ChunkReader {
 public:
  ChunkReader(store::Reader* reader, Interner* interner) : reader_(reader), interner_(interner) {}

  Status ReadAll(std::vector<Chunk>* chunks, std::atomic<size_t>* next, int thread,
                 const std::function<bool()>& stopped) {
    for (size_t i = (*next)++; i < chunks->size(); i = (*next)++) {
      if (stopped && stopped()) return UnavailableError("stopped: the name index was not built");
      Chunk& c = (*chunks)[i];
      c.thread = thread;
      if (c.births) {
        MEMORIA_RETURN_IF_ERROR(reader_->ForEachBirth(c.lo, c.hi, [&](const store::BirthDays& b) {
          c.birth_rows.push_back(BirthRow{b.person_id, YearOf(b.date_min), YearOf(b.date_max)});
        }));
        continue;
      }
      MEMORIA_RETURN_IF_ERROR(
          reader_->ForEachIndexedName(c.lo, c.hi, [&](const store::IndexedName& n) {
            Row r;
            if (interner_->Read(n.person_id, n.surname, n.given, n.patronymic, n.main, &r)) {
              c.rows.push_back(r);
            }
          }));
    }
    return Status();
  }

 private:
  store::Reader* reader_;
  Interner* interner_;
};

// Splits [1, max_id] into "n" ranges.
void AddChunks(bool births, int64_t max_id, int64_t n, std::vector<Chunk>* out) {
  const int64_t step = std::max<int64_t>(1, (max_id + n - 1) / n);
  for (int64_t lo = 1; lo <= max_id; lo += step) {
    out->push_back(Chunk{births, lo, std::min(max_id, lo + step - 1), -1, {}, {}});
  }
}

// Birth years per person, sorted by person id (one row per person: the
// earliest start, the latest end); a person whose range leaves the years
// 1..9999 gets none.
std::vector<BirthRow> MergeBirths(std::vector<Chunk>& chunks) {
  std::vector<BirthRow> rows;
  for (Chunk& c : chunks) {
    rows.insert(rows.end(), c.birth_rows.begin(), c.birth_rows.end());
    c.birth_rows = {};
  }
  auto by_person = [](const BirthRow& a, const BirthRow& b) { return a.person_id < b.person_id; };
  if (!std::is_sorted(rows.begin(), rows.end(), by_person)) {
    std::stable_sort(rows.begin(), rows.end(), by_person);
  }
  std::vector<BirthRow> out;
  for (size_t i = 0; i < rows.size();) {
    size_t j = i;
    int from = rows[i].from, to = rows[i].to;
    for (; j < rows.size() && rows[j].person_id == rows[i].person_id; ++j) {
      from = std::min(from, rows[j].from);
      to = std::max(to, rows[j].to);
    }
    if (from >= 1 && to <= 9999) out.push_back(BirthRow{rows[i].person_id, from, to});
    i = j;
  }
  return out;
}

}  // namespace

// Lays the merged parts and rows out in the flat arrays.
class NameIndexBuilder {
 public:
  // Null when "stopped" turned true.
  static std::unique_ptr<NameIndex> Finish(const std::vector<Interner>& interners,
                                           std::vector<Chunk>& chunks,
                                           const std::function<bool()>& stopped = {});

 private:
  // Returns false when "stopped" turned true (the index is then partial).
  static bool LayOutParts(const std::vector<std::string>& parts, NameIndex* index,
                          const std::function<bool()>& stopped);
  static void LayOutNames(std::vector<Row> rows, const std::vector<BirthRow>& births, size_t nparts,
                          NameIndex* index);
};

std::unique_ptr<NameIndex> NameIndexBuilder::Finish(const std::vector<Interner>& interners,
                                                    std::vector<Chunk>& chunks,
                                                    const std::function<bool()>& stopped) {
  // Part ids: the rank of the part's text among all distinct parts.
  std::vector<std::string> parts;
  for (const Interner& in : interners)
    parts.insert(parts.end(), in.parts().begin(), in.parts().end());
  std::sort(parts.begin(), parts.end());
  parts.erase(std::unique(parts.begin(), parts.end()), parts.end());
  std::vector<std::vector<uint32_t>> global(interners.size());
  for (size_t t = 0; t < interners.size(); ++t) {
    for (const std::string& p : interners[t].parts()) {
      global[t].push_back(
          static_cast<uint32_t>(std::lower_bound(parts.begin(), parts.end(), p) - parts.begin()));
    }
  }
  auto map = [&](int t, uint32_t local) {
    return local == NameIndex::kNoPart ? local : global[static_cast<size_t>(t)][local];
  };
  size_t nrows = 0;
  for (const Chunk& c : chunks) nrows += c.rows.size();
  std::vector<Row> rows;
  rows.reserve(nrows);
  for (Chunk& c : chunks) {
    for (const Row& r : c.rows) {
      rows.push_back(Row{r.person_id, map(c.thread, r.surname), map(c.thread, r.given),
                         map(c.thread, r.patronymic), r.main});
    }
    c.rows = {};
  }
  auto index = std::make_unique<NameIndex>();
  if (!LayOutParts(parts, index.get(), stopped)) return nullptr;
  if (stopped && stopped()) return nullptr;
  LayOutNames(std::move(rows), MergeBirths(chunks), parts.size(), index.get());
  index->Derive();
  return index;
}

// Parts, their keys and reference forms, and the two deletion
// neighbourhoods (the text one in a second thread: it is the larger).
bool NameIndexBuilder::LayOutParts(const std::vector<std::string>& parts, NameIndex* index,
                                   const std::function<bool()>& stopped) {
  const auto nparts = static_cast<uint32_t>(parts.size());
  // Looked at every 4,096 parts (a million parts take seconds).
  auto stop_at = [&](uint32_t p) { return (p & 4095) == 0 && stopped && stopped(); };
  std::atomic<bool> text_stopped{false};
  std::thread text_thread([&] {
    std::vector<std::pair<uint64_t, uint32_t>> text_deletes;
    for (uint32_t p = 0; p < nparts; ++p) {
      if (stop_at(p)) {
        text_stopped = true;
        return;
      }
      ForEachTextDeletion(parts[p], [&](uint64_t h) { text_deletes.emplace_back(h, p); });
    }
    index->text_deletes_.Assign(std::move(text_deletes));
  });
  index->part_offsets_.reserve(nparts + 1);
  index->ref_offsets_.reserve(nparts + 1);
  std::vector<std::string> part_keys(nparts);
  for (uint32_t p = 0; p < nparts; ++p) {
    if (stop_at(p)) {
      text_thread.join();
      return false;
    }
    index->part_offsets_.push_back(static_cast<uint32_t>(index->part_arena_.size()));
    index->part_arena_ += parts[p];
    index->ref_offsets_.push_back(static_cast<uint32_t>(index->ref_arena_.size()));
    index->ref_arena_ += names::Transliterate(parts[p], names::Scheme::kIcaoDoc9303);
    part_keys[p] = names::PhoneticKey(parts[p]);
  }
  index->part_offsets_.push_back(static_cast<uint32_t>(index->part_arena_.size()));
  index->ref_offsets_.push_back(static_cast<uint32_t>(index->ref_arena_.size()));
  // Keys: sorted and deduplicated.
  std::vector<std::string> keys = part_keys;
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  for (const std::string& k : keys) {
    index->key_offsets_.push_back(static_cast<uint32_t>(index->key_arena_.size()));
    index->key_arena_ += k;
  }
  index->key_offsets_.push_back(static_cast<uint32_t>(index->key_arena_.size()));
  index->part_key_.resize(nparts);
  std::vector<uint32_t> key_count(keys.size() + 1, 0);
  for (uint32_t p = 0; p < nparts; ++p) {
    auto k = static_cast<uint32_t>(std::lower_bound(keys.begin(), keys.end(), part_keys[p]) -
                                   keys.begin());
    index->part_key_[p] = k;
    ++key_count[k + 1];
  }
  for (size_t k = 1; k < key_count.size(); ++k) key_count[k] += key_count[k - 1];
  index->key_parts_begin_ = key_count;
  index->key_part_ids_.resize(nparts);
  std::vector<uint32_t> fill(key_count.begin(), key_count.end() - 1);
  for (uint32_t p = 0; p < nparts; ++p) index->key_part_ids_[fill[index->part_key_[p]]++] = p;
  std::vector<std::pair<uint64_t, uint32_t>> deletes;
  for (uint32_t k = 0; k < keys.size(); ++k) {
    ForEachKeyDeletion(keys[k], [&](uint64_t h) { deletes.emplace_back(h, k); });
  }
  index->key_deletes_.Assign(std::move(deletes));
  text_thread.join();
  return !text_stopped;
}

// Persons, their births and the names grouped by surname (a counting sort,
// stable: within a surname, names stay in person order).
void NameIndexBuilder::LayOutNames(std::vector<Row> rows, const std::vector<BirthRow>& births,
                                   size_t nparts, NameIndex* index) {
  auto by_person = [](const Row& a, const Row& b) { return a.person_id < b.person_id; };
  if (!std::is_sorted(rows.begin(), rows.end(), by_person)) {
    std::stable_sort(rows.begin(), rows.end(), by_person);
  }
  std::vector<uint32_t> person_of(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i == 0 || rows[i].person_id != rows[i - 1].person_id) {
      index->person_ids_.push_back(rows[i].person_id);
    }
    person_of[i] = static_cast<uint32_t>(index->person_ids_.size() - 1);
  }
  index->births_.assign(index->person_ids_.size(), NameIndex::Birth{0, 0});
  size_t b = 0;
  for (size_t p = 0; p < index->person_ids_.size(); ++p) {
    while (b < births.size() && births[b].person_id < index->person_ids_[p]) ++b;
    if (b < births.size() && births[b].person_id == index->person_ids_[p]) {
      index->births_[p] = NameIndex::Birth{static_cast<int16_t>(births[b].from),
                                           static_cast<int16_t>(births[b].to)};
    }
  }
  std::vector<uint32_t> begin(nparts + 1, 0);
  for (const Row& r : rows) ++begin[r.surname + 1];
  for (size_t p = 1; p < begin.size(); ++p) begin[p] += begin[p - 1];
  index->entries_.resize(rows.size());
  std::vector<uint32_t> pos(begin.begin(), begin.end() - 1);
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    index->entries_[pos[r.surname]++] =
        NameIndex::Entry{person_of[i] | (r.main ? NameIndex::kMainName : 0), r.given, r.patronymic};
  }
  index->surname_begin_ = std::move(begin);
}

Result<std::unique_ptr<NameIndex>> NameIndex::Build(store::Reader* reader,
                                                    const std::function<bool()>& stopped) {
  std::vector<Chunk> chunks;
  {
    MEMORIA_ASSIGN_OR_RETURN(store::Reader::IdBounds bounds, reader->FactIdBounds());
    const int64_t max_name = bounds.names, max_event = bounds.events;
    // Interleaved, so that both threads have births and names to the end.
    std::vector<Chunk> names, births;
    AddChunks(false, max_name, kNameChunks, &names);
    AddChunks(true, max_event, kBirthChunks, &births);
    for (size_t i = 0; i < std::max(names.size(), births.size()); ++i) {
      if (i < births.size()) chunks.push_back(std::move(births[i]));
      if (i < names.size()) chunks.push_back(std::move(names[i]));
    }
  }
  // Read on connections of our own in two threads, when the archive is a
  // file and no transaction of the caller holds changes they could not see;
  // otherwise on the caller's connection in this thread.
  std::vector<std::unique_ptr<store::Store>> own;
  if (!reader->archive_dir().empty() && !reader->InWriteTransaction()) {
    for (int t = 0; t < kThreads; ++t) {
      // Scans gain nothing from a large page cache.
      Result<std::unique_ptr<store::Store>> opened =
          store::Store::Open(reader->archive_dir(), store::OpenOptions{true, 16});
      if (!opened.ok()) break;
      own.push_back(std::move(opened).value());
    }
    if (own.size() < static_cast<size_t>(kThreads)) own.clear();
  }
  const int threads = own.empty() ? 1 : kThreads;
  std::vector<Interner> interners(static_cast<size_t>(threads));
  std::vector<Status> statuses(static_cast<size_t>(threads));
  std::atomic<size_t> next{0};
  auto work = [&](int t) {
    Result<store::Reader*> conn =
        own.empty() ? reader : own[static_cast<size_t>(t)]->ReaderFor(reader->ceiling());
    if (!conn.ok()) {
      statuses[static_cast<size_t>(t)] = conn.status();
      next = chunks.size();
      return;
    }
    ChunkReader chunk_reader(*conn, &interners[static_cast<size_t>(t)]);
    statuses[static_cast<size_t>(t)] = chunk_reader.ReadAll(&chunks, &next, t, stopped);
    if (!statuses[static_cast<size_t>(t)].ok()) next = chunks.size();  // the others stop too
  };
  std::vector<std::thread> helpers;
  for (int t = 1; t < threads; ++t) helpers.emplace_back(work, t);
  work(0);
  for (std::thread& h : helpers) h.join();
  for (const Status& s : statuses) MEMORIA_RETURN_IF_ERROR(s);
  own.clear();
  std::unique_ptr<NameIndex> index = NameIndexBuilder::Finish(interners, chunks, stopped);
  if (index == nullptr) return UnavailableError("stopped: the name index was not built");
  return index;
}

Result<std::unique_ptr<NameIndex>> NameIndex::BuildSealed(store::Reader* reader) {
  std::vector<Interner> interners(1);
  std::vector<Chunk> chunks(1);
  chunks[0].thread = 0;
  MEMORIA_RETURN_IF_ERROR(reader->ForEachSealedName([&](const store::IndexedName& n) {
    Row r;
    if (interners[0].Read(n.person_id, n.surname, n.given, n.patronymic, n.main, &r)) {
      chunks[0].rows.push_back(r);
    }
  }));
  return NameIndexBuilder::Finish(interners, chunks);
}

size_t NameIndex::MemoryBytes() const {
  auto v = [](const auto& x) { return x.capacity() * sizeof(x[0]); };
  return part_arena_.capacity() + ref_arena_.capacity() + key_arena_.capacity() + v(part_offsets_) +
         v(part_key_) + v(ref_offsets_) + v(key_offsets_) + v(key_parts_begin_) + v(key_part_ids_) +
         key_deletes_.MemoryBytes() + text_deletes_.MemoryBytes() + v(person_ids_) + v(births_) +
         v(surname_begin_) + v(entries_) + v(part_first_) + v(given_begin_) + v(given_entries_) +
         v(patronymic_begin_) + v(patronymic_entries_) + v(short_parts_);
}

}  // namespace memoria::search
