// Patronymics: LooksLikePatronymic, and SplitFullName, which uses it to find
// the patronymic of a name written surname first; see names/names.h.
#include <algorithm>
#include <iterator>
#include <string>

#include "core/text.h"
#include "names/internal/name_text.h"
#include "names/names.h"

namespace memoria::names {

using internal::EndsWith;

namespace internal {

// Turkic patronymic particles: "Гасан оглы" is "son of Гасан".
bool IsTurkicParticle(std::string_view normalized_word) {
  static constexpr std::string_view kParticles[] = {"оглы", "оглу", "кызы", "улы",  "уулу",
                                                    "ogly", "ogli", "oglu", "kyzy", "kizi",
                                                    "qizi", "uly",  "uulu"};
  return std::find(std::begin(kParticles), std::end(kParticles), normalized_word) !=
         std::end(kParticles);
}

}  // namespace internal

using internal::IsTurkicParticle;

bool LooksLikePatronymic(std::string_view w) {
  // "гасан оглы": a word and a particle.
  if (size_t space = w.rfind(' '); space != std::string_view::npos) {
    return space > 0 && IsTurkicParticle(w.substr(space + 1)) &&
           w.substr(0, space).find(' ') == std::string_view::npos;
  }
  while (EndsWith(w, "ъ")) w.remove_suffix(std::string_view("ъ").size());  // pre-reform
  static constexpr std::string_view kEndings[] = {
      // Russian, Ukrainian, Belarusian.
      "ович", "евич", "ич", "овна", "евна", "ична", "івна", "ївна", "авіч", "евіч", "іч", "аўна",
      "еўна",
      // Latin.
      "ovich", "evich", "ovitch", "evitch", "ovič", "evič", "ovic", "evic", "ovych", "evych",
      "owitsch", "ewitsch", "owicz", "ewicz", "ich", "itch", "ovna", "evna", "owna", "ewna",
      "ichna", "ivna"};
  std::string_view longest;
  for (std::string_view e : kEndings) {
    if (EndsWith(w, e) && e.size() > longest.size()) longest = e;
  }
  if (longest.empty()) return false;
  if (Utf8Length(w.substr(0, w.size() - longest.size())) < 2) return false;  // "ович", "бич"
  return !EndsWith(w, "rich") && !EndsWith(w, "ritch");                      // Ulrich, Heinrich
}

FullName SplitFullName(std::string_view text) {
  std::string collapsed = CollapseSpace(text);
  std::vector<std::string_view> words = SplitWords(collapsed);
  FullName n;
  if (words.empty()) return n;
  n.surname = std::string(words[0]);
  if (words.size() == 1) return n;
  size_t last = words.size() - 1;
  size_t patronymic_begin = words.size();  // none
  if (words.size() >= 4 && IsTurkicParticle(NormalizeNamePart(words[last]))) {
    patronymic_begin = last - 1;
  } else if (words.size() >= 3 && LooksLikePatronymic(NormalizeNamePart(words[last]))) {
    patronymic_begin = last;
  }
  for (size_t i = 1; i < patronymic_begin; ++i) {
    if (!n.given.empty()) n.given += ' ';
    n.given += words[i];
  }
  for (size_t i = patronymic_begin; i < words.size(); ++i) {
    if (!n.patronymic.empty()) n.patronymic += ' ';
    n.patronymic += words[i];
  }
  return n;
}

}  // namespace memoria::names
