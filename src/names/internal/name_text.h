// Helpers shared by the .cc files of names/ that work on names as ICU text:
// conversions between UTF-8, UTF-16 and code points, the character classes of
// NormalizeNamePart (normalize.cc), and the word tests that ParseName
// (parse_name.cc) borrows from SplitFullName (patronymic.cc) and from the
// given-name and surname tables (word_roles.cc).
//
// Thread safety: pure functions over constant tables.
#ifndef MEMORIA_NAMES_INTERNAL_NAME_TEXT_H_
#define MEMORIA_NAMES_INTERNAL_NAME_TEXT_H_

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <string>
#include <string_view>

namespace memoria::names::internal {

// ---- Conversions (normalize.cc) ---------------------------------------------

icu::UnicodeString FromUtf8(std::string_view s);
std::string ToUtf8(const icu::UnicodeString& u);
std::u32string ToU32(const icu::UnicodeString& u);
icu::UnicodeString FromU32(const std::u32string& s);

// ---- Character classes (normalize.cc) ---------------------------------------

// The apostrophe look-alikes of NormalizeNamePart step 2.
bool IsApostrophe(UChar32 c);
// Any hyphen or dash sign.
bool IsHyphen(UChar32 c);
// A combining mark (non-spacing, enclosing or spacing).
bool IsMark(UChar32 c);
// '-' or '\'', the joiners of a normalised word.
bool IsJoiner(UChar32 c);
// A letter or digit that is not an apostrophe look-alike (ʼ and ʹ are
// modifier letters to ICU).
bool IsWordLetter(UChar32 c);
bool IsCyrillicLetter(UChar32 c);
bool IsLatinLetter(UChar32 c);

// ICU's NFKD and NFC normalisers, or nullptr if ICU cannot load them.
const icu::Normalizer2* Nfkd();
const icu::Normalizer2* Nfc();
// "s" normalised by "n"; "s" itself if "n" is null or fails.
icu::UnicodeString Normalize(const icu::Normalizer2* n, const icu::UnicodeString& s);

// ---- Words ------------------------------------------------------------------

inline bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

inline bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Turkic patronymic particles: "Гасан оглы" is "son of Гасан" (patronymic.cc).
bool IsTurkicParticle(std::string_view normalized_word);

// Whether a normalised word is a common given name, in Cyrillic or in any
// usual romanisation (word_roles.cc).
bool IsCommonGivenName(std::string_view normalized);

// Whether a normalised word has a typical surname ending (word_roles.cc).
bool LooksLikeSurname(std::string_view normalized);

}  // namespace memoria::names::internal

#endif  // MEMORIA_NAMES_INTERNAL_NAME_TEXT_H_
