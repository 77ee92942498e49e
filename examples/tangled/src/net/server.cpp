#include "net/server.h"

#include "billing/payment.h"
#include "core/app.h"
#include "core/log.h"
#include "inventory/warehouse.h"
#include "orders/order_manager.h"
#include "ui/console.h"
#include "ui/report_view.h"

#include <sstream>
#include <utility>

Server::Server(App *TheApp) : Owner(TheApp), Port(TheApp->Settings.Port) {}

void Server::enqueue(const std::string &Line) { Inbox.push_back(Line); }

void Server::pump() {
  for (const std::string &Line : Inbox) {
    Response Reply = handle(parseRequest(Line));
    Owner->UI->Out << "[net:" << Port << "] " << Line << " -> "
                   << encodeResponse(Reply);
    Sent.push_back(Reply);
  }
  Inbox.clear();
}

Response Server::handle(const Request &Req) {
  ++RequestsHandled;
  Response Reply;
  try {
    switch (Req.Kind) {
    case CK_Order:
      return placeOrder(Req);
    case CK_Pay:
      if (Req.Args.size() < 2)
        return Response{400, "usage: pay <order> <amount> [kind]"};
      Owner->Payments->pay(std::stoi(Req.Args[0]), std::stoll(Req.Args[1]),
                           Req.Args.size() > 2 ? paymentFromString(Req.Args[2])
                                               : PK_Card);
      Reply.Body = "paid";
      return Reply;
    case CK_Report: {
      std::ostringstream Text;
      Owner->UI->Reports->printOrders(Text);
      Reply.Body = Text.str();
      return Reply;
    }
    default:
      return Response{404, "not available over the network"};
    }
  } catch (const PaymentDeclined &E) {
    Reply.Code = 402;
    Reply.Body = E.what();
  } catch (const std::exception &E) {
    LOG_WARN("request '" << Req.Raw << "' failed: " << E.what());
    Reply.Code = 500;
    Reply.Body = E.what();
  }
  return Reply;
}

Response Server::placeOrder(const Request &Req) {
  if (Req.Args.size() < 2)
    return Response{400, "usage: order <customer> <sku>x<qty>..."};
  std::vector<std::pair<Sku, int>> Wanted;
  for (size_t I = 1; I < Req.Args.size(); ++I) {
    Sku Item;
    int Quantity = 0;
    if (!parseLineItem(Req.Args[I], Item, Quantity))
      return Response{400, "bad line item '" + Req.Args[I] + "'"};
    if (!Owner->Stock->Items.count(Item))
      return Response{404, "unknown item " + Item};
    Wanted.emplace_back(Item, Quantity);
  }
  Order *O = Owner->Orders->create(Req.Args[0]);
  for (const auto &Line : Wanted)
    O->addLine(Line.first, Line.second,
               Owner->Stock->Items[Line.first].UnitPrice);
  bool Reserved = Owner->Orders->submit(O);
  return Response{Reserved ? 201 : 202,
                  encodeOrder(*O) + (Reserved ? "" : " backordered")};
}
