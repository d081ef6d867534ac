#include "store/internal/clock.h"

#include <ctime>
#include <utility>

namespace memoria::store {
namespace {

std::function<int64_t()>& TestClock() {
  static auto* clock = new std::function<int64_t()>();
  return *clock;
}

}  // namespace

std::string NowUtc() {
  const std::function<int64_t()>& test = TestClock();
  std::time_t t = test ? static_cast<std::time_t>(test()) : std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void SetClockForTesting(std::function<int64_t()> clock) { TestClock() = std::move(clock); }

}  // namespace memoria::store
