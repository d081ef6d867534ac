#include "web/internal/views.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/text.h"
#include "web/internal/mustache.h"
#include "web/internal/url.h"

namespace memoria::web {
namespace {

using Json = nlohmann::ordered_json;

// Replaces each tag that starts with "opener" and ends with "}}" by what
// "replace" makes of the text between them.
Result<std::string> ReplaceTags(
    std::string_view text, std::string_view opener,
    const std::function<Result<std::string>(std::string_view)>& replace) {
  std::string out;
  size_t pos = 0;
  for (;;) {
    const size_t open = text.find(opener, pos);
    if (open == std::string_view::npos) break;
    const size_t close = text.find("}}", open);
    if (close == std::string_view::npos) {
      return InvalidArgumentError("unclosed " + std::string(opener) + " tag");
    }
    MEMORIA_ASSIGN_OR_RETURN(
        std::string replaced,
        replace(text.substr(open + opener.size(), close - open - opener.size())));
    out.append(text.substr(pos, open - pos));
    out.append(replaced);
    pos = close + 2;
  }
  out.append(text.substr(pos));
  return out;
}

// Replaces each "{{> name}}" with the partial's text, recursively (a
// partial may use another), so that rendering never parses a template.
Result<std::string> InlinePartials(std::string_view text, const TemplateSet& templates, int depth) {
  if (depth > 8) return InvalidArgumentError("partials nested more than 8 deep");
  return ReplaceTags(text, "{{>", [&](std::string_view name) -> Result<std::string> {
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    auto it = templates.find(std::string(name) + ".mustache");
    if (it == templates.end()) return InvalidArgumentError("missing partial " + std::string(name));
    return InlinePartials(it->second, templates, depth + 1);
  });
}

// Replaces each "{{t.key}}" with the catalog's text, HTML-escaped: the
// interface text is fixed per language, so it is compiled in rather than
// looked up in the data on every render.
Result<std::string> InlineCatalog(std::string_view text, internal::Lang lang) {
  const internal::Catalog& c = internal::CatalogFor(lang);
  return ReplaceTags(text, "{{t.", [&](std::string_view key) -> Result<std::string> {
    const std::string& value = c.Get(key);
    if (value.find("{{") != std::string::npos || value.find("}}") != std::string::npos) {
      return InvalidArgumentError("catalog text of " + std::string(key) + " contains braces");
    }
    std::string escaped;
    AppendHtmlEscaped(value, &escaped);
    return escaped;
  });
}

std::string WithLang(const std::string& self, std::string_view code) {
  return self + (self.find('?') == std::string::npos ? "?" : "&") + "lang=" + std::string(code);
}

}  // namespace

struct Views::Compiled {
  // Per language: each page template with its partials and interface text
  // inlined, compiled once.
  std::map<std::string, internal::Template, std::less<>> pages[3];
};

const std::vector<std::string>& Views::RequiredTemplates() {
  static const std::vector<std::string> kNames = {"layout",
                                                  "home",
                                                  "search",
                                                  "person",
                                                  "error",
                                                  "browse",
                                                  "browse_list",
                                                  "sources",
                                                  "source",
                                                  "reading",
                                                  "address",
                                                  "search_form",
                                                  "paging",
                                                  "person_list",
                                                  "provenance",
                                                  "registers",
                                                  "register",
                                                  "register_entry",
                                                  "register_changes",
                                                  "prisoners",
                                                  "prisoner",
                                                  "prisoners_figures",
                                                  "prisoners_birthdays",
                                                  "prisoners_letters",
                                                  "news",
                                                  "publication",
                                                  "login",
                                                  "account",
                                                  "account_codes",
                                                  "login_second",
                                                  "case_draft",
                                                  "case_review",
                                                  "history",
                                                  "edit",
                                                  "edit_cite",
                                                  "new_person",
                                                  "correct",
                                                  "moderation",
                                                  "review"};
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
    Result<std::string> text = InlinePartials(it->second, templates, 0);
    if (!text.ok()) return std::move(text).status().Annotate("template " + file);
    for (internal::Lang lang : internal::kAllLangs) {
      Result<std::string> localized = InlineCatalog(*text, lang);
      if (!localized.ok()) return std::move(localized).status().Annotate("template " + file);
      Result<internal::Template> tmpl = internal::Template::Compile(*localized);
      if (!tmpl.ok()) return std::move(tmpl).status().Annotate("template " + file);
      compiled->pages[static_cast<int>(lang)].emplace(page, std::move(tmpl).value());
    }
  }
  return std::unique_ptr<Views>(new Views(std::move(compiled)));
}

Result<std::string> Views::Render(std::string_view page, const Json& model, const Chrome& chrome) {
  auto& pages = compiled_->pages[static_cast<int>(chrome.lang)];
  auto it = pages.find(page);
  auto layout = pages.find(std::string_view("layout"));
  if (!MEMORIA_ALWAYS(it != pages.end() && layout != pages.end())) {
    return InternalError("no template " + std::string(page));
  }
  // The layout's keys lie over the model's, as the innermost context.
  const std::string code(internal::LangCode(chrome.lang));
  Json layout_data = Json::object();
  layout_data["lang"] = code;
  if (chrome.lang_explicit) {
    layout_data["lang_explicit"] = true;
    layout_data["lq"] = "?lang=" + code;
  }
  layout_data["title"] = chrome.title;
  if (chrome.mirror) layout_data["mirror"] = true;
  Json languages = Json::array();
  for (internal::Lang lang : internal::kAllLangs) {
    Json l = Json::object();
    l["code"] = std::string(internal::LangCode(lang));
    l["name"] = std::string(internal::LangNative(lang));
    l["url"] = WithLang(chrome.self, internal::LangCode(lang));
    if (lang == chrome.lang) l["current"] = true;
    languages.push_back(std::move(l));
  }
  layout_data["languages"] = std::move(languages);
  if (!chrome.user.empty()) {
    layout_data["signed_in"] = {{"user", chrome.user},
                                {"csrf", chrome.csrf},
                                {"moderator", chrome.moderator},
                                {"reviewer", chrome.reviewer}};
  }

  static const Json kEmpty = Json::object();
  std::vector<const Json*> stack = {model.is_object() ? &model : &kEmpty, &layout_data};
  std::string content;
  content.reserve(16 * 1024);
  it->second.Render(&stack, &content);
  // The page goes into the layout's {{{content}}} as it is: rendered from a
  // checked template and checked values, it is valid UTF-8.
  std::string html;
  html.reserve(content.size() + 4096);
  layout->second.RenderWithContent(&stack, content, &html);
  return html;
}

}  // namespace memoria::web
