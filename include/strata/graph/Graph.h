//===- strata/graph/Graph.h - Dependency graphs at five levels --*- C++ -*-===//
//
// The second stage of the pipeline: merged facts become a dependency graph at
// one level (file, component, module, namespace, class). Each edge aggregates
// the facts behind it (its kinds, its weight and every source line), so any
// problem found on the graph can be traced back to code. Metrics, cycles and
// paths (Metrics.h, Path.h) work on these graphs only.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_GRAPH_GRAPH_H
#define STRATA_GRAPH_GRAPH_H

#include "strata/facts/Facts.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace strata::graph {

enum class Level : uint8_t { File, Component, Module, Namespace, Class };

llvm::StringRef toString(Level L);
std::optional<Level> parseLevel(llvm::StringRef S);

/// Which facts make edges.
enum class EdgeSelection : uint8_t { Includes, Uses, All };

std::optional<EdgeSelection> parseEdgeSelection(llvm::StringRef S);

/// One source line behind an edge.
struct Evidence {
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;
  std::string Kind;   ///< "include" or a use kind ("call", "base", ...)
  std::string Entity; ///< the used entity, or the include as spelled

  auto tuple() const { return std::tie(File, Line, Column, Kind, Entity); }
};

struct Node {
  std::string Name;               ///< path, stem, directory or qualified name
  std::vector<std::string> Files; ///< project files in it (sorted)
  unsigned Classes = 0;           ///< class definitions in it
  unsigned AbstractClasses = 0;
  unsigned Entities = 0; ///< declarations in it: its size
  /// Files outside the node that depend on files inside it (Martin's Ca with
  /// files as the units), and files outside that files inside depend on (Ce).
  /// At namespace and class level the units are the nodes themselves.
  unsigned AfferentUnits = 0;
  unsigned EfferentUnits = 0;
};

/// Kinds of an edge as a bit set: bit K for facts::UseKind K, IncludeBit for
/// includes.
using KindSet = uint32_t;
inline constexpr KindSet IncludeBit = 1u << 31;
std::vector<std::string> kindNames(KindSet Kinds);

struct Edge {
  unsigned From = 0;
  unsigned To = 0;
  unsigned Weight = 0; ///< number of facts (includes and use sites)
  KindSet Kinds = 0;
  std::vector<Evidence> Sites; ///< the evidence, sorted by file, line, column
};

/// A module defined by path globs (from .strata.yaml); `*` matches across
/// directories.
struct ModuleGroup {
  std::string Name;
  std::vector<std::string> Globs;
};

/// Which module a project file belongs to: the first group with a matching
/// glob, otherwise the directory made of its first Depth path components.
class ModuleMap {
public:
  explicit ModuleMap(unsigned Depth = 1,
                     const std::vector<ModuleGroup> &Groups = {});
  std::string moduleOf(llvm::StringRef Path) const;
  /// True when a group, not the directory fallback, takes \p Path.
  bool inGroup(llvm::StringRef Path) const;

private:
  const std::string *groupOf(llvm::StringRef Path) const;
  unsigned Depth;
  struct Compiled;
  std::vector<std::shared_ptr<const Compiled>> Groups;
};

struct GraphOptions {
  Level At = Level::Component;
  EdgeSelection Edges = EdgeSelection::All;
  /// Module level: a module is the directory made of the first ModuleDepth
  /// path components. 0 chooses: one level below the deepest directory
  /// holding every project file.
  unsigned ModuleDepth = 0;
  /// Modules from the configuration; files they do not match fall back to
  /// directory modules.
  std::vector<ModuleGroup> Modules;
};

/// A directed graph without self-loops or parallel edges. Nodes are sorted
/// by name and edges by (From, To), so indices are deterministic.
class DependencyGraph {
public:
  DependencyGraph() = default;
  DependencyGraph(Level At, std::vector<Node> Nodes, std::vector<Edge> Edges);

  Level level() const { return At; }
  const std::vector<Node> &nodes() const { return Nodes; }
  const std::vector<Edge> &edges() const { return Edges; }
  size_t size() const { return Nodes.size(); }

  /// Indices into edges() of the edges leaving / entering node \p N.
  llvm::ArrayRef<unsigned> outEdges(unsigned N) const;
  llvm::ArrayRef<unsigned> inEdges(unsigned N) const;

  /// The node named \p Name, if any.
  std::optional<unsigned> find(llvm::StringRef Name) const;

private:
  Level At = Level::File;
  std::vector<Node> Nodes;
  std::vector<Edge> Edges;
  std::vector<unsigned> OutStart, OutList, InStart, InList;
};

/// Builds the graph of \p Facts at \p Options.At. Only project code makes
/// nodes; edges into external code are left out.
DependencyGraph buildGraph(const facts::FactSet &Facts,
                           const GraphOptions &Options);

/// The name of the node that project file \p Path belongs to at \p At
/// (file, component or module level). Empty for namespace and class levels.
std::string nodeNameOfFile(llvm::StringRef Path, Level At,
                           const ModuleMap &Modules);

/// The module depth GraphOptions::ModuleDepth = 0 stands for.
unsigned defaultModuleDepth(const facts::FactSet &Facts);

/// Builds a graph from explicit edges between nodes named 0..N-1 (for tests
/// and benchmarks): weight 1, no evidence.
DependencyGraph
graphFromEdges(unsigned N, const std::vector<std::pair<unsigned, unsigned>> &E,
               Level At = Level::Component);

} // namespace strata::graph

#endif
