// The archive's signing key (store/signing.h): derived from the archive key
// and stable, a signature that checks under the public key only, and public
// key files.
#include "store/signing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "testing/paths.h"
#include "testing/status_matchers.h"

namespace memoria::store {
namespace {

using ::memoria::testing::FreshTempDir;
using ::memoria::testing::StatusIs;

TEST(SigningTest, TheSameArchiveKeyGivesTheSameSigningKey) {
  const ArchiveKey key = ArchiveKey::Generate();
  const SigningKey a = SigningKey::FromArchiveKey(key);
  const SigningKey b = SigningKey::FromArchiveKey(*ArchiveKey::FromHex(key.Hex()));
  EXPECT_EQ(a.public_key(), b.public_key());
  EXPECT_EQ(a.public_key().Hex().size(), 64u);
  EXPECT_EQ(a.public_key().Id(), a.public_key().Hex().substr(0, 16));
  const SigningKey other = SigningKey::FromArchiveKey(ArchiveKey::Generate());
  EXPECT_FALSE(other.public_key() == a.public_key());
}

TEST(SigningTest, ASignatureChecksOnlyForItsMessageAndKey) {
  const SigningKey signer = SigningKey::FromArchiveKey(ArchiveKey::Generate());
  const std::string message = "checkpoint 17 3f2a";
  const std::string signature = signer.Sign(message);
  ASSERT_EQ(signature.size(), PublicKey::kSignatureBytes);
  EXPECT_TRUE(signer.public_key().Verify(message, signature));
  EXPECT_FALSE(signer.public_key().Verify("checkpoint 17 3f2b", signature));
  std::string flipped = signature;
  flipped[5] ^= 0x01;
  EXPECT_FALSE(signer.public_key().Verify(message, flipped));
  EXPECT_FALSE(signer.public_key().Verify(message, signature.substr(1)));
  const SigningKey other = SigningKey::FromArchiveKey(ArchiveKey::Generate());
  EXPECT_FALSE(other.public_key().Verify(message, signature));
}

TEST(SigningTest, PublicKeyFilesRoundTripAndRefuseOtherText) {
  const std::string dir = FreshTempDir();
  const SigningKey signer = SigningKey::FromArchiveKey(ArchiveKey::Generate());
  const std::string path = dir + "/keys/archive.pub";
  ASSERT_OK(WritePublicKeyFile(path, signer.public_key()));
  Result<PublicKey> read = ReadPublicKeyFile(path);
  ASSERT_OK(read.status());
  EXPECT_EQ(*read, signer.public_key());
  EXPECT_THAT(ReadPublicKeyFile(dir + "/absent.pub").status(), StatusIs(StatusCode::kNotFound));
  std::ofstream(dir + "/bad.pub") << "not a key\n";
  EXPECT_THAT(ReadPublicKeyFile(dir + "/bad.pub").status(), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(PublicKey::FromHex(std::string(63, 'a')).status(),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(PublicKey::FromHex(std::string(64, 'g')).status(),
              StatusIs(StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace memoria::store
