// Moscow residence addresses for the generator: a small lexicon of central
// streets, most of them renamed in Soviet times and given back their names
// around 1990, with the addresses, renamings and made-up building
// coordinates written from it.
//
// Thread safety: pure functions over constant tables.
#ifndef MEMORIA_SYNTH_INTERNAL_MOSCOW_H_
#define MEMORIA_SYNTH_INTERNAL_MOSCOW_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "synth/internal/rng.h"

namespace memoria::synth::internal {

struct MoscowStreet {
  std::string_view modern;  // today's name: "Мясницкая улица"
  std::string_view old;     // the Soviet name, "" when never renamed
  double weight;            // share of the generated residents
};

std::span<const MoscowStreet> MoscowStreets();

// A building: a street of MoscowStreets() and a house number with an
// optional letter ("12", "4а").
struct MoscowBuilding {
  uint16_t street = 0;
  uint16_t number = 0;
  bool letter = false;
  bool operator==(const MoscowBuilding&) const = default;
};

// Draws a building, skewed so that a few buildings have many residents.
MoscowBuilding DrawMoscowBuilding(Rng* rng);

// "ул. Кирова" / "Кирова ул." style: the street name with its type word
// abbreviated as lists write it, before the name or after it.
std::string ListStreetName(std::string_view name, bool type_first);

// "12" or "4а".
std::string HouseNumber(const MoscowBuilding& b);

// A residence address as a list writes it, e.g. "г. Москва, ул. Кирова,
// д. 12, кв. 5"; "historic" picks the Soviet name when the street has one;
// "style" (any number) picks one of a few written forms.
std::string MoscowAddress(const MoscowBuilding& b, int flat, bool historic, uint32_t style);

// Made-up coordinates of a building, within 0.1 degrees of 55.75 N 37.62 E,
// fixed by (seed, building).
void BuildingPoint(uint64_t seed, const MoscowBuilding& b, double* lat, double* lon);

}  // namespace memoria::synth::internal

#endif  // MEMORIA_SYNTH_INTERNAL_MOSCOW_H_
