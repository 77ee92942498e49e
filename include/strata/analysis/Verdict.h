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
  unsigned Nodes = 0;  ///< nodes of the structure at this level
};

/// A unit's dependency on another unit of the same parent.
struct UnitDependency {
  unsigned To = 0;      ///< index into Verdict::Units
  unsigned Weight = 0;  ///< source lines behind it
  bool InCycle = false; ///< the two lie in one cycle of their parent's parts
};

/// What one unit says on its own (docs/verdict.md, "Units").
struct UnitVerdict {
  std::string Name; ///< "src/core", "[zstd]/compress", "src/*" (own files)
  int Parent = -1;
  std::vector<unsigned> Children;
  unsigned Depth = 0;
  unsigned Files = 0, Sources = 0;
  /// Large enough for the reports to show its label.
  bool Labelled = false;
  /// What it is to its parent, for people: "a program: nothing else in X
  /// depends on it", "most of X", "a module of X: ...", or "codebase".
  std::string Role;
  /// It counts in its parent's median with its own score (a program, or
  /// most of the parent); a module counts with its parent's own score.
  bool CountsOwn = true;
  std::string Label;
  double Score = 0, Confidence = 0;
  /// The structure between its parts (for a leaf, its whole structure),
  /// and the size-weighted median of its parts.
  double OwnScore = 0, PartsScore = 0;
  double OwnConfidence = 0; ///< judge()'s confidence in OwnScore
  bool DecidedByParts = false;
  /// Files in its largest cycle group, counting every cycle inside it, and
  /// the first few of them.
  unsigned LargestCycle = 0;
  std::vector<std::string> LargestCycleFiles;
  std::vector<UnitDependency> DependsOn; ///< sorted by weight, heaviest first
};

struct Verdict {
  std::string Label; ///< MvpLabel or ProductionLabel
  double Score = 0;  ///< 0 (modular) .. 1 (tangled)
  double Threshold = 0.5;
  double Confidence = 0;                    ///< 0 .. 1
  std::vector<std::string> ConfidenceNotes; ///< why confidence is reduced
  /// The structure between the codebase's top units (for a codebase of one
  /// unit, its whole structure), in anchor order.
  std::vector<Reason> Reasons;
  std::vector<Offender> Offenders;
  /// File, component and unit level of that structure, side by side, so a
  /// reader sees where they disagree.
  std::vector<LevelView> Levels;
  /// Where the units come from: "directories", "CMake targets",
  /// "configured groups".
  std::string Modules;
  /// Every unit, the codebase first (Units[0]); a parent before its
  /// children. The codebase's label is Units[0]'s.
  std::vector<UnitVerdict> Units;
  /// How the label follows from the units, for people.
  std::string Composition;
};

/// The numbers one structure is judged on: a whole codebase's or one
/// unit's. Cycle groups confined to one part are the part's own business
/// (judged in the part) and are left out of the cycle metrics here.
struct Structure {
  graph::GraphMetrics File, Component;
  /// The graph of its parts; Nodes < 2 when it has no parts.
  graph::GraphMetrics Parts;
  graph::ModuleSourceKind PartsFrom = graph::ModuleSourceKind::Directories;
  double ModularityQ = 0;
  size_t Sources = 0, TUs = 0, FailedTUs = 0;
  /// Largest cycle group inside one part, in files, and that part.
  unsigned LargestConfined = 0;
  unsigned ConfinedGroups = 0;
  std::string ConfinedWhere;
};

/// The rule of docs/verdict.md on one structure: reasons, score, label,
/// confidence and what each level says. No units, no offenders.
Verdict judge(const Structure &S, const VerdictConfig &Config);

/// The units a reader looks at first: labelled ones (Files >= 10), the
/// codebase first, in tree order, at most \p Max and at most \p MaxDepth
/// below the codebase. Indices into V.Units.
std::vector<unsigned> unitsForPeople(const Verdict &V, size_t Max,
                                     unsigned MaxDepth = 3);

/// "MVP" or "modular", for tables.
llvm::StringRef shortLabel(llvm::StringRef Label);

/// The places that make \p A worse: its largest component cycle, its most
/// depended-on component, its most unstable depended-on module, and up to
/// three god components.
std::vector<Offender> findOffenders(const graph::Analysis &A);

/// The codebase's verdict: every unit judged on its own and the label
/// composed from them (docs/verdict.md, "Units").
Verdict classify(const graph::Analysis &A, const VerdictConfig &Config);

} // namespace strata::analysis

#endif
