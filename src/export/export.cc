#include "export/export.h"

#include <sstream>
#include <vector>

namespace memoria::exports {

namespace {

using nlohmann::ordered_json;

// The record and claim a fact comes from (docs/formats/json.md).
void AddProvenance(int64_t record_id, int64_t claim_id, ordered_json* j) {
  if (record_id != 0) (*j)["record_id"] = record_id;
  if (claim_id != 0) (*j)["claim_id"] = claim_id;
}

std::string CsvField(std::string_view s) {
  bool quote = s.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string JoinName(const store::NameFact& n) {
  std::string s = n.surname;
  for (const std::string* part : {&n.given, &n.patronymic}) {
    if (part->empty()) continue;
    if (!s.empty()) s += ' ';
    s += *part;
  }
  return s;
}

}  // namespace

Result<ordered_json> PersonJson(const store::PersonView& p) {
  ordered_json j;
  j["person_id"] = p.id;
  if (p.redirect_to != 0) j["redirect_to"] = p.redirect_to;
  j["names"] = ordered_json::array();
  for (const store::NameFact& n : p.names) {
    ordered_json x;
    x["kind"] = n.kind;
    x["surname"] = n.surname;
    x["given"] = n.given;
    x["patronymic"] = n.patronymic;
    if (!n.script.empty()) x["script"] = n.script;
    AddProvenance(n.record_id, n.claim_id, &x);
    j["names"].push_back(std::move(x));
  }
  j["events"] = ordered_json::array();
  for (const store::EventFact& e : p.events) {
    ordered_json x;
    x["type"] = e.type;
    x["date"] = e.date.ToString();
    if (!e.date.empty()) {
      x["date_earliest"] = e.date.earliest_day();
      x["date_latest"] = e.date.latest_day();
    }
    if (!e.date_text.empty()) x["date_text"] = e.date_text;
    for (const auto& [key, value] : {std::pair<const char*, const std::string*>{"place", &e.place},
                                     {"body", &e.body},
                                     {"article", &e.article},
                                     {"sentence", &e.sentence},
                                     {"note", &e.note}}) {
      if (!value->empty()) x[key] = *value;
    }
    AddProvenance(e.record_id, e.claim_id, &x);
    j["events"].push_back(std::move(x));
  }
  j["attributes"] = ordered_json::array();
  for (const store::AttributeFact& a : p.attributes) {
    ordered_json x{{"kind", a.kind}, {"value", a.value}};
    AddProvenance(a.record_id, a.claim_id, &x);
    j["attributes"].push_back(std::move(x));
  }
  j["records"] = ordered_json::array();
  for (const store::RecordView& r : p.records) {
    ordered_json x;
    x["record_id"] = r.id;
    x["source_id"] = r.source_id;
    x["source_key"] = r.source_key;
    x["source_title"] = r.source_title;
    x["file_name"] = r.file_name;
    x["line"] = r.position;
    if (!r.external_id.empty()) x["external_id"] = r.external_id;
    x["content_sha256"] = r.content_hash;
    ordered_json raw = ordered_json::parse(r.raw, nullptr, /*allow_exceptions=*/false);
    if (raw.is_discarded()) {
      // Every importer stores JSON: anything else is damage, not data.
      return DataLossError("record " + std::to_string(r.id) + " of person " + std::to_string(p.id) +
                           ": the stored raw fields are not valid JSON");
    }
    x["raw"] = std::move(raw);
    j["records"].push_back(std::move(x));
  }
  return j;
}

std::string PersonText(const store::PersonView& p) {
  std::ostringstream out;
  out << "person " << p.id << "\n";
  if (p.redirect_to != 0) out << "  merged into person " << p.redirect_to << "\n";
  out << "names:\n";
  for (const store::NameFact& n : p.names) {
    out << "  " << JoinName(n) << "  (" << n.kind << "; record " << n.record_id << ")\n";
  }
  if (!p.events.empty()) out << "events:\n";
  for (const store::EventFact& e : p.events) {
    out << "  " << e.type;
    if (!e.date.empty()) out << " " << e.date.ToString();
    if (!e.date_text.empty() && e.date_text != e.date.ToString()) {
      out << " (written \"" << e.date_text << "\")";
    }
    for (const std::string* v : {&e.place, &e.body, &e.article, &e.sentence, &e.note}) {
      if (!v->empty()) out << "; " << *v;
    }
    out << "  (record " << e.record_id << ")\n";
  }
  if (!p.attributes.empty()) out << "attributes:\n";
  for (const store::AttributeFact& a : p.attributes) {
    out << "  " << a.kind << ": " << a.value << "  (record " << a.record_id << ")\n";
  }
  out << "records:\n";
  for (const store::RecordView& r : p.records) {
    out << "  record " << r.id << ": " << r.source_title << ", " << r.file_name << " line "
        << r.position << ", sha256 " << r.content_hash.substr(0, 16) << "…\n";
    ordered_json raw = ordered_json::parse(r.raw, nullptr, false);
    if (raw.is_object()) {
      for (const auto& [k, v] : raw.items()) {
        if (v.is_string() && (v.get<std::string>().empty() || v.get<std::string>() == "None")) {
          continue;
        }
        out << "    " << k << ": " << (v.is_string() ? v.get<std::string>() : v.dump()) << "\n";
      }
    }
  }
  return out.str();
}

namespace {

// The CSV's fixed columns (docs/formats/csv-export.md): the event types
// and attribute kinds that have columns of their own, in column order.
constexpr std::string_view kCsvEventTypes[] = {"birth",     "arrest", "trial",          "sentence",
                                               "execution", "death",  "rehabilitation", "release"};
constexpr std::string_view kCsvEventFields[] = {"date",    "date_text", "place", "body",
                                                "article", "sentence",  "note"};
constexpr std::string_view kCsvAttributeKinds[] = {"sex",
                                                   "age_at_arrest",
                                                   "nationality",
                                                   "citizenship",
                                                   "occupation",
                                                   "education",
                                                   "party",
                                                   "social_background",
                                                   "family",
                                                   "residence",
                                                   "address",
                                                   "apartment",
                                                   "address_as_written",
                                                   "burial_place",
                                                   "previous_repression",
                                                   "next_repression",
                                                   "memory_book",
                                                   "memory_book_url"};

template <typename List>
bool Contains(const List& list, std::string_view v) {
  for (std::string_view x : list) {
    if (x == v) return true;
  }
  return false;
}

std::string MakeCsvHeader() {
  std::string h =
      "person_id,surname,given,patronymic,birth,birth_place,death_type,death,death_place,records,"
      "names";
  for (std::string_view type : kCsvEventTypes) {
    for (std::string_view field : kCsvEventFields) {
      h += ",";
      h += type;
      h += "_";
      h += field;
    }
  }
  h += ",other_events";
  for (std::string_view kind : kCsvAttributeKinds) {
    h += ",";
    h += kind;
  }
  h += ",other_attributes\n";
  return h;
}

std::string EventField(const store::EventFact& e, std::string_view field) {
  if (field == "date") return e.date.ToString();
  if (field == "date_text") return e.date_text;
  if (field == "place") return e.place;
  if (field == "body") return e.body;
  if (field == "article") return e.article;
  if (field == "sentence") return e.sentence;
  return e.note;
}

// Several values in one cell: one per line.
void AppendLine(std::string* cell, std::string_view value) {
  if (!cell->empty()) cell->push_back('\n');
  cell->append(value);
}

}  // namespace

std::string_view CsvHeader() {
  static const std::string kHeader = MakeCsvHeader();
  return kHeader;
}

std::string PersonCsvRow(const store::PersonView& p) {
  store::NameFact name;
  if (!p.names.empty()) name = p.names.front();
  // The one rule for the birth and the death (store/reader.h).
  const store::LifeEvents life = store::ChooseLifeEvents(p.events);
  const store::EventFact* birth = life.birth;
  const store::EventFact* death = life.death;
  std::ostringstream out;
  out << p.id << ',' << CsvField(name.surname) << ',' << CsvField(name.given) << ','
      << CsvField(name.patronymic) << ',' << (birth ? birth->date.ToString() : "") << ','
      << CsvField(birth ? birth->place : "") << ',' << (death ? death->type : "") << ','
      << (death ? death->date.ToString() : "") << ',' << CsvField(death ? death->place : "") << ','
      << p.records.size();
  // Every name: "kind: Surname Given Patronymic", one per line.
  std::string names;
  for (const store::NameFact& n : p.names) AppendLine(&names, n.kind + ": " + JoinName(n));
  out << ',' << CsvField(names);
  // Every event of a type with columns: its fields, one event per line in
  // each of them (the n-th line of each column is the n-th event).
  for (std::string_view type : kCsvEventTypes) {
    std::vector<const store::EventFact*> of_type;
    for (const store::EventFact& e : p.events) {
      if (e.type == type) of_type.push_back(&e);
    }
    for (std::string_view field : kCsvEventFields) {
      std::string cell;
      for (size_t i = 0; i < of_type.size(); ++i) {
        if (i > 0) cell.push_back('\n');
        cell += EventField(*of_type[i], field);
      }
      // A cell of only line breaks is empty: no event has this field.
      if (cell.find_first_not_of('\n') == std::string::npos) cell.clear();
      out << ',' << CsvField(cell);
    }
  }
  std::string other_events;
  for (const store::EventFact& e : p.events) {
    if (Contains(kCsvEventTypes, e.type)) continue;
    std::string line = e.type + ": " + e.date.ToString();
    for (std::string_view field : kCsvEventFields) {
      if (field == "date") continue;
      const std::string v = EventField(e, field);
      if (!v.empty()) line += "; " + std::string(field) + "=" + v;
    }
    AppendLine(&other_events, line);
  }
  out << ',' << CsvField(other_events);
  for (std::string_view kind : kCsvAttributeKinds) {
    std::string cell;
    for (const store::AttributeFact& a : p.attributes) {
      if (a.kind == kind) AppendLine(&cell, a.value);
    }
    out << ',' << CsvField(cell);
  }
  std::string other_attributes;
  for (const store::AttributeFact& a : p.attributes) {
    if (!Contains(kCsvAttributeKinds, a.kind))
      AppendLine(&other_attributes, a.kind + ": " + a.value);
  }
  out << ',' << CsvField(other_attributes) << '\n';
  return out.str();
}

Result<std::string> PersonJsonLine(const store::PersonView& p) {
  MEMORIA_ASSIGN_OR_RETURN(ordered_json j, PersonJson(p));
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Result<int64_t> Export(store::Reader* reader, std::string_view format, std::ostream* out,
                       const ExportOptions& options) {
  if (format != "jsonl" && format != "csv") {
    return InvalidArgumentError("unknown export format '" + std::string(format) + "'");
  }
  int64_t count = 0;
  if (format == "csv" && options.bom) *out << kUtf8Bom;
  if (format == "csv") *out << CsvHeader();
  Status s = reader->ForEachPerson(0, 0, [&](const store::PersonView& p) {
    if (format == "jsonl") {
      MEMORIA_ASSIGN_OR_RETURN(std::string line, PersonJsonLine(p));
      *out << line;
    } else {
      *out << PersonCsvRow(p);
    }
    ++count;
    if (!*out) return DataLossError("write failed during export");
    return Status();
  });
  MEMORIA_RETURN_IF_ERROR(s);
  return count;
}

}  // namespace memoria::exports
