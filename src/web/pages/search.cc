// The name search page: hits with why each matched, filtered by birth year,
// place and event.
#include "search/search.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "core/text.h"
#include "names/names.h"
#include "web/internal/pages.h"
#include "web/internal/pages_common.h"
#include "web/internal/url.h"

namespace memoria::web {
namespace {

using internal::Json;

// search::WhyText in the reader's language: "фамилия точно, имя по инициалу".
std::string WhyInLanguage(const RequestContext& ctx, const search::MatchReason& reason) {
  static const char* kHow[] = {"", "why_exact", "why_translit", "why_edit", "why_initial"};
  const internal::Catalog& t = ctx.t();
  std::string text;
  auto field = [&](const char* key, search::MatchHow how) {
    if (how == search::MatchHow::kNone) return;
    if (!text.empty()) text += ", ";
    text += t.Get(key);
    text += ' ';
    text += t.Get(kHow[static_cast<int>(how)]);
  };
  field("why_surname", reason.surname);
  field("why_given", reason.given);
  field("why_patronymic", reason.patronymic);
  if (reason.reordered) text += "; " + t.Get("why_reordered");
  if (reason.alternative) text += "; " + t.Get("why_alternative");
  return text;
}

std::string FormatScore(double score) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", score);
  return buf;
}

// "1899" or "1890..1900" into options; false when malformed.
bool ParseBorn(const std::string& born, search::SearchOptions* options) {
  if (born.empty()) return true;
  int a = 0, b = 0;
  char tail = 0;
  if (std::sscanf(born.c_str(), "%d..%d%c", &a, &b, &tail) == 2) {
  } else if (std::sscanf(born.c_str(), "%d%c", &a, &tail) == 1) {
    b = a;
  } else {
    return false;
  }
  if (a < 1 || b < a || b > 9999) return false;
  options->born_from = a;
  options->born_to = b;
  return true;
}

// The page of hits at "offset". With an event filter, the filter applies to
// the best matches by name (search::kMaxLimit of them).
Result<search::SearchResult> RunSearch(const RequestContext& ctx, search::SearchOptions options,
                                       std::pair<int32_t, int32_t> days, int64_t offset) {
  const std::string& query = ctx.Param("q");
  const std::string& event = ctx.Param("event");
  if (event.empty() && ctx.Param("from").empty() && ctx.Param("to").empty()) {
    options.limit = kResultsPerPage;
    options.offset = static_cast<int>(std::min<int64_t>(offset, 1'000'000'000));
    return search::Search(ctx.reader, query, options);
  }
  options.limit = search::kMaxLimit;
  MEMORIA_ASSIGN_OR_RETURN(search::SearchResult result,
                           search::Search(ctx.reader, query, options));
  std::vector<int64_t> ids;
  for (const search::Hit& h : result.hits) ids.push_back(h.person_id);
  MEMORIA_ASSIGN_OR_RETURN(std::vector<int64_t> kept,
                           ctx.reader->FilterByEvent(ids, event, days.first, days.second));
  std::set<int64_t> keep(kept.begin(), kept.end());
  std::erase_if(result.hits, [&](const search::Hit& h) { return !keep.contains(h.person_id); });
  result.total = static_cast<int64_t>(result.hits.size());
  if (offset >= result.total) {
    result.hits.clear();
  } else {
    result.hits.erase(result.hits.begin(), result.hits.begin() + offset);
    if (result.hits.size() > static_cast<size_t>(kResultsPerPage)) {
      result.hits.resize(kResultsPerPage);
    }
  }
  return result;
}

Json HitModel(const RequestContext& ctx, const search::Hit& h) {
  return {{"person_id", h.person_id},
          {"url", ctx.Link("/person/" + std::to_string(h.person_id))},
          {"score", h.score},
          {"score_text", FormatScore(h.score)},
          {"full", internal::JoinName(h.surname, h.given, h.patronymic)},
          {"name", {{"surname", h.surname}, {"given", h.given}, {"patronymic", h.patronymic}}},
          {"birth", h.birth},
          {"birth_human", internal::HumanDate(h.birth, ctx.lang)},
          {"why", h.why.empty() ? std::string() : WhyInLanguage(ctx, h.reason)}};
}

constexpr const char* kFilters[] = {"born", "place", "event", "from", "to"};

}  // namespace

Page SearchPage(const RequestContext& ctx) {
  Page page;
  page.view = "search";
  page.title = ctx.t().Get("search_title");
  Json& m = page.model;
  const std::string& query = ctx.Param("q");
  const std::string& event = ctx.Param("event");
  m["query"] = query;
  m["with_filters"] = true;
  Json filter = Json::object();
  bool filters_open = false;
  for (const char* key : kFilters) {
    filter[key] = ctx.Param(key);
    filters_open = filters_open || !ctx.Param(key).empty();
  }
  m["filter"] = std::move(filter);
  m["filters_open"] = filters_open;
  Json types = Json::array();
  for (std::string_view type : internal::kEventTypes) {
    types.push_back({{"code", type},
                     {"label", ctx.t().Get("ev_" + std::string(type))},
                     {"selected", event == type}});
  }
  m["event_types"] = std::move(types);
  if (!query.empty()) page.title += ": " + query;

  search::SearchOptions options;
  if (!ParseBorn(ctx.Param("born"), &options)) {
    return ErrorModel(ctx, 400, ctx.t().Get("msg_bad_born"));
  }
  options.place = ctx.Param("place");
  if (!event.empty() && !internal::IsEventType(event)) {
    return ErrorModel(ctx, 400, ctx.t().Get("msg_bad_event"));
  }
  std::optional<std::pair<int32_t, int32_t>> days =
      internal::DayRange(ctx.Param("from"), ctx.Param("to"));
  if (!days.has_value()) return ErrorModel(ctx, 400, ctx.t().Get("msg_bad_date"));
  if (CollapseSpace(query).empty()) {
    m["empty_query"] = true;
    return page;
  }
  // The search's own rule (names::NormalizedWords), checked here to say it
  // in the visitor's language.
  if (names::NormalizedWords(query).empty()) {
    return ErrorModel(ctx, 400, ctx.t().Get("msg_no_letters"));
  }
  const int64_t offset = (ctx.page - 1) * kResultsPerPage;
  Result<search::SearchResult> result = RunSearch(ctx, options, *days, offset);
  if (!result.ok()) return StatusModel(ctx, result.status());
  m["searched"] = true;
  m["total"] = result->total;
  Json hits = Json::array();
  for (const search::Hit& h : result->hits) hits.push_back(HitModel(ctx, h));
  m["has_hits"] = !hits.empty();
  m["first"] = offset + 1;
  m["last"] = offset + static_cast<int64_t>(hits.size());
  m["hits"] = std::move(hits);
  const int64_t pages = (result->total + kResultsPerPage - 1) / kResultsPerPage;
  std::string base = "/search?q=" + internal::UrlEncode(query);
  for (const char* key : kFilters) {
    const std::string& value = ctx.Param(key);
    if (!value.empty()) base += std::string("&") + key + "=" + internal::UrlEncode(value);
  }
  m["pager"] = internal::PaginationModel(ctx, base, ctx.page, ctx.page < pages, pages);
  return page;
}

}  // namespace memoria::web
