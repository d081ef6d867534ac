#include "web/internal/mustache.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testing/status_matchers.h"

namespace memoria::web::internal {
namespace {

using Json = nlohmann::ordered_json;
using ::testing::HasSubstr;

std::string Render(std::string_view text, const Json& data) {
  Result<Template> t = Template::Compile(text);
  EXPECT_TRUE(t.ok()) << t.status();
  if (!t.ok()) return "";
  std::vector<const Json*> stack = {&data};
  std::string out;
  t->Render(&stack, &out);
  EXPECT_EQ(stack.size(), 1u);
  return out;
}

TEST(MustacheTest, VariablesAreEscapedUnlessTripled) {
  const Json data = {{"name", "<b>\"Ёж\" & 'co'</b>"}};
  EXPECT_EQ(Render("{{name}}", data), "&lt;b&gt;&quot;Ёж&quot; &amp; &#39;co&#39;&lt;/b&gt;");
  EXPECT_EQ(Render("{{{name}}}|{{& name}}", data), "<b>\"Ёж\" & 'co'</b>|<b>\"Ёж\" & 'co'</b>");
  EXPECT_EQ(Render("[{{missing}}]", data), "[]");
}

TEST(MustacheTest, NumbersBooleansAndInvalidUtf8) {
  const Json data = {{"n", 42}, {"x", 0.5}, {"yes", true}, {"no", false}, {"bad", "\xff"}};
  EXPECT_EQ(Render("{{n}} {{x}} {{yes}} [{{no}}] {{bad}}", data), "42 0.5 true [] (invalid UTF-8)");
}

TEST(MustacheTest, SectionsFollowTheirValue) {
  const Json data = {{"list", {{{"a", 1}}, {{"a", 2}}}},
                     {"empty", Json::array()},
                     {"obj", {{"b", "inner"}}},
                     {"text", "word"},
                     {"blank", ""},
                     {"zero", 0},
                     {"off", false},
                     {"nothing", nullptr}};
  EXPECT_EQ(Render("{{#list}}<{{a}}>{{/list}}", data), "<1><2>");
  EXPECT_EQ(Render("{{#empty}}x{{/empty}}{{^empty}}none{{/empty}}", data), "none");
  EXPECT_EQ(Render("{{#obj}}{{b}}{{/obj}}", data), "inner");
  EXPECT_EQ(Render("{{#text}}[{{.}}]{{/text}}", data), "[word]");
  EXPECT_EQ(Render("{{#blank}}x{{/blank}}{{^blank}}y{{/blank}}", data), "y");
  EXPECT_EQ(Render("{{#zero}}numbers are true{{/zero}}", data), "numbers are true");
  EXPECT_EQ(Render("{{#off}}x{{/off}}{{#nothing}}x{{/nothing}}{{#missing}}x{{/missing}}", data),
            "");
  EXPECT_EQ(Render("{{^off}}a{{/off}}{{^nothing}}b{{/nothing}}{{^missing}}c{{/missing}}", data),
            "abc");
}

TEST(MustacheTest, NamesResolveOutwardsAndThroughDots) {
  const Json data = {{"title", "outer"},
                     {"items", {{{"name", "one"}}, {{"name", "two"}, {"title", "own"}}}},
                     {"a", {{"b", {{"c", "deep"}}}}}};
  EXPECT_EQ(Render("{{#items}}{{name}}:{{title}};{{/items}}", data), "one:outer;two:own;");
  EXPECT_EQ(Render("{{a.b.c}}|{{a.x.c}}|{{#a.b}}{{c}}{{/a.b}}", data), "deep||deep");
  // Once the first part is found, the rest must be inside it.
  EXPECT_EQ(Render("{{#items}}{{a.b.c}}{{/items}}", data), "deepdeep");
}

TEST(MustacheTest, StandaloneTagsTakeTheirLine) {
  const Json data = {{"show", true}, {"list", {1, 2}}};
  EXPECT_EQ(Render("<ul>\n  {{#list}}\n  <li>{{.}}</li>\n  {{/list}}\n</ul>\n", data),
            "<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>\n");
  EXPECT_EQ(Render("a\n{{! a comment }}\nb {{#show}}x{{/show}} c\n", data), "a\nb x c\n");
  EXPECT_EQ(Render("a\r\n{{#show}}\r\nb\r\n{{/show}}\r\n", data), "a\r\nb\r\n");
}

TEST(MustacheTest, MalformedTemplatesDoNotCompile) {
  EXPECT_THAT(Template::Compile("{{#a}}x").status().message(), HasSubstr("unclosed section"));
  EXPECT_THAT(Template::Compile("{{#a}}x{{/b}}").status().message(), HasSubstr("closes no open"));
  EXPECT_THAT(Template::Compile("line\n{{name").status().message(), HasSubstr("line 2"));
  EXPECT_FALSE(Template::Compile("{{}}").ok());
  EXPECT_FALSE(Template::Compile("{{a..b}}").ok());
  EXPECT_FALSE(Template::Compile("{{> partial}}").ok());
  EXPECT_FALSE(Template::Compile("{{=<% %>=}}").ok());
  std::string deep;
  for (int i = 0; i < 65; ++i) deep += "{{#a}}";
  for (int i = 0; i < 65; ++i) deep += "{{/a}}";
  EXPECT_THAT(Template::Compile(deep).status().message(), HasSubstr("nested more than 64"));
  EXPECT_THAT(Template::Compile("caf\xe9 {{name}}").status().message(),
              HasSubstr("not valid UTF-8"));
}

TEST(MustacheTest, ContentGoesInAsItIsOutsideSections) {
  Result<Template> t =
      Template::Compile("<{{{content}}}|{{content}}|{{#list}}{{{content}}}{{/list}}>");
  ASSERT_TRUE(t.ok()) << t.status();
  const Json data = {{"content", "<from data>"}, {"list", {{{"content", "item"}}}}};
  std::vector<const Json*> stack = {&data};
  std::string out;
  t->RenderWithContent(&stack, "<b>page</b>", &out);
  EXPECT_EQ(out, "<<b>page</b>|&lt;from data&gt;|item>");
  EXPECT_EQ(stack.size(), 1u);
}

}  // namespace
}  // namespace memoria::web::internal
