#include "adapters/in_memory_account_repository.h"

namespace pay {

Result<Account> InMemoryAccountRepository::find(const AccountId &Id) const {
  auto It = Accounts.find(Id);
  if (It == Accounts.end())
    return Error::notFound("account " + Id.str());
  return It->second;
}

Status InMemoryAccountRepository::insert(const Account &NewAccount) {
  if (NewAccount.id().empty())
    return Error::invalidArgument("account without id");
  bool Inserted = Accounts.emplace(NewAccount.id(), NewAccount).second;
  if (!Inserted)
    return Error::alreadyExists("account " + NewAccount.id().str());
  ++Writes;
  return Status::success();
}

Status InMemoryAccountRepository::update(const Account &Changed) {
  auto It = Accounts.find(Changed.id());
  if (It == Accounts.end())
    return Error::notFound("account " + Changed.id().str());
  It->second = Changed;
  ++Writes;
  return Status::success();
}

std::vector<AccountId> InMemoryAccountRepository::listIds() const {
  std::vector<AccountId> Ids;
  Ids.reserve(Accounts.size());
  for (const auto &Entry : Accounts)
    Ids.push_back(Entry.first);
  return Ids;
}

} // namespace pay
