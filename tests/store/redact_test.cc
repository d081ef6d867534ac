// Field-level redaction: a fact hidden at a ceiling is not shown again
// through the verbatim source record it was read from, while the stored
// record and its hash stay as imported.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/hash.h"
#include "store/reader.h"
#include "store/store.h"
#include "testing/archive_builder.h"
#include "testing/status_matchers.h"

namespace memoria::store {
namespace {

using ::memoria::testing::ArchiveBuilder;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class RedactTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = Store::OpenInMemory().value();
    ArchiveBuilder b(store_.get());
    const int64_t src = b.Source("test:mos", "Расстрелянные в Москве");
    record_ = b.Record(
        src, R"({"NAME":"Ёлкин Пётр Семёнович","ADDRESS":"ул. Секретная, д. 5",)"
             R"("BIO":"Родился в 1901 г. Проживал: ул. Секретная, д. 5. Расстрелян 17.5.1938.",)"
             R"("SEX":"М","LINK":"https://example.org/1"})");
    person_ = b.Person(record_);
    b.Name(person_, record_, "Ёлкин", "Пётр", "Семёнович");
    b.Attribute(person_, record_, "address", "ул. Секретная, д. 5", Visibility::kRestricted);
    b.Event(person_, record_, "execution", "1938-05-17", "Москва", Visibility::kConfidential);
    b.Attribute(person_, record_, "sex", "М", Visibility::kConfidential);
    // A second row of the person (Open List style) holding a hidden alias.
    alias_record_ = b.Record(src, R"({"surname":"Ёлкин","name":"Тайноимя","kind":"alias"})");
    b.Link(person_, alias_record_);
    b.Name(person_, alias_record_, "Ёлкин", "Тайноимя", "", "alias", Visibility::kConfidential);
    b.Commit();
  }

  RecordView RecordAt(Visibility ceiling) {
    Reader* reader = store_->ReaderFor(ceiling).value();
    Result<PersonView> p = reader->GetPerson(person_);
    EXPECT_TRUE(p.ok()) << p.status();
    EXPECT_EQ(p->records.size(), 2u);
    return p->records.empty() ? RecordView() : p->records[0];
  }

  std::unique_ptr<Store> store_;
  int64_t record_ = 0, alias_record_ = 0, person_ = 0;
};

TEST_F(RedactTest, AHiddenAddressLeavesEveryFieldThatHoldsIt) {
  const RecordView pub = RecordAt(Visibility::kPublic);
  EXPECT_THAT(pub.raw, Not(HasSubstr("Секретная")));
  EXPECT_THAT(pub.hidden_fields, ElementsAre("ADDRESS", "BIO"));
  // What hides nothing stays.
  EXPECT_THAT(pub.raw, HasSubstr("Ёлкин Пётр Семёнович"));
  EXPECT_THAT(pub.raw, HasSubstr("https://example.org/1"));
}

TEST_F(RedactTest, EachCeilingSeesWhatItMay) {
  // At restricted the address is visible, and nothing else of the record
  // is hidden text (the confidential execution's place, Москва, is in no
  // field).
  const RecordView restricted = RecordAt(Visibility::kRestricted);
  EXPECT_THAT(restricted.raw, HasSubstr("ул. Секретная, д. 5"));
  EXPECT_THAT(restricted.hidden_fields, IsEmpty());
  const RecordView all = RecordAt(Visibility::kConfidential);
  EXPECT_THAT(all.hidden_fields, IsEmpty());
  EXPECT_THAT(all.raw, HasSubstr("ул. Секретная, д. 5"));
}

TEST_F(RedactTest, ShortHiddenTextsDoNotEraseEverything) {
  // The hidden sex "М" is one letter: the fields stay (the NAME and BIO
  // contain the letter too).
  const RecordView restricted = RecordAt(Visibility::kRestricted);
  EXPECT_THAT(restricted.raw, HasSubstr("\"SEX\":\"М\""));
}

TEST_F(RedactTest, TheStoredRecordAndItsHashAreUntouched) {
  const RecordView pub = RecordAt(Visibility::kPublic);
  const RecordView all = RecordAt(Visibility::kConfidential);
  EXPECT_EQ(pub.content_hash, all.content_hash);
  EXPECT_EQ(ToHex(Sha256(all.raw)), all.content_hash);
}

TEST_F(RedactTest, AHiddenAliasLeavesItsRowButASharedSurnameStays) {
  Reader* reader = store_->ReaderFor(Visibility::kRestricted).value();
  ASSERT_OK_AND_ASSIGN(PersonView p, reader->GetPerson(person_));
  ASSERT_EQ(p.records.size(), 2u);
  const RecordView& row = p.records[1];
  ASSERT_EQ(row.id, alias_record_);
  EXPECT_THAT(row.raw, Not(HasSubstr("Тайноимя")));
  EXPECT_THAT(row.hidden_fields, ElementsAre("name"));
  // The surname is the visible main name's too: not hidden text.
  EXPECT_THAT(row.raw, HasSubstr("\"surname\":\"Ёлкин\""));
}

}  // namespace
}  // namespace memoria::store
