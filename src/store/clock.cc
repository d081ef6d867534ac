#include "store/internal/clock.h"

#include <ctime>
#include <utility>

#include "core/text.h"

namespace memoria::store {
namespace {

std::function<int64_t()>& TestClock() {
  static auto* clock = new std::function<int64_t()>();
  return *clock;
}

}  // namespace

std::string NowUtc() {
  const std::function<int64_t()>& test = TestClock();
  return UtcTimestamp(test ? test() : static_cast<int64_t>(std::time(nullptr)));
}

void SetClockForTesting(std::function<int64_t()> clock) { TestClock() = std::move(clock); }

}  // namespace memoria::store
