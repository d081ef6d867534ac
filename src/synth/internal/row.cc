// Writing one row of the corpus; see internal/row.h.
#include "synth/internal/row.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "synth/internal/lexicon.h"
#include "synth/internal/moscow.h"
#include "synth/internal/output.h"
#include "synth/internal/person.h"

namespace memoria::synth::internal {
namespace {

constexpr std::string_view kNone = "None";
constexpr std::string_view kVillageTypes[] = {"д. ", "с. ", "х. ", "пос. "};

// Expands a phrase for a region: '@' is the region after "по" (dative), '&'
// the region in the genitive, '$' and '%' the NKVD and MGB prefixes ("УНКВД
// по " or, in republics, "НКВД "), '#' the district; when `number` is not 0,
// '%' is that number instead.
void ExpandPhrase(std::string_view phrase, const Region& region, std::string_view district,
                  int64_t number, std::string* out) {
  for (char c : phrase) {
    switch (c) {
      case '@':
        out->append(region.dative);
        break;
      case '&':
        out->append(region.genitive);
        break;
      case '$':
        out->append(region.republic ? "НКВД " : "УНКВД по ");
        break;
      case '%':
        if (number != 0) {
          AppendInt(number, out);
        } else {
          out->append(region.republic ? "МГБ " : "УМГБ по ");
        }
        break;
      case '#':
        out->append(district);
        break;
      default:
        out->push_back(c);
    }
  }
}

std::vector<std::string> ExpandForAllPlaces(std::string_view phrase) {
  std::vector<std::string> out;
  for (const Region& region : internal::Regions()) {
    for (std::string_view district : region.districts) {
      out.emplace_back();
      ExpandPhrase(phrase, region, district, 0, &out.back());
    }
  }
  return out;
}
// Writes TSV fields at a cursor, putting a tab before every field but the
// first. The caller guarantees kMaxRowBytes of room.
class RowWriter {
 public:
  explicit RowWriter(char* out) : p_(out) {}
  char* end() const { return p_; }

  void Text(std::string_view s) {
    Sep();
    Put(s.empty() ? kNone : s);
  }
  void None() {
    Sep();
    Put(kNone);
  }
  void Concat(std::string_view a, std::string_view b) {
    Sep();
    Put(a);
    Put(b);
  }
  void Int(int64_t v) {
    Sep();
    PutInt(v);
  }
  void IntOrNone(int64_t v) { v == 0 ? None() : Int(v); }
  void DateField(const Date& d) {
    Sep();
    if (d.year == 0) return Put(kNone);
    if (d.day == 0) {
      *p_++ = '_';
    } else {
      PutInt(d.day);
    }
    *p_++ = '.';
    if (d.month == 0) {
      *p_++ = '_';
    } else {
      PutInt(d.month);
    }
    *p_++ = '.';
    PutInt(d.year);
  }
  // A rare phrase with a number in it (see ExpandPhrase).
  void Phrase(std::string_view phrase, const Region& region, int64_t number) {
    scratch_.clear();
    ExpandPhrase(phrase, region, "", number, &scratch_);
    Text(scratch_);
  }
  void PlaceField(const Place& p) {
    if (p.style == PlaceStyle::kNone) return None();
    Sep();
    const Region& r = internal::Regions()[p.region];
    switch (p.style) {
      case PlaceStyle::kGuberniaVillage:
        Put(r.gubernia, ", ", r.districts[p.district], " уезд, ");
        PutVillage(p);
        break;
      case PlaceStyle::kGuberniaOnly:
        Put(r.gubernia);
        break;
      case PlaceStyle::kOblastVillage:
        Put(r.oblast, ", ", r.districts[p.district], " р-н, ");
        PutVillage(p);
        break;
      case PlaceStyle::kDistrictVillage:
        Put(r.districts[p.district], " р-н, ", "", "");
        PutVillage(p);
        break;
      case PlaceStyle::kTown:
        Put("г. ", r.towns[p.town], "", "");
        break;
      case PlaceStyle::kCountryTown:
        Put(r.oblast, ", г. ", r.towns[p.town], "");
        break;
      case PlaceStyle::kNone:
        break;
    }
  }
  void EndRow() {
    *p_++ = '\n';
    first_ = true;
  }

 private:
  void Sep() {
    if (!first_) *p_++ = '\t';
    first_ = false;
  }
  // Short strings are copied with fixed-size moves that the compiler inlines
  // (two overlapping blocks never read or write outside the string); a call
  // to memcpy per field was a fifth of the generator's time.
  void Put(std::string_view s) {
    const char* src = s.data();
    const size_t n = s.size();
    if (n > 32 && n <= 64) {
      std::memcpy(p_, src, 32);
      std::memcpy(p_ + n - 32, src + n - 32, 32);
    } else if (n >= 16 && n <= 32) {
      std::memcpy(p_, src, 16);
      std::memcpy(p_ + n - 16, src + n - 16, 16);
    } else if (n >= 8 && n < 16) {
      std::memcpy(p_, src, 8);
      std::memcpy(p_ + n - 8, src + n - 8, 8);
    } else if (n >= 4 && n < 8) {
      std::memcpy(p_, src, 4);
      std::memcpy(p_ + n - 4, src + n - 4, 4);
    } else if (n < 4) {
      for (size_t i = 0; i < n; ++i) p_[i] = src[i];
    } else {
      std::memcpy(p_, src, n);
    }
    p_ += n;
  }
  void Put(std::string_view a, std::string_view b, std::string_view c, std::string_view d) {
    Put(a);
    Put(b);
    Put(c);
    Put(d);
  }
  void PutInt(int64_t v) {
    if (v >= 0 && v < 10) {
      *p_++ = static_cast<char>('0' + v);
    } else if (v >= 10 && v < 100) {
      *p_++ = static_cast<char>('0' + v / 10);
      *p_++ = static_cast<char>('0' + v % 10);
    } else if (v >= 1000 && v < 10000) {  // a year
      p_[0] = static_cast<char>('0' + v / 1000);
      p_[1] = static_cast<char>('0' + v / 100 % 10);
      p_[2] = static_cast<char>('0' + v / 10 % 10);
      p_[3] = static_cast<char>('0' + v % 10);
      p_ += 4;
    } else {
      p_ = std::to_chars(p_, p_ + 24, v).ptr;
    }
  }
  void PutVillage(const Place& p) {
    Put(kVillageTypes[p.village_type]);
    Put(internal::Villages()[p.village]);
  }

  char* p_;
  bool first_ = true;
  std::string scratch_;
};

}  // namespace

const ExpandedOrgans& GetExpandedOrgans(const Lexicon& lex) {
  static const ExpandedOrgans* const organs = [&lex] {
    auto* o = new ExpandedOrgans;
    for (int era = 0; era < internal::kEraCount; ++era) {
      o->arrest.emplace_back();
      for (std::string_view phrase : lex.arrest_organs[era].phrases) {
        o->arrest.back().push_back(ExpandForAllPlaces(phrase));
      }
      o->judicial.emplace_back();
      for (std::string_view phrase : lex.judicial_organs[era].phrases) {
        o->judicial.back().push_back(ExpandForAllPlaces(phrase));
      }
    }
    for (std::string_view phrase : lex.rehabilitation_organs.phrases) {
      o->rehabilitation.emplace_back();
      for (const Region& region : internal::Regions()) {
        o->rehabilitation.back().emplace_back();
        ExpandPhrase(phrase, region, "", 0, &o->rehabilitation.back().back());
      }
    }
    return o;
  }();
  return *organs;
}

// Writes one row at `out` and returns the end of what it wrote.
// A non-empty "address" is written as live_place instead of p.live (unless
// the record drops the place).
char* WriteRow(const Lexicon& lex, const ExpandedOrgans& organs, const Person& p,
               const RowNames& names, int64_t person_id, std::string_view address, char* out) {
  const Region& region = internal::Regions()[p.region];
  const size_t place = p.region * 4u + p.district;
  RowWriter w(out);
  w.Int(person_id);
  w.Text(names.surname);
  w.Text(names.given);
  w.Text(names.patronymic);
  w.IntOrNone(p.birth_year);
  if (p.birth_year_comment) {
    w.Phrase("около % г.", region, p.birth_year);
  } else {
    w.None();
  }
  w.IntOrNone(p.age);
  w.Text(p.female ? "ж" : "м");
  w.PlaceField(p.birth);
  const internal::OriginInfo& origin = internal::GetOriginInfo(p.origin);
  if (p.nation < 0) {
    w.None();
  } else if (p.nation == 0) {
    w.Text(p.female ? origin.nation_female : origin.nation_male);
  } else {
    w.Text(p.female ? "русская" : "русский");
  }
  w.Text(p.citizenship < 0 ? "" : p.citizenship == 0 ? "СССР" : origin.citizenship);
  if (p.occupation < 0) {
    w.None();
  } else {
    w.Text(p.female ? internal::FemaleOccupations()[p.occupation]
                    : internal::MaleOccupations()[p.occupation]);
  }
  if (!address.empty() && p.live.style != PlaceStyle::kNone) {
    w.Text(address);
  } else {
    w.PlaceField(p.live);
  }
  w.Text(p.education < 0 ? "" : internal::Educations()[p.education]);
  w.Text(p.party < 0 ? "" : internal::Parties()[p.party]);
  if (p.family < 0) {
    w.None();
  } else {
    w.Text(p.female ? internal::FemaleFamilies()[p.family] : internal::MaleFamilies()[p.family]);
  }
  w.DateField(p.arrest);
  w.Text(p.arrest_organ < 0 ? "" : organs.arrest[p.era][p.arrest_organ][place]);
  w.Text(p.repeat_arrest ? "повторный арест" : "");
  if (p.criminal_case == 0) {
    w.None();
  } else {
    w.Phrase("П-%", region, p.criminal_case);
  }
  w.Text(p.judicial_organ < 0 ? "" : organs.judicial[p.era][p.judicial_organ][place]);
  w.DateField(p.process);
  w.Text(p.article < 0 ? "" : lex.articles.phrases[p.article]);
  if (p.sentence < 0) {
    w.None();
  } else {
    w.Text(p.executed ? lex.executions.phrases[p.sentence]
                      : lex.sentences[p.era].phrases[p.sentence]);
  }
  w.Text(p.executed ? "T" : "F");
  if (p.death_place < 0) {
    w.None();
  } else if (p.death_place == 0) {
    w.Concat("г. ", region.towns[0]);
  } else {
    w.Text(internal::Camps()[p.camp]);
  }
  w.DateField(p.death);
  if (p.previous_repression < 0) {
    w.None();
  } else {
    w.Phrase(internal::PreviousRepressions()[p.previous_repression], region, p.previous_year);
  }
  if (p.next_repression < 0) {
    w.None();
  } else {
    w.Phrase(internal::NextRepressions()[p.next_repression], region, p.next_year);
  }
  w.Text(p.rehabilitation_organ < 0 ? "" : organs.rehabilitation[p.rehabilitation_organ][p.region]);
  w.Text(p.rehabilitation_reason < 0 ? ""
                                     : lex.rehabilitation_reasons.phrases[p.rehabilitation_reason]);
  w.DateField(p.rehabilitation);
  w.Text(names.full_variant);     // all_name_variations
  w.None();                       // name_variations
  w.Text(names.surname_variant);  // surname_variations
  w.None();                       // patronimic_variations
  w.Text(names.full_variant);     // fullname_variations
  w.Text(p.book < 0 ? region.book : internal::GeneralBooks()[p.book]);
  w.None();  // memory_book_url
  w.EndRow();
  return w.end();
}

}  // namespace memoria::synth::internal
