// The memorial-lists import stores its rows packed (store/record_codec.h)
// and loads an archive it outgrows with the secondary indexes built last:
// what a reader sees of a record is still exactly the row, a re-import still
// adds nothing, and a failed import still leaves the archive as it was,
// indexes included.
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/hash.h"
#include "ingest/ingest.h"
#include "store/internal/testing.h"
#include "store/reader.h"
#include "testing/archive_builder.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria::ingest {
namespace {

using ::memoria::testing::FixturePath;
using ::memoria::testing::FreshTempDir;
using ::memoria::testing::FullView;
using ::memoria::testing::QueryInt;
using ::memoria::testing::StatusIs;
using ::testing::HasSubstr;

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, '\t')) out.push_back(field);
  if (!line.empty() && line.back() == '\t') out.emplace_back();
  return out;
}

class PackedImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = FreshTempDir();
    auto s = store::Store::Create(dir_ + "/archive");
    ASSERT_OK(s);
    store_ = std::move(s).value();
  }

  Result<ImportReport> Run(const std::vector<std::string>& files, std::string append_to = "") {
    ImportOptions o;
    o.profile = "memorial-lists";
    o.append_to = std::move(append_to);
    return Import(store_.get(), files, o);
  }

  std::string Write(const std::string& name, const std::string& content) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  std::string Schema() {
    std::string out;
    for (const auto& row : ::memoria::testing::QueryRows(
             store_.get(), "SELECT type || ' ' || name FROM sqlite_schema ORDER BY 1")) {
      out += row[0] + "\n";
    }
    return out;
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
};

// A file whose values need escaping in JSON, are empty, "None", or outside
// the Basic Multilingual Plane.
constexpr char kOddRows[] =
    "person_id\tsurname\tname\tpatronimic\tbirth_place\tmemory_book\n"
    "1\tО'Нил\tДжон \"Джек\"\tNone\tC:\\Temp\\x\tКнига 𝔐 😀\n"
    "2\tИванова\tМария\t\t\tNone\n"
    "3\tПетров\tNone\tИванович\t\x01\x1f ctl\t  spaced  \n";

TEST_F(PackedImportTest, EveryRecordReadsBackAsItsRowExactly) {
  const std::string path = Write("odd.tsv", kOddRows);
  ASSERT_OK_AND_ASSIGN(ImportReport r, Run({path, FixturePath("memorial_lists_small.tsv")}));
  ASSERT_EQ(r.files[0].records_added, 3);
  ASSERT_EQ(r.files[1].records_added, 3);  // and three rows rejected
  // Packed: the column names are stored once per file layout, not per row.
  EXPECT_EQ(QueryInt(store_.get(), "SELECT count(*) FROM records WHERE layout_id IS NULL"), 0);
  EXPECT_EQ(QueryInt(store_.get(), "SELECT count(*) FROM record_layouts"), 2);
  store::Reader* reader = FullView(store_.get());
  int64_t person = 0;
  for (size_t f = 0; f < r.files.size(); ++f) {
    std::ifstream in(r.files[f].file, std::ios::binary);
    std::string line;
    std::getline(in, line);
    const std::vector<std::string> header = SplitTabs(line);
    int64_t line_number = 1;
    while (std::getline(in, line)) {
      ++line_number;
      bool rejected = false;
      for (const Rejection& j : r.files[f].rejections) rejected |= j.line == line_number;
      if (line.empty() || rejected) continue;
      const std::vector<std::string> fields = SplitTabs(line);
      ASSERT_EQ(fields.size(), header.size()) << line;
      nlohmann::ordered_json expected = nlohmann::ordered_json::object();
      for (size_t i = 0; i < header.size(); ++i) expected[header[i]] = fields[i];
      ++person;
      ASSERT_OK_AND_ASSIGN(store::PersonView p, reader->GetPerson(person));
      ASSERT_EQ(p.records.size(), 1u);
      const std::string& raw = p.records[0].raw;
      EXPECT_EQ(nlohmann::ordered_json::parse(raw), expected) << raw;
      EXPECT_EQ(raw, expected.dump()) << "the canonical text, byte for byte";
      EXPECT_EQ(p.records[0].content_hash, ToHex(Sha256(raw)));
    }
  }
  EXPECT_EQ(person, 6);
}

TEST_F(PackedImportTest, ReimportedRowsAreDuplicatesAndOnlyTheNewRowIsAdded) {
  const std::string path = Write("odd.tsv", kOddRows);
  ASSERT_OK(Run({path}).status());
  const std::string more =
      Write("odd_more.tsv", std::string(kOddRows) + "4\tСидоров\tИван\tNone\tNone\tNone\n");
  ASSERT_OK_AND_ASSIGN(ImportReport r, Run({more}, "memorial-lists:odd.tsv"));
  EXPECT_EQ(r.files[0].records_added, 1);
  EXPECT_EQ(r.files[0].duplicates, 3);
  EXPECT_EQ(r.files[0].persons_added, 1);
  EXPECT_EQ(QueryInt(store_.get(), "SELECT count(*) FROM records"), 4);
  EXPECT_EQ(QueryInt(store_.get(), "SELECT count(*) FROM record_layouts"), 1);
}

TEST_F(PackedImportTest, AFileRepeatingARowKeepsEveryCopy) {
  const std::string row = "5\tКузнецов\tИван\tNone\tNone\tNone\n";
  const std::string path = Write(
      "repeat.tsv", "person_id\tsurname\tname\tpatronimic\tbirth_place\tmemory_book\n" + row + row);
  ASSERT_OK_AND_ASSIGN(ImportReport r, Run({path}));
  EXPECT_EQ(r.files[0].records_added, 2);
  EXPECT_EQ(QueryInt(store_.get(), "SELECT max(occurrence) FROM records"), 2);
}

TEST_F(PackedImportTest, AFailedBulkImportLeavesTablesAndIndexesAsTheyWere) {
  // Something there already, so that the failure has an archive to spoil.
  ASSERT_OK(Run({Write("odd.tsv", kOddRows)}).status());
  // Twelve rows of some 300 bytes: more rows than the archive holds
  // records (3), so the file is loaded in bulk (kBytesPerRow in
  // memorial_lists.cc), and dropping and building the indexes are among
  // the writes that fail.
  std::string rows = "person_id\tsurname\tname\tpatronimic\tbirth_place\tmemory_book\n";
  for (int i = 0; i < 12; ++i) {
    rows += std::to_string(100 + i) + "\tФамилия" + std::to_string(i) +
            "\tИмя\tОтчество\tг. Тверь\t" + std::string(250, 'x') + "\n";
  }
  const std::string path = Write("bulk.tsv", rows);
  const std::string schema = Schema();
  const std::string dump = store::StoreTesting::Dump(store_.get()).value();
  int n = 0;
  for (; n < 10000; ++n) {
    store::StoreTesting::FailWrite(store_.get(), n);
    Result<ImportReport> r = Run({path});
    store::StoreTesting::FailWrite(store_.get(), -1);
    if (r.ok()) break;
    EXPECT_THAT(r.status(), StatusIs(StatusCode::kUnavailable, HasSubstr("injected")));
    ASSERT_EQ(Schema(), schema) << "write " << n << " left the schema changed";
    ASSERT_EQ(store::StoreTesting::Dump(store_.get()).value(), dump)
        << "write " << n << " left the archive changed";
  }
  EXPECT_GT(n, 12 * 4);  // a record, a person, a link and a name a row, at least
  EXPECT_EQ(Schema(), schema);
  EXPECT_EQ(QueryInt(store_.get(), "SELECT count(*) FROM records"), 15);
  EXPECT_EQ(QueryInt(store_.get(), "SELECT count(*) FROM names WHERE norm_surname = 'фамилия7'"),
            1);
}

}  // namespace
}  // namespace memoria::ingest
