// The invoice for one order. It points back at the order and reads its lines
// directly.
#pragma once

#include "core/types.h"
#include "orders/order.h"

#include <string>
#include <vector>

class Order;

struct InvoiceLine {
  std::string Description;
  Cents Amount = 0;
};

template <typename Range> Cents sumAmounts(const Range &Lines) {
  Cents Total = 0;
  for (const auto &Line : Lines)
    Total += Line.Amount;
  return Total;
}

class Invoice {
public:
  explicit Invoice(Order *ForOrder);

  Order *Source;
  int Number;
  std::vector<InvoiceLine> Lines;
  Cents Tax = 0;
  Cents Total = 0;
  Cents AmountPaid = 0;

  static int NextNumber;

  void rebuild();
  bool isSettled() const;
  std::string render() const;
};
