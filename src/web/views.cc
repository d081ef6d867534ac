#include "web/internal/views.h"

#include <kainjow/mustache.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/text.h"
#include "web/internal/url.h"

namespace memoria::web {
namespace {

namespace mustache = kainjow::mustache;
using Data = mustache::data;
using Json = nlohmann::ordered_json;

constexpr const char* kPartials[] = {"search_form", "paging", "person_list", "provenance"};

// JSON to mustache data: objects and arrays keep their shape, strings and
// numbers become text, true stays true, and false, null and "" are left out
// (so that {{#key}} sections test for presence).
Data ToData(const Json& j) {
  switch (j.type()) {
    case Json::value_t::object: {
      Data d;
      for (const auto& [key, value] : j.items()) {
        if (value.is_null() || (value.is_boolean() && !value.get<bool>()) ||
            (value.is_string() && value.get_ref<const std::string&>().empty())) {
          continue;
        }
        d.set(key, ToData(value));
      }
      return d;
    }
    case Json::value_t::array: {
      Data list(Data::type::list);
      for (const Json& item : j) list.push_back(ToData(item));
      return list;
    }
    case Json::value_t::string: {
      const auto& s = j.get_ref<const std::string&>();
      return Data(IsValidUtf8(s) ? s : std::string("(invalid UTF-8)"));
    }
    case Json::value_t::boolean:
      return Data(j.get<bool>() ? Data::type::bool_true : Data::type::bool_false);
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return Data(j.dump());
    default:
      return Data(Data::type::bool_false);
  }
}

Data CatalogData(internal::Lang lang) {
  Data t;
  const internal::Catalog& c = internal::CatalogFor(lang);
  // The default catalog has every key; the others fall back to it.
  for (const auto& [key, value] : internal::CatalogFor(internal::kDefaultLang).entries()) {
    t.set(key, c.Get(key));
  }
  return t;
}

std::string WithLang(const std::string& self, std::string_view code) {
  return self + (self.find('?') == std::string::npos ? "?" : "&") + "lang=" + std::string(code);
}

}  // namespace

struct Views::Compiled {
  std::map<std::string, std::unique_ptr<mustache::mustache>, std::less<>> pages;
  std::map<std::string, std::string, std::less<>> partials;
  Data catalogs[3];
};

const std::vector<std::string>& Views::RequiredTemplates() {
  static const std::vector<std::string> kNames = {
      "layout", "home",    "search", "person",  "error",       "browse",     "browse_list",
      "sources", "source", "reading", "address", "search_form", "paging",     "person_list",
      "provenance"};
  return kNames;
}

Views::Views(std::unique_ptr<Compiled> compiled) : compiled_(std::move(compiled)) {}
Views::~Views() = default;

Result<std::unique_ptr<Views>> Views::Create(const TemplateSet& templates) {
  auto compiled = std::make_unique<Compiled>();
  for (const std::string& page : RequiredTemplates()) {
    const std::string file = page + ".mustache";
    auto it = templates.find(file);
    if (it == templates.end()) return InvalidArgumentError("missing template " + file);
    auto tmpl = std::make_unique<mustache::mustache>(it->second);
    if (!tmpl->is_valid()) {
      return InvalidArgumentError("template " + file + ": " + tmpl->error_message());
    }
    compiled->pages.emplace(page, std::move(tmpl));
  }
  for (const char* partial : kPartials) {
    compiled->partials.emplace(partial, templates.find(std::string(partial) + ".mustache")->second);
  }
  for (internal::Lang lang : internal::kAllLangs) {
    compiled->catalogs[static_cast<int>(lang)] = CatalogData(lang);
  }
  return std::unique_ptr<Views>(new Views(std::move(compiled)));
}

Result<std::string> Views::Render(std::string_view page, const Json& model,
                                  const Chrome& chrome) {
  auto it = compiled_->pages.find(page);
  auto layout = compiled_->pages.find(std::string_view("layout"));
  if (!MEMORIA_ALWAYS(it != compiled_->pages.end() && layout != compiled_->pages.end())) {
    return InternalError("no template " + std::string(page));
  }
  Data data = model.is_object() ? ToData(model) : Data();
  const std::string code(internal::LangCode(chrome.lang));
  data.set("t", compiled_->catalogs[static_cast<int>(chrome.lang)]);
  data.set("lang", code);
  if (chrome.lang_explicit) {
    data.set("lang_explicit", true);
    data.set("lq", "?lang=" + code);
  }
  data.set("title", chrome.title);
  Data languages(Data::type::list);
  for (internal::Lang lang : internal::kAllLangs) {
    Data l;
    l.set("code", std::string(internal::LangCode(lang)));
    l.set("name", std::string(internal::LangNative(lang)));
    l.set("url", WithLang(chrome.self, internal::LangCode(lang)));
    if (lang == chrome.lang) l.set("current", true);
    languages.push_back(l);
  }
  data.set("languages", languages);
  for (const auto& [name, text] : compiled_->partials) {
    // Partials are looked up as data: a model key of the same name would
    // silently replace the partial's template.
    if (model.is_object() && model.contains(name)) {
      return InternalError("model key \"" + name + "\" collides with the partial of that name");
    }
    data.set(name, text);
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

}  // namespace memoria::web
