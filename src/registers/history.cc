// HistoryBuilder (registers.h): snapshots, oldest first, into entries,
// field versions and events.
#include <algorithm>

#include "core/edtf.h"
#include "core/text.h"
#include "registers/registers.h"

namespace memoria::registers {

namespace {

constexpr size_t kNone = static_cast<size_t>(-1);

int64_t SortKeyOf(std::string_view number) {
  if (number.empty() || number.size() > 15) return 0;
  int64_t v = 0;
  for (char c : number) {
    if (c < '0' || c > '9') return 0;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::string RawJson(const ParsedSnapshot& s, const SnapshotRow& row) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (size_t i = 0; i < s.headers.size(); ++i) j[s.headers[i]] = row.values[i];
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

struct HistoryBuilder::EntryState {
  std::string number;
  bool seen = false;
  bool present = false;  // listed in the previous snapshot
  // field -> index of its newest version in history_.versions
  std::vector<std::pair<std::string, size_t>> newest;
  bool has_birth = false;
  std::string last_name;

  size_t& Newest(const std::string& field) {
    for (auto& [f, i] : newest) {
      if (f == field) return i;
    }
    newest.emplace_back(field, kNone);
    return newest.back().second;
  }
};

HistoryBuilder::HistoryBuilder() = default;
HistoryBuilder::~HistoryBuilder() = default;

size_t HistoryBuilder::EntryFor(const std::string& number) {
  auto [it, inserted] = by_number_.try_emplace(number, entries_.size());
  if (inserted) {
    auto e = std::make_unique<EntryState>();
    e->number = number;
    entries_.push_back(std::move(e));
    store::DerivedEntry d;
    d.number = number;
    d.sort_key = SortKeyOf(number);
    history_.entries.push_back(std::move(d));
    name_sources_.emplace_back();
  }
  return it->second;
}

void HistoryBuilder::Emit(size_t entry, std::string_view kind, const store::SnapshotInfo& info,
                          std::string_view date, std::string_view field, std::string_view before,
                          std::string_view after) {
  store::DerivedEvent ev;
  ev.entry = entry;
  ev.kind = std::string(kind);
  ev.snapshot_id = info.id;
  ev.day = info.as_of_day;
  Result<std::string> d = RegisterDate(date);
  if (d.ok() && !d->empty()) {
    ev.date = *d;
    Result<Edtf> e = Edtf::Parse(*d);
    if (e.ok()) ev.date_min = e->earliest_day();
  }
  ev.field = std::string(field);
  ev.before = std::string(before);
  ev.after = std::string(after);
  history_.events.push_back(std::move(ev));
}

Status HistoryBuilder::Add(const store::SnapshotInfo& info, const ParsedSnapshot& snapshot) {
  if (info.as_of_day <= last_day_) {
    return InternalError("snapshots must be added oldest first");
  }
  const int included_col = snapshot.ColumnOf(kIncluded);
  const int excluded_col = snapshot.ColumnOf(kExcluded);
  const int birth_col = snapshot.ColumnOf(kBirthDate);
  std::vector<bool> listed(entries_.size(), false);
  for (const SnapshotRow& row : snapshot.rows) {
    const size_t e = EntryFor(row.values[snapshot.number_column]);
    if (e >= listed.size()) listed.resize(e + 1, false);
    listed[e] = true;
    EntryState& st = *entries_[e];
    const bool first = !st.seen;
    const bool back = st.seen && !st.present;
    if (first) {
      Emit(e, "included", info, included_col >= 0 ? row.values[included_col] : "");
    } else if (back) {
      Emit(e, "reincluded", info, included_col >= 0 ? row.values[included_col] : "");
    }
    for (size_t c = 0; c < snapshot.fields.size(); ++c) {
      const std::string& field = snapshot.fields[c];
      if (field.empty()) continue;  // an ignored column
      const std::string& value = row.values[c];
      size_t& newest = st.Newest(field);
      store::DerivedVersion* prev = newest == kNone ? nullptr : &history_.versions[newest];
      if (prev != nullptr && st.present && prev->value == value) {
        prev->last_snapshot = info.id;
        prev->last_day = info.as_of_day;
        continue;
      }
      if (prev != nullptr && prev->value != value) {
        const bool was_set = !CollapseSpace(prev->value).empty();
        const bool now_set = !CollapseSpace(value).empty();
        if (static_cast<int>(c) == excluded_col && !was_set && now_set) {
          Emit(e, "excluded", info, value);
        } else if (static_cast<int>(c) == excluded_col && was_set && !now_set) {
          if (!back) Emit(e, "reincluded", info, "");
        } else {
          Emit(e, "changed", info, "", field, prev->value, value);
        }
      } else if (prev == nullptr && !first && static_cast<int>(c) == excluded_col &&
                 !CollapseSpace(value).empty()) {
        // A column that appears later with an exclusion date in it.
        Emit(e, "excluded", info, value);
      } else if (first && static_cast<int>(c) == excluded_col && !CollapseSpace(value).empty()) {
        // Listed for the first time already excluded: the register states both.
        Emit(e, "excluded", info, value);
      }
      store::DerivedVersion v;
      v.entry = e;
      v.field = field;
      v.value = value;
      v.first_snapshot = v.last_snapshot = info.id;
      v.first_day = v.last_day = info.as_of_day;
      newest = history_.versions.size();
      history_.versions.push_back(std::move(v));
      if (static_cast<int>(c) == static_cast<int>(snapshot.name_column)) {
        std::vector<NameSource>& names = name_sources_[e];
        const std::string birth = birth_col >= 0 ? row.values[birth_col] : "";
        bool known = false;
        for (const NameSource& n : names)
          known = known || (n.name == value && n.birth_date == birth);
        if (!known) {
          names.push_back({value, birth, RawJson(snapshot, row), info.id, row.line});
        }
      }
    }
    if (birth_col >= 0 && !CollapseSpace(row.values[birth_col]).empty()) st.has_birth = true;
    st.last_name = row.values[snapshot.name_column];
    st.seen = true;
  }
  // Entries the previous snapshot listed and this one does not: gone.
  for (size_t e = 0; e < entries_.size(); ++e) {
    EntryState& st = *entries_[e];
    const bool here = e < listed.size() && listed[e];
    if (st.present && !here) Emit(e, "excluded", info, "");
    st.present = here;
  }
  last_day_ = info.as_of_day;
  previous_snapshot_ = info.id;
  return Status();
}

store::DerivedHistory HistoryBuilder::Finish() {
  for (size_t e = 0; e < entries_.size(); ++e) {
    const EntryState& st = *entries_[e];
    history_.entries[e].kind =
        LooksLikePerson(st.last_name, st.has_birth ? "x" : "") ? "person" : "organisation";
  }
  return std::move(history_);
}

}  // namespace memoria::registers
