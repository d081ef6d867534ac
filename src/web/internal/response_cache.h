// ResponseCache: finished answers (headers, compressed body, ETag) of GET
// requests, kept for as long as the archive does not change, so that a page
// many readers ask for (the home page, a person everyone links to, a common
// search) is rendered once. Bounded by bytes, least recently used out first.
//
// Every entry belongs to one data version (store::Reader::DataVersion); a
// lookup under another version misses and the first one under a new version
// empties the cache. Keys are built by the App from the request target, the
// negotiated language and whether the answer is gzipped.
//
// Thread safety: all methods may be called from any thread.
#ifndef MEMORIA_WEB_INTERNAL_RESPONSE_CACHE_H_
#define MEMORIA_WEB_INTERNAL_RESPONSE_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "web/server.h"

namespace memoria::web::internal {

class ResponseCache {
 public:
  // An answer larger than max_bytes / 16 is never kept.
  explicit ResponseCache(size_t max_bytes) : max_bytes_(max_bytes) {}
  ResponseCache(const ResponseCache&) = delete;
  ResponseCache& operator=(const ResponseCache&) = delete;

  // The answer stored under "key" for "version", or nullptr.
  std::shared_ptr<const Response> Find(const std::string& key, uint64_t version);
  // Stores "response" (whose stream must be empty) under "key".
  void Insert(const std::string& key, uint64_t version, Response response);

  struct Counters {
    uint64_t hits = 0, misses = 0, entries = 0, bytes = 0;
  };
  Counters counters() const;

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const Response> response;
    size_t bytes = 0;
  };
  // REQUIRES: mu_ held. Empties the cache when "version" is not the
  // current one.
  void AtVersion(uint64_t version);

  const size_t max_bytes_;
  mutable std::mutex mu_;
  uint64_t version_ = 0;
  size_t bytes_ = 0;
  uint64_t hits_ = 0, misses_ = 0;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<std::string_view, std::list<Entry>::iterator> index_;
};

}  // namespace memoria::web::internal

#endif  // MEMORIA_WEB_INTERNAL_RESPONSE_CACHE_H_
