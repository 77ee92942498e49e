//===- strata/build/Declared.h - What targets say they use ------*- C++ -*-===//
//
// The reply's `dependencies` are a closure: a target's transitive
// dependencies carry the backtrace of its own target_link_libraries call
// too. What a target declares is the text of those calls, read at the
// backtraces (never evaluated: strata runs nothing). An item that is a
// variable is looked up one frame out, in the call of the function that
// made the target (abseil's absl_cc_library(... DEPS ...)); what stays a
// variable is unresolved, and checks that need the whole list skip the
// target (docs/cmake.md).
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_BUILD_DECLARED_H
#define STRATA_BUILD_DECLARED_H

#include "strata/build/CMakeFileApi.h"
#include "strata/build/CMakeText.h"
#include <map>

namespace strata::build {

struct DeclaredDependency {
  std::string Name;     ///< a target of the reply, or the item as written
  bool External = true; ///< not a target of the reply (imported, -lm, ...)
  LinkScope Scope = LinkScope::Plain;
  bool ScopeKnown = true; ///< false when read from a helper's arguments
  std::string File;       ///< absolute: where the item is written
  unsigned Line = 0;
};

struct TargetDeclarations {
  std::vector<DeclaredDependency> Dependencies; ///< in the order written
  /// Items strata could not read as names (variables), as written.
  std::vector<std::string> Unresolved;
};

/// The declarations of every target of \p M, by name. \p ReadFile returns
/// a CMake file's text by absolute path.
std::map<std::string, TargetDeclarations> declaredDependencies(
    const BuildModel &M,
    llvm::function_ref<llvm::Expected<std::string>(llvm::StringRef)> ReadFile);

} // namespace strata::build

#endif
