#include "net/protocol.h"

#include "billing/invoice.h"
#include "core/app.h"
#include "core/log.h"
#include "orders/order.h"
#include "orders/order_manager.h"

#include <cctype>
#include <sstream>

static CommandKind commandFromWord(const std::string &Word) {
  if (Word == "order")
    return CK_Order;
  if (Word == "pay")
    return CK_Pay;
  if (Word == "receive")
    return CK_Receive;
  if (Word == "cancel")
    return CK_Cancel;
  if (Word == "stock")
    return CK_Stock;
  if (Word == "report")
    return CK_Report;
  return CK_Unknown;
}

Request parseRequest(const std::string &Line) {
  Request Req;
  Req.Raw = Line;
  std::istringstream In(Line);
  std::string Word;
  if (!(In >> Word))
    return Req;
  Req.Kind = commandFromWord(Word);
  while (In >> Word)
    Req.Args.push_back(Word);
  return Req;
}

bool parseLineItem(const std::string &Token, Sku &Item, int &Quantity) {
  std::string::size_type X = Token.rfind('x');
  if (X == std::string::npos || X == 0 || X + 1 == Token.size())
    return false;
  for (std::string::size_type I = X + 1; I < Token.size(); ++I)
    if (!std::isdigit(static_cast<unsigned char>(Token[I])))
      return false;
  Item = Token.substr(0, X);
  Quantity = std::stoi(Token.substr(X + 1));
  return Quantity > 0;
}

std::string encodeOrder(const Order &O) {
  std::ostringstream Out;
  Out << "order=" << O.Id << " customer=" << O.Customer
      << " status=" << statusName(O.status()) << " lines=" << O.Lines.size();
  if (O.Bill)
    Out << " invoice=" << O.Bill->Number << " total=" << MONEY(O.Bill->Total);
  if (App::Instance) {
    int Open = 0;
    for (const Order *Other : App::Instance->Orders->openOrders())
      if (Other->Customer == O.Customer)
        ++Open;
    Out << " open_for_customer=" << Open;
  }
  return Out.str();
}

std::string encodeResponse(const Response &Reply) {
  std::ostringstream Out;
  Out << Reply.Code << " " << (Reply.Code < 400 ? "OK" : "ERR");
  if (!Reply.Body.empty())
    Out << " " << Reply.Body;
  Out << "\n";
  return Out.str();
}
