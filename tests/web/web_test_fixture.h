// The archive the website's tests serve (tests/web/server_test.cc and
// server_http_test.cc): Иванов with every kind of fact and a source record
// holding an external link, a person whose name is a script tag, and
// kPetrovs namesakes (more than one page of results).
#ifndef MEMORIA_TESTS_WEB_WEB_TEST_FIXTURE_H_
#define MEMORIA_TESTS_WEB_WEB_TEST_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/edtf.h"
#include "store/store.h"
#include "store/write.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"
#include "web/server.h"

namespace memoria::web {

inline constexpr int kPetrovs = 25;  // more than one page of results

class WebTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = memoria::testing::FreshTempDir();
    ASSERT_OK_AND_ASSIGN(store_, store::Store::Create(dir_));
    ASSERT_OK_AND_ASSIGN(store::WriteTransaction tx, store_->BeginWrite());
    store::SourceInfo source;
    source.key = "test:list.csv";
    source.title = "Тестовый список";
    source.profile = "test";
    ASSERT_OK_AND_ASSIGN(int64_t source_id, tx.EnsureSource(source));
    ASSERT_OK_AND_ASSIGN(int64_t batch, tx.BeginBatch(source_id, "test", "list.csv", "00"));

    ASSERT_OK_AND_ASSIGN(ivanov_record_,
                         tx.AddRecord(source_id, batch, 7, "42",
                                      R"({"ФИО":"Иванов Иван Иванович","Год рождения":"1899",)"
                                      R"("Ссылка":"https://example.org/list/42"})"));
    ASSERT_OK_AND_ASSIGN(ivanov_, tx.AddPerson(batch));
    ASSERT_OK(tx.LinkRecord(ivanov_, ivanov_record_, "import"));
    store::NameFact name;
    name.person_id = ivanov_;
    name.record_id = ivanov_record_;
    name.surname = "Иванов";
    name.given = "Иван";
    name.patronymic = "Иванович";
    name.script = "Cyrl";
    ASSERT_OK(tx.AddName(name));
    name.kind = "transliteration";
    name.surname = "Ivanov";
    name.given = "Ivan";
    name.patronymic = "Ivanovich";
    name.script = "Latn";
    ASSERT_OK(tx.AddName(name));
    store::EventFact birth;
    birth.person_id = ivanov_;
    birth.record_id = ivanov_record_;
    birth.type = "birth";
    ASSERT_OK_AND_ASSIGN(birth.date, Edtf::Parse("1899"));
    birth.date_text = "1899 г.";
    birth.place = "Тверская губ.";
    ASSERT_OK(tx.AddEvent(birth));
    store::EventFact arrest;
    arrest.person_id = ivanov_;
    arrest.record_id = ivanov_record_;
    arrest.type = "sentence";
    ASSERT_OK_AND_ASSIGN(arrest.date, Edtf::Parse("1937-10-05"));
    arrest.body = "тройка УНКВД";
    arrest.article = "58-10";
    arrest.sentence = "ВМН";
    ASSERT_OK(tx.AddEvent(arrest));
    store::AttributeFact job;
    job.person_id = ivanov_;
    job.record_id = ivanov_record_;
    job.kind = "occupation";
    job.value = "учитель";
    ASSERT_OK(tx.AddAttribute(job));

    ASSERT_OK_AND_ASSIGN(int64_t script_record,
                         tx.AddRecord(source_id, batch, 8, "43", R"({"ФИО":"<script>"})"));
    ASSERT_OK_AND_ASSIGN(script_person_, tx.AddPerson(batch));
    ASSERT_OK(tx.LinkRecord(script_person_, script_record, "import"));
    store::NameFact evil;
    evil.person_id = script_person_;
    evil.record_id = script_record;
    evil.surname = "<script>alert(1)</script>";
    evil.given = "Пётр";
    ASSERT_OK(tx.AddName(evil));

    for (int i = 0; i < kPetrovs; ++i) {
      ASSERT_OK_AND_ASSIGN(int64_t record,
                           tx.AddRecord(source_id, batch, 100 + i, std::to_string(100 + i),
                                        R"({"n":)" + std::to_string(i) + "}"));
      ASSERT_OK_AND_ASSIGN(int64_t person, tx.AddPerson(batch));
      ASSERT_OK(tx.LinkRecord(person, record, "import"));
      store::NameFact petrov;
      petrov.person_id = person;
      petrov.record_id = record;
      petrov.surname = "Петров";
      petrov.given = "Пётр";
      ASSERT_OK(tx.AddName(petrov));
    }
    ASSERT_OK(tx.Commit());
    ASSERT_OK_AND_ASSIGN(app_, App::Create(store_.get()));
  }

  Response Get(const std::string& target) { return app_->Handle({"GET", target, "ru", "", ""}); }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<App> app_;
  int64_t ivanov_ = 0, ivanov_record_ = 0, script_person_ = 0;
};

}  // namespace memoria::web

#endif  // MEMORIA_TESTS_WEB_WEB_TEST_FIXTURE_H_
