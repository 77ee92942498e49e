//===- HtmlReport.cpp - The architecture review report --------------------===//
// Placeholder: being written.
#include "strata/report/Html.h"

namespace strata::report {
void writeHtmlReport(const graph::Analysis &, const analysis::Verdict &,
                     llvm::raw_ostream &OS, const HtmlOptions &) {
  OS << "<!DOCTYPE html>\n";
}
} // namespace strata::report
