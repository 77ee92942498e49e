// Append-only log of attempted payments.
#pragma once

#include "base/result.h"
#include "model/ids.h"
#include "model/money.h"
#include "model/payment.h"

#include <vector>

namespace pay {

class PaymentRepository {
public:
  virtual ~PaymentRepository();

  // Returns an id that has not been handed out before.
  virtual PaymentId nextId() = 0;
  virtual Status append(const Payment &P) = 0;
  virtual Result<Payment> find(const PaymentId &Id) const = 0;
  // Payments sent or received by Account, oldest first.
  virtual std::vector<Payment> listFor(const AccountId &Account) const = 0;
};

// Total of completed payments sent by Account strictly after SinceMillis.
Money sentSince(const PaymentRepository &Payments, const AccountId &Account,
                long long SinceMillis, CurrencyKind Currency);

} // namespace pay
