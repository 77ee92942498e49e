//===- ReplayMain.cpp - Runs a fuzz target over files, without libFuzzer --===//
//
// Every build runs each fuzz target over its seed corpus and the inputs of
// past findings (test/fuzz/regressions), so a fixed finding stays fixed
// under g++ and in the sanitizer build. Arguments are files or directories.
//
//===----------------------------------------------------------------------===//
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size);

int main(int argc, char **argv) {
  std::vector<std::string> Files;
  for (int I = 1; I < argc; ++I) {
    if (!llvm::sys::fs::is_directory(argv[I])) {
      Files.push_back(argv[I]);
      continue;
    }
    std::error_code EC;
    for (llvm::sys::fs::directory_iterator It(argv[I], EC), End;
         It != End && !EC; It.increment(EC))
      if (llvm::sys::fs::is_regular_file(It->path()))
        Files.push_back(It->path());
  }
  std::sort(Files.begin(), Files.end());
  if (Files.empty()) {
    llvm::errs() << "replay: no inputs\n";
    return 1; // a corpus that went missing must not pass silently
  }
  for (const std::string &F : Files) {
    auto Buffer = llvm::MemoryBuffer::getFile(F, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!Buffer) {
      llvm::errs() << F << ": cannot read\n";
      return 1;
    }
    llvm::StringRef B = (*Buffer)->getBuffer();
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(B.data()),
                           B.size());
  }
  llvm::outs() << "replayed " << Files.size() << " inputs\n";
  return 0;
}
