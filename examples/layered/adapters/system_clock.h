// Clock implementations: the real one and a deterministic one for demos and
// tests.
#pragma once

#include "ports/clock.h"

namespace pay {

class SystemClock final : public Clock {
public:
  long long nowMillis() const override;
};

// Starts at a fixed instant and moves only when told to.
class ManualClock final : public Clock {
public:
  explicit ManualClock(long long StartMillis) : Now(StartMillis) {}

  long long nowMillis() const override { return Now; }
  void advanceMillis(long long Delta);
  void advanceDays(int Days);

private:
  long long Now;
};

} // namespace pay
