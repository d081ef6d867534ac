// The political-prisoners list's figures (counts over time, by article and
// by region, drawn as SVG on the server) and its Atom feed of new
// assessments and status changes.
#include <algorithm>
#include <cstdio>

#include "cases/cases.h"
#include "core/text.h"
#include "web/internal/pages.h"
#include "web/internal/pages_common.h"
#include "web/internal/prisoners.h"

namespace memoria::web {

namespace {

using internal::Json;

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// Recognised and in custody as lines, releases as bars, by month.
std::string MonthsSvg(const std::vector<cases::MonthFigures>& months, const std::string& title) {
  const double width = 720, top = 10, base = 180;
  int64_t max_v = 1;
  for (const cases::MonthFigures& m : months) {
    max_v = std::max({max_v, m.recognised, m.in_custody, m.released});
  }
  const double step = width / static_cast<double>(std::max<size_t>(months.size(), 1));
  auto y = [&](int64_t v) {
    return base - (base - top) * static_cast<double>(v) / static_cast<double>(max_v);
  };
  std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 720 210\" role=\"img\""
      " aria-labelledby=\"months-title\"><title id=\"months-title\">";
  AppendHtmlEscaped(title, &svg);
  svg += "</title><line x1=\"0\" y1=\"180\" x2=\"720\" y2=\"180\" class=\"axis\"/>";
  std::string recognised, custody;
  for (size_t i = 0; i < months.size(); ++i) {
    const cases::MonthFigures& m = months[i];
    const double x = static_cast<double>(i) * step;
    if (m.released > 0) {
      svg += "<rect class=\"released\" x=\"" + Num(x) + "\" y=\"" + Num(y(m.released)) +
             "\" width=\"" + Num(std::max(step - 0.5, 0.5)) + "\" height=\"" +
             Num(base - y(m.released)) + "\"/>";
    }
    recognised += (i == 0 ? "M" : " L") + Num(x + step / 2) + " " + Num(y(m.recognised));
    custody += (i == 0 ? "M" : " L") + Num(x + step / 2) + " " + Num(y(m.in_custody));
  }
  if (!months.empty()) {
    svg += "<path class=\"recognised\" fill=\"none\" d=\"" + recognised + "\"/>";
    svg += "<path class=\"custody\" fill=\"none\" d=\"" + custody + "\"/>";
    const int first = months.front().month / 100, last = months.back().month / 100;
    const int stride = std::max(1, (last - first + 1 + 11) / 12);
    for (int year = first; year <= last; year += stride) {
      const size_t i = static_cast<size_t>((year - first) * 12 - (months.front().month % 100 - 1));
      if (year != first && i >= months.size()) break;
      const double x = year == first ? 0 : static_cast<double>(i) * step;
      svg += "<text x=\"" + Num(std::min(x, width - 30)) + "\" y=\"205\" class=\"tick\">" +
             std::to_string(year) + "</text>";
    }
  }
  svg += "</svg>";
  return svg;
}

std::string BarsSvg(const std::vector<cases::Tally>& tallies, const std::string& title,
                    const std::string& id) {
  int64_t max_v = 1;
  for (const cases::Tally& t : tallies) max_v = std::max(max_v, t.count);
  const double row = 22, height = row * static_cast<double>(tallies.size()) + 4;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 720 " + Num(height) +
                    "\" role=\"img\" aria-labelledby=\"" + id + "\"><title id=\"" + id + "\">";
  AppendHtmlEscaped(title, &svg);
  svg += "</title>";
  for (size_t i = 0; i < tallies.size(); ++i) {
    const double yv = static_cast<double>(i) * row + 2;
    const double w = 420.0 * static_cast<double>(tallies[i].count) / static_cast<double>(max_v);
    svg += "<text x=\"0\" y=\"" + Num(yv + 15) + "\" class=\"label\">";
    AppendHtmlEscaped(tallies[i].key, &svg);
    svg += "</text><rect class=\"bar\" x=\"240\" y=\"" + Num(yv + 3) + "\" width=\"" +
           Num(std::max(w, 1.0)) + "\" height=\"16\"/><text x=\"" + Num(246 + w) + "\" y=\"" +
           Num(yv + 15) + "\" class=\"value\">" + std::to_string(tallies[i].count) + "</text>";
  }
  svg += "</svg>";
  return svg;
}

Json TallyJson(const std::vector<cases::Tally>& tallies) {
  Json out = Json::array();
  for (const cases::Tally& t : tallies) out.push_back({{"key", t.key}, {"count", t.count}});
  return out;
}

int32_t ThisMonth() {
  const std::string today = internal::TodayIso();
  return std::stoi(today.substr(0, 4)) * 100 + std::stoi(today.substr(5, 2));
}

}  // namespace

Page PrisonersFiguresPage(const RequestContext& ctx) {
  Result<std::shared_ptr<const internal::PrisonersSnapshot>> snapshot =
      internal::PrisonersFor(ctx.reader);
  if (!snapshot.ok()) return StatusModel(ctx, snapshot.status());
  const std::vector<store::PrisonerRow>& rows = (*snapshot)->rows;
  Page page;
  page.view = "prisoners_figures";
  page.title = ctx.t().Get("figures_title");
  Json& m = page.model;
  const std::vector<cases::MonthFigures> months = cases::MonthlyFigures(rows, ThisMonth());
  Json months_json = Json::array();
  for (const cases::MonthFigures& f : months) {
    char ym[16];
    std::snprintf(ym, sizeof ym, "%04d-%02d", f.month / 100, f.month % 100);
    months_json.push_back({{"month", ym},
                           {"recognised", f.recognised},
                           {"in_custody", f.in_custody},
                           {"released", f.released}});
  }
  m["has_months"] = !months.empty();
  if (!months.empty()) {
    m["now"] = {{"recognised", months.back().recognised}, {"in_custody", months.back().in_custody}};
  }
  m["months"] = std::move(months_json);
  const std::vector<cases::Tally> by_article = cases::ByArticle(rows, 15);
  const std::vector<cases::Tally> by_region = cases::ByRegion(rows, 15);
  m["by_article"] = TallyJson(by_article);
  m["by_region"] = TallyJson(by_region);
  if (!ctx.api) {
    if (!months.empty()) m["months_svg"] = MonthsSvg(months, ctx.t().Get("figures_months"));
    if (!by_article.empty()) {
      m["article_svg"] = BarsSvg(by_article, ctx.t().Get("figures_by_article"), "article-title");
    }
    if (!by_region.empty()) {
      m["region_svg"] = BarsSvg(by_region, ctx.t().Get("figures_by_region"), "region-title");
    }
  }
  return page;
}

Result<Response> PrisonersFeed(const RequestContext& ctx) {
  MEMORIA_ASSIGN_OR_RETURN(store::Reader::Snapshot read, ctx.reader->BeginSnapshot());
  store::CasesReader reader(ctx.reader);
  MEMORIA_ASSIGN_OR_RETURN(std::vector<store::ChangeEntry> changes, reader.Changes(100));
  std::string updated = "1970-01-01T00:00:00Z";
  for (const store::ChangeEntry& c : changes) {
    const std::string t = internal::AtomTime(c.date);
    if (t > updated) updated = t;
  }
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>";
  internal::AppendXml(ctx.t().Get("feed_prisoners_title"), &xml);
  xml += "</title>\n<id>";
  internal::AppendXml(internal::Absolute(ctx, "/prisoners/feed.atom"), &xml);
  xml += "</id>\n<link rel=\"self\" href=\"";
  internal::AppendXml(internal::Absolute(ctx, "/prisoners/feed.atom"), &xml);
  xml += "\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"";
  internal::AppendXml(internal::Absolute(ctx, "/prisoners"), &xml);
  xml += "\"/>\n<updated>" + updated + "</updated>\n<author><name>";
  internal::AppendXml(ctx.t().Get("site_name"), &xml);
  xml += "</name></author>\n";
  for (const store::ChangeEntry& c : changes) {
    const std::string name = internal::JoinName(c.surname, c.given, c.patronymic);
    const std::string label =
        internal::ValueLabel(ctx, c.kind == "status" ? "status" : "assessment", c.value);
    const std::string url = internal::Absolute(ctx, "/prisoners/" + std::to_string(c.person_id));
    const std::string when = internal::AtomTime(c.date);
    xml += "<entry>\n<id>urn:memoria:" + c.kind + ":" + std::to_string(c.id) + "</id>\n<title>";
    internal::AppendXml(name + ": " + label, &xml);
    xml += "</title>\n<updated>" + (when.empty() ? updated : when) + "</updated>\n<link href=\"";
    internal::AppendXml(url, &xml);
    xml += "\"/>\n<summary>";
    std::string summary = label;
    if (!c.date.empty()) summary += " (" + internal::HumanDate(c.date, ctx.lang) + ")";
    if (!c.statement.empty()) summary += ". " + c.statement;
    internal::AppendXml(summary, &xml);
    xml += "</summary>\n</entry>\n";
  }
  xml += "</feed>\n";
  Response r;
  r.content_type = "application/atom+xml; charset=utf-8";
  r.body = std::move(xml);
  return r;
}

}  // namespace memoria::web
