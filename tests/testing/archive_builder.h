// ArchiveBuilder makes test archives through the store's public write API
// (store::WriteTransaction): sources, records, persons, names, events,
// attributes, claims and places of any visibility, with no raw SQL. A
// failed write is a test failure (ADD_FAILURE) and returns 0.
//
//   ArchiveBuilder b(store.get());
//   int64_t src = b.Source("test:list.csv", "Книга памяти");
//   int64_t rec = b.Record(src, R"({"ФИО":"Иванов Иван"})");
//   int64_t p = b.Person(rec);                 // a person linked to the record
//   b.Name(p, rec, "Иванов", "Иван");
//   b.Event(p, rec, "birth", "1899");
//   b.Commit();
#ifndef MEMORIA_TESTS_TESTING_ARCHIVE_BUILDER_H_
#define MEMORIA_TESTS_TESTING_ARCHIVE_BUILDER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <vector>

#include "store/reader.h"
#include "store/store.h"
#include "store/write.h"

namespace memoria::testing {

class ArchiveBuilder {
 public:
  using Visibility = store::Visibility;
  static constexpr Visibility kPublic = Visibility::kPublic;

  // Opens a write transaction on "store" (which must outlive the builder).
  explicit ArchiveBuilder(store::Store* store);
  ~ArchiveBuilder();

  // A source and one import batch of it.
  int64_t Source(std::string_view key, std::string_view title, Visibility v = kPublic,
                 std::string_view citation = "");
  // A record of "source" (its raw JSON made unique by a counter unless
  // "raw" is given).
  int64_t Record(int64_t source, std::string_view raw = "", Visibility v = kPublic,
                 std::string_view external_id = "");
  // A person, linked to "record" when it is not 0.
  int64_t Person(int64_t record = 0, Visibility v = kPublic);
  void Link(int64_t person, int64_t record, std::string_view method = "source-id");
  int64_t Claim(std::string_view statement, Visibility v = kPublic);
  // Facts cite "from": a record id, or a claim id when "claim" is true.
  int64_t Name(int64_t person, int64_t from, std::string_view surname, std::string_view given,
               std::string_view patronymic = "", std::string_view kind = "main",
               Visibility v = kPublic, bool claim = false);
  int64_t Event(int64_t person, int64_t from, std::string_view type, std::string_view edtf,
                std::string_view place = "", Visibility v = kPublic, std::string_view body = "",
                std::string_view note = "", bool claim = false);
  int64_t Attribute(int64_t person, int64_t from, std::string_view kind, std::string_view value,
                    Visibility v = kPublic, bool claim = false);
  int64_t Place(std::string_view kind, std::string_view name, std::optional<double> lat = {},
                std::optional<double> lon = {});
  void PlaceName(int64_t place, std::string_view name, std::string_view norm, int64_t record);

  store::WriteTransaction& tx() { return *tx_; }
  // Commits; the builder can write no more.
  void Commit();

 private:
  store::Store* store_;
  std::optional<store::WriteTransaction> tx_;
  std::map<int64_t, int64_t> batch_of_source_;
  int64_t records_ = 0;
};

// The Reader of "store" at the public ceiling, and at the highest one (what
// an archivist sees); a test failure and nullptr when it cannot be made.
store::Reader* PublicView(store::Store* store);
store::Reader* FullView(store::Store* store);

// Raw reads for assertions the public API cannot express (tests only):
// the first column of the first row, and every row as text.
int64_t QueryInt(store::Store* store, std::string_view sql);
std::vector<std::vector<std::string>> QueryRows(store::Store* store, std::string_view sql);

}  // namespace memoria::testing

#endif  // MEMORIA_TESTS_TESTING_ARCHIVE_BUILDER_H_
