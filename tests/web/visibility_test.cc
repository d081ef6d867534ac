// The leak test: restricted and confidential facts planted in every place a
// fact can live (a name, an event, an attribute, a record, a whole source)
// must not appear in any route, any format, any language or any search
// snippet of the public website.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/edtf.h"
#include "store/write.h"
#include "store/store.h"
#include "testing/http.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"
#include "web/server.h"

namespace memoria::web {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Every secret is a distinctive string: none may appear in any answer.
const std::vector<std::string>& Secrets() {
  static const std::vector<std::string> kSecrets = {
      "Секретнов",   "Sekretnov",    "Тайнова",      "Tainova",       "SECRET-ATTR",
      "SECRET-NOTE", "SECRET-RAW",   "SECRET-SOURCE", "Тайная",       "Потаённый",
      "SECRET-PLACE", "SECRET-BODY", "Скрытнова"};
  return kSecrets;
}

std::string Encode(std::string_view text) { return memoria::testing::UrlEncode(text); }

// "body" with the forms of "word" a page echoes (as typed, percent-encoded
// in upper or lower case) replaced by one marker; the ETag and length
// headers, which differ with the word, are dropped.
std::string Masked(std::string body, std::string_view word) {
  std::string lower = Encode(word);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const std::string& form : {std::string(word), Encode(word), lower}) {
    for (size_t at; (at = body.find(form)) != std::string::npos;) body.replace(at, form.size(), "<<ECHO>>");
  }
  std::string out;
  size_t start = 0;
  while (start < body.size()) {
    size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    std::string_view line(body.data() + start, end - start);
    if (!line.starts_with("ETag: ") && !line.starts_with("Content-Length: ")) {
      out.append(line);
      out.push_back('\n');
    }
    start = end + 1;
  }
  return out;
}

class VisibilityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(store_, store::Store::Create(memoria::testing::FreshTempDir()));
    ASSERT_OK_AND_ASSIGN(store::WriteTransaction tx, store_->BeginWrite());
    tx_ = &tx;

    store::SourceInfo open_source;
    open_source.key = "test:open.csv";
    open_source.title = "Открытый список";
    open_source.profile = "test";
    ASSERT_OK_AND_ASSIGN(int64_t open_id, tx.EnsureSource(open_source));
    ASSERT_OK_AND_ASSIGN(int64_t batch, tx.BeginBatch(open_id, "test", "open.csv", "00"));

    store::SourceInfo closed_source;
    closed_source.key = "test:closed.csv";
    closed_source.title = "SECRET-SOURCE list";
    closed_source.profile = "test";
    closed_source.visibility = store::Visibility::kConfidential;
    ASSERT_OK_AND_ASSIGN(int64_t closed_id, tx.EnsureSource(closed_source));
    ASSERT_OK_AND_ASSIGN(int64_t closed_batch,
                         tx.BeginBatch(closed_id, "test", "closed.csv", "01"));

    // A public person with secrets beside the public facts.
    ASSERT_OK_AND_ASSIGN(int64_t record,
                         tx.AddRecord(open_id, batch, 2, "1", R"({"ФИО":"Иванов Иван"})"));
    ASSERT_OK_AND_ASSIGN(public_person_, tx.AddPerson(batch));
    ASSERT_OK(tx.LinkRecord(public_person_, record, "import"));
    AddName(public_person_, record, "main", "Иванов", "Иван", store::Visibility::kPublic);
    AddName(public_person_, record, "alias", "Секретнов", "Иван", store::Visibility::kConfidential);
    AddName(public_person_, record, "maiden", "Скрытнова", "", store::Visibility::kRestricted);
    AddEvent(public_person_, record, "execution", "1938-03-01", "Москва", "", "",
             store::Visibility::kPublic);
    AddEvent(public_person_, record, "arrest", "1937-11-11", "SECRET-PLACE Москва",
             "SECRET-BODY", "SECRET-NOTE", store::Visibility::kConfidential);
    AddAttribute(public_person_, record, "occupation", "учитель", store::Visibility::kPublic);
    AddAttribute(public_person_, record, "nationality", "SECRET-ATTR",
                 store::Visibility::kRestricted);
    AddAttribute(public_person_, record, "address", "г. Москва, ул. Тайная, д. 1",
                 store::Visibility::kConfidential);
    AddAttribute(public_person_, record, "residence", "Москва, Потаённый пер., д. 3",
                 store::Visibility::kRestricted);

    // A restricted record linked to the public person: its raw fields and
    // facts stay out.
    {
      ASSERT_OK_AND_ASSIGN(const int64_t restricted_record,
                           tx.AddRecord(open_id, batch, 3, "2", R"({"note":"SECRET-RAW"})",
                                        nullptr, 1, store::Visibility::kRestricted));
      ASSERT_OK(tx.LinkRecord(public_person_, restricted_record, "source-id"));
      AddAttribute(public_person_, restricted_record, "family", "SECRET-ATTR family",
                   store::Visibility::kPublic);
    }

    // A person known only from the confidential source.
    ASSERT_OK_AND_ASSIGN(int64_t closed_record,
                         tx.AddRecord(closed_id, closed_batch, 2, "9",
                                           R"({"ФИО":"Тайнова Анна","x":"SECRET-RAW"})"));
    ASSERT_OK_AND_ASSIGN(hidden_person_, tx.AddPerson(closed_batch));
    ASSERT_OK(tx.LinkRecord(hidden_person_, closed_record, "import"));
    AddName(hidden_person_, closed_record, "main", "Тайнова", "Анна", store::Visibility::kPublic);
    AddName(hidden_person_, closed_record, "transliteration", "Tainova", "Anna",
            store::Visibility::kPublic);
    AddEvent(hidden_person_, closed_record, "execution", "1938-03-01", "Москва", "", "",
             store::Visibility::kPublic);
    AddAttribute(hidden_person_, closed_record, "address", "г. Москва, ул. Тайная, д. 1",
                 store::Visibility::kPublic);
    ASSERT_OK(tx.Commit());
    tx_ = nullptr;
    ASSERT_OK_AND_ASSIGN(app_, App::Create(store_.get()));
  }

  void AddName(int64_t person, int64_t record, const std::string& kind, const std::string& surname,
               const std::string& given, store::Visibility v) {
    store::NameFact n;
    n.person_id = person;
    n.record_id = record;
    n.kind = kind;
    n.surname = surname;
    n.given = given;
    n.visibility = v;
    ASSERT_OK(tx_->AddName(n));
  }

  void AddEvent(int64_t person, int64_t record, const std::string& type, const std::string& date,
                const std::string& place, const std::string& body, const std::string& note,
                store::Visibility v) {
    store::EventFact e;
    e.person_id = person;
    e.record_id = record;
    e.type = type;
    ASSERT_OK_AND_ASSIGN(e.date, Edtf::Parse(date));
    e.place = place;
    e.body = body;
    e.note = note;
    e.visibility = v;
    ASSERT_OK(tx_->AddEvent(e));
  }

  void AddAttribute(int64_t person, int64_t record, const std::string& kind,
                    const std::string& value, store::Visibility v) {
    store::AttributeFact a;
    a.person_id = person;
    a.record_id = record;
    a.kind = kind;
    a.value = value;
    a.visibility = v;
    ASSERT_OK(tx_->AddAttribute(a));
  }

  // The whole answer, streamed bodies included.
  std::string Fetch(const std::string& target, int* status = nullptr) {
    Response r = app_->Handle({"GET", target, "ru", "", ""});
    if (status != nullptr) *status = r.status;
    std::string body = r.body;
    if (r.stream) {
      for (int guard = 0; guard < 100000; ++guard) {
        std::string piece;
        Result<bool> more = r.stream(&piece);
        EXPECT_TRUE(more.ok()) << more.status();
        body += piece;
        if (!more.ok() || !*more) break;
      }
    }
    for (const auto& [name, value] : r.headers) body += "\n" + name + ": " + value;
    return body;
  }

  std::unique_ptr<store::Store> store_;
  store::WriteTransaction* tx_ = nullptr;  // while SetUp writes
  std::unique_ptr<App> app_;
  int64_t public_person_ = 0, hidden_person_ = 0;
};

TEST_F(VisibilityTest, NoRouteFormatLanguageOrSearchShowsARestrictedOrConfidentialFact) {
  std::vector<std::string> targets = {
      "/",
      "/person/" + std::to_string(public_person_),
      "/person/" + std::to_string(hidden_person_),
      "/browse",
      "/browse/letter/" + Encode("И"),
      "/browse/letter/" + Encode("Т"),
      "/browse/letter/" + Encode("С"),
      "/browse/place?q=" + Encode("Москва"),
      "/browse/place?q=SECRET-PLACE",
      "/browse/date?type=execution&year=1938",
      "/browse/date?type=arrest&year=1937",
      "/sources",
      "/sources/1",
      "/sources/2",
      "/reading?place=" + Encode("Москва"),
      "/reading?place=" + Encode("Москва") + "&order=surname&from=1938&to=1938",
      "/address?q=" + Encode("ул. Тайная, д. 1"),
      "/address?q=" + Encode("Потаённый пер. 3"),
      "/address.geojson?q=" + Encode("ул. Тайная, д. 1"),
      "/export.jsonl",
      "/export.csv",
  };
  for (std::string name : {"Секретнов", "Sekretnov", "Тайнова", "Tainova", "Скрытнова",
                                  "Иванов", "Ivanov"}) {
    targets.push_back("/search?q=" + Encode(name));
    targets.push_back("/search?q=" + Encode(name) + "&event=arrest&from=1937&to=1937");
  }
  int checked = 0;
  for (const std::string& target : targets) {
    for (std::string prefix : {"", "/api/v1"}) {
      if (prefix.empty() && (target.starts_with("/export") || target.starts_with("/address."))) {
        continue;
      }
      for (std::string lang : {"ru", "uk", "en"}) {
        const std::string url =
            prefix + target + (target.find('?') == std::string::npos ? "?" : "&") + "lang=" + lang;
        const std::string body = Fetch(url);
        // A request that itself names a secret (a search for it) gets the
        // visitor's own word back: its answer must be the answer to a word
        // that matches nothing, but for that echo. Every other answer must
        // hold no secret at all.
        std::vector<std::string> named;
        for (const std::string& secret : Secrets()) {
          if (target.find(Encode(secret)) != std::string::npos ||
              target.find(secret) != std::string::npos) {
            named.push_back(secret);
          }
        }
        if (named.empty()) {
          for (const std::string& secret : Secrets()) {
            EXPECT_THAT(body, Not(HasSubstr(secret))) << url;
          }
        } else {
          std::string twin = url;
          for (const std::string& secret : named) {
            for (const std::string& form : {Encode(secret), secret}) {
              for (size_t at; (at = twin.find(form)) != std::string::npos;) {
                twin.replace(at, form.size(), Encode("Щъщъщъ"));
              }
            }
          }
          std::string masked = body, other = Fetch(twin);
          for (const std::string& secret : named) masked = Masked(masked, secret);
          other = Masked(other, "Щъщъщъ");
          EXPECT_EQ(masked, other) << url << " answers otherwise than " << twin;
        }
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 100);
}

TEST_F(VisibilityTest, HiddenNamesAndPlacesFindNobody) {
  // The leak test removes the visitor's own words from the answers; here
  // the answers to hidden words must be empty.
  for (std::string name : {"Секретнов", "Sekretnov", "Тайнова", "Tainova", "Скрытнова"}) {
    EXPECT_THAT(Fetch("/api/v1/search?q=" + Encode(name)), HasSubstr("\"total\":0")) << name;
  }
  EXPECT_THAT(Fetch("/api/v1/browse/place?q=SECRET-PLACE"), HasSubstr("\"persons\":[]"));
  EXPECT_THAT(Fetch("/api/v1/address?q=" + Encode("ул. Тайная, д. 1")),
              HasSubstr("\"buildings\":[]"));
  EXPECT_THAT(Fetch("/api/v1/address?q=" + Encode("Потаённый пер. 3")),
              HasSubstr("\"buildings\":[]"));
}

TEST_F(VisibilityTest, PublicFactsOfTheSamePersonAreShown) {
  // The filter must not hide too much either: the test above would pass on
  // an empty site.
  const std::string person = Fetch("/person/" + std::to_string(public_person_));
  EXPECT_THAT(person, HasSubstr("Иванов"));
  EXPECT_THAT(person, HasSubstr("учитель"));
  EXPECT_THAT(Fetch("/search?q=" + Encode("Иванов")),
              HasSubstr("/person/" + std::to_string(public_person_)));
  EXPECT_THAT(Fetch("/api/v1/export.jsonl"), HasSubstr("Иванов"));
  EXPECT_THAT(Fetch("/reading?place=" + Encode("Москва")), HasSubstr("Иванов"));
}

TEST_F(VisibilityTest, APersonKnownOnlyFromAConfidentialSourceDoesNotExist) {
  int status = 0;
  Fetch("/person/" + std::to_string(hidden_person_), &status);
  EXPECT_EQ(status, 404);
  Fetch("/api/v1/person/" + std::to_string(hidden_person_), &status);
  EXPECT_EQ(status, 404);
  Fetch("/sources/2", &status);
  EXPECT_EQ(status, 404);
  EXPECT_THAT(Fetch("/api/v1/"), HasSubstr("\"persons\":1"));
}

}  // namespace
}  // namespace memoria::web
