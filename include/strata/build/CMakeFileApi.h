//===- strata/build/CMakeFileApi.h - The build's target model ---*- C++ -*-===//
//
// CMake writes its target model (the File API's codemodel v2) under
// BUILD/.cmake/api/v1/reply/ when a query file exists before it configures.
// strata reads that reply and never runs CMake: configuring executes the
// project's code (docs/security.md). Every document of the reply is checked
// as it is read; a malformed one, an unknown major version or a reference
// outside the reply directory is one error naming the file.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_BUILD_CMAKEFILEAPI_H
#define STRATA_BUILD_CMAKEFILEAPI_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <string>
#include <vector>

namespace strata::build {

/// One call of a backtrace: the command at File:Line (File absolute).
struct Frame {
  std::string File;
  unsigned Line = 0;
  std::string Command; ///< empty for a file-level frame
};
/// Innermost call first: target_link_libraries inside a helper function
/// comes before the helper's call in the project's CMakeLists.txt.
using Backtrace = std::vector<Frame>;

enum class TargetType : uint8_t {
  Executable,
  StaticLibrary,
  SharedLibrary,
  ModuleLibrary,
  ObjectLibrary,
  InterfaceLibrary,
  Utility,
};
/// "EXECUTABLE", "STATIC_LIBRARY", ... as the reply spells it.
llvm::StringRef toString(TargetType T);

struct TargetSource {
  std::string Path;       ///< absolute, normalized
  bool Generated = false; ///< written by the build (under the build tree)
  bool Compiled = false;  ///< in a compile group: a translation unit
};

struct TargetDependency {
  std::string Target; ///< a target's name in the same reply
  /// The dependent's call that made it reachable. The reply lists the
  /// closure: transitive dependencies point at the dependent's own
  /// target_link_libraries call too, so this is not what it declared.
  Backtrace Where;
};

struct IncludeDirectory {
  std::string Path; ///< absolute
  /// Set by the target's own target_include_directories, not inherited
  /// through a dependency's usage requirements.
  bool Own = false;
};

struct Target {
  std::string Name;
  TargetType Type = TargetType::Executable;
  std::string SourceDir; ///< absolute: where the target is defined
  Backtrace Where;       ///< add_library / add_executable
  std::vector<TargetSource> Sources;
  std::vector<TargetDependency> Dependencies;
  std::vector<IncludeDirectory> Includes;
  /// The backtraces of the target_link_libraries calls in the target's
  /// backtrace graph, whether or not a dependency points at them: the
  /// places to read what the target declares.
  std::vector<Backtrace> LinkCalls;
};

struct BuildModel {
  std::string ReplyFile; ///< the codemodel document read
  std::string CMakeVersion;
  unsigned Major = 0, Minor = 0; ///< codemodel version
  std::string SourceDir, BuildDir;
  std::string Configuration;   ///< the one read (the first the reply lists)
  std::vector<Target> Targets; ///< sorted by name
  /// The CMake files strata may read for what targets declare: each
  /// directory's CMakeLists.txt and every file a backtrace names, absolute,
  /// sorted. (A static library's PRIVATE links have no backtrace in
  /// replies before codemodel 2.9.)
  std::vector<std::string> ListFiles;

  const Target *find(llvm::StringRef Name) const;
};

/// The directory CMake writes the reply to.
std::string replyDirectory(llvm::StringRef BuildDir);

/// Whether CMake has written a reply under \p BuildDir (an index file).
bool hasCMakeReply(llvm::StringRef BuildDir);

/// Reads the newest reply index under \p BuildDir and the codemodel it
/// names. The error says what to do when there is no reply yet.
llvm::Expected<BuildModel> readCMakeReply(llvm::StringRef BuildDir);

/// The same from documents in memory: \p Read returns the reply file with
/// the given name (for tests and the fuzzer).
llvm::Expected<BuildModel> parseCMakeReply(
    llvm::StringRef Index, llvm::StringRef IndexPath,
    llvm::function_ref<llvm::Expected<std::string>(llvm::StringRef)> Read);

/// Writes the stateless query file that asks CMake for a codemodel v2 at
/// its next configure; returns its path.
/// Creates \p BuildDir when it does not exist yet.
llvm::Expected<std::string> writeCMakeQuery(llvm::StringRef BuildDir);

} // namespace strata::build

#endif
