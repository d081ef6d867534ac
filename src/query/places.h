// The place and address indexes: who lived, was born, arrested or shot
// where, from the place texts of persons (event places, addresses,
// residences) and the gazetteer of streets and buildings. Built from one
// Reader, they hold only what its ceiling shows, and every count they give
// (a place's persons, a building's residents) counts persons of that same
// ceiling: store::Reader::ForEachPlaceText reads visible persons only. The
// website keeps one pair per ceiling and data version (web::internal::Site).
//
// Thread safety: built once, then const; any number of threads may read.
#ifndef MEMORIA_QUERY_PLACES_H_
#define MEMORIA_QUERY_PLACES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/result.h"
#include "store/reader.h"

namespace memoria::query {

// Distinct place texts of persons (event places, residences, addresses),
// matched by words.
class PlaceIndex {
 public:
  static PlaceIndex Build(std::vector<store::PlaceText> texts);
  // Persons with a place text containing every word of "query" (folded),
  // ascending. Empty for a query without words.
  std::vector<int64_t> Match(std::string_view query) const;
  // The most frequent places (the first comma-separated part of each text,
  // as written), with their person counts, most frequent first.
  const std::vector<std::pair<std::string, int64_t>>& top() const { return top_; }

 private:
  std::vector<std::vector<std::string>> words_;  // per distinct text, folded
  std::vector<std::vector<int64_t>> persons_;    // per distinct text, ascending
  std::vector<std::pair<std::string, int64_t>> top_;
};

// Persons by the street and house of their address, with the street's
// historic names.
class AddressIndex {
 public:
  struct Resident {
    int64_t person_id = 0;
    std::string as_written;
  };
  struct Building {
    std::string address;  // street and house as the first resident's record writes them
    std::string street_key, house;
    bool has_point = false;
    double lat = 0, lon = 0;
    std::vector<Resident> residents;
  };
  struct Answer {
    std::vector<std::string> street_names;  // every name of the street(s) searched
    std::vector<Building> buildings;
  };

  static AddressIndex Build(const std::vector<store::PlaceText>& texts,
                            const std::vector<store::PlaceRecord>& places);
  // Buildings on the street of "query" (any of its names), on its house
  // when the query gives one. Empty when the query names no street.
  Answer Find(std::string_view query) const;
  // Every building with coordinates and residents.
  std::vector<Building> Mapped() const;

 private:
  struct Entry {
    std::string street;  // as written, with its type word
    std::string house;
    int64_t person_id;
    std::string as_written;
  };
  std::unordered_map<std::string, std::vector<Entry>> by_street_;
  std::unordered_map<std::string, std::vector<std::string>> street_names_;  // key -> names
  std::unordered_map<std::string, std::vector<std::string>> equivalent_;    // key -> keys
  std::unordered_map<std::string, std::pair<double, double>> points_;       // "key|house"
};

// Both indexes of what "reader" sees, from one pass over its place texts.
// Returns the store's errors.
struct PlaceIndexes {
  PlaceIndex places;
  AddressIndex addresses;
};
Result<PlaceIndexes> BuildPlaceIndexes(store::Reader* reader);

}  // namespace memoria::query

#endif  // MEMORIA_QUERY_PLACES_H_
