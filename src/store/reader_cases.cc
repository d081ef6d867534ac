// CasesReader (store/cases.h): the political-prisoners list, a prisoner's
// card, the feed of changes and the publications, read through the
// visible_* views of the Reader's ceiling only.
#include <algorithm>
#include <unordered_map>

#include "store/cases.h"
#include "store/internal/reader_util.h"
#include "store/internal/sqlite.h"
#include "store/reader.h"

namespace memoria::store {

using namespace reader_internal;  // NOLINT: this module's own helpers

namespace {

RowState ToState(std::string_view s) {
  return s == "draft" ? RowState::kDraft : RowState::kPublished;
}

Result<Edtf> StoredDate(std::string_view text) {
  if (text.empty()) return Edtf();
  Result<Edtf> e = Edtf::Parse(text);
  if (!e.ok()) return DataLossError("a stored date does not parse: " + std::string(text));
  return *e;
}

// The persons who may be on the list: a status change or an assessment in
// the tables. Rows read for them through the views are kept only when a
// visible status change or assessment is found for the person (the views
// are not joined to each other: each is read once, in person order).
constexpr std::string_view kListed =
    "(SELECT person_id FROM main.status_changes UNION"
    " SELECT person_id FROM main.assessments)";

}  // namespace

Result<std::vector<PrisonerRow>> CasesReader::Prisoners() {
  std::vector<PrisonerRow> rows;
  std::unordered_map<int64_t, size_t> at;
  auto row_of = [&](int64_t person) -> PrisonerRow* {
    auto it = at.find(person);
    return it == at.end() ? nullptr : &rows[it->second];
  };
  {
    MEMORIA_ASSIGN_OR_RETURN(
        Statement st,
        reader_->Prepare("SELECT n.person_id, n.surname, n.given, n.patronymic FROM visible_names n"
                         " WHERE n.kind = 'main' AND n.person_id IN " +
                         std::string(kListed) + " ORDER BY n.person_id, n.id"));
    MEMORIA_RETURN_IF_ERROR(EachRow(&st, [&](Statement& s) {
      const int64_t id = s.ColumnInt(0);
      if (at.contains(id)) return Status();
      at.emplace(id, rows.size());
      PrisonerRow r;
      r.person_id = id;
      r.surname = s.ColumnString(1);
      r.given = s.ColumnString(2);
      r.patronymic = s.ColumnString(3);
      rows.push_back(std::move(r));
      return Status();
    }));
  }
  auto history = [&](std::string_view sql, bool status) -> Status {
    MEMORIA_ASSIGN_OR_RETURN(Statement st, reader_->Prepare(sql));
    return EachRow(&st, [&](Statement& s) {
      PrisonerRow* r = row_of(s.ColumnInt(1));
      if (r == nullptr) return Status();  // a person without a main name
      DatedValue v{s.ColumnInt(0), s.ColumnString(2), s.ColumnString(3),
                   static_cast<int32_t>(s.ColumnInt(4))};
      (status ? r->statuses : r->assessments).push_back(std::move(v));
      return Status();
    });
  };
  MEMORIA_RETURN_IF_ERROR(
      history("SELECT id, person_id, status, date, coalesce(day, 0) FROM visible_status_changes"
              " ORDER BY person_id, coalesce(day, 0), id",
              true));
  MEMORIA_RETURN_IF_ERROR(
      history("SELECT id, person_id, verdict, date, coalesce(day, 0) FROM visible_assessments"
              " ORDER BY person_id, coalesce(day, 0), id",
              false));
  {
    MEMORIA_ASSIGN_OR_RETURN(
        Statement st,
        reader_->Prepare("SELECT e.person_id, e.date FROM visible_events e"
                         " WHERE e.type = 'birth' AND e.date <> '' AND e.person_id IN " +
                         std::string(kListed) +
                         " ORDER BY e.person_id, e.date_min DESC, e.id DESC"));
    MEMORIA_RETURN_IF_ERROR(EachRow(&st, [&](Statement& s) {
      if (PrisonerRow* r = row_of(s.ColumnInt(0))) r->birth = s.ColumnString(1);  // earliest last
      return Status();
    }));
  }
  {
    MEMORIA_ASSIGN_OR_RETURN(
        Statement st, reader_->Prepare("SELECT a.person_id, a.value FROM visible_attributes a"
                                       " WHERE a.kind = 'sex' AND a.person_id IN " +
                                       std::string(kListed) + " ORDER BY a.person_id, a.id DESC"));
    MEMORIA_RETURN_IF_ERROR(EachRow(&st, [&](Statement& s) {
      if (PrisonerRow* r = row_of(s.ColumnInt(0))) r->sex = s.ColumnString(1);
      return Status();
    }));
  }
  std::unordered_map<int64_t, std::vector<std::string>> articles;
  {
    MEMORIA_ASSIGN_OR_RETURN(Statement st,
                             reader_->Prepare("SELECT case_id, normal FROM visible_case_articles"
                                              " ORDER BY case_id, position, id"));
    MEMORIA_RETURN_IF_ERROR(EachRow(&st, [&](Statement& s) {
      articles[s.ColumnInt(0)].push_back(s.ColumnString(1));
      return Status();
    }));
  }
  {
    struct CaseRow {
      std::string region, case_group, detained, sentence;
      int32_t detained_day = 0;
      int64_t sentence_months = -1;
    };
    std::unordered_map<int64_t, CaseRow> case_rows;
    MEMORIA_ASSIGN_OR_RETURN(
        Statement cs,
        reader_->Prepare("SELECT id, region, case_group, detained, coalesce(detained_day, 0),"
                         " coalesce(sentence_months, -1), sentence FROM visible_cases"));
    MEMORIA_RETURN_IF_ERROR(EachRow(&cs, [&](Statement& s) {
      case_rows[s.ColumnInt(0)] = CaseRow{s.ColumnString(1),
                                          s.ColumnString(2),
                                          s.ColumnString(3),
                                          s.ColumnString(6),
                                          static_cast<int32_t>(s.ColumnInt(4)),
                                          s.ColumnInt(5)};
      return Status();
    }));
    MEMORIA_ASSIGN_OR_RETURN(
        Statement st, reader_->Prepare("SELECT person_id, case_id FROM visible_involvements"
                                       " WHERE role = 'prosecuted' ORDER BY person_id, case_id"));
    MEMORIA_RETURN_IF_ERROR(EachRow(&st, [&](Statement& s) {
      PrisonerRow* r = row_of(s.ColumnInt(0));
      auto c = case_rows.find(s.ColumnInt(1));
      if (r == nullptr || c == case_rows.end()) return Status();
      // The newest case (by detention day, then id) wins.
      if (r->case_id != 0 &&
          (c->second.detained_day < r->detained_day ||
           (c->second.detained_day == r->detained_day && c->first < r->case_id))) {
        return Status();
      }
      r->case_id = c->first;
      r->region = c->second.region;
      r->case_group = c->second.case_group;
      r->detained = c->second.detained;
      r->detained_day = c->second.detained_day;
      r->sentence_months = c->second.sentence_months;
      r->sentence = c->second.sentence;
      auto it = articles.find(r->case_id);
      r->articles = it == articles.end() ? std::vector<std::string>{} : it->second;
      return Status();
    }));
  }
  {
    MEMORIA_ASSIGN_OR_RETURN(
        Statement st, reader_->Prepare("SELECT person_id, facility, address FROM visible_detentions"
                                       " ORDER BY person_id, coalesce(from_day, 0), id"));
    MEMORIA_RETURN_IF_ERROR(EachRow(&st, [&](Statement& s) {
      if (PrisonerRow* r = row_of(s.ColumnInt(0))) {
        r->facility = s.ColumnString(1);
        r->address = s.ColumnString(2);
      }
      return Status();
    }));
  }
  // Names came in person order, so rows are by person id. A person whose
  // status changes and assessments are all hidden is not on the list.
  std::erase_if(rows,
                [](const PrisonerRow& r) { return r.statuses.empty() && r.assessments.empty(); });
  return rows;
}

Result<bool> CasesReader::HasCard(int64_t person_id) {
  // Kept prepared: every person page asks.
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      reader_->Cached(kHasCard,
                      "SELECT EXISTS (SELECT 1 FROM visible_status_changes WHERE person_id = ?1)"
                      " OR EXISTS (SELECT 1 FROM visible_assessments WHERE person_id = ?1)"
                      " OR EXISTS (SELECT 1 FROM visible_involvements i JOIN visible_cases c"
                      " ON c.id = i.case_id WHERE i.person_id = ?1 AND i.role = 'prosecuted')"
                      " OR EXISTS (SELECT 1 FROM visible_publication_links WHERE person_id = ?1)"));
  st->Bind(1, person_id);
  bool card = false;
  MEMORIA_RETURN_IF_ERROR(EachRow(st, [&](Statement& row) {
    card = row.ColumnInt(0) != 0;
    return Status();
  }));
  return card;
}

Result<PrisonerCard> CasesReader::Card(int64_t person_id) {
  PrisonerCard card;
  card.person_id = person_id;
  {
    MEMORIA_ASSIGN_OR_RETURN(
        Statement st,
        reader_->Prepare(
            "SELECT c.id, c.record_id, c.claim_id, c.title, c.case_group, c.region, c.court,"
            " c.investigator, c.opened, c.detained, c.charged, c.verdict, c.appeal, c.released,"
            " c.restraint, c.sentence, coalesce(c.sentence_months, -1), c.sentence_kind,"
            " c.state, c.visibility FROM visible_cases c WHERE c.id IN (SELECT case_id FROM"
            " visible_involvements WHERE person_id = ?1 AND role = 'prosecuted')"
            " ORDER BY coalesce(c.detained_day, 0), c.id"));
    st.Bind(1, person_id);
    MEMORIA_RETURN_IF_ERROR(EachRow(&st, [&](Statement& s) {
      CaseView v;
      CaseFact& f = v.fact;
      f.id = s.ColumnInt(0);
      f.from = {s.ColumnInt(1), s.ColumnInt(2)};
      f.title = s.ColumnString(3);
      f.case_group = s.ColumnString(4);
      f.region = s.ColumnString(5);
      f.court = s.ColumnString(6);
      f.investigator = s.ColumnString(7);
      Edtf* dates[] = {&f.opened, &f.detained, &f.charged, &f.verdict, &f.appeal, &f.released};
      for (int i = 0; i < 6; ++i) {
        MEMORIA_ASSIGN_OR_RETURN(*dates[i], StoredDate(s.ColumnText(8 + i)));
      }
      f.restraint = s.ColumnString(14);
      f.sentence = s.ColumnString(15);
      f.sentence_months = s.ColumnInt(16);
      f.sentence_kind = s.ColumnString(17);
      f.state = ToState(s.ColumnText(18));
      f.visibility = ToVisibility(s.ColumnInt(19));
      card.cases.push_back(std::move(v));
      return Status();
    }));
  }
  for (CaseView& v : card.cases) {
    MEMORIA_ASSIGN_OR_RETURN(
        Statement st,
        reader_->Prepare("SELECT country, code, code_version, article, part, point, normal, text"
                         " FROM visible_case_articles WHERE case_id = ?1 ORDER BY position, id"));
    st.Bind(1, v.fact.id);
    MEMORIA_RETURN_IF_ERROR(EachRow(&st, [&](Statement& s) {
      v.fact.articles.push_back({s.ColumnString(0), s.ColumnString(1), s.ColumnString(2),
                                 s.ColumnString(3), s.ColumnString(4), s.ColumnString(5),
                                 s.ColumnString(6), s.ColumnString(7)});
      return Status();
    }));
    MEMORIA_ASSIGN_OR_RETURN(
        Statement inv,
        reader_->Prepare(
            "SELECT i.id, i.person_id, i.role, CASE WHEN i.name <> '' THEN i.name ELSE"
            " coalesce((SELECT trim(n.surname || ' ' || n.given || ' ' || n.patronymic)"
            " FROM visible_names n WHERE n.person_id = i.person_id AND n.kind = 'main'"
            " ORDER BY n.id LIMIT 1), '') END, i.record_id, i.claim_id, i.visibility"
            " FROM visible_involvements i WHERE i.case_id = ?1 ORDER BY i.id"));
    inv.Bind(1, v.fact.id);
    MEMORIA_RETURN_IF_ERROR(EachRow(&inv, [&](Statement& s) {
      InvolvementFact f;
      f.id = s.ColumnInt(0);
      f.case_id = v.fact.id;
      f.person_id = s.ColumnInt(1);
      f.role = s.ColumnString(2);
      f.name = s.ColumnString(3);
      f.from = {s.ColumnInt(4), s.ColumnInt(5)};
      f.visibility = ToVisibility(s.ColumnInt(6));
      v.involvements.push_back(std::move(f));
      return Status();
    }));
  }
  {
    MEMORIA_ASSIGN_OR_RETURN(
        Statement st,
        reader_->Prepare("SELECT id, coalesce(case_id, 0), facility, address, date_from, date_to,"
                         " record_id, claim_id, visibility FROM visible_detentions"
                         " WHERE person_id = ?1 ORDER BY coalesce(from_day, 0), id"));
    st.Bind(1, person_id);
    MEMORIA_RETURN_IF_ERROR(EachRow(&st, [&](Statement& s) {
      DetentionFact f;
      f.id = s.ColumnInt(0);
      f.person_id = person_id;
      f.case_id = s.ColumnInt(1);
      f.facility = s.ColumnString(2);
      f.address = s.ColumnString(3);
      MEMORIA_ASSIGN_OR_RETURN(f.from_date, StoredDate(s.ColumnText(4)));
      MEMORIA_ASSIGN_OR_RETURN(f.to_date, StoredDate(s.ColumnText(5)));
      f.from = {s.ColumnInt(6), s.ColumnInt(7)};
      f.visibility = ToVisibility(s.ColumnInt(8));
      card.detentions.push_back(std::move(f));
      return Status();
    }));
  }
  {
    MEMORIA_ASSIGN_OR_RETURN(
        Statement st,
        reader_->Prepare("SELECT id, coalesce(case_id, 0), status, date, source, state,"
                         " record_id, claim_id, visibility FROM visible_status_changes"
                         " WHERE person_id = ?1 ORDER BY coalesce(day, 0), id"));
    st.Bind(1, person_id);
    MEMORIA_RETURN_IF_ERROR(EachRow(&st, [&](Statement& s) {
      StatusChangeFact f;
      f.id = s.ColumnInt(0);
      f.person_id = person_id;
      f.case_id = s.ColumnInt(1);
      f.status = s.ColumnString(2);
      MEMORIA_ASSIGN_OR_RETURN(f.date, StoredDate(s.ColumnText(3)));
      f.source = s.ColumnString(4);
      f.state = ToState(s.ColumnText(5));
      f.from = {s.ColumnInt(6), s.ColumnInt(7)};
      f.visibility = ToVisibility(s.ColumnInt(8));
      card.statuses.push_back(std::move(f));
      return Status();
    }));
  }
  {
    MEMORIA_ASSIGN_OR_RETURN(
        Statement st,
        reader_->Prepare("SELECT id, coalesce(case_id, 0), organisation, list, verdict, criteria,"
                         " date, statement, statement_url, drafted_by, approved_by, state,"
                         " record_id, claim_id, visibility FROM visible_assessments"
                         " WHERE person_id = ?1 ORDER BY coalesce(day, 0), id"));
    st.Bind(1, person_id);
    MEMORIA_RETURN_IF_ERROR(EachRow(&st, [&](Statement& s) {
      AssessmentFact f;
      f.id = s.ColumnInt(0);
      f.person_id = person_id;
      f.case_id = s.ColumnInt(1);
      f.organisation = s.ColumnString(2);
      f.list = s.ColumnString(3);
      f.verdict = s.ColumnString(4);
      f.criteria = s.ColumnString(5);
      MEMORIA_ASSIGN_OR_RETURN(f.date, StoredDate(s.ColumnText(6)));
      f.statement = s.ColumnString(7);
      f.statement_url = s.ColumnString(8);
      f.drafted_by = s.ColumnString(9);
      f.approved_by = s.ColumnString(10);
      f.state = ToState(s.ColumnText(11));
      f.from = {s.ColumnInt(12), s.ColumnInt(13)};
      f.visibility = ToVisibility(s.ColumnInt(14));
      card.assessments.push_back(std::move(f));
      return Status();
    }));
  }
  {
    MEMORIA_ASSIGN_OR_RETURN(
        Statement st,
        reader_->Prepare("SELECT DISTINCT publication_id FROM visible_publication_links"
                         " WHERE person_id = ?1 OR case_id IN (SELECT case_id FROM"
                         " visible_involvements WHERE person_id = ?1)"));
    st.Bind(1, person_id);
    std::vector<int64_t> ids;
    MEMORIA_RETURN_IF_ERROR(EachRow(&st, [&](Statement& s) {
      ids.push_back(s.ColumnInt(0));
      return Status();
    }));
    for (int64_t id : ids) {
      MEMORIA_ASSIGN_OR_RETURN(PublicationRow p, Publication(id));
      card.publications.push_back(std::move(p));
    }
    std::sort(card.publications.begin(), card.publications.end(),
              [](const PublicationRow& a, const PublicationRow& b) {
                const int32_t da = a.fact.date.empty() ? 0 : a.fact.date.earliest_day();
                const int32_t db = b.fact.date.empty() ? 0 : b.fact.date.earliest_day();
                return da != db ? da > db : a.fact.id > b.fact.id;
              });
  }
  if (card.cases.empty() && card.statuses.empty() && card.assessments.empty() &&
      card.publications.empty()) {
    return NotFoundError("no prisoner " + std::to_string(person_id));
  }
  // A confidential case, detention, status or assessment read at the
  // confidential ceiling is a confidential read of the person, audited by
  // the website like the person page's (Reader::TakeConfidentialReads).
  auto confidential = [](const auto& facts) {
    return std::any_of(facts.begin(), facts.end(), [](const auto& f) {
      if constexpr (requires { f.fact; }) {
        return f.fact.visibility == Visibility::kConfidential ||
               std::any_of(f.involvements.begin(), f.involvements.end(),
                           [](const auto& i) { return i.visibility == Visibility::kConfidential; });
      } else {
        return f.visibility == Visibility::kConfidential;
      }
    });
  };
  if (reader_->ceiling() == Visibility::kConfidential &&
      (confidential(card.cases) || confidential(card.detentions) || confidential(card.statuses) ||
       confidential(card.assessments))) {
    reader_->confidential_reads_.push_back(person_id);
  }
  return card;
}

Result<std::vector<ChangeEntry>> CasesReader::Changes(int64_t limit) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      reader_->Prepare(
          "SELECT x.kind, x.id, x.person_id, n.surname, n.given, n.patronymic, x.value, x.date,"
          " x.day, x.statement, x.visibility FROM ("
          " SELECT 'status' AS kind, id, person_id, status AS value, date, coalesce(day, 0) AS day,"
          " '' AS statement, visibility FROM visible_status_changes UNION ALL"
          " SELECT 'assessment', id, person_id, verdict, date, coalesce(day, 0), statement,"
          " visibility FROM visible_assessments) x"
          " JOIN visible_names n ON n.id = (SELECT min(m.id) FROM visible_names m"
          " WHERE m.person_id = x.person_id AND m.kind = 'main')"
          " ORDER BY x.day DESC, x.kind, x.id DESC LIMIT ?1"));
  st.Bind(1, limit);
  std::vector<ChangeEntry> out;
  MEMORIA_RETURN_IF_ERROR(EachRow(&st, [&](Statement& s) {
    ChangeEntry e;
    e.kind = s.ColumnString(0);
    e.id = s.ColumnInt(1);
    e.person_id = s.ColumnInt(2);
    e.surname = s.ColumnString(3);
    e.given = s.ColumnString(4);
    e.patronymic = s.ColumnString(5);
    e.value = s.ColumnString(6);
    e.date = s.ColumnString(7);
    e.day = static_cast<int32_t>(s.ColumnInt(8));
    e.statement = s.ColumnString(9);
    if (s.ColumnInt(10) == static_cast<int64_t>(Visibility::kConfidential) &&
        reader_->ceiling() == Visibility::kConfidential) {
      reader_->confidential_reads_.push_back(e.person_id);
    }
    out.push_back(std::move(e));
    return Status();
  }));
  // The feed names its persons: a confidential person or name read at the
  // confidential ceiling is audited like the person page.
  for (const ChangeEntry& e : out) {
    MEMORIA_RETURN_IF_ERROR(reader_->NoteConfidentialRead(e.person_id));
  }
  return out;
}

namespace {

constexpr std::string_view kPublicationColumns =
    "id, kind, title, summary, body, date, url, language, state, record_id, claim_id, visibility";

Result<PublicationFact> ReadPublication(Statement& s) {
  PublicationFact f;
  f.id = s.ColumnInt(0);
  f.kind = s.ColumnString(1);
  f.title = s.ColumnString(2);
  f.summary = s.ColumnString(3);
  f.body = s.ColumnString(4);
  MEMORIA_ASSIGN_OR_RETURN(f.date, StoredDate(s.ColumnText(5)));
  f.url = s.ColumnString(6);
  f.language = s.ColumnString(7);
  f.state = ToState(s.ColumnText(8));
  f.from = {s.ColumnInt(9), s.ColumnInt(10)};
  f.visibility = ToVisibility(s.ColumnInt(11));
  return f;
}

}  // namespace

Result<std::vector<PublicationRow>> CasesReader::Publications(std::string_view kind, int64_t offset,
                                                              int64_t limit) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      reader_->Prepare("SELECT " + std::string(kPublicationColumns) +
                       " FROM visible_publications WHERE (?1 = '' OR kind = ?1)"
                       " ORDER BY coalesce(day, 0) DESC, id DESC LIMIT ?2 OFFSET ?3"));
  st.Bind(1, kind).Bind(2, limit).Bind(3, offset);
  std::vector<PublicationRow> out;
  MEMORIA_RETURN_IF_ERROR(EachRow(&st, [&](Statement& s) {
    MEMORIA_ASSIGN_OR_RETURN(PublicationFact f, ReadPublication(s));
    out.push_back(PublicationRow{std::move(f), {}});
    return Status();
  }));
  MEMORIA_ASSIGN_OR_RETURN(
      Statement links,
      reader_->Prepare("SELECT person_id FROM visible_publication_links"
                       " WHERE publication_id = ?1 AND person_id IS NOT NULL ORDER BY id"));
  for (PublicationRow& p : out) {
    links.Reset();
    links.Bind(1, p.fact.id);
    MEMORIA_RETURN_IF_ERROR(EachRow(&links, [&](Statement& s) {
      p.persons.push_back(s.ColumnInt(0));
      return Status();
    }));
  }
  return out;
}

Result<int64_t> CasesReader::CountPublications(std::string_view kind) {
  MEMORIA_ASSIGN_OR_RETURN(
      Statement st,
      reader_->Prepare("SELECT count(*) FROM visible_publications WHERE (?1 = '' OR kind = ?1)"));
  st.Bind(1, kind);
  MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.ColumnInt(0) : 0;
}

Result<PublicationRow> CasesReader::Publication(int64_t id) {
  MEMORIA_ASSIGN_OR_RETURN(Statement st,
                           reader_->Prepare("SELECT " + std::string(kPublicationColumns) +
                                            " FROM visible_publications WHERE id = ?1"));
  st.Bind(1, id);
  MEMORIA_ASSIGN_OR_RETURN(bool found, st.Step());
  if (!found) return NotFoundError("no publication " + std::to_string(id));
  MEMORIA_ASSIGN_OR_RETURN(PublicationFact f, ReadPublication(st));
  PublicationRow row{std::move(f), {}};
  MEMORIA_ASSIGN_OR_RETURN(
      Statement links,
      reader_->Prepare("SELECT person_id FROM visible_publication_links"
                       " WHERE publication_id = ?1 AND person_id IS NOT NULL ORDER BY id"));
  links.Bind(1, id);
  MEMORIA_RETURN_IF_ERROR(EachRow(&links, [&](Statement& s) {
    row.persons.push_back(s.ColumnInt(0));
    return Status();
  }));
  return row;
}

}  // namespace memoria::store
