// The person page: every name, event and attribute with the record it comes
// from, conflicting values side by side, the source records, a citation.
#include <algorithm>
#include <map>

#include "auth/auth.h"
#include "core/text.h"
#include "query/facts.h"
#include "store/cases.h"
#include "store/edits.h"
#include "web/internal/pages.h"
#include "web/internal/pages_common.h"
#include "web/internal/record_fields.h"
#include "web/internal/url.h"

namespace memoria::web {
namespace {

using internal::Json;

Json Provenance(int64_t record_id, int64_t claim_id) {
  Json p = ObjectWithRoom(16);
  if (record_id != 0) p["record_id"] = record_id;
  if (claim_id != 0) p["claim_id"] = claim_id;
  return p;
}

Json NamesModel(const RequestContext& ctx, const store::PersonView& p) {
  Json names = Json::array();
  for (const store::NameFact& n : p.names) {
    Json j = Provenance(n.record_id, n.claim_id);
    j["kind"] = n.kind;
    j["kind_label"] = ctx.t().Get("nk_" + n.kind);
    j["full"] = internal::JoinName(n.surname, n.given, n.patronymic);
    j["latin"] = internal::LatinName(ctx, j["full"].get_ref<const std::string&>());
    j["surname"] = n.surname;
    j["given"] = n.given;
    j["patronymic"] = n.patronymic;
    j["script"] = n.script;
    names.push_back(std::move(j));
  }
  return names;
}

// The events, and the person's birth and death into *m.
Json EventsModel(const RequestContext& ctx, const store::PersonView& p, Json* m) {
  Json events = Json::array();
  for (const store::EventFact& e : p.events) {
    Json j = Provenance(e.record_id, e.claim_id);
    const std::string date = e.date.ToString();
    j["type"] = e.type;
    j["type_label"] = ctx.t().Get("ev_" + e.type);
    j["date"] = date;
    j["date_human"] = internal::HumanDate(date, ctx.lang);
    if (!e.date.empty() && !e.date.is_interval() && !e.date.uncertain() && !e.date.approximate() &&
        date.find('X') == std::string::npos) {
      j["date_iso"] = date;
    }
    j["date_text"] = e.date_text;
    j["place"] = e.place;
    j["body"] = e.body;
    j["article"] = e.article;
    j["sentence"] = e.sentence;
    j["note"] = e.note;
    events.push_back(std::move(j));
  }
  // The one rule for the birth and the death (store::ChooseLifeEvents);
  // the page shows them when their date is known.
  const query::LifeEvents life = query::ChooseLifeEvents(p.events);
  if (life.birth != nullptr && !life.birth->date.empty()) {
    (*m)["birth"] = life.birth->date.ToString();
    (*m)["birth_human"] = internal::HumanDate(life.birth->date.ToString(), ctx.lang);
  }
  if (life.death != nullptr && !life.death->date.empty()) {
    (*m)["death"] = life.death->date.ToString();
    (*m)["death_human"] = internal::HumanDate(life.death->date.ToString(), ctx.lang);
    (*m)["death_label"] = internal::DeathLabel(ctx, life.death->type);
  }
  return events;
}

Json AttributesModel(const RequestContext& ctx, const store::PersonView& p) {
  Json attributes = Json::array();
  for (const store::AttributeFact& a : p.attributes) {
    Json j = Provenance(a.record_id, a.claim_id);
    j["kind"] = a.kind;
    j["kind_label"] = ctx.t().Get("at_" + a.kind) == "?" ? a.kind : ctx.t().Get("at_" + a.kind);
    j["value"] = a.value;
    // An address opens Last Address at its street and house.
    j["address_url"] = a.kind == "address" || a.kind == "residence"
                           ? ctx.Link("/address?q=" + internal::UrlEncode(a.value))
                           : std::string();
    attributes.push_back(std::move(j));
  }
  return attributes;
}

// Conflicts (query::FindConflicts), with labels and dates in the page's
// language.
Json ConflictsModel(const RequestContext& ctx, const store::PersonView& p) {
  Json conflicts = Json::array();
  for (const query::Conflict& c : query::FindConflicts(p)) {
    const bool event = c.of == query::Conflict::Of::kEvent;
    Json values = Json::array();
    for (const query::Conflict::Value& v : c.values) {
      Json j = Provenance(v.record_id, v.claim_id);
      j["value"] = event ? internal::HumanDate(v.value, ctx.lang) : v.value;
      values.push_back(std::move(j));
    }
    Json j = ObjectWithRoom(8);
    j["kind"] = c.kind;
    j["label"] = ctx.t().Get((event ? "ev_" : "at_") + c.kind);
    j["values"] = std::move(values);
    conflicts.push_back(std::move(j));
  }
  return conflicts;
}

// Every source record of the person in a column of its own, a row per
// field (the name, each type of event, each kind of attribute) with what
// that record says; a row whose records say different things is marked.
// Facts an editor added (claims) have no record and are left out; so are
// records none of whose facts is visible. Empty for a person of one record.
Json SideBySideModel(const RequestContext& ctx, const store::PersonView& p, Json* columns) {
  std::vector<int64_t> order;  // the records, in the page's order
  for (const store::RecordView& r : p.records) order.push_back(r.id);
  if (order.size() < 2) return Json::array();
  struct Row {
    std::string label;
    std::map<int64_t, std::vector<std::string>> values;  // by record
  };
  std::vector<Row> rows;
  auto add = [&](const std::string& key, int64_t record, std::string value) {
    if (record == 0 || value.empty()) return;
    auto it = std::find_if(rows.begin(), rows.end(), [&](const Row& r) { return r.label == key; });
    if (it == rows.end()) {
      rows.push_back(Row{key, {}});
      it = rows.end() - 1;
    }
    auto& list = it->values[record];
    if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(std::move(value));
  };
  std::map<std::string, std::string> labels;
  for (const store::NameFact& n : p.names) {
    labels["name"] = ctx.t().Get("name");
    add("name", n.record_id, internal::JoinName(n.surname, n.given, n.patronymic));
  }
  for (const store::EventFact& e : p.events) {
    const std::string key = "ev_" + e.type;
    labels[key] = ctx.t().Get(key);
    std::string v = e.date.empty() ? e.date_text : internal::HumanDate(e.date.ToString(), ctx.lang);
    if (!e.place.empty()) v += (v.empty() ? "" : ", ") + e.place;
    add(key, e.record_id, std::move(v));
  }
  for (const store::AttributeFact& a : p.attributes) {
    const std::string key = "at_" + a.kind;
    labels[key] = ctx.t().Get(key) == "?" ? a.kind : ctx.t().Get(key);
    add(key, a.record_id, a.value);
  }
  std::vector<int64_t> shown;
  for (int64_t id : order) {
    for (const Row& r : rows) {
      if (r.values.count(id) != 0) {
        shown.push_back(id);
        break;
      }
    }
  }
  if (shown.size() < 2) return Json::array();
  for (const store::RecordView& r : p.records) {
    if (std::find(shown.begin(), shown.end(), r.id) == shown.end()) continue;
    columns->push_back({{"record_id", r.id},
                        {"source_title", r.source_title.empty() ? r.source_key : r.source_title}});
  }
  Json out = Json::array();
  for (const Row& r : rows) {
    Json cells = Json::array();
    std::vector<std::string> distinct;
    for (int64_t id : shown) {
      std::string text;
      auto it = r.values.find(id);
      if (it != r.values.end()) {
        for (const std::string& v : it->second) {
          text += (text.empty() ? "" : "; ") + v;
          const std::string folded = CollapseSpace(FoldCase(v));
          if (std::find(distinct.begin(), distinct.end(), folded) == distinct.end()) {
            distinct.push_back(folded);
          }
        }
      }
      cells.push_back({{"value", std::move(text)}});
    }
    out.push_back({{"label", labels[r.label]},
                   {"disagree", distinct.size() > 1},
                   {"cells", std::move(cells)}});
  }
  return out;
}

// "value" when it is one http(s) URL (no space, quote or angle bracket:
// nothing that could leave the href attribute), else "".
std::string LinkOf(std::string_view value) {
  if (!value.starts_with("http://") && !value.starts_with("https://")) return "";
  if (value.size() > 2048 || !IsValidUtf8(value)) return "";
  for (unsigned char c : value) {
    if (c <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' || c == 0x7F) {
      return "";
    }
  }
  return std::string(value);
}

// Open List's own page of a record: its pages are titled by the person's
// name (and birth year, which its export lacks), so the link is Open
// List's search for the name, which leads to the page.
std::string OpenListUrl(const store::RecordView& r, std::string_view name) {
  if (!r.source_key.starts_with("openlist:") || r.external_id.empty() || name.empty()) return "";
  return "https://ru.openlist.wiki/index.php?search=" + internal::UrlEncode(name);
}

Json RecordModel(const RequestContext& ctx, const store::RecordView& r, std::string_view name) {
  Json j = ObjectWithRoom(16);
  j["record_id"] = r.id;
  j["source_id"] = r.source_id;
  j["source_url"] = ctx.Link("/sources/" + std::to_string(r.source_id));
  j["source_key"] = r.source_key;
  j["source_title"] = r.source_title.empty() ? r.source_key : r.source_title;
  j["file_name"] = r.file_name;
  j["line"] = r.position;
  j["external_id"] = r.external_id;
  j["external_url"] = OpenListUrl(r, name);
  j["content_sha256"] = r.content_hash;
  std::optional<std::vector<internal::RecordField>> flat = internal::RecordFields(r.raw);
  if (flat.has_value()) {
    // A field's object is built in place: a record has some forty fields.
    Json fields = Json::array();
    Json::array_t& list = fields.get_ref<Json::array_t&>();
    list.reserve(flat->size());
    for (auto& [key, text] : *flat) {
      std::string href = LinkOf(text);
      Json field = ObjectWithRoom(3);
      field["field"] = std::move(key);
      field["value"] = std::move(text);
      field["href"] = std::move(href);
      list.push_back(std::move(field));
    }
    j["has_fields"] = !fields.empty();
    j["fields"] = std::move(fields);
  } else {
    j["raw"] = IsValidUtf8(r.raw) ? r.raw : std::string("(invalid UTF-8)");
  }
  return j;
}

// A merged person answers 301 to the person it was merged into: that page
// is the one to cite.
Page MergedRedirect(const RequestContext& ctx, int64_t to_id) {
  Page r = ErrorModel(ctx, 301, "");
  const std::string to = (ctx.api ? "/api/v1/person/" : "/person/") + std::to_string(to_id);
  r.headers.emplace_back("Location", ctx.Link(to));
  r.model["redirect_to"] = to_id;
  return r;
}

}  // namespace

Page PersonPage(const RequestContext& ctx) {
  Result<store::PersonView> person = ctx.reader->GetPerson(ctx.id);
  if (!person.ok()) return StatusModel(ctx, person.status());
  if (person->redirect_to != 0 && person->redirect_to != ctx.id) {
    return MergedRedirect(ctx, person->redirect_to);
  }
  const store::PersonView& p = *person;
  Page page;
  page.view = "person";
  Json& m = page.model;
  m["person_id"] = p.id;
  m["url"] = ctx.Link("/person/" + std::to_string(p.id));
  const store::NameFact& main = p.names.front();
  m["full"] = internal::JoinName(main.surname, main.given, main.patronymic);
  m["latin"] = internal::LatinName(ctx, m["full"].get_ref<const std::string&>());
  m["name"] = {{"surname", main.surname}, {"given", main.given}, {"patronymic", main.patronymic}};
  page.title = m["full"].get<std::string>();
  if (page.title.empty()) page.title = ctx.t().Get("person") + " " + std::to_string(p.id);
  m["names"] = NamesModel(ctx, p);
  Json events = EventsModel(ctx, p, &m);
  m["has_events"] = !events.empty();
  m["events"] = std::move(events);
  Json attributes = AttributesModel(ctx, p);
  m["has_attributes"] = !attributes.empty();
  m["attributes"] = std::move(attributes);
  Result<Json> registers = PersonRegistersModel(ctx, p.id);
  if (!registers.ok()) return StatusModel(ctx, registers.status());
  {
    store::CasesReader cases(ctx.reader);
    Result<bool> card = cases.HasCard(p.id);
    if (!card.ok()) return StatusModel(ctx, card.status());
    if (*card) m["prisoner_url"] = ctx.Link("/prisoners/" + std::to_string(p.id));
  }
  m["has_registers"] = !registers->empty();
  m["registers"] = std::move(*registers);
  Json columns = Json::array();
  Json side = SideBySideModel(ctx, p, &columns);
  m["has_side_by_side"] = !side.empty();
  m["sbs_columns"] = std::move(columns);
  m["sbs_rows"] = std::move(side);
  Json conflicts = ConflictsModel(ctx, p);
  m["has_conflicts"] = !conflicts.empty();
  m["conflicts"] = std::move(conflicts);

  // Corrections: the history of every fact, the public's form, and for
  // volunteers and editors the editing forms; testimonies an editor accepted.
  const std::string path = "/person/" + std::to_string(p.id);
  m["history_url"] = ctx.Link(path + "/history");
  if (!ctx.site->mirror()) m["correct_url"] = ctx.Link(path + "/correct");
  if (ctx.session.has_value() &&
      auth::Includes(ctx.session->principal.role, auth::Role::kVolunteer)) {
    m["edit_url"] = ctx.Link(path + "/edit");
  }
  Result<std::vector<store::CorrectionRow>> testimonies =
      store::EditReader(ctx.reader).Testimonies(p.id);
  if (!testimonies.ok()) return StatusModel(ctx, testimonies.status());
  Json said = Json::array();
  for (const store::CorrectionRow& t : *testimonies) {
    said.push_back({{"id", t.id}, {"body", t.body}, {"date", t.reviewed_at.substr(0, 10)}});
  }
  m["has_testimonies"] = !said.empty();
  m["testimonies"] = std::move(said);

  Json records = Json::array();
  std::vector<std::string> source_titles;
  for (const store::RecordView& r : p.records) {
    Json j = RecordModel(ctx, r, m["full"].get_ref<const std::string&>());
    const std::string& title = j["source_title"].get_ref<const std::string&>();
    if (std::find(source_titles.begin(), source_titles.end(), title) == source_titles.end()) {
      source_titles.push_back(title);
    }
    records.push_back(std::move(j));
  }
  m["records"] = std::move(records);
  std::string sources;
  for (const std::string& s : source_titles) sources += (sources.empty() ? "" : "; ") + s;
  // An absolute address and the day it was read, as citations want.
  // A person added by an editor cites no source list ("Sources: ." reads
  // as a defect).
  m["citation"] = ctx.t().Format(
      sources.empty() ? "cite_format_no_sources" : "cite_format",
      {page.title, std::to_string(p.id), ctx.base_url + "/person/" + std::to_string(p.id),
       internal::TodayIso(), sources});
  return page;
}

}  // namespace memoria::web
