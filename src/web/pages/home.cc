// The home page: the archive's figures and arrests and executions by month.
#include <cstdio>

#include "web/internal/pages.h"
#include "web/internal/pages_common.h"
#include "web/internal/svg.h"

namespace memoria::web {
namespace {

using internal::Json;
using internal::Lang;

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

// The chart spans the months where the bulk lies (all but half a per cent
// at each end): a stray date of 1850 or 2020 would flatten the rest.
std::pair<int32_t, int32_t> BulkMonths(const std::vector<store::MonthCount>& months) {
  int64_t total = 0;
  for (const store::MonthCount& mc : months) total += mc.arrests + mc.executions;
  int64_t seen = 0;
  int32_t first = months.front().month, last = months.back().month;
  for (const store::MonthCount& mc : months) {
    seen += mc.arrests + mc.executions;
    if (seen * 200 >= total) {
      first = mc.month;
      break;
    }
  }
  seen = 0;
  for (auto it = months.rbegin(); it != months.rend(); ++it) {
    seen += it->arrests + it->executions;
    if (seen * 200 >= total) {
      last = it->month;
      break;
    }
  }
  return {first, last};
}

Json ChartModel(const RequestContext& ctx, const std::vector<store::MonthCount>& all) {
  const auto [first, last] = BulkMonths(all);
  std::vector<store::MonthCount> shown;
  int64_t arrests = 0, executions = 0;
  for (const store::MonthCount& mc : all) {
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
  if (!ctx.api) chart["svg"] = internal::ChartSvg(shown, ctx.t().Get("chart_title"), first, last);
  return chart;
}

}  // namespace

Page HomePage(const RequestContext& ctx) {
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
  if (!f.months.empty()) m["chart"] = ChartModel(ctx, f.months);
  return page;
}

}  // namespace memoria::web
