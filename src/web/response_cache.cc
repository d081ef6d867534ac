#include "web/internal/response_cache.h"

namespace memoria::web::internal {
namespace {

size_t SizeOf(const std::string& key, const Response& r) {
  size_t n = key.size() + r.body.size() + r.content_type.size() + 128;
  for (const auto& [name, value] : r.headers) n += name.size() + value.size() + 64;
  return n;
}

}  // namespace

void ResponseCache::AtVersion(uint64_t version) {
  if (version == version_) return;
  // Versions are hashes, not ordered: any change of version empties the
  // cache. A worker that has not yet seen the change (it checks before each
  // request) may clear it once more, which costs re-renders, never a page
  // of one version served for another.
  lru_.clear();
  index_.clear();
  bytes_ = 0;
  version_ = version;
}

std::shared_ptr<const Response> ResponseCache::Find(const std::string& key, uint64_t version) {
  std::lock_guard<std::mutex> lock(mu_);
  if (max_bytes_ == 0) return nullptr;
  AtVersion(version);
  auto it = index_.find(key);
  if (it == index_.end()) {
    ++misses_;
    return nullptr;
  }
  ++hits_;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->response;
}

void ResponseCache::Insert(const std::string& key, uint64_t version, Response response) {
  response.stream = nullptr;
  const size_t bytes = SizeOf(key, response);
  if (bytes > max_bytes_ / 16) return;
  auto shared = std::make_shared<const Response>(std::move(response));
  std::lock_guard<std::mutex> lock(mu_);
  AtVersion(version);
  if (auto it = index_.find(key); it != index_.end()) {
    bytes_ -= it->second->bytes;
    lru_.erase(it->second);
    index_.erase(it);
  }
  lru_.push_front(Entry{key, std::move(shared), bytes});
  index_.emplace(lru_.front().key, lru_.begin());
  bytes_ += bytes;
  while (bytes_ > max_bytes_ && !lru_.empty()) {
    bytes_ -= lru_.back().bytes;
    index_.erase(lru_.back().key);
    lru_.pop_back();
  }
}

ResponseCache::Counters ResponseCache::counters() const {
  std::lock_guard<std::mutex> lock(mu_);
  return Counters{hits_, misses_, lru_.size(), bytes_};
}

}  // namespace memoria::web::internal
