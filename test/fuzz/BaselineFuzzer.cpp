//===- BaselineFuzzer.cpp - Fuzzes the baseline reader --------------------===//
#include "strata/analysis/Rules.h"

using namespace strata::analysis;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Content(reinterpret_cast<const char *>(Data), Size);
  llvm::Expected<Baseline> B =
      parseBaselineJson(Content, "/fuzz/strata-baseline.json");
  if (!B)
    llvm::consumeError(B.takeError());
  return 0;
}
