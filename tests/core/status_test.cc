#include "core/status.h"

#include "core/result.h"
#include "testing/status_matchers.h"

namespace memoria {
namespace {

using ::memoria::testing::StatusIs;
using ::testing::HasSubstr;

Result<int> Half(int x) {
  if (x % 2 != 0) return InvalidArgumentError("odd: " + std::to_string(x));
  return x / 2;
}

Result<int> Quarter(int x) {
  MEMORIA_ASSIGN_OR_RETURN(int h, Half(x));
  MEMORIA_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

TEST(StatusTest, OkStatusHasNoMessage) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(StatusTest, ErrorCarriesCodeAndMessage) {
  Status s = DataLossError("entry 7: hash mismatch");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kDataLoss);
  EXPECT_EQ(s.ToString(), "DATA_LOSS: entry 7: hash mismatch");
}

TEST(StatusTest, AnnotatePrefixesMessageAndKeepsCode) {
  Status s = InvalidArgumentError("bad row").Annotate("file.tsv:3");
  EXPECT_THAT(s, StatusIs(StatusCode::kInvalidArgument, "file.tsv:3: bad row"));
  EXPECT_TRUE(Status().Annotate("x").ok());
}

TEST(ResultTest, AssignOrReturnPropagatesTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_THAT(Quarter(6), StatusIs(StatusCode::kInvalidArgument, HasSubstr("odd: 3")));
  EXPECT_THAT(Quarter(5), StatusIs(StatusCode::kInvalidArgument, HasSubstr("odd: 5")));
}

TEST(ResultTest, OkStatusIsNotAValidError) {
  Result<int> r{Status()};
  EXPECT_THAT(r, StatusIs(StatusCode::kInternal));
}

TEST(ResultTest, ValueOrFallsBack) {
  EXPECT_EQ(Half(3).value_or(-1), -1);
  EXPECT_EQ(Half(4).value_or(-1), 2);
}

}  // namespace
}  // namespace memoria
