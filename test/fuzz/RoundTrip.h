//===- RoundTrip.h - What the fuzzers ask of facts they read ----*- C++ -*-===//
//
// Facts strata read (from JSON or a store) export to JSON that strata reads
// back and exports as the same JSON: printing is a fixed point. Not the
// same facts: a store's strings may be any bytes, and the JSON strata
// writes replaces bytes that are not UTF-8.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_TEST_FUZZ_ROUNDTRIP_H
#define STRATA_TEST_FUZZ_ROUNDTRIP_H

#include "strata/facts/FactsJson.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdlib>
#include <string>

namespace strata::fuzz {

/// Aborts unless \p Facts export, read back and export as the same JSON.
inline void checkJsonRoundTrip(const facts::FactSet &Facts) {
  std::string Once;
  llvm::raw_string_ostream OS(Once);
  facts::writeFactsJson(Facts, OS);
  llvm::Expected<facts::FactSet> Again =
      facts::parseFactsJson(Once, "/fuzz/again.json");
  if (!Again)
    abort(); // strata cannot read what it wrote
  std::string Twice;
  llvm::raw_string_ostream OS2(Twice);
  facts::writeFactsJson(*Again, OS2);
  if (Once != Twice)
    abort(); // printing is not a fixed point
}

} // namespace strata::fuzz

#endif
