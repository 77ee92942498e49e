//===- Config.cpp - .strata.yaml ------------------------------------------===//
#include "strata/analysis/Config.h"

#include "strata/facts/Facts.h"
#include "strata/support/Output.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/thread.h"
#include <optional>

using namespace llvm;
using namespace strata::analysis;

namespace {

// What the YAML mapping sees of the verdict section; merged into the
// defaults afterwards, so a config can change one anchor and keep the rest.
struct VerdictYaml {
  std::optional<double> Threshold;
  std::optional<bool> SizeBandedPropagationCost;
  std::vector<Anchor> Anchors;
};

// `modules:` is a list of modules, or `{from: cmake}`.
struct ModulesFrom {
  std::string From;
};
// A scalar where the modules belong: an error at its position.
struct ModulesScalar {};
struct ModulesField {
  yaml::NodeKind Kind = yaml::NodeKind::Sequence;
  std::vector<ModuleSpec> List;
  ModulesFrom Map;
  ModulesScalar Scalar;
};

// The whole file as YAML sees it.
struct ConfigYaml {
  Config C;
  ModulesField Modules;
  VerdictYaml Verdict;
};

// Passed as the YAML context: the text, to turn a node into a line number.
struct ParseContext {
  StringRef Content;
  unsigned lineOf(const char *At) const {
    if (At < Content.begin() || At > Content.end())
      return 0;
    return 1 + StringRef(Content.begin(), At - Content.begin()).count('\n');
  }
};

bool isLevelName(StringRef S) {
  return is_contained({"file", "component", "module", "namespace", "class"}, S);
}

int kindsOf(const RuleSpec &R) {
  return R.Forbidden.has_value() + R.Allowed.has_value() +
         R.Independent.has_value() + R.Acyclic.has_value();
}

bool isEdgeKind(StringRef S) {
  return S == "include" || strata::facts::parseUseKind(S).has_value();
}

} // namespace

LLVM_YAML_IS_SEQUENCE_VECTOR(ModuleSpec)
LLVM_YAML_IS_SEQUENCE_VECTOR(RuleSpec)
LLVM_YAML_IS_SEQUENCE_VECTOR(Anchor)

namespace llvm::yaml {

template <> struct PolymorphicTraits<ModulesField> {
  static NodeKind getKind(const ModulesField &F) { return F.Kind; }
  static ModulesScalar &getAsScalar(ModulesField &F) {
    F.Kind = NodeKind::Scalar;
    return F.Scalar;
  }
  static ModulesFrom &getAsMap(ModulesField &F) {
    F.Kind = NodeKind::Map;
    return F.Map;
  }
  static std::vector<ModuleSpec> &getAsSequence(ModulesField &F) {
    F.Kind = NodeKind::Sequence;
    return F.List;
  }
};

template <> struct ScalarTraits<ModulesScalar> {
  static void output(const ModulesScalar &, void *, raw_ostream &) {}
  static StringRef input(StringRef, void *, ModulesScalar &) {
    return "expected a list of modules or {from: cmake}";
  }
  static QuotingType mustQuote(StringRef) { return QuotingType::None; }
};

template <> struct MappingTraits<ModulesFrom> {
  static void mapping(IO &IO, ModulesFrom &F) {
    IO.mapRequired("from", F.From);
  }
  static std::string validate(IO &, ModulesFrom &F) {
    if (F.From != "cmake" && F.From != "directories")
      return "modules: 'from' is 'cmake' (the build's targets) or "
             "'directories', not '" +
             F.From + "'";
    return "";
  }
};

template <> struct MappingTraits<ModuleSpec> {
  static void mapping(IO &IO, ModuleSpec &M) {
    IO.mapRequired("name", M.Name);
    IO.mapRequired("paths", M.Paths);
  }
  static std::string validate(IO &, ModuleSpec &M) {
    if (M.Name.empty())
      return "a module needs a non-empty 'name'";
    if (M.Paths.empty())
      return "module '" + M.Name + "' has no 'paths'";
    for (const std::string &P : M.Paths)
      if (Expected<GlobPattern> G = GlobPattern::create(P); !G)
        return "module '" + M.Name + "': invalid glob '" + P +
               "': " + toString(G.takeError());
    return "";
  }
};

template <> struct ScalarEnumerationTraits<UnmatchedFiles> {
  static void enumeration(IO &IO, UnmatchedFiles &V) {
    IO.enumCase(V, "directory", UnmatchedFiles::Directory);
    IO.enumCase(V, "report", UnmatchedFiles::Report);
  }
};

template <> struct ScalarEnumerationTraits<LayerMode> {
  static void enumeration(IO &IO, LayerMode &V) {
    IO.enumCase(V, "strict", LayerMode::Strict);
    IO.enumCase(V, "relaxed", LayerMode::Relaxed);
  }
};

template <> struct MappingTraits<LayerSpec> {
  static void mapping(IO &IO, LayerSpec &L) {
    IO.mapOptional("mode", L.Mode, LayerMode::Relaxed);
    IO.mapRequired("order", L.Order);
  }
  static std::string validate(IO &, LayerSpec &L) {
    if (L.Order.size() < 2)
      return "'layers' needs an 'order' of at least two modules, top first";
    return "";
  }
};

template <> struct MappingTraits<EdgeRule> {
  static void mapping(IO &IO, EdgeRule &R) {
    IO.mapRequired("from", R.From);
    IO.mapRequired("to", R.To);
    IO.mapOptional("kinds", R.Kinds);
  }
  static std::string validate(IO &, EdgeRule &R) {
    for (const std::string &K : R.Kinds)
      if (!isEdgeKind(K))
        return "unknown edge kind '" + K +
               "' (include, base, field, param, return, var, call, ref, "
               "template-arg, typedef, friend, new, delete, exception, "
               "macro, type)";
    return "";
  }
};

template <> struct MappingTraits<RuleSpec> {
  static void mapping(IO &IO, RuleSpec &R) {
    // Configurations are only ever read, so IO is an Input.
    if (auto *Ctx = static_cast<ParseContext *>(IO.getContext());
        Ctx && !IO.outputting())
      if (const Node *N = static_cast<Input &>(IO).getCurrentNode())
        R.Line = Ctx->lineOf(N->getSourceRange().Start.getPointer());
    IO.mapOptional("forbidden", R.Forbidden);
    IO.mapOptional("allowed", R.Allowed);
    IO.mapOptional("independent", R.Independent);
    IO.mapOptional("acyclic", R.Acyclic);
  }
  static std::string validate(IO &, RuleSpec &R) {
    // None at all is reported by the enclosing mapping: YAML IO checks for
    // unknown keys ("fobidden") only after this, and that is the error
    // worth showing.
    if (kindsOf(R) > 1)
      return "a rule is exactly one of 'forbidden', 'allowed', "
             "'independent' or 'acyclic'";
    // "allowed: {to: []}" means "may depend on nothing"; an empty forbidden
    // list means nothing at all.
    if (R.Forbidden && R.Forbidden->To.empty())
      return "'forbidden' lists no module in 'to'";
    if (R.Independent && R.Independent->size() < 2)
      return "'independent' needs at least two modules";
    if (R.Acyclic && !isLevelName(*R.Acyclic))
      return "'acyclic' takes a level: file, component, module, namespace "
             "or class, not '" +
             *R.Acyclic + "'";
    return "";
  }
};

template <> struct MappingTraits<FailIf> {
  static void mapping(IO &IO, FailIf &F) {
    IO.mapOptional("propagation_cost_above", F.PropagationCostAbove);
    IO.mapOptional("nccd_above", F.NCCDAbove);
    IO.mapOptional("core_size_above", F.CoreSizeAbove);
    IO.mapOptional("component_cyclicity_above", F.ComponentCyclicityAbove);
    IO.mapOptional("module_cycles_above", F.ModuleCyclesAbove);
    IO.mapOptional("component_cycles_above", F.ComponentCyclesAbove);
    IO.mapOptional("verdict_is", F.VerdictIs);
  }
  static std::string validate(IO &, FailIf &F) {
    for (const std::optional<double> *Share :
         {&F.PropagationCostAbove, &F.CoreSizeAbove})
      if (*Share && (**Share < 0 || **Share > 1))
        return "propagation_cost_above and core_size_above are shares "
               "from 0 to 1";
    if (F.VerdictIs && *F.VerdictIs != MvpLabel &&
        *F.VerdictIs != ProductionLabel)
      return "'verdict_is' takes '" + MvpLabel.str() + "' or '" +
             ProductionLabel.str() + "'";
    return "";
  }
};

template <> struct MappingTraits<Anchor> {
  static void mapping(IO &IO, Anchor &A) {
    IO.mapRequired("metric", A.Metric);
    IO.mapRequired("good", A.Good);
    IO.mapRequired("bad", A.Bad);
    IO.mapOptional("weight", A.Weight, 1.0);
  }
  static std::string validate(IO &, Anchor &A) {
    if (!is_contained(metricNames(), A.Metric))
      return "unknown metric '" + A.Metric +
             "' (known: " + join(metricNames(), ", ") + ")";
    if (A.Weight < 0)
      return "the weight must not be negative";
    return "";
  }
};

template <> struct MappingTraits<VerdictYaml> {
  static void mapping(IO &IO, VerdictYaml &V) {
    IO.mapOptional("threshold", V.Threshold);
    IO.mapOptional("size_banded_propagation_cost", V.SizeBandedPropagationCost);
    IO.mapOptional("anchors", V.Anchors);
  }
  static std::string validate(IO &, VerdictYaml &V) {
    if (V.Threshold && (*V.Threshold < 0 || *V.Threshold > 1))
      return "the verdict threshold is a score from 0 to 1";
    return "";
  }
};

template <> struct MappingTraits<ConfigYaml> {
  static void mapping(IO &IO, ConfigYaml &Y) {
    Config &C = Y.C;
    IO.mapOptional("modules", Y.Modules);
    IO.mapOptional("unmatched", C.Unmatched, UnmatchedFiles::Directory);
    IO.mapOptional("layers", C.Layers);
    IO.mapOptional("rules", C.Rules);
    IO.mapOptional("fail_if", C.Fail);
    IO.mapOptional("verdict", Y.Verdict);
    IO.mapOptional("exclude", C.Exclude);
  }
  static std::string validate(IO &, ConfigYaml &Y) {
    Y.C.Modules = std::move(Y.Modules.List);
    Y.C.ModulesFrom = Y.Modules.Map.From;
    const Config &C = Y.C;
    for (const RuleSpec &R : C.Rules)
      if (kindsOf(R) == 0)
        return "the rule on line " + std::to_string(R.Line) +
               " is none of 'forbidden', 'allowed', 'independent' or "
               "'acyclic'";
    for (const std::string &P : C.Exclude)
      if (Expected<GlobPattern> G = GlobPattern::create(P); !G)
        return "exclude: invalid glob '" + P + "': " + toString(G.takeError());
    StringSet<> Names;
    for (const ModuleSpec &M : C.Modules)
      if (!Names.insert(M.Name).second)
        return "module '" + M.Name + "' is defined twice";
    // With explicit modules, every module a layer or rule names must exist;
    // without them, modules are directories only the facts know.
    if (Names.empty())
      return "";
    auto Check = [&](const std::string &Name) -> std::string {
      return Names.contains(Name) ? "" : "unknown module '" + Name + "'";
    };
    std::string Problem;
    if (C.Layers)
      for (const std::string &L : C.Layers->Order)
        if (Problem.empty())
          Problem = Check(L);
    for (const RuleSpec &R : C.Rules) {
      std::vector<std::string> Named;
      for (const std::optional<EdgeRule> *E : {&R.Forbidden, &R.Allowed})
        if (*E) {
          Named.push_back((*E)->From);
          Named.insert(Named.end(), (*E)->To.begin(), (*E)->To.end());
        }
      if (R.Independent)
        Named.insert(Named.end(), R.Independent->begin(), R.Independent->end());
      for (const std::string &N : Named)
        if (Problem.empty())
          Problem = Check(N);
    }
    return Problem;
  }
};

} // namespace llvm::yaml

namespace strata::analysis {

namespace {

Expected<Config> parseConfigOnThisStack(StringRef Content, StringRef Path) {
  auto Positioned = [&](unsigned Line, unsigned Col, const Twine &Message) {
    return createStringError(inconvertibleErrorCode(),
                             Path + ":" + Twine(Line) + ":" + Twine(Col) +
                                 ": " + Message);
  };
  // YAML allows only spaces for indentation; LLVM's reader would let tabs
  // through and read the structure differently from every other tool.
  unsigned LineNo = 0;
  for (StringRef Rest = Content; !Rest.empty();) {
    auto [Line, Next] = Rest.split('\n');
    ++LineNo;
    size_t Indent = Line.find_first_not_of(" \t");
    StringRef Lead =
        Line.take_front(Indent == StringRef::npos ? Line.size() : Indent);
    if (size_t Tab = Lead.find('\t'); Tab != StringRef::npos)
      return Positioned(LineNo, Tab + 1,
                        "tab character in indentation (YAML allows only "
                        "spaces)");
    Rest = Next;
  }

  // Keep every diagnostic: an unknown key also makes the mapping it stands
  // in fail validation, and the unknown key is the one to report.
  std::vector<std::pair<std::string, bool>> Errors;
  auto OnDiagnostic = [](const SMDiagnostic &D, void *Out) {
    auto &All = *static_cast<std::vector<std::pair<std::string, bool>> *>(Out);
    // LLVM's YAML IO reads no aliases (so no "billion laughs" can expand);
    // it calls one an unknown node kind.
    StringRef Message = D.getMessage() == "unknown node kind"
                            ? "YAML anchors and aliases are not supported"
                            : D.getMessage();
    All.push_back({(Twine(D.getLineNo()) + ":" + Twine(D.getColumnNo() + 1) +
                    ": " + Message)
                       .str(),
                   D.getMessage().starts_with("unknown key")});
  };
  ParseContext Ctx{Content};
  ConfigYaml Y;
  // An empty file is an empty mapping: all defaults.
  if (!Content.trim().empty()) {
    yaml::Input In(Content, &Ctx, OnDiagnostic, &Errors);
    In >> Y;
    if (In.error()) {
      if (Errors.empty())
        return fileError(Path, "not a valid configuration");
      auto Best = llvm::find_if(Errors, [](const auto &E) { return E.second; });
      const std::string &Message =
          Best != Errors.end() ? Best->first : Errors.front().first;
      return createStringError(inconvertibleErrorCode(), Path + ":" + Message);
    }
  }
  Config C = std::move(Y.C);
  C.Path = std::string(Path);
  if (Y.Verdict.Threshold)
    C.Verdict.Threshold = *Y.Verdict.Threshold;
  if (Y.Verdict.SizeBandedPropagationCost)
    C.Verdict.SizeBandedPropagationCost = *Y.Verdict.SizeBandedPropagationCost;
  for (const Anchor &A : Y.Verdict.Anchors) {
    auto It = find_if(C.Verdict.Anchors,
                      [&](const Anchor &D) { return D.Metric == A.Metric; });
    if (It != C.Verdict.Anchors.end())
      *It = A;
    else
      C.Verdict.Anchors.push_back(A);
  }
  return C;
}

// A configuration is a page of YAML; anything far larger is not one.
constexpr size_t MaxConfigBytes = 128 << 10;
// LLVM's YAML reader recurses once per nesting level, at under 400 bytes of
// stack a level (measured: 20,000 levels fit in 8 MiB, 50,000 do not; a
// megabyte of "[" fits in 512 MiB). A file of MaxConfigBytes nests at most
// one level a byte, so this stack holds whatever passes the size check with
// room to spare, and stays small enough to be granted under a ulimit.
constexpr unsigned ParserStackBytes = 128u << 20;

} // namespace

Expected<Config> parseConfig(StringRef Content, StringRef Path) {
  if (Content.size() > MaxConfigBytes)
    return fileError(Path, "larger than 128 KiB; not a strata configuration");
  // The stack is reserved address space; only the pages a parse touches are
  // ever backed by memory.
  std::optional<Expected<Config>> Result;
  llvm::thread Parser(std::optional<unsigned>(ParserStackBytes), [&] {
    try {
      Result.emplace(parseConfigOnThisStack(Content, Path));
    } catch (const std::exception &E) { // e.g. out of memory
      Result.emplace(fileError(Path, Twine("cannot read: ") + E.what()));
    }
  });
  Parser.join();
  return std::move(*Result);
}

Expected<Config> loadConfig(StringRef Path) {
  auto Buffer = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer)
    return fileError(Path, "cannot read configuration: " +
                               Buffer.getError().message());
  return parseConfig((*Buffer)->getBuffer(), Path);
}

// The loader has rejected invalid globs already.
static std::vector<GlobPattern> compileGlobs(ArrayRef<std::string> In) {
  std::vector<GlobPattern> Globs;
  for (const std::string &G : In)
    if (Expected<GlobPattern> P = GlobPattern::create(G))
      Globs.push_back(std::move(*P));
    else
      consumeError(P.takeError());
  return Globs;
}

std::vector<std::string> modulesMatchingNothing(const Config &C,
                                                const facts::FactSet &Facts) {
  std::vector<std::string> Out;
  for (const ModuleSpec &M : C.Modules) {
    std::vector<GlobPattern> Globs = compileGlobs(M.Paths);
    bool Matched = any_of(Facts.Files, [&](const facts::FileFact &F) {
      return !F.External && any_of(Globs, [&](const GlobPattern &P) {
        return P.match(F.Path);
      });
    });
    if (!Matched)
      Out.push_back(
          configName(C) + ": module '" + M.Name +
          "' matches no project file; its paths are "
          "relative to the project root '" +
          Facts.Root +
          "' (set --project-root to the directory they are written for)");
  }
  return Out;
}

void applyExclusions(facts::FactSet &Facts, const Config &C) {
  std::vector<GlobPattern> Globs = compileGlobs(C.Exclude);
  if (Globs.empty())
    return;
  auto Excluded = [&](StringRef Path) {
    return any_of(Globs, [&](const GlobPattern &P) { return P.match(Path); });
  };
  auto Drop = [](auto &V, auto Pred) {
    V.erase(std::remove_if(V.begin(), V.end(), Pred), V.end());
  };
  Drop(Facts.TUs, [&](const facts::TUFact &T) { return Excluded(T.File); });
  Drop(Facts.Files, [&](const facts::FileFact &F) { return Excluded(F.Path); });
  Drop(Facts.Entities,
       [&](const facts::EntityFact &E) { return Excluded(E.File); });
  // What project files see of excluded ones stays, as external code: an
  // include that only leads to excluded code is still used, but neither
  // makes an edge.
  Drop(Facts.Includes,
       [&](const facts::IncludeFact &I) { return Excluded(I.File); });
  for (facts::IncludeFact &I : Facts.Includes)
    if (!I.Target.empty() && Excluded(I.Target))
      I.External = true;
  for (std::vector<facts::UseFact> *Uses : {&Facts.Uses, &Facts.Reliant}) {
    Drop(*Uses, [&](const facts::UseFact &U) { return Excluded(U.File); });
    for (facts::UseFact &U : *Uses)
      if (Excluded(U.TargetFile))
        U.External = true;
  }
}

std::string findConfig(StringRef StartDir) {
  SmallString<256> Dir;
  if (sys::fs::real_path(StartDir, Dir))
    Dir = StartDir;
  for (StringRef D = Dir; !D.empty(); D = sys::path::parent_path(D)) {
    SmallString<256> Candidate(D);
    sys::path::append(Candidate, ConfigFileName);
    if (sys::fs::is_regular_file(Candidate))
      return std::string(Candidate);
  }
  return "";
}

} // namespace strata::analysis
