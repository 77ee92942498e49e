//===- main.cpp - strata entry point --------------------------------------===//
#include "StrataMain.h"

int main(int Argc, char **Argv) { return strata::cli::strataMain(Argc, Argv); }
