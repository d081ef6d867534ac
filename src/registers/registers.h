// Registers of persecution: the state's own lists of the persecuted (the
// Ministry of Justice register of "foreign agents", of "undesirable
// organisations", ...), each published as dated snapshots that overwrite the
// last. memoria keeps every snapshot verbatim and derives the history from
// them (docs/formats/registers.md):
//
//   - a profile says how a snapshot's columns map to the register's fields
//     (ForeignAgentsProfile, or a mapping file: LoadMappedProfile);
//   - ParseSnapshot reads one snapshot and refuses format drift (a missing,
//     extra or renamed column, a re-saved file, a file that is not a
//     register) with a clear reason;
//   - HistoryBuilder turns the snapshots, oldest first, into entries (by the
//     register's own number), field versions and events; the history is a
//     function of the set of snapshots, whatever order they were imported in;
//   - Import writes snapshots, history and the register's persons in one
//     transaction (a failed import leaves the archive as it was);
//   - Diff, List and History answer the questions of `memoria register` and
//     the /registers pages from a store::RegisterReader.
//
// Thread safety: the functions are reentrant; a HistoryBuilder is used by
// one thread at a time.
#ifndef MEMORIA_REGISTERS_REGISTERS_H_
#define MEMORIA_REGISTERS_REGISTERS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "store/registers.h"
#include "store/store.h"

namespace memoria::registers {

// Field keys with a meaning of their own; a profile may add any other
// (lower-case letters, digits and '_').
inline constexpr std::string_view kNumber = "number";         // the register's own number
inline constexpr std::string_view kName = "name";             // full name or title
inline constexpr std::string_view kBirthDate = "birth_date";  // dd.mm.yyyy
inline constexpr std::string_view kGrounds = "grounds";       // legal ground of inclusion
inline constexpr std::string_view kIncluded = "included";     // inclusion decision, dd.mm.yyyy
inline constexpr std::string_view kExcluded = "excluded";     // exclusion decision, dd.mm.yyyy

// Limits of one snapshot.
inline constexpr size_t kMaxSnapshotBytes = size_t{256} << 20;
inline constexpr int64_t kMaxSnapshotRows = 2'000'000;
inline constexpr size_t kMaxFieldBytes = 64 << 10;

struct ColumnSpec {
  std::string header;     // as the file writes it
  std::string field;      // the field key
  bool optional = false;  // a snapshot may lack it (it then says nothing of the field)
};

struct Profile {
  std::string name;  // "foreign-agents", or "mapped:<mapping file name>"
  // The register's identity when the import creates it.
  std::string title, publisher, legal_basis, citation, licence;
  std::vector<ColumnSpec> columns;
  char delimiter = ',';
  // Refuse a byte-order mark and LF line ends: the profile's files are
  // published without a BOM and with CRLF, so either means the file was
  // re-saved by another program and may differ from the publication in
  // other ways.
  bool strict_bytes = false;
};

// The Ministry of Justice register of "foreign agents" as the trackers
// publish it (`registry_YYYY-MM-DD.csv`: the eleven columns of the PDF, and
// "Номер страницы в pdf" in the oldest snapshots).
Profile ForeignAgentsProfile();

// A profile from a mapping file (docs/formats/registers.md, "Mapped
// profile"). kInvalidArgument naming what is wrong: no "number" or "name"
// column, a field key that is not [a-z0-9_]+, a column mapped twice;
// kNotFound when the file does not exist.
Result<Profile> LoadMappedProfile(const std::string& path);
Result<Profile> MappedProfileFromJson(std::string_view json, std::string_view name);

// One row of a snapshot: the values of the snapshot's fields, in the order
// of ParsedSnapshot::fields, and the line on which it began.
struct SnapshotRow {
  std::vector<std::string> values;
  int64_t line = 0;
};

struct ParsedSnapshot {
  std::vector<std::string> headers;  // the header as the file has it
  std::vector<std::string> fields;   // field key of each column; "number" among them
  size_t number_column = 0, name_column = 0;
  std::vector<SnapshotRow> rows;

  // The column of "field", or -1.
  int ColumnOf(std::string_view field) const;
};

// Reads a whole snapshot. kInvalidArgument, with a reason naming the column
// or line, for: invalid UTF-8; a BOM or LF line ends under a strict profile; a
// header that lacks a required column or has a column the profile does not
// know (a renamed header is both) or names a column twice; a row with
// another number of fields than the header; an empty or repeated number; a
// date that is not dd.mm.yyyy; no rows at all. kResourceExhausted over the
// limits above.
Result<ParsedSnapshot> ParseSnapshot(std::string_view content, const Profile& profile);

// The as-of date of a snapshot file named like "registry_2023-05-05.csv"
// (the last YYYY-MM-DD in the name); nullopt when the name has none.
std::optional<std::string> AsOfFromFileName(std::string_view file_name);

// "dd.mm.yyyy" (or EDTF) as EDTF; "" for ""; kInvalidArgument otherwise.
Result<std::string> RegisterDate(std::string_view text);

// Whether an entry is a person: it has a birth date, or its name is shaped
// as a person's (three or more words, the last a patronymic, no quotes or
// digits).
bool LooksLikePerson(std::string_view name, std::string_view birth_date);

// Builds a register's history from its snapshots, oldest first.
class HistoryBuilder {
 public:
  HistoryBuilder();
  ~HistoryBuilder();
  // Adds the snapshot "info" (its id and as-of day are what the history
  // cites). REQUIRES: info.as_of_day greater than the previous snapshot's.
  Status Add(const store::SnapshotInfo& info, const ParsedSnapshot& snapshot);
  // The history, entries by number. The builder is spent.
  store::DerivedHistory Finish();

  // For each entry (by index in Finish's entries), each distinct name it had
  // with the snapshot row that first gave it, as a JSON object of the
  // original columns, for the archive person's records.
  struct NameSource {
    std::string name, birth_date;
    std::string raw;  // JSON object: header -> value
    int64_t snapshot_id = 0;
    int64_t line = 0;
  };
  const std::vector<std::vector<NameSource>>& name_sources() const { return name_sources_; }

 private:
  struct EntryState;
  size_t EntryFor(const std::string& number);
  void Emit(size_t entry, std::string_view kind, const store::SnapshotInfo& info,
            std::string_view date, std::string_view field = "", std::string_view before = "",
            std::string_view after = "");

  std::vector<std::unique_ptr<EntryState>> entries_;
  std::unordered_map<std::string, size_t> by_number_;
  store::DerivedHistory history_;
  std::vector<std::vector<NameSource>> name_sources_;
  int32_t last_day_ = 0;
  int64_t previous_snapshot_ = 0;
};

struct ImportOptions {
  std::string register_key;  // [a-z0-9-]+
  // The profile: "foreign-agents" unless mapping_path is set.
  std::string profile = "foreign-agents";
  std::string mapping_path;
  // The as-of date (YYYY-MM-DD) of the one file given; otherwise read from
  // each file's name.
  std::string as_of;
  bool dry_run = false;
};

struct SnapshotReport {
  std::string file, as_of, sha256;
  int64_t rows = 0;
  bool already_imported = false;  // the register holds this file: nothing added
};

struct ImportReport {
  std::vector<SnapshotReport> snapshots;
  int64_t snapshots_added = 0;
  int64_t entries = 0;
  int64_t events = 0;
  int64_t persons_added = 0;
  int64_t persons_linked = 0;  // entries linked to a person the archive already had
  int64_t records_added = 0;
  double seconds = 0;
};

// Imports snapshot files into the register "options.register_key" (created
// on first import, with its source "register:KEY"). Every file is read and
// checked before anything is written; then one transaction adds the new
// snapshots, rewrites the register's history from all its snapshots and
// adds the register's persons to the archive. A file the register already
// holds (by SHA-256) adds nothing. Errors (the archive is then unchanged):
// kInvalidArgument for a bad file (ParseSnapshot's reasons, no as-of date,
// two files of one as-of date), kAlreadyExists for a file whose as-of date
// the register holds from another file, kFailedPrecondition for a register
// read with another profile, kNotFound for a missing file, the store's
// errors.
Result<ImportReport> Import(store::Store* store, const std::vector<std::string>& files,
                            const ImportOptions& options);

// An entry as lists show it.
struct EntryBrief {
  std::string number, name, kind;
  std::string birth_date;  // EDTF, "" for none
  std::string grounds;
  std::string included, excluded;  // EDTF decision dates, "" for none
  int64_t person_id = 0;
};
EntryBrief BriefOf(const store::RegisterEntryRow& row);

struct Change {
  std::string number, name, field, before, after;
};

struct DiffResult {
  std::string register_key;
  std::string from, to;                    // as asked (YYYY-MM-DD)
  std::string from_snapshot, to_snapshot;  // as-of of the snapshots in force ("" before the first)
  std::vector<EntryBrief> included, excluded;
  std::vector<Change> changed;
};

// The register's changes between the snapshots in force on "from" and on
// "to" (YYYY-MM-DD; the snapshot in force on a day is the newest with an
// as-of date not after it; before the first snapshot the register is
// empty). included: listed at "to", not at "from"; excluded: listed at
// "from" without an exclusion date, and at "to" gone or with one; changed:
// every other field that differs between two listings of an entry (a field
// that one of the two snapshots lacks is not compared). kNotFound for no
// such register, kInvalidArgument for a date that is not YYYY-MM-DD.
Result<DiffResult> Diff(store::RegisterReader* reader, std::string_view key, std::string_view from,
                        std::string_view to);

struct ListOptions {
  std::string as_of;    // YYYY-MM-DD; "" for the newest snapshot
  std::string kind;     // "person", "organisation" or "" for both
  std::string grounds;  // a legal ground's key (GroundKey), "" for all
  int year = 0;         // year of the inclusion decision, 0 for all
  std::string text;     // words that the name must contain (folded), "" for all
};
struct GroundCount {
  std::string key, label;
  int64_t entries = 0;
};
struct ListResult {
  store::RegisterSummary summary;
  std::string as_of;                 // as asked ("" for the newest)
  std::string snapshot;              // as-of of the snapshot in force ("" before the first)
  int64_t listed = 0;                // entries of that snapshot, before the filters
  std::vector<EntryBrief> entries;   // after the filters
  std::vector<GroundCount> grounds;  // of the listed entries, most first
};
Result<ListResult> List(store::RegisterReader* reader, std::string_view key,
                        const ListOptions& options);

// A legal ground as a short stable key: the text folded, white space
// collapsed ("Статья 32 Федерального закона …" -> "статья 32 федерального
// закона …").
std::string GroundKey(std::string_view grounds);

struct HistoryResult {
  store::RegisterSummary summary;
  store::RegisterEntryRow entry;  // newest values
  std::vector<store::RegisterVersionRow> versions;
  std::vector<store::RegisterEventRow> events;  // oldest first
};
Result<HistoryResult> History(store::RegisterReader* reader, std::string_view key,
                              std::string_view number);

// Inclusions and exclusions per month (yyyymm) by the decision dates the
// register states (an exclusion by disappearance counts in the month of the
// snapshot that first lacks the entry), and the entries of the newest snapshot
// per legal ground.
struct MonthFlow {
  int32_t month = 0;
  int64_t included = 0, excluded = 0;
};
struct Flows {
  std::vector<MonthFlow> months;     // by month, only months with a count
  std::vector<GroundCount> grounds;  // inclusions by ground, most first
};
Result<Flows> RegisterFlows(store::RegisterReader* reader, int64_t register_id);

// The JSON of the command line and the API (docs/formats/registers.md).
nlohmann::ordered_json EntryJson(const EntryBrief& e);
nlohmann::ordered_json DiffJson(const DiffResult& d);
nlohmann::ordered_json ListJson(const ListResult& l);
nlohmann::ordered_json HistoryJson(const HistoryResult& h);
nlohmann::ordered_json EventJson(const store::RegisterEventRow& e);

// YYYY-MM-DD as yyyymmdd; nullopt for anything else.
std::optional<int32_t> DayOf(std::string_view iso);

}  // namespace memoria::registers

#endif  // MEMORIA_REGISTERS_REGISTERS_H_
