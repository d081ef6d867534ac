// RowDigester: the per-table sums of LtHash16 row elements (lthash.h) of
// many rows, computed mostly on a second thread.
//
// A row's element costs a SHA-256 of its encoding and 2 KB of ChaCha20,
// several times what SQLite spends writing the row. The writer only appends
// each row's encoding to a chunk; full chunks go to a worker thread that
// hashes, expands and sums them. The sum commutes, so the order in which
// chunks are summed does not matter, and the result is exactly the sum the
// writer would have computed itself. When the worker falls behind, the
// writer sums the chunk itself rather than wait or queue without bound; a
// transaction that wrote less than one chunk never wakes the worker.
//
// Thread safety: one thread calls the public methods; the worker is
// private to the object and joined by its destructor.
#ifndef MEMORIA_LEDGER_ROW_DIGESTER_H_
#define MEMORIA_LEDGER_ROW_DIGESTER_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "ledger/lthash.h"

namespace memoria::ledger {

class RowDigester {
 public:
  // "tables": how many tables the rows are of (their indexes are below it).
  explicit RowDigester(size_t tables);
  ~RowDigester();
  RowDigester(const RowDigester&) = delete;
  RowDigester& operator=(const RowDigester&) = delete;

  // Starts a row of table "table" whose element is added (sign > 0) or
  // subtracted: the caller writes the row's encoding into the encoder
  // returned (already holding the table's name) and calls EndRow() before
  // the next BeginRow() or Sums().
  RowEncoder& BeginRow(size_t table, std::string_view table_name, int sign);
  void EndRow();

  // Each table's sum of the rows given since construction or the last
  // Reset(), once every chunk is summed.
  std::vector<LtHash16> Sums();
  // Forgets every row given so far (chunks still queued are dropped).
  void Reset();

 private:
  struct Chunk {
    uint64_t generation = 0;
    std::string bytes;
  };
  // Sums "bytes" (records of table, sign, length, encoding) into "sums".
  void SumChunk(const std::string& bytes, std::vector<LtHash16>* sums) const;
  void AddToTotals(uint64_t generation, const std::vector<LtHash16>& sums);
  void Hand(std::string bytes);
  void Work();

  const size_t tables_;
  std::string chunk_;  // the rows not yet handed over
  size_t row_start_ = 0;
  std::optional<RowEncoder> encoder_;  // the row being written

  std::mutex mutex_;
  std::condition_variable work_ready_, work_done_;
  std::deque<Chunk> queue_;       // guarded by mutex_
  size_t in_flight_ = 0;          // chunks queued or being summed; guarded
  uint64_t generation_ = 0;       // guarded
  bool stop_ = false;             // guarded
  std::vector<LtHash16> totals_;  // guarded
  std::thread worker_;            // started with the first chunk handed over
};

}  // namespace memoria::ledger

#endif  // MEMORIA_LEDGER_ROW_DIGESTER_H_
