//===- strata/analysis/Config.h - .strata.yaml --------------------*- C++
//-*-===//
//
// The architecture a team wants, kept in the repository: modules as path
// globs, layers, dependency rules, thresholds that fail the build, the
// verdict's anchors, and paths to leave out. Read with LLVM's YAML IO; every
// error names the file, line and column. docs/config.md is the reference.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_ANALYSIS_CONFIG_H
#define STRATA_ANALYSIS_CONFIG_H

#include "strata/analysis/Verdict.h"
#include "strata/facts/Facts.h"
#include "llvm/Support/Error.h"
#include <optional>
#include <string>
#include <vector>

namespace strata::analysis {

/// A module: the files matching any of its globs (relative to the root).
struct ModuleSpec {
  std::string Name;
  std::vector<std::string> Paths;
};

/// What happens to a file no module glob matches.
enum class UnmatchedFiles : uint8_t {
  Directory, ///< it belongs to its directory module (as without a config)
  Report,    ///< it is reported as a violation of the module map
};

enum class LayerMode : uint8_t {
  Strict,  ///< a layer may use only the layer right below it
  Relaxed, ///< a layer may use any layer below it
};

struct LayerSpec {
  LayerMode Mode = LayerMode::Relaxed;
  std::vector<std::string> Order; ///< module names, top to bottom
};

/// "from must not depend on to" (optionally only by some edge kinds), or
/// "from may depend only on to".
struct EdgeRule {
  std::string From;
  std::vector<std::string> To;
  std::vector<std::string> Kinds; ///< include, call, base, ...; empty: all
};

struct RuleSpec {
  std::optional<EdgeRule> Forbidden;
  std::optional<EdgeRule> Allowed;
  /// None of these modules may depend on another, even transitively.
  std::optional<std::vector<std::string>> Independent;
  /// No cycle at this level (file, component, module, namespace, class).
  std::optional<std::string> Acyclic;
  unsigned Line = 0; ///< where the rule stands in the config
};

/// Limits that fail `strata check`; unset ones are not checked.
struct FailIf {
  std::optional<double> PropagationCostAbove; ///< component graph, 0..1
  std::optional<double> NCCDAbove;
  std::optional<double> CoreSizeAbove;           ///< 0..1
  std::optional<double> ComponentCyclicityAbove; ///< percent
  std::optional<unsigned> ModuleCyclesAbove;     ///< cycle groups
  std::optional<unsigned> ComponentCyclesAbove;  ///< cycle groups
  std::optional<std::string> VerdictIs;          ///< a verdict label
};

struct Config {
  std::string Path; ///< the file it came from; empty for the default
  std::vector<ModuleSpec> Modules;
  /// `modules: {from: cmake}`: the build's targets are the modules
  /// (analysis/Targets.h); "directories" or empty otherwise.
  std::string ModulesFrom;
  UnmatchedFiles Unmatched = UnmatchedFiles::Directory;
  std::optional<LayerSpec> Layers;
  std::vector<RuleSpec> Rules;
  FailIf Fail;
  VerdictConfig Verdict = defaultVerdictConfig();
  std::vector<std::string> Exclude; ///< path globs relative to the root
};

inline constexpr llvm::StringLiteral ConfigFileName = ".strata.yaml";

/// Parses a config's \p Content; \p Path names it in errors, which read
/// "path:line:col: message" (the first error; YAML syntax, unknown keys,
/// wrong types and bad values alike).
llvm::Expected<Config> parseConfig(llvm::StringRef Content,
                                   llvm::StringRef Path);

/// How diagnostics name \p C: its path, or ".strata.yaml" for the default.
inline std::string configName(const Config &C) {
  return C.Path.empty() ? std::string(ConfigFileName) : C.Path;
}

/// Reads and parses the config at \p Path.
llvm::Expected<Config> loadConfig(llvm::StringRef Path);

/// The nearest .strata.yaml in \p StartDir or its parents, as clang-tidy
/// finds .clang-tidy; empty when there is none.
std::string findConfig(llvm::StringRef StartDir);

/// Removes from \p Facts everything in files matching \p C's exclude globs:
/// their TUs, entities, includes and uses (reliant ones too). Includes and
/// uses of excluded files become external: no dependency, but still what
/// keeps an include used.
void applyExclusions(facts::FactSet &Facts, const Config &C);

/// One warning per module of \p C whose globs match no project file of
/// \p Facts: a configuration written for another project root, whose rules
/// would otherwise never fire without a word.
std::vector<std::string> modulesMatchingNothing(const Config &C,
                                                const facts::FactSet &Facts);

} // namespace strata::analysis

#endif
