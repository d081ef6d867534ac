// The list of sources and one source with its persons.
#include "web/internal/pages.h"
#include "web/internal/pages_common.h"

namespace memoria::web {
namespace {

using internal::Json;

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
          {"records", s.records},
          {"persons", s.persons}};
}

}  // namespace

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

Page SourcePage(const RequestContext& ctx) {
  Result<std::shared_ptr<const internal::Site::Figures>> figures = ctx.site->GetFigures(ctx.reader);
  if (!figures.ok()) return StatusModel(ctx, figures.status());
  const store::SourceRow* source = nullptr;
  for (const store::SourceRow& s : (*figures)->sources) {
    if (s.id == ctx.id) source = &s;
  }
  if (source == nullptr) return ErrorModel(ctx, 404, "");
  Page page;
  page.view = "source";
  page.model["source"] = SourceModel(ctx, *source);
  page.title = page.model["source"]["title"].get<std::string>();
  Status s = internal::KeysetListModel(
      ctx,
      [&](const store::ListSeek& seek) { return ctx.reader->PersonsOfSource(ctx.id, seek); },
      "/sources/" + std::to_string(ctx.id), &page.model);
  if (!s.ok()) return StatusModel(ctx, s);
  return page;
}

}  // namespace memoria::web
