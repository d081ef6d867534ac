// The place authority (places/authority.h).
#include "places/authority.h"

#include <algorithm>

#include "core/text.h"
#include "places/internal/tables.h"

namespace memoria::places {
namespace {

// "москва" -> "Москва", "брест-литовский" -> "Брест-Литовский"; Cyrillic
// and ASCII letters only, other text as it is.
std::string Capitalised(std::string_view key) {
  std::string out;
  bool start = true;
  for (size_t i = 0; i < key.size();) {
    const auto b = static_cast<unsigned char>(key[i]);
    if (start && b >= 'a' && b <= 'z') {
      out.push_back(static_cast<char>(b - 32));
      ++i;
    } else if (start && b == 0xD0 && i + 1 < key.size()) {
      const auto c = static_cast<unsigned char>(key[i + 1]);
      if (c >= 0xB0 && c <= 0xBF) {  // а..п -> А..П
        out.push_back(static_cast<char>(0xD0));
        out.push_back(static_cast<char>(c - 0x20));
      } else {
        out.append(key.substr(i, 2));
      }
      i += 2;
    } else if (start && b == 0xD1 && i + 1 < key.size()) {
      const auto c = static_cast<unsigned char>(key[i + 1]);
      if (c >= 0x80 && c <= 0x8F) {  // р..я -> Р..Я
        out.push_back(static_cast<char>(0xD0));
        out.push_back(static_cast<char>(c + 0x20));
      } else {
        out.append(key.substr(i, 2));
      }
      i += 2;
    } else {
      out.push_back(key[i]);
      ++i;
      start = b == ' ' || b == '-';
      continue;
    }
    start = false;
  }
  return out;
}

// The name of a unit for people: its name with its type word, abbreviated
// as lists abbreviate it.
std::string WithType(std::string_view type, const std::string& name) {
  static constexpr std::pair<std::string_view, std::string_view> kAfter[] = {
      {"губерния", " губ."}, {"область", " обл."},     {"край", " край"},    {"АССР", " АССР"},
      {"ССР", " ССР"},       {"республика", " респ."}, {"уезд", " уезд"},    {"район", " р-н"},
      {"округ", " окр."},    {"волость", " вол."},     {"сельсовет", " с/с"}};
  static constexpr std::pair<std::string_view, std::string_view> kBefore[] = {
      {"город", "г. "},        {"местечко", "мест. "},  {"рабочий посёлок", "рп "},
      {"посад", "посад "},     {"слобода", "слобода "}, {"провинция", "провинция "},
      {"деревня", "д. "},      {"село", "с. "},         {"посёлок", "пос. "},
      {"хутор", "хут. "},      {"станция", "ст. "},     {"станица", "станица "},
      {"усадьба", "усадьба "}, {"имение", "имение "},   {"аул", "аул "},
      {"кишлак", "кишлак "},   {"колония", "колония "}, {"фольварк", "фольварк "},
      {"починок", "починок "}, {"гмина", "гмина "}};
  for (const auto& [t, after] : kAfter) {
    if (t == type) return name + std::string(after);
  }
  for (const auto& [t, before] : kBefore) {
    if (t == type) return std::string(before) + name;
  }
  return name;
}

std::string TupleKey(Authority::UnitId parent, Kind kind, std::string_view type,
                     std::string_view key) {
  std::string s = std::to_string(parent);
  s.push_back('|');
  s.append(std::to_string(static_cast<int>(kind)));
  s.push_back('|');
  s.append(type);
  s.push_back('|');
  s.append(key);
  return s;
}

bool IsAddressKind(Kind k) { return k == Kind::kStreet || k == Kind::kBuilding; }

}  // namespace

size_t Authority::Builder::Add(ParsedPlace place) {
  places_.push_back(std::move(place));
  return places_.size() - 1;
}

Authority Authority::Builder::Build() && {
  Authority a;
  for (const ParsedPlace& p : places_) {
    for (const Unit& u : p.units) {
      if (IsAddressKind(u.kind) || u.oblique || u.abbreviated) continue;
      ++a.attested_[u.type + "|" + u.key];
      if (!u.type.empty()) ++a.attested_["|" + u.key];
    }
  }
  // A written form that reads as another attested form is no nominative
  // itself ("г. Воронежа" beside "г. Воронеж"): it attests nothing, so that
  // "в Воронеже" reads "воронеж" and not "воронежа".
  std::vector<std::string> not_nominative;
  for (const ParsedPlace& p : places_) {
    for (const Unit& u : p.units) {
      if (IsAddressKind(u.kind) || u.oblique || u.abbreviated) continue;
      for (const std::string& c : u.nominatives) {
        if (a.Attested(u.type, c)) {
          not_nominative.push_back(u.type + "|" + u.key);
          not_nominative.push_back("|" + u.key);
          break;
        }
      }
    }
  }
  for (const std::string& k : not_nominative) a.attested_.erase(k);
  a.leaves_.assign(places_.size(), kNone);
  a.spelled_.clear();
  for (size_t i = 0; i < places_.size(); ++i) {
    UnitId parent = kNone;
    for (const Unit& u : places_[i].units) {
      const std::string key = a.ResolveKey(u);
      const UnitId id = a.Intern(parent, u, key);
      ++a.written_[static_cast<size_t>(id)][u.written.empty() ? u.name : u.written];
      if (u.key == key && !u.name.empty()) ++a.spelled_[static_cast<size_t>(id)][u.name];
      parent = id;
    }
    a.leaves_[i] = parent;
  }
  places_.clear();
  a.JoinUnderspecified();
  for (UnitId id = 0; id < static_cast<UnitId>(a.units_.size()); ++id) {
    if (!a.IsLive(id)) continue;
    UnitInfo& u = a.units_[static_cast<size_t>(id)];
    a.Name(id);
    for (const auto& [form, n] : a.written_[static_cast<size_t>(id)])
      u.written.emplace_back(form, n);
    std::stable_sort(u.written.begin(), u.written.end(),
                     [](const auto& x, const auto& y) { return x.second > y.second; });
    if (u.written.size() > kMaxWrittenForms) {
      u.other_forms = static_cast<int64_t>(u.written.size() - kMaxWrittenForms);
      u.written.resize(kMaxWrittenForms);
    }
    u.written.shrink_to_fit();
    std::map<std::string, int64_t>().swap(a.written_[static_cast<size_t>(id)]);
    std::vector<UnitId> live;
    for (UnitId c : u.children) {
      c = a.Canonical(c);
      if (a.units_[static_cast<size_t>(c)].parent == id &&
          std::find(live.begin(), live.end(), c) == live.end()) {
        live.push_back(c);
      }
    }
    u.children = std::move(live);
  }
  a.written_.clear();
  a.spelled_.clear();
  for (UnitId id = 0; id < static_cast<UnitId>(a.units_.size()); ++id) {
    if (a.IsLive(id)) a.by_path_.emplace(a.Path(id), id);
  }
  return a;
}

bool Authority::Attested(std::string_view type, std::string_view key) const {
  std::string k(type);
  k.push_back('|');
  k.append(key);
  if (attested_.count(k) != 0) return true;
  if (type.empty() || type == "город") {
    if (internal::IsKnownTown(key)) return true;
  }
  if (type.empty()) return internal::IsCountry(key);
  return false;
}

std::string Authority::ResolveKey(const Unit& u) const {
  if (IsAddressKind(u.kind)) return u.key;
  if (u.abbreviated && !Attested(u.type, u.key)) {
    // The one attested name of this type that the abbreviation starts.
    const std::string prefix = u.type + "|" + u.key;
    std::string found;
    int n = 0;
    for (auto it = attested_.lower_bound(prefix);
         it != attested_.end() && it->first.compare(0, prefix.size(), prefix) == 0 && n < 2; ++it) {
      found = it->first.substr(u.type.size() + 1);
      ++n;
    }
    if (n == 1) return found;
  }
  for (const std::string& c : u.nominatives) {
    if (Attested(u.type, c)) return c;
  }
  if (u.oblique && !u.nominatives.empty()) return u.nominatives.front();
  return u.key;
}

Authority::UnitId Authority::Intern(UnitId parent, const Unit& u, const std::string& key) {
  const std::string tuple = TupleKey(parent, u.kind, u.type, key);
  auto it = interned_.find(tuple);
  if (it != interned_.end()) return it->second;
  const auto id = static_cast<UnitId>(units_.size());
  UnitInfo info;
  info.kind = u.kind;
  info.type = u.type;
  info.key = key;
  info.parent = parent;
  info.house_order = u.house_order;
  units_.push_back(std::move(info));
  canonical_.push_back(id);
  written_.emplace_back();
  spelled_.emplace_back();
  if (parent != kNone) units_[static_cast<size_t>(parent)].children.push_back(id);
  interned_.emplace(tuple, id);
  by_key_[key].push_back(id);
  return id;
}

Authority::UnitId Authority::Canonical(UnitId id) const {
  if (id == kNone) return kNone;
  while (canonical_[static_cast<size_t>(id)] != id) id = canonical_[static_cast<size_t>(id)];
  return id;
}

void Authority::Merge(UnitId from, UnitId into) {
  if (from == into) return;
  canonical_[static_cast<size_t>(from)] = into;
  for (const auto& [form, n] : written_[static_cast<size_t>(from)]) {
    written_[static_cast<size_t>(into)][form] += n;
  }
  for (const auto& [form, n] : spelled_[static_cast<size_t>(from)]) {
    spelled_[static_cast<size_t>(into)][form] += n;
  }
  std::vector<UnitId> children = std::move(units_[static_cast<size_t>(from)].children);
  units_[static_cast<size_t>(from)].children.clear();
  for (UnitId c : children) {
    if (!IsLive(c) || units_[static_cast<size_t>(c)].parent != from) continue;
    const UnitInfo& child = units_[static_cast<size_t>(c)];
    const std::string tuple = TupleKey(into, child.kind, child.type, child.key);
    auto it = interned_.find(tuple);
    if (it != interned_.end() && Canonical(it->second) != c) {
      Merge(c, Canonical(it->second));
    } else {
      units_[static_cast<size_t>(c)].parent = into;
      units_[static_cast<size_t>(into)].children.push_back(c);
      interned_[tuple] = c;
    }
  }
}

// True when every unit above "narrow" has a unit of the same name and
// compatible type above "wide", in the same order.
bool Authority::AncestorsWithin(UnitId narrow, UnitId wide) const {
  UnitId w = units_[static_cast<size_t>(wide)].parent;
  for (UnitId n = units_[static_cast<size_t>(narrow)].parent; n != kNone;
       n = units_[static_cast<size_t>(n)].parent) {
    const UnitInfo& a = units_[static_cast<size_t>(n)];
    bool found = false;
    while (w != kNone && !found) {
      const UnitInfo& b = units_[static_cast<size_t>(w)];
      w = b.parent;
      found = b.key == a.key && (a.type.empty() || b.type.empty() || a.type == b.type);
    }
    if (!found) return false;
  }
  return true;
}

int Authority::Depth(UnitId id) const {
  int d = 0;
  for (UnitId p = units_[static_cast<size_t>(id)].parent; p != kNone;
       p = units_[static_cast<size_t>(p)].parent) {
    ++d;
  }
  return d;
}

void Authority::JoinUnderspecified() {
  auto is_ancestor = [&](UnitId maybe, UnitId of) {
    for (UnitId p = units_[static_cast<size_t>(of)].parent; p != kNone;
         p = units_[static_cast<size_t>(p)].parent) {
      if (Canonical(p) == maybe) return true;
    }
    return false;
  };
  for (int pass = 0; pass < 2; ++pass) {
    for (UnitId id = 0; id < static_cast<UnitId>(units_.size()); ++id) {
      if (!IsLive(id)) continue;
      const UnitInfo& u = units_[static_cast<size_t>(id)];
      const bool untyped = u.type.empty();
      // Houses follow their streets; a name borne by very many units (a
      // village name, "ул. Ленина") would cost a scan of them all for each,
      // and has no one unit to join anyway.
      if (u.kind == Kind::kBuilding) continue;
      if (by_key_[u.key].size() > kMaxNamesakes) continue;
      const UnitId parent = Canonical(u.parent);
      const int depth = Depth(id);
      std::vector<UnitId> same_parent, wider;
      for (UnitId t : by_key_[u.key]) {
        t = Canonical(t);
        if (t == id) continue;
        const UnitInfo& c = units_[static_cast<size_t>(t)];
        if (untyped) {
          if (c.type.empty() || IsAddressKind(c.kind)) continue;
        } else if (c.type != u.type || c.kind != u.kind) {
          continue;
        }
        if (is_ancestor(t, id) || is_ancestor(id, t)) continue;
        if (untyped && Canonical(c.parent) == parent) {
          if (std::find(same_parent.begin(), same_parent.end(), t) == same_parent.end()) {
            same_parent.push_back(t);
          }
        } else if (Depth(t) > depth && AncestorsWithin(id, t)) {
          if (std::find(wider.begin(), wider.end(), t) == wider.end()) wider.push_back(t);
        }
      }
      if (same_parent.size() == 1) {
        Merge(id, same_parent.front());
      } else if (same_parent.empty() && wider.size() == 1) {
        Merge(id, wider.front());
      }
    }
  }
}

void Authority::Name(UnitId id) {
  UnitInfo& u = units_[static_cast<size_t>(id)];
  const std::map<std::string, int64_t>& spelled = spelled_[static_cast<size_t>(id)];
  if (u.kind == Kind::kStreet) {
    // Streets keep the most frequent way they are written, type word and all.
    const auto& written = written_[static_cast<size_t>(id)];
    auto best = std::max_element(written.begin(), written.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    u.name = best != written.end() ? best->first : Capitalised(u.key);
    return;
  }
  if (u.kind == Kind::kBuilding) {
    u.name = "д. " + u.key;
    return;
  }
  std::string base;
  int64_t most = 0;
  for (const auto& [name, n] : spelled) {
    // A name written in capitals only is not preferred: "МОСКВА".
    bool upper_only = FoldCase(name) != name && Capitalised(FoldCase(name)) != name;
    const int64_t weight = upper_only ? n : n * 4;
    if (weight > most) {
      most = weight;
      base = name;
    }
  }
  if (base.empty()) base = Capitalised(u.key);
  u.name = WithType(u.type, base);
}

std::string Authority::Path(UnitId id) const {
  std::vector<const std::string*> names;
  for (UnitId p = Canonical(id); p != kNone; p = units_[static_cast<size_t>(p)].parent) {
    names.push_back(&units_[static_cast<size_t>(p)].name);
  }
  std::string out;
  for (auto it = names.rbegin(); it != names.rend(); ++it) {
    if (!out.empty()) out.append(", ");
    out.append(**it);
  }
  return out;
}

Authority::UnitId Authority::LeafOf(size_t handle) const {
  if (handle >= leaves_.size()) return kNone;
  return Canonical(leaves_[handle]);
}

bool Authority::Matches(const Unit& q, const std::string& key, UnitId id) const {
  const UnitInfo& u = units_[static_cast<size_t>(id)];
  if (u.key != key) return false;
  if (IsAddressKind(q.kind) || IsAddressKind(u.kind)) {
    return q.kind == u.kind || (q.type.empty() && u.kind == Kind::kStreet);
  }
  return q.type.empty() || u.type.empty() || q.type == u.type;
}

std::vector<Authority::UnitId> Authority::Find(std::string_view query) const {
  std::vector<UnitId> out = FindByReading(query);
  // A unit's own path (the link the website gives) finds it whatever else
  // it reads as.
  if (auto p = by_path_.find(CollapseSpace(query)); p != by_path_.end()) {
    if (!std::binary_search(out.begin(), out.end(), p->second)) {
      out.insert(std::lower_bound(out.begin(), out.end(), p->second), p->second);
    }
  }
  return out;
}

std::vector<Authority::UnitId> Authority::FindByReading(std::string_view query) const {
  std::vector<UnitId> out;
  const ParsedPlace q = ParsePlace(query);
  if (q.units.empty()) return out;
  std::vector<std::string> keys;
  for (const Unit& u : q.units) keys.push_back(ResolveKey(u));
  auto it = by_key_.find(keys.back());
  for (UnitId id : it == by_key_.end() ? std::vector<UnitId>() : it->second) {
    id = Canonical(id);
    if (!Matches(q.units.back(), keys.back(), id)) continue;
    // The query's larger units, in order, among the ancestors.
    UnitId at = units_[static_cast<size_t>(id)].parent;
    bool all = true;
    for (size_t j = q.units.size() - 1; j-- > 0 && all;) {
      while (at != kNone && !Matches(q.units[j], keys[j], at)) {
        at = units_[static_cast<size_t>(at)].parent;
      }
      if (at == kNone) {
        all = false;
      } else {
        at = units_[static_cast<size_t>(at)].parent;
      }
    }
    if (all) out.push_back(id);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool PlaceContains(std::string_view place, std::string_view query) {
  Authority::Builder builder;
  const size_t handle = builder.Add(ParsePlace(place));
  builder.Add(ParsePlace(query));
  const Authority a = std::move(builder).Build();
  const std::vector<Authority::UnitId> named = a.Find(query);
  for (Authority::UnitId u = a.LeafOf(handle); u != Authority::kNone; u = a.unit(u).parent) {
    if (std::binary_search(named.begin(), named.end(), u)) return true;
  }
  return false;
}

}  // namespace memoria::places
