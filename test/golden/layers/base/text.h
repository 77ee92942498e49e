#pragma once
#include <string>

namespace base {
inline std::string upper(std::string S) {
  for (char &C : S)
    if (C >= 'a' && C <= 'z')
      C = static_cast<char>(C - 'a' + 'A');
  return S;
}
} // namespace base
