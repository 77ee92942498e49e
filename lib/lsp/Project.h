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

#include "strata/analysis/Config.h"
#include "strata/analysis/Diagnostics.h"
#include "strata/lsp/Server.h"
#include "llvm/Support/raw_ostream.h"
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace strata::lsp {

/// The diagnostics of some files, relative to the root.
using DiagnosticsByFile =
    std::map<std::string, std::vector<analysis::Diagnostic>>;
/// Called by a round with what it knows before it is done: the files the
/// user waits for, from their own TUs' fresh facts.
using EarlyDiagnostics = std::function<void(DiagnosticsByFile)>;

struct Project {
  std::string Root;
  std::vector<extract::CompileCommand> Commands;
  std::vector<facts::FactSet> PerTU; ///< in Commands' order
  facts::FactSet Merged;
  graph::IncludeReport Includes;
  /// By file, relative to Root; in reading order.
  DiagnosticsByFile Diagnostics;
  /// What the round that made it had to say, for the server's log.
  std::string Log;
  /// The last round's diagnostics of the files being saved: a saved
  /// source's first publish pairs its fresh include findings with them.
  DiagnosticsByFile Previous;
  /// The configuration the last analysis read.
  std::optional<analysis::Config> LastConfig;

  /// Parses every TU of the database and analyzes; returns how many TUs
  /// there are. \p Log gets one line per problem. The TUs of the sources
  /// in \p Open (absolute paths) are parsed first, and \p Early gets their
  /// diagnostics before the rest is parsed.
  size_t load(const ServerOptions &Options, llvm::raw_ostream &Log,
              const std::set<std::string> &Open = {},
              const EarlyDiagnostics &Early = nullptr);
  /// Re-parses the TUs of \p Paths (absolute; for a header, the TUs that
  /// read it) and analyzes again; returns how many TUs were parsed. A
  /// header's first reader is parsed first, with the header's old facts
  /// dropped from the others, and \p Early gets the saved files'
  /// diagnostics from it before the rest is parsed. Files in \p Texts
  /// (absolute path -> text) are parsed with that text, not the disk's.
  size_t reparse(const std::set<std::string> &Paths,
                 const ServerOptions &Options, llvm::raw_ostream &Log,
                 const EarlyDiagnostics &Early = nullptr,
                 const std::map<std::string, std::string> &Texts = {});

private:
  void recompute(const ServerOptions &Options, llvm::raw_ostream &Log);
  void parse(const std::vector<size_t> &Which, const ServerOptions &Options,
             const std::map<std::string, std::string> &Texts = {});
  DiagnosticsByFile diagnosticsOf(const std::set<std::string> &Files) const;
  DiagnosticsByFile ownFindings(const std::vector<size_t> &TUs) const;
};

} // namespace strata::lsp

#endif
