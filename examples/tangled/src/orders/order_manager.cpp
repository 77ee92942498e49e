#include "orders/order_manager.h"

#include "billing/invoice.h"
#include "billing/payment.h"
#include "core/app.h"
#include "core/log.h"
#include "inventory/warehouse.h"

#include <algorithm>
#include <stdexcept>
#include <string>

OrderManager::OrderManager(App *TheApp) : Owner(TheApp) {}

OrderManager::~OrderManager() {
  for (auto &Entry : Orders)
    delete Entry.second->Bill;
  deleteAll(Orders);
}

Order *OrderManager::create(const CustomerName &Customer) {
  Order *O = new Order(NextId++, Customer);
  O->Payment = Owner->Settings.DefaultPayment;
  Orders[O->Id] = O;
  LOG("created order " << O->Id << " for " << Customer);
  return O;
}

Order *OrderManager::find(OrderId Id) {
  auto It = Orders.find(Id);
  return It == Orders.end() ? nullptr : It->second;
}

bool OrderManager::submit(Order *O) {
  CHECK(O != nullptr, "submit() without an order");
  if (O->Lines.empty()) {
    LOG_WARN("order " << O->Id << " has no lines");
    return false;
  }
  try {
    Owner->Stock->reserve(*O);
  } catch (const OutOfStockError &E) {
    ++FailedReservations;
    LOG_WARN("order " << O->Id << " backordered: " << E.what());
    std::vector<OrderId> &Waiting = Owner->Stock->Backorders;
    if (std::find(Waiting.begin(), Waiting.end(), O->Id) == Waiting.end())
      Waiting.push_back(O->Id);
    return false;
  }
  if (!O->Bill)
    O->Bill = new Invoice(O);
  O->Bill->rebuild();
  Owner->Payments->Pending.push_back(O->Bill);
  return true;
}

bool OrderManager::retryReservation(OrderId Id) {
  Order *O = find(Id);
  if (!O || O->Status != OS_New)
    return true;
  LOG("retrying reservation for order " << Id);
  return submit(O);
}

void OrderManager::cancel(OrderId Id) {
  Order *O = find(Id);
  if (!O)
    throw std::out_of_range("no order " + std::to_string(Id));
  if (O->Status == OS_Paid || O->Status == OS_Shipped)
    throw std::logic_error("order " + std::to_string(Id) + " is already paid");
  Owner->Stock->release(*O);
  std::vector<Invoice *> &Pending = Owner->Payments->Pending;
  Pending.erase(std::remove(Pending.begin(), Pending.end(), O->Bill),
                Pending.end());
  delete O->Bill;
  O->Bill = nullptr;
  O->Status = OS_Cancelled;
  LOG("cancelled order " << Id);
}

std::vector<Order *> OrderManager::openOrders() const {
  return selectWhere(Orders, [](const Order &O) { return O.isOpen(); });
}

Cents OrderManager::openValue() const {
  Cents Sum = 0;
  for (const Order *O : openOrders())
    Sum += O->amountDue();
  return Sum;
}
