// A transfer between two accounts, as recorded once it has been attempted.
#pragma once

#include "base/result.h"
#include "model/ids.h"
#include "model/money.h"

#include <string>

namespace pay {

enum class PaymentStatusKind { Pending, Completed, Rejected };

const char *paymentStatusName(PaymentStatusKind Status);

struct Payment {
  PaymentId Id;
  AccountId From;
  AccountId To;
  Money Amount;
  Money Fee;
  PaymentStatusKind Status = PaymentStatusKind::Pending;
  long long CreatedAtMillis = 0;
  std::string Reference;
  std::string FailureReason;

  // What leaves the sender's account: amount plus fee.
  Money totalDebit() const;
  bool involves(const AccountId &Account) const;
};

// Checks the fields a payment needs before it is attempted.
Status validate(const Payment &P);

// "P-000001 A-1 -> A-2 25.00 EUR (fee 0.50 EUR) completed"
std::string describe(const Payment &P);

} // namespace pay
