#include "cases/markdown.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace memoria::cases {
namespace {

using ::memoria::testing::StatusIs;

using ::testing::HasSubstr;
using ::testing::Not;

std::string Html(std::string_view md) {
  Result<std::string> r = RenderMarkdown(md);
  return r.ok() ? *r : "ERROR: " + r.status().message();
}

TEST(MarkdownTest, RendersTheSubset) {
  EXPECT_EQ(Html("Hello, *world*."), "<p>Hello, <em>world</em>.</p>\n");
  EXPECT_EQ(Html("# Head\n\nOne\ntwo\n\nThree"), "<h2>Head</h2>\n<p>One two</p>\n<p>Three</p>\n");
  EXPECT_EQ(Html("- a\n- **b**\n\n1. c"),
            "<ul>\n<li>a</li>\n<li><strong>b</strong></li>\n</ul>\n<ol>\n<li>c</li>\n</ol>\n");
  EXPECT_EQ(Html("> said\n> so"), "<blockquote><p>said so</p></blockquote>\n");
  EXPECT_EQ(Html("see [the list](https://memopzk.org/list/) and [card](/prisoners/12)"),
            "<p>see <a href=\"https://memopzk.org/list/\" rel=\"nofollow noopener noreferrer\">the "
            "list</a> and <a href=\"/prisoners/12\" rel=\"nofollow noopener noreferrer\">card</a>"
            "</p>\n");
  EXPECT_EQ(Html("`a<b>`"), "<p><code>a&lt;b&gt;</code></p>\n");
  EXPECT_EQ(Html("\\*not em\\*"), "<p>*not em*</p>\n");
}

// No HTML of the text passes through, whatever it tries.
TEST(MarkdownTest, HostileInputNeverBecomesMarkup) {
  const char* kHostile[] = {
      "<script>alert(1)</script>",
      "<img src=x onerror=alert(1)>",
      "[x](javascript:alert(1))",
      "[x](JaVaScRiPt:alert(1))",
      "[x](data:text/html;base64,PHNjcmlwdD4=)",
      "[x](//evil.example/)",
      "[x](https://a\" onmouseover=\"alert(1))",
      "[x](https://a'onmouseover='alert(1))",
      "**<b onclick=alert(1)>bold</b>**",
      "# <iframe src=//evil>",
      "- <svg onload=alert(1)>",
      "> <style>body{display:none}</style>",
      "&lt;script&gt; &amp; &#x3C;script&#x3E;",
      "`</code><script>alert(1)</script>`",
      "[<script>](https://ok.example/)",
  };
  for (const char* md : kHostile) {
    const std::string html = Html(md);
    EXPECT_THAT(html, Not(HasSubstr("<script"))) << md;
    EXPECT_THAT(html, Not(HasSubstr("<img"))) << md;
    EXPECT_THAT(html, Not(HasSubstr("<iframe"))) << md;
    EXPECT_THAT(html, Not(HasSubstr("<svg"))) << md;
    EXPECT_THAT(html, Not(HasSubstr("<style"))) << md;
    EXPECT_THAT(html, Not(HasSubstr("<b "))) << md;
    EXPECT_THAT(html, Not(HasSubstr("href=\"javascript"))) << md;
    EXPECT_THAT(html, Not(HasSubstr("href=\"JaVaScRiPt"))) << md;
    EXPECT_THAT(html, Not(HasSubstr("href=\"data:"))) << md;
    EXPECT_THAT(html, Not(HasSubstr("href=\"//"))) << md;
    EXPECT_THAT(html, Not(HasSubstr("onmouseover=\""))) << md;  // as an attribute
    EXPECT_THAT(html, Not(HasSubstr("onmouseover='"))) << md;
    EXPECT_THAT(html, Not(HasSubstr("ERROR"))) << md;
  }
  // Entities in the text stay text: the ampersand itself is escaped.
  EXPECT_THAT(Html("&lt;script&gt;"), HasSubstr("&amp;lt;script&amp;gt;"));
  // A refused link is shown as the text it was.
  EXPECT_EQ(Html("[x](javascript:alert(1))"), "<p>[x](javascript:alert(1))</p>\n");
}

TEST(MarkdownTest, RefusesOversizeAndInvalidText) {
  EXPECT_THAT(RenderMarkdown(std::string(kMaxMarkdownBytes + 1, 'a')),
              StatusIs(StatusCode::kResourceExhausted));
  EXPECT_THAT(RenderMarkdown("bad \xC3"), StatusIs(StatusCode::kInvalidArgument));
  // Deep nesting is bounded: no stack exhaustion, text left as text.
  std::string deep;
  for (int i = 0; i < 20000; ++i) deep += "**_";
  EXPECT_OK(RenderMarkdown(deep).status());
}

TEST(MarkdownTest, PlainTextDropsTheMarkup) {
  EXPECT_EQ(MarkdownToText("# Title\n\nSome **bold** and [a link](https://x.org)."),
            "Title Some bold and a link.");
}

}  // namespace
}  // namespace memoria::cases
