// A synthetic register history for the demo and the benchmarks: a series of
// dated snapshots of a register in the format of the published register of
// "foreign agents" (the foreign-agents profile, docs/formats/registers.md),
// with entries added every week, exclusion decisions set, names and
// participants changed. Every name is made up from the generator's lexicon;
// nothing it writes is a real person or organisation.
//
// Output is deterministic for a given (options).
//
// Thread safety: a pure function of its options.
#ifndef MEMORIA_SYNTH_REGISTER_HISTORY_H_
#define MEMORIA_SYNTH_REGISTER_HISTORY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/status.h"

namespace memoria::synth {

struct RegisterHistoryOptions {
  int64_t entries = 1500;  // entries in the last snapshot
  int snapshots = 40;
  uint64_t seed = 1;
  // As-of day of the first snapshot (YYYY-MM-DD); one snapshot a week.
  std::string first_day = "2022-12-02";
  int days_between = 7;
  // Share of the entries in the first snapshot; the rest come evenly after.
  double initial_share = 0.3;
  double person_share = 0.55;
  // Per entry and snapshot: chances of an exclusion decision, a renaming, a
  // change of participants.
  double exclusion_rate = 0.002;
  double rename_rate = 0.0005;
  double participants_rate = 0.002;
};

// Writes options.snapshots files DIR/registry_YYYY-MM-DD.csv (DIR must
// exist) and returns their paths, oldest first. kInvalidArgument for
// entries outside 1..10,000,000, snapshots outside 1..10,000, a bad
// first_day or rates outside [0, 1]; kDataLoss when a file cannot be
// written.
Result<std::vector<std::string>> GenerateRegisterHistory(const RegisterHistoryOptions& options,
                                                         const std::string& dir);

}  // namespace memoria::synth

#endif  // MEMORIA_SYNTH_REGISTER_HISTORY_H_
