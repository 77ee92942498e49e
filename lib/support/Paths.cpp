//===- Paths.cpp - Path normalization -------------------------------------===//
#include "strata/support/Paths.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace strata {

std::string normalizePath(StringRef Path, StringRef BaseDir) {
  SmallString<256> Result;
  if (sys::path::is_relative(Path)) {
    Result = BaseDir;
    sys::path::append(Result, Path);
  } else {
    Result = Path;
  }
  sys::path::remove_dots(Result, /*remove_dot_dot=*/true);
  sys::path::native(Result);
  return std::string(Result);
}

bool isUnder(StringRef Path, StringRef Root) {
  if (Root.empty())
    return false;
  if (Root == "/")
    return Path.starts_with("/");
  if (!Path.starts_with(Root))
    return false;
  return Path.size() == Root.size() || Path[Root.size()] == '/';
}

std::string relativeTo(StringRef Path, StringRef Root) {
  if (!isUnder(Path, Root) || Path.size() == Root.size())
    return std::string(Path);
  size_t Skip = Root == "/" ? 1 : Root.size() + 1;
  return std::string(Path.drop_front(Skip));
}

std::string uriReference(StringRef Path) {
  std::string Out;
  for (unsigned char C : Path) {
    if (isAlnum(C) || C == '-' || C == '.' || C == '_' || C == '~' || C == '/')
      Out += C;
    else
      Out += "%" + utohexstr(C, /*LowerCase=*/false, /*Width=*/2);
  }
  return Out;
}

std::string parentDir(StringRef Path) {
  StringRef Parent = sys::path::parent_path(Path);
  return Parent.empty() ? std::string("/") : std::string(Parent);
}

std::string commonRoot(ArrayRef<std::string> Paths) {
  if (Paths.empty())
    return "";
  StringRef Common = Paths.front();
  for (StringRef P : Paths.drop_front()) {
    while (!isUnder(P, Common)) {
      StringRef Parent = sys::path::parent_path(Common);
      if (Parent.empty() || Parent == Common)
        return "/";
      Common = Parent;
    }
  }
  return std::string(Common);
}

} // namespace strata
