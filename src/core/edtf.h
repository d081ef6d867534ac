// Edtf is a date as the Extended Date/Time Format (ISO 8601-2:2019, levels 0
// and 1) writes it, with the earliest and latest calendar day it can denote,
// so that uncertain dates can be range-queried.
//
// Supported forms:
//   level 0: 1937, 1937-05, 1937-05-17, intervals 1937-10/1938-02
//   level 1: qualifiers 1899? (uncertain), 1899~ (approximate), 1899% (both),
//            unspecified digits 193X, 19XX, 1937-XX, 1937-05-XX,
//            open and unknown interval ends 1937/.., ../1938, 1937/, /1938,
//            negative calendar years are rejected (not needed by archives).
//
// Details of the accepted grammar (ISO 8601-2 level 1, read strictly):
//   - a year has four digits, 0001..9999; "X" may replace its last one or
//     two digits only (193X, 19XX), and then no month or day may follow;
//   - "XX" may stand for the month of a known year (1937-XX, 1937-XX-XX) or
//     for the day (1937-05-XX); 1937-XX-17 is level 2 and is rejected;
//   - one qualifier ?, ~ or % may end any single date, including each end
//     of an interval (1984?/2004-06~) and dates with unspecified digits;
//   - an interval has at least one date end; "" is an unknown end, ".." an
//     open one; both give the extreme day (kMinDay or kMaxDay) on that side;
//   - the empty text is the unknown date, so Parse("") == Edtf();
//   - seasons (2001-21), "Y" years, times and level 2 forms are rejected.
// Accepted text is already canonical: ToString() returns it unchanged.
//
// Days are encoded as integers yyyymmdd (19370517), which sort in calendar
// order. An empty Edtf (an unknown date) has earliest_day() == kMinDay and
// latest_day() == kMaxDay.
//
// Thread safety: a value type.
#ifndef MEMORIA_CORE_EDTF_H_
#define MEMORIA_CORE_EDTF_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace memoria {

class Edtf {
 public:
  static constexpr int32_t kMinDay = 10101;     // 0001-01-01
  static constexpr int32_t kMaxDay = 99991231;  // 9999-12-31

  // The unknown date.
  Edtf() = default;

  // Parses EDTF text. Returns kInvalidArgument with the offending text for
  // anything outside the forms above, including impossible days (1937-02-30)
  // and intervals whose start is after their end.
  static Result<Edtf> Parse(std::string_view text);

  // The single day y-m-d. REQUIRES: a valid calendar day.
  static Edtf Day(int year, int month, int day);

  bool empty() const { return text_.empty(); }

  // The canonical EDTF text; Parse(x.ToString()) == x. Empty for unknown.
  const std::string& ToString() const { return text_; }

  int32_t earliest_day() const { return earliest_; }
  int32_t latest_day() const { return latest_; }

  // True when the date's span has an uncertainty or approximation qualifier.
  bool uncertain() const { return uncertain_; }
  bool approximate() const { return approximate_; }
  bool is_interval() const { return interval_; }

  friend bool operator==(const Edtf& a, const Edtf& b) { return a.text_ == b.text_; }

 private:
  std::string text_;
  int32_t earliest_ = kMinDay;
  int32_t latest_ = kMaxDay;
  bool uncertain_ = false;
  bool approximate_ = false;
  bool interval_ = false;
};

// Converts a date of Memorial's victims database, "day.month.year" with "_"
// for an unknown part: "17.5.1938" -> 1938-05-17, "_.5.1939" -> 1939-05,
// "_._.1937" -> 1937, "None" or "" -> the empty Edtf. Leading zeros are
// accepted ("04.10.1938"), as is surrounding ASCII white space; "_._._" is
// also the empty Edtf. A known day in an unknown month ("17._.1938") cannot
// be written in level 1 and is rejected. Returns kInvalidArgument for
// anything else, including impossible days.
Result<Edtf> EdtfFromMemorialDate(std::string_view text);

// Converts a date written in Russian prose, as in biographies:
//   "7 марта 1932 г." -> 1932-03-07      "в июле 1998 г." -> 1998-07
//   "1937 г." / "1937" -> 1937           "17.05.1938" -> 1938-05-17
//   "март 1938" -> 1938-03               "1937-1938 гг." -> 1937/1938
//   "1937-38 гг." -> 1937/1938           "1930-е годы" -> 193X
//   "05.1938" -> 1938-05
// Month names in any case form (nominative, genitive, prepositional) and any
// letter case, with or without "г."/"года"/"году"/"гг.", optionally after
// "в"/"во". Hyphen, en dash and em dash all separate a range of years.
// Returns kInvalidArgument when the text is not a date. Surrounding
// whitespace (including no-break spaces) and a trailing period are ignored.
Result<Edtf> EdtfFromRussianText(std::string_view text);

}  // namespace memoria

#endif  // MEMORIA_CORE_EDTF_H_
