// The place authority: every place an archive writes, read into units
// (places/places.h) and made one tree, so that "Москва", "г. Москвы",
// "г. МОсквы" and "в Москве" are one unit, a street is a unit under its
// town, and "Валкский уезд" under "Лифляндская губ." is one unit however a
// list writes it. It is built from the place texts of one archive (and one
// visibility ceiling), so it holds the units of what that ceiling shows
// and nothing else.
//
// How a unit's name is chosen (docs/formats/places.md):
//   1. A name is attested for a type word when some place writes it in the
//      nominative with that type word (not after a preposition, not beside
//      an oblique type word); the nominatives of a built-in list of
//      countries and towns are attested too.
//   2. A unit's name is the first nominative reading of its written name
//      that is attested for its type ("москвы" -> "москва"); a name that
//      is certainly oblique and has no attested reading takes its first
//      reading ("в Камышине" -> "камышин"); otherwise the name as written.
//      An abbreviation ("Моск. обл.") becomes the one attested name of its
//      type that starts with it, when there is exactly one.
//   3. Units are one when their type, name and parent are. Then a unit
//      written without a type word joins the one unit of that name that
//      has one ("Москва" -> "г. Москва"), and a unit written without the
//      larger units joins the one unit of its type and name that has them
//      ("г. Замостье" -> "Польша, г. Замостье"). Where there are several,
//      nothing is joined: two villages Ивановка stay two.
//
// Thread safety: built once, then const; any number of threads may read.
#ifndef MEMORIA_PLACES_AUTHORITY_H_
#define MEMORIA_PLACES_AUTHORITY_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "places/places.h"

namespace memoria::places {

class Authority {
 public:
  using UnitId = int32_t;
  static constexpr UnitId kNone = -1;
  // A unit whose name more than this many units bear is not joined to
  // another (step 3 below would have to compare it with each of them).
  static constexpr size_t kMaxNamesakes = 64;
  // The forms as written a unit keeps (UnitInfo::written).
  static constexpr size_t kMaxWrittenForms = 24;

  struct UnitInfo {
    Kind kind = Kind::kUnknown;
    std::string type;  // canonical type word, "" when no source wrote one
    std::string key;   // the chosen name, normalised: "москва"
    std::string name;  // for people: "г. Москва", "Самарская губ.", "ул. Арбат", "д. 4а"
    UnitId parent = kNone;
    std::vector<UnitId> children;
    // The unit as sources write it, with the number of distinct place texts
    // that write it so, most frequent first: at most kMaxWrittenForms (a
    // town of a million-person archive is written thousands of ways, most
    // of them once).
    std::vector<std::pair<std::string, int64_t>> written;
    int64_t other_forms = 0;  // the forms beyond "written"
    std::string house_order;  // kBuilding: HouseSortKey
  };

  class Builder {
   public:
    // Adds a place; returns its handle for LeafOf.
    size_t Add(ParsedPlace place);
    Authority Build() &&;

   private:
    std::vector<ParsedPlace> places_;
  };

  // The smallest unit of the place added as "handle", or kNone when it had
  // no units.
  UnitId LeafOf(size_t handle) const;
  // Every unit id is below size(); a merged id answers false to IsLive and
  // leads to its unit through Canonical.
  size_t size() const { return units_.size(); }
  bool IsLive(UnitId id) const { return canonical_[static_cast<size_t>(id)] == id; }
  UnitId Canonical(UnitId id) const;
  // REQUIRES: IsLive(id).
  const UnitInfo& unit(UnitId id) const { return units_[static_cast<size_t>(id)]; }
  // The unit and its ancestors' names, largest first, comma-separated:
  // "Самарская губ., Бузулукский уезд". Read by Find, it finds this unit.
  std::string Path(UnitId id) const;
  // The live units "query" names: those that match its smallest unit (by
  // name, and by type where the query writes one) and have its larger units
  // among their ancestors, in order. Ascending ids; empty when the query has
  // no units or names none.
  // A unit's own path always finds it (see FindByReading for the rest).
  std::vector<UnitId> Find(std::string_view query) const;
  // Find without the lookup of paths: only what reading the query gives.
  std::vector<UnitId> FindByReading(std::string_view query) const;
  // The name "unit" of a parsed place gets in this authority (step 2).
  std::string ResolveKey(const Unit& unit) const;

 private:
  bool Attested(std::string_view type, std::string_view key) const;
  bool Matches(const Unit& query_unit, const std::string& key, UnitId id) const;
  UnitId Intern(UnitId parent, const Unit& u, const std::string& key);
  void Merge(UnitId from, UnitId into);
  void JoinUnderspecified();
  bool AncestorsWithin(UnitId narrow, UnitId wide) const;
  int Depth(UnitId id) const;
  void Name(UnitId id);

  std::vector<UnitInfo> units_;
  std::vector<UnitId> canonical_;
  std::vector<UnitId> leaves_;
  // "type|key" -> units writing it in the nominative; "|key" for any type.
  std::map<std::string, int64_t> attested_;
  // While building, per unit: its forms as written, and its name as
  // written where that is the chosen name (for UnitInfo::name).
  std::vector<std::map<std::string, int64_t>> written_, spelled_;
  // (parent, kind, type, key) -> unit
  std::unordered_map<std::string, UnitId> interned_;
  // Path(id) -> id, for every live unit
  std::unordered_map<std::string, UnitId> by_path_;
  // key -> units with that key (live or merged)
  std::unordered_map<std::string, std::vector<UnitId>> by_key_;
};

// True when "query" names "place" or a unit above it, read by an authority
// of these two texts alone: "Москвы" and "г. Москва" name the place
// "г. Москва, ул. Арбат", "Самарской губ." names "Самарская губ.,
// Бузулукский уезд", "Самарская обл." does not. For a filter over a few
// texts; an archive's places are read by one Authority.
bool PlaceContains(std::string_view place, std::string_view query);

}  // namespace memoria::places

#endif  // MEMORIA_PLACES_AUTHORITY_H_
