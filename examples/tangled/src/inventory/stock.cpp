#include "inventory/stock.h"

#include "core/app.h"
#include "core/config.h"
#include "core/log.h"
#include "orders/order.h"

#include <sstream>

static std::string outOfStockMessage(const Sku &Item, int Wanted, int Have) {
  std::ostringstream Out;
  Out << "out of stock: " << Item << " (wanted " << Wanted << ", have " << Have
      << ")";
  return Out.str();
}

OutOfStockError::OutOfStockError(const Sku &ForItem, int Wanted, int Have)
    : std::runtime_error(outOfStockMessage(ForItem, Wanted, Have)),
      Item(ForItem), Requested(Wanted), Available(Have) {}

bool lineFits(const StockItem &Stock, const OrderLine &Line) {
  return Line.Item == Stock.Item && Line.Quantity <= Stock.available();
}

int shortfall(const StockItem &Stock, const OrderLine &Line) {
  return clampToZero(Line.Quantity - Stock.available());
}

bool isLow(const StockItem &Stock) {
  int Threshold = App::Instance ? App::Instance->Settings.LowStockThreshold
                                : GlobalConfig.LowStockThreshold;
  return Stock.available() <= Threshold;
}

Cents stockValue(const StockItem &Stock) {
  return clampToZero<Cents>(Stock.OnHand) * Stock.UnitPrice;
}

std::string describe(const StockItem &Stock) {
  std::ostringstream Out;
  Out << Stock.Item << " " << (Stock.Name.empty() ? "(unnamed)" : Stock.Name)
      << ": " << Stock.OnHand << " on hand, " << Stock.Reserved << " reserved, "
      << MONEY(Stock.UnitPrice) << " each";
  if (isLow(Stock))
    Out << " [low]";
  return Out.str();
}
