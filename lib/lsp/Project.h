//===- Project.h - What the language server knows of the project -*- C++
//-*-===//
//
// The state a round of work leaves: each TU's facts, their merge, the
// include verdicts and the diagnostics of every file. A round runs on a
// worker thread on a Project of its own; the server answers requests from
// the last finished one meanwhile.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_LIB_LSP_PROJECT_H
#define STRATA_LIB_LSP_PROJECT_H

#include "strata/analysis/Diagnostics.h"
#include "strata/lsp/Server.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <set>
#include <string>
#include <vector>

namespace strata::lsp {

struct Project {
  std::string Root;
  std::vector<extract::CompileCommand> Commands;
  std::vector<facts::FactSet> PerTU; ///< in Commands' order
  facts::FactSet Merged;
  graph::IncludeReport Includes;
  /// By file, relative to Root; in reading order.
  std::map<std::string, std::vector<analysis::Diagnostic>> Diagnostics;
  /// What the round that made it had to say, for the server's log.
  std::string Log;

  /// Parses every TU of the database and analyzes; returns how many TUs
  /// there are. \p Log gets one line per problem.
  size_t load(const ServerOptions &Options, llvm::raw_ostream &Log);
  /// Re-parses the TUs of \p Paths (for a header, the TUs that include it)
  /// and analyzes again; returns how many TUs were parsed.
  size_t reparse(const std::set<std::string> &Paths,
                 const ServerOptions &Options, llvm::raw_ostream &Log);

private:
  void recompute(const ServerOptions &Options, llvm::raw_ostream &Log);
};

} // namespace strata::lsp

#endif
