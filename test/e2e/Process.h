//===- Process.h - Running programs from tests ------------------*- C++ -*-===//
#ifndef STRATA_TEST_E2E_PROCESS_H
#define STRATA_TEST_E2E_PROCESS_H

#include <string>
#include <vector>

namespace strata::test {

struct RunResult {
  int Exit = -1;
  std::string Out;
  std::string Err;
};

/// Runs \p Args (program first) in \p Cwd (empty: this process's), with
/// stdin from \p Stdin (a file; empty: /dev/null); captures stdout and
/// stderr.
RunResult runProgram(const std::vector<std::string> &Args,
                     const std::string &Cwd = "",
                     const std::string &Stdin = "");

/// Runs the strata binary under test with \p Args.
RunResult runStrata(const std::vector<std::string> &Args,
                    const std::string &Cwd = "", const std::string &Stdin = "");

} // namespace strata::test

#endif
