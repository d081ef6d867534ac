// Addresses as Russian lists write them: "г. Москва, ул. Мясницкая, д. 5,
// кв. 3", "Авиамоторная ул., д.1", "Мясницкая 5". ParseAddress finds the
// street and the house; StreetKey and HouseKey fold them into the keys the
// places tables index (docs/formats/places.md), so that one street written
// "ул. Мясницкая", "Мясницкая улица" or "МЯСНИЦКАЯ УЛ." has one key, and a
// house written "д.4, корп. 2" or "дом 4 к2" has one key.
//
// Thread safety: pure functions.
#ifndef MEMORIA_NAMES_ADDRESS_H_
#define MEMORIA_NAMES_ADDRESS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace memoria::names {

// Inputs longer than this are refused (ParseAddress returns nullopt; the
// key functions return "").
inline constexpr size_t kMaxAddressBytes = 1024;

struct ParsedAddress {
  // The street folded for matching (StreetKey of "street"): "мясницкая".
  std::string street_key;
  // The street as written, trimmed, inner white space collapsed, with its
  // type word: "ул. Мясницкая", "Авиамоторная ул.".
  std::string street;
  // The house folded (HouseKey): "5", "4а", "12/2", "4к2"; "" when the
  // address names no house.
  std::string house;
};

// Parses an address written as comma-separated parts. Town and region parts
// ("г. Москва", "Москва", "Московская обл.", "Ленинский р-н") and apartment
// parts ("кв. 3", "комн. 6") are skipped. The street is the first part with
// a street-type word (ул., улица, пер., пл., просп., пр-т, б-р, наб., ш.,
// проезд, пр., туп., аллея, линия, тракт, просек, спуск ...), else the first
// other part with letters that is not a settlement ("д. Ивановка",
// "пос. Сокол"). The house is the first part (other than the street) that
// starts with "д."/"дом"/"№" and a number, or is a bare number ("5", "12/2",
// "4а"); failing that, a number glued to the street ("Мясницкая 5",
// "ул. Мясницкая д. 5"), or "д. N" inside another part ("пос. Сокол д.14").
// A "корп."/"стр." part after the house joins it ("д.4, корп. 2" -> "4к2").
// A number that is an ordinal ("1-я", "4-й дом Советов") or a count
// ("1 чел.") is not a house.
//
// Returns nullopt when no street is found, when "text" is not valid UTF-8,
// and when it is longer than kMaxAddressBytes. Never throws.
std::optional<ParsedAddress> ParseAddress(std::string_view text);

// The street key of a street name, current or historic:
//  1. Parenthesised text is dropped ("(упраздн.)").
//  2. The words are normalised as names are (NormalizeNamePart: case folded,
//     ё -> е, Latin look-alikes inside Cyrillic words fixed, punctuation
//     dropped, hyphenated words kept whole).
//  3. Street-type words are dropped: ул улица пер переулок пл площадь
//     просп проспект пр-т пр-кт пр пр-д проезд б-р бул бульв бульвар наб
//     набережная ш шоссе туп тупик аллея линия тракт просек спуск. ("вал",
//     "мост", "слобода" are parts of names and stay.) When nothing else is
//     left, the words are kept.
//  4. Ordinals become their number: "1-я", "1-ая", "1-й", "3-е", "25-го",
//     and the words "первая" ... "десятый" -> "1" ... "10".
//  5. The modifiers Большой/Малый/Новый/Старый/Средний/Верхний/Нижний, in
//     any gender and abbreviated (Б., Бол., М., Мал., Нов., Ст., Ср.,
//     Верх., Ниж.), become "большой", "малый", "новый", "старый",
//     "средний", "верхний", "нижний"; a one-letter Б. or М. before a word
//     ending in -ого is an initial ("ул. М. Горького") and stays "б"/"м".
//  6. The words are joined by one space: the modifiers first, then the
//     ordinals, then the other words in their written order (this order
//     keeps the key idempotent: a second pass reads the ordinals' numbers
//     as plain words, already in front of the others). So the list
//     form "Бронная Б. ул." and the modern "Большая Бронная улица" both give
//     "большой бронная", "Гражданская 1-я ул." and "1-я Гражданская улица"
//     both "1 гражданская".
// Examples: "площадь Маяковского" -> "маяковского", "Авиамоторная  ул." ->
// "авиамоторная", "1-я Авиамоторная ул." -> "1 авиамоторная".
// Returns "" for invalid UTF-8, over-long input or a name without letters or
// digits.
std::string StreetKey(std::string_view street_name);

// The house key of a house as written: the marker ("д.", "дом", "№") is
// dropped, letters are folded to lower case Cyrillic (a Latin "a" suffix
// becomes "а"), spaces and periods go, a building ("корп.", "корпус", "к.")
// becomes "к" and a structure ("стр.", "строение", "с.") "с":
//   "д.1" -> "1", "д. 4а" -> "4а", "д. 4 А" -> "4а", "дом 12/2" -> "12/2",
//   "д.6-3" -> "6-3", "д.12 корп.2" -> "12к2", "4, корп. 2" -> "4к2",
//   "5 стр. 1" -> "5с1".
// Text after the house number that is none of these (", кв. 3") is ignored.
// When "house" does not start with its number, a "д. N" inside it counts
// ("пос. Войковец д.14" -> "14").
// Returns "" when "house" holds no house number ("д.??", "1-й", "").
std::string HouseKey(std::string_view house);

// True when "word" (normalised: lower case, ё -> е, no period) is one of
// the street-type words StreetKey drops: "ул", "улица", "пер", "пр-т" ...
bool IsStreetTypeWord(std::string_view word);

// The key of a building in place_names.norm: "<street key>|<house key>",
// e.g. "мясницкая|12к2".
std::string BuildingKey(std::string_view street_key, std::string_view house_key);

}  // namespace memoria::names

#endif  // MEMORIA_NAMES_ADDRESS_H_
