// The line-based wire format shared by the console and the network server.
#pragma once

#include "core/types.h"
#include "orders/order.h"

#include <string>
#include <vector>

struct Request {
  CommandKind Kind = CK_Unknown;
  std::vector<std::string> Args;
  std::string Raw;
};

struct Response {
  int Code = 200;
  std::string Body;
};

Request parseRequest(const std::string &Line);
bool parseLineItem(const std::string &Token, Sku &Item, int &Quantity);
std::string encodeOrder(const Order &O);
std::string encodeResponse(const Response &Reply);
