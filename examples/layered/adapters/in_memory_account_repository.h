// AccountRepository kept in a std::map; for tests and the demo.
#pragma once

#include "ports/account_repository.h"

#include <map>

namespace pay {

class InMemoryAccountRepository final : public AccountRepository {
public:
  Result<Account> find(const AccountId &Id) const override;
  Status insert(const Account &NewAccount) override;
  Status update(const Account &Changed) override;
  std::vector<AccountId> listIds() const override;

  std::size_t size() const { return Accounts.size(); }
  int writeCount() const { return Writes; }

private:
  std::map<AccountId, Account> Accounts;
  int Writes = 0;
};

} // namespace pay
