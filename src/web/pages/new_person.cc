// A new person from the website (/persons/new): a plain form (no script)
// with the person's main name, a citation (required) and a reason. An
// editor's new person is made at once, as a change that adds a person
// (store/edits.h) and can be undone; a volunteer's is a proposal that waits
// in the moderation queue until an editor accepts it. Every POST reaching
// these handlers has passed the CSRF check of app.cc.
#include <string>

#include "core/text.h"
#include "store/edits.h"
#include "web/internal/edit.h"
#include "web/internal/pages.h"
#include "web/internal/pages_common.h"
#include "web/internal/url.h"

namespace memoria::web {

namespace {

using internal::Json;

constexpr std::string_view kNewPersonPath = "/persons/new";

// The form, with "message" (a refusal) and the fields as sent.
Page NewPersonForm(const RequestContext& ctx, int status, std::string_view message) {
  Page page;
  page.status = status;
  page.view = "new_person";
  page.title = ctx.t().Get("new_person_title");
  Json& m = page.model;
  m["action"] = ctx.Link(std::string(kNewPersonPath));
  m["csrf"] = ctx.csrf;
  m["editor"] = auth::Includes(internal::RoleOf(ctx), auth::Role::kEditor);
  m["max_citation"] = store::kMaxCitationBytes;
  m["max_reason"] = store::kMaxReasonBytes;
  m["surname"] = ctx.Form("surname");
  m["given"] = ctx.Form("given");
  m["patronymic"] = ctx.Form("patronymic");
  if (!message.empty()) m["error"] = std::string(message);
  if (ctx.Param("done") == "proposed") m["message"] = ctx.t().Get("edit_proposed");
  return page;
}

}  // namespace

Page NewPersonPage(const RequestContext& ctx) {
  if (std::optional<Page> refused = internal::RequireRole(ctx, auth::Role::kVolunteer)) {
    return *refused;
  }
  return NewPersonForm(ctx, 200, "");
}

Page NewPersonPost(const RequestContext& ctx) {
  if (std::optional<Page> refused = internal::RequireRole(ctx, auth::Role::kVolunteer)) {
    return *refused;
  }
  const bool editor = auth::Includes(internal::RoleOf(ctx), auth::Role::kEditor);
  store::ChangeRequest r;
  r.kind = store::ChangeKind::kAdd;
  r.fact = store::FactKind::kPerson;
  r.name.kind = "main";
  r.name.surname = CollapseSpace(ctx.Form("surname"));
  r.name.given = CollapseSpace(ctx.Form("given"));
  r.name.patronymic = CollapseSpace(ctx.Form("patronymic"));
  r.citation = ctx.Form("citation");
  r.reason = ctx.Form("reason");
  r.author = ctx.session->principal.name;
  // A volunteer's proposal is public until an editor says otherwise.
  std::optional<store::Visibility> v =
      editor ? internal::ParseVisibilityField(ctx.Form("visibility"))
             : std::optional<store::Visibility>(store::Visibility::kPublic);
  if (!v.has_value()) return NewPersonForm(ctx, 400, ctx.t().Get("edit_err_visibility"));
  r.visibility = *v;
  if (CollapseSpace(r.citation).empty()) {
    return NewPersonForm(ctx, 400, ctx.t().Get("edit_err_citation"));
  }
  if (r.name.surname.empty()) return NewPersonForm(ctx, 400, ctx.t().Get("new_person_err_name"));
  if (Status valid = store::ValidateChange(r); !valid.ok()) {
    return NewPersonForm(ctx, 400, valid.message());
  }
  int64_t person = 0;
  Status s = internal::WriteArchive(ctx, [&](store::WriteTransaction& tx) -> Status {
    int64_t change = 0;
    if (editor) {
      MEMORIA_ASSIGN_OR_RETURN(change, tx.MakeChange(r));
      MEMORIA_ASSIGN_OR_RETURN(person, tx.NewFactOf(change));
    } else {
      MEMORIA_ASSIGN_OR_RETURN(change, tx.ProposeChange(r));
    }
    std::string subject = "change " + std::to_string(change) + ": add person";
    if (person != 0) subject += " " + std::to_string(person);
    if (!editor) subject += " (proposed)";
    return tx.AppendAudit(internal::AuditOf(ctx, editor ? "edit" : "propose", subject)).status();
  });
  if (!s.ok()) return NewPersonForm(ctx, StatusModel(ctx, s).status, s.message());
  if (!editor) {
    return internal::SeeOtherPage(ctx.Link(std::string(kNewPersonPath) + "?done=proposed"));
  }
  return internal::SeeOtherPage(ctx.Link("/person/" + std::to_string(person)));
}

}  // namespace memoria::web
