#include "web/internal/i18n.h"

#include <cstdlib>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "core/text.h"
#include "web/internal/assets.h"

namespace memoria::web::internal {
namespace {

struct LangInfo {
  Lang lang;
  std::string_view code;
  std::string_view native;
};
constexpr LangInfo kLangs[] = {
    {Lang::kRu, "ru", "Русский"},
    {Lang::kUk, "uk", "Українська"},
    {Lang::kEn, "en", "English"},
};

// A language's catalog is "<code>.json" plus every "<code>.<part>.json"
// (a part of the interface keeps its texts in a file of its own, such as
// "ru.prisoners.json"); a key in two files of one language is an error.
Catalog LoadCatalog(Lang lang) {
  const std::string file = std::string(LangCode(lang)) + ".json";
  const std::string part_prefix = std::string(LangCode(lang)) + ".";
  Catalog c;
  bool found = false;
  for (const EmbeddedFile& f : EmbeddedFiles()) {
    const bool part = f.name != file && f.name.starts_with(part_prefix) &&
                      f.name.ends_with(".json") && f.name.size() > file.size();
    if (f.name != file && !part) continue;
    // A key written twice in one file (the parser would keep the last one
    // silently) is an error like a key in two files.
    std::set<std::string> keys;
    std::string twice;
    const auto each = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
      if (event == nlohmann::json::parse_event_t::key && depth == 1 &&
          !keys.insert(parsed.get<std::string>()).second && twice.empty()) {
        twice = parsed.get<std::string>();
      }
      return true;
    };
    const auto json = nlohmann::json::parse(f.data, each, /*allow_exceptions=*/false);
    if (!twice.empty()) {
      std::cerr << "memoria: locale " << f.name << ": " << twice << " is written twice\n";
      std::abort();
    }
    if (!json.is_object()) {
      std::cerr << "memoria: locale " << f.name << " is not a JSON object\n";
      std::abort();
    }
    found |= f.name == file;
    for (const auto& [key, value] : json.items()) {
      if (!value.is_string()) {
        std::cerr << "memoria: locale " << f.name << ": " << key << " is not a string\n";
        std::abort();
      }
      if (!c.entries_.emplace(key, value.get<std::string>()).second) {
        std::cerr << "memoria: locale " << f.name << ": " << key << " is defined twice\n";
        std::abort();
      }
    }
  }
  if (found) return c;
  std::cerr << "memoria: locale " << file << " is missing or not a JSON object\n";
  std::abort();
}

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

int ToInt(std::string_view digits) {
  int v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return digits.empty() ? -1 : v;
}

// The month names of each language's catalog (nominative and genitive),
// split into words once: the catalogs never change after they are loaded.
struct MonthNames {
  std::vector<std::string> nominative, genitive;
};
const MonthNames& MonthsFor(Lang lang) {
  static const MonthNames* const kMonths = [] {
    auto* months = new MonthNames[std::size(kAllLangs)];
    for (Lang l : kAllLangs) {
      const Catalog& t = CatalogFor(l);
      months[static_cast<int>(l)] =
          MonthNames{Words(t.Get("months_nominative")), Words(t.Get("months_genitive"))};
    }
    return months;
  }();
  return kMonths[static_cast<int>(lang)];
}

// One EDTF date without qualifiers: YYYY, YYYY-MM, YYYY-MM-DD, 193X, 19XX,
// with "XX" month or day. Empty when not one of those.
std::string HumanSingle(std::string_view d, Lang lang) {
  const Catalog& t = CatalogFor(lang);
  if (d.size() == 4 && d[3] == 'X' && d[2] != 'X') {
    return t.Format("date_decade", {std::string(d.substr(0, 3)) + "0"});
  }
  if (d.size() == 4 && d.substr(2) == "XX") {
    return t.Format("date_century", {std::string(d.substr(0, 2)) + "00"});
  }
  if (ToInt(d.substr(0, 4)) < 0) return "";
  const std::string year(d.substr(0, 4));
  if (d.size() == 4) return year;
  if (d.size() < 7 || d[4] != '-') return "";
  const int month = ToInt(d.substr(5, 2));
  if (month < 1 || month > 12) return d.substr(5, 2) == "XX" ? year : "";
  const std::vector<std::string>& nominative = MonthsFor(lang).nominative;
  const std::vector<std::string>& genitive = MonthsFor(lang).genitive;
  if (nominative.size() != 12 || genitive.size() != 12) return "";
  if (d.size() == 7 || d.substr(7) == "-XX") {
    return nominative[static_cast<size_t>(month - 1)] + " " + year;
  }
  if (d.size() != 10 || d[7] != '-') return "";
  const int day = ToInt(d.substr(8, 2));
  if (day < 1) return "";
  const std::string& m = genitive[static_cast<size_t>(month - 1)];
  if (lang == Lang::kEn) return std::to_string(day) + " " + m + " " + year;
  return std::to_string(day) + " " + m + " " + year;
}

std::string HumanQualified(std::string_view d, Lang lang) {
  if (d.empty()) return "";
  char q = d.back();
  if (q == '?' || q == '~' || q == '%') d.remove_suffix(1);
  std::string text = HumanSingle(d, lang);
  if (text.empty()) return "";
  const Catalog& t = CatalogFor(lang);
  if (q == '~') return t.Format("date_about", {text});
  if (q == '?') return t.Format("date_uncertain", {text});
  if (q == '%') return t.Format("date_uncertain", {t.Format("date_about", {text})});
  return text;
}

}  // namespace

std::string_view LangCode(Lang lang) {
  for (const LangInfo& l : kLangs) {
    if (l.lang == lang) return l.code;
  }
  return "ru";
}

std::string_view LangNative(Lang lang) {
  for (const LangInfo& l : kLangs) {
    if (l.lang == lang) return l.native;
  }
  return "";
}

std::optional<Lang> ParseLang(std::string_view code) {
  for (const LangInfo& l : kLangs) {
    if (l.code == code) return l.lang;
  }
  return std::nullopt;
}

Lang NegotiateLang(std::string_view header) {
  // Each element: range [";q=" value]. The highest q wins; ties go to the
  // earlier element. A range matches our language by its primary subtag
  // ("en-GB" -> en); "be" is read as Russian-speaking by no rule here.
  double best_q = 0;
  std::optional<Lang> best;
  bool named_any = false;  // a language range other than "*"
  size_t pos = 0;
  int budget = 32;  // elements considered: the header is attacker-chosen
  while (pos < header.size() && budget-- > 0) {
    size_t end = header.find(',', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view item = header.substr(pos, end - pos);
    pos = end + 1;
    double q = 1;
    if (size_t semi = item.find(';'); semi != std::string_view::npos) {
      std::string_view params = item.substr(semi + 1);
      item = item.substr(0, semi);
      if (size_t qp = params.find("q="); qp != std::string_view::npos) {
        std::string_view v = params.substr(qp + 2);
        while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
        if (v.size() > 5) v = v.substr(0, 5);
        q = std::atof(std::string(v).c_str());
      }
    }
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    std::string primary(item.substr(0, item.find('-')));
    for (char& c : primary) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::optional<Lang> lang =
        primary == "*" ? std::optional<Lang>(kDefaultLang) : ParseLang(primary);
    if (!primary.empty() && primary != "*" && q > 0) named_any = true;
    if (lang.has_value() && q > best_q) {
      best_q = q;
      best = lang;
    }
  }
  // Only other languages asked for: English is the likelier to be read.
  if (!best.has_value() && named_any) return Lang::kEn;
  return best.value_or(kDefaultLang);
}

const std::string& Catalog::Get(std::string_view key) const {
  if (auto it = entries_.find(key); it != entries_.end()) return it->second;
  if (fallback_ != nullptr) return fallback_->Get(key);
  static const std::string kMissing = "?";
  return kMissing;
}

std::string Catalog::Format(std::string_view key, const std::vector<std::string>& args) const {
  const std::string& pattern = Get(key);
  std::string out;
  size_t next = 0;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '%' && i + 1 < pattern.size() && pattern[i + 1] == 's') {
      if (next < args.size()) out += args[next++];
      ++i;
    } else {
      out.push_back(pattern[i]);
    }
  }
  return out;
}

const Catalog& CatalogFor(Lang lang) {
  static const Catalog* const kCatalogs = [] {
    auto* c =
        new Catalog[3]{LoadCatalog(Lang::kRu), LoadCatalog(Lang::kUk), LoadCatalog(Lang::kEn)};
    c[1].fallback_ = &c[0];
    c[2].fallback_ = &c[0];
    return c;
  }();
  return kCatalogs[static_cast<int>(lang)];
}

std::string HumanDate(std::string_view edtf, Lang lang) {
  if (edtf.empty()) return "";
  const Catalog& t = CatalogFor(lang);
  if (size_t slash = edtf.find('/'); slash != std::string_view::npos) {
    std::string_view a = edtf.substr(0, slash), b = edtf.substr(slash + 1);
    const bool open_a = a.empty() || a == "..", open_b = b.empty() || b == "..";
    if (open_a && open_b) return std::string(edtf);
    if (open_a) {
      std::string hb = HumanQualified(b, lang);
      return hb.empty() ? std::string(edtf) : t.Format("date_before", {hb});
    }
    if (open_b) {
      std::string ha = HumanQualified(a, lang);
      return ha.empty() ? std::string(edtf) : t.Format("date_after", {ha});
    }
    std::string ha = HumanQualified(a, lang), hb = HumanQualified(b, lang);
    if (ha.empty() || hb.empty()) return std::string(edtf);
    return t.Format("date_range", {ha, hb});
  }
  std::string text = HumanQualified(edtf, lang);
  return text.empty() ? std::string(edtf) : text;
}

std::string AgeText(int years, Lang lang) {
  const Catalog& t = CatalogFor(lang);
  const std::string n = std::to_string(years);
  if (lang == Lang::kEn) return t.Format(years == 1 ? "age_one" : "age_many", {n});
  // Slavic plural rules (CLDR "one", "few", "many" for ru and uk).
  const int mod10 = years % 10, mod100 = years % 100;
  if (mod10 == 1 && mod100 != 11) return t.Format("age_one", {n});
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return t.Format("age_few", {n});
  return t.Format("age_many", {n});
}

}  // namespace memoria::web::internal
