// Profiles and the snapshot reader (registers.h).
#include <fstream>
#include <set>
#include <sstream>

#include "core/edtf.h"
#include "core/text.h"
#include "ingest/csv.h"
#include "names/names.h"
#include "registers/registers.h"

namespace memoria::registers {

Profile ForeignAgentsProfile() {
  Profile p;
  p.name = "foreign-agents";
  p.title = "Реестр иностранных агентов";
  p.publisher = "Министерство юстиции Российской Федерации";
  p.legal_basis =
      "Федеральный закон от 14.07.2022 № 255-ФЗ «О контроле за деятельностью лиц, "
      "находящихся под иностранным влиянием»";
  p.citation = "Министерство юстиции Российской Федерации. Реестр иностранных агентов";
  p.strict_bytes = true;
  p.columns = {
      {"№ п/п", std::string(kNumber)},
      {"Полное наименование/ФИО", std::string(kName)},
      {"Дата рождения", std::string(kBirthDate)},
      {"ОГРН", "ogrn"},
      {"Регистрационный номер", "registration_number"},
      {"Адрес (место нахождения)", "address"},
      {"Информационный ресурс", "resources"},
      {"Полное наименование/ФИО участников", "participants"},
      {"Основания включения", std::string(kGrounds)},
      {"Дата принятия решения о включении", std::string(kIncluded)},
      {"Дата принятия решения об исключении", std::string(kExcluded)},
      {"Номер страницы в pdf", "pdf_page", /*optional=*/true},
  };
  return p;
}

namespace {

bool IsFieldKey(std::string_view key) {
  if (key.empty() || key.size() > 64) return false;
  for (char c : key) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

bool IsDateField(std::string_view field) {
  return field == kBirthDate || field == kIncluded || field == kExcluded;
}

std::string Quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

}  // namespace

Result<Profile> MappedProfileFromJson(std::string_view text, std::string_view name) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return InvalidArgumentError("the mapping is not a JSON object");
  }
  Profile p;
  p.name = "mapped:" + std::string(name);
  auto text_of = [&](const nlohmann::json& obj, const char* key) -> std::string {
    if (!obj.contains(key)) return "";
    return obj[key].is_string() ? obj[key].get<std::string>() : "";
  };
  if (j.contains("register")) {
    if (!j["register"].is_object()) return InvalidArgumentError("\"register\" must be an object");
    const auto& r = j["register"];
    p.title = text_of(r, "title");
    p.publisher = text_of(r, "publisher");
    p.legal_basis = text_of(r, "legal_basis");
    p.citation = text_of(r, "citation");
    p.licence = text_of(r, "licence");
  }
  if (j.contains("delimiter")) {
    const std::string d = j["delimiter"].is_string() ? j["delimiter"].get<std::string>() : "";
    if (d == "\t" || d == "tab") {
      p.delimiter = '\t';
    } else if (d.size() == 1 && d[0] != '"' && d[0] != '\n' && d[0] != '\r') {
      p.delimiter = d[0];
    } else {
      return InvalidArgumentError("\"delimiter\" must be one character, or \"tab\"");
    }
  }
  std::set<std::string> optional;
  if (j.contains("optional")) {
    if (!j["optional"].is_array()) return InvalidArgumentError("\"optional\" must be an array");
    for (const auto& o : j["optional"]) {
      if (!o.is_string()) return InvalidArgumentError("\"optional\" must list column names");
      optional.insert(o.get<std::string>());
    }
  }
  if (!j.contains("columns") || !j["columns"].is_object() || j["columns"].empty()) {
    return InvalidArgumentError("the mapping needs \"columns\": {\"header\": \"field\", ...}");
  }
  std::set<std::string> fields;
  for (const auto& [header, field] : j["columns"].items()) {
    if (!field.is_string()) {
      return InvalidArgumentError("column " + Quoted(header) + " must map to a field key");
    }
    const std::string key = field.get<std::string>();
    if (key == "ignore") {
      p.columns.push_back({header, "", optional.contains(header)});
      continue;
    }
    if (!IsFieldKey(key)) {
      return InvalidArgumentError("column " + Quoted(header) + " maps to " + Quoted(key) +
                                  ", which is not a field key ([a-z0-9_]+) or \"ignore\"");
    }
    if (!fields.insert(key).second) {
      return InvalidArgumentError("field " + Quoted(key) + " is mapped from two columns");
    }
    p.columns.push_back({header, key, optional.contains(header)});
  }
  for (std::string_view required : {kNumber, kName}) {
    if (!fields.contains(std::string(required))) {
      return InvalidArgumentError("the mapping maps no column to \"" + std::string(required) +
                                  "\"");
    }
  }
  for (const ColumnSpec& c : p.columns) {
    if (c.optional && (c.field == kNumber || c.field == kName)) {
      return InvalidArgumentError("the column of \"" + c.field + "\" cannot be optional");
    }
  }
  return p;
}

Result<Profile> LoadMappedProfile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("cannot read the mapping " + path);
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().size() > (1 << 20)) return ResourceExhaustedError("mapping over 1 MiB: " + path);
  std::string name = path.substr(path.find_last_of('/') + 1);
  Result<Profile> p = MappedProfileFromJson(text.str(), name);
  if (!p.ok()) return p.status().Annotate(path);
  return p;
}

int ParsedSnapshot::ColumnOf(std::string_view field) const {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i] == field) return static_cast<int>(i);
  }
  return -1;
}

std::optional<int32_t> DayOf(std::string_view iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  Result<Edtf> e = Edtf::Parse(iso);
  if (!e.ok() || e->earliest_day() != e->latest_day()) return std::nullopt;
  return e->earliest_day();
}

Result<std::string> RegisterDate(std::string_view text) {
  std::string t = CollapseSpace(text);
  if (t.empty()) return std::string();
  // dd.mm.yyyy with both day and month: the register's own form.
  const size_t dot1 = t.find('.');
  const size_t dot2 = dot1 == std::string::npos ? std::string::npos : t.find('.', dot1 + 1);
  if (dot2 != std::string::npos && t.size() - dot2 - 1 == 4) {
    Result<Edtf> e = EdtfFromMemorialDate(t);
    if (e.ok() && e->earliest_day() == e->latest_day()) return e->ToString();
  }
  if (std::optional<int32_t> d = DayOf(t)) return t;
  return InvalidArgumentError("not a date (dd.mm.yyyy): " + Quoted(t));
}

std::optional<std::string> AsOfFromFileName(std::string_view file_name) {
  const size_t slash = file_name.find_last_of('/');
  if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
  for (size_t i = file_name.size(); i-- > 0;) {
    if (i + 10 > file_name.size()) continue;
    std::string_view cand = file_name.substr(i, 10);
    bool shape = true;
    for (size_t k = 0; k < 10; ++k) {
      const char c = cand[k];
      shape = shape && (k == 4 || k == 7 ? c == '-' : c >= '0' && c <= '9');
    }
    if (shape && DayOf(cand).has_value()) return std::string(cand);
  }
  return std::nullopt;
}

bool LooksLikePerson(std::string_view name, std::string_view birth_date) {
  if (!CollapseSpace(birth_date).empty()) return true;
  for (char c : name) {
    if ((c >= '0' && c <= '9') || c == '"' || c == '(' || c == '/') return false;
  }
  if (name.find("«") != std::string_view::npos) return false;
  std::vector<std::string_view> words = SplitWords(name);
  if (words.size() < 3 || words.size() > 5) return false;
  return names::LooksLikePatronymic(names::NormalizeNamePart(words.back()));
}

Result<ParsedSnapshot> ParseSnapshot(std::string_view content, const Profile& profile) {
  if (content.size() > kMaxSnapshotBytes) {
    return ResourceExhaustedError("snapshot over " + std::to_string(kMaxSnapshotBytes >> 20) +
                                  " MiB");
  }
  if (content.empty()) return InvalidArgumentError("the file is empty: not a register snapshot");
  if (!IsValidUtf8(content)) {
    return InvalidArgumentError("the file is not UTF-8 text: not a register snapshot");
  }
  if (profile.strict_bytes) {
    if (content.starts_with("\xEF\xBB\xBF")) {
      return InvalidArgumentError(
          "the file starts with a byte-order mark, which the " + profile.name +
          " snapshots never have: it was re-saved by another program; import the file as "
          "published");
    }
    // The published files end every line with CRLF; a file whose first
    // line ends with a bare LF was converted by another program.
    const size_t nl = content.find('\n');
    if (nl != std::string_view::npos && (nl == 0 || content[nl - 1] != '\r')) {
      return InvalidArgumentError(
          "the file has LF line ends where the " + profile.name +
          " snapshots have CRLF: it was re-saved by another program; import the file as "
          "published");
    }
  }
  ingest::CsvOptions csv = ingest::CsvOptions::Csv();
  csv.delimiter = profile.delimiter;
  csv.quoting = profile.delimiter != '\t';
  csv.max_field_bytes = kMaxFieldBytes;
  csv.max_fields = 256;
  std::unique_ptr<ingest::CsvReader> reader =
      ingest::CsvReader::FromString(std::string(content), csv);
  std::vector<std::string_view> cells;
  Result<bool> got = reader->Next(&cells);
  if (!got.ok()) return got.status().Annotate("header");
  if (!*got) return InvalidArgumentError("the file has no header");

  ParsedSnapshot out;
  std::vector<int> spec_of;  // column -> index in profile.columns
  std::set<std::string> seen;
  std::vector<std::string> unknown;
  for (std::string_view h : cells) {
    std::string header(h);
    if (!seen.insert(header).second) {
      return InvalidArgumentError("the header names the column " + Quoted(header) + " twice");
    }
    int found = -1;
    for (size_t i = 0; i < profile.columns.size(); ++i) {
      if (profile.columns[i].header == header) found = static_cast<int>(i);
    }
    if (found < 0) unknown.push_back(header);
    spec_of.push_back(found);
    out.headers.push_back(header);
  }
  std::vector<std::string> missing;
  for (const ColumnSpec& c : profile.columns) {
    if (!c.optional && !seen.contains(c.header)) missing.push_back(c.header);
  }
  if (!missing.empty() || !unknown.empty()) {
    std::string why = "the header does not fit the " + profile.name + " profile:";
    if (!missing.empty()) {
      why += " missing column";
      why += missing.size() > 1 ? "s" : "";
      for (size_t i = 0; i < missing.size(); ++i) why += (i ? ", " : " ") + Quoted(missing[i]);
      if (!unknown.empty()) why += ";";
    }
    if (!unknown.empty()) {
      why += " unknown column";
      why += unknown.size() > 1 ? "s" : "";
      for (size_t i = 0; i < unknown.size(); ++i) why += (i ? ", " : " ") + Quoted(unknown[i]);
    }
    if (missing.size() + 1 >= profile.columns.size()) why += " (is this file a register snapshot?)";
    return InvalidArgumentError(why);
  }
  for (int s : spec_of) out.fields.push_back(profile.columns[static_cast<size_t>(s)].field);
  out.number_column = static_cast<size_t>(out.ColumnOf(kNumber));
  out.name_column = static_cast<size_t>(out.ColumnOf(kName));

  std::set<std::string> numbers;
  while (true) {
    got = reader->Next(&cells);
    if (!got.ok()) return got.status();
    if (!*got) break;
    const int64_t line = reader->line();
    if (cells.size() == 1 && cells[0].empty()) continue;  // a blank line
    if (cells.size() != out.headers.size()) {
      return InvalidArgumentError("line " + std::to_string(line) + ": " +
                                  std::to_string(cells.size()) + " fields where the header has " +
                                  std::to_string(out.headers.size()));
    }
    if (static_cast<int64_t>(out.rows.size()) >= kMaxSnapshotRows) {
      return ResourceExhaustedError("snapshot over " + std::to_string(kMaxSnapshotRows) + " rows");
    }
    SnapshotRow row;
    row.line = line;
    row.values.reserve(cells.size());
    for (size_t i = 0; i < cells.size(); ++i) {
      std::string value(cells[i]);
      if (IsDateField(out.fields[i])) {
        Result<std::string> d = RegisterDate(value);
        if (!d.ok()) {
          return InvalidArgumentError("line " + std::to_string(line) + ", column " +
                                      Quoted(out.headers[i]) + ": " +
                                      std::string(d.status().message()));
        }
      }
      row.values.push_back(std::move(value));
    }
    std::string number = CollapseSpace(row.values[out.number_column]);
    if (number.empty()) {
      return InvalidArgumentError("line " + std::to_string(line) + ": the entry has no number");
    }
    if (!numbers.insert(number).second) {
      return InvalidArgumentError("line " + std::to_string(line) + ": number " + Quoted(number) +
                                  " appears twice in the snapshot");
    }
    row.values[out.number_column] = std::move(number);
    out.rows.push_back(std::move(row));
  }
  if (out.rows.empty()) return InvalidArgumentError("the snapshot lists no entries");
  return out;
}

}  // namespace memoria::registers
