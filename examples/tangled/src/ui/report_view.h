// Text reports over orders, stock and payments, read straight from the
// managers' fields.
#pragma once

#include "core/app.h"
#include "inventory/warehouse.h"
#include "orders/order.h"

#include <ostream>

class App;

class ReportView {
public:
  explicit ReportView(App *TheApp);

  App *Owner;
  int ReportsPrinted = 0;

  void printOrders(std::ostream &Out);
  void printStock(std::ostream &Out);
  void printBilling(std::ostream &Out);
  void printSummary(std::ostream &Out);
};
