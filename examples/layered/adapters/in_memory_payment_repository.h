// PaymentRepository kept in a vector in insertion order.
#pragma once

#include "ports/payment_repository.h"

#include <string>
#include <vector>

namespace pay {

class InMemoryPaymentRepository final : public PaymentRepository {
public:
  explicit InMemoryPaymentRepository(std::string IdPrefix = "P-");

  PaymentId nextId() override;
  Status append(const Payment &P) override;
  Result<Payment> find(const PaymentId &Id) const override;
  std::vector<Payment> listFor(const AccountId &Account) const override;

  std::size_t size() const { return Payments.size(); }

private:
  std::string Prefix;
  long long Sequence = 0;
  std::vector<Payment> Payments;
};

} // namespace pay
