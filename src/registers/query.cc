// Diff, List, History, RegisterFlows and their JSON (registers.h).
#include <algorithm>
#include <map>
#include <unordered_map>

#include "core/edtf.h"
#include "core/text.h"
#include "names/names.h"
#include "registers/registers.h"

namespace memoria::registers {

namespace {

using Json = nlohmann::ordered_json;

std::string DateOrEmpty(std::string_view text) {
  Result<std::string> d = RegisterDate(text);
  return d.ok() ? *d : "";
}

// The snapshot in force on "day": the newest not after it; nullptr before
// the first.
const store::SnapshotInfo* InForce(const std::vector<store::SnapshotInfo>& snapshots, int32_t day) {
  const store::SnapshotInfo* out = nullptr;
  for (const store::SnapshotInfo& s : snapshots) {
    if (s.as_of_day <= day) out = &s;
  }
  return out;
}

Result<std::vector<store::RegisterEntryRow>> StateAt(store::RegisterReader* reader,
                                                     int64_t register_id,
                                                     const store::SnapshotInfo* s) {
  if (s == nullptr) return std::vector<store::RegisterEntryRow>();
  return reader->EntriesAt(register_id, s->as_of_day);
}

bool HasField(const store::SnapshotInfo* s, const std::vector<std::string>& fields_of_s,
              std::string_view field) {
  (void)s;
  return std::find(fields_of_s.begin(), fields_of_s.end(), field) != fields_of_s.end();
}

// The field keys an entry row of a snapshot carries (every field of the
// snapshot's columns appears in every listed entry).
std::vector<std::string> FieldsOf(const std::vector<store::RegisterEntryRow>& rows) {
  std::vector<std::string> out;
  if (rows.empty()) return out;
  for (const auto& [k, v] : rows.front().fields) out.push_back(k);
  return out;
}

}  // namespace

EntryBrief BriefOf(const store::RegisterEntryRow& row) {
  EntryBrief b;
  b.number = row.number;
  b.name = row.Field(kName);
  b.kind = row.kind;
  b.birth_date = DateOrEmpty(row.Field(kBirthDate));
  b.grounds = CollapseSpace(row.Field(kGrounds));
  b.included = DateOrEmpty(row.Field(kIncluded));
  b.excluded = DateOrEmpty(row.Field(kExcluded));
  b.person_id = row.person_id;
  return b;
}

std::string GroundKey(std::string_view grounds) { return FoldCase(CollapseSpace(grounds)); }

Result<DiffResult> Diff(store::RegisterReader* reader, std::string_view key, std::string_view from,
                        std::string_view to) {
  std::optional<int32_t> from_day = DayOf(from), to_day = DayOf(to);
  if (!from_day.has_value() || !to_day.has_value()) {
    return InvalidArgumentError("dates must be YYYY-MM-DD");
  }
  MEMORIA_ASSIGN_OR_RETURN(store::RegisterSummary reg, reader->Register(key));
  MEMORIA_ASSIGN_OR_RETURN(std::vector<store::SnapshotInfo> snapshots,
                           reader->Snapshots(reg.info.id));
  const store::SnapshotInfo* a = InForce(snapshots, *from_day);
  const store::SnapshotInfo* b = InForce(snapshots, *to_day);
  DiffResult out;
  out.register_key = reg.info.key;
  out.from = std::string(from);
  out.to = std::string(to);
  out.from_snapshot = a != nullptr ? a->as_of : "";
  out.to_snapshot = b != nullptr ? b->as_of : "";
  MEMORIA_ASSIGN_OR_RETURN(std::vector<store::RegisterEntryRow> before,
                           StateAt(reader, reg.info.id, a));
  MEMORIA_ASSIGN_OR_RETURN(std::vector<store::RegisterEntryRow> after,
                           StateAt(reader, reg.info.id, b));
  std::unordered_map<int64_t, const store::RegisterEntryRow*> then;
  for (const store::RegisterEntryRow& r : before) then[r.entry_id] = &r;
  std::unordered_map<int64_t, const store::RegisterEntryRow*> now;
  for (const store::RegisterEntryRow& r : after) now[r.entry_id] = &r;
  const std::vector<std::string> fields_a = FieldsOf(before), fields_b = FieldsOf(after);
  for (const store::RegisterEntryRow& r : after) {
    auto it = then.find(r.entry_id);
    if (it == then.end()) {
      out.included.push_back(BriefOf(r));
      continue;
    }
    const store::RegisterEntryRow& old = *it->second;
    const bool newly_excluded =
        CollapseSpace(old.Field(kExcluded)).empty() && !CollapseSpace(r.Field(kExcluded)).empty();
    if (newly_excluded) out.excluded.push_back(BriefOf(r));
    for (const auto& [field, value] : r.fields) {
      if (!HasField(a, fields_a, field) || !HasField(b, fields_b, field)) continue;
      if (field == kExcluded && newly_excluded) continue;
      const std::string& was = old.Field(field);
      if (was != value) out.changed.push_back({r.number, r.Field(kName), field, was, value});
    }
  }
  for (const store::RegisterEntryRow& r : before) {
    if (now.contains(r.entry_id)) continue;
    if (!CollapseSpace(r.Field(kExcluded)).empty()) continue;  // excluded before already
    out.excluded.push_back(BriefOf(r));
  }
  return out;
}

Result<ListResult> List(store::RegisterReader* reader, std::string_view key,
                        const ListOptions& options) {
  MEMORIA_ASSIGN_OR_RETURN(store::RegisterSummary reg, reader->Register(key));
  MEMORIA_ASSIGN_OR_RETURN(std::vector<store::SnapshotInfo> snapshots,
                           reader->Snapshots(reg.info.id));
  ListResult out;
  out.summary = reg;
  out.as_of = options.as_of;
  const store::SnapshotInfo* s = nullptr;
  if (options.as_of.empty()) {
    s = snapshots.empty() ? nullptr : &snapshots.back();
  } else {
    std::optional<int32_t> day = DayOf(options.as_of);
    if (!day.has_value()) return InvalidArgumentError("the date must be YYYY-MM-DD");
    s = InForce(snapshots, *day);
  }
  out.snapshot = s != nullptr ? s->as_of : "";
  MEMORIA_ASSIGN_OR_RETURN(std::vector<store::RegisterEntryRow> rows,
                           StateAt(reader, reg.info.id, s));
  out.listed = static_cast<int64_t>(rows.size());
  std::vector<std::string> words;
  for (std::string_view w : SplitWords(options.text)) {
    words.push_back(names::FoldForMatching(names::NormalizeNamePart(w)));
  }
  std::map<std::string, GroundCount> grounds;
  for (const store::RegisterEntryRow& r : rows) {
    EntryBrief b = BriefOf(r);
    const std::string gk = GroundKey(b.grounds);
    if (!gk.empty()) {
      GroundCount& g = grounds[gk];
      g.key = gk;
      if (g.label.empty()) g.label = b.grounds;
      ++g.entries;
    }
    if (!options.kind.empty() && b.kind != options.kind) continue;
    if (!options.grounds.empty() && gk != options.grounds) continue;
    if (options.year != 0 && b.included.substr(0, 4) != std::to_string(options.year)) continue;
    if (!words.empty()) {
      std::string hay;
      for (std::string_view w : SplitWords(b.name)) {
        hay += names::FoldForMatching(names::NormalizeNamePart(w));
        hay += ' ';
      }
      bool all = true;
      for (const std::string& w : words) all = all && hay.find(w) != std::string::npos;
      if (!all) continue;
    }
    out.entries.push_back(std::move(b));
  }
  for (auto& [k, g] : grounds) out.grounds.push_back(std::move(g));
  std::stable_sort(
      out.grounds.begin(), out.grounds.end(),
      [](const GroundCount& a, const GroundCount& b) { return a.entries > b.entries; });
  return out;
}

Result<HistoryResult> History(store::RegisterReader* reader, std::string_view key,
                              std::string_view number) {
  HistoryResult out;
  MEMORIA_ASSIGN_OR_RETURN(out.summary, reader->Register(key));
  MEMORIA_ASSIGN_OR_RETURN(out.entry, reader->Entry(out.summary.info.id, number));
  MEMORIA_ASSIGN_OR_RETURN(out.versions, reader->Versions(out.entry.entry_id));
  store::RegisterReader::EventQuery q;
  q.register_id = out.summary.info.id;
  q.entry_id = out.entry.entry_id;
  MEMORIA_ASSIGN_OR_RETURN(out.events, reader->Events(q));
  return out;
}

Result<Flows> RegisterFlows(store::RegisterReader* reader, int64_t register_id) {
  store::RegisterReader::EventQuery q;
  q.register_id = register_id;
  q.limit = INT64_MAX;
  MEMORIA_ASSIGN_OR_RETURN(std::vector<store::RegisterEventRow> events, reader->Events(q));
  std::map<int32_t, MonthFlow> months;
  std::map<std::string, GroundCount> grounds;
  for (const store::RegisterEventRow& ev : events) {
    if (ev.kind != "included" && ev.kind != "excluded") continue;
    std::string date = ev.date.empty() ? ev.as_of : ev.date;
    if (date.size() < 7) continue;
    const int32_t month =
        std::atoi(date.substr(0, 4).c_str()) * 100 + std::atoi(date.substr(5, 2).c_str());
    MonthFlow& m = months[month];
    m.month = month;
    (ev.kind == "included" ? m.included : m.excluded) += 1;
  }
  // Entries by legal ground, as the newest snapshot lists them.
  MEMORIA_ASSIGN_OR_RETURN(std::vector<store::SnapshotInfo> snapshots,
                           reader->Snapshots(register_id));
  if (!snapshots.empty()) {
    MEMORIA_ASSIGN_OR_RETURN(std::vector<store::RegisterEntryRow> rows,
                             reader->EntriesAt(register_id, snapshots.back().as_of_day));
    for (const store::RegisterEntryRow& r : rows) {
      const std::string label = CollapseSpace(r.Field(kGrounds));
      const std::string k = GroundKey(label);
      if (k.empty()) continue;
      GroundCount& g = grounds[k];
      g.key = k;
      if (g.label.empty()) g.label = label;
      ++g.entries;
    }
  }
  Flows out;
  for (auto& [m, f] : months) out.months.push_back(f);
  for (auto& [k, g] : grounds) out.grounds.push_back(std::move(g));
  std::stable_sort(
      out.grounds.begin(), out.grounds.end(),
      [](const GroundCount& a, const GroundCount& b) { return a.entries > b.entries; });
  return out;
}

Json EntryJson(const EntryBrief& e) {
  Json j = Json::object();
  j["number"] = e.number;
  j["name"] = e.name;
  j["kind"] = e.kind;
  if (!e.birth_date.empty()) j["birth_date"] = e.birth_date;
  j["grounds"] = e.grounds;
  j["included"] = e.included;
  j["excluded"] = e.excluded;
  if (e.person_id != 0) j["person_id"] = e.person_id;
  return j;
}

Json DiffJson(const DiffResult& d) {
  Json j = Json::object();
  j["register"] = d.register_key;
  j["from"] = d.from;
  j["to"] = d.to;
  j["from_snapshot"] = d.from_snapshot;
  j["to_snapshot"] = d.to_snapshot;
  Json inc = Json::array(), exc = Json::array(), chg = Json::array();
  for (const EntryBrief& e : d.included) inc.push_back(EntryJson(e));
  for (const EntryBrief& e : d.excluded) exc.push_back(EntryJson(e));
  for (const Change& c : d.changed) {
    chg.push_back({{"number", c.number},
                   {"name", c.name},
                   {"field", c.field},
                   {"before", c.before},
                   {"after", c.after}});
  }
  j["included"] = std::move(inc);
  j["excluded"] = std::move(exc);
  j["changed"] = std::move(chg);
  return j;
}

Json ListJson(const ListResult& l) {
  Json j = Json::object();
  j["register"] = l.summary.info.key;
  j["title"] = l.summary.info.title;
  j["as_of"] = l.as_of;
  j["snapshot"] = l.snapshot;
  j["listed"] = l.listed;
  j["total"] = static_cast<int64_t>(l.entries.size());
  Json entries = Json::array();
  for (const EntryBrief& e : l.entries) entries.push_back(EntryJson(e));
  j["entries"] = std::move(entries);
  return j;
}

Json EventJson(const store::RegisterEventRow& e) {
  Json j = Json::object();
  j["kind"] = e.kind;
  j["number"] = e.number;
  j["name"] = e.name;
  j["snapshot"] = e.as_of;
  j["date"] = e.date;
  if (e.kind == "changed") {
    j["field"] = e.field;
    j["before"] = e.before;
    j["after"] = e.after;
  }
  return j;
}

Json HistoryJson(const HistoryResult& h) {
  Json j = Json::object();
  j["register"] = h.summary.info.key;
  j["number"] = h.entry.number;
  j["kind"] = h.entry.kind;
  if (h.entry.person_id != 0) j["person_id"] = h.entry.person_id;
  Json current = Json::object();
  for (const auto& [k, v] : h.entry.fields) current[k] = v;
  j["fields"] = std::move(current);
  Json versions = Json::array();
  for (const store::RegisterVersionRow& v : h.versions) {
    versions.push_back({{"field", v.field},
                        {"value", v.value},
                        {"first_snapshot", v.first_as_of},
                        {"last_snapshot", v.last_as_of}});
  }
  j["versions"] = std::move(versions);
  Json events = Json::array();
  for (const store::RegisterEventRow& e : h.events) events.push_back(EventJson(e));
  j["events"] = std::move(events);
  return j;
}

}  // namespace memoria::registers
