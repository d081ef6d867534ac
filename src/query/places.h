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

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/result.h"
#include "places/authority.h"
#include "store/reader.h"

namespace memoria::query {

// The places of persons (event places, residences, addresses) read into
// one place authority (places/authority.h): "Москва", "г. Москвы" and "в
// Москве" are one unit, a street sits under its town, a уезд under its
// губерния. Texts that hold no unit are still found by their words.
class PlaceIndex {
 public:
  // Stops early, with part of the index, once *stop is set (a server
  // stopping): BuildPlaceIndexes then throws it away.
  static PlaceIndex Build(std::vector<store::PlaceText> texts,
                          const std::atomic<bool>* stop = nullptr);

  // Persons with a place in "query", ascending: the persons of every unit
  // the query names (Authority::Find, in any written form) and of every
  // unit under it; when the query names no unit, the persons with a place
  // text containing every word of the query (folded). Empty for a query
  // without words.
  std::vector<int64_t> Match(std::string_view query) const;

  // A unit for a list: its name ("г. Москва"), where it is ("Латвия,
  // Лифляндская губ." for "Валкский уезд"; "" at the top), the query that
  // finds it (its path), its kind (places::KindName) and its persons.
  struct UnitSummary {
    std::string name, within, query, kind;
    int64_t persons = 0;
  };
  // The 100 units above street level with the most persons, most first.
  const std::vector<UnitSummary>& top() const { return top_; }

  // What a place page says of each unit "query" names: the unit, the forms
  // sources write it in (with the number of distinct place texts), and
  // the units under it with the most persons (at most "max_children").
  struct UnitDetail {
    UnitSummary unit;
    std::vector<std::pair<std::string, int64_t>> written;
    int64_t other_forms = 0;  // written otherwise, beyond "written"
    std::vector<UnitSummary> children;
  };
  std::vector<UnitDetail> Describe(std::string_view query, size_t max_children) const;

  const places::Authority& authority() const { return authority_; }

 private:
  UnitSummary Summary(places::Authority::UnitId id) const;
  void CollectPersons(places::Authority::UnitId id, std::vector<int64_t>* out) const;

  // Lists of ids kept in one array (at a million persons, a vector per
  // text or unit would cost more than the ids it holds): list i is
  // ids[starts[i], starts[i + 1]).
  struct Lists {
    std::vector<uint32_t> starts = {0};
    std::vector<int64_t> ids;
    size_t size() const { return starts.size() - 1; }
    const int64_t* begin(size_t i) const { return ids.data() + starts[i]; }
    const int64_t* end(size_t i) const { return ids.data() + starts[i + 1]; }
    void Append(const std::vector<int64_t>& list);
  };

  places::Authority authority_;
  Lists unit_persons_;                // per unit: persons whose place ends there
  std::vector<int64_t> unit_counts_;  // per unit: persons of it and below
  Lists text_persons_;                // per distinct text, ascending
  // Folded word -> the distinct texts holding it, ascending (the texts that
  // name no unit are found by their words).
  std::unordered_map<std::string, std::vector<uint32_t>> word_texts_;
  std::vector<UnitSummary> top_;
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
                            const std::vector<store::PlaceRecord>& places,
                            const std::atomic<bool>* stop = nullptr);
  // Buildings on the street of "query" (any of its names), on its house
  // when the query gives one, in the order of their house numbers (4, 4а,
  // 20, 109а: places::HouseSortKey). Empty when the query names no street.
  Answer Find(std::string_view query) const;
  // Every building with coordinates and residents, by street and house
  // number.
  std::vector<Building> Mapped() const;

 private:
  // An address as read: the texts are kept once in strings_ (at a million
  // persons most addresses repeat a street and a building).
  struct Entry {
    uint32_t street;      // strings_: as written, with its type word
    uint32_t house;       // strings_
    uint32_t as_written;  // strings_
    int64_t person_id;
  };
  std::vector<std::string> strings_;
  std::unordered_map<std::string, std::vector<Entry>> by_street_;
  std::unordered_map<std::string, std::vector<std::string>> street_names_;  // key -> names
  std::unordered_map<std::string, std::vector<std::string>> equivalent_;    // key -> keys
  std::unordered_map<std::string, std::pair<double, double>> points_;       // "key|house"
};

// Both indexes of what "reader" sees, from one pass over its place texts.
// Returns the store's errors, and kUnavailable ("stopped") as soon as
// *stop is set: at a million persons the build takes half a minute, which
// a server being stopped does not wait for.
struct PlaceIndexes {
  PlaceIndex places;
  AddressIndex addresses;
};
Result<PlaceIndexes> BuildPlaceIndexes(store::Reader* reader,
                                       const std::atomic<bool>* stop = nullptr);

}  // namespace memoria::query

#endif  // MEMORIA_QUERY_PLACES_H_
