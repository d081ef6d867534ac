// Views renders pages from the mustache templates. Each page template is
// rendered into the layout ("layout.mustache", as {{{content}}}), which sees
// the page's data too. Every value is HTML-escaped by {{ }}; the only
// unescaped insertion is the rendered page itself.
//
// The Russian interface text lives in the templates; views only supply data
// and flags (e.g. is_404, empty_query).
//
// Thread safety: a Views object is used by one thread at a time (kainjow's
// render() is not const).
#ifndef MEMORIA_WEB_INTERNAL_VIEWS_H_
#define MEMORIA_WEB_INTERNAL_VIEWS_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "search/search.h"
#include "store/store.h"
#include "web/server.h"

namespace memoria::web {

// What the search page shows. "query" must be valid UTF-8.
struct SearchModel {
  std::string query;
  bool empty_query = false;                      // the form was sent without a name
  const search::SearchResult* result = nullptr;  // null when nothing was searched
  int page = 1;
};

class Views {
 public:
  // Compiles every template. Returns kInvalidArgument naming the template
  // that is missing or does not parse.
  static Result<std::unique_ptr<Views>> Create(const TemplateSet& templates);
  ~Views();

  // Each returns the complete HTML document, or kInternal when rendering
  // fails (a template refers to a missing partial, say).
  Result<std::string> Home(const store::Stats& stats);
  Result<std::string> Search(const SearchModel& model);
  Result<std::string> Person(const store::PersonView& person);
  // "message" is shown as details under the status's heading.
  Result<std::string> Error(int status, std::string_view message);

 private:
  struct Compiled;
  explicit Views(std::unique_ptr<Compiled> compiled);
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace memoria::web

#endif  // MEMORIA_WEB_INTERNAL_VIEWS_H_
