// The review of record linkage (/review, for editors): the pairs of persons
// the linker found uncertain (memoria link, store/merge.h), the most
// uncertain first, each side by side with the fields that agree and
// disagree and their weights; accept (a merge), reject (never proposed
// again), undo. The values shown are read from the two persons through the
// request's Reader, so nothing above the editor's ceiling shows; the stored
// pair holds levels and weights only. Every POST reaching these handlers
// has passed the CSRF check of app.cc.
#include <cmath>
#include <string>

#include "query/facts.h"
#include "store/merge.h"
#include "web/internal/edit.h"
#include "web/internal/pages.h"
#include "web/internal/pages_common.h"
#include "web/internal/url.h"

namespace memoria::web {
namespace {

using internal::Json;

constexpr int64_t kQueueLimit = 50;
constexpr int64_t kDecidedLimit = 20;

std::string PersonPath(int64_t id) { return "/person/" + std::to_string(id); }

// A person's value of a linkage field (the fields of cli/link.cc).
std::string FieldValue(const RequestContext& ctx, const store::PersonView& p,
                       std::string_view field) {
  const store::NameFact* name = p.MainName();
  if (field == "given") return name != nullptr ? name->given : "";
  if (field == "surname") return name != nullptr ? name->surname : "";
  if (field == "patronymic") return name != nullptr ? name->patronymic : "";
  for (const store::EventFact& e : p.events) {
    if (field == "birth" && e.type == "birth") {
      return !e.date.empty() ? internal::HumanDate(e.date.ToString(), ctx.lang) : e.date_text;
    }
    if (field == "locality" && e.type == "birth") return e.place;
    if (field == "death" && (e.type == "execution" || e.type == "death") && !e.date.empty()) {
      return internal::HumanDate(e.date.ToString(), ctx.lang);
    }
  }
  for (const store::AttributeFact& a : p.attributes) {
    if (a.kind == field) return a.value;
  }
  return "";
}

std::string LevelWord(int level) {
  switch (level) {
    case 3:
      return "exact";
    case 2:
      return "close";
    case 1:
      return "weak";
    case 0:
      return "disagree";
    default:
      return "missing";
  }
}

std::string PersonName(const store::PersonView& p) {
  if (p.names.empty()) return "";
  const store::NameFact& n = p.names.front();
  return internal::JoinName(n.surname, n.given, n.patronymic);
}

Json PersonModel(const RequestContext& ctx, const store::PersonView& p) {
  Json j = ObjectWithRoom(4);
  j["id"] = p.id;
  j["url"] = ctx.Link(PersonPath(p.id));
  j["name"] = PersonName(p);
  j["records"] = p.records.size();
  return j;
}

// One pair, side by side; nullopt when a person cannot be read at this
// ceiling (it is then left out of the queue).
Result<std::optional<Json>> PairModel(const RequestContext& ctx, const store::LinkDecisionRow& d) {
  Result<store::PersonView> a = ctx.reader->GetPerson(d.person_a);
  Result<store::PersonView> b = ctx.reader->GetPerson(d.person_b);
  for (const auto* r : {&a, &b}) {
    if (!r->ok() && r->status().code() != StatusCode::kNotFound) return r->status();
  }
  if (!a.ok() || !b.ok() || a->redirect_to != 0 || b->redirect_to != 0) {
    return std::optional<Json>();
  }
  Json j = ObjectWithRoom(16);
  j["id"] = d.id;
  j["probability"] = std::round(d.probability * 1000) / 1000;
  j["percent"] = std::to_string(static_cast<int>(std::lround(d.probability * 100))) + "%";
  char weight[32];
  std::snprintf(weight, sizeof weight, "%+.2f", d.weight);
  j["weight"] = weight;
  j["a"] = PersonModel(ctx, *a);
  j["b"] = PersonModel(ctx, *b);
  Json fields = Json::array();
  const Json stored = Json::parse(d.fields_json, nullptr, /*allow_exceptions=*/false);
  if (stored.is_array()) {
    for (const Json& f : stored) {
      if (!f.is_object() || !f.contains("field") || !f["field"].is_string()) continue;
      const std::string field = f["field"].get<std::string>();
      const int level = f.value("level", -1);
      const double w = f.value("weight", 0.0);
      Json row = ObjectWithRoom(8);
      row["label"] =
          ctx.t().Get("link_field_" + field) == "?" ? field : ctx.t().Get("link_field_" + field);
      row["a"] = FieldValue(ctx, *a, field);
      row["b"] = FieldValue(ctx, *b, field);
      row["level"] = LevelWord(level);
      row["level_label"] = ctx.t().Get("link_level_" + LevelWord(level));
      row["agree"] = level >= 2;
      row["disagree"] = level == 0;
      char text[32];
      std::snprintf(text, sizeof text, "%+.2f", w);
      row["weight"] = level < 0 ? std::string("0") : std::string(text);
      fields.push_back(std::move(row));
    }
  }
  j["fields"] = std::move(fields);
  j["rule"] = d.rule;
  j["state"] = d.state;
  j["state_label"] = ctx.t().Get("review_state_" + d.state);
  j["decided_by"] = d.decided_by;
  j["decided_at"] = d.decided_at;
  return std::optional<Json>(std::move(j));
}

}  // namespace

Page ReviewPage(const RequestContext& ctx) {
  if (std::optional<Page> refused = internal::RequireRole(ctx, auth::Role::kEditor)) {
    return *refused;
  }
  store::LinkReader links(ctx.reader);
  const double midpoint = (store::kDefaultLinkThreshold + store::kDefaultReviewThreshold) / 2;
  Result<std::vector<store::LinkDecisionRow>> pending =
      links.Decisions("pending", midpoint, kQueueLimit);
  if (!pending.ok()) return StatusModel(ctx, pending.status());
  Result<std::vector<store::LinkDecisionRow>> decided = links.RecentDecisions(kDecidedLimit);
  if (!decided.ok()) return StatusModel(ctx, decided.status());
  Page page;
  page.view = "review";
  page.title = ctx.t().Get("review_title");
  Json& m = page.model;
  m["csrf"] = ctx.csrf;
  m["action"] = ctx.Link("/review");
  for (const auto& [key, rows] : {std::pair{"pairs", &*pending}, std::pair{"decided", &*decided}}) {
    Json list = Json::array();
    for (const store::LinkDecisionRow& d : *rows) {
      Result<std::optional<Json>> pair = PairModel(ctx, d);
      if (!pair.ok()) return StatusModel(ctx, pair.status());
      if (pair->has_value()) {
        list.push_back(std::move(**pair));
      } else if (d.state == "accepted") {
        // The second person is merged into the first: shown by its id.
        Json j = ObjectWithRoom(8);
        j["id"] = d.id;
        j["state"] = d.state;
        j["state_label"] = ctx.t().Get("review_state_" + d.state);
        j["decided_by"] = d.decided_by;
        j["decided_at"] = d.decided_at;
        j["merged"] = true;
        j["a"] = {{"id", d.person_a}, {"url", ctx.Link(PersonPath(d.person_a))}};
        j["b"] = {{"id", d.person_b}, {"url", ctx.Link(PersonPath(d.person_b))}};
        list.push_back(std::move(j));
      }
    }
    m[std::string("has_") + key] = !list.empty();
    m[key] = std::move(list);
  }
  page.headers.emplace_back("Cache-Control", "no-store");
  return page;
}

Page ReviewPost(const RequestContext& ctx) {
  if (std::optional<Page> refused = internal::RequireRole(ctx, auth::Role::kEditor)) {
    return *refused;
  }
  const std::string action = ctx.Form("action");
  std::optional<int64_t> id = internal::ParsePositiveId(ctx.Form("id"));
  if (!id.has_value()) return ErrorModel(ctx, 400, ctx.t().Get("msg_bad_id"));
  if (action != "accept" && action != "reject" && action != "undo") {
    return ErrorModel(ctx, 400, ctx.t().Get("edit_err_action"));
  }
  Result<store::LinkDecisionRow> d = store::LinkReader(ctx.reader).Decision(*id);
  if (!d.ok()) return StatusModel(ctx, d.status());
  if ((action == "undo") == (d->state == "pending")) {
    return ErrorModel(ctx, 409, ctx.t().Get("review_err_state"));
  }
  const std::string& me = ctx.session->principal.name;
  Status s = internal::WriteArchive(ctx, [&](store::WriteTransaction& tx) -> Status {
    int64_t merge = 0;
    std::string state = action == "accept"   ? "accepted"
                        : action == "reject" ? "rejected"
                                             : "pending";
    if (action == "accept") {
      // The older person survives: its address is the one cited longest.
      store::MergeRequest r;
      r.survivor = std::min(d->person_a, d->person_b);
      r.retired = std::max(d->person_a, d->person_b);
      r.author = me;
      r.score = d->probability;
      r.citation = "review of link decision " + std::to_string(d->id);
      MEMORIA_ASSIGN_OR_RETURN(merge, tx.MergePersons(r));
    } else if (action == "undo" && d->merge_id != 0) {
      MEMORIA_RETURN_IF_ERROR(tx.SplitMerge(d->merge_id, me));
    }
    MEMORIA_RETURN_IF_ERROR(tx.DecidePair(d->person_a, d->person_b, state, me, merge).status());
    return tx
        .AppendAudit(internal::AuditOf(
            ctx, "link",
            action + " link decision " + std::to_string(d->id) + ": persons " +
                std::to_string(d->person_a) + " and " + std::to_string(d->person_b) +
                (merge != 0 ? " (merge " + std::to_string(merge) + ")" : "")))
        .status();
  });
  if (!s.ok()) return StatusModel(ctx, s);
  return internal::SeeOtherPage(ctx.Link("/review"));
}

}  // namespace memoria::web
