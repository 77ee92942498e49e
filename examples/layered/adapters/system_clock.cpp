#include "adapters/system_clock.h"

#include <chrono>

namespace pay {

long long SystemClock::nowMillis() const {
  auto SinceEpoch = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::milliseconds>(SinceEpoch)
      .count();
}

void ManualClock::advanceMillis(long long Delta) {
  // Time never runs backwards, even for a test clock.
  if (Delta > 0)
    Now += Delta;
}

void ManualClock::advanceDays(int Days) {
  advanceMillis(static_cast<long long>(Days) * MillisPerDay);
}

} // namespace pay
