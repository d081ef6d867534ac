#include "synth/generator.h"

#include <charconv>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "synth/internal/lexicon.h"
#include "synth/internal/moscow.h"
#include "synth/internal/person.h"
#include "synth/internal/rng.h"
#include "synth/internal/spelling.h"

namespace memoria::synth {
namespace {

using internal::Date;
using internal::Lexicon;
using internal::MixSeed;
using internal::Person;
using internal::Place;
using internal::PlaceStyle;
using internal::Region;
using internal::Rng;

constexpr std::string_view kHeader =
    "person_id\tsurname\tname\tpatronimic\tbirth_year\tbirth_year_comment\tage\tsex\t"
    "birth_place\tnation\tcitizenship\toccupation\tlive_place\teducation\tparty\tfamily\t"
    "arest_date\tarest_organ\tarest_type\tcriminal_case\tjudicial_organ\tprocess_date\t"
    "criminal_article\tsentence\twas_executed\tdeath_place\tdeath_date\tprevious_repression\t"
    "next_repression\trehabilitation_organ\trehabilitation_reason\trehabilitation_date\t"
    "all_name_variations\tname_variations\tsurname_variations\tpatronimic_variations\t"
    "fullname_variations\tmemory_book\tmemory_book_url\n";
constexpr std::string_view kTruthHeader = "person_id\tentity_id\n";
constexpr std::string_view kNone = "None";
constexpr std::string_view kVillageTypes[] = {"д. ", "с. ", "х. ", "пос. "};
constexpr size_t kFlushBytes = size_t{1} << 20;
constexpr int64_t kProgressEvery = 100000;
constexpr int64_t kMaxRows = int64_t{1} << 31;
constexpr uint64_t kAddressSalt = 0xadd7e55ULL;
// Share of Moscow addresses written with the Soviet street name, as the
// lists of the 1930s write them.
constexpr double kHistoricNameShare = 0.6;

uint32_t BuildingId(const internal::MoscowBuilding& b) {
  return (static_cast<uint32_t>(b.street) << 17) | (static_cast<uint32_t>(b.number) << 1) |
         (b.letter ? 1u : 0u);
}

void AppendInt(int64_t v, std::string* out) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, r.ptr);
}

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

// Organ names expanded for every region and district once, so that writing
// a row only copies strings.
struct ExpandedOrgans {
  // [era][organ][region * 4 + district]
  std::vector<std::vector<std::vector<std::string>>> arrest;
  std::vector<std::vector<std::vector<std::string>>> judicial;
  // [organ][region]
  std::vector<std::vector<std::string>> rehabilitation;
};

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

// The names a row shows; empty means "None".
struct RowNames {
  std::string_view surname;
  std::string_view given;
  std::string_view patronymic;
  std::string_view surname_variant;  // for the *_variations columns
  std::string_view full_variant;
};

// The most a row can take: every field is a few lexicon strings of at most a
// few hundred bytes.
constexpr size_t kMaxRowBytes = 16 * 1024;

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

// Scratch strings for one row's names, reused across rows.
struct NameBuffers {
  std::string surname;
  std::string given;
  std::string patronymic;
  std::string surname_variant;
  std::string full_variant;
};

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

Status Write(const char* data, size_t size, std::ostream* out) {
  out->write(data, static_cast<std::streamsize>(size));
  if (!out->good()) return DataLossError("synth: writing to the output stream failed");
  return Status::Ok();
}

// A fixed block the rows are written into.
struct Chunk {
  std::unique_ptr<char[]> data = std::make_unique<char[]>(kFlushBytes + kMaxRowBytes);
  size_t size = 0;
};

// Writes chunks to a stream on its own thread, so that the kernel's copying
// overlaps with generating the next chunk. Chunks are written in order.
class ChunkWriter {
 public:
  explicit ChunkWriter(std::ostream* out) : out_(out), thread_([this] { Run(); }) {}
  ChunkWriter(const ChunkWriter&) = delete;
  ChunkWriter& operator=(const ChunkWriter&) = delete;
  ~ChunkWriter() { Close().IgnoreError(); }

  // Waits for the previous chunk to be written, hands *chunk over and leaves
  // an empty chunk in its place.
  Status Submit(Chunk* chunk) {
    std::unique_lock<std::mutex> lock(mu_);
    idle_.wait(lock, [this] { return !pending_; });
    if (!status_.ok()) return status_;
    std::swap(*chunk, in_flight_);
    chunk->size = 0;
    pending_ = true;
    work_.notify_one();
    return Status::Ok();
  }

  // Writes what was submitted and stops the thread; returns the first error.
  Status Close() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    work_.notify_one();
    if (thread_.joinable()) thread_.join();
    return status_;
  }

 private:
  void Run() {
    std::unique_lock<std::mutex> lock(mu_);
    while (true) {
      work_.wait(lock, [this] { return pending_ || done_; });
      if (!pending_) return;
      // Submit() does not touch in_flight_ while pending_ is set.
      lock.unlock();
      Status written = Write(in_flight_.data.get(), in_flight_.size, out_);
      lock.lock();
      if (status_.ok()) status_ = std::move(written);
      pending_ = false;
      idle_.notify_one();
    }
  }

  std::ostream* const out_;
  std::mutex mu_;
  std::condition_variable work_;
  std::condition_variable idle_;
  Chunk in_flight_;
  bool pending_ = false;
  bool done_ = false;
  Status status_;
  std::thread thread_;  // last: starts after the members it uses
};

}  // namespace

Status GenerateCorpus(const GenerateOptions& options, std::ostream* tsv, std::ostream* truth,
                      std::ostream* buildings) {
  if (options.rows < 0 || options.rows > kMaxRows) {
    return InvalidArgumentError("synth: rows must be in [0, 2^31]");
  }
  if (!(options.duplicate_share >= 0.0 && options.duplicate_share <= 0.9)) {
    return InvalidArgumentError("synth: duplicate_share must be in [0, 0.9]");
  }
  if (options.first_person_id < 1 ||
      options.first_person_id > std::numeric_limits<int64_t>::max() - options.rows) {
    return InvalidArgumentError("synth: first_person_id must be positive");
  }
  if (tsv == nullptr) return InvalidArgumentError("synth: no output stream");
  if (!(options.moscow_address_share >= 0.0 && options.moscow_address_share <= 1.0)) {
    return InvalidArgumentError("synth: moscow_address_share must be in [0, 1]");
  }

  const Lexicon& lex = internal::GetLexicon();
  const ExpandedOrgans& organs = GetExpandedOrgans(lex);
  Rng rng(internal::MixSeed(options.seed, 0x5eed));
  std::vector<uint32_t> entity_first_row;  // row index of each entity's first record
  entity_first_row.reserve(static_cast<size_t>(std::ceil(static_cast<double>(options.rows) *
                                                         (1.0 - options.duplicate_share))) +
                           16);
  MEMORIA_RETURN_IF_ERROR(Write(kHeader.data(), kHeader.size(), tsv));
  ChunkWriter writer(tsv);
  Chunk chunk;
  char* end = chunk.data.get();
  std::string truth_buffer;
  if (truth != nullptr) truth_buffer.reserve(kFlushBytes + 64);
  NameBuffers names;
  std::string address;
  std::unordered_map<uint32_t, int64_t> residents;  // by BuildingId
  std::vector<internal::MoscowBuilding> building_order;

  if (truth != nullptr) truth_buffer.append(kTruthHeader);
  for (int64_t row = 0; row < options.rows; ++row) {
    const int64_t person_id = options.first_person_id + row;
    const bool duplicate = !entity_first_row.empty() && rng.Chance(options.duplicate_share);
    uint32_t entity;
    if (duplicate) {
      entity = rng.Below(static_cast<uint32_t>(entity_first_row.size()));
    } else {
      entity = static_cast<uint32_t>(entity_first_row.size());
      entity_first_row.push_back(static_cast<uint32_t>(row));
    }
    // Every record of an entity starts from the entity's own stream.
    Rng entity_rng(internal::MixSeed(options.seed, entity + 1));
    Person person = internal::MakePerson(lex, &entity_rng);
    // The Moscow address draws from streams of its own, so that the other
    // fields (and the truth file) are the same as without it.
    address.clear();
    internal::MoscowBuilding home;
    Rng home_rng(MixSeed(options.seed ^ kAddressSalt, entity + 1));
    if (home_rng.Chance(options.moscow_address_share)) {
      const internal::MoscowBuilding building = internal::DrawMoscowBuilding(&home_rng);
      const int flat = home_rng.Between(1, 120);
      Rng row_rng(MixSeed(options.seed ^ kAddressSalt, ~static_cast<uint64_t>(row)));
      const bool historic = row_rng.Chance(kHistoricNameShare);
      address = internal::MoscowAddress(building, flat, historic, row_rng.Below(4));
      home = building;
    }
    char* const row_begin = end;
    if (duplicate) {
      PerturbDetails(&rng, &person);
      end = WriteRow(lex, organs, person, VariantNames(lex, person, &rng, &names), person_id,
                     address, end);
    } else {
      end = WriteRow(lex, organs, person, OriginalNames(lex, person, &entity_rng, &names),
                     person_id, address, end);
    }
    if (!MEMORIA_ALWAYS(static_cast<size_t>(end - row_begin) < kMaxRowBytes)) {
      return InternalError("synth: a row outgrew its buffer");
    }
    // A record that drops its place (PerturbDetails) shows no building.
    if (buildings != nullptr && !address.empty() && person.live.style != PlaceStyle::kNone) {
      auto [it, added] = residents.try_emplace(BuildingId(home), 0);
      if (added) building_order.push_back(home);
      ++it->second;
    }
    if (truth != nullptr) {
      AppendInt(person_id, &truth_buffer);
      truth_buffer.push_back('\t');
      AppendInt(options.first_person_id + entity_first_row[entity], &truth_buffer);
      truth_buffer.push_back('\n');
      if (truth_buffer.size() >= kFlushBytes) {
        MEMORIA_RETURN_IF_ERROR(Write(truth_buffer.data(), truth_buffer.size(), truth));
        truth_buffer.clear();
      }
    }
    chunk.size = static_cast<size_t>(end - chunk.data.get());
    if (chunk.size >= kFlushBytes) {
      MEMORIA_RETURN_IF_ERROR(writer.Submit(&chunk));
      end = chunk.data.get();
    }
    if (options.progress && (row + 1) % kProgressEvery == 0) options.progress(row + 1);
  }
  MEMORIA_RETURN_IF_ERROR(writer.Submit(&chunk));
  MEMORIA_RETURN_IF_ERROR(writer.Close());
  tsv->flush();
  if (!tsv->good()) return DataLossError("synth: writing the corpus failed");
  if (truth != nullptr) {
    MEMORIA_RETURN_IF_ERROR(Write(truth_buffer.data(), truth_buffer.size(), truth));
    truth->flush();
    if (!truth->good()) return DataLossError("synth: writing the truth file failed");
  }
  if (buildings != nullptr) {
    std::string out = "street,house,records,longitude,latitude\n";
    char point[64];
    for (const internal::MoscowBuilding& b : building_order) {
      double lat = 0, lon = 0;
      internal::BuildingPoint(options.seed, b, &lat, &lon);
      out.append(internal::ListStreetName(internal::MoscowStreets()[b.street].modern, false));
      out.append(",д.").append(internal::HouseNumber(b)).push_back(',');
      AppendInt(residents[BuildingId(b)], &out);
      std::snprintf(point, sizeof point, ",%.6f,%.6f\n", lon, lat);
      out.append(point);
    }
    MEMORIA_RETURN_IF_ERROR(Write(out.data(), out.size(), buildings));
    buildings->flush();
    if (!buildings->good()) return DataLossError("synth: writing the buildings file failed");
  }
  return Status::Ok();
}

Status WriteStreetRenamings(std::ostream* csv) {
  if (csv == nullptr) return InvalidArgumentError("synth: no output stream");
  std::string out = "modern_name,old_name,both_names\n";
  for (const internal::MoscowStreet& s : internal::MoscowStreets()) {
    if (s.old.empty()) continue;
    out.append(s.modern).append(",").append(s.old).append(",");
    out.append(s.modern).append(" | ").append(s.old).append("\n");
  }
  MEMORIA_RETURN_IF_ERROR(Write(out.data(), out.size(), csv));
  csv->flush();
  if (!csv->good()) return DataLossError("synth: writing the renamings failed");
  return Status::Ok();
}

}  // namespace memoria::synth
