#include "query/places.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>

#include "core/text.h"
#include "names/address.h"
#include "places/places.h"

namespace memoria::query {
namespace {

// Words of letters and digits: ASCII punctuation and the common typographic
// marks (« » – — ’ “ ” №) separate words.
std::vector<std::string> FoldedWords(std::string_view text) {
  std::vector<std::string> out;
  std::string folded = FoldCase(text);
  for (std::string_view mark : {"«", "»", "–", "—", "’", "“", "”", "№"}) {
    for (size_t i = 0; (i = folded.find(mark, i)) != std::string::npos;) {
      folded.replace(i, mark.size(), " ");
    }
  }
  for (char& c : folded) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x80 && std::isalnum(u) == 0) c = ' ';
  }
  for (std::string_view w : SplitWords(folded)) {
    std::string word(w);
    // ё and е are one letter for matching.
    for (size_t i = 0; (i = word.find("ё", i)) != std::string::npos;) word.replace(i, 2, "е");
    out.push_back(std::move(word));
  }
  return out;
}

bool AddressKind(places::Kind k) {
  return k == places::Kind::kStreet || k == places::Kind::kBuilding;
}

// Ascending unique union of two ascending lists.
void MergeInto(const std::vector<int64_t>& more, std::vector<int64_t>* into) {
  std::vector<int64_t> merged;
  merged.reserve(into->size() + more.size());
  std::set_union(into->begin(), into->end(), more.begin(), more.end(), std::back_inserter(merged));
  *into = std::move(merged);
}

}  // namespace

void PlaceIndex::Lists::Append(const std::vector<int64_t>& list) {
  ids.insert(ids.end(), list.begin(), list.end());
  starts.push_back(static_cast<uint32_t>(ids.size()));
}

namespace {

// Whether *stop is set, looked at once every 1,024 calls.
bool Stopped(const std::atomic<bool>* stop, size_t* calls) {
  return stop != nullptr && (++*calls & 1023) == 0 && stop->load(std::memory_order_relaxed);
}

}  // namespace

PlaceIndex PlaceIndex::Build(std::vector<store::PlaceText> texts, const std::atomic<bool>* stop) {
  using places::Authority;
  PlaceIndex index;
  std::unordered_map<std::string, uint32_t> slot;
  std::vector<std::vector<int64_t>> persons;  // per distinct text
  std::vector<size_t> handles;
  Authority::Builder builder;
  size_t calls = 0;
  for (store::PlaceText& t : texts) {
    if (Stopped(stop, &calls)) return index;
    auto [it, added] = slot.try_emplace(t.text, static_cast<uint32_t>(persons.size()));
    if (added) {
      for (std::string& w : FoldedWords(t.text)) {
        std::vector<uint32_t>& list = index.word_texts_[std::move(w)];
        if (list.empty() || list.back() != it->second) list.push_back(it->second);
      }
      persons.emplace_back();
      handles.push_back(builder.Add(places::ParsePlace(t.text)));
    }
    persons[it->second].push_back(t.person_id);
  }
  std::unordered_map<std::string, uint32_t>().swap(slot);
  std::vector<store::PlaceText>().swap(texts);
  for (auto& [word, list] : index.word_texts_) list.shrink_to_fit();
  for (std::vector<int64_t>& p : persons) {
    std::sort(p.begin(), p.end());
    p.erase(std::unique(p.begin(), p.end()), p.end());
  }
  index.authority_ = std::move(builder).Build();
  const Authority& a = index.authority_;
  std::vector<std::vector<int64_t>> unit_persons(a.size());
  for (size_t i = 0; i < handles.size(); ++i) {
    const Authority::UnitId leaf = a.LeafOf(handles[i]);
    if (leaf == Authority::kNone) continue;
    std::vector<int64_t>& p = unit_persons[static_cast<size_t>(leaf)];
    p.insert(p.end(), persons[i].begin(), persons[i].end());
  }
  for (const std::vector<int64_t>& p : persons) index.text_persons_.Append(p);
  std::vector<std::vector<int64_t>>().swap(persons);
  for (std::vector<int64_t>& p : unit_persons) {
    std::sort(p.begin(), p.end());
    p.erase(std::unique(p.begin(), p.end()), p.end());
    index.unit_persons_.Append(p);
    std::vector<int64_t>().swap(p);
  }
  // Persons of each unit and every unit under it, counted from the leaves
  // up (a unit's list is dropped once its parent has it).
  index.unit_counts_.assign(a.size(), 0);
  std::vector<std::vector<int64_t>> below(a.size());
  std::vector<Authority::UnitId> order;  // parents before children
  for (Authority::UnitId id = 0; id < static_cast<Authority::UnitId>(a.size()); ++id) {
    if (a.IsLive(id) && a.unit(id).parent == Authority::kNone) order.push_back(id);
  }
  for (size_t i = 0; i < order.size(); ++i) {
    for (Authority::UnitId c : a.unit(order[i]).children) order.push_back(c);
  }
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    const auto id = static_cast<size_t>(*it);
    std::vector<int64_t>& mine = below[id];
    MergeInto(std::vector<int64_t>(index.unit_persons_.begin(id), index.unit_persons_.end(id)),
              &mine);
    for (Authority::UnitId c : a.unit(*it).children) {
      MergeInto(below[static_cast<size_t>(c)], &mine);
      std::vector<int64_t>().swap(below[static_cast<size_t>(c)]);
    }
    index.unit_counts_[id] = static_cast<int64_t>(mine.size());
  }
  std::vector<Authority::UnitId> ranked;
  for (Authority::UnitId id : order) {
    if (!AddressKind(a.unit(id).kind) && index.unit_counts_[static_cast<size_t>(id)] > 0) {
      ranked.push_back(id);
    }
  }
  const size_t n = std::min<size_t>(ranked.size(), 100);
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n), ranked.end(),
                    [&](Authority::UnitId x, Authority::UnitId y) {
                      const int64_t cx = index.unit_counts_[static_cast<size_t>(x)];
                      const int64_t cy = index.unit_counts_[static_cast<size_t>(y)];
                      return cx != cy ? cx > cy : a.Path(x) < a.Path(y);
                    });
  for (size_t i = 0; i < n; ++i) index.top_.push_back(index.Summary(ranked[i]));
  return index;
}

PlaceIndex::UnitSummary PlaceIndex::Summary(places::Authority::UnitId id) const {
  const places::Authority::UnitInfo& u = authority_.unit(id);
  UnitSummary s;
  s.name = u.name;
  if (u.parent != places::Authority::kNone) s.within = authority_.Path(u.parent);
  s.query = authority_.Path(id);
  s.kind = std::string(places::KindName(u.kind));
  s.persons = unit_counts_[static_cast<size_t>(id)];
  return s;
}

void PlaceIndex::CollectPersons(places::Authority::UnitId id, std::vector<int64_t>* out) const {
  std::vector<places::Authority::UnitId> stack = {id};
  while (!stack.empty()) {
    const places::Authority::UnitId u = stack.back();
    stack.pop_back();
    const auto i = static_cast<size_t>(u);
    out->insert(out->end(), unit_persons_.begin(i), unit_persons_.end(i));
    for (places::Authority::UnitId c : authority_.unit(u).children) stack.push_back(c);
  }
}

std::vector<PlaceIndex::UnitDetail> PlaceIndex::Describe(std::string_view query,
                                                         size_t max_children) const {
  std::vector<UnitDetail> out;
  for (places::Authority::UnitId id : authority_.Find(query)) {
    UnitDetail d;
    d.unit = Summary(id);
    d.written = authority_.unit(id).written;
    d.other_forms = authority_.unit(id).other_forms;
    std::vector<places::Authority::UnitId> children = authority_.unit(id).children;
    std::sort(children.begin(), children.end(), [&](auto x, auto y) {
      const places::Authority::UnitInfo &ux = authority_.unit(x), &uy = authority_.unit(y);
      if (ux.kind == places::Kind::kBuilding && uy.kind == places::Kind::kBuilding) {
        return ux.house_order < uy.house_order;
      }
      const int64_t cx = unit_counts_[static_cast<size_t>(x)];
      const int64_t cy = unit_counts_[static_cast<size_t>(y)];
      return cx != cy ? cx > cy : ux.name < uy.name;
    });
    if (children.size() > max_children) children.resize(max_children);
    for (places::Authority::UnitId c : children) d.children.push_back(Summary(c));
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<int64_t> PlaceIndex::Match(std::string_view query) const {
  std::vector<int64_t> out;
  for (places::Authority::UnitId id : authority_.Find(query)) CollectPersons(id, &out);
  if (out.empty()) {
    // No unit: the place texts holding every word of the query.
    const std::vector<std::string> want = FoldedWords(query);
    if (want.empty()) return out;
    std::vector<uint32_t> texts;
    for (size_t k = 0; k < want.size(); ++k) {
      auto it = word_texts_.find(want[k]);
      if (it == word_texts_.end()) return out;
      if (k == 0) {
        texts = it->second;
      } else {
        std::vector<uint32_t> both;
        std::set_intersection(texts.begin(), texts.end(), it->second.begin(), it->second.end(),
                              std::back_inserter(both));
        texts = std::move(both);
      }
    }
    for (uint32_t t : texts) out.insert(out.end(), text_persons_.begin(t), text_persons_.end(t));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

AddressIndex AddressIndex::Build(const std::vector<store::PlaceText>& texts,
                                 const std::vector<store::PlaceRecord>& places,
                                 const std::atomic<bool>* stop) {
  AddressIndex index;
  std::unordered_map<std::string, uint32_t> interned;
  auto intern = [&](const std::string& text) {
    auto [it, added] = interned.try_emplace(text, static_cast<uint32_t>(index.strings_.size()));
    if (added) index.strings_.push_back(text);
    return it->second;
  };
  size_t calls = 0;
  for (const store::PlaceText& t : texts) {
    if (Stopped(stop, &calls)) return index;
    if (t.kind != "address" && t.kind != "residence") continue;
    std::optional<names::ParsedAddress> a = names::ParseAddress(t.text);
    if (!a.has_value() || a->street_key.empty()) continue;
    index.by_street_[a->street_key].push_back(
        {intern(a->street), intern(a->house), intern(t.text), t.person_id});
    std::vector<std::string>& street_names = index.street_names_[a->street_key];
    if (street_names.size() < 8 &&
        std::find(street_names.begin(), street_names.end(), a->street) == street_names.end()) {
      street_names.push_back(a->street);
    }
  }
  std::unordered_map<std::string, uint32_t>().swap(interned);
  index.strings_.shrink_to_fit();
  const std::vector<std::string>& str = index.strings_;
  for (auto& [key, entries] : index.by_street_) {
    entries.shrink_to_fit();
    std::sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
      return a.house != b.house
                 ? places::HouseSortKey(str[a.house]) < places::HouseSortKey(str[b.house])
                 : a.person_id < b.person_id;
    });
  }
  for (const store::PlaceRecord& p : places) {
    if (p.kind == "street") {
      // Every name of the street leads to every other.
      std::vector<std::string> keys;
      for (const std::string& n : p.names) {
        std::string key = names::StreetKey(n);
        if (!key.empty() && std::find(keys.begin(), keys.end(), key) == keys.end()) {
          keys.push_back(key);
        }
      }
      for (const std::string& k : keys) {
        std::vector<std::string>& eq = index.equivalent_[k];
        for (const std::string& other : keys) {
          if (std::find(eq.begin(), eq.end(), other) == eq.end()) eq.push_back(other);
        }
        for (const std::string& n : p.names) {
          std::vector<std::string>& sn = index.street_names_[k];
          if (std::find(sn.begin(), sn.end(), n) == sn.end()) sn.push_back(n);
        }
      }
    } else if (p.kind == "building" && p.has_point) {
      std::optional<names::ParsedAddress> a = names::ParseAddress(p.name);
      if (!a.has_value()) continue;
      index.points_[names::BuildingKey(a->street_key, a->house)] = {p.lat, p.lon};
    }
  }
  return index;
}

AddressIndex::Answer AddressIndex::Find(std::string_view query) const {
  Answer answer;
  std::optional<names::ParsedAddress> q = names::ParseAddress(query);
  if (!q.has_value() || q->street_key.empty()) return answer;
  std::vector<std::string> keys = {q->street_key};
  if (auto it = equivalent_.find(q->street_key); it != equivalent_.end()) {
    for (const std::string& k : it->second) {
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    }
  }
  for (const std::string& key : keys) {
    if (auto it = street_names_.find(key); it != street_names_.end()) {
      for (const std::string& n : it->second) {
        if (std::find(answer.street_names.begin(), answer.street_names.end(), n) ==
            answer.street_names.end()) {
          answer.street_names.push_back(n);
        }
      }
    }
  }
  // Buildings are told apart by house; a house under two names of one
  // street is one building.
  std::map<std::string, size_t> building_of_house;
  for (const std::string& key : keys) {
    auto it = by_street_.find(key);
    if (it == by_street_.end()) continue;
    for (const Entry& e : it->second) {
      const std::string& house = strings_[e.house];
      if (!q->house.empty() && house != q->house) continue;
      auto [b, added] = building_of_house.try_emplace(house, answer.buildings.size());
      if (added) {
        Building building;
        const std::string& street = strings_[e.street];
        building.address = house.empty() ? street : street + ", " + house;
        building.street_key = key;
        building.house = house;
        for (const std::string& k : keys) {
          auto p = points_.find(names::BuildingKey(k, house));
          if (p != points_.end()) {
            building.has_point = true;
            building.lat = p->second.first;
            building.lon = p->second.second;
            break;
          }
        }
        answer.buildings.push_back(std::move(building));
      }
      std::vector<Resident>& residents = answer.buildings[b->second].residents;
      if (std::none_of(residents.begin(), residents.end(),
                       [&](const Resident& r) { return r.person_id == e.person_id; })) {
        residents.push_back({e.person_id, strings_[e.as_written]});
      }
    }
  }
  // Houses as numbers: 4, 4а, 20, 109а (a house of an older name of the
  // street among the others).
  std::stable_sort(answer.buildings.begin(), answer.buildings.end(),
                   [](const Building& a, const Building& b) {
                     return places::HouseSortKey(a.house) < places::HouseSortKey(b.house);
                   });
  return answer;
}

std::vector<AddressIndex::Building> AddressIndex::Mapped() const {
  std::vector<Building> out;
  for (const auto& [key, entries] : by_street_) {
    for (size_t i = 0; i < entries.size();) {
      size_t j = i;
      while (j < entries.size() && entries[j].house == entries[i].house) ++j;
      const std::string& house = strings_[entries[i].house];
      auto p = points_.find(names::BuildingKey(key, house));
      if (p != points_.end()) {
        Building b;
        const std::string& street = strings_[entries[i].street];
        b.address = house.empty() ? street : street + ", " + house;
        b.street_key = key;
        b.house = house;
        b.has_point = true;
        b.lat = p->second.first;
        b.lon = p->second.second;
        for (size_t k = i; k < j; ++k) b.residents.push_back({entries[k].person_id, ""});
        out.push_back(std::move(b));
      }
      i = j;
    }
  }
  std::sort(out.begin(), out.end(), [](const Building& a, const Building& b) {
    if (a.street_key != b.street_key) return a.street_key < b.street_key;
    return places::HouseSortKey(a.house) < places::HouseSortKey(b.house);
  });
  return out;
}

Result<PlaceIndexes> BuildPlaceIndexes(store::Reader* reader, const std::atomic<bool>* stop) {
  const Status stopped = UnavailableError("stopped: the place indexes were not built");
  std::vector<store::PlaceText> texts;
  size_t calls = 0;
  MEMORIA_RETURN_IF_ERROR(reader->ForEachPlaceText([&](store::PlaceText&& t) {
    if (Stopped(stop, &calls)) return stopped;
    texts.push_back(std::move(t));
    return Status();
  }));
  MEMORIA_ASSIGN_OR_RETURN(std::vector<store::PlaceRecord> places, reader->Places());
  PlaceIndexes out;
  out.addresses = AddressIndex::Build(texts, places, stop);
  if (stop != nullptr && stop->load()) return stopped;
  out.places = PlaceIndex::Build(std::move(texts), stop);
  if (stop != nullptr && stop->load()) return stopped;
  return out;
}

}  // namespace memoria::query
