//===- Compose.cpp - A verdict per unit, and one that composes ------------===//
//
// Every unit is judged on its own structure by judge(), the rule a whole
// codebase is judged by; a unit with parts takes the larger of that score
// and the size-weighted median of its parts' scores. A part that other
// parts lean on, and that holds less than 85% of its parent, is a module:
// its inner cycles are its cohesion (Parnas), and it counts with its
// parent's own score. docs/verdict.md, "Units", has the reasoning.
//
//===----------------------------------------------------------------------===//
#include "strata/analysis/Units.h"
#include "strata/analysis/Verdict.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Path.h"
#include <cmath>
#include <fmt/format.h>

using namespace llvm;
using namespace strata::graph;

namespace strata::analysis {
namespace {

/// A part smaller than this has too little structure to be judged on its
/// own (one copy's confidence would stay below 0.3): it counts with its
/// parent's own score. Smaller units are labelled in the reports only in
/// small codebases.
constexpr unsigned MinJudgedFiles = 10;

/// A part holding at least this share (%) of its parent's files is the
/// parent: what is beside it are side directories (compat/, shims,
/// vendored code), which can hold at most 15%.
constexpr unsigned SideShare = 85;

// The graph whose nodes are the groups \p GroupOf gives the nodes of \p G
// (-1: left out), with an edge wherever G has one between two groups.
DependencyGraph quotient(const DependencyGraph &G, ArrayRef<unsigned> Members,
                         const std::vector<int> &GroupOf,
                         std::vector<Node> Nodes, Level At) {
  DenseMap<uint64_t, unsigned> Index;
  std::vector<Edge> Edges;
  for (unsigned V : Members) {
    int From = GroupOf[V];
    for (unsigned EI : G.outEdges(V)) {
      const Edge &E = G.edges()[EI];
      int To = GroupOf[E.To];
      if (From < 0 || To < 0 || To == From)
        continue;
      uint64_t Key = (uint64_t(unsigned(From)) << 32) | unsigned(To);
      auto [It, New] = Index.try_emplace(Key, Edges.size());
      if (New) {
        Edge X;
        X.From = From;
        X.To = To;
        Edges.push_back(std::move(X));
      }
      Edge &X = Edges[It->second];
      X.Weight += E.Weight;
      X.Kinds |= E.Kinds;
      X.Natures |= E.Natures;
    }
  }
  return DependencyGraph(At, std::move(Nodes), std::move(Edges));
}

// Of \p M's cycle groups, those inside one part no longer count; \p PartOf
// gives each node's part. \p Confined, when given, learns how many stay
// inside one part, the largest and where.
void countCyclesAcrossParts(GraphMetrics &M, const std::vector<int> &PartOf,
                            const std::vector<Unit> &Units,
                            const std::vector<unsigned> &Children,
                            Structure *Confined) {
  double SumSquares = 0;
  unsigned Largest = 0;
  for (const CycleGroup &G : M.Cycles) {
    int Only = PartOf[G.Nodes.front()];
    bool Crosses =
        any_of(G.Nodes, [&](unsigned V) { return PartOf[V] != Only; });
    unsigned Size = G.Nodes.size();
    if (Crosses) {
      SumSquares += double(Size) * Size;
      Largest = std::max(Largest, Size);
    } else if (Confined) {
      ++Confined->ConfinedGroups;
      if (Size > Confined->LargestConfined) {
        Confined->LargestConfined = Size;
        Confined->ConfinedWhere = Units[Children[Only]].Name;
      }
    }
  }
  M.LargestCycle = Largest;
  M.CoreSize = M.Nodes ? double(Largest) / M.Nodes : 0;
  M.RelativeCyclicity = M.Nodes ? 100 * std::sqrt(SumSquares) / M.Nodes : 0;
}

struct Item {
  double Score, Confidence;
  unsigned Weight;
  std::string Label;
};

// The lower weighted median of \p Items' scores.
double weightedMedian(std::vector<Item> Items) {
  llvm::sort(Items,
             [](const Item &X, const Item &Y) { return X.Score < Y.Score; });
  unsigned Total = 0, Sum = 0;
  for (const Item &I : Items)
    Total += I.Weight;
  for (const Item &I : Items) {
    Sum += I.Weight;
    if (2 * Sum >= Total)
      return I.Score;
  }
  return Items.empty() ? 0 : Items.back().Score;
}

std::string percent(double Fraction) {
  return fmt::format("{:.0f}%", 100 * Fraction);
}

} // namespace

StringRef shortLabel(StringRef Label) {
  return Label == MvpLabel ? "MVP" : "modular";
}

std::vector<unsigned> unitsForPeople(const Verdict &V, size_t Max,
                                     unsigned MaxDepth) {
  std::vector<unsigned> Out;
  // Units are in tree order already: a parent, then its subtrees by name.
  for (unsigned U = 0; U < V.Units.size() && Out.size() < Max; ++U)
    if (U == 0 || (V.Units[U].Labelled && V.Units[U].Depth <= MaxDepth))
      Out.push_back(U);
  return Out;
}

Verdict classify(const Analysis &A, const VerdictConfig &Config) {
  const DependencyGraph &FG = A.at(Level::File).Graph;
  UnitTree T = unitTree(A);

  // Components of the units: a header with its source, wherever the
  // header's directory (Lakos's component is the pair, not a directory).
  std::vector<unsigned> ComponentOf(FG.size());
  std::vector<std::string> ComponentNames;
  {
    StringMap<unsigned> Ids;
    for (unsigned N = 0; N < FG.size(); ++N) {
      std::string Key =
          (T.Home[N].empty() ? std::string() : T.Home[N] + "/") +
          sys::path::stem(FG.nodes()[N].Name, sys::path::Style::posix).str();
      auto [It, New] = Ids.try_emplace(Key, ComponentNames.size());
      if (New)
        ComponentNames.push_back(Key);
      ComponentOf[N] = It->second;
    }
  }

  std::vector<UnitVerdict> Units(T.Units.size());
  std::vector<Verdict> Own(T.Units.size());
  std::vector<int> GroupOf(FG.size(), -1),
      ComponentLocal(ComponentNames.size(), -1);
  // Children come after their parent: judge bottom-up.
  for (int U = int(T.Units.size()) - 1; U >= 0; --U) {
    const Unit &X = T.Units[U];
    UnitVerdict &UV = Units[U];
    UV.Name = X.Name;
    UV.Parent = X.Parent;
    UV.Children = X.Children;
    UV.Depth = X.Depth;
    UV.Files = X.Files.size();
    UV.Sources = X.Sources;
    UV.Role = X.Parent < 0 ? "codebase" : "";

    // The part of each of its files (-1 for a leaf).
    std::vector<int> PartOfFile(X.Files.size(), 0);
    for (size_t I = 0; I < X.Files.size(); ++I) {
      int At = T.LeafOf[X.Files[I]];
      while (At >= 0 && T.Units[At].Parent != U)
        At = T.Units[At].Parent;
      PartOfFile[I] =
          At < 0
              ? -1
              : int(llvm::find(X.Children, unsigned(At)) - X.Children.begin());
    }

    Structure S;
    S.Sources = X.Sources;
    S.TUs = A.Facts.TUs;
    S.FailedTUs = A.Facts.FailedTUs;
    S.PartsFrom =
        any_of(X.Children, [&](unsigned C) { return T.Units[C].Group; })
            ? A.ModuleSource
            : ModuleSourceKind::Directories;

    // Its files, with the edges between them.
    std::vector<Node> FileNodes;
    for (size_t I = 0; I < X.Files.size(); ++I) {
      GroupOf[X.Files[I]] = I;
      Node N;
      N.Name = FG.nodes()[X.Files[I]].Name;
      N.Files = {N.Name};
      FileNodes.push_back(std::move(N));
    }
    DependencyGraph Files =
        quotient(FG, X.Files, GroupOf, std::move(FileNodes), Level::File);
    S.File = X.Files.size() == FG.size() ? A.at(Level::File).Metrics
                                         : computeMetrics(Files, 1);
    if (!S.File.Cycles.empty()) {
      const CycleGroup &Largest = S.File.Cycles.front();
      UV.LargestCycle = Largest.Nodes.size();
      for (unsigned V : Largest.Nodes)
        if (UV.LargestCycleFiles.size() < 8)
          UV.LargestCycleFiles.push_back(Files.nodes()[V].Name);
    }

    // Its components, and each one's part (the part of its first file).
    std::vector<Node> ComponentNodes;
    std::vector<int> PartOfComponent;
    for (size_t I = 0; I < X.Files.size(); ++I) {
      unsigned C = ComponentOf[X.Files[I]];
      if (ComponentLocal[C] < 0) {
        ComponentLocal[C] = ComponentNodes.size();
        Node N;
        N.Name = ComponentNames[C];
        ComponentNodes.push_back(std::move(N));
        PartOfComponent.push_back(PartOfFile[I]);
      }
      ComponentNodes[ComponentLocal[C]].Files.push_back(
          FG.nodes()[X.Files[I]].Name);
      GroupOf[X.Files[I]] = ComponentLocal[C];
    }
    DependencyGraph Components = quotient(
        FG, X.Files, GroupOf, std::move(ComponentNodes), Level::Component);
    S.Component = computeMetrics(Components, 1);

    // Its parts, with the edges between them.
    DependencyGraph Parts;
    if (X.Children.size() >= 2) {
      std::vector<Node> PartNodes;
      for (unsigned C : X.Children) {
        Node N;
        N.Name = T.Units[C].Name;
        PartNodes.push_back(std::move(N));
      }
      for (size_t I = 0; I < X.Files.size(); ++I)
        GroupOf[X.Files[I]] = PartOfFile[I];
      Parts =
          quotient(FG, X.Files, GroupOf, std::move(PartNodes), Level::Module);
      S.Parts = computeMetrics(Parts, 1);
      std::vector<unsigned> GroupOfComponent(PartOfComponent.begin(),
                                             PartOfComponent.end());
      S.ModularityQ = modularity(Components, GroupOfComponent);
      // Cycles inside one part are judged in that part. A part of headers
      // only (include/ beside src/) is the interface half of components
      // whose sources are in the parts it is in a cycle with (Lakos: one
      // component): for this, those parts are one.
      std::vector<int> Merged(X.Children.size());
      for (size_t P = 0; P < Merged.size(); ++P)
        Merged[P] = P;
      for (const CycleGroup &G : S.Parts.Cycles)
        if (any_of(G.Nodes, [&](unsigned P) {
              return T.Units[X.Children[P]].Sources == 0;
            }))
          for (unsigned P : G.Nodes)
            Merged[P] = G.Nodes.front();
      auto MergedParts = [&](std::vector<int> Of) {
        for (int &P : Of)
          if (P >= 0)
            P = Merged[P];
        return Of;
      };
      countCyclesAcrossParts(S.File, MergedParts(PartOfFile), T.Units,
                             X.Children, &S);
      countCyclesAcrossParts(S.Component, MergedParts(PartOfComponent), T.Units,
                             X.Children, nullptr);
      S.File.Type = S.File.CoreSize < 0.04    ? SystemType::Hierarchical
                    : S.File.CoreSize <= 0.06 ? SystemType::Borderline
                                              : SystemType::CorePeriphery;
    }
    for (unsigned F : X.Files)
      GroupOf[F] = -1;
    for (unsigned F : X.Files)
      ComponentLocal[ComponentOf[F]] = -1;

    Own[U] = judge(S, Config);
    UV.OwnScore = Own[U].Score;
    UV.OwnConfidence = Own[U].Confidence;
    UV.Score = Own[U].Score;
    UV.Confidence = Own[U].Confidence;
    UV.Label = Own[U].Label;

    // Its dependencies on its siblings are read off its parent's parts
    // graph; here, each part's on the others.
    for (size_t P = 0; P < X.Children.size() && Parts.size(); ++P) {
      UnitVerdict &Child = Units[X.Children[P]];
      for (unsigned EI : Parts.outEdges(P)) {
        const Edge &E = Parts.edges()[EI];
        int From = S.Parts.PerNode[E.From].CycleGroup;
        Child.DependsOn.push_back(
            {X.Children[E.To], E.Weight,
             From >= 0 && From == S.Parts.PerNode[E.To].CycleGroup});
      }
      llvm::sort(Child.DependsOn,
                 [&](const UnitDependency &L, const UnitDependency &R) {
                   return std::tie(R.Weight, Units[L.To].Name) <
                          std::tie(L.Weight, Units[R.To].Name);
                 });
      // A program: no other part depends on it (an executable, a service,
      // one of K copies, a test suite). Parts in a cycle with each other
      // are entangled modules, not programs.
      bool Used = !Parts.inEdges(P).empty();
      // At least 85%: the rest are side directories, and this part is
      // its parent.
      bool Whole = 100 * Child.Files >= SideShare * UV.Files;
      std::string Of = U == 0 ? "the codebase" : X.Name;
      Child.Role =
          Whole   ? "most of " + Of + ": the rest are side directories"
          : !Used ? "a program: nothing else in " + Of + " depends on it"
                  : "a module of " + Of + ": its inner cycles are its cohesion";
      Child.CountsOwn = (Whole || !Used) && Child.Files >= MinJudgedFiles;
    }
    if (X.Children.empty())
      continue;

    // Composition: the size-weighted median of the parts, each a program
    // or the bulk of this unit counting with its own score, each module
    // with this unit's own.
    std::vector<Item> Items;
    for (unsigned C : X.Children) {
      const UnitVerdict &Child = Units[C];
      Items.push_back(Child.CountsOwn ? Item{Child.Score, Child.Confidence,
                                             Child.Files, Child.Label}
                                      : Item{Own[U].Score, Own[U].Confidence,
                                             Child.Files, Own[U].Label});
    }
    UV.PartsScore = weightedMedian(Items);
    UV.DecidedByParts = UV.PartsScore > UV.OwnScore;
    UV.Score = std::max(UV.PartsScore, UV.OwnScore);
    UV.Label =
        UV.Score >= Config.Threshold ? MvpLabel.str() : ProductionLabel.str();
    // The decider's confidence (the agreeing parts', by their share, or
    // the own structure's), less what the parts that say otherwise weigh:
    // their share at their confidence. K copies keep one copy's; a part
    // that disagrees with little confidence costs little.
    double Agreeing = 0, AgreeingShare = 0, Against = 0;
    for (const Item &I : Items) {
      double Share = double(I.Weight) / UV.Files;
      if (I.Label == UV.Label) {
        Agreeing += Share * I.Confidence;
        AgreeingShare += Share;
      } else {
        Against += Share * I.Confidence;
      }
    }
    double Base = UV.DecidedByParts
                      ? (AgreeingShare > 0 ? Agreeing / AgreeingShare : 0)
                      : Own[U].Confidence;
    UV.Confidence = Base * (1 - Against);
  }
  // Small codebases show their small units too.
  unsigned Labelled =
      std::min(MinJudgedFiles, std::max(2u, Units[0].Files / 20));
  for (UnitVerdict &UV : Units)
    UV.Labelled = UV.Files >= Labelled;

  Verdict V = std::move(Own[0]);
  const UnitVerdict &Root = Units[0];
  V.Score = Root.Score;
  V.Label = Root.Label;
  V.Confidence = Root.Confidence;
  V.Modules = toString(A.ModuleSource).str();
  if (Root.Children.empty()) {
    V.Composition =
        fmt::format("one unit ({}): judged on its whole structure", Root.Name);
  } else {
    // The parts that decide, largest first.
    std::vector<unsigned> BySize(Root.Children);
    llvm::stable_sort(BySize, [&](unsigned X, unsigned Y) {
      return Units[X].Files > Units[Y].Files;
    });
    std::vector<std::string> Parts;
    for (unsigned C : BySize)
      if (Units[C].CountsOwn && Parts.size() < 4)
        Parts.push_back(
            fmt::format("{} {} {:.2f} ({} of the files)", Units[C].Name,
                        shortLabel(Units[C].Label).str(), Units[C].Score,
                        percent(double(Units[C].Files) / Root.Files)));
    V.Composition =
        Root.DecidedByParts
            ? fmt::format("{} parts; the label follows their size-weighted "
                          "median ({:.2f}; {}); the structure between them "
                          "scores {:.2f}",
                          Root.Children.size(), Root.PartsScore,
                          join(Parts, ", "), Root.OwnScore)
            : fmt::format("{} parts; the label follows the structure between "
                          "them ({:.2f}); their size-weighted median, "
                          "modules counting with the whole, is {:.2f}",
                          Root.Children.size(), Root.OwnScore, Root.PartsScore);
    // The label rests on the parts: their notes replace the whole's.
    if (Root.DecidedByParts)
      V.ConfidenceNotes = {fmt::format(
          "the confidence is that of the parts that decide ({:.2f} with "
          "what says otherwise)",
          Root.Confidence)};
    double Other = 0;
    std::vector<std::string> Names;
    for (unsigned C : Root.Children)
      if (Units[C].CountsOwn && Units[C].Label != Root.Label) {
        Other += double(Units[C].Files) / Root.Files;
        Names.push_back(Units[C].Name);
      }
    if (Other > 0)
      V.ConfidenceNotes.push_back(fmt::format(
          "{} of the files are in parts labelled {} ({}): each costs its "
          "share at its confidence",
          percent(Other),
          Root.Label == MvpLabel ? ProductionLabel.str() : MvpLabel.str(),
          join(Names, ", ")));
  }
  V.Units = std::move(Units);
  V.Offenders = findOffenders(A);
  return V;
}

} // namespace strata::analysis
