// Imports the real published lists of ../shared/data and checks counts and
// parsed values. Skipped where that folder is absent (failed under CI=true).
#include <iostream>
#include <map>
#include <set>

#include "ingest/csv.h"
#include "ingest/ingest.h"
#include "search/search.h"
#include "testing/archive_builder.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria::ingest {
namespace {

using ::memoria::testing::FreshTempDir;

std::unique_ptr<store::Store> NewArchive() {
  auto s = store::Store::Create(FreshTempDir() + "/archive");
  EXPECT_OK(s);
  return std::move(s).value();
}

TEST(RealDataTest, MosMemoEveryPersonImportedWithExecutionDates) {
  MEMORIA_REQUIRE_SHARED_DATA(path, "memorial-mos/mos_memo_ru_all.csv");
  auto store = NewArchive();
  ImportOptions o;
  o.profile = "mos-memo";
  ASSERT_OK_AND_ASSIGN(ImportReport r, Import(store.get(), {path}, o));
  const FileReport& f = r.files[0];
  EXPECT_EQ(f.rows_read, 5232);
  EXPECT_EQ(f.persons_added, 5232);
  EXPECT_EQ(f.rows_rejected, 0);

  auto count = [&](const std::string& sql) { return ::memoria::testing::QueryInt(store.get(), sql); };
  int64_t executed = count(
      "SELECT count(DISTINCT person_id) FROM events WHERE type = 'execution'"
      " AND date <> ''");
  int64_t born = count(
      "SELECT count(DISTINCT person_id) FROM events WHERE type = 'birth'"
      " AND date <> ''");
  int64_t buried = count("SELECT count(DISTINCT person_id) FROM events WHERE type = 'burial'");
  int64_t nationality =
      count("SELECT count(DISTINCT person_id) FROM attributes WHERE kind = 'nationality'");
  double share = static_cast<double>(executed) / 5232.0;
  std::cout << "mos-memo: execution date parsed for " << executed << " of 5232 (" << share * 100
            << "%), birth " << born << ", burial " << buried << ", nationality " << nationality
            << "\n";
  RecordProperty("execution_date_share", std::to_string(share));
  EXPECT_GT(share, 0.99);
  EXPECT_GT(born, 5000);
  // Every execution date falls in the years of the Moscow shootings.
  EXPECT_EQ(count("SELECT count(*) FROM events WHERE type = 'execution' AND date <> '' AND"
                  " (date_min < 19180101 OR date_max > 19531231)"),
            0);

  // The first person of the list is found by the name as the list writes it,
  // with the execution date of the biography.
  ASSERT_OK_AND_ASSIGN(auto reader, CsvReader::Open(path, CsvOptions::Csv()));
  std::vector<std::string_view> fields;
  ASSERT_OK(reader->Next(&fields));  // header
  ASSERT_OK_AND_ASSIGN(bool got, reader->Next(&fields));
  ASSERT_TRUE(got);
  std::string name(fields[2]);
  ASSERT_OK_AND_ASSIGN(auto found, search::Search(::memoria::testing::PublicView(store.get()), name, {}));
  ASSERT_FALSE(found.hits.empty()) << name;
  ASSERT_OK_AND_ASSIGN(store::PersonView p, ::memoria::testing::PublicView(store.get())->GetPerson(found.hits[0].person_id));
  int executions = 0;
  for (const auto& e : p.events) executions += (e.type == "execution" && !e.date.empty());
  EXPECT_EQ(executions, 1);
  EXPECT_EQ(p.records.size(), 1u);
}

TEST(RealDataTest, OpenListEveryAlternativeNameStoredAgainstItsPerson) {
  MEMORIA_REQUIRE_SHARED_DATA(dir, "openlist-khabarovsk");
  auto store = NewArchive();
  ImportOptions o;
  o.profile = "openlist";
  ASSERT_OK_AND_ASSIGN(ImportReport r, Import(store.get(), {dir}, o));
  ASSERT_EQ(r.files.size(), 7u);
  EXPECT_EQ(r.files[0].rows_read, 32543);
  EXPECT_EQ(r.files[0].persons_added, 29581);
  // names.csv repeats three rows exactly (same id, same name, same flag);
  // every copy is kept as a record of its own.
  EXPECT_EQ(r.files[0].duplicates, 0);
  EXPECT_EQ(r.files[0].names_added, 32543);
  for (const FileReport& f : r.files) EXPECT_EQ(f.rows_rejected, 0) << f.file;
  ASSERT_OK_AND_ASSIGN(store::Stats stats, ::memoria::testing::FullView(store.get())->GetStats());
  EXPECT_EQ(stats.persons, 29581);
  EXPECT_EQ(stats.names, 32543);
  EXPECT_EQ(::memoria::testing::QueryInt(store.get(), "SELECT count(*) FROM names WHERE kind = 'alias'"), 2962);
  EXPECT_EQ(::memoria::testing::QueryInt(store.get(), "SELECT count(*) FROM records WHERE occurrence = 2"), 3);

  // Every row of names.csv is a name of the person holding that Open List id.
  ASSERT_OK_AND_ASSIGN(auto reader, CsvReader::Open(dir + "/names.csv", CsvOptions::Csv()));
  std::vector<std::string_view> fields;
  ASSERT_OK(reader->Next(&fields));  // header
  std::set<std::string> stored;
  for (const auto& row : ::memoria::testing::QueryRows(
           store.get(),
           "SELECT n.surname, n.given, n.patronymic, n.kind, r.external_id FROM names n"
           " JOIN person_records pr ON pr.person_id = n.person_id"
           " JOIN records r ON r.id = pr.record_id"
           " WHERE r.source_id = (SELECT id FROM sources WHERE key = 'openlist:openlist-khabarovsk')"
           " AND r.external_id IS NOT NULL")) {
    stored.insert(row[0] + "|" + row[1] + "|" + row[2] + "|" + row[3] + "|" + row[4]);
  }
  int64_t rows = 0, matched = 0;
  while (true) {
    ASSERT_OK_AND_ASSIGN(bool got, reader->Next(&fields));
    if (!got) break;
    ++rows;
    const std::string key = std::string(fields[2]) + "|" + std::string(fields[0]) + "|" +
                            std::string(fields[1]) + "|" +
                            (fields[3] == "True" ? "main" : "alias") + "|" + std::string(fields[4]);
    if (stored.contains(key)) ++matched;
  }
  EXPECT_EQ(rows, 32543);
  EXPECT_EQ(matched, rows);

  // Attributes: every person but the one whose sex is "нет данных" (no
  // data) has a sex; "нет данных" is not stored as a value.
  EXPECT_EQ(::memoria::testing::QueryInt(store.get(), "SELECT count(DISTINCT person_id) FROM attributes WHERE"
                                   " kind = 'sex'"),
            29580);
  EXPECT_EQ(::memoria::testing::QueryInt(store.get(), "SELECT count(*) FROM attributes WHERE value = 'нет данных'"),
            0);
  // Each person's records: its names plus one row of each attribute file.
  EXPECT_EQ(stats.records, 32543 + 6 * 29581);

  // Importing the export again adds nothing.
  ASSERT_OK_AND_ASSIGN(ImportReport again, Import(store.get(), {dir}, o));
  for (const FileReport& f : again.files) EXPECT_EQ(f.records_added, 0) << f.file;
  for (const FileReport& f : again.files) EXPECT_TRUE(f.already_imported.has_value()) << f.file;
  EXPECT_EQ(::memoria::testing::FullView(store.get())->GetStats()->persons, 29581);
}

TEST(RealDataTest, PlacesStreetRenamingsEveryRowStored) {
  MEMORIA_REQUIRE_SHARED_DATA(path, "memorial-mos/moscow_streets_old_new_names.csv");
  auto store = NewArchive();
  ImportOptions o;
  o.profile = "places";
  ASSERT_OK_AND_ASSIGN(ImportReport r, Import(store.get(), {path}, o));
  const FileReport& f = r.files[0];
  EXPECT_EQ(f.rows_read, 205);
  EXPECT_EQ(f.records_added, 205);
  EXPECT_EQ(f.rows_rejected, 0);
  auto count = [&](const std::string& sql) { return ::memoria::testing::QueryInt(store.get(), sql); };
  const int64_t streets = count("SELECT count(*) FROM places WHERE kind = 'street'");
  const int64_t modern = count(
      "SELECT count(DISTINCT modern) FROM (SELECT json_extract(raw, '$.modern_name') AS modern"
      " FROM records)");
  EXPECT_EQ(streets, modern);
  EXPECT_EQ(f.places_added, streets);
  std::cout << "places: " << streets << " streets, " << f.place_names_added << " names\n";
  // Every historic name is findable by its key and leads to its modern street.
  EXPECT_EQ(count("SELECT count(*) FROM place_names n JOIN places p ON p.id = n.place_id"
                  " WHERE n.norm = 'кирова' AND p.name = 'Мясницкая улица'"),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM place_names n JOIN places p ON p.id = n.place_id"
                  " WHERE n.norm = 'маяковского' AND p.name = 'Триумфальная площадь'"),
            1);
  ASSERT_OK_AND_ASSIGN(ImportReport again, Import(store.get(), {path}, o));
  EXPECT_EQ(again.files[0].records_added, 0);
  EXPECT_TRUE(again.files[0].already_imported.has_value());
}

TEST(RealDataTest, PlacesGeocodedBuildingsEveryRowStored) {
  MEMORIA_REQUIRE_SHARED_DATA(path, "memorial-mos/skugarevsky_addresses_geocoded.csv");
  auto store = NewArchive();
  ImportOptions o;
  o.profile = "places";
  ASSERT_OK_AND_ASSIGN(ImportReport r, Import(store.get(), {path}, o));
  const FileReport& f = r.files[0];
  EXPECT_EQ(f.rows_read, 5463);
  EXPECT_EQ(f.records_added, 5463);
  EXPECT_EQ(f.rows_rejected, 0);
  for (const Rejection& j : f.rejections) std::cout << j.line << ": " << j.reason << "\n";
  auto count = [&](const std::string& sql) { return ::memoria::testing::QueryInt(store.get(), sql); };
  EXPECT_EQ(count("SELECT count(*) FROM places WHERE kind = 'building'"), 5463);
  const int64_t located = count("SELECT count(*) FROM places WHERE lat IS NOT NULL");
  const int64_t numbered = count("SELECT count(*) FROM place_names WHERE norm GLOB '*|[0-9]*'");
  std::cout << "places: 5463 buildings, " << located << " with coordinates, " << numbered
            << " with a house number\n";
  EXPECT_GT(located, 4700);
  EXPECT_GT(numbered, 5400);
  EXPECT_EQ(count("SELECT count(*) FROM places WHERE lat IS NOT NULL AND"
                  " (lat < 55.4 OR lat > 56.1 OR lon < 37.2 OR lon > 38.0)"),
            0);
  EXPECT_EQ(count("SELECT count(*) FROM place_names WHERE norm = 'авиамоторная|4а'"), 1);
}

}  // namespace
}  // namespace memoria::ingest
