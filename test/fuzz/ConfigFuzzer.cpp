//===- ConfigFuzzer.cpp - Fuzzes the .strata.yaml parser ------------------===//
#include "strata/analysis/Config.h"

using namespace strata::analysis;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Content(reinterpret_cast<const char *>(Data), Size);
  llvm::Expected<Config> C = parseConfig(Content, "/fuzz/.strata.yaml");
  if (!C)
    llvm::consumeError(C.takeError());
  return 0;
}
