// WriteTransaction's calls for cases and the political-prisoners list
// (store/cases.h; schema version 8).
#include "store/internal/sealed_tables.h"
#include "store/internal/sqlite.h"
#include "store/write.h"

namespace memoria::store {

namespace {

// Slots of the store's statement cache, far above write.cc's own.
enum CaseSlot {
  kInsertCase = 200,
  kInsertArticle,
  kInsertInvolvement,
  kInsertDetention,
  kInsertStatus,
  kInsertAssessment,
  kInsertPublication,
  kInsertLink,
  kUpdateCase,
  kDeleteArticles,
  kStateCase,
  kStateArticles,
  kStateStatus,
  kStateAssessment,
  kStateDetention,
};

std::string_view StateName(RowState s) { return s == RowState::kDraft ? "draft" : "published"; }

Status CheckProvenance(const Provenance& p, std::string_view what) {
  if ((p.record_id == 0) == (p.claim_id == 0)) {
    return InvalidArgumentError(std::string(what) + " needs exactly one of a record and a claim");
  }
  return Status();
}

void BindDay(Statement* st, int i, const Edtf& date) {
  if (date.empty()) {
    st->BindNull(i);
  } else {
    st->Bind(i, static_cast<int64_t>(date.earliest_day()));
  }
}

Result<Edtf> ParseStored(std::string_view text) {
  if (text.empty()) return Edtf();
  Result<Edtf> e = Edtf::Parse(text);
  if (!e.ok()) return DataLossError("a stored date does not parse: " + std::string(text));
  return *e;
}

constexpr std::string_view kCaseColumns =
    "record_id, claim_id, title, case_group, region, court, investigator, opened, detained,"
    " detained_day, charged, verdict, verdict_day, appeal, released, restraint, sentence,"
    " sentence_months, sentence_kind, state, visibility";

void BindCase(Statement* st, const CaseFact& f) {
  st->BindIdOrNull(1, f.from.record_id).BindIdOrNull(2, f.from.claim_id);
  st->Bind(3, f.title).Bind(4, f.case_group).Bind(5, f.region).Bind(6, f.court);
  st->Bind(7, f.investigator).Bind(8, f.opened.ToString()).Bind(9, f.detained.ToString());
  BindDay(st, 10, f.detained);
  st->Bind(11, f.charged.ToString()).Bind(12, f.verdict.ToString());
  BindDay(st, 13, f.verdict);
  st->Bind(14, f.appeal.ToString()).Bind(15, f.released.ToString());
  st->Bind(16, f.restraint).Bind(17, f.sentence);
  if (f.sentence_months >= 0) {
    st->Bind(18, f.sentence_months);
  } else {
    st->BindNull(18);
  }
  st->Bind(19, f.sentence_kind).Bind(20, StateName(f.state));
  st->Bind(21, static_cast<int64_t>(f.visibility));
}

}  // namespace

Result<int64_t> WriteTransaction::AddCase(const CaseFact& f) {
  seal_extras_pending_ = true;  // a row of a sealed table may be confidential
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_RETURN_IF_ERROR(CheckProvenance(f.from, "a case"));
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(kInsertCase, "INSERT INTO cases(" + std::string(kCaseColumns) +
                                      ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
                                      " ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)"));
  BindCase(st, f);
  MEMORIA_RETURN_IF_ERROR(st->Run());
  const int64_t id = store_->db_->LastInsertRowId();
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * art,
      store_->Cached(kInsertArticle,
                     "INSERT INTO case_articles(case_id, position, country, code, code_version,"
                     " article, part, point, normal, text)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"));
  for (size_t i = 0; i < f.articles.size(); ++i) {
    MEMORIA_RETURN_IF_ERROR(Tick());
    const ArticleFact& a = f.articles[i];
    art->Reset();
    art->Bind(1, id).Bind(2, static_cast<int64_t>(i)).Bind(3, a.country).Bind(4, a.code);
    art->Bind(5, a.code_version).Bind(6, a.article).Bind(7, a.part).Bind(8, a.point);
    art->Bind(9, a.normal).Bind(10, a.text);
    MEMORIA_RETURN_IF_ERROR(art->Run());
  }
  return id;
}

Status WriteTransaction::UpdateCase(const CaseFact& f) {
  seal_extras_pending_ = true;  // a row of a sealed table may be confidential
  MEMORIA_RETURN_IF_ERROR(OpenSealedRow("cases", f.id));
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_RETURN_IF_ERROR(CheckProvenance(f.from, "a case"));
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(kUpdateCase,
                     "UPDATE cases SET record_id = ?1, claim_id = ?2, title = ?3, case_group = ?4,"
                     " region = ?5, court = ?6, investigator = ?7, opened = ?8, detained = ?9,"
                     " detained_day = ?10, charged = ?11, verdict = ?12, verdict_day = ?13,"
                     " appeal = ?14, released = ?15, restraint = ?16, sentence = ?17,"
                     " sentence_months = ?18, sentence_kind = ?19, state = ?20, visibility = ?21"
                     " WHERE id = ?22"));
  BindCase(st, f);
  st->Bind(22, f.id);
  MEMORIA_RETURN_IF_ERROR(st->Run());
  if (store_->db_->Changes() == 0) return NotFoundError("no case " + std::to_string(f.id));
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * del,
      store_->Cached(kDeleteArticles, "DELETE FROM case_articles WHERE case_id = ?1"));
  del->Bind(1, f.id);
  MEMORIA_RETURN_IF_ERROR(del->Run());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * art,
      store_->Cached(kInsertArticle,
                     "INSERT INTO case_articles(case_id, position, country, code, code_version,"
                     " article, part, point, normal, text)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"));
  for (size_t i = 0; i < f.articles.size(); ++i) {
    MEMORIA_RETURN_IF_ERROR(Tick());
    const ArticleFact& a = f.articles[i];
    art->Reset();
    art->Bind(1, f.id).Bind(2, static_cast<int64_t>(i)).Bind(3, a.country).Bind(4, a.code);
    art->Bind(5, a.code_version).Bind(6, a.article).Bind(7, a.part).Bind(8, a.point);
    art->Bind(9, a.normal).Bind(10, a.text);
    MEMORIA_RETURN_IF_ERROR(art->Run());
  }
  return Status();
}

Result<int64_t> WriteTransaction::AddInvolvement(const InvolvementFact& f) {
  seal_extras_pending_ = true;  // a row of a sealed table may be confidential
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_RETURN_IF_ERROR(CheckProvenance(f.from, "an involvement"));
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(kInsertInvolvement,
                     "INSERT INTO involvements(case_id, person_id, role, name, record_id,"
                     " claim_id, visibility) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  st->Bind(1, f.case_id).BindIdOrNull(2, f.person_id).Bind(3, f.role).Bind(4, f.name);
  st->BindIdOrNull(5, f.from.record_id).BindIdOrNull(6, f.from.claim_id);
  st->Bind(7, static_cast<int64_t>(f.visibility));
  MEMORIA_RETURN_IF_ERROR(st->Run());
  return store_->db_->LastInsertRowId();
}

Result<int64_t> WriteTransaction::AddDetention(const DetentionFact& f) {
  seal_extras_pending_ = true;  // a row of a sealed table may be confidential
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_RETURN_IF_ERROR(CheckProvenance(f.from, "a place of detention"));
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(kInsertDetention,
                     "INSERT INTO detentions(person_id, case_id, facility, address, date_from,"
                     " from_day, date_to, record_id, claim_id, visibility)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"));
  st->Bind(1, f.person_id).BindIdOrNull(2, f.case_id).Bind(3, f.facility).Bind(4, f.address);
  st->Bind(5, f.from_date.ToString());
  BindDay(st, 6, f.from_date);
  st->Bind(7, f.to_date.ToString());
  st->BindIdOrNull(8, f.from.record_id).BindIdOrNull(9, f.from.claim_id);
  st->Bind(10, static_cast<int64_t>(f.visibility));
  MEMORIA_RETURN_IF_ERROR(st->Run());
  return store_->db_->LastInsertRowId();
}

Result<int64_t> WriteTransaction::AddStatusChange(const StatusChangeFact& f) {
  seal_extras_pending_ = true;  // a row of a sealed table may be confidential
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_RETURN_IF_ERROR(CheckProvenance(f.from, "a status change"));
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(kInsertStatus,
                     "INSERT INTO status_changes(person_id, case_id, status, date, day, source,"
                     " state, record_id, claim_id, visibility)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"));
  st->Bind(1, f.person_id).BindIdOrNull(2, f.case_id).Bind(3, f.status);
  st->Bind(4, f.date.ToString());
  BindDay(st, 5, f.date);
  st->Bind(6, f.source).Bind(7, StateName(f.state));
  st->BindIdOrNull(8, f.from.record_id).BindIdOrNull(9, f.from.claim_id);
  st->Bind(10, static_cast<int64_t>(f.visibility));
  MEMORIA_RETURN_IF_ERROR(st->Run());
  return store_->db_->LastInsertRowId();
}

Result<int64_t> WriteTransaction::AddAssessment(const AssessmentFact& f) {
  seal_extras_pending_ = true;  // a row of a sealed table may be confidential
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_RETURN_IF_ERROR(CheckProvenance(f.from, "an assessment"));
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(kInsertAssessment,
                     "INSERT INTO assessments(person_id, case_id, organisation, list, verdict,"
                     " criteria, date, day, statement, statement_url, drafted_by, approved_by,"
                     " state, record_id, claim_id, visibility)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                     " ?15, ?16)"));
  st->Bind(1, f.person_id).BindIdOrNull(2, f.case_id).Bind(3, f.organisation).Bind(4, f.list);
  st->Bind(5, f.verdict).Bind(6, f.criteria).Bind(7, f.date.ToString());
  BindDay(st, 8, f.date);
  st->Bind(9, f.statement).Bind(10, f.statement_url).Bind(11, f.drafted_by);
  st->Bind(12, f.approved_by).Bind(13, StateName(f.state));
  st->BindIdOrNull(14, f.from.record_id).BindIdOrNull(15, f.from.claim_id);
  st->Bind(16, static_cast<int64_t>(f.visibility));
  MEMORIA_RETURN_IF_ERROR(st->Run());
  return store_->db_->LastInsertRowId();
}

Result<int64_t> WriteTransaction::AddPublication(const PublicationFact& f) {
  seal_extras_pending_ = true;  // a row of a sealed table may be confidential
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_RETURN_IF_ERROR(CheckProvenance(f.from, "a publication"));
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(kInsertPublication,
                     "INSERT INTO publications(kind, title, summary, body, date, day, url,"
                     " language, state, record_id, claim_id, visibility)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"));
  st->Bind(1, f.kind).Bind(2, f.title).Bind(3, f.summary).Bind(4, f.body);
  st->Bind(5, f.date.ToString());
  BindDay(st, 6, f.date);
  st->Bind(7, f.url).Bind(8, f.language).Bind(9, StateName(f.state));
  st->BindIdOrNull(10, f.from.record_id).BindIdOrNull(11, f.from.claim_id);
  st->Bind(12, static_cast<int64_t>(f.visibility));
  MEMORIA_RETURN_IF_ERROR(st->Run());
  return store_->db_->LastInsertRowId();
}

Status WriteTransaction::LinkPublication(int64_t publication_id, int64_t person_id,
                                         int64_t case_id) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      store_->Cached(kInsertLink,
                     "INSERT INTO publication_links(publication_id, person_id, case_id)"
                     " VALUES (?1, ?2, ?3)"));
  st->Bind(1, publication_id).BindIdOrNull(2, person_id).BindIdOrNull(3, case_id);
  return st->Run();
}

Result<WriteTransaction::PrisonerState> WriteTransaction::PrisonerStateOf(int64_t person_id) {
  MEMORIA_RETURN_IF_ERROR(Tick());
  PrisonerState out;
  {
    MEMORIA_ASSIGN_OR_RETURN(
        Statement * stp,
        store_->Cached(
            kStateCase,
            ExpandOpened("SELECT c.id, c.record_id, c.claim_id, OPENED(cases,title,c),"
                         " OPENED(cases,case_group,c), OPENED(cases,region,c),"
                         " OPENED(cases,court,c), OPENED(cases,investigator,c),"
                         " OPENED(cases,opened,c), OPENED(cases,detained,c),"
                         " OPENED(cases,charged,c), OPENED(cases,verdict,c),"
                         " OPENED(cases,appeal,c), OPENED(cases,released,c),"
                         " OPENED(cases,restraint,c), OPENED(cases,sentence,c),"
                         " OPENED(cases,sentence_months,c), OPENED(cases,sentence_kind,c),"
                         " c.state, c.visibility FROM cases c JOIN involvements i"
                         " ON i.case_id = c.id",
                         true) +
                " WHERE i.person_id = ?1 AND i.role = 'prosecuted'"
                " ORDER BY c.id DESC LIMIT 1"));
    Statement& st = *stp;
    st.Bind(1, person_id);
    MEMORIA_ASSIGN_OR_RETURN(bool found, st.Step());
    if (found) {
      CaseFact& f = out.case_fact;
      out.case_id = f.id = st.ColumnInt(0);
      f.from.record_id = st.ColumnInt(1);
      f.from.claim_id = st.ColumnInt(2);
      f.title = st.ColumnString(3);
      f.case_group = st.ColumnString(4);
      f.region = st.ColumnString(5);
      f.court = st.ColumnString(6);
      f.investigator = st.ColumnString(7);
      Edtf* dates[] = {&f.opened, &f.detained, &f.charged, &f.verdict, &f.appeal, &f.released};
      for (int i = 0; i < 6; ++i) {
        MEMORIA_ASSIGN_OR_RETURN(*dates[i], ParseStored(st.ColumnText(8 + i)));
      }
      f.restraint = st.ColumnString(14);
      f.sentence = st.ColumnString(15);
      f.sentence_months = st.ColumnIsNull(16) ? -1 : st.ColumnInt(16);
      f.sentence_kind = st.ColumnString(17);
      f.state = st.ColumnText(18) == "draft" ? RowState::kDraft : RowState::kPublished;
      const int64_t v = st.ColumnInt(19);
      f.visibility = v <= 0   ? Visibility::kPublic
                     : v == 1 ? Visibility::kRestricted
                              : Visibility::kConfidential;
    }
  }
  if (out.case_id != 0) {
    MEMORIA_ASSIGN_OR_RETURN(
        Statement * stp,
        store_->Cached(kStateArticles,
                       "SELECT country, code, code_version, article, part, point, normal,"
                       " text FROM case_articles WHERE case_id = ?1 ORDER BY position, id"));
    Statement& st = *stp;
    st.Bind(1, out.case_id);
    while (true) {
      MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      ArticleFact a;
      a.country = st.ColumnString(0);
      a.code = st.ColumnString(1);
      a.code_version = st.ColumnString(2);
      a.article = st.ColumnString(3);
      a.part = st.ColumnString(4);
      a.point = st.ColumnString(5);
      a.normal = st.ColumnString(6);
      a.text = st.ColumnString(7);
      out.case_fact.articles.push_back(std::move(a));
    }
  }
  auto newest = [&](int slot, std::string_view sql, std::string* a, std::string* b) -> Status {
    MEMORIA_ASSIGN_OR_RETURN(Statement * stp, store_->Cached(slot, sql));
    Statement& st = *stp;
    st.Bind(1, person_id);
    MEMORIA_ASSIGN_OR_RETURN(bool found, st.Step());
    if (found) {
      *a = st.ColumnString(0);
      *b = st.ColumnString(1);
    }
    return Status();
  };
  MEMORIA_RETURN_IF_ERROR(newest(kStateStatus,
                                 ExpandOpened("SELECT f.status, OPENED(status_changes,date,f)"
                                              " FROM status_changes f WHERE f.person_id = ?1"
                                              " ORDER BY coalesce(OPENED(status_changes,day,f),"
                                              " 0) DESC, f.id DESC LIMIT 1",
                                              true),
                                 &out.status, &out.status_date));
  MEMORIA_RETURN_IF_ERROR(newest(kStateAssessment,
                                 ExpandOpened("SELECT f.verdict, OPENED(assessments,date,f)"
                                              " FROM assessments f WHERE f.person_id = ?1"
                                              " ORDER BY coalesce(OPENED(assessments,day,f), 0)"
                                              " DESC, f.id DESC LIMIT 1",
                                              true),
                                 &out.assessment, &out.assessment_date));
  MEMORIA_RETURN_IF_ERROR(newest(kStateDetention,
                                 ExpandOpened("SELECT OPENED(detentions,facility,f),"
                                              " OPENED(detentions,address,f) FROM detentions f"
                                              " WHERE f.person_id = ?1 ORDER BY"
                                              " coalesce(OPENED(detentions,from_day,f), 0) DESC,"
                                              " f.id DESC LIMIT 1",
                                              true),
                                 &out.facility, &out.address));
  return out;
}

Result<std::vector<WriteTransaction::NamedPerson>> WriteTransaction::CasePersonsNames() {
  MEMORIA_RETURN_IF_ERROR(Tick());
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      store_->db_->Prepare("SELECT n.person_id, n.surname, n.given FROM names n"
                           " WHERE n.person_id IN (SELECT person_id FROM status_changes"
                           " UNION SELECT person_id FROM assessments)"
                           " ORDER BY n.person_id, n.id"));
  std::vector<NamedPerson> out;
  while (true) {
    MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back({st.ColumnInt(0), st.ColumnString(1), st.ColumnString(2)});
  }
  return out;
}

}  // namespace memoria::store
