//===- strata/graph/Analyze.h - All levels of one codebase ------*- C++ -*-===//
//
// Builds the graph and computes the metrics at every level, plus the
// modularity of the directory modules on the component graph, the verdict on
// every project include and the uses of headers that rely on their includer.
// This is what `strata analyze` reports and what the verdict and the checks
// read.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_GRAPH_ANALYZE_H
#define STRATA_GRAPH_ANALYZE_H

#include "strata/graph/Graph.h"
#include "strata/graph/Includes.h"
#include "strata/graph/Metrics.h"

namespace strata::graph {

/// Where the modules come from, for the verdict and for people.
enum class ModuleSourceKind : uint8_t {
  Directories, ///< the directory tree (a guess at the modules)
  Configured,  ///< `modules:` groups of .strata.yaml
  CMake,       ///< build targets of the CMake File API reply
};
/// "directories", "configured groups", "CMake targets".
llvm::StringRef toString(ModuleSourceKind K);

struct AnalyzeOptions {
  EdgeSelection Edges = EdgeSelection::All;
  unsigned ModuleDepth = 0;         ///< 0: defaultModuleDepth
  unsigned Threads = 0;             ///< 0: all cores
  std::vector<ModuleGroup> Modules; ///< from the configuration or the build
  ModuleSourceKind ModuleSource = ModuleSourceKind::Directories;
  /// Whether a use in one file may link against a definition in another
  /// (GraphOptions::CanLink); empty: any project file may.
  LinkFilter CanLink;
  /// Called on the include verdicts before the graphs read them (strata
  /// analyze --verify-includes parses the claims here); empty: none.
  std::function<void(IncludeReport &)> CheckIncludes;
};

struct LevelAnalysis {
  DependencyGraph Graph;
  GraphMetrics Metrics;
};

/// Counts of the facts an analysis rests on.
struct FactsSummary {
  size_t TUs = 0, FailedTUs = 0, Files = 0, Entities = 0, Includes = 0,
         Uses = 0;
  /// Project files with a source extension (.c, .cc, .cpp, ...): the
  /// implementation the facts saw, whether main files or included into one.
  size_t SourceFiles = 0;
  /// Reliant uses (FactSet::Reliant), and the headers they are written in.
  size_t ReliantUses = 0, ReliantHeaders = 0;
};

struct Analysis {
  std::string Root;
  FactsSummary Facts;
  EdgeSelection Edges = EdgeSelection::All;
  unsigned ModuleDepth = 0;         ///< the depth actually used
  std::vector<ModuleGroup> Modules; ///< configured or target groups, if any
  ModuleSourceKind ModuleSource = ModuleSourceKind::Directories;
  /// Each project source file's first #include of a project header, by
  /// line (Lakos: a component's source includes its own header first).
  llvm::StringMap<std::string> FirstProjectInclude;
  /// Headers whose declared functions and variables one project source
  /// defines, most of them (over half): the source implementing the
  /// header's interface, Lakos's other half of the component.
  llvm::StringMap<std::string> InterfaceOf;
  /// Indexed by Level: file, component, module, namespace, class.
  std::vector<LevelAnalysis> Levels;
  /// Directed modularity Q of the module partition of the component graph.
  double ModularityQ = 0;
  /// Every project include, classified.
  IncludeReport Includes;
  /// Uses in headers of entities they cannot see: the headers do not
  /// compile on their own (self-sufficiency). Sorted by file, line, column.
  std::vector<facts::UseFact> Reliant;

  const LevelAnalysis &at(Level L) const {
    return Levels[static_cast<size_t>(L)];
  }
};

Analysis analyze(const facts::FactSet &Facts, const AnalyzeOptions &Options);

} // namespace strata::graph

#endif
