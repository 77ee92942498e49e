//===- StrataMain.h - The strata command line -------------------*- C++ -*-===//
#ifndef STRATA_TOOLS_STRATAMAIN_H
#define STRATA_TOOLS_STRATAMAIN_H

namespace strata::cli {
/// Runs the strata command line; returns the process exit code.
int strataMain(int Argc, char **Argv);
} // namespace strata::cli

#endif
