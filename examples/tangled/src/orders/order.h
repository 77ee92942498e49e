// An order as the customer placed it. Other features change its status
// directly, which is why they are friends.
#pragma once

#include "billing/invoice.h"
#include "core/types.h"

#include <string>
#include <vector>

class Invoice;

struct OrderLine {
  Sku Item;
  int Quantity = 0;
  Cents UnitPrice = 0;
};

class Order {
public:
  Order(OrderId NewId, CustomerName Who);

  OrderId Id;
  CustomerName Customer;
  std::vector<OrderLine> Lines;
  Invoice *Bill = nullptr;
  PaymentKind Payment = PK_Card;

  void addLine(const Sku &Item, int Quantity, Cents UnitPrice);
  Cents subtotal() const;
  Cents amountDue() const;
  int itemCount() const;
  bool isOpen() const;
  OrderStatusKind status() const { return Status; }

private:
  OrderStatusKind Status = OS_New;

  friend class OrderManager;
  friend class Warehouse;
  friend class PaymentProcessor;
  friend class Invoice;
};
