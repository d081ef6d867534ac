#include "auth/sessions.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

namespace memoria::auth {
namespace {

std::string Base64Url(const unsigned char* data, size_t size) {
  std::string out(sodium_base64_encoded_len(size, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

// What the table keys a session by: a hash of its token.
std::string TokenHash(std::string_view token) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return std::string(reinterpret_cast<const char*>(h), sizeof h);
}

bool Expired(const SessionInfo& s, int64_t now) {
  return now - s.last_seen >= kSessionIdleSeconds || now - s.created >= kSessionMaxSeconds;
}

}  // namespace

std::string RandomToken(size_t bytes) {
  Initialize().IgnoreError();
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  return Base64Url(buf.data(), buf.size());
}

std::string SessionTable::Open(const Principal& principal, int64_t now) {
  std::string token = RandomToken(32);
  SessionInfo info;
  info.id = RandomToken(9);
  info.principal = principal;
  info.created = now;
  info.last_seen = now;
  std::lock_guard<std::mutex> lock(mutex_);
  ExpireLocked(now);
  if (by_hash_.size() >= kMaxSessions) {
    auto oldest = std::min_element(
        by_hash_.begin(), by_hash_.end(),
        [](const auto& a, const auto& b) { return a.second.last_seen < b.second.last_seen; });
    by_hash_.erase(oldest);
  }
  by_hash_.emplace(TokenHash(token), std::move(info));
  return token;
}

std::optional<SessionInfo> SessionTable::Touch(std::string_view token, int64_t now) {
  if (token.empty()) return std::nullopt;
  const std::string key = TokenHash(token);
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = by_hash_.find(key);
  if (it == by_hash_.end()) return std::nullopt;
  if (Expired(it->second, now)) {
    by_hash_.erase(it);
    return std::nullopt;
  }
  it->second.last_seen = now;
  return it->second;
}

void SessionTable::Close(std::string_view token) {
  const std::string key = TokenHash(token);
  std::lock_guard<std::mutex> lock(mutex_);
  by_hash_.erase(key);
}

std::string HalfSignIns::Open(HalfSignIn half) {
  std::string token = RandomToken(32);
  const int64_t now = half.created;
  std::lock_guard<std::mutex> lock(mutex_);
  // Expired entries go first; beyond kMaxSessions the oldest goes too.
  std::erase_if(by_hash_,
                [now](const auto& e) { return now - e.second.created >= kHalfSignInSeconds; });
  if (by_hash_.size() >= kMaxSessions) {
    auto oldest = std::min_element(
        by_hash_.begin(), by_hash_.end(),
        [](const auto& a, const auto& b) { return a.second.created < b.second.created; });
    by_hash_.erase(oldest);
  }
  by_hash_.emplace(TokenHash(token), std::move(half));
  return token;
}

std::optional<HalfSignIn> HalfSignIns::Find(std::string_view token, int64_t now) {
  if (token.empty()) return std::nullopt;
  const std::string key = TokenHash(token);
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = by_hash_.find(key);
  if (it == by_hash_.end()) return std::nullopt;
  if (now - it->second.created >= kHalfSignInSeconds || now < it->second.created) {
    by_hash_.erase(it);
    return std::nullopt;
  }
  return it->second;
}

void HalfSignIns::Close(std::string_view token) {
  const std::string key = TokenHash(token);
  std::lock_guard<std::mutex> lock(mutex_);
  by_hash_.erase(key);
}

bool SessionTable::Revoke(std::string_view id, int64_t account_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = by_hash_.begin(); it != by_hash_.end(); ++it) {
    if (it->second.id != id) continue;
    if (account_id != 0 && it->second.principal.account_id != account_id) return false;
    by_hash_.erase(it);
    return true;
  }
  return false;
}

int SessionTable::KeepOnly(std::string_view token, int64_t account_id,
                           std::string_view credentials) {
  const std::string keep = TokenHash(token);
  std::lock_guard<std::mutex> lock(mutex_);
  int n = 0;
  for (auto it = by_hash_.begin(); it != by_hash_.end();) {
    if (it->second.principal.account_id != account_id) {
      ++it;
    } else if (it->first == keep) {
      it->second.principal.credentials = std::string(credentials);
      ++it;
    } else {
      it = by_hash_.erase(it);
      ++n;
    }
  }
  return n;
}

int SessionTable::RevokeAccount(int64_t account_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  int n = 0;
  for (auto it = by_hash_.begin(); it != by_hash_.end();) {
    if (it->second.principal.account_id == account_id) {
      it = by_hash_.erase(it);
      ++n;
    } else {
      ++it;
    }
  }
  return n;
}

std::vector<SessionInfo> SessionTable::List(int64_t account_id, int64_t now) {
  std::lock_guard<std::mutex> lock(mutex_);
  ExpireLocked(now);
  std::vector<SessionInfo> out;
  for (const auto& [hash, info] : by_hash_) {
    if (account_id == 0 || info.principal.account_id == account_id) out.push_back(info);
  }
  std::sort(out.begin(), out.end(), [](const SessionInfo& a, const SessionInfo& b) {
    return a.created != b.created ? a.created > b.created : a.id < b.id;
  });
  return out;
}

void SessionTable::ExpireLocked(int64_t now) {
  std::erase_if(by_hash_, [now](const auto& entry) { return Expired(entry.second, now); });
}

void Throttle::Fail(std::string_view key, int64_t now) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = failures_.find(key);
  if (it == failures_.end()) {
    if (failures_.size() >= kMaxKeys) failures_.erase(failures_.begin());
    it = failures_.emplace(std::string(key), std::deque<int64_t>()).first;
  }
  std::deque<int64_t>& times = it->second;
  while (!times.empty() && now - times.front() >= kWindowSeconds) times.pop_front();
  times.push_back(now);
  while (times.size() > static_cast<size_t>(kMaxFailures)) times.pop_front();
}

int64_t Throttle::RetryAfter(std::string_view key, int64_t now) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  std::deque<int64_t>& times = it->second;
  while (!times.empty() && now - times.front() >= kWindowSeconds) times.pop_front();
  if (times.empty()) {
    failures_.erase(it);
    return 0;
  }
  if (times.size() < static_cast<size_t>(kMaxFailures)) return 0;
  return std::max<int64_t>(1, kWindowSeconds - (now - times.front()));
}

void Throttle::Clear(std::string_view key) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = failures_.find(key);
  if (it != failures_.end()) failures_.erase(it);
}

CsrfKey::CsrfKey() {
  Initialize().IgnoreError();
  crypto_auth_keygen(key_);
}

std::string CsrfKey::TokenFor(std::string_view binding) const {
  unsigned char mac[crypto_auth_BYTES];
  crypto_auth(mac, reinterpret_cast<const unsigned char*>(binding.data()), binding.size(), key_);
  return Base64Url(mac, sizeof mac);
}

bool CsrfKey::Verify(std::string_view binding, std::string_view token) const {
  if (binding.empty()) return false;
  const std::string expected = TokenFor(binding);
  if (token.size() != expected.size()) return false;
  return sodium_memcmp(expected.data(), token.data(), expected.size()) == 0;
}

}  // namespace memoria::auth
