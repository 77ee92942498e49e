//===- strata/graph/Path.h - Why does A depend on B? ------------*- C++ -*-===//
#ifndef STRATA_GRAPH_PATH_H
#define STRATA_GRAPH_PATH_H

#include "strata/graph/Graph.h"
#include <optional>
#include <vector>

namespace strata::graph {

/// The edges of a shortest dependency path from \p From to \p To (fewest
/// hops; among those, the first found visiting nodes in name order). Empty
/// when From == To; nullopt when To is not reachable.
std::optional<std::vector<unsigned>> shortestPath(const DependencyGraph &G,
                                                  unsigned From, unsigned To);

/// The node \p Name names at \p G's level: a node name, or, at file,
/// component and module level, a project file (relative to the root) that
/// belongs to a node. \p Modules as used to build \p G.
std::optional<unsigned> resolveNode(const DependencyGraph &G,
                                    llvm::StringRef Name,
                                    const ModuleMap &Modules);

} // namespace strata::graph

#endif
