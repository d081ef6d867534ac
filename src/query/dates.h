// The grammar of the year and date ranges a person search takes, shared by
// the command line (memoria search --born) and the website (?born=, ?from=,
// ?to=), so that both accept exactly the same text.
//
//   year range := YEAR | YEAR ".." YEAR | ".." YEAR | YEAR ".."
//   YEAR       := 1 to 4 ASCII digits, 1..9999
//
// "1899" is the year 1899, "1890..1900" both ends included, "..1900" up to
// 1900, "1900.." from 1900 on. Spaces around the text are ignored; nothing
// else is accepted ("1890-1900" is not: a hyphen reads like a date).
//
// Thread safety: pure functions.
#ifndef MEMORIA_QUERY_DATES_H_
#define MEMORIA_QUERY_DATES_H_

#include <cstdint>
#include <string_view>

#include "core/edtf.h"
#include "core/result.h"

namespace memoria::query {

// Years from..to, both included; an open end is 1 or 9999.
struct YearRange {
  int from = 0, to = 0;  // 0 and 0: no range (no filter)
  bool empty() const { return from == 0 && to == 0; }
  // The range in days (yyyymmdd): from's 1 January to to's 31 December.
  int32_t from_day() const { return from * 10000 + 101; }
  int32_t to_day() const { return to * 10000 + 1231; }
};

// Parses "text" by the grammar above. Returns kInvalidArgument, with a
// message quoting the text and naming the grammar, for empty text, text
// outside the grammar, a year outside 1..9999, or a range whose start is
// after its end ("1900..1890").
Result<YearRange> ParseYearRange(std::string_view text);

// Days from_day..to_day (yyyymmdd), both included.
struct DayRange {
  int32_t from_day = Edtf::kMinDay, to_day = Edtf::kMaxDay;
  bool open() const { return from_day == Edtf::kMinDay && to_day == Edtf::kMaxDay; }
};

// The days from "from"'s earliest to "to"'s latest, each an EDTF day, month
// or year ("1937", "1937-08", "1937-08-05"); an empty one leaves its end
// open. Returns kInvalidArgument for text that is not such a date (an
// interval, an unknown date) or when "from" is after "to".
Result<DayRange> ParseDayRange(std::string_view from, std::string_view to);

}  // namespace memoria::query

#endif  // MEMORIA_QUERY_DATES_H_
