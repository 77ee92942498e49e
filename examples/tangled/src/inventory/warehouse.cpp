#include "inventory/warehouse.h"

#include "billing/invoice.h"
#include "core/app.h"
#include "core/log.h"
#include "orders/order.h"
#include "orders/order_manager.h"

#include <stdexcept>

Warehouse::Warehouse(App *TheApp) : Owner(TheApp) {}

void Warehouse::receive(const Sku &Item, const std::string &Name, int Quantity,
                        Cents UnitPrice) {
  StockItem &Stock = Items[Item];
  Stock.Item = Item;
  if (!Name.empty())
    Stock.Name = Name;
  if (UnitPrice > 0)
    Stock.UnitPrice = UnitPrice;
  Stock.OnHand += Quantity;
  LOG("received " << Quantity << " x " << Item << ", on hand " << Stock.OnHand);

  // Give every waiting order another go; the ones that still do not fit
  // put themselves back on the list.
  std::vector<OrderId> Waiting;
  Waiting.swap(Backorders);
  for (OrderId Id : Waiting)
    Owner->Orders->retryReservation(Id);
}

StockItem &Warehouse::item(const Sku &Item) {
  auto It = Items.find(Item);
  if (It == Items.end())
    throw OutOfStockError(Item, 1, 0);
  return It->second;
}

void Warehouse::reserve(Order &O) {
  for (const OrderLine &Line : O.Lines) {
    auto It = Items.find(Line.Item);
    int Available = It == Items.end() ? 0 : It->second.available();
    if (Line.Quantity > Available)
      throw OutOfStockError(Line.Item, Line.Quantity, Available);
  }
  for (const OrderLine &Line : O.Lines)
    Items[Line.Item].Reserved += Line.Quantity;
  O.Status = OS_Reserved;
  LOG("reserved " << O.itemCount() << " items for order " << O.Id);
}

void Warehouse::release(Order &O) {
  if (O.Status != OS_Reserved && O.Status != OS_Invoiced)
    return;
  for (const OrderLine &Line : O.Lines) {
    StockItem &Stock = Items[Line.Item];
    Stock.Reserved = clampToZero(Stock.Reserved - Line.Quantity);
  }
  O.Status = OS_New;
}

void Warehouse::ship(Order &O) {
  if (!O.Bill || !O.Bill->isSettled())
    throw std::logic_error("cannot ship unpaid order " + std::to_string(O.Id));
  for (const OrderLine &Line : O.Lines) {
    StockItem &Stock = item(Line.Item);
    Stock.OnHand -= Line.Quantity;
    Stock.Reserved = clampToZero(Stock.Reserved - Line.Quantity);
  }
  O.Status = OS_Shipped;
  ++ShippedCount;
  LOG("shipped order " << O.Id << " to " << O.Customer);
  for (StockItem *Low : lowStock())
    LOG_WARN("low stock: " << describe(*Low));
}

std::vector<StockItem *> Warehouse::lowStock() {
  std::vector<StockItem *> Low;
  for (auto &Entry : Items)
    if (isLow(Entry.second))
      Low.push_back(&Entry.second);
  return Low;
}

Cents Warehouse::totalValue() const {
  Cents Sum = 0;
  for (const auto &Entry : Items)
    Sum += stockValue(Entry.second);
  return Sum;
}
