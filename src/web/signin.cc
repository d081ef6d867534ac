// Cookies of sign-in (internal/signin.h).
#include "web/internal/signin.h"

namespace memoria::web::internal {

std::string CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const size_t semi = header.find(';');
    std::string_view pair = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    while (!pair.empty() && (pair.front() == ' ' || pair.front() == '\t')) pair.remove_prefix(1);
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos || pair.substr(0, eq) != name) continue;
    std::string_view value = pair.substr(eq + 1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return std::string(value);
  }
  return "";
}

std::string SetCookie(std::string_view name, std::string_view value, bool secure, int64_t max_age) {
  std::string c(name);
  c += "=";
  c += value;
  c += "; Path=/; HttpOnly; SameSite=Strict";
  if (secure) c += "; Secure";
  if (max_age >= 0) c += "; Max-Age=" + std::to_string(max_age);
  return c;
}

std::string CsrfBinding(std::string_view session_token, std::string_view pre_cookie) {
  if (!session_token.empty()) return "session:" + std::string(session_token);
  if (!pre_cookie.empty()) return "pre:" + std::string(pre_cookie);
  return "";
}

}  // namespace memoria::web::internal
