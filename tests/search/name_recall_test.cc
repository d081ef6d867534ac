// A person must be found from a name typed with one slip: in Latin letters
// (the slip made in the Latin, or in the Cyrillic before transliterating),
// with the given name right and no patronymic; and a surname of one or two
// letters (Korean, Chinese: Ли, Ан, Ем, Ю) read with an OCR confusion.
// Each query below found nothing before the name index drew candidates
// from the Cyrillic readings of a Latin word and from the short parts.
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "ingest/ingest.h"
#include "search/search.h"
#include "store/store.h"
#include "testing/archive_builder.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria::search {
namespace {

using ::memoria::testing::FreshTempDir;

class NameRecallTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string dir = FreshTempDir() + "_recall";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto made = store::Store::Create(dir + "/a");
    ASSERT_OK(made);
    store_ = std::move(made).value().release();
    // Invented names; several share a given name or a surname so that the
    // right one must outrank near neighbours.
    const char* kRows[] = {"1\tУшаков\tИгнат\tПетрович\t1890",
                           "2\tНазарчук\tИван\tСеменович\t1892",
                           "3\tДенисов\tТрофим\tИльич\t1893",
                           "4\tБочкарев\tВиктор\tПавлович\t1894",
                           "5\tНенашев\tАлександр\tЛьвович\t1895",
                           "6\tКузнецов\tФедор\tАндреевич\t1896",
                           "7\tЛи\tЕн Хак\tNone\t1898",
                           "8\tЛю\tЕн Хак\tNone\t1899",
                           "9\tЮ\tБао Юй\tNone\t1900",
                           "10\tАн\tУн Юан\tNone\t1901",
                           "11\tЕм\tЕн Су\tNone\t1902",
                           "12\tУшаков\tПетр\tПетрович\t1890",
                           "13\tШаков\tИгнат\tПетрович\t1890",
                           "14\tИванов\tИван\tИванович\t1890",
                           "15\tДенисенко\tТрофим\tИльич\t1893",
                           "16\tКузнецова\tФедора\tИвановна\t1896",
                           "17\tЛи\tЕн Хо\tNone\t1898",
                           "18\tНазаров\tИван\tПетрович\t1891",
                           "19\tО\tХак Те\tNone\t1903",
                           "20\tКо\tЮ Чен\tNone\t1904",
                           "21\tПисарев\tСерафим\tИванович\t1890",
                           "22\tИванов\tИннокентий\tПетрович\t1890",
                           "23\tВласов\tЕгор\tИванович\t1890",
                           "24\tЧушкин\tМихаил\tИванович\t1890",
                           "25\tПисаренко\tСерафим\tИванович\t1890",
                           "26\tЦой\tАнани\tЯковлевич\t1890",
                           "27\tКим\tАнани\tИванович\t1890",
                           "28\tЦой\tИван\tИванович\t1890"};
    const std::string file = dir + "/rows.tsv";
    {
      std::ofstream out(file);
      out << "person_id\tsurname\tname\tpatronimic\tbirth_year\n";
      for (const char* r : kRows) out << r << "\n";
    }
    ingest::ImportOptions o;
    o.profile = "memorial-lists";
    ASSERT_OK(ingest::Import(store_, {file}, o));
  }
  static void TearDownTestSuite() {
    delete store_;
    store_ = nullptr;
  }

  // The surname, given name and patronymic of the first hit, or "" when
  // there is none.
  static std::string First(const std::string& query) {
    SearchOptions o;
    o.limit = 10;
    auto r = Search(::memoria::testing::PublicView(store_), query, o);
    if (!r.ok() || r->hits.empty()) return "";
    const Hit& h = r->hits[0];
    return h.surname + " " + h.given + (h.patronymic.empty() ? "" : " " + h.patronymic);
  }

  static store::Store* store_;
};

store::Store* NameRecallTest::store_ = nullptr;

TEST_F(NameRecallTest, ALatinSurnameWithOneSlipAndTheRightGivenNameFindsThePerson) {
  EXPECT_EQ(First("ushakoi ignat"), "Ушаков Игнат Петрович");           // a wrong letter
  EXPECT_EQ(First("nazarchu ivan"), "Назарчук Иван Семенович");         // one dropped
  EXPECT_EQ(First("denisoi trofim"), "Денисов Трофим Ильич");           // a wrong last letter
  EXPECT_EQ(First("bochkare viktor"), "Бочкарев Виктор Павлович");      // the last dropped
  EXPECT_EQ(First("nenashe aleksandr"), "Ненашев Александр Львович");   // the last dropped
  EXPECT_EQ(First("Nenashev Aleksandr"), "Ненашев Александр Львович");  // no slip: unchanged
}

TEST_F(NameRecallTest, ASlipMadeInTheCyrillicBeforeTransliteratingFindsThePerson) {
  // Писарев -> Писаре (в dropped), Иванов -> Иваов (н dropped), Власов ->
  // Власое (в read as е), Чушкин -> Чшкин (у dropped), then ICAO.
  EXPECT_EQ(First("pisare serafim"), "Писарев Серафим Иванович");
  EXPECT_EQ(First("ivaov innokentii"), "Иванов Иннокентий Петрович");
  EXPECT_EQ(First("vlasoe egor"), "Власов Егор Иванович");
  EXPECT_EQ(First("chshkin mikhail"), "Чушкин Михаил Иванович");
}

TEST_F(NameRecallTest, WhenTheSurnamesNeighbourhoodMissesTheGivenNameDrawsTheName) {
  // "tosi" (Цой, tsoi, with two letters swapped) reads back as "тоси",
  // three edits from "цой", and its key is far too; the names of the given
  // name Анани are asked, their surnames compared in Latin.
  EXPECT_EQ(First("tosi anani"), "Цой Анани Яковлевич");
  EXPECT_EQ(First("tsio anani"), "Цой Анани Яковлевич");
  // A surname the given name's names do not hold stays unfound.
  EXPECT_EQ(First("tosi petr"), "");
}

TEST_F(NameRecallTest, AShortSurnameReadWithAnOcrConfusionFindsThePerson) {
  // и read as н: Ли before Лю, since и/н is a confusion of print.
  EXPECT_EQ(First("Лн Ен Хак"), "Ли Ен Хак");
  EXPECT_EQ(First("Аи Ун Юан"), "Ан Ун Юан");
  EXPECT_EQ(First("Еи Ен Су"), "Ем Ен Су");
  EXPECT_EQ(First("Пю Ен Хак"), "Лю Ен Хак");  // Л read as П
  // Ю read as Latin IO, or as the digits 10; О as a zero.
  EXPECT_EQ(First("IO Бао Юй"), "Ю Бао Юй");
  EXPECT_EQ(First("10 Бао Юй"), "Ю Бао Юй");
  EXPECT_EQ(First("0 Хак Те"), "О Хак Те");
  // Ю read as "io" inside a word: Лio.
  EXPECT_EQ(First("Лio Ен Хак"), "Лю Ен Хак");
}

TEST_F(NameRecallTest, AOneLetterSurnameIsFoundAsWritten) {
  EXPECT_EQ(First("Ю Бао Юй"), "Ю Бао Юй");
  EXPECT_EQ(First("О Хак Те"), "О Хак Те");
  // A one-letter word is still an initial where that reads better.
  EXPECT_EQ(First("Ко Ю Чен"), "Ко Ю Чен");
  EXPECT_EQ(First("Иванов И. И."), "Иванов Иван Иванович");
}

}  // namespace
}  // namespace memoria::search
