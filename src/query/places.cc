#include "query/places.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>

#include "core/text.h"
#include "names/address.h"

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

std::string FirstPart(std::string_view text) {
  std::string_view part = text.substr(0, text.find(','));
  return CollapseSpace(part);
}

}  // namespace

PlaceIndex PlaceIndex::Build(std::vector<store::PlaceText> texts) {
  PlaceIndex index;
  std::unordered_map<std::string, size_t> slot;
  std::unordered_map<std::string, std::vector<int64_t>> by_first;
  for (store::PlaceText& t : texts) {
    auto [it, added] = slot.try_emplace(t.text, index.words_.size());
    if (added) {
      index.words_.push_back(FoldedWords(t.text));
      index.persons_.emplace_back();
    }
    index.persons_[it->second].push_back(t.person_id);
    by_first[FirstPart(t.text)].push_back(t.person_id);
  }
  for (std::vector<int64_t>& p : index.persons_) {
    std::sort(p.begin(), p.end());
    p.erase(std::unique(p.begin(), p.end()), p.end());
  }
  for (auto& [name, persons] : by_first) {
    if (name.empty()) continue;
    std::sort(persons.begin(), persons.end());
    const int64_t n = std::unique(persons.begin(), persons.end()) - persons.begin();
    index.top_.emplace_back(name, n);
  }
  std::sort(index.top_.begin(), index.top_.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (index.top_.size() > 100) index.top_.resize(100);
  return index;
}

std::vector<int64_t> PlaceIndex::Match(std::string_view query) const {
  const std::vector<std::string> want = FoldedWords(query);
  std::vector<int64_t> out;
  if (want.empty()) return out;
  for (size_t i = 0; i < words_.size(); ++i) {
    const std::vector<std::string>& have = words_[i];
    bool all = true;
    for (const std::string& w : want) {
      if (std::find(have.begin(), have.end(), w) == have.end()) {
        all = false;
        break;
      }
    }
    if (all) out.insert(out.end(), persons_[i].begin(), persons_[i].end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

AddressIndex AddressIndex::Build(const std::vector<store::PlaceText>& texts,
                                 const std::vector<store::PlaceRecord>& places) {
  AddressIndex index;
  for (const store::PlaceText& t : texts) {
    if (t.kind != "address" && t.kind != "residence") continue;
    std::optional<names::ParsedAddress> a = names::ParseAddress(t.text);
    if (!a.has_value() || a->street_key.empty()) continue;
    index.by_street_[a->street_key].push_back({a->street, a->house, t.person_id, t.text});
    std::vector<std::string>& street_names = index.street_names_[a->street_key];
    if (street_names.size() < 8 &&
        std::find(street_names.begin(), street_names.end(), a->street) == street_names.end()) {
      street_names.push_back(a->street);
    }
  }
  for (auto& [key, entries] : index.by_street_) {
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
      return a.house != b.house ? a.house < b.house : a.person_id < b.person_id;
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
      if (!q->house.empty() && e.house != q->house) continue;
      auto [b, added] = building_of_house.try_emplace(e.house, answer.buildings.size());
      if (added) {
        Building building;
        building.address = e.house.empty() ? e.street : e.street + ", " + e.house;
        building.street_key = key;
        building.house = e.house;
        for (const std::string& k : keys) {
          auto p = points_.find(names::BuildingKey(k, e.house));
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
        residents.push_back({e.person_id, e.as_written});
      }
    }
  }
  return answer;
}

std::vector<AddressIndex::Building> AddressIndex::Mapped() const {
  std::vector<Building> out;
  for (const auto& [key, entries] : by_street_) {
    for (size_t i = 0; i < entries.size();) {
      size_t j = i;
      while (j < entries.size() && entries[j].house == entries[i].house) ++j;
      auto p = points_.find(names::BuildingKey(key, entries[i].house));
      if (p != points_.end()) {
        Building b;
        b.address = entries[i].house.empty() ? entries[i].street
                                             : entries[i].street + ", " + entries[i].house;
        b.street_key = key;
        b.house = entries[i].house;
        b.has_point = true;
        b.lat = p->second.first;
        b.lon = p->second.second;
        for (size_t k = i; k < j; ++k) b.residents.push_back({entries[k].person_id, ""});
        out.push_back(std::move(b));
      }
      i = j;
    }
  }
  std::sort(out.begin(), out.end(),
            [](const Building& a, const Building& b) { return a.address < b.address; });
  return out;
}

Result<PlaceIndexes> BuildPlaceIndexes(store::Reader* reader) {
  std::vector<store::PlaceText> texts;
  MEMORIA_RETURN_IF_ERROR(
      reader->ForEachPlaceText([&](store::PlaceText&& t) { texts.push_back(std::move(t)); }));
  MEMORIA_ASSIGN_OR_RETURN(std::vector<store::PlaceRecord> places, reader->Places());
  PlaceIndexes out;
  out.addresses = AddressIndex::Build(texts, places);
  out.places = PlaceIndex::Build(std::move(texts));
  return out;
}

}  // namespace memoria::query
