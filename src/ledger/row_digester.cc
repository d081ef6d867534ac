// RowDigester (row_digester.h): chunks of row encodings summed on a worker.
#include "ledger/row_digester.h"

#include <cstring>

namespace memoria::ledger {

namespace {

// A chunk is handed over at about this size (some 400 rows of an import):
// large enough that the hand-over costs nothing beside the hashing, small
// enough that the writer's last partial chunk is quick to sum at the commit.
constexpr size_t kChunkBytes = 64 * 1024;
// Chunks waiting beyond this many are summed by the writer itself.
constexpr size_t kMaxQueued = 16;

// A record of a chunk: the table's index (4 bytes), the sign (1 byte), the
// encoding's length (4 bytes), all in host order, then the encoding.
constexpr size_t kHeaderBytes = 9;

}  // namespace

RowDigester::RowDigester(size_t tables) : tables_(tables), totals_(tables) {
  chunk_.reserve(kChunkBytes + 4096);
}

RowDigester::~RowDigester() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  work_ready_.notify_all();
  if (worker_.joinable()) worker_.join();
}

RowEncoder& RowDigester::BeginRow(size_t table, std::string_view table_name, int sign) {
  row_start_ = chunk_.size();
  const uint32_t index = static_cast<uint32_t>(table);
  const char s = sign > 0 ? 1 : 0;
  char header[kHeaderBytes] = {};
  std::memcpy(header, &index, 4);
  header[4] = s;
  chunk_.append(header, kHeaderBytes);
  encoder_.emplace(table_name, &chunk_);
  return *encoder_;
}

void RowDigester::EndRow() {
  const uint32_t length = static_cast<uint32_t>(chunk_.size() - row_start_ - kHeaderBytes);
  std::memcpy(chunk_.data() + row_start_ + 5, &length, 4);
  encoder_.reset();
  if (chunk_.size() >= kChunkBytes) {
    std::string full;
    full.reserve(kChunkBytes + 4096);
    full.swap(chunk_);
    Hand(std::move(full));
  }
}

void RowDigester::SumChunk(const std::string& bytes, std::vector<LtHash16>* sums) const {
  size_t at = 0;
  while (at + kHeaderBytes <= bytes.size()) {
    uint32_t index, length;
    std::memcpy(&index, bytes.data() + at, 4);
    std::memcpy(&length, bytes.data() + at + 5, 4);
    const bool add = bytes[at + 4] != 0;
    const Sha256Digest digest = Sha256(std::string_view(bytes).substr(at + kHeaderBytes, length));
    if (index < sums->size()) {
      if (add) {
        (*sums)[index].Add(digest);
      } else {
        (*sums)[index].Remove(digest);
      }
    }
    at += kHeaderBytes + length;
  }
}

void RowDigester::AddToTotals(uint64_t generation, const std::vector<LtHash16>& sums) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (generation != generation_) return;  // rows of a transaction reset since
  for (size_t t = 0; t < tables_; ++t) totals_[t].Add(sums[t]);
}

void RowDigester::Hand(std::string bytes) {
  uint64_t generation;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    generation = generation_;
    if (queue_.size() < kMaxQueued) {
      queue_.push_back(Chunk{generation_, std::move(bytes)});
      ++in_flight_;
      if (!worker_.joinable()) worker_ = std::thread([this] { Work(); });
      work_ready_.notify_one();
      return;
    }
  }
  // The worker is behind: the writer sums this chunk itself.
  std::vector<LtHash16> sums(tables_);
  SumChunk(bytes, &sums);
  AddToTotals(generation, sums);
}

void RowDigester::Work() {
  std::vector<LtHash16> sums(tables_);
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    work_ready_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopped with nothing left
    Chunk chunk = std::move(queue_.front());
    queue_.pop_front();
    const bool current = chunk.generation == generation_;
    lock.unlock();
    if (current) {
      for (LtHash16& s : sums) s = LtHash16();
      SumChunk(chunk.bytes, &sums);
    }
    lock.lock();
    if (current && chunk.generation == generation_) {
      for (size_t t = 0; t < tables_; ++t) totals_[t].Add(sums[t]);
    }
    if (--in_flight_ == 0) work_done_.notify_all();
  }
}

std::vector<LtHash16> RowDigester::Sums() {
  uint64_t generation;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    generation = generation_;
  }
  if (!chunk_.empty()) {
    // The partial chunk is summed here: a small transaction never waits
    // for the worker.
    std::vector<LtHash16> sums(tables_);
    SumChunk(chunk_, &sums);
    chunk_.clear();
    AddToTotals(generation, sums);
  }
  std::unique_lock<std::mutex> lock(mutex_);
  work_done_.wait(lock, [this] { return in_flight_ == 0; });
  return totals_;
}

void RowDigester::Reset() {
  chunk_.clear();
  encoder_.reset();
  std::lock_guard<std::mutex> lock(mutex_);
  ++generation_;
  // Chunks not yet started are dropped here; one being summed is dropped by
  // its generation.
  in_flight_ -= queue_.size();
  queue_.clear();
  if (in_flight_ == 0) work_done_.notify_all();
  for (LtHash16& t : totals_) t = LtHash16();
}

}  // namespace memoria::ledger
