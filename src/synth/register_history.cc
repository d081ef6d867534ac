// GenerateRegisterHistory (register_history.h).
#include "synth/register_history.h"

#include <chrono>
#include <cstdio>
#include <fstream>

#include "synth/internal/lexicon.h"
#include "synth/internal/rng.h"
#include "synth/internal/spelling.h"

namespace memoria::synth {

namespace {

using internal::Origin;
using internal::Rng;

constexpr const char* kHeader =
    "№ п/п,Полное наименование/ФИО,Дата рождения,ОГРН,Регистрационный номер,Адрес (место "
    "нахождения),Информационный ресурс,Полное наименование/ФИО участников,Основания "
    "включения,Дата принятия решения о включении,Дата принятия решения об исключении\r\n";

// Legal grounds, in the short form (the published register spells out each
// law's full title).
constexpr const char* kGrounds[] = {
    "Статья 7 Федерального закона № 255-ФЗ",
    "Статья 32 Федерального закона № 7-ФЗ",
    "Статья 6 Закона Российской Федерации № 2124-1",
    "Статья 2.1 Федерального закона № 272-ФЗ",
};
constexpr const char* kOrgKinds[] = {
    "Автономная некоммерческая организация «Центр «%s»»",
    "Фонд «%s»",
    "Межрегиональная общественная организация «%s»",
    "Интернет-издание «%s»",
    "Ассоциация «%s»",
};

struct Entry {
  std::string name, birth, grounds, included, excluded, participants;
  bool person = false;
};

std::string Csv(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string DayText(std::chrono::sys_days d, bool iso) {
  const std::chrono::year_month_day ymd(d);
  char buf[16];
  if (iso) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  } else {
    std::snprintf(buf, sizeof buf, "%02u.%02u.%04d", static_cast<unsigned>(ymd.day()),
                  static_cast<unsigned>(ymd.month()), static_cast<int>(ymd.year()));
  }
  return buf;
}

std::string_view Pick(internal::Words words, Rng* rng) {
  // Zipf-like: the lists run from the most to the least common.
  const double u = rng->Unit();
  const size_t i = static_cast<size_t>(u * u * static_cast<double>(words.size()));
  return words[std::min(i, words.size() - 1)];
}

std::string PersonName(Rng* rng, bool* female) {
  *female = rng->Chance(0.35);
  const std::string surname(Pick(internal::Surnames(Origin::kRussian), rng));
  const std::string given(Pick(
      *female ? internal::FemaleNames(Origin::kRussian) : internal::MaleNames(Origin::kRussian),
      rng));
  const std::string father(Pick(internal::MaleNames(Origin::kRussian), rng));
  return (*female ? internal::FeminineSurname(surname, Origin::kRussian) : surname) + " " + given +
         " " + internal::Patronymic(father, *female);
}

std::string OrganisationName(Rng* rng) {
  char buf[512];
  std::snprintf(buf, sizeof buf, kOrgKinds[rng->Below(std::size(kOrgKinds))],
                std::string(Pick(internal::Villages(), rng)).c_str());
  return buf;
}

std::string Participants(Rng* rng) {
  std::string out;
  const int n = rng->Between(2, 5);
  for (int i = 0; i < n; ++i) {
    bool female = false;
    out += (i ? ", " : "") + PersonName(rng, &female);
  }
  return out;
}

Entry NewEntry(Rng* rng, const RegisterHistoryOptions& o, std::chrono::sys_days day) {
  Entry e;
  e.person = rng->Chance(o.person_share);
  if (e.person) {
    bool female = false;
    e.name = PersonName(rng, &female);
    const auto birth = std::chrono::sys_days(std::chrono::year(1950) / 1 / 1) +
                       std::chrono::days(rng->Between(0, 50 * 365));
    e.birth = DayText(birth, false);
    e.grounds = kGrounds[0];
  } else {
    e.name = OrganisationName(rng);
    e.grounds = kGrounds[1 + rng->Below(3)];
    if (rng->Chance(0.3)) e.participants = Participants(rng);
  }
  e.included = DayText(day - std::chrono::days(rng->Between(0, 6)), false);
  return e;
}

}  // namespace

Result<std::vector<std::string>> GenerateRegisterHistory(const RegisterHistoryOptions& o,
                                                         const std::string& dir) {
  if (o.entries < 1 || o.entries > 10'000'000) {
    return InvalidArgumentError("entries must be 1..10000000");
  }
  if (o.snapshots < 1 || o.snapshots > 10'000) {
    return InvalidArgumentError("snapshots must be 1..10000");
  }
  for (double r :
       {o.initial_share, o.person_share, o.exclusion_rate, o.rename_rate, o.participants_rate}) {
    if (!(r >= 0 && r <= 1)) return InvalidArgumentError("rates must be within [0, 1]");
  }
  int y = 0;
  unsigned m = 0, d = 0;
  if (o.first_day.size() != 10 ||
      std::sscanf(o.first_day.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) {
    return InvalidArgumentError("first_day must be YYYY-MM-DD");
  }
  const std::chrono::year_month_day first{std::chrono::year(y), std::chrono::month(m),
                                          std::chrono::day(d)};
  if (!first.ok()) return InvalidArgumentError("first_day is not a calendar day");
  Rng rng(internal::MixSeed(o.seed, 0x7265676973746572ULL));
  std::vector<Entry> entries;
  entries.reserve(static_cast<size_t>(o.entries));
  const int64_t initial = std::max<int64_t>(1, static_cast<int64_t>(o.initial_share * o.entries));
  std::vector<std::string> paths;
  for (int s = 0; s < o.snapshots; ++s) {
    const std::chrono::sys_days day =
        std::chrono::sys_days(first) + std::chrono::days(static_cast<int64_t>(s) * o.days_between);
    // How many entries the register has by this snapshot.
    const int64_t target =
        o.snapshots == 1 ? o.entries : initial + (o.entries - initial) * s / (o.snapshots - 1);
    for (Entry& e : entries) {
      if (e.excluded.empty() && rng.Chance(o.exclusion_rate)) e.excluded = DayText(day, false);
      if (!e.person && rng.Chance(o.rename_rate)) e.name += "/" + OrganisationName(&rng);
      if (!e.person && rng.Chance(o.participants_rate)) e.participants = Participants(&rng);
    }
    while (static_cast<int64_t>(entries.size()) < target) entries.push_back(NewEntry(&rng, o, day));
    const std::string path = dir + "/registry_" + DayText(day, true) + ".csv";
    std::ofstream out(path, std::ios::binary);
    if (!out) return DataLossError("cannot write " + path);
    out << kHeader;
    std::string line;
    for (size_t i = 0; i < entries.size(); ++i) {
      const Entry& e = entries[i];
      line = std::to_string(i + 1) + "," + Csv(e.name) + "," + e.birth + ",,,,," +
             Csv(e.participants) + "," + Csv(e.grounds) + "," + e.included + "," + e.excluded +
             "\r\n";
      out << line;
    }
    out.close();
    if (!out) return DataLossError("write failed: " + path);
    paths.push_back(path);
  }
  return paths;
}

}  // namespace memoria::synth
