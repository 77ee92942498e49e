//===- strata/analysis/Diagnostics.h - What a person reads ------*- C++ -*-===//
//
// Violations become diagnostics one per (file, dependency edge, rule), at the
// first evidence of that edge in that file, normally its #include. The other
// evidence lines of the edge in the file and what the violation has more to
// say (a cycle's members, the other cuts, a path) become related
// information, so a line carries one squiggle per rule and the message stays
// one short line. `strata check` (text and SARIF) and `strata lsp` render
// these same diagnostics.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_ANALYSIS_DIAGNOSTICS_H
#define STRATA_ANALYSIS_DIAGNOSTICS_H

#include "strata/analysis/Rules.h"
#include "strata/graph/Analyze.h"
#include <map>
#include <string>
#include <vector>

namespace strata::analysis {

struct Related {
  std::string File; ///< relative to the root
  unsigned Line = 0, Column = 0;
  std::string Message;
};

struct Diagnostic {
  std::string Rule; ///< "strata-layering", "strata-cycle-member", ...
  Severity Level = Severity::Error;
  /// Relative to the root; empty for a violation of the configuration as a
  /// whole (a threshold), which points at the configuration file.
  std::string File;
  unsigned Line = 0, Column = 0; ///< 1-based; 0 when File is empty
  unsigned Width = 1;            ///< characters the range covers on the line
  std::string Message;           ///< one line, "FROM -> TO: reason"
  /// The edge's other evidence lines in the file, at most the cap given
  /// (then a note counting the rest), and what the violation has more to
  /// say.
  std::vector<Related> Notes;
  size_t MoreNotes = 0; ///< evidence lines beyond the cap
  /// The violation's identity with the edge and the file: stable across
  /// unrelated edits (SARIF fingerprints).
  std::string Key;
};

/// Evidence lines kept as notes per diagnostic; the rest are counted.
inline constexpr size_t DefaultNoteCap = 10;

/// "include \"ui/console.h\"", "call Warehouse::ship (link)".
std::string describeEvidence(const graph::Evidence &E);

/// The diagnostics of \p Violations, in their order, each violation's
/// edges in order, the files of an edge in path order.
std::vector<Diagnostic> diagnose(const std::vector<Violation> &Violations,
                                 size_t NoteCap = DefaultNoteCap);

/// Warnings for the editor: one per (file, edge) of every component cycle,
/// on the #include lines that close it (an edge without includes, made by
/// link-time uses only, at its first use), with the cycle and the suggested
/// cut as notes.
std::vector<Diagnostic> cycleMembership(const graph::Analysis &A,
                                        size_t NoteCap = DefaultNoteCap);

/// Information for the editor: every unused and forward-declarable include,
/// the ones the language server offers to fix.
std::vector<Diagnostic> includeFindings(const graph::Analysis &A);

/// strata's own suppressions, in the manner of clang-tidy's: a diagnostic
/// is silenced by `// NOLINT(names)` on its line or `// NOLINTNEXTLINE(names)`
/// on the line before, where names is a comma-separated list holding
/// `strata`, its rule (`strata-unused-include`) or a prefix of it ending in
/// `*` (`strata-*`). A bare NOLINT, meant for clang-tidy, silences nothing
/// of strata's. Source lines are read from the files under the root.
class Suppressions {
public:
  explicit Suppressions(std::string Root) : Root(std::move(Root)) {}
  bool silences(const Diagnostic &D);

private:
  const std::vector<std::string> &linesOf(const std::string &File);
  std::string Root;
  std::map<std::string, std::vector<std::string>> Lines;
};

/// Drops from \p Diagnostics those \p S silences.
void dropSuppressed(std::vector<Diagnostic> &Diagnostics, Suppressions &S);

/// Drops from \p Violations those whose every diagnostic in a file is
/// silenced (a violation of the configuration as a whole stays).
void dropSuppressed(std::vector<Violation> &Violations, Suppressions &S);

} // namespace strata::analysis

#endif
