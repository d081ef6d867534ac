// The transliteration schemes: one letter table and a list of context rules
// per scheme, in the format of internal/translit_tables.h, with the sources
// they follow.
#include "names/internal/translit_tables.h"

#include <span>
#include <string_view>

namespace memoria::names::internal {

// Where iuliia's reference samples write Cyrillic "ё" (U+0451) for a printed
// "ë" (BGN/PCGN, BS 2979, GOST 16876 and 7.79 system A, the scientific system,
// UNGEGN), the table follows the samples so that the conformance tests hold
// byte for byte.

// The position of a lower-case letter in the table order above, or -1.
int LetterIndex(char32_t c) {
  if (c >= U'а' && c <= U'е') return static_cast<int>(c - U'а');
  if (c == U'ё') return 6;
  if (c >= U'ж' && c <= U'я') return static_cast<int>(c - U'а') + 1;
  switch (c) {
    case U'і':
      return 33;
    case U'ї':
      return 34;
    case U'є':
      return 35;
    case U'ґ':
      return 36;
    default:
      return -1;
  }
}

constexpr std::u32string_view kVowels = U"аеёиоуыэюя";
constexpr std::u32string_view kConsonantOrEnd = U"бвгджзйклмнпрстфхцчшщ$";

constexpr Ending kEndingsIyYy[] = {{U"ий", "y"}, {U"ый", "y"}};

// BGN/PCGN 1947 System for the Romanization of Russian: "ye"/"yë" initially
// and after vowels, й, ъ, ь; the optional middle dot that separates letter
// pairs that would otherwise read as a digraph (тс, шч, й/ы before а у ы э,
// э after consonants, ы after vowels).
constexpr Rule kBgnPcgnRules[] = {
    {U"^аеёийоуъыьэюя", U'е', {}, "ye"},  {U"^аеёийоуъыьэюя", U'ё', {}, "y\u0451"},
    {U"аеёиоуыэюя", U'ы', {}, "\u00B7y"}, {U"бвгджзклмнпрстфхцчшщ", U'э', {}, "\u00B7e"},
    {{}, U'й', U"ауыэ", "y\u00B7"},       {{}, U'ы', U"ауыэ", "y\u00B7"},
    {{}, U'т', U"с", "t\u00B7"},          {{}, U'ш', U"ч", "sh\u00B7"},
};
// The same system without the optional middle dots.
constexpr std::span<const Rule> kBgnPcgnAltRules(kBgnPcgnRules, 2);

// GOST R 52290-2004 (road signs), annex: е → ye after vowels and signs,
// ё → ye after consonants (e after ж ч ш щ), signs before е/ё dropped.
constexpr Rule kGost52290Rules[] = {
    {U"аеёиоуъыьэюя", U'е', {}, "ye"},
    {U"бвгдзклмнпрстфхц", U'ё', {}, "ye"},
    {U"жчшщ", U'ё', {}, "e"},
    {{}, U'ъ', U"её", ""},
    {{}, U'ь', U"её", ""},
};

// GOST 7.79-2000 system B: ц is "c" before е и й ы, "cz" elsewhere.
constexpr Rule kGost779AltRules[] = {{{}, U'ц', U"еийы", "c"}};

// Moscow Metro signage standard (2016): тц → ts, signs before vowels → y.
constexpr Rule kMosmetroRules[] = {
    {U"т", U'ц', {}, "s"},
    {U"ьъ", U'ё', {}, "o"},
    {{}, U'ь', U"аеёиоуэ", "y"},
    {{}, U'ъ', U"аеёиоуэ", "y"},
};

// MVD order 310 (1997), English table: ье/ъе → ye.
constexpr Rule kMvd310Rules[] = {
    {U"ьъ", U'е', {}, "ye"},
    {{}, U'ь', U"е", ""},
    {{}, U'ъ', U"е", ""},
};

// MVD order 310 (1997), French table: гe/ги/гы → gue/gui/guy, кс → x,
// -ин → -ine.
constexpr Rule kMvd310FrRules[] = {
    {U"г", U'е', {}, "ue"}, {U"г", U'и', {}, "ui"}, {U"г", U'ы', {}, "uy"},
    {U"ь", U'е', {}, "ie"}, {U"к", U'с', {}, "x"},  {{}, U'к', U"с", ""},
};
constexpr Ending kMvd310FrEndings[] = {{U"ин", "ine"}};

// MVD order 782 (2000), passports: as GOST R 52290, and ьи → yi.
constexpr Rule kMvd782Rules[] = {
    {U"аеёиоуъыьэюя", U'е', {}, "ye"},
    {U"бвгдзклмнпрстфхц", U'ё', {}, "ye"},
    {U"жчшщ", U'ё', {}, "e"},
    {U"ь", U'и', {}, "yi"},
    {{}, U'ъ', U"её", ""},
    {{}, U'ь', U"её", ""},
    {{}, U'ь', U"и", ""},
};

// English Wikipedia, Romanization of Russian (WP:RUS, modified BGN/PCGN).
constexpr Rule kWikipediaRules[] = {
    {U"^аиоуэюяьъ", U'е', {}, "ye"},
    {{}, U'ъ', U"аиоуыэ", "y"},
    {{}, U'ь', U"аиоуыэ", "y"},
};

// Yandex.Maps: е → ye initially and after vowels, ъе → ye, -ый → -iy.
constexpr Rule kYandexMapsRules[] = {
    {U"^аиоуэюя", U'е', {}, "ye"},
    {{}, U'ъ', U"е", "y"},
};
constexpr Ending kYandexMapsEndings[] = {{U"ый", "iy"}};

// Duden, Richtlinien zur Wiedergabe des Russischen (German transcription, as
// in "Die deutsche Rechtschreibung"): je/jo initially and after vowels and
// signs, o for ё after zischlaute, j for й and ь before vowels, ss for с
// between vowels, -ий → -i, -ый → -y.
constexpr Rule kGermanRules[] = {
    {U"^аеёиоуыэюяъь", U'е', {}, "je"}, {U"жчшщ", U'ё', {}, "o"},       {{}, U'ь', U"ио", "j"},
    {{}, U'й', kVowels, "j"},           {kVowels, U'с', kVowels, "ss"},
};
constexpr Ending kGermanEndings[] = {{U"ий", "i"}, {U"ый", "y"}};

// Polish transcription of Russian (Wydawnictwo Naukowe PWN, "Zasady pisowni
// i interpunkcji", transkrypcja z rosyjskiego): je/ie/e, jo/io/o, ju/iu/u,
// ja/ia/a after vowels, consonants and л; ł before hard vowels, l before soft;
// y after ж ш ц; ń ś ź ć dź for a softened consonant not before a vowel;
// -кий → -ki.
constexpr Rule kPolishRules[] = {
    {U"^аеёиоуыэюяъь", U'е', {}, "je"},
    {U"жшчщцлхй", U'е', {}, "e"},
    {U"^аеёиоуыэюяъь", U'ё', {}, "jo"},
    {U"жшчщцл", U'ё', {}, "o"},
    {U"^аеёиоуыэюяъь", U'ю', {}, "ju"},
    {U"жшчщцл", U'ю', {}, "u"},
    {U"^аеёиоуыэюяъь", U'я', {}, "ja"},
    {U"жшчщцл", U'я', {}, "a"},
    {U"жшц", U'и', {}, "y"},
    {U"ь", U'и', {}, "ji"},
    {{}, U'л', U"еёиьюя", "l"},
    {{}, U'н', U"ь", "\u0144", kConsonantOrEnd},
    {{}, U'с', U"ь", "\u015B", kConsonantOrEnd},
    {{}, U'з', U"ь", "\u017A", kConsonantOrEnd},
    {{}, U'т', U"ь", "\u0107", kConsonantOrEnd},
    {{}, U'д', U"ь", "d\u017A", kConsonantOrEnd},
};
constexpr Ending kPolishEndings[] = {{U"кий", "ki"}, {U"ий", "ij"}, {U"ый", "yj"}};

// Czech transcription of Russian (Pravidla českého pravopisu, přepis z
// ruštiny): je/jo initially and after vowels; ě, ď, ť, ň for soft д т н;
// o for ё after hushing consonants; j for ь before и, о.
constexpr Rule kCzechRules[] = {
    {U"^аеёиоуыэюяъь", U'е', {}, "je"},
    {U"дтн", U'е', {}, "\u011B"},
    {U"жчшщцдтн", U'ё', {}, "o"},
    {U"дтн", U'я', {}, "a"},
    {U"дтнжчшщц", U'ю', {}, "u"},
    {{}, U'д', U"ьяюё", "\u010F"},
    {{}, U'т', U"ьяюё", "\u0165"},
    {{}, U'н', U"ьяюё", "\u0148"},
    {{}, U'ь', U"ио", "j"},
};
constexpr Ending kCzechEndings[] = {{U"ий", "ij"}, {U"ый", "yj"}};

// French usage for Russian names (transcription usuelle, as the French
// press and encyclopaedias write them: Tchaïkovski, Khrouchtchev,
// Soljenitsyne): gu before е и ы, ï for й and after vowels, ss between vowels,
// x for кс, -ий → -i, -ин → -ine.
constexpr Rule kFrenchRules[] = {
    {{}, U'г', U"еиы", "gu"},
    {U"аеёоуыэюя", U'е', {}, "\u00EFe"},
    {U"ьъ", U'е', {}, "ie"},
    {U"жчшщц", U'ё', {}, "e"},
    {U"аеёоуыэюя", U'ё', {}, "\u00EFo"},
    {U"аеёоуыэюя", U'и', {}, "\u00EF"},
    {U"аеёиоуыэюя", U'й', {}, "\u00EF"},
    {U"и", U'ю', {}, "ou"},
    {U"аеёоуыэюя", U'ю', {}, "\u00EFou"},
    {U"ий", U'я', {}, "a"},
    {U"аеёоуыэюя", U'я', {}, "\u00EFa"},
    {U"к", U'с', {}, "x"},
    {kVowels, U'с', kVowels, "ss"},
    {{}, U'к', U"с", ""},
};
constexpr Ending kFrenchEndings[] = {{U"ий", "i"}, {U"ый", "y"}, {U"ин", "ine"}, {U"ын", "yne"}};

// Ukrainian: Resolution of the Cabinet of Ministers of Ukraine No. 55 of
// 27 January 2010 (КМУ 2010): є ї й ю я as ye yi y yu ya at the start of a
// word, ie i i iu ia elsewhere; зг → zgh; ь and the apostrophe omitted.
// Russian-only letters (ё ъ ы э), not in the resolution, are given their
// usual Ukrainian passport readings.
constexpr Rule kUkrainianRules[] = {
    {U"з", U'г', {}, "gh"}, {U"^", U'є', {}, "ye"}, {U"^", U'ї', {}, "yi"}, {U"^", U'й', {}, "y"},
    {U"^", U'ю', {}, "yu"}, {U"^", U'я', {}, "ya"}, {U"^", U'ё', {}, "yo"},
};

// clang-format off
constexpr SchemeDef kSchemeDefs[] = {
    // ALA-LC Romanization Tables, Russian (Library of Congress, 2012).
    {Scheme::kAlaLc, "ala_lc", "ALA-LC (Library of Congress)",
     "a|b|v|g|d|e|\u0451|zh|z|i|\u012D|k|l|m|n|o|p|r|s|t|u|f|kh|t\u0361s|ch|sh|shch|\u02BA|y|\u02B9|\u0117|i\u0361u|i\u0361a"},
    // ALA-LC without diacritics, as library catalogues key it.
    {Scheme::kAlaLcAlt, "ala_lc_alt", "ALA-LC, plain ASCII",
     "a|b|v|g|d|e|e|zh|z|i|i|k|l|m|n|o|p|r|s|t|u|f|kh|ts|ch|sh|shch|\"|y|'|e|iu|ia"},
    // BGN/PCGN 1947 System (US Board on Geographic Names / UK PCGN).
    {Scheme::kBgnPcgn, "bgn_pcgn", "BGN/PCGN 1947",
     "a|b|v|g|d|e|\u0451|zh|z|i|y|k|l|m|n|o|p|r|s|t|u|f|kh|ts|ch|sh|shch|\u201D|y|\u2019|e|yu|ya",
     kBgnPcgnRules},
    {Scheme::kBgnPcgnAlt, "bgn_pcgn_alt", "BGN/PCGN 1947, without middle dots",
     "a|b|v|g|d|e|\u0451|zh|z|i|y|k|l|m|n|o|p|r|s|t|u|f|kh|ts|ch|sh|shch|\u201D|y|\u2019|e|yu|ya",
     kBgnPcgnAltRules},
    // British Standard 2979:1958 (Oxford University Press usage for ы).
    {Scheme::kBs2979, "bs_2979", "British Standard 2979:1958",
     "a|b|v|g|d|e|\u0451|zh|z|i|\u012D|k|l|m|n|o|p|r|s|t|u|f|kh|ts|ch|sh|shch|\u02BA|\u0233|\u02B9|\u00E9|yu|ya",
     {}, kEndingsIyYy},
    {Scheme::kBs2979Alt, "bs_2979_alt", "British Standard 2979:1958, plain ASCII",
     "a|b|v|g|d|e|e|zh|z|i|i|k|l|m|n|o|p|r|s|t|u|f|kh|ts|ch|sh|shch|\"|y|'|e|yu|ya",
     {}, kEndingsIyYy},
    // GOST 16876-71 (1983 edition), table 1 (diacritics) and table 2 (ASCII).
    {Scheme::kGost16876, "gost_16876", "GOST 16876-71, table 1",
     "a|b|v|g|d|e|\u0451|z\u030C|z|i|j|k|l|m|n|o|p|r|s|t|u|f|h|c|\u010D|\u0161|\u015D|\u02BA|y|\u02B9|\u00E8|\u00FB|\u00E2"},
    {Scheme::kGost16876Alt, "gost_16876_alt", "GOST 16876-71, table 2",
     "a|b|v|g|d|e|jo|zh|z|i|jj|k|l|m|n|o|p|r|s|t|u|f|kh|c|ch|sh|shh|\"|y|'|eh|ju|ja"},
    // GOST R 52290-2004, road signs.
    {Scheme::kGost52290, "gost_52290", "GOST R 52290-2004 (road signs)",
     "a|b|v|g|d|e|yo|zh|z|i|y|k|l|m|n|o|p|r|s|t|u|f|kh|ts|ch|sh|shch|'|y|'|e|yu|ya",
     kGost52290Rules},
    // GOST R 52535.1-2006, identity cards (machine-readable zone).
    {Scheme::kGost52535, "gost_52535", "GOST R 52535.1-2006 (identity documents)",
     "a|b|v|g|d|e|e|zh|z|i|i|k|l|m|n|o|p|r|s|t|u|f|kh|tc|ch|sh|shch||y||e|iu|ia"},
    // GOST R 7.0.34-2014, simplified transliteration (first of the listed
    // alternatives for each letter).
    {Scheme::kGost7034, "gost_7034", "GOST R 7.0.34-2014",
     "a|b|v|g|d|e|yo|zh|z|i|j|k|l|m|n|o|p|r|s|t|u|f|x|c|ch|sh|shh|''|y|'|e|yu|ya"},
    // GOST 7.79-2000 (= ISO 9:1995), system A (one letter per letter) and
    // system B (ASCII).
    {Scheme::kGost779, "gost_779", "GOST 7.79-2000 system A (ISO 9:1995)",
     "a|b|v|g|d|e|\u0451|z\u030C|z|i|j|k|l|m|n|o|p|r|s|t|u|f|h|c|\u010D|\u0161|\u015D|\u02BA|y|\u02B9|\u00E8|\u00FB|\u00E2"},
    {Scheme::kGost779Alt, "gost_779_alt", "GOST 7.79-2000 system B",
     "a|b|v|g|d|e|yo|zh|z|i|j|k|l|m|n|o|p|r|s|t|u|f|x|cz|ch|sh|shh|``|y`|`|e`|yu|ya",
     kGost779AltRules},
    // ICAO Doc 9303, Machine Readable Travel Documents, part 3 (7th ed.),
    // transliteration of Cyrillic; used in Russian passports since 2013.
    {Scheme::kIcaoDoc9303, "icao_doc_9303", "ICAO Doc 9303 (passports)",
     "a|b|v|g|d|e|e|zh|z|i|i|k|l|m|n|o|p|r|s|t|u|f|kh|ts|ch|sh|shch|ie|y||e|iu|ia"},
    // ISO/R 9:1954 and ISO/R 9:1968 (with its English-oriented variant).
    {Scheme::kIso9_1954, "iso_9_1954", "ISO/R 9:1954",
     "a|b|v|g|d|e|\u00EB|z\u030C|z|i|j|k|l|m|n|o|p|r|s|t|u|f|h|c|\u010D|\u0161|\u0161\u010D|\"|y|\u02B9|\u0117|ju|ja"},
    {Scheme::kIso9_1968, "iso_9_1968", "ISO/R 9:1968",
     "a|b|v|g|d|e|\u00EB|z\u030C|z|i|j|k|l|m|n|o|p|r|s|t|u|f|h|c|\u010D|\u0161|\u0161\u010D|\u02BA|y|\u02B9|\u0117|ju|ja"},
    {Scheme::kIso9_1968Alt, "iso_9_1968_alt", "ISO/R 9:1968, English variant",
     "a|b|v|g|d|e|\u00EB|zh|z|y|\u012D|k|l|m|n|o|p|r|s|t|u|f|kh|ts|ch|sh|shch|\u02BA|y|\u02B9|\u0117|yu|ya"},
    // Moscow Metro navigation standard (2016).
    {Scheme::kMosmetro, "mosmetro", "Moscow Metro map",
     "a|b|v|g|d|e|e|zh|z|i|y|k|l|m|n|o|p|r|s|t|u|f|kh|ts|ch|sh|sch||y||e|yu|ya",
     kMosmetroRules, kEndingsIyYy},
    // Order of the MVD of Russia No. 310 (1997), foreign passports: English
    // and French tables.
    {Scheme::kMvd310, "mvd_310", "MVD 310-1997 (passports, English)",
     "a|b|v|g|d|e|e|zh|z|i|y|k|l|m|n|o|p|r|s|t|u|f|kh|ts|ch|sh|shch|\"|y|'|e|yu|ya",
     kMvd310Rules},
    {Scheme::kMvd310Fr, "mvd_310_fr", "MVD 310-1997 (passports, French)",
     "a|b|v|g|d|e|e|j|z|i|i|k|l|m|n|o|p|r|s|t|ou|f|kh|ts|tch|ch|chtch||y||e|iou|ia",
     kMvd310FrRules, kMvd310FrEndings},
    // Order of the MVD of Russia No. 782 (2000), passports.
    {Scheme::kMvd782, "mvd_782", "MVD 782-2000 (passports)",
     "a|b|v|g|d|e|yo|zh|z|i|y|k|l|m|n|o|p|r|s|t|u|f|kh|ts|ch|sh|shch|'|y|'|e|yu|ya",
     kMvd782Rules},
    // The scholarly (linguistic) transliteration.
    {Scheme::kScientific, "scientific", "Scientific transliteration",
     "a|b|v|g|d|e|\u0451|z\u030C|z|i|j|k|l|m|n|o|p|r|s|t|u|f|x|c|\u010D|\u0161|\u0161\u010D|\u02BA|y|\u02B9|\u00E8|ju|ja"},
    // Telegram's transliteration of Russian search queries.
    {Scheme::kTelegram, "telegram", "Telegram",
     "a|b|v|g|d|e|e|j|z|i|i|k|l|m|n|o|p|r|s|t|u|f|h|c|ch|sh|sc||y||e|iu|ia"},
    // UNGEGN, resolution V/18 of the Fifth UN Conference on the
    // Standardization of Geographical Names (1987).
    {Scheme::kUngegn1987, "ungegn_1987", "UNGEGN 1987 V/18",
     "a|b|v|g|d|e|\u0451|z\u030C|z|i|j|k|l|m|n|o|p|r|s|t|u|f|h|c|\u010D|\u0161|\u0161\u010D|\u02BA|y|\u02B9|\u00E8|ju|ja"},
    // English Wikipedia, WP:RUS (modified BGN/PCGN).
    {Scheme::kWikipedia, "wikipedia", "Wikipedia (WP:RUS)",
     "a|b|v|g|d|e|yo|zh|z|i|y|k|l|m|n|o|p|r|s|t|u|f|kh|ts|ch|sh|shch||y||e|yu|ya",
     kWikipediaRules, kEndingsIyYy},
    // Yandex.Maps and Yandex.Money (bank card names) conventions.
    {Scheme::kYandexMaps, "yandex_maps", "Yandex.Maps",
     "a|b|v|g|d|e|yo|zh|z|i|y|k|l|m|n|o|p|r|s|t|u|f|kh|ts|ch|sh|sch||y||e|yu|ya",
     kYandexMapsRules, kYandexMapsEndings},
    {Scheme::kYandexMoney, "yandex_money", "Yandex.Money",
     "a|b|v|g|d|e|e|zh|z|i|i|k|l|m|n|o|p|r|s|t|u|f|kh|ts|ch|sh|sch||y||e|yu|ya"},
    {Scheme::kGerman, "german", "German (Duden)",
     "a|b|w|g|d|e|jo|sch|s|i|i|k|l|m|n|o|p|r|s|t|u|f|ch|z|tsch|sch|schtsch||y||e|ju|ja",
     kGermanRules, kGermanEndings},
    {Scheme::kPolish, "polish", "Polish (PWN)",
     "a|b|w|g|d|ie|io|\u017C|z|i|j|k|\u0142|m|n|o|p|r|s|t|u|f|ch|c|cz|sz|szcz||y||e|iu|ia",
     kPolishRules, kPolishEndings},
    {Scheme::kCzech, "czech", "Czech (Pravidla českého pravopisu)",
     "a|b|v|g|d|e|jo|\u017E|z|i|j|k|l|m|n|o|p|r|s|t|u|f|ch|c|\u010D|\u0161|\u0161\u010D||y||e|ju|ja",
     kCzechRules, kCzechEndings},
    {Scheme::kFrench, "french", "French (usual transcription)",
     "a|b|v|g|d|e|io|j|z|i|i|k|l|m|n|o|p|r|s|t|ou|f|kh|ts|tch|ch|chtch||y||e|iou|ia",
     kFrenchRules, kFrenchEndings},
    {Scheme::kUkrainianKmu2010, "ukrainian_kmu_2010", "Ukrainian (KMU 2010)",
     "a|b|v|h|d|e|io|zh|z|y|i|k|l|m|n|o|p|r|s|t|u|f|kh|ts|ch|sh|shch||y||e|iu|ia|i|i|ie|g",
     kUkrainianRules, {}, /*drop_apostrophes=*/true},
};
// clang-format on

std::span<const SchemeDef> SchemeDefs() { return kSchemeDefs; }

}  // namespace memoria::names::internal
