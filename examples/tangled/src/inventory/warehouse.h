// All stock, reservations for orders, shipping and the backorder list.
#pragma once

#include "core/app.h"
#include "inventory/stock.h"
#include "orders/order_manager.h"

#include <map>
#include <string>
#include <vector>

class App;
class Order;

class Warehouse {
public:
  explicit Warehouse(App *TheApp);

  App *Owner;
  std::map<Sku, StockItem> Items;
  std::vector<OrderId> Backorders;
  int ShippedCount = 0;

  void receive(const Sku &Item, const std::string &Name, int Quantity,
               Cents UnitPrice);
  StockItem &item(const Sku &Item);
  void reserve(Order &O);
  void release(Order &O);
  void ship(Order &O);
  std::vector<StockItem *> lowStock();
  Cents totalValue() const;
};
