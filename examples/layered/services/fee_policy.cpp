#include "services/fee_policy.h"

namespace pay {

FeePolicy::FeePolicy(int BasisPoints, Money Minimum, Money Maximum)
    : Rate(BasisPoints), Minimum(Minimum), Maximum(Maximum) {}

FeePolicy FeePolicy::standard(CurrencyKind Currency) {
  return FeePolicy(20, Money(25, Currency), Money(500, Currency));
}

FeePolicy FeePolicy::free(CurrencyKind Currency) {
  return FeePolicy(0, Money::zero(Currency), Money::zero(Currency));
}

Result<Money> FeePolicy::feeFor(const Money &Amount) const {
  if (Amount.currency() != currency())
    return Error::invalidArgument(std::string("fee policy is for ") +
                                  currencyCode(currency()) + ", not " +
                                  currencyCode(Amount.currency()));
  Money Fee = Amount.basisPoints(Rate);
  if (lessThan(Fee, Minimum))
    return Minimum;
  if (lessThan(Maximum, Fee))
    return Maximum;
  return Fee;
}

} // namespace pay
