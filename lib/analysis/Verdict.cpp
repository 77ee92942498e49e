//===- Verdict.cpp - MVP or modular production? ---------------------------===//
#include "strata/analysis/Verdict.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <optional>

using namespace llvm;
using namespace strata::graph;

namespace strata::analysis {
namespace {

struct MetricInfo {
  const char *Name;
  const char *Description;
  Level On;
};

// Each metric on the level its source measured it on (docs/verdict.md).
constexpr MetricInfo Metrics[] = {
    {"core_size", "core size (largest file cycle group / files)", Level::File},
    {"propagation_cost", "propagation cost (file graph)", Level::File},
    {"component_cyclicity", "relative cyclicity of components (%)",
     Level::Component},
    {"module_cyclicity", "relative cyclicity of modules (%)", Level::Module},
    {"nccd", "NCCD (component graph)", Level::Component},
    {"modularity", "modularity Q of the modules (component graph)",
     Level::Module},
};

const MetricInfo *findMetric(StringRef Name) {
  for (const MetricInfo &M : Metrics)
    if (Name == M.Name)
      return &M;
  return nullptr;
}

// 0 at Good, 1 at Bad, linear and clamped in between; either direction.
double badness(double Value, double Good, double Bad) {
  if (Good == Bad)
    return Value >= Bad ? 1 : 0;
  return std::clamp((Value - Good) / (Bad - Good), 0.0, 1.0);
}

std::string percentOf(double Fraction) {
  return fmt::format("{:.1f}%", 100 * Fraction);
}

void listFiles(const DependencyGraph &G, const std::vector<unsigned> &Nodes,
               std::vector<std::string> &Out, size_t Max) {
  for (unsigned V : Nodes)
    for (const std::string &F : G.nodes()[V].Files)
      if (Out.size() < Max)
        Out.push_back(F);
}

// `strata why` for edge \p EI of \p G: the command that prints its lines.
std::string whyCommand(const DependencyGraph &G, unsigned EI) {
  const Edge &E = G.edges()[EI];
  return fmt::format("strata why --level {} {} {}", toString(G.level()).str(),
                     G.nodes()[E.From].Name, G.nodes()[E.To].Name);
}

// The heaviest edge into \p V: the dependent that leans on it most.
std::string whyHeaviestIn(const DependencyGraph &G, unsigned V) {
  ArrayRef<unsigned> In = G.inEdges(V);
  if (In.empty())
    return "";
  unsigned Best = *llvm::max_element(In, [&](unsigned X, unsigned Y) {
    return G.edges()[X].Weight < G.edges()[Y].Weight;
  });
  return whyCommand(G, Best);
}

} // namespace

std::vector<Offender> findOffenders(const Analysis &A) {
  std::vector<Offender> Out;
  const LevelAnalysis &Comp = A.at(Level::Component);
  const DependencyGraph &G = Comp.Graph;
  const GraphMetrics &M = Comp.Metrics;
  if (!M.Cycles.empty()) {
    const CycleGroup &C = M.Cycles.front();
    Offender O;
    O.Kind = "largest component cycle";
    O.Name = G.nodes()[C.Nodes.front()].Name;
    O.Detail = fmt::format("{} components in one cycle group; cutting {} of "
                           "its {} edges breaks it",
                           C.Nodes.size(), C.Cut.size(), C.Edges.size());
    listFiles(G, C.Nodes, O.Files, 12);
    if (!C.Cut.empty())
      O.Why = whyCommand(G, C.Cut.front());
    Out.push_back(std::move(O));
  }
  if (G.size() > 1) {
    unsigned Best = 0;
    for (unsigned V = 1; V < G.size(); ++V)
      if (M.PerNode[V].DependedOnBy > M.PerNode[Best].DependedOnBy)
        Best = V;
    if (M.PerNode[Best].DependedOnBy > 1) {
      Offender O;
      O.Kind = "most depended-on component";
      O.Name = G.nodes()[Best].Name;
      O.Detail = fmt::format("reached by {} of {} components ({} directly)",
                             M.PerNode[Best].DependedOnBy - 1, G.size(),
                             M.PerNode[Best].FanIn);
      O.Files = G.nodes()[Best].Files;
      O.Why = whyHeaviestIn(G, Best);
      Out.push_back(std::move(O));
    }
  }
  // Martin's stable-dependencies principle: instability is a problem where
  // others depend on it; the top module of a layered system is unstable by
  // design and depended on by nothing.
  const LevelAnalysis &Mod = A.at(Level::Module);
  std::optional<unsigned> Unstable;
  for (unsigned V = 0; V < Mod.Graph.size(); ++V) {
    const NodeMetrics &X = Mod.Metrics.PerNode[V];
    if (X.Ca == 0 || X.Ce == 0)
      continue;
    if (!Unstable || X.Instability > Mod.Metrics.PerNode[*Unstable].Instability)
      Unstable = V;
  }
  if (Unstable) {
    const NodeMetrics &X = Mod.Metrics.PerNode[*Unstable];
    Offender O;
    O.Kind = "most unstable module that others depend on";
    O.Name = Mod.Graph.nodes()[*Unstable].Name;
    O.Detail = fmt::format("instability {:.2f} (Ca {}, Ce {})", X.Instability,
                           X.Ca, X.Ce);
    listFiles(Mod.Graph, {*Unstable}, O.Files, 12);
    O.Why = whyHeaviestIn(Mod.Graph, *Unstable);
    Out.push_back(std::move(O));
  }
  for (unsigned V = 0, Gods = 0; V < G.size() && Gods < 3; ++V) {
    if (!M.PerNode[V].God)
      continue;
    ++Gods;
    Offender O;
    O.Kind = "god component";
    O.Name = G.nodes()[V].Name;
    O.Detail = fmt::format("{} declarations, fan-in {}", G.nodes()[V].Entities,
                           M.PerNode[V].FanIn);
    O.Files = G.nodes()[V].Files;
    O.Why = whyHeaviestIn(G, V);
    Out.push_back(std::move(O));
  }
  return Out;
}

namespace {

// The file level's own band, by Baldwin, MacCormack and Rusnak's core
// size on the file DSMs they were measured on.
Lean fileLean(double Core) {
  return Core < 0.04    ? Lean::Modular
         : Core <= 0.06 ? Lean::Mixed
                        : Lean::Tangled;
}

LevelView viewOf(const Structure &S, Level L) {
  LevelView V;
  V.Level = L;
  V.Nodes = L == Level::File        ? S.File.Nodes
            : L == Level::Component ? S.Component.Nodes
                                    : S.Parts.Nodes;
  // Cycles inside one part are named: the part is judged on them.
  std::string Inside =
      S.ConfinedGroups
          ? fmt::format("; inside one part, the largest cycle is {} files "
                        "in {}",
                        S.LargestConfined, S.ConfinedWhere)
          : "";
  const char *Across = S.ConfinedGroups ? " across parts" : "";
  switch (L) {
  case Level::File: {
    const GraphMetrics &M = S.File;
    if (M.Nodes < 2)
      break;
    V.Says = fileLean(M.CoreSize);
    V.Basis = fmt::format("core size{} {} (hierarchical below 4%, "
                          "core-periphery above 6%){}",
                          Across, percentOf(M.CoreSize), Inside);
    return V;
  }
  case Level::Component: {
    const GraphMetrics &M = S.Component;
    if (M.Nodes < 2)
      break;
    // Sonargraph's component thresholds: warning at 5%, error at 15%.
    double Cyclicity = M.RelativeCyclicity;
    V.Says = Cyclicity <= 5   ? Lean::Modular
             : Cyclicity < 15 ? Lean::Mixed
                              : Lean::Tangled;
    V.Basis = fmt::format("relative cyclicity{} {:.1f}% (acyclic enough at "
                          "5%, tangled at 15%){}",
                          Across, Cyclicity, Inside);
    return V;
  }
  default: {
    const GraphMetrics &M = S.Parts;
    if (M.Nodes < 2) {
      V.Basis = "no parts: a unit of its own";
      return V;
    }
    // Sonargraph's target for modules is no cycle at all.
    V.Says = M.RelativeCyclicity == 0  ? Lean::Modular
             : M.RelativeCyclicity < 5 ? Lean::Mixed
                                       : Lean::Tangled;
    V.Basis =
        fmt::format("relative cyclicity {:.1f}% of its {} parts "
                    "({}; target 0%)",
                    M.RelativeCyclicity, M.Nodes, toString(S.PartsFrom).str());
    return V;
  }
  }
  V.Basis = fmt::format(
      "{} node{}: nothing to measure",
      L == Level::File ? S.File.Nodes : S.Component.Nodes,
      (L == Level::File ? S.File.Nodes : S.Component.Nodes) == 1 ? "" : "s");
  return V;
}

} // namespace

const std::vector<std::string> &metricNames() {
  static const std::vector<std::string> Names = [] {
    std::vector<std::string> N;
    for (const MetricInfo &M : Metrics)
      N.push_back(M.Name);
    return N;
  }();
  return Names;
}

Level levelOfMetric(StringRef Metric) {
  const MetricInfo *Info = findMetric(Metric);
  return Info ? Info->On : Level::Component;
}

VerdictConfig defaultVerdictConfig() {
  VerdictConfig C;
  // NCCD is shown but not scored: CCD is the sum of the same reachability
  // matrix propagation cost sums (PC = ACD / N), so scoring both would count
  // one measurement twice.
  C.Anchors = {{"core_size", 0.04, 0.25, 0.30},
               {"propagation_cost", 0.05, 0.20, 0.20},
               {"component_cyclicity", 4, 15, 0.25},
               {"module_cyclicity", 0, 5, 0.20},
               {"nccd", 2, 6.5, 0},
               {"modularity", 0.5, 0.3, 0}};
  C.Threshold = 0.5;
  return C;
}

Error applyAnchorSpec(VerdictConfig &Config, StringRef Spec) {
  auto Fail = [&](const Twine &Why) {
    return createStringError(inconvertibleErrorCode(),
                             "--anchor '" + Spec + "': " + Why);
  };
  auto [Name, Values] = Spec.split('=');
  if (!findMetric(Name))
    return Fail("unknown metric '" + Name +
                "' (known: " + join(metricNames(), ", ") + ")");
  SmallVector<StringRef, 3> Parts;
  Values.split(Parts, ',');
  if (Parts.size() < 2 || Parts.size() > 3)
    return Fail("expected NAME=GOOD,BAD[,WEIGHT]");
  double Numbers[3] = {0, 0, -1};
  for (size_t I = 0; I < Parts.size(); ++I)
    if (Parts[I].trim().getAsDouble(Numbers[I]) || !std::isfinite(Numbers[I]))
      return Fail("'" + Parts[I] + "' is not a number");
  if (Parts.size() == 3 && Numbers[2] < 0)
    return Fail("the weight must not be negative");
  for (Anchor &A : Config.Anchors)
    if (A.Metric == Name) {
      A.Good = Numbers[0];
      A.Bad = Numbers[1];
      if (Parts.size() == 3)
        A.Weight = Numbers[2];
      return Error::success();
    }
  Config.Anchors.push_back(
      {Name.str(), Numbers[0], Numbers[1], Parts.size() == 3 ? Numbers[2] : 1});
  return Error::success();
}

StringRef toString(Band B) {
  static constexpr StringRef Names[] = {"good", "fair", "bad"};
  return Names[static_cast<size_t>(B)];
}

StringRef toString(Lean L) {
  static constexpr StringRef Names[] = {"-", "modular", "mixed", "tangled"};
  return Names[static_cast<size_t>(L)];
}

Verdict judge(const Structure &S, const VerdictConfig &Config) {
  Verdict V;
  V.Threshold = Config.Threshold;
  V.Modules = toString(S.PartsFrom).str();
  const bool HasParts = S.Parts.Nodes >= 2;
  for (Level L : {Level::File, Level::Component, Level::Module})
    V.Levels.push_back(viewOf(S, L));

  double WeightSum = 0;
  for (const Anchor &Anc : Config.Anchors) {
    const MetricInfo *Info = findMetric(Anc.Metric);
    assert(Info && "anchors are validated when they are set");
    Reason R;
    R.Metric = Anc.Metric;
    R.Description = Info->Description;
    R.On = Info->On;
    R.Good = Anc.Good;
    R.Bad = Anc.Bad;
    R.Weight = Anc.Weight;
    StringRef Name = Anc.Metric;
    if (S.ConfinedGroups &&
        (Name == "core_size" || Name == "component_cyclicity"))
      R.Note = fmt::format(
          "cycles across parts only: {} group{} inside one part judged "
          "there, the largest {} files in {}",
          S.ConfinedGroups, S.ConfinedGroups == 1 ? "" : "s", S.LargestConfined,
          S.ConfinedWhere);
    if (Name == "core_size") {
      R.Value = S.File.CoreSize;
    } else if (Name == "propagation_cost") {
      const GraphMetrics &M = S.File;
      R.Value = M.PropagationCost;
      if (Config.SizeBandedPropagationCost && M.Nodes > 0) {
        // A balanced tree of N nodes already has this propagation cost;
        // small graphs cannot do better, so the anchors move up.
        double N = M.Nodes;
        double Tree = balancedTreeCCD(M.Nodes) / (N * N);
        R.Good = std::max(R.Good, Tree);
        R.Bad = std::max(R.Bad, std::min(1.0, 4 * Tree));
      }
    } else if (Name == "component_cyclicity") {
      R.Value = S.Component.RelativeCyclicity;
    } else if (Name == "module_cyclicity") {
      R.Value = S.Parts.RelativeCyclicity;
    } else if (Name == "nccd") {
      R.Value = S.Component.NCCD;
    } else if (Name == "modularity") {
      R.Value = S.ModularityQ;
      if (S.Component.Edges == 0)
        R.Weight = 0;
    }
    // Parts that are directories are a guess at the modules; targets and
    // configured groups are the team's statement of them.
    if (R.On == Level::Module)
      R.Weight *= !HasParts ? 0
                  : S.PartsFrom == ModuleSourceKind::Directories
                      ? Config.DirectoryModuleWeight
                      : 1;
    R.Badness = (R.Good >= R.Bad && Name == "propagation_cost")
                    ? 0
                    : badness(R.Value, R.Good, R.Bad);
    R.Level = R.Badness < 1.0 / 3   ? Band::Good
              : R.Badness > 2.0 / 3 ? Band::Bad
                                    : Band::Fair;
    WeightSum += R.Weight;
    V.Reasons.push_back(std::move(R));
  }
  for (Reason &R : V.Reasons) {
    R.Contribution = WeightSum > 0 ? R.Weight * R.Badness / WeightSum : 0;
    V.Score += R.Contribution;
    if (R.Weight > 0)
      for (LevelView &L : V.Levels)
        L.Scored |= L.Level == R.On;
  }
  V.Label =
      V.Score >= Config.Threshold ? MvpLabel.str() : ProductionLabel.str();

  // Confidence (docs/verdict.md): the size of the sample, the share of it
  // parsed, the distance from the threshold and the agreement of the levels.
  const unsigned Files = S.File.Nodes;
  const size_t Sources = S.Sources;
  double Size = std::min(1 - std::exp(-double(Files) / 30),
                         1 - std::exp(-double(Sources) / 10));
  double Parsed =
      S.TUs == 0 ? 1.0 : double(S.TUs - std::min(S.FailedTUs, S.TUs)) / S.TUs;
  double Margin = std::min(1.0, std::fabs(V.Score - Config.Threshold) / 0.25);
  V.Confidence = Size * Parsed * (0.5 + 0.5 * Margin);
  if (Files == 0)
    V.ConfidenceNotes.push_back("no project code was found");
  else if (Size < 0.9)
    V.ConfidenceNotes.push_back(fmt::format(
        "small sample: {} files, {} of them sources (confidence grows "
        "with size)",
        Files, Sources));
  if (S.FailedTUs > 0)
    V.ConfidenceNotes.push_back(
        fmt::format("{} of {} translation units failed to parse; their facts "
                    "are partial",
                    S.FailedTUs, S.TUs));
  if (Margin < 1)
    V.ConfidenceNotes.push_back(
        fmt::format("the score is within {:.2f} of the threshold",
                    std::fabs(V.Score - Config.Threshold)));
  const Lean Verdict =
      V.Label == MvpLabel.str() ? Lean::Tangled : Lean::Modular;
  for (const LevelView &L : V.Levels) {
    if (L.Says != Lean::Modular && L.Says != Lean::Tangled)
      continue;
    if (L.Says == Verdict)
      continue;
    // A level whose own thresholds say the opposite: the label rests on the
    // others. Directories are a weaker witness than files and components.
    bool Guess = L.Level == Level::Module &&
                 S.PartsFrom == ModuleSourceKind::Directories;
    V.Confidence *= Guess ? 0.85 : 0.75;
    V.ConfidenceNotes.push_back(fmt::format("the {} level says {}: {}",
                                            L.Level == Level::Module
                                                ? std::string("unit")
                                                : toString(L.Level).str(),
                                            toString(L.Says).str(), L.Basis));
  }
  return V;
}

} // namespace strata::analysis
