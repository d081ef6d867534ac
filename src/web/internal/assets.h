// The templates and static files compiled into the web module (generated at
// build time by src/web/embed_assets.cmake from templates/ and static/).
//
// Thread safety: immutable data.
#ifndef MEMORIA_WEB_INTERNAL_ASSETS_H_
#define MEMORIA_WEB_INTERNAL_ASSETS_H_

#include <span>
#include <string_view>

namespace memoria::web::internal {

struct EmbeddedFile {
  std::string_view name;  // file name: "home.mustache", "style.css"
  std::string_view data;
};

// Every embedded file, sorted by path. The data lives for the whole program.
std::span<const EmbeddedFile> EmbeddedFiles();

}  // namespace memoria::web::internal

#endif  // MEMORIA_WEB_INTERNAL_ASSETS_H_
