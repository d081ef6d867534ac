#include "testing/archive_builder.h"

#include <gtest/gtest.h>

#include "core/edtf.h"
#include "store/internal/testing.h"

namespace memoria::testing {
namespace {

// The value of "r", or 0 with a test failure naming "what".
template <typename T>
int64_t Take(Result<T> r, std::string_view what) {
  if (!r.ok()) {
    ADD_FAILURE() << what << ": " << r.status();
    return 0;
  }
  return *r;
}

void Check(const Status& s, std::string_view what) {
  if (!s.ok()) ADD_FAILURE() << what << ": " << s;
}

}  // namespace

ArchiveBuilder::ArchiveBuilder(store::Store* store) : store_(store) {
  Result<store::WriteTransaction> tx = store_->BeginWrite();
  if (!tx.ok()) {
    ADD_FAILURE() << "BeginWrite: " << tx.status();
    return;
  }
  tx_.emplace(std::move(tx).value());
}

ArchiveBuilder::~ArchiveBuilder() = default;

int64_t ArchiveBuilder::Source(std::string_view key, std::string_view title, Visibility v,
                               std::string_view citation) {
  store::SourceInfo info;
  info.key = std::string(key);
  info.title = std::string(title);
  info.profile = "test";
  info.citation = std::string(citation);
  info.visibility = v;
  const int64_t id = Take(tx_->EnsureSource(info), "EnsureSource");
  batch_of_source_[id] =
      Take(tx_->BeginBatch(id, "test", std::string(key) + ".csv", "00"), "BeginBatch");
  return id;
}

int64_t ArchiveBuilder::Record(int64_t source, std::string_view raw, Visibility v,
                               std::string_view external_id) {
  ++records_;
  const std::string body =
      raw.empty() ? "{\"row\":\"" + std::to_string(records_) + "\"}" : std::string(raw);
  return Take(tx_->AddRecord(source, batch_of_source_[source], records_ + 1, external_id, body,
                             nullptr, 1, v),
              "AddRecord");
}

int64_t ArchiveBuilder::Person(int64_t record, Visibility v) {
  int64_t batch = 0;
  if (!batch_of_source_.empty()) batch = batch_of_source_.begin()->second;
  const int64_t person = Take(tx_->AddPerson(batch, v), "AddPerson");
  if (record != 0) Link(person, record, "import");
  return person;
}

void ArchiveBuilder::Link(int64_t person, int64_t record, std::string_view method) {
  Check(tx_->LinkRecord(person, record, method), "LinkRecord");
}

int64_t ArchiveBuilder::Claim(std::string_view statement, Visibility v) {
  return Take(tx_->AddClaim("test", statement, "", v), "AddClaim");
}

int64_t ArchiveBuilder::Name(int64_t person, int64_t from, std::string_view surname,
                             std::string_view given, std::string_view patronymic,
                             std::string_view kind, Visibility v, bool claim) {
  store::NameFact n;
  n.person_id = person;
  (claim ? n.claim_id : n.record_id) = from;
  n.kind = std::string(kind);
  n.surname = std::string(surname);
  n.given = std::string(given);
  n.patronymic = std::string(patronymic);
  n.visibility = v;
  return Take(tx_->AddName(n), "AddName");
}

int64_t ArchiveBuilder::Event(int64_t person, int64_t from, std::string_view type,
                              std::string_view edtf, std::string_view place, Visibility v,
                              std::string_view body, std::string_view note, bool claim) {
  store::EventFact e;
  e.person_id = person;
  (claim ? e.claim_id : e.record_id) = from;
  e.type = std::string(type);
  if (!edtf.empty()) {
    Result<Edtf> date = Edtf::Parse(edtf);
    if (!date.ok()) {
      ADD_FAILURE() << "bad EDTF " << edtf;
      return 0;
    }
    e.date = *date;
  }
  e.place = std::string(place);
  e.body = std::string(body);
  e.note = std::string(note);
  e.visibility = v;
  return Take(tx_->AddEvent(e), "AddEvent");
}

int64_t ArchiveBuilder::Attribute(int64_t person, int64_t from, std::string_view kind,
                                  std::string_view value, Visibility v, bool claim) {
  store::AttributeFact a;
  a.person_id = person;
  (claim ? a.claim_id : a.record_id) = from;
  a.kind = std::string(kind);
  a.value = std::string(value);
  a.visibility = v;
  return Take(tx_->AddAttribute(a), "AddAttribute");
}

int64_t ArchiveBuilder::Place(std::string_view kind, std::string_view name,
                              std::optional<double> lat, std::optional<double> lon) {
  return Take(tx_->AddPlace(kind, name, lat, lon), "AddPlace");
}

void ArchiveBuilder::PlaceName(int64_t place, std::string_view name, std::string_view norm,
                               int64_t record) {
  Check(tx_->AddPlaceName(place, name, norm, record), "AddPlaceName");
}

store::Reader* PublicView(store::Store* store) {
  Result<store::Reader*> r = store->ReaderFor(store::Visibility::kPublic);
  if (!r.ok()) ADD_FAILURE() << r.status();
  return r.ok() ? *r : nullptr;
}

store::Reader* FullView(store::Store* store) {
  Result<store::Reader*> r = store->ReaderFor(store::Visibility::kConfidential);
  if (!r.ok()) ADD_FAILURE() << r.status();
  return r.ok() ? *r : nullptr;
}

int64_t QueryInt(store::Store* store, std::string_view sql) {
  return Take(store::StoreTesting::QueryInt(store, sql), sql);
}

std::vector<std::vector<std::string>> QueryRows(store::Store* store, std::string_view sql) {
  Result<std::vector<std::vector<std::string>>> rows = store::StoreTesting::Rows(store, sql);
  if (!rows.ok()) {
    ADD_FAILURE() << sql << ": " << rows.status();
    return {};
  }
  return *rows;
}

void ArchiveBuilder::Commit() {
  if (!tx_.has_value()) return;
  Check(tx_->Commit(), "Commit");
  tx_.reset();
}

}  // namespace memoria::testing
