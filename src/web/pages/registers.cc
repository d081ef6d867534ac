// Registers of persecution (docs/formats/registers.md, docs/WEBSITE.md):
// the list of registers, a register as of a day with its charts, an entry's
// history, the changes between two days, the Atom feed of changes, SVG
// charts and CSV/JSONL exports. Everything is read through a
// store::RegisterReader at the request's ceiling.
#include "registers/registers.h"

#include <algorithm>
#include <cstdio>

#include "core/text.h"
#include "store/registers.h"
#include "web/internal/pages.h"
#include "web/internal/pages_common.h"
#include "web/internal/url.h"

namespace memoria::web {
namespace {

using internal::Json;
using internal::UrlEncode;

constexpr int64_t kEntriesPerPage = 100;
constexpr int64_t kFeedEntries = 200;

std::string Esc(std::string_view s) {
  std::string out;
  AppendHtmlEscaped(s, &out);
  return out;
}

std::string Base(const store::RegisterInfo& r) { return "/registers/" + UrlEncode(r.key); }

Result<std::unique_ptr<store::RegisterReader>> Open(const RequestContext& ctx) {
  return store::RegisterReader::Create(ctx.reader);
}

// The label of a field key in the page's language; the key itself for a
// field the catalogs do not name.
std::string FieldLabel(const RequestContext& ctx, std::string_view field) {
  const std::string key = "reg_field_" + std::string(field);
  const std::string& label = ctx.t().Get(key);
  return label == "?" || label.empty() ? std::string(field) : label;
}

Json RegisterModel(const RequestContext& ctx, const store::RegisterSummary& s) {
  Json j = Json::object();
  j["key"] = s.info.key;
  j["url"] = ctx.Link(Base(s.info));
  j["title"] = s.info.title;
  j["publisher"] = s.info.publisher;
  j["legal_basis"] = s.info.legal_basis;
  j["snapshots"] = s.snapshots;
  j["entries"] = s.entries;
  j["first_snapshot"] = s.first_as_of;
  j["last_snapshot"] = s.last_as_of;
  j["changes_url"] = ctx.Link(Base(s.info) + "/changes");
  j["feed_url"] = Base(s.info) + "/feed.atom";
  return j;
}

Json EntryModel(const RequestContext& ctx, const store::RegisterInfo& reg,
                const registers::EntryBrief& e) {
  Json j = registers::EntryJson(e);
  j["url"] = ctx.Link(Base(reg) + "/" + UrlEncode(e.number));
  j["included_human"] = internal::HumanDate(e.included, ctx.lang);
  j["excluded_human"] = internal::HumanDate(e.excluded, ctx.lang);
  j["birth_human"] = internal::HumanDate(e.birth_date, ctx.lang);
  j["kind_label"] = ctx.t().Get("reg_kind_" + e.kind);
  if (e.person_id != 0) j["person_url"] = ctx.Link("/person/" + std::to_string(e.person_id));
  return j;
}

// A bar chart: inclusions above the axis, exclusions below, per month.
std::string FlowSvg(const std::vector<registers::MonthFlow>& months, const std::string& title,
                    const std::string& in_label, const std::string& out_label) {
  if (months.empty()) return "";
  const int32_t first = months.front().month, last = months.back().month;
  const int span = (last / 100 - first / 100) * 12 + (last % 100 - first % 100) + 1;
  int64_t peak = 1;
  for (const auto& m : months) peak = std::max({peak, m.included, m.excluded});
  const double width = 720, half = 90, bar = width / span;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                    std::to_string(static_cast<int>(width)) + " " +
                    std::to_string(static_cast<int>(2 * half + 30)) +
                    "\" role=\"img\" aria-label=\"" + Esc(title) + "\" class=\"chart\">";
  svg += "<title>" + Esc(title) + "</title>";
  char buf[256];
  for (const auto& m : months) {
    const int index = (m.month / 100 - first / 100) * 12 + (m.month % 100 - first % 100);
    const double x = index * bar;
    const double up = half * static_cast<double>(m.included) / static_cast<double>(peak);
    const double down = half * static_cast<double>(m.excluded) / static_cast<double>(peak);
    std::snprintf(
        buf, sizeof buf,
        "<rect class=\"in\" fill=\"#8a1c1c\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">"
        "<title>%04d-%02d: %lld %s</title></rect>",
        x, half - up, std::max(bar - 0.5, 0.5), up, m.month / 100, m.month % 100,
        static_cast<long long>(m.included), Esc(in_label).c_str());
    svg += buf;
    if (m.excluded > 0) {
      std::snprintf(buf, sizeof buf,
                    "<rect class=\"out\" fill=\"#4a6fa5\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                    "height=\"%.1f\">"
                    "<title>%04d-%02d: %lld %s</title></rect>",
                    x, half, std::max(bar - 0.5, 0.5), down, m.month / 100, m.month % 100,
                    static_cast<long long>(m.excluded), Esc(out_label).c_str());
      svg += buf;
    }
  }
  std::snprintf(buf, sizeof buf,
                "<line x1=\"0\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"currentColor\"/>"
                "<text x=\"0\" y=\"%.0f\" font-size=\"12\">%d</text>"
                "<text x=\"%.0f\" y=\"%.0f\" font-size=\"12\" text-anchor=\"end\">%d</text>",
                half, width, half, 2 * half + 24, first / 100, width, 2 * half + 24, last / 100);
  svg += buf;
  svg += "</svg>";
  return svg;
}

// Horizontal bars: entries per legal ground.
std::string GroundsSvg(const std::vector<registers::GroundCount>& grounds,
                       const std::string& title) {
  if (grounds.empty()) return "";
  const size_t shown = std::min<size_t>(grounds.size(), 12);
  int64_t peak = 1;
  for (size_t i = 0; i < shown; ++i) peak = std::max(peak, grounds[i].entries);
  const double width = 720, row = 22;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 720 " +
                    std::to_string(static_cast<int>(row * shown + 4)) +
                    "\" role=\"img\" aria-label=\"" + Esc(title) + "\" class=\"chart\">";
  svg += "<title>" + Esc(title) + "</title>";
  char buf[160];
  for (size_t i = 0; i < shown; ++i) {
    const auto& g = grounds[i];
    const double w = (width - 60) * static_cast<double>(g.entries) / static_cast<double>(peak);
    std::snprintf(
        buf, sizeof buf,
        "<rect class=\"in\" fill=\"#e8cfcf\" x=\"0\" y=\"%.0f\" width=\"%.1f\" height=\"%.0f\"/>",
        i * row + 2, w, row - 4);
    svg += buf;
    std::string label = g.label;
    if (Utf8Length(label) > 80) {
      // Cut at a character boundary.
      size_t bytes = 0, chars = 0;
      while (bytes < label.size() && chars < 80) {
        unsigned char c = static_cast<unsigned char>(label[bytes]);
        bytes += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        ++chars;
      }
      label = label.substr(0, bytes) + "…";
    }
    std::snprintf(buf, sizeof buf, "<text x=\"4\" y=\"%.0f\" font-size=\"12\">", i * row + 16);
    svg += buf;
    svg += std::to_string(g.entries) + " · " + Esc(label) + "</text>";
  }
  svg += "</svg>";
  return svg;
}

// The register named by the path, or the 404 page.
struct Opened {
  std::unique_ptr<store::RegisterReader> reader;
  store::RegisterSummary summary;
};
Result<Opened> OpenRegister(const RequestContext& ctx) {
  Opened o;
  MEMORIA_ASSIGN_OR_RETURN(o.reader, Open(ctx));
  MEMORIA_ASSIGN_OR_RETURN(o.summary, o.reader->Register(ctx.Param("register")));
  return o;
}

// A date parameter (YYYY-MM-DD) or "" when absent; nullopt when malformed.
std::optional<std::string> DateParam(const RequestContext& ctx, std::string_view name) {
  const std::string& v = ctx.Param(name);
  if (v.empty()) return std::string();
  if (!registers::DayOf(v).has_value()) return std::nullopt;
  return v;
}

}  // namespace

Page RegistersPage(const RequestContext& ctx) {
  auto reader = Open(ctx);
  if (!reader.ok()) return StatusModel(ctx, reader.status());
  auto all = (*reader)->Registers();
  if (!all.ok()) return StatusModel(ctx, all.status());
  Page page;
  page.view = "registers";
  page.title = ctx.t().Get("reg_title");
  Json list = Json::array();
  for (const store::RegisterSummary& s : *all) list.push_back(RegisterModel(ctx, s));
  page.model["registers"] = std::move(list);
  return page;
}

Page RegisterPage(const RequestContext& ctx) {
  auto o = OpenRegister(ctx);
  if (!o.ok()) return StatusModel(ctx, o.status());
  std::optional<std::string> as_of = DateParam(ctx, "as_of");
  if (!as_of.has_value()) return ErrorModel(ctx, 400, ctx.t().Get("reg_bad_date"));
  registers::ListOptions options;
  options.as_of = *as_of;
  options.kind = ctx.Param("kind");
  if (!options.kind.empty() && options.kind != "person" && options.kind != "organisation") {
    return ErrorModel(ctx, 400, ctx.t().Get("reg_bad_kind"));
  }
  options.grounds = ctx.Param("ground");
  const std::string& year = ctx.Param("year");
  if (!year.empty()) {
    std::optional<int64_t> y = internal::ParsePositiveId(year);
    if (!y.has_value() || year.size() != 4)
      return ErrorModel(ctx, 400, ctx.t().Get("reg_bad_year"));
    options.year = static_cast<int>(*y);
  }
  options.text = ctx.Param("q");
  auto list = registers::List(o->reader.get(), o->summary.info.key, options);
  if (!list.ok()) return StatusModel(ctx, list.status());
  Page page;
  page.view = "register";
  page.title = o->summary.info.title;
  Json& m = page.model;
  const store::RegisterInfo& reg = o->summary.info;
  m["register"] = RegisterModel(ctx, o->summary);
  m["as_of"] = list->as_of;
  m["snapshot"] = list->snapshot;
  m["snapshot_human"] = internal::HumanDate(list->snapshot, ctx.lang);
  m["listed"] = list->listed;
  m["total"] = static_cast<int64_t>(list->entries.size());
  m["filters"] = {{"kind", options.kind},
                  {"ground", options.grounds},
                  {"year", year},
                  {"q", options.text},
                  {"kind_person", options.kind == "person"},
                  {"kind_organisation", options.kind == "organisation"}};
  const int64_t first = (ctx.page - 1) * kEntriesPerPage;
  Json entries = Json::array();
  for (int64_t i = first;
       i < static_cast<int64_t>(list->entries.size()) && i < first + kEntriesPerPage; ++i) {
    entries.push_back(EntryModel(ctx, reg, list->entries[static_cast<size_t>(i)]));
  }
  m["has_entries"] = !entries.empty();
  m["entries"] = std::move(entries);
  std::string base = Base(reg) + "?";
  for (const char* p : {"as_of", "kind", "ground", "year", "q"}) {
    if (!ctx.Param(p).empty()) base += std::string(p) + "=" + UrlEncode(ctx.Param(p)) + "&";
  }
  base.pop_back();
  const int64_t pages =
      (static_cast<int64_t>(list->entries.size()) + kEntriesPerPage - 1) / kEntriesPerPage;
  m["pager"] = internal::PaginationModel(ctx, base, ctx.page, ctx.page < pages, pages);
  Json grounds = Json::array();
  for (const registers::GroundCount& g : list->grounds) {
    grounds.push_back({{"key", g.key},
                       {"label", g.label},
                       {"count", g.entries},
                       {"selected", g.key == options.grounds}});
  }
  m["grounds"] = std::move(grounds);
  std::string export_query = list->snapshot.empty() ? "" : "?as_of=" + list->snapshot;
  m["export_csv"] = Base(reg) + "/export.csv" + export_query;
  m["export_jsonl"] = Base(reg) + "/export.jsonl" + export_query;
  auto flows = registers::RegisterFlows(o->reader.get(), reg.id);
  if (!flows.ok()) return StatusModel(ctx, flows.status());
  Json months = Json::array();
  for (const registers::MonthFlow& f : flows->months) {
    char ym[16];
    std::snprintf(ym, sizeof ym, "%04d-%02d", f.month / 100, f.month % 100);
    months.push_back({{"month", ym}, {"included", f.included}, {"excluded", f.excluded}});
  }
  m["months"] = std::move(months);
  if (!ctx.api) {
    m["flow_svg"] = FlowSvg(flows->months, ctx.t().Get("reg_chart_flow"),
                            ctx.t().Get("reg_included"), ctx.t().Get("reg_excluded"));
    m["grounds_svg"] = GroundsSvg(flows->grounds, ctx.t().Get("reg_chart_grounds"));
  }
  m["flow_svg_url"] = Base(reg) + "/flow.svg";
  m["grounds_svg_url"] = Base(reg) + "/grounds.svg";
  return page;
}

Page RegisterEntryPage(const RequestContext& ctx) {
  auto o = OpenRegister(ctx);
  if (!o.ok()) return StatusModel(ctx, o.status());
  auto h = registers::History(o->reader.get(), o->summary.info.key, ctx.Param("number"));
  if (!h.ok()) return StatusModel(ctx, h.status());
  auto snapshots = o->reader->Snapshots(o->summary.info.id);
  if (!snapshots.ok()) return StatusModel(ctx, snapshots.status());
  auto snapshot_of = [&](int64_t id) -> const store::SnapshotInfo* {
    for (const store::SnapshotInfo& s : *snapshots) {
      if (s.id == id) return &s;
    }
    return nullptr;
  };
  Page page;
  page.view = "register_entry";
  const std::string& name = h->entry.Field(registers::kName);
  page.title = name.empty() ? "№ " + h->entry.number : name;
  Json& m = page.model;
  m["register"] = RegisterModel(ctx, o->summary);
  m["number"] = h->entry.number;
  m["name"] = name;
  m["kind"] = h->entry.kind;
  m["kind_label"] = ctx.t().Get("reg_kind_" + h->entry.kind);
  if (h->entry.person_id != 0) {
    m["person_id"] = h->entry.person_id;
    m["person_url"] = ctx.Link("/person/" + std::to_string(h->entry.person_id));
  }
  Json fields = Json::array();
  for (const auto& [k, v] : h->entry.fields) {
    if (k == registers::kNumber || v.empty()) continue;
    fields.push_back({{"field", k}, {"label", FieldLabel(ctx, k)}, {"value", v}});
  }
  m["fields"] = std::move(fields);
  Json timeline = Json::array();
  for (const store::RegisterEventRow& e : h->events) {
    Json j = registers::EventJson(e);
    j["kind_label"] = ctx.t().Get("reg_event_" + e.kind);
    j["snapshot_human"] = internal::HumanDate(e.as_of, ctx.lang);
    j["date_human"] = internal::HumanDate(e.date, ctx.lang);
    if (e.kind == "changed") j["field_label"] = FieldLabel(ctx, e.field);
    if (const store::SnapshotInfo* s = snapshot_of(e.snapshot_id)) {
      j["file"] = s->file_name;
      j["sha256"] = s->file_sha256;
    }
    timeline.push_back(std::move(j));
  }
  m["timeline"] = std::move(timeline);
  Json versions = Json::array();
  for (const store::RegisterVersionRow& v : h->versions) {
    if (v.field == registers::kNumber) continue;
    versions.push_back({{"field", v.field},
                        {"label", FieldLabel(ctx, v.field)},
                        {"value", v.value},
                        {"first_snapshot", v.first_as_of},
                        {"last_snapshot", v.last_as_of}});
  }
  m["versions"] = std::move(versions);
  return page;
}

Page RegisterChangesPage(const RequestContext& ctx) {
  auto o = OpenRegister(ctx);
  if (!o.ok()) return StatusModel(ctx, o.status());
  std::optional<std::string> from = DateParam(ctx, "from"), to = DateParam(ctx, "to");
  if (!from.has_value() || !to.has_value()) {
    return ErrorModel(ctx, 400, ctx.t().Get("reg_bad_date"));
  }
  auto snapshots = o->reader->Snapshots(o->summary.info.id);
  if (!snapshots.ok()) return StatusModel(ctx, snapshots.status());
  // By default: the newest snapshot against the one before it.
  if (to->empty()) *to = snapshots->empty() ? internal::TodayIso() : snapshots->back().as_of;
  if (from->empty()) {
    *from = snapshots->size() >= 2 ? (*snapshots)[snapshots->size() - 2].as_of : *to;
  }
  auto diff = registers::Diff(o->reader.get(), o->summary.info.key, *from, *to);
  if (!diff.ok()) return StatusModel(ctx, diff.status());
  Page page;
  page.view = "register_changes";
  page.title = o->summary.info.title + " — " + ctx.t().Get("reg_changes");
  Json& m = page.model;
  const store::RegisterInfo& reg = o->summary.info;
  m["register"] = RegisterModel(ctx, o->summary);
  Json d = registers::DiffJson(*diff);
  for (const char* list : {"included", "excluded"}) {
    Json out = Json::array();
    for (const registers::EntryBrief& e : list[0] == 'i' ? diff->included : diff->excluded) {
      out.push_back(EntryModel(ctx, reg, e));
    }
    d[list] = std::move(out);
  }
  for (auto& c : d["changed"]) {
    c["label"] = FieldLabel(ctx, c["field"].get<std::string>());
    c["url"] = ctx.Link(Base(reg) + "/" + UrlEncode(c["number"].get<std::string>()));
  }
  m["diff"] = std::move(d);
  m["count"] = {{"included", diff->included.size()},
                {"excluded", diff->excluded.size()},
                {"changed", diff->changed.size()}};
  Json days = Json::array();
  for (auto it = snapshots->rbegin(); it != snapshots->rend(); ++it) {
    days.push_back({{"as_of", it->as_of}, {"from", it->as_of == *from}, {"to", it->as_of == *to}});
  }
  m["snapshots"] = std::move(days);
  const std::string q = "?from=" + *from + "&to=" + *to;
  m["export_csv"] = Base(reg) + "/changes.csv" + q;
  m["export_jsonl"] = Base(reg) + "/changes.jsonl" + q;
  return page;
}

namespace {

Response TextResponse(std::string content_type, std::string body) {
  Response r;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  return r;
}

std::string CsvCell(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string XmlEscaped(std::string_view s) {
  std::string out;
  AppendHtmlEscaped(s, &out);
  return out;
}

// The events of ?from= .. ?to= (snapshot days; open ends when absent),
// oldest first.
Result<std::vector<store::RegisterEventRow>> EventsBetween(const RequestContext& ctx,
                                                           store::RegisterReader* reader,
                                                           int64_t register_id) {
  store::RegisterReader::EventQuery q;
  q.register_id = register_id;
  q.limit = INT64_MAX;
  for (const char* name : {"from", "to"}) {
    const std::string& v = ctx.Param(name);
    if (v.empty()) continue;
    std::optional<int32_t> day = registers::DayOf(v);
    if (!day.has_value()) return InvalidArgumentError(ctx.t().Get("reg_bad_date"));
    (name[0] == 'f' ? q.from_day : q.to_day) = *day;
  }
  MEMORIA_ASSIGN_OR_RETURN(std::vector<store::RegisterEventRow> events, reader->Events(q));
  std::reverse(events.begin(), events.end());
  return events;
}

Result<registers::ListResult> ListAsOf(const RequestContext& ctx, Opened* o) {
  registers::ListOptions options;
  options.as_of = ctx.Param("as_of");
  if (!options.as_of.empty() && !registers::DayOf(options.as_of).has_value()) {
    return InvalidArgumentError(ctx.t().Get("reg_bad_date"));
  }
  return registers::List(o->reader.get(), o->summary.info.key, options);
}

}  // namespace

Result<Response> RegisterFeed(const RequestContext& ctx) {
  MEMORIA_ASSIGN_OR_RETURN(Opened o, OpenRegister(ctx));
  store::RegisterReader::EventQuery q;
  q.register_id = o.summary.info.id;
  q.limit = kFeedEntries;
  MEMORIA_ASSIGN_OR_RETURN(std::vector<store::RegisterEventRow> events, o.reader->Events(q));
  const std::string site = ctx.base_url.empty() ? "http://localhost" : ctx.base_url;
  const std::string base = Base(o.summary.info);
  const std::string feed_id =
      "tag:memoria," + std::string("2024") + ":registers/" + o.summary.info.key;
  const std::string updated =
      (o.summary.last_as_of.empty() ? std::string("1970-01-01") : o.summary.last_as_of) +
      "T00:00:00Z";
  std::string x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  x += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"" +
       std::string(internal::LangCode(ctx.lang)) + "\">\n";
  x += "<id>" + XmlEscaped(feed_id) + "</id>\n";
  x += "<title>" + XmlEscaped(o.summary.info.title + " — " + ctx.t().Get("reg_changes")) +
       "</title>\n";
  x += "<updated>" + updated + "</updated>\n";
  x += "<author><name>memoria</name></author>\n";
  x += "<link rel=\"self\" type=\"application/atom+xml\" href=\"" + XmlEscaped(site + base) +
       "/feed.atom\"/>\n";
  x += "<link rel=\"alternate\" type=\"text/html\" href=\"" + XmlEscaped(site + base) +
       "/changes\"/>\n";
  for (const store::RegisterEventRow& e : events) {
    std::string title = ctx.t().Get("reg_event_" + e.kind) + ": № " + e.number + " " + e.name;
    std::string summary;
    if (e.kind == "changed") {
      summary = FieldLabel(ctx, e.field) + ": «" + e.before + "» → «" + e.after + "»";
    } else if (!e.date.empty()) {
      summary = ctx.t().Get("reg_decision") + " " + e.date;
    } else {
      summary = ctx.t().Get("reg_snapshot") + " " + e.as_of;
    }
    const std::string id = feed_id + "/" + e.number + "/" + e.as_of + "/" + e.kind +
                           (e.field.empty() ? "" : "/" + e.field);
    x += "<entry>\n";
    x += "<id>" + XmlEscaped(id) + "</id>\n";
    x += "<title>" + XmlEscaped(title) + "</title>\n";
    x += "<updated>" + e.as_of + "T00:00:00Z</updated>\n";
    x += "<link rel=\"alternate\" type=\"text/html\" href=\"" +
         XmlEscaped(site + base + "/" + UrlEncode(e.number)) + "\"/>\n";
    x += "<summary>" + XmlEscaped(summary) + "</summary>\n";
    x += "</entry>\n";
  }
  x += "</feed>\n";
  return TextResponse("application/atom+xml; charset=utf-8", std::move(x));
}

Result<Response> RegisterFlowSvg(const RequestContext& ctx) {
  MEMORIA_ASSIGN_OR_RETURN(Opened o, OpenRegister(ctx));
  MEMORIA_ASSIGN_OR_RETURN(registers::Flows flows,
                           registers::RegisterFlows(o.reader.get(), o.summary.info.id));
  std::string svg = FlowSvg(flows.months, ctx.t().Get("reg_chart_flow"),
                            ctx.t().Get("reg_included"), ctx.t().Get("reg_excluded"));
  if (svg.empty()) svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>";
  return TextResponse("image/svg+xml", std::move(svg));
}

Result<Response> RegisterGroundsSvg(const RequestContext& ctx) {
  MEMORIA_ASSIGN_OR_RETURN(Opened o, OpenRegister(ctx));
  MEMORIA_ASSIGN_OR_RETURN(registers::Flows flows,
                           registers::RegisterFlows(o.reader.get(), o.summary.info.id));
  std::string svg = GroundsSvg(flows.grounds, ctx.t().Get("reg_chart_grounds"));
  if (svg.empty()) svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>";
  return TextResponse("image/svg+xml", std::move(svg));
}

Result<Response> RegisterExportCsv(const RequestContext& ctx) {
  MEMORIA_ASSIGN_OR_RETURN(Opened o, OpenRegister(ctx));
  MEMORIA_ASSIGN_OR_RETURN(registers::ListResult list, ListAsOf(ctx, &o));
  std::string out = "number,name,kind,birth_date,grounds,included,excluded,person_id,snapshot\r\n";
  for (const registers::EntryBrief& e : list.entries) {
    for (const std::string* f :
         {&e.number, &e.name, &e.kind, &e.birth_date, &e.grounds, &e.included, &e.excluded}) {
      out += CsvCell(*f) + ",";
    }
    out += (e.person_id != 0 ? std::to_string(e.person_id) : "") + "," + list.snapshot + "\r\n";
  }
  return TextResponse("text/csv; charset=utf-8", std::move(out));
}

Result<Response> RegisterExportJsonl(const RequestContext& ctx) {
  MEMORIA_ASSIGN_OR_RETURN(Opened o, OpenRegister(ctx));
  MEMORIA_ASSIGN_OR_RETURN(registers::ListResult list, ListAsOf(ctx, &o));
  std::string out;
  for (const registers::EntryBrief& e : list.entries) {
    Json j = registers::EntryJson(e);
    j["snapshot"] = list.snapshot;
    out += j.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
  }
  return TextResponse("application/x-ndjson; charset=utf-8", std::move(out));
}

Result<Response> RegisterChangesCsv(const RequestContext& ctx) {
  MEMORIA_ASSIGN_OR_RETURN(Opened o, OpenRegister(ctx));
  MEMORIA_ASSIGN_OR_RETURN(std::vector<store::RegisterEventRow> events,
                           EventsBetween(ctx, o.reader.get(), o.summary.info.id));
  std::string out = "snapshot,kind,number,name,date,field,before,after\r\n";
  for (const store::RegisterEventRow& e : events) {
    for (const std::string* f :
         {&e.as_of, &e.kind, &e.number, &e.name, &e.date, &e.field, &e.before}) {
      out += CsvCell(*f) + ",";
    }
    out += CsvCell(e.after) + "\r\n";
  }
  return TextResponse("text/csv; charset=utf-8", std::move(out));
}

Result<Response> RegisterChangesJsonl(const RequestContext& ctx) {
  MEMORIA_ASSIGN_OR_RETURN(Opened o, OpenRegister(ctx));
  MEMORIA_ASSIGN_OR_RETURN(std::vector<store::RegisterEventRow> events,
                           EventsBetween(ctx, o.reader.get(), o.summary.info.id));
  std::string out;
  for (const store::RegisterEventRow& e : events) {
    out += registers::EventJson(e).dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
  }
  return TextResponse("application/x-ndjson; charset=utf-8", std::move(out));
}

// The person page's register entries (pages/person.cc).
Result<Json> PersonRegistersModel(const RequestContext& ctx, int64_t person_id) {
  Json out = Json::array();
  // Every person page asks: the App's reader keeps its statements prepared
  // (preparing them over the views was a sixth of a person page's time).
  std::unique_ptr<store::RegisterReader> own;
  store::RegisterReader* reader = ctx.registers;
  if (reader == nullptr) {
    MEMORIA_ASSIGN_OR_RETURN(own, Open(ctx));
    reader = own.get();
  }
  MEMORIA_ASSIGN_OR_RETURN(std::vector<store::PersonRegisterEntry> entries,
                           reader->EntriesOfPerson(person_id));
  for (const store::PersonRegisterEntry& e : entries) {
    out.push_back(
        {{"register", e.register_key},
         {"title", e.register_title},
         {"number", e.number},
         {"included", e.included},
         {"included_human", internal::HumanDate(e.included, ctx.lang)},
         {"first_snapshot", e.first_as_of},
         {"excluded", e.excluded},
         {"excluded_human", internal::HumanDate(e.excluded, ctx.lang)},
         {"last_snapshot", e.last_as_of},
         {"url", ctx.Link("/registers/" + UrlEncode(e.register_key) + "/" + UrlEncode(e.number))}});
  }
  return out;
}

}  // namespace memoria::web
