// HOTP, TOTP, Base32 and the otpauth URI (auth/totp.h). SHA-1 itself is in
// sha1.cc.
#include "auth/totp.h"

#include <sodium.h>

namespace memoria::auth {
namespace {

constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int Base32Value(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '.' || c == '_' || c == '~';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string Hotp(std::string_view key, uint64_t counter, int digits) {
  std::string message(8, '\0');
  for (int i = 7; i >= 0; --i) {
    message[i] = static_cast<char>(counter & 0xFF);
    counter >>= 8;
  }
  const Sha1Digest mac = HmacSha1(key, message);
  // Dynamic truncation (RFC 4226, 5.3): 31 bits from the offset the last
  // nibble names.
  const int offset = mac[19] & 0x0F;
  const uint32_t binary = (static_cast<uint32_t>(mac[offset] & 0x7F) << 24) |
                          (static_cast<uint32_t>(mac[offset + 1]) << 16) |
                          (static_cast<uint32_t>(mac[offset + 2]) << 8) |
                          static_cast<uint32_t>(mac[offset + 3]);
  uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  std::string code = std::to_string(binary % modulus);
  if (code.size() < static_cast<size_t>(digits)) code.insert(0, digits - code.size(), '0');
  return code;
}

int64_t TotpStep(int64_t unix_seconds) {
  int64_t step = unix_seconds / kTotpStepSeconds;
  if (unix_seconds % kTotpStepSeconds < 0) --step;
  return step;
}

std::string TotpCode(std::string_view key, int64_t unix_seconds, int digits) {
  return Hotp(key, static_cast<uint64_t>(TotpStep(unix_seconds)), digits);
}

std::optional<int64_t> MatchTotp(std::string_view key, std::string_view code, int64_t unix_seconds,
                                 int64_t last_used_step) {
  std::string digits;
  for (char c : code) {
    if (c == ' ') continue;
    if (c < '0' || c > '9' || digits.size() >= kTotpDigits) return std::nullopt;
    digits += c;
  }
  if (digits.size() != kTotpDigits) return std::nullopt;
  const int64_t now = TotpStep(unix_seconds);
  std::optional<int64_t> match;
  // Every candidate is computed and compared in constant time, so the
  // answer's timing says nothing of which step matched.
  for (int64_t step = now - kTotpDriftSteps; step <= now + kTotpDriftSteps; ++step) {
    if (step < 0) continue;
    const std::string expected = Hotp(key, static_cast<uint64_t>(step), kTotpDigits);
    if (sodium_memcmp(expected.data(), digits.data(), kTotpDigits) == 0 && step > last_used_step &&
        !match.has_value()) {
      match = step;
    }
  }
  return match;
}

std::string Base32Encode(std::string_view bytes) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += kBase32[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kBase32[(buffer << (5 - bits)) & 31];
  return out;
}

Result<std::string> Base32Decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  size_t chars = 0;
  for (char c : text) {
    if (c == ' ' || c == '-') continue;
    const int v = Base32Value(c);
    if (v < 0) return InvalidArgumentError("not a Base32 secret (letters A-Z and digits 2-7)");
    ++chars;
    buffer = (buffer << 5) | static_cast<uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xFF);
      bits -= 8;
    }
  }
  // Lengths mod 8 of 1, 3 and 6 characters no byte string encodes to.
  const size_t rest = chars % 8;
  if (rest == 1 || rest == 3 || rest == 6) {
    return InvalidArgumentError("a Base32 secret of a length no encoding has");
  }
  return out;
}

std::string TotpUri(std::string_view account, std::string_view base32_secret) {
  return "otpauth://totp/memoria:" + PercentEncode(account) +
         "?secret=" + std::string(base32_secret) +
         "&issuer=memoria&algorithm=SHA1&digits=6&period=30";
}

}  // namespace memoria::auth
