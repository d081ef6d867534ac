// Corrections and testimonies from the public (/person/ID/correct) and the
// moderation queue (/moderation) where volunteers triage them and editors
// accept or reject them and the volunteers' proposals. A visitor's sending
// is throttled per client address in memory; the address is never stored.
// Every POST reaching these handlers has passed the CSRF check of app.cc.
#include <algorithm>
#include <string>

#include "auth/sessions.h"
#include "core/text.h"
#include "store/edits.h"
#include "web/internal/edit.h"
#include "web/internal/pages.h"
#include "web/internal/pages_common.h"
#include "web/internal/signin.h"
#include "web/internal/url.h"

namespace memoria::web {
namespace {

using internal::Json;

constexpr int64_t kQueueLimit = 200;

std::string PersonPath(int64_t id) { return "/person/" + std::to_string(id); }

bool WellFormedToken(std::string_view t) {
  return t.size() == 43 && std::all_of(t.begin(), t.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
         });
}

// The correction form. A visitor's token is bound to the pre-session
// cookie (set here when absent), a signed-in reader's to the session.
Page CorrectionForm(const RequestContext& ctx, int status, std::string_view message) {
  Page page;
  page.status = status;
  page.view = "correct";
  page.title = ctx.t().Get("correct_title");
  Json& m = page.model;
  m["person_id"] = ctx.id;
  m["person_url"] = ctx.Link(PersonPath(ctx.id));
  m["action"] = ctx.Link(PersonPath(ctx.id) + "/correct");
  m["max_body"] = store::kMaxCorrectionBytes;
  m["max_contact"] = store::kMaxContactBytes;
  m["kind_testimony"] = ctx.Form("kind") == "testimony";
  m["body"] = ctx.Form("body");
  m["contact"] = ctx.Form("contact");
  if (!message.empty()) m["message"] = std::string(message);
  if (ctx.session.has_value()) {
    m["csrf"] = ctx.csrf;
  } else {
    std::string pre = internal::CookieValue(ctx.request->cookie, internal::kPreCookie);
    if (!WellFormedToken(pre)) {
      pre = auth::RandomToken(32);
      page.headers.emplace_back(
          "Set-Cookie",
          internal::SetCookie(internal::kPreCookie, pre, ctx.base_url.starts_with("https://")));
    }
    m["csrf"] = ctx.site->signin()->csrf.TokenFor(internal::CsrfBinding("", pre));
  }
  page.headers.emplace_back("Cache-Control", "no-store");
  return page;
}

Json CorrectionModel(const RequestContext& ctx, const store::CorrectionRow& c, bool editor) {
  Json j = ObjectWithRoom(14);
  j["id"] = c.id;
  j["person_id"] = c.person_id;
  j["person_url"] = ctx.Link(PersonPath(c.person_id));
  j["kind"] = c.kind;
  j["kind_label"] = ctx.t().Get("correct_kind_" + c.kind);
  j["body"] = c.body;
  // How to reach the sender is for editors only.
  if (editor) j["contact"] = c.contact;
  j["created_at"] = c.created_at;
  j["note"] = c.note;
  return j;
}

}  // namespace

Page CorrectionPage(const RequestContext& ctx) {
  Result<store::PersonView> person = ctx.reader->GetPerson(ctx.id);
  if (!person.ok()) return StatusModel(ctx, person.status());
  Page page = CorrectionForm(ctx, 200, "");
  if (ctx.Param("sent") == "1") page.model["sent"] = true;
  if (!person->names.empty()) {
    const store::NameFact& n = person->names.front();
    page.model["full"] = internal::JoinName(n.surname, n.given, n.patronymic);
  }
  return page;
}

Page CorrectionPost(const RequestContext& ctx) {
  const std::string sent = ctx.Link(PersonPath(ctx.id) + "/correct?sent=1");
  // The honeypot: a field people do not see and robots fill. The robot is
  // told it succeeded; nothing is kept.
  if (!ctx.Form("website").empty()) return internal::SeeOtherPage(sent);
  internal::SignIn* signin = ctx.site->signin();
  const std::string client_key = "client:" + ctx.request->client;
  if (const int64_t wait = signin->submissions.RetryAfter(client_key, ctx.now); wait > 0) {
    Page page = CorrectionForm(
        ctx, 429, ctx.t().Format("correct_throttled", {std::to_string((wait + 59) / 60)}));
    page.headers.emplace_back("Retry-After", std::to_string(wait));
    return page;
  }
  Result<store::PersonView> person = ctx.reader->GetPerson(ctx.id);
  if (!person.ok()) return StatusModel(ctx, person.status());
  store::CorrectionSubmission s;
  s.person_id = ctx.id;
  s.kind = ctx.Form("kind") == "testimony" ? "testimony" : "correction";
  s.body = ctx.Form("body");
  s.contact = CollapseSpace(ctx.Form("contact"));
  if (Status v = store::ValidateCorrection(s); !v.ok()) {
    const bool too_long = v.code() == StatusCode::kResourceExhausted;
    return CorrectionForm(ctx, too_long ? 413 : 400,
                          ctx.t().Get(too_long ? "correct_err_long" : "correct_err_empty"));
  }
  Status w = internal::WriteArchive(ctx, [&](store::WriteTransaction& tx) -> Status {
    MEMORIA_ASSIGN_OR_RETURN(int64_t id, tx.AddCorrection(s));
    return tx
        .AppendAudit(internal::AuditOf(
            ctx, "correction",
            s.kind + " " + std::to_string(id) + " of person " + std::to_string(ctx.id)))
        .status();
  });
  if (!w.ok()) return StatusModel(ctx, w);
  signin->submissions.Fail(client_key, ctx.now);
  return internal::SeeOtherPage(sent);
}

Page ModerationPage(const RequestContext& ctx) {
  if (std::optional<Page> refused = internal::RequireRole(ctx, auth::Role::kVolunteer)) {
    return *refused;
  }
  const bool editor = auth::Includes(internal::RoleOf(ctx), auth::Role::kEditor);
  store::EditReader edits(ctx.reader);
  Result<std::vector<store::ChangeRow>> changes = edits.Changes("pending", kQueueLimit);
  if (!changes.ok()) return StatusModel(ctx, changes.status());
  Result<std::vector<store::CorrectionRow>> corrections = edits.Corrections("pending", kQueueLimit);
  if (!corrections.ok()) return StatusModel(ctx, corrections.status());
  Page page;
  page.view = "moderation";
  page.title = ctx.t().Get("moderation_title");
  Json& m = page.model;
  m["editor"] = editor;
  m["csrf"] = ctx.csrf;
  m["action"] = ctx.Link("/moderation");
  Json cs = Json::array();
  for (const store::ChangeRow& c : *changes) {
    Json j = ObjectWithRoom(20);
    j["id"] = c.id;
    j["kind_label"] = ctx.t().Get("edit_kind_" + c.kind);
    j["fact_label"] = ctx.t().Get("edit_fact_" + c.fact);
    if (c.target_id != 0) j["target_id"] = c.target_id;
    j["value"] = c.value;
    j["citation"] = c.citation;
    j["reason"] = c.reason;
    j["author"] = c.author;
    j["created_at"] = c.created_at;
    j["person_id"] = c.person_id;
    j["person_url"] = c.person_id != 0 ? ctx.Link(PersonPath(c.person_id)) : std::string();
    cs.push_back(std::move(j));
  }
  m["has_changes"] = !cs.empty();
  m["changes"] = std::move(cs);
  Json rs = Json::array();
  for (const store::CorrectionRow& c : *corrections) rs.push_back(CorrectionModel(ctx, c, editor));
  m["has_corrections"] = !rs.empty();
  m["corrections"] = std::move(rs);
  return page;
}

Page ModerationPost(const RequestContext& ctx) {
  if (std::optional<Page> refused = internal::RequireRole(ctx, auth::Role::kVolunteer)) {
    return *refused;
  }
  const bool editor = auth::Includes(internal::RoleOf(ctx), auth::Role::kEditor);
  const std::string item = ctx.Form("item");
  const std::string action = ctx.Form("action");
  std::optional<int64_t> id = internal::ParsePositiveId(ctx.Form("id"));
  if (!id.has_value()) return ErrorModel(ctx, 400, ctx.t().Get("msg_bad_id"));
  if ((item != "change" && item != "correction") ||
      (action != "accept" && action != "reject" && action != "note") ||
      (item == "change" && action == "note")) {
    return ErrorModel(ctx, 400, ctx.t().Get("edit_err_action"));
  }
  // A volunteer may comment; deciding is an editor's.
  if (action != "note" && !editor) return ErrorModel(ctx, 403, ctx.t().Get("msg_role_needed"));
  std::optional<store::Visibility> visibility =
      internal::ParseVisibilityField(ctx.Form("visibility"));
  if (!visibility.has_value()) return ErrorModel(ctx, 400, ctx.t().Get("edit_err_visibility"));
  const std::string& me = ctx.session->principal.name;
  Status s = internal::WriteArchive(ctx, [&](store::WriteTransaction& tx) -> Status {
    if (item == "change") {
      MEMORIA_RETURN_IF_ERROR(action == "accept" ? tx.AcceptChange(*id, me)
                                                 : tx.RejectChange(*id, me));
    } else {
      const std::string state = action == "accept"   ? "accepted"
                                : action == "reject" ? "rejected"
                                                     : "pending";
      MEMORIA_RETURN_IF_ERROR(tx.ReviewCorrection(*id, state, me, ctx.Form("note"), *visibility));
    }
    return tx
        .AppendAudit(
            internal::AuditOf(ctx, "review", action + " " + item + " " + std::to_string(*id)))
        .status();
  });
  if (!s.ok()) return StatusModel(ctx, s);
  return internal::SeeOtherPage(ctx.Link("/moderation"));
}

}  // namespace memoria::web
