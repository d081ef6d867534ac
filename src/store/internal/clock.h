// The store's clock: the UTC time written into created_at, started_at and
// finished_at columns. Tests replace it (SetClockForTesting) so that what
// they compare does not depend on when they run.
#ifndef MEMORIA_STORE_INTERNAL_CLOCK_H_
#define MEMORIA_STORE_INTERNAL_CLOCK_H_

#include <cstdint>
#include <functional>
#include <string>

namespace memoria::store {

// The current time as "YYYY-MM-DDTHH:MM:SSZ".
std::string NowUtc();

// Seconds since the Unix epoch from "clock" instead of the system's, until
// called again with nullptr. Not thread-safe: call before the stores run.
void SetClockForTesting(std::function<int64_t()> clock);

}  // namespace memoria::store

#endif  // MEMORIA_STORE_INTERNAL_CLOCK_H_
