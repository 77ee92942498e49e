//===- strata/analysis/Units.h - The codebase as a hierarchy of units -*- C++
//-*-===//
//
// The verdict reads a codebase as a tree of units: the directory tree at
// every depth, or the build targets placed in it, or configured groups.
// A header belongs to the unit of its component's source (Lakos), so
// `include/lib/x.h` lives with `src/mod/x.cpp`. Chains of directories that
// hold nothing but one subdirectory collapse into it, so wrapping a tree in
// one more directory changes nothing. docs/verdict.md, "Units".
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_ANALYSIS_UNITS_H
#define STRATA_ANALYSIS_UNITS_H

#include "strata/graph/Analyze.h"
#include <string>
#include <vector>

namespace strata::analysis {

/// One unit: a directory, a build target or a configured group, or the
/// files a unit with subunits holds directly (its "own files", named
/// `DIR/*`).
struct Unit {
  std::string Name; ///< "src/core", "lib/[zstd]/compress", "src/*", "."
  int Parent = -1;  ///< index into UnitTree::Units; -1 for the root
  std::vector<unsigned> Children; ///< sorted by name
  /// Nodes of the analysis's file graph in it (its whole subtree), sorted.
  std::vector<unsigned> Files;
  unsigned Sources = 0;  ///< of Files, those with a source extension
  unsigned Depth = 0;    ///< 0 for the root
  bool OwnFiles = false; ///< the files its parent holds directly
  bool Group = false;    ///< a build target or configured group
};

struct UnitTree {
  /// Units[0] is the root; a parent comes before its children.
  std::vector<Unit> Units;
  /// For each node of the file graph, the leaf unit holding it.
  std::vector<unsigned> LeafOf;
  /// Each file graph node's home directory (homeDirectories()).
  std::vector<std::string> Home;
  /// Headers that left their directory for their source's unit.
  unsigned HeadersMoved = 0;
};

/// The directory a project file belongs to for the units: its own, or for
/// a header whose component's source lies elsewhere, the source's. The
/// source is, in order: one that includes the header first (Lakos's rule)
/// and has the same stem; the one that defines most of what the header
/// declares (Analysis::InterfaceOf); the only sources that include it
/// first, when they share a directory; the only source with the same stem
/// that depends on it. Indexed by node of \p A's file graph.
std::vector<std::string> homeDirectories(const graph::Analysis &A);

/// The units of \p A: its configured groups or build targets
/// (A.Modules, placed at their directory), the directories otherwise.
UnitTree unitTree(const graph::Analysis &A);

} // namespace strata::analysis

#endif
