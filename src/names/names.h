// names/ holds the pure functions on personal names: normalisation of a name
// part, folding for cross-language matching, splitting a list column into
// parts, and parsing a free-form name written in any order.
//
// Transliteration lives in names/translit.h, phonetic keys and similarity in
// names/phonetic.h; both take the output of NormalizeNamePart.
//
// Thread safety: pure functions over constant tables (the tables are built on
// first use, which C++ makes thread-safe).
#ifndef MEMORIA_NAMES_NAMES_H_
#define MEMORIA_NAMES_NAMES_H_

#include <string>
#include <string_view>
#include <vector>

namespace memoria::names {

// The comparable form of one name part or of a whole name: the words in
// order, separated by one ASCII space. "  Щёлоков-Ивáнов " -> "щелоков-иванов".
//
// Steps, in order:
//  1. Unicode compatibility decomposition (NFKD): full-width letters and
//     ligatures become plain letters, precomposed accents come apart.
//  2. Words are runs of letters, digits and combining marks. White space
//     (NBSP included) and all other punctuation separate words; soft hyphens
//     and zero-width characters are deleted (they join). A hyphen (any dash
//     or hyphen sign written without spaces) or an apostrophe (' ’ ‘ ʼ ʹ ´ `)
//     is kept only between two word characters: "Петров - Водкин" gives two
//     words, "Петров–Водкин" one ("петров-водкин"). Every hyphen sign becomes
//     "-" and every apostrophe "'".
//  3. Look-alike letters. Each hyphen-separated piece of a word is given a
//     script: if it has letters that exist only in Cyrillic (и, л, ж, ...)
//     and none that exist only in Latin (or the reverse), that script wins;
//     otherwise the script of most of its letters wins (a tie changes
//     nothing). In a Cyrillic piece the Latin letters that look like
//     Cyrillic ones (OCR and keyboard mix-ups) become Cyrillic:
//     A B C E H K M O P T X Y I and a b c e h k m o p t x y i become
//     А В С Е Н К М О Р Т Х У І and а ь с е н к м о р т х у і (a lower-case
//     b is a misread soft sign). In a Latin piece the reverse table applies
//     (Cyrillic а в с е н к м о р т х у і ь -> Latin). "Ивaнов" (Latin a) ->
//     "иванов", "Ivаnоv" (Cyrillic а, о) -> "ivanov".
//  4. ICU full case folding.
//  5. Marks on Cyrillic letters are dropped (stress accents, the diaeresis of
//     ё, so ё -> е), except the ones that make a distinct letter: й, ў
//     (breve) and ї (diaeresis). Ukrainian and Belarusian і ї є ґ ў stay
//     distinct letters; FoldForMatching maps them onto Russian ones. Marks on
//     Latin letters are kept, because transliteration schemes rely on them
//     ("Ščerbakova" stays "ščerbakova").
//  6. An apostrophe between two Cyrillic letters is dropped: it is the
//     Ukrainian separation sign (Мар'яна, В'ячеслав) or the typewriter stand-in
//     for ъ, and Russian writes such names either with ь (Марьяна) or with
//     nothing (Вячеслав), so no single letter is right; dropping keeps the
//     exact form neutral and leaves ь/nothing to the phonetic key:
//     "Мар'яна" -> "маряна". Apostrophes in Latin words stay ("O'Brien" ->
//     "o'brien", "Il'in" -> "il'in": there the apostrophe stands for ь).
//  7. Canonical composition (NFC).
//
// The result is idempotent: NormalizeNamePart(NormalizeNamePart(x)) ==
// NormalizeNamePart(x). Returns "" when "part" has no letters or digits.
// REQUIRES: valid UTF-8 (invalid sequences become U+FFFD, a symbol, which
// separates words).
std::string NormalizeNamePart(std::string_view part);

// The normalised words of a free query or full-name string, in order,
// split on white space and on punctuation: "Иванов И.И." -> {"иванов",
// "и", "и"}. Hyphenated words stay whole. REQUIRES: valid UTF-8.
std::vector<std::string> NormalizedWords(std::string_view text);

// Maps a normalised string (the output of NormalizeNamePart, one word or
// several) onto Russian spelling for matching names across Russian,
// Ukrainian and Belarusian records and across the 1918 spelling reform:
//   і -> и, ї -> и, є -> е, ґ -> г, ў -> в (Іван ~ Иван, Євгенія ~ Евгения,
//   Ґудзь ~ Гудзь, Даўгалёў ~ Довгалёв up to vowels);
//   pre-reform ѣ -> е, ѳ -> ф, ѵ -> и, and a ъ ending a word is dropped
//   (Ивановъ ~ Иванов).
// Ukrainian и is left as и: it sounds like Russian ы, but names written in
// the two languages correspond letter for letter (Микола ~ Николай differ
// elsewhere anyway, Кирило ~ Кирилл), so и -> ы would break more matches
// than it makes. Everything else (Latin, ь, ъ inside a word, digits, spaces)
// passes through. Idempotent.
// REQUIRES: "normalized" is lower case as NormalizeNamePart leaves it.
std::string FoldForMatching(std::string_view normalized);

struct FullName {
  std::string surname;
  std::string given;
  std::string patronymic;
};

// Splits "Surname Given Patronymic" as Russian lists write it, never
// reordering: the first word is the surname; the last word is the patronymic
// when there are at least three words and it looks like one
// (LooksLikePatronymic); every word in between is the given name. So a
// 2-word Korean or Chinese given name stays together ("Ким Ен Сик" ->
// surname Ким, given "Ен Сик"), and "Щербакова Ирина Лазаревна" -> Щербакова
// / Ирина / Лазаревна. A Turkic patronymic written with its particle counts
// as one ("Алиев Ахмед Гасан оглы" -> patronymic "Гасан оглы") when there are
// at least four words. Parts keep their spelling; white space is collapsed.
FullName SplitFullName(std::string_view text);

// True when a normalised word (or a patronymic with a Turkic particle, such
// as "гасан оглы") ends like a patronymic, with at least two letters before
// the longest matching ending ("ович" and "бич" are not patronymics); a
// pre-reform final ъ is ignored. The endings:
//   Cyrillic: -ович -евич -ич -овна -евна -ична -инична, Ukrainian -івна
//   -ївна, Belarusian -авіч -евіч -іч -аўна -еўна;
//   Latin: -ovich -evich -ovitch -evitch -ovič -evič -ovic -evic -owitsch
//   -ewitsch -owicz -ewicz -ich -itch (but not -rich: Ulrich, Heinrich)
//   -ovna -evna -owna
//   -ewna -ichna -ivna -ovych -evych;
//   a word followed by оглы/кызы/оглу/улы/уулу (or ogly/ogli/oglu/kyzy/kizi/
//   qizi/uly/uulu).
// Serbian and Polish surnames (Петрович, Mickiewicz) end the same way; the
// callers decide by position.
bool LooksLikePatronymic(std::string_view normalized_word);

// A free-form personal name split into its parts. Parts keep their spelling
// and case as written (without surrounding punctuation or the period after
// an initial); apply NormalizeNamePart before comparing them.
struct ParsedName {
  std::string surname;
  std::string given;       // may be two words ("Ен Сик") or an initial ("И")
  std::string patronymic;  // may be an initial, or "Гасан оглы"
  std::string maiden;      // the birth surname named by урожд./geb./née/...
  bool given_is_initial = false;
  bool patronymic_is_initial = false;
  // Words that fit no part, in order: parenthesised words without a maiden
  // marker, words with digits, a third given name.
  std::vector<std::string> unplaced;
};

// Reads a personal name written in any common order and form:
//   "Иванов Иван Иванович", "Иван Иванович Иванов", "Иванов И.И.",
//   "И. И. Иванов", "Ivanov, Ivan", "IVANOV Ivan Ivanovich",
//   "Иванова (урожд. Петрова) Мария", "Мария Иванова, урожд. Петрова",
//   "Иванова Мария geb. Petrowa", "Ким Ен Сик", "Петров-Водкин Кузьма",
//   "Shcherbakova Irina Lazarevna".
//
// Rules, in order:
//  1. Words are split on white space and punctuation; a period ends a word
//     ("И.И." is two words). A word of one letter, or a Latin digraph that
//     transliterates one Cyrillic letter followed by a period (Zh. Sh. Ch.
//     Kh. Ts. Yu. Ya. Ye. Yo. Ju. Ja. Je. Jo.), is an initial.
//  2. Maiden markers: урожд. / урожденная (any word starting урожд),
//     уроджена, "в девичестве", "девичья фамилия", "дев. фам.", "дівоче
//     прізвище", geb., geborene, née / nee / né, born (not as the first
//     word), "z domu". The word after the first marker is the maiden surname.
//     Parenthesised words that follow no marker ("Иванова (Петрова)" may be
//     a maiden name or an alias), and words with digits, go to unplaced.
//  3. The remaining words are read surname-first (S G [P]), surname-last
//     (G [P] S) or without a surname (G P: "Иван Петрович"), whichever scores
//     highest; surname-first gets one point ahead, as the order of Soviet and
//     Memorial lists, and wins ties; no surname starts three points behind.
//     Evidence for the word taken as the surname: a typical surname ending
//     (-ов -ев -ин -ский -ская -ой -ая -енко -ук -ян -швили -дзе -их ...,
//     Latin -ov -ev -in -sky -ski -enko -owicz -ovic ...) counts for; being an
//     initial, a common given name or a patronymic counts against; a comma
//     right after the first word ("Ivanov, Ivan"), or being in capitals when
//     another word is not ("IVANOV Ivan"), counts strongly for. For the given
//     name: being one of about 250 common Russian and Ukrainian given names
//     (in Cyrillic, or in Latin through a simple romanisation with a few
//     explicit variants: Mariya, Marija, Maria, Wassili, Pyotr ...) counts
//     for; an initial counts a little for. A word recognised as a patronymic
//     in the patronymic place counts for.
//  4. Among the forenames, the last word is the patronymic when it looks
//     like one (LooksLikePatronymic) and is not a common given name, when it
//     is a Turkic particle (it joins the word before it), or when it is an
//     initial ("И. И.", "Иван И."). Everything before it is the given name, up to two words
//     (Korean and Chinese given names: "Ким Ен Сик" -> given "Ен Сик"); a
//     given name that is an initial takes one word. Surplus words go to
//     unplaced.
//  5. A single word is the given name if it is a common given name or an
//     initial, and the surname otherwise.
// REQUIRES: valid UTF-8.
ParsedName ParseName(std::string_view text);

// A binary key that orders names as Russian printed lists order them
// (ICU's Russian collation at primary strength: case and the dots of ё are
// ignored, so "Ёлкин" sorts with "Елкин", not after "Яковлев"; Latin after
// Cyrillic). Compare keys with std::string's operator<. Invalid UTF-8 is
// replaced, never an error.
std::string CollationKey(std::string_view text);

}  // namespace memoria::names

#endif  // MEMORIA_NAMES_NAMES_H_
