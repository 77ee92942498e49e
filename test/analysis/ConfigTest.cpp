//===- ConfigTest.cpp - Reading .strata.yaml ------------------------------===//
//
// Error positions are counted by hand: "line:col" of the offending token.
//
//===----------------------------------------------------------------------===//
#include "strata/analysis/Config.h"
#include "strata/graph/Analyze.h"

#include "TestSupport.h"
#include <gmock/gmock.h>

using namespace strata::analysis;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

namespace {
std::string errorOf(llvm::StringRef Yaml) {
  auto C = parseConfig(Yaml, "cfg.yaml");
  return C ? std::string() : llvm::toString(C.takeError());
}
} // namespace

TEST(ConfigTest, FullConfiguration) {
  auto C = parseConfig(R"(modules:
  - name: app
    paths: ["app/*"]
  - {name: core, paths: ["core/*", "lib/*"]}
unmatched: report
layers:
  mode: strict
  order: [app, core]
rules:
  - forbidden: {from: core, to: [app], kinds: [include, call]}
  - allowed: {from: app, to: [core]}
  - independent: [app, core]
  - acyclic: component
fail_if:
  propagation_cost_above: 0.2
  module_cycles_above: 0
  verdict_is: tightly coupled MVP
verdict:
  threshold: 0.4
  anchors:
    - {metric: nccd, good: 1.5, bad: 5, weight: 0.3}
exclude: ["third_party/*"]
)",
                       "cfg.yaml");
  ASSERT_TRUE(bool(C)) << llvm::toString(C.takeError());
  ASSERT_EQ(C->Modules.size(), 2u);
  EXPECT_THAT(C->Modules[1].Paths, ElementsAre("core/*", "lib/*"));
  EXPECT_EQ(C->Unmatched, UnmatchedFiles::Report);
  ASSERT_TRUE(C->Layers.has_value());
  EXPECT_EQ(C->Layers->Mode, LayerMode::Strict);
  ASSERT_EQ(C->Rules.size(), 4u);
  EXPECT_THAT(C->Rules[0].Forbidden->Kinds, ElementsAre("include", "call"));
  EXPECT_EQ(C->Rules[0].Line, 10u);
  EXPECT_EQ(*C->Rules[3].Acyclic, "component");
  EXPECT_EQ(*C->Fail.PropagationCostAbove, 0.2);
  EXPECT_EQ(*C->Fail.ModuleCyclesAbove, 0u);
  EXPECT_EQ(*C->Fail.VerdictIs, "tightly coupled MVP");
  EXPECT_EQ(C->Verdict.Threshold, 0.4);
  // The nccd anchor is replaced; the other five keep their defaults.
  ASSERT_EQ(C->Verdict.Anchors.size(), 6u);
  EXPECT_EQ(C->Verdict.Anchors[4].Metric, "nccd");
  EXPECT_EQ(C->Verdict.Anchors[4].Good, 1.5);
  EXPECT_EQ(C->Verdict.Anchors[0].Bad, 0.25);
  EXPECT_THAT(C->Exclude, ElementsAre("third_party/*"));
}

TEST(ConfigTest, EmptyFileIsTheDefaults) {
  auto C = parseConfig("# nothing yet\n", "cfg.yaml");
  ASSERT_TRUE(bool(C));
  EXPECT_TRUE(C->Modules.empty());
  EXPECT_FALSE(C->Layers.has_value());
  EXPECT_EQ(C->Verdict.Anchors.size(), 6u);
}

// "  - fobidden:" -> the key starts at column 5 of line 2.
TEST(ConfigTest, UnknownKeyHasLineAndColumn) {
  EXPECT_EQ(errorOf("rules:\n  - fobidden: {from: a, to: [b]}\n"),
            "cfg.yaml:2:5: unknown key 'fobidden'");
}

// "unmatched: maybe" -> the value starts at column 12.
TEST(ConfigTest, BadEnumValueHasLineAndColumn) {
  EXPECT_THAT(errorOf("modules: []\nunmatched: maybe\n"),
              StartsWith("cfg.yaml:2:12: "));
}

// "modules: 3" -> the scalar 3 at column 10 where a list belongs.
TEST(ConfigTest, WrongTypeHasLineAndColumn) {
  EXPECT_THAT(errorOf("modules: 3\n"), StartsWith("cfg.yaml:1:10: "));
  EXPECT_THAT(errorOf("fail_if:\n  nccd_above: high\n"),
              StartsWith("cfg.yaml:2:15: "));
}

TEST(ConfigTest, RuleMustBeExactlyOneKind) {
  // YAML IO points at the first key of the flow mapping: column 6.
  EXPECT_THAT(errorOf("rules:\n  - {acyclic: module, independent: [a, b]}\n"),
              AllOf(StartsWith("cfg.yaml:2:6: "),
                    HasSubstr("a rule is exactly one of")));
  EXPECT_EQ(errorOf("rules:\n  - {}\n"),
            "cfg.yaml:1:1: the rule on line 2 is none of 'forbidden', "
            "'allowed', 'independent' or 'acyclic'");
  EXPECT_THAT(errorOf("rules:\n  - acyclic: modules\n"),
              HasSubstr("'acyclic' takes a level"));
  EXPECT_THAT(
      errorOf("rules:\n  - forbidden: {from: a, to: [b], kinds: [calls]}\n"),
      HasSubstr("unknown edge kind 'calls'"));
}

TEST(ConfigTest, NamesMustBeDefinedModules) {
  EXPECT_THAT(errorOf("modules:\n  - {name: a, paths: [\"a/*\"]}\n"
                      "layers: {order: [a, b]}\n"),
              HasSubstr("unknown module 'b'"));
  EXPECT_THAT(errorOf("modules:\n  - {name: a, paths: [\"a/*\"]}\n"
                      "  - {name: a, paths: [\"b/*\"]}\n"),
              HasSubstr("module 'a' is defined twice"));
}

TEST(ConfigTest, BadValues) {
  EXPECT_THAT(errorOf("fail_if: {verdict_is: messy}\n"),
              HasSubstr("'verdict_is' takes"));
  EXPECT_THAT(
      errorOf("verdict: {anchors: [{metric: speed, good: 1, bad: 2}]}\n"),
      HasSubstr("unknown metric 'speed'"));
  EXPECT_THAT(errorOf("verdict: {threshold: 3}\n"),
              HasSubstr("threshold is a score from 0 to 1"));
  EXPECT_THAT(errorOf("exclude: [\"[z-a]\"]\n"), HasSubstr("invalid glob"));
  EXPECT_THAT(errorOf("layers: {order: [a]}\n"), HasSubstr("at least two"));
}

// YAML forbids tabs for indentation; the error points at the tab.
TEST(ConfigTest, TabsAreErrors) {
  EXPECT_EQ(errorOf("modules:\n  \t- {name: a, paths: [\"a/*\"]}\n"),
            "cfg.yaml:2:3: tab character in indentation (YAML allows only "
            "spaces)");
  // A tab inside a value is fine.
  EXPECT_EQ(errorOf("exclude: [\"a\tb\"]\n"), "");
}

TEST(ConfigTest, NotAMapping) {
  EXPECT_EQ(errorOf("- a\n- b\n"), "cfg.yaml:1:1: not a mapping");
}

TEST(ConfigTest, FoundByWalkingUp) {
  strata::test::TempDir Dir;
  std::string Cfg = Dir.write(".strata.yaml", "");
  Dir.write("src/deep/a.cpp", "");
  EXPECT_EQ(findConfig(Dir.path("src/deep")), Cfg);
  EXPECT_EQ(findConfig("/"), "");
}

// third_party/* is excluded. app.cpp includes wrap.h (line 1), which
// includes third_party/lib.h; app.cpp uses Lib (declared there) through
// wrap.h. The use and wrap.h's include become external instead of
// disappearing, so the include of wrap.h still counts as used, but no edge
// leads into third_party. Facts written in excluded files go, reliant uses
// included.
TEST(ConfigTest, ExclusionsKeepWhatIncludesAreUsedFor) {
  using namespace strata::facts;
  FactSet F;
  F.Root = "/p";
  for (const char *P : {"app.cpp", "wrap.h", "third_party/lib.h"})
    F.Files.push_back({P, false, "", true});
  F.Includes.push_back(
      {"app.cpp", 1, 10, "wrap.h", "wrap.h", false, false, false});
  F.Includes.push_back({"wrap.h", 1, 10, "third_party/lib.h",
                        "third_party/lib.h", false, false, false});
  F.Includes.push_back(
      {"third_party/lib.h", 1, 10, "wrap.h", "wrap.h", false, false, false});
  UseFact U;
  U.File = "app.cpp";
  U.Line = 3;
  U.Kind = UseKind::Base;
  U.Target = "Lib";
  U.TargetKind = EntityKind::Class;
  U.TargetFile = "third_party/lib.h";
  U.NeedsDefinition = true;
  U.Via = 1;
  F.Uses.push_back(U);
  UseFact R = U;
  R.File = "third_party/lib.h";
  R.TargetFile = "app.cpp";
  F.Reliant.push_back(R);
  F.normalize();
  Config C;
  C.Exclude = {"third_party/*"};
  applyExclusions(F, C);
  ASSERT_EQ(F.Includes.size(), 2u); // the one in lib.h is gone
  EXPECT_TRUE(F.Includes[1].External);
  ASSERT_EQ(F.Uses.size(), 1u);
  EXPECT_TRUE(F.Uses[0].External);
  EXPECT_TRUE(F.Reliant.empty());
  strata::graph::Analysis A = strata::graph::analyze(F, {});
  ASSERT_EQ(A.Includes.Includes.size(), 1u);
  EXPECT_EQ(A.Includes.Includes[0].File, "app.cpp");
  EXPECT_EQ(A.Includes.Includes[0].Status,
            strata::graph::IncludeStatusKind::Used);
  EXPECT_EQ(A.at(strata::graph::Level::File).Graph.edges().size(), 1u);
}

// A configuration written for another project root: its module globs say
// src/... while the facts' paths start below src/. Each such module is
// named once, with the root its paths are taken from; a module that
// matches a file, or only an external one, is judged by project files.
TEST(ConfigTest, ModulesMatchingNothingAreNamed) {
  auto C = parseConfig(R"(modules:
  - name: core
    paths: ["src/core/*"]
  - name: ui
    paths: ["ui/*"]
  - name: vendored
    paths: ["third_party/*"]
)",
                       "/p/.strata.yaml");
  ASSERT_TRUE(bool(C)) << llvm::toString(C.takeError());
  strata::facts::FactSet F;
  F.Root = "/p/src";
  F.Files.push_back({"core/app.cpp", false, "", true});
  F.Files.push_back({"ui/view.cpp", false, "", true});
  F.Files.push_back({"third_party/x.h", true, "", true}); // external
  std::vector<std::string> W = modulesMatchingNothing(*C, F);
  ASSERT_EQ(W.size(), 2u);
  EXPECT_THAT(W[0], StartsWith("/p/.strata.yaml: module 'core' matches no "
                               "project file"));
  EXPECT_THAT(W[0], HasSubstr("relative to the project root '/p/src'"));
  EXPECT_THAT(W[1], HasSubstr("module 'vendored'"));
}

// `modules:` is a list of modules or where they come from.
TEST(ConfigTest, ModulesFromTheBuildsTargets) {
  auto C = parseConfig("modules: {from: cmake}\nrules:\n  - acyclic: module\n",
                       "cfg.yaml");
  ASSERT_TRUE(bool(C)) << llvm::toString(C.takeError());
  EXPECT_EQ(C->ModulesFrom, "cmake");
  EXPECT_TRUE(C->Modules.empty());
  EXPECT_THAT(errorOf("modules: {from: bazel}\n"),
              HasSubstr("'from' is 'cmake' (the build's targets) or "
                        "'directories', not 'bazel'"));
  EXPECT_THAT(errorOf("modules: {form: cmake}\n"),
              HasSubstr("missing required key 'from'"));
}
