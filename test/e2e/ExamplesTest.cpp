//===- ExamplesTest.cpp - strata on the bundled examples ------------------===//
//
// Configures each example with CMake into a temporary build directory, runs
// `strata extract` on it, and checks the include facts against what Clang
// itself reports for every TU: the files -MM lists must be exactly the
// project files reachable through strata's include edges, and every edge of
// the -H include tree must be one of strata's edges.
//
//===----------------------------------------------------------------------===//
#include "Process.h"
#include "TestSupport.h"
#include "strata/extract/CompileDb.h"
#include "strata/facts/FactsJson.h"
#include "strata/support/Paths.h"

#include <gmock/gmock.h>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

using namespace strata;
using namespace strata::test;

namespace {

std::string realPath(const std::string &P) {
  llvm::SmallString<256> Real;
  return llvm::sys::fs::real_path(P, Real) ? P : std::string(Real);
}

class ExamplesTest : public ::testing::TestWithParam<std::string> {
protected:
  void SetUp() override {
    Source =
        realPath(std::string(STRATA_SOURCE_DIR) + "/examples/" + GetParam());
    RunResult C = runProgram({STRATA_CMAKE_COMMAND, "-S", Source, "-B",
                              Dir.path("build"), "-G", "Ninja"});
    ASSERT_EQ(C.Exit, 0) << C.Out << C.Err;
  }

  RunResult extract(const std::string &Out, const std::string &Jobs,
                    const std::string &Cwd = "") {
    // No cache: these tests compare fresh parses with each other.
    return runStrata({"extract", "-p", Dir.path("build"), "--project-root",
                      Source, "-o", Out, "--quiet", "-j", Jobs, "--no-cache"},
                     Cwd);
  }

  TempDir Dir;
  std::string Source;
};

TEST_P(ExamplesTest, IncludeEdgesMatchTheCompiler) {
  std::string Out = Dir.path("facts.json");
  RunResult R = extract(Out, "2");
  ASSERT_EQ(R.Exit, 0) << R.Err;
  auto Facts = facts::readFactsFile(Out);
  ASSERT_TRUE(bool(Facts)) << llvm::toString(Facts.takeError());
  ASSERT_FALSE(Facts->TUs.empty());
  for (const facts::TUFact &TU : Facts->TUs)
    EXPECT_EQ(TU.Status, facts::TUStatus::Ok) << TU.File << TU.FirstError;

  std::map<std::string, std::set<std::string>> Edges;
  for (const facts::IncludeFact &I : Facts->Includes)
    if (!I.External && !I.Target.empty())
      Edges[I.File.str()].insert(I.Target.str());

  auto Db = extract::loadCompileDb(Dir.path("build"));
  ASSERT_TRUE(bool(Db));
  for (const extract::CompileCommand &Cmd : Db->Commands) {
    std::vector<std::string> Args = {STRATA_CLANG_BINARY};
    for (size_t I = 1; I < Cmd.Arguments.size(); ++I) {
      if (Cmd.Arguments[I] == "-o") {
        ++I;
        continue;
      }
      if (Cmd.Arguments[I] != "-c")
        Args.push_back(Cmd.Arguments[I]);
    }
    Args.push_back("-MM");
    Args.push_back("-H");
    RunResult Clang = runProgram(Args, Cmd.Directory);
    ASSERT_EQ(Clang.Exit, 0) << Clang.Err;

    std::string Main = relativeTo(realPath(Cmd.File), Source);
    std::set<std::string> FromClang;
    std::istringstream Deps(Clang.Out.substr(Clang.Out.find(':') + 1));
    for (std::string Tok; Deps >> Tok;) {
      if (Tok == "\\")
        continue;
      std::string Abs = realPath(normalizePath(Tok, Cmd.Directory));
      if (isUnder(Abs, Source))
        FromClang.insert(relativeTo(Abs, Source));
    }

    std::set<std::string> Reached = {Main};
    std::vector<std::string> Work = {Main};
    while (!Work.empty()) {
      std::string F = Work.back();
      Work.pop_back();
      for (const std::string &T : Edges[F])
        if (Reached.insert(T).second)
          Work.push_back(T);
    }
    EXPECT_EQ(Reached, FromClang) << "TU " << Main;

    // -H prints one line per entered header, its depth in dots.
    std::vector<std::string> Stack = {Main};
    std::istringstream Tree(Clang.Err);
    for (std::string Line; std::getline(Tree, Line);) {
      size_t Dots = Line.find_first_not_of('.');
      if (Dots == 0 || Dots == std::string::npos || Line[Dots] != ' ')
        continue;
      std::string Abs =
          realPath(normalizePath(Line.substr(Dots + 1), Cmd.Directory));
      std::string Rel =
          isUnder(Abs, Source) ? relativeTo(Abs, Source) : std::string();
      Stack.resize(Dots);
      const std::string &Parent = Stack.back();
      if (!Rel.empty() && !Parent.empty()) {
        EXPECT_TRUE(Edges[Parent].count(Rel))
            << "missing include edge " << Parent << " -> " << Rel;
      }
      Stack.push_back(Rel);
    }
  }
}

// Every output (facts, the JSON analysis, SARIF, HTML and text) is byte for
// byte the same for -j1 and -j2, on a repeated run, from three shards merged,
// and when strata runs from another working directory.
TEST_P(ExamplesTest, OutputsAreDeterministic) {
  // The outputs made from one facts file, by name, written under \p Tag.
  auto Outputs = [&](const std::string &Facts, const std::string &Tag,
                     const std::string &Cwd) {
    std::map<std::string, std::string> Out;
    Out["facts"] = readFile(Facts);
    for (const char *Format : {"json", "text"}) {
      std::string P = Dir.path(Tag + ".analysis." + Format);
      RunResult R = runStrata(
          {"analyze", "--facts", Facts, "--format", Format, "-o", P, "--quiet"},
          Cwd);
      EXPECT_EQ(R.Exit, 0) << R.Err;
      Out[std::string("analyze-") + Format] = readFile(P);
    }
    std::string Html = Dir.path(Tag + ".html");
    EXPECT_EQ(
        runStrata({"report", "--facts", Facts, "-o", Html, "--quiet"}, Cwd)
            .Exit,
        0);
    Out["html"] = readFile(Html);
    // The example's .strata.yaml has rules; the tangled one breaks them.
    std::string Sarif = Dir.path(Tag + ".sarif");
    RunResult C = runStrata({"check", "--facts", Facts, "--config",
                             Source + "/.strata.yaml", "--format", "sarif",
                             "-o", Sarif, "--quiet"},
                            Cwd);
    EXPECT_NE(C.Exit, 2) << C.Err;
    Out["sarif"] = readFile(Sarif);
    for (const auto &[Name, Bytes] : Out)
      EXPECT_FALSE(Bytes.empty()) << Tag << ": " << Name;
    return Out;
  };

  ASSERT_EQ(extract(Dir.path("j1.json"), "1").Exit, 0);
  ASSERT_EQ(extract(Dir.path("j2.json"), "2").Exit, 0);
  ASSERT_EQ(extract(Dir.path("again.json"), "2", "/").Exit, 0);
  std::vector<std::string> Merge = {"merge", "-o", Dir.path("merged.json")};
  for (int K = 1; K <= 3; ++K) {
    std::string Part = Dir.path("part" + std::to_string(K) + ".json");
    ASSERT_EQ(runStrata({"extract", "-p", Dir.path("build"), "--project-root",
                         Source, "--shard", std::to_string(K) + "/3", "-o",
                         Part, "--quiet", "--no-cache"})
                  .Exit,
              0);
    Merge.push_back(Part);
  }
  ASSERT_EQ(runStrata(Merge).Exit, 0);

  auto Expected = Outputs(Dir.path("j1.json"), "j1", "");
  EXPECT_EQ(Expected, Outputs(Dir.path("j2.json"), "j2", ""));
  EXPECT_EQ(Expected, Outputs(Dir.path("again.json"), "again", "/"));
  EXPECT_EQ(Expected, Outputs(Dir.path("merged.json"), "merged", Dir.Path));
}

// The tangled example has component cycles, each explained down to source
// lines; the layered one has none at component or module level.
TEST_P(ExamplesTest, AnalyzeFindsCyclesOnlyInTheTangledExample) {
  std::string Out = Dir.path("analysis.json");
  RunResult R = runStrata({"analyze", "-p", Dir.path("build"), "--project-root",
                           Source, "--format", "json", "-o", Out, "--quiet"});
  ASSERT_EQ(R.Exit, 0) << R.Err;
  nlohmann::json A = nlohmann::json::parse(readFile(Out));
  EXPECT_EQ(A["format"], "strata-analysis");
  const nlohmann::json &Components = A["levels"]["component"];
  const nlohmann::json &Modules = A["levels"]["module"];
  if (GetParam() == "layered") {
    EXPECT_TRUE(Components["cycles"].empty());
    EXPECT_TRUE(Modules["cycles"].empty());
    EXPECT_EQ(Components["summary"]["system_type"], "hierarchical");
    return;
  }
  ASSERT_GE(Components["cycles"].size(), 1u);
  for (const nlohmann::json &Cycle : Components["cycles"]) {
    EXPECT_GE(Cycle["nodes"].size(), 2u);
    ASSERT_GE(Cycle["cut"].size(), 1u);
    for (const nlohmann::json &Edge : Cycle["cut"]) {
      ASSERT_GE(Edge["evidence"].size(), 1u);
      for (const nlohmann::json &Ev : Edge["evidence"]) {
        EXPECT_GT(Ev["line"].get<unsigned>(), 0u);
        // Evidence points into the example's own files.
        EXPECT_TRUE(
            llvm::sys::fs::exists(Source + "/" + Ev["file"].get<std::string>()))
            << Ev.dump();
      }
    }
  }
  EXPECT_GE(Modules["cycles"].size(), 1u);
}

// Skipping bodies (of system headers, and of project headers another TU
// already parsed) and sharing precompiled headers of leading system includes
// leave the facts byte for byte as a full parse gives them.
TEST_P(ExamplesTest, SkippingBodiesKeepsTheFacts) {
  std::string Skip = Dir.path("skip.json"), Full = Dir.path("full.json"),
              NoPch = Dir.path("nopch.json");
  ASSERT_EQ(extract(Skip, "2").Exit, 0);
  RunResult R =
      runStrata({"extract", "-p", Dir.path("build"), "--project-root", Source,
                 "-o", Full, "--quiet", "--no-skip-bodies", "--no-pch"});
  ASSERT_EQ(R.Exit, 0) << R.Err;
  EXPECT_EQ(readFile(Skip), readFile(Full));
  R = runStrata({"extract", "-p", Dir.path("build"), "--project-root", Source,
                 "-o", NoPch, "--quiet", "--no-pch"});
  ASSERT_EQ(R.Exit, 0) << R.Err;
  EXPECT_EQ(readFile(Skip), readFile(NoPch));
}

// A file depends only on what it can see: the target of every compile-time
// use is the using file itself or a file its include facts reach.
TEST_P(ExamplesTest, EveryUseLiesInItsFilesIncludeClosure) {
  std::string Out = Dir.path("facts.json");
  ASSERT_EQ(extract(Out, "2").Exit, 0);
  auto Facts = facts::readFactsFile(Out);
  ASSERT_TRUE(bool(Facts)) << llvm::toString(Facts.takeError());
  std::map<std::string, std::set<std::string>> Edges;
  for (const facts::IncludeFact &I : Facts->Includes)
    if (!I.External && !I.Target.empty())
      Edges[I.File.str()].insert(I.Target.str());
  std::map<std::string, std::set<std::string>> Closure;
  auto ClosureOf =
      [&](const std::string &File) -> const std::set<std::string> & {
    auto [It, Inserted] = Closure.try_emplace(File);
    if (Inserted) {
      std::vector<std::string> Todo = {File};
      It->second.insert(File);
      while (!Todo.empty()) {
        std::string Cur = Todo.back();
        Todo.pop_back();
        for (const std::string &Next : Edges[Cur])
          if (It->second.insert(Next).second)
            Todo.push_back(Next);
      }
    }
    return It->second;
  };
  size_t Checked = 0;
  for (const facts::UseFact &U : Facts->Uses) {
    if (U.External)
      continue;
    ++Checked;
    EXPECT_TRUE(ClosureOf(U.File.str()).count(U.TargetFile.str()))
        << U.File << ":" << U.Line << " uses " << U.Target << " of "
        << U.TargetFile;
  }
  EXPECT_GT(Checked, 100u);
}

// Include mode sees exactly the includes the full parse sees.
TEST_P(ExamplesTest, IncludeModeHasTheFullModesIncludes) {
  std::string Full = Dir.path("full.json"), Inc = Dir.path("includes.json");
  ASSERT_EQ(extract(Full, "2").Exit, 0);
  RunResult R = runStrata({"extract", "-p", Dir.path("build"), "--project-root",
                           Source, "-o", Inc, "--quiet", "--mode", "includes"});
  ASSERT_EQ(R.Exit, 0) << R.Err;
  auto A = facts::readFactsFile(Full), B = facts::readFactsFile(Inc);
  ASSERT_TRUE(A && B);
  ASSERT_FALSE(A->Includes.empty());
  EXPECT_EQ(A->Includes.size(), B->Includes.size());
  for (size_t I = 0; I < A->Includes.size() && I < B->Includes.size(); ++I)
    EXPECT_EQ(A->Includes[I].tuple(), B->Includes[I].tuple());
  EXPECT_TRUE(B->Uses.empty());
  EXPECT_TRUE(B->Entities.empty());
}

// Three shards, merged, are byte for byte one single run.
TEST_P(ExamplesTest, ShardsMergeIntoASingleRun) {
  std::string Single = Dir.path("single.json");
  ASSERT_EQ(extract(Single, "2").Exit, 0);
  std::vector<std::string> Merge = {"merge", "-o", Dir.path("merged.json")};
  for (int K = 1; K <= 3; ++K) {
    std::string Part = Dir.path("shard" + std::to_string(K) + ".json");
    RunResult R =
        runStrata({"extract", "-p", Dir.path("build"), "--project-root", Source,
                   "--shard", std::to_string(K) + "/3", "-o", Part, "--quiet"});
    ASSERT_EQ(R.Exit, 0) << R.Err;
    Merge.push_back(Part);
  }
  RunResult M = runStrata(Merge);
  ASSERT_EQ(M.Exit, 0) << M.Err;
  EXPECT_EQ(readFile(Dir.path("merged.json")), readFile(Single));
  // analyze reads several facts files and merges them itself.
  RunResult Direct = runStrata({"analyze", "--facts", Merge[3], "--facts",
                                Merge[4], "--facts", Merge[5]});
  RunResult FromSingle = runStrata({"analyze", "--facts", Single});
  EXPECT_EQ(Direct.Exit, 0);
  EXPECT_EQ(Direct.Out, FromSingle.Out);

  // The same with stores: each shard a store, merged by the database, then
  // exported; and the stores read directly.
  std::vector<std::string> Stores = {"merge", "-o", Dir.path("merged.db")};
  for (int K = 1; K <= 3; ++K) {
    std::string Part = Dir.path("shard" + std::to_string(K) + ".db");
    RunResult R =
        runStrata({"extract", "-p", Dir.path("build"), "--project-root", Source,
                   "--shard", std::to_string(K) + "/3", "-o", Part, "--quiet"});
    ASSERT_EQ(R.Exit, 0) << R.Err;
    Stores.push_back(Part);
  }
  ASSERT_EQ(runStrata(Stores).Exit, 0);
  ASSERT_EQ(runStrata({"merge", Dir.path("merged.db"), "-o",
                       Dir.path("exported.json")})
                .Exit,
            0);
  EXPECT_EQ(readFile(Dir.path("exported.json")), readFile(Single));
  RunResult FromStores = runStrata({"analyze", "--facts", Stores[3], "--facts",
                                    Stores[4], "--facts", Stores[5]});
  EXPECT_EQ(FromStores.Exit, 0) << FromStores.Err;
  EXPECT_EQ(FromStores.Out, FromSingle.Out);
}

INSTANTIATE_TEST_SUITE_P(Bundled, ExamplesTest,
                         ::testing::Values("tangled", "layered"));

} // namespace

namespace {

class WhyTest : public ExamplesTest {};

// app/main.cpp reaches base/error.h through the layers; nothing below
// depends on the application.
TEST_P(WhyTest, FindsAPathWithEvidenceAndSaysWhenThereIsNone) {
  std::string Facts = Dir.path("facts.json");
  ASSERT_EQ(extract(Facts, "2").Exit, 0);
  RunResult Path =
      runStrata({"why", "--facts", Facts, "app/main.cpp", "base/error.h"});
  EXPECT_EQ(Path.Exit, 0) << Path.Err;
  EXPECT_THAT(Path.Out, ::testing::HasSubstr("app/main depends on base/error"));
  // Every hop shows a source line: "file:line:col: kind entity".
  EXPECT_THAT(Path.Out, ::testing::ContainsRegex("\\.(h|cpp):[0-9]+:[0-9]+: "));
  RunResult None =
      runStrata({"why", "--facts", Facts, "base/error.h", "app/main.cpp"});
  EXPECT_EQ(None.Exit, 1);
  EXPECT_EQ(None.Out,
            "base/error does not depend on app/main at component level\n");
  RunResult Unknown =
      runStrata({"why", "--facts", Facts, "nowhere", "base/error.h"});
  EXPECT_EQ(Unknown.Exit, 2);
  EXPECT_EQ(Unknown.Err, "strata: error: why: no component named 'nowhere' "
                         "(nor a project file in one)\n");
}

INSTANTIATE_TEST_SUITE_P(Bundled, WhyTest, ::testing::Values("layered"));

} // namespace
