#include "synth/generator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/text.h"
#include "names/address.h"
#include "synth/internal/moscow.h"
#include "synth/internal/spelling.h"
#include "testing/status_matchers.h"

namespace memoria::synth {
namespace {

using ::memoria::testing::StatusIs;

constexpr std::string_view kHeader =
    "person_id\tsurname\tname\tpatronimic\tbirth_year\tbirth_year_comment\tage\tsex\t"
    "birth_place\tnation\tcitizenship\toccupation\tlive_place\teducation\tparty\tfamily\t"
    "arest_date\tarest_organ\tarest_type\tcriminal_case\tjudicial_organ\tprocess_date\t"
    "criminal_article\tsentence\twas_executed\tdeath_place\tdeath_date\tprevious_repression\t"
    "next_repression\trehabilitation_organ\trehabilitation_reason\trehabilitation_date\t"
    "all_name_variations\tname_variations\tsurname_variations\tpatronimic_variations\t"
    "fullname_variations\tmemory_book\tmemory_book_url";

// Column numbers in the header above.
enum Column {
  kPersonId = 0,
  kSurname = 1,
  kName = 2,
  kPatronymic = 3,
  kBirthYear = 4,
  kSex = 7,
  kLivePlace = 12,
  kArrestDate = 16,
  kProcessDate = 21,
  kSentence = 23,
  kWasExecuted = 24,
  kDeathDate = 26,
  kRehabilitationDate = 31,
  kMemoryBook = 37,
  kColumnCount = 39,
};

struct Corpus {
  std::string tsv;
  std::string truth;
  std::vector<std::vector<std::string>> rows;           // without the header
  std::vector<std::pair<int64_t, int64_t>> truth_rows;  // person_id, entity_id
};

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t end = s.find(sep, start);
    out.emplace_back(s.substr(start, end == std::string_view::npos ? s.npos : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

// Lines without their final newline; the text must end with one.
std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> lines = Split(text, '\n');
  EXPECT_EQ(lines.back(), "") << "the output must end with a newline";
  lines.pop_back();
  return lines;
}

Corpus Generate(const GenerateOptions& options) {
  Corpus c;
  std::ostringstream tsv;
  std::ostringstream truth;
  EXPECT_OK(GenerateCorpus(options, &tsv, &truth));
  c.tsv = tsv.str();
  c.truth = truth.str();
  std::vector<std::string> lines = Lines(c.tsv);
  for (size_t i = 1; i < lines.size(); ++i) c.rows.push_back(Split(lines[i], '\t'));
  std::vector<std::string> truth_lines = Lines(c.truth);
  for (size_t i = 1; i < truth_lines.size(); ++i) {
    std::vector<std::string> f = Split(truth_lines[i], '\t');
    EXPECT_EQ(f.size(), 2u) << truth_lines[i];
    if (f.size() == 2) c.truth_rows.emplace_back(std::stoll(f[0]), std::stoll(f[1]));
  }
  return c;
}

GenerateOptions Options(int64_t rows, uint64_t seed = 7, double duplicate_share = 0.2) {
  GenerateOptions o;
  o.rows = rows;
  o.seed = seed;
  o.duplicate_share = duplicate_share;
  return o;
}

size_t Levenshtein(std::string_view a, std::string_view b) {
  const std::u32string x = internal::DecodeUtf8(a);
  const std::u32string y = internal::DecodeUtf8(b);
  std::vector<size_t> prev(y.size() + 1), cur(y.size() + 1);
  for (size_t j = 0; j <= y.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= x.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= y.size(); ++j) {
      cur[j] =
          std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[y.size()];
}

// Row index of every entity's first record, and each row's entity's first row.
std::vector<size_t> FirstRowOfEntity(const Corpus& c) {
  std::unordered_map<int64_t, size_t> first;
  std::vector<size_t> out;
  for (size_t i = 0; i < c.truth_rows.size(); ++i) {
    first.emplace(c.truth_rows[i].second, i);
    out.push_back(first.at(c.truth_rows[i].second));
  }
  return out;
}

TEST(GeneratorTest, WritesTheMemorialListsHeader) {
  const Corpus c = Generate(Options(3));
  EXPECT_EQ(Lines(c.tsv).front(), kHeader);
  EXPECT_EQ(Lines(c.truth).front(), "person_id\tentity_id");
}

TEST(GeneratorTest, WritesExactlyTheRequestedNumberOfRows) {
  for (int64_t rows : {0, 1, 2, 999, 4321}) {
    const Corpus c = Generate(Options(rows));
    EXPECT_EQ(c.rows.size(), static_cast<size_t>(rows));
    EXPECT_EQ(c.truth_rows.size(), static_cast<size_t>(rows));
  }
}

TEST(GeneratorTest, EveryRowHasThirtyNineNonEmptyFields) {
  const Corpus c = Generate(Options(5000));
  for (const auto& row : c.rows) {
    ASSERT_EQ(row.size(), static_cast<size_t>(kColumnCount)) << row[0];
    for (const std::string& field : row) {
      ASSERT_FALSE(field.empty()) << "empty fields are written as None, row " << row[0];
      ASSERT_EQ(field.find('\r'), std::string::npos);
      ASSERT_EQ(field, CollapseSpace(field)) << "no stray white space, row " << row[0];
    }
  }
}

TEST(GeneratorTest, SameSeedGivesIdenticalOutput) {
  const Corpus a = Generate(Options(3000, 42));
  const Corpus b = Generate(Options(3000, 42));
  EXPECT_EQ(a.tsv, b.tsv);
  EXPECT_EQ(a.truth, b.truth);
}

TEST(GeneratorTest, DifferentSeedsGiveDifferentOutput) {
  const Corpus a = Generate(Options(3000, 1));
  const Corpus b = Generate(Options(3000, 2));
  EXPECT_NE(a.tsv, b.tsv);
  size_t same_surname = 0;
  for (size_t i = 0; i < a.rows.size(); ++i)
    same_surname += a.rows[i][kSurname] == b.rows[i][kSurname];
  EXPECT_LT(same_surname, a.rows.size() / 10);
}

TEST(GeneratorTest, PersonIdsAreUniqueAndIncreasingFromTheFirstId) {
  GenerateOptions o = Options(2000);
  o.first_person_id = 500;
  const Corpus c = Generate(o);
  for (size_t i = 0; i < c.rows.size(); ++i) {
    ASSERT_EQ(c.rows[i][kPersonId], std::to_string(500 + static_cast<int64_t>(i)));
  }
}

TEST(GeneratorTest, TruthFileListsEveryRowWithAnEarlierOrOwnEntity) {
  const Corpus c = Generate(Options(20000, 3, 0.25));
  ASSERT_EQ(c.truth_rows.size(), c.rows.size());
  std::set<int64_t> entities_seen;
  size_t duplicates = 0;
  for (size_t i = 0; i < c.rows.size(); ++i) {
    const auto [person_id, entity_id] = c.truth_rows[i];
    ASSERT_EQ(std::to_string(person_id), c.rows[i][kPersonId]);
    if (entity_id == person_id) {
      entities_seen.insert(entity_id);
    } else {
      ++duplicates;
      ASSERT_LT(entity_id, person_id);
      ASSERT_TRUE(entities_seen.count(entity_id)) << "entity_id is the person_id of its first row";
    }
  }
  EXPECT_NEAR(static_cast<double>(duplicates) / static_cast<double>(c.rows.size()), 0.25, 0.02);
}

TEST(GeneratorTest, ZeroDuplicateShareMakesEveryRowItsOwnEntity) {
  const Corpus c = Generate(Options(3000, 3, 0.0));
  for (const auto& [person_id, entity_id] : c.truth_rows) ASSERT_EQ(person_id, entity_id);
}

TEST(GeneratorTest, DatesAreDayMonthYearWithUnderscoresForUnknownParts) {
  const std::regex date(
      R"(([1-9]|[12][0-9]|3[01]|_)\.([1-9]|1[0-2]|_)\.(18[7-9][0-9]|19[0-9]{2}|20[0-9]{2}))");
  const Corpus c = Generate(Options(3000));
  size_t partial = 0;
  size_t known = 0;
  for (const auto& row : c.rows) {
    for (int column : {kArrestDate, kProcessDate, kDeathDate, kRehabilitationDate}) {
      const std::string& f = row[column];
      if (f == "None") continue;
      ++known;
      ASSERT_TRUE(std::regex_match(f, date)) << f;
      partial += f[0] == '_';
    }
  }
  EXPECT_GT(known, c.rows.size());
  EXPECT_GT(partial, 0u) << "some dates have an unknown day";
}

TEST(GeneratorTest, BirthYearsAndArrestYearsAreInTheirPeriods) {
  const Corpus c = Generate(Options(5000));
  std::map<int, int> arrests_by_year;
  for (const auto& row : c.rows) {
    if (row[kBirthYear] != "None") {
      const int year = std::stoi(row[kBirthYear]);
      ASSERT_GE(year, 1869);
      ASSERT_LE(year, 1921);
    }
    const std::string& arrest = row[kArrestDate];
    if (arrest != "None") {
      const int year = std::stoi(arrest.substr(arrest.rfind('.') + 1));
      ASSERT_GE(year, 1929);
      ASSERT_LE(year, 1953);
      ++arrests_by_year[year];
    }
  }
  int peak = 0;
  for (const auto& [year, count] : arrests_by_year) peak = std::max(peak, count);
  EXPECT_TRUE(arrests_by_year[1937] == peak || arrests_by_year[1938] == peak);
}

TEST(GeneratorTest, SexAndExecutionFlagsUseTheListsCodes) {
  const Corpus c = Generate(Options(20000, 5, 0.0));
  size_t women = 0;
  size_t executed = 0;
  for (const auto& row : c.rows) {
    ASSERT_THAT(row[kSex], ::testing::AnyOf("м", "ж"));
    ASSERT_THAT(row[kWasExecuted], ::testing::AnyOf("T", "F"));
    women += row[kSex] == "ж";
    executed += row[kWasExecuted] == "T";
    if (row[kSentence] == "ВМН") {
      ASSERT_EQ(row[kWasExecuted], "T");
    }
  }
  const double n = static_cast<double>(c.rows.size());
  EXPECT_NEAR(women / n, 0.15, 0.02);
  EXPECT_NEAR(executed / n, 0.57, 0.08);
}

TEST(GeneratorTest, DuplicatesKeepTheSurnameWithinTwoEdits) {
  const Corpus c = Generate(Options(20000, 11, 0.3));
  const std::vector<size_t> first = FirstRowOfEntity(c);
  size_t duplicates = 0;
  size_t changed = 0;
  for (size_t i = 0; i < c.rows.size(); ++i) {
    if (first[i] == i) continue;
    ++duplicates;
    const auto& dup = c.rows[i];
    const auto& orig = c.rows[first[i]];
    EXPECT_LE(Levenshtein(dup[kSurname], orig[kSurname]), 2u)
        << dup[kSurname] << " vs " << orig[kSurname];
    EXPECT_EQ(dup[kSex], orig[kSex]);
    EXPECT_NE(dup[kMemoryBook], orig[kMemoryBook]);
    if (dup[kBirthYear] != "None" && orig[kBirthYear] != "None") {
      EXPECT_LE(std::abs(std::stoi(dup[kBirthYear]) - std::stoi(orig[kBirthYear])), 1);
    }
    changed += dup[kSurname] != orig[kSurname] || dup[kName] != orig[kName] ||
               dup[kPatronymic] != orig[kPatronymic];
  }
  EXPECT_GT(duplicates, 5000u);
  EXPECT_GT(static_cast<double>(changed) / static_cast<double>(duplicates), 0.9)
      << "duplicates are spelled differently";
}

TEST(GeneratorTest, SurnameFrequenciesAreSkewedLikeZipf) {
  const Corpus c = Generate(Options(30000, 13, 0.0));
  std::unordered_map<std::string, int> counts;
  for (const auto& row : c.rows) ++counts[row[kSurname]];
  std::vector<int> sorted;
  for (const auto& [surname, count] : counts) sorted.push_back(count);
  std::sort(sorted.rbegin(), sorted.rend());
  ASSERT_GT(sorted.size(), 500u) << "a long tail of surnames";
  const int median = sorted[sorted.size() / 2];
  EXPECT_GT(sorted.front(), 20 * median) << "top " << sorted.front() << ", median " << median;
  EXPECT_LT(sorted.front(), static_cast<int>(c.rows.size() / 20)) << "no surname dominates";
}

TEST(GeneratorTest, OutputIsValidUtf8) {
  const Corpus c = Generate(Options(5000, 17, 0.5));
  EXPECT_TRUE(IsValidUtf8(c.tsv));
  EXPECT_TRUE(IsValidUtf8(c.truth));
}

TEST(GeneratorTest, ReportsProgressEveryHundredThousandRows) {
  GenerateOptions o = Options(250000);
  std::vector<int64_t> calls;
  o.progress = [&calls](int64_t rows) { calls.push_back(rows); };
  std::ostringstream tsv;
  const auto start = std::chrono::steady_clock::now();
  ASSERT_OK(GenerateCorpus(o, &tsv, nullptr));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_THAT(calls, ::testing::ElementsAre(100000, 200000));
  // For information only; never asserted.
  std::printf("generated %lld rows (%zu bytes) at %.0f rows/s\n", static_cast<long long>(o.rows),
              tsv.str().size(), static_cast<double>(o.rows) / seconds);
}

TEST(GeneratorTest, RejectsInvalidOptions) {
  std::ostringstream out;
  EXPECT_THAT(GenerateCorpus(Options(-1), &out, nullptr), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(GenerateCorpus(Options(10, 1, -0.1), &out, nullptr),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(GenerateCorpus(Options(10, 1, 0.95), &out, nullptr),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(
      GenerateCorpus(Options(10, 1, std::numeric_limits<double>::quiet_NaN()), &out, nullptr),
      StatusIs(StatusCode::kInvalidArgument));
  GenerateOptions o = Options(10);
  o.first_person_id = 0;
  EXPECT_THAT(GenerateCorpus(o, &out, nullptr), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(GenerateCorpus(Options(10), nullptr, nullptr),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_EQ(out.str(), "") << "nothing is written for invalid options";
}

TEST(GeneratorTest, FailingStreamIsReportedAsDataLoss) {
  std::ostringstream tsv;
  tsv.setstate(std::ios::badbit);
  EXPECT_THAT(GenerateCorpus(Options(100), &tsv, nullptr), StatusIs(StatusCode::kDataLoss));
  std::ostringstream good;
  std::ostringstream truth;
  truth.setstate(std::ios::badbit);
  EXPECT_THAT(GenerateCorpus(Options(100), &good, &truth), StatusIs(StatusCode::kDataLoss));
}

TEST(SpellingTest, PatronymicsFollowRussianRules) {
  const std::pair<std::string_view, std::string_view> male[] = {
      {"Иван", "Иванович"},      {"Николай", "Николаевич"}, {"Илья", "Ильич"},
      {"Лев", "Львович"},        {"Павел", "Павлович"},     {"Пётр", "Петрович"},
      {"Василий", "Васильевич"}, {"Кузьма", "Кузьмич"},     {"Игорь", "Игоревич"},
      {"Сергей", "Сергеевич"},   {"Дмитрий", "Дмитриевич"}, {"Яков", "Яковлевич"},
      {"Михаил", "Михайлович"},  {"Франц", "Францевич"},    {"Лейба", "Лейбович"},
  };
  for (const auto& [name, patronymic] : male) {
    EXPECT_EQ(internal::Patronymic(name, false), patronymic);
  }
  EXPECT_EQ(internal::Patronymic("Иван", true), "Ивановна");
  EXPECT_EQ(internal::Patronymic("Николай", true), "Николаевна");
  EXPECT_EQ(internal::Patronymic("Илья", true), "Ильинична");
  EXPECT_EQ(internal::Patronymic("Лев", true), "Львовна");
  EXPECT_EQ(internal::Patronymic("Василий", true), "Васильевна");
  EXPECT_EQ(internal::Patronymic("Никита", true), "Никитична");
}

TEST(SpellingTest, FeminineSurnamesDeclineOnlySlavicEndings) {
  using internal::FeminineSurname;
  using internal::Origin;
  EXPECT_EQ(FeminineSurname("Иванов", Origin::kRussian), "Иванова");
  EXPECT_EQ(FeminineSurname("Ильин", Origin::kRussian), "Ильина");
  EXPECT_EQ(FeminineSurname("Соловьёв", Origin::kRussian), "Соловьёва");
  EXPECT_EQ(FeminineSurname("Чайковский", Origin::kPolish), "Чайковская");
  EXPECT_EQ(FeminineSurname("Толстой", Origin::kRussian), "Толстая");
  EXPECT_EQ(FeminineSurname("Шевченко", Origin::kUkrainian), "Шевченко");
  EXPECT_EQ(FeminineSurname("Черных", Origin::kRussian), "Черных");
  EXPECT_EQ(FeminineSurname("Мицкевич", Origin::kBelarusian), "Мицкевич");
  EXPECT_EQ(FeminineSurname("Шмидт", Origin::kGerman), "Шмидт");
  EXPECT_EQ(FeminineSurname("Цой", Origin::kKorean), "Цой");
  EXPECT_EQ(FeminineSurname("Хабибуллин", Origin::kTatar), "Хабибуллина");
}

TEST(SpellingTest, DerivedSurnamesRespectTheJoint) {
  using internal::DerivedSurname;
  using internal::RootSuffix;
  EXPECT_EQ(DerivedSurname("Бурлак", RootSuffix::kOv), "Бурлаков");
  EXPECT_EQ(DerivedSurname("Бурлак", RootSuffix::kEnko), "Бурлаченко");
  EXPECT_EQ(DerivedSurname("Бугай", RootSuffix::kOv), "Бугаев");
  EXPECT_EQ(DerivedSurname("Козырь", RootSuffix::kOvich), "Козыревич");
  EXPECT_EQ(DerivedSurname("Горбач", RootSuffix::kOvsky), "Горбачевский");
}

TEST(SpellingTest, VariantEditsAreSmallAndKeepUtf8Valid) {
  internal::Rng rng(5);
  for (int i = 0; i < 2000; ++i) {
    std::u32string s = internal::DecodeUtf8("Щербаков");
    const int cost = i % 2 ? internal::ApplyTypo(&s, &rng) : internal::ApplyOcrConfusion(&s, &rng);
    std::string out;
    internal::AppendUtf8(s, &out);
    ASSERT_TRUE(IsValidUtf8(out));
    ASSERT_GE(cost, 1);
    ASSERT_LE(Levenshtein(out, "Щербаков"), static_cast<size_t>(cost)) << out;
  }
  EXPECT_EQ(internal::WithoutYo("Королёв Ёлкин"), "Королев Елкин");
}

// ---------------------------------------------------------------------------
// Moscow addresses, street renamings and buildings.

bool IsMoscowAddress(std::string_view live_place) {
  return live_place.find(", кв") != std::string_view::npos &&
         (live_place.rfind("г. Москва, ", 0) == 0 || live_place.rfind("Москва, ", 0) == 0);
}

// Modern street key of every street key, from the renamings CSV.
std::map<std::string, std::string> ModernKeys(const std::string& renamings) {
  std::map<std::string, std::string> out;
  std::vector<std::string> lines = Lines(renamings);
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> f = Split(lines[i], ',');
    EXPECT_EQ(f.size(), 3u) << lines[i];
    out[names::StreetKey(f[1])] = names::StreetKey(f[0]);
    out[names::StreetKey(f[0])] = names::StreetKey(f[0]);
  }
  return out;
}

TEST(MoscowAddressTest, AboutThirtyPercentOfPersonsLiveInMoscow) {
  Corpus c = Generate(Options(5000, 11, 0.0));
  int moscow = 0;
  for (const auto& row : c.rows) moscow += IsMoscowAddress(row[kLivePlace]) ? 1 : 0;
  EXPECT_GT(moscow, 5000 * 0.22);
  EXPECT_LT(moscow, 5000 * 0.34);
}

TEST(MoscowAddressTest, ZeroShareWritesNoMoscowAddress) {
  GenerateOptions o = Options(2000, 11);
  o.moscow_address_share = 0;
  Corpus c = Generate(o);
  for (const auto& row : c.rows) EXPECT_FALSE(IsMoscowAddress(row[kLivePlace]));
}

TEST(MoscowAddressTest, AddressesChangeOnlyTheLivePlaceColumn) {
  GenerateOptions without = Options(3000, 5);
  without.moscow_address_share = 0;
  Corpus a = Generate(without);
  Corpus b = Generate(Options(3000, 5));
  EXPECT_EQ(a.truth, b.truth);
  ASSERT_EQ(a.rows.size(), b.rows.size());
  int changed = 0;
  for (size_t i = 0; i < a.rows.size(); ++i) {
    ASSERT_EQ(a.rows[i].size(), b.rows[i].size());
    for (size_t k = 0; k < a.rows[i].size(); ++k) {
      if (k != kLivePlace) {
        EXPECT_EQ(a.rows[i][k], b.rows[i][k]) << "row " << i << " column " << k;
      }
    }
    changed += a.rows[i][kLivePlace] != b.rows[i][kLivePlace] ? 1 : 0;
  }
  EXPECT_GT(changed, 500);
}

TEST(MoscowAddressTest, WritesBothHistoricAndModernStreetNames) {
  std::set<std::string> old_keys;
  for (const internal::MoscowStreet& s : internal::MoscowStreets()) {
    if (!s.old.empty()) old_keys.insert(names::StreetKey(s.old));
  }
  Corpus c = Generate(Options(5000, 3));
  int historic = 0, modern = 0;
  for (const auto& row : c.rows) {
    if (!IsMoscowAddress(row[kLivePlace])) continue;
    std::optional<names::ParsedAddress> a = names::ParseAddress(row[kLivePlace]);
    ASSERT_TRUE(a.has_value()) << row[kLivePlace];
    (old_keys.count(a->street_key) ? historic : modern) += 1;
  }
  EXPECT_GT(modern, 0);
  EXPECT_GT(historic, modern);  // 1930s lists use the Soviet names
}

TEST(MoscowAddressTest, EveryAddressParsesAndFindsItsBuildingThroughTheRenamings) {
  std::ostringstream tsv, buildings, renamings;
  ASSERT_OK(GenerateCorpus(Options(4000, 9), &tsv, nullptr, &buildings));
  ASSERT_OK(WriteStreetRenamings(&renamings));
  std::map<std::string, std::string> modern = ModernKeys(renamings.str());
  std::set<std::string> building_keys;
  std::vector<std::string> lines = Lines(buildings.str());
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0], "street,house,records,longitude,latitude");
  std::map<std::string, int> records;
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> f = Split(lines[i], ',');
    ASSERT_EQ(f.size(), 5u) << lines[i];
    const std::string key = names::BuildingKey(names::StreetKey(f[0]), names::HouseKey(f[1]));
    EXPECT_TRUE(building_keys.insert(key).second) << "listed twice: " << lines[i];
    records[key] = std::stoi(f[2]);
    const double lon = std::stod(f[3]), lat = std::stod(f[4]);
    EXPECT_NEAR(lat, 55.75, 0.1) << lines[i];
    EXPECT_NEAR(lon, 37.62, 0.1) << lines[i];
  }
  std::map<std::string, int> seen;
  for (const std::string& line : Lines(tsv.str())) {
    const std::vector<std::string> f = Split(line, '\t');
    if (!IsMoscowAddress(f[kLivePlace])) continue;
    std::optional<names::ParsedAddress> a = names::ParseAddress(f[kLivePlace]);
    ASSERT_TRUE(a.has_value()) << f[kLivePlace];
    ASSERT_FALSE(a->house.empty()) << f[kLivePlace];
    // Streets never renamed are not in the renamings: their key is modern.
    auto it = modern.find(a->street_key);
    const std::string key =
        names::BuildingKey(it == modern.end() ? a->street_key : it->second, a->house);
    EXPECT_TRUE(building_keys.count(key)) << f[kLivePlace] << " -> " << key;
    ++seen[key];
  }
  EXPECT_EQ(seen, records);
  // Skewed: the busiest building has many more records than the median one.
  std::vector<int> counts;
  for (const auto& [key, n] : seen) counts.push_back(n);
  std::sort(counts.begin(), counts.end());
  ASSERT_FALSE(counts.empty());
  EXPECT_GE(counts.back(), 5 * counts[counts.size() / 2]);
}

TEST(MoscowAddressTest, RenamingsListEveryRenamedStreetOfTheLexicon) {
  std::ostringstream out;
  ASSERT_OK(WriteStreetRenamings(&out));
  std::vector<std::string> lines = Lines(out.str());
  ASSERT_GE(lines.size(), 16u);
  EXPECT_EQ(lines[0], "modern_name,old_name,both_names");
  EXPECT_THAT(lines,
              ::testing::Contains("Мясницкая улица,улица Кирова,Мясницкая улица | улица Кирова"));
  EXPECT_THAT(lines,
              ::testing::Contains("Тверская улица,улица Горького,Тверская улица | улица Горького"));
  std::set<std::string> old_keys;
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> f = Split(lines[i], ',');
    ASSERT_EQ(f.size(), 3u);
    EXPECT_NE(names::StreetKey(f[0]), names::StreetKey(f[1])) << lines[i];
    EXPECT_TRUE(old_keys.insert(names::StreetKey(f[1])).second) << "ambiguous old name " << f[1];
  }
  EXPECT_THAT(WriteStreetRenamings(nullptr), StatusIs(StatusCode::kInvalidArgument));
}

TEST(MoscowAddressTest, BuildingsAreTheSameForTheSameSeed) {
  std::ostringstream tsv1, tsv2, b1, b2, b3, tsv3;
  ASSERT_OK(GenerateCorpus(Options(1500, 4), &tsv1, nullptr, &b1));
  ASSERT_OK(GenerateCorpus(Options(1500, 4), &tsv2, nullptr, &b2));
  ASSERT_OK(GenerateCorpus(Options(1500, 5), &tsv3, nullptr, &b3));
  EXPECT_EQ(b1.str(), b2.str());
  EXPECT_NE(b1.str(), b3.str());
}

TEST(MoscowAddressTest, RejectsAShareOutsideZeroToOne) {
  std::ostringstream out;
  GenerateOptions o = Options(10);
  o.moscow_address_share = 1.5;
  EXPECT_THAT(GenerateCorpus(o, &out, nullptr), StatusIs(StatusCode::kInvalidArgument));
  o.moscow_address_share = -0.1;
  EXPECT_THAT(GenerateCorpus(o, &out, nullptr), StatusIs(StatusCode::kInvalidArgument));
}

TEST(MoscowAddressTest, ListStreetNamesAbbreviateTheTypeWord) {
  EXPECT_EQ(internal::ListStreetName("Мясницкая улица", true), "ул. Мясницкая");
  EXPECT_EQ(internal::ListStreetName("Мясницкая улица", false), "Мясницкая ул.");
  EXPECT_EQ(internal::ListStreetName("улица Кирова", false), "Кирова ул.");
  EXPECT_EQ(internal::ListStreetName("Газетный переулок", true), "пер. Газетный");
  EXPECT_EQ(internal::ListStreetName("площадь Восстания", false), "Восстания пл.");
}

}  // namespace
}  // namespace memoria::synth
