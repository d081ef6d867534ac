// GoogleTest helpers for Status and Result<T>.
//
//   EXPECT_OK(status_or_result);
//   ASSERT_OK_AND_ASSIGN(auto value, FunctionReturningResult());
//   EXPECT_THAT(s, StatusIs(StatusCode::kDataLoss));
//   EXPECT_THAT(s, StatusIs(StatusCode::kInvalidArgument, HasSubstr("line 3")));
#ifndef MEMORIA_TESTS_TESTING_STATUS_MATCHERS_H_
#define MEMORIA_TESTS_TESTING_STATUS_MATCHERS_H_

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/result.h"
#include "core/status.h"

namespace memoria::testing {

inline const Status& GetStatus(const Status& s) { return s; }
template <typename T>
const Status& GetStatus(const Result<T>& r) {
  return r.status();
}

MATCHER_P(StatusIsMatcher, code, "") {
  const Status& s = ::memoria::testing::GetStatus(arg);
  *result_listener << "status is " << s.ToString();
  return s.code() == code;
}

MATCHER_P2(StatusIsMatcher2, code, message_matcher, "") {
  const Status& s = ::memoria::testing::GetStatus(arg);
  *result_listener << "status is " << s.ToString();
  return s.code() == code && ::testing::Matches(message_matcher)(s.message());
}

inline auto StatusIs(StatusCode code) { return StatusIsMatcher(code); }
template <typename M>
auto StatusIs(StatusCode code, M message_matcher) {
  return StatusIsMatcher2(code, message_matcher);
}

}  // namespace memoria::testing

#define EXPECT_OK(expr) EXPECT_EQ(::memoria::testing::GetStatus(expr).ToString(), "OK")
#define ASSERT_OK(expr) ASSERT_EQ(::memoria::testing::GetStatus(expr).ToString(), "OK")

#define MEMORIA_TESTING_CONCAT_INNER_(a, b) a##b
#define MEMORIA_TESTING_CONCAT_(a, b) MEMORIA_TESTING_CONCAT_INNER_(a, b)
#define ASSERT_OK_AND_ASSIGN(decl, expr) \
  ASSERT_OK_AND_ASSIGN_IMPL_(MEMORIA_TESTING_CONCAT_(memoria_r_, __LINE__), decl, expr)
#define ASSERT_OK_AND_ASSIGN_IMPL_(tmp, decl, expr)  \
  auto tmp = (expr);                                 \
  ASSERT_EQ(tmp.status().ToString(), "OK") << #expr; \
  decl = std::move(tmp).value()

#endif  // MEMORIA_TESTS_TESTING_STATUS_MATCHERS_H_
