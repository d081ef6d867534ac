// One row of the corpus in the TSV format of "memorial-lists": the names it
// shows (RowNames), the organ names expanded per place, and WriteRow, which
// renders a Person as one line (row.cc). The names of a record, original or
// variant, come from internal/record.h.
//
// Thread safety: GetExpandedOrgans() is built once and immutable; WriteRow is
// pure.
#ifndef MEMORIA_SYNTH_INTERNAL_ROW_H_
#define MEMORIA_SYNTH_INTERNAL_ROW_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "synth/internal/lexicon.h"
#include "synth/internal/person.h"

namespace memoria::synth::internal {

// The names a row shows; empty means "None".
struct RowNames {
  std::string_view surname;
  std::string_view given;
  std::string_view patronymic;
  std::string_view surname_variant;  // for the *_variations columns
  std::string_view full_variant;
};

// The most a row can take: every field is a few lexicon strings of at most a
// few hundred bytes.
constexpr size_t kMaxRowBytes = 16 * 1024;

// Organ names expanded for every region and district once, so that writing
// a row only copies strings.
struct ExpandedOrgans {
  // [era][organ][region * 4 + district]
  std::vector<std::vector<std::vector<std::string>>> arrest;
  std::vector<std::vector<std::vector<std::string>>> judicial;
  // [organ][region]
  std::vector<std::vector<std::string>> rehabilitation;
};

// The organ names of "lex" expanded for every place, built on first use.
const ExpandedOrgans& GetExpandedOrgans(const Lexicon& lex);

// Writes one row at `out` and returns the end of what it wrote.
// A non-empty "address" is written as live_place instead of p.live (unless
// the record drops the place).
char* WriteRow(const Lexicon& lex, const ExpandedOrgans& organs, const Person& p,
               const RowNames& names, int64_t person_id, std::string_view address, char* out);
// REQUIRES: kMaxRowBytes of room at "out".

}  // namespace memoria::synth::internal

#endif  // MEMORIA_SYNTH_INTERNAL_ROW_H_
