// Creates orders, pushes them through stock reservation and invoicing.
#pragma once

#include "billing/payment.h"
#include "core/log.h"
#include "core/types.h"
#include "inventory/stock.h"
#include "orders/order.h"

#include <vector>

class App;
class PaymentProcessor;

class OrderManager {
public:
  explicit OrderManager(App *TheApp);
  ~OrderManager();

  App *Owner;
  IdMap<Order> Orders;
  OrderId NextId = 1;
  int FailedReservations = 0;

  Order *create(const CustomerName &Customer);
  Order *find(OrderId Id);
  bool submit(Order *O);
  bool retryReservation(OrderId Id);
  void cancel(OrderId Id);
  std::vector<Order *> openOrders() const;
  Cents openValue() const;
};
