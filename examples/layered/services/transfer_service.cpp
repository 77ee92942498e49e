#include "services/transfer_service.h"

#include <sstream>
#include <utility>

namespace pay {

TransferService::TransferService(AccountRepository &Accounts,
                                 PaymentRepository &Payments, const Clock &Time,
                                 Notifier &Notify, FeePolicy Fees,
                                 Money DailyLimit)
    : Accounts(Accounts), Payments(Payments), Time(Time), Notify(Notify),
      Fees(Fees), DailyLimit(DailyLimit) {}

Status TransferService::openAccount(const AccountId &Id,
                                    const std::string &Owner,
                                    const Money &OpeningBalance) {
  if (OpeningBalance.isNegative())
    return Error::invalidArgument("opening balance must not be negative");
  return Accounts.insert(Account(Id, Owner, OpeningBalance));
}

Status TransferService::checkDailyLimit(const Payment &P) const {
  if (P.Amount.currency() != DailyLimit.currency())
    return Status::success();
  Money Sent = sentSince(Payments, P.From, P.CreatedAtMillis - MillisPerDay,
                         DailyLimit.currency());
  Money After = Sent.plus(P.Amount).valueOr(Sent);
  if (lessThan(DailyLimit, After))
    return Error(ErrorKind::LimitExceeded,
                 "daily limit " + DailyLimit.toString() + " reached, " +
                     Sent.toString() + " already sent");
  return Status::success();
}

Result<Payment> TransferService::reject(Payment P, const Error &Reason) {
  P.Status = PaymentStatusKind::Rejected;
  P.FailureReason = Reason.toString();
  // Rejected payments are kept for the audit trail; failing to log one must
  // not hide the original reason from the caller.
  Status Logged = Payments.append(P);
  if (!Logged)
    return Reason.withContext(Logged.error().toString());
  Notify.notify(notificationFor(P, NotificationKind::PaymentRejected));
  return Reason;
}

Result<Payment> TransferService::transfer(const TransferRequest &Request) {
  Payment P;
  P.Id = Payments.nextId();
  P.From = Request.From;
  P.To = Request.To;
  P.Amount = Request.Amount;
  P.Fee = Money::zero(Request.Amount.currency());
  P.Reference = Request.Reference;
  P.CreatedAtMillis = Time.nowMillis();

  Result<Money> Fee = Fees.feeFor(P.Amount);
  if (!Fee)
    return reject(P, Fee.error());
  P.Fee = Fee.value();

  if (Status Valid = validate(P); !Valid)
    return reject(P, Valid.error());
  if (Status WithinLimit = checkDailyLimit(P); !WithinLimit)
    return reject(P, WithinLimit.error());

  Result<Account> Sender = Accounts.find(P.From);
  if (!Sender)
    return reject(P, Sender.error().withContext("sender"));
  Result<Account> Receiver = Accounts.find(P.To);
  if (!Receiver)
    return reject(P, Receiver.error().withContext("receiver"));

  Account From = Sender.takeValue();
  Account To = Receiver.takeValue();
  if (Status Debited = From.debit(P.totalDebit()); !Debited)
    return reject(P, Debited.error());
  if (Status Credited = To.credit(P.Amount); !Credited)
    return reject(P, Credited.error());

  // Both sides are valid; only now write them back.
  if (Status Saved = Accounts.update(From); !Saved)
    return reject(P, Saved.error());
  if (Status Saved = Accounts.update(To); !Saved)
    return reject(P, Saved.error());

  P.Status = PaymentStatusKind::Completed;
  if (Status Logged = Payments.append(P); !Logged)
    return Logged.error().withContext("payment log");
  Notify.notify(notificationFor(P, NotificationKind::PaymentSent));
  Notify.notify(notificationFor(P, NotificationKind::PaymentReceived));
  return P;
}

Result<Money> TransferService::totalBalance(CurrencyKind Currency) const {
  return pay::totalBalance(Accounts, Currency);
}

Result<std::string> TransferService::statement(const AccountId &Id) const {
  Result<Account> Found = Accounts.find(Id);
  if (!Found)
    return Found.error();
  const Account &A = Found.value();
  std::ostringstream Out;
  Out << "Statement for " << A.id() << " (" << A.owner() << ", "
      << accountStateName(A.state()) << ")\n";
  for (const Payment &P : Payments.listFor(Id))
    Out << "  " << formatTimestamp(P.CreatedAtMillis) << "  " << describe(P)
        << "\n";
  Out << "  balance: " << A.balance().toString() << "\n";
  return Out.str();
}

} // namespace pay
