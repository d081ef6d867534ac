// ParseMosMemoBio reads the free-text biography of Memorial's "Shot in
// Moscow" lists (mos.memo.ru) into fields, e.g.
//
//   "род. 1884, Лифляндская губ., Валкский уезд, латыш, б/п, Кирижский
//    лесохимкомбинат: начальник партии. Адрес: 1-я Авиамоторная ул., д.1,
//    кв. 1. Рассстрелян 17.05.1938. Место захоронения: Бутово."
//
// The biography is a comma-separated head (birth year, birth place parts,
// nationality, party, occupation) followed by sentences introduced by
// "Адрес:", "Расстрелян"/"Рассстрелян" (sic, upstream typo), "Место
// захоронения:" and similar. Pieces the parser cannot place are kept in
// "unparsed" rather than dropped, so nothing of the source is lost.
//
// Thread safety: a pure function.
#ifndef MEMORIA_INGEST_MOS_MEMO_BIO_H_
#define MEMORIA_INGEST_MOS_MEMO_BIO_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/edtf.h"

namespace memoria::ingest {

struct MosMemoBio {
  Edtf birth;              // usually a year ("род. 1884"); uncertain ("1900?")
                           // when the text gives another date in brackets
  std::string birth_text;  // the birth date as written, "1900 (по другим данным - в 1901)"
  std::string birth_place;  // "Лифляндская губ., Валкский уезд, усадьбы Стражас"
  std::string nationality;  // "латыш", "польский еврей", "русский (украинец)"
  std::string party;       // "б/п", "член ВКП(б) с 1918 по 1938"
  std::string occupation;  // "Кирижский лесохимкомбинат: начальник ..."
  std::string address;         // "1-я Авиамоторная ул., д.1, кв. 1"
  std::string execution_verb;  // as written, "Рассстреляна"; its ending gives the gender
  Edtf execution;              // "Рассстрелян 17.05.1938" -> 1938-05-17
  std::string execution_text;         // the date as written, "17.05.1938"
  std::string burial_place;           // "Бутово"
  std::vector<std::string> unparsed;  // every piece not placed above, verbatim
};

MosMemoBio ParseMosMemoBio(std::string_view bio);

}  // namespace memoria::ingest

#endif  // MEMORIA_INGEST_MOS_MEMO_BIO_H_
