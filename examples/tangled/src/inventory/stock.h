// One stocked item and the error raised when an order asks for more than we
// have.
#pragma once

#include "core/types.h"
#include "orders/order.h"

#include <stdexcept>
#include <string>

class OutOfStockError : public std::runtime_error {
public:
  OutOfStockError(const Sku &ForItem, int Wanted, int Have);
  Sku Item;
  int Requested;
  int Available;
};

struct StockItem {
  Sku Item;
  std::string Name;
  int OnHand = 0;
  int Reserved = 0;
  Cents UnitPrice = 0;

  int available() const { return OnHand - Reserved; }
};

template <typename T> T clampToZero(T Value) {
  return Value < T() ? T() : Value;
}

bool lineFits(const StockItem &Stock, const OrderLine &Line);
int shortfall(const StockItem &Stock, const OrderLine &Line);
bool isLow(const StockItem &Stock);
Cents stockValue(const StockItem &Stock);
std::string describe(const StockItem &Stock);
