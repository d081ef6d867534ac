#include "query/facts.h"

#include <map>
#include <set>

namespace memoria::query {

std::vector<Conflict> FindConflicts(const store::PersonView& p) {
  std::map<std::string, std::vector<const store::AttributeFact*>> attributes_by_kind;
  for (const store::AttributeFact& a : p.attributes) attributes_by_kind[a.kind].push_back(&a);
  std::map<std::string, std::vector<const store::EventFact*>> events_by_type;
  for (const store::EventFact& e : p.events) events_by_type[e.type].push_back(&e);
  std::vector<Conflict> out;
  for (const auto& [kind, facts] : attributes_by_kind) {
    std::set<std::string> values;
    std::set<int64_t> records;
    for (const store::AttributeFact* a : facts) {
      values.insert(a->value);
      records.insert(a->record_id);
    }
    if (values.size() < 2 || records.size() < 2) continue;
    Conflict c;
    c.of = Conflict::Of::kAttribute;
    c.kind = kind;
    for (const store::AttributeFact* a : facts)
      c.values.push_back({a->value, a->record_id, a->claim_id});
    out.push_back(std::move(c));
  }
  for (const auto& [type, facts] : events_by_type) {
    std::set<std::string> dates;
    std::set<int64_t> records;
    for (const store::EventFact* e : facts) {
      if (!e->date.empty()) dates.insert(e->date.ToString());
      records.insert(e->record_id);
    }
    if (dates.size() < 2 || records.size() < 2) continue;
    Conflict c;
    c.of = Conflict::Of::kEvent;
    c.kind = type;
    for (const store::EventFact* e : facts) {
      c.values.push_back({e->date.ToString(), e->record_id, e->claim_id});
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace memoria::query
