// cases/ is the model of documented persecution as it happens: a case (a
// prosecution) under articles of a criminal code, the persons involved, the
// dated status and places of detention of the prosecuted, an
// organisation's assessment ("political prisoner", ...), and the
// publications (statements, news) that speak of them. The rows live in the
// store (store/cases.h); this module holds what is not storage: reading
// articles and sentences as lists write them, the value sets, the
// political-prisoners list's filters, sorts, figures and birthdays, and the
// Markdown subset publications are written in (markdown.h).
//
// docs/formats/prisoners.md describes the import format and the values.
//
// Thread safety: pure functions of their arguments.
#ifndef MEMORIA_CASES_CASES_H_
#define MEMORIA_CASES_CASES_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/cases.h"

namespace memoria::cases {

// The statuses of a prosecuted person, in the order of the format.
inline constexpr std::string_view kStatuses[] = {"detained",  "house_arrest", "restricted",
                                                 "sentenced", "in_custody",   "released",
                                                 "emigrated", "died",         "unknown"};
// An organisation's assessments of a person's prosecution.
inline constexpr std::string_view kAssessments[] = {"political_prisoner", "politically_persecuted",
                                                    "under_review", "not_included"};
bool IsStatus(std::string_view s);
bool IsAssessment(std::string_view s);
// detained, sentenced, in_custody: behind bars (the chart's "in custody"
// and the list's "write a letter").
bool InCustody(std::string_view status);
// political_prisoner, politically_persecuted: on the list.
bool Recognised(std::string_view assessment);

// Limits of the article reader.
inline constexpr size_t kMaxArticlesText = 1000;  // bytes of one "articles" field
inline constexpr size_t kMaxArticles = 32;        // articles in one field

// Reads one article reference as lists write it, in Russian or English:
//   "205.2 ч.2", "ст. 205.2 ч. 2 УК РФ", "ч. 2 ст. 205.2 УК РФ",
//   "п. «а» ч. 2 ст. 105", "282.2 ч.1.1", "art. 205.2 part 2",
//   "Criminal Code of the Russian Federation, art. 205.2 part 2",
//   "20.3.3 КоАП", "ст. 342 ч. 1 УК РБ".
// Fills country (RU; BY for "УК РБ"), code (UK; KoAP), article, part,
// point, the normal form ("205.2 ч.2", "105 ч.2 п.а", "КоАП 20.3.3 ч.1") and
// the text as written. Returns kInvalidArgument, naming the word, for a
// word it does not know, no article number, a number where none belongs, or
// text over kMaxArticlesText bytes.
Result<store::ArticleFact> ParseArticle(std::string_view text);
// A ";"-separated list of articles (empty items skipped). kInvalidArgument
// for a bad item (naming it) or more than kMaxArticles items.
Result<std::vector<store::ArticleFact>> ParseArticles(std::string_view text);

// A sentence as written ("6 лет колонии общего режима", "3 года 6 месяцев
// условно", "5 years in a strict-regime colony", "штраф 500 000 руб."):
// its term in months (-1 when it names none) and its kind (general_colony,
// strict_colony, special_colony, settlement_colony, prison, suspended,
// forced_labour, restriction, fine, compulsory_treatment; "" when unknown).
struct Sentence {
  int64_t months = -1;
  std::string kind;
};
Sentence ParseSentence(std::string_view text);

// ---- The list.

// The current values of a prisoner: the last of each history ("" none).
std::string_view CurrentStatus(const store::PrisonerRow& row);
std::string_view CurrentAssessment(const store::PrisonerRow& row);

// On the current list: the newest assessment recognises the person
// (political_prisoner, politically_persecuted) and the newest status is not
// released, emigrated or died.
bool Listed(const store::PrisonerRow& row);

struct ListFilter {
  // "" (default): the current list (Listed); "all": everyone with an
  // assessment or status; else one value of kAssessments, whatever the
  // status.
  std::string assessment;
  std::string status;         // one value of kStatuses, or ""
  std::string region;         // whole region name, case and ё/е ignored
  std::string article;        // an article as ParseArticle reads it: "205.2" takes every part
  std::string case_group;     // whole group name, case and ё/е ignored
  int year = 0;               // year detained; 0: any
  std::string sort = "name";  // name | detained (newest first) | sentence (longest first)
};
// Checks a filter's values; kInvalidArgument naming the bad one.
Status CheckFilter(const ListFilter& filter);
// What filtering and sorting need of each row, computed once for a list
// (the folded region and group, the rank of the name in Russian collation),
// so that a request costs a scan of the rows and no text folding.
// "rows" must outlive the index.
class ListIndex {
 public:
  explicit ListIndex(std::span<const store::PrisonerRow> rows);
  std::span<const store::PrisonerRow> rows() const { return rows_; }

 private:
  friend std::vector<const store::PrisonerRow*> FilterPrisoners(const ListIndex& index,
                                                                const ListFilter& filter);
  std::span<const store::PrisonerRow> rows_;
  std::vector<std::string> region_, group_;  // folded, per row
  std::vector<uint32_t> name_rank_;          // per row
};

// The rows that pass "filter", in its order. The pointers point into the
// index's rows.
std::vector<const store::PrisonerRow*> FilterPrisoners(const ListIndex& index,
                                                       const ListFilter& filter);
// The same, building the index for one call.
std::vector<const store::PrisonerRow*> FilterPrisoners(std::span<const store::PrisonerRow> rows,
                                                       const ListFilter& filter);

// Counts at the end of each month (yyyymm) from the first dated change to
// "last_month": persons on the list (their newest assessment recognises
// them and their newest status is not released, emigrated or died), persons
// in custody, and persons released during the month.
struct MonthFigures {
  int32_t month = 0;
  int64_t recognised = 0, in_custody = 0, released = 0;
};
std::vector<MonthFigures> MonthlyFigures(std::span<const store::PrisonerRow> rows,
                                         int32_t last_month);

// Persons of the current list (recognised, in custody) per article or
// region, most first, at most "limit".
struct Tally {
  std::string key;
  int64_t count = 0;
};
std::vector<Tally> ByArticle(std::span<const store::PrisonerRow> rows, size_t limit);
std::vector<Tally> ByRegion(std::span<const store::PrisonerRow> rows, size_t limit);

// Recognised persons in custody whose birthday (from a birth date known to
// the day) falls within "days" days from "today" (yyyymmdd), today
// included; soonest first. A birthday of 29 February is kept on 28
// February in other years.
struct Birthday {
  const store::PrisonerRow* row = nullptr;
  int32_t day = 0;  // the coming birthday, yyyymmdd
  int age = 0;      // the age reached that day
};
std::vector<Birthday> UpcomingBirthdays(std::span<const store::PrisonerRow> rows, int32_t today,
                                        int days);

// yyyymmdd of "day" plus "n" days (n >= 0); 0 for an invalid day.
int32_t AddDays(int32_t day, int n);

}  // namespace memoria::cases

#endif  // MEMORIA_CASES_CASES_H_
