// The names and details of one record of a synthetic person: the original
// record with its optional *_variations columns, a second record with variant
// spellings, and the thinner details of another book's record (record.cc).
//
// Thread safety: pure functions given their Rng; the returned RowNames view
// the lexicon or the caller's NameBuffers.
#ifndef MEMORIA_SYNTH_INTERNAL_RECORD_H_
#define MEMORIA_SYNTH_INTERNAL_RECORD_H_

#include <string>

#include "synth/internal/lexicon.h"
#include "synth/internal/person.h"
#include "synth/internal/rng.h"
#include "synth/internal/row.h"

namespace memoria::synth::internal {

// Scratch strings for one row's names, reused across rows.
struct NameBuffers {
  std::string surname;
  std::string given;
  std::string patronymic;
  std::string surname_variant;
  std::string full_variant;
};

// The names of the person's first record; the views live as long as "lex"
// and *b.
RowNames OriginalNames(const Lexicon& lex, const Person& p, Rng* rng, NameBuffers* b);

// The names of a second record of the person: one or two variant spellings.
// The surname changes by at most two edits.
RowNames VariantNames(const Lexicon& lex, const Person& p, Rng* rng, NameBuffers* b);

// Another book's record of the same person: fewer details, a birth year that
// may be off by one, and a different memory book.
void PerturbDetails(Rng* rng, Person* p);

}  // namespace memoria::synth::internal

#endif  // MEMORIA_SYNTH_INTERNAL_RECORD_H_
