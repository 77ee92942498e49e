#include "ui/report_view.h"

#include "billing/invoice.h"
#include "billing/payment.h"
#include "core/app.h"
#include "inventory/warehouse.h"
#include "net/server.h"
#include "orders/order_manager.h"
#include "ui/console.h"

ReportView::ReportView(App *TheApp) : Owner(TheApp) {}

void ReportView::printOrders(std::ostream &Out) {
  ++ReportsPrinted;
  Out << "orders:\n";
  for (const auto &Entry : Owner->Orders->Orders) {
    const Order *O = Entry.second;
    Out << "  #" << O->Id << " " << O->Customer << " "
        << statusName(O->status()) << " " << O->itemCount() << " items";
    if (O->Bill)
      Out << ", invoice " << O->Bill->Number << " lines "
          << MONEY(sumAmounts(O->Bill->Lines)) << " due "
          << MONEY(O->amountDue());
    Out << "\n";
  }
}

void ReportView::printStock(std::ostream &Out) {
  ++ReportsPrinted;
  Out << "stock (" << Owner->Stock->Items.size() << " items, value "
      << MONEY(Owner->Stock->totalValue()) << "):\n";
  for (const auto &Entry : Owner->Stock->Items)
    Out << "  " << describe(Entry.second) << "\n";
  if (!Owner->Stock->Backorders.empty()) {
    Out << "  backorders:";
    for (OrderId Id : Owner->Stock->Backorders)
      Out << " #" << Id;
    Out << "\n";
  }
}

void ReportView::printBilling(std::ostream &Out) {
  ++ReportsPrinted;
  PaymentProcessor *Payments = Owner->Payments;
  Out << "billing: collected " << MONEY(Payments->totalCollected()) << " (card "
      << MONEY(Payments->totalCollected(PK_Card)) << ", cash "
      << MONEY(Payments->totalCollected(PK_Cash)) << ", invoice "
      << MONEY(Payments->totalCollected(PK_Invoice)) << "), outstanding "
      << MONEY(Payments->outstanding()) << ", declined " << Payments->Declined
      << "\n";
  for (const Invoice *Bill : Payments->Pending)
    Out << Bill->render();
}

void ReportView::printSummary(std::ostream &Out) {
  Out << "summary: " << Owner->Orders->Orders.size() << " orders, "
      << Owner->Stock->ShippedCount << " shipped, "
      << Owner->Orders->FailedReservations << " backordered, "
      << Owner->Net->RequestsHandled << " requests, " << Owner->UI->ErrorsShown
      << " errors, " << ReportsPrinted << " reports\n";
}
