// The handlers of the website and its JSON API (src/web/pages/*.cc, one
// file per page family). A page handler answers a request with a Page: a
// model (the JSON object /api/v1/ returns) and the template that renders it
// as HTML; a raw handler makes the whole Response (files, exports).
// routes.h says which path reaches which handler. Every handler reads the
// archive through the request's public Reader only, and finds its
// parameters already read and checked (OpenRequest in routes.h).
//
// Thread safety: a handler uses its context's Reader, so one thread at a
// time per context.
#ifndef MEMORIA_WEB_INTERNAL_PAGES_H_
#define MEMORIA_WEB_INTERNAL_PAGES_H_

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/sessions.h"
#include "core/result.h"
#include "core/status.h"
#include "store/reader.h"
#include "store/registers.h"
#include "web/internal/i18n.h"
#include "web/internal/signin.h"
#include "web/internal/site.h"
#include "web/server.h"

namespace memoria::web {

struct RequestContext {
  internal::Lang lang = internal::kDefaultLang;
  bool lang_explicit = false;
  bool api = false;   // under /api/v1/: answer with the model as JSON
  std::string path;   // as requested (with /api/v1)
  std::string query;  // raw query string
  std::string self;   // path?query without lang
  store::Reader* reader = nullptr;
  // The App's register reader over "reader" (its prepared statements kept
  // between requests), or null: then a page opens one of its own.
  store::RegisterReader* registers = nullptr;
  internal::Site* site = nullptr;
  // The site's public address without a trailing slash
  // ("https://memoria.example.org"), for absolute links (citations).
  std::string base_url;
  // The route's parameters, read and checked by OpenRequest before the
  // handler runs: decoded, valid UTF-8 (path parameters by their pattern
  // name, "letter" decoded; then query parameters).
  std::map<std::string, std::string, std::less<>> params;
  int64_t id = 0;    // the path's id (a ParamKind::kId parameter), when the route has one
  int64_t page = 1;  // ?page=, 1..kMaxPageNumber
  // ?after= / ?before=: the person a keyset list's page follows or precedes
  // (0: absent). Lists link their next and previous pages with them.
  int64_t after = 0;
  int64_t before = 0;

  // Sign-in (pages/login.cc, docs/SECURITY.md): the request as received
  // (its cookies and form body), the App's store (for accounts), the
  // session of a signed-in reader (nullopt for a visitor) with its token,
  // the server's clock in seconds, and the CSRF token the page's forms
  // carry.
  const Request* request = nullptr;
  store::Store* store = nullptr;
  std::optional<auth::SessionInfo> session;
  std::string session_token;
  int64_t now = 0;
  // The wall clock (Unix seconds), for second factors' codes.
  int64_t unix_now = 0;
  std::string csrf;

  // The parameter "name" as read by OpenRequest; "" when absent.
  const std::string& Param(std::string_view name) const;
  // A field of a POST form body (decoded); "" when absent.
  std::string Form(std::string_view name) const;

  const internal::Catalog& t() const { return internal::CatalogFor(lang); }
  // A link to a page of the site: "path" plus ?lang= when the visitor chose
  // one ("path" may already have a query).
  std::string Link(std::string_view path_and_query) const;
};

// An empty JSON object with room for "keys" members. ordered_json keeps its
// members in a vector of pair<const string, json>, whose growth copies (not
// moves) every member already there, nested lists included: a model built
// key by key should start with room for all its keys.
inline nlohmann::ordered_json ObjectWithRoom(size_t keys) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  j.get_ref<nlohmann::ordered_json::object_t&>().reserve(keys);
  return j;
}

struct Page {
  int status = 200;
  std::string view;  // template name
  std::string title;
  nlohmann::ordered_json model = ObjectWithRoom(48);
  std::vector<std::pair<std::string, std::string>> headers;
};

// The highest ?page= accepted: deeper pages would overflow an offset.
inline constexpr int64_t kMaxPageNumber = 1'000'000'000 / kResultsPerPage;

Page ErrorModel(const RequestContext& ctx, int status, std::string_view message);
Page StatusModel(const RequestContext& ctx, const Status& status);
// Page handlers, by family (the file is pages/<family>.cc).
Page HomePage(const RequestContext& ctx);         // home
Page SearchPage(const RequestContext& ctx);       // search
Page PersonPage(const RequestContext& ctx);       // person
Page BrowseIndexPage(const RequestContext& ctx);  // browse
Page BrowseLetterPage(const RequestContext& ctx);
Page BrowsePlacePage(const RequestContext& ctx);
Page BrowseDatePage(const RequestContext& ctx);
Page SourcesPage(const RequestContext& ctx);  // sources
Page SourcePage(const RequestContext& ctx);
Page ReadingPage(const RequestContext& ctx);    // reading
Page AddressPage(const RequestContext& ctx);    // address
Page RegistersPage(const RequestContext& ctx);  // registers
Page RegisterPage(const RequestContext& ctx);
Page RegisterEntryPage(const RequestContext& ctx);
Page RegisterChangesPage(const RequestContext& ctx);
// The register entries of a person, for the person page (pages/registers.cc).
Result<nlohmann::ordered_json> PersonRegistersModel(const RequestContext& ctx, int64_t person_id);
// The political-prisoners list (pages/prisoners.cc, prisoners_figures.cc)
// and publications (pages/news.cc).
Page PrisonersPage(const RequestContext& ctx);
Page PrisonerPage(const RequestContext& ctx);
Page PrisonersBirthdaysPage(const RequestContext& ctx);
Page PrisonersLettersPage(const RequestContext& ctx);
Page PrisonersFiguresPage(const RequestContext& ctx);
Page NewsPage(const RequestContext& ctx);
Page PublicationPage(const RequestContext& ctx);
Result<Response> PrisonersFeed(const RequestContext& ctx);
Result<Response> PrisonersCsv(const RequestContext& ctx);
Result<Response> PrisonersJsonl(const RequestContext& ctx);
Result<Response> NewsFeed(const RequestContext& ctx);
Page LoginPage(const RequestContext& ctx);    // login: the sign-in form
Page LoginPost(const RequestContext& ctx);    // signs in
Page LogoutPost(const RequestContext& ctx);   // signs out
Page AccountPage(const RequestContext& ctx);  // the account and its sessions
Page RevokeSessionPost(const RequestContext& ctx);
// The second factor (pages/second_factor.cc): the code asked after the
// password, and setting it up or removing it on the account page.
Page SecondFactorPage(const RequestContext& ctx);
Page SecondFactorPost(const RequestContext& ctx);
Page TotpBeginPost(const RequestContext& ctx);
Page TotpConfirmPost(const RequestContext& ctx);
Page TotpDisablePost(const RequestContext& ctx);
Page PasswordPost(const RequestContext& ctx);  // pages/account_password.cc
// The account page's model with "message" (pages/login.cc).
Page AccountModel(const RequestContext& ctx, int status, std::string_view message);
// The account page with 429 and Retry-After while the throttle refuses a
// proof for "keys" (a password or a code asked on the account page).
std::optional<Page> AccountThrottled(const RequestContext& ctx, const internal::ProofKeys& keys);
// The account's credentials changed from this session (a second factor on
// or off, a new password): it stays signed in, every other session of the
// account ends (auth::Principal::credentials). pages/account_totp.cc.
Status KeepOnlyThisSession(const RequestContext& ctx);
// Editing with citations (pages/edit.cc) and the public's corrections and
// the moderation queue (pages/moderation.cc).
Page PersonHistoryPage(const RequestContext& ctx);
Page PersonEditPage(const RequestContext& ctx);
Page PersonEditPost(const RequestContext& ctx);
// A new person (pages/new_person.cc): the form and its POST.
Page NewPersonPage(const RequestContext& ctx);
Page NewPersonPost(const RequestContext& ctx);
Page CorrectionPage(const RequestContext& ctx);
Page CorrectionPost(const RequestContext& ctx);
Page ModerationPage(const RequestContext& ctx);
Page ModerationPost(const RequestContext& ctx);
Page ReviewPage(const RequestContext& ctx);
Page ReviewPost(const RequestContext& ctx);
// The editorial workflow of cases (pages/case_drafts.cc).
Page CaseDraftPage(const RequestContext& ctx);
Page CaseDraftPost(const RequestContext& ctx);
Page CaseReviewPage(const RequestContext& ctx);
Page CaseReviewPost(const RequestContext& ctx);

// Raw handlers.
// GeoJSON FeatureCollection of the buildings an address query finds (every
// mapped building without ?q=). pages/address.cc.
Result<Response> AddressGeoJson(const RequestContext& ctx);
// The public archive as JSON Lines (one person per line, as
// exports::PersonJson) or CSV (one person per row), streamed without a cap.
// pages/files.cc, like the rest.
Result<Response> ExportJsonl(const RequestContext& ctx);
Result<Response> ExportCsv(const RequestContext& ctx);
Result<Response> StyleCss(const RequestContext& ctx);
Result<Response> MapJs(const RequestContext& ctx);
// Leaflet's files for the tile map; kNotFound when the server has no tiles.
Result<Response> LeafletJs(const RequestContext& ctx);
Result<Response> LeafletCss(const RequestContext& ctx);
Result<Response> RobotsTxt(const RequestContext& ctx);
Result<Response> Favicon(const RequestContext& ctx);
Result<Response> OpenApiJson(const RequestContext& ctx);
// A register's Atom feed of changes, its SVG charts, and CSV/JSONL exports
// of the register as of a day and of its changes (pages/registers.cc).
Result<Response> RegisterFeed(const RequestContext& ctx);
Result<Response> RegisterFlowSvg(const RequestContext& ctx);
Result<Response> RegisterGroundsSvg(const RequestContext& ctx);
Result<Response> RegisterExportCsv(const RequestContext& ctx);
Result<Response> RegisterExportJsonl(const RequestContext& ctx);
Result<Response> RegisterChangesCsv(const RequestContext& ctx);
Result<Response> RegisterChangesJsonl(const RequestContext& ctx);

}  // namespace memoria::web

#endif  // MEMORIA_WEB_INTERNAL_PAGES_H_
