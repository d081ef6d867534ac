// The Markdown subset publications are written in (docs/formats/prisoners.md,
// "Publications"), rendered to HTML on the server. No HTML in the text passes
// through: every character is escaped, and only the constructs below make
// tags:
//
//   blocks   paragraphs (separated by blank lines), "# " "## " "### "
//            headings (rendered h2..h4: the page's title is its h1), "- " or
//            "* " bulleted and "1. " numbered list items, "> " quotes
//   inline   **strong**, *emphasis* or _emphasis_, `code`,
//            [text](https://...) links: http, https and mailto addresses and
//            site paths ("/prisoners/12") only; any other link is shown as
//            text
//
// Links get rel="nofollow noopener noreferrer". A backslash before a
// punctuation character makes it literal.
//
// Thread safety: pure functions.
#ifndef MEMORIA_CASES_MARKDOWN_H_
#define MEMORIA_CASES_MARKDOWN_H_

#include <string>
#include <string_view>

#include "core/result.h"

namespace memoria::cases {

inline constexpr size_t kMaxMarkdownBytes = 256 * 1024;

// The HTML of "markdown". kInvalidArgument for text that is not UTF-8,
// kResourceExhausted over kMaxMarkdownBytes.
Result<std::string> RenderMarkdown(std::string_view markdown);

// The text of "markdown" without its markup (for summaries and feeds).
std::string MarkdownToText(std::string_view markdown);

}  // namespace memoria::cases

#endif  // MEMORIA_CASES_MARKDOWN_H_
