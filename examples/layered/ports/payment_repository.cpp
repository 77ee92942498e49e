#include "ports/payment_repository.h"

namespace pay {

PaymentRepository::~PaymentRepository() = default;

Money sentSince(const PaymentRepository &Payments, const AccountId &Account,
                long long SinceMillis, CurrencyKind Currency) {
  Money Total = Money::zero(Currency);
  for (const Payment &P : Payments.listFor(Account)) {
    if (P.From != Account || P.Status != PaymentStatusKind::Completed)
      continue;
    if (P.CreatedAtMillis <= SinceMillis || P.Amount.currency() != Currency)
      continue;
    Total = Total.plus(P.Amount).valueOr(Total);
  }
  return Total;
}

} // namespace pay
