#include "web/internal/views.h"

#include <cstdio>
#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/text.h"
#include "web/internal/url.h"

namespace memoria::web {
namespace {

namespace mustache = kainjow::mustache;
using Data = mustache::data;

constexpr const char* kPages[] = {"layout", "home", "search", "person", "error", "search_form"};

Data List() { return Data(Data::type::list); }

// Sets "key" only for non-empty text: kainjow treats every string, even "",
// as true in a section, so {{#place}}..{{/place}} needs the key absent.
void SetText(Data& d, const std::string& key, std::string_view text) {
  if (!text.empty()) d.set(key, std::string(text));
}

std::string Number(int64_t n) { return std::to_string(n); }

// Russian labels for the codes of name kinds, event types and attribute
// kinds; an unknown code is shown as it is. (The locale catalogs of the
// website issue replace this table.)
std::string Label(std::string_view code) {
  static constexpr std::pair<std::string_view, std::string_view> kLabels[] = {
      {"main", "основное"},
      {"alias", "другое имя"},
      {"variant", "вариант написания"},
      {"transliteration", "транслитерация"},
      {"maiden", "девичья фамилия"},
      {"birth", "Рождение"},
      {"arrest", "Арест"},
      {"charge", "Обвинение"},
      {"trial", "Суд"},
      {"sentence", "Приговор"},
      {"execution", "Расстрел"},
      {"death", "Смерть"},
      {"burial", "Место захоронения"},
      {"release", "Освобождение"},
      {"rehabilitation", "Реабилитация"},
      {"designation", "Включение в реестр"},
      {"sex", "пол"},
      {"age_at_arrest", "возраст при аресте"},
      {"nationality", "национальность"},
      {"citizenship", "гражданство"},
      {"occupation", "род занятий"},
      {"residence", "место жительства"},
      {"address", "адрес"},
      {"apartment", "квартира"},
      {"address_as_written", "адрес (как в источнике)"},
      {"education", "образование"},
      {"party", "партийность"},
      {"family", "семья"},
      {"social_background", "социальное происхождение"},
      {"previous_repression", "предыдущие репрессии"},
      {"next_repression", "последующие репрессии"},
      {"memory_book", "книга памяти"},
  };
  for (const auto& [c, label] : kLabels) {
    if (c == code) return std::string(label);
  }
  return std::string(code);
}

std::string JoinName(std::string_view surname, std::string_view given,
                     std::string_view patronymic) {
  std::string out;
  for (std::string_view part : {surname, given, patronymic}) {
    if (part.empty()) continue;
    if (!out.empty()) out.push_back(' ');
    out.append(part);
  }
  return out;
}

// Provenance of a fact: the record it was read from, or a claim.
void SetProvenance(Data& d, int64_t record_id, int64_t claim_id) {
  if (record_id != 0) d.set("record_id", Number(record_id));
  if (claim_id != 0) d.set("claim_id", Number(claim_id));
}

Data NameData(const store::NameFact& n) {
  Data d;
  d.set("kind", Label(n.kind));
  SetText(d, "full", JoinName(n.surname, n.given, n.patronymic));
  SetText(d, "surname", n.surname);
  SetText(d, "given", n.given);
  SetText(d, "patronymic", n.patronymic);
  SetText(d, "script", n.script);
  SetProvenance(d, n.record_id, n.claim_id);
  return d;
}

Data EventData(const store::EventFact& e) {
  Data d;
  d.set("type", Label(e.type));
  SetText(d, "date", e.date.ToString());
  SetText(d, "date_text", e.date_text);
  SetText(d, "place", e.place);
  SetText(d, "body", e.body);
  SetText(d, "article", e.article);
  SetText(d, "sentence", e.sentence);
  SetText(d, "note", e.note);
  SetProvenance(d, e.record_id, e.claim_id);
  return d;
}

Data AttributeData(const store::AttributeFact& a) {
  Data d;
  d.set("kind", Label(a.kind));
  d.set("value", a.value);
  SetProvenance(d, a.record_id, a.claim_id);
  return d;
}

// A field value as text: strings as they are, null as "", anything else as
// compact JSON. Invalid UTF-8 is replaced rather than thrown about.
std::string FieldText(const nlohmann::ordered_json& value) {
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    if (IsValidUtf8(s)) return s;
  }
  if (value.is_null()) return "";
  return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

Data RecordData(const store::RecordView& r) {
  Data d;
  d.set("record_id", Number(r.id));
  SetText(d, "source_title", r.source_title);
  SetText(d, "source_key", r.source_key);
  SetText(d, "file_name", r.file_name);
  d.set("position", Number(r.position));
  SetText(d, "external_id", r.external_id);
  SetText(d, "content_hash", r.content_hash);
  // The raw fields in their original order; without exceptions, a parse
  // failure is a "discarded" value.
  const auto raw = nlohmann::ordered_json::parse(r.raw, nullptr, /*allow_exceptions=*/false);
  if (raw.is_object()) {
    Data fields = List();
    for (const auto& [key, value] : raw.items()) {
      Data f;
      f.set("field", key);
      f.set("value", FieldText(value));
      fields.push_back(f);
    }
    d.set("fields", fields);
    d.set("has_fields", !raw.empty());
  } else {
    SetText(d, "raw", IsValidUtf8(r.raw) ? r.raw : std::string("(invalid UTF-8)"));
  }
  return d;
}

std::string FormatScore(double score) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", score);
  return buf;
}

std::string SearchUrl(std::string_view query, int64_t page) {
  return "/search?q=" + internal::UrlEncode(query) + "&page=" + Number(page);
}

}  // namespace

struct Views::Compiled {
  std::map<std::string, std::unique_ptr<mustache::mustache>, std::less<>> pages;
  std::string search_form;  // source of the partial {{> search_form}}

  Result<std::string> Render(std::string_view page, Data& data) {
    data.set("search_form", search_form);
    auto it = pages.find(page);
    auto layout = pages.find(std::string_view("layout"));
    if (!MEMORIA_ALWAYS(it != pages.end() && layout != pages.end())) {
      return InternalError("no template " + std::string(page));
    }
    std::string content = it->second->render(data);
    if (!it->second->is_valid()) {
      return InternalError("rendering " + std::string(page) + ": " + it->second->error_message());
    }
    data.set("content", content);
    std::string html = layout->second->render(data);
    if (!layout->second->is_valid()) {
      return InternalError("rendering layout: " + layout->second->error_message());
    }
    return html;
  }
};

Views::Views(std::unique_ptr<Compiled> compiled) : compiled_(std::move(compiled)) {}
Views::~Views() = default;

Result<std::unique_ptr<Views>> Views::Create(const TemplateSet& templates) {
  auto compiled = std::make_unique<Compiled>();
  for (const char* page : kPages) {
    const std::string file = std::string(page) + ".mustache";
    auto it = templates.find(file);
    if (it == templates.end()) return InvalidArgumentError("missing template " + file);
    auto tmpl = std::make_unique<mustache::mustache>(it->second);
    if (!tmpl->is_valid()) {
      return InvalidArgumentError("template " + file + ": " + tmpl->error_message());
    }
    compiled->pages.emplace(page, std::move(tmpl));
  }
  compiled->search_form = templates.find(std::string_view("search_form.mustache"))->second;
  return std::unique_ptr<Views>(new Views(std::move(compiled)));
}

Result<std::string> Views::Home(const store::Stats& stats) {
  Data d;
  d.set("is_home", true);
  d.set("persons", Number(stats.persons));
  d.set("records", Number(stats.records));
  d.set("sources", Number(stats.sources));
  return compiled_->Render("home", d);
}

Result<std::string> Views::Search(const SearchModel& model) {
  Data d;
  d.set("is_search", true);
  SetText(d, "query", model.query);
  d.set("empty_query", model.empty_query);
  if (model.result != nullptr) {
    const search::SearchResult& r = *model.result;
    d.set("searched", true);
    d.set("total", Number(r.total));
    Data hits = List();
    for (const search::Hit& h : r.hits) {
      Data hit;
      hit.set("person_id", Number(h.person_id));
      SetText(hit, "full", JoinName(h.surname, h.given, h.patronymic));
      SetText(hit, "birth", h.birth);
      hit.set("score", FormatScore(h.score));
      SetText(hit, "why", h.why);
      hits.push_back(hit);
    }
    d.set("hits", hits);
    d.set("has_hits", !r.hits.empty());
    const int64_t pages = (r.total + kResultsPerPage - 1) / kResultsPerPage;
    d.set("page", Number(model.page));
    d.set("pages", Number(pages));
    d.set("first", Number(static_cast<int64_t>(model.page - 1) * kResultsPerPage + 1));
    d.set("last", Number(static_cast<int64_t>(model.page - 1) * kResultsPerPage +
                         static_cast<int64_t>(r.hits.size())));
    if (model.page > 1) d.set("prev_url", SearchUrl(model.query, model.page - 1));
    if (model.page < pages) d.set("next_url", SearchUrl(model.query, model.page + 1));
    d.set("paged", pages > 1);
  }
  return compiled_->Render("search", d);
}

Result<std::string> Views::Person(const store::PersonView& person) {
  Data d;
  d.set("is_person", true);
  d.set("person_id", Number(person.id));
  if (!person.names.empty()) {
    const store::NameFact& n = person.names.front();
    SetText(d, "person_name", JoinName(n.surname, n.given, n.patronymic));
  }
  Data names = List(), events = List(), attributes = List(), records = List();
  for (const auto& n : person.names) names.push_back(NameData(n));
  for (const auto& e : person.events) events.push_back(EventData(e));
  for (const auto& a : person.attributes) attributes.push_back(AttributeData(a));
  for (const auto& r : person.records) records.push_back(RecordData(r));
  d.set("names", names);
  d.set("events", events);
  d.set("attributes", attributes);
  d.set("records", records);
  return compiled_->Render("person", d);
}

Result<std::string> Views::Error(int status, std::string_view message) {
  Data d;
  d.set("is_error", true);
  d.set("status", Number(status));
  d.set("is_" + Number(status), true);
  SetText(d, "message", IsValidUtf8(message) ? message : std::string_view("(invalid UTF-8)"));
  return compiled_->Render("error", d);
}

}  // namespace memoria::web
