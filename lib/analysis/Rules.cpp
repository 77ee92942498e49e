//===- Rules.cpp - Checking an architecture -------------------------------===//
#include "strata/analysis/Rules.h"

#include "strata/facts/Str.h"
#include "strata/graph/Path.h"
#include "strata/support/Json.h"
#include "strata/support/Output.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"
#include <fmt/format.h>
#include <nlohmann/json.hpp>

using namespace llvm;
using namespace strata::graph;
using nlohmann::json;

namespace strata::analysis {
namespace {

constexpr StringRef BaselineFormat = "strata-baseline";
constexpr int BaselineVersion = 1;

std::string evidenceKey(const Evidence &E) {
  return (E.File + "|" + E.Kind + "|" + E.Entity).str();
}

} // namespace

Violation keyed(Violation V) {
  // Sites written for the violation itself (a declaration in the build,
  // a file) may name strings nobody keeps: they are interned like facts'
  // (a graph's sites are already, and interning them again finds them).
  for (ViolationEdge &E : V.Edges)
    for (Evidence &Ev : E.Sites) {
      Ev.File = facts::Str(Ev.File);
      Ev.Kind = facts::Str(Ev.Kind);
      Ev.Entity = facts::Str(Ev.Entity);
    }
  V.EvidenceKeys.clear();
  for (const ViolationEdge &E : V.Edges)
    for (const Evidence &Ev : E.Sites)
      V.EvidenceKeys.push_back(evidenceKey(Ev));
  llvm::sort(V.EvidenceKeys);
  V.EvidenceKeys.erase(
      std::unique(V.EvidenceKeys.begin(), V.EvidenceKeys.end()),
      V.EvidenceKeys.end());
  return V;
}

namespace {

std::vector<Evidence> sitesOf(const Edge &E,
                              const std::vector<std::string> &Kinds = {}) {
  if (Kinds.empty())
    return E.Sites;
  std::vector<Evidence> Out;
  for (const Evidence &Ev : E.Sites)
    if (is_contained(Kinds, Ev.Kind))
      Out.push_back(Ev);
  return Out;
}

ViolationEdge edgeOf(const DependencyGraph &G, const Edge &E,
                     std::vector<Evidence> Sites) {
  return {G.nodes()[E.From].Name, G.nodes()[E.To].Name, std::move(Sites), ""};
}

std::optional<unsigned> edgeBetween(const DependencyGraph &G, unsigned From,
                                    unsigned To) {
  for (unsigned EI : G.outEdges(From))
    if (G.edges()[EI].To == To)
      return EI;
  return std::nullopt;
}

// "'a', 'b', 'c'", or the first \p Max and a count of the rest.
std::string quoteList(const std::vector<std::string> &Names,
                      size_t Max = SIZE_MAX) {
  std::string Out;
  for (size_t I = 0; I < Names.size() && I < Max; ++I)
    Out += (I ? ", '" : "'") + Names[I] + "'";
  if (Names.size() > Max)
    Out += fmt::format(" and {} more", Names.size() - Max);
  return Out;
}

void checkLayers(const LayerSpec &L, const DependencyGraph &G,
                 std::vector<Violation> &Out) {
  StringMap<unsigned> Index;
  for (unsigned I = 0; I < L.Order.size(); ++I)
    Index[L.Order[I]] = I;
  for (const Edge &E : G.edges()) {
    const std::string &From = G.nodes()[E.From].Name;
    const std::string &To = G.nodes()[E.To].Name;
    auto F = Index.find(From), T = Index.find(To);
    if (F == Index.end() || T == Index.end())
      continue;
    unsigned I = F->second, J = T->second;
    std::string Why, Reason;
    if (J < I) {
      Why = fmt::format("layer rule: '{}' is above '{}'", To, From);
      Reason = fmt::format("'{}' is below '{}' (layers)", From, To);
    } else if (L.Mode == LayerMode::Strict && J > I + 1) {
      Why = fmt::format("strict layers: '{}' may use only '{}', the next "
                        "layer down",
                        From, L.Order[I + 1]);
      Reason = fmt::format("'{}' may use only '{}' (strict layers)", From,
                           L.Order[I + 1]);
    } else {
      continue;
    }
    Out.push_back(
        keyed({.Rule = "strata-layering",
               .Message = fmt::format(
                   "module '{}' must not depend on '{}' ({})", From, To, Why),
               .Reason = std::move(Reason),
               .From = From,
               .To = To,
               .Edges = {edgeOf(G, E, E.Sites)},
               .Identity = "strata-layering|" + From + "|" + To}));
  }
}

void checkEdgeRules(const RuleSpec &R, const DependencyGraph &G,
                    std::vector<Violation> &Out) {
  if (R.Forbidden) {
    const EdgeRule &F = *R.Forbidden;
    std::optional<unsigned> From = G.find(F.From);
    for (const std::string &To : F.To) {
      std::optional<unsigned> T = G.find(To);
      if (!From || !T)
        continue;
      std::optional<unsigned> EI = edgeBetween(G, *From, *T);
      if (!EI)
        continue;
      std::vector<Evidence> Sites = sitesOf(G.edges()[*EI], F.Kinds);
      if (Sites.empty())
        continue;
      std::string By = F.Kinds.empty() ? "" : " by " + join(F.Kinds, ", ");
      Out.push_back(
          keyed({.Rule = "strata-forbidden",
                 .Message = fmt::format("module '{}' must not depend on '{}'{} "
                                        "(forbidden rule)",
                                        F.From, To, By),
                 .Reason = fmt::format("a forbidden dependency{} (rules)", By),
                 .From = F.From,
                 .To = To,
                 .Edges = {edgeOf(G, G.edges()[*EI], std::move(Sites))},
                 .Identity = "strata-forbidden|" + F.From + "|" + To + "|" +
                             join(F.Kinds, ",")}));
    }
  }
  if (R.Allowed) {
    const EdgeRule &A = *R.Allowed;
    std::optional<unsigned> From = G.find(A.From);
    if (!From)
      return;
    for (unsigned EI : G.outEdges(*From)) {
      const Edge &E = G.edges()[EI];
      const std::string &To = G.nodes()[E.To].Name;
      if (is_contained(A.To, To))
        continue;
      std::vector<Evidence> Sites = sitesOf(E, A.Kinds);
      if (Sites.empty())
        continue;
      Out.push_back(keyed(
          {.Rule = "strata-allowed",
           .Message = fmt::format("module '{}' may depend only on {}, not "
                                  "on '{}' (allowed rule)",
                                  A.From, quoteList(A.To), To),
           .Reason = fmt::format("'{}' may use only {} (rules)", A.From,
                                 quoteList(A.To, 3)),
           .From = A.From,
           .To = To,
           .Edges = {edgeOf(G, E, std::move(Sites))},
           .Identity = "strata-allowed|" + A.From + "|" + To}));
    }
  }
}

void checkIndependence(const std::vector<std::string> &Modules,
                       const DependencyGraph &G, std::vector<Violation> &Out) {
  for (const std::string &A : Modules)
    for (const std::string &B : Modules) {
      std::optional<unsigned> From = G.find(A), To = G.find(B);
      if (A == B || !From || !To)
        continue;
      std::optional<std::vector<unsigned>> Path = shortestPath(G, *From, *To);
      if (!Path)
        continue;
      std::string Through;
      Violation V{.Rule = "strata-independence", .From = A, .To = B};
      for (unsigned EI : *Path) {
        const Edge &E = G.edges()[EI];
        Through += (Through.empty() ? G.nodes()[E.From].Name : "") + " -> " +
                   G.nodes()[E.To].Name;
        V.Edges.push_back(edgeOf(G, E, E.Sites));
      }
      V.Message = fmt::format("modules '{}' and '{}' must be independent, but "
                              "'{}' depends on '{}' ({})",
                              A, B, A, B, Through);
      V.Reason =
          Path->size() == 1
              ? fmt::format("'{}' and '{}' must be independent (rules)", A, B)
              : fmt::format("a step from '{}' to '{}', which must be "
                            "independent (rules)",
                            A, B);
      if (Path->size() > 1)
        V.Context.push_back("the path: " + Through);
      V.Identity = "strata-independence|" + A + "|" + B;
      Out.push_back(keyed(std::move(V)));
    }
}

void checkAcyclic(StringRef LevelName, const LevelAnalysis &L,
                  std::vector<Violation> &Out) {
  const DependencyGraph &G = L.Graph;
  for (const CycleGroup &C : L.Metrics.Cycles) {
    std::vector<std::string> Members;
    for (unsigned V : C.Nodes)
      Members.push_back(G.nodes()[V].Name);
    std::string Cut;
    Violation V{.Rule = "strata-cycle", .From = Members.front()};
    for (unsigned EI : C.Cut) {
      const Edge &E = G.edges()[EI];
      ViolationEdge VE = edgeOf(G, E, E.Sites);
      VE.Advice = cutAdvice(E);
      Cut += (Cut.empty() ? "" : ", ") + VE.From + " -> " + VE.To +
             (VE.Advice.empty() ? "" : " (" + VE.Advice + ")");
      V.Edges.push_back(std::move(VE));
    }
    std::string Shown =
        Members.size() > 6
            ? join(Members.begin(), Members.begin() + 6, ", ") + ", ..."
            : join(Members, ", ");
    V.Message = fmt::format("{} cycle of {}: {}; cut {} to break it (acyclic "
                            "rule)",
                            LevelName.str(), Members.size(), Shown, Cut);
    V.Reason = fmt::format("cut it to break a {} cycle of {} (acyclic)",
                           LevelName.str(), Members.size());
    V.Context.push_back(
        fmt::format("the {} cycle: {}", LevelName.str(), join(Members, ", ")));
    V.Identity = "strata-cycle|" + LevelName.str() + "|" + join(Members, ",");
    Out.push_back(keyed(std::move(V)));
  }
}

void checkThresholds(const FailIf &F, const graph::Analysis &A,
                     const Verdict &V, std::vector<Violation> &Out) {
  const GraphMetrics &Comp = A.at(Level::Component).Metrics;
  const GraphMetrics &Mod = A.at(Level::Module).Metrics;
  auto Add = [&](std::string Message, StringRef Key) {
    Out.push_back(keyed({.Rule = "strata-threshold",
                         .Message = std::move(Message),
                         .Identity = "strata-threshold|" + Key.str()}));
  };
  auto Above = [&](StringRef Key, const std::optional<double> &Limit,
                   double Value, StringRef What, bool Share) {
    if (!Limit || Value <= *Limit)
      return;
    auto Show = [&](double X) {
      return Share ? fmt::format("{:.1f}%", 100 * X) : fmt::format("{:.2f}", X);
    };
    Add(fmt::format("{} is {}, above the limit {} (fail_if.{})", What.str(),
                    Show(Value), Show(*Limit), Key.str()),
        Key);
  };
  Above("propagation_cost_above", F.PropagationCostAbove, Comp.PropagationCost,
        "propagation cost of the component graph", true);
  Above("nccd_above", F.NCCDAbove, Comp.NCCD, "NCCD of the component graph",
        false);
  Above("core_size_above", F.CoreSizeAbove, Comp.CoreSize,
        "core size of the component graph", true);
  Above("component_cyclicity_above", F.ComponentCyclicityAbove,
        Comp.RelativeCyclicity / 100, "relative cyclicity of components", true);
  auto Cycles = [&](StringRef Key, const std::optional<unsigned> &Limit,
                    size_t Count, StringRef What) {
    if (Limit && Count > *Limit)
      Add(fmt::format("{} {} cycle groups, more than the limit {} (fail_if.{})",
                      Count, What.str(), *Limit, Key.str()),
          Key);
  };
  Cycles("module_cycles_above", F.ModuleCyclesAbove, Mod.Cycles.size(),
         "module");
  Cycles("component_cycles_above", F.ComponentCyclesAbove, Comp.Cycles.size(),
         "component");
  if (F.VerdictIs && V.Label == *F.VerdictIs)
    Add(fmt::format("the verdict is '{}' (score {:.2f}) (fail_if.verdict_is)",
                    V.Label, V.Score),
        "verdict_is");
}

void checkUnmatched(const Config &C, const graph::Analysis &A,
                    std::vector<Violation> &Out) {
  if (C.Unmatched != UnmatchedFiles::Report || C.Modules.empty())
    return;
  ModuleMap Modules(A.ModuleDepth, A.Modules);
  for (const Node &N : A.at(Level::File).Graph.nodes()) {
    if (Modules.inGroup(N.Name))
      continue;
    Out.push_back(
        keyed({.Rule = "strata-unmatched",
               .Message = fmt::format("file '{}' belongs to no module of the "
                                      "configuration (unmatched: report)",
                                      N.Name),
               .From = N.Name,
               .Edges = {{N.Name, "", {{N.Name, 1, 1, "file", ""}}, ""}},
               .Identity = "strata-unmatched|" + N.Name}));
  }
}

} // namespace

std::vector<Evidence> evidenceOf(const Violation &V) {
  std::vector<Evidence> Out;
  for (const ViolationEdge &E : V.Edges)
    llvm::append_range(Out, E.Sites);
  return Out;
}

const std::vector<RuleInfo> &ruleInfos() {
  static const std::vector<RuleInfo> Infos = {
      {"strata-layering", "Layering",
       "A module depends on a module above it in the configured layers, or, "
       "with strict layers, skips the layer right below it.",
       "Move the code to the right layer, or invert the dependency through "
       "an interface declared in the lower layer. Each location is an "
       "include or use that creates the dependency."},
      {"strata-forbidden", "Forbidden dependency",
       "A module depends on a module a 'forbidden' rule rules out.",
       "Remove the includes and uses listed, or change the rule in "
       ".strata.yaml if the dependency is now intended."},
      {"strata-allowed", "Dependency outside the allowed list",
       "A module depends on a module its 'allowed' rule does not list.",
       "Depend only on the listed modules, or add the module to the rule."},
      {"strata-independence", "Independence",
       "Two modules that must be independent depend on each other, directly "
       "or through other modules.",
       "Break the chain at one of the listed steps; the locations are the "
       "includes and uses of each step."},
      {"strata-cycle", "Dependency cycle",
       "Nodes of a level declared acyclic depend on each other in a cycle.",
       "Remove the dependencies listed as the edges to cut; strata picks a "
       "minimal set, preferring edges that go away with an unused include "
       "or a forward declaration, then the lightest."},
      {"strata-threshold", "Threshold",
       "A metric passed a limit set under fail_if in the configuration.",
       "Reduce the metric (see docs/metrics.md), or raise the limit."},
      {"strata-unmatched", "File outside every module",
       "A project file matches no module glob while 'unmatched: report' is "
       "set.",
       "Add the file's path to a module's globs, or exclude it."},
      {"strata-undeclared-dependency", "Undeclared build dependency",
       "Files of a CMake target use a target its target_link_libraries does "
       "not name: it builds only through another target's PUBLIC link or a "
       "leaked include path.",
       "Add the target to target_link_libraries (PRIVATE when only sources "
       "use it), or stop using it. The locations are the includes and uses."},
      {"strata-unused-dependency", "Unused build dependency",
       "A CMake target links a target none of its files uses. A note "
       "instead of an error when the dependency's sources define variables: "
       "it may register itself at static initialization.",
       "Remove it from target_link_libraries, at the line shown, unless it "
       "is linked for its static initializers."},
      {"strata-public-dependency", "PUBLIC dependency only sources use",
       "A CMake library links a target PUBLIC, but none of its headers uses "
       "it: its users get the dependency for nothing.",
       "Make it PRIVATE in target_link_libraries, at the line shown."},
  };
  return Infos;
}

std::vector<std::string> unknownModuleNames(const Config &C,
                                            const graph::Analysis &A) {
  const graph::DependencyGraph &G = A.at(graph::Level::Module).Graph;
  std::vector<std::string> Named;
  if (C.Layers)
    llvm::append_range(Named, C.Layers->Order);
  for (const RuleSpec &R : C.Rules) {
    for (const std::optional<EdgeRule> *E : {&R.Forbidden, &R.Allowed})
      if (*E) {
        Named.push_back((*E)->From);
        llvm::append_range(Named, (*E)->To);
      }
    if (R.Independent)
      llvm::append_range(Named, *R.Independent);
  }
  std::string Unknown;
  llvm::StringSet<> Said;
  for (const std::string &Name : Named)
    if (!G.find(Name) && Said.insert(Name).second)
      Unknown += (Unknown.empty() ? "'" : ", '") + Name + "'";
  if (Unknown.empty())
    return {};
  std::string Known;
  for (size_t I = 0; I < G.size() && I < 6; ++I)
    Known += (I ? ", " : "") + G.nodes()[I].Name;
  if (G.size() > 6)
    Known += ", ...";
  return {fmt::format("{}: its layers and rules name {} {}, which {} no "
                      "module here (modules: {}); module names and paths are "
                      "relative to the project root '{}'",
                      configName(C), Said.size() == 1 ? "module" : "modules",
                      Unknown, Said.size() == 1 ? "is" : "are", Known, A.Root)};
}

std::vector<Violation> checkRules(const Config &C, const graph::Analysis &A,
                                  const Verdict &V) {
  std::vector<Violation> Out;
  const DependencyGraph &Modules = A.at(Level::Module).Graph;
  if (C.Layers)
    checkLayers(*C.Layers, Modules, Out);
  for (const RuleSpec &R : C.Rules) {
    checkEdgeRules(R, Modules, Out);
    if (R.Independent)
      checkIndependence(*R.Independent, Modules, Out);
    if (R.Acyclic) {
      std::optional<Level> L = parseLevel(*R.Acyclic);
      assert(L && "the configuration reader checks levels");
      checkAcyclic(*R.Acyclic, A.at(*L), Out);
    }
  }
  checkThresholds(C.Fail, A, V, Out);
  checkUnmatched(C, A, Out);
  llvm::stable_sort(Out, [](const Violation &X, const Violation &Y) {
    return std::tie(X.Rule, X.Identity) < std::tie(Y.Rule, Y.Identity);
  });
  // A rule written twice in the configuration finds the same violations
  // twice; report each once.
  Out.erase(std::unique(Out.begin(), Out.end(),
                        [](const Violation &X, const Violation &Y) {
                          return X.Identity == Y.Identity;
                        }),
            Out.end());
  return Out;
}

Baseline makeBaseline(const std::vector<Violation> &Violations) {
  Baseline B;
  for (const Violation &V : Violations)
    B.Entries.push_back({V.Rule, V.Identity, V.EvidenceKeys});
  llvm::sort(B.Entries, [](const Baseline::Entry &X, const Baseline::Entry &Y) {
    return X.Identity < Y.Identity;
  });
  return B;
}

void writeBaselineJson(const Baseline &B, raw_ostream &OS) {
  json Entries = json::array();
  for (const Baseline::Entry &E : B.Entries)
    Entries.push_back({{"rule", E.Rule},
                       {"identity", E.Identity},
                       {"evidence", E.EvidenceKeys}});
  json Root = {{"format", BaselineFormat},
               {"version", BaselineVersion},
               {"violations", std::move(Entries)}};
  OS << dumpJson(Root, 1) << "\n";
}

Expected<Baseline> parseBaselineJson(StringRef Content, StringRef Path) {
  Expected<json> Parsed = parseJsonDocument(Content, Path);
  if (!Parsed)
    return Parsed.takeError();
  const json &Root = *Parsed;
  if (Error E =
          checkFormat(Root, Path, BaselineFormat, BaselineVersion, "baseline"))
    return E;
  Baseline B;
  try {
    for (const json &E : Root.at("violations"))
      B.Entries.push_back({E.at("rule").get<std::string>(),
                           E.at("identity").get<std::string>(),
                           E.at("evidence").get<std::vector<std::string>>()});
  } catch (const json::exception &E) {
    return fileError(Path, std::string("malformed baseline: ") + E.what());
  }
  for (Baseline::Entry &E : B.Entries)
    llvm::sort(E.EvidenceKeys);
  llvm::sort(B.Entries, [](const Baseline::Entry &X, const Baseline::Entry &Y) {
    return X.Identity < Y.Identity;
  });
  return B;
}

Expected<Baseline> readBaselineFile(StringRef Path) {
  auto Buffer = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer)
    return fileError(Path,
                     "cannot read baseline: " + Buffer.getError().message());
  return parseBaselineJson((*Buffer)->getBuffer(), Path);
}

BaselineDiff applyBaseline(std::vector<Violation> Current, const Baseline &B) {
  BaselineDiff D;
  StringMap<const Baseline::Entry *> Known;
  for (const Baseline::Entry &E : B.Entries)
    Known[E.Identity] = &E;
  StringMap<StringSet<>> SeenKeys;
  for (Violation &V : Current) {
    auto It = Known.find(V.Identity);
    StringSet<> &Seen = SeenKeys[V.Identity];
    for (const std::string &K : V.EvidenceKeys)
      Seen.insert(K);
    if (It == Known.end()) {
      D.New.push_back(std::move(V));
      continue;
    }
    const std::vector<std::string> &Accepted = It->second->EvidenceKeys;
    for (ViolationEdge &E : V.Edges)
      llvm::erase_if(E.Sites, [&](const Evidence &Ev) {
        return std::binary_search(Accepted.begin(), Accepted.end(),
                                  evidenceKey(Ev));
      });
    llvm::erase_if(V.Edges,
                   [](const ViolationEdge &E) { return E.Sites.empty(); });
    if (V.Edges.empty()) {
      ++D.Suppressed;
      continue;
    }
    D.New.push_back(keyed(std::move(V)));
  }
  for (const Baseline::Entry &E : B.Entries) {
    auto It = SeenKeys.find(E.Identity);
    if (It == SeenKeys.end()) {
      D.Stale.push_back(E);
      continue;
    }
    Baseline::Entry Gone{E.Rule, E.Identity, {}};
    for (const std::string &K : E.EvidenceKeys)
      if (!It->second.contains(K))
        Gone.EvidenceKeys.push_back(K);
    if (!Gone.EvidenceKeys.empty())
      D.Stale.push_back(std::move(Gone));
  }
  return D;
}

} // namespace strata::analysis
