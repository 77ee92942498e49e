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

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <filesystem>
#include <gmock/gmock.h>
#include <nlohmann/json.hpp>
#include <set>

using namespace strata::test;
using ::testing::HasSubstr;

namespace {

// The schema check needs Debian's python3-jsonschema (scripts/setup.sh).
void expectValidSarif(const std::string &Sarif) {
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

  // Configures \p Example with strata's File API query, so that CMake
  // writes its target model.
  std::string configureWithReply(const std::string &Example) {
    std::string Build = Dir.path(Example);
    Dir.write(Example + "/.cmake/api/v1/query/codemodel-v2", "");
    configure(Example);
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
                         "\nsrc/core/app.cpp:8:10: error: src/core -> src/ui: "
                         "'src/core' is below 'src/ui' \\(layers\\) "
                         "\\[strata-layering\\]\n"));
  // A person can read them: each error's message is one short line, and a
  // file has one per edge and rule (the message names both).
  std::set<std::string> Seen;
  llvm::SmallVector<llvm::StringRef, 0> Lines;
  llvm::StringRef(R.Out).split(Lines, '\n');
  for (llvm::StringRef L : Lines) {
    size_t At = L.find(": error: ");
    if (At == llvm::StringRef::npos)
      continue;
    llvm::StringRef File = L.take_front(L.find(':'));
    llvm::StringRef Message = L.drop_front(At + 9).rsplit(" [").first;
    EXPECT_LE(Message.size(), 120u) << L.str();
    EXPECT_TRUE(Seen.insert((File + "|" + L.drop_front(At)).str()).second)
        << "twice: " << L.str();
  }
  EXPECT_EQ(Seen.size(), 46u); // "strata: 16 violations in 46 diagnostics"
}

TEST_F(CheckTest, SarifValidatesAgainstTheSchema) {
  std::string Build = configure("tangled");
  std::string Sarif = Dir.path("strata.sarif");
  RunResult R = check(Build, {"--format", "sarif", "-o", Sarif});
  ASSERT_EQ(R.Exit, 1) << R.Err;
  nlohmann::json Log = nlohmann::json::parse(readFile(Sarif));
  const nlohmann::json &Run = Log["runs"][0];
  EXPECT_EQ(Run["tool"]["driver"]["rules"].size(), 10u);
  ASSERT_GE(Run["results"].size(), 10u);
  const nlohmann::json &First = Run["results"][0];
  EXPECT_EQ(First["locations"][0]["physicalLocation"]["artifactLocation"]
                 ["uriBaseId"],
            "PROJECTROOT");
  EXPECT_TRUE(First.contains("partialFingerprints"));
  EXPECT_TRUE(First.contains("relatedLocations"));
  expectValidSarif(Sarif);
}

// The layered example's targets declare exactly what they use.
TEST_F(CheckTest, LayeredTargetsDeclareWhatTheyUse) {
  RunResult R = check(configureWithReply("layered"), {"--modules", "cmake"});
  EXPECT_EQ(R.Exit, 0) << R.Out << R.Err;
  EXPECT_EQ(R.Out, "strata: 0 violations\n");
}

// A build directory with a File API reply: modules are its targets by
// default, and the analysis says so; --modules directories overrides.
TEST_F(CheckTest, TargetsAreTheModulesWhenTheBuildHasAReply) {
  auto SourceOf = [&](const std::string &Build,
                      std::vector<std::string> Extra) {
    std::vector<std::string> Args = {
        "analyze", "-p", Build, "--project-root", Source, "--format", "json"};
    Args.insert(Args.end(), Extra.begin(), Extra.end());
    RunResult R = runStrata(Args, Source);
    EXPECT_EQ(R.Exit, 0) << R.Err;
    return std::make_pair(
        nlohmann::json::parse(R.Out)["verdict"]["modules"]["source"]
            .get<std::string>(),
        R.Err);
  };
  std::string Build = configureWithReply("tangled");
  auto [Default, Note] = SourceOf(Build, {});
  EXPECT_EQ(Default, "CMake targets");
  EXPECT_THAT(Note, HasSubstr("modules are the CMake targets of " + Build));
  EXPECT_EQ(SourceOf(Build, {"--modules", "directories"}).first, "directories");
  // A reply that cannot be read: by default, a warning and directories;
  // asked for explicitly, an error.
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Build + "/.cmake/api/v1/reply", EC),
       End;
       !EC && It != End; It.increment(EC))
    if (llvm::StringRef(llvm::sys::path::filename(It->path()))
            .starts_with("index-")) {
      std::error_code WriteError;
      llvm::raw_fd_ostream OS(It->path(), WriteError);
      OS << "{ not json";
    }
  auto [Fallback, Warning] = SourceOf(Build, {});
  EXPECT_EQ(Fallback, "directories");
  EXPECT_THAT(Warning, HasSubstr("; modules are directories"));
  RunResult Explicit = runStrata(
      {"analyze", "-p", Build, "--project-root", Source, "--modules", "cmake"},
      Source);
  EXPECT_EQ(Explicit.Exit, 2) << Explicit.Err;
  // The team's own groups in .strata.yaml win over the default.
  EXPECT_EQ(SourceOf(configureWithReply("layered"), {}).first,
            "configured groups");
  // Without a reply, directories; configure() writes no query.
  std::filesystem::remove_all(Dir.path("tangled"));
  EXPECT_EQ(SourceOf(configure("tangled"), {}).first, "directories");
}

// The tangled example's targets: ui uses net without declaring it, billing
// declares net and uses none of it, and the targets form a cycle CMake
// tolerates among static libraries.
TEST_F(CheckTest, TangledTargetsDeclaredAgainstActual) {
  std::string Build = configureWithReply("tangled");
  std::string Sarif = Dir.path("cmake.sarif");
  RunResult R = check(Build, {"--modules", "cmake", "--sarif-output", Sarif});
  EXPECT_EQ(R.Exit, 1) << R.Err;
  expectGolden(R.Out, std::string(STRATA_SOURCE_DIR) +
                          "/test/golden/check/tangled-cmake.txt");
  EXPECT_THAT(R.Out, HasSubstr("CMakeLists.txt:24:1: error: billing -> net: "
                               "declared, but no file of 'billing' uses it "
                               "[strata-unused-dependency]"));
  EXPECT_THAT(R.Out, HasSubstr("src/ui/console.cpp:7:10: error: ui -> net: "
                               "not declared"));
  // SARIF points at the target_link_libraries line in CMakeLists.txt.
  nlohmann::json Log = nlohmann::json::parse(readFile(Sarif));
  bool AtCMakeLists = false;
  for (const nlohmann::json &Result : Log["runs"][0]["results"])
    if (Result["ruleId"] == "strata-unused-dependency") {
      const nlohmann::json &P = Result["locations"][0]["physicalLocation"];
      AtCMakeLists = P["artifactLocation"]["uri"] == "CMakeLists.txt" &&
                     P["region"]["startLine"] == 24;
    }
  EXPECT_TRUE(AtCMakeLists) << Log.dump().substr(0, 2000);
  expectValidSarif(Sarif);
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
  // One violation, src/ui -> src/net, made in two files of src/ui: one
  // diagnostic in each, at the include.
  EXPECT_THAT(New.Out, HasSubstr("src/ui/console.cpp:7:10: error: src/ui -> "
                                 "src/net: a forbidden dependency (rules) "
                                 "[strata-forbidden]"));
  EXPECT_THAT(New.Out, HasSubstr("strata: 1 violation in 2 diagnostics (16 in "
                                 "the baseline"));
}

// The log, code scanning and the pull-request comment from one run: the
// summary line counts the translation units parsed, once, without a cache.
TEST_F(CheckTest, ThreeOutputsFromOneParse) {
  std::string Build = configure("tangled");
  std::string Sarif = Dir.path("strata.sarif");
  std::string Markdown = Dir.path("strata.md");
  RunResult R = runStrata({"check", "-p", Build, "--project-root", Source,
                           "--no-cache", "--format", "text", "--sarif-output",
                           Sarif, "--markdown-output", Markdown},
                          Source);
  EXPECT_EQ(R.Exit, 1) << R.Err;
  size_t Parsed = 0;
  for (size_t At = 0; (At = R.Err.find("TUs parsed", At)) != std::string::npos;
       ++At)
    ++Parsed;
  EXPECT_EQ(Parsed, 1u) << R.Err;
  EXPECT_THAT(R.Err,
              HasSubstr("strata: 14 TUs parsed (0 from cache), 0 failed"))
      << R.Err;
  EXPECT_THAT(R.Out, HasSubstr("strata: 16 violations in 46 diagnostics"));
  nlohmann::json Log = nlohmann::json::parse(readFile(Sarif));
  EXPECT_EQ(Log["runs"][0]["results"].size(), 46u);
  std::string Md = readFile(Markdown);
  EXPECT_THAT(Md, HasSubstr("## strata check: 16 new violations"));
  // 9 layering violations, 19 "[strata-layering]" errors in the golden.
  EXPECT_THAT(Md, HasSubstr("| `strata-layering` | 9 | 19 |"));
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
