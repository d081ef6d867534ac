// Feeds arbitrary bytes to the Markdown renderer of publications: whatever
// the input, the HTML has no tag but the subset's own, and no "<" of the
// input survives unescaped.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "cases/markdown.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto html = memoria::cases::RenderMarkdown(text);
  if (!html.ok()) return 0;
  static constexpr std::string_view kTags[] = {
      "p>",      "/p>",      "h2>", "/h2>", "h3>",   "/h3>",   "h4>",         "/h4>",
      "ul>",     "/ul>",     "ol>", "/ol>", "li>",   "/li>",   "blockquote>", "/blockquote>",
      "strong>", "/strong>", "em>", "/em>", "code>", "/code>", "a href=\"",   "/a>"};
  const std::string& out = *html;
  for (size_t at = out.find('<'); at != std::string::npos; at = out.find('<', at + 1)) {
    const std::string_view rest = std::string_view(out).substr(at + 1);
    bool known = false;
    for (std::string_view t : kTags) known |= rest.starts_with(t);
    if (!known) std::abort();
  }
  return 0;
}
