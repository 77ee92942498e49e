#include "model/payment.h"

#include <sstream>

namespace pay {

const char *paymentStatusName(PaymentStatusKind Status) {
  switch (Status) {
  case PaymentStatusKind::Pending:
    return "pending";
  case PaymentStatusKind::Completed:
    return "completed";
  case PaymentStatusKind::Rejected:
    return "rejected";
  }
  return "unknown";
}

Money Payment::totalDebit() const {
  Result<Money> Total = Amount.plus(Fee);
  return Total.ok() ? Total.value() : Amount;
}

bool Payment::involves(const AccountId &Account) const {
  return From == Account || To == Account;
}

Status validate(const Payment &P) {
  if (P.From.empty() || P.To.empty())
    return Error::invalidArgument("payment needs both accounts");
  if (P.From == P.To)
    return Error::invalidArgument("cannot pay account " + P.From.str() +
                                  " from itself");
  if (P.Amount.isNegative() || P.Amount.isZero())
    return Error::invalidArgument("amount must be positive, got " +
                                  P.Amount.toString());
  if (P.Fee.currency() != P.Amount.currency())
    return Error::invalidArgument("fee and amount differ in currency");
  if (P.Reference.size() > 140)
    return Error::invalidArgument("reference longer than 140 characters");
  return Status::success();
}

std::string describe(const Payment &P) {
  std::ostringstream Out;
  Out << P.Id << " " << P.From << " -> " << P.To << " " << P.Amount.toString();
  if (!P.Fee.isZero())
    Out << " (fee " << P.Fee.toString() << ")";
  Out << " " << paymentStatusName(P.Status);
  if (!P.Reference.empty())
    Out << " \"" << P.Reference << "\"";
  if (!P.FailureReason.empty())
    Out << ": " << P.FailureReason;
  return Out.str();
}

} // namespace pay
