//===- TextReport.cpp - The analysis for people ---------------------------===//
#include "strata/report/Report.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include <fmt/format.h>
#include <numeric>

using namespace llvm;
using namespace strata::graph;

namespace strata::report {
namespace {

std::string percent(double Fraction) {
  return fmt::format("{:.1f}%", 100 * Fraction);
}

std::string joinNames(const DependencyGraph &G,
                      const std::vector<unsigned> &Nodes, size_t Max) {
  std::string Out;
  for (size_t I = 0; I < Nodes.size() && I < Max; ++I)
    Out += (I ? ", " : "") + G.nodes()[Nodes[I]].Name;
  if (Nodes.size() > Max)
    Out += fmt::format(", ... ({} more)", Nodes.size() - Max);
  return Out;
}

} // namespace

std::string evidenceText(const Evidence &Ev) {
  return fmt::format("{}:{}:{}: {} {}{}", Ev.File, Ev.Line, Ev.Column, Ev.Kind,
                     Ev.Kind == "include" ? ("\"" + Ev.Entity + "\"").str()
                                          : Ev.Entity.str(),
                     Ev.Nature == NatureKind::Link ? " (link)" : "");
}

std::string reliantText(const facts::UseFact &U) {
  return fmt::format("{}:{}: uses '{}' declared in {}, which it does not "
                     "include",
                     U.File.str(), U.Line, U.Target.str(), U.TargetFile.str());
}

void writeIncludesText(const IncludeReport &R, raw_ostream &OS,
                       unsigned Listed) {
  if (R.Includes.empty() && R.Unclassified == 0)
    return;
  OS << fmt::format("\nIncludes: {} project includes classified: {} used",
                    R.Includes.size(), R.Used);
  std::vector<std::string> Kept;
  if (R.UsedByIncluders)
    Kept.push_back(
        fmt::format("{} only for their includers", R.UsedByIncluders));
  if (R.UsedByReliant)
    Kept.push_back(
        fmt::format("{} only for a header relying on them", R.UsedByReliant));
  if (!Kept.empty())
    OS << " (" << llvm::join(Kept, ", ") << ")";
  OS << fmt::format(", {} forward-declarable, {} unused", R.ForwardDeclarable,
                    R.Unused);
  if (R.Unclassified)
    OS << fmt::format("; {} not classified (partial facts or textual "
                      "fragments)",
                      R.Unclassified);
  OS << "\n";
  size_t Shown = 0, Total = R.Unused + R.ForwardDeclarable;
  for (IncludeStatusKind Status :
       {IncludeStatusKind::Unused, IncludeStatusKind::ForwardDeclarable}) {
    bool Header = false;
    for (const IncludeVerdict &V : R.Includes) {
      if (V.Status != Status || (Listed && Shown >= Listed))
        continue;
      if (!Header) {
        OS << "  " << toString(Status) << ":\n";
        Header = true;
      }
      OS << fmt::format("    {}:{}: #include \"{}\"", V.File, V.Line,
                        V.Spelled);
      if (!V.Entities.empty())
        OS << "  (forward-declare " << llvm::join(V.Entities, ", ") << ")";
      OS << "\n";
      ++Shown;
    }
  }
  if (Shown < Total)
    OS << fmt::format("  ... and {} more (--all-includes lists them)\n",
                      Total - Shown);
}

void writeReliantText(const Analysis &A, raw_ostream &OS, bool List) {
  if (A.Reliant.empty()) {
    OS << "\nSelf-sufficiency: no header relies on declarations its "
          "includer made.\n";
    return;
  }
  OS << fmt::format("\nSelf-sufficiency: {} use{} in {} header{} rel{} on "
                    "declarations their includer made first; such a header "
                    "does not compile on its own{}\n",
                    A.Facts.ReliantUses, A.Facts.ReliantUses == 1 ? "" : "s",
                    A.Facts.ReliantHeaders,
                    A.Facts.ReliantHeaders == 1 ? "" : "s",
                    A.Facts.ReliantUses == 1 ? "ies" : "y",
                    List ? ":" : " (--reliant lists them)");
  if (List)
    for (const facts::UseFact &U : A.Reliant)
      OS << "  " << reliantText(U) << "\n";
}

void writeEdgeText(const DependencyGraph &G, unsigned EdgeIndex,
                   raw_ostream &OS, unsigned MaxEvidence, StringRef Indent,
                   bool ShowCut) {
  const Edge &E = G.edges()[EdgeIndex];
  std::string Advice = ShowCut ? cutAdvice(E) : std::string();
  OS << Indent << G.nodes()[E.From].Name << " -> " << G.nodes()[E.To].Name
     << fmt::format("  (weight {}){}\n", E.Weight,
                    Advice.empty() ? "" : ": " + Advice);
  for (size_t I = 0; I < E.Sites.size() && I < MaxEvidence; ++I)
    OS << Indent << "    " << evidenceText(E.Sites[I]) << "\n";
  if (E.Sites.size() > MaxEvidence)
    OS << Indent << "    "
       << fmt::format("... and {} more\n", E.Sites.size() - MaxEvidence);
}

void writePathText(const DependencyGraph &G, const std::vector<unsigned> &Path,
                   raw_ostream &OS, unsigned MaxEvidence) {
  for (unsigned EI : Path)
    writeEdgeText(G, EI, OS, MaxEvidence, "  ");
}

std::string formatMetric(StringRef Metric, double Value) {
  if (Metric == "core_size" || Metric == "propagation_cost")
    return percent(Value);
  if (Metric.ends_with("cyclicity"))
    return fmt::format("{:.1f}%", Value);
  return fmt::format("{:.2f}", Value);
}

// The units a reader looks at first, as a table: each one's own label and
// what it leans on among its siblings.
void writeUnitsText(const analysis::Verdict &V, raw_ostream &OS) {
  constexpr size_t Max = 40;
  std::vector<unsigned> Shown = analysis::unitsForPeople(V, Max);
  if (V.Units.size() < 2)
    return;
  OS << fmt::format("  units ({}; {} in all, {} shown: labelled ones to depth "
                    "3; JSON has every one):\n",
                    V.Modules, V.Units.size(), Shown.size());
  OS << fmt::format("    {:<40} {:>6}  {:<8} {:>5} {:>5}  {:>6}  {}\n", "unit",
                    "files", "label", "score", "conf", "cycle", "depends on");
  for (unsigned U : Shown) {
    const analysis::UnitVerdict &X = V.Units[U];
    std::vector<std::string> Deps;
    for (const analysis::UnitDependency &D : X.DependsOn)
      if (Deps.size() < 3)
        Deps.push_back(fmt::format("{} ({}{})", V.Units[D.To].Name, D.Weight,
                                   D.InCycle ? ", cycle" : ""));
    if (X.DependsOn.size() > 3)
      Deps.push_back(fmt::format("+{}", X.DependsOn.size() - 3));
    std::string Name = std::string(2 * X.Depth, ' ') + X.Name;
    OS << fmt::format("    {:<40} {:>6}  {:<8} {:>5.2f} {:>5.2f}  {:>6}  {}\n",
                      Name, X.Files, analysis::shortLabel(X.Label).str(),
                      X.Score, X.Confidence,
                      X.LargestCycle ? std::to_string(X.LargestCycle) : "-",
                      Deps.empty() ? std::string("-") : llvm::join(Deps, ", "));
  }
}

void writeVerdictText(const Analysis &A, const analysis::Verdict &V,
                      raw_ostream &OS) {
  OS << fmt::format("Verdict: {}  (score {:.2f}, threshold {:.2f}, "
                    "confidence {:.2f})\n",
                    V.Label, V.Score, V.Threshold, V.Confidence);
  OS << "  units: " << V.Composition << "\n";
  for (const std::string &Note : V.ConfidenceNotes)
    OS << "  confidence: " << Note << "\n";
  OS << fmt::format("  {:<50} {:<9} {:>7} {:>7} {:>7}  {:<4}  {}\n", "metric",
                    "level", "value", "good", "bad", "band", "contribution");
  for (const analysis::Reason &R : V.Reasons) {
    OS << fmt::format(
        "  {:<50} {:<9} {:>7} {:>7} {:>7}  {:<4}  {}\n", R.Description,
        toString(R.On).str(), formatMetric(R.Metric, R.Value),
        formatMetric(R.Metric, R.Good), formatMetric(R.Metric, R.Bad),
        analysis::toString(R.Level).str(),
        R.Weight == 0 ? std::string("not scored")
                      : fmt::format("{:.3f}", R.Contribution));
    if (!R.Note.empty())
      OS << "    " << R.Note << "\n";
  }
  OS << "  by level:\n";
  for (const analysis::LevelView &L : V.Levels)
    OS << fmt::format("    {:<9} {:>6} nodes  says {:<7}  {}\n",
                      L.Level == Level::Module ? std::string("unit")
                                               : toString(L.Level).str(),
                      L.Nodes, analysis::toString(L.Says).str(), L.Basis);
  writeUnitsText(V, OS);
  for (const analysis::Offender &O : V.Offenders)
    OS << fmt::format("  {}: {} ({}){}\n", O.Kind, O.Name, O.Detail,
                      O.Why.empty() ? "" : "; lines: " + O.Why);
  OS << "\n";
}

void writeAnalysisText(const Analysis &A, raw_ostream &OS,
                       const TextOptions &Options, const analysis::Verdict *V) {
  OS << fmt::format("strata analysis of {}\n", A.Root);
  OS << fmt::format("{} translation units ({} failed), {} project files, {} "
                    "entities, {} includes, {} uses\n\n",
                    A.Facts.TUs, A.Facts.FailedTUs, A.Facts.Files,
                    A.Facts.Entities, A.Facts.Includes, A.Facts.Uses);
  if (V)
    writeVerdictText(A, *V, OS);

  OS << fmt::format("{:<10} {:>6} {:>7} {:>6} {:>6} {:>9} {:>7} {:>9} {:>9} "
                    "{:>6}  {}\n",
                    "level", "nodes", "edges", "levels", "cycles", "in cycles",
                    "core", "rel.cyc.", "prop.cost", "NCCD", "system type");
  for (Level L : {Level::File, Level::Component, Level::Module,
                  Level::Namespace, Level::Class}) {
    const GraphMetrics &M = A.at(L).Metrics;
    OS << fmt::format("{:<10} {:>6} {:>7} {:>6} {:>6} {:>9} {:>7} {:>9} {:>9} "
                      "{:>6.2f}  {}\n",
                      toString(L).str(), M.Nodes, M.Edges, M.Levels,
                      M.Cycles.size(), M.NodesInCycles, percent(M.CoreSize),
                      fmt::format("{:.1f}%", M.RelativeCyclicity),
                      percent(M.PropagationCost), M.NCCD,
                      toString(M.Type).str());
  }
  OS << fmt::format("\nmodularity Q of the {} directory modules (component "
                    "graph, module depth {}): {:.3f}\n",
                    A.at(Level::Module).Graph.size(), A.ModuleDepth,
                    A.ModularityQ);

  const LevelAnalysis &Comp = A.at(Level::Component);
  const DependencyGraph &G = Comp.Graph;
  if (Comp.Metrics.Cycles.empty()) {
    OS << "\nNo component cycles.\n";
  } else {
    OS << "\nLargest component cycle groups, with the edges to cut:\n";
    for (size_t I = 0; I < Comp.Metrics.Cycles.size() && I < Options.TopCycles;
         ++I) {
      const CycleGroup &C = Comp.Metrics.Cycles[I];
      OS << fmt::format("  {}. {} components: {}\n", I + 1, C.Nodes.size(),
                        joinNames(G, C.Nodes, 8));
      OS << fmt::format(
          "     cut {} of its {} edges{}:\n", C.Cut.size(), C.Edges.size(),
          C.CutUnminimized ? " (not minimized: group too large)" : "");
      for (unsigned EI : C.Cut)
        writeEdgeText(G, EI, OS, Options.EvidencePerEdge, "       ",
                      /*ShowCut=*/true);
    }
    if (Comp.Metrics.Cycles.size() > Options.TopCycles)
      OS << fmt::format("  ... and {} more cycle groups\n",
                        Comp.Metrics.Cycles.size() - Options.TopCycles);
  }

  // The components most of the codebase depends on, transitively.
  std::vector<unsigned> Order(G.size());
  std::iota(Order.begin(), Order.end(), 0);
  llvm::stable_sort(Order, [&](unsigned X, unsigned Y) {
    return Comp.Metrics.PerNode[X].DependedOnBy >
           Comp.Metrics.PerNode[Y].DependedOnBy;
  });
  if (!Order.empty()) {
    OS << "\nMost depended-on components:\n";
    OS << fmt::format("  {:<40} {:>6} {:>6} {:>5} {:>5} {:>5} {:>5} {:>5} "
                      "{:>5}  {}\n",
                      "component", "fan-in", "fanout", "VFI", "I", "A", "D",
                      "level", "cycle", "role");
    for (size_t I = 0; I < Order.size() && I < Options.TopNodes; ++I) {
      const NodeMetrics &X = Comp.Metrics.PerNode[Order[I]];
      std::string Flags = toString(X.CoreRole).str();
      if (X.HubLike)
        Flags += ", hub-like";
      if (X.God)
        Flags += ", god component";
      OS << fmt::format(
          "  {:<40} {:>6} {:>6} {:>5} {:>5.2f} {:>5.2f} {:>5.2f} {:>5} {:>5}  "
          "{}\n",
          G.nodes()[Order[I]].Name, X.FanIn, X.FanOut, X.DependedOnBy,
          X.Instability, X.Abstractness, X.Distance, X.Level,
          X.CycleGroup < 0 ? std::string("-")
                           : std::to_string(X.CycleGroup + 1),
          Flags);
    }
  }
  writeIncludesText(A.Includes, OS, Options.IncludesListed);
  writeReliantText(A, OS, Options.ListReliant);
}

} // namespace strata::report
