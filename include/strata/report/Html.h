//===- strata/report/Html.h - The architecture review report ----*- C++ -*-===//
//
// One self-contained HTML file (no network, no external scripts or fonts):
// the verdict and its reasons, a levelized dependency picture drawn as inline
// SVG, dependency structure matrices, the cycles with the edges to cut, the
// unused and forward-declarable includes, a sortable metrics table and
// Martin's A/I plot.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_REPORT_HTML_H
#define STRATA_REPORT_HTML_H

#include "strata/analysis/Verdict.h"
#include "strata/graph/Analyze.h"
#include "llvm/Support/raw_ostream.h"

namespace strata::report {

struct HtmlOptions {
  /// Above this many components, the component-level pictures (levelized
  /// SVG and DSM) are replaced by their module-level aggregates, and the
  /// report says so.
  unsigned MaxComponentsDrawn = 150;
  unsigned EvidencePerEdge = 5; ///< source lines listed under a cut edge
  /// Cut edges listed per cycle group; a huge group's cut is summarized
  /// after this many (the JSON analysis lists every one).
  unsigned CutEdgesListed = 100;
  /// Unused and forward-declarable includes listed, and reliant uses.
  unsigned IncludesListed = 200;
  std::string Title = "strata architecture report";
};

void writeHtmlReport(const graph::Analysis &A, const analysis::Verdict &V,
                     llvm::raw_ostream &OS, const HtmlOptions &Options = {});

} // namespace strata::report

#endif
