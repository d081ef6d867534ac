// Reader is the one read path for what memoria shows or hands out: person
// pages, lists, exports, the name index, the website and its JSON API. It
// sees the archive through one visibility filter, defined once
// (store/internal/views.h) as SQL views whose text holds the ceiling:
//
//   visible_sources     sources at or below the ceiling
//   visible_records     records at or below it, from visible sources
//   visible_names       names, events, attributes at or below it whose
//   visible_events      record (and that record's source) or claim, and
//   visible_attributes  whose person, are visible too
//   visible_persons     unmerged persons at or below it with a visible name
//   visible_places      places with a visible name
//
// Every query of this class reads those views and nothing else of the fact
// tables, so a restricted or confidential fact can only reach a page, an
// answer or an export by a change to those definitions (DESIGN §6), with
// three exceptions on the hot paths: GetPerson, HitsFor and the linker's
// bulk read (LinkReader) read the names, events and attributes from the
// tables by person and apply the views' rule in C++, term for term
// (store/internal/visibility_rule.h; tests/store/read_rule_test.cc holds
// them equal to the views). Every count is computed from the same views
// as the rows it counts. The ceiling
// is fixed for the Reader's life; Readers of different ceilings on one
// connection share no state.
//
// Thread safety: like its Store, one thread at a time.
#ifndef MEMORIA_STORE_READER_H_
#define MEMORIA_STORE_READER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace memoria::store {

class VisibilityRule;  // store/internal/visibility_rule.h

// Ids at or below which a count of the Reader leaves rows out: the highest
// ids before an import, so that the figures after it are those before plus
// the counts of the rows above (store/figures.h). The zero floor counts all.
struct RowFloor {
  int64_t persons = 0, records = 0, sources = 0, events = 0;
  bool operator==(const RowFloor&) const = default;
};

// The one rule for a person's birth and death, which every producer uses
// (Reader::Summaries and the reading slips, the CSV export, the person page
// and the API):
//
//   - the death is the person's execution when they have one, else their
//     death: an execution is the fact, a "death" is often the false date the
//     family was told;
//   - of several births (or several executions, or deaths), the one with the
//     earliest known date: earliest possible day, then lowest event id; an
//     undated one only when none of them has a date.
//
// The pointers point into "events" and live as long as it does.
struct LifeEvents {
  const EventFact* birth = nullptr;
  const EventFact* death = nullptr;
};
LifeEvents ChooseLifeEvents(std::span<const EventFact> events);

// One line of a list of persons.
struct PersonSummary {
  int64_t id = 0;
  std::string surname, given, patronymic;  // the first visible main name
  // Birth and death by ChooseLifeEvents: EDTF (empty when unknown) and the
  // death's type ("execution", "death"; "" when the person has neither).
  std::string birth;
  std::string death;
  std::string death_type;
};

// What tells namesakes apart in a list of hits, beyond the summary: where
// the person was born and died (the places of the events ChooseLifeEvents
// picks), which sources hold their records, and how many records.
struct HitSource {
  int64_t source_id = 0;
  std::string key, title;  // title: the key when the source has none
};
struct HitFacts {
  int64_t id = 0;
  std::string birth_place, death_place;  // "" when unknown
  std::vector<HitSource> sources;        // by source id
  int64_t records = 0;                   // visible records
};

struct SourceRow {
  int64_t id = 0;
  std::string key, title, profile, citation, language, licence, created_at;
  Visibility visibility = Visibility::kPublic;
  int64_t records = 0;  // visible records
  int64_t persons = 0;  // visible persons with a visible record of the source
};

// Counts of arrests and executions with a known month.
struct MonthCount {
  int32_t month = 0;  // yyyymm
  int64_t arrests = 0;
  int64_t executions = 0;
};

// One slip of the reading of names: who, how old, what work, when shot.
struct ReadingSlip {
  int64_t person_id = 0;
  std::string surname, given, patronymic;
  std::string birth;       // EDTF
  std::string death;       // EDTF of the execution (or death)
  int32_t death_day = 0;   // earliest day of "death", yyyymmdd; 0 when unknown
  int age = -1;            // at execution, in whole years; -1 when unknown
  std::string occupation;  // the first visible occupation
};

// A place text of a person: an event's place or an address attribute.
struct PlaceText {
  int64_t person_id = 0;
  std::string kind;  // event type ("birth", "execution", ...) or attribute kind
  std::string text;
};

// A visible name of a live (not merged) person, as the name index reads it:
// the normalised parts. The views point into the Reader's statement and are
// valid only during the callback.
struct IndexedName {
  int64_t person_id = 0;
  std::string_view surname, given, patronymic;
  bool main = false;  // kind 'main'
};

// A visible birth event with a known date: its earliest and latest day
// (YYYYMMDD).
struct BirthDays {
  int64_t person_id = 0;
  int64_t date_min = 0, date_max = 0;
};

// A named place of the places table (streets, buildings) with its names.
struct PlaceRecord {
  int64_t id = 0;
  std::string kind;
  std::string name;
  bool has_point = false;
  double lat = 0, lon = 0;
  std::vector<std::string> names;  // every name, current and historic
};

// Where a page of a person list starts (keyset pagination: a page costs
// what its persons cost, however deep it is). With "after", the "limit"
// persons that follow that person in the list's order ("offset" of them
// skipped first); with "before", the
// "limit" persons that precede it (returned in the list's order); with
// neither, "limit" persons from "offset" on (an old "?page=N" link: the one
// way that still reads past "offset" rows). A cursor person who is not in
// the list is kInvalidArgument.
struct ListSeek {
  int64_t after = 0;
  int64_t before = 0;
  int64_t offset = 0;
  int64_t limit = 100;
};

class Reader {
 public:
  // Creates the views on the store's connection (TEMP views: allowed on a
  // read-only connection). "*store" must outlive the Reader.
  static Result<std::unique_ptr<Reader>> Create(Store* store, Visibility ceiling);
  ~Reader();
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  Visibility ceiling() const { return ceiling_; }
  // The archive's directory ("" for an in-memory one) and a key naming this
  // archive and ceiling in a process-wide cache.
  const std::string& archive_dir() const;
  std::string CacheKey() const;
  // True while a write transaction is open on this Reader's connection (its
  // reads then see that transaction's writes, which no other connection can).
  bool InWriteTransaction() const;

  // While a Snapshot lives, every query on the store's connection (this
  // Reader's and any other's) runs in one read transaction: one consistent
  // view of the archive, and one WAL read lock instead of one per statement.
  // Inside a transaction already open on the connection it does nothing.
  class Snapshot {
   public:
    Snapshot() = default;
    Snapshot(Snapshot&& other) noexcept
        : reader_(other.reader_), keeps_deadline_(other.keeps_deadline_) {
      other.reader_ = nullptr;
    }
    Snapshot& operator=(Snapshot&&) = delete;
    ~Snapshot();

   private:
    friend class Reader;
    Snapshot(Reader* reader, bool keeps_deadline)
        : reader_(reader), keeps_deadline_(keeps_deadline) {}
    Reader* reader_ = nullptr;     // nullptr: nothing to end
    bool keeps_deadline_ = false;  // a call's own (CallSnapshot)
  };
  Result<Snapshot> BeginSnapshot();

  // A time budget: once "clock" (steady_clock::now when empty) passes "at",
  // the statement running on this Reader's connection stops, and it and
  // every later statement return kUnavailable ("time budget exceeded") until
  // ClearDeadline(). The check runs every few thousand steps of SQLite's
  // virtual machine, so a statement stops within about a millisecond of the
  // deadline; work outside SQLite is not interrupted. One deadline per
  // connection: setting it on one Reader sets it for every Reader of the
  // same Store. A Snapshot's end clears it first, so its read transaction
  // always ends.
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  void SetDeadline(std::chrono::steady_clock::time_point at, Clock clock = {});
  void ClearDeadline();
  // Lifts the deadline until ResumeDeadline, for work that every request
  // waits for and that is done once for all of them (an index of the whole
  // archive), which no one request's budget may stop half done. Returns
  // whether a deadline was set (and so is to be resumed).
  bool SuspendDeadline();
  void ResumeDeadline();
  // True when a statement was stopped by the deadline since SetDeadline.
  bool DeadlineExceeded() const;

  // The person with every visible fact and record. Returns kNotFound for an
  // unknown id and for a person with nothing visible. A merged person comes
  // back with redirect_to set and no facts.
  Result<PersonView> GetPerson(int64_t person_id);
  // Calls fn for every visible person in id order, from after_id on, at most
  // "limit" persons (0: all). Stops at the first error.
  Status ForEachPerson(int64_t after_id, int64_t limit,
                       const std::function<Status(const PersonView&)>& fn);

  // Counts of visible persons, records, sources, names, events and
  // attributes. Each count scans its table: seconds at millions of rows.
  Result<Stats> GetStats();
  // Only the persons, records and sources of GetStats (the home page's);
  // with a floor, only the rows above it.
  Result<Stats> GetHeadlineStats(const RowFloor& above = {});
  // Every import batch of a visible source, retracted ones included (their
  // retracted_at set), oldest first: `memoria batch list`.
  Result<std::vector<BatchInfo>> ImportBatches();
  // Arrests and executions by month (dated to the month), of the events
  // above the floor.
  Result<std::vector<MonthCount>> MonthlyCounts(const RowFloor& above = {});

  // One summary per id that is a visible person, in the order given.
  Result<std::vector<PersonSummary>> Summaries(std::span<const int64_t> ids);
  // One HitFacts per id that is a visible person, in the order given (two
  // statements for all the ids: a page of hits, not a whole list).
  Result<std::vector<HitFacts>> HitFactsFor(std::span<const int64_t> ids);
  // Summaries(ids) and HitFactsFor(ids) together, in three statements
  // instead of four: the births and deaths are read once for both.
  Result<std::vector<PersonSummary>> HitsFor(std::span<const int64_t> ids,
                                             std::vector<HitFacts>* facts);

  // Persons whose first main surname starts with "prefix" (folded as
  // names::NormalizeNamePart does), by surname, given name, id.
  Result<std::vector<int64_t>> PersonsBySurnamePrefix(std::string_view prefix,
                                                      const ListSeek& seek);
  // Persons with an event of "type" whose date lies within [from_day,
  // to_day] (yyyymmdd; earliest day of the event's date), each at their
  // first such event, by that event's date then the event's id (the order
  // of the (type, date) index).
  Result<std::vector<int64_t>> PersonsByEventDate(std::string_view type, int32_t from_day,
                                                  int32_t to_day, const ListSeek& seek);
  // How the filters of a person search read a date range [from_day,
  // to_day] (yyyymmdd): an event matches when its possible days overlap the
  // range and its earliest day is at most kDateFilterReach years before
  // from_day, so that the (type, date) index bounds every such read. An event
  // dated more loosely than that ("19XX") matches no date filter.
  static constexpr int32_t kDateFilterReach = 10;

  // Of "ids", those with an event of "type" (any type when empty) dated
  // within [from_day, to_day] as kDateFilterReach says, in the order given.
  Result<std::vector<int64_t>> FilterByEvent(std::span<const int64_t> ids, std::string_view type,
                                             int32_t from_day, int32_t to_day);
  // Visible persons (with a visible name, not merged) with an event of
  // "type" (not empty) dated within [from_day, to_day] as kDateFilterReach
  // says: at most "limit" of them, in no particular order (the filtered
  // search sorts them). Reads the (type, date) index.
  Result<std::vector<int64_t>> PersonsWithEvent(std::string_view type, int32_t from_day,
                                                int32_t to_day, int64_t limit);
  // Visible persons with a visible record of "source_id": at most "limit",
  // in no particular order.
  Result<std::vector<int64_t>> PersonsWithSource(int64_t source_id, int64_t limit);
  // Of "ids", those with a visible record of "source_id", in the order given.
  Result<std::vector<int64_t>> FilterBySource(std::span<const int64_t> ids, int64_t source_id);

  // The places of a person's events of "type".
  Result<std::vector<std::string>> EventPlaces(int64_t person_id, std::string_view type);

  // Every visible source, each with the counts of its records and of its
  // persons above the floor (all of them at the zero floor).
  Result<std::vector<SourceRow>> Sources(const RowFloor& above = {});
  // Each source's (visible records, visible persons) by its id.
  using SourceCounts = std::unordered_map<int64_t, std::pair<int64_t, int64_t>>;
  // kNotFound when there is no visible source with this id.
  Result<SourceRow> Source(int64_t source_id);
  // The visible persons with a visible record of the source, each at their
  // first such record, in record order.
  Result<std::vector<int64_t>> PersonsOfSource(int64_t source_id, const ListSeek& seek);

  // The reading slips of "persons" that have an execution (or, lacking one,
  // a death) dated within [from_day, to_day]; in the order of "persons".
  Result<std::vector<ReadingSlip>> ReadingSlips(std::span<const int64_t> persons, int32_t from_day,
                                                int32_t to_day);

  // Every visible place text of every visible person (event places and the
  // address and residence attributes), for the place and address indexes: a
  // person with no visible name is no one's resident under this ceiling.
  // An error from "fn" ends the read and is returned.
  Status ForEachPlaceText(const std::function<Status(PlaceText&&)>& fn);
  // The visible names, and the visible dated births, whose row ids are in
  // [from_id, to_id], in id order: the name index reads the archive in such
  // ranges (on several connections at once), through the same views as
  // every page.
  Status ForEachIndexedName(int64_t from_id, int64_t to_id,
                            const std::function<void(const IndexedName&)>& fn);
  Status ForEachBirth(int64_t from_id, int64_t to_id,
                      const std::function<void(const BirthDays&)>& fn);
  // Every sealed name this ceiling sees (only the confidential one sees
  // any), its search keys opened with the archive's key: for an index kept
  // in memory only, never written (search.h). Nothing without the key.
  Status ForEachSealedName(const std::function<void(const IndexedName&)>& fn);
  // Whether the archive's key is loaded (sealed values open).
  bool Unlocked() const;
  // The highest row ids of names, events and persons (0 when empty): the
  // name index splits its reads in ranges of them, the hit lines
  // (search/hit_lines.h) read every person up to the last.
  struct IdBounds {
    int64_t names = 0, events = 0, persons = 0;
  };
  Result<IdBounds> FactIdBounds();
  // Every visible place with its visible names.
  Result<std::vector<PlaceRecord>> Places();

  // The ids of the persons whose confidential values (a confidential
  // person, or a fact or record confidential by itself or through its
  // source or claim) this Reader has handed out through GetPerson (and so
  // ForEachPerson) since the last call, in the order read; empty below the
  // confidential ceiling. The website writes them to the audit log.
  std::vector<int64_t> TakeConfidentialReads();
  // Confidential things other than persons read since the last call ("source
  // 3", "register foreign-agents", "register entry 12"), at the confidential
  // ceiling: a confidential source's title, a confidential register or entry.
  std::vector<std::string> TakeConfidentialSubjects();
  // Notes such a read (bounded; nothing below the confidential ceiling).
  void NoteConfidentialSubject(std::string subject);

  // A number that changes with every committed write to the archive (by
  // this process or another; an update of a visibility included): caches of
  // pages and figures are kept per data version.
  Result<uint64_t> DataVersion();
  // The same for what the name index reads: names, births, visibilities.
  Result<uint64_t> NamesVersion();
  // A counter that moves only when something the name index holds may have
  // been taken away (a visibility change, an update or a deletion of a name,
  // a person, a source...): while it stands still, an older index lacks
  // only additions, and shows nothing that is now hidden.
  Result<int64_t> NamesRemovals();

 private:
  friend class RegisterReader;
  friend class CasesReader;     // store/cases.h: reads the same views
  friend class EditReader;      // store/edits.h
  friend class LinkReader;      // store/merge.h
  friend struct FiguresAccess;  // store/figures.cc: the ledger and the highest ids, in its snapshot
  Reader(Store* store, Visibility ceiling);
  Result<Statement*> Cached(int slot, std::string_view sql);
  Result<Statement*> HitSourcesStatement();  // HitFactsFor's
  // A statement of this Reader's ceiling, prepared for one use.
  Result<Statement> Prepare(std::string_view sql);
  Result<int64_t> Count(std::string_view sql);
  // Takes out of each record's raw fields the text of every fact read from
  // that record that is hidden at this ceiling (reader_redact.cc).
  // "fact_rows": the person's rows in names, events and attributes, hidden
  // or not (GetPerson steps through them all).
  Status RedactRecords(PersonView* person, int64_t fact_rows);
  // Opens the sealed values of "person" with the archive's key, or marks
  // them locked (reader_seal.cc).
  Status OpenSealedValues(PersonView* person);
  // Notes "person_id" as a confidential read when it is one (reader_seal.cc).
  Status NoteConfidentialRead(int64_t person_id);
  // The id of the source's first visible record (of its first batch), or
  // one past the last record when it has none; 0 without a batch.
  Result<int64_t> FirstRecordOfSource(int64_t source_id);

  // The views' rule for the reads of the fact tables (GetPerson, HitsFor,
  // LinkReader), loaded again whenever the archive changed since it was
  // loaded (visibility_rule.cc). The pointer is valid until the next call.
  Result<const VisibilityRule*> Rule();
  // A read transaction for one call that reads with the rule and several
  // statements (GetPerson, HitsFor, LinkReader::ForEachLinkPerson) when
  // its caller has none open: the rule and the rows come from one state of
  // the archive, so a commit between two statements (a source made
  // confidential with new records of it) can never pair new rows with the
  // old rule. Unlike BeginSnapshot's, its end leaves a deadline set.
  Result<Snapshot> CallSnapshot();
  // Commits the read transaction open on the connection (rolls it back
  // should that fail): a Snapshot's end.
  void EndReadTransaction();
  // The state of the archive a rule was loaded at: SQLite's data version
  // (other connections' commits), the archive's data_version counter, and
  // this connection's count of changed rows.
  struct RuleVersion {
    int64_t data_version = 0, counter = 0, changes = 0;
    bool operator==(const RuleVersion&) const = default;
  };

  // The progress callback's state (SetDeadline); null when none is set.
  struct Deadline;
  static int OnProgress(void* deadline);

  Store* store_;
  Visibility ceiling_;
  std::vector<std::unique_ptr<Statement>> cache_;
  std::string scratch_;  // a compressed record's values, decompressed
  std::unique_ptr<Deadline> deadline_;
  std::vector<int64_t> confidential_reads_;
  std::vector<std::string> confidential_subjects_;
  std::unique_ptr<VisibilityRule> rule_;
  RuleVersion rule_version_;
  bool rule_reusable_ = false;
  // The counts of each source's rows above the floor, through the views.
  Result<SourceCounts> SourceCountsAbove(const RowFloor& above);
  // Every visible source with the counts given (none: zero), noting none
  // (Source notes the one it hands out).
  Result<std::vector<SourceRow>> SourcesCounted(const SourceCounts& counts);
  // The same, each confidential one noted as read (Sources, and the site's
  // figures counted by store/figures.cc).
  Result<std::vector<SourceRow>> NotedSources(const SourceCounts& counts);
};

}  // namespace memoria::store

#endif  // MEMORIA_STORE_READER_H_
