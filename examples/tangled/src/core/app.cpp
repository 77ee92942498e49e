#include "core/app.h"

#include "billing/payment.h"
#include "core/log.h"
#include "inventory/warehouse.h"
#include "net/server.h"
#include "orders/order_manager.h"
#include "ui/console.h"
#include "ui/report_view.h"

#include <iostream>

App *App::Instance = nullptr;

App::App(int Argc, char **Argv) : Settings(GlobalConfig) {
  loadConfigFromArgs(GlobalConfig, Argc, Argv);
  Instance = this;
  Orders = new OrderManager(this);
  Stock = new Warehouse(this);
  Payments = new PaymentProcessor(this);
  Payments->CardLimit = Settings.CardLimit;
  UI = new Console(this, std::cout);
  Net = new Server(this);
  LOG("started " << describeConfig(Settings));
}

App::~App() {
  delete Net;
  delete UI;
  delete Payments;
  delete Orders;
  delete Stock;
  Instance = nullptr;
}

void App::seedDemoData() {
  Stock->receive("A100", "USB cable", 10, 499);
  Stock->receive("B200", "Keyboard", 4, 2999);
  Stock->receive("C300", "Monitor", 2, 15999);
  Stock->receive("D400", "Desk lamp", 6, 1899);
  LOG("seeded " << Stock->Items.size() << " items");
}

int App::run(const std::vector<std::string> &Script) {
  for (const std::string &Line : Script) {
    ++ScriptLine;
    if (!Running)
      break;
    if (Line == "quit") {
      Running = false;
    } else if (Line.compare(0, 4, "net ") == 0) {
      Net->enqueue(Line.substr(4));
      Net->pump();
    } else {
      UI->execute(Line);
    }
  }
  UI->Reports->printSummary(UI->Out);
  return UI->ErrorsShown;
}
