//===- strata/report/Report.h - Writing analyses out ------------*- C++ -*-===//
//
// The last stage of the pipeline: an Analysis (graphs and metrics at every
// level) written for people (text) or for tools (JSON, schema in
// docs/analysis-schema.md). Writers only format; they compute nothing.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_REPORT_REPORT_H
#define STRATA_REPORT_REPORT_H

#include "strata/analysis/Targets.h"
#include "strata/analysis/Verdict.h"
#include "strata/graph/Analyze.h"
#include "llvm/Support/raw_ostream.h"

namespace strata::report {

/// Version of the analysis JSON; bump on any change of its schema.
inline constexpr int AnalysisVersion = 2;

struct TextOptions {
  unsigned TopCycles = 5;       ///< cycle groups listed
  unsigned TopNodes = 10;       ///< components listed
  unsigned EvidencePerEdge = 3; ///< source lines shown under an edge
  /// Unused and forward-declarable includes listed; 0 lists every one.
  unsigned IncludesListed = 10;
  bool ListReliant = false; ///< list every use of a reliant header
};

/// A concise summary: the verdict when \p V is given, one line per level,
/// the largest cycle groups with the edges to cut (and what cutting each
/// takes) and their source lines, the most depended-on components, the
/// unused and forward-declarable includes and the headers that rely on
/// their includer.
void writeAnalysisText(const graph::Analysis &A, llvm::raw_ostream &OS,
                       const TextOptions &Options = {},
                       const analysis::Verdict *V = nullptr);

/// The verdict on \p A: label, score, confidence, reasons, what each level
/// says and offenders.
void writeVerdictText(const graph::Analysis &A, const analysis::Verdict &V,
                      llvm::raw_ostream &OS);

/// Everything: the verdict when \p V is given, per-level summaries, nodes
/// with their metrics, edges with their evidence, cycle groups with their
/// cuts; with \p T (modules from CMake targets), each target's declared and
/// actual dependencies.
void writeAnalysisJson(const graph::Analysis &A, llvm::raw_ostream &OS,
                       const analysis::Verdict *V = nullptr,
                       const analysis::TargetModules *T = nullptr);

/// A short summary for a pull-request comment: verdict, key metrics and the
/// top five problems; with \p T, "declared vs actual": the dependencies to
/// add to and remove from target_link_libraries.
void writeMarkdown(const graph::Analysis &A, const analysis::Verdict &V,
                   llvm::raw_ostream &OS,
                   const analysis::TargetModules *T = nullptr);

/// The graph at \p At (file, component or module) for Graphviz: nodes
/// grouped by Lakos level (level 1 at the bottom), cycles in red, edges
/// labeled with their weights.
void writeDot(const graph::Analysis &A, graph::Level At, llvm::raw_ostream &OS);

/// The same picture as a Mermaid flowchart.
void writeMermaid(const graph::Analysis &A, graph::Level At,
                  llvm::raw_ostream &OS);

/// A metric's value as people read it: percentages for shares.
std::string formatMetric(llvm::StringRef Metric, double Value);

/// One source line: "file:line:col: kind entity", with " (link)" for link
/// evidence.
std::string evidenceText(const graph::Evidence &Ev);

/// An edge and up to \p MaxEvidence of its source lines, indented; with
/// \p ShowCut, what cutting it takes after its weight.
void writeEdgeText(const graph::DependencyGraph &G, unsigned EdgeIndex,
                   llvm::raw_ostream &OS, unsigned MaxEvidence,
                   llvm::StringRef Indent, bool ShowCut = false);

/// The include section of the text summary: counts, then up to \p Listed
/// (0: all) unused and forward-declarable includes, unused first.
void writeIncludesText(const graph::IncludeReport &R, llvm::raw_ostream &OS,
                       unsigned Listed);

/// The self-sufficiency section: reliant uses and headers counted, and with
/// \p List every use.
void writeReliantText(const graph::Analysis &A, llvm::raw_ostream &OS,
                      bool List);

/// A reliant use for people: "file:line: uses 'T' declared in f, which it
/// does not include".
std::string reliantText(const facts::UseFact &U);

/// A dependency path (edge indices) from `strata why`.
void writePathText(const graph::DependencyGraph &G,
                   const std::vector<unsigned> &Path, llvm::raw_ostream &OS,
                   unsigned MaxEvidence);

} // namespace strata::report

#endif
