#include "billing/invoice.h"

#include "core/app.h"
#include "core/config.h"
#include "core/log.h"
#include "orders/order.h"

#include <sstream>

int Invoice::NextNumber = 1000;

Invoice::Invoice(Order *ForOrder) : Source(ForOrder), Number(NextNumber++) {}

void Invoice::rebuild() {
  Lines.clear();
  for (const OrderLine &Line : Source->Lines) {
    std::ostringstream Description;
    Description << Line.Quantity << " x " << Line.Item << " @ "
                << MONEY(Line.UnitPrice);
    Lines.push_back(
        InvoiceLine{Description.str(), Line.Quantity * Line.UnitPrice});
  }
  Cents Net = sumAmounts(Lines);
  // Cash customers with big baskets get 2% off; decided at the counter once.
  if (Source->Payment == PK_Cash && Net > 10000) {
    Lines.push_back(InvoiceLine{"cash discount 2%", -Net / 50});
    Net = sumAmounts(Lines);
  }
  Tax = Net * App::Instance->Settings.TaxRatePercent / 100;
  Total = Net + Tax;
  Source->Status = OS_Invoiced;
  LOG("invoice " << Number << " for order " << Source->Id << ": "
                 << MONEY(Total));
}

bool Invoice::isSettled() const { return AmountPaid >= Total; }

std::string Invoice::render() const {
  std::ostringstream Out;
  Out << "Invoice " << Number << " (" << GlobalConfig.StoreName << ")\n";
  Out << "  customer: " << Source->Customer << ", order " << Source->Id << ", "
      << statusName(Source->status()) << "\n";
  for (const InvoiceLine &Line : Lines)
    Out << "  " << Line.Description << "  " << MONEY(Line.Amount) << "\n";
  Out << "  tax " << GlobalConfig.TaxRatePercent << "%: " << MONEY(Tax) << "\n";
  Out << "  total: " << MONEY(Total) << ", paid: " << MONEY(AmountPaid);
  if (!isSettled())
    Out << ", due: " << MONEY(Total - AmountPaid);
  Out << "\n";
  return Out.str();
}
