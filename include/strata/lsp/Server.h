//===- strata/lsp/Server.h - strata as a language server --------*- C++ -*-===//
//
// `strata lsp` speaks the Language Server Protocol (JSON-RPC 2.0 over stdio)
// so that editors show, on the lines that cause them, the violations of
// .strata.yaml and the membership of component cycles. The project is
// analyzed once when the client says it is initialized; saving a file
// re-parses only its translation unit (for a header, the TUs that include
// it) and publishes again. The work runs in rounds on a worker thread while
// the server keeps reading: saves made during a round are coalesced into
// the next, and requests are answered from the last finished round.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_LSP_SERVER_H
#define STRATA_LSP_SERVER_H

#include "strata/extract/Extract.h"
#include "strata/graph/Analyze.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdio>

namespace strata::lsp {

struct ServerOptions {
  extract::ExtractOptions Extract;
  graph::AnalyzeOptions Analyze;
  std::string ConfigPath; ///< empty: .strata.yaml above the project root
  /// "cmake": modules are the targets of the File API reply in BuildDir
  /// (also with `modules: {from: cmake}` in the configuration).
  std::string Modules;
  std::string BuildDir;
  std::string Version; ///< reported in serverInfo
};

/// Serves one client on \p In and \p Out until it sends "exit". Returns the
/// process exit code: 0 after "shutdown" then "exit", 1 otherwise (as the
/// protocol asks). \p Log receives one line per problem; clients show stderr
/// in their server log.
int runServer(std::FILE *In, llvm::raw_ostream &Out, llvm::raw_ostream &Log,
              const ServerOptions &Options);

/// file:///a%20b/c.h -> /a b/c.h; empty for anything but a file URI.
std::string pathFromUri(llvm::StringRef Uri);
/// /a b/c.h -> file:///a%20b/c.h
std::string uriFromPath(llvm::StringRef Path);

} // namespace strata::lsp

#endif
