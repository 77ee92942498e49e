//===- FactsFuzzer.cpp - Fuzzes the facts reader and what reads facts -----===//
//
// A facts file may come from another CI job (a shard) or be edited by hand.
// What parses must also print and parse back to the same bytes, and must go
// through the whole analysis without a crash.
//
//===----------------------------------------------------------------------===//
#include "RoundTrip.h"
#include "strata/facts/FactsJson.h"
#include "strata/graph/Analyze.h"

#include "llvm/Support/raw_ostream.h"
#include <cstdlib>

using namespace strata;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Content(reinterpret_cast<const char *>(Data), Size);
  llvm::Expected<facts::FactSet> Facts =
      facts::parseFactsJson(Content, "/fuzz/facts.json");
  if (!Facts) {
    llvm::consumeError(Facts.takeError());
    return 0;
  }
  fuzz::checkJsonRoundTrip(*Facts);
  graph::AnalyzeOptions Options;
  Options.Threads = 1;
  (void)graph::analyze(*Facts, Options);
  return 0;
}
