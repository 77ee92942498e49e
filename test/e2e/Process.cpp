//===- Process.cpp - Running programs from tests --------------------------===//
#include "Process.h"

#include "TestSupport.h"
#include "llvm/Support/Program.h"

namespace strata::test {

RunResult runProgram(const std::vector<std::string> &Args,
                     const std::string &Cwd, const std::string &Stdin) {
  TempDir Dir;
  std::string OutPath = Dir.path("out"), ErrPath = Dir.path("err");
  std::vector<std::string> Argv = Args;
  // ExecuteAndWait has no working-directory parameter; a shell's cd does it.
  if (!Cwd.empty())
    Argv.insert(Argv.begin(),
                {"/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", Cwd});
  std::vector<llvm::StringRef> Refs(Argv.begin(), Argv.end());
  std::string InPath = Stdin.empty() ? std::string("/dev/null") : Stdin;
  std::optional<llvm::StringRef> Redirects[] = {llvm::StringRef(InPath),
                                                llvm::StringRef(OutPath),
                                                llvm::StringRef(ErrPath)};
  RunResult R;
  std::string ErrMsg;
  // A generous limit only guards the suite against a hang; it asserts
  // nothing about speed.
  R.Exit = llvm::sys::ExecuteAndWait(Refs[0], Refs, std::nullopt, Redirects,
                                     /*SecondsToWait=*/900, 0, &ErrMsg);
  R.Out = readFile(OutPath);
  R.Err = readFile(ErrPath) + ErrMsg;
  return R;
}

RunResult runStrata(const std::vector<std::string> &Args,
                    const std::string &Cwd, const std::string &Stdin) {
  std::vector<std::string> Argv = {STRATA_BINARY};
  Argv.insert(Argv.end(), Args.begin(), Args.end());
  return runProgram(Argv, Cwd, Stdin);
}

} // namespace strata::test
