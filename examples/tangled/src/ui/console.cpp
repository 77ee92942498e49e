#include "ui/console.h"

#include "billing/payment.h"
#include "core/app.h"
#include "core/log.h"
#include "inventory/warehouse.h"
#include "net/protocol.h"
#include "net/server.h"
#include "orders/order_manager.h"
#include "ui/report_view.h"

#include <stdexcept>

Console::Console(App *TheApp, std::ostream &Stream)
    : Owner(TheApp), Reports(new ReportView(TheApp)), Out(Stream) {}

Console::~Console() { delete Reports; }

static const std::string &arg(const Request &Req, size_t Index) {
  if (Index >= Req.Args.size())
    throw std::invalid_argument("missing argument " +
                                std::to_string(Index + 1));
  return Req.Args[Index];
}

bool Console::execute(const std::string &Line) {
  ++CommandsRun;
  Out << "> " << Line << "\n";
  Request Req = parseRequest(Line);
  try {
    switch (Req.Kind) {
    case CK_Order: {
      // Same code path as remote clients.
      Response Reply = Owner->Net->handle(Req);
      Out << encodeResponse(Reply);
      return Reply.Code < 400;
    }
    case CK_Pay: {
      OrderId Id = std::stoi(arg(Req, 0));
      Order *O = Owner->Orders->find(Id);
      Cents Amount =
          arg(Req, 1) == "due" && O ? O->amountDue() : std::stoll(arg(Req, 1));
      PaymentKind Kind = Req.Args.size() > 2 ? paymentFromString(Req.Args[2])
                                             : Owner->Settings.DefaultPayment;
      Owner->Payments->pay(Id, Amount, Kind);
      Out << "paid " << MONEY(Amount) << " on order " << Id << "\n";
      return true;
    }
    case CK_Receive:
      Owner->Stock->receive(arg(Req, 0), "", std::stoi(arg(Req, 1)), 0);
      Out << describe(Owner->Stock->Items[arg(Req, 0)]) << "\n";
      return true;
    case CK_Cancel:
      Owner->Orders->cancel(std::stoi(arg(Req, 0)));
      Out << "cancelled\n";
      return true;
    case CK_Stock:
      Reports->printStock(Out);
      return true;
    case CK_Report:
      Reports->printOrders(Out);
      Reports->printBilling(Out);
      return true;
    case CK_Unknown:
      break;
    }
    showError("unknown command '" + Line + "'");
    showHelp();
  } catch (const PaymentDeclined &E) {
    showError(E.what());
  } catch (const OutOfStockError &E) {
    showError(std::string(E.what()) + ", try later");
  } catch (const std::exception &E) {
    showError(E.what());
  }
  return false;
}

void Console::showError(const std::string &Message) {
  ++ErrorsShown;
  Out << "error (line " << Owner->ScriptLine << "): " << Message << "\n";
  LOG_WARN("console error #" << ErrorsShown << ": " << Message);
}

void Console::showHelp() {
  Out << "commands: order <customer> <sku>x<qty>..., pay <order> <amount|due> "
         "[cash|card|invoice], receive <sku> <qty>, cancel <order>, stock, "
         "report\n";
}
