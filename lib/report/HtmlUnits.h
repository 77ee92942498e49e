//===- HtmlUnits.h - The units section of the HTML report -------*- C++ -*-===//
#ifndef STRATA_LIB_REPORT_HTMLUNITS_H
#define STRATA_LIB_REPORT_HTMLUNITS_H

#include "strata/analysis/Verdict.h"
#include "llvm/Support/raw_ostream.h"

namespace strata::report {

/// The units of \p V as a treemap coloured by label, and their table.
void writeUnitsHtml(llvm::raw_ostream &OS, const analysis::Verdict &V);

} // namespace strata::report

#endif
