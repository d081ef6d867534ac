// Hiding while the site runs: a name, a whole source and a person are
// hidden through the store's write API by another connection while a
// server with its page cache answers. Within a second no search, count,
// page, cached page, export or index answer may show them.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "search/search.h"
#include "store/store.h"
#include "store/write.h"
#include "testing/archive_builder.h"
#include "testing/http.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"
#include "web/server.h"

namespace memoria::web {
namespace {

using ::memoria::testing::ArchiveBuilder;
using ::testing::HasSubstr;
using store::Visibility;

std::string Encode(std::string_view text) { return memoria::testing::UrlEncode(text); }

// One HTTP/1.1 GET on a new connection to 127.0.0.1:port: the status and
// everything after the headers (a chunked body keeps its chunk lines).
struct Got {
  int status = 0;
  std::string body;
};
Got Get(int port, const std::string& target) {
  Got got;
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return got;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return got;
  }
  const std::string request =
      "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  if (write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
    close(fd);
    return got;
  }
  std::string all;
  char buf[16384];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) all.append(buf, static_cast<size_t>(n));
  close(fd);
  if (all.size() > 12) got.status = std::atoi(all.c_str() + 9);
  const size_t body = all.find("\r\n\r\n");
  if (body != std::string::npos) got.body = all.substr(body + 4);
  return got;
}

TEST(LiveVisibilityTest, HiddenNameSourceAndPersonLeaveEveryAnswerWithinASecond) {
  const std::string dir = memoria::testing::FreshTempDir();
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<store::Store> store, store::Store::Create(dir));
  int64_t alias = 0, hidden_source = 0, person_of_source = 0, person = 0;
  {
    ArchiveBuilder b(store.get());
    const int64_t open = b.Source("test:open", "Открытый список");
    hidden_source = b.Source("test:other", "Другой список");
    int64_t record = b.Record(open);
    const int64_t kept = b.Person(record);
    b.Name(kept, record, "Гаврилов", "Анатолий");
    alias = b.Name(kept, record, "Загадкин", "Анатолий", "", "alias");
    b.Event(kept, record, "execution", "1938-02-01", "Москва");
    record = b.Record(hidden_source);
    person_of_source = b.Person(record);
    b.Name(person_of_source, record, "Источников", "Борис");
    b.Event(person_of_source, record, "execution", "1938-02-02", "Москва");
    record = b.Record(open);
    person = b.Person(record);
    b.Name(person, record, "Персонов", "Василий");
    b.Event(person, record, "execution", "1938-02-03", "Москва");
    b.Commit();
  }
  ServeOptions options;
  options.archive_dir = dir;
  options.port = 0;
  options.access_log = "";
  ASSERT_GT(options.page_cache_bytes, 0u);
  Server server(options);
  ASSERT_OK(server.Start());
  const int port = server.port();

  const std::string search_alias = "/api/v1/search?q=" + Encode("Загадкин");
  const std::string search_source = "/api/v1/search?q=" + Encode("Источников");
  const std::string search_person = "/search?q=" + Encode("Персонов");
  const std::string person_page = "/person/" + std::to_string(person);
  const std::string source_person_page = "/person/" + std::to_string(person_of_source);
  // Everything is there, and now in the page cache.
  for (int round = 0; round < 2; ++round) {
    EXPECT_THAT(Get(port, search_alias).body, HasSubstr("\"total\":1"));
    EXPECT_THAT(Get(port, search_source).body, HasSubstr("\"total\":1"));
    EXPECT_THAT(Get(port, search_person).body, HasSubstr(person_page));
    EXPECT_EQ(Get(port, person_page).status, 200);
    EXPECT_EQ(Get(port, source_person_page).status, 200);
    EXPECT_THAT(Get(port, "/api/v1/").body, HasSubstr("\"persons\":3"));
    EXPECT_THAT(Get(port, "/api/v1/export.jsonl").body, HasSubstr("Источников"));
    EXPECT_THAT(Get(port, "/reading?place=" + Encode("Москва")).body, HasSubstr("Персонов"));
  }

  {
    ASSERT_OK_AND_ASSIGN(store::WriteTransaction tx, store->BeginWrite());
    ASSERT_OK(tx.SetVisibility(store::Hideable::kName, alias, Visibility::kRestricted));
    ASSERT_OK(tx.SetVisibility(store::Hideable::kSource, hidden_source, Visibility::kConfidential));
    ASSERT_OK(tx.SetVisibility(store::Hideable::kPerson, person, Visibility::kRestricted));
    ASSERT_OK(tx.Commit());
  }
  const auto hidden_at = std::chrono::steady_clock::now();
  // Polled, not slept: the first moment every answer agrees.
  auto all_hidden = [&] {
    const std::string reading = Get(port, "/reading?place=" + Encode("Москва")).body;
    const std::string exported = Get(port, "/api/v1/export.jsonl").body;
    const std::string letter = Get(port, "/api/v1/browse/letter/" + Encode("П")).body;
    return Get(port, search_alias).body.find("\"total\":0") != std::string::npos &&
           Get(port, search_source).body.find("\"total\":0") != std::string::npos &&
           Get(port, search_person).body.find(person_page) == std::string::npos &&
           Get(port, person_page).status == 404 && Get(port, source_person_page).status == 404 &&
           Get(port, "/api/v1/").body.find("\"persons\":1") != std::string::npos &&
           Get(port, "/api/v1/sources").body.find("Другой список") == std::string::npos &&
           exported.find("Источников") == std::string::npos &&
           exported.find("Персонов") == std::string::npos &&
           exported.find("Загадкин") == std::string::npos &&
           reading.find("Персонов") == std::string::npos &&
           reading.find("Источников") == std::string::npos &&
           letter.find("Персонов") == std::string::npos;
  };
  bool hidden = false;
  while (!(hidden = all_hidden())) {
    if (std::chrono::steady_clock::now() - hidden_at > std::chrono::seconds(1)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(hidden) << "something hidden is still shown a second later";
  // The person who stays is still found by the name that stays public.
  EXPECT_THAT(Get(port, "/api/v1/search?q=" + Encode("Гаврилов")).body, HasSubstr("\"total\":1"));
  server.Stop();
  server.Wait();
}

TEST(LiveVisibilityTest, AnImportIsFoundOnceItsIndexIsBuiltEvenThroughThePageCache) {
  // memoria serve answers from the older name index while an import is
  // indexed; the page cache must not keep that answer once the new index
  // answers.
  const std::string dir = memoria::testing::FreshTempDir();
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<store::Store> store, store::Store::Create(dir));
  {
    ArchiveBuilder b(store.get());
    const int64_t record = b.Record(b.Source("test:first", "Первый список"));
    b.Name(b.Person(record), record, "Гаврилов", "Анатолий");
    b.Commit();
  }
  search::AnswerFromOlderIndexWhileRebuilding(true);
  ServeOptions options;
  options.archive_dir = dir;
  options.port = 0;
  options.access_log = "";
  Server server(options);
  ASSERT_OK(server.Start());
  const int port = server.port();
  const std::string target = "/api/v1/search?q=" + Encode("Заимпортов");
  EXPECT_THAT(Get(port, "/api/v1/search?q=" + Encode("Гаврилов")).body, HasSubstr("\"total\":1"));
  EXPECT_THAT(Get(port, target).body, HasSubstr("\"total\":0"));
  {
    ArchiveBuilder b(store.get());
    const int64_t record = b.Record(b.Source("test:second", "Второй список"));
    b.Name(b.Person(record), record, "Заимпортов", "Новый");
    b.Commit();
  }
  bool found = false;
  const auto start = std::chrono::steady_clock::now();
  while (!found && std::chrono::steady_clock::now() - start < std::chrono::seconds(20)) {
    found = Get(port, target).body.find("\"total\":1") != std::string::npos;
    if (!found) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(found) << "the imported name is never found";
  server.Stop();
  server.Wait();
  search::AnswerFromOlderIndexWhileRebuilding(false);
}

}  // namespace
}  // namespace memoria::web
