// CsvReader is a streaming reader of delimited text: RFC 4180 CSV (quoted
// fields, doubled quotes, line breaks inside quotes) and TSV (no quoting;
// tab separates fields, a line break ends the record).
//
// It reads the file in large blocks and never holds more than one record
// plus one block in memory, so files of any size stream through. Every record
// is checked against the limits in CsvOptions and for valid UTF-8. A UTF-8
// byte-order mark at the start is skipped. CRLF and LF line ends are both
// accepted; a final line without a line end is a record.
//
// Errors come in two kinds:
//   - Row errors (a field over max_field_bytes, a record over max_fields or
//     max_record_bytes, invalid UTF-8, a stray quote inside an unquoted CSV
//     field): Next() returns the error; the reader has skipped to the start of
//     the next record, so the caller may report the row and call Next() again.
//   - Structural errors (an I/O error, a quoted field still open at end of
//     file): Next() returns the error and every later call returns it again.
//     Such errors are kDataLoss for I/O and kInvalidArgument for syntax.
// Each error message begins "line N: " with the line where the record began.
//
// Thread safety: a reader is used by one thread at a time.
#ifndef MEMORIA_INGEST_CSV_H_
#define MEMORIA_INGEST_CSV_H_

#include <array>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace memoria::ingest {

struct CsvOptions {
  char delimiter = ',';
  // RFC 4180 quoting. Off for TSV, where '"' is an ordinary character.
  bool quoting = true;
  size_t max_field_bytes = 1 << 20;   // 1 MiB
  size_t max_record_bytes = 4 << 20;  // 4 MiB
  size_t max_fields = 1024;

  static CsvOptions Csv() { return CsvOptions{}; }
  static CsvOptions Tsv() {
    CsvOptions o;
    o.delimiter = '\t';
    o.quoting = false;
    return o;
  }
};

class CsvReader {
 public:
  // Opens "path" for reading. Returns kNotFound if it does not exist,
  // kInvalidArgument if it is not a regular file, and kFailedPrecondition if
  // it exists but cannot be opened (e.g. permission denied).
  static Result<std::unique_ptr<CsvReader>> Open(const std::string& path, CsvOptions options);

  // Reads from an in-memory copy of "data" (tests, fuzzing).
  static std::unique_ptr<CsvReader> FromString(std::string data, CsvOptions options);

  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Reads the next record into *fields. Returns true when a record was read
  // and false at end of input. The string_views point into the reader and are
  // valid until the next call to Next(). An empty line is a record of one
  // empty field.
  Result<bool> Next(std::vector<std::string_view>* fields);

  // True once a structural error has happened: Next() returns it forever,
  // so the caller must stop. After a row error it stays false.
  bool broken() const { return !sticky_.ok(); }

  // The 1-based line on which the last record returned (or rejected) began.
  int64_t line() const { return record_line_; }

  // Bytes consumed so far and the input's total size (0 when unknown), for
  // progress reports.
  uint64_t bytes_read() const { return consumed_; }
  uint64_t total_bytes() const { return total_; }

 private:
  // Where the scanner is inside the current record.
  enum class State : uint8_t {
    kFieldStart,   // at the first byte of a field
    kUnquoted,     // inside an unquoted field
    kQuoted,       // inside a quoted field
    kQuotedQuote,  // just after a '"' inside a quoted field (escape or close)
    kClosedCr,     // after a closing quote and a '\r'
  };

  CsvReader(std::FILE* file, std::string data, CsvOptions options, uint64_t total);

  bool Fill();  // reads another block; false at EOF or error
  void SkipBom();
  void BeginRecord();
  // Scans buf_ from pos_; true when the current record's line end was consumed,
  // false when the buffer ran out first.
  bool Scan();
  void Keep(const char* from, const char* to);  // appends input bytes to the field
  void KeepByte(char c);
  void EndField();
  void EndRecord(uint64_t line_end_offset);
  void FieldTooLong();  // the row errors of the limits
  void TooManyFields();
  void RecordTooLong();
  const char* FindSpecial(const char* p, const char* end) const;
  Status Utf8Error() const;
  void RowError(StatusCode code, std::string_view what);
  uint64_t OffsetOf(const char* p) const { return buf_offset_ + (p - buf_.data()); }
  std::string Where() const;  // "line N: " for the current record
  Result<bool> FinishRecord(std::vector<std::string_view>* fields);
  Result<bool> FinishAtEof(std::vector<std::string_view>* fields);

  std::FILE* file_ = nullptr;
  CsvOptions options_;
  std::array<bool, 256> special_{};  // bytes that stop an unquoted field
  std::string buf_;                  // unread input [pos_, buf_.size())
  size_t pos_ = 0;
  uint64_t buf_offset_ = 0;  // input offset of buf_[0]
  bool eof_ = false;
  Status sticky_;            // a structural error, returned forever
  Status row_error_;         // the first error of the current record
  bool discarding_ = false;  // the current record is rejected; skip to its end
  State state_ = State::kFieldStart;
  std::string record_;         // unquoted field bytes of the current record
  std::vector<size_t> ends_;   // end offsets of fields in record_
  size_t field_begin_ = 0;     // offset in record_ of the open field
  uint64_t record_start_ = 0;  // input offset where the current record began
  int64_t line_ = 1;           // line of the next unread byte
  int64_t start_line_ = 1;     // line where the current record began
  int64_t record_line_ = 0;
  uint64_t consumed_ = 0;
  uint64_t total_ = 0;
  bool at_start_ = true;  // BOM check pending
};

}  // namespace memoria::ingest

#endif  // MEMORIA_INGEST_CSV_H_
