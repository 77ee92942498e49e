//===- strata/support/Paths.h - Path normalization --------------*- C++ -*-===//
//
// Every path strata stores goes through these helpers, so that facts from
// different TUs, shards and machines agree on the spelling of one file.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_SUPPORT_PATHS_H
#define STRATA_SUPPORT_PATHS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace strata {

/// \p Path made absolute against \p BaseDir (when relative), with "." and
/// ".." removed and separators in native form. Symlinks are not resolved.
std::string normalizePath(llvm::StringRef Path, llvm::StringRef BaseDir);

/// True when \p Path is \p Root or lies below it. Both must be normalized.
bool isUnder(llvm::StringRef Path, llvm::StringRef Root);

/// \p Path relative to \p Root when it lies below it (using '/'), otherwise
/// \p Path unchanged. Both must be normalized.
std::string relativeTo(llvm::StringRef Path, llvm::StringRef Root);

/// The deepest directory that contains every path in \p Paths (normalized,
/// absolute). "/" when they share nothing; empty when \p Paths is empty.
std::string commonRoot(llvm::ArrayRef<std::string> Paths);

/// The parent directory of an absolute normalized path ("/" for "/x").
std::string parentDir(llvm::StringRef Path);

/// \p Path (relative or absolute) as a URI reference: unreserved characters
/// and '/' kept, everything else percent-encoded. SARIF and the language
/// server both name files this way.
std::string uriReference(llvm::StringRef Path);

} // namespace strata

#endif
