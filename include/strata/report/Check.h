//===- strata/report/Check.h - Violations for editors and CI ----*- C++ -*-===//
//
// `strata check` results in the two forms tools consume: clang-style
// diagnostics (file:line:col: error: message [rule]) that editors' and CI's
// problem matchers pick up, and SARIF 2.1.0 for code-scanning uploads.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_REPORT_CHECK_H
#define STRATA_REPORT_CHECK_H

#include "strata/analysis/Rules.h"
#include "llvm/Support/raw_ostream.h"

namespace strata::report {

struct CheckOutput {
  std::string Root;       ///< project root; evidence paths are relative to it
  std::string ConfigPath; ///< where threshold violations point
  std::string WorkingDir; ///< diagnostics show paths relative to it
  std::string ToolVersion;
};

/// One error per (file, dependency edge, rule) of the violations at the
/// edge's first evidence in the file (analysis/Diagnostics.h), its notes, a
/// warning per stale baseline entry, and a summary line.
void writeDiagnostics(const std::vector<analysis::Violation> &New,
                      const analysis::BaselineDiff *Baseline,
                      const CheckOutput &Out, llvm::raw_ostream &OS);

/// A SARIF 2.1.0 log: one rule per rule kind with its help text, one result
/// per diagnostic with locations relative to the root (uriBaseId
/// PROJECTROOT), its notes as related locations, and fingerprints from the
/// stable identities.
void writeSarif(const std::vector<analysis::Violation> &New,
                const CheckOutput &Out, llvm::raw_ostream &OS);

/// The pull-request summary: the count of new violations, the verdict when
/// \p V is given, the baseline, a table by rule and the first diagnostics.
void writeCheckMarkdown(const std::vector<analysis::Violation> &New,
                        const analysis::BaselineDiff *Baseline,
                        const analysis::Verdict *V, const CheckOutput &Out,
                        llvm::raw_ostream &OS);

} // namespace strata::report

#endif
