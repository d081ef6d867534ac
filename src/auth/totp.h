// One-time codes of a second factor: HOTP (RFC 4226) and TOTP (RFC 6238)
// over HMAC-SHA-1, the algorithm every authenticator app implements, with
// SHA-1 written here after FIPS 180-4 (libsodium has none); Base32 (RFC
// 4648) for the shared secret, and the otpauth:// URI the apps read.
//
// SHA-1's collision weakness does not touch HMAC-SHA-1 used as a PRF with
// a secret key, which is all HOTP needs (RFC 4226, appendix A).
//
// Time is passed in by the caller (Unix seconds): tests inject their own.
//
// Thread safety: pure functions.
#ifndef MEMORIA_AUTH_TOTP_H_
#define MEMORIA_AUTH_TOTP_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace memoria::auth {

using Sha1Digest = std::array<uint8_t, 20>;

Sha1Digest Sha1(std::string_view data);
// HMAC (RFC 2104) with SHA-1.
Sha1Digest HmacSha1(std::string_view key, std::string_view message);

// The HOTP value of "counter" under "key": "digits" decimal digits, with
// leading zeros (RFC 4226, section 5.3). REQUIRES: 6 <= digits <= 8.
std::string Hotp(std::string_view key, uint64_t counter, int digits = 6);

// TOTP as memoria uses it: 30-second steps from the Unix epoch, 6 digits,
// and a code of the step before or after the current one still accepted
// (a phone's clock a little off, a code typed as the step turns).
inline constexpr int64_t kTotpStepSeconds = 30;
inline constexpr int kTotpDigits = 6;
inline constexpr int64_t kTotpDriftSteps = 1;
// Bytes of a new secret: 160 bits, RFC 4226's recommendation.
inline constexpr size_t kTotpSecretBytes = 20;

// The step "unix_seconds" falls in (floor division: before 1970 too).
int64_t TotpStep(int64_t unix_seconds);
// The code of the step "unix_seconds" falls in.
std::string TotpCode(std::string_view key, int64_t unix_seconds, int digits = kTotpDigits);
// The step whose code "code" is, among the steps within kTotpDriftSteps of
// now's, and later than "last_used_step" (a code already used, or of an
// earlier step than one used, is refused: replay protection). nullopt when
// none matches. Spaces in "code" are ignored; anything but 6 digits fails.
std::optional<int64_t> MatchTotp(std::string_view key, std::string_view code, int64_t unix_seconds,
                                 int64_t last_used_step);

// RFC 4648 Base32, upper case, without padding.
std::string Base32Encode(std::string_view bytes);
// Accepts either case, and ignores spaces, '-' and trailing '='.
// kInvalidArgument for other characters or a length no encoding has.
Result<std::string> Base32Decode(std::string_view text);

// otpauth://totp/memoria:NAME?secret=SECRET&issuer=memoria&algorithm=SHA1&digits=6&period=30
// ("account" percent-encoded).
std::string TotpUri(std::string_view account, std::string_view base32_secret);

}  // namespace memoria::auth

#endif  // MEMORIA_AUTH_TOTP_H_
