#include "store/edits.h"

#include "store/internal/testing.h"
#include "store/reader.h"
#include "store/write.h"
#include "testing/archive_builder.h"
#include "testing/status_matchers.h"

namespace memoria::store {
namespace {

using ::memoria::testing::ArchiveBuilder;
using ::memoria::testing::QueryInt;
using ::memoria::testing::QueryRows;
using ::memoria::testing::StatusIs;

class EditsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = Store::OpenInMemory().value();
    ArchiveBuilder b(store_.get());
    const int64_t source = b.Source("test:list.csv", "Книга памяти");
    record_ = b.Record(source, R"({"ФИО":"Щербакова Ирина Лазаревна","Год":"1899"})");
    person_ = b.Person(record_);
    name_ = b.Name(person_, record_, "Щербакова", "Ирина", "Лазаревна");
    birth_ = b.Event(person_, record_, "birth", "1899");
    occupation_ = b.Attribute(person_, record_, "occupation", "учительница");
    b.Commit();
  }

  PersonView Person(Visibility v = Visibility::kPublic) {
    Reader* reader = store_->ReaderFor(v).value();
    Result<PersonView> p = reader->GetPerson(person_);
    EXPECT_OK(p.status());
    return p.ok() ? *p : PersonView();
  }

  ChangeRequest NameCorrection(std::string_view surname, std::string_view author = "editor1") {
    ChangeRequest r;
    r.kind = ChangeKind::kCorrect;
    r.fact = FactKind::kName;
    r.person_id = person_;
    r.target_id = name_;
    r.name.surname = surname;
    r.name.given = "Ирина";
    r.name.patronymic = "Лазаревна";
    r.citation = "letter of the daughter, 2019";
    r.reason = "the list misspells the surname";
    r.author = author;
    return r;
  }

  Result<int64_t> Write(const std::function<Result<int64_t>(WriteTransaction&)>& fn) {
    MEMORIA_ASSIGN_OR_RETURN(WriteTransaction tx, store_->BeginWrite());
    MEMORIA_ASSIGN_OR_RETURN(int64_t id, fn(tx));
    MEMORIA_RETURN_IF_ERROR(tx.Commit());
    return id;
  }

  std::unique_ptr<Store> store_;
  int64_t record_ = 0, person_ = 0, name_ = 0, birth_ = 0, occupation_ = 0;
};

TEST_F(EditsTest, CorrectionSupersedesTheFactWithoutOverwritingIt) {
  const std::string record_before =
      QueryRows(store_.get(), "SELECT raw, content_hash FROM records")[0][0];
  Reader* reader = store_->ReaderFor(Visibility::kPublic).value();
  const uint64_t version = reader->DataVersion().value();

  ASSERT_OK_AND_ASSIGN(int64_t change, Write([&](WriteTransaction& tx) {
                         return tx.MakeChange(NameCorrection("Щербаков"));
                       }));

  const PersonView p = Person();
  ASSERT_EQ(p.names.size(), 1u);
  EXPECT_EQ(p.names[0].surname, "Щербаков");
  EXPECT_EQ(p.names[0].record_id, 0);
  EXPECT_NE(p.names[0].claim_id, 0);
  // The old fact keeps its row and values, retracted by the change.
  EXPECT_EQ(QueryRows(store_.get(), "SELECT surname, retracted_by FROM names WHERE id = " +
                                        std::to_string(name_)),
            (std::vector<std::vector<std::string>>{{"Щербакова", std::to_string(change)}}));
  // The claim carries the author and the citation; the record is untouched.
  EXPECT_EQ(QueryRows(store_.get(), "SELECT author, citation FROM claims WHERE id = " +
                                        std::to_string(p.names[0].claim_id)),
            (std::vector<std::vector<std::string>>{{"editor1", "letter of the daughter, 2019"}}));
  EXPECT_EQ(QueryRows(store_.get(), "SELECT raw, content_hash FROM records")[0][0], record_before);
  EXPECT_GT(reader->DataVersion().value(), version);
}

TEST_F(EditsTest, ACitationIsRequired) {
  ChangeRequest r = NameCorrection("Щербаков");
  r.citation = "  ";
  EXPECT_THAT(Write([&](WriteTransaction& tx) { return tx.MakeChange(r); }).status(),
              StatusIs(StatusCode::kInvalidArgument));
  r.citation = std::string(kMaxCitationBytes + 1, 'x');
  EXPECT_THAT(Write([&](WriteTransaction& tx) { return tx.MakeChange(r); }).status(),
              StatusIs(StatusCode::kResourceExhausted));
  EXPECT_EQ(Person().names[0].surname, "Щербакова");
}

TEST_F(EditsTest, RetractionHidesTheFactFromEveryView) {
  ChangeRequest r;
  r.kind = ChangeKind::kRetract;
  r.fact = FactKind::kEvent;
  r.person_id = person_;
  r.target_id = birth_;
  r.citation = "record 1 misread";
  r.author = "editor1";
  ASSERT_OK(Write([&](WriteTransaction& tx) { return tx.MakeChange(r); }).status());
  for (Visibility v : {Visibility::kPublic, Visibility::kConfidential}) {
    EXPECT_TRUE(Person(v).events.empty());
  }
  EXPECT_EQ(QueryInt(store_.get(), "SELECT count(*) FROM events"), 1);
  // Retracting it again is refused.
  EXPECT_THAT(Write([&](WriteTransaction& tx) { return tx.MakeChange(r); }).status(),
              StatusIs(StatusCode::kFailedPrecondition));
}

TEST_F(EditsTest, UndoRestoresTheFactAndIsItselfAChange) {
  ASSERT_OK_AND_ASSIGN(int64_t change, Write([&](WriteTransaction& tx) {
                         return tx.MakeChange(NameCorrection("Щербаков"));
                       }));
  ASSERT_OK_AND_ASSIGN(int64_t undo, Write([&](WriteTransaction& tx) {
                         return tx.UndoChange(change, "editor2", "", "wrong person");
                       }));
  EXPECT_GT(undo, change);
  const PersonView p = Person();
  ASSERT_EQ(p.names.size(), 1u);
  EXPECT_EQ(p.names[0].id, name_);
  EXPECT_EQ(p.names[0].surname, "Щербакова");
  // Undoing twice, or undoing the undo, is refused.
  EXPECT_THAT(Write([&](WriteTransaction& tx) {
                return tx.UndoChange(change, "editor2", "", "");
              }).status(),
              StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(
      Write([&](WriteTransaction& tx) { return tx.UndoChange(undo, "editor2", "", ""); }).status(),
      StatusIs(StatusCode::kFailedPrecondition));

  Reader* reader = store_->ReaderFor(Visibility::kPublic).value();
  ASSERT_OK_AND_ASSIGN(PersonHistory h, EditReader(reader).History(person_));
  ASSERT_EQ(h.changes.size(), 2u);
  EXPECT_EQ(h.changes[0].undone_by, undo);
  EXPECT_EQ(h.changes[1].kind, "undo");
  EXPECT_EQ(h.changes[1].target_id, change);
  EXPECT_EQ(h.changes[1].citation, "change " + std::to_string(change));
}

TEST_F(EditsTest, UndoOfAChangeALaterOneBuiltOnIsRefused) {
  ASSERT_OK_AND_ASSIGN(int64_t first, Write([&](WriteTransaction& tx) {
                         return tx.MakeChange(NameCorrection("Щербаков"));
                       }));
  const int64_t first_name = Person().names[0].id;
  ChangeRequest second = NameCorrection("Шербакова");
  second.target_id = first_name;
  ASSERT_OK(Write([&](WriteTransaction& tx) { return tx.MakeChange(second); }).status());
  EXPECT_THAT(
      Write([&](WriteTransaction& tx) { return tx.UndoChange(first, "editor1", "", ""); }).status(),
      StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_EQ(Person().names[0].surname, "Шербакова");
}

TEST_F(EditsTest, HistoryListsEveryVersionOfEveryFact) {
  ASSERT_OK(Write([&](WriteTransaction& tx) {
              return tx.MakeChange(NameCorrection("Щербаков"));
            }).status());
  ChangeRequest second = NameCorrection("Щербакoва");
  second.target_id = Person().names[0].id;
  ASSERT_OK(Write([&](WriteTransaction& tx) { return tx.MakeChange(second); }).status());

  Reader* reader = store_->ReaderFor(Visibility::kPublic).value();
  ASSERT_OK_AND_ASSIGN(PersonHistory h, EditReader(reader).History(person_));
  std::vector<std::string> names;
  int current = 0;
  for (const FactVersion& v : h.facts) {
    if (v.fact != "name") continue;
    names.push_back(v.value);
    current += v.retracted_by == 0;
  }
  EXPECT_EQ(names,
            (std::vector<std::string>{"Щербакова Ирина Лазаревна", "Щербаков Ирина Лазаревна",
                                      "Щербакoва Ирина Лазаревна"}));
  EXPECT_EQ(current, 1);
  ASSERT_EQ(h.changes.size(), 2u);
  EXPECT_EQ(h.changes[0].citation, "letter of the daughter, 2019");
  EXPECT_EQ(h.changes[0].author, "editor1");
  EXPECT_EQ(h.facts.size(), 5u);  // three names, the birth, the occupation
}

TEST_F(EditsTest, AProposalIsNotVisibleUntilAccepted) {
  ASSERT_OK_AND_ASSIGN(int64_t change, Write([&](WriteTransaction& tx) {
                         return tx.ProposeChange(NameCorrection("Щербаков", "volunteer1"));
                       }));
  for (Visibility v : {Visibility::kPublic, Visibility::kConfidential}) {
    EXPECT_EQ(Person(v).names[0].surname, "Щербакова");
    ASSERT_OK_AND_ASSIGN(PersonHistory h,
                         EditReader(store_->ReaderFor(v).value()).History(person_));
    EXPECT_TRUE(h.changes.empty());
  }
  Reader* restricted = store_->ReaderFor(Visibility::kRestricted).value();
  ASSERT_OK_AND_ASSIGN(std::vector<ChangeRow> queue, EditReader(restricted).Changes("pending", 10));
  ASSERT_EQ(queue.size(), 1u);
  EXPECT_EQ(queue[0].author, "volunteer1");
  EXPECT_EQ(queue[0].value, "Щербаков Ирина Лазаревна");

  ASSERT_OK(Write([&](WriteTransaction& tx) -> Result<int64_t> {
              MEMORIA_RETURN_IF_ERROR(tx.AcceptChange(change, "editor1"));
              return 0;
            }).status());
  EXPECT_EQ(Person().names[0].surname, "Щербаков");
  EXPECT_EQ(QueryRows(store_.get(),
                      "SELECT c.author, ch.reviewed_by FROM changes ch"
                      " JOIN claims c ON c.id = ch.claim_id"),
            (std::vector<std::vector<std::string>>{{"volunteer1", "editor1"}}));
}

TEST_F(EditsTest, ARejectedProposalIsNeverVisible) {
  ASSERT_OK_AND_ASSIGN(int64_t change, Write([&](WriteTransaction& tx) {
                         return tx.ProposeChange(NameCorrection("Щербаков", "volunteer1"));
                       }));
  ASSERT_OK(Write([&](WriteTransaction& tx) -> Result<int64_t> {
              MEMORIA_RETURN_IF_ERROR(tx.RejectChange(change, "editor1"));
              return 0;
            }).status());
  EXPECT_THAT(Write([&](WriteTransaction& tx) -> Result<int64_t> {
                MEMORIA_RETURN_IF_ERROR(tx.AcceptChange(change, "editor1"));
                return 0;
              }).status(),
              StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_EQ(Person(Visibility::kConfidential).names[0].surname, "Щербакова");
  EXPECT_EQ(QueryInt(store_.get(), "SELECT count(*) FROM claims"), 0);
  EXPECT_EQ(QueryInt(store_.get(), "SELECT count(*) FROM names"), 1);
}

TEST_F(EditsTest, AddedFactsFollowTheChosenVisibility) {
  ChangeRequest r;
  r.kind = ChangeKind::kAdd;
  r.fact = FactKind::kAttribute;
  r.person_id = person_;
  r.attribute.kind = "address";
  r.attribute.value = "Москва, ул. Арбат, 1";
  r.citation = "letter of the daughter, 2019";
  r.author = "editor1";
  r.visibility = Visibility::kConfidential;
  ASSERT_OK(Write([&](WriteTransaction& tx) { return tx.MakeChange(r); }).status());
  EXPECT_EQ(Person(Visibility::kPublic).attributes.size(), 1u);
  EXPECT_EQ(Person(Visibility::kConfidential).attributes.size(), 2u);
  ASSERT_OK_AND_ASSIGN(PersonHistory h,
                       EditReader(store_->ReaderFor(Visibility::kPublic).value()).History(person_));
  EXPECT_TRUE(h.changes.empty());  // the change is confidential too
  for (const FactVersion& v : h.facts) EXPECT_NE(v.value, r.attribute.value);
}

TEST_F(EditsTest, RetractingAPersonHidesItAndUndoBringsItBack) {
  ChangeRequest r;
  r.kind = ChangeKind::kRetract;
  r.fact = FactKind::kPerson;
  r.person_id = person_;
  r.citation = "a duplicate of another person";
  r.author = "editor1";
  ASSERT_OK_AND_ASSIGN(int64_t change,
                       Write([&](WriteTransaction& tx) { return tx.MakeChange(r); }));
  Reader* reader = store_->ReaderFor(Visibility::kConfidential).value();
  EXPECT_THAT(reader->GetPerson(person_).status(), StatusIs(StatusCode::kNotFound));
  EXPECT_EQ(reader->GetStats().value().persons, 0);
  ASSERT_OK(Write([&](WriteTransaction& tx) {
              return tx.UndoChange(change, "editor1", "", "");
            }).status());
  EXPECT_EQ(Person().names[0].surname, "Щербакова");
}

TEST_F(EditsTest, AddingAPersonMakesAPersonCitingTheClaim) {
  ChangeRequest r;
  r.kind = ChangeKind::kAdd;
  r.fact = FactKind::kPerson;
  r.name.surname = "Лебедев";
  r.name.given = "Пётр";
  r.citation = "Книга памяти, т. 3, с. 12";
  r.author = "editor1";
  ASSERT_OK_AND_ASSIGN(int64_t change,
                       Write([&](WriteTransaction& tx) { return tx.MakeChange(r); }));
  const int64_t person = QueryInt(
      store_.get(), "SELECT new_fact_id FROM changes WHERE id = " + std::to_string(change));
  Reader* reader = store_->ReaderFor(Visibility::kPublic).value();
  ASSERT_OK_AND_ASSIGN(PersonView p, reader->GetPerson(person));
  EXPECT_EQ(p.names[0].surname, "Лебедев");
  ASSERT_OK_AND_ASSIGN(PersonHistory h, EditReader(reader).History(person));
  ASSERT_EQ(h.changes.size(), 1u);
  EXPECT_EQ(h.changes[0].id, change);
}

TEST_F(EditsTest, APublicCorrectionWaitsUnpublished) {
  CorrectionSubmission s;
  s.person_id = person_;
  s.kind = "testimony";
  s.body = "Моя бабушка Ирина Лазаревна работала в школе № 5.";
  ASSERT_OK_AND_ASSIGN(int64_t id,
                       Write([&](WriteTransaction& tx) { return tx.AddCorrection(s); }));
  EditReader pub(store_->ReaderFor(Visibility::kPublic).value());
  EditReader restricted(store_->ReaderFor(Visibility::kRestricted).value());
  EXPECT_TRUE(pub.Corrections("pending", 10).value().empty());
  EXPECT_TRUE(pub.Testimonies(person_).value().empty());
  EXPECT_EQ(restricted.Corrections("pending", 10).value().size(), 1u);
  EXPECT_TRUE(restricted.Testimonies(person_).value().empty());
  // A volunteer's note keeps it pending; an editor's acceptance publishes it.
  ASSERT_OK(Write([&](WriteTransaction& tx) -> Result<int64_t> {
              MEMORIA_RETURN_IF_ERROR(
                  tx.ReviewCorrection(id, "pending", "volunteer1", "checked", Visibility::kPublic));
              return 0;
            }).status());
  EXPECT_TRUE(pub.Testimonies(person_).value().empty());
  ASSERT_OK(Write([&](WriteTransaction& tx) -> Result<int64_t> {
              MEMORIA_RETURN_IF_ERROR(
                  tx.ReviewCorrection(id, "accepted", "editor1", "", Visibility::kPublic));
              return 0;
            }).status());
  ASSERT_EQ(pub.Testimonies(person_).value().size(), 1u);
  EXPECT_EQ(pub.Testimonies(person_).value()[0].note, "volunteer1: checked");
  // The table has no column for where it came from.
  for (const auto& row :
       QueryRows(store_.get(), "SELECT name FROM pragma_table_info('corrections')")) {
    EXPECT_EQ(row[0].find("addr"), std::string::npos);
    EXPECT_EQ(row[0].find("ip"), std::string::npos);
    EXPECT_EQ(row[0].find("client"), std::string::npos);
  }
  s.body = std::string(kMaxCorrectionBytes + 1, 'a');
  EXPECT_THAT(Write([&](WriteTransaction& tx) { return tx.AddCorrection(s); }).status(),
              StatusIs(StatusCode::kResourceExhausted));
}

TEST_F(EditsTest, ChangesAreAppendOnly) {
  ASSERT_OK(Write([&](WriteTransaction& tx) {
              return tx.MakeChange(NameCorrection("Щербаков"));
            }).status());
  EXPECT_THAT(StoreTesting::Exec(store_.get(), "UPDATE changes SET citation = 'x'"),
              StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(StoreTesting::Exec(store_.get(), "DELETE FROM changes"),
              StatusIs(StatusCode::kFailedPrecondition));
}

}  // namespace
}  // namespace memoria::store
