// Views renders pages from the mustache templates. A page is a model (the
// same JSON object the API returns for it) plus the request's language;
// Views renders the page template over the model (web/internal/mustache.h) and
// puts the result into the layout ("layout.mustache", as {{{content}}}).
// Every value is HTML-escaped by {{ }}; the only unescaped insertions are the
// rendered page and SVG the handlers build from numbers.
//
// Interface text comes from the catalogs (locales/, web/internal/i18n.h) as
// {{t.key}}, compiled into each language's copy of the templates; partials
// ({{> name}}) are inlined at compile time.
//
// Thread safety: Render() is const in effect and may run on many threads
// at once (the compiled templates are only read).
#ifndef MEMORIA_WEB_INTERNAL_VIEWS_H_
#define MEMORIA_WEB_INTERNAL_VIEWS_H_

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "web/internal/i18n.h"
#include "web/server.h"

namespace memoria::web {

// What the layout needs beyond the page's model.
struct Chrome {
  internal::Lang lang = internal::kDefaultLang;
  bool lang_explicit = false;  // ?lang= was given: links keep it
  std::string title;
  // The current path and query without lang, for the language switch.
  std::string self;
  // The signed-in account's name ("" for a visitor) and the CSRF token of
  // the sign-out form the header then shows.
  std::string user;
  std::string csrf;
  // The account may see the moderation queue (volunteers and up): the
  // header links it.
  bool moderator = false;
  // The site is a mirror of a signed bundle: every page says so.
  bool mirror = false;
  bool reviewer = false;  // an editor: the link review queue
};

class Views {
 public:
  // The page templates every template set must have.
  static const std::vector<std::string>& RequiredTemplates();
  // Compiles every template. Returns kInvalidArgument naming the template
  // that is missing or does not parse.
  static Result<std::unique_ptr<Views>> Create(const TemplateSet& templates);
  ~Views();

  // The complete HTML document for "page" (a template name without
  // ".mustache"), or kInternal when rendering fails.
  Result<std::string> Render(std::string_view page, const nlohmann::ordered_json& model,
                             const Chrome& chrome);

 private:
  struct Compiled;
  explicit Views(std::unique_ptr<Compiled> compiled);
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace memoria::web

#endif  // MEMORIA_WEB_INTERNAL_VIEWS_H_
