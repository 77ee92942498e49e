#pragma once
#include <string>

namespace core {
// The interface the application programs against.
class Store {
public:
  virtual ~Store() = default;
  virtual void put(const std::string &Key) = 0;
  virtual int size() const = 0;
};
} // namespace core
