// The list of persons by letter reads its order from the names_letter index
// (schema version 8): SQLite's plan for it seeks the index and sorts
// nothing, forward and backward, so a first page costs one page of reading
// however many persons the letter has.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/internal/reader_util.h"
#include "store/internal/testing.h"
#include "store/internal/views.h"
#include "store/reader.h"
#include "store/store.h"
#include "testing/archive_builder.h"
#include "testing/status_matchers.h"

namespace memoria::store {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The plan's lines, one string.
std::string PlanOf(Store* store, const std::string& sql) {
  auto rows = StoreTesting::Rows(store, "EXPLAIN QUERY PLAN " + sql);
  EXPECT_TRUE(rows.ok()) << rows.status();
  std::string plan;
  if (!rows.ok()) return plan;
  for (const auto& row : *rows) plan += row.back() + "\n";
  return plan;
}

TEST(LetterIndexTest, TheLetterListSeeksTheNameIndexAndSortsNothing) {
  ASSERT_OK_AND_ASSIGN(auto store, Store::OpenInMemory());
  {
    memoria::testing::ArchiveBuilder b(store.get());
    const int64_t source = b.Source("test:letters.csv", "Список");
    for (const char* surname : {"Петров", "Павлов", "Пушкин", "Иванов"}) {
      const int64_t record = b.Record(source, std::string(R"({"s":")") + surname + "\"}");
      b.Name(b.Person(record), record, surname, "Иван", "Петрович");
    }
    b.Commit();
  }
  ASSERT_OK_AND_ASSIGN(Reader * reader, store->ReaderFor(Visibility::kPublic));
  for (bool backward : {false, true}) {
    const std::string plan = PlanOf(store.get(), ForCeiling(reader_internal::BySurnameSql(backward),
                                                            static_cast<int>(Visibility::kPublic)));
    EXPECT_THAT(plan, HasSubstr("USING INDEX names_letter")) << plan;
    EXPECT_THAT(plan, Not(HasSubstr("TEMP B-TREE FOR"))) << plan;
  }
  // And the list it reads is in that order.
  ASSERT_OK_AND_ASSIGN(std::vector<int64_t> ids,
                       reader->PersonsBySurnamePrefix("П", ListSeek{0, 0, 0, 10}));
  ASSERT_EQ(ids.size(), 3u);
  ASSERT_OK_AND_ASSIGN(std::vector<PersonSummary> people, reader->Summaries(ids));
  ASSERT_EQ(people.size(), 3u);
  EXPECT_EQ(people[0].surname, "Павлов");
  EXPECT_EQ(people[1].surname, "Петров");
  EXPECT_EQ(people[2].surname, "Пушкин");
}

}  // namespace
}  // namespace memoria::store
