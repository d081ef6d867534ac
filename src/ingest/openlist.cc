// The openlist profile: a Book of Memory as exported from Open List. The
// export is a folder holding names.csv (имя,отчество,фамилия,основное,id: one
// row per name of a person; основное=True marks the main name) and one file
// per normalised attribute (id,<field>). Every row of every file is a source
// record; rows with the same Open List id belong to one person (linked by
// "source-id"). The FILE argument is the folder or its names.csv.
#include <filesystem>
#include <unordered_map>

#include "ingest/internal/context.h"

namespace memoria::ingest::internal {

namespace fs = std::filesystem;

namespace {

struct AttributeFile {
  const char* file;
  const char* column;
  const char* kind;
};

constexpr AttributeFile kAttributeFiles[] = {
    {"gender.csv", "пол", "sex"},
    {"nationality.csv", "национальность", "nationality"},
    {"citizenship.csv", "гражданство", "citizenship"},
    {"education.csv", "образование", "education"},
    {"party.csv", "партийная принадлежность", "party"},
    {"social_background.csv", "социальное происхождение", "social_background"},
};

constexpr std::string_view kNoData = "нет данных";

class PersonIndex {
 public:
  PersonIndex(FileContext* ctx) : ctx_(ctx) {}
  // The person for an Open List id, created when absent.
  Result<int64_t> Get(std::string_view id, int64_t record, bool* created) {
    *created = false;
    auto it = ids_.find(std::string(id));
    if (it != ids_.end()) return it->second;
    MEMORIA_ASSIGN_OR_RETURN(int64_t person,
                             ctx_->tx()->FindPersonByExternalId(ctx_->source_id(), id));
    if (person == 0) {
      MEMORIA_ASSIGN_OR_RETURN(person, ctx_->NewPerson(record));
      *created = true;
    }
    ids_.emplace(std::string(id), person);
    return person;
  }
  void set_context(FileContext* ctx) { ctx_ = ctx; }

 private:
  FileContext* ctx_;
  std::unordered_map<std::string, int64_t> ids_;
};

Status CheckHeader(const std::vector<std::string>& header,
                   std::initializer_list<std::string_view> expected, const std::string& path) {
  std::string want;
  for (std::string_view e : expected) {
    if (!want.empty()) want += ',';
    want += e;
  }
  bool ok = header.size() == expected.size();
  size_t i = 0;
  for (std::string_view e : expected) {
    if (ok && header[i] != e) ok = false;
    ++i;
  }
  if (!ok) {
    return InvalidArgumentError(path + ": line 1: expected the columns " + want +
                                " (profile openlist)");
  }
  return Status();
}

}  // namespace

Status ImportOpenList(store::WriteTransaction* tx, const ImportOptions& options,
                      const std::string& arg, ImportReport* report) {
  fs::path dir = arg;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) dir = dir.parent_path();
  if (dir.empty()) dir = ".";
  fs::path names_path = dir / "names.csv";
  if (!fs::exists(names_path, ec)) {
    return NotFoundError(arg +
                         ": no names.csv (profile openlist takes an Open List export "
                         "folder or its names.csv)");
  }
  store::SourceInfo source;
  std::string folder = fs::absolute(dir).lexically_normal().filename().string();
  if (folder.empty()) folder = fs::absolute(dir).lexically_normal().parent_path().filename();
  source.key = "openlist:" + folder;
  source.title = "Открытый список: " + folder;
  source.profile = "openlist";
  source.citation = "Открытый список, https://ru.openlist.wiki/";

  // names.csv first: it creates the persons. Reserve so that the report
  // pointers held by the contexts stay valid.
  report->files.reserve(report->files.size() + 1 + std::size(kAttributeFiles));
  report->files.push_back(FileReport{});
  FileReport* names_report = &report->files.back();
  names_report->file = names_path.string();
  names_report->profile = "openlist";
  FileContext names_ctx(tx, options, names_report);
  PersonIndex persons(&names_ctx);
  {
    MEMORIA_ASSIGN_OR_RETURN(auto reader, OpenTable(names_path.string(), CsvOptions::Csv()));
    MEMORIA_ASSIGN_OR_RETURN(auto header, ReadHeader(reader.get(), names_path.string()));
    MEMORIA_RETURN_IF_ERROR(
        CheckHeader(header, {"имя", "отчество", "фамилия", "основное", "id"}, names_path));
    MEMORIA_RETURN_IF_ERROR(names_ctx.Begin(source, names_path.string()));
  }
  if (!names_ctx.skipped()) {  // else names.csv was imported before
    MEMORIA_ASSIGN_OR_RETURN(auto reader, OpenTable(names_path.string(), CsvOptions::Csv()));
    MEMORIA_ASSIGN_OR_RETURN(auto header, ReadHeader(reader.get(), names_path.string()));
    MEMORIA_RETURN_IF_ERROR(ForEachRow(
        &names_ctx, reader.get(), names_path.string(), header.size(),
        [&](int64_t line, const std::vector<std::string_view>& f) -> Status {
          std::string_view id = f[4];
          if (id.empty()) {
            names_ctx.Reject(line, "column id is empty");
            return Status();
          }
          if (f[3] != "True" && f[3] != "False") {
            names_ctx.Reject(line, "column основное: expected True or False");
            return Status();
          }
          MEMORIA_ASSIGN_OR_RETURN(int64_t record, names_ctx.AddRecord(line, id, header, f));
          if (record == 0) return Status();
          bool created = false;
          MEMORIA_ASSIGN_OR_RETURN(int64_t person, persons.Get(id, record, &created));
          if (!created) MEMORIA_RETURN_IF_ERROR(tx->LinkRecord(person, record, "source-id"));
          return names_ctx.Name(person, record, f[3] == "True" ? "main" : "alias", f[2], f[0],
                                f[1]);
        }));
    MEMORIA_RETURN_IF_ERROR(names_ctx.Finish());
  }

  for (const AttributeFile& af : kAttributeFiles) {
    fs::path p = dir / af.file;
    if (!fs::exists(p, ec)) continue;  // every attribute file is optional
    report->files.push_back(FileReport{});
    FileReport* r = &report->files.back();
    r->file = p.string();
    r->profile = "openlist";
    FileContext ctx(tx, options, r);
    persons.set_context(&ctx);
    MEMORIA_ASSIGN_OR_RETURN(auto reader, OpenTable(p.string(), CsvOptions::Csv()));
    MEMORIA_ASSIGN_OR_RETURN(auto header, ReadHeader(reader.get(), p.string()));
    MEMORIA_RETURN_IF_ERROR(CheckHeader(header, {"id", af.column}, p.string()));
    MEMORIA_RETURN_IF_ERROR(ctx.Begin(source, p.string()));
    if (ctx.skipped()) continue;  // imported before
    MEMORIA_RETURN_IF_ERROR(
        ForEachRow(&ctx, reader.get(), p.string(), header.size(),
                   [&](int64_t line, const std::vector<std::string_view>& f) -> Status {
                     std::string_view id = f[0];
                     if (id.empty()) {
                       ctx.Reject(line, "column id is empty");
                       return Status();
                     }
                     MEMORIA_ASSIGN_OR_RETURN(int64_t record, ctx.AddRecord(line, id, header, f));
                     if (record == 0) return Status();
                     bool created = false;
                     MEMORIA_ASSIGN_OR_RETURN(int64_t person, persons.Get(id, record, &created));
                     if (!created)
                       MEMORIA_RETURN_IF_ERROR(tx->LinkRecord(person, record, "source-id"));
                     if (f[1] == kNoData) return Status();
                     return ctx.Attribute(person, record, af.kind, f[1]);
                   }));
    MEMORIA_RETURN_IF_ERROR(ctx.Finish());
  }
  return Status();
}

}  // namespace memoria::ingest::internal
