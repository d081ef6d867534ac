// The person search page: by name (hits with why each matched), by filters
// (birth years, birth place, an event and its dates), or by filters alone;
// query::FindPersons does the searching and counting.
#include <cstdio>

#include "core/text.h"
#include "names/names.h"
#include "query/query.h"
#include "search/match_reason.h"
#include "web/internal/pages.h"
#include "web/internal/pages_common.h"
#include "web/internal/url.h"

namespace memoria::web {
namespace {

using internal::Json;

// search::WhyText in the reader's language: "фамилия точно, имя по инициалу".
std::string WhyInLanguage(const RequestContext& ctx, const search::MatchReason& reason) {
  static const char* kHow[] = {"",         "why_exact",   "why_translit",
                               "why_edit", "why_initial", "why_prefix"};
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

// The model of hit "h", whose strings are moved into it.
Json HitModel(const RequestContext& ctx, query::PersonHit&& h) {
  store::PersonSummary& p = h.person;
  // Room for every key below (21): one more would copy the whole object,
  // its name and sources included, when its storage grows.
  Json j = ObjectWithRoom(24);
  j["person_id"] = p.id;
  j["url"] = ctx.Link("/person/" + std::to_string(p.id));
  j["score"] = h.score;
  j["score_text"] = FormatScore(h.score);
  j["has_score"] = h.score > 0;
  j["full"] = internal::JoinName(p.surname, p.given, p.patronymic);
  Json name = ObjectWithRoom(3);
  name["surname"] = std::move(p.surname);
  name["given"] = std::move(p.given);
  name["patronymic"] = std::move(p.patronymic);
  j["name"] = std::move(name);
  const bool has_birth = !p.birth.empty() || !h.facts.birth_place.empty();
  const bool has_death = !p.death.empty() || !h.facts.death_place.empty();
  std::string birth_human = internal::HumanDate(p.birth, ctx.lang);
  j["birth"] = std::move(p.birth);
  j["birth_human"] = std::move(birth_human);
  std::string death_human = internal::HumanDate(p.death, ctx.lang);
  std::string death_label = p.death_type.empty() ? "" : internal::DeathLabel(ctx, p.death_type);
  j["death"] = std::move(p.death);
  j["death_type"] = std::move(p.death_type);
  j["death_human"] = std::move(death_human);
  j["death_label"] = std::move(death_label);
  j["why"] = h.why.empty() ? std::string() : WhyInLanguage(ctx, h.reason);
  // What tells namesakes apart: places of birth and death, sources, records.
  j["birth_place"] = std::move(h.facts.birth_place);
  j["death_place"] = std::move(h.facts.death_place);
  Json sources = Json::array();
  for (store::HitSource& s : h.facts.sources) {
    Json source = ObjectWithRoom(4);
    source["source_id"] = s.source_id;
    source["source_key"] = std::move(s.key);
    source["source_title"] = std::move(s.title);
    source["url"] = ctx.Link("/sources/" + std::to_string(s.source_id));
    sources.push_back(std::move(source));
  }
  j["has_sources"] = !sources.empty();
  j["sources"] = std::move(sources);
  j["records"] = h.facts.records;
  j["has_birth"] = has_birth;
  j["has_death"] = has_death;
  return j;
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
  filters_open = filters_open || ctx.Param("exact") == "1";
  // "exact=1": exact spelling or transliteration only (no typos, no
  // phonetic variants).
  const bool exact = ctx.Param("exact") == "1";
  filter["exact"] = exact;
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

  // The filters, in the grammar the command line shares (query/dates.h).
  query::PersonQuery pq;
  pq.name = query;
  if (!ctx.Param("born").empty()) {
    Result<query::YearRange> born = query::ParseYearRange(ctx.Param("born"));
    if (!born.ok()) return ErrorModel(ctx, 400, ctx.t().Get("msg_bad_born"));
    pq.born = *born;
  }
  pq.place = ctx.Param("place");
  pq.exact = exact;
  if (!event.empty() && !internal::IsEventType(event)) {
    return ErrorModel(ctx, 400, ctx.t().Get("msg_bad_event"));
  }
  pq.event_type = event;
  Result<query::DayRange> days = query::ParseDayRange(ctx.Param("from"), ctx.Param("to"));
  if (!days.ok()) return ErrorModel(ctx, 400, ctx.t().Get("msg_bad_date"));
  pq.event_days = *days;
  const bool by_name = !CollapseSpace(query).empty();
  // A place alone selects no one (query::FindPersons): it asks for a name.
  const bool by_filters = !pq.born.empty() || !pq.event_type.empty() || !pq.event_days.open();
  if (!by_name && !by_filters) {
    m["empty_query"] = true;
    return page;
  }
  const int64_t offset = (ctx.page - 1) * kResultsPerPage;
  pq.offset = offset;
  pq.limit = kResultsPerPage;
  Result<query::PersonResult> result = query::FindPersons(ctx.reader, pq);
  if (!result.ok()) {
    // A name without letters or digits (the search's own rule,
    // names::NormalizedWords) is refused in the visitor's language. Asked
    // only of a refused query: the words were normalised by the search.
    if (by_name && names::NormalizedWords(query).empty()) {
      return ErrorModel(ctx, 400, ctx.t().Get("msg_no_letters"));
    }
    return StatusModel(ctx, result.status());
  }
  m["searched"] = true;
  m["total"] = result->total;
  m["total_is_lower_bound"] = result->total_is_lower_bound;
  Json hits = Json::array();
  hits.get_ref<Json::array_t&>().reserve(result->hits.size());
  for (query::PersonHit& h : result->hits) hits.push_back(HitModel(ctx, std::move(h)));
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
  if (exact) base += "&exact=1";
  m["pager"] = internal::PaginationModel(ctx, base, ctx.page, ctx.page < pages, pages);
  return page;
}

}  // namespace memoria::web
