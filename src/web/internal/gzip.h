// gzip (RFC 1952) compression of response bodies, with zlib.
//
// Thread safety: a pure function.
#ifndef MEMORIA_WEB_INTERNAL_GZIP_H_
#define MEMORIA_WEB_INTERNAL_GZIP_H_

#include <string>
#include <string_view>

#include "core/result.h"

namespace memoria::web::internal {

// "data" as one gzip member. kInternal if zlib fails (out of memory).
Result<std::string> Gzip(std::string_view data);

}  // namespace memoria::web::internal

#endif  // MEMORIA_WEB_INTERNAL_GZIP_H_
