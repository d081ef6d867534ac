// The memorial-lists profile: the TSV of Memorial's full victims database.
// See docs/formats/memorial-lists.md for the columns.
#include <array>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "core/hash.h"
#include "core/text.h"
#include "ingest/internal/context.h"
#include "names/names.h"
#include "store/record_codec.h"

namespace memoria::ingest::internal {

namespace {

enum Column {
  kPersonId,
  kSurname,
  kName,
  kPatronimic,
  kBirthYear,
  kBirthYearComment,
  kAge,
  kSex,
  kBirthPlace,
  kNation,
  kCitizenship,
  kOccupation,
  kLivePlace,
  kEducation,
  kParty,
  kFamily,
  kArestDate,
  kArestOrgan,
  kArestType,
  kCriminalCase,
  kJudicialOrgan,
  kProcessDate,
  kCriminalArticle,
  kSentence,
  kWasExecuted,
  kDeathPlace,
  kDeathDate,
  kPreviousRepression,
  kNextRepression,
  kRehabilitationOrgan,
  kRehabilitationReason,
  kRehabilitationDate,
  kAllNameVariations,
  kNameVariations,
  kSurnameVariations,
  kPatronimicVariations,
  kFullnameVariations,
  kMemoryBook,
  kMemoryBookUrl,
  kColumnCount
};

constexpr std::array<std::string_view, kColumnCount> kColumnNames = {"person_id",
                                                                     "surname",
                                                                     "name",
                                                                     "patronimic",
                                                                     "birth_year",
                                                                     "birth_year_comment",
                                                                     "age",
                                                                     "sex",
                                                                     "birth_place",
                                                                     "nation",
                                                                     "citizenship",
                                                                     "occupation",
                                                                     "live_place",
                                                                     "education",
                                                                     "party",
                                                                     "family",
                                                                     "arest_date",
                                                                     "arest_organ",
                                                                     "arest_type",
                                                                     "criminal_case",
                                                                     "judicial_organ",
                                                                     "process_date",
                                                                     "criminal_article",
                                                                     "sentence",
                                                                     "was_executed",
                                                                     "death_place",
                                                                     "death_date",
                                                                     "previous_repression",
                                                                     "next_repression",
                                                                     "rehabilitation_organ",
                                                                     "rehabilitation_reason",
                                                                     "rehabilitation_date",
                                                                     "all_name_variations",
                                                                     "name_variations",
                                                                     "surname_variations",
                                                                     "patronimic_variations",
                                                                     "fullname_variations",
                                                                     "memory_book",
                                                                     "memory_book_url"};

// Which file column holds each known column (-1: absent).
using ColumnMap = std::array<int, kColumnCount>;

Result<ColumnMap> MapHeader(const std::vector<std::string>& header, const std::string& path) {
  ColumnMap map;
  map.fill(-1);
  for (size_t i = 0; i < header.size(); ++i) {
    int found = -1;
    for (int c = 0; c < kColumnCount; ++c) {
      if (header[i] == kColumnNames[c]) found = c;
    }
    if (found < 0) {
      return InvalidArgumentError(path + ": line 1: unknown column '" + header[i] +
                                  "' for profile memorial-lists (see docs/formats/"
                                  "memorial-lists.md)");
    }
    if (map[found] >= 0) {
      return InvalidArgumentError(path + ": line 1: column '" + header[i] + "' appears twice");
    }
    map[found] = static_cast<int>(i);
  }
  for (int c : {kPersonId, kSurname, kName, kPatronimic}) {
    if (map[c] < 0) {
      return InvalidArgumentError(path + ": line 1: required column '" +
                                  std::string(kColumnNames[c]) + "' is missing");
    }
  }
  return map;
}

// A parsed row, checked in full before anything is written.
struct Row {
  std::array<std::string_view, kColumnCount> v{};
  Edtf birth, arrest, trial, death, rehabilitation;
};

bool IsNone(std::string_view s) { return s.empty() || s == "None"; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

Status ParseDate(std::string_view text, Column column, Edtf* out) {
  if (IsNone(text)) return Status();
  Result<Edtf> d = EdtfFromMemorialDate(text);
  if (!d.ok()) {
    return InvalidArgumentError("column " + std::string(kColumnNames[column]) +
                                ": unparseable date '" + std::string(text) + "'");
  }
  *out = *d;
  return Status();
}

Status ParseBirthYear(std::string_view text, Edtf* out) {
  if (IsNone(text)) return Status();
  int year = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (ec == std::errc() && p == text.data() + text.size() && year >= 1000 && year <= 2100) {
    Result<Edtf> d = Edtf::Parse(text);
    if (d.ok()) {
      *out = *d;
      return Status();
    }
  }
  Result<Edtf> d = EdtfFromRussianText(text);
  if (!d.ok()) {
    return InvalidArgumentError("column birth_year: unparseable year '" + std::string(text) + "'");
  }
  *out = *d;
  return Status();
}

Status ParseRow(const ColumnMap& map, const std::vector<std::string_view>& fields, Row* row) {
  for (int c = 0; c < kColumnCount; ++c) {
    if (map[c] < 0) continue;
    std::string_view f = Trim(fields[map[c]]);
    row->v[c] = IsNone(f) ? std::string_view() : f;
  }
  if (row->v[kPersonId].empty()) return InvalidArgumentError("column person_id is empty");
  if (row->v[kSurname].empty() && row->v[kName].empty()) {
    return InvalidArgumentError("no surname and no given name");
  }
  MEMORIA_RETURN_IF_ERROR(ParseBirthYear(row->v[kBirthYear], &row->birth));
  MEMORIA_RETURN_IF_ERROR(ParseDate(row->v[kArestDate], kArestDate, &row->arrest));
  MEMORIA_RETURN_IF_ERROR(ParseDate(row->v[kProcessDate], kProcessDate, &row->trial));
  MEMORIA_RETURN_IF_ERROR(ParseDate(row->v[kDeathDate], kDeathDate, &row->death));
  MEMORIA_RETURN_IF_ERROR(
      ParseDate(row->v[kRehabilitationDate], kRehabilitationDate, &row->rehabilitation));
  std::string_view executed = row->v[kWasExecuted];
  if (!executed.empty() && executed != "T" && executed != "F") {
    return InvalidArgumentError("column was_executed: expected T or F, found '" +
                                std::string(executed) + "'");
  }
  return Status();
}

// Splits a variations field on ';' and ','.
std::vector<std::string_view> SplitList(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ';' || s[i] == ',') {
      std::string_view piece = Trim(s.substr(start, i - start));
      if (!piece.empty()) out.push_back(piece);
      start = i + 1;
    }
  }
  return out;
}

// One row, parsed and turned into owned facts on the reader thread, written
// on the store's thread. person_id and record_id are filled when written.
struct Item {
  int64_t line = 0;
  std::string reject;  // non-empty: the row is rejected for this reason
  std::string external_id;
  std::string packed;  // the fields in the record encoding (store/record_codec.h)
  Sha256Digest hash{};
  int64_t record = 0;  // its id once written (0: not written)
  std::vector<store::NameFact> names;
  std::vector<store::EventFact> events;
  std::vector<store::AttributeFact> attributes;
};

void AddName(Item* item, std::string_view kind, std::string_view surname, std::string_view given,
             std::string_view patronymic) {
  if (surname.empty() && given.empty() && patronymic.empty()) return;
  store::NameFact n;
  n.kind = std::string(kind);
  n.surname = std::string(surname);
  n.given = std::string(given);
  n.patronymic = std::string(patronymic);
  n.norm_surname = names::NormalizeNamePart(n.surname);
  n.norm_given = names::NormalizeNamePart(n.given);
  n.norm_patronymic = names::NormalizeNamePart(n.patronymic);
  n.norm_filled = true;
  item->names.push_back(std::move(n));
}

void BuildFacts(const Row& r, Item* item) {
  const auto& v = r.v;
  AddName(item, "main", v[kSurname], v[kName], v[kPatronimic]);
  for (std::string_view full : SplitList(v[kFullnameVariations])) {
    names::FullName n = names::SplitFullName(full);
    AddName(item, "variant", n.surname, n.given, n.patronymic);
  }
  for (std::string_view s : SplitList(v[kSurnameVariations])) {
    AddName(item, "variant", s, v[kName], v[kPatronimic]);
  }
  for (std::string_view s : SplitList(v[kNameVariations])) {
    AddName(item, "variant", v[kSurname], s, v[kPatronimic]);
  }
  for (std::string_view s : SplitList(v[kPatronimicVariations])) {
    AddName(item, "variant", v[kSurname], v[kName], s);
  }

  auto event = [&](const char* type, const Edtf& date, std::string_view date_text) {
    store::EventFact e;
    e.type = type;
    e.date = date;
    e.date_text = std::string(date_text);
    return e;
  };
  if (!r.birth.empty() || !v[kBirthPlace].empty() || !v[kBirthYearComment].empty()) {
    store::EventFact e = event("birth", r.birth, v[kBirthYear]);
    e.place = std::string(v[kBirthPlace]);
    e.note = std::string(v[kBirthYearComment]);
    item->events.push_back(std::move(e));
  }
  if (!r.arrest.empty() || !v[kArestOrgan].empty() || !v[kArestType].empty()) {
    store::EventFact e = event("arrest", r.arrest, v[kArestDate]);
    e.body = std::string(v[kArestOrgan]);
    e.note = std::string(v[kArestType]);
    item->events.push_back(std::move(e));
  }
  if (!r.trial.empty() || !v[kJudicialOrgan].empty() || !v[kSentence].empty() ||
      !v[kCriminalArticle].empty()) {
    store::EventFact e = event("sentence", r.trial, v[kProcessDate]);
    e.body = std::string(v[kJudicialOrgan]);
    e.article = std::string(v[kCriminalArticle]);
    e.sentence = std::string(v[kSentence]);
    e.note = std::string(v[kCriminalCase]);
    item->events.push_back(std::move(e));
  }
  bool executed = v[kWasExecuted] == "T";
  if (executed || !r.death.empty() || !v[kDeathPlace].empty()) {
    store::EventFact e = event(executed ? "execution" : "death", r.death, v[kDeathDate]);
    e.place = std::string(v[kDeathPlace]);
    item->events.push_back(std::move(e));
  }
  if (!r.rehabilitation.empty() || !v[kRehabilitationOrgan].empty() ||
      !v[kRehabilitationReason].empty()) {
    store::EventFact e = event("rehabilitation", r.rehabilitation, v[kRehabilitationDate]);
    e.body = std::string(v[kRehabilitationOrgan]);
    e.note = std::string(v[kRehabilitationReason]);
    item->events.push_back(std::move(e));
  }
  static constexpr std::pair<Column, const char*> kAttributes[] = {
      {kSex, "sex"},
      {kAge, "age_at_arrest"},
      {kNation, "nationality"},
      {kCitizenship, "citizenship"},
      {kOccupation, "occupation"},
      {kLivePlace, "residence"},
      {kEducation, "education"},
      {kParty, "party"},
      {kFamily, "family"},
      {kPreviousRepression, "previous_repression"},
      {kNextRepression, "next_repression"},
      {kMemoryBook, "memory_book"},
  };
  for (const auto& [column, kind] : kAttributes) {
    if (v[column].empty()) continue;
    store::AttributeFact& a = item->attributes.emplace_back();
    a.kind = kind;
    a.value = std::string(v[column]);
  }
}

// Parses one row on the reader thread. The record is stored packed; its
// hash is that of its canonical JSON ("json", a reused buffer).
void PrepareItem(const ColumnMap& map, const std::vector<std::string>& header,
                 const std::vector<std::string_view>& fields, Item* item, std::string* json) {
  Row row;
  Status parsed = ParseRow(map, fields, &row);
  if (!parsed.ok()) {
    item->reject = parsed.message();
    return;
  }
  item->external_id = std::string(row.v[kPersonId]);
  store::PackFields(std::span<const std::string_view>(fields), &item->packed);
  BuildRawJson(header, fields, json);
  item->hash = Sha256(*json);
  BuildFacts(row, item);
}

// Writes the record of one prepared row on the store's thread; item->record
// is its id, or 0 for a rejected row or one the source holds already.
Status WriteRecord(FileContext* ctx, int64_t layout_id, Item* item) {
  item->record = 0;
  if (!item->reject.empty()) {
    ctx->Reject(item->line, std::move(item->reject));
    return Status();
  }
  MEMORIA_ASSIGN_OR_RETURN(item->record, ctx->AddPackedRecord(item->line, item->external_id,
                                                              layout_id, item->packed, item->hash));
  return Status();
}

// Writes the records of a batch, then a person for each new record, then
// the facts of them all, each kind in multi-row statements.
Status WriteBatch(FileContext* ctx, int64_t layout_id, std::vector<Item>* batch) {
  std::vector<int64_t> records;
  records.reserve(batch->size());
  for (Item& item : *batch) {
    ++ctx->report()->rows_read;
    MEMORIA_RETURN_IF_ERROR(WriteRecord(ctx, layout_id, &item));
    if (item.record != 0) records.push_back(item.record);
  }
  MEMORIA_ASSIGN_OR_RETURN(int64_t person, ctx->NewPersons(records));
  // Sized first: an event is a few hundred bytes, and the vectors'
  // growth moved each several times (6 % of the writer's time).
  size_t name_count = 0, event_count = 0, attribute_count = 0;
  for (const Item& item : *batch) {
    if (item.record == 0) continue;
    name_count += item.names.size();
    event_count += item.events.size();
    attribute_count += item.attributes.size();
  }
  std::vector<store::NameFact> names;
  std::vector<store::EventFact> events;
  std::vector<store::AttributeFact> attributes;
  names.reserve(name_count);
  events.reserve(event_count);
  attributes.reserve(attribute_count);
  for (Item& item : *batch) {
    if (item.record == 0) continue;
    for (store::NameFact& n : item.names) {
      n.person_id = person;
      n.record_id = item.record;
      names.push_back(std::move(n));
    }
    for (store::EventFact& e : item.events) {
      e.person_id = person;
      e.record_id = item.record;
      events.push_back(std::move(e));
    }
    for (store::AttributeFact& a : item.attributes) {
      a.person_id = person;
      a.record_id = item.record;
      attributes.push_back(std::move(a));
    }
    ++person;
  }
  return ctx->Facts(names, events, attributes);
}

// A bounded queue of row batches from the reader thread to the writer.
class BatchQueue {
 public:
  static constexpr size_t kMaxBatches = 8;

  // Blocks while full. Returns false when the consumer has quit.
  bool Push(std::vector<Item> batch) {
    std::unique_lock<std::mutex> lock(mu_);
    not_full_.wait(lock, [&] { return batches_.size() < kMaxBatches || quit_; });
    if (quit_) return false;
    batches_.push_back(std::move(batch));
    not_empty_.notify_one();
    return true;
  }
  // Marks the end of input, with the reader's final status.
  void Close(Status status) {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    final_ = std::move(status);
    not_empty_.notify_one();
  }
  // Blocks until a batch is available; false at the end.
  bool Pop(std::vector<Item>* batch) {
    std::unique_lock<std::mutex> lock(mu_);
    not_empty_.wait(lock, [&] { return !batches_.empty() || closed_; });
    if (batches_.empty()) return false;
    *batch = std::move(batches_.front());
    batches_.pop_front();
    not_full_.notify_one();
    return true;
  }
  // The consumer gives up (an error): unblocks the producer.
  void Quit() {
    std::lock_guard<std::mutex> lock(mu_);
    quit_ = true;
    not_full_.notify_all();
  }
  Status final_status() {
    std::lock_guard<std::mutex> lock(mu_);
    return final_;
  }
  // The consumer hands back a batch it has written, so that the producer
  // frees its memory: freed on the thread that allocated it, the memory is
  // reused by that thread's allocator instead of piling up in the other's.
  void Recycle(std::vector<Item> batch) {
    std::lock_guard<std::mutex> lock(mu_);
    spent_.push_back(std::move(batch));
  }
  // Frees the batches handed back so far (the producer's side).
  void FreeSpent() {
    std::vector<std::vector<Item>> spent;
    {
      std::lock_guard<std::mutex> lock(mu_);
      spent.swap(spent_);
    }
  }

 private:
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<std::vector<Item>> batches_;
  std::vector<std::vector<Item>> spent_;
  bool closed_ = false;
  bool quit_ = false;
  Status final_;
};

}  // namespace

Status ImportMemorialLists(FileContext* ctx, const std::string& path) {
  MEMORIA_ASSIGN_OR_RETURN(auto reader, OpenTable(path, CsvOptions::Tsv()));
  MEMORIA_ASSIGN_OR_RETURN(std::vector<std::string> header, ReadHeader(reader.get(), path));
  MEMORIA_ASSIGN_OR_RETURN(ColumnMap map, MapHeader(header, path));

  store::SourceInfo source;
  source.key = "memorial-lists:" + std::filesystem::path(path).filename().string();
  source.title = "Memorial victims database: " + std::filesystem::path(path).filename().string();
  source.profile = "memorial-lists";
  MEMORIA_RETURN_IF_ERROR(ctx->Begin(source, path));
  if (ctx->skipped()) return Status();  // the file was imported before
  MEMORIA_ASSIGN_OR_RETURN(int64_t layout_id, ctx->tx()->EnsureRecordLayout(header));
  // A file large against the archive is loaded with the secondary indexes
  // built afterwards (WriteTransaction::BeginBulkLoad): about one row per
  // kBytesPerRow bytes of the file.
  constexpr int64_t kBytesPerRow = 512;
  MEMORIA_RETURN_IF_ERROR(
      ctx->tx()
          ->BeginBulkLoad(static_cast<int64_t>(reader->total_bytes()) / kBytesPerRow)
          .status());

  // Reading, parsing, JSON and hashing run on a second thread; this thread
  // only writes to SQLite, which is the larger half of the work.
  constexpr size_t kBatchRows = 512;
  BatchQueue queue;
  std::thread reader_thread([&] {
    std::vector<Item> batch;
    batch.reserve(kBatchRows);
    std::vector<std::string_view> fields;
    std::string json;
    Status final;
    while (true) {
      Result<bool> got = reader->Next(&fields);
      Item item;
      item.line = reader->line();
      if (!got.ok()) {
        const Status& st = got.status();
        if (reader->broken()) {
          final = st.Annotate(path);
          break;
        }
        item.reject = st.message();  // a row error: the reader moved on
      } else if (!*got) {
        break;
      } else if (fields.size() != header.size()) {
        item.reject = "expected " + std::to_string(header.size()) + " fields, found " +
                      std::to_string(fields.size());
      } else {
        PrepareItem(map, header, fields, &item, &json);
      }
      batch.push_back(std::move(item));
      if (batch.size() == kBatchRows) {
        if (!queue.Push(std::move(batch))) return;
        queue.FreeSpent();
        batch.clear();
        batch.reserve(kBatchRows);
        ctx->Progress(*reader, reader->line());
      }
    }
    if (!batch.empty() && final.ok()) queue.Push(std::move(batch));
    queue.Close(std::move(final));
  });

  Status written;
  std::vector<Item> batch;
  FileReport* report = ctx->report();
  while (written.ok() && queue.Pop(&batch)) {
    written = WriteBatch(ctx, layout_id, &batch);
    queue.Recycle(std::move(batch));
    batch.clear();
  }
  if (!written.ok()) queue.Quit();
  reader_thread.join();
  MEMORIA_RETURN_IF_ERROR(written);
  MEMORIA_RETURN_IF_ERROR(queue.final_status());
  ctx->Progress(*reader, report->rows_read);
  MEMORIA_RETURN_IF_ERROR(ctx->tx()->EndBulkLoad());
  return ctx->Finish();
}

}  // namespace memoria::ingest::internal
