// Typed identifiers, so that an AccountId cannot be passed where a PaymentId
// is expected.
#pragma once

#include <ostream>
#include <string>
#include <utility>

namespace pay {

template <typename Tag> class StrongId {
public:
  StrongId() = default;
  explicit StrongId(std::string Value) : Value(std::move(Value)) {}

  const std::string &str() const { return Value; }
  bool empty() const { return Value.empty(); }

  friend bool operator==(const StrongId &L, const StrongId &R) {
    return L.Value == R.Value;
  }
  friend bool operator!=(const StrongId &L, const StrongId &R) {
    return !(L == R);
  }
  friend bool operator<(const StrongId &L, const StrongId &R) {
    return L.Value < R.Value;
  }
  friend std::ostream &operator<<(std::ostream &Out, const StrongId &Id) {
    return Out << Id.Value;
  }

private:
  std::string Value;
};

struct AccountTag {};
struct PaymentTag {};

using AccountId = StrongId<AccountTag>;
using PaymentId = StrongId<PaymentTag>;

} // namespace pay
