// A browser for tests that ask web::App directly: the cookies it keeps from
// every answer's Set-Cookie, and the CSRF token of a form it was shown.
#ifndef MEMORIA_TESTS_TESTING_WEB_BROWSER_H_
#define MEMORIA_TESTS_TESTING_WEB_BROWSER_H_

#include <map>
#include <string>

#include "web/server.h"

namespace memoria::testing {

struct Browser {
  std::map<std::string, std::string> cookies;
  std::string client = "192.0.2.1";  // the address a request comes from

  // The Cookie header of the next request.
  std::string CookieHeader() const {
    std::string h;
    for (const auto& [k, v] : cookies) h += (h.empty() ? "" : "; ") + k + "=" + v;
    return h;
  }
  // Keeps, replaces or forgets (an empty value, Max-Age=0) each cookie set.
  void Keep(const web::Response& r) {
    for (const auto& [name, value] : r.headers) {
      if (name != "Set-Cookie") continue;
      const size_t eq = value.find('=');
      const size_t semi = value.find(';');
      const std::string k = value.substr(0, eq);
      const std::string v = value.substr(eq + 1, semi - eq - 1);
      if (v.empty() || value.find("Max-Age=0") != std::string::npos) {
        cookies.erase(k);
      } else {
        cookies[k] = v;
      }
    }
  }
};

// The value of the form's hidden "csrf" field; "" when there is none.
inline std::string CsrfOf(const std::string& html) {
  const std::string marker = "name=\"csrf\" value=\"";
  const size_t at = html.find(marker);
  if (at == std::string::npos) return "";
  const size_t start = at + marker.size();
  return html.substr(start, html.find('"', start) - start);
}

}  // namespace memoria::testing

#endif  // MEMORIA_TESTS_TESTING_WEB_BROWSER_H_
