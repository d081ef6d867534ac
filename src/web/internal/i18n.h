// The interface languages: catalogs (locales/<lang>.json, compiled in),
// negotiation from ?lang= and Accept-Language, and dates as people read them.
//
// Thread safety: catalogs are immutable after first use; every function is
// safe to call from any thread.
#ifndef MEMORIA_WEB_INTERNAL_I18N_H_
#define MEMORIA_WEB_INTERNAL_I18N_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace memoria::web::internal {

enum class Lang { kRu, kUk, kEn };
inline constexpr Lang kDefaultLang = Lang::kRu;
inline constexpr Lang kAllLangs[] = {Lang::kRu, Lang::kUk, Lang::kEn};

std::string_view LangCode(Lang lang);    // "ru", "uk", "en"
std::string_view LangNative(Lang lang);  // "Русский", "Українська", "English"
std::optional<Lang> ParseLang(std::string_view code);
// The best of our languages for an Accept-Language header (RFC 9110
// §12.5.4: q-values, language ranges, "*"). kEn when the header names
// only other languages; kDefaultLang when it names none (empty, "*").
Lang NegotiateLang(std::string_view accept_language);

class Catalog {
 public:
  // The text for "key"; the Russian text when this catalog lacks it, the
  // key itself when every catalog does.
  const std::string& Get(std::string_view key) const;
  // Get(key) with each "%s" replaced by the next argument.
  std::string Format(std::string_view key, const std::vector<std::string>& args) const;
  const std::map<std::string, std::string, std::less<>>& entries() const { return entries_; }

  std::map<std::string, std::string, std::less<>> entries_;
  const Catalog* fallback_ = nullptr;
};

// The compiled-in catalog of "lang". Aborts at first use if a catalog is not
// a JSON object of strings (a build defect; a test checks every catalog).
const Catalog& CatalogFor(Lang lang);

// An EDTF date as a reader of "lang" says it: "17 мая 1938", "May 1939",
// "about 1899", "1930s", "1937 – 1938". The EDTF text itself for forms it
// does not know.
std::string HumanDate(std::string_view edtf, Lang lang);

// "5 лет", "21 год", "3 years".
std::string AgeText(int years, Lang lang);

}  // namespace memoria::web::internal

#endif  // MEMORIA_WEB_INTERNAL_I18N_H_
