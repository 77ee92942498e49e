#include "core/memory_store.h"
#include <cstdio>

int main() {
  core::MemoryStore Memory;
  core::Store &S = Memory;
  S.put("a");
  std::printf("%d\n", S.size());
}
