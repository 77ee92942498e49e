//===- StoreFuzzer.cpp - Fuzzes the facts store reader --------------------===//
//
// A facts store may come from another CI job (a shard) or a broken disk.
// Whatever its bytes, reading it gives facts or a one-line error; facts it
// gives export to JSON that reads back and exports as the same JSON
// (RoundTrip.h).
//
//===----------------------------------------------------------------------===//
#include "RoundTrip.h"
#include "strata/facts/FactsJson.h"
#include "strata/store/FactStore.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdlib>

using namespace strata;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::SmallString<128> Path;
  int FD;
  if (llvm::sys::fs::createTemporaryFile("strata-fuzz", "db", FD, Path))
    return 0;
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS.write(reinterpret_cast<const char *>(Data), Size);
  }
  llvm::Expected<facts::FactSet> Facts = store::readFacts(Path);
  if (!Facts) {
    std::string Message = llvm::toString(Facts.takeError());
    llvm::sys::fs::remove(Path);
    if (Message.find('\n') != std::string::npos)
      abort(); // errors are one line
    return 0;
  }
  llvm::sys::fs::remove(Path);
  fuzz::checkJsonRoundTrip(*Facts);
  return 0;
}
