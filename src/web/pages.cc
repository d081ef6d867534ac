// The handlers: each builds a page's model from the public Reader. Models
// are JSON objects whose keys the templates and the API share
// (docs/WEBSITE.md).
#include "web/internal/pages.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/edtf.h"
#include "core/text.h"
#include "export/export.h"
#include "names/names.h"
#include "search/search.h"
#include "web/internal/url.h"

namespace memoria::web {
namespace {

using Json = nlohmann::ordered_json;
using internal::Lang;

// Event types a visitor may filter or browse by.
constexpr std::string_view kEventTypes[] = {"birth",     "arrest", "trial",          "sentence",
                                            "execution", "death",  "rehabilitation", "release"};

// The Russian alphabet as surnames start (no ъ, ь, ы).
constexpr std::string_view kLetters[] = {"А", "Б", "В", "Г", "Д", "Е", "Ж", "З", "И", "Й",
                                         "К", "Л", "М", "Н", "О", "П", "Р", "С", "Т", "У",
                                         "Ф", "Х", "Ц", "Ч", "Ш", "Щ", "Э", "Ю", "Я"};

constexpr int64_t kMaxPageNumber = 1'000'000'000 / kResultsPerPage;

std::string JoinName(std::string_view surname, std::string_view given,
                     std::string_view patronymic) {
  std::string out;
  for (std::string_view part : {surname, given, patronymic}) {
    if (part.empty()) continue;
    if (!out.empty()) out.push_back(' ');
    out.append(part);
  }
  return out;
}

std::string Param(const RequestContext& ctx, std::string_view name) {
  return internal::QueryParam(ctx.query, name).value_or("");
}

// Parses "page" (1 when absent). nullopt for anything but 1..max.
std::optional<int64_t> PageParam(const RequestContext& ctx) {
  std::optional<std::string> text = internal::QueryParam(ctx.query, "page");
  if (!text.has_value() || text->empty()) return 1;
  std::optional<int64_t> page = internal::ParsePositiveId(*text);
  if (!page.has_value() || *page > kMaxPageNumber) return std::nullopt;
  return page;
}

Page BadPage(const RequestContext& ctx) {
  return ErrorModel(ctx, 400, ctx.t().Format("msg_bad_page", {std::to_string(kMaxPageNumber)}));
}

// A day range from "from" and "to" as EDTF days, months or years ("1937",
// "1937-08", "1937-08-05"): from's earliest day to to's latest. Empty text
// leaves that end open. nullopt for text that is not such a date.
std::optional<std::pair<int32_t, int32_t>> DayRange(std::string_view from, std::string_view to) {
  int32_t lo = Edtf::kMinDay, hi = Edtf::kMaxDay;
  if (!from.empty()) {
    Result<Edtf> d = Edtf::Parse(from);
    if (!d.ok() || d->is_interval() || d->empty()) return std::nullopt;
    lo = d->earliest_day();
  }
  if (!to.empty()) {
    Result<Edtf> d = Edtf::Parse(to);
    if (!d.ok() || d->is_interval() || d->empty()) return std::nullopt;
    hi = d->latest_day();
  }
  if (lo > hi) return std::nullopt;
  return std::make_pair(lo, hi);
}

std::string DeathLabel(const RequestContext& ctx, std::string_view type) {
  return type == "execution" ? ctx.t().Get("executed") : ctx.t().Get("died");
}

Json PaginationModel(const RequestContext& ctx, const std::string& base, int64_t page,
                     bool has_more, int64_t pages = 0) {
  Json p = ObjectWithRoom(16);
  p["page"] = page;
  if (pages > 0) p["pages"] = pages;
  const std::string sep = base.find('?') == std::string::npos ? "?" : "&";
  if (page > 1) p["prev_url"] = ctx.Link(base + sep + "page=" + std::to_string(page - 1));
  if (has_more) p["next_url"] = ctx.Link(base + sep + "page=" + std::to_string(page + 1));
  if (page == 1 && !has_more) return Json();
  return p;
}

Json SummaryModel(const RequestContext& ctx, const store::PersonSummary& s) {
  Json p = ObjectWithRoom(16);
  p["person_id"] = s.id;
  p["url"] = ctx.Link("/person/" + std::to_string(s.id));
  p["full"] = JoinName(s.surname, s.given, s.patronymic);
  p["surname"] = s.surname;
  p["given"] = s.given;
  p["patronymic"] = s.patronymic;
  p["birth"] = s.birth;
  p["birth_human"] = internal::HumanDate(s.birth, ctx.lang);
  p["death"] = s.death;
  p["death_type"] = s.death_type;
  p["death_human"] = internal::HumanDate(s.death, ctx.lang);
  p["death_label"] = s.death.empty() ? "" : DeathLabel(ctx, s.death_type);
  return p;
}

// Fills model["persons"] (and has_persons, first) with the summaries of
// "ids"; the caller fetched one more id than it shows to know about a next
// page. Returns whether there is a next page.
Status PersonListModel(const RequestContext& ctx, std::vector<int64_t> ids, int64_t page,
                       int64_t page_size, const std::string& base, Json* model) {
  const bool has_more = static_cast<int64_t>(ids.size()) > page_size;
  if (has_more) ids.resize(static_cast<size_t>(page_size));
  MEMORIA_ASSIGN_OR_RETURN(std::vector<store::PersonSummary> summaries, ctx.reader->Summaries(ids));
  Json persons = Json::array();
  for (const store::PersonSummary& s : summaries) persons.push_back(SummaryModel(ctx, s));
  (*model)["has_persons"] = !persons.empty();
  (*model)["first"] = (page - 1) * page_size + 1;
  (*model)["persons"] = std::move(persons);
  (*model)["pager"] = PaginationModel(ctx, base, page, has_more);
  return Status();
}

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

std::string Num(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// ---- Home ----

// 20000 as readers write it: "20 000" (a no-break space) in Russian and
// Ukrainian, "20,000" in English.
std::string Grouped(int64_t n, Lang lang) {
  std::string digits = std::to_string(n);
  const std::string sep = lang == Lang::kEn ? "," : "\u00A0";
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0 && n >= 10000) out += sep;
    out.push_back(digits[i]);
  }
  return out;
}

// An SVG bar chart of arrests (above the axis) and executions (below) per
// month, drawn from numbers only, so it needs no escaping beyond the title.
std::string ChartSvg(const std::vector<store::MonthCount>& months, const std::string& title,
                     int32_t first, int32_t last) {
  auto index = [&](int32_t m) { return (m / 100 - first / 100) * 12 + (m % 100 - 1); };
  const int n = index(last) + 1;
  int64_t max_a = 1, max_e = 1;
  for (const store::MonthCount& m : months) {
    max_a = std::max(max_a, m.arrests);
    max_e = std::max(max_e, m.executions);
  }
  const int64_t max_v = std::max(max_a, max_e);
  const double width = 720, half = 90, bar = width / std::max(n, 1);
  std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 720 210\" role=\"img\""
      " aria-labelledby=\"chart-title\"><title id=\"chart-title\">";
  AppendHtmlEscaped(title, &svg);
  svg += "</title><line x1=\"0\" y1=\"100\" x2=\"720\" y2=\"100\" class=\"axis\"/>";
  for (const store::MonthCount& m : months) {
    const double x = index(m.month) * bar;
    if (m.arrests > 0) {
      const double h = half * static_cast<double>(m.arrests) / static_cast<double>(max_v);
      svg += "<rect class=\"arrests\" x=\"" + Num(x, 1) + "\" y=\"" + Num(100 - h, 1) +
             "\" width=\"" + Num(std::max(bar - 0.5, 0.5), 2) + "\" height=\"" + Num(h, 1) + "\"/>";
    }
    if (m.executions > 0) {
      const double h = half * static_cast<double>(m.executions) / static_cast<double>(max_v);
      svg += "<rect class=\"executions\" x=\"" + Num(x, 1) + "\" y=\"100\" width=\"" +
             Num(std::max(bar - 0.5, 0.5), 2) + "\" height=\"" + Num(h, 1) + "\"/>";
    }
  }
  // Year ticks: at most ~12 labels.
  const int years = last / 100 - first / 100 + 1;
  const int step = std::max(1, (years + 11) / 12);
  for (int y = first / 100; y <= last / 100; y += step) {
    const double x = index(y * 100 + 1) * bar;
    svg +=
        "<text x=\"" + Num(x, 1) + "\" y=\"205\" class=\"tick\">" + std::to_string(y) + "</text>";
  }
  svg += "</svg>";
  return svg;
}

Page Home(const RequestContext& ctx) {
  Page page;
  page.view = "home";
  page.title = ctx.t().Get("home_title");
  Result<std::shared_ptr<const internal::Site::Figures>> figures = ctx.site->GetFigures(ctx.reader);
  if (!figures.ok()) return StatusModel(ctx, figures.status());
  const internal::Site::Figures& f = **figures;
  Json& m = page.model;
  m["stats"] = {{"persons", f.stats.persons},
                {"records", f.stats.records},
                {"sources", f.stats.sources},
                {"persons_text", Grouped(f.stats.persons, ctx.lang)},
                {"records_text", Grouped(f.stats.records, ctx.lang)},
                {"sources_text", Grouped(f.stats.sources, ctx.lang)}};
  if (!f.months.empty()) {
    // The chart spans the months where the bulk lies: a stray date of 1850
    // or 2020 would flatten the rest.
    int64_t total = 0;
    for (const store::MonthCount& mc : f.months) total += mc.arrests + mc.executions;
    int64_t seen = 0;
    int32_t first = f.months.front().month, last = f.months.back().month;
    for (const store::MonthCount& mc : f.months) {
      seen += mc.arrests + mc.executions;
      if (seen * 200 >= total) {
        first = mc.month;
        break;
      }
    }
    seen = 0;
    for (auto it = f.months.rbegin(); it != f.months.rend(); ++it) {
      seen += it->arrests + it->executions;
      if (seen * 200 >= total) {
        last = it->month;
        break;
      }
    }
    std::vector<store::MonthCount> shown;
    int64_t arrests = 0, executions = 0;
    for (const store::MonthCount& mc : f.months) {
      if (mc.month < first || mc.month > last) continue;
      shown.push_back(mc);
      arrests += mc.arrests;
      executions += mc.executions;
    }
    Json chart;
    chart["arrests"] = arrests;
    chart["executions"] = executions;
    chart["first"] = std::to_string(first / 100);
    chart["last"] = std::to_string(last / 100);
    Json months = Json::array();
    for (const store::MonthCount& mc : shown) {
      char ym[16];
      std::snprintf(ym, sizeof ym, "%04d-%02d", mc.month / 100, mc.month % 100);
      months.push_back({{"month", ym}, {"arrests", mc.arrests}, {"executions", mc.executions}});
    }
    chart["months"] = std::move(months);
    if (!ctx.api) chart["svg"] = ChartSvg(shown, ctx.t().Get("chart_title"), first, last);
    m["chart"] = std::move(chart);
  }
  return page;
}

// ---- Search ----

Page SearchPage(const RequestContext& ctx) {
  Page page;
  page.view = "search";
  page.title = ctx.t().Get("search_title");
  Json& m = page.model;
  const std::string query = Param(ctx, "q");
  const std::string born = Param(ctx, "born"), place = Param(ctx, "place"),
                    event = Param(ctx, "event"), from = Param(ctx, "from"), to = Param(ctx, "to");
  std::optional<int64_t> page_no = PageParam(ctx);
  if (!page_no.has_value()) return BadPage(ctx);
  for (const std::string* s : {&query, &born, &place, &event, &from, &to}) {
    if (!IsValidUtf8(*s)) return ErrorModel(ctx, 400, ctx.t().Get("msg_bad_utf8"));
  }
  m["query"] = query;
  m["with_filters"] = true;
  m["filter"] = {{"born", born}, {"place", place}, {"event", event}, {"from", from}, {"to", to}};
  m["filters_open"] =
      !(born.empty() && place.empty() && event.empty() && from.empty() && to.empty());
  Json types = Json::array();
  for (std::string_view type : kEventTypes) {
    types.push_back({{"code", type},
                     {"label", ctx.t().Get("ev_" + std::string(type))},
                     {"selected", event == type}});
  }
  m["event_types"] = std::move(types);
  if (!query.empty()) page.title += ": " + query;

  search::SearchOptions options;
  if (!born.empty()) {
    int a = 0, b = 0;
    char tail = 0;
    if (std::sscanf(born.c_str(), "%d..%d%c", &a, &b, &tail) == 2) {
    } else if (std::sscanf(born.c_str(), "%d%c", &a, &tail) == 1) {
      b = a;
    } else {
      return ErrorModel(ctx, 400, ctx.t().Get("msg_bad_born"));
    }
    if (a < 1 || b < a || b > 9999) return ErrorModel(ctx, 400, ctx.t().Get("msg_bad_born"));
    options.born_from = a;
    options.born_to = b;
  }
  options.place = place;
  if (!event.empty() &&
      std::find(std::begin(kEventTypes), std::end(kEventTypes), event) == std::end(kEventTypes)) {
    return ErrorModel(ctx, 400, ctx.t().Get("msg_bad_event"));
  }
  std::optional<std::pair<int32_t, int32_t>> days = DayRange(from, to);
  if (!days.has_value()) return ErrorModel(ctx, 400, ctx.t().Get("msg_bad_date"));
  const bool event_filter = !event.empty() || !from.empty() || !to.empty();

  if (CollapseSpace(query).empty()) {
    m["empty_query"] = true;
    return page;
  }
  const int64_t offset = (*page_no - 1) * kResultsPerPage;
  Result<search::SearchResult> result = InternalError("search did not run");
  if (event_filter) {
    // The event filter applies to the best matches by name.
    options.limit = search::kMaxLimit;
    result = search::Search(ctx.reader, query, options);
    if (result.ok()) {
      std::vector<int64_t> ids;
      for (const search::Hit& h : result->hits) ids.push_back(h.person_id);
      Result<std::vector<int64_t>> kept =
          ctx.reader->FilterByEvent(ids, event, days->first, days->second);
      if (!kept.ok()) return StatusModel(ctx, kept.status());
      std::set<int64_t> keep(kept->begin(), kept->end());
      std::erase_if(result->hits,
                    [&](const search::Hit& h) { return !keep.contains(h.person_id); });
      result->total = static_cast<int64_t>(result->hits.size());
      if (offset >= result->total) {
        result->hits.clear();
      } else {
        result->hits.erase(result->hits.begin(), result->hits.begin() + offset);
        if (result->hits.size() > static_cast<size_t>(kResultsPerPage)) {
          result->hits.resize(kResultsPerPage);
        }
      }
    }
  } else {
    options.limit = kResultsPerPage;
    options.offset = static_cast<int>(std::min<int64_t>(offset, 1'000'000'000));
    result = search::Search(ctx.reader, query, options);
  }
  if (!result.ok()) return StatusModel(ctx, result.status());
  m["searched"] = true;
  m["total"] = result->total;
  Json hits = Json::array();
  for (const search::Hit& h : result->hits) {
    hits.push_back(
        {{"person_id", h.person_id},
         {"url", ctx.Link("/person/" + std::to_string(h.person_id))},
         {"score", h.score},
         {"score_text", FormatScore(h.score)},
         {"full", JoinName(h.surname, h.given, h.patronymic)},
         {"name", {{"surname", h.surname}, {"given", h.given}, {"patronymic", h.patronymic}}},
         {"birth", h.birth},
         {"birth_human", internal::HumanDate(h.birth, ctx.lang)},
         {"why", h.why.empty() ? std::string() : WhyInLanguage(ctx, h.reason)}});
  }
  m["has_hits"] = !hits.empty();
  m["first"] = offset + 1;
  m["last"] = offset + static_cast<int64_t>(hits.size());
  m["hits"] = std::move(hits);
  const int64_t pages = (result->total + kResultsPerPage - 1) / kResultsPerPage;
  std::string base = "/search?q=" + internal::UrlEncode(query);
  for (const auto& [key, value] :
       {std::pair{"born", born}, {"place", place}, {"event", event}, {"from", from}, {"to", to}}) {
    if (!value.empty()) base += std::string("&") + key + "=" + internal::UrlEncode(value);
  }
  m["pager"] = PaginationModel(ctx, base, *page_no, *page_no < pages, pages);
  return page;
}

// ---- Person ----

Json Provenance(const RequestContext& ctx, int64_t record_id, int64_t claim_id) {
  Json p = ObjectWithRoom(16);
  (void)ctx;
  if (record_id != 0) p["record_id"] = record_id;
  if (claim_id != 0) p["claim_id"] = claim_id;
  return p;
}

std::string FieldText(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Page PersonPage(const RequestContext& ctx, std::string_view id_text) {
  std::optional<int64_t> id = internal::ParsePositiveId(id_text);
  if (!id.has_value()) return ErrorModel(ctx, 400, ctx.t().Get("msg_bad_id"));
  Result<store::PersonView> person = ctx.reader->GetPerson(*id);
  if (!person.ok()) return StatusModel(ctx, person.status());
  if (person->redirect_to != 0 && person->redirect_to != *id) {
    // Merged into another person: that page is the one to cite.
    Page r = ErrorModel(ctx, 301, "");
    const std::string to =
        (ctx.api ? "/api/v1/person/" : "/person/") + std::to_string(person->redirect_to);
    r.headers.emplace_back("Location", ctx.Link(to));
    r.model["redirect_to"] = person->redirect_to;
    return r;
  }
  const store::PersonView& p = *person;
  Page page;
  page.view = "person";
  Json& m = page.model;
  m["person_id"] = p.id;
  m["url"] = ctx.Link("/person/" + std::to_string(p.id));
  const store::NameFact& main = p.names.front();
  m["full"] = JoinName(main.surname, main.given, main.patronymic);
  m["name"] = {{"surname", main.surname}, {"given", main.given}, {"patronymic", main.patronymic}};
  page.title = m["full"].get<std::string>();
  if (page.title.empty()) page.title = ctx.t().Get("person") + " " + std::to_string(p.id);

  Json names = Json::array();
  for (const store::NameFact& n : p.names) {
    Json j = Provenance(ctx, n.record_id, n.claim_id);
    j["kind"] = n.kind;
    j["kind_label"] = ctx.t().Get("nk_" + n.kind);
    j["full"] = JoinName(n.surname, n.given, n.patronymic);
    j["surname"] = n.surname;
    j["given"] = n.given;
    j["patronymic"] = n.patronymic;
    j["script"] = n.script;
    names.push_back(std::move(j));
  }
  m["names"] = std::move(names);

  Json events = Json::array();
  std::map<std::string, std::vector<const store::EventFact*>> events_by_type;
  for (const store::EventFact& e : p.events) {
    Json j = Provenance(ctx, e.record_id, e.claim_id);
    j["type"] = e.type;
    j["type_label"] = ctx.t().Get("ev_" + e.type);
    j["date"] = e.date.ToString();
    j["date_human"] = internal::HumanDate(e.date.ToString(), ctx.lang);
    if (!e.date.empty() && !e.date.is_interval() && !e.date.uncertain() && !e.date.approximate() &&
        e.date.ToString().find('X') == std::string::npos) {
      j["date_iso"] = e.date.ToString();
    }
    j["date_text"] = e.date_text;
    j["place"] = e.place;
    j["body"] = e.body;
    j["article"] = e.article;
    j["sentence"] = e.sentence;
    j["note"] = e.note;
    events.push_back(std::move(j));
    events_by_type[e.type].push_back(&e);
    if (e.type == "birth" && m["birth"].is_null() && !e.date.empty()) {
      m["birth"] = e.date.ToString();
      m["birth_human"] = internal::HumanDate(e.date.ToString(), ctx.lang);
    }
    if ((e.type == "execution" || (e.type == "death" && m["death"].is_null())) && !e.date.empty()) {
      m["death"] = e.date.ToString();
      m["death_human"] = internal::HumanDate(e.date.ToString(), ctx.lang);
      m["death_label"] = DeathLabel(ctx, e.type);
    }
  }
  m["has_events"] = !events.empty();
  m["events"] = std::move(events);

  Json attributes = Json::array();
  std::map<std::string, std::vector<const store::AttributeFact*>> attributes_by_kind;
  for (const store::AttributeFact& a : p.attributes) {
    Json j = Provenance(ctx, a.record_id, a.claim_id);
    j["kind"] = a.kind;
    j["kind_label"] = ctx.t().Get("at_" + a.kind) == "?" ? a.kind : ctx.t().Get("at_" + a.kind);
    j["value"] = a.value;
    attributes.push_back(std::move(j));
    attributes_by_kind[a.kind].push_back(&a);
  }
  m["has_attributes"] = !attributes.empty();
  m["attributes"] = std::move(attributes);

  // Conflicts: one kind of fact with different values from different
  // records, shown side by side.
  Json conflicts = Json::array();
  for (const auto& [kind, facts] : attributes_by_kind) {
    std::set<std::string> values;
    std::set<int64_t> records;
    for (const store::AttributeFact* a : facts) {
      values.insert(a->value);
      records.insert(a->record_id);
    }
    if (values.size() < 2 || records.size() < 2) continue;
    Json c = ObjectWithRoom(8);
    c["kind"] = kind;
    c["label"] = facts.front() != nullptr ? ctx.t().Get("at_" + kind) : kind;
    Json vs = Json::array();
    for (const store::AttributeFact* a : facts) {
      Json v = Provenance(ctx, a->record_id, a->claim_id);
      v["value"] = a->value;
      vs.push_back(std::move(v));
    }
    c["values"] = std::move(vs);
    conflicts.push_back(std::move(c));
  }
  for (const auto& [type, facts] : events_by_type) {
    std::set<std::string> dates;
    std::set<int64_t> records;
    for (const store::EventFact* e : facts) {
      if (!e->date.empty()) dates.insert(e->date.ToString());
      records.insert(e->record_id);
    }
    if (dates.size() < 2 || records.size() < 2) continue;
    Json c = ObjectWithRoom(8);
    c["kind"] = type;
    c["label"] = ctx.t().Get("ev_" + type);
    Json vs = Json::array();
    for (const store::EventFact* e : facts) {
      Json v = Provenance(ctx, e->record_id, e->claim_id);
      v["value"] = internal::HumanDate(e->date.ToString(), ctx.lang);
      vs.push_back(std::move(v));
    }
    c["values"] = std::move(vs);
    conflicts.push_back(std::move(c));
  }
  m["has_conflicts"] = !conflicts.empty();
  m["conflicts"] = std::move(conflicts);

  Json records = Json::array();
  std::vector<std::string> source_titles;
  for (const store::RecordView& r : p.records) {
    Json j = ObjectWithRoom(16);
    j["record_id"] = r.id;
    j["source_id"] = r.source_id;
    j["source_url"] = ctx.Link("/sources/" + std::to_string(r.source_id));
    j["source_title"] = r.source_title.empty() ? r.source_key : r.source_title;
    j["file_name"] = r.file_name;
    j["position"] = r.position;
    j["external_id"] = r.external_id;
    j["content_hash"] = r.content_hash;
    const Json raw = Json::parse(r.raw, nullptr, /*allow_exceptions=*/false);
    if (raw.is_object()) {
      Json fields = Json::array();
      for (const auto& [key, value] : raw.items()) {
        fields.push_back({{"field", key}, {"value", FieldText(value)}});
      }
      j["has_fields"] = !fields.empty();
      j["fields"] = std::move(fields);
    } else {
      j["raw"] = IsValidUtf8(r.raw) ? r.raw : std::string("(invalid UTF-8)");
    }
    const std::string& title = j["source_title"].get_ref<const std::string&>();
    if (std::find(source_titles.begin(), source_titles.end(), title) == source_titles.end()) {
      source_titles.push_back(title);
    }
    records.push_back(std::move(j));
  }
  m["records"] = std::move(records);
  std::string sources;
  for (const std::string& s : source_titles) sources += (sources.empty() ? "" : "; ") + s;
  m["citation"] = ctx.t().Format("cite_format", {page.title, std::to_string(p.id),
                                                 "/person/" + std::to_string(p.id), sources});
  return page;
}

// ---- Browse ----

Page BrowseIndex(const RequestContext& ctx) {
  Page page;
  page.view = "browse";
  page.title = ctx.t().Get("browse_title");
  Json& m = page.model;
  Json letters = Json::array();
  for (std::string_view l : kLetters) {
    letters.push_back(
        {{"letter", l}, {"url", ctx.Link("/browse/letter/" + internal::UrlEncode(l))}});
  }
  m["letters"] = std::move(letters);
  Result<std::shared_ptr<const internal::Site::Figures>> figures = ctx.site->GetFigures(ctx.reader);
  if (!figures.ok()) return StatusModel(ctx, figures.status());
  Json years = Json::array();
  for (std::string_view type : {"execution", "arrest"}) {
    auto it = (*figures)->years.find(std::string(type));
    if (it == (*figures)->years.end()) continue;
    Json items = Json::array();
    for (const auto& [year, count] : it->second) {
      items.push_back({{"year", year},
                       {"count", count},
                       {"url", ctx.Link("/browse/date?type=" + std::string(type) +
                                        "&year=" + std::to_string(year))}});
    }
    years.push_back({{"type", type},
                     {"label", ctx.t().Get("ev_" + std::string(type))},
                     {"items", std::move(items)}});
  }
  m["years"] = std::move(years);
  Result<std::shared_ptr<const internal::Site::Indexes>> indexes = ctx.site->GetIndexes(ctx.reader);
  if (!indexes.ok()) return StatusModel(ctx, indexes.status());
  Json places = Json::array();
  for (const auto& [name, count] : (*indexes)->places.top()) {
    places.push_back({{"name", name},
                      {"count", count},
                      {"url", ctx.Link("/browse/place?q=" + internal::UrlEncode(name))}});
  }
  m["places"] = std::move(places);
  return page;
}

Page BrowseLetter(const RequestContext& ctx, std::string_view letter_text) {
  const std::string letter = internal::PercentDecode(letter_text);
  if (!IsValidUtf8(letter) || Utf8Length(letter) != 1 || CollapseSpace(letter).empty()) {
    return ErrorModel(ctx, 400, ctx.t().Get("msg_bad_letter"));
  }
  std::optional<int64_t> page_no = PageParam(ctx);
  if (!page_no.has_value()) return BadPage(ctx);
  Page page;
  page.view = "browse_list";
  page.title = ctx.t().Format("browse_letter_heading", {letter});
  page.model["heading"] = page.title;
  page.model["letter"] = letter;
  Result<std::vector<int64_t>> ids =
      ctx.reader->PersonsBySurnamePrefix(letter, (*page_no - 1) * kListPageSize, kListPageSize + 1);
  if (!ids.ok()) return StatusModel(ctx, ids.status());
  Status s = PersonListModel(ctx, std::move(ids).value(), *page_no, kListPageSize,
                             "/browse/letter/" + internal::UrlEncode(letter), &page.model);
  if (!s.ok()) return StatusModel(ctx, s);
  return page;
}

Page BrowsePlace(const RequestContext& ctx) {
  const std::string q = Param(ctx, "q");
  if (!IsValidUtf8(q)) return ErrorModel(ctx, 400, ctx.t().Get("msg_bad_utf8"));
  if (CollapseSpace(q).empty()) return ErrorModel(ctx, 400, ctx.t().Get("msg_need_place"));
  std::optional<int64_t> page_no = PageParam(ctx);
  if (!page_no.has_value()) return BadPage(ctx);
  Result<std::shared_ptr<const internal::Site::Indexes>> indexes = ctx.site->GetIndexes(ctx.reader);
  if (!indexes.ok()) return StatusModel(ctx, indexes.status());
  const std::vector<int64_t> all = (*indexes)->places.Match(q);
  Page page;
  page.view = "browse_list";
  page.title = ctx.t().Format("browse_place_heading", {q});
  page.model["heading"] = page.title;
  page.model["place"] = q;
  page.model["total"] = static_cast<int64_t>(all.size());
  const size_t from = static_cast<size_t>(
      std::min<int64_t>((*page_no - 1) * kListPageSize, static_cast<int64_t>(all.size())));
  const size_t to = std::min(all.size(), from + kListPageSize + 1);
  Status s =
      PersonListModel(ctx, std::vector<int64_t>(all.begin() + from, all.begin() + to), *page_no,
                      kListPageSize, "/browse/place?q=" + internal::UrlEncode(q), &page.model);
  if (!s.ok()) return StatusModel(ctx, s);
  return page;
}

Page BrowseDate(const RequestContext& ctx) {
  const std::string type = Param(ctx, "type").empty() ? "execution" : Param(ctx, "type");
  if (std::find(std::begin(kEventTypes), std::end(kEventTypes), type) == std::end(kEventTypes)) {
    return ErrorModel(ctx, 400, ctx.t().Get("msg_bad_event"));
  }
  const std::string year = Param(ctx, "year"), month = Param(ctx, "month");
  std::string date = year;
  if (!month.empty()) date += "-" + (month.size() == 1 ? "0" + month : month);
  std::optional<std::pair<int32_t, int32_t>> days =
      year.size() == 4 ? DayRange(date, date) : std::nullopt;
  if (!days.has_value()) return ErrorModel(ctx, 400, ctx.t().Get("msg_bad_date"));
  std::optional<int64_t> page_no = PageParam(ctx);
  if (!page_no.has_value()) return BadPage(ctx);
  Page page;
  page.view = "browse_list";
  page.title = ctx.t().Format("browse_date_heading",
                              {ctx.t().Get("ev_" + type), internal::HumanDate(date, ctx.lang)});
  page.model["heading"] = page.title;
  page.model["type"] = type;
  page.model["date"] = date;
  Result<std::vector<int64_t>> ids = ctx.reader->PersonsByEventDate(
      type, days->first, days->second, (*page_no - 1) * kListPageSize, kListPageSize + 1);
  if (!ids.ok()) return StatusModel(ctx, ids.status());
  std::string base = "/browse/date?type=" + type + "&year=" + year;
  if (!month.empty()) base += "&month=" + internal::UrlEncode(month);
  Status s =
      PersonListModel(ctx, std::move(ids).value(), *page_no, kListPageSize, base, &page.model);
  if (!s.ok()) return StatusModel(ctx, s);
  return page;
}

// ---- Sources ----

Json SourceModel(const RequestContext& ctx, const store::SourceRow& s) {
  return {{"source_id", s.id},
          {"url", ctx.Link("/sources/" + std::to_string(s.id))},
          {"key", s.key},
          {"title", s.title.empty() ? s.key : s.title},
          {"profile", s.profile},
          {"citation", s.citation},
          {"language", s.language},
          {"licence", s.licence},
          {"created_at", s.created_at},
          {"records", s.records}};
}

Page SourcesPage(const RequestContext& ctx) {
  Result<std::shared_ptr<const internal::Site::Figures>> figures = ctx.site->GetFigures(ctx.reader);
  if (!figures.ok()) return StatusModel(ctx, figures.status());
  Page page;
  page.view = "sources";
  page.title = ctx.t().Get("sources_title");
  Json sources = Json::array();
  for (const store::SourceRow& s : (*figures)->sources) sources.push_back(SourceModel(ctx, s));
  page.model["sources"] = std::move(sources);
  return page;
}

Page SourcePage(const RequestContext& ctx, std::string_view id_text) {
  std::optional<int64_t> id = internal::ParsePositiveId(id_text);
  if (!id.has_value()) return ErrorModel(ctx, 400, ctx.t().Get("msg_bad_id"));
  std::optional<int64_t> page_no = PageParam(ctx);
  if (!page_no.has_value()) return BadPage(ctx);
  Result<std::shared_ptr<const internal::Site::Figures>> figures = ctx.site->GetFigures(ctx.reader);
  if (!figures.ok()) return StatusModel(ctx, figures.status());
  const store::SourceRow* source = nullptr;
  for (const store::SourceRow& s : (*figures)->sources) {
    if (s.id == *id) source = &s;
  }
  if (source == nullptr) return ErrorModel(ctx, 404, "");
  Page page;
  page.view = "source";
  page.model["source"] = SourceModel(ctx, *source);
  page.title = page.model["source"]["title"].get<std::string>();
  Result<std::vector<int64_t>> ids =
      ctx.reader->PersonsOfSource(*id, (*page_no - 1) * kListPageSize, kListPageSize + 1);
  if (!ids.ok()) return StatusModel(ctx, ids.status());
  Status s = PersonListModel(ctx, std::move(ids).value(), *page_no, kListPageSize,
                             "/sources/" + std::to_string(*id), &page.model);
  if (!s.ok()) return StatusModel(ctx, s);
  return page;
}

// ---- Return of the Names ----

Page ReadingPage(const RequestContext& ctx) {
  Page page;
  page.view = "reading";
  page.title = ctx.t().Get("reading_title");
  Json& m = page.model;
  const std::string place = Param(ctx, "place"), from = Param(ctx, "from"), to = Param(ctx, "to");
  std::string order = Param(ctx, "order");
  for (const std::string* s : {&place, &from, &to, static_cast<const std::string*>(&order)}) {
    if (!IsValidUtf8(*s)) return ErrorModel(ctx, 400, ctx.t().Get("msg_bad_utf8"));
  }
  if (order.empty()) order = "date";
  if (order != "date" && order != "surname") return ErrorModel(ctx, 400, "order: date | surname");
  m["form"] = {{"place", place}, {"from", from}, {"to", to}, {"order", order}};
  m["order_date"] = order == "date";
  m["order_surname"] = order == "surname";
  if (CollapseSpace(place).empty()) return page;
  std::optional<std::pair<int32_t, int32_t>> days = DayRange(from, to);
  if (!days.has_value()) return ErrorModel(ctx, 400, ctx.t().Get("msg_bad_date"));
  std::optional<int64_t> page_no = PageParam(ctx);
  if (!page_no.has_value()) return BadPage(ctx);

  Result<std::shared_ptr<const internal::Site::Indexes>> indexes = ctx.site->GetIndexes(ctx.reader);
  if (!indexes.ok()) return StatusModel(ctx, indexes.status());
  const std::vector<int64_t> persons = (*indexes)->places.Match(place);
  Result<std::vector<store::ReadingSlip>> slips =
      ctx.reader->ReadingSlips(persons, days->first, days->second);
  if (!slips.ok()) return StatusModel(ctx, slips.status());
  if (order == "date") {
    std::stable_sort(slips->begin(), slips->end(),
                     [](const auto& a, const auto& b) { return a.death_day < b.death_day; });
  } else {
    // Russian collation (ё with е, case ignored), keys computed once per slip.
    std::vector<std::pair<std::string, size_t>> keys;
    keys.reserve(slips->size());
    for (size_t i = 0; i < slips->size(); ++i) {
      const store::ReadingSlip& s = (*slips)[i];
      keys.emplace_back(names::CollationKey(JoinName(s.surname, s.given, s.patronymic)), i);
    }
    std::stable_sort(keys.begin(), keys.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<store::ReadingSlip> ordered;
    ordered.reserve(slips->size());
    for (const auto& [key, i] : keys) ordered.push_back(std::move((*slips)[i]));
    *slips = std::move(ordered);
  }
  m["built"] = true;
  page.title = ctx.t().Format("reading_list_heading", {place});
  m["heading"] = page.title;
  m["total"] = static_cast<int64_t>(slips->size());
  const int64_t first = (*page_no - 1) * kReadingPageSize;
  Json list = Json::array();
  for (int64_t i = first; i < static_cast<int64_t>(slips->size()) && i < first + kReadingPageSize;
       ++i) {
    const store::ReadingSlip& s = (*slips)[static_cast<size_t>(i)];
    Json j = ObjectWithRoom(16);
    j["person_id"] = s.person_id;
    j["url"] = ctx.Link("/person/" + std::to_string(s.person_id));
    j["full"] = JoinName(s.surname, s.given, s.patronymic);
    j["surname"] = s.surname;
    j["given"] = s.given;
    j["patronymic"] = s.patronymic;
    if (s.age >= 0) {
      j["age"] = s.age;
      j["age_text"] = internal::AgeText(s.age, ctx.lang);
    }
    j["occupation"] = s.occupation;
    j["birth"] = s.birth;
    j["death"] = s.death;
    j["death_human"] = internal::HumanDate(s.death, ctx.lang);
    j["death_label"] = ctx.t().Get("executed");
    list.push_back(std::move(j));
  }
  m["has_slips"] = !list.empty();
  m["first"] = first + 1;
  m["last"] = first + static_cast<int64_t>(list.size());
  m["slips"] = std::move(list);
  std::string base = "/reading?place=" + internal::UrlEncode(place) + "&order=" + order;
  if (!from.empty()) base += "&from=" + internal::UrlEncode(from);
  if (!to.empty()) base += "&to=" + internal::UrlEncode(to);
  const int64_t pages =
      (static_cast<int64_t>(slips->size()) + kReadingPageSize - 1) / kReadingPageSize;
  m["pager"] = PaginationModel(ctx, base, *page_no, *page_no < pages, pages);
  return page;
}

// ---- Last Address ----

// Longitude/latitude to the map's SVG box (equirectangular, scaled by the
// latitude's cosine: enough for one city).
std::string MapSvg(const std::vector<internal::AddressIndex::Building>& buildings) {
  double min_lat = 90, max_lat = -90, min_lon = 180, max_lon = -180;
  for (const auto& b : buildings) {
    min_lat = std::min(min_lat, b.lat);
    max_lat = std::max(max_lat, b.lat);
    min_lon = std::min(min_lon, b.lon);
    max_lon = std::max(max_lon, b.lon);
  }
  // Centred on the buildings' middle; at least about 200 m across, so that
  // one building (or one block) sits in the middle, not in a corner.
  const double k = std::cos((min_lat + max_lat) / 2 * 3.14159265358979 / 180);
  const double mid_lon = (min_lon + max_lon) / 2, mid_lat = (min_lat + max_lat) / 2;
  const double span = std::max({(max_lon - min_lon) * k, max_lat - min_lat, 0.002});
  const double scale = 380 / span;
  std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"-10 -10 400 400\" role=\"img\">";
  for (const auto& b : buildings) {
    const double x = 190 + (b.lon - mid_lon) * k * scale, y = 190 - (b.lat - mid_lat) * scale;
    svg += "<circle cx=\"" + Num(x, 1) + "\" cy=\"" + Num(y, 1) + "\" r=\"" +
           Num(3 + std::min<double>(8, static_cast<double>(b.residents.size())), 1) + "\"><title>";
    AppendHtmlEscaped(b.address, &svg);
    svg += " (" + std::to_string(b.residents.size()) + ")</title></circle>";
  }
  svg += "</svg>";
  return svg;
}

Page AddressPage(const RequestContext& ctx) {
  Page page;
  page.view = "address";
  page.title = ctx.t().Get("address_title");
  Json& m = page.model;
  const std::string q = Param(ctx, "q");
  if (!IsValidUtf8(q)) return ErrorModel(ctx, 400, ctx.t().Get("msg_bad_utf8"));
  m["query"] = q;
  if (CollapseSpace(q).empty()) return page;
  Result<std::shared_ptr<const internal::Site::Indexes>> indexes = ctx.site->GetIndexes(ctx.reader);
  if (!indexes.ok()) return StatusModel(ctx, indexes.status());
  const internal::AddressIndex::Answer answer = (*indexes)->addresses.Find(q);
  page.title += ": " + q;
  m["searched"] = true;
  m["streets"] = answer.street_names;
  m["has_streets"] = !answer.street_names.empty();
  Json buildings = Json::array();
  std::vector<internal::AddressIndex::Building> mapped;
  for (const internal::AddressIndex::Building& b : answer.buildings) {
    Json j = ObjectWithRoom(16);
    j["address"] = b.address;
    j["house"] = b.house;
    j["count"] = static_cast<int64_t>(b.residents.size());
    if (b.has_point) {
      j["has_point"] = true;
      j["lat"] = b.lat;
      j["lon"] = b.lon;
      mapped.push_back(b);
    }
    std::vector<int64_t> ids;
    for (const auto& r : b.residents) ids.push_back(r.person_id);
    Result<std::vector<store::PersonSummary>> summaries = ctx.reader->Summaries(ids);
    if (!summaries.ok()) return StatusModel(ctx, summaries.status());
    Json persons = Json::array();
    for (size_t i = 0; i < summaries->size(); ++i) {
      Json p = SummaryModel(ctx, (*summaries)[i]);
      for (const auto& r : b.residents) {
        if (r.person_id == (*summaries)[i].id) p["as_written"] = r.as_written;
      }
      persons.push_back(std::move(p));
    }
    j["persons"] = std::move(persons);
    buildings.push_back(std::move(j));
  }
  m["has_buildings"] = !buildings.empty();
  m["buildings"] = std::move(buildings);
  if (!mapped.empty()) {
    m["has_points"] = true;
    m["geojson_url"] = "/api/v1/address.geojson?q=" + internal::UrlEncode(q);
    if (!ctx.api) m["map_svg"] = MapSvg(mapped);
    const MapConfig& map = ctx.site->map();
    if (!ctx.api && !map.tiles.empty()) {
      m["tilemap"] = {
          {"tiles", map.tiles}, {"attribution", map.attribution}, {"geojson", m["geojson_url"]}};
      // Only this page runs a script (this server's) and shows images
      // from the tile host.
      page.headers.emplace_back(
          "Content-Security-Policy",
          "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; "
          "img-src 'self' data: " +
              map.tile_origin + "; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    }
  }
  return page;
}

}  // namespace

std::string RequestContext::Link(std::string_view path_and_query) const {
  std::string out(path_and_query);
  if (lang_explicit) {
    out += (out.find('?') == std::string::npos ? "?lang=" : "&lang=");
    out += internal::LangCode(lang);
  }
  return out;
}

Page ErrorModel(const RequestContext& ctx, int status, std::string_view message) {
  Page page;
  page.status = status;
  page.view = "error";
  const std::string heading = ctx.t().Get("err_" + std::to_string(status));
  page.title = heading;
  page.model["error"] = {{"status", status}, {"message", std::string(message)}};
  page.model["status"] = status;
  page.model["heading"] = heading;
  page.model["message"] = IsValidUtf8(message) ? std::string(message) : "(invalid UTF-8)";
  return page;
}

Page RoutePage(const RequestContext& ctx, std::string_view path) {
  if (path == "/") return Home(ctx);
  if (path == "/search") return SearchPage(ctx);
  if (path.starts_with("/person/")) return PersonPage(ctx, path.substr(8));
  if (path == "/browse") return BrowseIndex(ctx);
  if (path.starts_with("/browse/letter/")) return BrowseLetter(ctx, path.substr(15));
  if (path == "/browse/place") return BrowsePlace(ctx);
  if (path == "/browse/date") return BrowseDate(ctx);
  if (path == "/sources") return SourcesPage(ctx);
  if (path.starts_with("/sources/")) return SourcePage(ctx, path.substr(9));
  if (path == "/reading") return ReadingPage(ctx);
  if (path == "/address") return AddressPage(ctx);
  return ErrorModel(ctx, 404, "");
}

Response ExportStream(const RequestContext& ctx, std::string_view format) {
  Response r;
  const bool csv = format == "csv";
  r.content_type = csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
  r.headers.emplace_back("Content-Disposition", csv ? "attachment; filename=\"memoria.csv\""
                                                    : "attachment; filename=\"memoria.jsonl\"");
  struct State {
    int64_t after = 0;
    bool header_sent = false;
    bool done = false;
  };
  auto state = std::make_shared<State>();
  store::Reader* reader = ctx.reader;
  r.stream = [state, reader, csv](std::string* piece) -> Result<bool> {
    if (state->done) return false;
    if (csv && !state->header_sent) {
      piece->append(exports::CsvHeader());
      state->header_sent = true;
    }
    int64_t n = 0;
    MEMORIA_RETURN_IF_ERROR(
        reader->ForEachPerson(state->after, 256, [&](const store::PersonView& p) {
          state->after = p.id;
          ++n;
          piece->append(csv ? exports::PersonCsvRow(p) : exports::PersonJsonLine(p));
          return Status();
        }));
    if (n == 0) state->done = true;
    return !piece->empty() || !state->done;
  };
  return r;
}

Result<std::string> AddressGeoJson(const RequestContext& ctx) {
  const std::string q = Param(ctx, "q");
  if (!IsValidUtf8(q)) return InvalidArgumentError(ctx.t().Get("msg_bad_utf8"));
  MEMORIA_ASSIGN_OR_RETURN(std::shared_ptr<const internal::Site::Indexes> indexes,
                           ctx.site->GetIndexes(ctx.reader));
  std::vector<internal::AddressIndex::Building> buildings =
      CollapseSpace(q).empty() ? indexes->addresses.Mapped() : indexes->addresses.Find(q).buildings;
  Json features = Json::array();
  for (const internal::AddressIndex::Building& b : buildings) {
    if (!b.has_point) continue;
    Json ids = Json::array();
    for (const auto& r : b.residents) ids.push_back(r.person_id);
    features.push_back({{"type", "Feature"},
                        {"geometry", {{"type", "Point"}, {"coordinates", {b.lon, b.lat}}}},
                        {"properties",
                         {{"address", b.address},
                          {"persons", static_cast<int64_t>(b.residents.size())},
                          {"person_ids", std::move(ids)}}}});
  }
  Json fc = {{"type", "FeatureCollection"}, {"features", std::move(features)}};
  return fc.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace memoria::web
