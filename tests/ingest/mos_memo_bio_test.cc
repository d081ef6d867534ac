#include "ingest/mos_memo_bio.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "core/edtf.h"
#include "testing/paths.h"

namespace memoria::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// The biographies below are invented in the shape of the published lists;
// no name, place or date is taken from them.

TEST(MosMemoBioTest, ReadsEveryFieldOfATypicalBiography) {
  MosMemoBio bio = ParseMosMemoBio(
      "род. 1886, Курляндская губ., Тальсенский уезд, хутор Лиепас, латыш, б/п, "
      "Озерный лесокомбинат: десятник. Адрес: 3-я Заречная ул., д.12, кв. 4. "
      "Рассстрелян 14.03.1938. Место захоронения: Бутово.");
  EXPECT_EQ(bio.birth.ToString(), "1886");
  EXPECT_EQ(bio.birth_text, "1886");
  EXPECT_EQ(bio.birth_place, "Курляндская губ., Тальсенский уезд, хутор Лиепас");
  EXPECT_EQ(bio.nationality, "латыш");
  EXPECT_EQ(bio.party, "б/п");
  EXPECT_EQ(bio.occupation, "Озерный лесокомбинат: десятник");
  EXPECT_EQ(bio.address, "3-я Заречная ул., д.12, кв. 4");
  EXPECT_EQ(bio.execution_verb, "Рассстрелян");
  EXPECT_EQ(bio.execution.ToString(), "1938-03-14");
  EXPECT_EQ(bio.execution_text, "14.03.1938");
  EXPECT_EQ(bio.burial_place, "Бутово");
  EXPECT_THAT(bio.unparsed, IsEmpty());
}

TEST(MosMemoBioTest, ReadsAWomansBiographyWithTheFeminineVerb) {
  MosMemoBio bio = ParseMosMemoBio(
      "род. 1902, Витебская губ., г. Велиж, еврейка, б/п, швейная артель \"Игла\": закройщица. "
      "Адрес: Кривой пер., д.3, кв. 9. Рассстреляна 2.11.1937. Место захоронения: Бутово.");
  EXPECT_EQ(bio.birth_place, "Витебская губ., г. Велиж");
  EXPECT_EQ(bio.nationality, "еврейка");
  EXPECT_EQ(bio.occupation, "швейная артель \"Игла\": закройщица");
  EXPECT_EQ(bio.execution_verb, "Рассстреляна");
  EXPECT_EQ(bio.execution.ToString(), "1937-11-02");
  EXPECT_EQ(bio.execution_text, "2.11.1937");
}

TEST(MosMemoBioTest, KeepsPartyMembershipYears) {
  MosMemoBio bio = ParseMosMemoBio(
      "род. 1893, Тамбовская губ., с. Лесное, русский, член ВКП(б) с 1918 по 1937, "
      "трест \"Мосжилстрой\": прораб. Адрес: ул. Полевая, д.5, кв. 2. "
      "Рассстрелян 20.08.1938. Место захоронения: Бутово.");
  EXPECT_EQ(bio.nationality, "русский");
  EXPECT_EQ(bio.party, "член ВКП(б) с 1918 по 1937");
  EXPECT_EQ(bio.occupation, "трест \"Мосжилстрой\": прораб");
}

TEST(MosMemoBioTest, ReadsCandidateAndFormerMembers) {
  EXPECT_EQ(ParseMosMemoBio("род. 1901, г. Орел, русский, кандидат в члены ВКП(б), слесарь.").party,
            "кандидат в члены ВКП(б)");
  EXPECT_EQ(ParseMosMemoBio("род. 1890, г. Орел, поляк, бывший член ВКП(б), слесарь.").party,
            "бывший член ВКП(б)");
  EXPECT_EQ(ParseMosMemoBio("род. 1890, г. Орел, грек, в 1920-1931 член ВКП(б), слесарь.").party,
            "в 1920-1931 член ВКП(б)");
}

TEST(MosMemoBioTest, KeepsCommasInsideQuotesAndBracketsInTheOccupation) {
  MosMemoBio bio = ParseMosMemoBio(
      "род. 1899, г. Тверь, русский, б/п, завод \"Серп, Молот и Лира\" (цех № 3, сборка): "
      "слесарь, бригадир. Адрес: ул. Садовая, д.1. Рассстрелян 5.04.1938. "
      "Место захоронения: Бутово.");
  EXPECT_EQ(bio.party, "б/п");
  EXPECT_EQ(bio.occupation, "завод \"Серп, Молот и Лира\" (цех № 3, сборка): слесарь, бригадир");
}

TEST(MosMemoBioTest, LeavesBirthPlaceEmptyWhenTheBiographyGoesStraightToNationality) {
  MosMemoBio bio = ParseMosMemoBio(
      "род. 1911, украинец, б/п, преподаватель школы ФЗУ. Адрес: Тихий пер., д.8. "
      "Рассстрелян 27.09.1938. Место захоронения: Коммунарка.");
  EXPECT_EQ(bio.birth_place, "");
  EXPECT_EQ(bio.nationality, "украинец");
  EXPECT_EQ(bio.occupation, "преподаватель школы ФЗУ");
  EXPECT_EQ(bio.burial_place, "Коммунарка");
}

TEST(MosMemoBioTest, ReadsTheCorrectSpellingAndALeadingZero) {
  MosMemoBio bio = ParseMosMemoBio(
      "род. 1880, г. Калуга, русский, б/п, врач. Адрес: ул. Лесная, д.2, кв. 7. "
      "Расстрелян 09.12.1937. Место захоронения: Коммунарка.");
  EXPECT_EQ(bio.execution_verb, "Расстрелян");
  EXPECT_EQ(bio.execution.ToString(), "1937-12-09");
  EXPECT_EQ(bio.execution_text, "09.12.1937");
  EXPECT_EQ(bio.burial_place, "Коммунарка");
}

TEST(MosMemoBioTest, ReadsTheUpstreamTypoWithThreeEs) {
  MosMemoBio bio = ParseMosMemoBio("род. 1884, латыш, б/п. Рассстрелян 17.05.1938.");
  EXPECT_EQ(bio.execution_verb, "Рассстрелян");
  EXPECT_EQ(bio.execution.ToString(), "1938-05-17");
  EXPECT_EQ(bio.nationality, "латыш");
  EXPECT_EQ(bio.party, "б/п");
  EXPECT_EQ(bio.occupation, "");
}

TEST(MosMemoBioTest, ReadsBirthDaysAndMonths) {
  MosMemoBio day = ParseMosMemoBio("род. 28.12.1878, в Вологде, русский, б/п, кассир.");
  EXPECT_EQ(day.birth.ToString(), "1878-12-28");
  EXPECT_EQ(day.birth_place, "в Вологде");
  MosMemoBio month = ParseMosMemoBio("род. в январе 1900, г. Псков, русский, б/п, кассир.");
  EXPECT_EQ(month.birth.ToString(), "1900-01");
  EXPECT_EQ(month.birth_text, "в январе 1900");
}

TEST(MosMemoBioTest, MarksABirthWithAnotherReadingAsUncertain) {
  MosMemoBio bio =
      ParseMosMemoBio("род. 1897 (по другим данным - в 1895), г. Ржев, русский, б/п, кузнец.");
  EXPECT_EQ(bio.birth.ToString(), "1897?");
  EXPECT_EQ(bio.birth_text, "1897 (по другим данным - в 1895)");
  EXPECT_EQ(bio.birth_place, "г. Ржев");
  MosMemoBio day = ParseMosMemoBio("род. 3 мая (по другим данным - июня) 1905, г. Ржев, русский.");
  EXPECT_EQ(day.birth.ToString(), "1905-05-03?");
}

TEST(MosMemoBioTest, PlacesPartyAfterBirthPlaceWhenNationalityIsMissing) {
  MosMemoBio bio = ParseMosMemoBio(
      "род. 1900, Пензенская обл., г. Кузнецк, б/п, гл. инженер НИИ. Адрес: ул. Мира, 4-2. "
      "Рассстрелян 23.01.1933. Место захоронения: Ваганьковское кладбище.");
  EXPECT_EQ(bio.birth_place, "Пензенская обл., г. Кузнецк");
  EXPECT_EQ(bio.nationality, "");
  EXPECT_EQ(bio.party, "б/п");
  EXPECT_EQ(bio.occupation, "гл. инженер НИИ");
  EXPECT_EQ(bio.burial_place, "Ваганьковское кладбище");
}

TEST(MosMemoBioTest, ReadsCompoundAndAlternativeNationalities) {
  EXPECT_EQ(ParseMosMemoBio("род. 1899, г. Вильно, польский еврей, б/п, портной.").nationality,
            "польский еврей");
  EXPECT_EQ(ParseMosMemoBio("род. 1888, в Москве, русский (по другим данным - немец), б/п, "
                            "учитель.")
                .nationality,
            "русский (по другим данным - немец)");
}

TEST(MosMemoBioTest, TakesAnUnlistedNationalityStandingBeforeTheParty) {
  MosMemoBio bio = ParseMosMemoBio("род. 1905, г. Сыктывкар, коми-пермячка, б/п, учительница.");
  EXPECT_EQ(bio.birth_place, "г. Сыктывкар");
  EXPECT_EQ(bio.nationality, "коми-пермячка");
}

TEST(MosMemoBioTest, JoinsPartyStatementsThatContinueAcrossCommas) {
  MosMemoBio bio = ParseMosMemoBio(
      "род. 1890, г. Кутаиси, грузин, искл. из ВКП(б) в 1927, восстановлен в 1928, "
      "вторично исключен в 1935, литератор, журналист.");
  EXPECT_EQ(bio.party, "искл. из ВКП(б) в 1927, восстановлен в 1928, вторично исключен в 1935");
  EXPECT_EQ(bio.occupation, "литератор, журналист");
}

TEST(MosMemoBioTest, KeepsAMembershipOfABoardInTheOccupation) {
  MosMemoBio bio = ParseMosMemoBio(
      "род. 1880, Пермская обл., русский, член правления "
      "\"Уралмедь\". Адрес: наб. Речная, 18-1.");
  EXPECT_EQ(bio.party, "");
  EXPECT_EQ(bio.occupation, "член правления \"Уралмедь\"");
}

TEST(MosMemoBioTest, SplitsTheWordBespartiynyFromTheOccupation) {
  MosMemoBio bio = ParseMosMemoBio(
      "род. 1895, г. Тула, русский, беспартийный оружейный мастер, "
      "слесарь.");
  EXPECT_EQ(bio.party, "беспартийный");
  EXPECT_EQ(bio.occupation, "оружейный мастер, слесарь");
}

TEST(MosMemoBioTest, AnUnclosedBracketDoesNotSwallowTheRestOfTheHead) {
  MosMemoBio bio = ParseMosMemoBio(
      "род. 1887, г. Плоцк (Польша0, поляк, член ВКП(б), "
      "завод № 2: обойщик. Адрес: ул. Новая, д.3.");
  EXPECT_EQ(bio.birth_place, "г. Плоцк (Польша0");
  EXPECT_EQ(bio.nationality, "поляк");
  EXPECT_EQ(bio.party, "член ВКП(б)");
  EXPECT_EQ(bio.occupation, "завод № 2: обойщик");
}

TEST(MosMemoBioTest, KeepsTheFullStopOfAnAbbreviationAtTheEndOfASentence) {
  MosMemoBio bio = ParseMosMemoBio(
      "род. 1899, в Клину, русский, б/п, стрелочник Северной ж.д. "
      "Адрес: ул. Депо, д.1. Рассстрелян 1.12.1937.");
  EXPECT_EQ(bio.occupation, "стрелочник Северной ж.д.");
  EXPECT_EQ(bio.address, "ул. Депо, д.1");
}

TEST(MosMemoBioTest, KeepsProseAfterTheAddressAsUnparsed) {
  MosMemoBio bio = ParseMosMemoBio(
      "род. 1891, в Москве, русский, б/п, инженер. Адрес: Тихий бул., д.4, кв.2. В 1920 г. "
      "приговорен к 5 годам ИТЛ. Освобожден в 1923 г. Рассстрелян 9.09.1937. "
      "Место захоронения: Донское.");
  EXPECT_EQ(bio.address, "Тихий бул., д.4, кв.2");
  EXPECT_THAT(bio.unparsed,
              ElementsAre("В 1920 г. приговорен к 5 годам ИТЛ. Освобожден в 1923 г."));
  EXPECT_EQ(bio.execution.ToString(), "1937-09-09");
  EXPECT_EQ(bio.burial_place, "Донское");
}

TEST(MosMemoBioTest, AnInitialInTheAddressIsNotASentenceEnd) {
  MosMemoBio bio = ParseMosMemoBio(
      "род. 1901, русский. Адрес: ул. Б. Полянка, д.2. Кв. 5. "
      "Рассстрелян 1.02.1938.");
  EXPECT_EQ(bio.address, "ул. Б. Полянка, д.2. Кв. 5");
  EXPECT_THAT(bio.unparsed, IsEmpty());
}

TEST(MosMemoBioTest, KeepsASecondAddressAsUnparsed) {
  MosMemoBio bio = ParseMosMemoBio(
      "род. 1901, русский. Адрес: ул. Мира, д.1. Адрес: ул. Луговая, "
      "д.2. Рассстрелян 1.02.1938.");
  EXPECT_EQ(bio.address, "ул. Мира, д.1");
  EXPECT_THAT(bio.unparsed, ElementsAre("Адрес: ул. Луговая, д.2"));
}

TEST(MosMemoBioTest, KeepsAnImpossibleExecutionDateAsText) {
  MosMemoBio bio = ParseMosMemoBio("род. 1901, русский. Рассстрелян 31.02.1938.");
  EXPECT_TRUE(bio.execution.empty());
  EXPECT_EQ(bio.execution_text, "31.02.1938");
}

TEST(MosMemoBioTest, KeepsTextOfAnotherShapeWholeAsUnparsed) {
  MosMemoBio bio = ParseMosMemoBio("сведения уточняются, см. архив");
  EXPECT_THAT(bio.unparsed, ElementsAre("сведения уточняются, см. архив"));
  EXPECT_EQ(bio.occupation, "");
  EXPECT_TRUE(bio.birth.empty());
}

TEST(MosMemoBioTest, EmptyTextGivesEmptyFields) {
  MosMemoBio bio = ParseMosMemoBio("");
  EXPECT_TRUE(bio.birth.empty());
  EXPECT_TRUE(bio.execution.empty());
  EXPECT_EQ(bio.birth_place, "");
  EXPECT_EQ(bio.address, "");
  EXPECT_THAT(bio.unparsed, IsEmpty());
}

// --- The published list -----------------------------------------------------

// A minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF.
std::vector<std::vector<std::string>> ReadCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
    } else {
      field.push_back(c);
    }
  }
  if (!field.empty() || !row.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

bool IsVerbatim(std::string_view piece, std::string_view bio) {
  return piece.empty() || bio.find(piece) != std::string_view::npos;
}

TEST(MosMemoBioDataTest, ParsesThePublishedShotInMoscowList) {
  MEMORIA_REQUIRE_SHARED_DATA(path, "memorial-mos/mos_memo_ru_all.csv");
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::vector<std::string>> rows = ReadCsv(text);
  ASSERT_GT(rows.size(), 1u);
  const std::vector<std::string>& header = rows[0];
  size_t bio_column = header.size();
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == "BIO") bio_column = i;
  }
  ASSERT_LT(bio_column, header.size()) << "no BIO column";

  size_t total = 0, execution = 0, birth = 0, birth_place = 0, nationality = 0, party = 0,
         occupation = 0, burial = 0, address = 0, with_unparsed = 0, not_verbatim = 0;
  for (size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() <= bio_column) continue;
    const std::string& text_bio = rows[r][bio_column];
    MosMemoBio bio = ParseMosMemoBio(text_bio);
    ++total;
    execution += !bio.execution.empty();
    birth += !bio.birth.empty();
    birth_place += !bio.birth_place.empty();
    nationality += !bio.nationality.empty();
    party += !bio.party.empty();
    occupation += !bio.occupation.empty();
    burial += !bio.burial_place.empty();
    address += !bio.address.empty();
    with_unparsed += !bio.unparsed.empty();
    bool verbatim = true;
    for (const std::string* piece :
         {&bio.birth_text, &bio.birth_place, &bio.nationality, &bio.party, &bio.occupation,
          &bio.address, &bio.execution_text, &bio.burial_place}) {
      verbatim = verbatim && IsVerbatim(*piece, text_bio);
    }
    for (const std::string& piece : bio.unparsed)
      verbatim = verbatim && IsVerbatim(piece, text_bio);
    if (!verbatim) {
      ++not_verbatim;
      ADD_FAILURE() << "a field is not a verbatim piece of: " << text_bio;
    }
  }
  ASSERT_EQ(total, 5232u);
  auto share = [&](const char* name, size_t count) {
    double value = static_cast<double>(count) / static_cast<double>(total);
    std::cout << "  " << name << ": " << count << "/" << total << " = " << value << "\n";
    RecordProperty(name, std::to_string(value));
    return value;
  };
  std::cout << "mos_memo_ru_all.csv BIO shares:\n";
  EXPECT_GT(share("execution_date", execution), 0.99);
  EXPECT_GT(share("birth", birth), 0.995);
  EXPECT_GT(share("birth_place", birth_place), 0.995);
  EXPECT_GT(share("nationality", nationality), 0.995);
  EXPECT_GT(share("party", party), 0.99);
  EXPECT_GT(share("occupation", occupation), 0.98);
  EXPECT_GT(share("burial_place", burial), 0.995);
  EXPECT_GT(share("address", address), 0.995);
  EXPECT_LT(share("with_unparsed", with_unparsed), 0.01);
  EXPECT_EQ(not_verbatim, 0u);
}

}  // namespace
}  // namespace memoria::ingest
