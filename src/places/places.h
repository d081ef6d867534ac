// Places as sources write them, read into a chain of typed units:
//
//   "Лифляндская губ., Валкский уезд, Эргемская вол."
//     -> region "лифляндская" (губерния) > district "валкский" (уезд)
//        > volost "эргемская" (волость)
//   "в с.Прилуки Брест-Литовского уезда Гродненской губ."
//     -> region "гродненской" (губерния, oblique: reads "гродненская")
//        > district "брест-литовского" (уезд, reads "брест-литовский")
//        > village "прилуки" (село)
//   "г. Москвы" -> town "москвы" (город; reads "москва")
//   "ул. Арбат, д. 4а" -> street "арбат" > building "4а"
//
// A unit keeps its name as written, normalised (case folded, ё -> е,
// punctuation and the type word dropped), with the nominative readings of
// that name (places/internal/declension.h); which reading is the unit's
// name is decided by the place authority (places/authority.h), which sees
// every place of the archive. Historic units are units of their own:
// "Самарская губ." and "Самарская обл." are two units, and nothing maps a
// губерния or уезд onto a modern region unless a source writes both.
// The grammar is in docs/formats/places.md.
//
// Thread safety: pure functions.
#ifndef MEMORIA_PLACES_PLACES_H_
#define MEMORIA_PLACES_PLACES_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace memoria::places {

// Inputs longer than this are read as no place (ParsePlace returns no
// units).
inline constexpr size_t kMaxPlaceBytes = 2048;
// At most this many units are read from one place; the rest is ignored.
inline constexpr size_t kMaxUnits = 12;

// The kinds of units, largest first. kUnknown is a name written without a
// type word that is not a known country or town ("Бутово").
enum class Kind {
  kCountry,   // a state or union republic: Польша, СССР, Белорусская ССР
  kRegion,    // губерния, область, край, АССР, республика
  kDistrict,  // уезд, район, округ
  kVolost,    // волость, сельсовет, гмина
  kTown,      // город, местечко, рабочий посёлок
  kVillage,  // деревня, село, посёлок, хутор, станица, станция, усадьба ...
  kUnknown,  // a name without a type word
  kStreet,   // улица, переулок, площадь ... (names/address.h)
  kBuilding,  // a house: "д. 4а", "дом 12/2", "4"
};

// "country", "region", "district", "volost", "town", "village", "place",
// "street", "building".
std::string_view KindName(Kind kind);

struct Unit {
  Kind kind = Kind::kUnknown;
  // The canonical type word: "губерния", "область", "край", "АССР", "ССР",
  // "республика", "уезд", "район", "округ", "волость", "сельсовет", "город",
  // "местечко", "деревня", "село", "посёлок", "хутор", "станица",
  // "станция", "улица" (every street type), "дом"; "" when none was
  // written.
  std::string type;
  // The name as written, normalised: "москвы", "самарской"; for a street
  // its street key (names::StreetKey), for a building its house key
  // (names::HouseKey).
  std::string key;
  // Other readings of "key" in the nominative, most likely first:
  // "москвы" -> {"москва"}. Empty for streets and buildings.
  std::vector<std::string> nominatives;
  // True when the name cannot be a nominative: after a preposition ("в
  // Москве"), beside a type word in an oblique case ("уезда"), or with an
  // adjective ending the type word's gender excludes ("Самарской губ.").
  bool oblique = false;
  // True when the name ends in an abbreviation: "Моск. обл." ("моск").
  bool abbreviated = false;
  std::string name;     // the name as written, without type word: "Москвы"
  std::string written;  // the unit as written: "г. Москвы"
  // kBuilding: the house's sort key (HouseSortKey).
  std::string house_order;
};

struct ParsedPlace {
  // Largest unit first (by kind; units of one kind in written order).
  std::vector<Unit> units;
  // What a note "(ныне ...)" says the place is called now, as written:
  // kept, never merged into the units.
  std::string now;
};

// Reads "text" as a place. Parts are separated by commas; a part may hold
// several units ("Аркадакская вол. Балашовский уезд"); text in parentheses
// is a unit of its own when it has a type word ("(Пальцамская волость)"),
// a note otherwise; a semicolon ends the place (what follows is another
// place, "там же, ..."). Apartments ("кв. 3", "ком. 6", "барак 33") are not
// units. Returns no units for invalid UTF-8, for text longer than
// kMaxPlaceBytes and for text without letters or digits. Never throws.
ParsedPlace ParsePlace(std::string_view text);

// A key that sorts houses as numbers sort: every run of digits is written
// as its length (two digits) and its value without leading zeros, so that
// byte order gives "4" < "4а" < "4к2" < "20" < "109а" < "1090".
std::string HouseSortKey(std::string_view house_key);

}  // namespace memoria::places

#endif  // MEMORIA_PLACES_PLACES_H_
