// The visibility invariant, in SQLite's manner: over every route of the
// route table, in HTML and in the API, for ceilings c < c':
//
//   - no canary of a level above c appears in an answer at c, and where the
//     request itself names a hidden word (a search for it), the answer is
//     the answer to a word that matches nothing: the echo of the visitor's
//     own word is the only difference, so a leak of the word cannot hide
//     behind it;
//   - result(Q, c) is contained in result(Q, c'): every person an answer at c
//     lists is listed at c', every total at c is at most the total at c',
//     and a page found at c is found at c';
//   - every canary of level c appears somewhere at c (the filter must not
//     hide too much: an empty site would pass the first rule).
//
// Canaries sit in every place a fact can hide: a source, a record, a claim,
// a person, a name, an event, an attribute, an address. The Apps of the
// three ceilings share one page cache, filled from the highest ceiling
// down, so a cache keyed without the ceiling fails here.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/edtf.h"
#include "registers/registers.h"
#include "store/cases.h"
#include "store/internal/testing.h"
#include "store/store.h"
#include "store/write.h"
#include "testing/archive_builder.h"
#include "testing/http.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"
#include "web/internal/routes.h"
#include "web/internal/site.h"
#include "web/server.h"

namespace memoria::web {
namespace {

using ::memoria::testing::ArchiveBuilder;
using store::Visibility;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr int kLevels = 3;

// The words of each level: a surname, a street and a mark for free text.
struct Canary {
  std::string surname, street, mark;
};
const Canary kCanary[kLevels] = {
    {"Светлов", "Светлая", "CANARY-PUBLIC"},
    {"Служебнов", "Служебная", "CANARY-RESTRICTED"},
    {"Секретов", "Секретная", "CANARY-CONFIDENTIAL"},
};
// A word of the same script that matches nothing in the archive.
constexpr std::string_view kNothing = "Щъщъщъщ";

std::string Encode(std::string_view text) { return memoria::testing::UrlEncode(text); }

void ReplaceAll(std::string* s, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  for (size_t at = 0; (at = s->find(from, at)) != std::string::npos; at += to.size()) {
    s->replace(at, from.size(), to);
  }
}

// "body" with every form of "word" a page may echo replaced by a marker.
std::string MaskEcho(std::string body, std::string_view word) {
  std::string lower_hex = Encode(word);
  for (char& c : lower_hex) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const std::string& form : {std::string(word), Encode(word), lower_hex}) {
    ReplaceAll(&body, form, "<<ECHO>>");
  }
  return body;
}

class InvariantTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    store_ = store::Store::Create(memoria::testing::FreshTempDir()).value().release();
    ArchiveBuilder b(store_);
    const int64_t open = b.Source("test:open", "Открытый список");
    for (int level = 0; level < kLevels; ++level) {
      const Canary& k = kCanary[level];
      const Visibility v = static_cast<Visibility>(level);
      const std::string address = "г. Москва, ул. " + k.street + ", д. 1";
      // A person whose whole source is at this level.
      const int64_t source = b.Source("test:level" + std::to_string(level), "Список " + k.mark, v);
      int64_t record = b.Record(source, R"({"note":")" + k.mark + R"( source"})");
      int64_t p = b.Person(record);
      b.Name(p, record, k.surname, "Антон");
      b.Event(p, record, "execution", "1938-03-0" + std::to_string(level + 1), "Москва");
      // A record at this level in the open source.
      record = b.Record(open, R"({"note":")" + k.mark + R"( record"})", v);
      p = b.Person(record);
      b.Name(p, record, k.surname, "Борис");
      b.Attribute(p, record, "address", address);
      // A person at this level, everything about it public.
      record = b.Record(open, R"({"note":"person )" + std::to_string(level) + R"("})");
      p = b.Person(record, v);
      b.Name(p, record, k.surname, "Василий");
      b.Event(p, record, "birth", "1901", "Тверь");
      b.Event(p, record, "arrest", "1937-10-0" + std::to_string(level + 1), "Москва");
      // Facts at this level of a public person; a name from a claim.
      record = b.Record(open, R"({"note":"facts )" + std::to_string(level) + R"("})");
      p = b.Person(record);
      b.Name(p, record, "Базов", "Григорий", "", "main");
      b.Name(p, record, k.surname, "Григорий", "", "alias", v);
      b.Event(p, record, "arrest", "1937-11-1" + std::to_string(level), k.mark + " город", v,
              k.mark + " орган", k.mark + " примечание");
      b.Event(p, record, "execution", "1938-04-1" + std::to_string(level), "Москва", v);
      b.Attribute(p, record, "occupation", k.mark + " профессия", v);
      b.Attribute(p, record, "address", address, v);
      const int64_t claim = b.Claim("interview " + k.mark, v);
      b.Name(p, claim, k.surname, "Дмитрий", "", "variant", Visibility::kPublic, /*claim=*/true);
      // An editor's change at this level (store/edits.h): its fact, claim,
      // citation and reason are in the history only at this level and up.
      store::ChangeRequest edit;
      edit.kind = store::ChangeKind::kAdd;
      edit.fact = store::FactKind::kAttribute;
      edit.person_id = p;
      edit.attribute.kind = "note";
      edit.attribute.value = k.mark + " правка";
      edit.citation = k.mark + " письмо";
      edit.reason = k.mark + " причина";
      edit.author = "editor";
      edit.visibility = v;
      EXPECT_OK(b.tx().MakeChange(edit).status());
      AddPrisoners(&b, open, level);
    }
    b.Commit();
    AddRegisters();
  }

  // Registers with canaries: a register per level (its source at that
  // level), and in the public one an entry per level; two snapshots, so
  // that the canaries are in versions, events and changes too.
  static void AddRegisters() {
    const std::string dir = memoria::testing::FreshTempDir();
    const std::string header =
        "№ п/п,Полное наименование/ФИО,Дата рождения,ОГРН,Регистрационный номер,Адрес (место "
        "нахождения),Информационный ресурс,Полное наименование/ФИО участников,Основания "
        "включения,Дата принятия решения о включении,Дата принятия решения об исключении\r\n";
    auto row = [](int n, const Canary& k, std::string_view suffix) {
      return std::to_string(n) + ",\"Фонд «" + k.surname + "» " + k.mark + std::string(suffix) +
             "\",,,,,,,Статья 7,0" + std::to_string(n) + ".02.2023,\r\n";
    };
    auto write = [&](const std::string& name, const std::string& text) {
      const std::string path = dir + "/" + name;
      std::ofstream(path, std::ios::binary) << text;
      return path;
    };
    for (int level = 0; level < kLevels; ++level) {
      std::string s1 = header, s2 = header;
      for (int n = 1; n <= (level == 0 ? kLevels : 1); ++n) {
        const Canary& k = kCanary[level == 0 ? n - 1 : level];
        s1 += row(n, k, "");
        s2 += row(n, k, " (2)");
      }
      registers::ImportOptions o;
      o.register_key = "canary-" + std::to_string(level);
      const std::string tag = o.register_key;
      ASSERT_OK(registers::Import(
          store_, {write(tag + "_2023-03-03.csv", s1), write(tag + "_2023-04-04.csv", s2)}, o));
    }
    auto writer = store_->BeginWrite();
    ASSERT_OK(writer);
    for (int level = 1; level < kLevels; ++level) {
      const int64_t source = store::StoreTesting::QueryInt(
                                 store_, "SELECT source_id FROM registers WHERE key = 'canary-" +
                                             std::to_string(level) + "'")
                                 .value();
      ASSERT_OK(
          writer->SetVisibility(store::Hideable::kSource, source, static_cast<Visibility>(level)));
      const int64_t entry =
          store::StoreTesting::QueryInt(
              store_,
              "SELECT e.id FROM register_entries e JOIN registers g ON g.id = e.register_id"
              " WHERE g.key = 'canary-0' AND e.number = '" +
                  std::to_string(level + 1) + "'")
              .value();
      ASSERT_OK(writer->SetRegisterEntryVisibility(entry, static_cast<Visibility>(level)));
    }
    ASSERT_OK(writer->Commit());
  }
  static void TearDownTestSuite() { delete store_; }

  // Cases of the political-prisoners list (store/cases.h): a public
  // prisoner with a case, status, assessment, place of detention and
  // publication at this level, and a prisoner who is at this level with a
  // public case (known only through that person).
  static void AddPrisoners(ArchiveBuilder* b, int64_t open, int level) {
    const Canary& k = kCanary[level];
    const Visibility v = static_cast<Visibility>(level);
    store::WriteTransaction& tx = b->tx();
    const int64_t record =
        b->Record(open, R"({"note":"prisoner )" + std::to_string(level) + R"("})");
    const int64_t p = b->Person(record);
    b->Name(p, record, "Узников", "Павел");
    b->Event(p, record, "birth", "1980-05-1" + std::to_string(level));
    const int64_t hidden_record =
        b->Record(open, R"({"note":"hidden prisoner )" + std::to_string(level) + R"("})");
    const int64_t hidden = b->Person(hidden_record, v);
    b->Name(hidden, hidden_record, k.surname, "Пётр");
    for (const int64_t person : {p, hidden}) {
      const int64_t from = person == p ? record : hidden_record;
      store::CaseFact c;
      c.from = {from, 0};
      c.region = person == p ? "Москва" : "Регион " + k.mark;
      c.court = person == p ? "" : k.mark + " суд";
      c.case_group = person == p ? "антивоенное" : "";
      c.detained = Edtf::Parse("2022-03-0" + std::to_string(level + 1)).value();
      c.visibility = person == p ? v : Visibility::kPublic;
      store::ArticleFact a;
      a.article = "207.3";
      a.part = "2";
      a.normal = "207.3 ч.2";
      c.articles.push_back(a);
      const int64_t case_id = tx.AddCase(c).value();
      store::InvolvementFact inv;
      inv.case_id = case_id;
      inv.person_id = person;
      inv.from = {from, 0};
      ASSERT_OK(tx.AddInvolvement(inv).status());
      store::StatusChangeFact st;
      st.person_id = person;
      st.case_id = case_id;
      st.status = "in_custody";
      st.date = Edtf::Parse("2022-06-01").value();
      st.from = {from, 0};
      ASSERT_OK(tx.AddStatusChange(st).status());
      st.status = "released";
      st.date = Edtf::Parse("2023-06-0" + std::to_string(level + 1)).value();
      st.visibility = person == p ? v : Visibility::kPublic;
      ASSERT_OK(tx.AddStatusChange(st).status());
      store::AssessmentFact as;
      as.person_id = person;
      as.verdict = "political_prisoner";
      as.date = Edtf::Parse("2022-07-01").value();
      as.statement = person == p ? "Заявление " + k.mark : "Заявление";
      as.visibility = person == p ? v : Visibility::kPublic;
      as.from = {from, 0};
      ASSERT_OK(tx.AddAssessment(as).status());
      store::DetentionFact d;
      d.person_id = person;
      d.case_id = case_id;
      d.facility = "ИК-" + std::to_string(level + 1) + " " + k.mark;
      d.address = "ул. " + k.street + ", д. 1";
      d.visibility = person == p ? v : Visibility::kPublic;
      d.from = {from, 0};
      ASSERT_OK(tx.AddDetention(d).status());
      store::PublicationFact pub;
      pub.kind = "statement";
      pub.title = "Публикация " + (person == p ? k.mark : std::string("о деле"));
      pub.body = "Текст **" + (person == p ? k.mark : std::string("заявления")) + "**";
      pub.date = Edtf::Parse("2022-07-01").value();
      pub.visibility = person == p ? v : Visibility::kPublic;
      pub.from = {from, 0};
      const int64_t pub_id = tx.AddPublication(pub).value();
      ASSERT_OK(tx.LinkPublication(pub_id, person, 0));
    }
  }

  struct Answer {
    int status = 0;
    std::string body;
  };

  Answer Fetch(App* app, const std::string& target) {
    Response r = app->Handle({"GET", target, "ru", "", ""});
    Answer a{r.status, r.body};
    if (r.stream) {
      for (int guard = 0; guard < 100000; ++guard) {
        std::string piece;
        Result<bool> more = r.stream(&piece);
        EXPECT_TRUE(more.ok()) << target << ": " << more.status();
        a.body += piece;
        if (!more.ok() || !*more) break;
      }
    }
    return a;
  }

  // Every target the test asks, covering every route of the table.
  static std::vector<std::string> Targets() {
    std::vector<std::string> t = {
        "/",
        "/browse",
        "/browse/date?type=execution&year=1938",
        "/browse/date?type=arrest&year=1937",
        "/browse/date?type=arrest&year=1937&month=11",
        "/browse/place?q=" + Encode("Москва"),
        "/sources",
        "/reading?place=" + Encode("Москва"),
        "/reading?place=" + Encode("Москва") + "&order=surname",
        "/address.geojson",
        "/export.jsonl",
        "/export.csv",
        "/openapi.json",
        "/static/style.css",
        "/static/map.js",
        "/static/leaflet.js",
        "/static/leaflet.css",
        "/robots.txt",
        "/favicon.ico",
        "/login",
        "/logout",
        "/account",
        "/account/sessions/revoke",
        "/login/second",
        "/account/totp/begin",
        "/account/totp/confirm",
        "/account/totp/disable",
        "/account/password",
        "/moderation/cases",
        "/prisoners/1/draft",
        "/search?q=" + Encode("Базов"),
        "/search?q=" + Encode("Базов") + "&event=arrest&from=1937&to=1937",
        "/search?q=" + Encode("Базов") + "&born=1890..1910"};
    for (int id = 1; id <= 40; ++id) t.push_back("/person/" + std::to_string(id));
    // Editing (pages/edit.cc, moderation.cc, review.cc): the history of every person;
    // the forms, which a visitor is sent to sign in for (the POSTs answer
    // 405 to this test's GET).
    for (int id = 1; id <= 40; ++id) t.push_back("/person/" + std::to_string(id) + "/history");
    for (const std::string u :
         {"/person/1/edit", "/person/1/correct", "/persons/new", "/moderation", "/review"}) {
      t.push_back(u);
    }
    for (int id = 1; id <= 10; ++id) t.push_back("/sources/" + std::to_string(id));
    t.push_back("/registers");
    for (int level = 0; level < kLevels; ++level) {
      const std::string r = "/registers/canary-" + std::to_string(level);
      for (const std::string tail :
           {"", "?as_of=2023-03-31", "?kind=organisation&year=2023", "/changes",
            "/changes?from=2023-03-03&to=2023-04-04", "/feed.atom", "/flow.svg", "/grounds.svg",
            "/export.csv", "/export.csv?as_of=2023-03-03", "/export.jsonl", "/changes.csv",
            "/changes.jsonl?from=2023-04-01", "/1", "/2", "/3"}) {
        t.push_back(r + tail);
      }
      for (const Canary& k : kCanary) {
        t.push_back(r + "?q=" + Encode(k.surname));
        t.push_back(r + "?q=" + Encode(k.mark));
      }
    }
    for (const std::string& u :
         {std::string("/prisoners"), std::string("/prisoners?assessment=all"),
          std::string("/prisoners?assessment=all&status=released"),
          std::string("/prisoners?article=207.3&sort=detained"),
          "/prisoners?region=" + Encode("Москва"), std::string("/prisoners/figures"),
          std::string("/prisoners/birthdays"), std::string("/prisoners/letters"),
          std::string("/prisoners/feed.atom"), std::string("/prisoners.csv"),
          std::string("/prisoners.jsonl"), std::string("/news"),
          std::string("/news?kind=statement"), std::string("/news/feed.atom")}) {
      t.push_back(u);
    }
    for (int id = 1; id <= 40; ++id) t.push_back("/prisoners/" + std::to_string(id));
    for (int id = 1; id <= 7; ++id) t.push_back("/news/" + std::to_string(id));
    for (const std::string letter : {"Б", "С", "Щ"})
      t.push_back("/browse/letter/" + Encode(letter));
    for (const Canary& k : kCanary) {
      for (const std::string& word : {k.surname, k.mark, k.street}) {
        t.push_back("/search?q=" + Encode(word));
        t.push_back("/browse/place?q=" + Encode(word));
        t.push_back("/reading?place=" + Encode(word));
        t.push_back("/address?q=" + Encode("ул. " + word + ", д. 1"));
        t.push_back("/address.geojson?q=" + Encode("ул. " + word + ", д. 1"));
      }
      t.push_back("/search?q=" + Encode(k.surname) + "&event=execution&from=1938&to=1938");
    }
    return t;
  }

  // The words of levels above "c" that "target" itself names.
  static std::vector<std::string> HiddenWordsIn(const std::string& target, int c) {
    std::vector<std::string> out;
    for (int level = c + 1; level < kLevels; ++level) {
      for (const std::string& w :
           {kCanary[level].surname, kCanary[level].mark, kCanary[level].street}) {
        if (target.find(Encode(w)) != std::string::npos) out.push_back(w);
      }
    }
    return out;
  }

  // Person ids an API answer lists, and its totals.
  static void Collect(const nlohmann::json& j, std::set<int64_t>* ids,
                      std::vector<int64_t>* totals) {
    if (j.is_object()) {
      for (const auto& [key, value] : j.items()) {
        if (key == "person_id" && value.is_number_integer()) ids->insert(value.get<int64_t>());
        if ((key == "total" || key == "persons" || key == "count") && value.is_number_integer()) {
          totals->push_back(value.get<int64_t>());
        }
        Collect(value, ids, totals);
      }
    } else if (j.is_array()) {
      for (const auto& v : j) Collect(v, ids, totals);
    }
  }

  static store::Store* store_;
};

store::Store* InvariantTest::store_ = nullptr;

TEST_F(InvariantTest, EveryRouteAtEveryCeilingShowsNothingAboveItAndLosesNothingBelow) {
  auto site = std::make_shared<internal::Site>(MapConfig(), size_t{16} << 20);
  std::vector<std::unique_ptr<App>> apps(kLevels);
  for (int c = kLevels - 1; c >= 0; --c) {
    ASSERT_OK_AND_ASSIGN(
        apps[c], App::Create(store_, AppOptions{static_cast<Visibility>(c), nullptr, site}));
  }
  const std::vector<std::string> targets = Targets();
  // Every route is asked.
  std::set<const internal::Route*> covered;
  for (const std::string& t : targets) {
    internal::PathArgs args;
    const std::string path = t.substr(0, t.find('?'));
    for (bool api : {false, true}) {
      if (const internal::Route* r = internal::MatchRoute(path, api, &args)) covered.insert(r);
      // A path answering POST too (sign-in): its POST route is asked as
      // well, and answers 405 to the GET this test sends.
      if (const internal::Route* r = internal::MatchRouteFor("POST", path, api, &args)) {
        covered.insert(r);
      }
    }
  }
  for (const internal::Route& r : internal::Routes()) {
    EXPECT_TRUE(covered.contains(&r)) << r.pattern << " is not asked by the invariant test";
  }

  std::vector<bool> seen(kLevels, false);  // a canary of the level showed at its ceiling
  int compared = 0;
  for (const std::string& target : targets) {
    const std::string path = target.substr(0, target.find('?'));
    internal::PathArgs args;
    for (const std::string prefix : {"", "/api/v1"}) {
      if (internal::MatchRoute(path, !prefix.empty(), &args) == nullptr) continue;
      const std::string url = prefix + target;
      // From the highest ceiling down, through the shared cache.
      std::vector<Answer> answers(kLevels);
      for (int c = kLevels - 1; c >= 0; --c) answers[c] = Fetch(apps[c].get(), url);
      for (int c = 0; c < kLevels; ++c) {
        const Answer& a = answers[c];
        for (int level = 0; level <= c; ++level) {
          for (const std::string& w : {kCanary[level].mark, kCanary[level].surname}) {
            if (a.body.find(w) != std::string::npos &&
                target.find(Encode(w)) == std::string::npos) {
              seen[level] = true;
            }
          }
        }
        const std::vector<std::string> echoed = HiddenWordsIn(target, c);
        if (echoed.empty()) {
          for (int level = c + 1; level < kLevels; ++level) {
            for (const std::string& w :
                 {kCanary[level].surname, kCanary[level].street, kCanary[level].mark}) {
              EXPECT_THAT(a.body, Not(HasSubstr(w))) << url << " at ceiling " << c;
            }
          }
        } else {
          // The answer to a hidden word is the answer to a word that matches
          // nothing, but for the echo of the word itself.
          std::string twin = target;
          for (const std::string& w : echoed) ReplaceAll(&twin, Encode(w), Encode(kNothing));
          Answer other = Fetch(apps[c].get(), prefix + twin);
          std::string masked = a.body, other_masked = other.body;
          for (const std::string& w : echoed) masked = MaskEcho(masked, w);
          other_masked = MaskEcho(other_masked, kNothing);
          EXPECT_EQ(a.status, other.status) << url << " at ceiling " << c;
          EXPECT_EQ(masked, other_masked)
              << url << " at ceiling " << c << " answers otherwise than " << twin;
          ++compared;
        }
      }
      // result(Q, c) within result(Q, c').
      for (int c = 0; c + 1 < kLevels; ++c) {
        if (answers[c].status == 200) {
          EXPECT_EQ(answers[c + 1].status, 200) << url << " found at " << c << " not at " << c + 1;
        }
        if (prefix.empty() || answers[c].status != 200 || answers[c + 1].status != 200) continue;
        if (target.starts_with("/export") || target.starts_with("/openapi") ||
            target.starts_with("/prisoners.") || target.ends_with(".atom")) {
          continue;
        }
        const auto low = nlohmann::json::parse(answers[c].body, nullptr, false);
        const auto high = nlohmann::json::parse(answers[c + 1].body, nullptr, false);
        if (low.is_discarded() || high.is_discarded()) continue;
        std::set<int64_t> low_ids, high_ids;
        std::vector<int64_t> low_totals, high_totals;
        Collect(low, &low_ids, &low_totals);
        Collect(high, &high_ids, &high_totals);
        for (int64_t id : low_ids) {
          EXPECT_TRUE(high_ids.contains(id))
              << url << ": person " << id << " listed at " << c << " not at " << c + 1;
        }
        if (low_totals.size() == high_totals.size()) {
          for (size_t i = 0; i < low_totals.size(); ++i) {
            EXPECT_LE(low_totals[i], high_totals[i]) << url << " count " << i << " at " << c;
          }
        }
      }
    }
  }
  for (int level = 0; level < kLevels; ++level) {
    EXPECT_TRUE(seen[level]) << "no canary of level " << level << " shows even at its ceiling";
  }
  EXPECT_GT(compared, 20);
}

}  // namespace
}  // namespace memoria::web
