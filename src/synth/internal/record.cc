// The names and details of each record of a synthetic person; see
// internal/record.h.
#include "synth/internal/record.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "synth/internal/spelling.h"

namespace memoria::synth::internal {
namespace {

const std::string& SurnameOf(const Lexicon& lex, const Person& p, bool keep_yo) {
  const auto& entry = lex.origins[static_cast<int>(p.origin)].surnames[p.surname];
  return (p.female ? entry.female : entry.male).Get(keep_yo);
}
const std::string& GivenOf(const Lexicon& lex, const Person& p, bool keep_yo) {
  const auto& t = lex.origins[static_cast<int>(p.name_origin)];
  return p.female ? t.female[p.given].Get(keep_yo) : t.male[p.given].name.Get(keep_yo);
}
const std::string& PatronymicOf(const Lexicon& lex, const Person& p, bool keep_yo) {
  static const std::string kEmpty;
  if (!p.has_patronymic) return kEmpty;
  const auto& father = lex.origins[static_cast<int>(p.name_origin)].male[p.father];
  return (p.female ? father.patronymic_female : father.patronymic_male).Get(keep_yo);
}

void FillVariations(const std::string& surname, const std::string& given,
                    const std::string& patronymic, Rng* rng, NameBuffers* b) {
  std::u32string s = internal::DecodeUtf8(surname);
  if (internal::ApplyTypo(&s, rng) == 0) return;
  b->surname_variant.clear();
  internal::AppendUtf8(s, &b->surname_variant);
  b->full_variant = b->surname_variant;
  for (const std::string* part : {&given, &patronymic}) {
    if (part->empty()) continue;
    b->full_variant.push_back(' ');
    b->full_variant.append(*part);
  }
}

enum class Variant {
  kYo,
  kSurnameTypo,
  kGivenTypo,
  kSurnameOcr,
  kGivenOcr,
  kNoPatronymic,
  kInitials
};

std::string Initial(const std::string& name) {
  if (name.empty()) return name;
  const size_t n = (static_cast<unsigned char>(name[0]) < 0x80) ? 1 : 2;
  return name.substr(0, n) + ".";
}

}  // namespace

RowNames OriginalNames(const Lexicon& lex, const Person& p, Rng* rng, NameBuffers* b) {
  RowNames names;
  names.surname = SurnameOf(lex, p, p.keep_yo);
  names.given = GivenOf(lex, p, p.keep_yo);
  names.patronymic = PatronymicOf(lex, p, p.keep_yo);
  if (p.name_variations) {
    b->surname_variant.clear();
    FillVariations(std::string(names.surname), std::string(names.given),
                   std::string(names.patronymic), rng, b);
    names.surname_variant = b->surname_variant;
    names.full_variant = b->full_variant;
  }
  return names;
}

// The names of a second record of the person: one or two variant spellings.
// The surname changes by at most two edits.
RowNames VariantNames(const Lexicon& lex, const Person& p, Rng* rng, NameBuffers* b) {
  static const internal::WeightedTable kVariantPick(std::vector<double>{15, 25, 10, 15, 5, 15, 15});
  bool keep_yo = p.keep_yo;
  std::u32string surname = internal::DecodeUtf8(SurnameOf(lex, p, keep_yo));
  std::u32string given = internal::DecodeUtf8(GivenOf(lex, p, keep_yo));
  std::string patronymic = PatronymicOf(lex, p, keep_yo);
  bool initials = false;
  int surname_budget = 2;
  const int count = rng->Chance(0.35) ? 2 : 1;
  for (int i = 0; i < count; ++i) {
    auto variant = static_cast<Variant>(kVariantPick.Pick(rng));
    if (variant == Variant::kYo) {
      const std::string& other = SurnameOf(lex, p, !keep_yo);
      const std::string& other_given = GivenOf(lex, p, !keep_yo);
      if (other != SurnameOf(lex, p, keep_yo) || other_given != GivenOf(lex, p, keep_yo)) {
        keep_yo = !keep_yo;
        surname = internal::DecodeUtf8(other);
        given = internal::DecodeUtf8(other_given);
        patronymic = PatronymicOf(lex, p, keep_yo);
        surname_budget -= 1;
        continue;
      }
      variant = Variant::kSurnameTypo;
    }
    if (variant == Variant::kSurnameTypo && surname_budget > 0) {
      std::u32string candidate = surname;
      const int cost = internal::ApplyTypo(&candidate, rng);
      if (cost > 0 && cost <= surname_budget) {
        surname = std::move(candidate);
        surname_budget -= cost;
        continue;
      }
      variant = Variant::kGivenTypo;
    }
    if (variant == Variant::kSurnameOcr && surname_budget > 0) {
      surname_budget -= internal::ApplyOcrConfusion(&surname, rng);
      continue;
    }
    switch (variant) {
      case Variant::kGivenOcr:
        internal::ApplyOcrConfusion(&given, rng);
        break;
      case Variant::kNoPatronymic:
        patronymic.clear();
        break;
      case Variant::kInitials:
        initials = true;
        break;
      default:
        internal::ApplyTypo(&given, rng);
        break;
    }
  }
  b->surname.clear();
  internal::AppendUtf8(surname, &b->surname);
  b->given.clear();
  internal::AppendUtf8(given, &b->given);
  b->patronymic = patronymic;
  if (initials) {
    b->given = Initial(b->given);
    if (rng->Chance(0.5)) b->patronymic = Initial(b->patronymic);
  }
  RowNames names;
  names.surname = b->surname;
  names.given = b->given;
  names.patronymic = b->patronymic;
  return names;
}

// Another book's record of the same person: fewer details, a birth year that
// may be off by one, and a different memory book.
void PerturbDetails(Rng* rng, Person* p) {
  const double u = rng->Unit();
  if (p->birth_year != 0 && u < 0.15) {
    p->birth_year = static_cast<int16_t>(p->birth_year + (rng->Chance(0.5) ? 1 : -1));
  } else if (u < 0.27) {
    p->birth_year = 0;
    p->birth_year_comment = false;
  }
  auto drop = [rng](auto* field, auto empty) {
    if (rng->Chance(0.3)) *field = empty;
  };
  drop(&p->birth.style, PlaceStyle::kNone);
  drop(&p->live.style, PlaceStyle::kNone);
  drop(&p->nation, int8_t{-1});
  drop(&p->citizenship, int8_t{-1});
  drop(&p->occupation, int16_t{-1});
  drop(&p->education, int8_t{-1});
  drop(&p->party, int8_t{-1});
  drop(&p->family, int8_t{-1});
  drop(&p->arrest_organ, int8_t{-1});
  drop(&p->criminal_case, 0);
  drop(&p->judicial_organ, int8_t{-1});
  drop(&p->article, int8_t{-1});
  drop(&p->death_place, int8_t{-1});
  drop(&p->rehabilitation_organ, int8_t{-1});
  drop(&p->rehabilitation_reason, int8_t{-1});
  drop(&p->arrest, Date{});
  drop(&p->process, Date{});
  if (rng->Chance(0.2)) p->arrest.day = 0;
  p->name_variations = false;
  const auto books = static_cast<int8_t>(internal::GeneralBooks().size());
  if (p->book < 0) {
    p->book = static_cast<int8_t>(rng->Below(static_cast<uint32_t>(books)));
  } else if (rng->Chance(0.5)) {
    p->book = -1;
  } else {
    p->book =
        static_cast<int8_t>((p->book + 1 + rng->Below(static_cast<uint32_t>(books - 1))) % books);
  }
}

}  // namespace memoria::synth::internal
