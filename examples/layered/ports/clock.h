// Source of the current time, so services never read the system clock.
#pragma once

#include <string>

namespace pay {

class Clock {
public:
  virtual ~Clock();

  // Milliseconds since 1970-01-01T00:00:00Z.
  virtual long long nowMillis() const = 0;
};

constexpr long long MillisPerDay = 24LL * 60 * 60 * 1000;

// "2024-03-01T12:00:00Z"; UTC, proleptic Gregorian calendar.
std::string formatTimestamp(long long Millis);

} // namespace pay
