// Browsing: the index of letters, years and places, and the person lists by
// surname letter, place and event date. Places are units of the place
// authority (query::PlaceIndex): one Moscow however the records write it.
#include <algorithm>

#include "core/text.h"
#include "web/internal/pages.h"
#include "web/internal/pages_common.h"
#include "web/internal/url.h"

namespace memoria::web {
namespace {

using internal::Json;

// The Russian alphabet as surnames start (no ъ, ь, ы).
constexpr std::string_view kLetters[] = {"А", "Б", "В", "Г", "Д", "Е", "Ж", "З", "И", "Й",
                                         "К", "Л", "М", "Н", "О", "П", "Р", "С", "Т", "У",
                                         "Ф", "Х", "Ц", "Ч", "Ш", "Щ", "Э", "Ю", "Я"};

Json YearsModel(const RequestContext& ctx, const internal::Site::Figures& figures) {
  Json years = Json::array();
  for (std::string_view type : {"execution", "arrest"}) {
    auto it = figures.years.find(std::string(type));
    if (it == figures.years.end()) continue;
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
  return years;
}

// A list page of persons read by keyset (internal::KeysetListModel).
Page KeysetPage(const RequestContext& ctx, std::string title, const internal::ListFetch& fetch,
                const std::string& base, Page page) {
  page.view = "browse_list";
  page.title = std::move(title);
  page.model["heading"] = page.title;
  Status s = internal::KeysetListModel(ctx, fetch, base, &page.model);
  if (!s.ok()) return StatusModel(ctx, s);
  return page;
}

// A list page of persons: "ids" holds the page's persons and one more when
// there is a next page.
Page ListPage(const RequestContext& ctx, std::string title, Result<std::vector<int64_t>> ids,
              const std::string& base, Page page) {
  if (!ids.ok()) return StatusModel(ctx, ids.status());
  page.view = "browse_list";
  page.title = std::move(title);
  page.model["heading"] = page.title;
  Status s = internal::PersonListModel(ctx, std::move(ids).value(), ctx.page, kListPageSize, base,
                                       &page.model);
  if (!s.ok()) return StatusModel(ctx, s);
  return page;
}

// A unit of the place authority in a list: its name, kind, the units it is
// in, its persons, and the link that finds it (its path).
Json PlaceUnitModel(const RequestContext& ctx, const query::PlaceIndex::UnitSummary& u) {
  Json j = {{"name", u.name},
            {"kind", u.kind},
            {"kind_label", ctx.t().Get("place_kind_" + u.kind)},
            {"count", u.persons},
            {"url", ctx.Link("/browse/place?q=" + internal::UrlEncode(u.query))}};
  if (!u.within.empty()) {
    j["within"] = u.within;
    j["within_url"] = ctx.Link("/browse/place?q=" + internal::UrlEncode(u.within));
  }
  return j;
}

// The units the place query names: each with its forms as written and the
// units under it (houses of a street in number order).
Json PlaceUnitsModel(const RequestContext& ctx, const query::PlaceIndex& places,
                     std::string_view q) {
  Json units = Json::array();
  for (const query::PlaceIndex::UnitDetail& d : places.Describe(q, 60)) {
    Json u = PlaceUnitModel(ctx, d.unit);
    Json written = Json::array();
    for (const auto& [form, n] : d.written) written.push_back({{"form", form}, {"count", n}});
    u["written"] = std::move(written);
    if (d.other_forms > 0) u["other_forms"] = d.other_forms;
    Json children = Json::array();
    for (const query::PlaceIndex::UnitSummary& c : d.children) {
      children.push_back(PlaceUnitModel(ctx, c));
    }
    u["has_children"] = !children.empty();
    u["children"] = std::move(children);
    units.push_back(std::move(u));
  }
  return units;
}

}  // namespace

Page BrowseIndexPage(const RequestContext& ctx) {
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
  m["years"] = YearsModel(ctx, **figures);
  Result<std::shared_ptr<const internal::Site::Indexes>> indexes = ctx.site->GetIndexes(ctx.reader);
  if (!indexes.ok()) return StatusModel(ctx, indexes.status());
  Json places = Json::array();
  for (const query::PlaceIndex::UnitSummary& u : (*indexes)->places.top()) {
    places.push_back(PlaceUnitModel(ctx, u));
  }
  m["places"] = std::move(places);
  return page;
}

Page BrowseLetterPage(const RequestContext& ctx) {
  const std::string& letter = ctx.Param("letter");
  Page page;
  page.model["letter"] = letter;
  return KeysetPage(
      ctx, ctx.t().Format("browse_letter_heading", {letter}),
      [&](const store::ListSeek& seek) { return ctx.reader->PersonsBySurnamePrefix(letter, seek); },
      "/browse/letter/" + internal::UrlEncode(letter), std::move(page));
}

Page BrowsePlacePage(const RequestContext& ctx) {
  const std::string& q = ctx.Param("q");
  if (CollapseSpace(q).empty()) return ErrorModel(ctx, 400, ctx.t().Get("msg_need_place"));
  Result<std::shared_ptr<const internal::Site::Indexes>> indexes = ctx.site->GetIndexes(ctx.reader);
  if (!indexes.ok()) return StatusModel(ctx, indexes.status());
  const std::vector<int64_t> all = (*indexes)->places.Match(q);
  Page page;
  page.model["place"] = q;
  page.model["units"] = PlaceUnitsModel(ctx, (*indexes)->places, q);
  page.model["total"] = static_cast<int64_t>(all.size());
  const size_t from = static_cast<size_t>(
      std::min<int64_t>((ctx.page - 1) * kListPageSize, static_cast<int64_t>(all.size())));
  const size_t to = std::min(all.size(), from + kListPageSize + 1);
  return ListPage(ctx, ctx.t().Format("browse_place_heading", {q}),
                  std::vector<int64_t>(all.begin() + from, all.begin() + to),
                  "/browse/place?q=" + internal::UrlEncode(q), std::move(page));
}

Page BrowseDatePage(const RequestContext& ctx) {
  const std::string type = ctx.Param("type").empty() ? "execution" : ctx.Param("type");
  if (!internal::IsEventType(type)) return ErrorModel(ctx, 400, ctx.t().Get("msg_bad_event"));
  const std::string &year = ctx.Param("year"), &month = ctx.Param("month");
  std::string date = year;
  if (!month.empty()) date += "-" + (month.size() == 1 ? "0" + month : month);
  std::optional<std::pair<int32_t, int32_t>> days =
      year.size() == 4 ? internal::DayRange(date, date) : std::nullopt;
  if (!days.has_value()) return ErrorModel(ctx, 400, ctx.t().Get("msg_bad_date"));
  Page page;
  page.model["type"] = type;
  page.model["date"] = date;
  std::string base = "/browse/date?type=" + type + "&year=" + year;
  if (!month.empty()) base += "&month=" + internal::UrlEncode(month);
  return KeysetPage(
      ctx,
      ctx.t().Format("browse_date_heading",
                     {ctx.t().Get("ev_" + type), internal::HumanDate(date, ctx.lang)}),
      [&](const store::ListSeek& seek) {
        return ctx.reader->PersonsByEventDate(type, days->first, days->second, seek);
      },
      base, std::move(page));
}

}  // namespace memoria::web
