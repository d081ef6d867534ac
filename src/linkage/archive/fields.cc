// The archive linker's fields, blocking passes, records and model
// (linkage/archive/internal/fields.h).
#include "linkage/archive/internal/fields.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace memoria::linkage {

// The fields compared: the names, the birth (date, and place through the
// place parser), the dates of arrest, sentence and execution or death, the
// residence, occupation and nationality. Namesakes born in the same year
// are common in the lists (Иванов Иван Иванович, 1900); what tells them
// apart is mostly the other events: two people are rarely arrested on the
// same day, and one person's records rarely give two different days. A
// field no record has is missing everywhere and weighs nothing. The dates
// of arrest, sentence and death are weighed by how frequent the day is: a
// troika sentenced hundreds on one day, and agreeing on that day says less.
std::vector<FieldSpec> ArchiveFields() {
  return {
      {"given", FieldKind::kName, true},
      {"surname", FieldKind::kName, true},
      {"patronymic", FieldKind::kName, true},
      {"birth", FieldKind::kDate, false, /*veto=*/true},
      {"locality", FieldKind::kPlace, true, /*veto=*/true},
      {"arrest", FieldKind::kDate, true, /*veto=*/false, /*contradicts=*/true},
      {"sentence", FieldKind::kDate, true, /*veto=*/false, /*contradicts=*/true},
      {"death", FieldKind::kDate, true, /*veto=*/false, /*contradicts=*/true},
      {"residence", FieldKind::kPlace, true, /*veto=*/false, /*contradicts=*/true},
      {"occupation", FieldKind::kString, false},
      {"nationality", FieldKind::kString, false},
  };
}

// Candidate pairs: the surname's phonetic key with the given name's
// initial; the surname with the birth year (+-1); given name and
// patronymic with the birth year, or with the surname's initial (a
// misspelt surname); the day of arrest, sentence or death with the
// surname's initial (names written differently, no birth year). Blocks of more
// than ArchiveLinkOptions::max_block records (Иванов И., Кузнецов 1900) are
// compared by sorted neighbourhood, "neighbourhood" records on, instead of
// skipped.
std::vector<BlockingPass> ArchivePasses() {
  return {
      {BlockingKey::kSurnameGivenInitial, ""},
      {BlockingKey::kSurnameBirthYear, ""},
      {BlockingKey::kGivenPatronymicBirthYear, ""},
      {BlockingKey::kAttributeSurnameInitial, "arrest"},
      {BlockingKey::kGivenPatronymicSurnameInitial, ""},
      {BlockingKey::kAttributeSurnameInitial, "sentence"},
      {BlockingKey::kAttributeSurnameInitial, "death"},
  };
}

// An event's date as the comparators read it: EDTF when the store has one,
// the text as written otherwise ("_.5.1938").
namespace {

std::string DateOf(const store::EventFact& e) {
  return !e.date.empty() ? e.date.ToString() : e.date_text;
}

}  // namespace

// One linkage record per person: its first main name, its first birth
// (date and place), its first arrest, sentence, execution or death, its
// first residence, occupation and nationality; the source of its first
// record.
Record RecordOf(const store::PersonView& p) {
  Record r;
  r.id = std::to_string(p.id);
  r.source = p.records.empty() ? 0 : static_cast<int>(p.records.front().source_id);
  const store::NameFact* name = p.MainName();
  if (name != nullptr) {
    r.surname = name->surname;
    r.given = name->given;
    r.patronymic = name->patronymic;
  }
  bool birth = false, death = false, arrest = false, sentence = false;
  for (const store::EventFact& e : p.events) {
    if (e.type == "birth" && !birth) {
      birth = true;
      r.birth = e.date;
      r.birth_text = !e.date_text.empty() ? e.date_text : e.date.ToString();
      r.locality = e.place;
    } else if ((e.type == "execution" || e.type == "death") && !death && !DateOf(e).empty()) {
      death = true;
      r.attributes.emplace_back("death", DateOf(e));
    } else if (e.type == "arrest" && !arrest && !DateOf(e).empty()) {
      arrest = true;
      r.attributes.emplace_back("arrest", DateOf(e));
    } else if (e.type == "sentence" && !sentence && !DateOf(e).empty()) {
      sentence = true;
      r.attributes.emplace_back("sentence", DateOf(e));
    }
  }
  for (std::string_view kind : {"residence", "occupation", "nationality"}) {
    for (const store::AttributeFact& a : p.attributes) {
      if (a.kind == kind) {
        r.attributes.emplace_back(std::string(kind), a.value);
        break;
      }
    }
  }
  return r;
}

namespace {

// Floors of the m probabilities (EstimateArchiveModel).
constexpr double kMinM = 0.001;
constexpr double kMaxNameDisagree = 0.05;

// How often the same person's two records agree on a field of this kind,
// by level (disagree, weak, close, exact): spelling variants, initials,
// approximate years and missing precision, as the lists have them.
std::array<double, kLevels> PriorM(FieldKind kind) {
  switch (kind) {
    case FieldKind::kName:
      return {0.02, 0.10, 0.18, 0.70};
    case FieldKind::kDate:
      return {0.05, 0.10, 0.25, 0.60};
    default:
      return {0.15, 0.05, 0.10, 0.70};
  }
}

}  // namespace

// The model of an archive. In a deduplication of a large archive only a
// few candidate pairs in a thousand are the same person, and EM over all of
// them finds some other split (every pair one class). So m is trained as
// Splink does, on subsets where matches are common, each field on a subset
// not chosen by that field: the pairs whose names and birth date agree
// train the other fields, those whose names and arrest date agree the
// birth date; the pairs whose birth date agrees exactly train the names.
// u stays at its random-pair estimate. Then p, the share of matches among
// all candidates, is estimated with m and u held.
Model EstimateArchiveModel(const std::vector<FieldSpec>& specs, const std::vector<int8_t>& levels,
                           const std::vector<std::array<double, kLevels>>& u, const EmOptions& em) {
  const size_t fields = specs.size();
  const size_t n = fields == 0 ? 0 : levels.size() / fields;
  auto index = [&](std::string_view name) {
    for (size_t f = 0; f < fields; ++f) {
      if (specs[f].name == name) return f;
    }
    return fields;
  };
  const size_t given = index("given"), surname = index("surname"), birth = index("birth");
  const size_t arrest = index("arrest");
  // One training subset: the rows where "keep" holds, with the fields in
  // "blind" made missing (they chose the subset, so they say nothing).
  auto train = [&](const std::function<bool(const int8_t*)>& keep,
                   const std::vector<size_t>& blind) {
    std::vector<int8_t> subset;
    for (size_t k = 0; k < n; ++k) {
      const int8_t* row = levels.data() + k * fields;
      if (!keep(row)) continue;
      const size_t at = subset.size();
      subset.insert(subset.end(), row, row + fields);
      for (size_t f : blind) subset[at + f] = kMissing;
    }
    return EstimateEm(fields, subset, u, em);
  };
  const Model by_names =
      train([&](const int8_t* r) { return r[given] >= kClose && r[surname] >= kClose; },
            {given, surname});
  const Model by_birth = train([&](const int8_t* r) { return r[birth] == kExact; }, {birth});
  // In a large archive the pairs that agree on both names are mostly
  // namesakes, and EM over them takes a namesake's different village or
  // birth year for a clerical slip. So the other fields learn from pairs
  // that agree on both names and on a field that namesakes rarely share:
  // the exact birth date, or (for the birth date itself) the exact arrest
  // date. Namesakes are rare in these subsets at any size.
  auto names_and = [&](size_t field) {
    if (field >= fields) return by_names;
    return train(
        [&](const int8_t* r) {
          return r[given] >= kClose && r[surname] >= kClose && r[field] == kExact;
        },
        {given, surname, field});
  };
  const Model by_names_and_birth = names_and(birth);
  const Model by_names_and_arrest = names_and(arrest);
  std::vector<FieldParams> params(fields);
  for (size_t f = 0; f < fields; ++f) {
    const bool name = specs[f].kind == FieldKind::kName;
    params[f].m = name         ? by_birth.fields()[f].m
                  : f == birth ? by_names_and_arrest.fields()[f].m
                               : by_names_and_birth.fields()[f].m;
    params[f].u = u[f];
    // When a subset holds (nearly) no matches (an archive linked before),
    // EM splits it on something else, and its "matches" disagree on the
    // very field: a field whose matches do not mostly agree takes the
    // prior instead.
    if (params[f].m[kExact] + params[f].m[kClose] < 0.5) {
      params[f].m = PriorM(specs[f].kind);
    }
    // The training subsets hold few records that disagree, and EM gives
    // their levels next to nothing: a single differing occupation would
    // veto a link (-30 bits). Real lists have clerical slips: every level
    // keeps at least kMinM of the matches, and a name disagrees for at
    // most kMaxNameDisagree of them (so a disagreeing name weighs at least
    // about -4 bits; the training subset chosen by birth holds namesakes).
    auto& m = params[f].m;
    if (name) m[kDisagree] = std::min(m[kDisagree], kMaxNameDisagree);
    double sum = 0;
    for (double& x : m) sum += (x = std::max(x, kMinM));
    for (double& x : m) x /= sum;
  }
  FieldM m(fields);
  for (size_t f = 0; f < fields; ++f) m[f] = params[f].m;
  return ArchiveModelWithM(m, u, levels);
}

Model ArchiveModelWithM(const FieldM& m, const std::vector<std::array<double, kLevels>>& u,
                        const std::vector<int8_t>& levels) {
  const size_t fields = m.size();
  const size_t n = fields == 0 ? 0 : levels.size() / fields;
  std::vector<FieldParams> params(fields);
  for (size_t f = 0; f < fields; ++f) {
    params[f].m = m[f];
    params[f].u = u[f];
  }
  // p by EM with m and u held: the mean posterior over the candidates.
  const auto patterns = CountPatterns(fields, levels);
  Model model(0.01, params);
  for (int i = 0; i < 100 && n > 0; ++i) {
    double expected = 0;
    for (const auto& [pattern, count] : patterns) {
      double w = 0;
      for (size_t f = 0; f < fields; ++f) w += model.FieldWeight(f, pattern[f]);
      expected += count * model.Probability(w);
    }
    const double p = std::clamp(expected / static_cast<double>(n), 1e-6, 0.5);
    const bool settled = std::abs(p - model.p()) < 1e-7;
    model = Model(p, params);
    if (settled) break;
  }
  return model;
}

namespace {

constexpr std::string_view kModelFormat = "memoria-link-model-1";

}  // namespace

std::string ModelJson(const std::vector<FieldSpec>& specs, const Model& model,
                      std::string_view when) {
  nlohmann::json fields = nlohmann::json::array();
  for (size_t f = 0; f < specs.size() && f < model.fields().size(); ++f) {
    const auto& m = model.fields()[f].m;
    fields.push_back({{"field", specs[f].name}, {"m", {m[0], m[1], m[2], m[3]}}});
  }
  const nlohmann::json j = {
      {"format", kModelFormat}, {"when", when}, {"p", model.p()}, {"fields", fields}};
  return j.dump();
}

std::optional<FieldM> StoredM(const std::vector<FieldSpec>& specs, std::string_view json,
                              std::string* when) {
  const nlohmann::json j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || j.value("format", "") != kModelFormat) return std::nullopt;
  const auto fields = j.find("fields");
  if (fields == j.end() || !fields->is_array() || fields->size() != specs.size()) {
    return std::nullopt;
  }
  FieldM m(specs.size());
  for (size_t f = 0; f < specs.size(); ++f) {
    const nlohmann::json& field = (*fields)[f];
    if (!field.is_object() || field.value("field", "") != specs[f].name) return std::nullopt;
    const auto levels = field.find("m");
    if (levels == field.end() || !levels->is_array() ||
        levels->size() != static_cast<size_t>(kLevels)) {
      return std::nullopt;
    }
    double sum = 0;
    for (size_t l = 0; l < static_cast<size_t>(kLevels); ++l) {
      const nlohmann::json& x = (*levels)[l];
      if (!x.is_number() || !(x.get<double>() > 0) || x.get<double>() > 1) return std::nullopt;
      sum += m[f][l] = x.get<double>();
    }
    if (std::abs(sum - 1) > 1e-6) return std::nullopt;
  }
  if (when != nullptr) *when = j.value("when", "");
  return m;
}

}  // namespace memoria::linkage
