#include "model/money.h"

#include "base/strings.h"

namespace pay {

const char *currencyCode(CurrencyKind Currency) {
  switch (Currency) {
  case CurrencyKind::EUR:
    return "EUR";
  case CurrencyKind::USD:
    return "USD";
  case CurrencyKind::GBP:
    return "GBP";
  }
  return "???";
}

Result<CurrencyKind> parseCurrency(const std::string &Code) {
  std::string Upper = toUpper(trim(Code));
  for (CurrencyKind Currency :
       {CurrencyKind::EUR, CurrencyKind::USD, CurrencyKind::GBP})
    if (Upper == currencyCode(Currency))
      return Currency;
  return Error::invalidArgument("unknown currency '" + Code + "'");
}

Result<Money> Money::parse(const std::string &Text) {
  std::vector<std::string> Parts = split(trim(Text), ' ');
  if (Parts.size() != 2)
    return Error::invalidArgument("expected '<amount> <currency>', got '" +
                                  Text + "'");
  Result<CurrencyKind> Currency = parseCurrency(Parts[1]);
  if (!Currency)
    return Currency.error();

  std::vector<std::string> Amount = split(Parts[0], '.');
  if (Amount.size() > 2 || (Amount.size() == 2 && Amount[1].size() != 2))
    return Error::invalidArgument("bad amount '" + Parts[0] + "'");
  Result<long long> Whole = parseInt64(Amount[0]);
  if (!Whole)
    return Whole.error().withContext("amount");
  long long Cents = 0;
  if (Amount.size() == 2) {
    Result<long long> Fraction = parseInt64(Amount[1]);
    if (!Fraction || Fraction.value() < 0)
      return Error::invalidArgument("bad cents in '" + Parts[0] + "'");
    Cents = Fraction.value();
  }
  bool Negative = startsWith(Amount[0], "-");
  long long Units = Whole.value() * 100 + (Negative ? -Cents : Cents);
  return Money(Units, Currency.value());
}

Result<Money> Money::plus(const Money &Other) const {
  if (Currency != Other.Currency)
    return Error::invalidArgument(std::string("cannot add ") +
                                  currencyCode(Other.Currency) + " to " +
                                  currencyCode(Currency));
  return Money(Units + Other.Units, Currency);
}

Result<Money> Money::minus(const Money &Other) const {
  return plus(Money(-Other.Units, Other.Currency));
}

Money Money::basisPoints(int BasisPoints) const {
  long long Scaled = Units * BasisPoints;
  long long Rounded =
      Scaled >= 0 ? (Scaled + 5000) / 10000 : -((-Scaled + 5000) / 10000);
  return Money(Rounded, Currency);
}

std::string Money::toString() const {
  long long Abs = Units < 0 ? -Units : Units;
  std::string Text = std::to_string(Abs / 100) + "." +
                     padLeft(std::to_string(Abs % 100), 2, '0');
  return (Units < 0 ? "-" : "") + Text + " " + currencyCode(Currency);
}

bool lessThan(const Money &L, const Money &R) {
  return L.minorUnits() < R.minorUnits();
}

} // namespace pay
