//===- CompileDbFuzzer.cpp - Fuzzes the compile database reader -----------===//
//
// A compile database comes from the analyzed tree. Beyond parsing, every
// command line it yields goes through the rewriting that keeps plugins out,
// so that is fuzzed too, against an oracle written independently of it: no
// argument of the result may load a plugin, however it is spelled.
//
//===----------------------------------------------------------------------===//
#include "strata/extract/CommandLine.h"
#include "strata/extract/CompileDb.h"

#include "llvm/ADT/StringRef.h"
#include <cstdlib>

using namespace strata::extract;
using llvm::StringRef;

namespace {

bool loadsPlugin(StringRef CC1Arg) {
  return CC1Arg.starts_with("-load") || CC1Arg.starts_with("-plugin") ||
         CC1Arg.starts_with("-add-plugin") ||
         CC1Arg.starts_with("-fpass-plugin") || CC1Arg.starts_with("-fplugin");
}

void checkNoPlugin(const std::vector<std::string> &Out) {
  for (size_t I = 1; I < Out.size(); ++I) {
    StringRef A = Out[I];
    bool Forwards = A == "-Xclang" || A == "-Xpreprocessor";
    if (A.starts_with("-fplugin") || A.starts_with("-fpass-plugin") ||
        (Forwards && I + 1 < Out.size() && loadsPlugin(Out[I + 1])) ||
        (A.consume_front("-Xclang=") && loadsPlugin(A)))
      abort();
    if (A.consume_front("-Wp,")) {
      llvm::SmallVector<StringRef, 4> Parts;
      A.split(Parts, ',');
      for (StringRef P : Parts)
        if (loadsPlugin(P))
          abort();
    }
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  StringRef Content(reinterpret_cast<const char *>(Data), Size);
  llvm::Expected<CompileDb> Db =
      parseCompileDb(Content, "/fuzz/build/compile_commands.json");
  if (!Db) {
    llvm::consumeError(Db.takeError());
    return 0;
  }
  for (const CompileCommand &Cmd : Db->Commands)
    checkNoPlugin(adjustCommandLine(Cmd.Arguments, {}));
  return 0;
}
