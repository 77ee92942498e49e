//===- strata/analysis/Rules.h - Checking an architecture -------*- C++ -*-===//
//
// `strata check` evaluates the configuration's layers, rules and thresholds
// on an Analysis and yields violations, each tied to the includes and uses
// that create it, with an identity that survives unrelated edits: a baseline
// records identities, never line numbers.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_ANALYSIS_RULES_H
#define STRATA_ANALYSIS_RULES_H

#include "strata/analysis/Config.h"
#include "strata/analysis/Verdict.h"
#include "strata/graph/Analyze.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace strata::analysis {

/// The rule kinds, as they appear in diagnostics and SARIF.
struct RuleInfo {
  const char *Id;          ///< "strata-layering"
  const char *Name;        ///< "Layering"
  const char *Description; ///< one sentence
  const char *Help;        ///< what to do about it
};
const std::vector<RuleInfo> &ruleInfos();

/// One dependency edge behind a violation, with the includes and uses that
/// create it.
struct ViolationEdge {
  std::string From, To; ///< node names at the rule's level
  std::vector<graph::Evidence> Sites;
  /// What cutting it takes, for a cycle's cut ("remove the include"); empty
  /// when nothing mechanical does.
  std::string Advice;
};

/// Errors fail `strata check`; warnings and information do not.
enum class Severity : uint8_t { Error, Warning, Information };

struct Violation {
  std::string Rule; ///< a RuleInfo::Id
  Severity Level = Severity::Error;
  /// The whole violation in one line: "module 'core' must not depend on
  /// 'ui' (layer rule: 'ui' is above 'core')".
  std::string Message;
  /// What is wrong with each of its edges, short enough to follow
  /// "FROM -> TO: " in a diagnostic of at most ~120 characters: "'core' is
  /// below 'ui' (layers)". Empty for violations without edges.
  std::string Reason;
  std::string From, To; ///< nodes the violation is about (may be empty)
  /// The edges that create it (the cut of a cycle, the steps of a path).
  /// Empty for thresholds, which point at the configuration.
  std::vector<ViolationEdge> Edges;
  /// More to say than fits the message, a line each: the cycle's members,
  /// the path between independent modules.
  std::vector<std::string> Context;
  /// Stable: the rule, the nodes and what the rule says; never lines.
  std::string Identity;
  /// Per evidence line "file|kind|entity" (no line numbers), sorted, unique:
  /// a baselined violation that gains a new one is new again.
  std::vector<std::string> EvidenceKeys;
};

/// \p V with its EvidenceKeys filled from its edges' sites.
Violation keyed(Violation V);

/// Every include and use behind \p V, edge by edge.
std::vector<graph::Evidence> evidenceOf(const Violation &V);

/// One warning per module name that \p C's layers or rules use and \p A's
/// module graph does not have: such a rule would never fire, without a word
/// (typically a configuration written for another project root).
std::vector<std::string> unknownModuleNames(const Config &C,
                                            const graph::Analysis &A);

/// Every violation of \p C on \p A (whose module graph was built with the
/// configuration's modules), sorted by rule, then identity.
std::vector<Violation> checkRules(const Config &C, const graph::Analysis &A,
                                  const Verdict &V);

/// A baseline: the violations a team has accepted for now.
struct Baseline {
  struct Entry {
    std::string Rule, Identity;
    std::vector<std::string> EvidenceKeys;
  };
  std::vector<Entry> Entries; ///< sorted by identity
};

Baseline makeBaseline(const std::vector<Violation> &Violations);
void writeBaselineJson(const Baseline &B, llvm::raw_ostream &OS);
llvm::Expected<Baseline> parseBaselineJson(llvm::StringRef Content,
                                           llvm::StringRef Path);
llvm::Expected<Baseline> readBaselineFile(llvm::StringRef Path);

/// What a baseline leaves of the current violations.
struct BaselineDiff {
  /// Violations not in the baseline, or with evidence the baseline lacks
  /// (then only that new evidence is kept).
  std::vector<Violation> New;
  /// Baseline entries, or evidence of entries, that no longer occur.
  std::vector<Baseline::Entry> Stale;
  size_t Suppressed = 0;
};

BaselineDiff applyBaseline(std::vector<Violation> Current, const Baseline &B);

} // namespace strata::analysis

#endif
