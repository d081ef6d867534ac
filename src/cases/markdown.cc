// The Markdown subset of publications (markdown.h).
#include "cases/markdown.h"

#include <vector>

#include "core/text.h"

namespace memoria::cases {

namespace {

constexpr int kMaxInlineDepth = 4;

bool SafeUrl(std::string_view url) {
  if (url.empty()) return false;
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == '"' || c == '\'' || c == '<' || c == '>' ||
        c == '`' || c == '\\') {
      return false;
    }
  }
  if (url.starts_with("https://") || url.starts_with("http://")) return url.size() > 8;
  if (url.starts_with("mailto:")) return url.size() > 7;
  return url.starts_with('/') && !url.starts_with("//");
}

bool IsPunct(char c) {
  return c == '\\' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '(' ||
         c == ')' || c == '#' || c == '-' || c == '>' || c == '!' || c == '.';
}

void Inline(std::string_view s, int depth, std::string* out);

// Renders s[i..] up to the closing "marker"; returns the index after it, or
// npos when there is no closing marker (the opener is then text).
size_t Wrapped(std::string_view s, size_t i, std::string_view marker, std::string_view tag,
               int depth, std::string* out) {
  const size_t start = i + marker.size();
  size_t close = s.find(marker, start);
  while (close != std::string_view::npos && close > start && s[close - 1] == '\\') {
    close = s.find(marker, close + marker.size());
  }
  if (close == std::string_view::npos || close == start) return std::string_view::npos;
  *out += "<";
  *out += tag;
  *out += ">";
  if (tag == "code") {
    AppendHtmlEscaped(s.substr(start, close - start), out);
  } else {
    Inline(s.substr(start, close - start), depth + 1, out);
  }
  *out += "</";
  *out += tag;
  *out += ">";
  return close + marker.size();
}

void Inline(std::string_view s, int depth, std::string* out) {
  size_t i = 0;
  size_t text_start = 0;
  auto flush = [&](size_t upto) {
    AppendHtmlEscaped(s.substr(text_start, upto - text_start), out);
  };
  while (i < s.size()) {
    const char c = s[i];
    if (c == '\\' && i + 1 < s.size() && IsPunct(s[i + 1])) {
      flush(i);
      AppendHtmlEscaped(s.substr(i + 1, 1), out);
      i += 2;
      text_start = i;
      continue;
    }
    if (depth < kMaxInlineDepth) {
      size_t next = std::string_view::npos;
      std::string piece;
      if (c == '*' && i + 1 < s.size() && s[i + 1] == '*') {
        next = Wrapped(s, i, "**", "strong", depth, &piece);
      } else if (c == '*' || c == '_') {
        next = Wrapped(s, i, std::string_view(&s[i], 1), "em", depth, &piece);
      } else if (c == '`') {
        next = Wrapped(s, i, "`", "code", depth, &piece);
      } else if (c == '[') {
        const size_t close = s.find("](", i + 1);
        const size_t end = close == std::string_view::npos ? close : s.find(')', close + 2);
        if (end != std::string_view::npos && close > i + 1) {
          const std::string_view url = s.substr(close + 2, end - close - 2);
          if (SafeUrl(url)) {
            piece += "<a href=\"";
            AppendHtmlEscaped(url, &piece);
            piece += "\" rel=\"nofollow noopener noreferrer\">";
            Inline(s.substr(i + 1, close - i - 1), depth + 1, &piece);
            piece += "</a>";
            next = end + 1;
          }
        }
      }
      if (next != std::string_view::npos) {
        flush(i);
        *out += piece;
        i = next;
        text_start = i;
        continue;
      }
    }
    ++i;
  }
  flush(s.size());
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// The item text of a list line ("- a", "* a", "12. a"), or npos.
size_t ListItem(std::string_view line, bool* ordered) {
  if (line.size() >= 2 && (line[0] == '-' || line[0] == '*') && line[1] == ' ') {
    *ordered = false;
    return 2;
  }
  size_t i = 0;
  while (i < line.size() && i < 9 && line[i] >= '0' && line[i] <= '9') ++i;
  if (i > 0 && i + 1 < line.size() && line[i] == '.' && line[i + 1] == ' ') {
    *ordered = true;
    return i + 2;
  }
  return std::string_view::npos;
}

}  // namespace

Result<std::string> RenderMarkdown(std::string_view md) {
  if (md.size() > kMaxMarkdownBytes) {
    return ResourceExhaustedError("a publication longer than " + std::to_string(kMaxMarkdownBytes) +
                                  " bytes");
  }
  if (!IsValidUtf8(md)) return InvalidArgumentError("a publication that is not UTF-8");
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= md.size()) {
    size_t end = md.find('\n', start);
    if (end == std::string_view::npos) end = md.size();
    lines.push_back(Trim(md.substr(start, end - start)));
    start = end + 1;
  }
  std::string out;
  std::string para;
  std::string quote;
  enum class ListKind { kNone, kBullet, kNumber } list = ListKind::kNone;
  auto close_para = [&] {
    if (para.empty()) return;
    out += "<p>";
    Inline(para, 0, &out);
    out += "</p>\n";
    para.clear();
  };
  auto close_quote = [&] {
    if (quote.empty()) return;
    out += "<blockquote><p>";
    Inline(quote, 0, &out);
    out += "</p></blockquote>\n";
    quote.clear();
  };
  auto close_list = [&] {
    if (list == ListKind::kBullet) out += "</ul>\n";
    if (list == ListKind::kNumber) out += "</ol>\n";
    list = ListKind::kNone;
  };
  for (std::string_view line : lines) {
    if (line.empty()) {
      close_para();
      close_quote();
      close_list();
      continue;
    }
    int level = 0;
    while (level < static_cast<int>(line.size()) && level < 4 && line[level] == '#') ++level;
    if (level >= 1 && level <= 3 && level < static_cast<int>(line.size()) && line[level] == ' ') {
      close_para();
      close_quote();
      close_list();
      const std::string tag = "h" + std::to_string(level + 1);
      out += "<" + tag + ">";
      Inline(Trim(line.substr(level + 1)), 0, &out);
      out += "</" + tag + ">\n";
      continue;
    }
    if (line.starts_with('>')) {
      close_para();
      close_list();
      if (!quote.empty()) quote.push_back(' ');
      quote += Trim(line.substr(1));
      continue;
    }
    bool ordered = false;
    const size_t item = ListItem(line, &ordered);
    if (item != std::string_view::npos) {
      close_para();
      close_quote();
      const ListKind kind = ordered ? ListKind::kNumber : ListKind::kBullet;
      if (list != kind) {
        close_list();
        out += ordered ? "<ol>\n" : "<ul>\n";
        list = kind;
      }
      out += "<li>";
      Inline(Trim(line.substr(item)), 0, &out);
      out += "</li>\n";
      continue;
    }
    close_quote();
    close_list();
    if (!para.empty()) para.push_back(' ');
    para += line;
  }
  close_para();
  close_quote();
  close_list();
  return out;
}

std::string MarkdownToText(std::string_view md) {
  std::string out;
  out.reserve(md.size());
  bool line_start = true;
  for (size_t i = 0; i < md.size(); ++i) {
    const char c = md[i];
    if (line_start && (c == '#' || c == '>')) continue;
    line_start = c == '\n';
    if (c == '*' || c == '_' || c == '`') continue;
    if (c == '\n') {
      out.push_back(' ');
      continue;
    }
    if (c == ']' && i + 1 < md.size() && md[i + 1] == '(') {
      const size_t end = md.find(')', i);
      if (end != std::string_view::npos) {
        i = end;
        continue;
      }
    }
    if (c == '[') continue;
    out.push_back(c);
  }
  return CollapseSpace(out);
}

}  // namespace memoria::cases
