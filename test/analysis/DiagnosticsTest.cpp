//===- DiagnosticsTest.cpp - One diagnostic per file, edge and rule -------===//
#include "strata/analysis/Diagnostics.h"
#include "TestSupport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace strata;
using namespace strata::analysis;
using graph::Evidence;
using graph::NatureKind;
using ::testing::ElementsAre;

namespace {

Evidence use(const char *File, unsigned Line, unsigned Column,
             const char *Entity, NatureKind N = NatureKind::Compile) {
  return {File, Line, Column, "call", Entity, N};
}

Evidence include(const char *File, unsigned Line, const char *Spelled) {
  return {File, Line, 10, "include", Spelled, NatureKind::Compile};
}

// core -> ui (layers): core/app.cpp uses ui at lines 2 and 3, before its
// include at line 9 (sites are sorted by line, so the uses come first), and
// core/app.h includes ui once.
Violation layering() {
  Violation V;
  V.Rule = "strata-layering";
  V.Message = "module 'core' must not depend on 'ui' (layer rule: 'ui' is "
              "above 'core')";
  V.Reason = "'core' is below 'ui' (layers)";
  V.From = "core";
  V.To = "ui";
  V.Identity = "strata-layering|core|ui";
  V.Edges = {{"core",
              "ui",
              {use("core/app.cpp", 2, 3, "Console::print"),
               use("core/app.cpp", 2, 3, "Console::print", NatureKind::Link),
               use("core/app.cpp", 3, 5, "View::View"),
               include("core/app.cpp", 9, "ui/console.h"),
               include("core/app.h", 4, "ui/view.h")},
              ""}};
  return V;
}

std::vector<std::string> locations(const std::vector<Diagnostic> &Ds) {
  std::vector<std::string> Out;
  for (const Diagnostic &D : Ds)
    Out.push_back(D.File + ":" + std::to_string(D.Line) + ":" +
                  std::to_string(D.Column) + " " + D.Message);
  return Out;
}

} // namespace

// Two files with evidence of the one edge: two diagnostics, each at the
// file's include, not at its first use.
TEST(DiagnosticsTest, OnePerFileEdgeAndRuleAtTheInclude) {
  std::vector<Diagnostic> D = diagnose({layering()});
  EXPECT_THAT(locations(D),
              ElementsAre("core/app.cpp:9:10 core -> ui: 'core' is below "
                          "'ui' (layers)",
                          "core/app.h:4:10 core -> ui: 'core' is below 'ui' "
                          "(layers)"));
  EXPECT_EQ(D[0].Width, 14u); // "ui/console.h" with its quotes
  // The compile and link evidence of the call at 2:3 is one note, without
  // "(link)" since it is compile evidence too.
  std::vector<std::string> Notes;
  for (const Related &N : D[0].Notes)
    Notes.push_back(std::to_string(N.Line) + ":" + std::to_string(N.Column) +
                    " " + N.Message);
  EXPECT_THAT(Notes, ElementsAre("2:3 call Console::print", "3:5 call "
                                                            "View::View"));
  EXPECT_TRUE(D[1].Notes.empty());
  EXPECT_NE(D[0].Key, D[1].Key);
}

TEST(DiagnosticsTest, NotesAreCappedAndCounted) {
  Violation V = layering();
  std::vector<Evidence> &Sites = V.Edges[0].Sites;
  for (unsigned L = 20; L < 40; ++L)
    Sites.insert(Sites.end() - 1, use("core/app.cpp", L, 1, "Console::print"));
  // 2 + 20 other lines in core/app.cpp; 3 kept, 19 counted in a fourth.
  std::vector<Diagnostic> D = diagnose({V}, /*NoteCap=*/3);
  ASSERT_EQ(D.size(), 2u);
  ASSERT_EQ(D[0].Notes.size(), 4u);
  EXPECT_EQ(D[0].MoreNotes, 19u);
  EXPECT_EQ(D[0].Notes[3].Message,
            "and 19 more lines of this dependency in this file");
}

// A cycle cut at two edges from one file: one diagnostic per edge, each
// naming the other cut and the members in notes, the message short.
TEST(DiagnosticsTest, EachCutOfACycleIsItsOwnDiagnostic) {
  Violation V;
  V.Rule = "strata-cycle";
  V.Message = "module cycle of 3: a, b, c; cut a -> b, a -> c to break it";
  V.Reason = "cut it to break a module cycle of 3 (acyclic)";
  V.Context = {"the module cycle: a, b, c"};
  V.Identity = "strata-cycle|module|a,b,c";
  V.Edges = {{"a",
              "b",
              {include("a/x.cpp", 1, "b/y.h")},
              "remove the "
              "include"},
             {"a", "c", {include("a/x.cpp", 2, "c/z.h")}, ""}};
  std::vector<Diagnostic> D = diagnose({V});
  EXPECT_THAT(locations(D),
              ElementsAre("a/x.cpp:1:10 a -> b: cut it to break a module "
                          "cycle of 3 (acyclic)",
                          "a/x.cpp:2:10 a -> c: cut it to break a module "
                          "cycle of 3 (acyclic)"));
  std::vector<std::string> Notes;
  for (const Related &N : D[0].Notes)
    Notes.push_back(N.Message);
  EXPECT_THAT(Notes, ElementsAre("to cut it: remove the include",
                                 "the module cycle: a, b, c",
                                 "the other cuts: a -> c"));
}

TEST(DiagnosticsTest, ViolationsWithoutEdgesPointAtTheConfiguration) {
  Violation V;
  V.Rule = "strata-threshold";
  V.Message = "1 module cycle groups, more than the limit 0";
  std::vector<Diagnostic> D = diagnose({V});
  ASSERT_EQ(D.size(), 1u);
  EXPECT_TRUE(D[0].File.empty());
  EXPECT_EQ(D[0].Message, V.Message);
}

// b -> a -> b: both edges are members; the warnings sit on the includes
// only, one per file and edge, even where uses are many.
TEST(DiagnosticsTest, CycleMembershipWarnsOnTheIncludesThatCloseIt) {
  graph::Analysis A;
  A.Levels.resize(static_cast<size_t>(graph::Level::Component) + 1);
  graph::LevelAnalysis &L = A.Levels.back();
  graph::Edge AB{0, 1};
  AB.Sites = {include("a.cpp", 1, "b.h"), use("a.cpp", 5, 1, "B::f"),
              use("a.cpp", 6, 1, "B::f")};
  graph::Edge BA{1, 0};
  BA.Sites = {use("b.cpp", 7, 3, "A::g", NatureKind::Link)}; // link only
  graph::Node NA, NB;
  NA.Name = "a";
  NB.Name = "b";
  L.Graph = graph::DependencyGraph(graph::Level::Component, {NA, NB}, {AB, BA});
  L.Metrics.Cycles = {{{0, 1}, {0, 1}, {1}}};
  std::vector<Diagnostic> D = cycleMembership(A);
  EXPECT_THAT(locations(D),
              ElementsAre("a.cpp:1:10 a -> b: in a cycle of 2 components",
                          "b.cpp:7:3 b -> a: in a cycle of 2 components; "
                          "strata suggests cutting it"));
  EXPECT_EQ(D[0].Level, Severity::Warning);
  EXPECT_EQ(D[1].Width, 1u); // "g"
}

// a.cpp, one diagnostic per line 1-6 (rule strata-unused-include):
// 1 `// NOLINT(strata-unused-include)`: silenced, its rule named;
// 2 `// NOLINT(strata-*)`: silenced, a prefix of it;
// 3 `// NOLINT`: a bare NOLINT is clang-tidy's: kept;
// 4 `// NOLINTNEXTLINE(bugprone-x, strata)`, so line 5 is silenced and
//   line 4 itself kept;
// 6 `// NOLINT(strata-cycle)`: another rule: kept.
TEST(SuppressionsTest, NolintNamesStrataOrTheRule) {
  strata::test::TempDir Dir;
  Dir.write("a.cpp", "#include \"x.h\" // NOLINT(strata-unused-include)\n"
                     "#include \"y.h\" // NOLINT(strata-*)\n"
                     "#include \"z.h\" // NOLINT\n"
                     "// NOLINTNEXTLINE(bugprone-x, strata)\n"
                     "#include \"w.h\"\n"
                     "#include \"v.h\" // NOLINT(strata-cycle)\n");
  std::vector<Diagnostic> Ds;
  for (unsigned Line = 1; Line <= 6; ++Line) {
    Diagnostic D;
    D.Rule = "strata-unused-include";
    D.File = "a.cpp";
    D.Line = Line;
    Ds.push_back(D);
  }
  Diagnostic Config;
  Config.Rule = "strata-threshold"; // no file: never silenced
  Ds.push_back(Config);
  Suppressions S(Dir.path(""));
  dropSuppressed(Ds, S);
  std::vector<unsigned> Kept;
  for (const Diagnostic &D : Ds)
    Kept.push_back(D.Line);
  EXPECT_THAT(Kept, ElementsAre(3u, 4u, 6u, 0u));
}
