#include "web/internal/mustache.h"

#include <string>
#include <utility>

#include "core/text.h"

namespace memoria::web::internal {
namespace {

using Json = nlohmann::ordered_json;

// Rendering recurses once per open section.
constexpr size_t kMaxDepth = 64;

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return s;
}

int LineOf(std::string_view text, size_t pos) {
  int line = 1;
  for (size_t i = 0; i < pos && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

bool Truthy(const Json* v) {
  if (v == nullptr) return false;
  switch (v->type()) {
    case Json::value_t::null:
      return false;
    case Json::value_t::boolean:
      return v->get<bool>();
    case Json::value_t::string:
      return !v->get_ref<const std::string&>().empty();
    case Json::value_t::array:
      return !v->empty();
    default:
      return true;
  }
}

const Json* Lookup(const std::vector<std::string>& path, const std::vector<const Json*>& stack) {
  if (path.empty()) return stack.empty() ? nullptr : stack.back();
  const Json* found = nullptr;
  for (size_t i = stack.size(); i-- > 0;) {
    const Json* ctx = stack[i];
    if (!ctx->is_object()) continue;
    auto it = ctx->find(path[0]);
    if (it != ctx->end()) {
      found = &*it;
      break;
    }
  }
  for (size_t p = 1; found != nullptr && p < path.size(); ++p) {
    if (!found->is_object()) return nullptr;
    auto it = found->find(path[p]);
    found = it == found->end() ? nullptr : &*it;
  }
  return found;
}

}  // namespace

Result<Template> Template::Compile(std::string_view text) {
  Template t;
  std::vector<size_t> open;  // indexes of the sections not yet closed
  size_t pos = 0;
  // Text continues the last node only when no tag came between them (a
  // closing tag adds no node, but the text after it is outside the section).
  bool merge = false;
  auto add_text = [&](std::string_view s) {
    if (s.empty()) return;
    if (merge) {
      t.nodes_.back().text.append(s);
    } else {
      Node n;
      n.text = std::string(s);
      t.nodes_.push_back(std::move(n));
      merge = true;
    }
  };
  auto error = [&](size_t at, const std::string& what) {
    return InvalidArgumentError("line " + std::to_string(LineOf(text, at)) + ": " + what);
  };
  while (pos < text.size()) {
    const size_t tag = text.find("{{", pos);
    if (tag == std::string_view::npos) {
      add_text(text.substr(pos));
      break;
    }
    const bool triple = text.compare(tag, 3, "{{{") == 0;
    const size_t close = text.find(triple ? "}}}" : "}}", tag + (triple ? 3 : 2));
    if (close == std::string_view::npos) return error(tag, "unterminated tag");
    const size_t after = close + (triple ? 3 : 2);
    std::string_view body = text.substr(tag + (triple ? 3 : 2), close - tag - (triple ? 3 : 2));
    char sigil = triple ? '&' : '\0';
    if (!triple && !body.empty() &&
        std::string_view("#^/!&>=").find(body[0]) != std::string_view::npos) {
      sigil = body[0];
      body.remove_prefix(1);
    }
    if (sigil == '>') return error(tag, "partials must be inlined before compiling");
    if (sigil == '=') return error(tag, "delimiter changes are not supported");
    const std::string_view name = Trim(body);
    if (sigil != '!' && name.empty()) return error(tag, "empty tag name");

    // Standalone section, inverted, closing and comment tags take their line.
    size_t text_end = tag;
    size_t next = after;
    if (sigil == '#' || sigil == '^' || sigil == '/' || sigil == '!') {
      size_t left = tag;
      while (left > pos && IsBlank(text[left - 1])) --left;
      size_t right = after;
      while (right < text.size() && IsBlank(text[right])) ++right;
      const bool line_start = left == 0 || text[left - 1] == '\n';
      size_t newline = 0;
      if (right == text.size()) {
        newline = 0;
      } else if (text[right] == '\n') {
        newline = 1;
      } else if (text[right] == '\r' && right + 1 < text.size() && text[right + 1] == '\n') {
        newline = 2;
      }
      const bool line_end = right == text.size() || newline > 0;
      if (line_start && line_end) {
        text_end = left;
        next = right + newline;
      }
    }
    add_text(text.substr(pos, text_end - pos));
    pos = next;
    if (sigil == '!') continue;
    merge = false;

    Node n;
    n.text = std::string(name);
    if (name != ".") {
      size_t start = 0;
      for (;;) {
        const size_t dot = name.find('.', start);
        n.path.emplace_back(name.substr(start, dot == std::string_view::npos ? dot : dot - start));
        if (n.path.back().empty()) return error(tag, "bad name \"" + n.text + "\"");
        if (dot == std::string_view::npos) break;
        start = dot + 1;
      }
    }
    switch (sigil) {
      case '#':
      case '^':
        n.kind = sigil == '#' ? Kind::kSection : Kind::kInverted;
        if (open.size() >= kMaxDepth) {
          return error(tag, "sections nested more than " + std::to_string(kMaxDepth) + " deep");
        }
        open.push_back(t.nodes_.size());
        t.nodes_.push_back(std::move(n));
        break;
      case '/':
        if (open.empty() || t.nodes_[open.back()].text != n.text) {
          return error(tag, "{{/" + n.text + "}} closes no open section of that name");
        }
        t.nodes_[open.back()].end = t.nodes_.size();
        open.pop_back();
        break;
      case '&':
        n.kind = Kind::kRaw;
        t.nodes_.push_back(std::move(n));
        break;
      default:
        n.kind = Kind::kEscaped;
        t.nodes_.push_back(std::move(n));
    }
  }
  if (!open.empty())
    return InvalidArgumentError("unclosed section {{#" + t.nodes_[open.back()].text + "}}");
  // The text is checked once here, so that a page rendered from it and from
  // checked values is known to be valid UTF-8 (RenderWithContent).
  for (const Node& n : t.nodes_) {
    if (n.kind == Kind::kText && !IsValidUtf8(n.text)) {
      return InvalidArgumentError("template text that is not valid UTF-8");
    }
  }
  return t;
}

void Template::Render(std::vector<const Json*>* stack, std::string* out) const {
  RenderRange(0, nodes_.size(), stack, out, nullptr);
}

void Template::RenderWithContent(std::vector<const Json*>* stack, std::string_view content,
                                 std::string* out) const {
  RenderRange(0, nodes_.size(), stack, out, &content);
}

void Template::RenderRange(size_t begin, size_t end, std::vector<const Json*>* stack,
                           std::string* out, const std::string_view* content) const {
  for (size_t i = begin; i < end; ++i) {
    const Node& n = nodes_[i];
    switch (n.kind) {
      case Kind::kText:
        out->append(n.text);
        break;
      case Kind::kEscaped:
      case Kind::kRaw: {
        if (content != nullptr && n.kind == Kind::kRaw && n.path.size() == 1 &&
            n.path[0] == "content") {
          out->append(*content);
          break;
        }
        const Json* v = Lookup(n.path, *stack);
        if (v == nullptr) break;
        if (v->is_string()) {
          const std::string& s = v->get_ref<const std::string&>();
          const std::string_view shown = IsValidUtf8(s) ? std::string_view(s) : "(invalid UTF-8)";
          if (n.kind == Kind::kEscaped) {
            AppendHtmlEscaped(shown, out);
          } else {
            out->append(shown);
          }
        } else if (v->is_number()) {
          out->append(v->dump());
        } else if (v->is_boolean() && v->get<bool>()) {
          out->append("true");
        }
        break;
      }
      case Kind::kSection: {
        const Json* v = Lookup(n.path, *stack);
        if (Truthy(v)) {
          if (v->is_array()) {
            for (const Json& item : *v) {
              stack->push_back(&item);
              RenderRange(i + 1, n.end, stack, out, nullptr);
              stack->pop_back();
            }
          } else {
            stack->push_back(v);
            RenderRange(i + 1, n.end, stack, out, nullptr);
            stack->pop_back();
          }
        }
        i = n.end - 1;
        break;
      }
      case Kind::kInverted: {
        if (!Truthy(Lookup(n.path, *stack))) RenderRange(i + 1, n.end, stack, out, nullptr);
        i = n.end - 1;
        break;
      }
    }
  }
}

}  // namespace memoria::web::internal
