// Takes payments against invoices and ships the goods once an invoice is
// settled.
#pragma once

#include "billing/invoice.h"
#include "core/types.h"
#include "inventory/warehouse.h"

#include <stdexcept>
#include <string>
#include <vector>

class App;

class PaymentDeclined : public std::runtime_error {
public:
  PaymentDeclined(int Number, const std::string &Reason);
  int InvoiceNumber;
};

struct PaymentRecord {
  int InvoiceNumber = 0;
  Cents Amount = 0;
  PaymentKind Kind = PK_Card;
};

class PaymentProcessor {
public:
  explicit PaymentProcessor(App *TheApp);

  App *Owner;
  std::vector<Invoice *> Pending;
  std::vector<PaymentRecord> History;
  Cents CardLimit = 50000;
  int Declined = 0;

  void pay(OrderId Id, Cents Amount, PaymentKind Kind);
  Cents totalCollected() const;
  Cents totalCollected(PaymentKind Kind) const;
  Cents outstanding() const;
};
