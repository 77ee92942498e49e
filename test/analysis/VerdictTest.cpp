//===- VerdictTest.cpp - The classifier on hand-built metric sets ---------===//
#include "strata/analysis/Verdict.h"

#include <gmock/gmock.h>

using namespace strata;
using namespace strata::analysis;
using namespace strata::graph;
using ::testing::HasSubstr;

namespace {

// An analysis whose component and module metrics are set by hand: the
// graphs are empty, only the numbers the classifier reads are filled in.
struct Metrics {
  unsigned Components = 200, Modules = 8;
  double CoreSize = 0, PropagationCost = 0.02, ComponentCyclicity = 0,
         ModuleCyclicity = 0, NCCD = 1.0, Modularity = 0.6;
  size_t TUs = 100, Failed = 0;
};

Analysis analysisOf(const Metrics &M) {
  Analysis A;
  A.Levels.resize(5);
  GraphMetrics &C = A.Levels[size_t(Level::Component)].Metrics;
  C.Nodes = M.Components;
  C.Edges = 10;
  C.CoreSize = M.CoreSize;
  C.PropagationCost = M.PropagationCost;
  C.RelativeCyclicity = M.ComponentCyclicity;
  C.NCCD = M.NCCD;
  GraphMetrics &Mod = A.Levels[size_t(Level::Module)].Metrics;
  Mod.Nodes = M.Modules;
  Mod.RelativeCyclicity = M.ModuleCyclicity;
  A.ModularityQ = M.Modularity;
  A.Facts.TUs = M.TUs;
  A.Facts.FailedTUs = M.Failed;
  return A;
}

const Reason &reason(const Verdict &V, llvm::StringRef Metric) {
  for (const Reason &R : V.Reasons)
    if (R.Metric == Metric)
      return R;
  static Reason None;
  ADD_FAILURE() << "no reason " << Metric.str();
  return None;
}

} // namespace

// Every metric at or beyond its good anchor: badness 0 everywhere.
TEST(VerdictTest, ModularProduction) {
  Verdict V = classify(analysisOf({}), defaultVerdictConfig());
  EXPECT_EQ(V.Label, "modular production");
  EXPECT_DOUBLE_EQ(V.Score, 0.0);
  for (const Reason &R : V.Reasons)
    EXPECT_EQ(R.Level, Band::Good) << R.Metric;
}

// Every metric at or beyond its bad anchor: score 1.
TEST(VerdictTest, TightlyCoupledMvp) {
  Metrics M;
  M.CoreSize = 0.40;         // bad >= 0.25
  M.PropagationCost = 0.50;  // bad >= 0.20 (200 components: tree PC 0.03)
  M.ComponentCyclicity = 40; // bad >= 15
  M.ModuleCyclicity = 30;    // bad >= 5
  M.NCCD = 8;                // bad >= 6.5
  M.Modularity = 0.1;        // bad <= 0.3
  Verdict V = classify(analysisOf(M), defaultVerdictConfig());
  EXPECT_EQ(V.Label, "tightly coupled MVP");
  EXPECT_NEAR(V.Score, 1.0, 1e-12);
  for (const Reason &R : V.Reasons)
    EXPECT_EQ(R.Level, Band::Bad) << R.Metric;
}

// Two metrics of weight 1, each halfway between its anchors: badness 0.5
// each, score (0.5 + 0.5) / 2 = 0.5. At the threshold the label is MVP.
TEST(VerdictTest, ScoreAtTheThresholdIsMvp) {
  VerdictConfig C;
  C.Anchors = {{"core_size", 0.0, 1.0, 1.0}, {"nccd", 0.0, 1.0, 1.0}};
  Metrics M;
  M.CoreSize = 0.5;
  M.NCCD = 0.5;
  C.Threshold = 0.5;
  Verdict At = classify(analysisOf(M), C);
  EXPECT_DOUBLE_EQ(At.Score, 0.5);
  EXPECT_EQ(At.Label, "tightly coupled MVP");
  C.Threshold = 0.51;
  EXPECT_EQ(classify(analysisOf(M), C).Label, "modular production");
  EXPECT_DOUBLE_EQ(reason(At, "nccd").Contribution, 0.25); // 1 * 0.5 / 2
  EXPECT_EQ(reason(At, "nccd").Level, Band::Fair);
}

// Two components: size factor 2 / (2 + 10) = 1/6; score 0 is 0.5 from the
// threshold (margin factor 1): confidence 1/6.
TEST(VerdictTest, TinyCodebaseHasLowConfidence) {
  Metrics M;
  M.Components = 2;
  M.PropagationCost = 0.5;
  Verdict V = classify(analysisOf(M), defaultVerdictConfig());
  EXPECT_NEAR(V.Confidence, 1.0 / 6, 1e-12);
  EXPECT_THAT(V.ConfidenceNotes,
              ::testing::Contains(HasSubstr("small codebase: 2 components")));
}

// Half the TUs failed: confidence halves, and the note says why.
TEST(VerdictTest, FailedTranslationUnitsLowerConfidence) {
  Metrics M;
  M.Failed = 50;
  Verdict Clean = classify(analysisOf({}), defaultVerdictConfig());
  Verdict Partial = classify(analysisOf(M), defaultVerdictConfig());
  EXPECT_NEAR(Partial.Confidence, Clean.Confidence / 2, 1e-12);
  EXPECT_THAT(Partial.ConfidenceNotes,
              ::testing::Contains(HasSubstr("50 of 100 translation units")));
}

// 15 components: a balanced tree has PC 49/225 = 0.218, so the anchors
// become good 0.218 and bad 4 * 0.218 = 0.871; PC 0.3 is fair-to-good.
TEST(VerdictTest, PropagationCostIsSizeBanded) {
  Metrics M;
  M.Components = 15;
  M.PropagationCost = 0.3;
  Verdict V = classify(analysisOf(M), defaultVerdictConfig());
  const Reason &R = reason(V, "propagation_cost");
  EXPECT_NEAR(R.Good, 49.0 / 225, 1e-12);
  EXPECT_NEAR(R.Bad, 4 * 49.0 / 225, 1e-12);
  EXPECT_NEAR(R.Badness, (0.3 - 49.0 / 225) / (3 * 49.0 / 225), 1e-12);
}

TEST(VerdictTest, SingleModuleIsNotScoredOnModuleMetrics) {
  Metrics M;
  M.Modules = 1;
  M.Modularity = 0; // would be bad
  Verdict V = classify(analysisOf(M), defaultVerdictConfig());
  EXPECT_EQ(reason(V, "modularity").Weight, 0);
  EXPECT_EQ(reason(V, "module_cyclicity").Weight, 0);
  EXPECT_DOUBLE_EQ(V.Score, 0.0);
}

TEST(VerdictTest, AnchorSpecs) {
  VerdictConfig C = defaultVerdictConfig();
  ASSERT_FALSE(llvm::errorToBool(applyAnchorSpec(C, "nccd=1.5,5,0.3")));
  EXPECT_EQ(C.Anchors[4].Good, 1.5);
  EXPECT_EQ(C.Anchors[4].Bad, 5);
  EXPECT_EQ(C.Anchors[4].Weight, 0.3);
  auto ErrorOf = [&](llvm::StringRef Spec) {
    llvm::Error E = applyAnchorSpec(C, Spec);
    return E ? llvm::toString(std::move(E)) : std::string();
  };
  EXPECT_THAT(ErrorOf("speed=1,2"), HasSubstr("unknown metric 'speed'"));
  EXPECT_THAT(ErrorOf("nccd=1"), HasSubstr("expected NAME=GOOD,BAD[,WEIGHT]"));
  EXPECT_THAT(ErrorOf("nccd=a,2"), HasSubstr("'a' is not a number"));
  EXPECT_THAT(ErrorOf("nccd=1,2,-1"), HasSubstr("must not be negative"));
}
