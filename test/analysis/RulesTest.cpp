//===- RulesTest.cpp - Rules and baselines on hand-built facts ------------===//
//
// Four directory modules a, b, c, d. a/x.cpp includes b/y.h (line 1) and
// d/w.h (line 4) and calls B::f (line 10); b/y.h includes c/z.h (line 2);
// c/z.h includes a/x.h (line 3). Module edges: a->b (weight 2), a->d, b->c,
// c->a: a, b and c form a cycle.
//
//===----------------------------------------------------------------------===//
#include "strata/analysis/Rules.h"

#include <gmock/gmock.h>

using namespace strata;
using namespace strata::analysis;
using namespace strata::facts;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

namespace {

FactSet sampleFacts(unsigned LineShift = 0, bool WithCycle = true) {
  FactSet F;
  F.Root = "/p";
  for (const char *P : {"a/x.cpp", "a/x.h", "b/y.h", "c/z.h", "d/w.h"})
    F.Files.push_back({P, false, "", true});
  auto Inc = [&](const char *From, unsigned Line, const char *To) {
    F.Includes.push_back(
        {From, Line + LineShift, 10, To, To, false, false, false});
  };
  Inc("a/x.cpp", 1, "b/y.h");
  Inc("b/y.h", 2, "c/z.h");
  if (WithCycle)
    Inc("c/z.h", 3, "a/x.h");
  Inc("a/x.cpp", 4, "d/w.h");
  UseFact U;
  U.File = "a/x.cpp";
  U.Line = 10 + LineShift;
  U.Column = 3;
  U.Kind = UseKind::Call;
  U.Target = "B::f";
  U.TargetKind = EntityKind::Method;
  U.TargetFile = "b/y.h";
  U.TargetLine = 1;
  F.Uses.push_back(U);
  F.normalize();
  return F;
}

Config config(llvm::StringRef Yaml) {
  auto C = parseConfig(Yaml, ".strata.yaml");
  EXPECT_TRUE(bool(C)) << llvm::toString(C.takeError());
  return C ? *C : Config();
}

std::vector<Violation> check(const Config &C,
                             const FactSet &F = sampleFacts()) {
  graph::AnalyzeOptions O;
  O.ModuleDepth = 1;
  for (const ModuleSpec &M : C.Modules)
    O.Modules.push_back({M.Name, M.Paths});
  graph::Analysis A = graph::analyze(F, O);
  return checkRules(C, A, classify(A, C.Verdict));
}

std::vector<std::string> messages(const std::vector<Violation> &Vs) {
  std::vector<std::string> Out;
  for (const Violation &V : Vs)
    Out.push_back(V.Message);
  return Out;
}

std::string where(const Violation &V) {
  const graph::Evidence &E = V.Edges.front().Sites.front();
  return E.File.str() + ":" + std::to_string(E.Line) + ":" +
         std::to_string(E.Column);
}

} // namespace

TEST(RulesTest, RelaxedLayersForbidUpwardEdges) {
  auto V = check(config("layers: {order: [a, b, c]}\n"));
  ASSERT_EQ(V.size(), 1u);
  EXPECT_EQ(V[0].Rule, "strata-layering");
  EXPECT_EQ(V[0].Message, "module 'c' must not depend on 'a' (layer rule: "
                          "'a' is above 'c')");
  EXPECT_EQ(where(V[0]), "c/z.h:3:10");
  EXPECT_EQ(V[0].Identity, "strata-layering|c|a");
}

// a -> d skips b in strict layers a, b, d; c -> a is outside them.
TEST(RulesTest, StrictLayersForbidSkipping) {
  auto V = check(config("layers: {mode: strict, order: [a, b, d]}\n"));
  EXPECT_THAT(messages(V), ElementsAre("module 'a' must not depend on 'd' "
                                       "(strict layers: 'a' may use only "
                                       "'b', the next layer down)"));
}

// Only the call is forbidden, so only the call is evidence.
TEST(RulesTest, ForbiddenByKind) {
  auto V = check(
      config("rules:\n  - forbidden: {from: a, to: [b], kinds: [call]}\n"));
  ASSERT_EQ(V.size(), 1u);
  EXPECT_EQ(V[0].Message,
            "module 'a' must not depend on 'b' by call (forbidden rule)");
  ASSERT_EQ(evidenceOf(V[0]).size(), 1u);
  EXPECT_EQ(where(V[0]), "a/x.cpp:10:3");
  EXPECT_THAT(V[0].EvidenceKeys, ElementsAre("a/x.cpp|call|B::f"));
}

TEST(RulesTest, AllowedOnly) {
  auto V = check(config("rules:\n  - allowed: {from: a, to: [b]}\n"));
  EXPECT_THAT(messages(V), ElementsAre("module 'a' may depend only on 'b', "
                                       "not on 'd' (allowed rule)"));
  EXPECT_EQ(where(V[0]), "a/x.cpp:4:10");
}

// a reaches c through b; c reaches a directly.
TEST(RulesTest, IndependenceIsTransitive) {
  auto V = check(config("rules:\n  - independent: [a, c]\n"));
  EXPECT_THAT(messages(V),
              ElementsAre("modules 'a' and 'c' must be independent, but 'a' "
                          "depends on 'c' (a -> b -> c)",
                          "modules 'c' and 'a' must be independent, but 'c' "
                          "depends on 'a' (c -> a)"));
  // Evidence of every step: a->b (include and call), then b->c.
  ASSERT_EQ(V[0].Edges.size(), 2u);
  EXPECT_EQ(V[0].Edges[0].Sites.size(), 2u);
  EXPECT_EQ(V[0].Edges[1].Sites.size(), 1u);
  EXPECT_EQ(V[0].Edges[1].From, "b");
  EXPECT_EQ(V[0].Reason, "a step from 'a' to 'c', which must be independent "
                         "(rules)");
}

TEST(RulesTest, AcyclicLevel) {
  auto V = check(config("rules:\n  - acyclic: module\n"));
  ASSERT_EQ(V.size(), 1u);
  EXPECT_EQ(V[0].Rule, "strata-cycle");
  EXPECT_EQ(V[0].Identity, "strata-cycle|module|a,b,c");
  // No use is attributed to an include (the call has no via): every
  // include is unused. a -> b also holds the call, so the cheap edges
  // b -> c and c -> a are the candidates; the heuristic puts a first
  // (largest out - in cost), b next, c last, and cuts c -> a.
  EXPECT_EQ(V[0].Message, "module cycle of 3: a, b, c; cut c -> a (remove the "
                          "include) to break it (acyclic rule)");
  EXPECT_TRUE(check(config("rules:\n  - acyclic: module\n"),
                    sampleFacts(0, /*WithCycle=*/false))
                  .empty());
}

TEST(RulesTest, Thresholds) {
  auto V = check(config(
      "fail_if: {module_cycles_above: 0, propagation_cost_above: 0.99}\n"));
  EXPECT_THAT(messages(V),
              ElementsAre("1 module cycle groups, more than the "
                          "limit 0 (fail_if.module_cycles_above)"));
  EXPECT_TRUE(V[0].Edges.empty());
}

TEST(RulesTest, ConfiguredModulesAndUnmatchedFiles) {
  Config C = config("modules:\n"
                    "  - {name: front, paths: [\"a/*\", \"b/*\"]}\n"
                    "  - {name: back, paths: [\"c/*\"]}\n"
                    "unmatched: report\n"
                    "layers: {order: [front, back]}\n");
  auto V = check(C);
  // c/z.h -> a/x.h is back -> front; d/w.h matches no module.
  EXPECT_THAT(messages(V),
              ElementsAre("module 'back' must not depend on 'front' (layer "
                          "rule: 'front' is above 'back')",
                          "file 'd/w.h' belongs to no module of the "
                          "configuration (unmatched: report)"));
}

TEST(BaselineTest, UnrelatedLineShiftsStayGreen) {
  Config C = config("layers: {order: [a, b, c]}\nrules:\n"
                    "  - allowed: {from: a, to: [b]}\n");
  Baseline B = makeBaseline(check(C));
  ASSERT_EQ(B.Entries.size(), 2u);
  BaselineDiff D = applyBaseline(check(C, sampleFacts(/*LineShift=*/7)), B);
  EXPECT_THAT(D.New, IsEmpty());
  EXPECT_THAT(D.Stale, IsEmpty());
  EXPECT_EQ(D.Suppressed, 2u);
}

TEST(BaselineTest, NewViolationFailsAndFixedOneIsStale) {
  Config C = config("layers: {order: [a, b, c]}\n");
  Baseline B = makeBaseline(check(C));
  // Fixed: without c -> a the layer violation is gone.
  BaselineDiff Fixed = applyBaseline(check(C, sampleFacts(0, false)), B);
  EXPECT_THAT(Fixed.New, IsEmpty());
  ASSERT_EQ(Fixed.Stale.size(), 1u);
  EXPECT_EQ(Fixed.Stale[0].Identity, "strata-layering|c|a");
  // New: d now includes a, another upward edge (d is not a layer, so use a
  // rule that covers it).
  Config Wider = config("layers: {order: [a, b, c, d]}\n");
  Baseline Old = makeBaseline(check(Wider));
  FactSet More = sampleFacts();
  More.Includes.push_back(
      {"d/w.h", 1, 10, "a/x.h", "a/x.h", false, false, false});
  More.normalize();
  BaselineDiff D = applyBaseline(check(Wider, More), Old);
  EXPECT_THAT(messages(D.New), ElementsAre("module 'd' must not depend on "
                                           "'a' (layer rule: 'a' is above "
                                           "'d')"));
}

// A baselined dependency gains a use from another file: that use is new.
TEST(BaselineTest, NewEvidenceOfABaselinedViolationIsNew) {
  Config C = config("layers: {order: [a, b, c]}\n");
  Baseline B = makeBaseline(check(C));
  FactSet More = sampleFacts();
  UseFact U;
  U.File = "c/z.h";
  U.Line = 9;
  U.Column = 1;
  U.Kind = UseKind::Call;
  U.Target = "A::g";
  U.TargetKind = EntityKind::Function;
  U.TargetFile = "a/x.h";
  More.Uses.push_back(U);
  More.normalize();
  BaselineDiff D = applyBaseline(check(C, More), B);
  ASSERT_EQ(D.New.size(), 1u);
  ASSERT_EQ(evidenceOf(D.New[0]).size(), 1u);
  EXPECT_EQ(where(D.New[0]), "c/z.h:9:1");
}

TEST(BaselineTest, JsonRoundTripAndErrors) {
  Baseline B = makeBaseline(check(config("layers: {order: [a, b, c]}\n")));
  std::string S;
  llvm::raw_string_ostream OS(S);
  writeBaselineJson(B, OS);
  auto Back = parseBaselineJson(S, "b.json");
  ASSERT_TRUE(bool(Back));
  ASSERT_EQ(Back->Entries.size(), 1u);
  EXPECT_EQ(Back->Entries[0].EvidenceKeys, B.Entries[0].EvidenceKeys);
  auto Bad = parseBaselineJson("{\"format\": \"strata-baseline\", "
                               "\"version\": 9}",
                               "b.json");
  ASSERT_FALSE(bool(Bad));
  EXPECT_EQ(llvm::toString(Bad.takeError()),
            "b.json: baseline version 9 is not supported (this strata reads "
            "1)");
}

// Layers and rules written for another project root name modules the graph
// does not have (src/a for a): one warning names each unknown name once,
// and no known one.
TEST(RulesTest, UnknownModuleNamesAreSaidOnce) {
  Config C = config(R"(layers:
  order: [src/a, b]
rules:
  - forbidden: {from: b, to: [src/a, c]}
  - independent: [d, e]
)");
  graph::AnalyzeOptions O;
  O.ModuleDepth = 1;
  graph::Analysis A = graph::analyze(sampleFacts(), O); // modules a, b, c, d
  EXPECT_THAT(unknownModuleNames(C, A),
              ElementsAre(".strata.yaml: its layers and rules name modules "
                          "'src/a', 'e', which are no module here (modules: "
                          "a, b, c, d); module names and paths are relative "
                          "to the project root '/p'"));
  EXPECT_THAT(unknownModuleNames(config("layers:\n  order: [a, b]\n"), A),
              ::testing::IsEmpty());
}
