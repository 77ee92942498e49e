//===- strata/analysis/Targets.h - Build targets as modules -----*- C++ -*-===//
//
// `--modules cmake`: each library and executable target of the CMake File
// API reply is a module, and what its target_link_libraries calls declare
// is checked against what its files actually use. Which target owns a file
// the reply does not list follows the rules in docs/cmake.md; a file no
// rule places goes to the bucket of its directory, whose edges are not
// checked.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_ANALYSIS_TARGETS_H
#define STRATA_ANALYSIS_TARGETS_H

#include "strata/analysis/Rules.h"
#include "strata/build/Declared.h"
#include "strata/facts/Facts.h"
#include "strata/graph/Graph.h"
#include <map>

namespace strata::analysis {

/// The module name of the files no target owns in directory \p Dir.
std::string bucketName(llvm::StringRef Dir);
bool isBucket(llvm::StringRef Module);

struct TargetModule {
  std::string Name;
  build::TargetType Type = build::TargetType::StaticLibrary;
  std::string SourceDir;          ///< relative to the root ("." for the root)
  std::vector<std::string> Files; ///< project files it owns, sorted
  build::TargetDeclarations Declared; ///< file paths relative to the root
  /// The reply's closure: every target it reaches through its links.
  std::vector<std::string> Reachable;
  /// Its sources define variables: it may be linked for their
  /// initialization alone (static registration), with no symbol named.
  bool DefinesVariables = false;
};

struct TargetModules {
  std::vector<TargetModule> Targets;      ///< sorted by name
  std::vector<graph::ModuleGroup> Groups; ///< targets, then buckets
  /// Files the reply lists, placed by a listed file with the same stem in
  /// their directory, by a target's directory, and in buckets.
  size_t Listed = 0, ByStem = 0, ByDirectory = 0, Bucketed = 0;
  unsigned CodemodelMinor = 0;

  const TargetModule *find(llvm::StringRef Name) const;
};

/// The modules of \p Facts' project files (paths relative to \p Root) by
/// the targets of \p M, with what each declares.
TargetModules targetModules(
    const build::BuildModel &M, const facts::FactSet &Facts,
    llvm::StringRef Root,
    llvm::function_ref<llvm::Expected<std::string>(llvm::StringRef)> ReadFile);

/// Whether modules are CMake targets: \p Option ("cmake", "directories",
/// or empty), else the configuration's `modules: {from: ...}`, else its
/// configured groups (not targets), else whether the build directory holds
/// a File API reply (\p HasReply): build targets by default.
inline bool modulesFromCMake(llvm::StringRef Option, const Config &C,
                             bool HasReply) {
  if (!Option.empty())
    return Option == "cmake";
  if (!C.ModulesFrom.empty())
    return C.ModulesFrom == "cmake";
  return C.Modules.empty() && HasReply;
}

/// Link edges within one program: a use in a file of target T may link
/// against a definition in target T' only when some target's link closure
/// (computed through the reply's dependencies) holds both: two executables
/// never link each other's code. Files no target owns may link anywhere.
graph::LinkFilter linkFilter(const TargetModules &T);

/// targetModules() on the reply under \p BuildDir, reading the CMake files
/// from disk. The error says how to get a reply when there is none.
llvm::Expected<TargetModules> readTargetModules(llvm::StringRef BuildDir,
                                                const facts::FactSet &Facts);

/// What strata says once about how much it could verify: buckets, targets
/// whose declarations it could not read, scopes the reply does not give.
std::vector<std::string> targetNotes(const TargetModules &T);

/// Declared against actual, on the module graph of an analysis made with
/// T.Groups: strata-undeclared-dependency (at the first include or use),
/// strata-unused-dependency (at the target_link_libraries item; a note
/// when the dependency may register itself at static initialization), and
/// strata-public-dependency (a PUBLIC item only the target's sources use).
std::vector<Violation> checkDeclarations(const TargetModules &T,
                                         const graph::Analysis &A);

} // namespace strata::analysis

#endif
