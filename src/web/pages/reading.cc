// Return of the Names: one reading slip per executed person of a place.
#include <algorithm>

#include "core/text.h"
#include "names/names.h"
#include "web/internal/pages.h"
#include "web/internal/pages_common.h"
#include "web/internal/url.h"

namespace memoria::web {
namespace {

using internal::Json;

// Russian collation (ё with е, case ignored), keys computed once per slip.
void SortBySurname(std::vector<store::ReadingSlip>* slips) {
  std::vector<std::pair<std::string, size_t>> keys;
  keys.reserve(slips->size());
  for (size_t i = 0; i < slips->size(); ++i) {
    const store::ReadingSlip& s = (*slips)[i];
    keys.emplace_back(names::CollationKey(internal::JoinName(s.surname, s.given, s.patronymic)), i);
  }
  std::stable_sort(keys.begin(), keys.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<store::ReadingSlip> ordered;
  ordered.reserve(slips->size());
  for (const auto& [key, i] : keys) ordered.push_back(std::move((*slips)[i]));
  *slips = std::move(ordered);
}

Json SlipModel(const RequestContext& ctx, const store::ReadingSlip& s) {
  Json j = ObjectWithRoom(16);
  j["person_id"] = s.person_id;
  j["url"] = ctx.Link("/person/" + std::to_string(s.person_id));
  j["full"] = internal::JoinName(s.surname, s.given, s.patronymic);
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
  return j;
}

}  // namespace

Page ReadingPage(const RequestContext& ctx) {
  Page page;
  page.view = "reading";
  page.title = ctx.t().Get("reading_title");
  Json& m = page.model;
  const std::string &place = ctx.Param("place"), &from = ctx.Param("from"), &to = ctx.Param("to");
  const std::string order = ctx.Param("order").empty() ? "date" : ctx.Param("order");
  if (order != "date" && order != "surname") return ErrorModel(ctx, 400, "order: date | surname");
  m["form"] = {{"place", place}, {"from", from}, {"to", to}, {"order", order}};
  m["order_date"] = order == "date";
  m["order_surname"] = order == "surname";
  if (CollapseSpace(place).empty()) return page;
  std::optional<std::pair<int32_t, int32_t>> days = internal::DayRange(from, to);
  if (!days.has_value()) return ErrorModel(ctx, 400, ctx.t().Get("msg_bad_date"));

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
    SortBySurname(&*slips);
  }
  m["built"] = true;
  page.title = ctx.t().Format("reading_list_heading", {place});
  m["heading"] = page.title;
  m["total"] = static_cast<int64_t>(slips->size());
  const int64_t first = (ctx.page - 1) * kReadingPageSize;
  const int64_t count = static_cast<int64_t>(slips->size());
  Json list = Json::array();
  for (int64_t i = first; i < count && i < first + kReadingPageSize; ++i) {
    list.push_back(SlipModel(ctx, (*slips)[static_cast<size_t>(i)]));
  }
  m["has_slips"] = !list.empty();
  m["first"] = first + 1;
  m["last"] = first + static_cast<int64_t>(list.size());
  m["slips"] = std::move(list);
  std::string base = "/reading?place=" + internal::UrlEncode(place) + "&order=" + order;
  if (!from.empty()) base += "&from=" + internal::UrlEncode(from);
  if (!to.empty()) base += "&to=" + internal::UrlEncode(to);
  const int64_t pages = (count + kReadingPageSize - 1) / kReadingPageSize;
  m["pager"] = internal::PaginationModel(ctx, base, ctx.page, ctx.page < pages, pages);
  return page;
}

}  // namespace memoria::web
