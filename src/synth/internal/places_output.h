// The places output of the corpus generator (places_output.cc): the Moscow
// buildings file GenerateCorpus writes beside the corpus, and the street
// renamings of WriteStreetRenamings.
//
// Thread safety: pure functions; a stream is the caller's to share.
#ifndef MEMORIA_SYNTH_INTERNAL_PLACES_OUTPUT_H_
#define MEMORIA_SYNTH_INTERNAL_PLACES_OUTPUT_H_

#include <cstdint>
#include <ostream>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "synth/internal/moscow.h"

namespace memoria::synth::internal {

// A key for a building: street, number and letter.
uint32_t BuildingId(const MoscowBuilding& b);

// Writes the buildings file (docs in synth/generator.h): one line per building
// of "order", with its count of records from "residents" (by BuildingId, which
// must hold every building of "order") and its point for "seed".
// Returns kDataLoss if the stream fails.
Status WriteBuildings(uint64_t seed, const std::vector<MoscowBuilding>& order,
                      const std::unordered_map<uint32_t, int64_t>& residents,
                      std::ostream* buildings);

}  // namespace memoria::synth::internal

#endif  // MEMORIA_SYNTH_INTERNAL_PLACES_OUTPUT_H_
