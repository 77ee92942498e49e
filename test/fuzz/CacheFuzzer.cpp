//===- CacheFuzzer.cpp - Fuzzes the cache entry reader --------------------===//
//
// A cache directory may be shared, restored from a CI cache, or truncated by
// a full disk: an entry is untrusted input that must be ignored, never
// believed or crashed on.
//
//===----------------------------------------------------------------------===//
#include "strata/extract/Cache.h"

#include <cstdlib>

using namespace strata::extract;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Content(reinterpret_cast<const char *>(Data), Size);
  std::string Warning;
  std::optional<TUResult> R =
      parseCacheEntry(Content, "/fuzz/cache/0.facts", Warning);
  if (R && (!Warning.empty() || R->Facts.TUs.size() != 1))
    abort(); // an accepted entry holds exactly one TU and no complaint
  return 0;
}
