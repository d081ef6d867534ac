// Any bytes as a search query against a small in-memory archive: Search must
// answer with hits or a clear error, never crash, and scores stay in [0, 1].
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "search/search.h"
#include "store/reader.h"
#include "store/store.h"
#include "store/write.h"

namespace {

memoria::store::Reader* Archive() {
  static memoria::store::Reader* reader = [] {
    auto s = memoria::store::Store::OpenInMemory().value().release();
    auto tx = s->BeginWrite().value();
    memoria::store::SourceInfo info;
    info.key = "fuzz";
    info.title = "fuzz";
    info.profile = "fuzz";
    int64_t source = tx.EnsureSource(info).value();
    int64_t batch = tx.BeginBatch(source, "fuzz", "fuzz", "0").value();
    const char* names[][3] = {{"Щербакова", "Ирина", "Лазаревна"},
                              {"Ким", "Ен Сик", ""},
                              {"Иванов", "Иван", "Иванович"},
                              {"Müller", "Hans", ""}};
    int line = 0;
    for (const auto& n : names) {
      ++line;
      int64_t record = tx.AddRecord(source, batch, line, "", std::to_string(line)).value();
      int64_t person = tx.AddPerson(batch).value();
      tx.LinkRecord(person, record, "import").IgnoreError();
      memoria::store::NameFact f;
      f.person_id = person;
      f.record_id = record;
      f.surname = n[0];
      f.given = n[1];
      f.patronymic = n[2];
      tx.AddName(f).status().IgnoreError();
    }
    tx.Commit().IgnoreError();
    return s->ReaderFor(memoria::store::Visibility::kPublic).value();
  }();
  return reader;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view query(reinterpret_cast<const char*>(data), size);
  auto result = memoria::search::Search(Archive(), query, {});
  if (result.ok()) {
    for (const auto& hit : result->hits) {
      if (hit.score < 0 || hit.score > 1) std::abort();
    }
  }
  return 0;
}
