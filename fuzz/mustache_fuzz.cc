// Feeds any bytes to the mustache compiler as a template and renders what
// compiles over a fixed model with lists, objects, strings (one of them not
// valid UTF-8) and numbers. Must return, leave the context stack as it was,
// and turn a valid UTF-8 template into valid UTF-8 (values that are not are
// replaced).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "web/internal/mustache.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using Json = nlohmann::ordered_json;
  using memoria::web::internal::Template;
  static const Json kModel = {
      {"a", {{{"b", "<x>"}, {"n", 1}}, {{"b", "y"}, {"c", {{"d", "\xff"}}}}}},
      {"s", "<script>"},
      {"t", true},
      {"f", false},
      {"e", Json::array()},
      {"o", {{"p", {{"q", 2.5}}}}}};
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // Nested list sections multiply (each level renders once per item): a
  // template of 64 nested {{#a}} would render 2^64 times. Templates are the
  // operator's, not the visitors'; keep the fuzzed ones to a few sections.
  size_t sections = 0;
  for (size_t at = text.find("{{#"); at != std::string_view::npos; at = text.find("{{#", at + 3)) {
    if (++sections > 8) return 0;
  }
  memoria::Result<Template> t = Template::Compile(text);
  if (!t.ok()) return 0;
  std::vector<const Json*> stack = {&kModel};
  std::string out;
  t->Render(&stack, &out);
  if (stack.size() != 1) std::abort();
  if (memoria::IsValidUtf8(text) && !memoria::IsValidUtf8(out)) std::abort();
  return 0;
}
