// A mustache renderer (https://mustache.github.io/mustache.5.html) over
// nlohmann::ordered_json, so that a page's model, the same object the JSON
// API returns, is rendered as it is, without a copy into another data
// structure.
//
// Supported: {{name}} (HTML-escaped), {{{name}}} and {{&name}} (raw),
// {{#name}}...{{/name}} sections, {{^name}}...{{/name}} inverted sections,
// {{! comments}}, dotted names (a.b.c) and {{.}}. Section, inverted, closing
// and comment tags alone on their line take the line with them (the
// specification's "standalone" rule). Partials ({{> name}}) and delimiter
// changes ({{=<% %>=}}) are not: the Views inline partials before compiling,
// and a template that changes delimiters does not compile.
//
// Template text must be valid UTF-8 (Compile refuses other text).
//
// Values: strings as they are (a string that is not valid UTF-8 renders as
// "(invalid UTF-8)"), numbers as JSON writes them, true as "true"; null,
// false, "" and [] are false for sections, and render as nothing. A list
// section renders once per item; an object, a non-empty string, a number
// or true renders once with the value as the innermost context.
#ifndef MEMORIA_WEB_INTERNAL_MUSTACHE_H_
#define MEMORIA_WEB_INTERNAL_MUSTACHE_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace memoria::web::internal {

class Template {
 public:
  using Json = nlohmann::ordered_json;

  // Returns kInvalidArgument, with the line, for an unclosed or mismatched
  // section, sections nested more than 64 deep, an unterminated tag, an
  // empty name or a delimiter change.
  static Result<Template> Compile(std::string_view text);

  // Renders with "stack" as the context stack (back() innermost), appending
  // to *out. The stack is restored before returning.
  void Render(std::vector<const Json*>* stack, std::string* out) const;

  // Renders as Render does, except that a {{{content}}} tag outside every
  // section appends "content" as it is, without a lookup or a UTF-8 check:
  // a page the caller rendered from a template (whose text Compile checked)
  // and so known to be valid UTF-8.
  void RenderWithContent(std::vector<const Json*>* stack, std::string_view content,
                         std::string* out) const;

 private:
  enum class Kind : unsigned char { kText, kEscaped, kRaw, kSection, kInverted };
  struct Node {
    Kind kind = Kind::kText;
    std::string text;               // kText: the text; otherwise the name
    std::vector<std::string> path;  // the name split at dots; empty for "."
    size_t end = 0;                 // sections: the index after the section's nodes
  };
  void RenderRange(size_t begin, size_t end, std::vector<const Json*>* stack, std::string* out,
                   const std::string_view* content) const;

  std::vector<Node> nodes_;
};

}  // namespace memoria::web::internal

#endif  // MEMORIA_WEB_INTERNAL_MUSTACHE_H_
