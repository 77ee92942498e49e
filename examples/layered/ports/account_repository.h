// Storage for accounts. Implemented in adapters/, used by services/.
#pragma once

#include "base/result.h"
#include "model/account.h"
#include "model/ids.h"
#include "model/money.h"

#include <vector>

namespace pay {

class AccountRepository {
public:
  virtual ~AccountRepository();

  virtual Result<Account> find(const AccountId &Id) const = 0;
  // Fails with AlreadyExists when the id is taken.
  virtual Status insert(const Account &NewAccount) = 0;
  // Fails with NotFound when the account was never inserted.
  virtual Status update(const Account &Changed) = 0;
  virtual std::vector<AccountId> listIds() const = 0;
};

// Sum of all balances in Currency; accounts in other currencies are skipped.
Result<Money> totalBalance(const AccountRepository &Accounts,
                           CurrencyKind Currency);

} // namespace pay
