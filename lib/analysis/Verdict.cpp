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

// Whether the module level is made of real units. Configured groups are
// the team's own statement. Directories are a guess, and a poor one when
// they put (nearly) all of the code in one module or split it into
// fragments of a file or two: then the module metrics say nothing.
struct ModuleJudgement {
  bool Configured = false;
  bool Units = false;
  std::string Source;                 ///< for people: "directories at depth 2"
  std::string Why;                    ///< when not units
  llvm::StringMap<unsigned> ModuleOf; ///< file -> module graph node
};

ModuleJudgement judgeModules(const Analysis &A) {
  ModuleJudgement J;
  const LevelAnalysis &Mod = A.at(Level::Module);
  J.Configured = !A.Modules.empty();
  J.Source = J.Configured
                 ? "configured module groups"
                 : fmt::format("directories at depth {}", A.ModuleDepth);
  if (Mod.Metrics.Nodes < 2) {
    J.Why = "all project code is in one module";
    return J;
  }
  std::vector<size_t> Sizes;
  size_t Total = 0;
  for (unsigned M = 0; M < Mod.Graph.size(); ++M) {
    const Node &N = Mod.Graph.nodes()[M];
    Sizes.push_back(N.Files.size());
    Total += N.Files.size();
    for (const std::string &F : N.Files)
      J.ModuleOf[F] = M;
  }
  if (!J.Configured && !Sizes.empty()) {
    llvm::sort(Sizes);
    size_t Median = Sizes[Sizes.size() / 2];
    if (Sizes.back() * 10 > Total * 9) {
      J.Why = fmt::format("one directory module holds {} of the {} files",
                          Sizes.back(), Total);
      return J;
    }
    if (Median < 3) {
      J.Why = fmt::format("the directory modules are fragments: half of them "
                          "hold fewer than 3 files");
      return J;
    }
    // Headers in include/ and their sources in src/ put every component in
    // two modules: such directories are a file-type split, not modules.
    const llvm::StringMap<unsigned> &ModuleOf = J.ModuleOf;
    unsigned Paired = 0, Split = 0;
    for (const Node &C : A.at(Level::Component).Graph.nodes()) {
      if (C.Files.size() < 2)
        continue;
      ++Paired;
      unsigned First = ModuleOf.lookup(C.Files.front());
      Split += llvm::any_of(C.Files, [&](const std::string &F) {
        return ModuleOf.lookup(F) != First;
      });
    }
    if (Split * 4 > Paired) {
      J.Why = fmt::format("{} of the {} header/source pairs are split across "
                          "directory modules",
                          Split, Paired);
      return J;
    }
  }
  J.Units = true;
  return J;
}

// Cycle metrics of level \p L counting only the cycle groups that cross a
// module boundary. A cycle inside one module is that module's cohesion:
// information hiding asks for few dependencies between modules, not within
// them (Parnas 1972), and cycles between modules are what module cyclicity
// measures. Only for modules that are units.
struct CrossModuleCycles {
  double CoreSize = 0, RelativeCyclicity = 0;
  size_t Confined = 0;        ///< groups inside one module
  size_t LargestConfined = 0; ///< nodes of the largest of them
  std::string Where;          ///< its module
};

std::optional<CrossModuleCycles> crossModuleCycles(const Analysis &A, Level L,
                                                   const ModuleJudgement &J) {
  const LevelAnalysis &X = A.at(L);
  if (!J.Units || X.Metrics.Cycles.empty() || X.Metrics.Nodes == 0)
    return std::nullopt;
  CrossModuleCycles C;
  double SumSquares = 0;
  size_t Largest = 0;
  // A node's home is the module of its first source file: a header in
  // include/ paired with its source in dec/ lives where it is implemented.
  auto Home = [&](const Node &N) {
    auto Source = llvm::find_if(N.Files, isSourcePath);
    return J.ModuleOf.lookup(Source != N.Files.end() ? *Source
                                                     : N.Files.front());
  };
  for (const CycleGroup &G : X.Metrics.Cycles) {
    std::optional<unsigned> Only;
    bool Crosses = false;
    for (unsigned V : G.Nodes) {
      unsigned M = Home(X.Graph.nodes()[V]);
      Crosses |= Only && *Only != M;
      Only = M;
    }
    size_t Size = G.Nodes.size();
    if (Crosses) {
      SumSquares += double(Size) * Size;
      Largest = std::max(Largest, Size);
      continue;
    }
    ++C.Confined;
    if (Size > C.LargestConfined && Only) {
      C.LargestConfined = Size;
      C.Where = A.at(Level::Module).Graph.nodes()[*Only].Name;
    }
  }
  if (C.Confined == 0)
    return std::nullopt;
  C.CoreSize = double(Largest) / X.Metrics.Nodes;
  C.RelativeCyclicity = 100 * std::sqrt(SumSquares) / X.Metrics.Nodes;
  return C;
}

LevelView viewOf(const Analysis &A, Level L, const ModuleJudgement &Modules,
                 const std::optional<CrossModuleCycles> &Cross) {
  const GraphMetrics &M = A.at(L).Metrics;
  LevelView V;
  V.Level = L;
  if (M.Nodes < 2) {
    V.Basis = fmt::format("{} node{}: nothing to measure", M.Nodes,
                          M.Nodes == 1 ? "" : "s");
    return V;
  }
  // With modules that are units, a level votes on the cycles that cross
  // them, like the score; the cycles inside modules are named.
  std::string Inside =
      Cross
          ? fmt::format("; inside modules, the largest cycle is {} {}s in "
                        "{}",
                        Cross->LargestConfined, toString(L).str(), Cross->Where)
          : "";
  switch (L) {
  case Level::File: {
    // Baldwin, MacCormack and Rusnak's bands, on the file DSMs they were
    // measured on.
    if (Cross) {
      double Core = Cross->CoreSize;
      V.Says = Core < 0.04    ? Lean::Modular
               : Core <= 0.06 ? Lean::Mixed
                              : Lean::Tangled;
      V.Basis = fmt::format("core size across modules {} (hierarchical below "
                            "4%, core-periphery above 6%){}",
                            percentOf(Core), Inside);
      break;
    }
    V.Says = M.Type == SystemType::Hierarchical ? Lean::Modular
             : M.Type == SystemType::Borderline ? Lean::Mixed
                                                : Lean::Tangled;
    V.Basis = fmt::format("{}: core size {} (hierarchical below 4%, "
                          "core-periphery above 6%)",
                          toString(M.Type).str(), percentOf(M.CoreSize));
    break;
  }
  case Level::Component: {
    // Sonargraph's component thresholds: warning at 5%, error at 15%.
    double Cyclicity = Cross ? Cross->RelativeCyclicity : M.RelativeCyclicity;
    V.Says = Cyclicity <= 5   ? Lean::Modular
             : Cyclicity < 15 ? Lean::Mixed
                              : Lean::Tangled;
    V.Basis = fmt::format("relative cyclicity{} {:.1f}% (acyclic enough at "
                          "5%, tangled at 15%){}",
                          Cross ? " across modules" : "", Cyclicity, Inside);
    break;
  }
  default:
    if (!Modules.Units) {
      V.Basis = Modules.Why;
      return V;
    }
    // Sonargraph's target for modules is no cycle at all.
    V.Says = M.RelativeCyclicity == 0  ? Lean::Modular
             : M.RelativeCyclicity < 5 ? Lean::Mixed
                                       : Lean::Tangled;
    V.Basis = fmt::format("relative cyclicity {:.1f}% of {} (target 0%)",
                          M.RelativeCyclicity, Modules.Source);
    break;
  }
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

Verdict classify(const Analysis &A, const VerdictConfig &Config) {
  Verdict V;
  V.Threshold = Config.Threshold;
  const ModuleJudgement Modules = judgeModules(A);
  V.Modules = Modules.Source;
  V.ModulesAreUnits = Modules.Units;
  const std::optional<CrossModuleCycles> FileCross =
      crossModuleCycles(A, Level::File, Modules);
  const std::optional<CrossModuleCycles> ComponentCross =
      crossModuleCycles(A, Level::Component, Modules);
  V.Levels.push_back(viewOf(A, Level::File, Modules, FileCross));
  V.Levels.push_back(viewOf(A, Level::Component, Modules, ComponentCross));
  V.Levels.push_back(viewOf(A, Level::Module, Modules, std::nullopt));

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
    const GraphMetrics &M = A.at(R.On).Metrics;
    StringRef Name = Anc.Metric;
    const CrossModuleCycles *Cross =
        Name == "core_size" && FileCross                  ? &*FileCross
        : Name == "component_cyclicity" && ComponentCross ? &*ComponentCross
                                                          : nullptr;
    if (Cross)
      R.Note = fmt::format(
          "cycles across modules only: {} group{} inside one module not "
          "scored, the largest {} {}s in {}",
          Cross->Confined, Cross->Confined == 1 ? "" : "s",
          Cross->LargestConfined, toString(R.On).str(), Cross->Where);
    if (Name == "core_size") {
      R.Value = Cross ? Cross->CoreSize : M.CoreSize;
    } else if (Name == "propagation_cost") {
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
      R.Value = Cross ? Cross->RelativeCyclicity : M.RelativeCyclicity;
    } else if (Name == "module_cyclicity") {
      R.Value = M.RelativeCyclicity;
    } else if (Name == "nccd") {
      R.Value = M.NCCD;
    } else if (Name == "modularity") {
      R.Value = A.ModularityQ;
      if (A.at(Level::Component).Metrics.Edges == 0)
        R.Weight = 0;
    }
    if (R.On == Level::Module)
      R.Weight *= !Modules.Units       ? 0
                  : Modules.Configured ? 1
                                       : Config.DirectoryModuleWeight;
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
  const unsigned Files = A.at(Level::File).Metrics.Nodes;
  const size_t Sources = A.Facts.SourceFiles;
  double Size = std::min(1 - std::exp(-double(Files) / 30),
                         1 - std::exp(-double(Sources) / 10));
  double Parsed = A.Facts.TUs == 0
                      ? 1.0
                      : double(A.Facts.TUs - A.Facts.FailedTUs) / A.Facts.TUs;
  double Margin = std::min(1.0, std::fabs(V.Score - Config.Threshold) / 0.25);
  V.Confidence = Size * Parsed * (0.5 + 0.5 * Margin);
  if (Files == 0)
    V.ConfidenceNotes.push_back("no project code was found");
  else if (Size < 0.9)
    V.ConfidenceNotes.push_back(fmt::format(
        "small sample: {} files, {} of them sources (confidence grows "
        "with size)",
        Files, Sources));
  if (A.Facts.FailedTUs > 0)
    V.ConfidenceNotes.push_back(
        fmt::format("{} of {} translation units failed to parse; their facts "
                    "are partial",
                    A.Facts.FailedTUs, A.Facts.TUs));
  if (Margin < 1)
    V.ConfidenceNotes.push_back(
        fmt::format("the score is within {:.2f} of the threshold",
                    std::fabs(V.Score - Config.Threshold)));
  if (!Modules.Units) {
    V.Confidence *= 0.9;
    V.ConfidenceNotes.push_back(
        fmt::format("the module level says nothing ({}; {}): module "
                    "cyclicity and modularity were not scored",
                    Modules.Why, Modules.Source));
  }
  if (FileCross && Files > 0 && FileCross->LargestConfined > 0.06 * Files) {
    // A module that is itself one large cycle: the label rests on the
    // modules, and this one is a tangle of its own.
    V.Confidence *= 0.9;
    V.ConfidenceNotes.push_back(fmt::format(
        "{} files of {} form one cycle inside {}: past the 6% core-periphery "
        "bound, though within one module",
        FileCross->LargestConfined, Files, FileCross->Where));
  }
  const Lean Verdict =
      V.Label == MvpLabel.str() ? Lean::Tangled : Lean::Modular;
  for (const LevelView &L : V.Levels) {
    if (L.Says != Lean::Modular && L.Says != Lean::Tangled)
      continue;
    if (L.Says == Verdict)
      continue;
    // A level whose own thresholds say the opposite: the label rests on the
    // others. Directories are a weaker witness than files and components.
    bool Guess = L.Level == Level::Module && !Modules.Configured;
    V.Confidence *= Guess ? 0.85 : 0.75;
    V.ConfidenceNotes.push_back(fmt::format("the {} level says {}: {}",
                                            toString(L.Level).str(),
                                            toString(L.Says).str(), L.Basis));
  }
  V.Offenders = findOffenders(A);
  return V;
}

} // namespace strata::analysis
