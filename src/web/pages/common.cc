// What every handler shares: the request context's links and parameters,
// error pages, the shared opening (OpenRequest) and the models of person
// lists and pagers.
#include <algorithm>
#include <ctime>
#include <iterator>

#include "core/edtf.h"
#include "core/text.h"
#include "names/translit.h"
#include "query/dates.h"
#include "web/internal/pages.h"
#include "web/internal/pages_common.h"
#include "web/internal/routes.h"
#include "web/internal/url.h"

namespace memoria::web {

std::string RequestContext::Link(std::string_view path_and_query) const {
  std::string out(path_and_query);
  if (lang_explicit) {
    out += (out.find('?') == std::string::npos ? "?lang=" : "&lang=");
    out += internal::LangCode(lang);
  }
  return out;
}

const std::string& RequestContext::Param(std::string_view name) const {
  static const std::string kEmpty;
  auto it = params.find(name);
  return it == params.end() ? kEmpty : it->second;
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

namespace internal {

std::optional<Page> OpenRequest(const Route& route, const PathArgs& args, RequestContext* ctx) {
  const RequestContext& c = *ctx;
  for (const ParamSpec& spec : route.params) {
    std::optional<std::string> raw;
    if (spec.kind == ParamKind::kId || spec.kind == ParamKind::kLetter ||
        spec.kind == ParamKind::kSegment) {
      for (const auto& [name, value] : args) {
        if (name == spec.name) raw = std::string(value);
      }
    } else {
      raw = QueryParam(ctx->query, spec.name);
    }
    std::string value = raw.value_or("");
    switch (spec.kind) {
      case ParamKind::kText:
        if (!IsValidUtf8(value)) return ErrorModel(c, 400, c.t().Get("msg_bad_utf8"));
        break;
      case ParamKind::kPage: {
        if (value.empty()) break;
        std::optional<int64_t> page = ParsePositiveId(value);
        if (!page.has_value() || *page > kMaxPageNumber) return BadPage(c);
        ctx->page = *page;
        break;
      }
      case ParamKind::kId: {
        std::optional<int64_t> id = ParsePositiveId(value);
        if (!id.has_value()) return ErrorModel(c, 400, c.t().Get("msg_bad_id"));
        ctx->id = *id;
        break;
      }
      case ParamKind::kCursor: {
        if (value.empty()) break;
        std::optional<int64_t> id = ParsePositiveId(value);
        if (!id.has_value()) return ErrorModel(c, 400, c.t().Get("msg_bad_id"));
        (spec.name == "before" ? ctx->before : ctx->after) = *id;
        break;
      }
      case ParamKind::kSegment:
        value = PercentDecode(value);
        if (value.empty() || !IsValidUtf8(value))
          return ErrorModel(c, 400, c.t().Get("msg_bad_id"));
        break;
      case ParamKind::kLetter:
        value = PercentDecode(value);
        if (!IsValidUtf8(value) || Utf8Length(value) != 1 || CollapseSpace(value).empty()) {
          return ErrorModel(c, 400, c.t().Get("msg_bad_letter"));
        }
        break;
    }
    ctx->params.insert_or_assign(std::string(spec.name), std::move(value));
  }
  return std::nullopt;
}

std::string LatinName(const RequestContext& ctx, std::string_view full) {
  if (ctx.lang != Lang::kEn || full.empty()) return "";
  std::string latin = names::Transliterate(full, names::Scheme::kBgnPcgn);
  return latin == full ? std::string() : latin;
}

std::string TodayIso() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &utc);
  return buf;
}

bool IsEventType(std::string_view type) {
  return std::find(std::begin(kEventTypes), std::end(kEventTypes), type) != std::end(kEventTypes);
}

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

Page BadPage(const RequestContext& ctx) {
  return ErrorModel(ctx, 400, ctx.t().Format("msg_bad_page", {std::to_string(kMaxPageNumber)}));
}

std::optional<std::pair<int32_t, int32_t>> DayRange(std::string_view from, std::string_view to) {
  Result<query::DayRange> days = query::ParseDayRange(from, to);
  if (!days.ok()) return std::nullopt;
  return std::make_pair(days->from_day, days->to_day);
}

std::string DeathLabel(const RequestContext& ctx, std::string_view type) {
  return type == "execution" ? ctx.t().Get("executed") : ctx.t().Get("died");
}

Json PaginationModel(const RequestContext& ctx, const std::string& base, int64_t page,
                     bool has_more, int64_t pages) {
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
  p["latin"] = LatinName(ctx, p["full"].get_ref<const std::string&>());
  p["surname"] = s.surname;
  p["given"] = s.given;
  p["patronymic"] = s.patronymic;
  p["birth"] = s.birth;
  p["birth_human"] = HumanDate(s.birth, ctx.lang);
  p["death"] = s.death;
  p["death_type"] = s.death_type;
  p["death_human"] = HumanDate(s.death, ctx.lang);
  p["death_label"] = s.death.empty() ? "" : DeathLabel(ctx, s.death_type);
  return p;
}

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

Status KeysetListModel(const RequestContext& ctx, const ListFetch& fetch, const std::string& base,
                       Json* model) {
  const int64_t size = kListPageSize;
  store::ListSeek seek;
  seek.after = ctx.after;
  seek.before = ctx.after == 0 ? ctx.before : 0;
  seek.limit = size + 1;
  int64_t page = ctx.page;
  // Where the list's pages begin, for this ceiling and data version.
  MEMORIA_ASSIGN_OR_RETURN(uint64_t version, ctx.reader->DataVersion());
  const std::string list = base + "#" + std::to_string(static_cast<int>(ctx.reader->ceiling()));
  if (seek.after == 0 && seek.before == 0 && page > 1) {
    // A page asked for by number: from the nearest page whose beginning is
    // known, in strides of kAnchorStride pages, each stride's end kept, so
    // a jump reads at most kAnchorStride pages once the list has been
    // walked (the first jump that deep walks it: O(offset) once per data
    // version, not per request).
    auto [known, after] = ctx.site->ListAnchor(list, version, page);
    while (page - known > kAnchorStride) {
      store::ListSeek stride{after, 0, kAnchorStride * size - 1, 1};
      MEMORIA_ASSIGN_OR_RETURN(std::vector<int64_t> last, fetch(stride));
      if (last.empty()) break;  // past the end: the offset below finds nothing too
      known += kAnchorStride;
      after = last.front();
      ctx.site->SetListAnchor(list, version, known, after);
    }
    seek.after = after;
    seek.offset = (page - known) * size;
  }
  MEMORIA_ASSIGN_OR_RETURN(std::vector<int64_t> ids, fetch(seek));
  bool has_prev = false, has_next = false;
  if (seek.before != 0) {
    has_prev = static_cast<int64_t>(ids.size()) > size;
    if (has_prev) {
      ids.erase(ids.begin());
    } else {
      // Nothing before these: this is the first page (a full one).
      page = 1;
      MEMORIA_ASSIGN_OR_RETURN(ids, fetch(store::ListSeek{0, 0, 0, size + 1}));
    }
    has_next = static_cast<int64_t>(ids.size()) > size || seek.before != 0;
    if (static_cast<int64_t>(ids.size()) > size) ids.resize(static_cast<size_t>(size));
  } else {
    has_next = static_cast<int64_t>(ids.size()) > size;
    if (has_next) ids.resize(static_cast<size_t>(size));
    has_prev = seek.after != 0 || page > 1;
  }
  if (page == 1) has_prev = false;
  // Only a page this function placed (not one whose ?after= and ?page= a
  // visitor wrote, which could disagree) teaches where the next begins.
  if (has_next && !ids.empty() && ctx.after == 0 && ctx.before == 0) {
    ctx.site->SetListAnchor(list, version, page + 1, ids.back());
  }
  MEMORIA_ASSIGN_OR_RETURN(std::vector<store::PersonSummary> summaries, ctx.reader->Summaries(ids));
  Json persons = Json::array();
  for (const store::PersonSummary& s : summaries) persons.push_back(SummaryModel(ctx, s));
  (*model)["has_persons"] = !persons.empty();
  (*model)["first"] = (page - 1) * size + 1;
  (*model)["persons"] = std::move(persons);
  if (!has_prev && !has_next) {
    (*model)["pager"] = Json();
    return Status();
  }
  Json p = ObjectWithRoom(4);
  p["page"] = page;
  const std::string sep = base.find('?') == std::string::npos ? "?" : "&";
  if (has_prev && !ids.empty()) {
    p["prev_url"] = ctx.Link(page == 2 ? base
                                       : base + sep + "before=" + std::to_string(ids.front()) +
                                             "&page=" + std::to_string(page - 1));
  }
  if (has_next && !ids.empty()) {
    p["next_url"] = ctx.Link(base + sep + "after=" + std::to_string(ids.back()) +
                             "&page=" + std::to_string(page + 1));
  }
  (*model)["pager"] = std::move(p);
  return Status();
}

}  // namespace internal
}  // namespace memoria::web
