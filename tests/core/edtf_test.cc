#include "core/edtf.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "testing/status_matchers.h"

namespace memoria {
namespace {

using ::memoria::testing::StatusIs;
using ::testing::HasSubstr;

// What an accepted EDTF text must denote.
struct Expected {
  std::string_view text;
  int32_t earliest;
  int32_t latest;
  bool uncertain = false;
  bool approximate = false;
  bool interval = false;
};

void ExpectParses(const Expected& want) {
  SCOPED_TRACE(want.text);
  ASSERT_OK_AND_ASSIGN(Edtf e, Edtf::Parse(want.text));
  EXPECT_EQ(e.ToString(), want.text);
  EXPECT_FALSE(e.empty());
  EXPECT_EQ(e.earliest_day(), want.earliest);
  EXPECT_EQ(e.latest_day(), want.latest);
  EXPECT_EQ(e.uncertain(), want.uncertain);
  EXPECT_EQ(e.approximate(), want.approximate);
  EXPECT_EQ(e.is_interval(), want.interval);
  ASSERT_OK_AND_ASSIGN(Edtf again, Edtf::Parse(e.ToString()));
  EXPECT_EQ(again, e);
  EXPECT_EQ(again.earliest_day(), e.earliest_day());
  EXPECT_EQ(again.latest_day(), e.latest_day());
}

// ---------------------------------------------------------------------------
// Edtf::Parse, level 0.

TEST(EdtfParseTest, YearSpansTheWholeYear) {
  ExpectParses({"1937", 19370101, 19371231});
  ExpectParses({"0001", Edtf::kMinDay, 11231});
  ExpectParses({"9999", 99990101, Edtf::kMaxDay});
}

TEST(EdtfParseTest, MonthSpansTheWholeMonth) {
  ExpectParses({"1937-05", 19370501, 19370531});
  ExpectParses({"1937-04", 19370401, 19370430});
  ExpectParses({"1937-12", 19371201, 19371231});
  ExpectParses({"1937-01", 19370101, 19370131});
}

TEST(EdtfParseTest, DayIsASingleDay) {
  ExpectParses({"1937-05-17", 19370517, 19370517});
  ExpectParses({"1938-12-31", 19381231, 19381231});
}

TEST(EdtfParseTest, FebruaryFollowsGregorianLeapYears) {
  ExpectParses({"1936-02", 19360201, 19360229});
  ExpectParses({"1937-02", 19370201, 19370228});
  ExpectParses({"1900-02", 19000201, 19000228});  // divisible by 100
  ExpectParses({"2000-02", 20000201, 20000229});  // divisible by 400
  ExpectParses({"1936-02-29", 19360229, 19360229});
  ExpectParses({"2000-02-29", 20000229, 20000229});
  EXPECT_THAT(Edtf::Parse("1937-02-29"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(Edtf::Parse("1900-02-29"), StatusIs(StatusCode::kInvalidArgument));
}

TEST(EdtfParseTest, IntervalRunsFromStartOfFirstToEndOfSecond) {
  ExpectParses({"1937-10/1938-02", 19371001, 19380228, false, false, true});
  ExpectParses({"1964/2008", 19640101, 20081231, false, false, true});
  ExpectParses({"2004-02-01/2005-02", 20040201, 20050228, false, false, true});
  ExpectParses({"1937/1937", 19370101, 19371231, false, false, true});
  ExpectParses({"1937-05-17/1937-05-17", 19370517, 19370517, false, false, true});
  // Overlapping spans are fine: May 1937 lies within 1937.
  ExpectParses({"1937-05/1937", 19370501, 19371231, false, false, true});
}

TEST(EdtfParseTest, EmptyTextIsTheUnknownDate) {
  ASSERT_OK_AND_ASSIGN(Edtf e, Edtf::Parse(""));
  EXPECT_TRUE(e.empty());
  EXPECT_EQ(e, Edtf());
  EXPECT_EQ(e.earliest_day(), Edtf::kMinDay);
  EXPECT_EQ(e.latest_day(), Edtf::kMaxDay);
  EXPECT_FALSE(e.is_interval());
}

TEST(EdtfParseTest, DefaultEdtfIsUnknownAndRoundTrips) {
  Edtf unknown;
  EXPECT_TRUE(unknown.empty());
  EXPECT_EQ(unknown.ToString(), "");
  EXPECT_EQ(unknown.earliest_day(), Edtf::kMinDay);
  EXPECT_EQ(unknown.latest_day(), Edtf::kMaxDay);
  EXPECT_FALSE(unknown.uncertain());
  EXPECT_FALSE(unknown.approximate());
  ASSERT_OK_AND_ASSIGN(Edtf again, Edtf::Parse(unknown.ToString()));
  EXPECT_EQ(again, unknown);
}

// ---------------------------------------------------------------------------
// Edtf::Parse, level 1.

TEST(EdtfParseTest, QuestionMarkMeansUncertain) {
  ExpectParses({"1899?", 18990101, 18991231, true, false});
  ExpectParses({"1937-05?", 19370501, 19370531, true, false});
  ExpectParses({"1937-05-17?", 19370517, 19370517, true, false});
}

TEST(EdtfParseTest, TildeMeansApproximate) {
  ExpectParses({"1899~", 18990101, 18991231, false, true});
  ExpectParses({"2004-06~", 20040601, 20040630, false, true});
  ExpectParses({"2004-06-11~", 20040611, 20040611, false, true});
}

TEST(EdtfParseTest, PercentMeansUncertainAndApproximate) {
  ExpectParses({"1899%", 18990101, 18991231, true, true});
  ExpectParses({"2004-06%", 20040601, 20040630, true, true});
  ExpectParses({"2004-06-11%", 20040611, 20040611, true, true});
}

TEST(EdtfParseTest, UnspecifiedYearDigitsSpanDecadeOrCentury) {
  ExpectParses({"193X", 19300101, 19391231});
  ExpectParses({"19XX", 19000101, 19991231});
  ExpectParses({"999X", 99900101, Edtf::kMaxDay});
}

TEST(EdtfParseTest, UnspecifiedYearDigitsNeverReachYearZero) {
  ExpectParses({"000X", Edtf::kMinDay, 91231});
  ExpectParses({"00XX", Edtf::kMinDay, 991231});
}

TEST(EdtfParseTest, UnspecifiedMonthSpansTheYear) {
  ExpectParses({"1937-XX", 19370101, 19371231});
  ExpectParses({"1937-XX-XX", 19370101, 19371231});
}

TEST(EdtfParseTest, UnspecifiedDaySpansTheMonth) {
  ExpectParses({"1937-05-XX", 19370501, 19370531});
  ExpectParses({"1936-02-XX", 19360201, 19360229});
  ExpectParses({"1937-02-XX", 19370201, 19370228});
}

TEST(EdtfParseTest, QualifierMayFollowUnspecifiedDigits) {
  ExpectParses({"193X~", 19300101, 19391231, false, true});
  ExpectParses({"1937-05-XX?", 19370501, 19370531, true, false});
}

TEST(EdtfParseTest, OpenEndReachesTheExtremeDay) {
  ExpectParses({"1937/..", 19370101, Edtf::kMaxDay, false, false, true});
  ExpectParses({"../1938", Edtf::kMinDay, 19381231, false, false, true});
  ExpectParses({"1985-04-12/..", 19850412, Edtf::kMaxDay, false, false, true});
  ExpectParses({"../1985-04", Edtf::kMinDay, 19850430, false, false, true});
}

TEST(EdtfParseTest, UnknownEndReachesTheExtremeDay) {
  ExpectParses({"1937/", 19370101, Edtf::kMaxDay, false, false, true});
  ExpectParses({"/1938", Edtf::kMinDay, 19381231, false, false, true});
  ExpectParses({"/1938-05-17", Edtf::kMinDay, 19380517, false, false, true});
}

TEST(EdtfParseTest, IntervalEndsMayBeQualified) {
  ExpectParses({"1984?/2004-06~", 19840101, 20040630, true, true, true});
  ExpectParses({"1984~/2004~", 19840101, 20041231, false, true, true});
  ExpectParses({"1937/1938?", 19370101, 19381231, true, false, true});
  ExpectParses({"1937-05%/..", 19370501, Edtf::kMaxDay, true, true, true});
}

TEST(EdtfParseTest, IntervalEndsMayHaveUnspecifiedDigits) {
  ExpectParses({"193X/194X", 19300101, 19491231, false, false, true});
  ExpectParses({"1937-XX/1938-05-XX", 19370101, 19380531, false, false, true});
}

// ---------------------------------------------------------------------------
// Edtf::Parse, rejections.

TEST(EdtfParseTest, RejectsImpossibleDays) {
  for (std::string_view text : {"1937-02-30", "1937-04-31", "1937-13", "1937-00", "1937-05-00",
                                "1937-05-32", "0000", "0000-01-01", "1937-00-XX"}) {
    EXPECT_THAT(Edtf::Parse(text), StatusIs(StatusCode::kInvalidArgument)) << text;
  }
}

TEST(EdtfParseTest, RejectsIntervalThatStartsAfterItEnds) {
  EXPECT_THAT(Edtf::Parse("1938/1937"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("starts after it ends")));
  EXPECT_THAT(Edtf::Parse("1937-05-18/1937-05-17"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(Edtf::Parse("1938-01/1937-12-31"), StatusIs(StatusCode::kInvalidArgument));
}

TEST(EdtfParseTest, RejectsIntervalWithoutAnyDate) {
  for (std::string_view text : {"/", "../..", "../", "/..", "..", "//", "1937//1938",
                                "1937/1938/1939", "1937/...", "1937/.", "1937 /1938"}) {
    EXPECT_THAT(Edtf::Parse(text), StatusIs(StatusCode::kInvalidArgument)) << text;
  }
}

TEST(EdtfParseTest, RejectsFormsOutsideLevelsZeroAndOne) {
  for (std::string_view text : {
           "-1937",                // negative year
           "Y170000002",           // letter-prefixed year
           "2001-21",              // season
           "1985-04-12T23:20:30",  // date and time
           "1X37",
           "X937",
           "XXXX",  // X other than the last one or two digits
           "19X7",  //
           "193X-05",
           "19XX-05-17",  // month after an unspecified year
           "1937-XX-17",  // known day of unknown month (level 2)
           "1937-0X",
           "1937-05-1X",  // partly unspecified month or day
           "?1937",
           "1937??",
           "1937?~",
           "1937-?05",  // misplaced qualifiers
           "193x",
           "1937-xx",  // lowercase x
           "{1937,1938}",
           "[1937..1938]",  // level 2 sets
       }) {
    EXPECT_THAT(Edtf::Parse(text), StatusIs(StatusCode::kInvalidArgument)) << text;
  }
}

TEST(EdtfParseTest, RejectsMalformedText) {
  for (std::string_view text : {
           " 1937",      "1937 ",   "1937\n",      "37",        "193",
           "19370",      "1937-5",  "1937-5-17",   "1937-05-7", "1937/05/17",
           "17.05.1937", "1937_05", "1937-05-17-", "abcd",      "ё",
           "\xff\xfe",   "1937.05", "+1937",       "１９３７",  // fullwidth digits
       }) {
    EXPECT_THAT(Edtf::Parse(text), StatusIs(StatusCode::kInvalidArgument)) << text;
  }
  EXPECT_THAT(Edtf::Parse(std::string_view("1937\0", 5)), StatusIs(StatusCode::kInvalidArgument));
}

TEST(EdtfParseTest, ErrorQuotesTheOffendingText) {
  EXPECT_THAT(Edtf::Parse("1937-02-30"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("\"1937-02-30\"")));
}

TEST(EdtfParseTest, ErrorEscapesBytesThatAreNotText) {
  EXPECT_THAT(Edtf::Parse("19\xff\n"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("\"19\\xff\\x0a\"")));
}

TEST(EdtfParseTest, RejectsVeryLongTextWithShortMessage) {
  const std::string long_text(100000, '1');
  Result<Edtf> e = Edtf::Parse(long_text);
  EXPECT_THAT(e, StatusIs(StatusCode::kInvalidArgument));
  EXPECT_LT(e.status().message().size(), 200u);
}

TEST(EdtfParseTest, RoundTripsEveryDayOfALeapYear) {
  for (int month = 1; month <= 12; ++month) {
    for (int day = 1; day <= 31; ++day) {
      char buf[16];
      std::snprintf(buf, sizeof(buf), "2000-%02d-%02d", month, day);
      const bool exists = day <= (month == 2                                                ? 29
                                  : (month == 4 || month == 6 || month == 9 || month == 11) ? 30
                                                                                            : 31);
      Result<Edtf> e = Edtf::Parse(buf);
      ASSERT_EQ(e.ok(), exists) << buf;
      if (!exists) continue;
      EXPECT_EQ(e->earliest_day(), 20000000 + month * 100 + day);
      EXPECT_EQ(e->ToString(), buf);
      EXPECT_EQ(Edtf::Day(2000, month, day), *e);
    }
  }
}

TEST(EdtfParseTest, DaysSortInCalendarOrder) {
  ASSERT_OK_AND_ASSIGN(Edtf a, Edtf::Parse("1937-12-31"));
  ASSERT_OK_AND_ASSIGN(Edtf b, Edtf::Parse("1938-01-01"));
  EXPECT_LT(a.latest_day(), b.earliest_day());
}

// ---------------------------------------------------------------------------
// Edtf::Day.

TEST(EdtfDayTest, BuildsTheCanonicalDay) {
  const Edtf e = Edtf::Day(1937, 5, 17);
  EXPECT_EQ(e.ToString(), "1937-05-17");
  EXPECT_EQ(e.earliest_day(), 19370517);
  EXPECT_EQ(e.latest_day(), 19370517);
  EXPECT_FALSE(e.is_interval());
  EXPECT_FALSE(e.uncertain());
  ASSERT_OK_AND_ASSIGN(Edtf again, Edtf::Parse(e.ToString()));
  EXPECT_EQ(again, e);
}

TEST(EdtfDayTest, PadsSmallYears) {
  EXPECT_EQ(Edtf::Day(33, 4, 3).ToString(), "0033-04-03");
  EXPECT_EQ(Edtf::Day(33, 4, 3).earliest_day(), 330403);
}

// ---------------------------------------------------------------------------
// EdtfFromMemorialDate.

void ExpectMemorial(std::string_view input, std::string_view edtf) {
  SCOPED_TRACE(input);
  ASSERT_OK_AND_ASSIGN(Edtf e, EdtfFromMemorialDate(input));
  EXPECT_EQ(e.ToString(), edtf);
  ASSERT_OK_AND_ASSIGN(Edtf again, Edtf::Parse(e.ToString()));
  EXPECT_EQ(again, e);
}

TEST(EdtfFromMemorialDateTest, ConvertsFullDate) {
  ExpectMemorial("17.5.1938", "1938-05-17");
  ExpectMemorial("1.1.1937", "1937-01-01");
  ExpectMemorial("31.12.1937", "1937-12-31");
}

TEST(EdtfFromMemorialDateTest, AcceptsLeadingZeros) {
  ExpectMemorial("04.10.1938", "1938-10-04");
  ExpectMemorial("04.01.1938", "1938-01-04");
}

TEST(EdtfFromMemorialDateTest, UnknownDayGivesMonth) {
  ExpectMemorial("_.5.1939", "1939-05");
  ExpectMemorial("_.11.1939", "1939-11");
  ASSERT_OK_AND_ASSIGN(Edtf e, EdtfFromMemorialDate("_.5.1939"));
  EXPECT_EQ(e.earliest_day(), 19390501);
  EXPECT_EQ(e.latest_day(), 19390531);
}

TEST(EdtfFromMemorialDateTest, UnknownDayAndMonthGivesYear) {
  ExpectMemorial("_._.1937", "1937");
  ASSERT_OK_AND_ASSIGN(Edtf e, EdtfFromMemorialDate("_._.1937"));
  EXPECT_EQ(e.earliest_day(), 19370101);
  EXPECT_EQ(e.latest_day(), 19371231);
}

TEST(EdtfFromMemorialDateTest, NoneAndEmptyAreTheUnknownDate) {
  for (std::string_view text : {"None", "", "   ", "_._._", " None\n"}) {
    ASSERT_OK_AND_ASSIGN(Edtf e, EdtfFromMemorialDate(text));
    EXPECT_TRUE(e.empty()) << text;
  }
}

TEST(EdtfFromMemorialDateTest, IgnoresSurroundingWhiteSpace) {
  ExpectMemorial(" 17.5.1938\r\n", "1938-05-17");
}

TEST(EdtfFromMemorialDateTest, LeapDayIsAcceptedOnlyInLeapYears) {
  ExpectMemorial("29.2.1936", "1936-02-29");
  EXPECT_THAT(EdtfFromMemorialDate("29.2.1937"), StatusIs(StatusCode::kInvalidArgument));
}

TEST(EdtfFromMemorialDateTest, RejectsImpossibleDays) {
  for (std::string_view text : {"31.4.1938", "30.2.1936", "0.5.1938", "1.0.1938", "1.13.1938",
                                "32.1.1938", "_.0.1938", "_.13.1938", "1.1.0000", "00.5.1938"}) {
    EXPECT_THAT(EdtfFromMemorialDate(text), StatusIs(StatusCode::kInvalidArgument)) << text;
  }
}

TEST(EdtfFromMemorialDateTest, RejectsKnownDayOfUnknownMonth) {
  EXPECT_THAT(EdtfFromMemorialDate("17._.1938"), StatusIs(StatusCode::kInvalidArgument));
}

TEST(EdtfFromMemorialDateTest, RejectsOtherText) {
  for (std::string_view text :
       {"none",        "NULL",      "1938",       "17.5.38", "17.5.19380", "17/5/1938",
        "1938-05-17",  "17.5.",     "17..1938",   ".5.1938", "17.5.1938.", "117.5.1938",
        "17.005.1938", "_._._._",   "__.5.1938",  "17.5._",  "17 .5.1938", "17.5.1938 г.",
        "-1.5.1938",   "+1.5.1938", "\xff.5.1938"}) {
    EXPECT_THAT(EdtfFromMemorialDate(text),
                StatusIs(StatusCode::kInvalidArgument, HasSubstr("Memorial")))
        << text;
  }
}

// ---------------------------------------------------------------------------
// EdtfFromRussianText.

void ExpectRussian(std::string_view input, std::string_view edtf) {
  SCOPED_TRACE(input);
  ASSERT_OK_AND_ASSIGN(Edtf e, EdtfFromRussianText(input));
  EXPECT_EQ(e.ToString(), edtf);
  ASSERT_OK_AND_ASSIGN(Edtf again, Edtf::Parse(e.ToString()));
  EXPECT_EQ(again, e);
}

TEST(EdtfFromRussianTextTest, ConvertsDayWithGenitiveMonth) {
  ExpectRussian("7 марта 1932 г.", "1932-03-07");
  ExpectRussian("07 марта 1932 года", "1932-03-07");
  ExpectRussian("17 мая 1938", "1938-05-17");
  ExpectRussian("1 января 1937 г.", "1937-01-01");
  ExpectRussian("31 декабря 1937г.", "1937-12-31");
}

TEST(EdtfFromRussianTextTest, ConvertsEveryMonthInEveryCaseForm) {
  const char* const kForms[12][3] = {
      {"январь", "января", "январе"},
      {"февраль", "февраля", "феврале"},
      {"март", "марта", "марте"},
      {"апрель", "апреля", "апреле"},
      {"май", "мая", "мае"},
      {"июнь", "июня", "июне"},
      {"июль", "июля", "июле"},
      {"август", "августа", "августе"},
      {"сентябрь", "сентября", "сентябре"},
      {"октябрь", "октября", "октябре"},
      {"ноябрь", "ноября", "ноябре"},
      {"декабрь", "декабря", "декабре"},
  };
  for (int month = 1; month <= 12; ++month) {
    for (const char* form : kForms[month - 1]) {
      const std::string text = std::string(form) + " 1938";
      char want[8];
      std::snprintf(want, sizeof(want), "1938-%02d", month);
      ExpectRussian(text, want);
    }
  }
}

TEST(EdtfFromRussianTextTest, ConvertsMonthAfterPreposition) {
  ExpectRussian("в июле 1998 г.", "1998-07");
  ExpectRussian("В июле 1998 года", "1998-07");
  ExpectRussian("в марте 1938", "1938-03");
  ASSERT_OK_AND_ASSIGN(Edtf e, EdtfFromRussianText("в июле 1998 г."));
  EXPECT_EQ(e.earliest_day(), 19980701);
  EXPECT_EQ(e.latest_day(), 19980731);
}

TEST(EdtfFromRussianTextTest, ConvertsNominativeMonth) {
  ExpectRussian("март 1938", "1938-03");
  ExpectRussian("май 1937 г.", "1937-05");
}

TEST(EdtfFromRussianTextTest, MatchesMonthsInAnyLetterCase) {
  ExpectRussian("7 Марта 1932 г.", "1932-03-07");
  ExpectRussian("7 МАРТА 1932 Г.", "1932-03-07");
  ExpectRussian("Сентябрь 1937", "1937-09");
  ExpectRussian("ЯНВАРЬ 1937", "1937-01");
  ExpectRussian("ИЮЛЬ 1937", "1937-07");
  ExpectRussian("Февраль 1937", "1937-02");
}

TEST(EdtfFromRussianTextTest, ConvertsYear) {
  ExpectRussian("1937 г.", "1937");
  ExpectRussian("1937", "1937");
  ExpectRussian("1937 года", "1937");
  ExpectRussian("в 1937 году", "1937");
  ExpectRussian("1937г", "1937");
}

TEST(EdtfFromRussianTextTest, ConvertsNumericDate) {
  ExpectRussian("17.05.1938", "1938-05-17");
  ExpectRussian("17.5.1938 г.", "1938-05-17");
  ExpectRussian("4.10.1938.", "1938-10-04");
  ExpectRussian("05.1938", "1938-05");
}

TEST(EdtfFromRussianTextTest, ConvertsRangeOfYearsToInterval) {
  ExpectRussian("1937-1938 гг.", "1937/1938");
  ExpectRussian("1937–1938 гг.", "1937/1938");  // en dash
  ExpectRussian("1937 — 1938", "1937/1938");    // em dash
  ExpectRussian("в 1937-1938 годах", "1937/1938");
  ExpectRussian("1937-38 гг.", "1937/1938");
  ASSERT_OK_AND_ASSIGN(Edtf e, EdtfFromRussianText("1937-1938 гг."));
  EXPECT_TRUE(e.is_interval());
  EXPECT_EQ(e.earliest_day(), 19370101);
  EXPECT_EQ(e.latest_day(), 19381231);
}

TEST(EdtfFromRussianTextTest, ConvertsDecade) {
  ExpectRussian("1930-е годы", "193X");
  ExpectRussian("в 1930-х гг.", "193X");
}

TEST(EdtfFromRussianTextTest, IgnoresSurroundingWhiteSpaceAndTrailingPeriod) {
  ExpectRussian("  7\xc2\xa0марта 1932\xc2\xa0г.  \n", "1932-03-07");
  ExpectRussian("1937.", "1937");
}

TEST(EdtfFromRussianTextTest, RejectsImpossibleDays) {
  for (std::string_view text :
       {"30 февраля 1937 г.", "29 февраля 1937", "31 апреля 1938", "0 марта 1932", "32 марта 1932",
        "31.04.1938", "13.1938", "00.1938", "0000", "1938-1937 гг.", "1937-1937", "1999-01",
        "1937-938", "1935-е годы"}) {
    EXPECT_THAT(EdtfFromRussianText(text), StatusIs(StatusCode::kInvalidArgument)) << text;
  }
  ExpectRussian("29 февраля 1936", "1936-02-29");
}

TEST(EdtfFromRussianTextTest, RejectsGarbage) {
  for (std::string_view text : {
           "",
           "   ",
           ".",
           "г.",
           "в",
           "неизвестно",
           "марта",
           "7 марта",
           "7 марта 32 г.",
           "мартобря 1937",
           "7 мартa 1932",  // Latin "a"
           "37 г.",
           "19370 г.",
           "1937 1938",
           "7 марта 1932 г. рождения",
           "1937 г. г.",
           "Иванов Иван",
           "17.05",
           "17.05.38",
           "1937/1938",
           "в в 1937",
           "1937?",
           "abc",
           "\xd0",
           "\xff\xfe",
           "1937\xd0",
           "март\xd0\x20 1937",
           "1 2 3 4 5 6 7 8 9 10 11 12",
       }) {
    EXPECT_THAT(EdtfFromRussianText(text), StatusIs(StatusCode::kInvalidArgument)) << text;
  }
}

TEST(EdtfFromRussianTextTest, ErrorQuotesTheOriginalText) {
  EXPECT_THAT(EdtfFromRussianText("30 февраля 1937 г."),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("\"30 февраля 1937 г.\"")));
}

}  // namespace
}  // namespace memoria
