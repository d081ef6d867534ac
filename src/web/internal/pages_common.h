// What the page handlers (src/web/pages/*.cc) share: the event types and
// letters a visitor may choose, names and dates as the pages show them, the
// person summary of every list, and paging.
//
// Thread safety: pure functions of their arguments, or of the context's
// Reader (one thread at a time per context).
#ifndef MEMORIA_WEB_INTERNAL_PAGES_COMMON_H_
#define MEMORIA_WEB_INTERNAL_PAGES_COMMON_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "store/reader.h"
#include "web/internal/pages.h"

namespace memoria::web::internal {

using Json = nlohmann::ordered_json;

// Event types a visitor may filter or browse by.
inline constexpr std::string_view kEventTypes[] = {
    "birth", "arrest", "trial", "sentence", "execution", "death", "rehabilitation", "release"};
bool IsEventType(std::string_view type);

// "Surname Given Patronymic", skipping empty parts.
std::string JoinName(std::string_view surname, std::string_view given, std::string_view patronymic);

// The 400 page for a ?page= out of 1..kMaxPageNumber.
Page BadPage(const RequestContext& ctx);

// A day range from "from" and "to" by query::ParseDayRange (EDTF days,
// months or years: "1937", "1937-08", "1937-08-05"): from's earliest day to
// to's latest. Empty text leaves that end open. nullopt for text that is not
// such a date.
std::optional<std::pair<int32_t, int32_t>> DayRange(std::string_view from, std::string_view to);

// "executed" for an execution, "died" otherwise, in the page's language.
std::string DeathLabel(const RequestContext& ctx, std::string_view type);

// The pager of a list at "base" (a path, maybe with a query): null when the
// list has one page only.
Json PaginationModel(const RequestContext& ctx, const std::string& base, int64_t page,
                     bool has_more, int64_t pages = 0);

// The name in Latin letters (names::Scheme::kBgnPcgn) on an English page
// when it is written in another script; "" otherwise.
std::string LatinName(const RequestContext& ctx, std::string_view full);

// Today's date, UTC, as YYYY-MM-DD (a citation's access date).
std::string TodayIso();

// One person in a list (docs/formats/json.md, "person summary").
Json SummaryModel(const RequestContext& ctx, const store::PersonSummary& s);

// Fills model["persons"] (and has_persons, first, pager) with the summaries
// of "ids"; the caller fetched one more id than it shows to know about a
// next page.
Status PersonListModel(const RequestContext& ctx, std::vector<int64_t> ids, int64_t page,
                       int64_t page_size, const std::string& base, Json* model);

// A page of a keyset list (store::ListSeek): "fetch" reads the persons of a
// seek; the page is the one ctx's after/before/page ask for. Fills the same
// fields as PersonListModel; the pager's links carry ?after= (next) and
// ?before= (previous) with the page number, so every page the site links
// costs one page of reading.
using ListFetch = std::function<Result<std::vector<int64_t>>(const store::ListSeek&)>;
Status KeysetListModel(const RequestContext& ctx, const ListFetch& fetch, const std::string& base,
                       Json* model);

}  // namespace memoria::web::internal

#endif  // MEMORIA_WEB_INTERNAL_PAGES_COMMON_H_
