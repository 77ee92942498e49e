// The shop's command line: reads a command, changes whatever it needs to and
// prints the result.
#pragma once

#include "core/app.h"
#include "ui/report_view.h"

#include <ostream>
#include <string>

class App;
class ReportView;

class Console {
public:
  Console(App *TheApp, std::ostream &Stream);
  ~Console();

  App *Owner;
  ReportView *Reports;
  std::ostream &Out;
  int CommandsRun = 0;
  int ErrorsShown = 0;

  bool execute(const std::string &Line);
  void showError(const std::string &Message);
  void showHelp();
};
