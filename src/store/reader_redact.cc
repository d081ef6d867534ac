// Field-level redaction (Reader::RedactRecords): a fact hidden at the
// reader's ceiling must not reappear through the verbatim source record it
// was read from (a hidden address in mos-memo's ADDRESS or BIO column, a
// hidden alias in Open List's row). The raw fields whose text holds a
// hidden fact's text are left out of the record's view. This is the one
// place where the Reader looks at rows above its ceiling, to take their text
// out, never to show it.
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>
#include <vector>

#include "core/text.h"
#include "store/internal/reader_util.h"
#include "store/internal/sqlite.h"
#include "store/reader.h"

namespace memoria::store {
namespace {

// Texts shorter than this (in bytes) are not looked for: a hidden "М" (sex)
// or "1" would take out every field.
constexpr size_t kMinHiddenBytes = 3;

void AddHidden(std::string_view text, std::set<std::string>* hidden) {
  if (text.size() >= kMinHiddenBytes) hidden->insert(std::string(text));
}

// The columns of a sealed fact that hold text a record may repeat.
std::vector<std::string_view> SealedTextColumns(std::string_view table) {
  if (table == "names") return {"surname", "given", "patronymic"};
  if (table == "events") return {"date_text", "place", "body", "article", "sentence", "note"};
  return {"value"};
}

}  // namespace

Status Reader::RedactRecords(PersonView* person, int64_t fact_rows) {
  if (person->records.empty() || ceiling_ == Visibility::kConfidential) return Status();
  // Each fact of the person is shown at most once, so when the person has as
  // many fact rows in the tables as the page shows, none is hidden and there
  // is nothing to take out: no need of the statement below, which reads
  // every hidden fact.
  const auto shown = static_cast<int64_t>(person->names.size() + person->events.size() +
                                          person->attributes.size());
  if (fact_rows == shown) return Status();
  // What is visible of this person: a hidden name part that a visible name
  // also has (a surname shared by the main name and a hidden alias) is not
  // hidden text.
  std::set<std::string> visible;
  for (const NameFact& n : person->names) {
    for (const std::string* part : {&n.surname, &n.given, &n.patronymic}) visible.insert(*part);
  }
  // The text of every fact of this person hidden at this ceiling, by the
  // record it was read from: one statement per person (the names_person,
  // events_person and attributes_person indexes).
  std::map<int64_t, std::set<std::string>> hidden_by_record;
  MEMORIA_ASSIGN_OR_RETURN(
      Statement * st,
      Cached(reader_internal::kRedactHidden,
             "SELECT record_id, surname, given, patronymic, '', 'names', id, sealed FROM names"
             " WHERE person_id = ?1 AND record_id IS NOT NULL"
             " AND id NOT IN (SELECT id FROM visible_names WHERE person_id = ?1)"
             " UNION ALL SELECT record_id, date_text, place, body || char(31) || article ||"
             " char(31) || sentence, note, 'events', id, sealed FROM events WHERE person_id = ?1"
             " AND record_id IS NOT NULL"
             " AND id NOT IN (SELECT id FROM visible_events WHERE person_id = ?1)"
             " UNION ALL SELECT record_id, value, '', '', '', 'attributes', id, sealed"
             " FROM attributes WHERE person_id = ?1 AND record_id IS NOT NULL"
             " AND id NOT IN (SELECT id FROM visible_attributes WHERE person_id = ?1)"));
  st->Bind(1, person->id);
  // Hidden facts that are sealed: their text is opened after the scan.
  std::vector<std::tuple<int64_t, std::string, int64_t>> sealed;
  while (true) {
    MEMORIA_ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    std::set<std::string>& hidden = hidden_by_record[st->ColumnInt(0)];
    if (st->ColumnInt(7) != 0) {
      sealed.emplace_back(st->ColumnInt(0), st->ColumnString(5), st->ColumnInt(6));
      continue;
    }
    for (int c = 1; c < 5; ++c) {
      std::string_view text = st->ColumnText(c);
      // The event's body, article and sentence travel joined by U+001F.
      while (!text.empty()) {
        const size_t sep = text.find('\x1f');
        const std::string_view piece = text.substr(0, sep);
        if (!visible.contains(std::string(piece))) AddHidden(piece, &hidden);
        text = sep == std::string_view::npos ? std::string_view() : text.substr(sep + 1);
      }
    }
  }
  st->Reset();
  for (const auto& [record_id, table, id] : sealed) {
    std::set<std::string>& hidden = hidden_by_record[record_id];
    for (std::string_view column : SealedTextColumns(table)) {
      MEMORIA_ASSIGN_OR_RETURN(std::string text, store_->OpenSealed(table, id, column));
      if (text == kLockedValue) {
        // Not to be read without the key: the whole record is left out.
        hidden.insert(std::string(kLockedValue));
        continue;
      }
      if (!visible.contains(text)) AddHidden(text, &hidden);
    }
  }
  for (RecordView& record : person->records) {
    auto found = hidden_by_record.find(record.id);
    if (found == hidden_by_record.end()) continue;
    const std::set<std::string>& hidden = found->second;
    if (hidden.empty()) continue;
    nlohmann::ordered_json raw =
        nlohmann::ordered_json::parse(record.raw, nullptr, /*allow_exceptions=*/false);
    if (!raw.is_object() || hidden.contains(std::string(kLockedValue))) {
      // Not an object we can take fields out of: show none of it.
      record.raw = "{}";
      record.hidden_fields.push_back("*");
      continue;
    }
    nlohmann::ordered_json kept = nlohmann::ordered_json::object();
    for (const auto& [key, value] : raw.items()) {
      bool hide = false;
      if (value.is_string()) {
        const std::string& v = value.get_ref<const std::string&>();
        for (const std::string& h : hidden) {
          if (v.find(h) != std::string::npos) {
            hide = true;
            break;
          }
        }
      }
      if (hide) {
        record.hidden_fields.push_back(key);
      } else {
        kept[key] = value;
      }
    }
    if (!record.hidden_fields.empty()) {
      record.raw = kept.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    }
  }
  return Status();
}

}  // namespace memoria::store
