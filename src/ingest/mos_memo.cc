// The mos-memo profile: Memorial's "Shot in Moscow" list, one row per person
// with a building address and a free-text biography:
//   ADDRESS,APT,NAME,BIO,COUNT,LINK
#include <filesystem>

#include "ingest/internal/context.h"
#include "ingest/mos_memo_bio.h"
#include "names/names.h"

namespace memoria::ingest::internal {

namespace {

constexpr std::string_view kColumns[] = {"ADDRESS", "APT", "NAME", "BIO", "COUNT", "LINK"};
enum { kAddress, kApt, kName, kBio, kCount, kLink };

}  // namespace

Status ImportMosMemo(FileContext* ctx, const std::string& path) {
  MEMORIA_ASSIGN_OR_RETURN(auto reader, OpenTable(path, CsvOptions::Csv()));
  MEMORIA_ASSIGN_OR_RETURN(std::vector<std::string> header, ReadHeader(reader.get(), path));
  if (header.size() != std::size(kColumns)) {
    return InvalidArgumentError(path +
                                ": line 1: expected the columns ADDRESS,APT,NAME,BIO,"
                                "COUNT,LINK of profile mos-memo, found " +
                                std::to_string(header.size()) + " columns");
  }
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] != kColumns[i]) {
      return InvalidArgumentError(path + ": line 1: column " + std::to_string(i + 1) + " is '" +
                                  header[i] + "', expected '" + std::string(kColumns[i]) +
                                  "' (profile mos-memo)");
    }
  }
  store::SourceInfo source;
  source.key = "mos-memo:" + std::filesystem::path(path).filename().string();
  source.title =
      "Расстрелянные в Москве (mos.memo.ru): " + std::filesystem::path(path).filename().string();
  source.profile = "mos-memo";
  source.citation = "Мемориал. Расстрелянные в Москве. http://mos.memo.ru/";
  MEMORIA_RETURN_IF_ERROR(ctx->Begin(source, path));
  if (ctx->skipped()) return Status();  // the file was imported before

  MEMORIA_RETURN_IF_ERROR(ForEachRow(
      ctx, reader.get(), path, header.size(),
      [&](int64_t line, const std::vector<std::string_view>& f) -> Status {
        names::FullName name = names::SplitFullName(f[kName]);
        if (name.surname.empty()) {
          ctx->Reject(line, "column NAME is empty");
          return Status();
        }
        MosMemoBio bio = ParseMosMemoBio(f[kBio]);
        MEMORIA_ASSIGN_OR_RETURN(int64_t record, ctx->AddRecord(line, "", header, f));
        if (record == 0) return Status();
        MEMORIA_ASSIGN_OR_RETURN(int64_t person, ctx->NewPerson(record));
        MEMORIA_RETURN_IF_ERROR(
            ctx->Name(person, record, "main", name.surname, name.given, name.patronymic));
        auto event = [&](const char* type) {
          store::EventFact e;
          e.person_id = person;
          e.record_id = record;
          e.type = type;
          return e;
        };
        if (!bio.birth.empty() || !bio.birth_place.empty()) {
          store::EventFact e = event("birth");
          e.date = bio.birth;
          e.place = bio.birth_place;
          MEMORIA_RETURN_IF_ERROR(ctx->Event(std::move(e)));
        }
        if (!bio.execution.empty() || !bio.execution_text.empty()) {
          store::EventFact e = event("execution");
          e.date = bio.execution;
          e.date_text = bio.execution_text;
          e.place = "Москва";
          MEMORIA_RETURN_IF_ERROR(ctx->Event(std::move(e)));
        }
        if (!bio.burial_place.empty()) {
          store::EventFact e = event("burial");
          e.place = bio.burial_place;
          MEMORIA_RETURN_IF_ERROR(ctx->Event(std::move(e)));
        }
        MEMORIA_RETURN_IF_ERROR(ctx->Attribute(person, record, "nationality", bio.nationality));
        MEMORIA_RETURN_IF_ERROR(ctx->Attribute(person, record, "party", bio.party));
        MEMORIA_RETURN_IF_ERROR(ctx->Attribute(person, record, "occupation", bio.occupation));
        MEMORIA_RETURN_IF_ERROR(ctx->Attribute(person, record, "address", f[kAddress]));
        MEMORIA_RETURN_IF_ERROR(ctx->Attribute(person, record, "apartment", f[kApt]));
        MEMORIA_RETURN_IF_ERROR(ctx->Attribute(person, record, "address_as_written", bio.address));
        return Status();
      }));
  return ctx->Finish();
}

}  // namespace memoria::ingest::internal
