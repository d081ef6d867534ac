// Daitch–Mokotoff Soundex, from the published coding chart.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "names/internal/letters.h"
#include "names/phonetic.h"

namespace memoria::names {
namespace {

using internal::LatinBaseLetter;
using internal::NextCodePoint;
using internal::ToLower;

// The coding chart of Daitch–Mokotoff Soundex as published by Gary Mokotoff,
// "Soundexing and Genealogy" (Avotaynu, https://www.avotaynu.com/soundex.htm)
// and by JewishGen ("Soundex Coding", InfoFiles/soundex.html). Each row gives
// the code of a letter group at the start of a name, before a vowel, and in
// any other position ("" = not coded); groups that may sound two ways have a
// second row of codes, and the name is coded both ways. The chart lists
// "U, UE" together, and so does this table (some programs code UE like UI).
struct DmRule {
  std::string_view letters;
  std::string_view codes[3];
  std::string_view alternative[3];
};

constexpr DmRule kDmRules[] = {
    {"ai", {"0", "1", ""}, {}},
    {"aj", {"0", "1", ""}, {}},
    {"ay", {"0", "1", ""}, {}},
    {"au", {"0", "7", ""}, {}},
    {"a", {"0", "", ""}, {}},
    {"b", {"7", "7", "7"}, {}},
    {"chs", {"5", "54", "54"}, {}},
    {"ch", {"5", "5", "5"}, {"4", "4", "4"}},
    {"ck", {"5", "5", "5"}, {"45", "45", "45"}},
    {"csz", {"4", "4", "4"}, {}},
    {"czs", {"4", "4", "4"}, {}},
    {"cz", {"4", "4", "4"}, {}},
    {"cs", {"4", "4", "4"}, {}},
    {"c", {"5", "5", "5"}, {"4", "4", "4"}},
    {"drz", {"4", "4", "4"}, {}},
    {"drs", {"4", "4", "4"}, {}},
    {"dsh", {"4", "4", "4"}, {}},
    {"dsz", {"4", "4", "4"}, {}},
    {"ds", {"4", "4", "4"}, {}},
    {"dzh", {"4", "4", "4"}, {}},
    {"dzs", {"4", "4", "4"}, {}},
    {"dz", {"4", "4", "4"}, {}},
    {"dt", {"3", "3", "3"}, {}},
    {"d", {"3", "3", "3"}, {}},
    {"ei", {"0", "1", ""}, {}},
    {"ej", {"0", "1", ""}, {}},
    {"ey", {"0", "1", ""}, {}},
    {"eu", {"1", "1", ""}, {}},
    {"e", {"0", "", ""}, {}},
    {"fb", {"7", "7", "7"}, {}},
    {"f", {"7", "7", "7"}, {}},
    {"g", {"5", "5", "5"}, {}},
    {"h", {"5", "5", ""}, {}},
    {"ia", {"1", "", ""}, {}},
    {"ie", {"1", "", ""}, {}},
    {"io", {"1", "", ""}, {}},
    {"iu", {"1", "", ""}, {}},
    {"i", {"0", "", ""}, {}},
    {"j", {"1", "", ""}, {"4", "4", "4"}},
    {"ks", {"5", "54", "54"}, {}},
    {"kh", {"5", "5", "5"}, {}},
    {"k", {"5", "5", "5"}, {}},
    {"l", {"8", "8", "8"}, {}},
    {"mn", {"66", "66", "66"}, {}},
    {"m", {"6", "6", "6"}, {}},
    {"nm", {"66", "66", "66"}, {}},
    {"n", {"6", "6", "6"}, {}},
    {"oi", {"0", "1", ""}, {}},
    {"oj", {"0", "1", ""}, {}},
    {"oy", {"0", "1", ""}, {}},
    {"o", {"0", "", ""}, {}},
    {"pf", {"7", "7", "7"}, {}},
    {"ph", {"7", "7", "7"}, {}},
    {"p", {"7", "7", "7"}, {}},
    {"q", {"5", "5", "5"}, {}},
    {"rz", {"94", "94", "94"}, {"4", "4", "4"}},
    {"rs", {"94", "94", "94"}, {"4", "4", "4"}},
    {"r", {"9", "9", "9"}, {}},
    {"schtsch", {"2", "4", "4"}, {}},
    {"schtsh", {"2", "4", "4"}, {}},
    {"schtch", {"2", "4", "4"}, {}},
    {"shtch", {"2", "4", "4"}, {}},
    {"shtsh", {"2", "4", "4"}, {}},
    {"shch", {"2", "4", "4"}, {}},
    {"scht", {"2", "43", "43"}, {}},
    {"schd", {"2", "43", "43"}, {}},
    {"sch", {"4", "4", "4"}, {}},
    {"sht", {"2", "43", "43"}, {}},
    {"shd", {"2", "43", "43"}, {}},
    {"sh", {"4", "4", "4"}, {}},
    {"stsch", {"2", "4", "4"}, {}},
    {"stch", {"2", "4", "4"}, {}},
    {"strz", {"2", "4", "4"}, {}},
    {"strs", {"2", "4", "4"}, {}},
    {"stsh", {"2", "4", "4"}, {}},
    {"st", {"2", "43", "43"}, {}},
    {"sc", {"2", "4", "4"}, {}},
    {"szcz", {"2", "4", "4"}, {}},
    {"szcs", {"2", "4", "4"}, {}},
    {"szt", {"2", "43", "43"}, {}},
    {"szd", {"2", "43", "43"}, {}},
    {"sz", {"4", "4", "4"}, {}},
    {"sd", {"2", "43", "43"}, {}},
    {"s", {"4", "4", "4"}, {}},
    {"ttsch", {"4", "4", "4"}, {}},
    {"ttch", {"4", "4", "4"}, {}},
    {"ttsz", {"4", "4", "4"}, {}},
    {"tts", {"4", "4", "4"}, {}},
    {"ttz", {"4", "4", "4"}, {}},
    {"tch", {"4", "4", "4"}, {}},
    {"th", {"3", "3", "3"}, {}},
    {"trz", {"4", "4", "4"}, {}},
    {"trs", {"4", "4", "4"}, {}},
    {"tsch", {"4", "4", "4"}, {}},
    {"tsh", {"4", "4", "4"}, {}},
    {"tsz", {"4", "4", "4"}, {}},
    {"ts", {"4", "4", "4"}, {}},
    {"tc", {"4", "4", "4"}, {}},
    {"tzs", {"4", "4", "4"}, {}},
    {"tz", {"4", "4", "4"}, {}},
    {"t", {"3", "3", "3"}, {}},
    {"ui", {"0", "1", ""}, {}},
    {"uj", {"0", "1", ""}, {}},
    {"uy", {"0", "1", ""}, {}},
    {"ue", {"0", "", ""}, {}},
    {"u", {"0", "", ""}, {}},
    {"v", {"7", "7", "7"}, {}},
    {"w", {"7", "7", "7"}, {}},
    {"x", {"5", "54", "54"}, {}},
    {"y", {"1", "", ""}, {}},
    {"zhdzh", {"2", "4", "4"}, {}},
    {"zdzh", {"2", "4", "4"}, {}},
    {"zdz", {"2", "4", "4"}, {}},
    {"zhd", {"2", "43", "43"}, {}},
    {"zd", {"2", "43", "43"}, {}},
    {"zsch", {"4", "4", "4"}, {}},
    {"zsh", {"4", "4", "4"}, {}},
    {"zh", {"4", "4", "4"}, {}},
    {"zs", {"4", "4", "4"}, {}},
    {"z", {"4", "4", "4"}, {}},
};

// The longest chart group that starts at w[i]; every letter a-z has one.
const DmRule& LongestDmRule(std::string_view w, size_t i) {
  const DmRule* best = nullptr;
  for (const DmRule& rule : kDmRules) {
    if (rule.letters[0] != w[i]) continue;
    if (best != nullptr && rule.letters.size() <= best->letters.size()) continue;
    if (w.compare(i, rule.letters.size(), rule.letters) == 0) best = &rule;
  }
  return *best;
}

// A Latin letter folded to lower-case ASCII for the chart ("" if none).
std::string_view FoldToAscii(char32_t c) {
  static constexpr std::string_view kLower = "abcdefghijklmnopqrstuvwxyz";
  c = ToLower(c);
  if (c >= 'a' && c <= 'z') return kLower.substr(c - 'a', 1);
  switch (c) {
    case 0xDF:
      return "ss";
    case 0xE6:
      return "ae";
    case 0x153:
      return "oe";
    default:
      break;
  }
  char base = LatinBaseLetter(c);
  return base == '\0' ? std::string_view() : kLower.substr(base - 'a', 1);
}

struct DmBranch {
  std::string code;
  std::string_view last;  // code of the previous group; "" after an uncoded one
};

}  // namespace

std::vector<std::string> DaitchMokotoff(std::string_view latin) {
  std::string w;
  for (size_t i = 0; i < latin.size();) w.append(FoldToAscii(NextCodePoint(latin, &i)));
  if (w.empty()) return {};
  std::vector<DmBranch> branches = {DmBranch{}};
  for (size_t i = 0; i < w.size();) {
    const DmRule& rule = LongestDmRule(w, i);
    size_t end = i + rule.letters.size();
    int position =
        i == 0                                                                                  ? 0
        : (end < w.size() && std::string_view("aeiouy").find(w[end]) != std::string_view::npos) ? 1
                                                                                                : 2;
    i = end;
    std::vector<DmBranch> next;
    next.reserve(branches.size() * 2);
    for (const DmBranch& branch : branches) {
      for (int k = 0; k < 2; ++k) {
        if (k == 1 && rule.alternative[0].empty()) break;
        std::string_view code = k == 0 ? rule.codes[position] : rule.alternative[position];
        DmBranch b = branch;
        // Adjacent groups with one code are coded once; an uncoded group
        // (a vowel, an H not before a vowel) separates them.
        if (code.empty()) {
          b.last = {};
        } else if (code != b.last) {
          b.code.append(code.substr(0, 6 - std::min<size_t>(6, b.code.size())));
          b.last = code;
        }
        bool seen = false;
        for (const DmBranch& other : next) {
          if (other.code == b.code && other.last == b.last) seen = true;
        }
        if (!seen) next.push_back(std::move(b));
      }
    }
    branches = std::move(next);
  }
  std::vector<std::string> codes;
  for (DmBranch& b : branches) {
    b.code.resize(6, '0');
    codes.push_back(b.code);
  }
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  return codes;
}

}  // namespace memoria::names
