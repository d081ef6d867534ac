// The editorial workflow of cases in the store: a draft assessment, status
// change or case is in no view of any ceiling (so no role sees it on a
// public page) until it is published; a rejected draft never shows; each
// step is an append-only review row with author, time, citation and reason;
// the queue lists pending drafts up to the reader's ceiling.
#include "store/case_drafts.h"

#include "core/edtf.h"
#include "store/cases.h"
#include "store/internal/sqlite.h"
#include "store/internal/testing.h"
#include "store/reader.h"
#include "store/write.h"
#include "testing/archive_builder.h"
#include "testing/status_matchers.h"

namespace memoria::store {
namespace {

using ::memoria::testing::ArchiveBuilder;
using ::memoria::testing::StatusIs;

class CaseDraftsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = Store::OpenInMemory().value();
    ArchiveBuilder b(store_.get());
    const int64_t source = b.Source("test:prisoners", "Список");
    const int64_t rec = b.Record(source, R"({"n":"1"})");
    person_ = b.Person(rec);
    b.Name(person_, rec, "Арестов", "Иван");
    const int64_t rec2 = b.Record(source, R"({"n":"2"})");
    hidden_ = b.Person(rec2, Visibility::kConfidential);
    b.Name(hidden_, rec2, "Скрытов", "Пётр");
    b.Commit();
  }

  ReviewNote Note(std::string author, std::string citation = "Мосгорсуд, дело 1-123/2024") {
    return ReviewNote{std::move(author), std::move(citation), "first draft"};
  }

  Result<int64_t> Draft(int64_t person, std::string_view statement) {
    MEMORIA_ASSIGN_OR_RETURN(WriteTransaction tx, store_->BeginWrite());
    AssessmentFact f;
    f.person_id = person;
    f.verdict = "political_prisoner";
    f.criteria = "пункт 2.1";
    f.date = Edtf::Parse("2024-05-17").value();
    f.statement = std::string(statement);
    MEMORIA_ASSIGN_OR_RETURN(int64_t id, tx.DraftAssessment(f, Note("vera")));
    MEMORIA_RETURN_IF_ERROR(tx.Commit());
    return id;
  }

  Status Review(DraftItem item, int64_t id, bool publish, std::string reason = "checked") {
    MEMORIA_ASSIGN_OR_RETURN(WriteTransaction tx, store_->BeginWrite());
    ReviewNote n{"olga", "", std::move(reason)};
    MEMORIA_RETURN_IF_ERROR(publish ? tx.PublishDraft(item, id, n) : tx.RejectDraft(item, id, n));
    return tx.Commit();
  }

  // Whether the reader of "ceiling" shows an assessment, status or case of
  // the person.
  bool Shown(Visibility ceiling, int64_t person) {
    CasesReader cases(store_->ReaderFor(ceiling).value());
    Result<PrisonerCard> card = cases.Card(person);
    if (!card.ok()) {
      EXPECT_THAT(card.status(), StatusIs(StatusCode::kNotFound));
      return false;
    }
    return !card->assessments.empty() || !card->statuses.empty() || !card->cases.empty();
  }

  std::unique_ptr<Store> store_;
  int64_t person_ = 0, hidden_ = 0;
};

TEST_F(CaseDraftsTest, ADraftIsInNoViewUntilPublished) {
  const int64_t id = Draft(person_, "**Заявление** о признании").value();
  for (Visibility v : {Visibility::kPublic, Visibility::kRestricted, Visibility::kConfidential}) {
    EXPECT_FALSE(Shown(v, person_)) << static_cast<int>(v);
    CasesReader cases(store_->ReaderFor(v).value());
    EXPECT_TRUE(cases.Prisoners().value().empty());
    EXPECT_TRUE(cases.Changes(100).value().empty());
  }
  ASSERT_OK(Review(DraftItem::kAssessment, id, true));
  for (Visibility v : {Visibility::kPublic, Visibility::kRestricted, Visibility::kConfidential}) {
    EXPECT_TRUE(Shown(v, person_)) << static_cast<int>(v);
  }
  CasesReader cases(store_->ReaderFor(Visibility::kPublic).value());
  const PrisonerCard card = cases.Card(person_).value();
  ASSERT_EQ(card.assessments.size(), 1u);
  EXPECT_EQ(card.assessments[0].drafted_by, "vera");
  EXPECT_EQ(card.assessments[0].approved_by, "olga");
  EXPECT_NE(card.assessments[0].from.claim_id, 0);
  // Published once only.
  EXPECT_THAT(Review(DraftItem::kAssessment, id, true), StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(Review(DraftItem::kAssessment, id, false), StatusIs(StatusCode::kFailedPrecondition));
}

TEST_F(CaseDraftsTest, StatusChangesAndCasesToo) {
  int64_t status_id = 0, case_id = 0;
  {
    WriteTransaction tx = store_->BeginWrite().value();
    StatusChangeFact s;
    s.person_id = person_;
    s.status = "detained";
    s.date = Edtf::Parse("2024-03").value();
    status_id = tx.DraftStatusChange(s, Note("vera")).value();
    CaseFact c;
    c.title = "Дело о «фейках»";
    c.region = "Москва";
    c.detained = Edtf::Parse("2024-03-01").value();
    case_id = tx.DraftCase(c, person_, Note("vera")).value();
    ASSERT_OK(tx.Commit());
  }
  for (Visibility v : {Visibility::kPublic, Visibility::kRestricted, Visibility::kConfidential}) {
    EXPECT_FALSE(Shown(v, person_));
  }
  ASSERT_OK(Review(DraftItem::kStatusChange, status_id, true));
  ASSERT_OK(Review(DraftItem::kCase, case_id, true));
  CasesReader cases(store_->ReaderFor(Visibility::kPublic).value());
  const PrisonerCard card = cases.Card(person_).value();
  ASSERT_EQ(card.statuses.size(), 1u);
  EXPECT_EQ(card.statuses[0].status, "detained");
  ASSERT_EQ(card.cases.size(), 1u);
  EXPECT_EQ(card.cases[0].fact.region, "Москва");
}

TEST_F(CaseDraftsTest, ARejectedDraftNeverShowsAndLeavesTheQueue) {
  const int64_t id = Draft(person_, "спорное").value();
  CaseDrafts drafts(store_.get());
  ASSERT_EQ(drafts.Pending(Visibility::kConfidential).value().size(), 1u);
  ASSERT_OK(Review(DraftItem::kAssessment, id, false, "no source for the verdict"));
  EXPECT_TRUE(drafts.Pending(Visibility::kConfidential).value().empty());
  EXPECT_FALSE(Shown(Visibility::kConfidential, person_));
  EXPECT_THAT(Review(DraftItem::kAssessment, id, true), StatusIs(StatusCode::kFailedPrecondition));
  const std::vector<ReviewStep> steps = drafts.Steps(DraftItem::kAssessment, id).value();
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].action, "draft");
  EXPECT_EQ(steps[0].author, "vera");
  EXPECT_EQ(steps[0].citation, "Мосгорсуд, дело 1-123/2024");
  EXPECT_FALSE(steps[0].at.empty());
  EXPECT_EQ(steps[1].action, "reject");
  EXPECT_EQ(steps[1].author, "olga");
  EXPECT_EQ(steps[1].reason, "no source for the verdict");
}

TEST_F(CaseDraftsTest, TheQueueKeepsToTheCeilingAndTheLogIsAppendOnly) {
  ASSERT_OK(Draft(person_, "открытое").status());
  ASSERT_OK(Draft(hidden_, "закрытое").status());
  CaseDrafts drafts(store_.get());
  EXPECT_EQ(drafts.Pending(Visibility::kRestricted).value().size(), 1u);
  const std::vector<DraftRow> all = drafts.Pending(Visibility::kConfidential).value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].person_id, hidden_);
  EXPECT_EQ(all[1].statement, "закрытое");
  Database* db = StoreTesting::Db(store_.get());
  EXPECT_FALSE(db->Exec("UPDATE case_reviews SET author = 'x'").ok());
  EXPECT_FALSE(db->Exec("DELETE FROM case_reviews").ok());
}

TEST_F(CaseDraftsTest, ADraftNeedsACitationAndAPerson) {
  WriteTransaction tx = store_->BeginWrite().value();
  AssessmentFact f;
  f.person_id = person_;
  f.verdict = "political_prisoner";
  EXPECT_THAT(tx.DraftAssessment(f, Note("vera", "")).status(),
              StatusIs(StatusCode::kInvalidArgument));
  f.person_id = 999;
  EXPECT_THAT(tx.DraftAssessment(f, Note("vera")).status(), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(tx.PublishDraft(DraftItem::kCase, 999, Note("olga")),
              StatusIs(StatusCode::kNotFound));
}

}  // namespace
}  // namespace memoria::store
