// Editing with citations (store/edits.h): the history of a person's facts
// (/person/ID/history), the editing forms (/person/ID/edit) and their POST.
// An editor's change is applied at once; a volunteer's is a proposal that
// waits in the moderation queue (pages/moderation.cc). Every POST reaching
// these handlers has passed the CSRF check of app.cc.
#include "web/internal/edit.h"

#include <string>

#include "core/edtf.h"
#include "core/text.h"
#include "store/edits.h"
#include "web/internal/pages.h"
#include "web/internal/pages_common.h"
#include "web/internal/url.h"

namespace memoria::web {
namespace internal {

auth::Role RoleOf(const RequestContext& ctx) {
  return ctx.session.has_value() ? ctx.session->principal.role : auth::Role::kReader;
}

Page SeeOtherPage(std::string location) {
  Page page;
  page.status = 303;
  page.view = "error";
  page.model["status"] = 303;
  page.headers.emplace_back("Location", std::move(location));
  page.headers.emplace_back("Cache-Control", "no-store");
  return page;
}

std::optional<Page> RequireRole(const RequestContext& ctx, auth::Role role) {
  if (!ctx.session.has_value()) {
    if (ctx.request != nullptr && ctx.request->method == "POST") {
      return ErrorModel(ctx, 403, ctx.t().Get("msg_sign_in_first"));
    }
    return SeeOtherPage(ctx.Link("/login?next=" + UrlEncode(ctx.path)));
  }
  if (!auth::Includes(ctx.session->principal.role, role)) {
    return ErrorModel(ctx, 403, ctx.t().Get("msg_role_needed"));
  }
  return std::nullopt;
}

Status WriteArchive(const RequestContext& ctx,
                    const std::function<Status(store::WriteTransaction&)>& fn) {
  std::unique_ptr<store::Store> own;
  store::Store* target = ctx.store;
  if (!ctx.site->archive_dir().empty()) {
    store::OpenOptions options;
    options.cache_mib = 16;
    MEMORIA_ASSIGN_OR_RETURN(own, store::Store::Open(ctx.site->archive_dir(), options));
    target = own.get();
  }
  if (target == nullptr) return InternalError("no archive to write");
  MEMORIA_ASSIGN_OR_RETURN(store::WriteTransaction tx, target->BeginWrite());
  // The ledger entry names the signed-in account (docs/formats/ledger.md,
  // "Entries"), or web:visitor for a visitor's correction, never the
  // server's own user.
  tx.SetLedgerActor(ctx.session.has_value() ? ctx.session->principal.name : "web:visitor");
  MEMORIA_RETURN_IF_ERROR(fn(tx));
  return tx.Commit();
}

Status WithWritableStore(const RequestContext& ctx,
                         const std::function<Status(store::Store*)>& fn) {
  std::unique_ptr<store::Store> own;
  store::Store* target = ctx.store;
  if (!ctx.site->archive_dir().empty()) {
    store::OpenOptions options;
    options.cache_mib = 16;
    MEMORIA_ASSIGN_OR_RETURN(own, store::Store::Open(ctx.site->archive_dir(), options));
    target = own.get();
  }
  if (target == nullptr) return InternalError("no archive to write");
  return fn(target);
}

store::AuditEntry AuditOf(const RequestContext& ctx, std::string_view action, std::string subject) {
  store::AuditEntry e;
  e.account = ctx.session.has_value() ? ctx.session->principal.name : "visitor";
  e.action = std::string(action);
  e.route = ctx.path;
  e.subject = std::move(subject);
  return e;
}

std::optional<store::Visibility> ParseVisibilityField(std::string_view v) {
  if (v.empty() || v == "public") return store::Visibility::kPublic;
  if (v == "restricted") return store::Visibility::kRestricted;
  if (v == "confidential") return store::Visibility::kConfidential;
  return std::nullopt;
}

}  // namespace internal

namespace {

using internal::Json;

std::string PersonPath(int64_t id) { return "/person/" + std::to_string(id); }

std::string FactLabel(const RequestContext& ctx, std::string_view fact) {
  return ctx.t().Get("edit_fact_" + std::string(fact));
}

std::string KindLabel(const RequestContext& ctx, std::string_view fact, const std::string& kind) {
  std::string key = fact == "name" ? "nk_" + kind : fact == "event" ? "ev_" + kind : "at_" + kind;
  std::string label = ctx.t().Get(key);
  return label == "?" ? kind : label;
}

// The person's current main name, for headings ("" when none is visible).
std::string CurrentName(const RequestContext& ctx, int64_t id) {
  Result<store::PersonView> p = ctx.reader->GetPerson(id);
  if (!p.ok() || p->names.empty()) return "";
  const store::NameFact& n = p->names.front();
  return internal::JoinName(n.surname, n.given, n.patronymic);
}

Json ChangeModel(const RequestContext& ctx, const store::ChangeRow& c, bool can_undo) {
  Json j = ObjectWithRoom(20);
  j["id"] = c.id;
  j["kind"] = c.kind;
  j["kind_label"] = ctx.t().Get("edit_kind_" + c.kind);
  j["fact"] = c.fact;
  j["fact_label"] = FactLabel(ctx, c.fact);
  // Ids are set only when there is one: a 0 would read as true in a
  // template section.
  if (c.target_id != 0) j["target_id"] = c.target_id;
  j["value"] = c.value;
  j["citation"] = c.citation;
  j["reason"] = c.reason;
  j["author"] = c.author;
  j["created_at"] = c.created_at;
  j["state"] = c.state;
  j["reviewed_by"] = c.reviewed_by;
  if (c.undone_by != 0) j["undone_by"] = c.undone_by;
  j["person_id"] = c.person_id;
  j["person_url"] = c.person_id != 0 ? ctx.Link(PersonPath(c.person_id)) : std::string();
  j["can_undo"] = can_undo && c.kind != "undo" && c.undone_by == 0;
  return j;
}

}  // namespace

Page PersonHistoryPage(const RequestContext& ctx) {
  store::EditReader edits(ctx.reader);
  Result<store::PersonHistory> h = edits.History(ctx.id);
  if (!h.ok()) return StatusModel(ctx, h.status());
  const bool editor =
      ctx.session.has_value() && auth::Includes(internal::RoleOf(ctx), auth::Role::kEditor);
  Page page;
  page.view = "history";
  Json& m = page.model;
  m["person_id"] = ctx.id;
  m["person_url"] = ctx.Link(PersonPath(ctx.id));
  m["full"] = CurrentName(ctx, ctx.id);
  m["retracted"] = h->retracted;
  page.title = ctx.t().Get("history_title") + " — " +
               (m["full"].get<std::string>().empty() ? std::to_string(ctx.id)
                                                     : m["full"].get<std::string>());
  Json facts = Json::array();
  for (const store::FactVersion& v : h->facts) {
    Json j = ObjectWithRoom(16);
    j["fact"] = v.fact;
    j["id"] = v.id;
    j["fact_label"] = FactLabel(ctx, v.fact);
    j["kind_label"] = KindLabel(ctx, v.fact, v.kind);
    j["value"] = v.value;
    j["current"] = v.retracted_by == 0;
    if (v.retracted_by != 0) j["retracted_by"] = v.retracted_by;
    if (v.record_id != 0) {
      j["record_id"] = v.record_id;
      j["record_url"] = ctx.Link(PersonPath(ctx.id)) + "#record-" + std::to_string(v.record_id);
    }
    if (v.claim_id != 0) {
      j["claim_id"] = v.claim_id;
      j["claim_author"] = v.claim_author;
      j["claim_citation"] = v.claim_citation;
      j["claim_created_at"] = v.claim_created_at;
    }
    facts.push_back(std::move(j));
  }
  m["facts"] = std::move(facts);
  Json changes = Json::array();
  for (const store::ChangeRow& c : h->changes) changes.push_back(ChangeModel(ctx, c, editor));
  m["has_changes"] = !changes.empty();
  m["changes"] = std::move(changes);
  if (editor) {
    m["editor"] = true;
    m["csrf"] = ctx.csrf;
    m["action"] = ctx.Link(PersonPath(ctx.id) + "/edit");
  }
  return page;
}

Page PersonEditPage(const RequestContext& ctx) {
  if (std::optional<Page> refused = internal::RequireRole(ctx, auth::Role::kVolunteer)) {
    return *refused;
  }
  Result<store::PersonView> person = ctx.reader->GetPerson(ctx.id);
  if (!person.ok()) return StatusModel(ctx, person.status());
  const bool editor = auth::Includes(internal::RoleOf(ctx), auth::Role::kEditor);
  Page page;
  page.view = "edit";
  Json& m = page.model;
  const store::NameFact& main = person->names.front();
  m["full"] = internal::JoinName(main.surname, main.given, main.patronymic);
  page.title = ctx.t().Get("edit_title") + " — " + m["full"].get<std::string>();
  m["person_id"] = ctx.id;
  m["person_url"] = ctx.Link(PersonPath(ctx.id));
  m["history_url"] = ctx.Link(PersonPath(ctx.id) + "/history");
  m["action"] = ctx.Link(PersonPath(ctx.id) + "/edit");
  m["csrf"] = ctx.csrf;
  m["editor"] = editor;
  m["max_citation"] = store::kMaxCitationBytes;
  m["max_reason"] = store::kMaxReasonBytes;
  if (ctx.Param("done") == "proposed") m["message"] = ctx.t().Get("edit_proposed");
  if (ctx.Param("done") == "applied") m["message"] = ctx.t().Get("edit_applied");
  Json names = Json::array();
  for (const store::NameFact& n : person->names) {
    names.push_back({{"id", n.id},
                     {"surname", n.surname},
                     {"given", n.given},
                     {"patronymic", n.patronymic},
                     {"kind", n.kind},
                     {"kind_label", ctx.t().Get("nk_" + n.kind)}});
  }
  m["names"] = std::move(names);
  Json events = Json::array();
  for (const store::EventFact& e : person->events) {
    events.push_back({{"id", e.id},
                      {"type", e.type},
                      {"type_label", ctx.t().Get("ev_" + e.type)},
                      {"date", e.date.ToString()},
                      {"place", e.place},
                      {"note", e.note}});
  }
  m["events"] = std::move(events);
  Json attributes = Json::array();
  for (const store::AttributeFact& a : person->attributes) {
    attributes.push_back({{"id", a.id},
                          {"kind", a.kind},
                          {"kind_label", KindLabel(ctx, "attribute", a.kind)},
                          {"value", a.value}});
  }
  m["attributes"] = std::move(attributes);
  Json types = Json::array();
  for (std::string_view t : {"birth", "arrest", "charge", "trial", "sentence", "execution", "death",
                             "burial", "release", "rehabilitation", "designation"}) {
    types.push_back({{"type", t}, {"label", ctx.t().Get("ev_" + std::string(t))}});
  }
  m["event_types"] = std::move(types);
  return page;
}

namespace {

// The change a POST of the edit form asks for; kInvalidArgument for a
// field that does not parse.
Result<store::ChangeRequest> ChangeFromForm(const RequestContext& ctx) {
  store::ChangeRequest r;
  const std::string action = ctx.Form("action");
  const std::string fact = ctx.Form("fact");
  const std::optional<store::ChangeKind> kind = store::ParseEditAction(action);
  const std::optional<store::FactKind> edited = store::ParseEditedFact(fact);
  if (!kind.has_value() || !edited.has_value()) {
    return InvalidArgumentError(ctx.t().Get("edit_err_action"));
  }
  r.kind = *kind;
  r.fact = *edited;
  r.person_id = ctx.id;
  const std::string target = ctx.Form("target");
  if (!target.empty()) {
    std::optional<int64_t> id = internal::ParsePositiveId(target);
    if (!id.has_value()) return InvalidArgumentError(ctx.t().Get("msg_bad_id"));
    r.target_id = *id;
  }
  r.name.kind = ctx.Form("name_kind").empty() ? "main" : ctx.Form("name_kind");
  r.name.surname = CollapseSpace(ctx.Form("surname"));
  r.name.given = CollapseSpace(ctx.Form("given"));
  r.name.patronymic = CollapseSpace(ctx.Form("patronymic"));
  r.event.type = ctx.Form("type");
  const std::string date = CollapseSpace(ctx.Form("date"));
  if (!date.empty()) {
    Result<Edtf> d = Edtf::Parse(date);
    if (!d.ok()) return InvalidArgumentError(ctx.t().Get("edit_err_date"));
    r.event.date = *d;
  }
  r.event.date_text = ctx.Form("date_text");
  r.event.place = CollapseSpace(ctx.Form("place"));
  r.event.body = ctx.Form("body");
  r.event.article = ctx.Form("article");
  r.event.sentence = ctx.Form("sentence");
  r.event.note = ctx.Form("note");
  r.attribute.kind = CollapseSpace(ctx.Form("attr_kind"));
  r.attribute.value = CollapseSpace(ctx.Form("value"));
  r.citation = ctx.Form("citation");
  r.reason = ctx.Form("reason");
  std::optional<store::Visibility> v = internal::ParseVisibilityField(ctx.Form("visibility"));
  if (!v.has_value()) return InvalidArgumentError(ctx.t().Get("edit_err_visibility"));
  r.visibility = *v;
  r.author = ctx.session->principal.name;
  if (CollapseSpace(r.citation).empty()) {
    return InvalidArgumentError(ctx.t().Get("edit_err_citation"));
  }
  return r;
}

// Whether the person, and the fact a correction or retraction names, are
// visible to the account: nobody changes, or learns of, what they cannot
// read. kNotFound otherwise.
Status CheckVisible(const RequestContext& ctx, const store::ChangeRequest& r) {
  MEMORIA_ASSIGN_OR_RETURN(store::PersonView p, ctx.reader->GetPerson(r.person_id));
  if (r.kind == store::ChangeKind::kAdd || r.fact == store::FactKind::kPerson) return Status();
  auto has = [&](const auto& facts) {
    for (const auto& f : facts) {
      if (f.id == r.target_id) return true;
    }
    return false;
  };
  const bool found = r.fact == store::FactKind::kName    ? has(p.names)
                     : r.fact == store::FactKind::kEvent ? has(p.events)
                                                         : has(p.attributes);
  if (!found) return NotFoundError(ctx.t().Get("edit_err_no_fact"));
  return Status();
}

// A refused edit: the error page with the store's message and a way back.
Page EditError(const RequestContext& ctx, const Status& s) {
  Page page = StatusModel(ctx, s);
  page.model["back_url"] = ctx.Link(PersonPath(ctx.id) + "/edit");
  return page;
}

}  // namespace

Page PersonEditPost(const RequestContext& ctx) {
  if (std::optional<Page> refused = internal::RequireRole(ctx, auth::Role::kVolunteer)) {
    return *refused;
  }
  const bool editor = auth::Includes(internal::RoleOf(ctx), auth::Role::kEditor);
  if (ctx.Form("action") == "undo") {
    if (!editor) return ErrorModel(ctx, 403, ctx.t().Get("msg_role_needed"));
    std::optional<int64_t> change = internal::ParsePositiveId(ctx.Form("change"));
    if (!change.has_value()) return ErrorModel(ctx, 400, ctx.t().Get("msg_bad_id"));
    int64_t undo = 0;
    Status s = internal::WriteArchive(ctx, [&](store::WriteTransaction& tx) -> Status {
      MEMORIA_ASSIGN_OR_RETURN(undo, tx.UndoChange(*change, ctx.session->principal.name,
                                                   ctx.Form("citation"), ctx.Form("reason")));
      return tx
          .AppendAudit(internal::AuditOf(
              ctx, "edit",
              "change " + std::to_string(undo) + ": undo change " + std::to_string(*change)))
          .status();
    });
    if (!s.ok()) return EditError(ctx, s);
    return internal::SeeOtherPage(ctx.Link(PersonPath(ctx.id) + "/history"));
  }
  Result<store::ChangeRequest> request = ChangeFromForm(ctx);
  if (!request.ok()) return EditError(ctx, request.status());
  if (Status v = store::ValidateChange(*request); !v.ok()) return EditError(ctx, v);
  if (Status v = CheckVisible(ctx, *request); !v.ok()) return EditError(ctx, v);
  int64_t change = 0;
  Status s = internal::WriteArchive(ctx, [&](store::WriteTransaction& tx) -> Status {
    if (editor) {
      MEMORIA_ASSIGN_OR_RETURN(change, tx.MakeChange(*request));
    } else {
      MEMORIA_ASSIGN_OR_RETURN(change, tx.ProposeChange(*request));
    }
    std::string subject = "change " + std::to_string(change) + ": " +
                          std::string(store::ChangeKindName(request->kind)) + " " +
                          std::string(store::FactKindName(request->fact));
    if (request->target_id != 0) subject += " " + std::to_string(request->target_id);
    subject += " of person " + std::to_string(ctx.id);
    if (!editor) subject += " (proposed)";
    return tx.AppendAudit(internal::AuditOf(ctx, editor ? "edit" : "propose", subject)).status();
  });
  if (!s.ok()) return EditError(ctx, s);
  if (!editor) {
    return internal::SeeOtherPage(ctx.Link(PersonPath(ctx.id) + "/edit?done=proposed"));
  }
  if (request->kind == store::ChangeKind::kRetract && request->fact == store::FactKind::kPerson) {
    return internal::SeeOtherPage(ctx.Link(PersonPath(ctx.id) + "/history"));
  }
  return internal::SeeOtherPage(ctx.Link(PersonPath(ctx.id)));
}

}  // namespace memoria::web
