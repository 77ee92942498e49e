//===- VerdictTest.cpp - The rule on hand-built metric sets ---------------===//
#include "strata/analysis/Verdict.h"

#include <cmath>
#include <fmt/format.h>
#include <gmock/gmock.h>

using namespace strata;
using namespace strata::analysis;
using namespace strata::graph;
using ::testing::HasSubstr;

namespace {

// The numbers judge() reads, set by hand: file, component and parts
// metrics of one structure.
struct Metrics {
  unsigned Files = 300, Components = 200, Modules = 8;
  size_t Sources = 150;
  double FileCore = 0, FilePC = 0.02, ComponentCyclicity = 0,
         ModuleCyclicity = 0, NCCD = 1.0, Modularity = 0.6;
  bool Configured = false; ///< parts from .strata.yaml groups
  size_t TUs = 100, Failed = 0;
};

Structure structureOf(const Metrics &M) {
  Structure S;
  S.File.Nodes = M.Files;
  S.File.Edges = 10;
  S.File.CoreSize = M.FileCore;
  S.File.PropagationCost = M.FilePC;
  S.Component.Nodes = M.Components;
  S.Component.Edges = 10;
  S.Component.RelativeCyclicity = M.ComponentCyclicity;
  S.Component.NCCD = M.NCCD;
  S.Parts.Nodes = M.Modules;
  S.Parts.RelativeCyclicity = M.ModuleCyclicity;
  S.PartsFrom = M.Configured ? ModuleSourceKind::Configured
                             : ModuleSourceKind::Directories;
  S.ModularityQ = M.Modularity;
  S.TUs = M.TUs;
  S.FailedTUs = M.Failed;
  S.Sources = M.Sources;
  return S;
}

Verdict judgeOf(const Metrics &M, const VerdictConfig &C) {
  return judge(structureOf(M), C);
}

const Reason &reason(const Verdict &V, llvm::StringRef Metric) {
  for (const Reason &R : V.Reasons)
    if (R.Metric == Metric)
      return R;
  static Reason None;
  ADD_FAILURE() << "no reason " << Metric.str();
  return None;
}

const LevelView &view(const Verdict &V, Level L) {
  for (const LevelView &X : V.Levels)
    if (X.Level == L)
      return X;
  static LevelView None;
  ADD_FAILURE() << "no level " << toString(L).str();
  return None;
}

// Size factor of docs/verdict.md: min(1 - e^(-files/30), 1 - e^(-sources/10)).
double sizeFactor(double Files, double Sources) {
  return std::min(1 - std::exp(-Files / 30), 1 - std::exp(-Sources / 10));
}

} // namespace

// Every metric at or beyond its good anchor: badness 0 everywhere.
TEST(VerdictTest, ModularProduction) {
  Verdict V = judgeOf({}, defaultVerdictConfig());
  EXPECT_EQ(V.Label, "modular production");
  EXPECT_DOUBLE_EQ(V.Score, 0.0);
  for (const Reason &R : V.Reasons)
    EXPECT_EQ(R.Level, Band::Good) << R.Metric;
  // 300 files, 150 sources, score 0.5 from the threshold: only the size
  // factor is below 1, and barely.
  EXPECT_NEAR(V.Confidence, sizeFactor(300, 150), 1e-12);
  EXPECT_TRUE(V.ConfidenceNotes.empty());
}

// Every metric at or beyond its bad anchor: score 1.
TEST(VerdictTest, TightlyCoupledMvp) {
  Metrics M;
  M.FileCore = 0.40;         // bad >= 0.25
  M.FilePC = 0.50;           // bad >= 0.20 (300 files: tree PC 0.024)
  M.ComponentCyclicity = 40; // bad >= 15
  M.ModuleCyclicity = 30;    // bad >= 5
  M.NCCD = 8;                // bad >= 6.5
  M.Modularity = 0.1;        // bad <= 0.3
  Verdict V = judgeOf(M, defaultVerdictConfig());
  EXPECT_EQ(V.Label, "tightly coupled MVP");
  EXPECT_NEAR(V.Score, 1.0, 1e-12);
  for (const Reason &R : V.Reasons)
    EXPECT_EQ(R.Level, Band::Bad) << R.Metric;
  // Every level agrees with the label.
  for (const LevelView &L : V.Levels)
    EXPECT_EQ(L.Says, Lean::Tangled) << toString(L.Level).str();
}

// Each metric is computed on the level its source measured it on, and says
// so; NCCD and modularity are shown but not scored by default.
TEST(VerdictTest, EveryReasonNamesItsLevel) {
  Verdict V = judgeOf({}, defaultVerdictConfig());
  EXPECT_EQ(reason(V, "core_size").On, Level::File);
  EXPECT_EQ(reason(V, "propagation_cost").On, Level::File);
  EXPECT_EQ(reason(V, "component_cyclicity").On, Level::Component);
  EXPECT_EQ(reason(V, "nccd").On, Level::Component);
  EXPECT_EQ(reason(V, "module_cyclicity").On, Level::Module);
  EXPECT_EQ(reason(V, "modularity").On, Level::Module);
  EXPECT_EQ(reason(V, "nccd").Weight, 0);
  EXPECT_EQ(reason(V, "modularity").Weight, 0);
  EXPECT_TRUE(view(V, Level::File).Scored);
  EXPECT_TRUE(view(V, Level::Component).Scored);
  EXPECT_TRUE(view(V, Level::Module).Scored);
}

// Two metrics of weight 1, each halfway between its anchors: badness 0.5
// each, score (0.5 + 0.5) / 2 = 0.5. At the threshold the label is MVP.
TEST(VerdictTest, ScoreAtTheThresholdIsMvp) {
  VerdictConfig C;
  C.Anchors = {{"core_size", 0.0, 1.0, 1.0},
               {"component_cyclicity", 0.0, 100.0, 1.0}};
  Metrics M;
  M.FileCore = 0.5;
  M.ComponentCyclicity = 50;
  C.Threshold = 0.5;
  Verdict At = judgeOf(M, C);
  EXPECT_DOUBLE_EQ(At.Score, 0.5);
  EXPECT_EQ(At.Label, "tightly coupled MVP");
  C.Threshold = 0.51;
  EXPECT_EQ(judgeOf(M, C).Label, "modular production");
  EXPECT_DOUBLE_EQ(reason(At, "component_cyclicity").Contribution,
                   0.25); // 1 * 0.5 / 2
  EXPECT_EQ(reason(At, "component_cyclicity").Level, Band::Fair);
}

// Six files, two of them sources: size factor 1 - e^(-0.2) = 0.181 for
// both; score 0 is 0.5 from the threshold (margin factor 1).
TEST(VerdictTest, SmallSampleHasLowConfidence) {
  Metrics M;
  M.Files = 6;
  M.Components = 4;
  M.Sources = 2;
  M.FilePC = 0.5;
  Verdict V = judgeOf(M, defaultVerdictConfig());
  EXPECT_NEAR(V.Confidence, 1 - std::exp(-0.2), 1e-12);
  EXPECT_THAT(V.ConfidenceNotes,
              ::testing::Contains(HasSubstr("small sample: 6 files, 2 of them "
                                            "sources")));
}

// One to three translation units (and so at most three sources, unless
// they include other sources) stay below 0.3 however many headers they
// read: 1 - e^(-3/10) = 0.259.
TEST(VerdictTest, DegenerateCodebasesStayBelowPointThree) {
  for (size_t Sources : {1, 2, 3}) {
    Metrics M;
    M.Files = 400;
    M.Sources = Sources;
    M.TUs = Sources;
    Verdict V = judgeOf(M, defaultVerdictConfig());
    EXPECT_LT(V.Confidence, 0.3) << Sources;
    EXPECT_NEAR(V.Confidence, 1 - std::exp(-double(Sources) / 10), 1e-12);
  }
}

// Half the TUs failed: confidence halves, and the note says why.
TEST(VerdictTest, FailedTranslationUnitsLowerConfidence) {
  Metrics M;
  M.Failed = 50;
  Verdict Clean = judgeOf({}, defaultVerdictConfig());
  Verdict Partial = judgeOf(M, defaultVerdictConfig());
  EXPECT_NEAR(Partial.Confidence, Clean.Confidence / 2, 1e-12);
  EXPECT_THAT(Partial.ConfidenceNotes,
              ::testing::Contains(HasSubstr("50 of 100 translation units")));
}

// 15 files: a balanced tree has PC 49/225 = 0.218, so the anchors become
// good 0.218 and bad 4 * 0.218 = 0.871; PC 0.3 is fair-to-good.
TEST(VerdictTest, PropagationCostIsSizeBanded) {
  Metrics M;
  M.Files = 15;
  M.FilePC = 0.3;
  Verdict V = judgeOf(M, defaultVerdictConfig());
  const Reason &R = reason(V, "propagation_cost");
  EXPECT_NEAR(R.Good, 49.0 / 225, 1e-12);
  EXPECT_NEAR(R.Bad, 4 * 49.0 / 225, 1e-12);
  EXPECT_NEAR(R.Badness, (0.3 - 49.0 / 225) / (3 * 49.0 / 225), 1e-12);
}

// No parts (a leaf unit): the part metrics say nothing and are not scored.
TEST(VerdictTest, NoPartsNoPartMetrics) {
  Metrics M;
  M.Modules = 1;
  M.ModuleCyclicity = 50; // would be bad
  Verdict V = judgeOf(M, defaultVerdictConfig());
  EXPECT_EQ(reason(V, "module_cyclicity").Weight, 0);
  EXPECT_DOUBLE_EQ(V.Score, 0.0);
  EXPECT_EQ(view(V, Level::Module).Says, Lean::None);
  EXPECT_NEAR(V.Confidence, sizeFactor(300, 150), 1e-12);
}

// Part cyclicity at its bad anchor, everything else good. Configured
// groups weigh 0.20 of a total 0.95: score 0.20 / 0.95. Directories weigh
// half, 0.10 of 0.85: score 0.10 / 0.85.
TEST(VerdictTest, DirectoryModulesWeighHalf) {
  Metrics M;
  M.ModuleCyclicity = 5;
  Verdict Dirs = judgeOf(M, defaultVerdictConfig());
  EXPECT_NEAR(Dirs.Score, 0.10 / 0.85, 1e-12);
  EXPECT_EQ(Dirs.Modules, "directories");
  M.Configured = true;
  Verdict Groups = judgeOf(M, defaultVerdictConfig());
  EXPECT_NEAR(Groups.Score, 0.20 / 0.95, 1e-12);
  EXPECT_EQ(Groups.Modules, "configured groups");
}

// A hierarchical file graph and acyclic components, but cyclic directory
// parts: the label is modular (score 0.10 / 0.85 = 0.118, margin factor
// 1), the module level disagrees, confidence falls by 0.85 and the note
// says which level says what. Configured modules are a stronger witness:
// 0.75.
TEST(VerdictTest, LevelDisagreementLowersConfidence) {
  Metrics M;
  M.ModuleCyclicity = 60;
  Verdict Dirs = judgeOf(M, defaultVerdictConfig());
  EXPECT_EQ(Dirs.Label, "modular production");
  EXPECT_EQ(view(Dirs, Level::File).Says, Lean::Modular);
  EXPECT_EQ(view(Dirs, Level::Module).Says, Lean::Tangled);
  EXPECT_NEAR(Dirs.Confidence, 0.85 * sizeFactor(300, 150), 1e-12);
  EXPECT_THAT(Dirs.ConfidenceNotes,
              ::testing::Contains(HasSubstr(
                  "the unit level says tangled: relative cyclicity 60.0% "
                  "of its 8 parts (directories; target 0%)")));

  M.Configured = true; // score 0.20 / 0.95 = 0.21: margin factor 1 still
  Verdict Groups = judgeOf(M, defaultVerdictConfig());
  EXPECT_NEAR(Groups.Confidence, 0.75 * sizeFactor(300, 150), 1e-12);

  // The file level in a core-periphery band under a modular label: core
  // 7% is badness 0.03 / 0.21; score 0.30 * 0.143 / 0.85 = 0.050.
  Metrics F;
  F.FileCore = 0.07;
  Verdict File = judgeOf(F, defaultVerdictConfig());
  EXPECT_EQ(File.Label, "modular production");
  EXPECT_NEAR(File.Score, 0.30 * (0.03 / 0.21) / 0.85, 1e-12);
  EXPECT_NEAR(File.Confidence, 0.75 * sizeFactor(300, 150), 1e-12);
  EXPECT_THAT(File.ConfidenceNotes,
              ::testing::Contains(HasSubstr("the file level says tangled")));
}

// The bands each level votes by: Baldwin et al.'s core-size types on files,
// Sonargraph's 5% and 15% on components, 0% on modules.
TEST(VerdictTest, EachLevelVotesByItsOwnBands) {
  auto Says = [](Metrics M, Level L) {
    return view(judgeOf(M, defaultVerdictConfig()), L).Says;
  };
  Metrics M;
  M.FileCore = 0.05;
  EXPECT_EQ(Says(M, Level::File), Lean::Mixed);
  M.FileCore = 0.07;
  EXPECT_EQ(Says(M, Level::File), Lean::Tangled);
  M.ComponentCyclicity = 5;
  EXPECT_EQ(Says(M, Level::Component), Lean::Modular);
  M.ComponentCyclicity = 10;
  EXPECT_EQ(Says(M, Level::Component), Lean::Mixed);
  M.ComponentCyclicity = 15;
  EXPECT_EQ(Says(M, Level::Component), Lean::Tangled);
  M.ModuleCyclicity = 2;
  EXPECT_EQ(Says(M, Level::Module), Lean::Mixed);
  M.ModuleCyclicity = 5;
  EXPECT_EQ(Says(M, Level::Module), Lean::Tangled);
}

TEST(VerdictTest, AnchorSpecs) {
  VerdictConfig C = defaultVerdictConfig();
  ASSERT_FALSE(llvm::errorToBool(applyAnchorSpec(C, "nccd=1.5,5,0.3")));
  EXPECT_EQ(C.Anchors[4].Good, 1.5);
  EXPECT_EQ(C.Anchors[4].Bad, 5);
  EXPECT_EQ(C.Anchors[4].Weight, 0.3);
  EXPECT_EQ(C.Anchors[4].Metric, "nccd");
  auto ErrorOf = [&](llvm::StringRef Spec) {
    llvm::Error E = applyAnchorSpec(C, Spec);
    return E ? llvm::toString(std::move(E)) : std::string();
  };
  EXPECT_THAT(ErrorOf("speed=1,2"), HasSubstr("unknown metric 'speed'"));
  EXPECT_THAT(ErrorOf("nccd=1"), HasSubstr("expected NAME=GOOD,BAD[,WEIGHT]"));
  EXPECT_THAT(ErrorOf("nccd=a,2"), HasSubstr("'a' is not a number"));
  EXPECT_THAT(ErrorOf("nccd=1,2,-1"), HasSubstr("must not be negative"));
}
