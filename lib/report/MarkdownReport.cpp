//===- MarkdownReport.cpp - A pull-request comment ------------------------===//
#include "strata/report/Escape.h"
#include "strata/report/Report.h"

#include "llvm/ADT/StringExtras.h"
#include <fmt/format.h>

using namespace llvm;
using namespace strata::graph;

namespace strata::report {
namespace {

std::string code(StringRef Name) { return markdownCode(Name); }

} // namespace

// What target_link_libraries should gain and lose: the undeclared
// dependencies with their first use, the unused ones and the PUBLIC ones
// only sources use, with the line that declares them.
void writeDeclaredVsActual(const std::vector<analysis::Violation> &Found,
                           raw_ostream &OS) {
  OS << "\n### Declared vs actual\n\n";
  if (Found.empty()) {
    OS << "Every target declares what it uses and uses what it declares.\n";
    return;
  }
  struct Section {
    const char *Rule, *Title;
  };
  for (Section S : {Section{"strata-undeclared-dependency", "Add"},
                    Section{"strata-unused-dependency", "Remove"},
                    Section{"strata-public-dependency", "Make PRIVATE"}}) {
    bool Any = false;
    for (const analysis::Violation &V : Found) {
      if (V.Rule != S.Rule || V.Edges.empty() || V.Edges[0].Sites.empty())
        continue;
      if (!Any)
        OS << "**" << S.Title << "**\n\n";
      Any = true;
      const graph::Evidence &At = V.Edges[0].Sites.front();
      OS << fmt::format("- {} → {} ({}:{}){}\n", code(V.From), code(V.To),
                        code(At.File), At.Line,
                        V.Level == analysis::Severity::Error
                            ? ""
                            : ": " + escapeMarkdown(V.Reason));
    }
    if (Any)
      OS << "\n";
  }
}

void writeMarkdown(const Analysis &A, const analysis::Verdict &V,
                   raw_ostream &OS, const analysis::TargetModules *T) {
  OS << fmt::format("## strata: {}\n\n", V.Label);
  OS << fmt::format("Score **{:.2f}** (threshold {:.2f}, 1 is most tangled), "
                    "confidence {:.2f}.",
                    V.Score, V.Threshold, V.Confidence);
  for (std::string Note : V.ConfidenceNotes) {
    Note[0] = llvm::toUpper(Note[0]);
    OS << " " << escapeMarkdown(Note) << ".";
  }
  OS << "\n\n";

  OS << "| metric | level | value | good | bad | band |\n"
        "|---|---|---:|---:|---:|---|\n";
  for (const analysis::Reason &R : V.Reasons)
    OS << fmt::format(
        "| {} | {} | {} | {} | {} | {} |\n",
        escapeMarkdown(R.Note.empty() ? R.Description
                                      : R.Description + "; " + R.Note),
        toString(R.On).str(), formatMetric(R.Metric, R.Value),
        formatMetric(R.Metric, R.Good), formatMetric(R.Metric, R.Bad),
        R.Weight == 0 ? std::string("not scored")
                      : analysis::toString(R.Level).str());

  // The levels side by side: where they disagree, the reader sees it.
  OS << "\n| level | nodes | edges | core size | relative cyclicity | "
        "propagation cost | NCCD | says |\n"
        "|---|---:|---:|---:|---:|---:|---:|---|\n";
  for (const analysis::LevelView &L : V.Levels) {
    const GraphMetrics &M = A.at(L.Level).Metrics;
    OS << fmt::format(
        "| {} | {} | {} | {:.1f}% | {:.1f}% | {:.1f}% | {:.2f} | "
        "{}: {} |\n",
        toString(L.Level).str(), M.Nodes, M.Edges, 100 * M.CoreSize,
        M.RelativeCyclicity, 100 * M.PropagationCost, M.NCCD,
        analysis::toString(L.Says).str(), escapeMarkdown(L.Basis));
  }

  // The units: where the MVP parts are, and what each leans on.
  if (V.Units.size() > 1) {
    OS << "\n### Units\n\n"
       << escapeMarkdown(
              fmt::format("Units from {}; {}.", V.Modules, V.Composition))
       << "\n\n| unit | files | label | score | confidence | largest cycle | "
          "depends on |\n|---|---:|---|---:|---:|---:|---|\n";
    for (unsigned I : analysis::unitsForPeople(V, 25)) {
      const analysis::UnitVerdict &U = V.Units[I];
      std::vector<std::string> Deps;
      for (const analysis::UnitDependency &D : U.DependsOn)
        if (Deps.size() < 3)
          Deps.push_back(code(V.Units[D.To].Name) +
                         (D.InCycle ? " (cycle)" : ""));
      OS << fmt::format("| {}{} | {} | {} | {:.2f} | {:.2f} | {} | {} |\n",
                        std::string(U.Depth ? 2 * (U.Depth - 1) : 0, ' ') +
                            (U.Depth ? "└ " : ""),
                        code(U.Name), U.Files, U.Label, U.Score, U.Confidence,
                        U.LargestCycle,
                        Deps.empty() ? "-" : llvm::join(Deps, ", "));
    }
  }

  const IncludeReport &Inc = A.Includes;
  if (!Inc.Includes.empty())
    OS << fmt::format("\nIncludes: **{}** unused and **{}** forward-declarable "
                      "of {} project includes.",
                      Inc.Unused, Inc.ForwardDeclarable, Inc.Includes.size());
  if (A.Facts.ReliantHeaders)
    OS << fmt::format("{}**{}** header{} on {} includer ({} use{}): {} not "
                      "compile on {} own.",
                      Inc.Includes.empty() ? "\n" : " ", A.Facts.ReliantHeaders,
                      A.Facts.ReliantHeaders == 1 ? " relies" : "s rely",
                      A.Facts.ReliantHeaders == 1 ? "its" : "their",
                      A.Facts.ReliantUses, A.Facts.ReliantUses == 1 ? "" : "s",
                      A.Facts.ReliantHeaders == 1 ? "it does" : "they do",
                      A.Facts.ReliantHeaders == 1 ? "its" : "their");
  if (!Inc.Includes.empty() || A.Facts.ReliantHeaders)
    OS << "\n";

  // The top five problems: the offenders, then the edges to cut from the
  // largest component cycle.
  std::vector<std::string> Problems;
  for (const analysis::Offender &O : V.Offenders)
    Problems.push_back(fmt::format("**{}**: {}, {}{}", escapeMarkdown(O.Kind),
                                   code(O.Name), escapeMarkdown(O.Detail),
                                   O.Why.empty() ? "" : "; " + code(O.Why)));
  const LevelAnalysis &Comp = A.at(Level::Component);
  if (!Comp.Metrics.Cycles.empty())
    for (unsigned EI : Comp.Metrics.Cycles.front().Cut) {
      const Edge &E = Comp.Graph.edges()[EI];
      std::string Where;
      if (!E.Sites.empty())
        Where = fmt::format(" (first at {}:{})", code(E.Sites.front().File),
                            E.Sites.front().Line);
      std::string Advice = cutAdvice(E);
      Problems.push_back(fmt::format(
          "**cut** {} → {}: {} uses{}{}", code(Comp.Graph.nodes()[E.From].Name),
          code(Comp.Graph.nodes()[E.To].Name), E.Weight, Where,
          Advice.empty() ? "" : ": " + escapeMarkdown(Advice)));
    }
  if (!Problems.empty()) {
    OS << "\n### Top problems\n\n";
    for (size_t I = 0; I < Problems.size() && I < 5; ++I)
      OS << fmt::format("{}. {}\n", I + 1, Problems[I]);
  }
  if (T)
    writeDeclaredVsActual(analysis::checkDeclarations(*T, A), OS);
}

} // namespace strata::report
