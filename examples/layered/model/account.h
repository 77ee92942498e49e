// A customer account holding a balance in one currency.
#pragma once

#include "base/result.h"
#include "model/ids.h"
#include "model/money.h"

#include <string>

namespace pay {

enum class AccountStateKind { Open, Frozen, Closed };

const char *accountStateName(AccountStateKind State);

class Account {
public:
  Account(AccountId Id, std::string Owner, Money OpeningBalance);

  const AccountId &id() const { return Id; }
  const std::string &owner() const { return Owner; }
  const Money &balance() const { return Balance; }
  AccountStateKind state() const { return State; }
  CurrencyKind currency() const { return Balance.currency(); }

  // Fails unless the account is open, the currency matches and the balance
  // covers Amount.
  Status debit(const Money &Amount);
  // Fails unless the account is open and the currency matches.
  Status credit(const Money &Amount);

  void freeze() { State = AccountStateKind::Frozen; }
  void unfreeze();
  Status close();

private:
  Status checkUsable(const Money &Amount) const;

  AccountId Id;
  std::string Owner;
  Money Balance;
  AccountStateKind State = AccountStateKind::Open;
};

} // namespace pay
