//===- Verdict.cpp - MVP or modular production? ---------------------------===//
#include "strata/analysis/Verdict.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include <algorithm>
#include <cmath>
#include <fmt/format.h>

using namespace llvm;
using namespace strata::graph;

namespace strata::analysis {
namespace {

struct MetricInfo {
  const char *Name;
  const char *Description;
};

constexpr MetricInfo Metrics[] = {
    {"core_size", "core size (largest component cycle group / components)"},
    {"propagation_cost", "propagation cost (component graph)"},
    {"component_cyclicity", "relative cyclicity of components (%)"},
    {"module_cyclicity", "relative cyclicity of modules (%)"},
    {"nccd", "NCCD (component graph)"},
    {"modularity", "modularity Q of the directory modules"},
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

void listFiles(const DependencyGraph &G, const std::vector<unsigned> &Nodes,
               std::vector<std::string> &Out, size_t Max) {
  for (unsigned V : Nodes)
    for (const std::string &F : G.nodes()[V].Files)
      if (Out.size() < Max)
        Out.push_back(F);
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
    Out.push_back(std::move(O));
  }
  return Out;
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

VerdictConfig defaultVerdictConfig() {
  VerdictConfig C;
  C.Anchors = {{"core_size", 0.04, 0.25, 0.20},
               {"propagation_cost", 0.05, 0.20, 0.20},
               {"component_cyclicity", 4, 15, 0.20},
               {"module_cyclicity", 0, 5, 0.15},
               {"nccd", 2, 6.5, 0.15},
               {"modularity", 0.5, 0.3, 0.10}};
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

Verdict classify(const Analysis &A, const VerdictConfig &Config) {
  Verdict V;
  V.Threshold = Config.Threshold;
  const GraphMetrics &Comp = A.at(Level::Component).Metrics;
  const GraphMetrics &Mod = A.at(Level::Module).Metrics;
  const unsigned N = Comp.Nodes;
  // With one module there is no modular structure to measure.
  const bool HasModules = Mod.Nodes >= 2;

  double WeightSum = 0;
  for (const Anchor &Anc : Config.Anchors) {
    const MetricInfo *Info = findMetric(Anc.Metric);
    assert(Info && "anchors are validated when they are set");
    Reason R;
    R.Metric = Anc.Metric;
    R.Description = Info->Description;
    R.Good = Anc.Good;
    R.Bad = Anc.Bad;
    R.Weight = Anc.Weight;
    StringRef Name = Anc.Metric;
    if (Name == "core_size") {
      R.Value = Comp.CoreSize;
    } else if (Name == "propagation_cost") {
      R.Value = Comp.PropagationCost;
      if (Config.SizeBandedPropagationCost && N > 0) {
        // A balanced tree of N components already has this propagation
        // cost; small graphs cannot do better, so the anchors move up.
        double Tree = balancedTreeCCD(N) / (double(N) * N);
        R.Good = std::max(R.Good, Tree);
        R.Bad = std::max(R.Bad, std::min(1.0, 4 * Tree));
      }
    } else if (Name == "component_cyclicity") {
      R.Value = Comp.RelativeCyclicity;
    } else if (Name == "module_cyclicity") {
      R.Value = Mod.RelativeCyclicity;
      if (!HasModules)
        R.Weight = 0;
    } else if (Name == "nccd") {
      R.Value = Comp.NCCD;
    } else if (Name == "modularity") {
      R.Value = A.ModularityQ;
      if (!HasModules || A.at(Level::Component).Metrics.Edges == 0)
        R.Weight = 0;
    }
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
  }
  V.Label =
      V.Score >= Config.Threshold ? MvpLabel.str() : ProductionLabel.str();

  // Confidence falls on small codebases, on partial facts and near the
  // threshold.
  double Size = N / (N + 10.0);
  double Parsed = A.Facts.TUs == 0
                      ? 1.0
                      : double(A.Facts.TUs - A.Facts.FailedTUs) / A.Facts.TUs;
  double Margin = std::min(1.0, std::fabs(V.Score - Config.Threshold) / 0.25);
  V.Confidence = Size * Parsed * (0.5 + 0.5 * Margin);
  if (N == 0)
    V.ConfidenceNotes.push_back("no project code was found");
  else if (N < 50)
    V.ConfidenceNotes.push_back(fmt::format(
        "small codebase: {} components (confidence grows with size)", N));
  if (A.Facts.FailedTUs > 0)
    V.ConfidenceNotes.push_back(
        fmt::format("{} of {} translation units failed to parse; their facts "
                    "are partial",
                    A.Facts.FailedTUs, A.Facts.TUs));
  if (Margin < 1)
    V.ConfidenceNotes.push_back(
        fmt::format("the score is within {:.2f} of the threshold",
                    std::fabs(V.Score - Config.Threshold)));
  if (!HasModules)
    V.ConfidenceNotes.push_back(
        "a single module: module cyclicity and modularity were not scored");
  V.Offenders = findOffenders(A);
  return V;
}

} // namespace strata::analysis
