// The csv profile: any CSV or TSV list, with a JSON mapping file from its
// columns to memoria's fields. docs/formats/csv-mapping.md is the reference.
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/text.h"
#include "ingest/internal/context.h"
#include "names/names.h"

namespace memoria::ingest::internal {

namespace {

constexpr std::string_view kEventTypes[] = {"birth",    "arrest",         "charge",     "trial",
                                            "sentence", "execution",      "death",      "burial",
                                            "release",  "rehabilitation", "designation"};
constexpr std::string_view kEventFields[] = {"date",    "place",    "body",
                                             "article", "sentence", "note"};

enum class Target { kIgnore, kSurname, kGiven, kPatronymic, kFullName, kEvent, kAttribute };

struct ColumnRule {
  Target target = Target::kIgnore;
  std::string event_type;   // kEvent
  std::string event_field;  // kEvent
  std::string kind;         // kAttribute
};

enum class DateFormat { kAuto, kEdtf, kMemorial, kRussian };

struct Mapping {
  char delimiter = ',';
  store::SourceInfo source;
  std::string id_column;
  DateFormat dates = DateFormat::kAuto;
  std::map<std::string, ColumnRule> columns;
};

Result<ColumnRule> ParseRule(const std::string& column, const std::string& spec) {
  ColumnRule r;
  if (spec == "ignore") return r;
  if (spec == "surname")
    r.target = Target::kSurname;
  else if (spec == "given")
    r.target = Target::kGiven;
  else if (spec == "patronymic")
    r.target = Target::kPatronymic;
  else if (spec == "full_name")
    r.target = Target::kFullName;
  else if (spec.rfind("attribute.", 0) == 0 && spec.size() > 10) {
    r.target = Target::kAttribute;
    r.kind = spec.substr(10);
  } else {
    size_t dot = spec.find('.');
    std::string type = spec.substr(0, dot);
    std::string field = dot == std::string::npos ? "" : spec.substr(dot + 1);
    bool type_ok = false, field_ok = false;
    for (std::string_view t : kEventTypes) type_ok |= (t == type);
    for (std::string_view f : kEventFields) field_ok |= (f == field);
    if (!type_ok || !field_ok) {
      return InvalidArgumentError("column '" + column + "': unknown target '" + spec +
                                  "' (expected surname, given, patronymic, full_name, ignore, "
                                  "attribute.<kind> or <event>.<date|place|body|article|"
                                  "sentence|note>)");
    }
    r.target = Target::kEvent;
    r.event_type = type;
    r.event_field = field;
  }
  return r;
}

Result<Mapping> LoadMapping(const std::string& path) {
  if (path.empty()) {
    return InvalidArgumentError(
        "profile csv needs --mapping FILE (see docs/formats/csv-mapping.md)");
  }
  std::ifstream in(path);
  if (!in) return NotFoundError("cannot open mapping file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  nlohmann::json j = nlohmann::json::parse(ss.str(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return InvalidArgumentError(path + ": not a JSON object");
  }
  Mapping m;
  auto str = [&](const nlohmann::json& obj, const char* key, std::string* out) -> Status {
    if (!obj.contains(key)) return Status();
    if (!obj[key].is_string())
      return InvalidArgumentError(path + ": '" + key + "' must be a string");
    *out = obj[key].get<std::string>();
    return Status();
  };
  std::string delimiter = ",";
  MEMORIA_RETURN_IF_ERROR(str(j, "delimiter", &delimiter));
  if (delimiter == "\\t" || delimiter == "tab") delimiter = "\t";
  if (delimiter.size() != 1)
    return InvalidArgumentError(path + ": 'delimiter' must be one character");
  m.delimiter = delimiter[0];
  MEMORIA_RETURN_IF_ERROR(str(j, "id_column", &m.id_column));
  std::string dates = "auto";
  MEMORIA_RETURN_IF_ERROR(str(j, "date_format", &dates));
  if (dates == "auto")
    m.dates = DateFormat::kAuto;
  else if (dates == "edtf")
    m.dates = DateFormat::kEdtf;
  else if (dates == "memorial")
    m.dates = DateFormat::kMemorial;
  else if (dates == "russian")
    m.dates = DateFormat::kRussian;
  else
    return InvalidArgumentError(path + ": 'date_format' must be auto, edtf, memorial or russian");
  if (j.contains("source")) {
    const auto& s = j["source"];
    if (!s.is_object()) return InvalidArgumentError(path + ": 'source' must be an object");
    MEMORIA_RETURN_IF_ERROR(str(s, "key", &m.source.key));
    MEMORIA_RETURN_IF_ERROR(str(s, "title", &m.source.title));
    MEMORIA_RETURN_IF_ERROR(str(s, "citation", &m.source.citation));
    MEMORIA_RETURN_IF_ERROR(str(s, "language", &m.source.language));
    MEMORIA_RETURN_IF_ERROR(str(s, "licence", &m.source.licence));
  }
  if (!j.contains("columns") || !j["columns"].is_object() || j["columns"].empty()) {
    return InvalidArgumentError(path + ": 'columns' must be a non-empty object");
  }
  for (const auto& [column, spec] : j["columns"].items()) {
    if (!spec.is_string()) {
      return InvalidArgumentError(path + ": column '" + column + "': target must be a string");
    }
    Result<ColumnRule> rule = ParseRule(column, spec.get<std::string>());
    if (!rule.ok()) return rule.status().Annotate(path);
    m.columns.emplace(column, *rule);
  }
  return m;
}

Result<Edtf> ParseDate(std::string_view text, DateFormat format) {
  switch (format) {
    case DateFormat::kEdtf:
      return Edtf::Parse(text);
    case DateFormat::kMemorial:
      return EdtfFromMemorialDate(text);
    case DateFormat::kRussian:
      return EdtfFromRussianText(text);
    case DateFormat::kAuto:
      break;
  }
  if (Result<Edtf> d = Edtf::Parse(text); d.ok()) return d;
  if (Result<Edtf> d = EdtfFromMemorialDate(text); d.ok()) return d;
  return EdtfFromRussianText(text);
}

}  // namespace

Status ImportMappedCsv(FileContext* ctx, const std::string& path, const std::string& mapping_path) {
  MEMORIA_ASSIGN_OR_RETURN(Mapping m, LoadMapping(mapping_path));
  CsvOptions options = m.delimiter == '\t' ? CsvOptions::Tsv() : CsvOptions::Csv();
  options.delimiter = m.delimiter;
  MEMORIA_ASSIGN_OR_RETURN(auto reader, OpenTable(path, options));
  MEMORIA_ASSIGN_OR_RETURN(std::vector<std::string> header, ReadHeader(reader.get(), path));

  std::vector<const ColumnRule*> rules(header.size(), nullptr);
  int id_index = -1;
  std::string unmapped;
  for (size_t i = 0; i < header.size(); ++i) {
    auto it = m.columns.find(header[i]);
    if (it == m.columns.end()) {
      if (!unmapped.empty()) unmapped += "', '";
      unmapped += header[i];
    } else {
      rules[i] = &it->second;
    }
    if (header[i] == m.id_column) id_index = static_cast<int>(i);
  }
  if (!unmapped.empty()) {
    return InvalidArgumentError(path + ": line 1: unknown column(s) '" + unmapped +
                                "' not in the mapping " + mapping_path +
                                " (map them, or map them to \"ignore\")");
  }
  for (const auto& [column, rule] : m.columns) {
    bool present = false;
    for (const std::string& h : header) present |= (h == column);
    if (!present) {
      return InvalidArgumentError(path + ": line 1: the mapping names column '" + column +
                                  "', which the file does not have");
    }
  }
  if (!m.id_column.empty() && id_index < 0) {
    return InvalidArgumentError(path + ": id_column '" + m.id_column + "' is not in the file");
  }
  if (m.source.key.empty()) m.source.key = "csv:" + std::filesystem::path(path).filename().string();
  if (m.source.title.empty()) m.source.title = std::filesystem::path(path).filename().string();
  m.source.profile = "csv";
  MEMORIA_RETURN_IF_ERROR(ctx->Begin(m.source, path));
  if (ctx->skipped()) return Status();  // the file was imported before

  MEMORIA_RETURN_IF_ERROR(ForEachRow(
      ctx, reader.get(), path, header.size(),
      [&](int64_t line, const std::vector<std::string_view>& f) -> Status {
        std::string surname, given, patronymic;
        std::map<std::string, store::EventFact> events;
        std::vector<std::pair<std::string, std::string>> attributes;
        for (size_t i = 0; i < f.size(); ++i) {
          const ColumnRule* r = rules[i];
          std::string value = CollapseSpace(f[i]);
          if (value.empty() || r->target == Target::kIgnore) continue;
          switch (r->target) {
            case Target::kSurname:
              surname = value;
              break;
            case Target::kGiven:
              given = value;
              break;
            case Target::kPatronymic:
              patronymic = value;
              break;
            case Target::kFullName: {
              names::FullName n = names::SplitFullName(value);
              surname = n.surname;
              given = n.given;
              patronymic = n.patronymic;
              break;
            }
            case Target::kAttribute:
              attributes.emplace_back(r->kind, value);
              break;
            case Target::kEvent: {
              store::EventFact& e = events[r->event_type];
              e.type = r->event_type;
              if (r->event_field == "date") {
                Result<Edtf> d = ParseDate(value, m.dates);
                if (!d.ok()) {
                  ctx->Reject(line, "column " + header[i] + ": unparseable date '" + value + "'");
                  return Status();
                }
                e.date = *d;
                e.date_text = value;
              } else if (r->event_field == "place") {
                e.place = value;
              } else if (r->event_field == "body") {
                e.body = value;
              } else if (r->event_field == "article") {
                e.article = value;
              } else if (r->event_field == "sentence") {
                e.sentence = value;
              } else {
                e.note = value;
              }
              break;
            }
            case Target::kIgnore:
              break;
          }
        }
        if (surname.empty() && given.empty()) {
          ctx->Reject(line, "no name: the mapped name columns are empty");
          return Status();
        }
        std::string_view external = id_index >= 0 ? f[id_index] : std::string_view();
        MEMORIA_ASSIGN_OR_RETURN(int64_t record, ctx->AddRecord(line, external, header, f));
        if (record == 0) return Status();
        // Rows with the same id in this source (this file, or an earlier
        // snapshot appended to it) are one person.
        int64_t person = 0;
        if (!external.empty()) {
          MEMORIA_ASSIGN_OR_RETURN(person,
                                   ctx->tx()->FindPersonByExternalId(ctx->source_id(), external));
        }
        std::string_view name_kind = "main";
        if (person != 0) {
          MEMORIA_RETURN_IF_ERROR(ctx->tx()->LinkRecord(person, record, "source-id"));
          name_kind = "variant";
        } else {
          MEMORIA_ASSIGN_OR_RETURN(person, ctx->NewPerson(record));
        }
        MEMORIA_RETURN_IF_ERROR(ctx->Name(person, record, name_kind, surname, given, patronymic));
        for (auto& [type, e] : events) {
          e.person_id = person;
          e.record_id = record;
          MEMORIA_RETURN_IF_ERROR(ctx->Event(std::move(e)));
        }
        for (const auto& [kind, value] : attributes) {
          MEMORIA_RETURN_IF_ERROR(ctx->Attribute(person, record, kind, value));
        }
        return Status();
      }));
  return ctx->Finish();
}

}  // namespace memoria::ingest::internal
