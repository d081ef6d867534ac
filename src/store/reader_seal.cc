// Sealed values on the read path (docs/formats/keys.md): a Reader opens the
// sealed values of what it shows with the archive's key, or shows them as
// kLockedValue without it; and at the confidential ceiling it notes every
// person whose confidential values it handed out, for the audit of
// confidential reads (Reader::TakeConfidentialReads).
#include <sodium.h>

#include <tuple>

#include "store/internal/reader_util.h"
#include "store/internal/record_dictionary.h"
#include "store/internal/sqlite.h"
#include "store/internal/views.h"
#include "store/reader.h"
#include "store/record_codec.h"

namespace memoria::store {

Status Reader::OpenSealedValues(PersonView* person) {
  const int64_t id = person->id;
  for (NameFact& n : person->names) {
    if (!n.locked) continue;
    std::string* parts[] = {&n.surname, &n.given, &n.patronymic};
    const char* columns[] = {"surname", "given", "patronymic"};
    for (int i = 0; i < 3; ++i) {
      MEMORIA_ASSIGN_OR_RETURN(*parts[i], store_->OpenSealed("names", n.id, columns[i]));
    }
    n.locked = !store_->Unlocked();
  }
  for (EventFact& e : person->events) {
    if (!e.locked) continue;
    MEMORIA_ASSIGN_OR_RETURN(std::string date, store_->OpenSealed("events", e.id, "date"));
    if (store_->Unlocked()) {
      MEMORIA_RETURN_IF_ERROR(reader_internal::ReadEventDate(date, e.id, &e.date));
    }
    std::pair<std::string*, const char*> columns[] = {
        {&e.date_text, "date_text"}, {&e.place, "place"},       {&e.body, "body"},
        {&e.article, "article"},     {&e.sentence, "sentence"}, {&e.note, "note"}};
    for (auto& [field, column] : columns) {
      MEMORIA_ASSIGN_OR_RETURN(*field, store_->OpenSealed("events", e.id, column));
    }
    e.locked = !store_->Unlocked();
  }
  for (AttributeFact& a : person->attributes) {
    if (!a.locked) continue;
    MEMORIA_ASSIGN_OR_RETURN(a.value, store_->OpenSealed("attributes", a.id, "value"));
    a.locked = !store_->Unlocked();
  }
  for (RecordView& r : person->records) {
    if (!r.locked) continue;
    if (!store_->Unlocked()) {
      r.raw = std::string(kLockedValue);
      continue;
    }
    MEMORIA_ASSIGN_OR_RETURN(std::string packed, store_->OpenSealed("records", r.id, "packed"));
    MEMORIA_ASSIGN_OR_RETURN(std::string raw, store_->OpenSealed("records", r.id, "raw"));
    if (packed.empty()) {
      r.raw = std::move(raw);
    } else {
      MEMORIA_ASSIGN_OR_RETURN(
          Statement layout,
          store_->db()->Prepare("SELECT l.columns FROM records r"
                                " JOIN record_layouts l ON l.id = r.layout_id WHERE r.id = ?1"));
      layout.Bind(1, r.id);
      MEMORIA_ASSIGN_OR_RETURN(bool found, layout.Step());
      if (!found) return DataLossError("sealed record " + std::to_string(r.id) + " has no layout");
      std::string scratch;
      MEMORIA_RETURN_IF_ERROR(
          PackedRecordJson(store_->record_dicts(), layout.ColumnText(0), packed, &scratch, &r.raw)
              .Annotate("record " + std::to_string(r.id)));
    }
    r.locked = false;
  }
  (void)id;
  return Status();
}

bool Reader::Unlocked() const { return store_->Unlocked(); }

Status Reader::ForEachSealedName(const std::function<void(const IndexedName&)>& fn) {
  if (!store_->Unlocked()) return Status();
  std::vector<std::tuple<int64_t, int64_t, bool>> rows;  // name id, person id, main
  {
    MEMORIA_ASSIGN_OR_RETURN(Statement st,
                             store_->db()->Prepare(ForCeiling(
                                 "SELECT n.id, n.person_id, n.kind = 'main' FROM visible_names n"
                                 " JOIN main.persons p ON p.id = n.person_id"
                                 " WHERE n.sealed = 1 AND p.redirect_to IS NULL ORDER BY n.id",
                                 static_cast<int>(ceiling_))));
    while (true) {
      MEMORIA_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      rows.emplace_back(st.ColumnInt(0), st.ColumnInt(1), st.ColumnInt(2) != 0);
    }
  }
  for (const auto& [id, person, is_main] : rows) {
    MEMORIA_ASSIGN_OR_RETURN(std::string surname, store_->OpenSealed("names", id, "norm_surname"));
    MEMORIA_ASSIGN_OR_RETURN(std::string given, store_->OpenSealed("names", id, "norm_given"));
    MEMORIA_ASSIGN_OR_RETURN(std::string patronymic,
                             store_->OpenSealed("names", id, "norm_patronymic"));
    fn(IndexedName{person, surname, given, patronymic, is_main});
    sodium_memzero(surname.data(), surname.size());
    sodium_memzero(given.data(), given.size());
    sodium_memzero(patronymic.data(), patronymic.size());
  }
  return Status();
}

Status Reader::NoteConfidentialRead(int64_t person_id) {
  if (ceiling_ != Visibility::kConfidential) return Status();
  // The person, or a fact or record of theirs that this ceiling shows, is
  // confidential by itself or through its provenance.
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(reader_internal::kConfidentialPerson,
             "SELECT (SELECT visibility FROM persons WHERE id = ?1) = 2"
             " OR EXISTS (SELECT 1 FROM visible_names f LEFT JOIN records r ON r.id = f.record_id"
             " LEFT JOIN sources s ON s.id = r.source_id LEFT JOIN claims c ON c.id = f.claim_id"
             " WHERE f.person_id = ?1 AND max(f.visibility, coalesce(r.visibility, 0),"
             " coalesce(s.visibility, 0), coalesce(c.visibility, 0)) = 2)"
             " OR EXISTS (SELECT 1 FROM visible_events f LEFT JOIN records r ON r.id = f.record_id"
             " LEFT JOIN sources s ON s.id = r.source_id LEFT JOIN claims c ON c.id = f.claim_id"
             " WHERE f.person_id = ?1 AND max(f.visibility, coalesce(r.visibility, 0),"
             " coalesce(s.visibility, 0), coalesce(c.visibility, 0)) = 2)"
             " OR EXISTS (SELECT 1 FROM visible_attributes f"
             " LEFT JOIN records r ON r.id = f.record_id"
             " LEFT JOIN sources s ON s.id = r.source_id LEFT JOIN claims c ON c.id = f.claim_id"
             " WHERE f.person_id = ?1 AND max(f.visibility, coalesce(r.visibility, 0),"
             " coalesce(s.visibility, 0), coalesce(c.visibility, 0)) = 2)"
             " OR EXISTS (SELECT 1 FROM person_records pr JOIN visible_records r"
             " ON r.id = pr.record_id JOIN sources s ON s.id = r.source_id"
             " WHERE pr.person_id = ?1 AND max(r.visibility, s.visibility) = 2)"));
  st->Bind(1, person_id);
  MEMORIA_ASSIGN_OR_RETURN(bool row, st->Step());
  const bool confidential = row && st->ColumnInt(0) != 0;
  st->Reset();
  // Bounded: a whole export read at the command line is never taken.
  if (confidential && confidential_reads_.size() < (1u << 20))
    confidential_reads_.push_back(person_id);
  return Status();
}

std::vector<int64_t> Reader::TakeConfidentialReads() {
  std::vector<int64_t> out;
  out.swap(confidential_reads_);
  return out;
}

void Reader::NoteConfidentialSubject(std::string subject) {
  if (ceiling_ != Visibility::kConfidential || confidential_subjects_.size() >= (1u << 16)) return;
  confidential_subjects_.push_back(std::move(subject));
}

std::vector<std::string> Reader::TakeConfidentialSubjects() {
  std::vector<std::string> out;
  out.swap(confidential_subjects_);
  return out;
}

}  // namespace memoria::store
