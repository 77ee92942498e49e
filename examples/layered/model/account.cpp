#include "model/account.h"

#include <utility>

namespace pay {

const char *accountStateName(AccountStateKind State) {
  switch (State) {
  case AccountStateKind::Open:
    return "open";
  case AccountStateKind::Frozen:
    return "frozen";
  case AccountStateKind::Closed:
    return "closed";
  }
  return "unknown";
}

Account::Account(AccountId Id, std::string Owner, Money OpeningBalance)
    : Id(std::move(Id)), Owner(std::move(Owner)), Balance(OpeningBalance) {}

Status Account::checkUsable(const Money &Amount) const {
  if (State != AccountStateKind::Open)
    return Error::failedPrecondition("account " + Id.str() + " is " +
                                     accountStateName(State));
  if (Amount.currency() != Balance.currency())
    return Error::invalidArgument("account " + Id.str() + " holds " +
                                  currencyCode(Balance.currency()));
  if (Amount.isNegative() || Amount.isZero())
    return Error::invalidArgument("amount must be positive");
  return Status::success();
}

Status Account::debit(const Money &Amount) {
  Status Usable = checkUsable(Amount);
  if (!Usable)
    return Usable;
  if (lessThan(Balance, Amount))
    return Error(ErrorKind::InsufficientFunds,
                 "account " + Id.str() + " has " + Balance.toString() +
                     ", needs " + Amount.toString());
  Balance = Balance.minus(Amount).value();
  return Status::success();
}

Status Account::credit(const Money &Amount) {
  Status Usable = checkUsable(Amount);
  if (!Usable)
    return Usable;
  Balance = Balance.plus(Amount).value();
  return Status::success();
}

void Account::unfreeze() {
  if (State == AccountStateKind::Frozen)
    State = AccountStateKind::Open;
}

Status Account::close() {
  if (!Balance.isZero())
    return Error::failedPrecondition("account " + Id.str() + " still holds " +
                                     Balance.toString());
  State = AccountStateKind::Closed;
  return Status::success();
}

} // namespace pay
