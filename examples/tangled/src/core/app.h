// The application object. It owns every manager and everything else reaches
// the other features through it, so include this and you have the whole shop.
#pragma once

#include "billing/payment.h"
#include "core/config.h"
#include "core/log.h"
#include "inventory/warehouse.h"
#include "net/server.h"
#include "orders/order_manager.h"
#include "ui/console.h"

#include <string>
#include <vector>

class OrderManager;
class Warehouse;
class PaymentProcessor;
class Console;
class Server;

class App {
public:
  App(int Argc, char **Argv);
  ~App();

  Config &Settings;
  OrderManager *Orders = nullptr;
  Warehouse *Stock = nullptr;
  PaymentProcessor *Payments = nullptr;
  Console *UI = nullptr;
  Server *Net = nullptr;
  bool Running = true;

  static App *Instance;

  void seedDemoData();
  int run(const std::vector<std::string> &Script);

private:
  int ScriptLine = 0;
  friend class Console;
};
