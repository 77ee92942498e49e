//===- strata/analysis/Verdict.h - MVP or modular production? ---*- C++ -*-===//
//
// The classifier maps a few metrics of an Analysis, each between a "good"
// and a "bad" anchor, into one score in [0, 1]; at or above the threshold
// the codebase is a "tightly coupled MVP", below it a "modular production"
// system. Anchors, weights and threshold come from the literature (see
// docs/verdict.md) and are configurable.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_ANALYSIS_VERDICT_H
#define STRATA_ANALYSIS_VERDICT_H

#include "strata/graph/Analyze.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace strata::analysis {

inline constexpr llvm::StringLiteral MvpLabel = "tightly coupled MVP";
inline constexpr llvm::StringLiteral ProductionLabel = "modular production";

/// One metric's mapping: badness is 0 at or beyond Good, 1 at or beyond Bad,
/// linear in between (Good may be above Bad when higher is better).
struct Anchor {
  std::string Metric; ///< see metricNames()
  double Good = 0;
  double Bad = 1;
  double Weight = 1;
};

struct VerdictConfig {
  std::vector<Anchor> Anchors;
  double Threshold = 0.5;
  /// Module metrics of directory modules weigh this fraction of their
  /// anchor's weight: directories are a guess at the modules, configured
  /// groups are the team's statement of them (see verdict.md).
  double DirectoryModuleWeight = 0.5;
  /// Propagation cost is size-banded: for small graphs its anchors are
  /// raised to those of a balanced tree of the same size (see verdict.md).
  bool SizeBandedPropagationCost = true;
};

/// The anchors and weights of docs/verdict.md.
VerdictConfig defaultVerdictConfig();

/// The metric names anchors may use: core_size, propagation_cost,
/// component_cyclicity, module_cyclicity, nccd, modularity.
const std::vector<std::string> &metricNames();

/// The level \p Metric (one of metricNames()) is computed on.
graph::Level levelOfMetric(llvm::StringRef Metric);

/// Applies "NAME=GOOD,BAD[,WEIGHT]" to \p Config (replacing that metric's
/// anchor). Fails on an unknown name or malformed numbers.
llvm::Error applyAnchorSpec(VerdictConfig &Config, llvm::StringRef Spec);

enum class Band : uint8_t { Good, Fair, Bad };
llvm::StringRef toString(Band B);

/// What one metric contributed to the score.
struct Reason {
  std::string Metric;      ///< e.g. "core_size"
  std::string Description; ///< e.g. "core size (largest file cycle / files)"
  graph::Level On = graph::Level::Component; ///< the graph it is measured on
  double Value = 0;
  double Good = 0, Bad = 0; ///< the anchors actually used
  double Badness = 0;       ///< 0 (good) .. 1 (bad)
  double Weight = 0;
  double Contribution = 0; ///< Weight * Badness / sum of weights
  Band Level = Band::Good; ///< Good below 1/3 badness, Bad above 2/3
  /// How Value differs from the level's own metric, if it does ("cycles
  /// across modules only: ...").
  std::string Note;
};

/// A named place that makes the codebase worse.
struct Offender {
  std::string Kind;   ///< "largest cycle", "most depended-on component", ...
  std::string Name;   ///< the component, module or cycle's first member
  std::string Detail; ///< e.g. "11 components", "depended on by 14 of 15"
  std::vector<std::string> Files; ///< where to look
  /// The strata command that shows the lines behind it ("strata why
  /// --level component a b"), when one edge stands for it.
  std::string Why;
};

/// What one level's own structure says, by the thresholds of the source
/// that measured at that level (docs/verdict.md, "Levels").
enum class Lean : uint8_t {
  None,    ///< the level cannot say (a single module, directories that are
           ///< no units, no nodes)
  Modular, ///< hierarchical, acyclic
  Mixed,   ///< between the bands
  Tangled, ///< core-periphery, cyclic
};
llvm::StringRef toString(Lean L);

/// What one level says; its metrics are the Analysis's own (A.at(Level)).
struct LevelView {
  graph::Level Level = graph::Level::File;
  Lean Says = Lean::None;
  std::string Basis;   ///< e.g. "core size 2.9% < 4% (Baldwin et al. 2014)"
  bool Scored = false; ///< some scored metric is measured on it
};

struct Verdict {
  std::string Label; ///< MvpLabel or ProductionLabel
  double Score = 0;  ///< 0 (modular) .. 1 (tangled)
  double Threshold = 0.5;
  double Confidence = 0;                    ///< 0 .. 1
  std::vector<std::string> ConfidenceNotes; ///< why confidence is reduced
  std::vector<Reason> Reasons;              ///< in anchor order
  std::vector<Offender> Offenders;
  /// File, component and module level, side by side, so a reader sees where
  /// they disagree.
  std::vector<LevelView> Levels;
  /// Where the modules come from: "configured groups", "directories at
  /// depth 2", and whether they were judged real units.
  std::string Modules;
  bool ModulesAreUnits = false;
};

Verdict classify(const graph::Analysis &A, const VerdictConfig &Config);

} // namespace strata::analysis

#endif
