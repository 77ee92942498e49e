#include "core/memory_store.h"
#include "base/text.h"

namespace core {
void MemoryStore::put(const std::string &Key) {
  Keys.push_back(base::upper(Key));
}
int MemoryStore::size() const { return static_cast<int>(Keys.size()); }
} // namespace core
