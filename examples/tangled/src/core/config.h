// Settings for the whole shop. There is one global copy that anything may
// read or change.
#pragma once

#include "core/types.h"

#include <string>

struct Config {
  int TaxRatePercent = 20;
  int LowStockThreshold = 3;
  int Port = 8080;
  bool Verbose = true;
  std::string StoreName = "Corner Shop";
  PaymentKind DefaultPayment = PK_Card;
  Cents CardLimit = 50000;
};

extern Config GlobalConfig;

void loadConfigFromArgs(Config &C, int Argc, char **Argv);
std::string describeConfig(const Config &C);
