// An amount of money in minor units (cents) of one currency.
#pragma once

#include "base/result.h"

#include <string>

namespace pay {

enum class CurrencyKind { EUR, USD, GBP };

const char *currencyCode(CurrencyKind Currency);
Result<CurrencyKind> parseCurrency(const std::string &Code);

class Money {
public:
  Money() = default;
  Money(long long MinorUnits, CurrencyKind Currency)
      : Units(MinorUnits), Currency(Currency) {}

  static Money zero(CurrencyKind Currency) { return Money(0, Currency); }

  // Parses "12.50 EUR" or "12 EUR".
  static Result<Money> parse(const std::string &Text);

  long long minorUnits() const { return Units; }
  CurrencyKind currency() const { return Currency; }
  bool isZero() const { return Units == 0; }
  bool isNegative() const { return Units < 0; }

  // Fail when the currencies differ.
  Result<Money> plus(const Money &Other) const;
  Result<Money> minus(const Money &Other) const;

  // Money * BasisPoints / 10000, rounded half away from zero.
  Money basisPoints(int BasisPoints) const;

  std::string toString() const;

  friend bool operator==(const Money &L, const Money &R) {
    return L.Units == R.Units && L.Currency == R.Currency;
  }
  friend bool operator!=(const Money &L, const Money &R) { return !(L == R); }

private:
  long long Units = 0;
  CurrencyKind Currency = CurrencyKind::EUR;
};

// REQUIRES: L and R have the same currency.
bool lessThan(const Money &L, const Money &R);

} // namespace pay
