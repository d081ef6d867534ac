// Birth dates read from archive forms, record values prepared once, and the
// field comparators. The levels follow Fellegi & Sunter (1969): each field
// answers a small number of ordered agreement levels, and the model gives
// each level its own weight. The thresholds between levels follow the usual
// choices for Jaro–Winkler on names (Winkler 1990: 0.94 and about 0.85).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <thread>

#include "linkage/linkage.h"
#include "names/names.h"
#include "names/phonetic.h"
#include "names/translit.h"
#include "places/places.h"

namespace memoria::linkage {
namespace {

constexpr int kApproximateYears = 2;  // how far "about 1898" reaches

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string DigitsOf(std::string_view s) {
  std::string d;
  for (char c : s) {
    if (c >= '0' && c <= '9') d.push_back(c);
  }
  return d;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "about 1898", "ок. 1898 г." -> "1898~"; "" when the text is not such.
std::string ApproximateYear(std::string_view text) {
  std::string lower = NormalizedText(text);
  static const char* const kMarkers[] = {"about",  "abt", "circa", "ca",    "c",
                                         "approx", "ок",  "около", "прибл", "приблизительно"};
  for (const char* marker : kMarkers) {
    std::string prefix = std::string(marker) + " ";
    if (lower.rfind(prefix, 0) != 0) continue;
    std::string rest = lower.substr(prefix.size());
    for (const char* tail : {" г", " года", " году", " гг"}) {
      std::string t(tail);
      if (rest.size() > t.size() && rest.compare(rest.size() - t.size(), t.size(), t) == 0) {
        rest.resize(rest.size() - t.size());
      }
    }
    if (rest.size() == 4 && AllDigits(rest)) return rest + "~";
  }
  return "";
}

// Latin lower case of a folded name: Cyrillic under ICAO Doc 9303, the rest
// as it is.
std::string LatinForm(const std::string& folded) {
  std::string latin = names::Transliterate(folded, names::Scheme::kIcaoDoc9303);
  for (char& c : latin) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return latin;
}

size_t CodePointCount(std::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

int8_t CompareNames(const PreparedValue& a, const PreparedValue& b) {
  if (a.text == b.text || a.latin == b.latin) return kExact;
  // An initial against a full name.
  if (CodePointCount(a.text) == 1 || CodePointCount(b.text) == 1) {
    return !a.latin.empty() && !b.latin.empty() && a.latin[0] == b.latin[0] ? kWeak : kDisagree;
  }
  const double jw = names::JaroWinkler(a.latin, b.latin);
  if ((!a.key.empty() && a.key == b.key) || jw >= 0.94) return kClose;
  if (jw >= 0.85) return kWeak;
  return kDisagree;
}

int32_t AddYears(int32_t day, int years) { return day + years * 10000; }

// Whether two days written as yyyymmdd are at most one edit apart (a digit
// changed, or two neighbouring digits swapped): Damerau–Levenshtein <= 1
// on their decimal digits, without writing them out when both have eight.
bool OneDigitApart(int32_t x, int32_t y) {
  if (x < 10000000 || y < 10000000 || x > 99999999 || y > 99999999) {
    return names::DamerauLevenshtein(std::to_string(x), std::to_string(y)) <= 1;
  }
  int dx[8], dy[8];
  for (int i = 7; i >= 0; --i, x /= 10, y /= 10) {
    dx[i] = x % 10;
    dy[i] = y % 10;
  }
  int first = -1, differ = 0;
  for (int i = 0; i < 8; ++i) {
    if (dx[i] == dy[i]) continue;
    if (first < 0) first = i;
    ++differ;
  }
  if (differ <= 1) return true;
  // Equal lengths: an insertion needs a deletion too, so only a swap of
  // two neighbours is one edit.
  return differ == 2 && first + 1 < 8 && dx[first] == dy[first + 1] && dx[first + 1] == dy[first] &&
         dx[first + 1] != dy[first + 1];
}

int8_t CompareDates(const PreparedValue& a, const PreparedValue& b) {
  if (!a.date.empty() && !b.date.empty()) {
    const Edtf& x = a.date;
    const Edtf& y = b.date;
    const bool x_day = x.earliest_day() == x.latest_day();
    const bool y_day = y.earliest_day() == y.latest_day();
    if (x == y && (x_day || (!x.approximate() && !x.uncertain()))) return kExact;
    const int wx = (x.approximate() || x.uncertain()) ? kApproximateYears : 0;
    const int wy = (y.approximate() || y.uncertain()) ? kApproximateYears : 0;
    if (AddYears(x.earliest_day(), -wx) <= AddYears(y.latest_day(), wy) &&
        AddYears(y.earliest_day(), -wy) <= AddYears(x.latest_day(), wx)) {
      return kClose;
    }
    if (x_day && y_day) {
      const int xd = x.earliest_day(), yd = y.earliest_day();
      // The day and month swapped (a common clerical slip).
      if (xd / 10000 == yd / 10000 && (xd / 100) % 100 == yd % 100 &&
          xd % 100 == (yd / 100) % 100) {
        return kClose;
      }
      if (OneDigitApart(xd, yd)) return kClose;
    }
    const int years = std::abs(x.earliest_day() / 10000 - y.earliest_day() / 10000);
    return years <= 2 ? kWeak : kDisagree;
  }
  // A date that could not be read: compare its digits.
  if (a.text.empty() || b.text.empty()) return kMissing;
  if (a.text == b.text) return kExact;
  if (names::DamerauLevenshtein(a.text, b.text) <= 1) return kClose;
  if (a.text.size() >= 4 && b.text.size() >= 4) {
    const int ya = std::atoi(a.text.substr(0, 4).c_str());
    const int yb = std::atoi(b.text.substr(0, 4).c_str());
    if (std::abs(ya - yb) <= 2) return kWeak;
  }
  return kDisagree;
}

int8_t CompareStrings(const PreparedValue& a, const PreparedValue& b) {
  if (a.text == b.text || a.key == b.key) return kExact;  // key: the text without spaces
  const double jw = names::JaroWinkler(a.text, b.text);
  if (jw >= 0.92) return kClose;
  if (jw >= 0.80) return kWeak;
  return kDisagree;
}

int8_t CompareNumbers(const PreparedValue& a, const PreparedValue& b) {
  if (a.text == b.text) return kExact;
  if (a.has_number && b.has_number) {
    const double d = std::fabs(a.number - b.number);
    if (d == 0) return kExact;
    if (d <= 1 || names::DamerauLevenshtein(a.text, b.text) <= 1) return kClose;
    if (d <= 0.1 * std::max(std::fabs(a.number), std::fabs(b.number))) return kWeak;
    return kDisagree;
  }
  return names::DamerauLevenshtein(a.text, b.text) <= 1 ? kClose : kDisagree;
}

int8_t CompareCodes(const PreparedValue& a, const PreparedValue& b) {
  if (a.text == b.text) return kExact;
  const int d = names::DamerauLevenshtein(a.text, b.text);
  if (d <= 1) return kClose;
  if (d <= 2 && std::min(a.text.size(), b.text.size()) >= 6) return kWeak;
  return kDisagree;
}

// A place as its units' names, largest first, joined by kUnitSeparator
// (text), and its most specific unit (key). Streets and buildings are not
// compared: lists write a residence's street rarely and never alike.
constexpr char kUnitSeparator = '\x1f';

void PreparePlace(std::string_view raw, PreparedValue* v) {
  const places::ParsedPlace parsed = places::ParsePlace(raw);
  for (const places::Unit& u : parsed.units) {
    if (u.kind == places::Kind::kStreet || u.kind == places::Kind::kBuilding) continue;
    const std::string& name = u.nominatives.empty() ? u.key : u.nominatives.front();
    if (name.empty()) continue;
    if (!v->text.empty()) v->text.push_back(kUnitSeparator);
    v->text += name;
    v->key = name;
  }
  if (v->text.empty()) {
    v->text = NormalizedText(raw);
    v->key = v->text;
  }
}

std::vector<std::string_view> Units(std::string_view text) {
  std::vector<std::string_view> out;
  size_t at = 0;
  while (at <= text.size()) {
    size_t end = text.find(kUnitSeparator, at);
    if (end == std::string_view::npos) end = text.size();
    out.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

int8_t ComparePlaces(const PreparedValue& a, const PreparedValue& b) {
  if (a.text == b.text) return kExact;
  if (a.key == b.key) return kClose;
  const std::vector<std::string_view> x = Units(a.text), y = Units(b.text);
  auto in = [](const std::vector<std::string_view>& set, std::string_view u) {
    return std::find(set.begin(), set.end(), u) != set.end();
  };
  size_t common = 0;
  for (std::string_view u : x) common += in(y, u) ? 1 : 0;
  if (common == x.size() || common == y.size()) return kClose;
  if (common > 0 || names::JaroWinkler(a.key, b.key) >= 0.92) return kWeak;
  return kDisagree;
}

const std::string* FieldText(const Record& r, const std::string& name) {
  if (name == "given") return &r.given;
  if (name == "surname") return &r.surname;
  if (name == "patronymic") return &r.patronymic;
  if (name == "birth") return &r.birth_text;
  if (name == "street_number") return &r.street_number;
  if (name == "street") return &r.street;
  if (name == "locality") return &r.locality;
  if (name == "postcode") return &r.postcode;
  if (name == "region") return &r.region;
  for (const auto& [key, value] : r.attributes) {
    if (key == name) return &value;
  }
  return nullptr;
}

}  // namespace

const std::string* RecordField(const Record& record, const std::string& name) {
  return FieldText(record, name);
}

// The normalised words of "text", joined by one space (lower case, no
// punctuation).
std::string NormalizedText(std::string_view text) {
  std::string out;
  for (const std::string& w : names::NormalizedWords(text)) {
    if (!out.empty()) out.push_back(' ');
    out += w;
  }
  return out;
}

Edtf ParseBirthDate(std::string_view raw) {
  std::string text = Trim(raw);
  if (text.empty()) return Edtf();
  if (text.size() == 8 && AllDigits(text)) {
    text = text.substr(0, 4) + "-" + text.substr(4, 2) + "-" + text.substr(6, 2);
  }
  if (Result<Edtf> d = Edtf::Parse(text); d.ok()) return *d;
  if (Result<Edtf> d = EdtfFromMemorialDate(text); d.ok()) return *d;
  if (Result<Edtf> d = EdtfFromRussianText(text); d.ok()) return *d;
  if (std::string approx = ApproximateYear(text); !approx.empty()) {
    if (Result<Edtf> d = Edtf::Parse(approx); d.ok()) return *d;
  }
  return Edtf();
}

std::vector<FieldSpec> DefaultFields() {
  return {
      {"given", FieldKind::kName, true},
      {"surname", FieldKind::kName, true},
      {"patronymic", FieldKind::kName, true},
      {"birth", FieldKind::kDate, false},
      {"street_number", FieldKind::kNumber, false},
      {"street", FieldKind::kString, false},
      {"locality", FieldKind::kString, false},
      {"postcode", FieldKind::kCode, false},
      {"region", FieldKind::kCode, false},
  };
}

Comparator::Comparator(std::vector<FieldSpec> fields) : fields_(std::move(fields)) {}

std::vector<PreparedValue> Comparator::Prepare(const Record& record) const {
  return Prepare(record, nullptr);
}

std::vector<PreparedValue> Comparator::Prepare(const Record& record, PlaceCache* places) const {
  std::vector<PreparedValue> out(fields_.size());
  for (size_t f = 0; f < fields_.size(); ++f) {
    out[f] = PrepareValue(f, FieldText(record, fields_[f].name), record.birth, places);
  }
  return out;
}

PreparedValue Comparator::PrepareValue(size_t f, const std::string* raw, const Edtf& birth) const {
  return PrepareValue(f, raw, birth, nullptr);
}

PreparedValue Comparator::PrepareValue(size_t f, const std::string* raw, const Edtf& birth,
                                       PlaceCache* places) const {
  PreparedValue v;
  switch (fields_[f].kind) {
    case FieldKind::kName:
      if (raw == nullptr) break;
      v.text = names::FoldForMatching(names::NormalizeNamePart(*raw));
      if (v.text.empty()) break;
      v.latin = LatinForm(v.text);
      v.key = names::PhoneticKey(v.text);
      break;
    case FieldKind::kDate:
      v.date = fields_[f].name == "birth" && !birth.empty()
                   ? birth
                   : (raw != nullptr ? ParseBirthDate(*raw) : Edtf());
      if (raw != nullptr) v.text = DigitsOf(*raw);
      if (!v.date.empty() && v.text.empty()) v.text = DigitsOf(v.date.ToString());
      break;
    case FieldKind::kString:
      if (raw == nullptr) break;
      v.text = NormalizedText(*raw);
      for (char c : v.text) {
        if (c != ' ') v.key.push_back(c);
      }
      break;
    case FieldKind::kPlace: {
      if (raw == nullptr || raw->empty()) break;
      if (places == nullptr) {
        PreparePlace(*raw, &v);
        break;
      }
      auto [it, added] = places->try_emplace(*raw);
      if (added) PreparePlace(*raw, &it->second);
      v = it->second;
      break;
    }
    case FieldKind::kNumber:
    case FieldKind::kCode:
      if (raw == nullptr) break;
      v.text = NormalizedText(*raw);
      if (fields_[f].kind == FieldKind::kNumber && AllDigits(v.text) && v.text.size() < 15) {
        v.number = std::strtod(v.text.c_str(), nullptr);
        v.has_number = true;
      }
      break;
  }
  return v;
}

std::vector<std::vector<PreparedValue>> Comparator::PrepareAll(const std::vector<Record>& records,
                                                               int threads) const {
  std::vector<std::vector<PreparedValue>> out(records.size());
  const size_t n = std::max(1, threads);
  auto run = [&](size_t part) {
    PlaceCache places;
    const size_t begin = records.size() * part / n, end = records.size() * (part + 1) / n;
    for (size_t i = begin; i < end; ++i) out[i] = Prepare(records[i], &places);
  };
  std::vector<std::thread> pool;
  for (size_t part = 1; part < n; ++part) pool.emplace_back(run, part);
  run(0);
  for (std::thread& t : pool) t.join();
  return out;
}

int8_t Comparator::CompareField(size_t f, const PreparedValue& a, const PreparedValue& b) const {
  if (fields_[f].kind == FieldKind::kDate) {
    if ((a.date.empty() && a.text.empty()) || (b.date.empty() && b.text.empty())) return kMissing;
    return CompareDates(a, b);
  }
  if (a.text.empty() || b.text.empty()) return kMissing;
  switch (fields_[f].kind) {
    case FieldKind::kName:
      return CompareNames(a, b);
    case FieldKind::kString:
      return CompareStrings(a, b);
    case FieldKind::kNumber:
      return CompareNumbers(a, b);
    case FieldKind::kPlace:
      return ComparePlaces(a, b);
    case FieldKind::kCode:
    case FieldKind::kDate:
      return CompareCodes(a, b);
  }
  return kDisagree;
}

void Comparator::Compare(const std::vector<PreparedValue>& a, const std::vector<PreparedValue>& b,
                         int8_t* levels) const {
  for (size_t f = 0; f < fields_.size(); ++f) levels[f] = CompareField(f, a[f], b[f]);
}

}  // namespace memoria::linkage
