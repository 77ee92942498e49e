//===- CacheFuzzer.cpp - Fuzzes the cache entry reader --------------------===//
//
// A cache directory may be shared, restored from a CI cache, or truncated by
// a full disk: an entry is untrusted input that must be ignored, never
// believed or crashed on. The store itself is fuzzed by the store fuzzer;
// this one fuzzes the note that says what an entry's facts rest on.
//
//===----------------------------------------------------------------------===//
#include "strata/extract/Cache.h"

#include <cstdlib>

using namespace strata::extract;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Content(reinterpret_cast<const char *>(Data), Size);
  std::string Warning;
  std::optional<TUResult> R =
      parseCacheNote(Content, "/fuzz/cache/facts.db (0)", Warning);
  if (R && !Warning.empty())
    abort(); // an accepted note comes with no complaint
  return 0;
}
