//===- GoldenTest.cpp - Reports on small codebases, compared to files -----===//
//
// Each directory under test/golden/ is a small codebase with a
// compile_commands.json.in (CMake fills in @CASE_DIR@) and the expected
// output of `strata report` in each format. Absolute paths of the case are
// written as @CASE_DIR@ so the files do not depend on the checkout.
// UPDATE_GOLDEN=1 rewrites the expectations; review the diff.
//
//===----------------------------------------------------------------------===//
#include "Process.h"
#include "TestSupport.h"

#include "llvm/Support/FileSystem.h"
#include <gtest/gtest.h>

using namespace strata::test;

namespace {

struct Case {
  std::string Name;
  std::string Format;
  std::string Extension;
};

std::string replaceAll(std::string S, const std::string &From,
                       const std::string &To) {
  for (size_t Pos = S.find(From); Pos != std::string::npos;
       Pos = S.find(From, Pos + To.size()))
    S.replace(Pos, From.size(), To);
  return S;
}

class GoldenTest : public ::testing::TestWithParam<Case> {};

TEST_P(GoldenTest, MatchesExpectedOutput) {
  const Case &C = GetParam();
  std::string CaseDir =
      std::string(STRATA_SOURCE_DIR) + "/test/golden/" + C.Name;
  llvm::SmallString<256> Real;
  ASSERT_FALSE(llvm::sys::fs::real_path(CaseDir, Real));
  CaseDir = std::string(Real);
  std::string Build = std::string(STRATA_BUILD_DIR) + "/test/golden/" + C.Name;
  // Without the cache: an entry a previous build wrote under the same cache
  // version would hide a change to the facts.
  RunResult R =
      runStrata({"report", "-p", Build, "--project-root", CaseDir, "--format",
                 C.Format, "--quiet", "-j", "1", "--no-cache"});
  ASSERT_EQ(R.Exit, 0) << R.Err;
  expectGolden(replaceAll(R.Out, CaseDir, "@CASE_DIR@"),
               CaseDir + "/expected." + C.Extension);
}

std::vector<Case> cases() {
  std::vector<Case> Out;
  for (const char *Name : {"cycle", "godheader", "layers"})
    for (auto [Format, Ext] : {std::pair{"text", "txt"},
                               {"json", "json"},
                               {"markdown", "md"},
                               {"dot", "dot"},
                               {"mermaid", "mmd"}})
      Out.push_back({Name, Format, Ext});
  return Out;
}

INSTANTIATE_TEST_SUITE_P(Cases, GoldenTest, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case> &I) {
                           return I.param.Name + "_" + I.param.Format;
                         });

// strata diff on two hand-written analyses (test/golden/diff/README.md).
class DiffGoldenTest : public ::testing::TestWithParam<Case> {};

TEST_P(DiffGoldenTest, MatchesExpectedOutput) {
  const Case &C = GetParam();
  std::string Dir = std::string(STRATA_SOURCE_DIR) + "/test/golden/diff";
  RunResult R = runStrata(
      {"diff", Dir + "/old.json", Dir + "/new.json", "--format", C.Format});
  ASSERT_EQ(R.Exit, 0) << R.Err;
  expectGolden(R.Out, Dir + "/expected." + C.Extension);
}

INSTANTIATE_TEST_SUITE_P(Formats, DiffGoldenTest,
                         ::testing::Values(Case{"diff", "text", "txt"},
                                           Case{"diff", "markdown", "md"},
                                           Case{"diff", "json", "json"}),
                         [](const ::testing::TestParamInfo<Case> &I) {
                           return I.param.Format;
                         });

TEST(DiffTest, RejectsFilesThatAreNotAnalyses) {
  TempDir Dir;
  std::string Facts = Dir.write(
      "facts.json", R"({"format":"strata-facts","version":2,"root":"/"})");
  RunResult R = runStrata({"diff", Facts, Facts});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_EQ(R.Err, "strata: error: " + Facts +
                       ": not a strata analysis (format is not "
                       "'strata-analysis')\n");
}

} // namespace
