//===- strata/report/Diff.h - What a change did to the architecture -*- C++
//-*-===//
//
// `strata diff OLD.json NEW.json` compares two analysis files (from
// `strata analyze --format json` or `strata report --format json`), the
// pull-request view: module dependencies added and removed, cycles formed
// and broken, metric deltas and the verdict's change.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_REPORT_DIFF_H
#define STRATA_REPORT_DIFF_H

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>
#include <string>
#include <vector>

namespace strata::report {

struct ArchitectureDiff {
  struct Dependency {
    std::string From, To;
    unsigned Weight = 0;
  };
  struct Cycle {
    std::string Level; ///< "component" or "module"
    std::vector<std::string> Members;
  };
  struct MetricDelta {
    std::string Level, Metric;
    double Old = 0, New = 0;
    bool Share = false; ///< a fraction shown as a percentage
  };
  struct VerdictSide {
    std::string Label;
    double Score = 0;
  };

  std::vector<Dependency> AddedDependencies, RemovedDependencies;
  std::vector<Cycle> NewCycles, BrokenCycles;
  std::vector<MetricDelta> Metrics; ///< those that changed
  std::optional<VerdictSide> OldVerdict, NewVerdict;
};

/// Compares the analysis files \p OldJson and \p NewJson (their text);
/// the paths only name them in errors.
llvm::Expected<ArchitectureDiff> diffAnalyses(llvm::StringRef OldJson,
                                              llvm::StringRef OldPath,
                                              llvm::StringRef NewJson,
                                              llvm::StringRef NewPath);

void writeDiffText(const ArchitectureDiff &D, llvm::raw_ostream &OS);
void writeDiffMarkdown(const ArchitectureDiff &D, llvm::raw_ostream &OS);
void writeDiffJson(const ArchitectureDiff &D, llvm::raw_ostream &OS);

} // namespace strata::report

#endif
