//===- strata/graph/Graph.h - Dependency graphs at five levels --*- C++ -*-===//
//
// The second stage of the pipeline: merged facts become a dependency graph at
// one level (file, component, module, namespace, class). Each edge aggregates
// the facts behind it (its kinds, its nature, its weight and every source
// line), so any problem found on the graph can be traced back to code.
// At file, component and module level an edge is a physical dependency:
// compile time (an include, a use of a visible declaration) or link time (a
// use of a function or variable defined in another file). Metrics, cycles and
// paths (Metrics.h, Path.h) work on these graphs only.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_GRAPH_GRAPH_H
#define STRATA_GRAPH_GRAPH_H

#include "strata/facts/Facts.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace strata::graph {

enum class Level : uint8_t { File, Component, Module, Namespace, Class };

llvm::StringRef toString(Level L);
std::optional<Level> parseLevel(llvm::StringRef S);

/// Which facts make edges at file, component and module level:
/// - Includes: #include directives only;
/// - Uses: compile-time uses and link-time edges, no includes;
/// - Compile: includes and compile-time uses;
/// - Link: link-time edges only;
/// - All: everything.
/// Namespace and class graphs take every use unless only includes are
/// selected (then they have no edges).
enum class EdgeSelection : uint8_t { Includes, Uses, Compile, Link, All };

std::optional<EdgeSelection> parseEdgeSelection(llvm::StringRef S);
llvm::StringRef toString(EdgeSelection E);

/// Why a source line makes a dependency: the user needs the target to
/// compile (an include, a use of a declaration it sees) or to link (a call
/// of, or reference to, a function or variable defined in another file).
enum class NatureKind : uint8_t { Compile, Link };
llvm::StringRef toString(NatureKind N);

/// Natures of an edge as a bit set.
using NatureSet = uint8_t;
inline constexpr NatureSet CompileBit = 1, LinkBit = 2;
/// "compile", "link", in that order.
std::vector<std::string> natureNames(NatureSet Natures);

/// One source line behind an edge. Its strings are interned fact strings
/// (facts::Str, never freed) or literals: a graph holds every use of the
/// codebase at each level, and a file or entity named by a thousand lines
/// is stored once.
struct Evidence {
  llvm::StringRef File;
  unsigned Line = 0;
  unsigned Column = 0;
  llvm::StringRef Kind;   ///< "include" or a use kind ("call", "base", ...)
  llvm::StringRef Entity; ///< the used entity, or the include as spelled
  /// Link: the use site of a function or variable that the edge's target
  /// defines; a use can be compile evidence of one edge and link evidence
  /// of another (or of the same, when one node declares and defines it).
  NatureKind Nature = NatureKind::Compile;

  auto tuple() const {
    return std::tie(File, Line, Column, Kind, Entity, Nature);
  }
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

/// What removing an edge from the code takes, when that is mechanical
/// (docs/metrics.md, "Edges to cut").
enum class CutKind : uint8_t {
  Refactor,       ///< nothing cheap: the code needs what the edge brings
  RemoveIncludes, ///< every line behind it is an unused #include
  ForwardDeclare, ///< forward-declare CutDeclares (and drop the includes)
};

struct Edge {
  unsigned From = 0;
  unsigned To = 0;
  /// Number of source lines behind it (include directives and use sites);
  /// a use site that is both compile and link evidence counts once.
  unsigned Weight = 0;
  KindSet Kinds = 0;
  NatureSet Natures = 0;
  std::vector<Evidence> Sites; ///< the evidence, sorted by file, line, column
  CutKind Cut = CutKind::Refactor;
  /// ForwardDeclare: the classes to declare, qualified, sorted, unique.
  std::vector<std::string> CutDeclares;
};

/// What cutting \p E takes, for people: "remove the include", "remove the
/// 2 includes", "forward-declare A, B", "forward-declare A instead of the
/// include"; empty for CutKind::Refactor.
std::string cutAdvice(const Edge &E);

/// A module defined by path globs (from .strata.yaml); `*` matches across
/// directories.
struct ModuleGroup {
  std::string Name;
  std::vector<std::string> Globs;
  /// Files it holds by name (a build target's sources), matched before
  /// any group's globs.
  std::vector<std::string> Files;
  /// Where it is defined, relative to the root (a build target's
  /// directory); empty when nowhere in particular or outside the root.
  std::string Dir;
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
  // Shared, like the compiled groups: a map is copied into every graph.
  std::shared_ptr<llvm::StringMap<std::string>> ByFile;
  struct Compiled;
  std::vector<std::shared_ptr<const Compiled>> Groups;
};

struct IncludeReport;

/// Whether a use in project file \p User may link against a definition in
/// project file \p Definer: false when the build says the two are never
/// linked into one program. Empty means any project file may.
using LinkFilter =
    std::function<bool(llvm::StringRef User, llvm::StringRef Definer)>;

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
  /// The includes classified (Includes.h) of the same facts: with them,
  /// edges say what cutting them takes (Edge::Cut). Without them no
  /// include counts as removable.
  const IncludeReport *Includes = nullptr;
  /// Link edges only where this allows (see LinkFilter).
  LinkFilter CanLink;
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
/// nodes; edges into external code are left out. At file, component and
/// module level a use with a link identity also makes a link edge to every
/// project file that defines that symbol (uses and reliant uses alike).
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
