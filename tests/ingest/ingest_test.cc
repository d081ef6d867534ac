#include "ingest/ingest.h"

#include <fstream>

#include "export/export.h"
#include "search/search.h"
#include "store/internal/testing.h"
#include "testing/archive_builder.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria::ingest {
namespace {

using ::memoria::testing::FixturePath;
using ::memoria::testing::FreshTempDir;
using ::memoria::testing::StatusIs;
using ::testing::HasSubstr;

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir();
    auto s = store::Store::Create(dir_ + "/archive");
    ASSERT_OK(s);
    store_ = std::move(s).value();
  }

  Result<ImportReport> Run(const std::string& profile, std::vector<std::string> files,
                           bool dry_run = false, std::string mapping = "") {
    ImportOptions o;
    o.profile = profile;
    o.dry_run = dry_run;
    o.mapping_path = std::move(mapping);
    return Import(store_.get(), files, o);
  }

  store::Stats Stats() { return ::memoria::testing::FullView(store_.get())->GetStats().value(); }

  std::string Write(const std::string& name, const std::string& content) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(IngestTest, MemorialListsRowsBecomePersonsWithFacts) {
  ASSERT_OK_AND_ASSIGN(ImportReport r,
                       Run("memorial-lists", {FixturePath("memorial_lists_small.tsv")}));
  ASSERT_EQ(r.files.size(), 1u);
  const FileReport& f = r.files[0];
  EXPECT_EQ(f.rows_read, 6);
  EXPECT_EQ(f.records_added, 3);
  EXPECT_EQ(f.persons_added, 3);
  EXPECT_EQ(f.rows_rejected, 3);
  ASSERT_EQ(f.rejections.size(), 3u);
  EXPECT_EQ(f.rejections[0].line, 5);
  EXPECT_THAT(f.rejections[0].reason, HasSubstr("arest_date: unparseable date '32.13.1937'"));
  EXPECT_EQ(f.rejections[1].line, 6);
  EXPECT_THAT(f.rejections[1].reason, HasSubstr("expected 39 fields, found 3"));
  EXPECT_EQ(f.rejections[2].line, 7);
  EXPECT_THAT(f.rejections[2].reason, HasSubstr("was_executed"));

  ASSERT_OK_AND_ASSIGN(auto found, search::Search(::memoria::testing::PublicView(store_.get()), "Щербакова Ирина", {}));
  ASSERT_EQ(found.hits.size(), 1u);
  ASSERT_OK_AND_ASSIGN(store::PersonView p, ::memoria::testing::PublicView(store_.get())->GetPerson(found.hits[0].person_id));
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_THAT(p.records[0].raw, HasSubstr(R"("person_id":"101")"));
  EXPECT_THAT(p.records[0].raw, HasSubstr(R"("education":"None")")) << "raw must be verbatim";
  std::map<std::string, std::string> dates;
  for (const auto& e : p.events) dates[e.type] = e.date.ToString();
  EXPECT_EQ(dates["birth"], "1899");
  EXPECT_EQ(dates["arrest"], "1938-05-17");
  EXPECT_EQ(dates["sentence"], "1938-06");
  EXPECT_EQ(dates["execution"], "1938-06-21");
  EXPECT_EQ(dates["rehabilitation"], "1957");
  bool has_nationality = false;
  for (const auto& a : p.attributes)
    has_nationality |= (a.kind == "nationality" && a.value == "русская");
  EXPECT_TRUE(has_nationality);
}

TEST_F(IngestTest, ImportingTheSameFileTwiceAddsNothing) {
  ASSERT_OK(Run("memorial-lists", {FixturePath("memorial_lists_small.tsv")}));
  store::Stats before = Stats();
  ASSERT_OK_AND_ASSIGN(ImportReport r,
                       Run("memorial-lists", {FixturePath("memorial_lists_small.tsv")}));
  EXPECT_EQ(r.files[0].records_added, 0);
  ASSERT_TRUE(r.files[0].already_imported.has_value());
  EXPECT_EQ(r.files[0].already_imported->file_name, "memorial_lists_small.tsv");
  store::Stats after = Stats();
  EXPECT_EQ(after.persons, before.persons);
  EXPECT_EQ(after.records, before.records);
  EXPECT_EQ(after.names, before.names);
  EXPECT_EQ(after.events, before.events);
}

TEST_F(IngestTest, ExactRepeatsWithinAFileAreKeptAndReimportAddsNothing) {
  std::string path = Write("repeats.tsv",
                           "person_id\tsurname\tname\tpatronimic\n"
                           "7\tПовторов\tИван\tИванович\n"
                           "7\tПовторов\tИван\tИванович\n"
                           "8\tДругой\tИван\tИванович\n"
                           "7\tПовторов\tИван\tИванович\n");
  ASSERT_OK_AND_ASSIGN(ImportReport first, Run("memorial-lists", {path}));
  EXPECT_EQ(first.files[0].records_added, 4);
  EXPECT_EQ(first.files[0].duplicates, 0);
  EXPECT_EQ(::memoria::testing::QueryInt(store_.get(), "SELECT max(occurrence) FROM records"), 3);
  // The same rows in another file of the same source add nothing.
  std::string copy = Write("repeats_copy.tsv",
                           "person_id\tsurname\tname\tpatronimic\n"
                           "7\tПовторов\tИван\tИванович\n"
                           "7\tПовторов\tИван\tИванович\n"
                           "8\tДругой\tИван\tИванович\n"
                           "7\tПовторов\tИван\tИванович\n"
                           "8\tДругой\tИван\tИванович\n");
  ImportOptions append;
  append.profile = "memorial-lists";
  append.append_to = "memorial-lists:repeats.tsv";
  ASSERT_OK_AND_ASSIGN(ImportReport second, Import(store_.get(), {copy}, append));
  EXPECT_EQ(second.files[0].records_added, 1);
  EXPECT_EQ(second.files[0].duplicates, 4);
  EXPECT_EQ(Stats().records, 5);
  // A later snapshot repeating the row once more adds just that copy.
  std::string more = Write("repeats2.tsv",
                           "person_id\tsurname\tname\tpatronimic\n"
                           "7\tПовторов\tИван\tИванович\n"
                           "7\tПовторов\tИван\tИванович\n"
                           "7\tПовторов\tИван\tИванович\n"
                           "7\tПовторов\tИван\tИванович\n");
  ASSERT_OK_AND_ASSIGN(ImportReport third, Import(store_.get(), {more}, append));
  EXPECT_EQ(third.files[0].records_added, 1);
  EXPECT_EQ(third.files[0].duplicates, 3);
}

TEST_F(IngestTest, DryRunReportsButWritesNothing) {
  ASSERT_OK_AND_ASSIGN(ImportReport r,
                       Run("memorial-lists", {FixturePath("memorial_lists_small.tsv")}, true));
  EXPECT_EQ(r.files[0].persons_added, 3);
  EXPECT_EQ(Stats().persons, 0);
  EXPECT_EQ(Stats().sources, 0);
}

TEST_F(IngestTest, UnknownColumnRefusesTheWholeImport) {
  ASSERT_OK(Run("memorial-lists", {FixturePath("memorial_lists_small.tsv")}));
  store::Stats before = Stats();
  // A good file followed by a bad one: nothing of either is kept.
  auto r = Run("memorial-lists", {Write("good.tsv",
                                        "person_id\tsurname\tname\tpatronimic\n"
                                        "9\tНовиков\tИван\tИванович\n"),
                                  FixturePath("memorial_lists_unknown_column.tsv")});
  EXPECT_THAT(r, StatusIs(StatusCode::kInvalidArgument, HasSubstr("unknown column 'shoe_size'")));
  store::Stats after = Stats();
  EXPECT_EQ(after.persons, before.persons);
  EXPECT_EQ(after.records, before.records);
  EXPECT_EQ(after.batches, before.batches);
}

TEST_F(IngestTest, MissingRequiredColumnIsRefused) {
  auto r = Run("memorial-lists", {Write("x.tsv", "person_id\tsurname\n1\tА\n")});
  EXPECT_THAT(r, StatusIs(StatusCode::kInvalidArgument, HasSubstr("'name' is missing")));
}

TEST_F(IngestTest, FileInAnotherEncodingIsRefusedWithAHint) {
  // "фамилия" in CP1251 as the header.
  auto r = Run("mos-memo", {Write("cp1251.csv", "\xf4\xe0\xec\xe8\xeb\xe8\xff,x\n1,2\n")});
  EXPECT_THAT(r, StatusIs(StatusCode::kInvalidArgument, HasSubstr("UTF-8")));
  EXPECT_EQ(Stats().records, 0);
}

TEST_F(IngestTest, UnterminatedQuoteAtEndRefusesTheImport) {
  std::string path = Write("broken.csv",
                           "ADDRESS,APT,NAME,BIO,COUNT,LINK\n"
                           "\"ул. Тестовая, д.1\",1,Тестов Тест Тестович,\"род. 1900. Расстрелян "
                           "1.1.1938.\",1,x\n"
                           "\"ул. Тестовая, д.2\",2,Другой Тест,\"род. 1901, без конца\n");
  auto r = Run("mos-memo", {path});
  EXPECT_THAT(r, StatusIs(StatusCode::kInvalidArgument));
  EXPECT_EQ(Stats().records, 0);
  EXPECT_EQ(Stats().persons, 0);
}

TEST_F(IngestTest, InvalidUtf8RowIsRejectedAndTheRestImported) {
  std::string path = Write("mixed.tsv",
                           "person_id\tsurname\tname\tpatronimic\n"
                           "1\tПервый\tИван\tИванович\n"
                           "2\t\xcf\xe5\xf2\xf0\xee\xe2\tИван\tИванович\n"
                           "3\tТретий\tИван\tИванович\n");
  ASSERT_OK_AND_ASSIGN(ImportReport r, Run("memorial-lists", {path}));
  EXPECT_EQ(r.files[0].persons_added, 2);
  EXPECT_EQ(r.files[0].rows_rejected, 1);
  ASSERT_EQ(r.files[0].rejections.size(), 1u);
  EXPECT_EQ(r.files[0].rejections[0].line, 3);
}

TEST_F(IngestTest, OverlongFieldIsRejectedWithItsLine) {
  std::string huge(2 << 20, 'x');
  std::string path = Write("long.tsv", "person_id\tsurname\tname\tpatronimic\n1\t" + huge +
                                           "\tИван\tИванович\n2\tВторой\tИван\tИванович\n");
  ASSERT_OK_AND_ASSIGN(ImportReport r, Run("memorial-lists", {path}));
  EXPECT_EQ(r.files[0].persons_added, 1);
  ASSERT_EQ(r.files[0].rejections.size(), 1u);
  EXPECT_EQ(r.files[0].rejections[0].line, 2);
}

TEST_F(IngestTest, MappedCsvImportsNamesDatesAndAttributes) {
  ASSERT_OK_AND_ASSIGN(ImportReport r, Run("csv", {FixturePath("generic_list.csv")}, false,
                                           FixturePath("generic_list.mapping.json")));
  const FileReport& f = r.files[0];
  EXPECT_EQ(f.persons_added, 2);
  ASSERT_EQ(f.rejections.size(), 1u);
  EXPECT_EQ(f.rejections[0].line, 4);
  EXPECT_THAT(f.rejections[0].reason, HasSubstr("unparseable date 'когда-то'"));
  ASSERT_OK_AND_ASSIGN(auto found, search::Search(::memoria::testing::PublicView(store_.get()), "гольдберг яков", {}));
  ASSERT_EQ(found.hits.size(), 1u);
  ASSERT_OK_AND_ASSIGN(store::PersonView p, ::memoria::testing::PublicView(store_.get())->GetPerson(found.hits[0].person_id));
  EXPECT_EQ(p.names[0].patronymic, "Моисеевич");
  std::map<std::string, std::string> dates;
  for (const auto& e : p.events) dates[e.type] = e.date.ToString();
  EXPECT_EQ(dates["birth"], "1895");
  EXPECT_EQ(dates["arrest"], "1937-07");
  EXPECT_EQ(p.records[0].external_id, "2");
  EXPECT_THAT(p.records[0].raw, HasSubstr(R"(запись с \"кавычками\", и запятой)"));
}

TEST_F(IngestTest, MappingWithoutAColumnOfTheFileIsRefused) {
  std::string mapping = Write("m.json", R"({"columns": {"ФИО": "full_name"}})");
  auto r = Run("csv", {FixturePath("generic_list.csv")}, false, mapping);
  EXPECT_THAT(r, StatusIs(StatusCode::kInvalidArgument, HasSubstr("unknown column(s)")));
}

TEST_F(IngestTest, MappingWithAnUnknownTargetIsRefused) {
  std::string mapping = Write("m.json", R"({"columns": {"ФИО": "shoe.size"}})");
  auto r = Run("csv", {FixturePath("generic_list.csv")}, false, mapping);
  EXPECT_THAT(r, StatusIs(StatusCode::kInvalidArgument, HasSubstr("unknown target 'shoe.size'")));
}

TEST_F(IngestTest, CsvProfileNeedsAMapping) {
  EXPECT_THAT(Run("csv", {FixturePath("generic_list.csv")}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("--mapping")));
}

TEST_F(IngestTest, UnknownProfileAndMissingFileAreErrors) {
  EXPECT_THAT(Run("nope", {FixturePath("generic_list.csv")}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("unknown profile")));
  EXPECT_THAT(Run("mos-memo", {dir_ + "/absent.csv"}), StatusIs(StatusCode::kNotFound));
}

TEST_F(IngestTest, SearchIgnoresCaseYoOrderAndMissingPatronymic) {
  ASSERT_OK(Run("memorial-lists", {FixturePath("memorial_lists_small.tsv")}));
  for (const char* q :
       {"ёлкин пётр семёнович", "ЕЛКИН ПЕТР", "Петр Елкин", "Елкин П. С.", "елкин"}) {
    ASSERT_OK_AND_ASSIGN(auto found, search::Search(::memoria::testing::PublicView(store_.get()), q, {}));
    ASSERT_FALSE(found.hits.empty()) << q;
    EXPECT_EQ(found.hits[0].surname, "Ёлкин") << q;
  }
  ASSERT_OK_AND_ASSIGN(auto none, search::Search(::memoria::testing::PublicView(store_.get()), "Елкин Иван", {}));
  EXPECT_TRUE(none.hits.empty());
}

TEST_F(IngestTest, SurnameVariantFindsThePerson) {
  ASSERT_OK(Run("memorial-lists", {FixturePath("memorial_lists_small.tsv")}));
  ASSERT_OK_AND_ASSIGN(auto found, search::Search(::memoria::testing::PublicView(store_.get()), "Ким Ен Сик", {}));
  ASSERT_EQ(found.hits.size(), 1u);
  EXPECT_EQ(found.hits[0].given, "Ен Сик");
}

TEST_F(IngestTest, SearchRejectsBadQueries) {
  EXPECT_THAT(search::Search(::memoria::testing::PublicView(store_.get()), "", {}), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(search::Search(::memoria::testing::PublicView(store_.get()), " ,.;! ", {}), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(search::Search(::memoria::testing::PublicView(store_.get()), "\xff\xfe", {}), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(search::Search(::memoria::testing::PublicView(store_.get()), std::string(100000, 'a'), {}),
              StatusIs(StatusCode::kResourceExhausted));
}

TEST_F(IngestTest, JsonlExportCarriesRawFieldsExactly) {
  ASSERT_OK(Run("memorial-lists", {FixturePath("memorial_lists_small.tsv")}));
  std::ostringstream out;
  ASSERT_OK_AND_ASSIGN(int64_t n, exports::Export(::memoria::testing::PublicView(store_.get()), "jsonl", &out));
  EXPECT_EQ(n, 3);
  std::istringstream in(out.str());
  std::string line;
  int lines = 0;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    for (const char* key : {"person_id", "names", "events", "attributes", "records"}) {
      EXPECT_TRUE(j.contains(key)) << key;
    }
    ASSERT_EQ(j["records"].size(), 1u);
    EXPECT_EQ(j["records"][0]["raw"].size(), 39u);
    EXPECT_EQ(j["records"][0]["source_key"], "memorial-lists:memorial_lists_small.tsv");
    ++lines;
  }
  EXPECT_EQ(lines, 3);
}

// ---------------------------------------------------------------------------
// The places profile.

class PlacesImportTest : public IngestTest {
 protected:
  int64_t Count(const std::string& sql) { return ::memoria::testing::QueryInt(store_.get(), sql); }
  // The names of the place whose name is "place", "|"-joined in id order.
  std::string NamesOf(const std::string& place) {
    std::string out;
    for (const auto& row : ::memoria::testing::QueryRows(
             store_.get(),
             "SELECT n.name || '=' || n.norm, p.name FROM place_names n"
             " JOIN places p ON p.id = n.place_id ORDER BY n.id")) {
      if (row[1] != place) continue;
      if (!out.empty()) out += "|";
      out += row[0];
    }
    return out;
  }
};

TEST_F(PlacesImportTest, RenamingsBecomeOneStreetPerModernNameWithItsOldNames) {
  ASSERT_OK_AND_ASSIGN(ImportReport r, Run("places", {FixturePath("street_renamings.csv")}));
  const FileReport& f = r.files[0];
  EXPECT_EQ(f.profile, "places");
  EXPECT_EQ(f.rows_read, 7);
  EXPECT_EQ(f.records_added, 5);
  EXPECT_EQ(f.rows_rejected, 2);
  EXPECT_EQ(f.persons_added, 0);
  EXPECT_EQ(f.places_added, 4);
  EXPECT_EQ(f.place_names_added, 9);
  EXPECT_EQ(Count("SELECT count(*) FROM places WHERE kind = 'street'"), 4);
  EXPECT_EQ(NamesOf("Мясницкая улица"),
            "Мясницкая улица=мясницкая|улица Кирова=кирова|Первая Мясницкая улица=1 мясницкая");
  EXPECT_EQ(NamesOf("Триумфальная площадь"),
            "Триумфальная площадь=триумфальная|площадь Маяковского=маяковского");
  EXPECT_EQ(Count("SELECT count(*) FROM place_names WHERE record_id IS NULL"), 0);
  EXPECT_EQ(
      Count("SELECT count(*) FROM place_names n JOIN records r ON r.id = n.record_id"
            " JOIN sources s ON s.id = r.source_id WHERE s.key = 'places:street_renamings.csv'"),
      9);
  EXPECT_EQ(Stats().persons, 0);
}

TEST_F(PlacesImportTest, BadRenamingRowsAreRejectedWithTheirLines) {
  ASSERT_OK_AND_ASSIGN(ImportReport r, Run("places", {FixturePath("street_renamings.csv")}));
  const FileReport& f = r.files[0];
  ASSERT_EQ(f.rejections.size(), 2u);
  EXPECT_EQ(f.rejections[0].line, 6);
  EXPECT_THAT(f.rejections[0].reason, HasSubstr("modern_name is empty"));
  EXPECT_EQ(f.rejections[1].line, 7);
  EXPECT_THAT(f.rejections[1].reason, HasSubstr("old_name is empty"));
}

TEST_F(PlacesImportTest, ReimportingAddsNothing) {
  ASSERT_OK(Run("places", {FixturePath("street_renamings.csv")}));
  ASSERT_OK(Run("places", {FixturePath("buildings_geocoded.csv")}));
  const int64_t places = Count("SELECT count(*) FROM places");
  const int64_t names = Count("SELECT count(*) FROM place_names");
  ASSERT_OK_AND_ASSIGN(ImportReport r, Run("places", {FixturePath("street_renamings.csv"),
                                                      FixturePath("buildings_geocoded.csv")}));
  EXPECT_EQ(r.files[0].records_added, 0);
  EXPECT_TRUE(r.files[0].already_imported.has_value());
  EXPECT_EQ(r.files[1].records_added, 0);
  EXPECT_TRUE(r.files[1].already_imported.has_value());
  EXPECT_EQ(Count("SELECT count(*) FROM places"), places);
  EXPECT_EQ(Count("SELECT count(*) FROM place_names"), names);
}

TEST_F(PlacesImportTest, ANewFileAddsOldNamesToTheExistingStreet) {
  ASSERT_OK(Run("places", {FixturePath("street_renamings.csv")}));
  std::string more = Write("more_renamings.csv",
                           "modern_name,old_name\n"
                           "Мясницкая улица,Мясницкая-Первая улица\n");
  ASSERT_OK_AND_ASSIGN(ImportReport r, Run("places", {more}));
  EXPECT_EQ(r.files[0].places_added, 0);
  EXPECT_EQ(r.files[0].place_names_added, 1);
  EXPECT_EQ(Count("SELECT count(*) FROM places WHERE name = 'Мясницкая улица'"), 1);
}

TEST_F(PlacesImportTest, GeocodedBuildingsBecomeBuildingsKeyedByStreetAndHouse) {
  ASSERT_OK_AND_ASSIGN(ImportReport r, Run("places", {FixturePath("buildings_geocoded.csv")}));
  const FileReport& f = r.files[0];
  EXPECT_EQ(f.rows_read, 8);
  EXPECT_EQ(f.records_added, 4);
  EXPECT_EQ(f.places_added, 4);
  EXPECT_EQ(f.place_names_added, 4);
  EXPECT_EQ(f.rows_rejected, 4);
  EXPECT_EQ(Count("SELECT count(*) FROM places WHERE kind = 'building'"), 4);
  EXPECT_EQ(NamesOf("Мясницкая ул., д.12"), "Мясницкая ул., д.12=мясницкая|12");
  EXPECT_EQ(NamesOf("Мясницкая ул., д.4, корп. 2"), "Мясницкая ул., д.4, корп. 2=мясницкая|4к2");
  EXPECT_EQ(NamesOf("Зеленая ул., д.7а"), "Зеленая ул., д.7а=зеленая|7а");
  EXPECT_EQ(NamesOf("Кремль, 4-й дом Советов"), "Кремль, 4-й дом Советов=кремль|4-й дом советов");
  EXPECT_EQ(Count("SELECT count(*) FROM places WHERE name = 'Мясницкая ул., д.12'"
                  " AND abs(lat - 55.7612) < 1e-9 AND abs(lon - 37.6341) < 1e-9"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM places WHERE name = 'Зеленая ул., д.7а'"
                  " AND lat IS NULL AND lon IS NULL"),
            1);
}

TEST_F(PlacesImportTest, BadBuildingRowsAreRejectedWithTheirLines) {
  ASSERT_OK_AND_ASSIGN(ImportReport r, Run("places", {FixturePath("buildings_geocoded.csv")}));
  const FileReport& f = r.files[0];
  ASSERT_EQ(f.rejections.size(), 4u);
  EXPECT_EQ(f.rejections[0].line, 5);
  EXPECT_THAT(f.rejections[0].reason, HasSubstr("longitude is not a number: 'east'"));
  EXPECT_EQ(f.rejections[1].line, 6);
  EXPECT_THAT(f.rejections[1].reason, HasSubstr("out of range"));
  EXPECT_EQ(f.rejections[2].line, 7);
  EXPECT_THAT(f.rejections[2].reason, HasSubstr("street is empty"));
  EXPECT_EQ(f.rejections[3].line, 8);
  EXPECT_THAT(f.rejections[3].reason, HasSubstr("only one of longitude and latitude"));
}

TEST_F(PlacesImportTest, ParsedAddressesFindTheirBuildingThroughARenaming) {
  ASSERT_OK(Run("places", {FixturePath("street_renamings.csv")}));
  ASSERT_OK(Run("places", {FixturePath("buildings_geocoded.csv")}));
  // "ул. Кирова, д. 12" -> the street's modern key -> the building.
  EXPECT_GT(::memoria::testing::QueryInt(store_.get(),
                                         "SELECT b.place_id FROM place_names old"
                                         " JOIN place_names modern ON modern.place_id = old.place_id"
                                         " JOIN place_names b ON b.norm = modern.norm || '|12'"
                                         " WHERE old.norm = 'кирова' LIMIT 1"),
            0);
}

TEST_F(PlacesImportTest, AnUnknownHeaderIsRefused) {
  std::string path = Write("other.csv", "name,lat,lon\nX,1,2\n");
  EXPECT_THAT(Run("places", {path}).status(),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("modern_name,old_name")));
  EXPECT_EQ(Count("SELECT count(*) FROM places"), 0);
  EXPECT_EQ(Stats().sources, 0);
}

TEST_F(PlacesImportTest, AFailedFileLeavesTheWholeImportUndone) {
  std::string broken = Write("broken.csv", "street,house,longitude,latitude\n\"X,1,2,3\n");
  EXPECT_THAT(Run("places", {FixturePath("street_renamings.csv"), broken}).status(),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("quoted field is not closed")));
  EXPECT_EQ(Count("SELECT count(*) FROM places"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM place_names"), 0);
}

TEST_F(PlacesImportTest, DryRunWritesNothing) {
  ASSERT_OK_AND_ASSIGN(ImportReport r,
                       Run("places", {FixturePath("street_renamings.csv")}, /*dry_run=*/true));
  EXPECT_EQ(r.files[0].places_added, 4);
  EXPECT_EQ(Count("SELECT count(*) FROM places"), 0);
}

// ---------------------------------------------------------------------------
// A store write that fails half-way (a full disk, an I/O error), at every
// write of an import in turn: each failed import leaves the archive exactly
// as it was, and the error says what failed.

class FailingWriteTest : public IngestTest {
 protected:
  // Imports "files" with the Nth store write failing, for N = 0, 1, 2, ...
  // until the import succeeds; returns how many failures were tried.
  int ImportFailingEachWrite(const std::string& profile, const std::vector<std::string>& files,
                             const std::string& mapping = "") {
    Result<std::string> dumped = store::StoreTesting::Dump(store_.get());
    EXPECT_OK(dumped);
    const std::string before = dumped.ok() ? *dumped : "";
    for (int n = 0; n < 100000; ++n) {
      store::StoreTesting::FailWrite(store_.get(), n);
      Result<ImportReport> r = Run(profile, files, false, mapping);
      store::StoreTesting::FailWrite(store_.get(), -1);
      if (r.ok()) return n;
      EXPECT_THAT(r.status(), StatusIs(StatusCode::kUnavailable, HasSubstr("injected")))
          << "write " << n;
      Result<std::string> after = store::StoreTesting::Dump(store_.get());
      EXPECT_TRUE(after.ok() && *after == before) << "write " << n << " left the archive changed";
      if (!after.ok() || *after != before) return n;
    }
    ADD_FAILURE() << "the import never succeeded";
    return 0;
  }
};

TEST_F(FailingWriteTest, EveryWriteOfAListImportFailingLeavesTheArchiveAsItWas) {
  // Something in the archive already, so "as it was" is not just "empty".
  ASSERT_OK(Run("places", {FixturePath("street_renamings.csv")}));
  const int tried = ImportFailingEachWrite("memorial-lists", {FixturePath("memorial_lists_small.tsv")});
  EXPECT_GT(tried, 20);  // every record, person, name and event write was tried
  EXPECT_EQ(Stats().persons, 3);
}

TEST_F(FailingWriteTest, EveryWriteOfAPlacesImportFailingLeavesTheArchiveAsItWas) {
  ASSERT_OK(Run("memorial-lists", {FixturePath("memorial_lists_small.tsv")}));
  const int tried = ImportFailingEachWrite(
      "places", {FixturePath("street_renamings.csv"), FixturePath("buildings_geocoded.csv")});
  EXPECT_GT(tried, 10);
  EXPECT_GT(::memoria::testing::QueryInt(store_.get(), "SELECT count(*) FROM places"), 0);
}

TEST_F(FailingWriteTest, EveryWriteOfAMappedCsvImportFailingLeavesTheArchiveAsItWas) {
  const int tried = ImportFailingEachWrite("csv", {FixturePath("generic_list.csv")},
                                           FixturePath("generic_list.mapping.json"));
  EXPECT_GT(tried, 5);
}

}  // namespace
}  // namespace memoria::ingest
