// The website's languages: catalogs, the Accept-Language header, dates and
// ages as people say them.
#include "web/internal/i18n.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <set>
#include <sstream>
#include <string>

namespace memoria::web {
namespace {

using internal::Lang;

TEST(I18nTest, EveryCatalogHasEveryKeyOfTheDefault) {
  const auto& ru = internal::CatalogFor(Lang::kRu).entries();
  for (Lang lang : internal::kAllLangs) {
    const auto& other = internal::CatalogFor(lang).entries();
    EXPECT_EQ(other.size(), ru.size()) << internal::LangCode(lang);
    for (const auto& [key, value] : ru) {
      EXPECT_TRUE(other.contains(key)) << internal::LangCode(lang) << " lacks " << key;
    }
  }
}

TEST(I18nTest, AcceptLanguageChoosesByQualityAndPrimarySubtag) {
  EXPECT_EQ(internal::NegotiateLang(""), Lang::kRu);
  EXPECT_EQ(internal::NegotiateLang("en-GB,en;q=0.9"), Lang::kEn);
  EXPECT_EQ(internal::NegotiateLang("de-DE, uk;q=0.8, en;q=0.5"), Lang::kUk);
  EXPECT_EQ(internal::NegotiateLang("en;q=0.2, ru;q=0.9"), Lang::kRu);
  // Only languages we lack: English, not the default.
  EXPECT_EQ(internal::NegotiateLang("fr, de"), Lang::kEn);
  EXPECT_EQ(internal::NegotiateLang("de;q=0"), Lang::kRu);
  EXPECT_EQ(internal::NegotiateLang("*"), Lang::kRu);
  EXPECT_EQ(internal::NegotiateLang("UK"), Lang::kUk);
  EXPECT_EQ(internal::NegotiateLang(std::string(100000, ',')), Lang::kRu);
}

TEST(I18nTest, DatesReadAsPeopleSayThem) {
  EXPECT_EQ(internal::HumanDate("1938-05-17", Lang::kRu), "17 мая 1938");
  EXPECT_EQ(internal::HumanDate("1939-05", Lang::kRu), "май 1939");
  EXPECT_EQ(internal::HumanDate("1939-05", Lang::kEn), "May 1939");
  EXPECT_EQ(internal::HumanDate("1938-05-17", Lang::kUk), "17 травня 1938");
  EXPECT_EQ(internal::HumanDate("1899~", Lang::kEn), "about 1899");
  EXPECT_EQ(internal::HumanDate("1899~", Lang::kRu), "около 1899");
  EXPECT_EQ(internal::HumanDate("1899?", Lang::kEn), "1899 (?)");
  EXPECT_EQ(internal::HumanDate("193X", Lang::kEn), "1930s");
  EXPECT_EQ(internal::HumanDate("1937/1938", Lang::kEn), "1937 – 1938");
  EXPECT_EQ(internal::HumanDate("../1938", Lang::kEn), "before 1938");
  EXPECT_EQ(internal::HumanDate("1937-XX", Lang::kEn), "1937");
  EXPECT_EQ(internal::HumanDate("", Lang::kEn), "");
  EXPECT_EQ(internal::HumanDate("garbage", Lang::kEn), "garbage");
}

// The month names are split from the catalogs once; every month of every
// language still reads as its catalog's words say, in both cases.
TEST(I18nTest, EveryMonthOfEveryLanguageReadsAsItsCatalogSays) {
  for (Lang lang : internal::kAllLangs) {
    const internal::Catalog& t = internal::CatalogFor(lang);
    std::istringstream nominative(t.Get("months_nominative")), genitive(t.Get("months_genitive"));
    for (int month = 1; month <= 12; ++month) {
      std::string nom, gen;
      ASSERT_TRUE(nominative >> nom) << internal::LangCode(lang) << " " << month;
      ASSERT_TRUE(genitive >> gen) << internal::LangCode(lang) << " " << month;
      char m[3];
      std::snprintf(m, sizeof m, "%02d", month);
      EXPECT_EQ(internal::HumanDate(std::string("1937-") + m, lang), nom + " 1937");
      EXPECT_EQ(internal::HumanDate(std::string("1937-") + m + "-08", lang), "8 " + gen + " 1937");
      EXPECT_EQ(internal::HumanDate(std::string("1937-") + m + "-XX", lang), nom + " 1937");
    }
  }
}

TEST(I18nTest, AgesFollowSlavicPluralRules) {
  EXPECT_EQ(internal::AgeText(21, Lang::kRu), "21 год");
  EXPECT_EQ(internal::AgeText(22, Lang::kRu), "22 года");
  EXPECT_EQ(internal::AgeText(25, Lang::kRu), "25 лет");
  EXPECT_EQ(internal::AgeText(11, Lang::kRu), "11 лет");
  EXPECT_EQ(internal::AgeText(12, Lang::kUk), "12 років");
  EXPECT_EQ(internal::AgeText(43, Lang::kUk), "43 роки");
  EXPECT_EQ(internal::AgeText(1, Lang::kEn), "1 year");
  EXPECT_EQ(internal::AgeText(40, Lang::kEn), "40 years");
}

}  // namespace
}  // namespace memoria::web
