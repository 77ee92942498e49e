#include "adapters/in_memory_payment_repository.h"

#include "base/strings.h"

#include <utility>

namespace pay {

InMemoryPaymentRepository::InMemoryPaymentRepository(std::string IdPrefix)
    : Prefix(std::move(IdPrefix)) {}

PaymentId InMemoryPaymentRepository::nextId() {
  ++Sequence;
  return PaymentId(Prefix + padLeft(std::to_string(Sequence), 6, '0'));
}

Status InMemoryPaymentRepository::append(const Payment &P) {
  if (P.Id.empty())
    return Error::invalidArgument("payment without id");
  if (find(P.Id).ok())
    return Error::alreadyExists("payment " + P.Id.str());
  Payments.push_back(P);
  return Status::success();
}

Result<Payment> InMemoryPaymentRepository::find(const PaymentId &Id) const {
  for (const Payment &P : Payments)
    if (P.Id == Id)
      return P;
  return Error::notFound("payment " + Id.str());
}

std::vector<Payment>
InMemoryPaymentRepository::listFor(const AccountId &Account) const {
  std::vector<Payment> Matching;
  for (const Payment &P : Payments)
    if (P.involves(Account))
      Matching.push_back(P);
  return Matching;
}

} // namespace pay
