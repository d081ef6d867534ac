// The political-prisoners list: filters, sorts, monthly figures, tallies
// and birthdays (cases.h).
#include <algorithm>
#include <chrono>
#include <map>
#include <unordered_map>

#include "cases/cases.h"
#include "core/text.h"
#include "names/names.h"

namespace memoria::cases {

namespace {

// Case folded, ё as е: how regions and groups are compared.
std::string Fold(std::string_view s) {
  std::string f = FoldCase(CollapseSpace(s));
  std::string out;
  out.reserve(f.size());
  for (size_t i = 0; i < f.size(); ++i) {
    if (i + 1 < f.size() && static_cast<unsigned char>(f[i]) == 0xD1 &&
        static_cast<unsigned char>(f[i + 1]) == 0x91) {
      out += "е";
      ++i;
    } else {
      out.push_back(f[i]);
    }
  }
  return out;
}

bool ArticleMatches(const std::vector<std::string>& normals, const std::string& want) {
  for (const std::string& n : normals) {
    if (n == want ||
        (n.size() > want.size() && n.compare(0, want.size(), want) == 0 && n[want.size()] == ' ')) {
      return true;
    }
  }
  return false;
}

std::string FullName(const store::PrisonerRow& r) {
  std::string s = r.surname;
  for (const std::string* p : {&r.given, &r.patronymic}) {
    if (p->empty()) continue;
    if (!s.empty()) s += ' ';
    s += *p;
  }
  return s;
}

int32_t MonthOf(int32_t day) { return day / 100; }

int32_t NextMonth(int32_t m) { return m % 100 == 12 ? (m / 100 + 1) * 100 + 1 : m + 1; }

// +1 at the month an interval opens, -1 at the month after it closes.
void AddInterval(std::map<int32_t, int64_t>* delta, int32_t from_day, int32_t to_day) {
  (*delta)[MonthOf(from_day)] += 1;
  if (to_day > 0) (*delta)[MonthOf(to_day)] -= 1;
}

// The intervals during which "history" holds a value that "in" accepts.
template <typename Pred>
void Intervals(const std::vector<store::DatedValue>& history, Pred in,
               std::map<int32_t, int64_t>* delta) {
  int32_t open = 0;
  for (const store::DatedValue& v : history) {
    if (v.day <= 0) continue;
    const bool now_in = in(v.value);
    if (now_in && open == 0) open = v.day;
    if (!now_in && open != 0) {
      // Closed at the change: counted up to the month before it, when the
      // change falls in a later month; a change within the same month
      // leaves nothing for that month's end.
      AddInterval(delta, open, v.day);
      open = 0;
    }
  }
  if (open != 0) AddInterval(delta, open, 0);
}

// The intervals during which a person is on the list: their newest
// assessment recognises them and their newest status does not say they are
// free, gone or dead.
void ListedIntervals(const store::PrisonerRow& r, std::map<int32_t, int64_t>* delta) {
  struct Change {
    int32_t day;
    bool status;
    const std::string* value;
  };
  std::vector<Change> changes;
  for (const store::DatedValue& v : r.statuses) {
    if (v.day > 0) changes.push_back({v.day, true, &v.value});
  }
  for (const store::DatedValue& v : r.assessments) {
    if (v.day > 0) changes.push_back({v.day, false, &v.value});
  }
  std::stable_sort(changes.begin(), changes.end(),
                   [](const Change& a, const Change& b) { return a.day < b.day; });
  std::string_view status, assessment;
  int32_t open = 0;
  for (size_t i = 0; i < changes.size(); ++i) {
    (changes[i].status ? status : assessment) = *changes[i].value;
    if (i + 1 < changes.size() && changes[i + 1].day == changes[i].day) continue;
    const bool listed =
        Recognised(assessment) && status != "released" && status != "emigrated" && status != "died";
    if (listed && open == 0) open = changes[i].day;
    if (!listed && open != 0) {
      AddInterval(delta, open, changes[i].day);
      open = 0;
    }
  }
  if (open != 0) AddInterval(delta, open, 0);
}

}  // namespace

bool Listed(const store::PrisonerRow& row) {
  const std::string_view status = CurrentStatus(row);
  return Recognised(CurrentAssessment(row)) && status != "released" && status != "emigrated" &&
         status != "died";
}

std::string_view CurrentStatus(const store::PrisonerRow& row) {
  return row.statuses.empty() ? std::string_view() : std::string_view(row.statuses.back().value);
}

std::string_view CurrentAssessment(const store::PrisonerRow& row) {
  return row.assessments.empty() ? std::string_view()
                                 : std::string_view(row.assessments.back().value);
}

Status CheckFilter(const ListFilter& f) {
  if (!f.assessment.empty() && f.assessment != "all" && !IsAssessment(f.assessment)) {
    return InvalidArgumentError(
        "assessment must be one of political_prisoner, "
        "politically_persecuted, under_review, not_included, all");
  }
  if (!f.status.empty() && !IsStatus(f.status)) {
    return InvalidArgumentError(
        "status must be one of detained, house_arrest, restricted, "
        "sentenced, in_custody, released, emigrated, died, unknown");
  }
  if (!f.article.empty()) {
    Result<store::ArticleFact> a = ParseArticle(f.article);
    if (!a.ok()) return InvalidArgumentError("article: " + a.status().message());
  }
  if (f.sort != "name" && f.sort != "detained" && f.sort != "sentence") {
    return InvalidArgumentError("sort must be name, detained or sentence");
  }
  if (f.year != 0 && (f.year < 1900 || f.year > 2999)) {
    return InvalidArgumentError("year must be a year such as 2022");
  }
  return Status();
}

ListIndex::ListIndex(std::span<const store::PrisonerRow> rows) : rows_(rows) {
  region_.reserve(rows.size());
  group_.reserve(rows.size());
  std::vector<std::pair<std::string, uint32_t>> keys;
  keys.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    region_.push_back(Fold(rows[i].region));
    group_.push_back(Fold(rows[i].case_group));
    keys.emplace_back(names::CollationKey(FullName(rows[i])), static_cast<uint32_t>(i));
  }
  std::stable_sort(keys.begin(), keys.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  name_rank_.resize(rows.size());
  for (size_t r = 0; r < keys.size(); ++r) name_rank_[keys[r].second] = static_cast<uint32_t>(r);
}

std::vector<const store::PrisonerRow*> FilterPrisoners(const ListIndex& index,
                                                       const ListFilter& f) {
  std::string article;
  if (!f.article.empty()) {
    Result<store::ArticleFact> a = ParseArticle(f.article);
    if (a.ok()) article = a->normal;
  }
  const std::string region = f.region.empty() ? "" : Fold(f.region);
  const std::string group = f.case_group.empty() ? "" : Fold(f.case_group);
  std::vector<uint32_t> hits;
  const std::span<const store::PrisonerRow> rows = index.rows_;
  for (size_t i = 0; i < rows.size(); ++i) {
    const store::PrisonerRow& r = rows[i];
    if (f.assessment.empty()) {
      if (!Listed(r)) continue;
    } else if (f.assessment != "all" && CurrentAssessment(r) != f.assessment) {
      continue;
    }
    if (!f.status.empty() && CurrentStatus(r) != f.status) continue;
    if (!region.empty() && index.region_[i] != region) continue;
    if (!group.empty() && index.group_[i] != group) continue;
    if (!article.empty() && !ArticleMatches(r.articles, article)) continue;
    if (f.year != 0 && r.detained_day / 10000 != f.year) continue;
    hits.push_back(static_cast<uint32_t>(i));
  }
  if (f.sort == "detained") {
    std::stable_sort(hits.begin(), hits.end(), [&](uint32_t a, uint32_t b) {
      return rows[a].detained_day > rows[b].detained_day;
    });
  } else if (f.sort == "sentence") {
    std::stable_sort(hits.begin(), hits.end(), [&](uint32_t a, uint32_t b) {
      return rows[a].sentence_months > rows[b].sentence_months;
    });
  } else {
    std::sort(hits.begin(), hits.end(), [&](uint32_t a, uint32_t b) {
      return index.name_rank_[a] < index.name_rank_[b];
    });
  }
  std::vector<const store::PrisonerRow*> out;
  out.reserve(hits.size());
  for (uint32_t i : hits) out.push_back(&rows[i]);
  return out;
}

std::vector<const store::PrisonerRow*> FilterPrisoners(std::span<const store::PrisonerRow> rows,
                                                       const ListFilter& filter) {
  return FilterPrisoners(ListIndex(rows), filter);
}

std::vector<MonthFigures> MonthlyFigures(std::span<const store::PrisonerRow> rows,
                                         int32_t last_month) {
  std::map<int32_t, int64_t> recognised, custody;
  std::map<int32_t, int64_t> released;
  int32_t first = 0;
  for (const store::PrisonerRow& r : rows) {
    ListedIntervals(r, &recognised);
    Intervals(r.statuses, InCustody, &custody);
    for (const store::DatedValue& v : r.statuses) {
      if (v.day <= 0) continue;
      if (first == 0 || MonthOf(v.day) < first) first = MonthOf(v.day);
      if (v.value == "released") released[MonthOf(v.day)] += 1;
    }
    for (const store::DatedValue& v : r.assessments) {
      if (v.day > 0 && (first == 0 || MonthOf(v.day) < first)) first = MonthOf(v.day);
    }
  }
  std::vector<MonthFigures> out;
  if (first == 0 || last_month < first) return out;
  int64_t rec = 0, cus = 0;
  for (int32_t m = first; m <= last_month; m = NextMonth(m)) {
    if (auto it = recognised.find(m); it != recognised.end()) rec += it->second;
    if (auto it = custody.find(m); it != custody.end()) cus += it->second;
    int64_t rel = 0;
    if (auto it = released.find(m); it != released.end()) rel = it->second;
    out.push_back({m, rec, cus, rel});
    if (out.size() > 2400) break;  // two centuries: a stray date, not a history
  }
  return out;
}

namespace {

std::vector<Tally> Top(std::unordered_map<std::string, int64_t> counts, size_t limit) {
  std::vector<Tally> out;
  out.reserve(counts.size());
  for (auto& [k, n] : counts) out.push_back({k, n});
  std::sort(out.begin(), out.end(), [](const Tally& a, const Tally& b) {
    return a.count != b.count ? a.count > b.count : a.key < b.key;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

bool OnCurrentList(const store::PrisonerRow& r) {
  return Recognised(CurrentAssessment(r)) && InCustody(CurrentStatus(r));
}

}  // namespace

std::vector<Tally> ByArticle(std::span<const store::PrisonerRow> rows, size_t limit) {
  std::unordered_map<std::string, int64_t> counts;
  for (const store::PrisonerRow& r : rows) {
    if (!OnCurrentList(r)) continue;
    std::vector<std::string> seen;
    for (const std::string& n : r.articles) {
      // Counted by article, all parts together.
      std::string article = n.substr(0, n.find(" ч."));
      if (std::find(seen.begin(), seen.end(), article) != seen.end()) continue;
      seen.push_back(article);
      counts[article] += 1;
    }
  }
  return Top(std::move(counts), limit);
}

std::vector<Tally> ByRegion(std::span<const store::PrisonerRow> rows, size_t limit) {
  std::unordered_map<std::string, int64_t> counts;
  for (const store::PrisonerRow& r : rows) {
    if (OnCurrentList(r) && !r.region.empty()) counts[r.region] += 1;
  }
  return Top(std::move(counts), limit);
}

int32_t AddDays(int32_t day, int n) {
  using namespace std::chrono;
  const year_month_day ymd{year{day / 10000}, month{static_cast<unsigned>(day / 100 % 100)},
                           std::chrono::day{static_cast<unsigned>(day % 100)}};
  if (!ymd.ok()) return 0;
  const year_month_day out{sys_days{ymd} + days{n}};
  return static_cast<int32_t>(int{out.year()}) * 10000 +
         static_cast<int32_t>(unsigned{out.month()}) * 100 +
         static_cast<int32_t>(unsigned{out.day()});
}

std::vector<Birthday> UpcomingBirthdays(std::span<const store::PrisonerRow> rows, int32_t today,
                                        int days) {
  std::vector<Birthday> out;
  const int32_t last = AddDays(today, days - 1);
  if (last == 0 || days <= 0) return out;
  for (const store::PrisonerRow& r : rows) {
    if (!OnCurrentList(r) || r.birth.size() != 10) continue;
    Result<Edtf> birth = Edtf::Parse(r.birth);
    if (!birth.ok() || birth->earliest_day() != birth->latest_day()) continue;
    const int32_t b = birth->earliest_day();
    for (int year : {today / 10000, today / 10000 + 1}) {
      int32_t day = year * 10000 + b % 10000;
      if (b % 10000 == 229 && AddDays(day, 0) == 0) day = year * 10000 + 228;
      if (day >= today && day <= last) {
        out.push_back({&r, day, year - b / 10000});
        break;
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const Birthday& a, const Birthday& b) {
    return a.day != b.day ? a.day < b.day : a.row->person_id < b.row->person_id;
  });
  return out;
}

}  // namespace memoria::cases
