// The manifest's encoding (docs/formats/mirror.md, "manifest.json"), shared
// by the writer and the checker. Internal to mirror/.
#ifndef MEMORIA_MIRROR_INTERNAL_MANIFEST_H_
#define MEMORIA_MIRROR_INTERNAL_MANIFEST_H_

#include <string>
#include <string_view>

#include "core/result.h"
#include "mirror/mirror.h"

namespace memoria::mirror::internal {

// The manifest's bytes: canonical JSON, one file per line, ending in "\n".
std::string EncodeManifest(const Manifest& manifest);
// kInvalidArgument for anything that is not a manifest of this format, or
// that lists a path outside data/.
Result<Manifest> DecodeManifest(std::string_view bytes);

// The whole of a file; kNotFound when absent.
Result<std::string> ReadWholeFile(const std::string& path);
// Writes "bytes" to "path" through a temporary file renamed into place.
Status WriteFileAtomically(const std::string& path, std::string_view bytes);

std::string HexOf(std::string_view bytes);
bool FromHex(std::string_view hex, std::string* out);

}  // namespace memoria::mirror::internal

#endif  // MEMORIA_MIRROR_INTERNAL_MANIFEST_H_
