#include "orders/order.h"

#include "billing/invoice.h"
#include "core/app.h"
#include "core/config.h"
#include "core/log.h"

#include <utility>

Order::Order(OrderId NewId, CustomerName Who)
    : Id(NewId), Customer(std::move(Who)) {}

void Order::addLine(const Sku &Item, int Quantity, Cents UnitPrice) {
  for (OrderLine &Line : Lines) {
    if (Line.Item == Item) {
      Line.Quantity += Quantity;
      LOG("order " << Id << ": now " << Line.Quantity << " x " << Item);
      return;
    }
  }
  Lines.push_back(OrderLine{Item, Quantity, UnitPrice});
  LOG("order " << Id << ": added " << Quantity << " x " << Item << " at "
               << MONEY(UnitPrice));
}

Cents Order::subtotal() const {
  Cents Sum = 0;
  for (const OrderLine &Line : Lines)
    Sum += Line.Quantity * Line.UnitPrice;
  return Sum;
}

Cents Order::amountDue() const {
  // Once there is an invoice it is the source of truth, discounts included.
  if (Bill)
    return Bill->Total - Bill->AmountPaid;
  Cents Net = subtotal();
  return Net + Net * App::Instance->Settings.TaxRatePercent / 100;
}

int Order::itemCount() const {
  int Count = 0;
  for (const OrderLine &Line : Lines)
    Count += Line.Quantity;
  return Count;
}

bool Order::isOpen() const {
  return Status != OS_Shipped && Status != OS_Cancelled;
}
