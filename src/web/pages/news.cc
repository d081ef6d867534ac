// Publications: the statements and news of the archive, newest first, one
// publication with the persons it speaks of, and their Atom feed. Bodies are
// written in the Markdown subset of cases/markdown.h and rendered here; no
// HTML of the text passes through.
#include "cases/markdown.h"
#include "web/internal/pages.h"
#include "web/internal/pages_common.h"
#include "web/internal/prisoners.h"

namespace memoria::web {

namespace {

using internal::Json;

constexpr int64_t kPageSize = 20;

Status CheckKind(const std::string& kind) {
  if (kind.empty() || kind == "statement" || kind == "news" || kind == "guide") return Status();
  return InvalidArgumentError("kind must be statement, news or guide");
}

Json PersonLinks(const RequestContext& ctx, const std::vector<int64_t>& ids) {
  Json out = Json::array();
  Result<std::vector<store::PersonSummary>> summaries = ctx.reader->Summaries(ids);
  if (!summaries.ok()) return out;
  for (const store::PersonSummary& s : *summaries) {
    out.push_back({{"person_id", s.id},
                   {"url", ctx.Link("/prisoners/" + std::to_string(s.id))},
                   {"name", internal::JoinName(s.surname, s.given, s.patronymic)}});
  }
  return out;
}

Json PublicationModel(const RequestContext& ctx, const store::PublicationRow& p) {
  Json j = ObjectWithRoom(12);
  j["publication_id"] = p.fact.id;
  j["url"] = ctx.Link("/news/" + std::to_string(p.fact.id));
  j["kind"] = p.fact.kind;
  j["kind_label"] = internal::ValueLabel(ctx, "publication", p.fact.kind);
  j["title"] = p.fact.title;
  j["summary"] = p.fact.summary;
  j["date"] = p.fact.date.ToString();
  j["date_human"] = internal::HumanDate(p.fact.date.ToString(), ctx.lang);
  j["language"] = p.fact.language;
  if (p.fact.url.starts_with("https://") || p.fact.url.starts_with("http://")) {
    j["source_url"] = p.fact.url;
  }
  j["record_id"] = p.fact.from.record_id;
  j["persons"] = PersonLinks(ctx, p.persons);
  j["has_persons"] = !j["persons"].empty();
  return j;
}

}  // namespace

Page NewsPage(const RequestContext& ctx) {
  const std::string& kind = ctx.Param("kind");
  Status checked = CheckKind(kind);
  if (!checked.ok()) return ErrorModel(ctx, 400, checked.message());
  Result<store::Reader::Snapshot> read = ctx.reader->BeginSnapshot();
  if (!read.ok()) return StatusModel(ctx, read.status());
  store::CasesReader reader(ctx.reader);
  Result<int64_t> total = reader.CountPublications(kind);
  if (!total.ok()) return StatusModel(ctx, total.status());
  Result<std::vector<store::PublicationRow>> rows =
      reader.Publications(kind, (ctx.page - 1) * kPageSize, kPageSize);
  if (!rows.ok()) return StatusModel(ctx, rows.status());
  Page page;
  page.view = "news";
  page.title = ctx.t().Get("news_title");
  Json list = Json::array();
  for (const store::PublicationRow& p : *rows) list.push_back(PublicationModel(ctx, p));
  page.model["total"] = *total;
  page.model["kind"] = kind;
  page.model["has_publications"] = !list.empty();
  page.model["publications"] = std::move(list);
  const std::string base = kind.empty() ? "/news" : "/news?kind=" + kind;
  page.model["pager"] = internal::PaginationModel(
      ctx, base, ctx.page, ctx.page * kPageSize < *total, (*total + kPageSize - 1) / kPageSize);
  page.model["feed"] = "/news/feed.atom";
  return page;
}

Page PublicationPage(const RequestContext& ctx) {
  Result<store::Reader::Snapshot> read = ctx.reader->BeginSnapshot();
  if (!read.ok()) return StatusModel(ctx, read.status());
  store::CasesReader reader(ctx.reader);
  Result<store::PublicationRow> p = reader.Publication(ctx.id);
  if (!p.ok()) {
    return p.status().code() == StatusCode::kNotFound ? ErrorModel(ctx, 404, "")
                                                      : StatusModel(ctx, p.status());
  }
  Result<std::string> html = cases::RenderMarkdown(p->fact.body);
  if (!html.ok()) return StatusModel(ctx, html.status());
  Page page;
  page.view = "publication";
  page.title = p->fact.title;
  page.model["publication"] = PublicationModel(ctx, *p);
  page.model["publication"]["body"] = p->fact.body;
  if (!ctx.api) page.model["publication"]["body_html"] = *html;
  return page;
}

Result<Response> NewsFeed(const RequestContext& ctx) {
  MEMORIA_ASSIGN_OR_RETURN(store::Reader::Snapshot read, ctx.reader->BeginSnapshot());
  store::CasesReader reader(ctx.reader);
  MEMORIA_ASSIGN_OR_RETURN(std::vector<store::PublicationRow> rows, reader.Publications("", 0, 50));
  std::string updated = "1970-01-01T00:00:00Z";
  for (const store::PublicationRow& p : rows) {
    const std::string t = internal::AtomTime(p.fact.date.ToString());
    if (t > updated) updated = t;
  }
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>";
  internal::AppendXml(ctx.t().Get("feed_news_title"), &xml);
  xml += "</title>\n<id>";
  internal::AppendXml(internal::Absolute(ctx, "/news/feed.atom"), &xml);
  xml += "</id>\n<link rel=\"self\" href=\"";
  internal::AppendXml(internal::Absolute(ctx, "/news/feed.atom"), &xml);
  xml += "\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"";
  internal::AppendXml(internal::Absolute(ctx, "/news"), &xml);
  xml += "\"/>\n<updated>" + updated + "</updated>\n<author><name>";
  internal::AppendXml(ctx.t().Get("site_name"), &xml);
  xml += "</name></author>\n";
  for (const store::PublicationRow& p : rows) {
    const std::string when = internal::AtomTime(p.fact.date.ToString());
    xml += "<entry>\n<id>urn:memoria:publication:" + std::to_string(p.fact.id) + "</id>\n<title>";
    internal::AppendXml(p.fact.title, &xml);
    xml += "</title>\n<updated>" + (when.empty() ? updated : when) + "</updated>\n<link href=\"";
    internal::AppendXml(internal::Absolute(ctx, "/news/" + std::to_string(p.fact.id)), &xml);
    xml += "\"/>\n<summary>";
    internal::AppendXml(p.fact.summary, &xml);
    xml += "</summary>\n";
    Result<std::string> html = cases::RenderMarkdown(p.fact.body);
    if (html.ok()) {
      xml += "<content type=\"html\">";
      internal::AppendXml(*html, &xml);
      xml += "</content>\n";
    }
    xml += "</entry>\n";
  }
  xml += "</feed>\n";
  Response r;
  r.content_type = "application/atom+xml; charset=utf-8";
  r.body = std::move(xml);
  return r;
}

}  // namespace memoria::web
