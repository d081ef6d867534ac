// The second factor: SHA-1 and HMAC-SHA-1 (FIPS 180-4, RFC 2202 vectors),
// HOTP (RFC 4226 Appendix D), TOTP (RFC 6238 Appendix B, SHA-1), Base32
// (RFC 4648), the drift window and replay protection on an injected clock,
// recovery codes used once, and the secret sealed at rest.
#include "auth/totp.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "auth/auth.h"
#include "auth/second_factor.h"
#include "core/hash.h"
#include "store/accounts.h"
#include "store/internal/testing.h"
#include "store/keys.h"
#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria::auth {
namespace {

using ::memoria::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

std::string Hex(const Sha1Digest& d) { return ToHex(d.data(), d.size()); }

// The secret of every RFC 4226 and RFC 6238 SHA-1 vector.
constexpr std::string_view kRfcSecret = "12345678901234567890";

TEST(Sha1Test, FipsVectors) {
  EXPECT_EQ(Hex(Sha1("")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(Hex(Sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(Hex(Sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  EXPECT_EQ(Hex(Sha1(std::string(1000000, 'a'))), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
  // Lengths around the padding's boundary (55, 56, 64 bytes).
  EXPECT_EQ(Hex(Sha1(std::string(55, 'a'))), "c1c8bbdc22796e28c0e15163d20899b65621d65a");
  EXPECT_EQ(Hex(Sha1(std::string(56, 'a'))), "c2db330f6083854c99d4b5bfb6e8f29f201be699");
  EXPECT_EQ(Hex(Sha1(std::string(64, 'a'))), "0098ba824b5c16427bd7a1122a5a442a25ec644d");
}

TEST(Sha1Test, HmacRfc2202Vectors) {
  EXPECT_EQ(Hex(HmacSha1(std::string(20, '\x0b'), "Hi There")),
            "b617318655057264e28bc0b6fb378c8ef146be00");
  EXPECT_EQ(Hex(HmacSha1("Jefe", "what do ya want for nothing?")),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  EXPECT_EQ(Hex(HmacSha1(std::string(80, '\xaa'),
                         "Test Using Larger Than Block-Size Key - Hash Key First")),
            "aa4ae5e15272d00e95705637ce8a3b55ed402112");
}

TEST(HotpTest, Rfc4226AppendixD) {
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (uint64_t i = 0; i < 10; ++i) EXPECT_EQ(Hotp(kRfcSecret, i), expected[i]) << i;
}

TEST(TotpTest, Rfc6238AppendixBSha1) {
  const std::pair<int64_t, const char*> vectors[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"}};
  for (const auto& [t, code] : vectors) EXPECT_EQ(TotpCode(kRfcSecret, t, 8), code) << t;
  EXPECT_EQ(TotpStep(59), 1);
  EXPECT_EQ(TotpStep(1111111109), 0x023523EC);
  EXPECT_EQ(TotpStep(-1), -1);
}

TEST(TotpTest, AcceptsOneStepOfDriftEitherWayAndNoMore) {
  const int64_t now = 1111111111;  // step 37037037, 1 s into it
  const int64_t step = TotpStep(now);
  for (int64_t d : {-1, 0, 1}) {
    const std::string code = TotpCode(kRfcSecret, now + d * kTotpStepSeconds);
    EXPECT_EQ(MatchTotp(kRfcSecret, code, now, -1), step + d) << d;
  }
  for (int64_t d : {-3, -2, 2, 3}) {
    const std::string code = TotpCode(kRfcSecret, now + d * kTotpStepSeconds);
    EXPECT_EQ(MatchTotp(kRfcSecret, code, now, -1), std::nullopt) << d;
  }
  // Spaces are ignored; anything else is refused.
  std::string code = TotpCode(kRfcSecret, now);
  EXPECT_EQ(MatchTotp(kRfcSecret, code.substr(0, 3) + " " + code.substr(3), now, -1), step);
  EXPECT_EQ(MatchTotp(kRfcSecret, code + "0", now, -1), std::nullopt);
  EXPECT_EQ(MatchTotp(kRfcSecret, code.substr(1), now, -1), std::nullopt);
  EXPECT_EQ(MatchTotp(kRfcSecret, "12345x", now, -1), std::nullopt);
  EXPECT_EQ(MatchTotp(kRfcSecret, "", now, -1), std::nullopt);
}

TEST(TotpTest, RefusesACodeOfAStepUsedOrEarlier) {
  const int64_t now = 2000000000;
  const int64_t step = TotpStep(now);
  const std::string current = TotpCode(kRfcSecret, now);
  const std::string previous = TotpCode(kRfcSecret, now - kTotpStepSeconds);
  EXPECT_EQ(MatchTotp(kRfcSecret, current, now, step - 1), step);
  EXPECT_EQ(MatchTotp(kRfcSecret, current, now, step), std::nullopt);
  EXPECT_EQ(MatchTotp(kRfcSecret, previous, now, step), std::nullopt);
}

TEST(Base32Test, Rfc4648VectorsBothWays) {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "MY"},
                                                         {"fo", "MZXQ"},
                                                         {"foo", "MZXW6"},
                                                         {"foob", "MZXW6YQ"},
                                                         {"fooba", "MZXW6YTB"},
                                                         {"foobar", "MZXW6YTBOI"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Base32Encode(plain), encoded);
    EXPECT_EQ(Base32Decode(encoded).value(), plain);
  }
  EXPECT_EQ(Base32Decode("mzxw6ytboi======").value(), "foobar");
  EXPECT_EQ(Base32Decode("MZXW 6YTB-OI").value(), "foobar");
  EXPECT_THAT(Base32Decode("MZXW1").status(), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(Base32Decode("M").status(), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_EQ(Base32Encode(kRfcSecret), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

TEST(TotpTest, UriNamesTheAccountAndTheIssuer) {
  EXPECT_EQ(TotpUri("anna.k", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/memoria:anna.k?secret=JBSWY3DPEHPK3PXP&issuer=memoria&algorithm=SHA1&"
            "digits=6&period=30");
  EXPECT_THAT(TotpUri("a b", "X"), HasSubstr("memoria:a%20b?"));
}

TEST(RecoveryCodeTest, EightyRandomBitsStoredSaltedAndMatchedLoosely) {
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    const std::string code = NewRecoveryCode();
    EXPECT_THAT(code, MatchesRegex("[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}"));
    EXPECT_TRUE(seen.insert(code).second);
  }
  const std::string code = *seen.begin();
  const std::string stored = HashRecoveryCode(code);
  EXPECT_EQ(stored.size(), 48u);
  EXPECT_EQ(stored.find(code), std::string::npos);
  EXPECT_NE(HashRecoveryCode(code), stored);  // a fresh salt each time
  EXPECT_TRUE(RecoveryCodeMatches(stored, code));
  std::string typed;
  for (char c : code) {
    if (c != '-') typed += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  EXPECT_TRUE(RecoveryCodeMatches(stored, typed));
  EXPECT_FALSE(RecoveryCodeMatches(stored, *seen.rbegin()));
  EXPECT_FALSE(RecoveryCodeMatches("short", code));
}

class SecondFactorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::Store::OpenInMemory().value();
    id_ = AddAccount(store_.get(), "anna", Role::kEditor, "a long enough password",
                     PasswordCost::Minimum(), "test")
              .value();
  }
  std::string Key(const std::string& secret) { return Base32Decode(secret).value(); }

  std::unique_ptr<store::Store> store_;
  int64_t id_ = 0;
  const int64_t now_ = 1700000000;
};

TEST_F(SecondFactorTest, EnrolmentIsPendingUntilACodeConfirmsIt) {
  EXPECT_EQ(SecondFactorOf(store_.get(), id_).value(), SecondFactorState::kNone);
  TotpEnrolment e = BeginTotp(store_.get(), "anna", "test").value();
  EXPECT_EQ(e.secret.size(), 32u);
  EXPECT_EQ(e.uri, TotpUri("anna", e.secret));
  EXPECT_TRUE(e.recovery_codes.empty());
  EXPECT_EQ(SecondFactorOf(store_.get(), id_).value(), SecondFactorState::kPending);
  EXPECT_EQ(PendingTotp(store_.get(), "anna").value().secret, e.secret);
  // A pending factor is checked by nothing at sign-in.
  EXPECT_THAT(CheckSecondFactor(store_.get(), id_, TotpCode(Key(e.secret), now_), now_),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(ConfirmTotp(store_.get(), "anna", "000000", now_, "test").status(),
              StatusIs(StatusCode::kInvalidArgument));
  const std::string code = TotpCode(Key(e.secret), now_);
  std::vector<std::string> codes = ConfirmTotp(store_.get(), "anna", code, now_, "test").value();
  EXPECT_EQ(codes.size(), 10u);
  EXPECT_EQ(SecondFactorOf(store_.get(), id_).value(), SecondFactorState::kOn);
  // The code that confirmed counts as used.
  EXPECT_THAT(CheckSecondFactor(store_.get(), id_, code, now_), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(BeginTotp(store_.get(), "anna", "test").status(),
              StatusIs(StatusCode::kAlreadyExists));
}

TEST_F(SecondFactorTest, ACodeWorksOnceAndOlderStepsNeverAfterIt) {
  TotpEnrolment e = EnableTotp(store_.get(), "anna", "test").value();
  const std::string key = Key(e.secret);
  const std::string code = TotpCode(key, now_);
  ASSERT_OK(CheckSecondFactor(store_.get(), id_, code, now_));
  EXPECT_THAT(CheckSecondFactor(store_.get(), id_, code, now_ + 5),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(CheckSecondFactor(store_.get(), id_, TotpCode(key, now_ - 30), now_),
              StatusIs(StatusCode::kNotFound));
  // The next step's code (typed early, or a fast phone clock) works, and
  // then the current one no longer does.
  EXPECT_OK(CheckSecondFactor(store_.get(), id_, TotpCode(key, now_ + 60), now_ + 31));
  EXPECT_THAT(CheckSecondFactor(store_.get(), id_, TotpCode(key, now_ + 30), now_ + 31),
              StatusIs(StatusCode::kNotFound));
  // Beyond the drift window.
  EXPECT_THAT(CheckSecondFactor(store_.get(), id_, TotpCode(key, now_ + 300), now_ + 180),
              StatusIs(StatusCode::kNotFound));
}

TEST_F(SecondFactorTest, EachRecoveryCodeWorksOnceAndIsStoredOnlyAsAHash) {
  TotpEnrolment e = EnableTotp(store_.get(), "anna", "test").value();
  ASSERT_EQ(e.recovery_codes.size(), 10u);
  const std::string dump = store::StoreTesting::Dump(store_.get()).value();
  for (const std::string& c : e.recovery_codes) EXPECT_EQ(dump.find(c), std::string::npos);
  ASSERT_OK(CheckSecondFactor(store_.get(), id_, e.recovery_codes[3], now_));
  EXPECT_THAT(CheckSecondFactor(store_.get(), id_, e.recovery_codes[3], now_ + 100),
              StatusIs(StatusCode::kNotFound));
  EXPECT_OK(CheckSecondFactor(store_.get(), id_, e.recovery_codes[4], now_ + 100));
  EXPECT_THAT(CheckSecondFactor(store_.get(), id_, "aaaa-bbbb-cccc-dddd", now_),
              StatusIs(StatusCode::kNotFound));
  store::Accounts accounts(store_.get());
  int used = 0;
  for (const store::RecoveryCodeRow& r : accounts.RecoveryCodes(id_).value()) used += r.used;
  EXPECT_EQ(used, 2);
}

TEST_F(SecondFactorTest, DisableRemovesTheFactorAndItsCodes) {
  TotpEnrolment e = EnableTotp(store_.get(), "anna", "test").value();
  ASSERT_OK(DisableTotp(store_.get(), "anna", "test"));
  EXPECT_EQ(SecondFactorOf(store_.get(), id_).value(), SecondFactorState::kNone);
  EXPECT_THAT(CheckSecondFactor(store_.get(), id_, e.recovery_codes[0], now_),
              StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(DisableTotp(store_.get(), "anna", "test"), StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(EnableTotp(store_.get(), "nobody", "test").status(), StatusIs(StatusCode::kNotFound));
}

TEST(SealedSecondFactorTest, TheSecretIsSealedAtRestAndNeedsTheKey) {
  const std::string dir = memoria::testing::FreshTempDir() + "/archive";
  const store::ArchiveKey key = store::ArchiveKey::Generate();
  std::string secret_before, secret_after;
  {
    auto created = store::Store::Create(dir);
    ASSERT_OK(created.status());
    auto store = std::move(created).value();
    ASSERT_OK(AddAccount(store.get(), "early", Role::kEditor, "a long enough password",
                         PasswordCost::Minimum(), "test")
                  .status());
    ASSERT_OK(AddAccount(store.get(), "late", Role::kEditor, "a long enough password",
                         PasswordCost::Minimum(), "test")
                  .status());
    // Set before the archive seals: sealed when it starts to.
    ASSERT_OK_AND_ASSIGN(TotpEnrolment early, EnableTotp(store.get(), "early", "test"));
    secret_before = early.secret;
    ASSERT_OK(store::WriteKeyFile(store::DefaultKeyPath(dir), key));
    ASSERT_OK(store->EnableSealing(key));
    ASSERT_OK_AND_ASSIGN(TotpEnrolment late, EnableTotp(store.get(), "late", "test"));
    secret_after = late.secret;
    const std::string dump = store::StoreTesting::Dump(store.get()).value();
    EXPECT_EQ(dump.find(secret_before), std::string::npos);
    EXPECT_EQ(dump.find(secret_after), std::string::npos);
    EXPECT_EQ(store::StoreTesting::QueryInt(store.get(),
                                            "SELECT count(*) FROM account_totp WHERE sealed = 1 "
                                            "AND secret = ''")
                  .value(),
              2);
    // A rotated key re-seals it with the rest.
    const store::ArchiveKey next = store::ArchiveKey::Generate();
    ASSERT_OK(store->RotateKey(next));
    ASSERT_OK(store::WriteKeyFile(store::DefaultKeyPath(dir), next, true));
  }
  {
    auto opened = store::Store::Open(dir);
    ASSERT_OK(opened.status());
    auto store = std::move(opened).value();
    ASSERT_TRUE(store->Unlocked());
    store::Accounts accounts(store.get());
    const int64_t early = accounts.Find("early").value()->id;
    EXPECT_EQ(accounts.SecondFactor(early).value()->secret, secret_before);
    EXPECT_OK(CheckSecondFactor(
        store.get(), early, TotpCode(Base32Decode(secret_before).value(), 1700000000), 1700000000));
  }
  // Without the key the factor cannot be checked (never passed).
  std::filesystem::remove(store::DefaultKeyPath(dir));
  auto opened = store::Store::Open(dir);
  ASSERT_OK(opened.status());
  auto locked = std::move(opened).value();
  ASSERT_FALSE(locked->Unlocked());
  store::Accounts accounts(locked.get());
  const int64_t late = accounts.Find("late").value()->id;
  EXPECT_THAT(
      CheckSecondFactor(locked.get(), late,
                        TotpCode(Base32Decode(secret_after).value(), 1700000000), 1700000000),
      StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_EQ(SecondFactorOf(locked.get(), late).value(), SecondFactorState::kOn);
  EXPECT_THAT(BeginTotp(locked.get(), "early", "test").status(),
              StatusIs(StatusCode::kAlreadyExists));
}

}  // namespace
}  // namespace memoria::auth
