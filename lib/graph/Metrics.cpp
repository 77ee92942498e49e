//===- Metrics.cpp - Coupling, cycle and layering metrics -----------------===//
#include "strata/graph/Metrics.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include <algorithm>
#include <bit>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/strong_components.hpp>
#include <cmath>
#include <numeric>
#include <queue>

using namespace llvm;

namespace strata::graph {
namespace {

using Word = uint64_t;

// The SCC condensation of a graph, components numbered so that every edge
// between components goes from a higher number to a lower one (sinks first).
struct Condensation {
  std::vector<unsigned> CompOf;               // node -> component
  std::vector<std::vector<unsigned>> Members; // component -> nodes (sorted)
  std::vector<std::vector<unsigned>> Succ;    // component -> components
  std::vector<std::vector<unsigned>> Pred;
};

Condensation condense(const DependencyGraph &G) {
  const unsigned N = G.size();
  using CSR = boost::compressed_sparse_row_graph<boost::directedS>;
  std::vector<std::pair<unsigned, unsigned>> Pairs;
  Pairs.reserve(G.edges().size());
  for (const Edge &E : G.edges())
    Pairs.emplace_back(E.From, E.To);
  CSR Csr(boost::edges_are_sorted, Pairs.begin(), Pairs.end(), N);
  std::vector<unsigned> Comp(N);
  unsigned Count =
      N == 0
          ? 0
          : boost::strong_components(
                Csr, boost::make_iterator_property_map(
                         Comp.begin(), boost::get(boost::vertex_index, Csr)));

  // Tarjan numbers components as they finish, which is already sinks first;
  // renumber by Kahn's algorithm anyway so that the order does not rest on a
  // detail of Boost's implementation.
  std::vector<std::vector<unsigned>> Succ(Count), Pred(Count);
  for (const Edge &E : G.edges())
    if (Comp[E.From] != Comp[E.To])
      Succ[Comp[E.From]].push_back(Comp[E.To]);
  for (auto &S : Succ) {
    llvm::sort(S);
    S.erase(std::unique(S.begin(), S.end()), S.end());
  }
  std::vector<unsigned> OutDeg(Count);
  for (unsigned C = 0; C < Count; ++C) {
    OutDeg[C] = Succ[C].size();
    for (unsigned S : Succ[C])
      Pred[S].push_back(C);
  }
  std::vector<unsigned> Order;
  Order.reserve(Count);
  for (unsigned C = 0; C < Count; ++C)
    if (OutDeg[C] == 0)
      Order.push_back(C);
  for (size_t I = 0; I < Order.size(); ++I)
    for (unsigned P : Pred[Order[I]])
      if (--OutDeg[P] == 0)
        Order.push_back(P);
  assert(Order.size() == Count && "condensation must be acyclic");

  std::vector<unsigned> Renumber(Count);
  for (unsigned I = 0; I < Count; ++I)
    Renumber[Order[I]] = I;
  Condensation Result;
  Result.CompOf.resize(N);
  Result.Members.resize(Count);
  Result.Succ.resize(Count);
  Result.Pred.resize(Count);
  for (unsigned V = 0; V < N; ++V) {
    Result.CompOf[V] = Renumber[Comp[V]];
    Result.Members[Result.CompOf[V]].push_back(V);
  }
  for (unsigned C = 0; C < Count; ++C)
    for (unsigned S : Succ[C]) {
      Result.Succ[Renumber[C]].push_back(Renumber[S]);
      Result.Pred[Renumber[S]].push_back(Renumber[C]);
    }
  return Result;
}

// For every component, the number of nodes reachable from it along \p Next
// (itself included). \p Ascending: Next only leads to lower component numbers
// (successors in a sinks-first numbering), so components are processed in
// ascending order; otherwise in descending order.
//
// Bits stand for nodes laid out component by component in processing order,
// so the reach of a component lies entirely on one side of its own bits. The
// node range is cut into blocks of BlockWords * 64 bits; for each block every
// component's reach is the OR of its neighbours' and its own members' bits.
// Blocks are independent and run on the thread pool.
std::vector<unsigned>
reachCounts(const Condensation &C,
            const std::vector<std::vector<unsigned>> &Next, bool Ascending,
            unsigned Threads, unsigned FixedBlockWords) {
  const unsigned Comps = C.Members.size();
  std::vector<unsigned> Order(Comps);
  std::iota(Order.begin(), Order.end(), 0);
  if (!Ascending)
    std::reverse(Order.begin(), Order.end());
  // Bit positions: components in processing order.
  std::vector<unsigned> Start(Comps), End(Comps);
  unsigned Bits = 0;
  for (unsigned C2 : Order) {
    Start[C2] = Bits;
    Bits += C.Members[C2].size();
    End[C2] = Bits;
  }
  std::vector<unsigned> Total(Comps, 0);
  if (Comps == 0)
    return Total;

  // About 32 MiB of bit sets per worker.
  const size_t TotalWords = (Bits + 63) / 64;
  size_t BlockWords =
      FixedBlockWords ? FixedBlockWords
                      : std::max<size_t>(1, (32u << 20) / (8 * size_t(Comps)));
  BlockWords = std::min(BlockWords, TotalWords);
  const size_t Blocks = (TotalWords + BlockWords - 1) / BlockWords;

  unsigned Workers = std::max(
      1u, std::min<unsigned>(
              hardware_concurrency(Threads).compute_thread_count(), Blocks));
  std::vector<std::vector<unsigned>> Partial(Workers);
  auto Work = [&](unsigned W) {
    std::vector<unsigned> &Count = Partial[W];
    Count.assign(Comps, 0);
    std::vector<Word> Reach(size_t(Comps) * BlockWords);
    for (size_t B = W; B < Blocks; B += Workers) {
      const size_t Lo = B * BlockWords * 64;
      const size_t Hi = std::min<size_t>(Lo + BlockWords * 64, Bits);
      for (unsigned C2 : Order) {
        Word *R = &Reach[size_t(C2) * BlockWords];
        std::fill(R, R + BlockWords, 0);
        // Reach lies in [0, End) in processing order: nothing in this block
        // when the component ends before it.
        if (End[C2] <= Lo)
          continue;
        for (unsigned Bit = std::max<size_t>(Start[C2], Lo);
             Bit < std::min<size_t>(End[C2], Hi); ++Bit)
          R[(Bit - Lo) / 64] |= Word(1) << ((Bit - Lo) % 64);
        for (unsigned N : Next[C2]) {
          const Word *S = &Reach[size_t(N) * BlockWords];
          for (size_t I = 0; I < BlockWords; ++I)
            R[I] |= S[I];
        }
        unsigned Pop = 0;
        for (size_t I = 0; I < BlockWords; ++I)
          Pop += std::popcount(R[I]);
        Count[C2] += Pop;
      }
    }
  };
  if (Workers == 1) {
    Work(0);
  } else {
    DefaultThreadPool Pool(hardware_concurrency(Workers));
    for (unsigned W = 0; W < Workers; ++W)
      Pool.async(Work, W);
    Pool.wait();
  }
  for (const auto &P : Partial)
    for (unsigned I = 0; I < Comps; ++I)
      Total[I] += P[I];
  return Total;
}

// Value at rank floor(q * (n - 1)) of the sorted values (nearest rank).
double quantile(std::vector<double> V, double Q) {
  if (V.empty())
    return 0;
  llvm::sort(V);
  return V[size_t(Q * (V.size() - 1))];
}

// Tukey's fence for outliers, guarded for small samples: above Q3 + 1.5 IQR
// and at least twice the median and at least 3.
std::vector<bool> outliers(const std::vector<double> &V) {
  std::vector<bool> Out(V.size(), false);
  if (V.size() < 4)
    return Out;
  double Q1 = quantile(V, 0.25), Q3 = quantile(V, 0.75),
         Median = quantile(V, 0.5);
  double Fence = Q3 + 1.5 * (Q3 - Q1);
  for (size_t I = 0; I < V.size(); ++I)
    Out[I] = V[I] > Fence && V[I] >= 2 * Median && V[I] >= 3;
  return Out;
}

} // namespace

double cutCost(const Edge &E) {
  // Mechanical cuts first: an edge that goes away with its includes, or
  // with a few forward declarations, is cheaper than any refactoring.
  switch (E.Cut) {
  case CutKind::RemoveIncludes:
    return E.Weight / 1000.0;
  case CutKind::ForwardDeclare:
    return E.Weight / 100.0;
  case CutKind::Refactor:
    break;
  }
  return E.Weight;
}

StringRef toString(Role R) {
  static constexpr StringRef Names[] = {"core", "shared", "control",
                                        "periphery"};
  return Names[static_cast<size_t>(R)];
}

StringRef toString(SystemType T) {
  static constexpr StringRef Names[] = {"hierarchical", "borderline",
                                        "core-periphery", "multi-core"};
  return Names[static_cast<size_t>(T)];
}

double balancedTreeCCD(unsigned N) {
  return (N + 1.0) * std::log2(N + 1.0) - N;
}

double modularity(const DependencyGraph &G,
                  const std::vector<unsigned> &GroupOf) {
  const double M = G.edges().size();
  if (M == 0)
    return 0;
  unsigned Groups = 0;
  for (unsigned X : GroupOf)
    Groups = std::max(Groups, X + 1);
  std::vector<double> Inside(Groups), KIn(Groups), KOut(Groups);
  for (const Edge &E : G.edges()) {
    KOut[GroupOf[E.From]]++;
    KIn[GroupOf[E.To]]++;
    if (GroupOf[E.From] == GroupOf[E.To])
      Inside[GroupOf[E.From]]++;
  }
  double Q = 0;
  for (unsigned C = 0; C < Groups; ++C)
    Q += Inside[C] / M - (KOut[C] * KIn[C]) / (M * M);
  return Q;
}

std::vector<unsigned> cycleCut(const DependencyGraph &G,
                               const std::vector<unsigned> &GroupNodes,
                               unsigned MinimizeLimit, bool &Minimized) {
  const unsigned N = GroupNodes.size();
  std::vector<int> Local(G.size(), -1);
  for (unsigned I = 0; I < N; ++I)
    Local[GroupNodes[I]] = I;
  struct Arc {
    unsigned From, To, EdgeIndex;
    double Weight;
  };
  std::vector<Arc> Arcs;
  std::vector<std::vector<unsigned>> Out(N), In(N);
  for (unsigned V : GroupNodes)
    for (unsigned EI : G.outEdges(V)) {
      const Edge &E = G.edges()[EI];
      if (Local[E.To] < 0)
        continue;
      Out[Local[E.From]].push_back(Arcs.size());
      In[Local[E.To]].push_back(Arcs.size());
      Arcs.push_back(
          {unsigned(Local[E.From]), unsigned(Local[E.To]), EI, cutCost(E)});
    }

  // Weighted Eades-Lin-Smyth: peel sinks to the back and sources to the
  // front; otherwise move the node with the largest (out - in) weight to the
  // front. Edges that end up pointing backwards form the cut.
  std::vector<double> OutW(N, 0), InW(N, 0);
  std::vector<unsigned> OutDeg(N, 0), InDeg(N, 0);
  for (const Arc &A : Arcs) {
    OutW[A.From] += A.Weight;
    InW[A.To] += A.Weight;
    OutDeg[A.From]++;
    InDeg[A.To]++;
  }
  std::vector<bool> Removed(N, false);
  std::vector<unsigned> Front, Back, Sinks, Sources;
  using Key = std::pair<double, int>; // (delta, -index): ties -> low index
  std::priority_queue<Key> Heap;
  for (unsigned I = 0; I < N; ++I)
    Heap.push({OutW[I] - InW[I], -int(I)});
  auto Remove = [&](unsigned U) {
    Removed[U] = true;
    for (unsigned AI : Out[U]) {
      const Arc &A = Arcs[AI];
      if (Removed[A.To])
        continue;
      InW[A.To] -= A.Weight;
      if (--InDeg[A.To] == 0)
        Sources.push_back(A.To);
      Heap.push({OutW[A.To] - InW[A.To], -int(A.To)});
    }
    for (unsigned AI : In[U]) {
      const Arc &A = Arcs[AI];
      if (Removed[A.From])
        continue;
      OutW[A.From] -= A.Weight;
      if (--OutDeg[A.From] == 0)
        Sinks.push_back(A.From);
      Heap.push({OutW[A.From] - InW[A.From], -int(A.From)});
    }
  };
  unsigned Left = N;
  size_t SinkPos = 0, SourcePos = 0;
  while (Left > 0) {
    bool Progress = true;
    while (Progress) {
      Progress = false;
      while (SinkPos < Sinks.size()) {
        unsigned U = Sinks[SinkPos++];
        if (Removed[U])
          continue;
        Remove(U);
        Back.push_back(U);
        --Left;
        Progress = true;
      }
      while (SourcePos < Sources.size()) {
        unsigned U = Sources[SourcePos++];
        if (Removed[U])
          continue;
        Remove(U);
        Front.push_back(U);
        --Left;
        Progress = true;
      }
    }
    while (Left > 0 && !Heap.empty()) {
      auto [Delta, NegIndex] = Heap.top();
      Heap.pop();
      unsigned U = -NegIndex;
      if (Removed[U] || Delta != OutW[U] - InW[U])
        continue; // stale entry
      Remove(U);
      Front.push_back(U);
      --Left;
      break;
    }
  }
  std::vector<unsigned> Position(N);
  unsigned P = 0;
  for (unsigned U : Front)
    Position[U] = P++;
  for (auto It = Back.rbegin(); It != Back.rend(); ++It)
    Position[*It] = P++;

  std::vector<bool> InCut(Arcs.size(), false);
  std::vector<unsigned> Cut;
  for (unsigned AI = 0; AI < Arcs.size(); ++AI)
    if (Position[Arcs[AI].From] > Position[Arcs[AI].To]) {
      InCut[AI] = true;
      Cut.push_back(AI);
    }

  // Minimize: put back every cut edge (costliest first) that closes no cycle
  // with the edges kept so far. Each test is a search from the edge's head
  // to its tail, so the pass is bounded by |cut| * |edges|.
  Minimized = uint64_t(Cut.size()) * Arcs.size() <= MinimizeLimit;
  if (Minimized) {
    llvm::stable_sort(Cut, [&](unsigned A, unsigned B) {
      return Arcs[A].Weight > Arcs[B].Weight;
    });
    std::vector<unsigned> Seen(N, 0);
    unsigned Stamp = 0;
    std::vector<unsigned> Stack;
    for (unsigned AI : Cut) {
      // Is Arcs[AI].From reachable from Arcs[AI].To over kept arcs?
      ++Stamp;
      Stack.assign(1, Arcs[AI].To);
      Seen[Arcs[AI].To] = Stamp;
      bool Closes = false;
      while (!Stack.empty() && !Closes) {
        unsigned U = Stack.back();
        Stack.pop_back();
        for (unsigned Next : Out[U]) {
          if (InCut[Next])
            continue;
          unsigned V = Arcs[Next].To;
          if (V == Arcs[AI].From) {
            Closes = true;
            break;
          }
          if (Seen[V] != Stamp) {
            Seen[V] = Stamp;
            Stack.push_back(V);
          }
        }
      }
      if (!Closes)
        InCut[AI] = false;
    }
  }
  std::vector<unsigned> Result;
  for (unsigned AI = 0; AI < Arcs.size(); ++AI)
    if (InCut[AI])
      Result.push_back(Arcs[AI].EdgeIndex);
  llvm::sort(Result);
  return Result;
}

GraphMetrics computeMetrics(const DependencyGraph &G, unsigned Threads,
                            unsigned BlockWords) {
  GraphMetrics M;
  const unsigned N = G.size();
  M.Nodes = N;
  M.Edges = G.edges().size();
  M.PerNode.resize(N);
  if (N == 0)
    return M;

  // Martin's metrics.
  for (unsigned V = 0; V < N; ++V) {
    NodeMetrics &X = M.PerNode[V];
    const Node &Info = G.nodes()[V];
    X.FanIn = G.inEdges(V).size();
    X.FanOut = G.outEdges(V).size();
    X.Ca = Info.AfferentUnits;
    X.Ce = Info.EfferentUnits;
    X.Instability = X.Ca + X.Ce == 0 ? 0.0 : double(X.Ce) / (X.Ca + X.Ce);
    X.Abstractness =
        Info.Classes == 0 ? 0.0 : double(Info.AbstractClasses) / Info.Classes;
    X.Distance = std::fabs(X.Abstractness + X.Instability - 1);
  }

  Condensation C = condense(G);
  const unsigned Comps = C.Members.size();

  // Lakos levels, sinks first.
  std::vector<unsigned> CompLevel(Comps, 1);
  for (unsigned I = 0; I < Comps; ++I)
    for (unsigned S : C.Succ[I])
      CompLevel[I] = std::max(CompLevel[I], CompLevel[S] + 1);

  std::vector<unsigned> Out = reachCounts(C, C.Succ, true, Threads, BlockWords);
  std::vector<unsigned> In = reachCounts(C, C.Pred, false, Threads, BlockWords);
  for (unsigned V = 0; V < N; ++V) {
    NodeMetrics &X = M.PerNode[V];
    X.Level = CompLevel[C.CompOf[V]];
    X.DependsOn = Out[C.CompOf[V]];
    X.DependedOnBy = In[C.CompOf[V]];
    M.CCD += X.DependsOn;
    M.Levels = std::max(M.Levels, X.Level);
  }
  M.ACD = M.CCD / N;
  M.NCCD = M.CCD / balancedTreeCCD(N);
  M.RelativeACD = M.ACD / N;
  M.PropagationCost = M.CCD / (double(N) * N);

  // Cycle groups, largest first.
  std::vector<unsigned> GroupComps;
  for (unsigned I = 0; I < Comps; ++I)
    if (C.Members[I].size() > 1)
      GroupComps.push_back(I);
  llvm::sort(GroupComps, [&](unsigned A, unsigned B) {
    if (C.Members[A].size() != C.Members[B].size())
      return C.Members[A].size() > C.Members[B].size();
    return C.Members[A].front() < C.Members[B].front();
  });
  double SumSquares = 0;
  for (unsigned CI : GroupComps) {
    CycleGroup Group;
    Group.Nodes = C.Members[CI];
    for (unsigned V : Group.Nodes) {
      M.PerNode[V].CycleGroup = M.Cycles.size();
      for (unsigned EI : G.outEdges(V))
        if (C.CompOf[G.edges()[EI].To] == CI)
          Group.Edges.push_back(EI);
    }
    llvm::sort(Group.Edges);
    bool Minimized = false;
    Group.Cut =
        cycleCut(G, Group.Nodes, /*MinimizeLimit=*/20'000'000, Minimized);
    Group.CutUnminimized = !Minimized;
    M.NodesInCycles += Group.Nodes.size();
    SumSquares += double(Group.Nodes.size()) * Group.Nodes.size();
    M.Cycles.push_back(std::move(Group));
  }
  if (!M.Cycles.empty())
    M.LargestCycle = M.Cycles.front().Nodes.size();
  M.CoreSize = double(M.LargestCycle) / N;
  M.RelativeCyclicity = 100.0 * std::sqrt(SumSquares) / N;

  // Baldwin, MacCormack and Rusnak's classification.
  if (M.Cycles.empty() || M.CoreSize < 0.04)
    M.Type = SystemType::Hierarchical;
  else if (M.Cycles.size() > 1 &&
           M.LargestCycle < 1.5 * M.Cycles[1].Nodes.size())
    M.Type = SystemType::MultiCore;
  else if (M.CoreSize <= 0.06)
    M.Type = SystemType::Borderline;
  else
    M.Type = SystemType::CorePeriphery;

  // Roles against the core's visibility; without a core, against the
  // medians (MacCormack, Baldwin and Rusnak 2012).
  double CoreIn, CoreOut;
  if (!M.Cycles.empty()) {
    unsigned Any = M.Cycles.front().Nodes.front();
    CoreIn = M.PerNode[Any].DependedOnBy;
    CoreOut = M.PerNode[Any].DependsOn;
  } else {
    std::vector<double> Ins, Outs;
    for (const NodeMetrics &X : M.PerNode) {
      Ins.push_back(X.DependedOnBy);
      Outs.push_back(X.DependsOn);
    }
    CoreIn = quantile(Ins, 0.5);
    CoreOut = quantile(Outs, 0.5);
  }
  for (NodeMetrics &X : M.PerNode) {
    bool HighIn = X.DependedOnBy >= CoreIn, HighOut = X.DependsOn >= CoreOut;
    if (X.CycleGroup == 0 || (HighIn && HighOut))
      X.CoreRole = Role::Core;
    else if (HighIn)
      X.CoreRole = Role::Shared;
    else if (HighOut)
      X.CoreRole = Role::Control;
    else
      X.CoreRole = Role::Periphery;
  }

  // Hub-like (Arcan) and god components.
  std::vector<double> FanIns, FanOuts, Sizes;
  for (unsigned V = 0; V < N; ++V) {
    FanIns.push_back(M.PerNode[V].FanIn);
    FanOuts.push_back(M.PerNode[V].FanOut);
    Sizes.push_back(G.nodes()[V].Entities);
  }
  double MedianIn = quantile(FanIns, 0.5), MedianOut = quantile(FanOuts, 0.5);
  std::vector<bool> BigFanIn = outliers(FanIns), BigSize = outliers(Sizes);
  for (unsigned V = 0; V < N; ++V) {
    NodeMetrics &X = M.PerNode[V];
    X.HubLike =
        X.FanIn > MedianIn && X.FanOut > MedianOut &&
        std::abs(int(X.FanIn) - int(X.FanOut)) * 4 <= int(X.FanIn + X.FanOut);
    X.God = BigFanIn[V] || BigSize[V];
  }
  return M;
}

} // namespace strata::graph
