//===- strata/graph/Metrics.h - Coupling, cycle and layering metrics -*- C++
//-*-===//
//
// Everything strata measures on one dependency graph, with the definitions of
// docs/metrics.md: Martin's coupling metrics, Lakos' levels and CCD family,
// MacCormack's propagation cost, Baldwin's core-periphery view, Sonargraph's
// relative cyclicity, and cycle groups with the edges to cut.
//
// Cost: O(E log E) plus the reachability counts, which run on the SCC
// condensation with bit sets in blocks (O(E_c * N / 64) word operations,
// memory bounded per block), spread over the available cores.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_GRAPH_METRICS_H
#define STRATA_GRAPH_METRICS_H

#include "strata/graph/Graph.h"
#include <string>
#include <vector>

namespace strata::graph {

/// Baldwin, MacCormack and Rusnak (2014): where a node sits relative to the
/// core (the largest cycle group).
enum class Role : uint8_t { Core, Shared, Control, Periphery };
enum class SystemType : uint8_t {
  Hierarchical,
  Borderline,
  CorePeriphery,
  MultiCore
};
llvm::StringRef toString(Role R);
llvm::StringRef toString(SystemType T);

struct NodeMetrics {
  unsigned FanIn = 0;        ///< distinct nodes depending on this one
  unsigned FanOut = 0;       ///< distinct nodes this one depends on
  unsigned Ca = 0;           ///< afferent units (see Node::AfferentUnits)
  unsigned Ce = 0;           ///< efferent units
  double Instability = 0;    ///< Ce / (Ca + Ce); 0 when both are 0
  double Abstractness = 0;   ///< abstract classes / classes; 0 without classes
  double Distance = 0;       ///< |A + I - 1|
  unsigned Level = 0;        ///< Lakos level, 1 = depends on nothing
  unsigned DependsOn = 0;    ///< nodes reachable from it, itself included (VFO)
  unsigned DependedOnBy = 0; ///< nodes reaching it, itself included (VFI)
  int CycleGroup = -1;       ///< index into GraphMetrics::Cycles, -1 if acyclic
  Role CoreRole = Role::Periphery;
  bool HubLike = false; ///< fan-in and fan-out above the median, balanced
  bool God = false;     ///< outlier in size or fan-in
};

/// A strongly connected component of more than one node.
struct CycleGroup {
  std::vector<unsigned> Nodes; ///< sorted by name
  std::vector<unsigned> Edges; ///< edges inside the group
  /// Edges whose removal makes the group acyclic, found by the weighted
  /// Eades-Lin-Smyth heuristic and then made minimal: putting any one of
  /// them back creates a cycle. Cheaper edges are preferred (cutCost).
  std::vector<unsigned> Cut;
  /// True when the group was too large to minimize the cut (it is still a
  /// valid cut, found by the heuristic alone).
  bool CutUnminimized = false;
};

struct GraphMetrics {
  unsigned Nodes = 0;
  unsigned Edges = 0;
  std::vector<NodeMetrics> PerNode;
  /// Sorted by size (largest first), then by the first node's name.
  std::vector<CycleGroup> Cycles;

  unsigned Levels = 0;    ///< the highest Lakos level
  double CCD = 0;         ///< sum of DependsOn
  double ACD = 0;         ///< CCD / N
  double NCCD = 0;        ///< CCD / CCD of a balanced binary tree of N nodes
  double RelativeACD = 0; ///< ACD / N
  double PropagationCost = 0; ///< reachability density, = ACD / N
  unsigned NodesInCycles = 0;
  unsigned LargestCycle = 0;
  double CoreSize = 0;          ///< LargestCycle / N (0 when acyclic)
  double RelativeCyclicity = 0; ///< 100 * sqrt(sum of |group|^2) / N
  SystemType Type = SystemType::Hierarchical;
};

/// Computes every metric of \p G. \p Threads bounds the reachability
/// workers (0: all cores); \p BlockWords sets the width of a reachability
/// block in 64-bit words (0: about 32 MiB of bit sets per worker; tests use
/// small blocks to exercise the blocking).
GraphMetrics computeMetrics(const DependencyGraph &G, unsigned Threads = 0,
                            unsigned BlockWords = 0);

/// CCD of a balanced binary tree of \p N nodes: (N+1) log2(N+1) - N.
double balancedTreeCCD(unsigned N);

/// Directed modularity Q (Leicht and Newman 2008) of the partition that puts
/// node i in group \p GroupOf[i]; unweighted edges. 0 for a graph without
/// edges.
double modularity(const DependencyGraph &G,
                  const std::vector<unsigned> &GroupOf);

/// What cutting \p E costs the heuristic: its weight, divided by 1000 when
/// removing its includes is all it takes and by 100 when forward
/// declarations do (Edge::Cut).
double cutCost(const Edge &E);

/// Edges to remove from \p Group's internal edges to make it acyclic: the
/// Eades-Lin-Smyth order weighted by cutCost, then a minimization pass when
/// the group has at most \p MinimizeLimit edges. Exposed for tests.
std::vector<unsigned> cycleCut(const DependencyGraph &G,
                               const std::vector<unsigned> &GroupNodes,
                               unsigned MinimizeLimit, bool &Minimized);

} // namespace strata::graph

#endif
