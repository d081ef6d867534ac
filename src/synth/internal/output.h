// Output helpers shared by the files of the corpus generator: appending a
// number in decimal and writing a buffer to a stream.
//
// Thread safety: pure functions; a stream is the caller's to share.
#ifndef MEMORIA_SYNTH_INTERNAL_OUTPUT_H_
#define MEMORIA_SYNTH_INTERNAL_OUTPUT_H_

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>

#include "core/status.h"

namespace memoria::synth::internal {

// Appends "v" in decimal to *out.
inline void AppendInt(int64_t v, std::string* out) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, r.ptr);
}

// Writes "size" bytes at "data" to *out; kDataLoss if the stream fails.
inline Status Write(const char* data, size_t size, std::ostream* out) {
  out->write(data, static_cast<std::streamsize>(size));
  if (!out->good()) return DataLossError("synth: writing to the output stream failed");
  return Status::Ok();
}

}  // namespace memoria::synth::internal

#endif  // MEMORIA_SYNTH_INTERNAL_OUTPUT_H_
