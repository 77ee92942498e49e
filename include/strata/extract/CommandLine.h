//===- strata/extract/CommandLine.h - Compile command rewriting -*- C++ -*-===//
//
// Databases are written for the build's compiler, often GCC; strata parses
// them with the Clang it links. This rewriting is what makes that work out of
// the box: Clang's own headers, no unknown-flag failures, no outputs, and no
// code loaded from the analyzed tree.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_EXTRACT_COMMANDLINE_H
#define STRATA_EXTRACT_COMMANDLINE_H

#include "llvm/ADT/ArrayRef.h"
#include <string>
#include <vector>

namespace strata::extract {

struct ArgumentOptions {
  std::vector<std::string> ExtraArgsBefore; ///< inserted after the compiler
  std::vector<std::string> ExtraArgs;       ///< appended at the end
};

/// The resource directory of the Clang strata is built against.
const std::string &clangResourceDir();

/// Rewrites a database command line for a syntax-only parse:
/// drops compiler wrappers (ccache, distcc, ...), options this Clang does not
/// know, outputs and dependency-file options, plugins, and any other resource
/// directory; adds -fsyntax-only, -w, this Clang's resource directory and the
/// user's extra arguments.
std::vector<std::string> adjustCommandLine(llvm::ArrayRef<std::string> Args,
                                           const ArgumentOptions &Options);

} // namespace strata::extract

#endif
