// The editorial workflow of cases on the website (store/case_drafts.h): a
// volunteer drafts an assessment, a status change or a new case of a person
// (/prisoners/ID/draft); an editor publishes or rejects drafts
// (/moderation/cases). Drafts are in no public view; each step is logged
// with its author, citation and reason. Every POST has passed the CSRF
// check of app.cc.
#include "store/case_drafts.h"

#include <optional>
#include <span>
#include <string>

#include "auth/auth.h"
#include "cases/markdown.h"
#include "core/edtf.h"
#include "core/text.h"
#include "web/internal/edit.h"
#include "web/internal/pages.h"
#include "web/internal/pages_common.h"
#include "web/internal/prisoners.h"

namespace memoria::web {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kVerdicts[] = {"political_prisoner", "politically_persecuted",
                                          "under_review", "not_included"};
constexpr std::string_view kStatuses[] = {"detained",  "house_arrest", "restricted",
                                          "sentenced", "in_custody",   "released",
                                          "emigrated", "died",         "unknown"};

std::string DraftPath(int64_t id) { return "/prisoners/" + std::to_string(id) + "/draft"; }

// The person's main name as this reader sees it; nullopt when the person
// is not visible to the request.
std::optional<std::string> VisibleName(const RequestContext& ctx, int64_t id) {
  Result<store::PersonView> p = ctx.reader->GetPerson(id);
  if (!p.ok()) return std::nullopt;
  if (p->names.empty()) return std::string("#") + std::to_string(id);
  const store::NameFact& n = p->names.front();
  return internal::JoinName(n.surname, n.given, n.patronymic);
}

Json Options(const RequestContext& ctx, std::string_view prefix,
             std::span<const std::string_view> values) {
  Json out = Json::array();
  for (std::string_view v : values) {
    out.push_back({{"value", std::string(v)}, {"label", internal::ValueLabel(ctx, prefix, v)}});
  }
  return out;
}

Page DraftForm(const RequestContext& ctx, int status, const std::string& name,
               std::string_view message) {
  Page page;
  page.status = status;
  page.view = "case_draft";
  page.title = ctx.t().Get("draft_title") + ": " + name;
  Json& m = page.model;
  m["name"] = name;
  m["person_id"] = ctx.id;
  m["prisoner_url"] = ctx.Link("/prisoners/" + std::to_string(ctx.id));
  m["person_url"] = ctx.Link("/person/" + std::to_string(ctx.id));
  m["action"] = ctx.Link(DraftPath(ctx.id));
  m["csrf"] = ctx.csrf;
  m["verdicts"] = Options(ctx, "assessment", kVerdicts);
  m["statuses"] = Options(ctx, "status", kStatuses);
  if (!message.empty()) m["message"] = std::string(message);
  if (ctx.Param("done") == "1") m["done"] = true;
  page.headers.emplace_back("Cache-Control", "no-store");
  return page;
}

// A date field: "" (unknown) or EDTF; kInvalidArgument otherwise.
Result<Edtf> DateField(const RequestContext& ctx, std::string_view field) {
  const std::string text = ctx.Form(field);
  if (text.empty()) return Edtf();
  return Edtf::Parse(text);
}

bool OneOf(std::string_view v, std::span<const std::string_view> set) {
  for (std::string_view s : set) {
    if (s == v) return true;
  }
  return false;
}

// Writes the draft the form describes; kInvalidArgument for a bad field.
Status WriteDraft(const RequestContext& ctx, const store::ReviewNote& note) {
  const std::string kind = ctx.Form("kind");
  if (kind == "assessment") {
    store::AssessmentFact f;
    f.person_id = ctx.id;
    f.verdict = ctx.Form("verdict");
    if (!OneOf(f.verdict, kVerdicts)) return InvalidArgumentError("unknown verdict");
    f.criteria = ctx.Form("criteria");
    f.organisation = ctx.Form("organisation");
    MEMORIA_ASSIGN_OR_RETURN(f.date, DateField(ctx, "date"));
    f.statement = ctx.Form("statement");
    // The statement is in the Markdown subset of publications: it must
    // render.
    MEMORIA_RETURN_IF_ERROR(cases::RenderMarkdown(f.statement).status());
    f.statement_url = ctx.Form("statement_url");
    if (!f.statement_url.empty() && !f.statement_url.starts_with("https://") &&
        !f.statement_url.starts_with("http://")) {
      return InvalidArgumentError("the statement's address must start with https://");
    }
    return internal::WriteArchive(
        ctx, [&](store::WriteTransaction& tx) { return tx.DraftAssessment(f, note).status(); });
  }
  if (kind == "status") {
    store::StatusChangeFact f;
    f.person_id = ctx.id;
    f.status = ctx.Form("status");
    if (!OneOf(f.status, kStatuses)) return InvalidArgumentError("unknown status");
    MEMORIA_ASSIGN_OR_RETURN(f.date, DateField(ctx, "date"));
    return internal::WriteArchive(
        ctx, [&](store::WriteTransaction& tx) { return tx.DraftStatusChange(f, note).status(); });
  }
  if (kind == "case") {
    store::CaseFact f;
    f.title = ctx.Form("title");
    f.region = ctx.Form("region");
    f.court = ctx.Form("court");
    MEMORIA_ASSIGN_OR_RETURN(f.detained, DateField(ctx, "detained"));
    if (f.title.empty() && f.region.empty() && f.court.empty()) {
      return InvalidArgumentError("a case needs a title, a region or a court");
    }
    return internal::WriteArchive(
        ctx, [&](store::WriteTransaction& tx) { return tx.DraftCase(f, ctx.id, note).status(); });
  }
  return InvalidArgumentError("kind must be assessment, status or case");
}

}  // namespace

Page CaseDraftPage(const RequestContext& ctx) {
  if (std::optional<Page> refused = internal::RequireRole(ctx, auth::Role::kVolunteer)) {
    return *refused;
  }
  std::optional<std::string> name = VisibleName(ctx, ctx.id);
  if (!name.has_value()) return ErrorModel(ctx, 404, "");
  return DraftForm(ctx, 200, *name, "");
}

Page CaseDraftPost(const RequestContext& ctx) {
  if (std::optional<Page> refused = internal::RequireRole(ctx, auth::Role::kVolunteer)) {
    return *refused;
  }
  std::optional<std::string> name = VisibleName(ctx, ctx.id);
  if (!name.has_value()) return ErrorModel(ctx, 404, "");
  store::ReviewNote note;
  note.author = ctx.session->principal.name;
  note.citation = ctx.Form("citation");
  note.reason = ctx.Form("reason");
  for (const std::string* text : {&note.citation, &note.reason}) {
    if (!IsValidUtf8(*text)) return DraftForm(ctx, 400, *name, ctx.t().Get("draft_bad"));
  }
  Status s = WriteDraft(ctx, note);
  if (s.code() == StatusCode::kInvalidArgument) {
    return DraftForm(ctx, 400, *name, ctx.t().Get("draft_bad") + " " + s.message());
  }
  if (!s.ok()) return StatusModel(ctx, s);
  return internal::SeeOtherPage(ctx.Link(DraftPath(ctx.id) + "?done=1"));
}

Page CaseReviewPage(const RequestContext& ctx) {
  if (std::optional<Page> refused = internal::RequireRole(ctx, auth::Role::kEditor)) {
    return *refused;
  }
  store::CaseDrafts drafts(ctx.store);
  Result<std::vector<store::DraftRow>> pending =
      drafts.Pending(auth::CeilingFor(internal::RoleOf(ctx)));
  if (!pending.ok()) return StatusModel(ctx, pending.status());
  Page page;
  page.view = "case_review";
  page.title = ctx.t().Get("drafts_review_title");
  Json list = Json::array();
  for (const store::DraftRow& d : *pending) {
    Json j = ObjectWithRoom(20);
    const std::string item(store::DraftItemName(d.item));
    j["item"] = item;
    j["id"] = d.id;
    j["item_label"] = ctx.t().Get("review_item_" + item);
    j["person_id"] = d.person_id;
    j["person_name"] = d.person_id != 0 ? VisibleName(ctx, d.person_id).value_or("") : "";
    j["prisoner_url"] = ctx.Link("/prisoners/" + std::to_string(d.person_id));
    j["person_url"] = ctx.Link("/person/" + std::to_string(d.person_id));
    j["value"] =
        d.item == store::DraftItem::kCase
            ? d.value
            : internal::ValueLabel(
                  ctx, d.item == store::DraftItem::kAssessment ? "assessment" : "status", d.value);
    j["date"] = d.date;
    j["criteria"] = d.criteria;
    if (d.item == store::DraftItem::kAssessment) {
      Result<std::string> html = cases::RenderMarkdown(d.statement);
      if (html.ok() && !html->empty()) j["statement_html"] = *html;
      j["statement_url"] = d.statement_url;
    } else if (!d.statement.empty()) {
      j["court"] = d.statement;
    }
    Json steps = Json::array();
    for (const store::ReviewStep& s : d.steps) {
      steps.push_back({{"action_label", ctx.t().Get("review_action_" + s.action)},
                       {"author", s.author},
                       {"at", s.at},
                       {"citation", s.citation},
                       {"reason", s.reason}});
    }
    j["steps"] = std::move(steps);
    list.push_back(std::move(j));
  }
  page.model["has_drafts"] = !list.empty();
  page.model["drafts"] = std::move(list);
  page.model["csrf"] = ctx.csrf;
  page.model["action"] = ctx.Link("/moderation/cases");
  if (ctx.Param("done") == "publish" || ctx.Param("done") == "reject") {
    page.model["done"] = ctx.t().Get("review_done_" + ctx.Param("done"));
  }
  page.headers.emplace_back("Cache-Control", "no-store");
  return page;
}

Page CaseReviewPost(const RequestContext& ctx) {
  if (std::optional<Page> refused = internal::RequireRole(ctx, auth::Role::kEditor)) {
    return *refused;
  }
  Result<store::DraftItem> item = store::ParseDraftItem(ctx.Form("item"));
  const std::string action = ctx.Form("action");
  int64_t id = 0;
  const std::string id_text = ctx.Form("id");
  for (char c : id_text) {
    if (c < '0' || c > '9' || id > 1'000'000'000'000) return ErrorModel(ctx, 400, "bad id");
    id = id * 10 + (c - '0');
  }
  if (!item.ok() || id == 0 || (action != "publish" && action != "reject")) {
    return ErrorModel(ctx, 400, ctx.t().Get("review_bad"));
  }
  store::ReviewNote note;
  note.author = ctx.session->principal.name;
  note.reason = ctx.Form("reason");
  if (action == "reject" && note.reason.empty()) {
    return ErrorModel(ctx, 400, ctx.t().Get("review_reason_needed"));
  }
  Status s = internal::WriteArchive(ctx, [&](store::WriteTransaction& tx) {
    return action == "publish" ? tx.PublishDraft(*item, id, note) : tx.RejectDraft(*item, id, note);
  });
  if (!s.ok()) return StatusModel(ctx, s);
  return internal::SeeOtherPage(ctx.Link("/moderation/cases?done=" + action));
}

}  // namespace memoria::web
