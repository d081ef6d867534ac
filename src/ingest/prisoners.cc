// The prisoners profile: a political-prisoners list as CSV, one row per
// person (docs/formats/prisoners.md). A row makes a person (names, birth,
// sex), a case with its articles, the person's involvement as prosecuted,
// a place of detention, a dated status and a dated assessment. A newer
// export of the same list (same ids, imported with --append-to) adds only
// what changed: a status or an assessment that differs from the person's
// newest one is a new dated change; a new place of detention is added; the
// case takes the newer row's facts. An unknown status or assessment value
// refuses the whole file, naming the line.
#include <filesystem>
#include <map>

#include "cases/cases.h"
#include "core/edtf.h"
#include "core/text.h"
#include "ingest/internal/context.h"
#include "names/names.h"

namespace memoria::ingest::internal {

namespace {

constexpr std::string_view kRequired[] = {
    "id",         "name",        "birth_date",   "gender",          "region",    "articles",
    "case_group", "detained",    "verdict_date", "sentence",        "facility",  "facility_address",
    "status",     "status_date", "assessment",   "assessment_date", "statement", "statement_url"};

// Column positions by name (the header may name them in any order).
struct Columns {
  std::map<std::string, size_t, std::less<>> at;
  std::string_view Get(const std::vector<std::string_view>& f, std::string_view name) const {
    auto it = at.find(name);
    if (it == at.end() || it->second >= f.size()) return {};
    std::string_view v = f[it->second];
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r')) {
      v.remove_suffix(1);
    }
    return v;
  }
};

// An EDTF date ("2021-01-23", "2021-01", "2021") or a day as Russian
// lists write it ("23.01.2021").
Result<Edtf> ReadDate(std::string_view text, std::string_view column) {
  if (text.empty()) return Edtf();
  Result<Edtf> e = Edtf::Parse(text);
  if (e.ok()) return *e;
  e = EdtfFromMemorialDate(text);
  if (e.ok()) return *e;
  return InvalidArgumentError("column " + std::string(column) + ": '" + std::string(text) +
                              "' is not a date (EDTF such as 2021-01-23, or 23.01.2021)");
}

struct Row {
  std::string_view id;
  names::FullName name;
  Edtf birth, detained, verdict, status_date, assessment_date;
  std::vector<store::ArticleFact> articles;
  cases::Sentence sentence;
};

std::string Joined(const std::vector<store::ArticleFact>& a) {
  std::string out;
  for (const store::ArticleFact& x : a) out += x.normal + ";";
  return out;
}

}  // namespace

Status ImportPrisoners(FileContext* ctx, const std::string& path) {
  MEMORIA_ASSIGN_OR_RETURN(auto reader, OpenTable(path, CsvOptions::Csv()));
  MEMORIA_ASSIGN_OR_RETURN(std::vector<std::string> header, ReadHeader(reader.get(), path));
  Columns cols;
  for (size_t i = 0; i < header.size(); ++i) cols.at.emplace(header[i], i);
  for (std::string_view want : kRequired) {
    if (!cols.at.contains(want)) {
      return InvalidArgumentError(path + ": line 1: the column '" + std::string(want) +
                                  "' is missing (profile prisoners, docs/formats/prisoners.md)");
    }
  }
  const std::string file = std::filesystem::path(path).filename().string();
  store::SourceInfo source;
  source.key = "prisoners:" + file;
  source.title = "Political prisoners: " + file;
  source.profile = "prisoners";
  MEMORIA_RETURN_IF_ERROR(ctx->Begin(source, path));
  if (ctx->skipped()) return Status();
  store::WriteTransaction* tx = ctx->tx();

  MEMORIA_RETURN_IF_ERROR(ForEachRow(
      ctx, reader.get(), path, header.size(),
      [&](int64_t line, const std::vector<std::string_view>& f) -> Status {
        // Controlled values first: an unknown one refuses the file.
        const std::string_view status = cols.Get(f, "status");
        const std::string_view assessment = cols.Get(f, "assessment");
        if (!status.empty() && !cases::IsStatus(status)) {
          return InvalidArgumentError(
              path + ": line " + std::to_string(line) + ": unknown status '" + std::string(status) +
              "' (expected detained, house_arrest, restricted, sentenced, in_custody, released, "
              "emigrated, died or unknown); nothing was imported");
        }
        if (!assessment.empty() && !cases::IsAssessment(assessment)) {
          return InvalidArgumentError(
              path + ": line " + std::to_string(line) + ": unknown assessment '" +
              std::string(assessment) +
              "' (expected political_prisoner, politically_persecuted, under_review or "
              "not_included); nothing was imported");
        }
        Row r;
        r.id = cols.Get(f, "id");
        if (r.id.empty()) {
          ctx->Reject(line, "column id is empty");
          return Status();
        }
        r.name = names::SplitFullName(cols.Get(f, "name"));
        if (r.name.surname.empty()) {
          ctx->Reject(line, "column name is empty");
          return Status();
        }
        struct DateField {
          std::string_view column;
          Edtf* out;
        };
        for (DateField d :
             {DateField{"birth_date", &r.birth}, DateField{"detained", &r.detained},
              DateField{"verdict_date", &r.verdict}, DateField{"status_date", &r.status_date},
              DateField{"assessment_date", &r.assessment_date}}) {
          Result<Edtf> e = ReadDate(cols.Get(f, d.column), d.column);
          if (!e.ok()) {
            ctx->Reject(line, e.status().message());
            return Status();
          }
          *d.out = *e;
        }
        Result<std::vector<store::ArticleFact>> articles =
            cases::ParseArticles(cols.Get(f, "articles"));
        if (!articles.ok()) {
          ctx->Reject(line, "column articles: " + articles.status().message());
          return Status();
        }
        r.articles = std::move(*articles);
        r.sentence = cases::ParseSentence(cols.Get(f, "sentence"));

        MEMORIA_ASSIGN_OR_RETURN(int64_t record, ctx->AddRecord(line, r.id, header, f));
        if (record == 0) return Status();  // this very row was imported before
        const store::Provenance from{record, 0};
        MEMORIA_ASSIGN_OR_RETURN(int64_t person,
                                 tx->FindPersonByExternalId(ctx->source_id(), r.id));
        store::WriteTransaction::PrisonerState state;
        if (person == 0) {
          MEMORIA_ASSIGN_OR_RETURN(person, ctx->NewPerson(record));
          MEMORIA_RETURN_IF_ERROR(
              ctx->Name(person, record, "main", r.name.surname, r.name.given, r.name.patronymic));
          if (!r.birth.empty()) {
            store::EventFact e;
            e.person_id = person;
            e.record_id = record;
            e.type = "birth";
            e.date = r.birth;
            e.date_text = std::string(cols.Get(f, "birth_date"));
            MEMORIA_RETURN_IF_ERROR(ctx->Event(std::move(e)));
          }
          MEMORIA_RETURN_IF_ERROR(ctx->Attribute(person, record, "sex", cols.Get(f, "gender")));
        } else {
          MEMORIA_RETURN_IF_ERROR(tx->LinkRecord(person, record, "source-id"));
          MEMORIA_ASSIGN_OR_RETURN(state, tx->PrisonerStateOf(person));
        }

        store::CaseFact c;
        c.from = from;
        c.case_group = std::string(cols.Get(f, "case_group"));
        c.region = std::string(cols.Get(f, "region"));
        c.detained = r.detained;
        c.verdict = r.verdict;
        c.sentence = std::string(cols.Get(f, "sentence"));
        c.sentence_months = r.sentence.months;
        c.sentence_kind = r.sentence.kind;
        c.articles = r.articles;
        int64_t case_id = state.case_id;
        if (case_id == 0) {
          MEMORIA_ASSIGN_OR_RETURN(case_id, tx->AddCase(c));
          store::InvolvementFact inv;
          inv.case_id = case_id;
          inv.person_id = person;
          inv.role = "prosecuted";
          inv.from = from;
          MEMORIA_RETURN_IF_ERROR(tx->AddInvolvement(inv).status());
        } else {
          const store::CaseFact& old = state.case_fact;
          if (old.case_group != c.case_group || old.region != c.region ||
              !(old.detained == c.detained) || !(old.verdict == c.verdict) ||
              old.sentence != c.sentence || Joined(old.articles) != Joined(c.articles)) {
            c.id = case_id;
            c.title = old.title;
            c.court = old.court;
            c.investigator = old.investigator;
            c.opened = old.opened;
            c.charged = old.charged;
            c.appeal = old.appeal;
            c.released = old.released;
            c.restraint = old.restraint;
            c.state = old.state;
            c.visibility = old.visibility;
            MEMORIA_RETURN_IF_ERROR(tx->UpdateCase(c));
          }
        }
        const std::string_view facility = cols.Get(f, "facility");
        const std::string_view address = cols.Get(f, "facility_address");
        if (!facility.empty() && (facility != state.facility || address != state.address)) {
          store::DetentionFact d;
          d.person_id = person;
          d.case_id = case_id;
          d.facility = std::string(facility);
          d.address = std::string(address);
          d.from_date = state.case_id == 0 ? r.detained : r.status_date;
          d.from = from;
          MEMORIA_RETURN_IF_ERROR(tx->AddDetention(d).status());
        }
        if (!status.empty() &&
            (status != state.status || r.status_date.ToString() != state.status_date)) {
          store::StatusChangeFact s;
          s.person_id = person;
          s.case_id = case_id;
          s.status = std::string(status);
          s.date = r.status_date;
          s.source = source.key;
          s.from = from;
          MEMORIA_RETURN_IF_ERROR(tx->AddStatusChange(s).status());
        }
        if (!assessment.empty() && (assessment != state.assessment ||
                                    r.assessment_date.ToString() != state.assessment_date)) {
          store::AssessmentFact a;
          a.person_id = person;
          a.case_id = case_id;
          a.organisation = "Memorial";
          a.list = "political prisoners";
          a.verdict = std::string(assessment);
          a.criteria = "PACE Resolution 1900 (2012)";
          a.date = r.assessment_date;
          a.statement = std::string(cols.Get(f, "statement"));
          a.statement_url = std::string(cols.Get(f, "statement_url"));
          a.from = from;
          MEMORIA_RETURN_IF_ERROR(tx->AddAssessment(a).status());
        }
        return Status();
      }));
  return ctx->Finish();
}

}  // namespace memoria::ingest::internal
