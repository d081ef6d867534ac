// Facts the pages, the API and the command line derive from one person
// (a store::PersonView): their birth and death by the archive's one rule
// (store::ChooseLifeEvents, re-exported here) and the conflicts between
// their sources.
//
// Thread safety: pure functions of their arguments.
#ifndef MEMORIA_QUERY_FACTS_H_
#define MEMORIA_QUERY_FACTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "store/reader.h"

namespace memoria::query {

using store::ChooseLifeEvents;
using store::LifeEvents;

// One kind of fact with different values from different records: sources
// disagreeing on a birth date, a nationality, an occupation.
struct Conflict {
  enum class Of { kAttribute, kEvent };
  Of of = Of::kAttribute;
  std::string kind;  // the attribute kind or the event type
  struct Value {
    std::string value;  // the attribute's value, or the event's EDTF date ("" when undated)
    int64_t record_id = 0, claim_id = 0;
  };
  // Every fact of that kind, in the person's order (events by date).
  std::vector<Value> values;
};

// The conflicts of "person": each attribute kind with at least two distinct
// values, and each event type with at least two distinct known dates, each
// coming from at least two records (two values of one record are its own
// business, not a disagreement). Attributes first, then events; each group
// by kind.
std::vector<Conflict> FindConflicts(const store::PersonView& person);

}  // namespace memoria::query

#endif  // MEMORIA_QUERY_FACTS_H_
