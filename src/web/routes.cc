// The route table (internal/routes.h) and the OpenAPI document made from it.
#include "web/internal/routes.h"

namespace memoria::web::internal {
namespace {

using Json = nlohmann::ordered_json;

constexpr ParamSpec kPage{"page", ParamKind::kPage, false, "Page number, from 1"};
constexpr ParamSpec kAfter{"after", ParamKind::kCursor, false,
                           "Keyset pagination: the page after this person id (the next link's)"};
constexpr ParamSpec kBefore{
    "before", ParamKind::kCursor, false,
    "Keyset pagination: the page before this person id (the previous link's)"};
constexpr ParamSpec kPersonId{"person_id", ParamKind::kId, true, "Person id"};
constexpr ParamSpec kSourceId{"source_id", ParamKind::kId, true, "Source id"};

std::vector<Route> MakeRoutes() {
  std::vector<Route> r;
  auto page = [&](std::string_view pattern, PageHandler handler, std::string_view summary,
                  std::vector<ParamSpec> params) {
    Route route;
    route.pattern = pattern;
    route.page = handler;
    route.summary = summary;
    route.params = std::move(params);
    r.push_back(std::move(route));
  };
  auto raw = [&](std::string_view pattern, Surface surface, RawHandler handler,
                 std::string_view content_type, std::string_view summary,
                 std::vector<ParamSpec> params = {}) {
    Route route;
    route.pattern = pattern;
    route.surface = surface;
    route.raw = handler;
    route.api_content_type = content_type;
    route.summary = summary;
    route.params = std::move(params);
    r.push_back(std::move(route));
  };
  page("/", HomePage, "Archive figures and arrests/executions by month", {});
  page("/search", SearchPage, "Name search in any script or spelling",
       {{"q", ParamKind::kText, true,
         "Name: surname, given name, patronymic, in any order and script"},
        {"born", ParamKind::kText, false, "Birth year or range: 1899 or 1890..1900"},
        {"place", ParamKind::kText, false, "Birth place words"},
        {"event", ParamKind::kText, false,
         "Event type: birth arrest trial sentence execution death rehabilitation release"},
        {"from", ParamKind::kText, false, "Event date from (EDTF day, month or year)"},
        {"to", ParamKind::kText, false, "Event date to"},
        {"exact", ParamKind::kText, false,
         "1: exact spelling or transliteration only (no typos, no phonetic variants); a name "
         "word ending in * is a prefix either way"},
        kPage});
  page("/person/{person_id}", PersonPage,
       "A person: names, events (EDTF dates), attributes, conflicts between sources, source "
       "records; a merged person answers 301 to the surviving one",
       {kPersonId});
  page("/browse", BrowseIndexPage, "Browse indexes: letters, years, places", {});
  page("/browse/letter/{letter}", BrowseLetterPage, "Persons whose surname starts with a letter",
       {{"letter", ParamKind::kLetter, true, "One letter, percent-encoded"},
        kPage,
        kAfter,
        kBefore});
  page("/browse/place", BrowsePlacePage,
       "Persons with a place (event place, residence, address) containing the words",
       {{"q", ParamKind::kText, true, "Place words"}, kPage});
  page("/browse/date", BrowseDatePage, "Persons by date of an event",
       {{"type", ParamKind::kText, false, "Event type (default execution)"},
        {"year", ParamKind::kText, true, "Year, four digits"},
        {"month", ParamKind::kText, false, "Month, 1 to 12"},
        kPage,
        kAfter,
        kBefore});
  page("/sources", SourcesPage, "Sources with their citations and record counts", {});
  page("/sources/{source_id}", SourcePage, "A source and its persons",
       {kSourceId, kPage, kAfter, kBefore});
  page("/reading", ReadingPage, "Return of the Names: reading slips for a place",
       {{"place", ParamKind::kText, true, "Place words"},
        {"from", ParamKind::kText, false, "Execution date from (EDTF day, month or year)"},
        {"to", ParamKind::kText, false, "Execution date to"},
        {"order", ParamKind::kText, false, "date (default) or surname"},
        kPage});
  page("/address", AddressPage,
       "Last Address: persons whose address is a building, by present or historic street name",
       {{"q", ParamKind::kText, true, "Street and house"}});
  // The political-prisoners list and publications (pages/prisoners*.cc,
  // pages/news.cc). Literal segments come before "{person_id}".
  page("/prisoners", PrisonersPage,
       "The political-prisoners list: count, filters, sorts; JSON answers total and results",
       {{"assessment", ParamKind::kText, false,
         "political_prisoner, politically_persecuted, under_review, not_included or all "
         "(default: the current list: recognised and not released, emigrated or died)"},
        {"status", ParamKind::kText, false,
         "detained house_arrest restricted sentenced in_custody released emigrated died unknown"},
        {"region", ParamKind::kText, false, "Region, as the list writes it"},
        {"article", ParamKind::kText, false, "Article: 205.2 (any part) or 205.2 ч.2"},
        {"group", ParamKind::kText, false, "Case group, as the list writes it"},
        {"year", ParamKind::kText, false, "Year detained, four digits"},
        {"sort", ParamKind::kText, false, "name (default), detained or sentence"},
        kPage});
  page("/prisoners/figures", PrisonersFiguresPage,
       "Recognised, in custody and released by month; the current list by article and region", {});
  page("/prisoners/birthdays", PrisonersBirthdaysPage,
       "Prisoners whose birthday falls in the coming 30 days", {});
  page("/prisoners/letters", PrisonersLettersPage, "How to write to a political prisoner", {});
  raw("/prisoners/feed.atom", Surface::kBoth, PrisonersFeed, "application/atom+xml",
      "Atom feed of new assessments and status changes");
  page("/prisoners/{person_id}", PrisonerPage,
       "A prisoner: statements, cases, timeline of status and places of detention, the postal "
       "address to write to",
       {kPersonId});
  raw("/prisoners.csv", Surface::kApi, PrisonersCsv, "text/csv",
      "The whole list as CSV (person ids are stable), streamed without a row cap");
  raw("/prisoners.jsonl", Surface::kApi, PrisonersJsonl, "application/x-ndjson",
      "The whole list with every dated status and assessment, one person per line, streamed");
  for (size_t i = r.size() - 2; i < r.size(); ++i) {
    r[i].streaming = true;
    r[i].cacheable = false;
  }
  page("/news", NewsPage, "Statements and news, newest first",
       {{"kind", ParamKind::kText, false, "statement, news or guide"}, kPage});
  raw("/news/feed.atom", Surface::kBoth, NewsFeed, "application/atom+xml",
      "Atom feed of statements and news");
  page("/news/{publication_id}", PublicationPage,
       "A statement or news item, rendered from its Markdown, with the persons it names",
       {{"publication_id", ParamKind::kId, true, "Publication id"}});
  raw("/address.geojson", Surface::kApi, AddressGeoJson, "application/geo+json",
      "GeoJSON of geocoded buildings for an address query (all mapped buildings without q)",
      {{"q", ParamKind::kText, false, "Street and house"}});
  raw("/export.jsonl", Surface::kApi, ExportJsonl, "application/x-ndjson",
      "The whole public archive, one person per line, streamed without a row cap");
  raw("/export.csv", Surface::kApi, ExportCsv, "text/csv",
      "The whole public archive as CSV, one person per row, streamed",
      {{"bom", ParamKind::kText, false,
        "1: start with a UTF-8 byte order mark, for spreadsheet programs"}});
  for (size_t i = r.size() - 2; i < r.size(); ++i) {
    r[i].streaming = true;
    r[i].cacheable = false;
    r[i].cost = Cost::kStream;
  }
  // What may read a great part of the archive (or wait for the site's
  // figures and place indexes) goes to the expensive lane.
  for (Route& route : r) {
    for (std::string_view p :
         {"/", "/search", "/browse", "/browse/letter/{letter}", "/browse/place", "/browse/date",
          "/sources", "/sources/{source_id}", "/reading", "/address", "/address.geojson"}) {
      if (route.pattern == p) route.cost = Cost::kExpensive;
    }
  }
  // Registers of persecution (pages/registers.cc). The literal segments
  // come before "/registers/{register}/{number}", which would match them.
  {
    const ParamSpec reg{"register", ParamKind::kSegment, true, "Register key"};
    const ParamSpec from{"from", ParamKind::kText, false,
                         "From the snapshot in force on this day (YYYY-MM-DD)"};
    const ParamSpec to{"to", ParamKind::kText, false,
                       "To the snapshot in force on this day (YYYY-MM-DD)"};
    const ParamSpec as_of{"as_of", ParamKind::kText, false,
                          "The register as it stood on this day (YYYY-MM-DD; default: its "
                          "newest snapshot)"};
    page("/registers", RegistersPage, "Registers of persecution with their snapshots", {});
    page("/registers/{register}", RegisterPage,
         "A register as of a day: its entries (filters: kind, legal ground, year of inclusion, "
         "words of the name) and its inclusions and exclusions by month and by ground",
         {reg,
          as_of,
          {"kind", ParamKind::kText, false, "person or organisation"},
          {"ground", ParamKind::kText, false, "A legal ground's key (as the page lists them)"},
          {"year", ParamKind::kText, false, "Year of the inclusion decision"},
          {"q", ParamKind::kText, false, "Words of the name"},
          kPage});
    page("/registers/{register}/changes", RegisterChangesPage,
         "Entries included, excluded and changed between two snapshots (default: the newest "
         "two)",
         {reg, from, to});
    raw("/registers/{register}/feed.atom", Surface::kBoth, RegisterFeed, "application/atom+xml",
        "Atom feed of the register's changes, one entry per change", {reg});
    raw("/registers/{register}/flow.svg", Surface::kBoth, RegisterFlowSvg, "image/svg+xml",
        "SVG chart of inclusions and exclusions per month", {reg});
    raw("/registers/{register}/grounds.svg", Surface::kBoth, RegisterGroundsSvg, "image/svg+xml",
        "SVG chart of the entries by legal ground", {reg});
    raw("/registers/{register}/export.csv", Surface::kBoth, RegisterExportCsv, "text/csv",
        "The register as of a day, one entry per row", {reg, as_of});
    raw("/registers/{register}/export.jsonl", Surface::kBoth, RegisterExportJsonl,
        "application/x-ndjson", "The register as of a day, one entry per line", {reg, as_of});
    raw("/registers/{register}/changes.csv", Surface::kBoth, RegisterChangesCsv, "text/csv",
        "The register's changes (events) between two days, oldest first", {reg, from, to});
    raw("/registers/{register}/changes.jsonl", Surface::kBoth, RegisterChangesJsonl,
        "application/x-ndjson", "The register's changes (events) between two days, oldest first",
        {reg, from, to});
    page("/registers/{register}/{number}", RegisterEntryPage,
         "One entry's whole history: each field's versions and the events, each citing its "
         "snapshot; the archive person, if any",
         {reg, {"number", ParamKind::kSegment, true, "The entry's number in the register"}});
  }
  // Sign-in (pages/login.cc): pages only, never cached; every POST needs
  // the form's CSRF token (app.cc).
  auto signin = [&](std::string_view method, std::string_view pattern, PageHandler handler,
                    std::string_view summary, std::vector<ParamSpec> params = {}) {
    page(pattern, handler, summary, std::move(params));
    r.back().method = method;
    r.back().surface = Surface::kHtml;
    r.back().cacheable = false;
    r.back().mirrored = false;
  };
  signin("GET", "/login", LoginPage, "The sign-in form (name, password, CSRF token)",
         {{"next", ParamKind::kText, false, "A path of this site to go to after signing in"}});
  signin("POST", "/login", LoginPost,
         "Signs in (form fields name, password, csrf, next): a session cookie and 303");
  signin("GET", "/login/second", SecondFactorPage,
         "The second factor's form, after the password of an account that has one");
  signin("POST", "/login/second", SecondFactorPost,
         "Finishes signing in with a code of the authenticator app or a recovery code (form "
         "fields code, csrf): a session cookie and 303");
  signin("POST", "/logout", LogoutPost, "Signs out (form field csrf)");
  signin("GET", "/account", AccountPage, "The signed-in account and its open sessions");
  signin("POST", "/account/sessions/revoke", RevokeSessionPost,
         "Ends a session (form fields session, csrf): one's own, or anyone's for an admin");
  signin("POST", "/account/totp/begin", TotpBeginPost,
         "Starts setting up a second factor (TOTP): the account page then shows its secret");
  signin("POST", "/account/totp/confirm", TotpConfirmPost,
         "Turns the second factor on with a code from the app (form fields code, csrf) and shows "
         "the recovery codes once");
  signin("POST", "/account/totp/disable", TotpDisablePost,
         "Turns the second factor off (form fields code or password, csrf)");
  signin("POST", "/account/password", PasswordPost,
         "Changes the account's own password (form fields current, password, password2, csrf) "
         "and ends its other sessions");
  // Editing with citations and corrections from the public (pages/edit.cc,
  // pages/moderation.cc). The history is a public page like the person's;
  // the forms and their POSTs are never cached.
  page("/person/{person_id}/history", PersonHistoryPage,
       "Every version of every fact of a person (current or corrected, retracted, undone), with "
       "its source record or the editor's claim and citation, and the changes made",
       {kPersonId});
  signin("GET", "/persons/new", NewPersonPage,
         "The form for a new person (volunteers and editors): main name, citation, reason",
         {{"done", ParamKind::kText, false, "proposed: the thanks after a volunteer's proposal"}});
  signin("POST", "/persons/new", NewPersonPost,
         "Adds a person (an editor) or proposes one (a volunteer) (form fields surname, given, "
         "patronymic, citation, reason, visibility, csrf)");
  signin("GET", "/person/{person_id}/edit", PersonEditPage,
         "The editing forms of a person (volunteers and editors)",
         {kPersonId, {"done", ParamKind::kText, false, "proposed or applied: what was done"}});
  signin("POST", "/person/{person_id}/edit", PersonEditPost,
         "Adds, corrects or retracts a name, event, attribute or the person, or undoes a change "
         "(form fields action, fact, target, the value's fields, citation, reason, visibility, "
         "change, csrf): an editor's change is applied, a volunteer's is a proposal",
         {kPersonId});
  signin("GET", "/person/{person_id}/correct", CorrectionPage,
         "The form for a correction or testimony from the public",
         {kPersonId, {"sent", ParamKind::kText, false, "1: the thanks after sending"}});
  signin("POST", "/person/{person_id}/correct", CorrectionPost,
         "Sends a correction or testimony into the moderation queue (form fields kind, body, "
         "contact, csrf); throttled per client, the client's address is not stored",
         {kPersonId});
  signin("GET", "/moderation", ModerationPage,
         "Pending proposals and corrections (volunteers and editors)");
  signin("POST", "/moderation", ModerationPost,
         "Accepts or rejects a proposal or a correction (editors), or notes on a correction "
         "(volunteers) (form fields item, id, action, note, visibility, csrf)");
  // Record linkage (pages/review.cc): the queue of uncertain pairs.
  signin("GET", "/review", ReviewPage,
         "Pairs of persons the linker found uncertain, most uncertain first, side by side with "
         "the fields that agree and disagree and their weights (editors)");
  signin("POST", "/review", ReviewPost,
         "Accepts (merges), rejects (never proposed again) or undoes a decision on a pair "
         "(editors) (form fields id, action, csrf)");
  // The editorial workflow of cases (pages/case_drafts.cc): never cached.
  signin("GET", "/prisoners/{person_id}/draft", CaseDraftPage,
         "The forms a volunteer drafts an assessment, a status change or a case of a person with",
         {kPersonId, {"done", ParamKind::kText, false, "1: the thanks after drafting"}});
  signin("POST", "/prisoners/{person_id}/draft", CaseDraftPost,
         "Drafts an assessment, a status change or a case (form fields kind, the item's fields, "
         "citation, reason, csrf): in no public page until an editor publishes it",
         {kPersonId});
  signin("GET", "/moderation/cases", CaseReviewPage,
         "Drafts of assessments, status changes and cases waiting for an editor (editors)",
         {{"done", ParamKind::kText, false, "publish or reject: what was done"}});
  signin("POST", "/moderation/cases", CaseReviewPost,
         "Publishes or rejects a draft (form fields item, id, action, reason, csrf; editors)");
  raw("/openapi.json", Surface::kApi, OpenApiJson, "application/json", "This document");
  raw("/static/style.css", Surface::kHtml, StyleCss, "", "The stylesheet");
  raw("/static/map.js", Surface::kHtml, MapJs, "", "The tile map's script");
  raw("/static/leaflet.js", Surface::kHtml, LeafletJs, "", "Leaflet, with --tiles only");
  raw("/static/leaflet.css", Surface::kHtml, LeafletCss, "", "Leaflet's CSS, with --tiles only");
  raw("/robots.txt", Surface::kHtml, RobotsTxt, "", "Every page may be crawled");
  raw("/favicon.ico", Surface::kHtml, Favicon, "", "The site's icon");
  return r;
}

// "/person/{person_id}" matches "/person/12" (and "/person/", which the
// handler refuses); a literal segment matches itself only.
bool Match(std::string_view pattern, std::string_view path, PathArgs* args) {
  args->clear();
  while (!pattern.empty() || !path.empty()) {
    if (!pattern.starts_with('/') || !path.starts_with('/')) return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    const std::string_view want = pattern.substr(0, pattern.find('/'));
    const std::string_view got = path.substr(0, path.find('/'));
    if (want.starts_with('{') && want.ends_with('}')) {
      args->emplace_back(want.substr(1, want.size() - 2), got);
    } else if (want != got) {
      return false;
    }
    pattern.remove_prefix(want.size());
    path.remove_prefix(got.size());
  }
  return true;
}

Json Parameter(const ParamSpec& p, bool in_path) {
  Json j = Json::object();
  j["name"] = p.name;
  j["in"] = in_path ? "path" : "query";
  j["required"] = in_path || p.required;
  j["description"] = p.description;
  j["schema"] = {
      {"type", p.kind == ParamKind::kId || p.kind == ParamKind::kPage ? "integer" : "string"}};
  if (p.kind == ParamKind::kId || p.kind == ParamKind::kPage) j["schema"]["minimum"] = 1;
  return j;
}

Json Operation(const Route& route) {
  Json op = Json::object();
  op["summary"] = route.summary;
  Json params = Json::array();
  if (route.page != nullptr) params.push_back({{"$ref", "#/components/parameters/lang"}});
  for (const ParamSpec& p : route.params) {
    const bool in_path =
        p.kind == ParamKind::kId || p.kind == ParamKind::kLetter || p.kind == ParamKind::kSegment;
    params.push_back(Parameter(p, in_path));
  }
  op["parameters"] = std::move(params);
  Json responses = Json::object();
  responses["200"] = {
      {"description", route.page != nullptr ? "The page's model as JSON." : route.summary},
      {"content", {{route.api_content_type, {{"schema", {{"type", "object"}}}}}}}};
  if (route.page != nullptr) {
    for (const char* code : {"301", "400", "404"}) {
      responses[code] = {{"$ref", "#/components/responses/Error"}};
    }
  }
  op["responses"] = std::move(responses);
  return op;
}

Json Components() {
  Json error_schema = {
      {"type", "object"},
      {"properties",
       {{"error",
         {{"type", "object"},
          {"properties",
           {{"status", {{"type", "integer"}}}, {"message", {{"type", "string"}}}}}}}}}};
  return {{"parameters",
           {{"lang",
             {{"name", "lang"},
              {"in", "query"},
              {"description",
               "Language of labels and dates: ru, uk, en (default: Accept-Language, then ru; "
               "another language: en)"},
              {"schema", {{"type", "string"}, {"enum", {"ru", "uk", "en"}}}}}}}},
          {"responses",
           {{"Error",
             {{"description", "An error (a 301 gives the new address in Location)"},
              {"content", {{"application/json", {{"schema", error_schema}}}}}}}}}};
}

Json MakeOpenApi() {
  Json doc = Json::object();
  doc["openapi"] = "3.0.3";
  doc["info"] = {
      {"title", "memoria public API"},
      {"version", "1"},
      {"description",
       "Everything the public website shows, as JSON (field names: docs/formats/json.md). Every "
       "answer passes the public visibility filter: restricted and confidential facts never "
       "appear. Each page endpoint mirrors the page of the same path without /api/v1 and "
       "returns that page's model."}};
  doc["servers"] = Json::array({{{"url", "/api/v1"}}});
  Json paths = Json::object();
  for (const Route& route : Routes()) {
    if (!route.api()) continue;
    std::string method(route.method);
    for (char& c : method) c = static_cast<char>(c - 'A' + 'a');
    paths[std::string(route.pattern)][method] = Operation(route);
  }
  doc["paths"] = std::move(paths);
  doc["components"] = Components();
  return doc;
}

}  // namespace

const std::vector<Route>& Routes() {
  static const std::vector<Route> kRoutes = MakeRoutes();
  return kRoutes;
}

const Route* MatchRoute(std::string_view path, bool api, PathArgs* args) {
  for (const Route& route : Routes()) {
    if ((api ? route.api() : route.html()) && Match(route.pattern, path, args)) return &route;
  }
  return nullptr;
}

Cost CostOf(std::string_view target) {
  std::string_view path = target.substr(0, target.find('?'));
  constexpr std::string_view kApi = "/api/v1";
  const bool api = path == kApi || path.starts_with("/api/v1/");
  if (api) {
    path.remove_prefix(kApi.size());
    if (path.empty()) path = "/";
  }
  PathArgs args;
  const Route* route = MatchRoute(path, api, &args);
  return route == nullptr ? Cost::kCheap : route->cost;
}

const Route* MatchRouteFor(std::string_view method, std::string_view path, bool api,
                           PathArgs* args) {
  if (method == "HEAD") method = "GET";
  for (const Route& route : Routes()) {
    if (route.method == method && (api ? route.api() : route.html()) &&
        Match(route.pattern, path, args)) {
      return &route;
    }
  }
  return nullptr;
}

std::string AllowedMethods(std::string_view path, bool api) {
  bool get = false, post = false;
  PathArgs args;
  for (const Route& route : Routes()) {
    if (!(api ? route.api() : route.html()) || !Match(route.pattern, path, &args)) continue;
    get = get || route.method == "GET";
    post = post || route.method == "POST";
  }
  if (get && post) return "GET, HEAD, POST";
  if (post) return "POST";
  return "GET, HEAD";
}

const nlohmann::ordered_json& OpenApiDocument() {
  static const Json kDoc = MakeOpenApi();
  return kDoc;
}

}  // namespace memoria::web::internal
