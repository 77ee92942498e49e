#pragma once
#include "core/store.h"
#include <vector>

namespace core {
class MemoryStore : public Store {
public:
  void put(const std::string &Key) override;
  int size() const override;

private:
  std::vector<std::string> Keys;
};
} // namespace core
