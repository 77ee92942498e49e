// How much a transfer costs: a percentage, clamped between a minimum and a
// maximum fee.
#pragma once

#include "base/result.h"
#include "model/money.h"

namespace pay {

class FeePolicy {
public:
  // REQUIRES: Minimum and Maximum share a currency, Minimum <= Maximum.
  FeePolicy(int BasisPoints, Money Minimum, Money Maximum);

  // 0.2%, at least 0.25, at most 5.00 in the given currency.
  static FeePolicy standard(CurrencyKind Currency);
  static FeePolicy free(CurrencyKind Currency);

  // Fails when Amount is in another currency than the policy.
  Result<Money> feeFor(const Money &Amount) const;

  int basisPoints() const { return Rate; }
  CurrencyKind currency() const { return Minimum.currency(); }

private:
  int Rate;
  Money Minimum;
  Money Maximum;
};

} // namespace pay
