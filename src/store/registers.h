// The store's side of registers of persecution (docs/formats/registers.md):
// the rows a register import writes through WriteTransaction (store/write.h)
// and RegisterReader, the read path of registers for one visibility ceiling.
//
// A register (the Ministry of Justice register of "foreign agents", of
// "undesirable organisations", ...) is published as dated snapshots. Each
// snapshot is kept verbatim with its SHA-256 and the columns it had; entries
// are identified by the register's own number; every field of an entry is
// versioned by the snapshots in which it held, and the entry's events
// (included, changed, excluded, re-included) are derived from the snapshots
// (registers/registers.h derives them; the store keeps them).
//
// RegisterReader reads only the visible<c>_register_* views (store/internal/
// views.h): a register whose source is hidden at the ceiling does not exist
// there, nor does a hidden entry, its versions or its events; an entry's
// archive person is named only when that person is visible.
//
// Thread safety: like its Store, one thread at a time.
#ifndef MEMORIA_STORE_REGISTERS_H_
#define MEMORIA_STORE_REGISTERS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace memoria::store {

class Reader;

struct RegisterInfo {
  int64_t id = 0;
  std::string key;  // the register's own key in the archive: "foreign-agents"
  int64_t source_id = 0;
  std::string title, publisher, legal_basis;
  std::string profile;  // the import profile that reads its snapshots
  Visibility visibility = Visibility::kPublic;
  std::string created_at;
};

struct SnapshotInfo {
  int64_t id = 0;
  int64_t register_id = 0;
  int64_t batch_id = 0;
  std::string as_of;                 // YYYY-MM-DD
  int32_t as_of_day = 0;             // yyyymmdd
  std::string file_name;             // as imported, without its folder
  std::string file_sha256;           // lower-case hex of the file's bytes
  std::vector<std::string> columns;  // the header, as the file had it
  int64_t rows = 0;
};

// A snapshot with the file's bytes, exactly as imported.
struct StoredSnapshot {
  SnapshotInfo info;
  std::string content;
};

// The derived history of a register, as WriteTransaction::ReplaceRegisterHistory
// writes it. Versions and events name their entry by its index in "entries".
struct DerivedEntry {
  std::string number;
  int64_t sort_key = 0;  // the number's value when it is a whole number, else 0
  std::string kind;      // "person" or "organisation"
};
struct DerivedVersion {
  size_t entry = 0;
  std::string field, value;
  int64_t first_snapshot = 0, last_snapshot = 0;
  int32_t first_day = 0, last_day = 0;
};
struct DerivedEvent {
  size_t entry = 0;
  std::string kind;  // included | changed | excluded | reincluded
  int64_t snapshot_id = 0;
  int32_t day = 0;                   // the snapshot's as-of day
  std::string date;                  // EDTF: the decision date the register states ("" if none)
  int32_t date_min = 0;              // its earliest day, 0 when none
  std::string field, before, after;  // changed: what changed
};
struct DerivedHistory {
  std::vector<DerivedEntry> entries;
  std::vector<DerivedVersion> versions;
  std::vector<DerivedEvent> events;
};

// What RegisterReader returns.
struct RegisterSummary {
  RegisterInfo info;
  int64_t snapshots = 0;
  int64_t entries = 0;                  // visible entries, whatever their state
  std::string first_as_of, last_as_of;  // "" without snapshots
};

// An entry's field values at one snapshot (or its newest values).
struct RegisterEntryRow {
  int64_t entry_id = 0;
  std::string number;
  std::string kind;
  int64_t person_id = 0;  // 0 unless linked to a person visible at the ceiling
  std::vector<std::pair<std::string, std::string>> fields;  // by field key

  // The value of "field", or "" when the entry has none.
  const std::string& Field(std::string_view field) const;
};

struct RegisterVersionRow {
  std::string field, value;
  int64_t first_snapshot = 0, last_snapshot = 0;
  std::string first_as_of, last_as_of;
};

struct RegisterEventRow {
  int64_t event_id = 0;
  int64_t entry_id = 0;
  std::string number;
  std::string name;  // the entry's newest name
  std::string kind;
  int64_t snapshot_id = 0;
  std::string as_of;  // of the snapshot
  std::string date;   // EDTF decision date, "" if none
  std::string field, before, after;
};

// A register entry of a person, for the person's page.
struct PersonRegisterEntry {
  std::string register_key, register_title;
  std::string number;
  std::string included;     // EDTF: the inclusion decision the register states
  std::string first_as_of;  // the first snapshot that lists the entry
  std::string excluded;     // EDTF of the exclusion decision, "" while included
  std::string last_as_of;   // the last snapshot that lists the entry
};

class RegisterReader {
 public:
  // A reader of registers at "reader"'s ceiling, on its store's connection.
  // "*reader" (and its store) must outlive the RegisterReader.
  static Result<std::unique_ptr<RegisterReader>> Create(Reader* reader);
  ~RegisterReader();
  RegisterReader(const RegisterReader&) = delete;
  RegisterReader& operator=(const RegisterReader&) = delete;

  // Every visible register, by key.
  Result<std::vector<RegisterSummary>> Registers();
  // kNotFound when there is no visible register with this key.
  Result<RegisterSummary> Register(std::string_view key);
  // The register's snapshots, oldest first.
  Result<std::vector<SnapshotInfo>> Snapshots(int64_t register_id);
  // The file of a snapshot exactly as imported. kNotFound for a snapshot
  // of no visible register.
  Result<StoredSnapshot> Snapshot(int64_t snapshot_id);
  // The entries listed in the snapshot of "as_of_day" (yyyymmdd, a
  // snapshot's own day) with the values they had there, by number.
  Result<std::vector<RegisterEntryRow>> EntriesAt(int64_t register_id, int32_t as_of_day);
  // The entry with this number and its newest values; kNotFound when there
  // is no visible entry.
  Result<RegisterEntryRow> Entry(int64_t register_id, std::string_view number);
  // Every version of every field of an entry, by field, then oldest first.
  Result<std::vector<RegisterVersionRow>> Versions(int64_t entry_id);
  // Events of a register whose snapshot day lies in [from_day, to_day]
  // (0 for an open end), newest first, at most "limit" from "offset"; with
  // "entry_id" > 0 only that entry's, oldest first.
  struct EventQuery {
    int64_t register_id = 0;
    int64_t entry_id = 0;
    int32_t from_day = 0, to_day = 0;
    int64_t limit = 1000;
    int64_t offset = 0;
  };
  Result<std::vector<RegisterEventRow>> Events(const EventQuery& query);
  // How many events Events() would return without limit and offset.
  Result<int64_t> CountEvents(const EventQuery& query);
  // The register entries linked to this person, visible at the ceiling.
  Result<std::vector<PersonRegisterEntry>> EntriesOfPerson(int64_t person_id);

 private:
  explicit RegisterReader(Reader* reader);
  Result<Statement*> Cached(int slot, std::string_view sql);
  // Notes a confidential register, or entry (its visibility column), as a
  // confidential read of the Reader (Reader::TakeConfidentialSubjects).
  void NoteRegister(const RegisterSummary& r);
  void NoteEntry(int64_t entry_id, int64_t visibility);

  Store* store_;
  Reader* reader_;
  int ceiling_;
  std::vector<std::unique_ptr<Statement>> cache_;
};

}  // namespace memoria::store

#endif  // MEMORIA_STORE_REGISTERS_H_
