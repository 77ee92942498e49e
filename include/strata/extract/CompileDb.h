//===- strata/extract/CompileDb.h - Compilation databases -------*- C++ -*-===//
//
// Reads compile_commands.json into plain commands with absolute paths. Unlike
// clang::tooling::JSONCompilationDatabase it resolves a relative "directory"
// against the database's own folder and says which entry is wrong and why.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_EXTRACT_COMPILEDB_H
#define STRATA_EXTRACT_COMPILEDB_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace strata::extract {

/// One entry of a compilation database.
struct CompileCommand {
  std::string Directory;              ///< absolute, normalized
  std::string File;                   ///< absolute, normalized
  std::vector<std::string> Arguments; ///< argv, compiler first
};

struct CompileDb {
  std::string Path; ///< the compile_commands.json that was read
  /// In database order; a file listed twice keeps its first entry.
  std::vector<CompileCommand> Commands;
  unsigned DuplicatesDropped = 0;
};

/// Parses the JSON text of a database located at \p JsonPath (absolute).
/// Accepts the "arguments" and "command" forms.
llvm::Expected<CompileDb> parseCompileDb(llvm::StringRef Content,
                                         llvm::StringRef JsonPath);

/// Loads the database named by \p BuildPath: a compile_commands.json file or
/// a directory holding one.
llvm::Expected<CompileDb> loadCompileDb(llvm::StringRef BuildPath);

/// Finds the database for \p SourceFile when no -p is given, looking in the
/// file's directory and its parents (as clang tools do).
llvm::Expected<std::string> findCompileDbFor(llvm::StringRef SourceFile);

} // namespace strata::extract

#endif
