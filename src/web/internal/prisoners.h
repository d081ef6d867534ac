// What the pages of the political-prisoners list and the news share
// (pages/prisoners.cc, pages/prisoners_figures.cc, pages/news.cc): the list
// read once per archive, ceiling and data version, labels in the page's
// language, Atom feeds.
//
// Thread safety: PrisonersFor may be called from any thread (a mutex
// guards its cache); the rest are pure functions of their arguments.
#ifndef MEMORIA_WEB_INTERNAL_PRISONERS_H_
#define MEMORIA_WEB_INTERNAL_PRISONERS_H_

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cases/cases.h"
#include "store/cases.h"
#include "web/internal/pages.h"
#include "web/internal/pages_common.h"

namespace memoria::web::internal {

// Every prisoner visible under a Reader's ceiling (store::CasesReader),
// read once per data version: the list, its filters, figures and exports
// are computed from it in memory.
struct PrisonersSnapshot {
  uint64_t version = 0;
  std::vector<store::PrisonerRow> rows;  // by person id
  std::unordered_map<int64_t, size_t> by_person;
  std::unique_ptr<cases::ListIndex> index;   // over "rows"
  std::vector<std::string> regions, groups;  // distinct, sorted (the form's choices)
};
Result<std::shared_ptr<const PrisonersSnapshot>> PrisonersFor(store::Reader* reader);

// "status_detained", "assessment_political_prisoner", ... in the page's
// language; the value itself when the catalog lacks it.
std::string ValueLabel(const RequestContext& ctx, std::string_view prefix, std::string_view value);

// An EDTF date as Atom's updated (RFC 3339): its earliest day at midnight
// UTC; "" for an unknown date.
std::string AtomTime(std::string_view edtf);

// An absolute link when the site knows its address (ctx.base_url), else the
// path.
std::string Absolute(const RequestContext& ctx, std::string_view path);

// Appends "text" escaped for XML character data and attribute values.
void AppendXml(std::string_view text, std::string* out);

// "Surname Given Patronymic" of a row.
std::string RowName(const store::PrisonerRow& row);

}  // namespace memoria::web::internal

#endif  // MEMORIA_WEB_INTERNAL_PRISONERS_H_
