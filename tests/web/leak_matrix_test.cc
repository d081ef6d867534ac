// The leak matrix: every route of the route table (each pattern needs a
// case below, so a new route without one fails this test), in HTML and in
// the API, asked by an anonymous visitor, a reader, a volunteer and an
// editor signed in through the session machinery, over a sealed archive on
// disk (its confidential values encrypted at rest) served over a read-only
// connection as in the server. Canaries sit in restricted and confidential
// names, events, attributes, records, claims, whole sources and whole
// persons. No canary of a level above the role's ceiling may appear in any
// answer (a search for the canary's own name included, once the echo of
// the query is taken out); every canary of the role's ceiling shows
// somewhere (the filter must not hide too much); and the audit log holds an
// entry for every page, API answer and export by which the editor read a
// confidential value, and none for the other roles.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "auth/auth.h"
#include "core/edtf.h"
#include "registers/registers.h"
#include "store/accounts.h"
#include "store/cases.h"
#include "store/keys.h"
#include "store/store.h"
#include "store/write.h"
#include "testing/archive_builder.h"
#include "testing/http.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"
#include "testing/web_browser.h"
#include "web/internal/routes.h"
#include "web/internal/site.h"
#include "web/server.h"

namespace memoria::web {
namespace {

using ::memoria::testing::ArchiveBuilder;
using ::memoria::testing::CsrfOf;
using store::Visibility;
using ::testing::HasSubstr;

constexpr std::string_view kPassword = "a long enough password";
// In the statement of every draft.
constexpr std::string_view kDraftMark = "DRAFTONLY";

// The canaries of the restricted (1) and confidential (2) levels; level 0
// is the public baseline.
struct Canary {
  std::string surname, mark;
};
const Canary kCanary[3] = {
    {"Светлов", "LEAKPUBLIC"},
    {"Служебнов", "LEAKRESTRICTED"},
    {"Секретов", "LEAKCONFIDENTIAL"},
};

std::string Encode(std::string_view s) { return memoria::testing::UrlEncode(s); }

using Browser = memoria::testing::Browser;

void ReplaceAll(std::string* s, std::string_view from, std::string_view to) {
  for (size_t at = 0; (at = s->find(from, at)) != std::string::npos; at += to.size()) {
    s->replace(at, from.size(), to);
  }
}

// "body" without the forms in which a page echoes a word of its query.
std::string WithoutEcho(std::string body, std::string_view word) {
  std::string lower_hex = Encode(word);
  for (char& c : lower_hex) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const std::string& form : {std::string(word), Encode(word), lower_hex}) {
    ReplaceAll(&body, form, "<<ECHO>>");
  }
  return body;
}

struct Role {
  std::string name;  // "" for the anonymous visitor
  auth::Role role = auth::Role::kReader;
  int ceiling = 0;
};

class LeakMatrixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = memoria::testing::FreshTempDir() + "/archive";
    writer_ = store::Store::Create(dir_).value();
    const store::ArchiveKey key = store::ArchiveKey::Generate();
    ASSERT_OK(store::WriteKeyFile(store::DefaultKeyPath(dir_), key));
    ASSERT_OK(writer_->EnableSealing(key));
    Build();
    BuildRegisters();
    if (HasFatalFailure()) return;
    for (const Role& r : Roles()) {
      if (r.name.empty()) continue;
      ASSERT_OK(auth::AddAccount(writer_.get(), r.name, r.role, kPassword,
                                 auth::PasswordCost::Minimum(), "test")
                    .status());
    }
    reader_store_ = store::Store::Open(dir_, store::OpenOptions{true, 16, ""}).value();
    ASSERT_TRUE(reader_store_->Unlocked());
    site_ = std::make_shared<internal::Site>(MapConfig(), size_t{8} << 20);
    app_ =
        App::Create(reader_store_.get(), AppOptions{Visibility::kPublic, nullptr, site_}).value();
  }

  void Build() {
    ArchiveBuilder b(writer_.get());
    const int64_t open = b.Source("test:open", "Открытый список");
    for (int level = 0; level < 3; ++level) {
      const Canary& k = kCanary[level];
      const Visibility v = static_cast<Visibility>(level);
      // A whole source at this level.
      const int64_t source = b.Source("test:level" + std::to_string(level), "Список", v);
      int64_t rec = b.Record(
          source, R"({"ФИО":")" + k.surname + R"( Антон","n":")" + k.mark + R"( source"})");
      int64_t p = b.Person(rec);
      persons_.push_back(p);
      b.Name(p, rec, k.surname, "Антон");
      b.Event(p, rec, "execution", "1938-03-0" + std::to_string(level + 1), "Москва");
      // A record at this level in the open source.
      rec = b.Record(open, R"({"n":")" + k.mark + R"( record"})", v);
      p = b.Person(rec);
      persons_.push_back(p);
      b.Name(p, rec, k.surname, "Борис");
      // A whole person at this level.
      rec = b.Record(open, R"({"ФИО":")" + k.surname + R"( Василий"})");
      p = b.Person(rec, v);
      persons_.push_back(p);
      b.Name(p, rec, k.surname, "Василий");
      b.Event(p, rec, "arrest", "1937-10-0" + std::to_string(level + 1), "Москва");
      // Facts of every kind at this level of a public person, their text in
      // the record too.
      rec = b.Record(open, R"({"ФИО":"Базов Григорий","alias":")" + k.surname +
                               R"(","address":"ул. )" + k.mark + R"(, д. 1"})");
      p = b.Person(rec);
      persons_.push_back(p);
      b.Name(p, rec, "Базов", "Григорий");
      b.Name(p, rec, k.surname, "Григорий", "", "alias", v);
      b.Event(p, rec, "arrest", "1937-11-1" + std::to_string(level), k.mark + " город", v,
              k.mark + " орган", k.mark + " примечание");
      b.Attribute(p, rec, "occupation", k.mark + " профессия", v);
      b.Attribute(p, rec, "address", "ул. " + k.mark + ", д. 1", v);
      const int64_t claim = b.Claim("interview " + k.mark, v);
      b.Name(p, claim, k.surname + "ов", "Дмитрий", "", "variant", Visibility::kPublic, true);
      // A prisoner at this level with a public case.
      rec = b.Record(open, R"({"n":"prisoner )" + std::to_string(level) + R"("})");
      p = b.Person(rec, v);
      persons_.push_back(p);
      b.Name(p, rec, k.surname, "Пётр");
      store::CaseFact c;
      c.from = {rec, 0};
      c.region = "Регион " + k.mark;
      c.detained = Edtf::Parse("2022-03-0" + std::to_string(level + 1)).value();
      const int64_t case_id = b.tx().AddCase(c).value();
      store::InvolvementFact inv;
      inv.case_id = case_id;
      inv.person_id = p;
      inv.from = {rec, 0};
      ASSERT_OK(b.tx().AddInvolvement(inv).status());
      store::AssessmentFact as;
      as.person_id = p;
      as.verdict = "political_prisoner";
      as.date = Edtf::Parse("2022-07-01").value();
      as.statement = "Заявление " + k.mark;
      as.from = {rec, 0};
      ASSERT_OK(b.tx().AddAssessment(as).status());
      // A public prisoner whose case, detention and status are at this level.
      rec = b.Record(open, R"({"n":"prisoner of a hidden case )" + std::to_string(level) + R"("})");
      const int64_t shown = b.Person(rec);
      hidden_case_persons_.push_back(shown);
      b.Name(shown, rec, "Открытов", "Пётр");
      store::CaseFact hidden_case;
      hidden_case.from = {rec, 0};
      hidden_case.region = "Регион дела " + k.mark;
      hidden_case.visibility = v;
      const int64_t hidden_case_id = b.tx().AddCase(hidden_case).value();
      store::InvolvementFact accused;
      accused.case_id = hidden_case_id;
      accused.person_id = shown;
      accused.from = {rec, 0};
      accused.visibility = v;
      ASSERT_OK(b.tx().AddInvolvement(accused).status());
      store::StatusChangeFact status;
      status.person_id = shown;
      status.status = "detained";
      status.date = Edtf::Parse("2023-01-0" + std::to_string(level + 1)).value();
      status.source = "Статус " + k.mark;
      status.from = {rec, 0};
      status.visibility = v;
      ASSERT_OK(b.tx().AddStatusChange(status).status());
      // A volunteer's draft: in no answer but the editors' queue.
      store::AssessmentFact draft = as;
      draft.statement = "Черновик " + k.mark + " " + std::string(kDraftMark);
      ASSERT_OK(b.tx()
                    .DraftAssessment(draft, store::ReviewNote{"volunteer", "cite " + k.mark, ""})
                    .status());
      store::PublicationFact pub;
      pub.kind = "statement";
      pub.title = "Публикация " + k.mark;
      pub.body = "Текст " + k.mark;
      pub.date = Edtf::Parse("2022-07-01").value();
      pub.visibility = v;
      pub.from = {rec, 0};
      const int64_t pub_id = b.tx().AddPublication(pub).value();
      ASSERT_OK(b.tx().LinkPublication(pub_id, p, 0));
    }
    // Link review pairs (/review) between a public person and the whole
    // person of each level: the queue shows a pair only when both persons
    // are visible to the reader.
    for (int level = 0; level < 3; ++level) {
      store::LinkCandidate pair;
      pair.person_a = persons_[0];
      pair.person_b = persons_[5 * level + 2];
      pair.probability = 0.7;
      pair.fields_json = R"([{"field":"surname","level":3,"weight":5.0}])";
      ASSERT_OK(b.tx().ProposeLink(pair).status());
    }
    b.Commit();
  }

  // Registers with canaries: "reg-level0..2", the whole register (its
  // source) at that level, its title, publisher and entry names marked; and
  // "reg-open", public, whose entry N+1 is at level N and is renamed in the
  // second snapshot (a "changed" event with both names).
  void BuildRegisters() {
    const std::string in = dir_ + "/../register-files";
    std::filesystem::create_directories(in);
    auto write = [&](const std::string& name, const std::string& text) {
      std::ofstream(in + "/" + name, std::ios::binary) << text;
      return in + "/" + name;
    };
    const std::string header = "№;Наименование;Решение о включении\r\n";
    auto import = [&](const std::string& key, const std::string& mark,
                      const std::vector<std::string>& snapshots) {
      const std::string mapping = write(
          key + ".json", R"({"register": {"title": "Реестр )" + mark +
                             R"(", "publisher": "Издатель )" + mark +
                             R"("}, "delimiter": ";", "columns": {"№": "number",)"
                             R"( "Наименование": "name", "Решение о включении": "included"}})");
      std::vector<std::string> files;
      for (size_t i = 0; i < snapshots.size(); ++i) {
        files.push_back(
            write(key + "_2024-0" + std::to_string(2 * i + 1) + "-01.csv", header + snapshots[i]));
      }
      registers::ImportOptions o;
      o.register_key = key;
      o.mapping_path = mapping;
      ASSERT_OK(registers::Import(writer_.get(), files, o).status());
    };
    std::string first, second;
    for (int level = 0; level < 3; ++level) {
      const Canary& k = kCanary[level];
      import("reg-level" + std::to_string(level), k.mark,
             {"1;" + k.surname + " Реестр " + k.mark + ";01.06.2015\r\n"});
      if (HasFatalFailure()) return;
      const std::string n = std::to_string(level + 1);
      first += n + ";" + k.surname + " Прежний " + k.mark + ";01.06.2015\r\n";
      second += n + ";" + k.surname + " Новый " + k.mark + ";01.06.2015\r\n";
    }
    import("reg-open", "открытый", {first, second});
    if (HasFatalFailure()) return;
    auto id_of = [&](const std::string& sql) {
      const auto rows = memoria::testing::QueryRows(writer_.get(), sql);
      return rows.size() == 1 ? std::stoll(rows[0][0]) : int64_t{0};
    };
    store::WriteTransaction tx = writer_->BeginWrite().value();
    for (int level = 1; level < 3; ++level) {
      const Visibility v = static_cast<Visibility>(level);
      const std::string n = std::to_string(level);
      const int64_t source =
          id_of("SELECT source_id FROM registers WHERE key = 'reg-level" + n + "'");
      ASSERT_GT(source, 0);
      ASSERT_OK(tx.SetVisibility(store::Hideable::kSource, source, v));
      const int64_t entry = id_of(
          "SELECT e.id FROM register_entries e JOIN registers g ON g.id = e.register_id"
          " WHERE g.key = 'reg-open' AND e.number = '" +
          std::to_string(level + 1) + "'");
      ASSERT_GT(entry, 0);
      ASSERT_OK(tx.SetRegisterEntryVisibility(entry, v));
    }
    ASSERT_OK(tx.Commit());
  }

  static std::vector<Role> Roles() {
    return {{"", auth::Role::kReader, 0},
            {"reader", auth::Role::kReader, 1},
            {"volunteer", auth::Role::kVolunteer, 1},
            {"editor", auth::Role::kEditor, 2}};
  }

  // The case of every route: the targets that ask it (without /api/v1).
  std::map<std::string, std::vector<std::string>> Cases() const {
    std::vector<std::string> person_pages, prisoner_pages, history_pages, edit_pages, correct_pages,
        draft_pages;
    std::vector<int64_t> all = persons_;
    all.insert(all.end(), hidden_case_persons_.begin(), hidden_case_persons_.end());
    for (int64_t id : all) {
      person_pages.push_back("/person/" + std::to_string(id));
      prisoner_pages.push_back("/prisoners/" + std::to_string(id));
      history_pages.push_back("/person/" + std::to_string(id) + "/history");
      edit_pages.push_back("/person/" + std::to_string(id) + "/edit");
      correct_pages.push_back("/person/" + std::to_string(id) + "/correct");
      draft_pages.push_back("/prisoners/" + std::to_string(id) + "/draft");
    }
    std::vector<std::string> searches, places, letters, addresses;
    for (const Canary& k : kCanary) {
      for (const std::string& w : {k.surname, k.mark}) {
        searches.push_back("/search?q=" + Encode(w));
        places.push_back("/browse/place?q=" + Encode(w + " город"));
        addresses.push_back("/address?q=" + Encode("ул. " + w + ", д. 1"));
      }
      searches.push_back("/search?q=" + Encode(k.surname) + "&event=arrest&from=1937&to=1937");
    }
    searches.push_back("/search?q=" + Encode("Базов"));
    // Every route of a register, for each register and one that does not
    // exist; the entries of each.
    std::map<std::string, std::vector<std::string>> register_routes;
    std::vector<std::string> register_pages, entry_pages;
    for (const char* key : {"reg-open", "reg-level0", "reg-level1", "reg-level2", "none"}) {
      const std::string reg = std::string("/registers/") + key;
      register_pages.push_back(reg);
      for (const char* sub : {"changes", "feed.atom", "flow.svg", "grounds.svg", "export.csv",
                              "export.jsonl", "changes.csv", "changes.jsonl"}) {
        register_routes["GET /registers/{register}/" + std::string(sub)].push_back(reg + "/" + sub);
      }
      entry_pages.push_back(reg + "/1");
    }
    entry_pages.push_back("/registers/reg-open/2");
    entry_pages.push_back("/registers/reg-open/3");
    std::map<std::string, std::vector<std::string>> out = {
        {"GET /", {"/"}},
        {"GET /search", searches},
        {"GET /browse", {"/browse"}},
        {"GET /browse/letter/{letter}",
         {"/browse/letter/" + Encode("С"), "/browse/letter/" + Encode("Б")}},
        {"GET /browse/place", places},
        {"GET /browse/date",
         {"/browse/date?type=arrest&year=1937", "/browse/date?type=execution&year=1938"}},
        {"GET /person/{person_id}", person_pages},
        {"GET /person/{person_id}/history", history_pages},
        {"GET /person/{person_id}/edit", edit_pages},
        {"GET /persons/new", {"/persons/new", "/persons/new?done=proposed"}},
        {"POST /persons/new", {"/persons/new"}},
        {"POST /person/{person_id}/edit", edit_pages},
        {"GET /person/{person_id}/correct", correct_pages},
        {"POST /person/{person_id}/correct", correct_pages},
        {"GET /moderation", {"/moderation"}},
        {"POST /moderation", {"/moderation"}},
        {"GET /review", {"/review"}},
        {"POST /review", {"/review"}},
        {"GET /sources", {"/sources"}},
        {"GET /sources/{source_id}", {"/sources/1", "/sources/2", "/sources/3", "/sources/4"}},
        {"GET /reading", {"/reading?place=" + Encode("Москва")}},
        {"GET /address", addresses},
        {"GET /address.geojson", {"/address.geojson"}},
        {"GET /export.jsonl", {"/export.jsonl"}},
        {"GET /export.csv", {"/export.csv"}},
        {"GET /prisoners", {"/prisoners", "/prisoners?assessment=all"}},
        {"GET /prisoners/figures", {"/prisoners/figures"}},
        {"GET /prisoners/birthdays", {"/prisoners/birthdays"}},
        {"GET /prisoners/letters", {"/prisoners/letters"}},
        {"GET /prisoners/feed.atom", {"/prisoners/feed.atom"}},
        {"GET /prisoners.csv", {"/prisoners.csv"}},
        {"GET /prisoners.jsonl", {"/prisoners.jsonl"}},
        {"GET /prisoners/{person_id}", prisoner_pages},
        {"GET /prisoners/{person_id}/draft", draft_pages},
        {"POST /prisoners/{person_id}/draft", draft_pages},
        {"GET /moderation/cases", {"/moderation/cases"}},
        {"POST /moderation/cases", {"/moderation/cases"}},
        {"GET /news", {"/news"}},
        {"GET /news/feed.atom", {"/news/feed.atom"}},
        {"GET /news/{publication_id}", {"/news/1", "/news/2", "/news/3"}},
        {"GET /registers", {"/registers"}},
        {"GET /registers/{register}", register_pages},
        {"GET /registers/{register}/{number}", entry_pages},
        {"GET /openapi.json", {"/openapi.json"}},
        {"GET /static/style.css", {"/static/style.css"}},
        {"GET /static/map.js", {"/static/map.js"}},
        {"GET /static/leaflet.js", {"/static/leaflet.js"}},
        {"GET /static/leaflet.css", {"/static/leaflet.css"}},
        {"GET /robots.txt", {"/robots.txt"}},
        {"GET /favicon.ico", {"/favicon.ico"}},
        {"GET /login", {"/login"}},
        // POST routes are asked with GET: their answer (405 or a page)
        // must not leak either; signing in is asked by every signed-in role.
        {"POST /login", {"/login"}},
        {"POST /logout", {"/logout"}},
        {"GET /account", {"/account"}},
        {"POST /account/sessions/revoke", {"/account/sessions/revoke"}},
        {"GET /login/second", {"/login/second"}},
        {"POST /login/second", {"/login/second"}},
        {"POST /account/totp/begin", {"/account/totp/begin"}},
        {"POST /account/totp/confirm", {"/account/totp/confirm"}},
        {"POST /account/totp/disable", {"/account/totp/disable"}},
        {"POST /account/password", {"/account/password"}},
    };
    out.insert(register_routes.begin(), register_routes.end());
    return out;
  }

  Response Send(Browser* b, const std::string& method, const std::string& target,
                const std::string& body = "") {
    Request r{method, target, "en", "", ""};
    r.cookie = b->CookieHeader();
    r.body = body;
    r.client = "192.0.2.7";
    Response response = app_->Handle(r);
    b->Keep(response);
    return response;
  }

  void SignIn(Browser* b, const std::string& name) {
    Response form = Send(b, "GET", "/login");
    ASSERT_EQ(form.status, 200);
    const std::string body = "csrf=" + Encode(CsrfOf(form.body)) + "&name=" + Encode(name) +
                             "&password=" + Encode(kPassword);
    Response done = Send(b, "POST", "/login", body);
    ASSERT_EQ(done.status, 303) << done.body;
  }

  // The whole answer, a streamed body read to its end.
  std::string Fetch(Browser* b, const std::string& target, int* status) {
    Response r = Send(b, "GET", target);
    *status = r.status;
    std::string body = r.body;
    if (r.stream) {
      for (int guard = 0; guard < 100000; ++guard) {
        std::string piece;
        Result<bool> more = r.stream(&piece);
        EXPECT_TRUE(more.ok()) << target << ": " << more.status();
        body += piece;
        if (!more.ok() || !*more) break;
      }
    }
    return body;
  }

  std::string dir_;
  std::unique_ptr<store::Store> writer_, reader_store_;
  std::shared_ptr<internal::Site> site_;
  std::unique_ptr<App> app_;
  std::vector<int64_t> persons_;              // five per level, in the order they are made
  std::vector<int64_t> hidden_case_persons_;  // public persons with a case at each level
};

TEST_F(LeakMatrixTest, EveryRouteHasACase) {
  const auto cases = Cases();
  for (const internal::Route& r : internal::Routes()) {
    const std::string key = std::string(r.method) + " " + std::string(r.pattern);
    EXPECT_TRUE(cases.contains(key)) << key << " has no case in the leak matrix";
  }
}

TEST_F(LeakMatrixTest, NoRoleSeesACanaryAboveItsCeilingAndEditorsReadsAreAudited) {
  const auto cases = Cases();
  std::set<std::string> editor_confidential_reads;  // targets whose answer held a value of level 2
  for (const Role& role : Roles()) {
    Browser browser;
    if (!role.name.empty()) {
      SignIn(&browser, role.name);
      if (HasFatalFailure()) return;
    }
    std::vector<bool> seen(3, false);
    int asked = 0;
    for (const auto& [route, targets] : cases) {
      for (const std::string& target : targets) {
        const std::string path = target.substr(0, target.find('?'));
        for (const std::string prefix : {"", "/api/v1"}) {
          internal::PathArgs args;
          if (internal::MatchRoute(path, !prefix.empty(), &args) == nullptr) continue;
          const std::string url = prefix + target;
          int status = 0;
          std::string body = Fetch(&browser, url, &status);
          ++asked;
          // What the request itself names is echoed, not leaked.
          for (const Canary& k : kCanary) {
            for (const std::string& w : {k.surname, k.mark}) {
              if (target.find(Encode(w)) != std::string::npos) body = WithoutEcho(body, w);
            }
          }
          for (int level = 0; level < 3; ++level) {
            const bool shown = body.find(kCanary[level].mark) != std::string::npos ||
                               body.find(kCanary[level].surname) != std::string::npos;
            if (level > role.ceiling) {
              EXPECT_FALSE(shown) << url << " shows a level-" << level << " canary to "
                                  << (role.name.empty() ? "anonymous" : role.name);
            } else if (shown) {
              seen[level] = true;
            }
          }
          if (path != "/moderation/cases" || role.ceiling < 2) {
            EXPECT_EQ(body.find(kDraftMark), std::string::npos)
                << url << " shows a draft to " << (role.name.empty() ? "anonymous" : role.name);
          } else if (prefix.empty()) {
            EXPECT_NE(body.find(kDraftMark), std::string::npos) << "the editor's queue is empty";
          }
          EXPECT_EQ(body.find(std::string(store::kLockedValue)), std::string::npos)
              << url << ": the key is loaded, nothing should read as locked";
          if (role.ceiling == 2 && body.find(kCanary[2].mark) != std::string::npos &&
              status == 200) {
            editor_confidential_reads.insert(url);
          }
        }
      }
    }
    EXPECT_GT(asked, 100);
    for (int level = 0; level <= role.ceiling; ++level) {
      EXPECT_TRUE(seen[level]) << "no canary of level " << level << " shows to "
                               << (role.name.empty() ? "anonymous" : role.name);
    }
  }

  // The audit log: every confidential read of the editor, by route, and
  // nothing read by anyone else.
  store::Accounts accounts(writer_.get());
  const std::vector<store::AuditEntry> log = accounts.Audit(0, 100000).value();
  std::set<std::string> audited_routes;
  for (const store::AuditEntry& e : log) {
    if (e.action != "read-confidential") continue;
    EXPECT_EQ(e.account, "editor") << e.route << " " << e.subject;
    EXPECT_FALSE(e.at.empty());
    EXPECT_FALSE(e.subject.empty());
    audited_routes.insert(e.route);
  }
  ASSERT_FALSE(editor_confidential_reads.empty());
  int person_reads = 0;
  for (const std::string& url : editor_confidential_reads) {
    const std::string path = url.substr(0, url.find('?'));
    // Person and prisoner pages (HTML and API) and exports read confidential
    // values of persons; each is in the log with its route.
    if (path.find("/person/") != std::string::npos || path.find("/export.") != std::string::npos ||
        path.find("/prisoners/") != std::string::npos ||
        path.find("/registers") != std::string::npos ||
        path.find("/sources") != std::string::npos) {
      EXPECT_TRUE(audited_routes.contains(path)) << url << " read a confidential value unaudited";
      if (path.find("/person/") != std::string::npos) ++person_reads;
    }
  }
  EXPECT_GT(person_reads, 4);
  // The confidential register, its entry in the open register, and the
  // confidential source are read by name.
  std::set<std::string> subjects;
  for (const store::AuditEntry& e : log) subjects.insert(e.subject);
  auto logged = [&](std::string_view what) {
    for (const std::string& s : subjects) {
      if (s.find(what) != std::string::npos) return true;
    }
    return false;
  };
  EXPECT_TRUE(logged("register reg-level2"));
  EXPECT_TRUE(logged("register entry "));
  EXPECT_TRUE(logged("source "));
  EXPECT_FALSE(logged("register reg-level1"));
  EXPECT_FALSE(logged("register reg-open"));
  EXPECT_TRUE(audited_routes.contains("/api/v1/export.csv"));
  EXPECT_TRUE(audited_routes.contains("/api/v1/export.jsonl"));
}

// A search by a confidential name: editors find its persons (from the
// sealed names' index, kept in memory only), nobody else does, and no file
// of the archive holds the name after the search.
TEST_F(LeakMatrixTest, EditorsFindConfidentialNamesAndNobodyElseDoes) {
  // Level 2: the persons of a confidential source, record and person, and
  // the public person with a confidential alias.
  const std::vector<int64_t> hidden = {persons_[10], persons_[11], persons_[12], persons_[13]};
  for (const Role& role : Roles()) {
    Browser browser;
    if (!role.name.empty()) {
      SignIn(&browser, role.name);
      if (HasFatalFailure()) return;
    }
    int status = 0;
    const std::string body =
        Fetch(&browser, "/api/v1/search?q=" + Encode(kCanary[2].surname) + "&limit=50", &status);
    ASSERT_EQ(status, 200) << body;
    const std::string who = role.name.empty() ? "anonymous" : role.name;
    for (int64_t id : hidden) {
      const std::string key = "\"person_id\":" + std::to_string(id);
      const bool found =
          body.find(key + ",") != std::string::npos || body.find(key + "}") != std::string::npos;
      EXPECT_EQ(found, role.ceiling == 2) << "person " << id << " as " << who << ": " << body;
    }
  }
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_)) {
    if (!entry.is_regular_file() || entry.path().parent_path().filename() == "keys") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes.find(kCanary[2].surname), std::string::npos) << entry.path();
  }
}

TEST_F(LeakMatrixTest, WithoutTheKeyPublicFactsAreServedAndConfidentialOnesAreLocked) {
  // The archive copied without its key: served as the server would.
  std::filesystem::rename(store::DefaultKeyPath(dir_), dir_ + "/../elsewhere.key");
  app_.reset();
  reader_store_ = store::Store::Open(dir_, store::OpenOptions{true, 16, ""}).value();
  ASSERT_FALSE(reader_store_->Unlocked());
  site_ = std::make_shared<internal::Site>(MapConfig(), size_t{8} << 20);
  app_ = App::Create(reader_store_.get(), AppOptions{Visibility::kPublic, nullptr, site_}).value();
  const std::string facts = "/person/" + std::to_string(persons_[2 * 5 + 3]);
  Browser anonymous, editor;
  int status = 0;
  std::string body = Fetch(&anonymous, facts, &status);
  EXPECT_EQ(status, 200);
  EXPECT_THAT(body, HasSubstr("Базов"));
  SignIn(&editor, "editor");
  for (const std::string& url : {facts, "/api/v1" + facts}) {
    body = Fetch(&editor, url, &status);
    EXPECT_EQ(status, 200) << url;
    EXPECT_THAT(body, HasSubstr("Базов")) << url;
    EXPECT_THAT(body, HasSubstr(std::string(store::kLockedValue))) << url;
    EXPECT_EQ(body.find(kCanary[2].mark), std::string::npos) << url;
    EXPECT_EQ(body.find(kCanary[2].surname), std::string::npos) << url;
  }
  // A restricted fact is not sealed: it reads without the key.
  const std::string restricted = "/person/" + std::to_string(persons_[1 * 5 + 3]);
  body = Fetch(&editor, restricted, &status);
  EXPECT_THAT(body, HasSubstr(kCanary[1].mark));
}

}  // namespace
}  // namespace memoria::web
