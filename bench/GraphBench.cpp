//===- GraphBench.cpp - Metrics on a 100,000-node, 1,000,000-edge graph ---===//
//
// The graph looks like a large layered codebase: 1,000 modules of 100
// components, each component depending on about ten others, mostly lower in
// its own module or in lower modules, with 0.3% of edges pointing upward
// inside a module so that many small cycle groups appear. This is the costly
// case for reachability: almost 100,000 components in the condensation, each
// reaching a large share of the graph. The reference run is a graph of the
// same size that collapses into one giant cycle group, where reachability is
// trivial, so the ratio shows what the reachability counts cost.
//
//===----------------------------------------------------------------------===//
#include "strata/graph/Metrics.h"

#include <benchmark/benchmark.h>
#include <random>

using namespace strata::graph;

namespace {

DependencyGraph makeGraph(unsigned Nodes, unsigned EdgesPerNode,
                          double UpwardFraction) {
  std::mt19937_64 Rng(42);
  std::uniform_real_distribution<double> Unit(0, 1);
  std::vector<std::pair<unsigned, unsigned>> E;
  E.reserve(size_t(Nodes) * EdgesPerNode);
  const unsigned ModuleSize = 100;
  for (unsigned V = 1; V < Nodes; ++V) {
    unsigned ModuleStart = V / ModuleSize * ModuleSize;
    for (unsigned K = 0; K < EdgesPerNode; ++K) {
      unsigned To;
      unsigned ModuleEnd = std::min(ModuleStart + ModuleSize, Nodes);
      if (Unit(Rng) < UpwardFraction && V + 1 < ModuleEnd)
        To = V + 1 + Rng() % (ModuleEnd - V - 1); // upward, same module
      else if (V > ModuleStart && Unit(Rng) < 0.7)
        To = ModuleStart + Rng() % (V - ModuleStart); // lower, same module
      else
        To = Rng() % V; // anywhere lower
      if (To < Nodes && To != V)
        E.emplace_back(V, To);
    }
  }
  return graphFromEdges(Nodes, E);
}

const DependencyGraph &bigGraph() {
  static const DependencyGraph G = makeGraph(100'000, 11, 0.003);
  return G;
}

void BM_AllMetrics(benchmark::State &State) {
  const DependencyGraph &G = bigGraph();
  for (auto _ : State) {
    GraphMetrics M = computeMetrics(G);
    benchmark::DoNotOptimize(M.CCD);
    State.counters["cycle_groups"] = M.Cycles.size();
    State.counters["largest_cycle"] = M.LargestCycle;
    State.counters["propagation_cost"] = M.PropagationCost;
  }
  State.counters["nodes"] = G.size();
  State.counters["edges"] = G.edges().size();
}

void BM_AllMetricsOneThread(benchmark::State &State) {
  const DependencyGraph &G = bigGraph();
  for (auto _ : State)
    benchmark::DoNotOptimize(computeMetrics(G, 1).CCD);
}

// Reference: the same size collapsed into one giant cycle group.
void BM_ReferenceOneBigCycle(benchmark::State &State) {
  static const DependencyGraph G = [] {
    std::mt19937_64 Rng(42);
    std::vector<std::pair<unsigned, unsigned>> E;
    for (unsigned I = 0; I < 1'000'000; ++I)
      E.emplace_back(Rng() % 100'000, Rng() % 100'000);
    return graphFromEdges(100'000, E);
  }();
  for (auto _ : State)
    benchmark::DoNotOptimize(computeMetrics(G).CCD);
}

} // namespace

BENCHMARK(BM_AllMetrics)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_AllMetricsOneThread)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_ReferenceOneBigCycle)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK_MAIN();
