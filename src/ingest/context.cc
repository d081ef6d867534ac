#include "ingest/internal/context.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unordered_map>

#include "core/hash.h"
#include "core/text.h"
#include "store/record_codec.h"

namespace memoria::ingest::internal {

void BuildRawJson(const std::vector<std::string>& header,
                  const std::vector<std::string_view>& fields, std::string* out) {
  store::RecordJson(std::span<const std::string>(header), fields, out);
}

Result<std::unique_ptr<CsvReader>> OpenTable(const std::string& path, const CsvOptions& options) {
  return CsvReader::Open(path, options);
}

Result<std::vector<std::string>> ReadHeader(CsvReader* reader, const std::string& path) {
  std::vector<std::string_view> fields;
  Result<bool> got = reader->Next(&fields);
  if (!got.ok()) {
    if (got.status().message().find("UTF-8") != std::string::npos) {
      return InvalidArgumentError(path +
                                  ": the header is not valid UTF-8; convert the file to UTF-8 "
                                  "first (e.g. iconv -f CP1251 -t UTF-8)");
    }
    return got.status().Annotate(path);
  }
  if (!*got) return InvalidArgumentError(path + ": the file is empty (no header row)");
  std::vector<std::string> header;
  std::unordered_map<std::string, size_t> seen;
  for (std::string_view f : fields) {
    header.emplace_back(CollapseSpace(f));
    auto [it, fresh] = seen.emplace(header.back(), header.size());
    if (!fresh) {
      return InvalidArgumentError(path + ": line 1: the header names column '" + header.back() +
                                  "' twice (columns " + std::to_string(it->second) + " and " +
                                  std::to_string(header.size()) +
                                  "); rename one of them so every column has its own name");
    }
  }
  return header;
}

std::string EncodingHint(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(1 << 16, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  // A cut in the middle of a UTF-8 sequence is not an error of the file.
  size_t end = head.size();
  while (end > 0 && end + 4 > head.size() &&
         (static_cast<unsigned char>(head[end - 1]) & 0xC0) == 0x80)
    --end;
  if (end > 0 && static_cast<unsigned char>(head[end - 1]) >= 0xC0) --end;
  if (IsValidUtf8(std::string_view(head).substr(0, end))) return "";
  // Cyrillic text is mostly lower case: Windows-1251 puts а..я at
  // 0xE0..0xFF, KOI8-R at 0xC0..0xDF.
  int64_t upper_half = 0, lower_half = 0;
  for (unsigned char c : head) {
    if (c >= 0xE0)
      ++upper_half;
    else if (c >= 0xC0)
      ++lower_half;
  }
  if (upper_half == 0 && lower_half == 0) {
    return "the file is not UTF-8; convert it to UTF-8 first (e.g. with iconv -f ENCODING -t "
           "utf-8)";
  }
  if (lower_half > upper_half) {
    return "the file looks like KOI8-R; convert it with iconv -f koi8-r -t utf-8";
  }
  return "the file looks like Windows-1251; convert it with iconv -f cp1251 -t utf-8";
}

Status FileContext::Begin(const store::SourceInfo& source, const std::string& path) {
  MEMORIA_ASSIGN_OR_RETURN(Sha256Digest digest, Sha256File(path));
  const std::string sha = ToHex(digest);
  MEMORIA_ASSIGN_OR_RETURN(std::optional<store::BatchInfo> prior, tx_->FindBatchBySha(sha));
  if (prior.has_value()) {
    report_->already_imported = std::move(prior);
    skipped_ = true;
    return Status();
  }
  store::SourceInfo info = source;
  const std::string name = std::filesystem::path(path).filename().string();
  if (!options_.append_to.empty()) {
    info.key = options_.append_to;
  } else if (std::max(info.visibility, options_.visibility) == store::Visibility::kConfidential) {
    // A key stays in clear (it finds the source again): a confidential
    // file's name in it is replaced by the start of the file's SHA-256.
    if (const size_t at = info.key.find(name); !name.empty() && at != std::string::npos) {
      info.key.replace(at, name.size(), "sha256-" + sha.substr(0, 16));
    }
  }
  MEMORIA_ASSIGN_OR_RETURN(int64_t existing, tx_->FindSource(info.key));
  if (!options_.append_to.empty() && existing == 0) {
    return NotFoundError("--append-to " + options_.append_to +
                         ": the archive has no source with that key (memoria batch list shows "
                         "the sources' keys)");
  }
  if (options_.append_to.empty() && existing != 0 && !tx_->CreatedSource(existing)) {
    return InvalidArgumentError(
        path + ": the archive already has a source '" + info.key +
        "'; to add this file's records to it, import with --append-to " + info.key +
        "; to import it as a separate source, give it another key (the mapping's source.key)");
  }
  if (existing == 0 && info.visibility < options_.visibility) info.visibility = options_.visibility;
  MEMORIA_ASSIGN_OR_RETURN(source_id_, tx_->EnsureSource(info));
  MEMORIA_ASSIGN_OR_RETURN(batch_id_, tx_->BeginBatch(source_id_, source.profile, name, sha));
  return Status();
}

Status FileContext::Finish() {
  if (skipped_) return Status();
  if (MostlyRejected(report_->rows_read, report_->rows_rejected)) {
    std::string message = report_->file + ": " + std::to_string(report_->rows_rejected) + " of " +
                          std::to_string(report_->rows_read) +
                          " rows were rejected, so the file is refused whole";
    if (!report_->rejections.empty()) {
      message += " (line " + std::to_string(report_->rejections.front().line) + ": " +
                 report_->rejections.front().reason + ")";
    }
    std::string hint = EncodingHint(report_->file);
    bool encoding = false;
    for (const Rejection& r : report_->rejections) {
      encoding |= r.reason.find("UTF-8") != std::string::npos;
    }
    if (encoding && !hint.empty()) message += "; " + hint;
    return InvalidArgumentError(message);
  }
  store::BatchCounts c;
  c.rows_read = report_->rows_read;
  c.records_added = report_->records_added;
  c.duplicates = report_->duplicates;
  c.rows_rejected = report_->rows_rejected;
  c.persons_added = report_->persons_added;
  if (options_.visibility != store::Visibility::kPublic) {
    MEMORIA_RETURN_IF_ERROR(tx_->SetBatchVisibility(batch_id_, options_.visibility));
  }
  return tx_->FinishBatch(batch_id_, c);
}

Result<int64_t> FileContext::AddRecord(int64_t line, std::string_view external_id,
                                       const std::vector<std::string>& header,
                                       const std::vector<std::string_view>& fields) {
  BuildRawJson(header, fields, &raw_);
  return AddPreparedRecord(line, external_id, raw_, Sha256(raw_));
}

Result<int64_t> FileContext::AddPreparedRecord(int64_t line, std::string_view external_id,
                                               std::string_view raw, const Sha256Digest& hash) {
  return AddWithOccurrence(hash, [&](int64_t occurrence) {
    return tx_->AddRecord(source_id_, batch_id_, line, external_id, raw, &hash, occurrence);
  });
}

Result<int64_t> FileContext::AddPackedRecord(int64_t line, std::string_view external_id,
                                             int64_t layout_id, std::string_view packed,
                                             const Sha256Digest& hash) {
  store::PackedRecord record;
  record.source_id = source_id_;
  record.batch_id = batch_id_;
  record.position = line;
  record.external_id = external_id;
  record.layout_id = layout_id;
  record.packed = packed;
  record.hash = hash;
  return AddWithOccurrence(hash, [&](int64_t occurrence) {
    record.occurrence = occurrence;
    return tx_->AddPackedRecord(record);
  });
}

Result<int64_t> FileContext::AddWithOccurrence(const Sha256Digest& hash,
                                               const std::function<Result<int64_t>(int64_t)>& add) {
  // The k-th exact copy of a row within this file is stored as occurrence k.
  // A conflict with a record of an earlier batch means the row was imported
  // before (a duplicate); a conflict with this batch's own record means the
  // file repeats the row, which is kept as the next occurrence.
  auto it = seen_.find(hash);
  int64_t occurrence = it == seen_.end() ? 1 : it->second + 1;
  while (true) {
    MEMORIA_ASSIGN_OR_RETURN(int64_t id, add(occurrence));
    if (id != 0) {
      if (it != seen_.end()) it->second = occurrence;
      ++report_->records_added;
      return id;
    }
    bool retracted = false;
    MEMORIA_ASSIGN_OR_RETURN(int64_t batch,
                             tx_->RecordBatch(source_id_, hash, occurrence, &retracted));
    if (retracted) {
      // The copy of a retracted batch does not count: the row is imported
      // anew under the next free occurrence.
      ++occurrence;
      continue;
    }
    it = seen_.insert_or_assign(hash, occurrence).first;
    if (batch != batch_id_) {
      ++report_->duplicates;
      return int64_t{0};
    }
    ++occurrence;
  }
}

Status FileContext::NameFact(const store::NameFact& name) {
  MEMORIA_RETURN_IF_ERROR(tx_->AddName(name).status());
  ++report_->names_added;
  return Status();
}

Result<int64_t> FileContext::NewPerson(int64_t record_id) {
  MEMORIA_ASSIGN_OR_RETURN(int64_t person, tx_->AddPerson(batch_id_));
  MEMORIA_RETURN_IF_ERROR(tx_->LinkRecord(person, record_id, "import"));
  ++report_->persons_added;
  return person;
}

Result<int64_t> FileContext::NewPersons(std::span<const int64_t> record_ids) {
  MEMORIA_ASSIGN_OR_RETURN(int64_t first,
                           tx_->AddPersonsForRecords(batch_id_, record_ids, "import"));
  report_->persons_added += static_cast<int64_t>(record_ids.size());
  return first;
}

void FileContext::Reject(int64_t line, std::string reason) {
  ++report_->rows_rejected;
  if (report_->rejections.size() < kMaxRejectionsKept) {
    report_->rejections.push_back(Rejection{line, std::move(reason)});
  }
}

Status FileContext::Name(int64_t person, int64_t record, std::string_view kind,
                         std::string_view surname, std::string_view given,
                         std::string_view patronymic) {
  if (surname.empty() && given.empty() && patronymic.empty()) return Status();
  store::NameFact n;
  n.person_id = person;
  n.record_id = record;
  n.kind = std::string(kind);
  n.surname = std::string(surname);
  n.given = std::string(given);
  n.patronymic = std::string(patronymic);
  MEMORIA_RETURN_IF_ERROR(tx_->AddName(n).status());
  ++report_->names_added;
  return Status();
}

Status FileContext::Event(store::EventFact event) {
  MEMORIA_RETURN_IF_ERROR(tx_->AddEvent(event).status());
  ++report_->events_added;
  return Status();
}

Status FileContext::Facts(std::span<const store::NameFact> names,
                          std::span<const store::EventFact> events,
                          std::span<const store::AttributeFact> attributes) {
  MEMORIA_RETURN_IF_ERROR(tx_->AddFacts(names, events, attributes));
  report_->names_added += static_cast<int64_t>(names.size());
  report_->events_added += static_cast<int64_t>(events.size());
  report_->attributes_added += static_cast<int64_t>(attributes.size());
  return Status();
}

Status FileContext::Attribute(int64_t person, int64_t record, std::string_view kind,
                              std::string_view value) {
  if (value.empty()) return Status();
  store::AttributeFact a;
  a.person_id = person;
  a.record_id = record;
  a.kind = std::string(kind);
  a.value = std::string(value);
  MEMORIA_RETURN_IF_ERROR(tx_->AddAttribute(a).status());
  ++report_->attributes_added;
  return Status();
}

void FileContext::Progress(const CsvReader& reader, int64_t rows) {
  if (options_.progress)
    options_.progress(report_->file, reader.bytes_read(), reader.total_bytes(), rows);
}

Status ForEachRow(FileContext* ctx, CsvReader* reader, const std::string& path,
                  size_t expected_fields,
                  const std::function<Status(int64_t, const std::vector<std::string_view>&)>& fn) {
  FileReport* report = ctx->report();
  std::vector<std::string_view> fields;
  while (true) {
    Result<bool> got = reader->Next(&fields);
    if (!got.ok()) {
      const Status& s = got.status();
      if (reader->broken()) return s.Annotate(path);
      // A row error: the reader has moved on to the next record.
      ++report->rows_read;
      ctx->Reject(reader->line(), s.message());
      continue;
    }
    if (!*got) break;
    ++report->rows_read;
    if ((report->rows_read & 0x3fff) == 0) ctx->Progress(*reader, report->rows_read);
    if (expected_fields != 0 && fields.size() != expected_fields) {
      ctx->Reject(reader->line(), "expected " + std::to_string(expected_fields) +
                                      " fields, found " + std::to_string(fields.size()));
      continue;
    }
    MEMORIA_RETURN_IF_ERROR(fn(reader->line(), fields));
  }
  ctx->Progress(*reader, report->rows_read);
  return Status();
}

}  // namespace memoria::ingest::internal
