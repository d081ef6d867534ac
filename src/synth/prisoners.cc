// The synthetic political-prisoners list (generator.h, GeneratePrisoners).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "synth/generator.h"
#include "synth/internal/lexicon.h"
#include "synth/internal/rng.h"

namespace memoria::synth {

namespace {

using internal::Rng;

struct RegionInfo {
  std::string_view name;
  std::string_view town;   // a town with a colony
  std::string_view index;  // a postal index of it
};

constexpr RegionInfo kRegions[] = {
    {"Москва", "Москва", "127055"},
    {"Санкт-Петербург", "Санкт-Петербург", "195009"},
    {"Республика Крым", "Симферополь", "295006"},
    {"Республика Башкортостан", "Уфа", "450059"},
    {"Республика Татарстан", "Казань", "420054"},
    {"Краснодарский край", "Краснодар", "350059"},
    {"Свердловская область", "Екатеринбург", "620012"},
    {"Нижегородская область", "Нижний Новгород", "603016"},
    {"Челябинская область", "Челябинск", "454038"},
    {"Новосибирская область", "Новосибирск", "630088"},
    {"Кемеровская область", "Кемерово", "650021"},
    {"Смоленская область", "Смоленск", "214020"},
    {"Пензенская область", "Пенза", "440039"},
    {"Ростовская область", "Ростов-на-Дону", "344022"},
    {"Республика Дагестан", "Махачкала", "367015"},
    {"Чеченская Республика", "Грозный", "364051"},
    {"Хабаровский край", "Хабаровск", "680021"},
    {"Приморский край", "Владивосток", "690011"},
    {"Пермский край", "Пермь", "614065"},
    {"Омская область", "Омск", "644007"},
    {"Саратовская область", "Саратов", "410031"},
    {"Республика Карелия", "Сегежа", "186420"},
};

struct ArticleInfo {
  std::string_view text;
  std::string_view group;  // a typical case group, "" none
  int min_years, max_years;
  double weight;
};

constexpr ArticleInfo kArticles[] = {
    {"205.5 ч.2", "Хизб ут-Тахрир", 10, 22, 10},
    {"205.5 ч.1; 278", "Хизб ут-Тахрир", 14, 24, 3},
    {"282.2 ч.1", "Свидетели Иеговы", 2, 8, 8},
    {"282.2 ч.2", "Свидетели Иеговы", 2, 6, 8},
    {"207.3 ч.2", "антивоенное", 5, 9, 12},
    {"207.3 ч.1", "антивоенное", 3, 7, 6},
    {"280.3 ч.1", "антивоенное", 1, 3, 3},
    {"205.2 ч.2", "", 4, 7, 9},
    {"205.4 ч.2", "«Сеть»", 6, 18, 2},
    {"275", "госизмена", 12, 20, 6},
    {"280.4 ч.3", "", 4, 7, 3},
    {"318 ч.1", "протесты", 1, 4, 5},
    {"212 ч.2", "«Болотное дело»", 2, 4, 2},
    {"282.1 ч.1", "", 3, 8, 2},
    {"354.1 ч.3", "", 2, 5, 1},
    {"213 ч.2", "", 1, 3, 2},
};

constexpr std::string_view kMalePatronymics[] = {
    "Александрович", "Сергеевич",  "Владимирович", "Андреевич", "Алексеевич", "Игоревич",
    "Дмитриевич",    "Николаевич", "Викторович",   "Олегович",  "Юрьевич",    "Михайлович",
    "Евгеньевич",    "Павлович",   "Рустамович",   "Ринатович", "Ильдарович", "Магомедович"};
constexpr std::string_view kFemalePatronymics[] = {
    "Александровна", "Сергеевна",  "Владимировна", "Андреевна", "Алексеевна", "Игоревна",
    "Дмитриевна",    "Николаевна", "Викторовна",   "Олеговна",  "Юрьевна",    "Михайловна"};

std::string Day(int32_t d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d / 10000, d / 100 % 100, d % 100);
  return buf;
}

// yyyymmdd plus about "months" months (days clamped to 28).
int32_t AddMonths(int32_t d, int months) {
  int y = d / 10000, m = d / 100 % 100 - 1 + months, day = std::min(d % 100, 28);
  y += m / 12;
  m = m % 12;
  return y * 10000 + (m + 1) * 100 + day;
}

std::string Quote(std::string_view s) {
  if (s.find_first_of(",\"\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

const ArticleInfo& PickArticle(Rng* rng) {
  double total = 0;
  for (const ArticleInfo& a : kArticles) total += a.weight;
  double x = rng->Unit() * total;
  for (const ArticleInfo& a : kArticles) {
    if ((x -= a.weight) < 0) return a;
  }
  return kArticles[0];
}

std::string_view Pick(internal::Words words, Rng* rng) {
  // Zipf-like: the lists run from the most to the least common.
  const double u = rng->Unit();
  const size_t i = static_cast<size_t>(u * u * static_cast<double>(words.size()));
  return words[std::min(i, words.size() - 1)];
}

}  // namespace

Status GeneratePrisoners(const PrisonersOptions& options, std::ostream* csv) {
  if (csv == nullptr) return InvalidArgumentError("no output stream");
  if (options.prisoners < 0 || options.prisoners > 10'000'000) {
    return InvalidArgumentError("prisoners must be between 0 and 10,000,000");
  }
  if (options.today < 20000101 || options.today > 29991231) {
    return InvalidArgumentError("today must be a day such as 20241201");
  }
  Rng rng(options.seed * 0x9E3779B97F4A7C15ULL + 13);
  *csv << "id,name,birth_date,gender,region,articles,case_group,detained,verdict_date,sentence,"
          "facility,facility_address,status,status_date,assessment,assessment_date,statement,"
          "statement_url\n";
  struct Line {
    int32_t day;
    std::string text;
  };
  std::vector<Line> lines;
  lines.reserve(static_cast<size_t>(options.prisoners) * 3);
  const int32_t first_day = 20120101;
  const int span_months = (options.today / 10000 - 2012) * 12 + options.today / 100 % 100 - 1;
  for (int64_t i = 0; i < options.prisoners; ++i) {
    const bool male = rng.Chance(0.88);
    const internal::Origin origin = internal::Origin::kRussian;
    std::string name(Pick(internal::Surnames(origin), &rng));
    if (!male) {
      // Russian surnames in -ов/-ин/-ий take the feminine form.
      if (name.ends_with("ов") || name.ends_with("ев") || name.ends_with("ин")) {
        name += "а";
      } else if (name.ends_with("ий")) {
        name = name.substr(0, name.size() - 4) + "ая";
      }
    }
    name += " ";
    name += Pick(male ? internal::MaleNames(origin) : internal::FemaleNames(origin), &rng);
    name += " ";
    name += male ? kMalePatronymics[rng.Below(std::size(kMalePatronymics))]
                 : kFemalePatronymics[rng.Below(std::size(kFemalePatronymics))];
    const int32_t birth =
        (1950 + rng.Between(0, 52)) * 10000 + rng.Between(1, 12) * 100 + rng.Between(1, 28);
    const RegionInfo& region = kRegions[rng.Below(std::size(kRegions))];
    const ArticleInfo& article = PickArticle(&rng);
    // Detentions grow over the years: more of them late.
    const double u = rng.Unit();
    const int32_t detained = AddMonths(first_day, static_cast<int>(std::sqrt(u) * span_months));
    const int years = rng.Between(article.min_years, article.max_years);
    const int32_t verdict = AddMonths(detained, rng.Between(6, 20));
    const std::string sentence =
        std::to_string(years) +
        (years % 10 == 1 && years != 11                                       ? " год"
         : (years % 10 >= 2 && years % 10 <= 4 && (years < 12 || years > 14)) ? " года"
                                                                              : " лет") +
        (years >= 12 ? " колонии строгого режима" : " колонии общего режима");
    const int colony = rng.Between(1, 40);
    const std::string facility =
        "ИК-" + std::to_string(colony) + " (" + std::string(region.name) + ")";
    const std::string address = std::string(region.index) + ", " + std::string(region.town) +
                                ", ИК-" + std::to_string(colony);
    const std::string sizo = "СИЗО-1 " + std::string(region.town);
    const std::string sizo_address =
        std::string(region.index) + ", " + std::string(region.town) + ", СИЗО-1";
    const bool persecuted = rng.Chance(0.3);
    const int32_t recognised = AddMonths(detained, rng.Between(1, 8));
    const std::string id = "pp-" + std::to_string(options.first_id + i);
    const std::string statement =
        std::string(persecuted ? "Преследование незаконно и политически мотивировано: "
                               : "Признан(а) политзаключённым: ") +
        name + ", ст. " + std::string(article.text) + " УК РФ.";
    const std::string url = "https://memopzk.org/figurant/" + id + "/";
    auto row = [&](int32_t day, std::string_view status, int32_t status_day,
                   std::string_view assessment, int32_t assessment_day, bool sentenced,
                   bool in_colony) {
      if (status_day > options.today) return;
      std::string line =
          id + "," + Quote(name) + "," + Day(birth) + "," + (male ? "м" : "ж") + "," +
          Quote(region.name) + "," + Quote(article.text) + "," + Quote(article.group) + "," +
          Day(detained) + "," + (sentenced ? Day(verdict) : "") + "," +
          (sentenced ? Quote(sentence) : "") + "," + Quote(in_colony ? facility : sizo) + "," +
          Quote(in_colony ? address : sizo_address) + "," + std::string(status) + "," +
          Day(status_day) + "," + std::string(assessment) + "," +
          (assessment.empty() ? "" : Day(assessment_day)) + "," +
          (assessment.empty() || assessment == "under_review" ? "" : Quote(statement)) + "," +
          (assessment.empty() || assessment == "under_review" ? "" : url) + "\n";
      lines.push_back({day, std::move(line)});
    };
    const std::string_view verdict_value =
        persecuted ? "politically_persecuted" : "political_prisoner";
    // Detained, then recognised, then sentenced and sent to a colony; some
    // are released at the end of the term or earlier, a few emigrate or die.
    row(detained, "detained", detained, "under_review", detained, false, false);
    const int32_t assessed = std::max(recognised, detained);
    if (assessed < verdict) {
      row(assessed, "detained", detained, verdict_value, assessed, false, false);
    }
    row(verdict, "sentenced", verdict, verdict_value, std::min(assessed, verdict), true, false);
    const int32_t colony_day = AddMonths(verdict, rng.Between(2, 6));
    row(colony_day, "in_custody", colony_day, verdict_value, std::min(assessed, verdict), true,
        true);
    const int32_t release = rng.Chance(0.15) ? AddMonths(colony_day, rng.Between(6, 30))
                                             : AddMonths(detained, years * 12);
    const double fate = rng.Unit();
    const std::string_view end = fate < 0.9 ? "released" : fate < 0.97 ? "emigrated" : "died";
    row(release, end, release, verdict_value, std::min(assessed, verdict), true, true);
    if (options.progress && (i + 1) % 100000 == 0) options.progress(i + 1);
  }
  std::stable_sort(lines.begin(), lines.end(),
                   [](const Line& a, const Line& b) { return a.day < b.day; });
  for (const Line& l : lines) *csv << l.text;
  if (!*csv) return DataLossError("write failed");
  return Status();
}

}  // namespace memoria::synth
