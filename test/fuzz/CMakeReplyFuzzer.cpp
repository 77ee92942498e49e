//===- CMakeReplyFuzzer.cpp - Fuzzes the CMake File API reply reader ------===//
//
// The input is the reply's documents separated by NUL bytes: the index
// first, then each file in the order the reader asks for them, whatever it
// names them (the codemodel, then the targets). The whole input also goes
// through the CMake command reader, which reads the CMakeLists.txt text the
// reply points at.
//
//===----------------------------------------------------------------------===//
#include "strata/build/CMakeFileApi.h"
#include "strata/build/CMakeText.h"

#include "llvm/ADT/SmallVector.h"

using namespace llvm;
using namespace strata::build;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  StringRef Input(reinterpret_cast<const char *>(Data), Size);
  SmallVector<StringRef, 8> Parts;
  Input.split(Parts, '\0');
  size_t Next = 1;
  Expected<BuildModel> M = parseCMakeReply(
      Parts[0], "/fuzz/reply/index.json",
      [&](StringRef Name) -> Expected<std::string> {
        if (Next >= Parts.size())
          return createStringError(inconvertibleErrorCode(),
                                   "/fuzz/reply/" + Name + ": no such file");
        return Parts[Next++].str();
      });
  if (!M)
    consumeError(M.takeError());
  Expected<std::vector<CMakeCommand>> Commands =
      parseCMakeCommands(Input, "/fuzz/CMakeLists.txt");
  if (Commands) {
    for (const CMakeCommand &C : *Commands)
      if (std::optional<LinkCall> L = linkCallOf(C))
        for (const LinkItem &I : L->Items)
          (void)nameInGeneratorExpression(I.Name);
  } else {
    consumeError(Commands.takeError());
  }
  return 0;
}
