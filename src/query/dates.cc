#include "query/dates.h"

#include <string>

#include "core/text.h"

namespace memoria::query {
namespace {

constexpr const char* kGrammar = "a year or a range: 1899, 1890..1900, ..1900 or 1900..";

Status BadYears(std::string_view text, std::string_view why) {
  return InvalidArgumentError("'" + std::string(text) + "' is not " + kGrammar + " (" +
                              std::string(why) + ")");
}

// 1 to 4 ASCII digits, 1..9999; -1 when "t" is not such a year.
int Year(std::string_view t) {
  if (t.empty() || t.size() > 4) return -1;
  int v = 0;
  for (char c : t) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v >= 1 ? v : -1;
}

}  // namespace

Result<YearRange> ParseYearRange(std::string_view text) {
  const std::string trimmed = CollapseSpace(text);
  std::string_view t = trimmed;
  if (t.empty()) return BadYears(text, "empty");
  YearRange r;
  const size_t dots = t.find("..");
  if (dots == std::string_view::npos) {
    r.from = r.to = Year(t);
    if (r.from < 0) return BadYears(text, "not a year from 1 to 9999");
    return r;
  }
  const std::string_view a = t.substr(0, dots), b = t.substr(dots + 2);
  if (a.empty() && b.empty()) return BadYears(text, "no year");
  r.from = a.empty() ? 1 : Year(a);
  r.to = b.empty() ? 9999 : Year(b);
  if (r.from < 0 || r.to < 0) return BadYears(text, "not a year from 1 to 9999");
  if (r.from > r.to) return BadYears(text, "the first year is after the second");
  return r;
}

Result<DayRange> ParseDayRange(std::string_view from, std::string_view to) {
  DayRange r;
  for (auto [text, end] : {std::pair{from, &r.from_day}, std::pair{to, &r.to_day}}) {
    if (text.empty()) continue;
    Result<Edtf> d = Edtf::Parse(text);
    if (!d.ok() || d->is_interval() || d->empty()) {
      return InvalidArgumentError("'" + std::string(text) +
                                  "' is not a date (1937, 1937-08 or 1937-08-05)");
    }
    *end = end == &r.from_day ? d->earliest_day() : d->latest_day();
  }
  if (r.from_day > r.to_day) {
    return InvalidArgumentError("the date range " + std::string(from) + ".." + std::string(to) +
                                " is empty");
  }
  return r;
}

}  // namespace memoria::query
