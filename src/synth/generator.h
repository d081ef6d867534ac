// The synthetic corpus generator: writes rows in the TSV format of Memorial's
// full victims database ("memorial-lists", see docs/formats/memorial-lists.md)
// with realistic Russian names and a controlled share of duplicate persons
// written with variant spellings, plus a truth file naming which rows are the
// same person. The demo and the benchmarks use it; nothing it writes is a
// real person.
//
// Output is deterministic for a given (options, seed).
//
// Thread safety: a pure function of its options.
#ifndef MEMORIA_SYNTH_GENERATOR_H_
#define MEMORIA_SYNTH_GENERATOR_H_

#include <cstdint>
#include <functional>
#include <ostream>

#include "core/status.h"

namespace memoria::synth {

struct GenerateOptions {
  int64_t rows = 20000;
  uint64_t seed = 1;
  // Share of rows that are another record of an already generated person,
  // written with a variant spelling (ё/е, a typo, an initial, no patronymic,
  // an OCR confusion) and possibly other details.
  double duplicate_share = 0.10;
  // Share of persons (entities) living in Moscow at an address such as
  // "г. Москва, ул. Кирова, д. 12, кв. 5" in live_place: a street of a small
  // lexicon of central streets, written with its Soviet name in 60% of rows
  // and its present name in the others; a few buildings have many residents.
  // The other fields do not depend on it.
  double moscow_address_share = 0.30;
  // person_id of the first row; later rows count up from it.
  int64_t first_person_id = 1000001;
  // Called every ~100,000 rows with the number written so far (may be empty).
  std::function<void(int64_t)> progress;
};

// Writes a header line and options.rows rows to *tsv. When truth is not null,
// writes the header "person_id<TAB>entity_id" and one "person_id<TAB>entity_id"
// line per row to *truth: rows with the same entity_id are the same person,
// and the entity_id is the person_id of the entity's first row. Returns
// kInvalidArgument for rows < 0 or > 2^31, duplicate_share outside [0, 0.9],
// first_person_id < 1 or a null tsv, and kDataLoss if a stream fails.
// When buildings is not null, writes the buildings of the Moscow addresses
// written (rows that show one) to it in the geocoded-buildings format of the
// places profile (docs/formats/places.md):
//   street,house,records,longitude,latitude
// one line per building in order of first appearance (records: how many
// rows show it), the street by its
// present name ("Мясницкая ул.", "д.12"), with made-up coordinates within
// 0.1 degrees of 55.75 N 37.62 E. Returns kInvalidArgument also for
// moscow_address_share outside [0, 1].
Status GenerateCorpus(const GenerateOptions& options, std::ostream* tsv, std::ostream* truth,
                      std::ostream* buildings = nullptr);

// Writes the renamings of the Moscow street lexicon in the street-renamings
// format of the places profile: the header "modern_name,old_name,both_names"
// and one line per renamed street ("Мясницкая улица,улица Кирова,Мясницкая
// улица | улица Кирова"). Returns kInvalidArgument for a null stream and
// kDataLoss if it fails.
Status WriteStreetRenamings(std::ostream* csv);

// A synthetic political-prisoners list in the CSV of the prisoners import
// profile (docs/formats/prisoners.md) with a history: each person appears
// in one row per change of their state (detained and under review;
// recognised; sentenced; sent to a colony; released, emigrated or died at
// the end of the term or earlier), rows in the order of their dates up to
// "today", so importing the file gives every person a dated status and
// assessment history (about three status changes per person). Names are
// drawn from the generator's Russian lexicon; regions, articles, case
// groups and colonies from small lists of this file. Nothing it writes is a
// real person.
struct PrisonersOptions {
  int64_t prisoners = 1000;
  uint64_t seed = 1;
  int64_t first_id = 1;      // ids are "pp-<first_id + i>"
  int32_t today = 20241201;  // no change is dated after it (yyyymmdd)
  std::function<void(int64_t)> progress;
};
// Returns kInvalidArgument for prisoners outside [0, 10^7], a today outside
// 2000..2999 or a null stream, kDataLoss if the stream fails.
Status GeneratePrisoners(const PrisonersOptions& options, std::ostream* csv);

}  // namespace memoria::synth

#endif  // MEMORIA_SYNTH_GENERATOR_H_
