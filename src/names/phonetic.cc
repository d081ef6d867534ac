// PhoneticKey: a Russian-aware skeleton of one name part.
//
// PhoneticKey is for candidate generation: names that share a key are then
// ranked with JaroWinkler/DamerauLevenshtein and the rest of the record. It
// trades precision for recall wherever the spellings of one name in the
// records of the Soviet period disagree: Russian in every transliteration
// scheme, and the German, Polish, Ukrainian and Japanese names those records
// hold in Russian spelling. It is built in four steps.
//
//  1. Letters. The word is decoded, lower-cased and reduced to letters. If it
//     is mostly Cyrillic, Latin look-alikes in it (OCR: "Ивaнов" with a Latin
//     "a", a zero for о) become the Cyrillic letters they imitate; if mostly
//     Latin, Cyrillic look-alikes become Latin. A Cyrillic word is spelled in
//     one fixed Latin transliteration that the parser reads back exactly
//     (щ "shch", ж "zh", х "kh", ц "ts", й/ы "y", я "ya", ё "yo", ь and ъ
//     dropped), so both scripts take one path from here and every later rule
//     treats them alike. Latin diacritics fold by sound: š ś ş ș "sh"; ž ż ź
//     "zh"; č ć "ch"; ř "rzh"; ö ø ő "yo"; ü ű "yu"; ä "e"; ţ ț "ts"; the rest
//     to the base letter.
//
//  2. Phonemes. Letter groups are read greedily, longest first: shch, sch,
//     schtsch, szcz, chtch, sh, zh, sz, Polish rz -> ш/щ/ж; ch, kh, h, tch,
//     tsch, cz -> х/ч ("ch" is х in German, Polish and Czech, ч in English and
//     French, so the key does not tell them apart); w -> в; x -> кс; ph -> ф;
//     th -> т; French "ou" -> у and "jou" -> жу; German "chs" -> кс. Latin c
//     is с before e, i, y and in words with Slavic marks (w, sz, cz, ł, ż,
//     č, ..., a final "oj"/"aj": "Coj" is Цой), else к; rz is ж in such
//     words. h after a vowel and not before one is silent (Lehmann = Леман,
//     John = Джон). A word that reads as Hepburn Japanese takes the
//     Polivanov values chi -> ти, ji -> дзи, n before a labial -> м.
//
//  3. Phonetics, on the phoneme string. An i before a vowel is the glide й;
//     a word-initial дж is read as that glide too (John, Giovanni, Jun). After
//     hushers the glide goes and е is о (Хрущёв = Khrushchev =
//     Chruschtschow); elsewhere "jo" after a consonant is е (Фёдор = Fedor).
//     ts, ds (ц, дз) are с; чж is ж; a final silent e goes; a final "ng" is н;
//     a vowel between т/д and a final р goes (Alexander = Александр). The
//     last run of obstruents is devoiced (б->п, в->ф, г->к, д->т).
//
//  4. Classes. Every vowel run inside the word (vowels and glides together:
//     unstressed vowels are unreliable in Russian and every scheme spells
//     them differently) is one "a"; the final run keeps its class, a (а, о,
//     я), i (е, и, ы, й: -ий, -ый, -y, -ij, -iy all end in "i") or u, so
//     Петров "patrav" and Петрова "patrava" differ. Consonant classes merge
//     what the schemes and neighbouring languages confuse:
//     s = с, з, ц, ш, щ, ж (Japanese shi = си, German st = шт, sch for ж);
//     x = х, ч, г (Ukrainian and German h = г); v = в, ф (German v = ф).
//     Doubled letters collapse. The key is lower-case ASCII.
//
// Measured on the Wikidata Latin/Cyrillic name pairs (see the test) the key
// agrees for about 87% of pairs; what it misses is mostly English and
// Spanish spelling (w = у, j = х, Michael = Майкл), which a Russian key
// cannot reach without losing the Russian, German and Polish readings.
#include "names/phonetic.h"

#include <string>
#include <string_view>

#include "names/internal/letters.h"

namespace memoria::names {
namespace {

using internal::LatinBaseLetter;
using internal::NextCodePoint;
using internal::ToLower;

// ---- Letters ---------------------------------------------------------------

bool IsCyrillic(char32_t c) { return c >= 0x400 && c <= 0x4FF; }

// Latin spelling of a lower-case Latin letter with diacritics, by sound in
// names; empty for a code point that is not such a letter. Sets *slavic for
// letters used only in Slavic alphabets.
std::string_view FoldLatin(char32_t c, bool* slavic) {
  switch (c) {
    case 0xE4:
    case 0xE6:
    case 0x153:
      return "e";  // ä æ œ
    case 0xE7:
      return "s";  // ç
    case 0xF0:
      return "d";  // ð
    case 0xF6:
    case 0xF8:
    case 0x151:
      return "yo";  // ö ø ő
    case 0xFC:
    case 0x171:
      return "yu";  // ü ű
    case 0xFE:
      return "t";  // þ
    case 0xDF:
      return "ss";  // ß
    case 0x15F:
    case 0x219:
      return "sh";  // ş ș
    case 0x163:
    case 0x21B:
      return "ts";  // ţ ț
    case 0x133:
      return "ij";  // ĳ
    default:
      break;
  }
  switch (c) {
    case 0x107:
    case 0x10D:
      *slavic = true;
      return "ch";  // ć č
    case 0x15B:
    case 0x161:
      *slavic = true;
      return "sh";  // ś š
    case 0x17A:
    case 0x17C:
    case 0x17E:
      *slavic = true;
      return "zh";  // ź ż ž
    case 0x159:
      *slavic = true;
      return "rzh";  // ř
    case 0x105:
    case 0x119:
    case 0x11B:
    case 0x142:
    case 0x144:  // ą ę ě ł ń
    case 0x148:
    case 0x10F:
    case 0x165:
    case 0x16F:  // ň ď ť ů
      *slavic = true;
      break;
    default:
      break;
  }
  char base = LatinBaseLetter(c);
  if (base == '\0') return {};
  static constexpr std::string_view kLower = "abcdefghijklmnopqrstuvwxyz";
  return kLower.substr(base - 'a', 1);
}

// The fixed transliteration of lower-case Cyrillic а..я that the parser
// reads back; index c - 0x430.
constexpr std::string_view kCyrillic[32] = {
    "a", "b", "v", "g", "d", "e",  "zh", "z",  "i",  "y",    "k", "l", "m", "n", "o",  "p",
    "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "",  "y", "",  "e", "yu", "ya"};

std::string_view TranslitCyrillic(char32_t c) {
  if (c >= 0x430 && c <= 0x44F) return kCyrillic[c - 0x430];
  switch (c) {
    case 0x451:
      return "yo";  // ё
    case 0x454:
      return "ye";  // є
    case 0x456:
      return "i";  // і
    case 0x457:
      return "yi";  // ї
    case 0x45E:
      return "v";  // ў
    case 0x491:
      return "g";  // ґ
    default:
      return {};
  }
}

// The Cyrillic letter a lower-case Latin letter imitates, or 0.
char32_t CyrillicLookAlike(char32_t c) {
  switch (c) {
    case 'a':
      return 0x430;
    case 'b':
      return 0x432;
    case 'c':
      return 0x441;
    case 'e':
      return 0x435;
    case 'h':
      return 0x43D;
    case 'i':
      return 0x456;
    case 'k':
      return 0x43A;
    case 'm':
      return 0x43C;
    case 'o':
      return 0x43E;
    case 'p':
      return 0x440;
    case 't':
      return 0x442;
    case 'x':
      return 0x445;
    case 'y':
      return 0x443;
    case '0':
      return 0x43E;
    default:
      return 0;
  }
}

// The Latin letter a lower-case Cyrillic letter imitates, or 0.
char LatinLookAlike(char32_t c) {
  switch (c) {
    case 0x430:
      return 'a';
    case 0x432:
      return 'b';
    case 0x441:
      return 'c';
    case 0x435:
      return 'e';
    case 0x43D:
      return 'h';
    case 0x456:
      return 'i';
    case 0x43A:
      return 'k';
    case 0x43C:
      return 'm';
    case 0x43E:
      return 'o';
    case 0x440:
      return 'p';
    case 0x442:
      return 't';
    case 0x445:
      return 'x';
    case 0x443:
      return 'y';
    default:
      return 0;
  }
}

bool IsLatinLetter(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7) ||
         (c >= 0x100 && c <= 0x17F) || c == 0x219 || c == 0x21B;
}

// Step 1: the word as lower-case ASCII letters of the Latin parser.
std::string Letters(std::string_view name_part, bool* slavic) {
  char32_t buffer[64];
  size_t n = 0;
  int cyrillic = 0;
  int latin = 0;
  std::u32string long_word;  // only for parts longer than the buffer
  for (size_t i = 0; i < name_part.size();) {
    char32_t c = ToLower(NextCodePoint(name_part, &i));
    if (IsCyrillic(c)) {
      ++cyrillic;
    } else if (IsLatinLetter(c)) {
      ++latin;
    } else if (c != '0') {
      continue;
    }
    if (n < 64) {
      buffer[n] = c;
    } else {
      if (long_word.empty()) long_word.assign(buffer, buffer + 64);
      long_word.push_back(c);
    }
    ++n;
  }
  std::u32string_view word =
      long_word.empty() ? std::u32string_view(buffer, n) : std::u32string_view(long_word);
  bool as_cyrillic = cyrillic > latin;
  std::string out;
  out.reserve(n * 2);
  for (char32_t c : word) {
    if (as_cyrillic && !IsCyrillic(c)) {
      if (char32_t look_alike = CyrillicLookAlike(c)) c = look_alike;
    } else if (!as_cyrillic && IsCyrillic(c)) {
      if (char look_alike = LatinLookAlike(c)) c = look_alike;
    }
    if (IsCyrillic(c)) {
      out.append(TranslitCyrillic(c));
    } else if (c == '0') {
      out.push_back('o');
    } else if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      out.append(FoldLatin(c, slavic));
    }
  }
  return out;
}

// ---- Phonemes --------------------------------------------------------------

// Letter groups, longest first within each first letter. 'S' is the ш/щ/ж
// class, 'x' the х/ч class, 'j' the glide.
struct Group {
  std::string_view letters;
  std::string_view phonemes;
};
constexpr Group kGroups[] = {
    {"schtsch", "S"}, {"chtch", "S"}, {"shch", "S"}, {"szcz", "S"}, {"tsch", "x"}, {"sch", "S"},
    {"tch", "x"},     {"jou", "Su"},  {"dzh", "dS"}, {"chs", "ks"}, {"igh", "i"},  {"sh", "S"},
    {"zh", "S"},      {"sz", "S"},    {"cz", "x"},   {"ch", "x"},   {"kh", "x"},   {"ck", "k"},
    {"ph", "f"},      {"th", "t"},    {"ou", "u"},
};

bool IsVowelLetter(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

bool HasSlavicSpelling(std::string_view w) {
  if (w.find('w') != std::string_view::npos) return true;
  if (w.find("sz") != std::string_view::npos || w.find("cz") != std::string_view::npos) return true;
  if (w.size() >= 3 && w.back() == 'j' && IsVowelLetter(w[w.size() - 2])) return true;
  return false;
}

// True when the word reads as Hepburn romanization of Japanese: a chain of
// (consonant)(y)vowel syllables, syllabic n and doubled consonants only.
bool LooksJapanese(std::string_view w) {
  static constexpr std::string_view kVowels = "aeiou";
  static constexpr std::string_view kDigraphs[] = {"sh", "ch", "ts"};
  auto is_vowel = [&](size_t i) { return i < w.size() && kVowels.find(w[i]) != kVowels.npos; };
  int syllables = 0;
  for (size_t i = 0; i < w.size();) {
    if (is_vowel(i)) {
      ++i;
      ++syllables;
      continue;
    }
    char c = w[i];
    char next = i + 1 < w.size() ? w[i + 1] : '\0';
    if ((c == 'n' && !is_vowel(i + 1) && next != 'y') ||
        (c == 'm' && (next == 'b' || next == 'p' || next == 'm')) ||
        (c == next && std::string_view("kstpgdb").find(c) != std::string_view::npos) ||
        (c == 't' && next == 'c')) {
      ++i;
      continue;
    }
    size_t onset = 0;
    for (std::string_view d : kDigraphs) {
      if (w.compare(i, 2, d) == 0) onset = 2;
    }
    if (onset == 0 && std::string_view("kstnhmyrwgzdbpjf").find(c) != std::string_view::npos) {
      onset = 1;
      if (next == 'y' && c != 'y') onset = 2;
    }
    if (onset == 0 || !is_vowel(i + onset)) return false;
    i += onset;
  }
  return syllables >= 2;
}

// Step 2: letters to phonemes.
std::string Parse(std::string_view w, bool slavic) {
  slavic = slavic || HasSlavicSpelling(w);
  // Japanese names: Russian writes Hepburn chi as ти, ji as дзи, n before
  // a labial as м (Polivanov).
  const bool japanese = !slavic && LooksJapanese(w);
  std::string p;
  p.reserve(w.size() + 2);
  for (size_t i = 0; i < w.size();) {
    char c = w[i];
    char next = i + 1 < w.size() ? w[i + 1] : '\0';
    char after = i + 2 < w.size() ? w[i + 2] : '\0';
    if (japanese && c == 'c' && next == 'h') {
      p.append(after == 'i' ? "t" : "tj");
      i += 2;
      continue;
    }
    if (japanese && c == 'j' && next == 'i') {
      p.push_back('s');
      ++i;
      continue;
    }
    if (japanese && c == 'n' && (next == 'p' || next == 'b' || next == 'm')) {
      p.push_back('m');
      ++i;
      continue;
    }
    const Group* group = nullptr;
    for (const Group& g : kGroups) {
      if (g.letters[0] == c && w.compare(i, g.letters.size(), g.letters) == 0) {
        group = &g;
        break;
      }
    }
    if (group != nullptr) {
      p.append(group->phonemes);
      i += group->letters.size();
      continue;
    }
    switch (c) {
      case 'c':
        p.push_back(slavic || next == 'e' || next == 'i' || next == 'y' ? 's' : 'k');
        break;
      case 'g':
        if (next == 'i' && (after == 'a' || after == 'o' || after == 'u')) {
          p.append("dS");  // Italian "gio", "gia": дж
          ++i;
        } else {
          p.push_back('g');
        }
        break;
      case 'h':
        // Silent after a vowel unless a vowel follows (Johnson, Lehmann).
        if (i == 0 || !IsVowelLetter(w[i - 1]) || IsVowelLetter(next)) p.push_back('x');
        break;
      case 'q':
        if (next == 'u') {
          p.append(after == 'e' || after == 'i' ? "k" : "kv");
          ++i;
        } else {
          p.push_back('k');
        }
        break;
      case 'r':
        if (slavic && next == 'z' && after != 'h') {
          p.push_back('S');  // Polish rz: ж
          ++i;
        } else {
          p.push_back('r');
        }
        break;
      case 'z':
        p.push_back('s');
        break;
      case 'w':
        p.push_back('v');
        break;
      case 'x':
        p.append("ks");
        break;
      case 'y':
        p.push_back('i');
        break;
      default:
        p.push_back(c);
        break;
    }
    ++i;
  }
  return p;
}

bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'j';
}
bool IsHusher(char c) { return c == 'S' || c == 'x' || c == 's'; }
bool IsObstruent(char c) {
  return c == 'b' || c == 'p' || c == 'v' || c == 'f' || c == 'g' || c == 'k' || c == 'd' ||
         c == 't' || c == 's' || c == 'S' || c == 'x';
}

// The output letter of a consonant phoneme.
char ConsonantClass(char c) {
  switch (c) {
    case 'S':
      return 's';
    case 'f':
      return 'v';
    case 'g':
      return 'x';
    default:
      return c;
  }
}

// The output letter of a final vowel run: its last vowel's class.
char FinalVowelClass(char c) {
  switch (c) {
    case 'a':
    case 'o':
      return 'a';
    case 'u':
      return 'u';
    default:
      return 'i';
  }
}

// Step 3: Russian phonetics on the phoneme string, then the output classes.
std::string Reduce(const std::string& p) {
  // An i before a vowel is the glide j.
  std::string q = p;
  for (size_t i = 0; i + 1 < q.size(); ++i) {
    if (q[i] == 'i' && IsVowel(q[i + 1]) && q[i + 1] != 'j') q[i] = 'j';
  }
  // A word-initial дж is the English, Italian and Japanese j: the glide.
  if (q.size() >= 2 && q[0] == 'd' && (q[1] == 'S' || q[1] == 'j')) q.erase(0, 1), q[0] = 'j';
  // English and French silent final e.
  if (q.size() >= 4 && q.back() == 'e' && !IsVowel(q[q.size() - 2])) q.pop_back();
  // After hushers (and с, for Japanese "shi" = си) the glide goes and е is
  // о; elsewhere "jo" after a consonant is е; ts, ds and чж reduce.
  std::string r;
  r.reserve(q.size());
  for (size_t i = 0; i < q.size(); ++i) {
    char c = q[i];
    char prev = r.empty() ? '\0' : r.back();
    char next = i + 1 < q.size() ? q[i + 1] : '\0';
    if (c == 'j' && IsVowel(next)) {
      if (IsHusher(prev)) continue;
      if (next == 'o' && prev != '\0' && !IsVowel(prev)) {
        r.push_back('e');
        ++i;
        continue;
      }
    }
    if (c == 'e' && IsHusher(prev)) c = 'o';
    if ((c == 's' && (prev == 't' || prev == 'd')) || (c == 'S' && prev == 'x')) r.pop_back();
    r.push_back(c);
  }
  // Final "ng" is н (Wang = Ван).
  if (r.size() >= 3 && r.back() == 'g' && r[r.size() - 2] == 'n') r.pop_back();
  // A vowel between т/д and a final р is dropped (Alexander = Александр,
  // Peter = Петр).
  if (r.size() >= 4 && r.back() == 'r') {
    size_t run = r.size() - 1;
    while (run > 0 && IsVowel(r[run - 1])) --run;
    if (run < r.size() - 1 && run >= 2 && (r[run - 1] == 't' || r[run - 1] == 'd')) {
      r.erase(run, r.size() - 1 - run);
    }
  }
  // Final devoicing of the last run of obstruents.
  for (size_t i = r.size(); i-- > 0 && IsObstruent(r[i]);) {
    switch (r[i]) {
      case 'b':
        r[i] = 'p';
        break;
      case 'v':
        r[i] = 'f';
        break;
      case 'g':
        r[i] = 'k';
        break;
      case 'd':
        r[i] = 't';
        break;
      default:
        break;
    }
  }
  // Output classes: an inner vowel run is one "a", the final run keeps its
  // class; doubled letters collapse.
  std::string key;
  key.reserve(r.size());
  for (size_t i = 0; i < r.size(); ++i) {
    char c;
    if (IsVowel(r[i])) {
      size_t end = i;
      while (end < r.size() && IsVowel(r[end])) ++end;
      c = end < r.size() ? 'a' : FinalVowelClass(r[end - 1]);
      i = end - 1;
    } else {
      c = ConsonantClass(r[i]);
    }
    if (c < 'a' || c > 'z') continue;
    if (!key.empty() && key.back() == c) continue;
    key.push_back(c);
  }
  return key;
}

}  // namespace

std::string PhoneticKey(std::string_view name_part) {
  bool slavic = false;
  std::string letters = Letters(name_part, &slavic);
  return Reduce(Parse(letters, slavic));
}

}  // namespace memoria::names
