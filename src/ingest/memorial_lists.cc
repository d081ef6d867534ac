// The memorial-lists profile: the TSV of Memorial's full victims database.
// See docs/formats/memorial-lists.md for the columns.
#include <array>
#include <charconv>
#include <filesystem>
#include <unordered_map>

#include "core/text.h"
#include "ingest/internal/context.h"
#include "names/names.h"

namespace memoria::ingest::internal {

namespace {

enum Column {
  kPersonId, kSurname, kName, kPatronimic, kBirthYear, kBirthYearComment, kAge, kSex,
  kBirthPlace, kNation, kCitizenship, kOccupation, kLivePlace, kEducation, kParty, kFamily,
  kArestDate, kArestOrgan, kArestType, kCriminalCase, kJudicialOrgan, kProcessDate,
  kCriminalArticle, kSentence, kWasExecuted, kDeathPlace, kDeathDate, kPreviousRepression,
  kNextRepression, kRehabilitationOrgan, kRehabilitationReason, kRehabilitationDate,
  kAllNameVariations, kNameVariations, kSurnameVariations, kPatronimicVariations,
  kFullnameVariations, kMemoryBook, kMemoryBookUrl, kColumnCount
};

constexpr std::array<std::string_view, kColumnCount> kColumnNames = {
    "person_id", "surname", "name", "patronimic", "birth_year", "birth_year_comment", "age",
    "sex", "birth_place", "nation", "citizenship", "occupation", "live_place", "education",
    "party", "family", "arest_date", "arest_organ", "arest_type", "criminal_case",
    "judicial_organ", "process_date", "criminal_article", "sentence", "was_executed",
    "death_place", "death_date", "previous_repression", "next_repression",
    "rehabilitation_organ", "rehabilitation_reason", "rehabilitation_date",
    "all_name_variations", "name_variations", "surname_variations", "patronimic_variations",
    "fullname_variations", "memory_book", "memory_book_url"};

// Which file column holds each known column (-1: absent).
using ColumnMap = std::array<int, kColumnCount>;

Result<ColumnMap> MapHeader(const std::vector<std::string>& header, const std::string& path) {
  ColumnMap map;
  map.fill(-1);
  for (size_t i = 0; i < header.size(); ++i) {
    int found = -1;
    for (int c = 0; c < kColumnCount; ++c) {
      if (header[i] == kColumnNames[c]) found = c;
    }
    if (found < 0) {
      return InvalidArgumentError(path + ": line 1: unknown column '" + header[i] +
                                  "' for profile memorial-lists (see docs/formats/"
                                  "memorial-lists.md)");
    }
    if (map[found] >= 0) {
      return InvalidArgumentError(path + ": line 1: column '" + header[i] + "' appears twice");
    }
    map[found] = static_cast<int>(i);
  }
  for (int c : {kPersonId, kSurname, kName, kPatronimic}) {
    if (map[c] < 0) {
      return InvalidArgumentError(path + ": line 1: required column '" +
                                  std::string(kColumnNames[c]) + "' is missing");
    }
  }
  return map;
}

// A parsed row, checked in full before anything is written.
struct Row {
  std::array<std::string_view, kColumnCount> v{};
  Edtf birth, arrest, trial, death, rehabilitation;
};

bool IsNone(std::string_view s) { return s.empty() || s == "None"; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

Status ParseDate(std::string_view text, Column column, Edtf* out) {
  if (IsNone(text)) return Status();
  Result<Edtf> d = EdtfFromMemorialDate(text);
  if (!d.ok()) {
    return InvalidArgumentError("column " + std::string(kColumnNames[column]) +
                                ": unparseable date '" + std::string(text) + "'");
  }
  *out = *d;
  return Status();
}

Status ParseBirthYear(std::string_view text, Edtf* out) {
  if (IsNone(text)) return Status();
  int year = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (ec == std::errc() && p == text.data() + text.size() && year >= 1000 && year <= 2100) {
    Result<Edtf> d = Edtf::Parse(text);
    if (d.ok()) {
      *out = *d;
      return Status();
    }
  }
  Result<Edtf> d = EdtfFromRussianText(text);
  if (!d.ok()) {
    return InvalidArgumentError("column birth_year: unparseable year '" + std::string(text) + "'");
  }
  *out = *d;
  return Status();
}

Status ParseRow(const ColumnMap& map, const std::vector<std::string_view>& fields, Row* row) {
  for (int c = 0; c < kColumnCount; ++c) {
    if (map[c] < 0) continue;
    std::string_view f = Trim(fields[map[c]]);
    row->v[c] = IsNone(f) ? std::string_view() : f;
  }
  if (row->v[kPersonId].empty()) return InvalidArgumentError("column person_id is empty");
  if (row->v[kSurname].empty() && row->v[kName].empty()) {
    return InvalidArgumentError("no surname and no given name");
  }
  MEMORIA_RETURN_IF_ERROR(ParseBirthYear(row->v[kBirthYear], &row->birth));
  MEMORIA_RETURN_IF_ERROR(ParseDate(row->v[kArestDate], kArestDate, &row->arrest));
  MEMORIA_RETURN_IF_ERROR(ParseDate(row->v[kProcessDate], kProcessDate, &row->trial));
  MEMORIA_RETURN_IF_ERROR(ParseDate(row->v[kDeathDate], kDeathDate, &row->death));
  MEMORIA_RETURN_IF_ERROR(
      ParseDate(row->v[kRehabilitationDate], kRehabilitationDate, &row->rehabilitation));
  std::string_view executed = row->v[kWasExecuted];
  if (!executed.empty() && executed != "T" && executed != "F") {
    return InvalidArgumentError("column was_executed: expected T or F, found '" +
                                std::string(executed) + "'");
  }
  return Status();
}

// Splits a variations field on ';' and ','.
std::vector<std::string_view> SplitList(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ';' || s[i] == ',') {
      std::string_view piece = Trim(s.substr(start, i - start));
      if (!piece.empty()) out.push_back(piece);
      start = i + 1;
    }
  }
  return out;
}

Status WriteFacts(FileContext* ctx, int64_t person, int64_t record, const Row& r) {
  const auto& v = r.v;
  MEMORIA_RETURN_IF_ERROR(
      ctx->Name(person, record, "main", v[kSurname], v[kName], v[kPatronimic]));
  for (std::string_view full : SplitList(v[kFullnameVariations])) {
    names::FullName n = names::SplitFullName(full);
    MEMORIA_RETURN_IF_ERROR(ctx->Name(person, record, "variant", n.surname, n.given, n.patronymic));
  }
  for (std::string_view s : SplitList(v[kSurnameVariations])) {
    MEMORIA_RETURN_IF_ERROR(ctx->Name(person, record, "variant", s, v[kName], v[kPatronimic]));
  }
  for (std::string_view s : SplitList(v[kNameVariations])) {
    MEMORIA_RETURN_IF_ERROR(ctx->Name(person, record, "variant", v[kSurname], s, v[kPatronimic]));
  }
  for (std::string_view s : SplitList(v[kPatronimicVariations])) {
    MEMORIA_RETURN_IF_ERROR(ctx->Name(person, record, "variant", v[kSurname], v[kName], s));
  }

  auto event = [&](const char* type, const Edtf& date, std::string_view date_text) {
    store::EventFact e;
    e.person_id = person;
    e.record_id = record;
    e.type = type;
    e.date = date;
    e.date_text = std::string(date_text);
    return e;
  };
  if (!r.birth.empty() || !v[kBirthPlace].empty() || !v[kBirthYearComment].empty()) {
    store::EventFact e = event("birth", r.birth, v[kBirthYear]);
    e.place = std::string(v[kBirthPlace]);
    e.note = std::string(v[kBirthYearComment]);
    MEMORIA_RETURN_IF_ERROR(ctx->Event(std::move(e)));
  }
  if (!r.arrest.empty() || !v[kArestOrgan].empty() || !v[kArestType].empty()) {
    store::EventFact e = event("arrest", r.arrest, v[kArestDate]);
    e.body = std::string(v[kArestOrgan]);
    e.note = std::string(v[kArestType]);
    MEMORIA_RETURN_IF_ERROR(ctx->Event(std::move(e)));
  }
  if (!r.trial.empty() || !v[kJudicialOrgan].empty() || !v[kSentence].empty() ||
      !v[kCriminalArticle].empty()) {
    store::EventFact e = event("sentence", r.trial, v[kProcessDate]);
    e.body = std::string(v[kJudicialOrgan]);
    e.article = std::string(v[kCriminalArticle]);
    e.sentence = std::string(v[kSentence]);
    e.note = std::string(v[kCriminalCase]);
    MEMORIA_RETURN_IF_ERROR(ctx->Event(std::move(e)));
  }
  bool executed = v[kWasExecuted] == "T";
  if (executed || !r.death.empty() || !v[kDeathPlace].empty()) {
    store::EventFact e = event(executed ? "execution" : "death", r.death, v[kDeathDate]);
    e.place = std::string(v[kDeathPlace]);
    MEMORIA_RETURN_IF_ERROR(ctx->Event(std::move(e)));
  }
  if (!r.rehabilitation.empty() || !v[kRehabilitationOrgan].empty() ||
      !v[kRehabilitationReason].empty()) {
    store::EventFact e = event("rehabilitation", r.rehabilitation, v[kRehabilitationDate]);
    e.body = std::string(v[kRehabilitationOrgan]);
    e.note = std::string(v[kRehabilitationReason]);
    MEMORIA_RETURN_IF_ERROR(ctx->Event(std::move(e)));
  }
  static constexpr std::pair<Column, const char*> kAttributes[] = {
      {kSex, "sex"},
      {kAge, "age_at_arrest"},
      {kNation, "nationality"},
      {kCitizenship, "citizenship"},
      {kOccupation, "occupation"},
      {kLivePlace, "residence"},
      {kEducation, "education"},
      {kParty, "party"},
      {kFamily, "family"},
      {kPreviousRepression, "previous_repression"},
      {kNextRepression, "next_repression"},
      {kMemoryBook, "memory_book"},
  };
  for (const auto& [column, kind] : kAttributes) {
    MEMORIA_RETURN_IF_ERROR(ctx->Attribute(person, record, kind, v[column]));
  }
  return Status();
}

}  // namespace

Status ImportMemorialLists(FileContext* ctx, const std::string& path) {
  MEMORIA_ASSIGN_OR_RETURN(auto reader, OpenTable(path, CsvOptions::Tsv()));
  MEMORIA_ASSIGN_OR_RETURN(std::vector<std::string> header, ReadHeader(reader.get(), path));
  MEMORIA_ASSIGN_OR_RETURN(ColumnMap map, MapHeader(header, path));

  store::SourceInfo source;
  source.key = "memorial-lists:" + std::filesystem::path(path).filename().string();
  source.title = "Memorial victims database: " + std::filesystem::path(path).filename().string();
  source.profile = "memorial-lists";
  MEMORIA_RETURN_IF_ERROR(ctx->Begin(source, path));

  MEMORIA_RETURN_IF_ERROR(ForEachRow(
      ctx, reader.get(), path, header.size(),
      [&](int64_t line, const std::vector<std::string_view>& fields) -> Status {
        Row row;
        Status parsed = ParseRow(map, fields, &row);
        if (!parsed.ok()) {
          ctx->Reject(line, parsed.message());
          return Status();
        }
        MEMORIA_ASSIGN_OR_RETURN(int64_t record,
                                 ctx->AddRecord(line, row.v[kPersonId], header, fields));
        if (record == 0) return Status();  // the source already holds this row
        MEMORIA_ASSIGN_OR_RETURN(int64_t person, ctx->NewPerson(record));
        return WriteFacts(ctx, person, record, row);
      }));
  return ctx->Finish();
}

}  // namespace memoria::ingest::internal
