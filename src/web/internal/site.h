// Site is what every App of a server shares: figures and lists that are
// costly to compute at a million persons (the home page's counts and chart,
// the list of sources, the place and address indexes), each computed once
// and recomputed when the archive changes (store::Reader::DataVersion).
//
// Thread safety: every method may be called from any thread, each caller
// with its own Reader.
#ifndef MEMORIA_WEB_INTERNAL_SITE_H_
#define MEMORIA_WEB_INTERNAL_SITE_H_

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "store/reader.h"
#include "web/internal/response_cache.h"
#include "web/server.h"

namespace memoria::web::internal {

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

class Site {
 public:
  Site() : Site(MapConfig()) {}
  // cache_bytes > 0: answers are kept in a ResponseCache of that size. Only
  // for Apps over read-only connections (the server's): the App notices
  // changes through PRAGMA data_version, which does not see the
  // connection's own writes.
  explicit Site(MapConfig map, size_t cache_bytes = 0)
      : map_(std::move(map)),
        responses_(cache_bytes > 0 ? std::make_unique<ResponseCache>(cache_bytes) : nullptr) {}

  const MapConfig& map() const { return map_; }
  ResponseCache* responses() const { return responses_.get(); }

  struct Figures {
    store::Stats stats;
    std::vector<store::MonthCount> months;
    std::vector<store::SourceRow> sources;
    // Per event type ("execution", "arrest"): year -> persons.
    std::map<std::string, std::map<int, int64_t>> years;
  };

  struct Indexes {
    PlaceIndex places;
    AddressIndex addresses;
  };

  Result<std::shared_ptr<const Figures>> GetFigures(store::Reader* reader);
  // Both indexes come from one pass over the place texts.
  Result<std::shared_ptr<const Indexes>> GetIndexes(store::Reader* reader);

 private:
  template <typename T>
  struct Slot {
    uint64_t version = 0;
    std::shared_ptr<const T> value;
  };
  const MapConfig map_;
  const std::unique_ptr<ResponseCache> responses_;
  // Held while computing: concurrent first visitors wait for one build. One
  // each, so the home page does not wait for the place indexes.
  std::mutex figures_mu_;
  std::mutex indexes_mu_;
  // One of each per visibility ceiling: what one ceiling counts never
  // answers a reader of another.
  std::array<Slot<Figures>, 3> figures_;
  std::array<Slot<Indexes>, 3> indexes_;
};

}  // namespace memoria::web::internal

#endif  // MEMORIA_WEB_INTERNAL_SITE_H_
