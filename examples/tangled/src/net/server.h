// A pretend network front end: requests are queued lines, handled by calling
// straight into the managers.
#pragma once

#include "core/app.h"
#include "net/protocol.h"

#include <string>
#include <vector>

class App;

class Server {
public:
  explicit Server(App *TheApp);

  App *Owner;
  int Port;
  std::vector<std::string> Inbox;
  std::vector<Response> Sent;
  int RequestsHandled = 0;

  void enqueue(const std::string &Line);
  void pump();
  Response handle(const Request &Req);

private:
  Response placeOrder(const Request &Req);
};
