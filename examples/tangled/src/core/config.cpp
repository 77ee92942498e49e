#include "core/config.h"

#include <cstdlib>
#include <sstream>
#include <string>

Config GlobalConfig;

static bool startsWith(const std::string &Text, const std::string &Prefix) {
  return Text.compare(0, Prefix.size(), Prefix) == 0;
}

static int intAfter(const std::string &Arg, const std::string &Prefix,
                    int Fallback) {
  std::string Value = Arg.substr(Prefix.size());
  if (Value.empty())
    return Fallback;
  return std::atoi(Value.c_str());
}

void loadConfigFromArgs(Config &C, int Argc, char **Argv) {
  for (int I = 1; I < Argc; ++I) {
    std::string Arg = Argv[I];
    if (Arg == "--quiet")
      C.Verbose = false;
    else if (startsWith(Arg, "--tax="))
      C.TaxRatePercent = intAfter(Arg, "--tax=", C.TaxRatePercent);
    else if (startsWith(Arg, "--port="))
      C.Port = intAfter(Arg, "--port=", C.Port);
    else if (startsWith(Arg, "--low-stock="))
      C.LowStockThreshold = intAfter(Arg, "--low-stock=", C.LowStockThreshold);
    else if (startsWith(Arg, "--store="))
      C.StoreName = Arg.substr(8);
    else if (startsWith(Arg, "--pay="))
      C.DefaultPayment = paymentFromString(Arg.substr(6));
  }
  if (C.TaxRatePercent < 0 || C.TaxRatePercent > 100)
    C.TaxRatePercent = 20;
  if (C.Port <= 0)
    C.Port = 8080;
}

std::string describeConfig(const Config &C) {
  std::ostringstream Out;
  Out << C.StoreName << " (tax " << C.TaxRatePercent << "%, port " << C.Port
      << ", default payment " << paymentName(C.DefaultPayment)
      << ", card limit " << formatCents(C.CardLimit) << ")";
  return Out.str();
}
