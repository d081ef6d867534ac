// Parses arbitrary bytes as an HTTP request, with the server's limits, and
// hands every complete one to web::App over an empty in-memory archive. App
// must answer anything without crashing, and always with the security headers.
#include <boost/beast/core/buffers_prefix.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "web/server.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::unique_ptr<memoria::store::Store> store =
      std::move(memoria::store::Store::OpenInMemory()).value();
  static std::unique_ptr<memoria::web::App> app =
      std::move(memoria::web::App::Create(store.get())).value();
  namespace http = boost::beast::http;
  http::request_parser<http::string_body> parser;
  parser.header_limit(memoria::web::kHeaderLimitBytes);
  parser.body_limit(memoria::web::kBodyLimitBytes);
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (ec || !parser.is_done()) return 0;
  const auto& req = parser.get();
  memoria::web::Response r =
      app->Handle({std::string(req.method_string()), std::string(req.target()),
                   std::string(req[http::field::accept_language]),
                   std::string(req[http::field::accept_encoding]),
                   std::string(req[http::field::if_none_match])});
  // A streamed export is drawn a few pieces, like a client that hangs up.
  for (int i = 0; i < 3 && r.stream; ++i) {
    std::string piece;
    memoria::Result<bool> more = r.stream(&piece);
    if (!more.ok() || !*more) break;
  }
  if (r.status < 200 || r.status > 599 || r.Header("X-Frame-Options") != "DENY") std::abort();
  return 0;
}
