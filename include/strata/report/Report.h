//===- strata/report/Report.h - Writing analyses out ------------*- C++ -*-===//
//
// The last stage of the pipeline: an Analysis (graphs and metrics at every
// level) written for people (text) or for tools (JSON, schema in
// docs/analysis-schema.md). Writers only format; they compute nothing.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_REPORT_REPORT_H
#define STRATA_REPORT_REPORT_H

#include "strata/graph/Analyze.h"
#include "llvm/Support/raw_ostream.h"

namespace strata::report {

/// Version of the analysis JSON; bump on any change of its schema.
inline constexpr int AnalysisVersion = 1;

struct TextOptions {
  unsigned TopCycles = 5;       ///< cycle groups listed
  unsigned TopNodes = 10;       ///< components listed
  unsigned EvidencePerEdge = 3; ///< source lines shown under an edge
};

/// A concise summary: one line per level, the largest cycle groups with the
/// edges to cut and their source lines, the most depended-on components.
void writeAnalysisText(const graph::Analysis &A, llvm::raw_ostream &OS,
                       const TextOptions &Options = {});

/// Everything: per-level summaries, nodes with their metrics, edges with
/// their evidence, cycle groups with their cuts.
void writeAnalysisJson(const graph::Analysis &A, llvm::raw_ostream &OS);

/// An edge and up to \p MaxEvidence of its source lines, indented.
void writeEdgeText(const graph::DependencyGraph &G, unsigned EdgeIndex,
                   llvm::raw_ostream &OS, unsigned MaxEvidence,
                   llvm::StringRef Indent);

/// A dependency path (edge indices) from `strata why`.
void writePathText(const graph::DependencyGraph &G,
                   const std::vector<unsigned> &Path, llvm::raw_ostream &OS,
                   unsigned MaxEvidence);

} // namespace strata::report

#endif
