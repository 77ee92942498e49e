//===- UnitsTest.cpp - Units, and a verdict that composes -----------------===//
//
// Small codebases written as facts: files, includes and uses. Each part of
// a test codebase is either one cycle (every file reaches every other:
// core size, propagation cost and cyclicity all at their bad anchors, score
// 1) or one chain (acyclic), so the scores that compose are known by hand.
//
//===----------------------------------------------------------------------===//
#include "strata/analysis/Units.h"
#include "strata/analysis/Verdict.h"

#include "graph/FactBuilder.h"
#include <cmath>
#include <fmt/format.h>
#include <gmock/gmock.h>

using namespace strata;
using namespace strata::analysis;
using namespace strata::graph;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

struct Code {
  test::FactBuilder B;
  unsigned Line = 1;

  void dep(const std::string &From, const std::string &To) {
    B.use(From, Line++, facts::UseKind::TypeUse, "T" + To,
          facts::EntityKind::Class, To, 0, true);
  }
  // Files Dir/NAME0.cpp .. each depending on the next, the last on the
  // first when \p Cycle. Returns the paths.
  std::vector<std::string> part(const std::string &Dir, const std::string &Name,
                                unsigned N, bool Cycle) {
    std::vector<std::string> Files;
    for (unsigned I = 0; I < N; ++I) {
      Files.push_back(fmt::format("{}/{}{}.cpp", Dir, Name, I));
      B.file(Files.back());
    }
    for (unsigned I = 0; I + 1 < N; ++I)
      dep(Files[I], Files[I + 1]);
    if (Cycle && N > 1)
      dep(Files.back(), Files.front());
    return Files;
  }
  Analysis analysis() { return analyze(B.done(), {}); }
  Verdict verdict() { return classify(analysis(), defaultVerdictConfig()); }
};

const UnitVerdict &unit(const Verdict &V, llvm::StringRef Name) {
  for (const UnitVerdict &U : V.Units)
    if (U.Name == Name)
      return U;
  static UnitVerdict None;
  ADD_FAILURE() << "no unit " << Name.str();
  return None;
}

std::vector<std::string> names(const UnitTree &T) {
  std::vector<std::string> Out;
  for (const Unit &U : T.Units)
    Out.push_back(U.Name);
  return Out;
}

// Propagation cost's good anchor for N files: a balanced tree's PC.
double treePC(double N) { return ((N + 1) * std::log2(N + 1) - N) / (N * N); }

// An MVP program in two directories of 5: one cycle through all 10 files,
// alternating between a/ and b/. Core size across the parts 10/10, PC 1,
// component cyclicity 100%, part cyclicity 100%: every badness 1, score 1.
void mvpProgram(Code &C, const std::string &Prefix) {
  std::vector<std::string> Files;
  for (unsigned I = 0; I < 10; ++I) {
    Files.push_back(fmt::format("{}{}/f{}.cpp", Prefix, I % 2 ? "b" : "a", I));
    C.B.file(Files.back());
  }
  for (unsigned I = 0; I < 10; ++I)
    C.dep(Files[I], Files[(I + 1) % 10]);
}

} // namespace

// Lakos: a header lives with its component's source. x.h and y.h go to
// the sources that include them first (same stem: w.cpp includes x.h
// first too); w.h to the one source of its stem that depends on it;
// common.h, first included by none, stays.
TEST(UnitsTest, HeadersGoWithTheirSourcesAcrossIncludeAndSrc) {
  Code C;
  for (const char *F :
       {"include/lib/x.h", "include/lib/y.h", "include/lib/w.h",
        "include/lib/common.h", "src/a/x.cpp", "src/b/y.cpp", "src/b/w.cpp"})
    C.B.file(F);
  C.B.include("src/a/x.cpp", 1, "include/lib/x.h");
  C.B.include("src/a/x.cpp", 2, "include/lib/common.h");
  C.B.include("src/b/y.cpp", 1, "include/lib/y.h");
  C.B.include("src/b/w.cpp", 1, "include/lib/x.h");
  C.B.include("src/b/w.cpp", 2, "include/lib/w.h");
  C.B.include("src/b/w.cpp", 3, "include/lib/common.h");
  Analysis A = C.analysis();
  UnitTree T = unitTree(A);
  const DependencyGraph &G = A.at(Level::File).Graph;
  auto HomeOf = [&](llvm::StringRef Path) { return T.Home[*G.find(Path)]; };
  EXPECT_EQ(HomeOf("include/lib/x.h"), "src/a");
  EXPECT_EQ(HomeOf("include/lib/y.h"), "src/b");
  EXPECT_EQ(HomeOf("include/lib/w.h"), "src/b");
  EXPECT_EQ(HomeOf("include/lib/common.h"), "include/lib");
  EXPECT_EQ(T.HeadersMoved, 3u);
  // include/ holds one directory, include/lib: it collapses.
  EXPECT_THAT(names(T),
              ElementsAre(".", "include/lib", "src", "src/a", "src/b"));
  EXPECT_EQ(T.Units[0].Files.size(), 7u);
  EXPECT_EQ(T.Units[3].Files.size(), 2u); // src/a: x.cpp and x.h
  EXPECT_EQ(T.Units[4].Files.size(), 4u); // src/b: y, w and their headers
}

// A directory with files of its own and subdirectories gets a part for
// its own files, so that every file is in one leaf.
TEST(UnitsTest, OwnFilesAreAPart) {
  Code C;
  C.part("tool", "main", 2, false);
  C.part("tool/compat", "shim", 2, false);
  UnitTree T = unitTree(C.analysis());
  EXPECT_THAT(names(T), ElementsAre("tool", "tool/*", "tool/compat"));
  EXPECT_TRUE(T.Units[1].OwnFiles);
  EXPECT_EQ(T.Units[0].Sources, 4u);
}

// Wrapping the whole tree in one more directory changes nothing but the
// names.
TEST(ComposeTest, WrappingChangesNothing) {
  Code Plain, Wrapped;
  mvpProgram(Plain, "");
  mvpProgram(Wrapped, "outer/more/");
  Verdict P = Plain.verdict(), W = Wrapped.verdict();
  EXPECT_EQ(P.Units[0].Name, ".");
  EXPECT_EQ(W.Units[0].Name, "outer/more");
  EXPECT_EQ(P.Label, W.Label);
  EXPECT_DOUBLE_EQ(P.Score, W.Score);
  EXPECT_DOUBLE_EQ(P.Confidence, W.Confidence);
  ASSERT_EQ(P.Units.size(), W.Units.size());
}

// One MVP program scores 1 (see mvpProgram); K disjoint copies are K
// programs, each counting with its own score: the median is 1 and the
// confidence that of one copy.
TEST(ComposeTest, DisjointCopiesGetTheLabelOfOne) {
  Code One;
  mvpProgram(One, "");
  Verdict V1 = One.verdict();
  EXPECT_EQ(V1.Label, MvpLabel);
  EXPECT_NEAR(V1.Score, 1.0, 1e-12);
  for (unsigned K : {2u, 5u}) {
    Code Many;
    for (unsigned I = 0; I < K; ++I)
      mvpProgram(Many, fmt::format("svc{}/", I));
    Verdict V = Many.verdict();
    EXPECT_EQ(V.Label, MvpLabel) << K;
    EXPECT_NEAR(V.Score, 1.0, 1e-12) << K;
    EXPECT_GE(V.Confidence, V1.Confidence - 1e-12) << K;
    EXPECT_TRUE(V.Units[0].DecidedByParts) << K;
    EXPECT_THAT(unit(V, "svc0").Role, HasSubstr("a program"));
  }
}

// A library: api/ (a chain of 6) uses core/ (a cycle of 4). core is a
// module of the codebase (api depends on it, 4 of 10 files): its cycle is
// its cohesion, and it counts with the codebase's own score. The codebase's
// own structure has no cycle across parts; its PC is (4 x 4 for core + 5 +
// 6 + ... + 10 for api) / 100 = 0.61 against a tree's treePC(10): score
// 0.20 x badness / 0.85 (part cyclicity 0 weighs 0.10).
TEST(ComposeTest, AModuleCycleIsItsCohesion) {
  Code C;
  std::vector<std::string> Api = C.part("api", "a", 6, false);
  std::vector<std::string> Core = C.part("core", "c", 4, true);
  C.dep(Api.back(), Core.front());
  Verdict V = C.verdict();
  const UnitVerdict &CoreUnit = unit(V, "core");
  EXPECT_FALSE(CoreUnit.CountsOwn);
  EXPECT_THAT(CoreUnit.Role, HasSubstr("a module of the codebase"));
  EXPECT_EQ(CoreUnit.Label, MvpLabel); // on its own, a 4-file cycle
  EXPECT_EQ(CoreUnit.LargestCycle, 4u);
  double Badness = (0.61 - treePC(10)) / (1 - treePC(10));
  EXPECT_NEAR(V.Units[0].OwnScore, 0.20 * Badness / 0.85, 1e-9);
  EXPECT_EQ(V.Label, ProductionLabel);
  EXPECT_FALSE(V.Units[0].DecidedByParts);
  EXPECT_THAT(V.Reasons[0].Note,
              HasSubstr("1 group inside one part judged there, the largest 4 "
                        "files in core"));
}

// A cycle in a part nothing depends on is a program of its own and counts
// with its score: as a minority (12 of 30) it does not decide, as the
// larger share (18 of 30) it does.
TEST(ComposeTest, AProgramCountsWithItsOwnScore) {
  Code Minority;
  Minority.part("tool", "t", 18, false);
  Minority.part("game", "g", 12, true);
  Verdict Small = Minority.verdict();
  EXPECT_TRUE(unit(Small, "game").CountsOwn);
  EXPECT_EQ(Small.Label, ProductionLabel);

  Code Majority;
  Majority.part("tool", "t", 12, false);
  Majority.part("game", "g", 18, true);
  Verdict Large = Majority.verdict();
  EXPECT_EQ(Large.Label, MvpLabel);
  EXPECT_NEAR(Large.Score, 1.0, 1e-12);
  // The game decides at its confidence; the tool (40%) says modular at
  // its own, and costs that much: game x (1 - 0.4 x tool).
  EXPECT_NEAR(Large.Confidence,
              unit(Large, "game").Confidence *
                  (1 - 0.4 * unit(Large, "tool").Confidence),
              1e-12);
}

// An MVP program (app/, one cycle through all its files in app/x and app/y)
// beside a modular library it uses (lib/, a chain): both keep their own
// labels, the codebase follows the larger share, and its confidence is
// the agreeing share's.
TEST(ComposeTest, MvpBesideModularFollowsTheLargerShare) {
  auto Build = [](unsigned App, unsigned Lib) {
    Code C;
    std::vector<std::string> Files;
    for (unsigned I = 0; I < App; ++I) {
      Files.push_back(fmt::format("app/{}/f{}.cpp", I % 2 ? "y" : "x", I));
      C.B.file(Files.back());
    }
    for (unsigned I = 0; I < App; ++I)
      C.dep(Files[I], Files[(I + 1) % App]);
    std::vector<std::string> L = C.part("lib", "l", Lib, false);
    C.dep(Files.front(), L.front());
    return C.verdict();
  };
  Verdict AppLarger = Build(18, 12);
  EXPECT_EQ(unit(AppLarger, "app").Label, MvpLabel);
  EXPECT_EQ(unit(AppLarger, "lib").Label, ProductionLabel);
  EXPECT_EQ(AppLarger.Label, MvpLabel);
  // The library (40%) is a module: it counts with the codebase's own
  // structure, which says modular; it costs its share at that confidence.
  const UnitVerdict &AppRoot = AppLarger.Units[0];
  ASSERT_TRUE(AppRoot.DecidedByParts);
  EXPECT_NEAR(AppLarger.Confidence,
              unit(AppLarger, "app").Confidence *
                  (1 - 0.4 * AppRoot.OwnConfidence),
              1e-12);

  Verdict LibLarger = Build(12, 18);
  EXPECT_EQ(unit(LibLarger, "app").Label, MvpLabel);
  EXPECT_EQ(unit(LibLarger, "lib").Label, ProductionLabel);
  EXPECT_EQ(LibLarger.Label, ProductionLabel);
  // The app (40%, a program) says MVP at its confidence and costs that.
  const UnitVerdict &Root = LibLarger.Units[0];
  EXPECT_NEAR(LibLarger.Confidence,
              (Root.DecidedByParts ? unit(LibLarger, "lib").Confidence
                                   : Root.OwnConfidence) *
                  (1 - 0.4 * unit(LibLarger, "app").Confidence),
              1e-12);
}

// A side directory of 15% (6 of 40 files) cannot flip the label either
// way: the median stays with the 85%.
TEST(ComposeTest, ASideDirectoryCannotFlipTheLabel) {
  Code Mvp;
  Mvp.part("main", "m", 34, true);
  Mvp.part("compat", "c", 6, false);
  EXPECT_EQ(Mvp.verdict().Label, MvpLabel);

  Code Modular;
  Modular.part("main", "m", 34, false);
  Modular.part("vendor", "v", 6, true);
  Verdict V = Modular.verdict();
  EXPECT_EQ(unit(V, "vendor").Label, MvpLabel);
  EXPECT_EQ(V.Label, ProductionLabel);
}

// The same components with headers beside their sources, or as
// include/lib/ + src/<module>/: the same units, the same verdict. Each
// header includes the next module's header, a cycle through both modules.
TEST(ComposeTest, IncludeSrcLayoutGetsTheSameVerdict) {
  auto Build = [](bool Split) {
    Code C;
    std::vector<std::string> Headers;
    for (unsigned I = 0; I < 8; ++I) {
      std::string Module = I % 2 ? "b" : "a";
      std::string H = Split ? fmt::format("include/lib/h{}.h", I)
                            : fmt::format("src/{}/h{}.h", Module, I);
      std::string S = fmt::format("src/{}/h{}.cpp", Module, I);
      C.B.file(H);
      C.B.file(S);
      C.B.include(S, 1, H);
      Headers.push_back(H);
    }
    for (unsigned I = 0; I < 8; ++I)
      C.B.include(Headers[I], 2, Headers[(I + 1) % 8]);
    return C.verdict();
  };
  Verdict Beside = Build(false), Split = Build(true);
  EXPECT_EQ(Beside.Label, MvpLabel);
  EXPECT_EQ(Split.Label, Beside.Label);
  EXPECT_DOUBLE_EQ(Split.Score, Beside.Score);
  EXPECT_DOUBLE_EQ(Split.Confidence, Beside.Confidence);
  EXPECT_EQ(Split.Units[0].Name, "src");
  EXPECT_EQ(Split.Units.size(), Beside.Units.size());
}

// Public headers whose inline code calls into the sources that include
// them: s_i includes h_i, h_i uses s_(i+1), an 8-file cycle through
// include/lib and src. include/lib holds headers only: it is the interface
// half of src's components, and the cycle is inside (core across parts 0).
// With a source in include/lib too, the same cycle crosses two parts:
// core 8 / 10 files.
TEST(ComposeTest, AHeaderOnlyPartInACycleIsItsSourcesInterface) {
  auto Build = [](bool SourceInInclude) {
    Code C;
    C.B.file("include/lib/config.h");
    for (unsigned I = 0; I < 4; ++I) {
      C.B.file(fmt::format("include/lib/h{}.h", I));
      C.B.file(fmt::format("src/s{}.cpp", I));
    }
    if (SourceInInclude)
      C.B.file("include/lib/x.cpp");
    for (unsigned I = 0; I < 4; ++I) {
      std::string S = fmt::format("src/s{}.cpp", I);
      C.B.include(S, 1, "include/lib/config.h"); // moves config.h to src
      C.B.include(S, 2, fmt::format("include/lib/h{}.h", I));
      C.dep(fmt::format("include/lib/h{}.h", I),
            fmt::format("src/s{}.cpp", (I + 1) % 4));
    }
    return C.verdict();
  };
  Verdict Interface = Build(false);
  EXPECT_EQ(Interface.Units[0].Children.size(), 2u);
  EXPECT_EQ(Interface.Reasons[0].Metric, "core_size");
  EXPECT_EQ(Interface.Reasons[0].Value, 0);
  EXPECT_THAT(Interface.Reasons[0].Note, HasSubstr("the largest 8 files"));
  Verdict Crossing = Build(true);
  EXPECT_DOUBLE_EQ(Crossing.Reasons[0].Value, 8.0 / 10);
}
