#include "auth/auth.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "auth/sessions.h"
#include "store/accounts.h"
#include "store/internal/testing.h"
#include "testing/status_matchers.h"

namespace memoria::auth {
namespace {

using ::memoria::testing::StatusIs;

constexpr std::string_view kPassword = "correct horse battery";

std::unique_ptr<store::Store> NewStore() {
  auto s = store::Store::OpenInMemory();
  EXPECT_TRUE(s.ok()) << s.status();
  return std::move(s).value();
}

TEST(RoleTest, EachRoleIncludesTheOnesBefore) {
  EXPECT_TRUE(Includes(Role::kAdmin, Role::kEditor));
  EXPECT_TRUE(Includes(Role::kEditor, Role::kVolunteer));
  EXPECT_TRUE(Includes(Role::kVolunteer, Role::kReader));
  EXPECT_FALSE(Includes(Role::kVolunteer, Role::kEditor));
  EXPECT_FALSE(Includes(Role::kReader, Role::kVolunteer));
}

TEST(RoleTest, ReadersSeeRestrictedAndEditorsConfidential) {
  EXPECT_EQ(CeilingFor(Role::kReader), store::Visibility::kRestricted);
  EXPECT_EQ(CeilingFor(Role::kVolunteer), store::Visibility::kRestricted);
  EXPECT_EQ(CeilingFor(Role::kEditor), store::Visibility::kConfidential);
  EXPECT_EQ(CeilingFor(Role::kAdmin), store::Visibility::kConfidential);
}

TEST(RoleTest, ParsesEveryRoleNameAndRefusesOthers) {
  for (Role r : {Role::kReader, Role::kVolunteer, Role::kEditor, Role::kAdmin}) {
    auto parsed = ParseRole(RoleName(r));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, r);
  }
  EXPECT_THAT(ParseRole("root").status(), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseRole("").status(), StatusIs(StatusCode::kInvalidArgument));
}

TEST(PasswordTest, HashIsArgon2idWithItsParametersAndVerifies) {
  auto hash = HashPassword(kPassword, PasswordCost{1, 8192});
  ASSERT_TRUE(hash.ok()) << hash.status();
  EXPECT_THAT(*hash, ::testing::StartsWith("$argon2id$v=19$m=8,t=1,p=1$"));
  EXPECT_TRUE(VerifyPassword(*hash, kPassword));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse battery!"));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
}

TEST(PasswordTest, TwoHashesOfOnePasswordDifferBySalt) {
  auto a = HashPassword(kPassword, PasswordCost::Minimum());
  auto b = HashPassword(kPassword, PasswordCost::Minimum());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
}

TEST(PasswordTest, AHashWithOtherParametersStillVerifies) {
  auto hash = HashPassword(kPassword, PasswordCost{3, 16384});
  ASSERT_TRUE(hash.ok());
  EXPECT_THAT(*hash, ::testing::HasSubstr("m=16,t=3"));
  EXPECT_TRUE(VerifyPassword(*hash, kPassword));
}

TEST(PasswordTest, MalformedHashesNeverVerify) {
  EXPECT_FALSE(VerifyPassword("", kPassword));
  EXPECT_FALSE(VerifyPassword("plain text", kPassword));
  EXPECT_FALSE(VerifyPassword("$argon2id$v=19$m=8,t=1,p=1$garbage", kPassword));
  EXPECT_FALSE(VerifyPassword(std::string(200, '$'), kPassword));
}

TEST(PasswordTest, ChecksLengthAndLineBreaks) {
  EXPECT_THAT(CheckPassword("short"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(CheckPassword("длинный п"), StatusIs(StatusCode::kInvalidArgument));  // 9 chars
  EXPECT_TRUE(CheckPassword("длинный па").ok());                                    // 10 chars
  EXPECT_THAT(CheckPassword("a long password\n"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(CheckPassword(std::string(1025, 'a')), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(CheckPassword("bad utf8 \xff\xfe here"), StatusIs(StatusCode::kInvalidArgument));
}

TEST(AccountNameTest, AcceptsPlainNamesOnly) {
  EXPECT_TRUE(CheckAccountName("anna.k_2-x").ok());
  EXPECT_THAT(CheckAccountName(""), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(CheckAccountName("anna k"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(CheckAccountName("анна"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(CheckAccountName(std::string(65, 'a')), StatusIs(StatusCode::kInvalidArgument));
}

TEST(AccountsTest, AddAuthenticateAndAudit) {
  auto store = NewStore();
  auto id = AddAccount(store.get(), "anna", Role::kEditor, kPassword, PasswordCost::Minimum(),
                       "admin-cli");
  ASSERT_TRUE(id.ok()) << id.status();
  auto p = Authenticate(store.get(), "anna", kPassword);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->account_id, *id);
  EXPECT_EQ(p->name, "anna");
  EXPECT_EQ(p->role, Role::kEditor);

  // The password itself is stored nowhere.
  auto dump = store::StoreTesting::Dump(store.get());
  ASSERT_TRUE(dump.ok());
  EXPECT_THAT(*dump, ::testing::Not(::testing::HasSubstr(std::string(kPassword))));
  EXPECT_THAT(*dump, ::testing::HasSubstr("$argon2id$"));

  store::Accounts accounts(store.get());
  auto audit = accounts.Audit(0, 100);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ((*audit)[0].account, "admin-cli");
  EXPECT_EQ((*audit)[0].action, "account");
  EXPECT_EQ((*audit)[0].subject, "anna as editor");
}

TEST(AccountsTest, EveryFailedSignInGivesTheSameAnswer) {
  auto store = NewStore();
  ASSERT_TRUE(
      AddAccount(store.get(), "anna", Role::kReader, kPassword, PasswordCost::Minimum(), "t").ok());
  auto wrong = Authenticate(store.get(), "anna", "not the password");
  auto unknown = Authenticate(store.get(), "boris", kPassword);
  ASSERT_THAT(wrong.status(), StatusIs(StatusCode::kNotFound));
  ASSERT_THAT(unknown.status(), StatusIs(StatusCode::kNotFound));
  EXPECT_EQ(wrong.status().message(), unknown.status().message());
  ASSERT_TRUE(SetDisabled(store.get(), "anna", true, "t").ok());
  auto disabled = Authenticate(store.get(), "anna", kPassword);
  ASSERT_THAT(disabled.status(), StatusIs(StatusCode::kNotFound));
  EXPECT_EQ(disabled.status().message(), wrong.status().message());
}

TEST(AccountsTest, DuplicateNameIsAlreadyExists) {
  auto store = NewStore();
  ASSERT_TRUE(
      AddAccount(store.get(), "anna", Role::kReader, kPassword, PasswordCost::Minimum(), "t").ok());
  EXPECT_THAT(AddAccount(store.get(), "anna", Role::kAdmin, kPassword, PasswordCost::Minimum(), "t")
                  .status(),
              StatusIs(StatusCode::kAlreadyExists));
}

TEST(AccountsTest, PasswdRoleAndDisableTakeEffect) {
  auto store = NewStore();
  auto id = AddAccount(store.get(), "anna", Role::kReader, kPassword, PasswordCost::Minimum(), "t");
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(
      SetPassword(store.get(), "anna", "another long one", PasswordCost::Minimum(), "t").ok());
  EXPECT_THAT(Authenticate(store.get(), "anna", kPassword).status(),
              StatusIs(StatusCode::kNotFound));
  EXPECT_TRUE(Authenticate(store.get(), "anna", "another long one").ok());

  ASSERT_TRUE(SetRole(store.get(), "anna", Role::kAdmin, "t").ok());
  auto now = CurrentPrincipal(store.get(), *id);
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->role, Role::kAdmin);

  ASSERT_TRUE(SetDisabled(store.get(), "anna", true, "t").ok());
  EXPECT_THAT(CurrentPrincipal(store.get(), *id).status(), StatusIs(StatusCode::kNotFound));
  ASSERT_TRUE(SetDisabled(store.get(), "anna", false, "t").ok());
  EXPECT_TRUE(CurrentPrincipal(store.get(), *id).ok());

  EXPECT_THAT(SetRole(store.get(), "nobody", Role::kAdmin, "t"), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(SetPassword(store.get(), "anna", "short", PasswordCost::Minimum(), "t"),
              StatusIs(StatusCode::kInvalidArgument));
}

TEST(AccountsTest, TheAuditLogCannotBeRewritten) {
  auto store = NewStore();
  ASSERT_TRUE(
      AddAccount(store.get(), "anna", Role::kReader, kPassword, PasswordCost::Minimum(), "t").ok());
  EXPECT_THAT(store::StoreTesting::Exec(store.get(), "UPDATE audit_log SET account = 'x'"),
              StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(store::StoreTesting::Exec(store.get(), "DELETE FROM audit_log"),
              StatusIs(StatusCode::kFailedPrecondition));
}

TEST(SessionTableTest, IdleAndAbsoluteExpiry) {
  SessionTable table;
  Principal p{7, "anna", Role::kReader, ""};
  const std::string token = table.Open(p, 1000);
  EXPECT_EQ(token.size(), 43u);
  // Used every 29 minutes: alive until the absolute limit.
  int64_t t = 1000;
  while (t + 29 * 60 < 1000 + kSessionMaxSeconds) {
    t += 29 * 60;
    ASSERT_TRUE(table.Touch(token, t).has_value()) << t;
  }
  EXPECT_FALSE(table.Touch(token, 1000 + kSessionMaxSeconds).has_value());

  const std::string idle = table.Open(p, 5000);
  EXPECT_TRUE(table.Touch(idle, 5000 + kSessionIdleSeconds - 1).has_value());
  EXPECT_FALSE(table.Touch(idle, 5000 + 2 * kSessionIdleSeconds).has_value());
  // Once expired, gone for good.
  EXPECT_FALSE(table.Touch(idle, 5001).has_value());
}

TEST(SessionTableTest, UnknownTokensAndClosedSessionsFindNothing) {
  SessionTable table;
  const std::string token = table.Open(Principal{1, "a", Role::kReader, ""}, 0);
  EXPECT_FALSE(table.Touch("", 1).has_value());
  EXPECT_FALSE(table.Touch(token + "x", 1).has_value());
  EXPECT_TRUE(table.Touch(token, 1).has_value());
  table.Close(token);
  EXPECT_FALSE(table.Touch(token, 2).has_value());
}

TEST(SessionTableTest, ListAndRevokeByOwnerOrAdmin) {
  SessionTable table;
  const std::string a1 = table.Open(Principal{1, "a", Role::kReader, ""}, 10);
  const std::string a2 = table.Open(Principal{1, "a", Role::kReader, ""}, 20);
  const std::string b = table.Open(Principal{2, "b", Role::kAdmin, ""}, 30);
  auto mine = table.List(1, 40);
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].created, 20);  // newest first
  EXPECT_EQ(table.List(0, 40).size(), 3u);
  // Another account cannot revoke a's session; an admin (0) can.
  EXPECT_FALSE(table.Revoke(mine[0].id, 2));
  EXPECT_TRUE(table.Touch(a2, 41).has_value());
  EXPECT_TRUE(table.Revoke(mine[0].id, 1));
  EXPECT_FALSE(table.Touch(a2, 42).has_value());
  EXPECT_TRUE(table.Revoke(table.List(1, 43)[0].id, 0));
  EXPECT_FALSE(table.Touch(a1, 44).has_value());
  EXPECT_EQ(table.RevokeAccount(2), 1);
  EXPECT_FALSE(table.Touch(b, 45).has_value());
}

TEST(ThrottleTest, TenFailuresInFifteenMinutesRefuseUntilTheOldestLeaves) {
  Throttle t;
  for (int i = 0; i < 9; ++i) t.Fail("account:anna", 100 + i);
  EXPECT_EQ(t.RetryAfter("account:anna", 110), 0);
  t.Fail("account:anna", 110);
  const int64_t wait = t.RetryAfter("account:anna", 110);
  EXPECT_EQ(wait, Throttle::kWindowSeconds - 10);
  EXPECT_EQ(t.RetryAfter("account:boris", 110), 0);  // per key
  EXPECT_GT(t.RetryAfter("account:anna", 100 + Throttle::kWindowSeconds - 1), 0);
  EXPECT_EQ(t.RetryAfter("account:anna", 100 + Throttle::kWindowSeconds), 0);
}

TEST(ThrottleTest, FailuresOutsideTheWindowDoNotCount) {
  Throttle t;
  for (int i = 0; i < 20; ++i) t.Fail("client:x", i * 100);  // one every 100 s
  // At 1900 the last ten are 1000..1900; the one at 1000 is a whole window
  // old and no longer counts, so nine remain.
  EXPECT_EQ(t.RetryAfter("client:x", 1900), 0);
  t.Clear("client:x");
  EXPECT_EQ(t.RetryAfter("client:x", 1900), 0);
}

TEST(CsrfTest, TokensAreBoundAndKeyed) {
  CsrfKey key;
  CsrfKey other;
  const std::string t = key.TokenFor("session-a");
  EXPECT_TRUE(key.Verify("session-a", t));
  EXPECT_FALSE(key.Verify("session-b", t));
  EXPECT_FALSE(other.Verify("session-a", t));
  EXPECT_FALSE(key.Verify("session-a", ""));
  EXPECT_FALSE(key.Verify("", key.TokenFor("")));
  std::string tampered = t;
  tampered[0] = tampered[0] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(key.Verify("session-a", tampered));
}

}  // namespace
}  // namespace memoria::auth
