#include "names/translit.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/text.h"
#include "testing/paths.h"

namespace memoria::names {
namespace {

// ---- Conformance with the iuliia reference samples --------------------------

constexpr const char* kIuliiaSchemes[] = {
    "ala_lc",      "ala_lc_alt",     "bgn_pcgn",       "bgn_pcgn_alt",  "bs_2979",
    "bs_2979_alt", "gost_16876",     "gost_16876_alt", "gost_52290",    "gost_52535",
    "gost_7034",   "gost_779",       "gost_779_alt",   "icao_doc_9303", "iso_9_1954",
    "iso_9_1968",  "iso_9_1968_alt", "mosmetro",       "mvd_310",       "mvd_310_fr",
    "mvd_782",     "scientific",     "telegram",       "ungegn_1987",   "wikipedia",
    "yandex_maps", "yandex_money",
};

class IuliiaSamplesTest : public ::testing::TestWithParam<const char*> {};

TEST_P(IuliiaSamplesTest, EverySampleTransliteratesExactly) {
  const std::string name = GetParam();
  MEMORIA_REQUIRE_SHARED_DATA(path, "iuliia-translit/" + name + ".json");
  std::ifstream in(path);
  nlohmann::json doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(doc.is_discarded()) << path;
  ASSERT_TRUE(doc.contains("samples")) << path;
  Result<Scheme> scheme = SchemeByName(name);
  ASSERT_TRUE(scheme.ok()) << name;
  int count = 0;
  for (const auto& sample : doc["samples"]) {
    const std::string cyrillic = sample[0].get<std::string>();
    const std::string latin = sample[1].get<std::string>();
    EXPECT_EQ(Transliterate(cyrillic, *scheme), latin) << name << ": " << cyrillic;
    ++count;
  }
  EXPECT_GT(count, 0) << name;
}

INSTANTIATE_TEST_SUITE_P(AllRussianSchemes, IuliiaSamplesTest, ::testing::ValuesIn(kIuliiaSchemes),
                         [](const ::testing::TestParamInfo<const char*>& param_info) {
                           return std::string(param_info.param);
                         });

// ---- Scheme registry --------------------------------------------------------

TEST(SchemesTest, ListsEverySchemeInEnumOrderWithUniqueNames) {
  auto schemes = Schemes();
  ASSERT_EQ(schemes.size(), static_cast<size_t>(Scheme::kUkrainianKmu2010) + 1);
  for (size_t i = 0; i < schemes.size(); ++i) {
    EXPECT_EQ(static_cast<size_t>(schemes[i].scheme), i);
    EXPECT_FALSE(schemes[i].title.empty());
    for (size_t j = 0; j < i; ++j) EXPECT_NE(schemes[i].name, schemes[j].name);
  }
}

TEST(SchemesTest, FindsEveryIuliiaAndNationalSchemeByName) {
  for (const char* name : kIuliiaSchemes) EXPECT_TRUE(SchemeByName(name).ok()) << name;
  EXPECT_EQ(SchemeByName("german").value(), Scheme::kGerman);
  EXPECT_EQ(SchemeByName("polish").value(), Scheme::kPolish);
  EXPECT_EQ(SchemeByName("czech").value(), Scheme::kCzech);
  EXPECT_EQ(SchemeByName("french").value(), Scheme::kFrench);
  EXPECT_EQ(SchemeByName("ukrainian_kmu_2010").value(), Scheme::kUkrainianKmu2010);
}

TEST(SchemesTest, UnknownNameIsNotFound) {
  Result<Scheme> r = SchemeByName("klingon");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

// ---- National conventions ---------------------------------------------------

struct Expectation {
  Scheme scheme;
  const char* cyrillic;
  const char* latin;
};

TEST(NationalSchemesTest, WriteWellKnownNamesAsTheirLanguagesDo) {
  const Expectation cases[] = {
      {Scheme::kGerman, "Хрущёв", "Chruschtschow"},
      {Scheme::kGerman, "Щербакова", "Schtscherbakowa"},
      {Scheme::kGerman, "Чайковский", "Tschaikowski"},
      {Scheme::kGerman, "Солженицын", "Solschenizyn"},
      {Scheme::kGerman, "Евгений", "Jewgeni"},
      {Scheme::kGerman, "Васильев", "Wassiljew"},
      {Scheme::kGerman, "Толстой", "Tolstoi"},
      {Scheme::kGerman, "Ильич", "Iljitsch"},
      {Scheme::kGerman, "Достоевский", "Dostojewski"},
      {Scheme::kPolish, "Хрущёв", "Chruszczow"},
      {Scheme::kPolish, "Щербакова", "Szczerbakowa"},
      {Scheme::kPolish, "Чайковский", "Czajkowski"},
      {Scheme::kPolish, "Лебедев", "Lebiediew"},
      {Scheme::kPolish, "Пётр", "Piotr"},
      {Scheme::kPolish, "Казань", "Kazań"},
      {Scheme::kPolish, "Толстой", "Tołstoj"},
      {Scheme::kPolish, "Горький", "Gorki"},
      {Scheme::kCzech, "Хрущёв", "Chruščov"},
      {Scheme::kCzech, "Щербакова", "Ščerbakova"},
      {Scheme::kCzech, "Чайковский", "Čajkovskij"},
      {Scheme::kCzech, "Медведев", "Medveděv"},
      {Scheme::kCzech, "Татьяна", "Taťjana"},
      {Scheme::kCzech, "Достоевский", "Dostojevskij"},
      {Scheme::kFrench, "Хрущёв", "Khrouchtchev"},
      {Scheme::kFrench, "Щербакова", "Chtcherbakova"},
      {Scheme::kFrench, "Чайковский", "Tchaïkovski"},
      {Scheme::kFrench, "Солженицын", "Soljenitsyne"},
      {Scheme::kFrench, "Евгений", "Evgueni"},
      {Scheme::kFrench, "Юлия", "Ioulia"},
      {Scheme::kFrench, "Толстой", "Tolstoï"},
      {Scheme::kFrench, "Достоевский", "Dostoïevski"},
      {Scheme::kFrench, "Василий", "Vassili"},
      {Scheme::kUkrainianKmu2010, "Згурський", "Zghurskyi"},
      {Scheme::kUkrainianKmu2010, "Їжакевич", "Yizhakevych"},
      {Scheme::kUkrainianKmu2010, "Юрій", "Yurii"},
      {Scheme::kUkrainianKmu2010, "Гаращук", "Harashchuk"},
      {Scheme::kUkrainianKmu2010, "Ґалаґан", "Galagan"},
      {Scheme::kUkrainianKmu2010, "Є. Короленко", "Ye. Korolenko"},
      {Scheme::kUkrainianKmu2010, "Марія", "Mariia"},
      {Scheme::kUkrainianKmu2010, "Мар'яна", "Mariana"},
      {Scheme::kUkrainianKmu2010, "Олексій Стопчак", "Oleksii Stopchak"},
  };
  for (const Expectation& c : cases) {
    EXPECT_EQ(Transliterate(c.cyrillic, c.scheme), c.latin)
        << Schemes()[static_cast<size_t>(c.scheme)].name << ": " << c.cyrillic;
  }
}

// ---- Case and pass-through ----------------------------------------------------

TEST(TransliterateTest, CapitalLetterGivesCapitalisedDigraph) {
  EXPECT_EQ(Transliterate("Щукин", Scheme::kIcaoDoc9303), "Shchukin");
  EXPECT_EQ(Transliterate("Щ.", Scheme::kIcaoDoc9303), "Shch.");
}

TEST(TransliterateTest, AllCapitalWordStaysAllCapital) {
  EXPECT_EQ(Transliterate("ЩУКИН", Scheme::kIcaoDoc9303), "SHCHUKIN");
  EXPECT_EQ(Transliterate("ЧАЙКОВСКИЙ", Scheme::kWikipedia), "CHAYKOVSKY");
  EXPECT_EQ(Transliterate("ХРУЩЁВ", Scheme::kGerman), "CHRUSCHTSCHOW");
  EXPECT_EQ(Transliterate("ЖУК", Scheme::kPolish), "ŻUK");
  EXPECT_EQ(Transliterate("ЁЛКИН", Scheme::kGost779), "\u0401LKIN");
}

TEST(TransliterateTest, LatinDigitsAndPunctuationPassThrough) {
  EXPECT_EQ(Transliterate("Smith, J. (1937) — 58-10", Scheme::kIcaoDoc9303),
            "Smith, J. (1937) — 58-10");
  EXPECT_EQ(Transliterate("Иванов И.И., 1937 г.", Scheme::kIcaoDoc9303), "Ivanov I.I., 1937 g.");
  EXPECT_EQ(Transliterate("", Scheme::kGerman), "");
}

TEST(TransliterateTest, HyphenStartsANewWord) {
  EXPECT_EQ(Transliterate("Римский-Корсаков", Scheme::kWikipedia), "Rimsky-Korsakov");
  EXPECT_EQ(Transliterate("Жолио-Кюри", Scheme::kFrench), "Jolio-Kiouri");
}

TEST(TransliterateTest, MalformedUtf8DoesNotCrash) {
  std::string bad = "Ив\xD0";
  EXPECT_FALSE(Transliterate(bad, Scheme::kIcaoDoc9303).empty());
}

// ---- Back-transliteration -----------------------------------------------------

bool InTop(const std::vector<CyrillicCandidate>& candidates, const std::string& want, size_t n) {
  for (size_t i = 0; i < candidates.size() && i < n; ++i) {
    if (candidates[i].text == want) return true;
  }
  return false;
}

std::string Describe(const std::vector<CyrillicCandidate>& candidates) {
  std::string out;
  for (size_t i = 0; i < candidates.size() && i < 6; ++i) {
    out += candidates[i].text + " (" + std::to_string(candidates[i].weight) + ") ";
  }
  return out;
}

TEST(BackTransliterateTest, FindsTheRussianSpellingOfCommonVariantsInTopThree) {
  const std::pair<const char*, const char*> cases[] = {
      {"Shcherbakova", "щербакова"},
      {"Scherbakowa", "щербакова"},
      {"Szczerbakowa", "щербакова"},
      {"Ščerbakova", "щербакова"},
      {"Chaikovsky", "чайковский"},
      {"Tschaikowski", "чайковский"},
      {"Czajkowski", "чайковский"},
      {"Tchaïkovski", "чайковский"},
      {"Yevgeny", "евгений"},
      {"Jewgeni", "евгений"},
      {"Evgenii", "евгений"},
      {"Khrushchev", "хрущев"},
      {"Chruschtschow", "хрущев"},
      {"Solzhenitsyn", "солженицын"},
      {"Solschenizyn", "солженицын"},
      {"Iuliia", "юлия"},
      {"Yuliya", "юлия"},
      {"Julija", "юлия"},
  };
  for (const auto& [latin, cyrillic] : cases) {
    auto got = BackTransliterate(latin, 8);
    EXPECT_TRUE(InTop(got, cyrillic, 3)) << latin << " -> " << Describe(got);
  }
}

TEST(BackTransliterateTest, IgnoresCaseAndDiacriticForms) {
  auto upper = BackTransliterate("SHCHERBAKOVA");
  auto lower = BackTransliterate("shcherbakova");
  ASSERT_FALSE(upper.empty());
  EXPECT_EQ(upper[0].text, lower[0].text);
  // z + combining caron is the same as ž.
  auto decomposed = BackTransliterate("Z\u030Cukov");
  ASSERT_FALSE(decomposed.empty());
  EXPECT_EQ(decomposed[0].text, "жуков");
}

TEST(BackTransliterateTest, ReturnsNothingForAWordWithoutLatinLetters) {
  EXPECT_TRUE(BackTransliterate("").empty());
  EXPECT_TRUE(BackTransliterate("1937").empty());
  EXPECT_TRUE(BackTransliterate("--").empty());
}

TEST(BackTransliterateTest, ReturnsNothingForAnOverlongWord) {
  EXPECT_TRUE(BackTransliterate(std::string(10000, 'a')).empty());
}

TEST(BackTransliterateTest, KeepsHyphenAndReadsBothHalves) {
  auto got = BackTransliterate("Rimsky-Korsakov", 8);
  EXPECT_TRUE(InTop(got, "римский-корсаков", 3)) << Describe(got);
}

TEST(BackTransliterateTest, RespectsTheCandidateLimitAndOrdersByWeight) {
  auto got = BackTransliterate("Khrushchev", 5);
  ASSERT_LE(got.size(), 5u);
  ASSERT_FALSE(got.empty());
  for (size_t i = 1; i < got.size(); ++i) EXPECT_GE(got[i - 1].weight, got[i].weight);
  for (const auto& c : got) {
    EXPECT_GT(c.weight, 0.0);
    EXPECT_LE(c.weight, 1.0);
  }
  EXPECT_TRUE(BackTransliterate("Khrushchev", 0).empty());
}

// Common Russian surnames and given names, and names that recur in the
// repression lists (chosen before measuring, not tuned to the result).
constexpr const char* kRoundTripNames[] = {
    "Иванов",   "Смирнов",     "Кузнецов",    "Попов",      "Васильев",   "Петров",   "Соколов",
    "Михайлов", "Новиков",     "Фёдоров",     "Морозов",    "Волков",     "Алексеев", "Лебедев",
    "Семёнов",  "Егоров",      "Павлов",      "Козлов",     "Степанов",   "Николаев", "Орлов",
    "Андреев",  "Макаров",     "Никитин",     "Захаров",    "Зайцев",     "Соловьёв", "Борисов",
    "Яковлев",  "Григорьев",   "Воробьёв",    "Кузьмин",    "Королёв",    "Ильин",    "Жуков",
    "Щербаков", "Хрущёв",      "Солженицын",  "Чайковский", "Цветаева",   "Шаламов",  "Ежов",
    "Бухарин",  "Тухачевский", "Мандельштам", "Гумилёв",    "Флоренский", "Вавилов",  "Александр",
    "Алексей",  "Анатолий",    "Андрей",      "Василий",    "Владимир",   "Георгий",  "Дмитрий",
    "Евгений",  "Екатерина",   "Елена",       "Игорь",      "Мария",      "Наталья",  "Николай",
    "Ольга",    "Пётр",        "Сергей",      "Татьяна",    "Юлия",       "Юрий",     "Яков",
    "Людмила",  "Вячеслав",
};

std::string FoldYo(std::string s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i + 1 < s.size() && static_cast<unsigned char>(s[i]) == 0xD1 &&
        static_cast<unsigned char>(s[i + 1]) == 0x91) {
      out += "е";
      ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string Lower(const std::string& s) {
  // Enough for the list: the first letter is the only capital.
  std::u32string u = translit_internal::DecodeUtf8(s);
  std::string out;
  for (char32_t c : u) ::memoria::AppendUtf8(translit_internal::ToLower(c), &out);
  return out;
}

TEST(BackTransliterateTest, RoundTripsCommonNamesThroughEveryMajorScheme) {
  struct Floor {
    Scheme scheme;
    double min_rate;
  };
  // The floors are the rates measured when this test was written (French
  // misses Mandelchtam: nothing in it marks the word as French, so "ch" is
  // read as ч or х, not ш).
  const Floor floors[] = {
      {Scheme::kIcaoDoc9303, 1.0}, {Scheme::kBgnPcgn, 1.0},   {Scheme::kGost779, 1.0},
      {Scheme::kMvd782, 1.0},      {Scheme::kWikipedia, 1.0}, {Scheme::kGerman, 1.0},
      {Scheme::kPolish, 1.0},      {Scheme::kFrench, 0.98},
  };
  for (const Floor& f : floors) {
    int hits = 0, total = 0;
    std::string misses;
    for (const char* name : kRoundTripNames) {
      std::string latin = Transliterate(name, f.scheme);
      std::string want = FoldYo(Lower(name));
      auto got = BackTransliterate(latin, 16);
      ++total;
      if (InTop(got, want, 16)) {
        ++hits;
      } else {
        misses += latin + " ";
      }
    }
    double rate = static_cast<double>(hits) / total;
    std::printf("round trip %-14s %3d/%3d = %.3f  misses: %s\n",
                std::string(Schemes()[static_cast<size_t>(f.scheme)].name).c_str(), hits, total,
                rate, misses.c_str());
    EXPECT_GE(rate, f.min_rate) << Schemes()[static_cast<size_t>(f.scheme)].name;
  }
}

// Prints the cost per word (the fastest of several runs: the machine is
// shared); it runs once per query word, so it must stay in microseconds.
TEST(BackTransliterateTest, TakesMicrosecondsPerWord) {
  const char* words[] = {"Shcherbakova", "Tschaikowski", "Yevgeny",       "Solzhenitsyn",
                         "Iuliia",       "Ivanov",       "Chruschtschow", "Czajkowski"};
  constexpr int kRounds = 200;
  size_t sink = 0;
  for (size_t max_candidates : {4, 8, 16}) {
    double best_us = 1e9;
    for (int run = 0; run < 5; ++run) {
      auto start = std::chrono::steady_clock::now();
      for (int r = 0; r < kRounds; ++r) {
        for (const char* w : words) sink += BackTransliterate(w, max_candidates).size();
      }
      auto elapsed = std::chrono::steady_clock::now() - start;
      best_us = std::min(best_us, std::chrono::duration<double, std::micro>(elapsed).count() /
                                      (kRounds * static_cast<double>(std::size(words))));
    }
    std::printf("BackTransliterate: %.2f us per word (%zu candidates)\n", best_us, max_candidates);
    EXPECT_LT(best_us, 1000.0);  // a generous ceiling against pathologies only
  }
  EXPECT_GT(sink, 0u);
}

}  // namespace
}  // namespace memoria::names
