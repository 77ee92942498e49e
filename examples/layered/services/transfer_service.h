// Moves money between accounts. Talks to storage, time and notifications only
// through the interfaces in ports/.
#pragma once

#include "base/result.h"
#include "model/ids.h"
#include "model/money.h"
#include "model/payment.h"
#include "ports/account_repository.h"
#include "ports/clock.h"
#include "ports/notifier.h"
#include "ports/payment_repository.h"
#include "services/fee_policy.h"

#include <string>
#include <vector>

namespace pay {

struct TransferRequest {
  AccountId From;
  AccountId To;
  Money Amount;
  std::string Reference;
};

class TransferService {
public:
  // The service keeps references; the caller owns the ports.
  TransferService(AccountRepository &Accounts, PaymentRepository &Payments,
                  const Clock &Time, Notifier &Notify, FeePolicy Fees,
                  Money DailyLimit);

  Status openAccount(const AccountId &Id, const std::string &Owner,
                     const Money &OpeningBalance);

  // Records the payment whether it succeeds or not; returns it on success.
  Result<Payment> transfer(const TransferRequest &Request);

  // One line per payment touching Account, then its balance.
  Result<std::string> statement(const AccountId &Account) const;

  /// The sum of every account's balance in \p Currency.
  Result<Money> totalBalance(CurrencyKind Currency) const;

private:
  Status checkDailyLimit(const Payment &P) const;
  Result<Payment> reject(Payment P, const Error &Reason);

  AccountRepository &Accounts;
  PaymentRepository &Payments;
  const Clock &Time;
  Notifier &Notify;
  FeePolicy Fees;
  Money DailyLimit;
};

} // namespace pay
