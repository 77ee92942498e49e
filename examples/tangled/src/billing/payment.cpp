#include "billing/payment.h"

#include "billing/invoice.h"
#include "core/app.h"
#include "core/log.h"
#include "inventory/warehouse.h"
#include "orders/order.h"
#include "orders/order_manager.h"

#include <algorithm>

PaymentDeclined::PaymentDeclined(int Number, const std::string &Reason)
    : std::runtime_error("payment declined (invoice " + std::to_string(Number) +
                         "): " + Reason),
      InvoiceNumber(Number) {}

PaymentProcessor::PaymentProcessor(App *TheApp) : Owner(TheApp) {}

void PaymentProcessor::pay(OrderId Id, Cents Amount, PaymentKind Kind) {
  Order *O = Owner->Orders->find(Id);
  if (!O)
    throw PaymentDeclined(0, "unknown order " + std::to_string(Id));
  Invoice *Bill = O->Bill;
  if (!Bill)
    throw PaymentDeclined(0, "order " + std::to_string(Id) + " not invoiced");
  if (Amount <= 0) {
    ++Declined;
    throw PaymentDeclined(Bill->Number, "amount must be positive");
  }
  if (Kind == PK_Card && Amount > CardLimit) {
    ++Declined;
    throw PaymentDeclined(Bill->Number,
                          "over card limit of " + MONEY(CardLimit));
  }
  if (Bill->isSettled())
    throw PaymentDeclined(Bill->Number, "already settled");

  Bill->AmountPaid += Amount;
  History.push_back(PaymentRecord{Bill->Number, Amount, Kind});
  LOG("invoice " << Bill->Number << ": received " << MONEY(Amount) << " by "
                 << paymentName(Kind));

  if (Bill->isSettled()) {
    O->Status = OS_Paid;
    Pending.erase(std::remove(Pending.begin(), Pending.end(), Bill),
                  Pending.end());
    Owner->Stock->ship(*O);
  }
}

Cents PaymentProcessor::totalCollected() const {
  Cents Sum = 0;
  for (const PaymentRecord &Record : History)
    Sum += Record.Amount;
  return Sum;
}

Cents PaymentProcessor::totalCollected(PaymentKind Kind) const {
  Cents Sum = 0;
  for (const PaymentRecord &Record : History)
    if (Record.Kind == Kind)
      Sum += Record.Amount;
  return Sum;
}

Cents PaymentProcessor::outstanding() const {
  Cents Sum = 0;
  for (const Invoice *Bill : Pending)
    Sum += Bill->Total - Bill->AmountPaid;
  return Sum;
}
