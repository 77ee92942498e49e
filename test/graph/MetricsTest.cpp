//===- MetricsTest.cpp - Metrics on small hand-built graphs ---------------===//
//
// Every expected value is computed by hand from the graph in the test; the
// comment next to it shows how. Node i of graphFromEdges is named "n<i>", and
// an edge (a, b) means a depends on b.
//
//===----------------------------------------------------------------------===//
#include "strata/graph/Metrics.h"

#include <gmock/gmock.h>
#include <random>

using namespace strata::graph;
using Edges = std::vector<std::pair<unsigned, unsigned>>;

namespace {

std::vector<unsigned> levels(const GraphMetrics &M) {
  std::vector<unsigned> L;
  for (const NodeMetrics &X : M.PerNode)
    L.push_back(X.Level);
  return L;
}
std::vector<unsigned> dependsOn(const GraphMetrics &M) {
  std::vector<unsigned> L;
  for (const NodeMetrics &X : M.PerNode)
    L.push_back(X.DependsOn);
  return L;
}
std::vector<unsigned> dependedOnBy(const GraphMetrics &M) {
  std::vector<unsigned> L;
  for (const NodeMetrics &X : M.PerNode)
    L.push_back(X.DependedOnBy);
  return L;
}

// True when \p G without the edges in \p Removed has no cycle.
bool acyclicWithout(const DependencyGraph &G,
                    const std::vector<unsigned> &Removed) {
  Edges Kept;
  for (unsigned I = 0; I < G.edges().size(); ++I)
    if (!std::count(Removed.begin(), Removed.end(), I))
      Kept.emplace_back(G.edges()[I].From, G.edges()[I].To);
  return computeMetrics(graphFromEdges(G.size(), Kept), 1).Cycles.empty();
}

std::vector<unsigned> allCuts(const GraphMetrics &M) {
  std::vector<unsigned> Cut;
  for (const CycleGroup &C : M.Cycles)
    Cut.insert(Cut.end(), C.Cut.begin(), C.Cut.end());
  return Cut;
}

} // namespace

TEST(MetricsTest, EmptyGraph) {
  GraphMetrics M = computeMetrics(graphFromEdges(0, {}));
  EXPECT_EQ(M.Nodes, 0u);
  EXPECT_EQ(M.CCD, 0);
  EXPECT_EQ(M.PropagationCost, 0);
  EXPECT_TRUE(M.Cycles.empty());
}

TEST(MetricsTest, SingleNode) {
  GraphMetrics M = computeMetrics(graphFromEdges(1, {}));
  // DependsOn = 1 (itself); CCD_bbt(1) = 2 log2 2 - 1 = 1.
  EXPECT_EQ(M.CCD, 1);
  EXPECT_DOUBLE_EQ(M.NCCD, 1.0);
  EXPECT_DOUBLE_EQ(M.PropagationCost, 1.0); // 1 / 1^2
  EXPECT_EQ(M.Levels, 1u);
  EXPECT_EQ(M.Type, SystemType::Hierarchical);
}

// n0 -> n1 -> n2 -> n3
TEST(MetricsTest, Chain) {
  GraphMetrics M = computeMetrics(graphFromEdges(4, {{0, 1}, {1, 2}, {2, 3}}));
  EXPECT_THAT(dependsOn(M), ::testing::ElementsAre(4, 3, 2, 1));
  EXPECT_THAT(dependedOnBy(M), ::testing::ElementsAre(1, 2, 3, 4));
  EXPECT_THAT(levels(M), ::testing::ElementsAre(4, 3, 2, 1));
  EXPECT_EQ(M.CCD, 10);         // 4 + 3 + 2 + 1
  EXPECT_DOUBLE_EQ(M.ACD, 2.5); // 10 / 4
  // CCD_bbt(4) = 5 log2 5 - 4 = 7.609640...
  EXPECT_NEAR(M.NCCD, 10 / 7.6096404744, 1e-9);
  EXPECT_DOUBLE_EQ(M.PropagationCost, 0.625); // 10 / 16
  EXPECT_DOUBLE_EQ(M.RelativeACD, 0.625);     // ACD / N
  // Martin: with nodes as units Ca = fan-in, Ce = fan-out.
  EXPECT_EQ(M.PerNode[0].FanIn, 0u);
  EXPECT_EQ(M.PerNode[0].FanOut, 1u);
  EXPECT_DOUBLE_EQ(M.PerNode[0].Instability, 1.0); // 1 / (0 + 1)
  EXPECT_DOUBLE_EQ(M.PerNode[1].Instability, 0.5); // 1 / (1 + 1)
  EXPECT_DOUBLE_EQ(M.PerNode[3].Instability, 0.0); // 0 / (1 + 0)
  // No classes: A = 0, so D = |I - 1|.
  EXPECT_DOUBLE_EQ(M.PerNode[0].Distance, 0.0);
  EXPECT_DOUBLE_EQ(M.PerNode[1].Distance, 0.5);
  EXPECT_DOUBLE_EQ(M.PerNode[3].Distance, 1.0);
  EXPECT_EQ(M.CoreSize, 0);
  EXPECT_EQ(M.RelativeCyclicity, 0);
  EXPECT_EQ(M.Type, SystemType::Hierarchical);
}

// Node i depends on its children 2i+1 and 2i+2: a balanced tree of 15.
TEST(MetricsTest, BalancedBinaryTreeHasNCCDOne) {
  Edges E;
  for (unsigned I = 0; I < 7; ++I) {
    E.emplace_back(I, 2 * I + 1);
    E.emplace_back(I, 2 * I + 2);
  }
  GraphMetrics M = computeMetrics(graphFromEdges(15, E));
  // Root 15, two subtrees of 7, four of 3, eight leaves: 15+14+12+8 = 49,
  // and CCD_bbt(15) = 16 * 4 - 15 = 49.
  EXPECT_EQ(M.CCD, 49);
  EXPECT_DOUBLE_EQ(M.NCCD, 1.0);
  EXPECT_NEAR(M.ACD, 49.0 / 15, 1e-12);
  EXPECT_NEAR(M.PropagationCost, 49.0 / 225, 1e-12);
  EXPECT_EQ(M.Levels, 4u);
  EXPECT_EQ(M.PerNode[0].Level, 4u);
  EXPECT_EQ(M.PerNode[14].Level, 1u);
}

// n0 -> n1 -> ... -> n14 -> n0
TEST(MetricsTest, FullCycle) {
  Edges E;
  for (unsigned I = 0; I < 15; ++I)
    E.emplace_back(I, (I + 1) % 15);
  DependencyGraph G = graphFromEdges(15, E);
  GraphMetrics M = computeMetrics(G);
  EXPECT_EQ(M.CCD, 225);                  // every node reaches all 15
  EXPECT_NEAR(M.NCCD, 225.0 / 49, 1e-12); // 4.59
  EXPECT_DOUBLE_EQ(M.PropagationCost, 1.0);
  ASSERT_EQ(M.Cycles.size(), 1u);
  EXPECT_EQ(M.Cycles[0].Nodes.size(), 15u);
  EXPECT_EQ(M.Cycles[0].Edges.size(), 15u);
  EXPECT_EQ(M.NodesInCycles, 15u);
  EXPECT_DOUBLE_EQ(M.CoreSize, 1.0);
  EXPECT_DOUBLE_EQ(M.RelativeCyclicity, 100.0); // 100 sqrt(15^2) / 15
  // A simple cycle is broken by removing any one edge.
  EXPECT_EQ(M.Cycles[0].Cut.size(), 1u);
  EXPECT_TRUE(acyclicWithout(G, M.Cycles[0].Cut));
  // Members of a cycle share a level; nothing outside: level 1.
  EXPECT_THAT(levels(M), ::testing::Each(1u));
  EXPECT_EQ(M.Type, SystemType::CorePeriphery);
  for (const NodeMetrics &X : M.PerNode)
    EXPECT_EQ(X.CoreRole, Role::Core);
}

// n0 -> n1 -> n2 -> n0 and n3 -> n4 -> n5 -> n3
TEST(MetricsTest, TwoDisjointCycles) {
  GraphMetrics M = computeMetrics(
      graphFromEdges(6, {{0, 1}, {1, 2}, {2, 0}, {3, 4}, {4, 5}, {5, 3}}));
  ASSERT_EQ(M.Cycles.size(), 2u);
  EXPECT_THAT(M.Cycles[0].Nodes, ::testing::ElementsAre(0, 1, 2));
  EXPECT_THAT(M.Cycles[1].Nodes, ::testing::ElementsAre(3, 4, 5));
  EXPECT_EQ(M.NodesInCycles, 6u);
  EXPECT_EQ(M.LargestCycle, 3u);
  EXPECT_DOUBLE_EQ(M.CoreSize, 0.5);
  // 100 sqrt(3^2 + 3^2) / 6 = 70.7106...
  EXPECT_NEAR(M.RelativeCyclicity, 100 * std::sqrt(18.0) / 6, 1e-9);
  // CCD = 6 * 3 = 18; CCD_bbt(6) = 7 log2 7 - 6 = 13.651484...
  EXPECT_EQ(M.CCD, 18);
  EXPECT_NEAR(M.NCCD, 18 / (7 * std::log2(7.0) - 6), 1e-12);
  // The largest group is not 1.5 times the second: multi-core.
  EXPECT_EQ(M.Type, SystemType::MultiCore);
  EXPECT_EQ(M.PerNode[4].CycleGroup, 1);
}

// n0 -> n1 -> n3, n0 -> n2 -> n3
TEST(MetricsTest, Diamond) {
  GraphMetrics M =
      computeMetrics(graphFromEdges(4, {{0, 1}, {0, 2}, {1, 3}, {2, 3}}));
  EXPECT_THAT(dependsOn(M), ::testing::ElementsAre(4, 2, 2, 1));
  EXPECT_THAT(dependedOnBy(M), ::testing::ElementsAre(1, 2, 2, 4));
  EXPECT_EQ(M.CCD, 9);
  EXPECT_DOUBLE_EQ(M.PropagationCost, 9.0 / 16);
  EXPECT_THAT(levels(M), ::testing::ElementsAre(3, 2, 2, 1));
  EXPECT_EQ(M.PerNode[3].FanIn, 2u);
  EXPECT_EQ(M.PerNode[0].FanOut, 2u);
  EXPECT_TRUE(M.Cycles.empty());
}

// a=n0 -> core; core = n1 -> n2 -> n3 -> n1; n2 -> s=n4; p=n5 alone.
TEST(MetricsTest, LevelsAndRolesAroundAKnownCore) {
  GraphMetrics M = computeMetrics(
      graphFromEdges(6, {{0, 1}, {1, 2}, {2, 3}, {3, 1}, {2, 4}}));
  ASSERT_EQ(M.Cycles.size(), 1u);
  // Core visibility: reached by {a, core} = 4, reaches {core, s} = 4.
  EXPECT_EQ(M.PerNode[1].DependedOnBy, 4u);
  EXPECT_EQ(M.PerNode[1].DependsOn, 4u);
  EXPECT_EQ(M.PerNode[0].CoreRole, Role::Control); // VFI 1, VFO 5
  EXPECT_EQ(M.PerNode[1].CoreRole, Role::Core);
  EXPECT_EQ(M.PerNode[3].CoreRole, Role::Core);
  EXPECT_EQ(M.PerNode[4].CoreRole, Role::Shared);    // VFI 5, VFO 1
  EXPECT_EQ(M.PerNode[5].CoreRole, Role::Periphery); // VFI 1, VFO 1
  // s and p depend on nothing: level 1; the core on s: 2; a on the core: 3.
  EXPECT_THAT(levels(M), ::testing::ElementsAre(3, 2, 2, 2, 1, 1));
  EXPECT_DOUBLE_EQ(M.CoreSize, 0.5); // 3 of 6
  EXPECT_EQ(M.Type, SystemType::CorePeriphery);
}

TEST(MetricsTest, CoreSizeBandsGiveTheSystemType) {
  // One 2-cycle among N nodes: core size 2/N.
  auto TypeFor = [](unsigned N) {
    return computeMetrics(graphFromEdges(N, {{0, 1}, {1, 0}})).Type;
  };
  EXPECT_EQ(TypeFor(100), SystemType::Hierarchical); // 2%
  EXPECT_EQ(TypeFor(40), SystemType::Borderline);    // 5%
  EXPECT_EQ(TypeFor(20), SystemType::CorePeriphery); // 10%
}

// h=n2 has fan-in 2 (n0, n1) and fan-out 2 (n3, n4). Fan-ins sorted are
// 0 0 1 1 2 and fan-outs 0 0 1 1 2: both medians are 1.
TEST(MetricsTest, HubLike) {
  GraphMetrics M =
      computeMetrics(graphFromEdges(5, {{0, 2}, {1, 2}, {2, 3}, {2, 4}}));
  EXPECT_TRUE(M.PerNode[2].HubLike);
  for (unsigned V : {0u, 1u, 3u, 4u})
    EXPECT_FALSE(M.PerNode[V].HubLike) << V;
}

// Seven nodes depend on n0: fan-ins 7,0,0,0,0,0,0,0; Q1 = Q3 = median = 0,
// so the fence is 0 and only n0 (7 >= 3) is an outlier.
TEST(MetricsTest, GodComponentByFanIn) {
  Edges E;
  for (unsigned I = 1; I < 8; ++I)
    E.emplace_back(I, 0);
  GraphMetrics M = computeMetrics(graphFromEdges(8, E));
  EXPECT_TRUE(M.PerNode[0].God);
  for (unsigned V = 1; V < 8; ++V)
    EXPECT_FALSE(M.PerNode[V].God);
}

// Groups {n0,n1} and {n2,n3}; edges 0->1 1->0 2->3 3->2 1->2, m = 5.
// Group A: 2 inside, out-degree sum 3, in-degree sum 2; group B: 2 inside,
// out 2, in 3. Q = (2/5 - 3*2/25) + (2/5 - 2*3/25) = 0.32.
TEST(MetricsTest, DirectedModularity) {
  DependencyGraph G =
      graphFromEdges(4, {{0, 1}, {1, 0}, {2, 3}, {3, 2}, {1, 2}});
  EXPECT_NEAR(modularity(G, {0, 0, 1, 1}), 0.32, 1e-12);
  // One group holding everything: Q = 5/5 - 5*5/25 = 0.
  EXPECT_NEAR(modularity(G, {0, 0, 0, 0}), 0.0, 1e-12);
}

// A 2-cycle whose edges weigh 5 and 1: the light one is cut.
TEST(MetricsTest, CutPrefersTheLighterEdge) {
  std::vector<Node> Nodes(2);
  Nodes[0].Name = "a";
  Nodes[1].Name = "b";
  std::vector<Edge> E(2);
  E[0].From = 0, E[0].To = 1, E[0].Weight = 5;
  E[1].From = 1, E[1].To = 0, E[1].Weight = 1;
  DependencyGraph G(Level::Component, Nodes, E);
  GraphMetrics M = computeMetrics(G);
  ASSERT_EQ(M.Cycles.size(), 1u);
  ASSERT_EQ(M.Cycles[0].Cut.size(), 1u);
  EXPECT_EQ(G.edges()[M.Cycles[0].Cut[0]].From, 1u);
}

// Cycles 0-1-2 and 0-1-3 share the edge 0->1: cutting it alone suffices.
TEST(MetricsTest, CutOfCyclesSharingAnEdgeIsThatEdge) {
  DependencyGraph G =
      graphFromEdges(4, {{0, 1}, {1, 2}, {2, 0}, {1, 3}, {3, 0}});
  GraphMetrics M = computeMetrics(G);
  ASSERT_EQ(M.Cycles.size(), 1u);
  EXPECT_EQ(M.Cycles[0].Cut.size(), 1u);
  EXPECT_TRUE(acyclicWithout(G, M.Cycles[0].Cut));
}

// Property: on random graphs, removing the suggested edges leaves no cycle,
// and the suggestion is minimal: putting any one edge back makes a cycle.
TEST(MetricsTest, CutsBreakEveryCycleAndAreMinimal) {
  std::mt19937 Rng(7);
  for (int Round = 0; Round < 40; ++Round) {
    unsigned N = 3 + Rng() % 12;
    unsigned M = N + Rng() % (3 * N);
    Edges E;
    for (unsigned I = 0; I < M; ++I)
      E.emplace_back(Rng() % N, Rng() % N);
    DependencyGraph G = graphFromEdges(N, E);
    GraphMetrics Metrics = computeMetrics(G);
    std::vector<unsigned> Cut = allCuts(Metrics);
    EXPECT_TRUE(acyclicWithout(G, Cut)) << "round " << Round;
    for (const CycleGroup &C : Metrics.Cycles)
      EXPECT_FALSE(C.CutUnminimized);
    for (unsigned Keep : Cut) {
      std::vector<unsigned> Fewer;
      for (unsigned X : Cut)
        if (X != Keep)
          Fewer.push_back(X);
      EXPECT_FALSE(acyclicWithout(G, Fewer))
          << "round " << Round << ": edge " << Keep << " need not be cut";
    }
  }
}

// Reachability counts agree with a plain search from every node, whatever
// the block width and the number of workers.
TEST(MetricsTest, ReachabilityMatchesSearchForAnyBlockingAndThreads) {
  std::mt19937 Rng(11);
  Edges E;
  for (unsigned I = 0; I < 3000; ++I) {
    unsigned A = Rng() % 500, B = Rng() % 500;
    // Mostly downward with a few upward edges, so there are SCCs and a DAG.
    if (I % 50)
      E.emplace_back(std::max(A, B), std::min(A, B));
    else
      E.emplace_back(std::min(A, B), std::max(A, B));
  }
  DependencyGraph G = graphFromEdges(500, E);
  std::vector<unsigned> Expected;
  for (unsigned S = 0; S < G.size(); ++S) {
    std::vector<bool> Seen(G.size(), false);
    std::vector<unsigned> Stack = {S};
    Seen[S] = true;
    unsigned Count = 0;
    while (!Stack.empty()) {
      unsigned U = Stack.back();
      Stack.pop_back();
      ++Count;
      for (unsigned EI : G.outEdges(U))
        if (!Seen[G.edges()[EI].To]) {
          Seen[G.edges()[EI].To] = true;
          Stack.push_back(G.edges()[EI].To);
        }
    }
    Expected.push_back(Count);
  }
  GraphMetrics Wide = computeMetrics(G, 1);
  GraphMetrics Narrow = computeMetrics(G, 2, /*BlockWords=*/1);
  EXPECT_EQ(dependsOn(Wide), Expected);
  EXPECT_EQ(dependsOn(Narrow), Expected);
  EXPECT_EQ(dependedOnBy(Wide), dependedOnBy(Narrow));
  EXPECT_GT(Wide.Cycles.size(), 0u);
}
