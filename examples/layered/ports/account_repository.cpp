#include "ports/account_repository.h"

namespace pay {

AccountRepository::~AccountRepository() = default;

Result<Money> totalBalance(const AccountRepository &Accounts,
                           CurrencyKind Currency) {
  Money Total = Money::zero(Currency);
  for (const AccountId &Id : Accounts.listIds()) {
    Result<Account> Found = Accounts.find(Id);
    if (!Found)
      return Found.error().withContext("totalBalance");
    const Account &A = Found.value();
    if (A.currency() != Currency)
      continue;
    Result<Money> Sum = Total.plus(A.balance());
    if (!Sum)
      return Sum.error();
    Total = Sum.value();
  }
  return Total;
}

} // namespace pay
