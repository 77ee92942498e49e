#include "core/app.h"
#include "core/log.h"
#include "ui/console.h"

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char **argv) {
  App *TheApp = new App(argc, argv);
  TheApp->seedDemoData();

  std::vector<std::string> Script = {
      "stock",
      "order alice A100x2 B200x1",
      "order bob C300x5",
      "pay 1 1000 card",
      "net pay 1 999999 card",
      "net pay 1 3796 cash",
      "receive C300 4",
      "pay 2 due card",
      "pay 2 due invoice",
      "order carol D400x3 A100x1",
      "cancel 3",
      "cancel 42",
      "net order dave Z999x1",
      "net report",
      "refund 1",
      "report",
      "stock",
  };
  int Errors = TheApp->run(Script);
  std::cout << "done, " << Errors << " commands failed, " << LogLineCount
            << " log lines\n";
  delete TheApp;
  return 0;
}
