// Wires the in-memory adapters into the transfer service and runs a short
// scripted day of payments.
#include "adapters/console_notifier.h"
#include "adapters/in_memory_account_repository.h"
#include "adapters/in_memory_payment_repository.h"
#include "adapters/system_clock.h"
#include "base/result.h"
#include "base/strings.h"
#include "model/money.h"
#include "services/fee_policy.h"
#include "services/transfer_service.h"

#include <iostream>
#include <string>
#include <vector>

using namespace pay;

namespace {

struct Step {
  std::string From;
  std::string To;
  std::string Amount;
  std::string Reference;
};

Money mustParse(const std::string &Text) {
  Result<Money> Parsed = Money::parse(Text);
  return Parsed.ok() ? Parsed.value() : Money::zero(CurrencyKind::EUR);
}

int runStep(TransferService &Service, const Step &S) {
  Result<Money> Amount = Money::parse(S.Amount);
  if (!Amount) {
    std::cout << "skip: " << Amount.error().toString() << "\n";
    return 1;
  }
  std::cout << S.From << " -> " << S.To << " " << Amount.value().toString()
            << "\n";
  Result<Payment> Done = Service.transfer(
      {AccountId(S.From), AccountId(S.To), Amount.value(), S.Reference});
  if (!Done) {
    std::cout << "  failed: " << Done.error().toString() << "\n";
    return 1;
  }
  std::cout << "  ok: " << describe(Done.value()) << "\n";
  return 0;
}

} // namespace

int main() {
  InMemoryAccountRepository Accounts;
  InMemoryPaymentRepository Payments;
  ManualClock Clock(1709294400000LL); // 2024-03-01T12:00:00Z
  ConsoleNotifier Notify(std::cout);
  TransferService Service(Accounts, Payments, Clock, Notify,
                          FeePolicy::standard(CurrencyKind::EUR),
                          mustParse("1000.00 EUR"));

  Service.openAccount(AccountId("A-1"), "Ada", mustParse("1500.00 EUR"));
  Service.openAccount(AccountId("A-2"), "Brian", mustParse("20.00 EUR"));
  Service.openAccount(AccountId("A-3"), "Chen", mustParse("0.00 EUR"));
  Status Duplicate =
      Service.openAccount(AccountId("A-2"), "Mallory", mustParse("1.00 EUR"));
  if (!Duplicate)
    std::cout << "open A-2 again: " << Duplicate.error().toString() << "\n";

  std::vector<Step> Morning = {
      {"A-1", "A-2", "250.00 EUR", "rent share"},
      {"A-2", "A-3", "100.00 EUR", "bike"},
      {"A-2", "A-3", "300.00 EUR", "too much"},
      {"A-1", "A-3", "800.00 EUR", "over the daily limit"},
      {"A-1", "A-1", "5.00 EUR", "to myself"},
      {"A-1", "A-9", "5.00 EUR", "nobody"},
      {"A-1", "A-2", "5.00 USD", "wrong currency"},
      {"A-1", "A-2", "12,00 EUR", "typo"},
  };
  int Failures = 0;
  for (const Step &S : Morning)
    Failures += runStep(Service, S);

  Clock.advanceDays(1);
  Failures += runStep(Service, {"A-1", "A-3", "800.00 EUR", "next day"});

  for (const char *Id : {"A-1", "A-2", "A-3"}) {
    Result<std::string> Text = Service.statement(AccountId(Id));
    std::cout << (Text ? Text.value() : Text.error().toString() + "\n");
  }
  Result<Money> Total = Service.totalBalance(CurrencyKind::EUR);
  std::cout << join({std::to_string(Payments.size()) + " payments",
                     std::to_string(Failures) + " failed",
                     std::to_string(Notify.sentCount()) + " notifications",
                     "total " + (Total ? Total.value().toString() : "?")},
                    ", ")
            << "\n";
  return 0;
}
