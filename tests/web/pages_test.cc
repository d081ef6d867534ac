// The website's pages, languages, caching and API, driven through App.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/edtf.h"
#include "registers/registers.h"
#include "store/store.h"
#include "store/write.h"
#include "testing/http.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"
#include "web/internal/i18n.h"
#include "web/internal/pages_common.h"
#include "web/internal/routes.h"
#include "web/internal/site.h"
#include "web/internal/svg.h"
#include "web/server.h"

namespace memoria::web {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Encode(std::string_view text) { return memoria::testing::UrlEncode(text); }

std::string Gunzip(const std::string& data) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  std::string out(data.size() * 20 + 1024, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(out.size() - z.avail_out);
  inflateEnd(&z);
  return out;
}

class PagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(store_, store::Store::Create(memoria::testing::FreshTempDir()));
    ASSERT_OK_AND_ASSIGN(store::WriteTransaction tx, store_->BeginWrite());
    store::SourceInfo source;
    source.key = "test:list.csv";
    source.title = "Книга памяти";
    source.citation = "Книга памяти Тестовской области, т. 1";
    source.profile = "test";
    ASSERT_OK_AND_ASSIGN(source_id_, tx.EnsureSource(source));
    ASSERT_OK_AND_ASSIGN(int64_t batch, tx.BeginBatch(source_id_, "test", "list.csv", "00"));
    struct Row {
      const char* surname;
      const char* given;
      const char* birth;
      const char* arrest;
      const char* execution;
      const char* occupation;
      const char* address;
    };
    const Row rows[] = {
        {"Щербакова", "Ирина", "1899", "1937-08-01", "1937-10-05", "учительница",
         "г. Москва, ул. Кирова, д. 12, кв. 5"},
        {"Абрамов", "Пётр", "1900", "1937-09-01", "1937-09-20", "слесарь",
         "г. Москва, ул. Мясницкая, д. 12"},
        {"Борисов", "Иван", "1880", "1938-01-02", "1938-02-01", "",
         "г. Москва, ул. Мясницкая, д. 3"},
    };
    for (const Row& row : rows) {
      ASSERT_OK_AND_ASSIGN(
          int64_t record, tx.AddRecord(source_id_, batch, 2 + static_cast<int64_t>(ids_.size()), "",
                                       std::string(R"({"surname":")") + row.surname + "\"}"));
      ASSERT_OK_AND_ASSIGN(int64_t person, tx.AddPerson(batch));
      ids_.push_back(person);
      ASSERT_OK(tx.LinkRecord(person, record, "import"));
      store::NameFact n;
      n.person_id = person;
      n.record_id = record;
      n.surname = row.surname;
      n.given = row.given;
      ASSERT_OK(tx.AddName(n));
      for (auto [type, date] :
           {std::pair{"birth", row.birth}, {"arrest", row.arrest}, {"execution", row.execution}}) {
        store::EventFact e;
        e.person_id = person;
        e.record_id = record;
        e.type = type;
        ASSERT_OK_AND_ASSIGN(e.date, Edtf::Parse(date));
        ASSERT_OK(tx.AddEvent(e));
      }
      for (auto [kind, value] :
           {std::pair{"occupation", row.occupation}, {"address", row.address}}) {
        if (*value == '\0') continue;
        store::AttributeFact a;
        a.person_id = person;
        a.record_id = record;
        a.kind = kind;
        a.value = value;
        ASSERT_OK(tx.AddAttribute(a));
      }
    }
    // Street renaming: Кирова is the old name of Мясницкая.
    {
      // A gazetteer source, as the places import writes it.
      store::SourceInfo gazetteer;
      gazetteer.key = "test:places.csv";
      gazetteer.title = "Улицы";
      gazetteer.profile = "places";
      ASSERT_OK_AND_ASSIGN(int64_t places_source, tx.EnsureSource(gazetteer));
      ASSERT_OK_AND_ASSIGN(int64_t places_batch,
                           tx.BeginBatch(places_source, "places", "places.csv", "01"));
      ASSERT_OK_AND_ASSIGN(int64_t row, tx.AddRecord(places_source, places_batch, 2, "",
                                                     R"({"modern_name":"Мясницкая улица"})"));
      ASSERT_OK_AND_ASSIGN(int64_t street,
                           tx.AddPlace("street", "Мясницкая улица", std::nullopt, std::nullopt));
      ASSERT_OK(tx.AddPlaceName(street, "Мясницкая улица", "мясницкая", row));
      ASSERT_OK(tx.AddPlaceName(street, "улица Кирова", "кирова", row));
      ASSERT_OK_AND_ASSIGN(int64_t building,
                           tx.AddPlace("building", "Мясницкая ул., д. 12", 55.76, 37.63));
      ASSERT_OK(tx.AddPlaceName(building, "Мясницкая ул., д. 12", "мясницкая|12", row));
    }
    ASSERT_OK(tx.Commit());
    ASSERT_OK_AND_ASSIGN(app_, App::Create(store_.get()));
  }

  Response Get(const std::string& target, const std::string& accept_language = "",
               const std::string& accept_encoding = "", const std::string& etag = "") {
    return app_->Handle({"GET", target, accept_language, accept_encoding, etag});
  }
  // An editor's claim that the person is detained (on the prisoners list);
  // returns the claim.
  static Result<int64_t> AddDetained(store::WriteTransaction* tx, int64_t person) {
    MEMORIA_ASSIGN_OR_RETURN(int64_t claim, tx->AddClaim("editor", "on the list", "", {}));
    store::StatusChangeFact status;
    status.person_id = person;
    status.status = "detained";
    status.from.claim_id = claim;
    MEMORIA_RETURN_IF_ERROR(tx->AddStatusChange(status).status());
    return claim;
  }
  nlohmann::json Api(const std::string& target) {
    Response r = Get(target);
    EXPECT_EQ(r.status, 200) << target << "\n" << r.body;
    EXPECT_THAT(r.content_type, HasSubstr("application/json"));
    return nlohmann::json::parse(r.body);
  }

  std::unique_ptr<store::Store> store_;
  std::unique_ptr<App> app_;
  int64_t source_id_ = 0;
  std::vector<int64_t> ids_;
};

// A second list of "n" persons named Кузнецов, executed on days of 1938,
// with "per_person" records each (an Open List person is seven rows), after
// a record of the first source (so the list does not start at record 1).
int64_t AddList(store::Store* store, int64_t first_source, int n, int per_person) {
  auto tx = store->BeginWrite();
  EXPECT_TRUE(tx.ok());
  store::SourceInfo info;
  info.key = "openlist:test";
  info.title = "Открытый список";
  info.profile = "openlist";
  int64_t source = tx->EnsureSource(info).value();
  int64_t batch = tx->BeginBatch(source, "openlist", "names.csv", "02").value();
  int64_t other_batch = tx->BeginBatch(first_source, "test", "more.csv", "03").value();
  for (int i = 0; i < n; ++i) {
    int64_t person = tx->AddPerson(batch).value();
    for (int k = 0; k < per_person; ++k) {
      int64_t record =
          tx->AddRecord(
                source, batch, 2 + i * per_person + k, std::to_string(1000 + i),
                R"({"id":")" + std::to_string(1000 + i) + R"(","k":)" + std::to_string(k) + "}")
              .value();
      EXPECT_TRUE(tx->LinkRecord(person, record, "source-id").ok());
      if (k == 0) {
        store::NameFact name;
        name.person_id = person;
        name.record_id = record;
        name.surname = "Кузнецов";
        name.given =
            std::string("Иван") + std::string("абвгдеж").substr(static_cast<size_t>(i % 7) * 2, 2);
        EXPECT_TRUE(tx->AddName(name).ok());
        store::EventFact e;
        e.person_id = person;
        e.record_id = record;
        e.type = "execution";
        e.date = Edtf::Parse("1938-03-" + std::string(i % 28 < 9 ? "0" : "") +
                             std::to_string(i % 28 + 1))
                     .value();
        EXPECT_TRUE(tx->AddEvent(e).ok());
      }
    }
  }
  // A record of the first source in between, in a batch of its own.
  (void)other_batch;
  EXPECT_TRUE(tx->Commit().ok());
  return source;
}

// Follows a list's next links from "first", then its previous links back;
// returns the person ids in order and checks both walks agree.
std::vector<int64_t> WalkList(const std::function<nlohmann::json(const std::string&)>& api,
                              const std::string& first) {
  std::vector<int64_t> forward;
  std::vector<std::string> pages;
  std::string url = first;
  while (!url.empty()) {
    nlohmann::json page = api(url);
    pages.push_back(url);
    for (const auto& p : page["persons"]) forward.push_back(p["person_id"].get<int64_t>());
    url.clear();
    if (page["pager"].is_object() && page["pager"].contains("next_url")) {
      url = "/api/v1" + page["pager"]["next_url"].get<std::string>();
      // Every link the list makes seeks by key: no page reads past others.
      EXPECT_THAT(url, HasSubstr("after="));
    }
    if (pages.size() > 20) break;
  }
  // Back from the last page: the same persons, page by page.
  std::vector<int64_t> backward;
  url = pages.back();
  while (!url.empty()) {
    nlohmann::json page = api(url);
    std::vector<int64_t> ids;
    for (const auto& p : page["persons"]) ids.push_back(p["person_id"].get<int64_t>());
    backward.insert(backward.begin(), ids.begin(), ids.end());
    url.clear();
    if (page["pager"].is_object() && page["pager"].contains("prev_url")) {
      url = "/api/v1" + page["pager"]["prev_url"].get<std::string>();
    }
    if (backward.size() > forward.size()) break;
  }
  EXPECT_EQ(backward, forward);
  return forward;
}

TEST_F(PagesTest, ListsPageByKeyAndOldPageLinksStillWork) {
  const int64_t openlist = AddList(store_.get(), source_id_, 250, 7);
  auto api = [&](const std::string& url) { return Api(url); };
  const std::string base = "/api/v1/sources/" + std::to_string(openlist);
  std::vector<int64_t> ids = WalkList(api, base);
  ASSERT_EQ(ids.size(), 250u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::set<int64_t>(ids.begin(), ids.end()).size(), 250u);  // each person once
  // "?page=3" as before the keyset links: the same persons as the walk.
  nlohmann::json third = Api(base + "?page=3");
  ASSERT_EQ(third["persons"].size(), 50u);
  EXPECT_EQ(third["persons"][0]["person_id"], ids[200]);
  EXPECT_EQ(third["first"], 201);
  // The page after a person is the same whatever page number it claims.
  nlohmann::json after = Api(base + "?after=" + std::to_string(ids[99]) + "&page=2");
  EXPECT_EQ(after["persons"][0]["person_id"], ids[100]);
  EXPECT_EQ(Get(base.substr(7) + "?after=abc").status, 400);
  EXPECT_EQ(Get(base.substr(7) + "?after=" + std::to_string(ids_[0])).status, 400);

  std::vector<int64_t> letter = WalkList(api, "/api/v1/browse/letter/" + Encode("К"));
  EXPECT_EQ(letter.size(), 250u);
  EXPECT_EQ(std::set<int64_t>(letter.begin(), letter.end()).size(), 250u);
  std::vector<int64_t> date = WalkList(api, "/api/v1/browse/date?type=execution&year=1938");
  EXPECT_EQ(date.size(), 251u);  // and Борисов, executed 1 February 1938
  EXPECT_EQ(std::set<int64_t>(date.begin(), date.end()).size(), 251u);
  EXPECT_EQ(date[0], ids_[2]);
  // The HTML pager links by key too.
  EXPECT_THAT(Get("/sources/" + std::to_string(openlist)).body, HasSubstr("?after="));
}

TEST_F(PagesTest, SourcesCountPersonsBesideRecords) {
  const int64_t openlist = AddList(store_.get(), source_id_, 3, 7);
  nlohmann::json sources = Api("/api/v1/sources");
  ASSERT_EQ(sources["sources"].size(), 3u);
  EXPECT_EQ(sources["sources"][0]["persons"], 3);
  EXPECT_EQ(sources["sources"][2]["source_id"], openlist);
  EXPECT_EQ(sources["sources"][2]["records"], 21);
  EXPECT_EQ(sources["sources"][2]["persons"], 3);
  EXPECT_THAT(Get("/sources?lang=en").body, HasSubstr("<dt>Persons</dt><dd>3</dd>"));
  EXPECT_EQ(Api("/api/v1/sources/" + std::to_string(openlist))["source"]["persons"], 3);
}

TEST_F(PagesTest, UnknownParametersMakeNoNewPageAndReachNoLink) {
  auto site = std::make_shared<internal::Site>(MapConfig(), size_t{1} << 20);
  ASSERT_OK_AND_ASSIGN(
      std::unique_ptr<App> app,
      App::Create(store_.get(), AppOptions{store::Visibility::kPublic, nullptr, site}));
  Response a = app->Handle({"GET", "/sources?utm_source=x&lang=en", "", "", ""});
  Response b = app->Handle({"GET", "/sources?lang=en&fbclid=y", "", "", ""});
  Response c = app->Handle({"GET", "/sources?lang=en", "", "", ""});
  EXPECT_EQ(a.body, c.body);
  EXPECT_EQ(b.body, c.body);
  EXPECT_THAT(a.body, Not(HasSubstr("utm_source")));
  EXPECT_EQ(site->responses()->counters().entries, 1u);
  // The declared parameters, in any order, are one page.
  app->Handle({"GET", "/browse/date?year=1937&type=execution", "", "", ""});
  app->Handle({"GET", "/browse/date?type=execution&year=1937&x=1", "", "", ""});
  EXPECT_EQ(site->responses()->counters().entries, 2u);
}

TEST_F(PagesTest, EnglishPagesShowLatinNamesAndPersonPagesLinkOut) {
  {
    ASSERT_OK_AND_ASSIGN(store::WriteTransaction tx, store_->BeginWrite());
    ASSERT_OK_AND_ASSIGN(int64_t batch, tx.BeginBatch(source_id_, "test", "mos.csv", "09"));
    ASSERT_OK_AND_ASSIGN(
        int64_t record,
        tx.AddRecord(
            source_id_, batch, 2, "",
            R"j({"LINK":"https://mos.memo.ru/shot-1.htm","BAD":"https://x.org/\"onmouseover=alert(1)","JS":"javascript:alert(1)"})j"));
    ASSERT_OK(tx.LinkRecord(ids_[0], record, "rule"));
    ASSERT_OK(tx.Commit());
  }
  AddList(store_.get(), source_id_, 1, 2);
  const std::string person = "/person/" + std::to_string(ids_[0]);
  Response en = Get(person + "?lang=en");
  EXPECT_THAT(en.body, HasSubstr("Shcherbakova Irina"));
  EXPECT_THAT(Get(person).body, Not(HasSubstr("Shcherbakova")));  // Russian: no
  EXPECT_THAT(Get("/browse/letter/" + Encode("Щ") + "?lang=en").body,
              HasSubstr("Shcherbakova Irina"));
  // The citation: an absolute address and the day it was read.
  EXPECT_THAT(en.body, HasSubstr("http://127.0.0.1:8080/person/" + std::to_string(ids_[0]) +
                                 " (accessed " + internal::TodayIso() + ")"));
  // http(s) values of raw fields are links; nothing else is.
  EXPECT_THAT(en.body, HasSubstr("<a href=\"https://mos.memo.ru/shot-1.htm\" rel=\"noopener "
                                 "noreferrer\">https://mos.memo.ru/shot-1.htm</a>"));
  EXPECT_THAT(en.body, Not(HasSubstr("href=\"javascript")));
  EXPECT_THAT(en.body, Not(HasSubstr("href=\"https://x.org")));
  // An address opens Last Address.
  EXPECT_THAT(en.body, HasSubstr("href=\"/address?q=%D0%B3.%20%D0%9C"));
  // An Open List record links to Open List.
  nlohmann::json openlist_person = Api("/api/v1/browse/letter/" + Encode("К"));
  const std::string kuz = "/person/" + openlist_person["persons"][0]["person_id"].dump();
  EXPECT_THAT(Get(kuz).body, HasSubstr("href=\"https://ru.openlist.wiki/index.php?search="));
}

TEST(ChartTest, TheLastYearLabelStaysInsideTheChart) {
  std::vector<store::MonthCount> months = {{193601, 1, 0}, {193812, 0, 1}};
  const std::string svg = internal::ChartSvg(months, "t", 193601, 193812);
  size_t at = 0;
  int labels = 0;
  while ((at = svg.find("<text x=\"", at)) != std::string::npos) {
    at += 9;
    const double x = std::stod(svg.substr(at));
    const size_t close = svg.find('>', at);
    const bool end_anchor =
        svg.substr(at, close - at).find("text-anchor=\"end\"") != std::string::npos;
    // Four digits at 10px are about 30 units wide.
    if (end_anchor) {
      EXPECT_LE(x, 720.0);
    } else {
      EXPECT_LE(x + 30, 720.0) << svg.substr(at - 9, 60);
    }
    ++labels;
  }
  EXPECT_EQ(labels, 3);
}

TEST_F(PagesTest, LanguageComesFromTheParameterThenAcceptLanguage) {
  EXPECT_THAT(Get("/").body, HasSubstr("<html lang=\"ru\">"));
  EXPECT_THAT(Get("/", "en-US,en;q=0.9").body, HasSubstr("<html lang=\"en\">"));
  Response uk = Get("/?lang=uk", "en");
  EXPECT_THAT(uk.body, HasSubstr("<html lang=\"uk\">"));
  EXPECT_THAT(uk.body, HasSubstr("Пошук в архіві"));
  EXPECT_EQ(uk.Header("Content-Language"), "uk");
  // The chosen language sticks to the site's links and forms.
  EXPECT_THAT(uk.body, HasSubstr("href=\"/browse?lang=uk\""));
  EXPECT_THAT(uk.body, HasSubstr("name=\"lang\" value=\"uk\""));
  // The switch offers the other languages for the same page.
  EXPECT_THAT(Get("/search?q=x&lang=uk").body, HasSubstr("href=\"/search?q=x&amp;lang=en\""));
}

TEST_F(PagesTest, HomeDrawsArrestsAndExecutionsByMonth) {
  Response r = Get("/?lang=en");
  EXPECT_THAT(r.body, HasSubstr("<svg"));
  EXPECT_THAT(r.body, HasSubstr("class=\"executions\""));
  nlohmann::json home = Api("/api/v1/");
  EXPECT_EQ(home["stats"]["persons"], 3);
  EXPECT_EQ(home["chart"]["executions"], 3);
  EXPECT_EQ(home["chart"]["arrests"], 3);
}

TEST_F(PagesTest, PersonPageReadsDatesAndCitesItself) {
  Response r = Get("/person/" + std::to_string(ids_[0]) + "?lang=en");
  EXPECT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr("5 October 1937"));
  EXPECT_THAT(r.body, HasSubstr("datetime=\"1937-10-05\""));
  EXPECT_THAT(r.body, HasSubstr("memoria archive, person " + std::to_string(ids_[0])));
  EXPECT_THAT(r.body, HasSubstr("href=\"/sources/" + std::to_string(source_id_) + "?lang=en\""));
  nlohmann::json p = Api("/api/v1/person/" + std::to_string(ids_[0]));
  EXPECT_EQ(p["name"]["surname"], "Щербакова");
  EXPECT_EQ(p["death"], "1937-10-05");
  // The vocabulary of docs/formats/json.md, shared with `memoria export`.
  const nlohmann::json& record = p["records"][0];
  EXPECT_EQ(record["line"], 2);
  EXPECT_EQ(record["content_sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(record["source_key"], "test:list.csv");
  for (const char* old_name : {"position", "content_hash"}) {
    EXPECT_FALSE(record.contains(old_name)) << old_name;
  }
  EXPECT_TRUE(p["events"][0].contains("date_text"));
}

TEST_F(PagesTest, SearchFiltersByEventTypeAndDate) {
  nlohmann::json all = Api("/api/v1/search?q=" + Encode("Абрамов"));
  EXPECT_EQ(all["total"], 1);
  nlohmann::json none = Api("/api/v1/search?q=" + Encode("Абрамов") + "&event=execution&from=1938");
  EXPECT_EQ(none["total"], 0);
  nlohmann::json kept =
      Api("/api/v1/search?q=" + Encode("Абрамов") + "&event=execution&from=1937-09&to=1937-09");
  EXPECT_EQ(kept["total"], 1);
  EXPECT_EQ(Get("/search?q=x&from=yesterday").status, 400);
  EXPECT_EQ(Get("/search?q=x&event=picnic").status, 400);
  EXPECT_EQ(Get("/search?q=x&born=1900..1890").status, 400);
}

TEST_F(PagesTest, BrowseByLetterDateAndPlace) {
  nlohmann::json letter = Api("/api/v1/browse/letter/" + Encode("Щ"));
  ASSERT_EQ(letter["persons"].size(), 1u);
  EXPECT_EQ(letter["persons"][0]["person_id"], ids_[0]);
  nlohmann::json date = Api("/api/v1/browse/date?type=execution&year=1937");
  ASSERT_EQ(date["persons"].size(), 2u);
  EXPECT_EQ(date["persons"][0]["person_id"], ids_[1]);  // 20 September before 5 October
  nlohmann::json place = Api("/api/v1/browse/place?q=" + Encode("москва"));
  EXPECT_EQ(place["persons"].size(), 3u);
  EXPECT_EQ(Get("/browse/letter/" + Encode("АБ")).status, 400);
  EXPECT_EQ(Get("/browse/date?year=19x8").status, 400);
  EXPECT_EQ(Get("/browse/place?q=").status, 400);
  EXPECT_EQ(Get("/browse/date?type=execution&year=1937&page=0").status, 400);
}

TEST_F(PagesTest, SourcesListTheirPersons) {
  nlohmann::json sources = Api("/api/v1/sources");
  // The list and the gazetteer the streets came from.
  ASSERT_EQ(sources["sources"].size(), 2u);
  EXPECT_EQ(sources["sources"][0]["records"], 3);
  EXPECT_EQ(sources["sources"][1]["records"], 1);
  nlohmann::json source = Api("/api/v1/sources/" + std::to_string(source_id_));
  EXPECT_EQ(source["source"]["citation"], "Книга памяти Тестовской области, т. 1");
  EXPECT_EQ(source["persons"].size(), 3u);
  EXPECT_EQ(Get("/sources/99").status, 404);
}

TEST_F(PagesTest, ReadingSlipsGiveAgeOccupationAndDateInTheChosenOrder) {
  nlohmann::json by_date = Api("/api/v1/reading?place=" + Encode("Москва"));
  ASSERT_EQ(by_date["slips"].size(), 3u);
  EXPECT_EQ(by_date["slips"][0]["surname"], "Абрамов");
  EXPECT_EQ(by_date["slips"][0]["age"], 37);
  EXPECT_EQ(by_date["slips"][0]["occupation"], "слесарь");
  nlohmann::json by_name =
      Api("/api/v1/reading?place=" + Encode("Москва") + "&order=surname&from=1937&to=1937");
  ASSERT_EQ(by_name["slips"].size(), 2u);
  EXPECT_EQ(by_name["slips"][0]["surname"], "Абрамов");
  EXPECT_EQ(by_name["slips"][1]["surname"], "Щербакова");
  EXPECT_THAT(Get("/reading?place=" + Encode("Москва")).body, HasSubstr("38 лет"));
}

TEST_F(PagesTest, AddressFindsResidentsUnderTheStreetsOldName) {
  // Кирова is the old name of Мясницкая: house 12 under both names is one
  // building with two residents.
  nlohmann::json a = Api("/api/v1/address?q=" + Encode("улица Кирова 12"));
  ASSERT_EQ(a["buildings"].size(), 1u) << a.dump();
  EXPECT_EQ(a["buildings"][0]["count"], 2);
  EXPECT_EQ(a["buildings"][0]["lat"], 55.76);
  nlohmann::json street = Api("/api/v1/address?q=" + Encode("Мясницкая"));
  EXPECT_EQ(street["buildings"].size(), 2u);
  Response geo = Get("/api/v1/address.geojson?q=" + Encode("Мясницкая, 12"));
  EXPECT_THAT(geo.content_type, HasSubstr("application/geo+json"));
  nlohmann::json fc = nlohmann::json::parse(geo.body);
  ASSERT_EQ(fc["features"].size(), 1u);
  EXPECT_EQ(fc["features"][0]["geometry"]["coordinates"][0], 37.63);
}

TEST_F(PagesTest, ExportsStreamEveryPublicPerson) {
  Response r = Get("/api/v1/export.jsonl");
  ASSERT_TRUE(static_cast<bool>(r.stream));
  std::string body;
  while (true) {
    std::string piece;
    ASSERT_OK_AND_ASSIGN(bool more, r.stream(&piece));
    body += piece;
    if (!more) break;
  }
  EXPECT_EQ(std::count(body.begin(), body.end(), '\n'), 3);
  EXPECT_THAT(body, HasSubstr("Щербакова"));
}

// The path of a pattern with its parameters filled from this archive.
std::string Fill(std::string pattern, const std::map<std::string, std::string>& values) {
  for (const auto& [name, value] : values) {
    const std::string slot = "{" + name + "}";
    if (size_t at = pattern.find(slot); at != std::string::npos)
      pattern.replace(at, slot.size(), value);
  }
  return pattern;
}

TEST_F(PagesTest, OpenApiDocumentsEveryApiRouteAndEveryDocumentedPathAnswers) {
  nlohmann::json spec = Api("/api/v1/openapi.json");
  EXPECT_EQ(spec["openapi"], "3.0.3");
  size_t api_routes = 0;
  for (const internal::Route& route : internal::Routes()) {
    if (!route.api()) continue;
    ++api_routes;
    const std::string pattern(route.pattern);
    ASSERT_TRUE(spec["paths"].contains(pattern)) << pattern;
    // Every parameter the route reads is documented.
    std::set<std::string> documented;
    for (const auto& p : spec["paths"][pattern]["get"]["parameters"]) {
      if (p.contains("name")) documented.insert(p["name"].get<std::string>());
    }
    for (const internal::ParamSpec& p : route.params) {
      EXPECT_TRUE(documented.contains(std::string(p.name))) << pattern << " " << p.name;
    }
  }
  EXPECT_EQ(spec["paths"].size(), api_routes);
  EXPECT_GE(api_routes, 10u);
  // A register with one organisation, so the register routes have something to answer.
  {
    const std::string dir = memoria::testing::FreshTempDir();
    const std::string file = dir + "/registry_2023-05-05.csv";
    std::ofstream(file, std::ios::binary)
        << "№ п/п,Полное наименование/ФИО,Дата рождения,ОГРН,Регистрационный номер,Адрес "
           "(место нахождения),Информационный ресурс,Полное наименование/ФИО участников,"
           "Основания включения,Дата принятия решения о включении,Дата принятия решения об "
           "исключении\r\n1,\"Фонд «Гамма»\",,,,,,,\"Статья 7\",01.01.2021,\r\n";
    registers::ImportOptions options;
    options.register_key = "foreign-agents";
    ASSERT_OK(registers::Import(store_.get(), {file}, options).status());
  }
  // A prisoner and a publication, for /prisoners/{person_id} and /news/{publication_id}.
  int64_t publication = 0;
  {
    ASSERT_OK_AND_ASSIGN(store::WriteTransaction tx, store_->BeginWrite());
    ASSERT_OK_AND_ASSIGN(int64_t claim, AddDetained(&tx, ids_[0]));
    store::PublicationFact p;
    p.title = "News";
    p.from.claim_id = claim;
    ASSERT_OK_AND_ASSIGN(publication, tx.AddPublication(p));
    ASSERT_OK(tx.Commit());
  }
  const std::map<std::string, std::string> values = {
      {"person_id", std::to_string(ids_[0])},
      {"source_id", std::to_string(source_id_)},
      {"publication_id", std::to_string(publication)},
      {"letter", Encode("Щ")},
      {"register", "foreign-agents"},
      {"number", "1"}};
  for (const auto& [pattern, item] : spec["paths"].items()) {
    const std::string target = "/api/v1" + Fill(pattern, values);
    ASSERT_EQ(target.find('{'), std::string::npos) << target;
    Response r = Get(target);
    EXPECT_NE(r.status, 404) << target;
    EXPECT_LT(r.status, 500) << target;
  }
  // A path the table lacks is not found, on both surfaces.
  EXPECT_EQ(Get("/api/v1/static/style.css").status, 404);
  EXPECT_EQ(Get("/openapi.json").status, 404);
}

TEST_F(PagesTest, APersonOnThePrisonersListLinksToTheCard) {
  const std::string card = "/prisoners/" + std::to_string(ids_[0]);
  EXPECT_THAT(Get("/person/" + std::to_string(ids_[0]) + "?lang=en").body, Not(HasSubstr(card)));
  {
    ASSERT_OK_AND_ASSIGN(store::WriteTransaction tx, store_->BeginWrite());
    ASSERT_OK(AddDetained(&tx, ids_[0]).status());
    ASSERT_OK(tx.Commit());
  }
  ASSERT_OK_AND_ASSIGN(app_, App::Create(store_.get()));  // a page cache of its own
  const Response page = Get("/person/" + std::to_string(ids_[0]) + "?lang=en");
  EXPECT_THAT(page.body, HasSubstr("href=\"" + card + "?lang=en\""));
  EXPECT_THAT(page.body, HasSubstr("Card in the list of political prisoners"));
  EXPECT_THAT(Get("/person/" + std::to_string(ids_[1]) + "?lang=en").body,
              Not(HasSubstr("/prisoners/")));
}

TEST_F(PagesTest, RobotsAndIconAnswerWithALongCache) {
  Response robots = Get("/robots.txt");
  EXPECT_EQ(robots.status, 200);
  EXPECT_THAT(robots.content_type, HasSubstr("text/plain"));
  EXPECT_THAT(robots.body, HasSubstr("User-agent: *"));
  EXPECT_THAT(robots.body, Not(HasSubstr("http")));  // no sitemap or other host
  Response icon = Get("/favicon.ico");
  EXPECT_EQ(icon.status, 200);
  EXPECT_EQ(icon.content_type, "image/x-icon");
  ASSERT_GE(icon.body.size(), 22u);
  EXPECT_EQ(icon.body.substr(0, 4), std::string("\0\0\1\0", 4));  // an ICO header
  EXPECT_THAT(icon.Header("Cache-Control"), HasSubstr("max-age="));
}

TEST_F(PagesTest, TrailingSlashOnAPagePathRedirectsToThePathWithout) {
  const std::string id = std::to_string(ids_[0]);
  Response r = Get("/person/" + id + "/?lang=en");
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.Header("Location"), "/person/" + id + "?lang=en");
  Response api = Get("/api/v1/search/?q=x");
  EXPECT_EQ(api.status, 301);
  EXPECT_EQ(api.Header("Location"), "/api/v1/search?q=x");
  EXPECT_EQ(Get("/nowhere/").status, 404);
  EXPECT_EQ(Get("//").status, 404);
  EXPECT_EQ(Get("/search//").status, 404);
}

TEST_F(PagesTest, NegotiatedPagesVaryByAcceptLanguage) {
  Response negotiated = Get("/browse", "en");
  EXPECT_THAT(negotiated.Header("Vary"), HasSubstr("Accept-Language"));
  EXPECT_THAT(negotiated.Header("Vary"), HasSubstr("Accept-Encoding"));
  EXPECT_THAT(Get("/api/v1/browse", "en").Header("Vary"), HasSubstr("Accept-Language"));
  // With ?lang= the header does not matter.
  EXPECT_THAT(Get("/browse?lang=uk", "en").Header("Vary"), Not(HasSubstr("Accept-Language")));
}

TEST_F(PagesTest, AnUnknownLanguageFallsBackToEnglish) {
  EXPECT_THAT(Get("/", "de-DE,fr;q=0.8").body, HasSubstr("<html lang=\"en\">"));
  Response r = Get("/?lang=de");
  EXPECT_THAT(r.body, HasSubstr("<html lang=\"en\">"));
  EXPECT_THAT(r.body, HasSubstr("href=\"/browse?lang=en\""));
  // Without any preference the default stays Russian.
  EXPECT_THAT(Get("/").body, HasSubstr("<html lang=\"ru\">"));
}

TEST_F(PagesTest, AQueryWithoutLettersIsRefusedInTheVisitorsLanguage) {
  for (const auto& [lang, text] : {std::pair{"ru", "В запросе нет ни букв, ни цифр."},
                                   {"uk", "У запиті немає ні літер, ні цифр."},
                                   {"en", "The query has no letters or digits."}}) {
    // Asked once the search refused the query: by name alone, with a
    // filter (the name index's candidates, then the filters), with stars.
    for (const std::string& q :
         {Encode("?!"), Encode("?!") + "&born=1890..1910", Encode("** — *") + "&exact=1"}) {
      Response r = Get("/search?q=" + q + "&lang=" + lang);
      EXPECT_EQ(r.status, 400) << lang << " " << q;
      EXPECT_THAT(r.body, HasSubstr(text)) << lang << " " << q;
    }
  }
}

TEST_F(PagesTest, ETagGivesNotModifiedAndGzipIsOfferedWhenAccepted) {
  Response first = Get("/browse");
  const std::string etag = first.Header("ETag");
  ASSERT_FALSE(etag.empty());
  Response again = Get("/browse", "", "", etag);
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  Response zipped = Get("/browse", "", "gzip, deflate");
  EXPECT_EQ(zipped.Header("Content-Encoding"), "gzip");
  EXPECT_NE(zipped.Header("ETag"), etag);
  EXPECT_EQ(Gunzip(zipped.body), first.body);
  EXPECT_THAT(zipped.Header("Vary"), HasSubstr("Accept-Encoding"));
  EXPECT_EQ(Get("/browse", "", "gzip;q=0").Header("Content-Encoding"), "");
}

TEST_F(PagesTest, ErrorsAreJsonUnderTheApi) {
  Response r = Get("/api/v1/person/abc");
  EXPECT_EQ(r.status, 400);
  nlohmann::json e = nlohmann::json::parse(r.body);
  EXPECT_EQ(e["error"]["status"], 400);
  EXPECT_EQ(Get("/api/v1/nowhere").status, 404);
}

}  // namespace
}  // namespace memoria::web
