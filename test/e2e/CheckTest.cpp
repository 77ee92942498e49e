//===- CheckTest.cpp - strata check on the examples -----------------------===//
//
// Each example carries a .strata.yaml: the layered one keeps to its strict
// layers, the tangled one breaks the architecture it was meant to have. The
// tangled diagnostics are compared with a golden file (UPDATE_GOLDEN=1
// rewrites it); the SARIF log is validated against the SARIF 2.1.0 schema.
//
//===----------------------------------------------------------------------===//
#include "Process.h"
#include "TestSupport.h"

#include <gmock/gmock.h>
#include <nlohmann/json.hpp>

using namespace strata::test;
using ::testing::HasSubstr;

namespace {

class CheckTest : public ::testing::Test {
protected:
  // Configures \p Example and returns its build directory.
  std::string configure(const std::string &Example) {
    Source = std::string(STRATA_SOURCE_DIR) + "/examples/" + Example;
    std::string Build = Dir.path(Example);
    RunResult C = runProgram(
        {STRATA_CMAKE_COMMAND, "-S", Source, "-B", Build, "-G", "Ninja"});
    EXPECT_EQ(C.Exit, 0) << C.Err;
    return Build;
  }

  RunResult check(const std::string &Build,
                  std::vector<std::string> Extra = {}) {
    std::vector<std::string> Args = {"check",          "-p",   Build,
                                     "--project-root", Source, "--quiet"};
    Args.insert(Args.end(), Extra.begin(), Extra.end());
    // From the source directory, so diagnostics read like a developer's.
    return runStrata(Args, Source);
  }

  TempDir Dir;
  std::string Source;
};

TEST_F(CheckTest, LayeredExamplePassesItsStrictLayers) {
  RunResult R = check(configure("layered"));
  EXPECT_EQ(R.Exit, 0) << R.Out << R.Err;
  EXPECT_EQ(R.Out, "strata: 0 violations\n");
}

TEST_F(CheckTest, TangledExampleFailsWithTheExpectedDiagnostics) {
  RunResult R = check(configure("tangled"));
  EXPECT_EQ(R.Exit, 1) << R.Err;
  expectGolden(R.Out, std::string(STRATA_SOURCE_DIR) +
                          "/test/golden/check/tangled.txt");
  // Clang's diagnostic shape, which problem matchers rely on.
  EXPECT_THAT(R.Out, ::testing::ContainsRegex(
                         "\nsrc/core/app.cpp:8:10: error: module 'src/core' "
                         "must not depend on 'src/ui' \\(layer rule[^\n]*"
                         "\\[strata-layering\\]\n"));
}

TEST_F(CheckTest, SarifValidatesAgainstTheSchema) {
  std::string Build = configure("tangled");
  std::string Sarif = Dir.path("strata.sarif");
  RunResult R = check(Build, {"--format", "sarif", "-o", Sarif});
  ASSERT_EQ(R.Exit, 1) << R.Err;
  nlohmann::json Log = nlohmann::json::parse(readFile(Sarif));
  const nlohmann::json &Run = Log["runs"][0];
  EXPECT_EQ(Run["tool"]["driver"]["rules"].size(), 7u);
  ASSERT_GE(Run["results"].size(), 10u);
  const nlohmann::json &First = Run["results"][0];
  EXPECT_EQ(First["locations"][0]["physicalLocation"]["artifactLocation"]
                 ["uriBaseId"],
            "PROJECTROOT");
  EXPECT_TRUE(First.contains("partialFingerprints"));
  EXPECT_TRUE(First.contains("relatedLocations"));
  // The schema check needs Debian's python3-jsonschema (scripts/setup.sh).
  RunResult V = runProgram(
      {"/usr/bin/python3", "-c",
       "import json, sys, jsonschema\n"
       "schema = json.load(open(sys.argv[1]))\n"
       "jsonschema.Draft4Validator(schema).validate(json.load(open(sys.argv[2])"
       "))\n"
       "print('valid')\n",
       std::string(STRATA_SOURCE_DIR) + "/test/schemas/sarif-schema-2.1.0.json",
       Sarif});
  EXPECT_EQ(V.Exit, 0) << V.Out << V.Err;
  EXPECT_EQ(V.Out, "valid\n");
}

TEST_F(CheckTest, BaselineAcceptsTodaysViolationsAndCatchesNewOnes) {
  std::string Build = configure("tangled");
  std::string Baseline = Dir.path("baseline.json");
  RunResult W = check(Build, {"--write-baseline", Baseline});
  ASSERT_EQ(W.Exit, 0) << W.Err;
  RunResult Clean = check(Build, {"--baseline", Baseline});
  EXPECT_EQ(Clean.Exit, 0) << Clean.Out;
  EXPECT_THAT(Clean.Out, HasSubstr("strata: 0 violations (16 in the "
                                   "baseline, 0 stale baseline entries)"));
  // A stricter configuration adds a rule: its violation is new.
  std::string Config = readFile(Source + "/.strata.yaml");
  size_t Rules = Config.find("  - acyclic: module\n");
  ASSERT_NE(Rules, std::string::npos);
  Config.insert(Rules, "  - forbidden: {from: src/ui, to: [src/net]}\n");
  std::string Stricter = Dir.write("stricter.yaml", Config);
  RunResult New = check(Build, {"--baseline", Baseline, "--config", Stricter});
  EXPECT_EQ(New.Exit, 1);
  EXPECT_THAT(New.Out, HasSubstr("error: module 'src/ui' must not depend on "
                                 "'src/net' (forbidden rule)"));
  EXPECT_THAT(New.Out, HasSubstr("strata: 1 violation (16 in the baseline"));
}

TEST_F(CheckTest, BadConfigurationIsExit2WithItsPosition) {
  std::string Build = configure("layered");
  std::string Bad = Dir.write("bad.yaml", "layers:\n  mode: sideways\n");
  RunResult R = check(Build, {"--config", Bad});
  EXPECT_EQ(R.Exit, 2);
  EXPECT_EQ(R.Err,
            "strata: error: " + Bad + ":2:9: unknown enumerated scalar\n");
}

} // namespace
